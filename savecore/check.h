/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * savecore -C: say whether a device holds a dump savecore has not saved,
 * and write nothing, anywhere (FreeBSD's savecore -C).
 */
#ifndef SAVECORE_CHECK_H
#define SAVECORE_CHECK_H

/* Exit codes of savecore -C, also the result for one device. */
enum savecore_check_result {
	CHECK_DUMP = 0,		/* an unsaved dump is there */
	CHECK_NONE = 1,		/* none: no dump, or a saved one only */
	CHECK_ERROR = 2,	/* the device could not be read or is no dump device */
};

/*
 * Look at path (name is what the output calls it) read-only and print one
 * line for it on stdout; with dd_verbose, what the header says as well.
 */
enum savecore_check_result savecore_check(const char *path, const char *name);

#endif
