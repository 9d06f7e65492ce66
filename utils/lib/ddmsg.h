/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one message layer of every diskdump command (diskdumpfmt,
 * diskdumpctl, savecore):
 *   "PROG: error: ..." and "PROG: warning: ..." on the message stream,
 *   "PROG: DEV: ..." for messages about one device, so a boot log with
 *   several dump devices stays readable.
 * The message stream is stderr unless a test redirects it.
 *
 * A command that runs at boot (savecore) calls dd_msg_system_log(): its
 * messages then reach the system log as well, with their priority (error,
 * warning, notice for dd_dev_note, info for -v): through the priority
 * prefix journald reads when stderr is the journal (a systemd service),
 * else through syslog(3) when stderr is no terminal (an init script).
 */
#ifndef DDMSG_H
#define DDMSG_H

#include <stdbool.h>
#include <stdio.h>

/* PROG is the basename of program. */
void dd_msg_init(const char *program);

/*
 * --help and --version, which every command takes beside its short
 * options: the long options to pass getopt_long(), and what --version
 * prints ("PROG (diskdump) VERSION").
 */
#define DD_LONG_OPTIONS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, DD_OPT_VERSION }, \
	{ NULL, 0, NULL, 0 }
#define DD_OPT_VERSION 0x100
void dd_print_version(void);
/* NULL restores stderr. */
void dd_msg_set_stream(FILE *f);
void dd_msg_system_log(void);
extern bool dd_verbose;

void dd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* On stdout, only with -v. */
void dd_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* About one device (dev may be NULL): error, warning, notice, -v only. */
void dd_dev_error(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dd_dev_warn(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dd_dev_note(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void dd_dev_debug(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "1.5 GiB", "512 MiB", ... into buf. */
const char *dd_human_size(unsigned long long bytes, char *buf, unsigned long len);

/*
 * Copy a fixed-size field read from a disk (perhaps without NUL) into buf
 * as printable text: control and non-ASCII bytes become \ooo escapes, so
 * a hostile panic string cannot drive the terminal or forge log lines.
 */
void dd_printable(char *buf, size_t len, const char *field, size_t fieldlen);

#endif /* DDMSG_H */
