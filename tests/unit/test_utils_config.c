// SPDX-License-Identifier: GPL-2.0 OR MIT
/* ddconfig: /etc/sysconfig/diskdump parsing, good files and bad ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddconfig.h"
#include "ddmsg.h"
#include "test_check.h"

static char config_path[] = "/tmp/test_utils_config.XXXXXX";
static struct dd_config cfg;
static char err[512];

static int load_text(const char *text)
{
	FILE *f = fopen(config_path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f)) {
		perror(config_path);
		exit(2);
	}
	return dd_config_load(config_path, &cfg, err, sizeof(err));
}

static void expect_ok(const char *name, const char *text)
{
	int rc = load_text(text);

	check(name, rc == 0, "rejected: %s", err);
}

/* A bad file must fail, and the message must name file:line and the cause. */
static void expect_error(const char *name, const char *text, unsigned line,
			 const char *words)
{
	char where[300];
	int rc = load_text(text);

	snprintf(where, sizeof(where), "%s:%u:", config_path, line);
	if (rc != -1) {
		check(name, 0, "accepted a malformed file");
		return;
	}
	check(name, strstr(err, where) && strstr(err, words),
		    "message \"%s\" lacks \"%s\" or \"%s\"", err, where, words);
}

static void test_crashinfo_and_ship(void)
{
	int rc = load_text("CRASHINFO_TIMEOUT=0\nSHIP_TO=\"sftp://crash@c.example.org/srv/crash\"\n"
			   "SHIP_SAMPLE=2\n");

	check("crashinfo and shipping settings", rc == 0 && cfg.crashinfo_timeout == 0 &&
	      !strcmp(cfg.ship.to, "sftp://crash@c.example.org/srv/crash") && cfg.ship.sample == 2,
	      "rc %d (%s) crashinfo %u to '%s' sample %u", rc, err, cfg.crashinfo_timeout,
	      cfg.ship.to, cfg.ship.sample);
	rc = load_text("DEVICE=/dev/a\n");
	check("crashinfo default", rc == 0 && cfg.crashinfo_timeout == DD_DEFAULT_CRASHINFO_TIMEOUT,
	      "rc %d %u", rc, cfg.crashinfo_timeout);
}

static void test_defaults(void)
{
	int rc = dd_config_load("/nonexistent/diskdump.conf", &cfg, err, sizeof(err));

	check("missing file gives defaults", rc == 0 && cfg.nr_devices == 0 && !strcmp(cfg.dumpdir, "/var/crash") &&
		    cfg.dump_level == -1 && cfg.compress[0] == '\0', "rc %d devices %d dumpdir %s level %d",
		    rc, cfg.nr_devices, cfg.dumpdir, cfg.dump_level);
}

static void test_full_file(void)
{
	expect_ok("full file parses",
		  "# diskdump\n"
		  "\n"
		  "   # indented comment\n"
		  "DEVICE=\"/dev/sdb1  UUID=1234-abcd\tLABEL=dump\"   # trailing comment\n"
		  "DUMPDIR='/srv/crash dumps'\n"
		  "DUMP_LEVEL=31\n"
		  "export COMPRESS=lzo\r\n");
	check("DEVICE list split on blanks", cfg.nr_devices == 3 && !strcmp(cfg.devices[0], "/dev/sdb1") &&
		    !strcmp(cfg.devices[1], "UUID=1234-abcd") &&
		    !strcmp(cfg.devices[2], "LABEL=dump"), "%d devices: [%s] [%s] [%s]", cfg.nr_devices,
		    cfg.devices[0], cfg.devices[1], cfg.devices[2]);
	check("single-quoted value", !strcmp(cfg.dumpdir, "/srv/crash dumps"),
		    "dumpdir [%s]", cfg.dumpdir);
	check("DUMP_LEVEL", cfg.dump_level == 31, "dump_level %d", cfg.dump_level);
	check("export prefix and CRLF", !strcmp(cfg.compress, "lzo"), "compress [%s]",
		    cfg.compress);
}

static void test_shell_words(void)
{
	expect_ok("mixed quoting parses", "DEVICE=/dev/a\\ b\"/x\\\"y\"'z'\n");
	check("shell word rules", cfg.nr_devices == 2 && !strcmp(cfg.devices[0], "/dev/a") &&
		    !strcmp(cfg.devices[1], "b/x\"yz"), "%d devices: [%s] [%s]", cfg.nr_devices,
		    cfg.devices[0], cfg.devices[1]);
	expect_ok("later DEVICE replaces earlier", "DEVICE=/dev/a\nDEVICE=/dev/b\n");
	check("later DEVICE wins", cfg.nr_devices == 1 && !strcmp(cfg.devices[0], "/dev/b"), "%d devices, first [%s]", cfg.nr_devices, cfg.devices[0]);
	expect_ok("empty DEVICE", "DEVICE=\"\"\n");
	check("empty DEVICE means none", cfg.nr_devices == 0, "%d devices",
		    cfg.nr_devices);
	expect_ok("hash inside a word is literal", "DEVICE=PARTLABEL=a#b\n");
	check("a#b stays one word", cfg.nr_devices == 1 && !strcmp(cfg.devices[0], "PARTLABEL=a#b"), "[%s]", cfg.devices[0]);
}

static void test_malformed(void)
{
	expect_error("unknown key", "DEVICE=/dev/a\nDUMPLEVEL=3\n", 2, "unknown setting DUMPLEVEL");
	expect_error("crashinfo timeout not a number", "CRASHINFO_TIMEOUT=5m\n", 1,
		     "CRASHINFO_TIMEOUT must be seconds");
	expect_error("shipping setting checked", "DEVICE=/dev/a\nSHIP_TO=ftp://x/y\n", 2,
		     "SHIP_TO must be sftp://");
	expect_error("space around =", "\nDEVICE = /dev/a\n", 2, "no spaces");
	expect_error("no =", "DEVICE\n", 1, "KEY=value");
	expect_error("not a key", "1DEVICE=x\n", 1, "KEY=value");
	expect_error("unterminated double quote", "DEVICE=\"/dev/a\n", 1, "unterminated double");
	expect_error("unterminated single quote", "#\n#\nDUMPDIR='/x\n", 3, "unterminated single");
	expect_error("text after value", "DEVICE=/dev/a /dev/b\n", 1, "quote values");
	expect_error("variable expansion", "DUMPDIR=\"$HOME/crash\"\n", 1, "expansion");
	expect_error("command substitution", "DUMPDIR=`pwd`\n", 1, "expansion");
	expect_error("shell operator", "DEVICE=/dev/a;reboot\n", 1, "unexpected ';'");
	expect_error("dump level not a number", "DUMP_LEVEL=abc\n", 1, "0 to 31");
	expect_error("dump level out of range", "DUMP_LEVEL=32\n", 1, "0 to 31");
	expect_error("dump level empty", "DUMP_LEVEL=\n", 1, "0 to 31");
	expect_error("compress unknown", "COMPRESS=snappy\n", 1, "none, lzo or zstd");
	expect_error("relative dumpdir", "DUMPDIR=crash\n", 1, "absolute");
	expect_error("line continuation", "DEVICE=/dev/a\\\n", 1, "continuation");
	expect_error("too many devices",
		     "DEVICE=\"a b c d e f g h i j k l m n o p q\"\n", 1, "more than 16");
}

static void test_long_values(void)
{
	size_t long_line = 2 * DD_CONFIG_VALUE_MAX;
	char *text = malloc(long_line + 2);

	if (!text)
		exit(2);
	strcpy(text, "DUMPDIR=/");
	memset(text + 9, 'a', DD_CONFIG_VALUE_MAX);
	strcpy(text + 9 + DD_CONFIG_VALUE_MAX, "\n");
	expect_error("value too long", text, 1, "longer than");
	memset(text, 'x', long_line);
	text[0] = '#';
	strcpy(text + long_line, "\n");
	expect_error("line too long", text, 1, "too long");
	free(text);
}

static void test_new_keys(void)
{
	expect_ok("MINFREE and DUMP_TIMEOUT parse", "MINFREE=512\nDUMP_TIMEOUT=900\n");
	check("MINFREE and DUMP_TIMEOUT values", cfg.minfree_mib == 512 && cfg.dump_timeout == 900,
	      "minfree %llu timeout %ld", cfg.minfree_mib, cfg.dump_timeout);
	expect_ok("defaults of MINFREE and DUMP_TIMEOUT", "\n");
	check("MINFREE default 128, DUMP_TIMEOUT unset, PANIC_ON_OOPS yes",
	      cfg.minfree_mib == DD_DEFAULT_MINFREE_MIB && cfg.dump_timeout == -1 &&
	      cfg.panic_on_oops == 1,
	      "minfree %llu timeout %ld", cfg.minfree_mib, cfg.dump_timeout);
	expect_error("MINFREE negative", "MINFREE=-1\n", 1, "MiB");
	check("MAXDUMPS default 10", cfg.maxdumps == DD_DEFAULT_MAXDUMPS && cfg.maxdumps == 10,
	      "%u", cfg.maxdumps);
	expect_ok("MAXDUMPS=1 parses", "MAXDUMPS=1\n");
	check("MAXDUMPS=1", cfg.maxdumps == 1, "%u", cfg.maxdumps);
	expect_ok("MAXDUMPS=0 (keep all) parses", "MAXDUMPS=0\n");
	check("MAXDUMPS=0", cfg.maxdumps == 0, "%u", cfg.maxdumps);
	expect_error("MAXDUMPS negative", "MAXDUMPS=-2\n", 1, "number of dumps");
	expect_ok("PANIC_ON_OOPS=no parses", "PANIC_ON_OOPS=no\n");
	check("PANIC_ON_OOPS=no", cfg.panic_on_oops == 0, "%d", cfg.panic_on_oops);
	expect_error("PANIC_ON_OOPS bad", "PANIC_ON_OOPS=maybe\n", 1, "yes or no");
	expect_error("DUMP_TIMEOUT too long", "DUMP_TIMEOUT=100000\n", 1, "86400");
}

/*
 * savecore's loader: typos are warnings naming file and line, the rest of
 * the file still counts, and the bad settings keep their defaults.
 */
static void test_lenient(void)
{
	char *msgs = NULL;
	size_t len = 0;
	FILE *f = fopen(config_path, "w");
	FILE *m = open_memstream(&msgs, &len);
	int ignored;

	if (!f || !m || fputs("DUMPDIR=/srv/crash\nDUMP_LEVLE=31\nMINFREE=lots\n"
			      "COMPRESS=\"lzo\nDEVICE=/dev/sdb2\n", f) == EOF || fclose(f))
		exit(2);
	dd_msg_set_stream(m);
	ignored = dd_config_load_lenient(config_path, &cfg);
	dd_msg_set_stream(NULL);
	fclose(m);
	check("lenient: three bad lines ignored, the rest kept",
	      ignored == 3 && !strcmp(cfg.dumpdir, "/srv/crash") && cfg.nr_devices == 1 &&
	      cfg.minfree_mib == DD_DEFAULT_MINFREE_MIB && cfg.compress[0] == '\0',
	      "ignored %d, dumpdir %s, %d devices, minfree %llu", ignored, cfg.dumpdir,
	      cfg.nr_devices, cfg.minfree_mib);
	check("lenient: each warning names file and line",
	      msgs && strstr(msgs, ":2: unknown setting DUMP_LEVLE") && strstr(msgs, ":3: MINFREE") &&
	      strstr(msgs, ":4: unterminated double quote") && strstr(msgs, "line ignored"),
	      "%s", msgs ? msgs : "(none)");
	free(msgs);
	check("lenient: an unreadable file is defaults", dd_config_load_lenient("/", &cfg) == 0 &&
	      !strcmp(cfg.dumpdir, "/var/crash"), "dumpdir %s", cfg.dumpdir);
}

static void test_unreadable(void)
{
	int rc = dd_config_load("/", &cfg, err, sizeof(err));

	check("directory is an error", rc == -1 && strstr(err, "/"),
		    "rc %d err [%s]", rc, err);
}

int main(void)
{
	int fd = mkstemp(config_path);

	if (fd < 0) {
		perror("mkstemp");
		return 2;
	}
	close(fd);
	test_defaults();
	test_full_file();
	test_shell_words();
	test_malformed();
	test_long_values();
	test_new_keys();
	test_crashinfo_and_ship();
	test_lenient();
	test_unreadable();
	unlink(config_path);
	return test_exit_status();
}
