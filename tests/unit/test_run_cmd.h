/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * For the tests that run the real commands: a shell command line run with
 * its output (stdout and stderr together) kept, and the tree's top found
 * from where the test binary lies, so the commands built beside it are run.
 */
#ifndef TEST_RUN_CMD_H
#define TEST_RUN_CMD_H

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the last test_run() printed, cut at its size. */
static char test_output[8192];

/* Run a shell command line; returns its exit code (128: killed). */
static int test_run(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static int test_run(const char *fmt, ...)
{
	char cmd[3 * PATH_MAX];
	size_t used = 0;
	va_list ap;
	FILE *p;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	p = popen(cmd, "r");
	if (!p) {
		perror("popen");
		exit(2);
	}
	test_output[0] = '\0';
	while (used + 1 < sizeof(test_output) &&
	       fgets(test_output + used, (int)(sizeof(test_output) - used), p))
		used = strlen(test_output);
	while (fgetc(p) != EOF)
		;
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The tree's top (where VERSION is) above this test, or the cwd's ../..; -1 if neither. */
__attribute__((unused))
static int test_find_top(char *top, size_t len)
{
	static const char *const ups[] = { "/../..", "/../../.." };
	char self[PATH_MAX / 4], probe[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
			snprintf(top, len, "%s%s", self, ups[i]);
			snprintf(probe, sizeof(probe), "%s/VERSION", top);
			if (!access(probe, R_OK))
				return 0;
		}
	}
	snprintf(top, len, "../..");
	return access("../../VERSION", R_OK);
}

#endif /* TEST_RUN_CMD_H */
