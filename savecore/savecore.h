/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Extracting the dump of one device: everything savecore does but options. */
#ifndef SAVECORE_SAVECORE_H
#define SAVECORE_SAVECORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal_open.h"
#include "vmcore_out.h"

/*
 * --only: at boot, dumps in swap areas are saved before swap is enabled,
 * by a unit of their own; dumps on dedicated partitions later, in the
 * background (diskdump(8)).
 */
enum savecore_only {
	ONLY_ALL,
	ONLY_SWAP,		/* devices that are swap areas */
	ONLY_PARTITIONS,	/* every other device (also one that cannot be read) */
};

struct savecore_opts {
	enum savecore_only	only;
	bool			progress;	/* -p */
	bool			force;		/* -f: extract a saved dump again */
	bool			delete_after;	/* -D: invalidate once saved */
	bool			delete_only;	/* -X: invalidate, do not save */
	/* -Z, ERASE_AFTER_SAVE: zero the dump area once saved */
	bool			erase_after;
	enum vmcore_format	format;
	const char		*dumpdir;
	uint64_t		minfree_bytes;	/* MINFREE: left free in dumpdir */
	unsigned int		maxdumps;	/* MAXDUMPS: saved dumps kept; 0 all */
	const char		*post_save_cmd;	/* POST_SAVE_CMD; NULL or "" none */
	const char		*fail_cmd;	/* FAIL_CMD */
	unsigned int		cmd_timeout;	/* CMD_TIMEOUT, seconds */
	/* -k: opens sealed dumps; NULL: they are saved still sealed. */
	const struct seal_secret *secret;
};

/* Exit codes, also the result for one device. */
enum savecore_result {
	SAVECORE_OK = 0,	/* extracted, or nothing to do */
	SAVECORE_ERROR = 1,	/* nothing extracted */
	SAVECORE_PARTIAL = 2,	/* extracted, but incomplete or damaged */
};

/*
 * Extract the dump on path (name is what messages call it) into
 * o->dumpdir.  The directory created is copied to outdir when not NULL.
 */
enum savecore_result savecore_device(const char *path, const char *name,
				     const struct savecore_opts *o,
				     char *outdir, size_t outlen);

#endif
