// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "ddmsg.h"

/* The Makefiles pass the VERSION file's; a build without it says so. */
#ifndef DD_VERSION
#define DD_VERSION "unknown"
#endif

static const char *program_name = "diskdump";
static FILE *msg_stream;
bool dd_verbose;

/* Where messages go besides the message stream (dd_msg_system_log). */
static enum { TO_STREAM_ONLY, TO_JOURNAL_PREFIX, TO_SYSLOG } system_log;

/*
 * systemd names the journal stream it connected in JOURNAL_STREAM
 * ("device:inode"); an inherited variable with stderr elsewhere does not
 * count.
 */
static bool stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &st))
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void dd_msg_system_log(void)
{
	if (stderr_is_journal()) {
		system_log = TO_JOURNAL_PREFIX;
	} else if (!isatty(STDERR_FILENO)) {
		openlog(program_name, LOG_PID, LOG_DAEMON);
		system_log = TO_SYSLOG;
	}
}

void dd_msg_init(const char *program)
{
	const char *slash = strrchr(program, '/');

	program_name = slash ? slash + 1 : program;
}

void dd_print_version(void)
{
	printf("%s (diskdump) %s\n", program_name, DD_VERSION);
}

void dd_msg_set_stream(FILE *f)
{
	msg_stream = f;
}

static void message(const char *dev, const char *kind, int priority, const char *fmt,
		    va_list ap)
{
	FILE *out = msg_stream ? msg_stream : stderr;
	char text[2048];

	vsnprintf(text, sizeof(text), fmt, ap);
	/* Whatever went to stdout before this message comes first. */
	fflush(stdout);
	if (system_log == TO_JOURNAL_PREFIX && out == stderr)
		fprintf(out, "<%d>", priority);
	fprintf(out, "%s: %s%s%s%s\n", program_name, dev ? dev : "", dev ? ": " : "", kind, text);
	fflush(out);
	if (system_log == TO_SYSLOG)
		syslog(priority, "%s%s%s%s", dev ? dev : "", dev ? ": " : "", kind, text);
}

#define DD_MESSAGE(dev, kind, priority, fmt)			\
	do {							\
		va_list ap;					\
		va_start(ap, fmt);				\
		message(dev, kind, priority, fmt, ap);		\
		va_end(ap);					\
	} while (0)

void dd_error(const char *fmt, ...)
{
	DD_MESSAGE(NULL, "error: ", LOG_ERR, fmt);
}

void dd_warn(const char *fmt, ...)
{
	DD_MESSAGE(NULL, "warning: ", LOG_WARNING, fmt);
}

void dd_dev_error(const char *dev, const char *fmt, ...)
{
	DD_MESSAGE(dev, "error: ", LOG_ERR, fmt);
}

void dd_dev_warn(const char *dev, const char *fmt, ...)
{
	DD_MESSAGE(dev, "warning: ", LOG_WARNING, fmt);
}

void dd_dev_note(const char *dev, const char *fmt, ...)
{
	DD_MESSAGE(dev, "", LOG_NOTICE, fmt);
}

void dd_dev_debug(const char *dev, const char *fmt, ...)
{
	if (dd_verbose)
		DD_MESSAGE(dev, "", LOG_INFO, fmt);
}

void dd_info(const char *fmt, ...)
{
	va_list ap;

	if (!dd_verbose)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

const char *dd_human_size(unsigned long long bytes, char *buf, unsigned long len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double value = (double)bytes;
	unsigned int unit = 0;

	while (value >= 1024 && unit + 1 < sizeof(units) / sizeof(units[0])) {
		value /= 1024;
		unit++;
	}
	if (unit == 0)
		snprintf(buf, len, "%llu bytes", bytes);
	else
		snprintf(buf, len, "%.1f %s", value, units[unit]);
	return buf;
}

void dd_printable(char *buf, size_t len, const char *field, size_t fieldlen)
{
	size_t i, n = 0;

	if (!len)
		return;
	for (i = 0; i < fieldlen && field[i]; i++) {
		unsigned char c = (unsigned char)field[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (n + 1 >= len)
				break;
			buf[n++] = (char)c;
		} else {
			if (n + 4 >= len)
				break;
			n += (size_t)snprintf(buf + n, len - n, "\\%03o", c);
		}
	}
	buf[n] = '\0';
}
