/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * savecore's messages.  Every message names the device it is about, so a
 * boot log with several dump devices stays readable.  Tests redirect the
 * stream to inspect what was reported.
 */
#ifndef SAVECORE_MSG_H
#define SAVECORE_MSG_H

#include <stdio.h>

void msg_set_stream(FILE *f);
void msg_set_verbose(int verbose);
int msg_verbose(void);

/* "savecore: DEV: ..." on the message stream. */
void msg_error(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void msg_warn(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void msg_info(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Only with -v. */
void msg_debug(const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
