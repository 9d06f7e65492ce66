// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdarg.h>

#include "msg.h"

static FILE *msg_stream;
static int msg_verbosity;

void msg_set_stream(FILE *f)
{
	msg_stream = f;
}

void msg_set_verbose(int verbose)
{
	msg_verbosity = verbose;
}

int msg_verbose(void)
{
	return msg_verbosity;
}

static void msg_print(const char *level, const char *dev, const char *fmt,
		      va_list ap)
{
	FILE *f = msg_stream ? msg_stream : stderr;

	fputs("savecore: ", f);
	if (dev)
		fprintf(f, "%s: ", dev);
	if (level)
		fputs(level, f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
}

void msg_error(const char *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_print("error: ", dev, fmt, ap);
	va_end(ap);
}

void msg_warn(const char *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_print("warning: ", dev, fmt, ap);
	va_end(ap);
}

void msg_info(const char *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_print(NULL, dev, fmt, ap);
	va_end(ap);
}

void msg_debug(const char *dev, const char *fmt, ...)
{
	va_list ap;

	if (!msg_verbosity)
		return;
	va_start(ap, fmt);
	msg_print(NULL, dev, fmt, ap);
	va_end(ap);
}
