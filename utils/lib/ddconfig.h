/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * /etc/sysconfig/diskdump: shell-style KEY="value" lines.
 *   DEVICE="/dev/sdb1 UUID=... LABEL=..."   devices to arm, in dump order
 *   DUMPDIR="/var/crash"                    where savecore extracts
 *   DUMP_LEVEL=31                           makedumpfile bits (see diskdump(5))
 *   COMPRESS=none|lzo
 *   MINFREE=128                             MiB savecore leaves free in DUMPDIR
 *   DUMP_TIMEOUT=0                          seconds a dump may take (0: scaled)
 *   PANIC_ON_OOPS=yes                       set kernel.panic_on_oops when arming
 */
#ifndef DDCONFIG_H
#define DDCONFIG_H

#define DD_CONFIG_PATH		"/etc/sysconfig/diskdump"
#define DD_DEFAULT_DUMPDIR	"/var/crash"
#define DD_CONFIG_MAX_DEVICES	16
#define DD_CONFIG_VALUE_MAX	4096
/* Enough for the system to go on logging and updating after savecore. */
#define DD_DEFAULT_MINFREE_MIB	128

struct dd_config {
	char	devices[DD_CONFIG_MAX_DEVICES][DD_CONFIG_VALUE_MAX];
	int	nr_devices;
	char	dumpdir[DD_CONFIG_VALUE_MAX];
	int	dump_level;		/* -1: not set */
	char	compress[16];		/* "" when not set */
	unsigned long long minfree_mib;	/* DD_DEFAULT_MINFREE_MIB unless set */
	long	dump_timeout;		/* seconds; -1: not set */
	int	panic_on_oops;		/* 1 yes (default), 0 no */
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
