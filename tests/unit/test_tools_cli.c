// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What every command answers before it touches anything: --help and -h
 * (the usage, exit 0), --version (the VERSION file's version, exit 0),
 * and an unknown long option (the usage on stderr, a failing exit).
 * The binaries are found relative to this test (tests/unit/ -> utils/,
 * savecore/), as test_utils_fmt finds diskdumpfmt.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_check.h"

static char top[PATH_MAX];
static char output[8192];

/* The tree's top: where VERSION is, above this test (or the cwd). */
static int find_top(void)
{
	static const char *const ups[] = { "/../..", "/../../.." };
	char self[PATH_MAX / 4], probe[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
			snprintf(top, sizeof(top), "%s%s", self, ups[i]);
			snprintf(probe, sizeof(probe), "%s/VERSION", top);
			if (!access(probe, R_OK))
				return 0;
		}
	}
	snprintf(top, sizeof(top), "../..");
	return access("../../VERSION", R_OK);
}

static int run(const char *bin, const char *args)
{
	char cmd[2 * PATH_MAX];
	size_t used = 0;
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "'%s/%s' %s 2>&1", top, bin, args);
	p = popen(cmd, "r");
	if (!p)
		return 127;
	output[0] = '\0';
	while (used + 1 < sizeof(output) && fgets(output + used, (int)(sizeof(output) - used), p))
		used = strlen(output);
	while (fgetc(p) != EOF)
		;
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(void)
{
	static const char *const tools[] = {
		"utils/diskdumpfmt", "utils/diskdumpctl", "savecore/savecore",
	};
	char version[64] = "", want[128], name[96], path[PATH_MAX + 16];
	FILE *f;
	int rc;

	if (!check("cli-tree-found", !find_top(), "VERSION not found above the test"))
		return test_exit_status();
	snprintf(path, sizeof(path), "%s/VERSION", top);
	f = fopen(path, "r");
	if (!f || !fgets(version, sizeof(version), f))
		version[0] = '\0';
	if (f)
		fclose(f);
	version[strcspn(version, "\n")] = '\0';
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		const char *base = strrchr(tools[i], '/') + 1;

		snprintf(want, sizeof(want), "%s (diskdump) %s\n", base, version);
		rc = run(tools[i], "--version");
		snprintf(name, sizeof(name), "cli-%s-version", base);
		check(name, rc == 0 && !strcmp(output, want), "rc %d, printed \"%s\", want \"%s\"",
		      rc, output, want);
		rc = run(tools[i], "--help");
		snprintf(name, sizeof(name), "cli-%s-long-help", base);
		check(name, rc == 0 && strcasestr(output, "usage:") && strstr(output, "--version"),
		      "rc %d: %.80s", rc, output);
		rc = run(tools[i], "-h");
		snprintf(name, sizeof(name), "cli-%s-short-help", base);
		check(name, rc == 0 && strcasestr(output, "usage:"), "rc %d: %.80s", rc, output);
		rc = run(tools[i], "--no-such-option");
		snprintf(name, sizeof(name), "cli-%s-unknown-option", base);
		check(name, rc != 0 && strcasestr(output, "usage:"), "rc %d: %.80s", rc, output);
	}
	return test_exit_status();
}
