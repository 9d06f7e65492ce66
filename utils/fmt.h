/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* diskdumpfmt: the state report (-c) and the formatter. */
#ifndef FMT_H
#define FMT_H

#include <stdbool.h>

/* Exit codes besides the dd_state values that -c returns. */
#define FMT_EXIT_OK		0
#define FMT_EXIT_REFUSED	1	/* format refused or failed */
#define FMT_EXIT_IN_USE		7	/* mounted, active swap, or busy */
#define FMT_EXIT_ERROR		8	/* usage error, or the device cannot be read */

struct fmt_options {
	bool	force;
	bool	check;
};

/* Print the state of path and return it as the exit code. */
int fmt_check(const char *spec, const char *path);

/* Format path; returns an exit code. */
int fmt_format(const char *spec, const char *path, const struct fmt_options *opt);

/* --export: udev properties of a valid label, for the udev rule. */
int fmt_export(const char *path);

/* The -v lines about a label and a dump header, shared by both modes. */
struct dd_device_report;
void fmt_print_details(const struct dd_device_report *r);

#endif /* FMT_H */
