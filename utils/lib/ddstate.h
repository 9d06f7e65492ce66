/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What a device is, as far as diskdump cares: the answer behind
 * "diskdumpfmt -C" (whose exit code is the state) and the checks that
 * diskdumpfmt and diskdumpctl make before acting.
 */
#ifndef DDSTATE_H
#define DDSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ddformat.h"
#include "ddprobe.h"

enum dd_state {
	DD_STATE_READY		= 0,	/* valid label, no unsaved dump */
	DD_STATE_HOLDS_DUMP	= 1,	/* an unsaved dump is on it */
	DD_STATE_NEEDS_INITIAL	= 2,	/* no label, nothing else either */
	DD_STATE_NEEDS_FORMAT	= 3,	/* a label, but invalid, old or stale */
	DD_STATE_UNSUITABLE	= 4,	/* too small, whole disk, not a device, other data */
	DD_STATE_SWAP		= 5,	/* a swap area that can be armed as it is */
	DD_STATE_SWAP_DUMP	= 6,	/* a swap area holding an unsaved dump */
	DD_STATE_MOUNTED	= 7,	/* a mounted filesystem */
};

struct dd_device_report {
	enum dd_state	state;
	char		description[512];	/* one line, for people */

	bool		is_block;		/* else a regular (image) file */
	dev_t		rdev;			/* of a block device */
	int		is_partition;		/* 1, 0, or -1 unknown */
	int		nr_partitions;		/* of a whole disk */
	uint64_t	size_bytes;
	int		in_use;			/* DD_INUSE_* */
	char		mountpoint[256];	/* when DD_INUSE_MOUNTED */

	int		nr_signatures;		/* foreign ones found by libblkid */
	struct dd_signature signatures[DD_MAX_SIGNATURES];

	bool		blocks_read;		/* the fields below are filled */
	bool		label_magic;		/* block 0 starts with the label magic */
	const char	*label_problem;		/* NULL when the label is valid */
	/*
	 * Block 0 is a swap header; then label is what swap.h makes of it
	 * and label_problem why a dump cannot go there (NULL: it can).
	 */
	bool		swap_magic;
	struct dd_label	label;

	bool		header_magic;		/* block 1 starts with the header magic */
	const char	*header_problem;	/* NULL when the header is valid */
	bool		dump_unsaved;		/* status != NONE and not SAVED */
	/*
	 * Block 1 of a dedicated partition was not a valid header but a
	 * valid trailer was found: header is the trailer's copy, and the
	 * dump counts as unsaved (savecore recovers it from there).
	 */
	bool		header_from_trailer;
	struct dd_dump_header header;

	/*
	 * Without a label or any signature: where the first byte that is
	 * not zero lies in the first DD_ZERO_SCAN_BYTES (data nobody can
	 * name: formatting it needs -f), or -1 when they are all zero.
	 */
	int64_t		unknown_data_at;
};

/* How much of an unlabelled device is checked for zeroes. */
#define DD_ZERO_SCAN_BYTES	(1u << 20)

/*
 * Examine path (already resolved) read-only.  Returns 0 with r filled, or
 * -1 with a message in err when the device cannot be opened or read.
 */
int dd_device_examine(const char *path, struct dd_device_report *r,
		      char *err, size_t errlen);

/* A "holds ext4 filesystem at offset 0x438, gpt ..." summary. */
void dd_report_signatures(const struct dd_device_report *r, char *buf, size_t len);

#endif /* DDSTATE_H */
