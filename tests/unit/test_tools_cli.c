// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What every command answers before it touches anything: --help and -h
 * (the usage, exit 0), --version (the VERSION file's version, exit 0),
 * and an unknown long option (the usage on stderr, a failing exit).
 * The binaries are found relative to this test (tests/unit/ -> utils/,
 * savecore/), as test_utils_fmt finds diskdumpfmt.
 */
#include <stdio.h>
#include <string.h>

#include "test_check.h"
#include "test_run_cmd.h"

static char top[PATH_MAX];

static int run(const char *bin, const char *args)
{
	return test_run("'%s/%s' %s", top, bin, args);
}

int main(void)
{
	static const char *const tools[] = {
		"utils/diskdumpfmt", "utils/diskdumpctl", "savecore/savecore",
	};
	char version[64] = "", want[128], name[96], path[PATH_MAX + 16];
	FILE *f;
	int rc;

	if (!check("cli-tree-found", !test_find_top(top, sizeof(top)), "VERSION not found above the test"))
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
		check(name, rc == 0 && !strcmp(test_output, want), "rc %d, printed \"%s\", want \"%s\"",
		      rc, test_output, want);
		rc = run(tools[i], "--help");
		snprintf(name, sizeof(name), "cli-%s-long-help", base);
		check(name, rc == 0 && strcasestr(test_output, "usage:") && strstr(test_output, "--version"),
		      "rc %d: %.80s", rc, test_output);
		rc = run(tools[i], "-h");
		snprintf(name, sizeof(name), "cli-%s-short-help", base);
		check(name, rc == 0 && strcasestr(test_output, "usage:"), "rc %d: %.80s", rc, test_output);
		rc = run(tools[i], "--no-such-option");
		snprintf(name, sizeof(name), "cli-%s-unknown-option", base);
		check(name, rc != 0 && strcasestr(test_output, "usage:"), "rc %d: %.80s", rc, test_output);
	}
	return test_exit_status();
}
