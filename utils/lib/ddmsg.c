// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ddmsg.h"

static const char *program_name = "diskdump";
bool dd_verbose;

void dd_msg_init(const char *program)
{
	const char *slash = strrchr(program, '/');

	program_name = slash ? slash + 1 : program;
}

static void message(FILE *out, const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(out, "%s: %s", program_name, kind);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

void dd_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(stderr, "error: ", fmt, ap);
	va_end(ap);
}

void dd_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(stderr, "warning: ", fmt, ap);
	va_end(ap);
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
