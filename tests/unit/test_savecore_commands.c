// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * POST_SAVE_CMD, FAIL_CMD and CMD_TIMEOUT, through the real savecore and
 * /bin/sh: the post-save command gets the dump's directory, the status and
 * the device (as $1..$3 and in the environment) after a save, and only
 * then; the failure command after a failed save; a command that hangs is
 * killed after CMD_TIMEOUT with all it started, and savecore's result is
 * its own whatever the commands do.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "test_check.h"
#include "test_run_cmd.h"
#include "test_savecore_image.h"

static char top[PATH_MAX];
static char workdir[] = "/tmp/test_savecore_commands.XXXXXX";
static char image[PATH_MAX], conf[PATH_MAX], logfile[PATH_MAX];

static void remove_workdir(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", workdir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", workdir);
}

static void build(void)
{
	static struct img im;
	struct img_opts o;

	img_default_opts(&o);
	if (img_build(&im, image, &o) < 0) {
		perror(image);
		exit(2);
	}
}

static void write_conf(const char *extra)
{
	FILE *f = fopen(conf, "w");

	if (!f || fprintf(f,
			  "DUMPDIR=%s/crash\n"
			  "POST_SAVE_CMD='echo \"post [$1] [$2] [$3] $DISKDUMP_STATUS\" >>%s'\n"
			  "FAIL_CMD='echo \"fail [$1] [$2] [$3] $DISKDUMP_DEVICE\" >>%s; exit 3'\n%s",
			  workdir, logfile, logfile, extra) < 0 || fclose(f)) {
		perror(conf);
		exit(2);
	}
}

static const char *log_text(void)
{
	static char text[8192];
	FILE *f = fopen(logfile, "r");
	size_t n = 0;

	text[0] = '\0';
	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	unlink(logfile);
	return text;
}

int main(void)
{
	char want[2 * PATH_MAX];
	const char *log;
	time_t t0;
	int rc;

	if (!check("commands-tree-found", !test_find_top(top, sizeof(top)),
		   "VERSION not found above the test"))
		return test_exit_status();
	if (!mkdtemp(workdir))
		return 2;
	atexit(remove_workdir);
	snprintf(image, sizeof(image), "%s/dump.img", workdir);
	snprintf(conf, sizeof(conf), "%s/diskdump.conf", workdir);
	snprintf(logfile, sizeof(logfile), "%s/commands.log", workdir);

	build();
	write_conf("");
	rc = test_run("'%s/savecore/savecore' -c '%s' '%s'", top, conf, image);
	log = log_text();
	snprintf(want, sizeof(want), "post [%s/crash/", workdir);
	check("post-save-runs-with-dir", rc == 0 && strstr(log, want) &&
	      strstr(log, "] [saved] [") && strstr(log, image) && strstr(log, " saved\n") &&
	      !strstr(log, "fail"), "exit %d, log: %s; savecore: %s", rc, log, test_output);

	rc = test_run("'%s/savecore/savecore' -c '%s' '%s'", top, conf, image);
	log = log_text();
	check("nothing-saved-no-command", rc == 0 && !log[0], "exit %d, log: %s", rc, log);

	/* No room: MINFREE larger than any file system here. */
	build();
	write_conf("MINFREE=1099511627776\n");
	rc = test_run("'%s/savecore/savecore' -c '%s' '%s'", top, conf, image);
	log = log_text();
	check("fail-cmd-on-error", rc == 1 && strstr(log, "fail [] [error] [") &&
	      strstr(log, image) && !strstr(log, "post") &&
	      strstr(test_output, "FAIL_CMD exited with status 3"),
	      "exit %d, log: %s; savecore: %s", rc, log, test_output);

	/* A command that hangs, and a child it left behind, are killed. */
	build();
	snprintf(want, sizeof(want),
		 "POST_SAVE_CMD='sleep 300 & echo $! >%s/child; sleep 300'\nCMD_TIMEOUT=2\n",
		 workdir);
	write_conf(want);
	t0 = time(NULL);
	rc = test_run("'%s/savecore/savecore' -c '%s' '%s'", top, conf, image);
	check("hung-command-killed", rc == 0 && time(NULL) - t0 < 30 &&
	      strstr(test_output, "did not finish in 2 s"), "exit %d after %lld s: %s", rc,
	      (long long)(time(NULL) - t0), test_output);
	/* Gone, or a zombie nobody has reaped yet (init may be slow to). */
	rc = test_run("sleep 0.2; p=$(cat '%s/child'); kill -0 $p 2>/dev/null && "
		      "! grep -q '^State:.*Z' /proc/$p/status", workdir);
	check("hung-command-children-killed", rc != 0, "the command's child still runs");

	rc = test_run("printf 'CMD_TIMEOUT=0\\n' >'%s' && '%s/utils/diskdumpctl' -p -c '%s'",
		      conf, top, conf);
	check("cmd-timeout-checked", rc != 0 && strstr(test_output, "CMD_TIMEOUT must be"),
	      "exit %d: %s", rc, test_output);
	return test_exit_status();
}
