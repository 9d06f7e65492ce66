// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "admin_cmd.h"
#include "ddmsg.h"

/* The child: its own process group (so a timeout kills all of it), stdin closed. */
static void exec_command(const char *cmd, const char *dir, const char *status,
			 const char *device)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	setpgid(0, 0);
	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	setenv("DISKDUMP_DIR", dir, 1);
	setenv("DISKDUMP_STATUS", status, 1);
	setenv("DISKDUMP_DEVICE", device, 1);
	execl("/bin/sh", "sh", "-c", cmd, "diskdump", dir, status, device, (char *)NULL);
	_exit(127);
}

/* Wait for pid up to timeout_s; -1 when it ran out, else the wait status. */
static int wait_bounded(pid_t pid, unsigned int timeout_s)
{
	struct timespec start, now, nap = { 0, 50 * 1000 * 1000 };
	int status;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= (time_t)timeout_s)
			return -1;
		nanosleep(&nap, NULL);
	}
}

void admin_cmd_run(const char *what, const char *cmd, unsigned int timeout_s,
		   const char *dir, const char *status, const char *device)
{
	pid_t pid;
	int ws;

	if (!cmd || !cmd[0])
		return;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		dd_warn("%s: cannot start it: %s", what, strerror(errno));
		return;
	}
	if (pid == 0)
		exec_command(cmd, dir, status, device);
	setpgid(pid, pid);	/* also here: no race with the kill below */
	ws = wait_bounded(pid, timeout_s);
	if (ws == -1) {
		kill(-pid, SIGKILL);
		waitpid(pid, NULL, 0);
		dd_warn("%s did not finish in %u s (CMD_TIMEOUT): killed", what, timeout_s);
	} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
		dd_warn("%s could not be run (exit 127: not found?)", what);
	} else if (WIFEXITED(ws) && WEXITSTATUS(ws)) {
		dd_warn("%s exited with status %d", what, WEXITSTATUS(ws));
	} else if (WIFSIGNALED(ws)) {
		dd_warn("%s was killed by signal %d", what, WTERMSIG(ws));
	} else {
		dd_info("%s done", what);
	}
}
