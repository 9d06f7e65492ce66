/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The configuration file, shell-style KEY="value" lines: DD_CONFIG_PATH,
 * chosen at build time (/etc/default/diskdump on Debian-family systems,
 * /etc/sysconfig/diskdump on Red Hat-family ones; see the Makefile).
 *   DEVICE="/dev/sdb1 UUID=... LABEL=..."   devices to arm, in dump order
 *   DUMPDIR="/var/crash"                    where savecore extracts
 *   DUMP_LEVEL=31                           makedumpfile bits (see diskdump(5))
 *   COMPRESS=none|lzo
 *   MINFREE=128                             MiB savecore leaves free in DUMPDIR
 *   MAXDUMPS=10                             saved dumps savecore keeps (0: all)
 *   DUMP_TIMEOUT=0                          seconds a dump may take (0: scaled)
 *   PANIC_ON_OOPS=yes                       set kernel.panic_on_oops when arming
 *   POST_SAVE_CMD="..."                     run by savecore after saving a dump
 *   FAIL_CMD="..."                          run by savecore when saving failed
 *   CMD_TIMEOUT=60                          seconds either may run
 *   CRASHINFO_TIMEOUT=300                   seconds diskdump-crashinfo's crash may run
 *   SEAL_KEY=/etc/diskdump/dump.pub         dumps sealed for this X25519 key (seal.h)
 *   SEAL_SECRET_KEY=/path/dump.key          savecore opens sealed dumps with it
 *   ERASE_AFTER_SAVE=no                     savecore zeroes the dump area once saved
 *   SHIP_...                                diskdump-ship (ddconfig_ship.h)
 */
#ifndef DDCONFIG_H
#define DDCONFIG_H

#include "ddconfig_ship.h"

#ifndef DD_CONFIG_PATH
#define DD_CONFIG_PATH		"/etc/default/diskdump"
#endif
#define DD_DEFAULT_DUMPDIR	"/var/crash"
#define DD_CONFIG_MAX_DEVICES	16
#define DD_CONFIG_VALUE_MAX	4096
/* Enough for the system to go on logging and updating after savecore. */
#define DD_DEFAULT_MINFREE_MIB	128
/* As FreeBSD's savecore -m: enough history, bounded disk use. */
#define DD_DEFAULT_MAXDUMPS	10
/* At boot savecore holds up swap: a hung alert command must not hold it forever. */
#define DD_DEFAULT_CMD_TIMEOUT	60
/* crash on a large vmcore takes a while; a hung one must not hold up shipping. */
#define DD_DEFAULT_CRASHINFO_TIMEOUT	300

struct dd_config {
	char	devices[DD_CONFIG_MAX_DEVICES][DD_CONFIG_VALUE_MAX];
	int	nr_devices;
	char	dumpdir[DD_CONFIG_VALUE_MAX];
	int	dump_level;		/* -1: not set */
	char	compress[16];		/* "" when not set */
	unsigned long long minfree_mib;	/* DD_DEFAULT_MINFREE_MIB unless set */
	unsigned int maxdumps;		/* DD_DEFAULT_MAXDUMPS unless set; 0: keep all */
	long	dump_timeout;		/* seconds; -1: not set */
	int	panic_on_oops;		/* 1 yes (default), 0 no */
	char	post_save_cmd[DD_CONFIG_VALUE_MAX];	/* "" when not set */
	char	fail_cmd[DD_CONFIG_VALUE_MAX];		/* "" when not set */
	unsigned int cmd_timeout;	/* seconds */
	unsigned int crashinfo_timeout;	/* seconds; 0: no crash.txt */
	char	seal_key[DD_CONFIG_VALUE_MAX];		/* "" when not set */
	char	seal_secret_key[DD_CONFIG_VALUE_MAX];	/* "" when not set */
	int	erase_after_save;			/* 1 yes, 0 no (default) */
	struct dd_ship_config ship;
};

/*
 * Load path into cfg (defaults first).  A missing file is not an error
 * (returns 0 with defaults).  Returns -1 and writes a message naming the
 * file and line into err on a syntax error or unknown key.
 */
int dd_config_load(const char *path, struct dd_config *cfg,
		   char *err, unsigned long errlen);

/*
 * The same for savecore at boot, which must never lose a dump over a typo:
 * a line that does not parse, or names an unknown setting, is reported as
 * a warning naming file and line, and the setting keeps its default.  An
 * unreadable file is a warning too.  Returns how many lines were ignored.
 */
int dd_config_load_lenient(const char *path, struct dd_config *cfg);

#endif /* DDCONFIG_H */
