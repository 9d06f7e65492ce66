/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Messages from the commands: "prog: error: ..." on stderr. */
#ifndef DDMSG_H
#define DDMSG_H

#include <stdbool.h>

void dd_msg_init(const char *program);
extern bool dd_verbose;

void dd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void dd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printed on stdout only with -v. */
void dd_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "1.5 GiB", "512 MiB", ... into buf. */
const char *dd_human_size(unsigned long long bytes, char *buf, unsigned long len);

#endif /* DDMSG_H */
