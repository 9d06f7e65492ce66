// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Shipping over SSH with OpenSSH's sftp in batch mode: key-based, the
 * collector's host key checked against SHIP_KNOWN_HOSTS alone (an unknown
 * or changed key is refused, never learnt), no ssh_config read, a dead
 * connection noticed within a minute.  The vmcore goes to vmcore.part,
 * which "reput" resumes from what the collector already has, and gets its
 * name only once whole; its size is then read back before the dump's
 * signature entry is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job.h"
#include "reply.h"
#include "state.h"

#define BATCH_MAX	8192
#define OUTPUT_MAX	(256 * 1024)

struct sftp_run {
	char	out[OUTPUT_MAX];	/* stdout: the echoed commands and ls listings */
	char	errs[16384];		/* stderr */
};

/* Lines of sftp's stderr that name a cause, and how the journal says it. */
static const struct {
	const char *needle, *cause;
} causes[] = {
	{ "REMOTE HOST IDENTIFICATION HAS CHANGED",
	  "the collector's host key is not the one in SHIP_KNOWN_HOSTS: refused (replace it there only if the change is known to be legitimate)" },
	{ "host key is known for",
	  "the collector's host key is not in SHIP_KNOWN_HOSTS: refused" },
	{ "Host key verification failed",
	  "the collector's host key could not be verified against SHIP_KNOWN_HOSTS: refused" },
	{ "are too open", "SHIP_SSH_KEY can be read by others, so ssh ignores it (chmod 600 it)" },
	{ "Permission denied", "the collector refused SHIP_SSH_KEY" },
	{ "Connection refused", "the collector refused the connection (no SSH server there?)" },
	{ "Connection timed out", "the collector did not answer" },
	{ "No route to host", "no route to the collector" },
	{ "Network is unreachable", "the network is unreachable" },
	{ "Could not resolve hostname", "the collector's name does not resolve" },
	{ "Timeout, server not responding", "the connection to the collector died" },
	{ "Connection closed", "the connection to the collector was lost" },
	{ "Connection reset", "the connection to the collector was lost" },
	{ "Broken pipe", "the connection to the collector was lost" },
	{ "No space left", "the collector's disk is full" },
	{ "Quota exceeded", "the collector's quota is exceeded" },
	/* SFTP version 3 has no "disk full" status: a failed write says "Failure". */
	{ "write remote \"", "the collector failed a write (its disk full, or a quota?)" },
	{ "Couldn't write to remote file", "the collector failed a write (its disk full, or a quota?)" },
	{ "Permission denied", "the collector refused a file operation" },
};

static void last_line(const char *text, char *buf, size_t len)
{
	const char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (start = end; start > text && start[-1] != '\n'; start--)
		;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
}

static int explain(struct ship_job *j, const struct sftp_run *r, int status)
{
	char line[512];

	last_line(r->errs, line, sizeof(line));
	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strstr(r->errs, causes[i].needle))
			return ship_fail(j, "%s (sftp: %s)", causes[i].cause, line);
	if (WIFSIGNALED(status))
		return ship_fail(j, "sftp was killed by signal %d", WTERMSIG(status));
	return ship_fail(j, "sftp failed (exit %d): %s", WEXITSTATUS(status),
			 line[0] ? line : "no message");
}

static int slurp(int fd, char *buf, size_t len)
{
	ssize_t n;
	size_t got = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while (got + 1 < len && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	return 0;
}

static int check_readable(struct ship_job *j, const char *what, const char *path)
{
	if (access(path, R_OK))
		return ship_fail(j, "%s %s: %s%s", what, path, strerror(errno),
				 !strcmp(what, "SHIP_KNOWN_HOSTS") ?
				 " (add the collector's host key there, checked by hand)" : "");
	return 0;
}

/* Run one sftp session with batch as its commands; 0 when every command worked. */
static int run_sftp(struct ship_job *j, const char *batch, struct sftp_run *r)
{
	char kh[1100], key[1100], port[16], rate[32], user[80], dest[300];
	const struct ship_target *t = j->t;
	const char *argv[40];
	int in, out, err, status, n = 0;
	pid_t pid;

	if (check_readable(j, "SHIP_SSH_KEY", j->cfg->ssh_key) ||
	    check_readable(j, "SHIP_KNOWN_HOSTS", j->cfg->known_hosts))
		return -1;
	snprintf(kh, sizeof(kh), "UserKnownHostsFile=%s", j->cfg->known_hosts);
	snprintf(key, sizeof(key), "IdentityFile=%s", j->cfg->ssh_key);
	snprintf(dest, sizeof(dest), strchr(t->host, ':') ? "[%s]" : "%s", t->host);
	argv[n++] = "sftp";
	argv[n++] = "-b";
	argv[n++] = "-";
	/* No ssh_config: nothing but this file decides how to connect. */
	argv[n++] = "-F";
	argv[n++] = "none";
	argv[n++] = "-o";
	argv[n++] = "BatchMode=yes";
	argv[n++] = "-o";
	argv[n++] = "StrictHostKeyChecking=yes";
	argv[n++] = "-o";
	argv[n++] = kh;
	argv[n++] = "-o";
	argv[n++] = "GlobalKnownHostsFile=/dev/null";
	argv[n++] = "-o";
	argv[n++] = "UpdateHostKeys=no";
	argv[n++] = "-o";
	argv[n++] = key;
	argv[n++] = "-o";
	argv[n++] = "IdentitiesOnly=yes";
	argv[n++] = "-o";
	argv[n++] = "ConnectTimeout=30";
	argv[n++] = "-o";
	argv[n++] = "ServerAliveInterval=15";
	argv[n++] = "-o";
	argv[n++] = "ServerAliveCountMax=4";
	argv[n++] = "-o";
	argv[n++] = "LogLevel=ERROR";
	if (t->user[0]) {
		snprintf(user, sizeof(user), "User=%s", t->user);
		argv[n++] = "-o";
		argv[n++] = user;
	}
	if (t->port) {
		snprintf(port, sizeof(port), "%u", t->port);
		argv[n++] = "-P";
		argv[n++] = port;
	}
	if (j->cfg->rate_kib) {
		/* sftp's limit is in Kbit/s. */
		snprintf(rate, sizeof(rate), "%llu", (unsigned long long)j->cfg->rate_kib * 8);
		argv[n++] = "-l";
		argv[n++] = rate;
	}
	argv[n++] = "--";
	argv[n++] = dest;
	argv[n] = NULL;

	in = memfd_create("sftp-batch", MFD_CLOEXEC);
	out = memfd_create("sftp-out", MFD_CLOEXEC);
	err = memfd_create("sftp-err", MFD_CLOEXEC);
	if (in < 0 || out < 0 || err < 0 ||
	    write(in, batch, strlen(batch)) != (ssize_t)strlen(batch) || lseek(in, 0, SEEK_SET)) {
		ship_fail(j, "cannot prepare sftp's batch: %s", strerror(errno));
		goto close_fds;
	}
	pid = fork();
	if (pid < 0) {
		ship_fail(j, "cannot start sftp: %s", strerror(errno));
		goto close_fds;
	}
	if (!pid) {
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(127);
		execvp("sftp", (char *const *)argv);
		dprintf(2, "cannot run sftp: %s\n", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			ship_fail(j, "waiting for sftp: %s", strerror(errno));
			goto close_fds;
		}
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->errs, sizeof(r->errs));
	close(in);
	close(out);
	close(err);
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	return explain(j, r, status);
close_fds:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return -1;
}

static int add(struct ship_job *j, char *batch, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int add(struct ship_job *j, char *batch, const char *fmt, ...)
{
	size_t len = strlen(batch);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(batch + len, BATCH_MAX - len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= BATCH_MAX - len)
		return ship_fail(j, "sftp batch too long");
	return 0;
}

static int sftp_survey(struct ship_job *j, struct ship_state *st, struct ship_survey *sv)
{
	static struct sftp_run r;
	char batch[BATCH_MAX] = "", cmd[1200], marker[600];
	const char *b = j->t->base;

	(void)st;
	memset(sv, 0, sizeof(*sv));
	/* "-": an existing directory is no error; a missing one shows at put. */
	if (add(j, batch, "-mkdir %s\n-mkdir %s/%s\n-mkdir %s/%s/%s\n", b, b, j->host, b,
		j->host, j->dump))
		return -1;
	if (j->sig[0] && add(j, batch, "-mkdir %s/signatures\n-mkdir %s/signatures/%s\n"
			     "-ls -1 %s/signatures/%s\n", b, b, j->sig, b, j->sig))
		return -1;
	if (add(j, batch, "-ls -ln %s/%s/%s/%s.part\n", b, j->host, j->dump, j->core) ||
	    run_sftp(j, batch, &r))
		return -1;
	snprintf(cmd, sizeof(cmd), "-ls -ln %s/%s/%s/%s.part", b, j->host, j->dump, j->core);
	sv->partial = sftp_listed_size(r.out, cmd);
	if (sv->partial < 0)
		sv->partial = 0;
	if (j->sig[0]) {
		ship_marker_name(j, marker, sizeof(marker));
		snprintf(cmd, sizeof(cmd), "-ls -1 %s/signatures/%s", b, j->sig);
		sftp_count_entries(r.out, cmd, marker, sv);
	}
	return 0;
}

static int sftp_put_files(struct ship_job *j, const char *const *names, unsigned int n)
{
	static struct sftp_run r;
	char batch[BATCH_MAX] = "";
	const char *b = j->t->base;

	for (unsigned int i = 0; i < n; i++)
		if (add(j, batch, "put \"%s/%s\" %s/%s/%s/%s.part\n-rm %s/%s/%s/%s\n"
			"rename %s/%s/%s/%s.part %s/%s/%s/%s\n", j->local, names[i],
			b, j->host, j->dump, names[i], b, j->host, j->dump, names[i],
			b, j->host, j->dump, names[i], b, j->host, j->dump, names[i]))
			return -1;
	return run_sftp(j, batch, &r);
}

static int sftp_put_vmcore(struct ship_job *j, struct ship_state *st,
			   const struct ship_survey *sv, long long size)
{
	static struct sftp_run r;
	char batch[BATCH_MAX] = "", dir[1100], cmd[1300];
	long long got;

	(void)st;
	snprintf(dir, sizeof(dir), "%s/%s/%s", j->t->base, j->host, j->dump);
	if (sv->partial > 0 && sv->partial < size) {
		ship_note(j, "resuming the vmcore at byte %lld of %lld", sv->partial, size);
		if (add(j, batch, "reput \"%s/%s\" %s/%s.part\n", j->local, j->core, dir, j->core))
			return -1;
	} else if (sv->partial != size) {
		if (add(j, batch, "put \"%s/%s\" %s/%s.part\n", j->local, j->core, dir, j->core))
			return -1;
	}
	/* A size equal to ours is a transfer cut after its last byte: only the rename is left. */
	if (add(j, batch, "-rm %s/%s\nrename %s/%s.part %s/%s\nls -ln %s/%s\n", dir, j->core,
		dir, j->core, dir, j->core, dir, j->core) || run_sftp(j, batch, &r))
		return -1;
	snprintf(cmd, sizeof(cmd), "ls -ln %s/%s", dir, j->core);
	got = sftp_listed_size(r.out, cmd);
	if (got != size)
		return ship_fail(j, "the collector holds %lld bytes of the %s, not %lld", got, j->core,
				 size);
	return 0;
}

static int sftp_mark(struct ship_job *j)
{
	static struct sftp_run r;
	char batch[BATCH_MAX] = "", marker[600];
	const char *b = j->t->base;

	ship_marker_name(j, marker, sizeof(marker));
	if (add(j, batch, "put \"%s/triage.json\" %s/signatures/%s/%s.part\n"
		"rename %s/signatures/%s/%s.part %s/signatures/%s/%s\n", j->local, b, j->sig,
		marker, b, j->sig, marker, b, j->sig, marker))
		return -1;
	return run_sftp(j, batch, &r);
}

const struct ship_transport ship_sftp = {
	.name = "sftp",
	.survey = sftp_survey,
	.put_files = sftp_put_files,
	.put_vmcore = sftp_put_vmcore,
	.mark = sftp_mark,
};
