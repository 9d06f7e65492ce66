/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The unit tests' reporting: one line per check, "PASS name" or
 * "FAIL name: reason", and a nonzero exit status when any check failed.
 */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int test_failures;

__attribute__((format(printf, 3, 4), unused))
static int check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", name);
	} else {
		printf("FAIL %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
		test_failures++;
	}
	fflush(stdout);
	return ok;
}

__attribute__((unused))
static int test_exit_status(void)
{
	return test_failures ? 1 : 0;
}

#endif
