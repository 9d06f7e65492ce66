/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reading and validating everything about a dump except its chunks: label,
 * header, trailer, notes and log.  Nothing read here is trusted before it
 * has been checked against the device size and the format's limits.
 */
#ifndef SAVECORE_DUMPREAD_H
#define SAVECORE_DUMPREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diskdump/format.h"
#include "dumpdev.h"
#include "notes.h"
#include "ranges.h"
#include "seal_open.h"

/* Sane maxima: a notes area holds a few KiB per CPU, the log a few MiB. */
#define DUMP_MAX_NOTES_BYTES	(16u << 20)
#define DUMP_MAX_DMESG_BYTES	(64u << 20)

enum dump_state {
	DUMP_ABSENT,		/* block 1 never written, or invalidated */
	DUMP_SAVED,		/* a valid dump, already extracted */
	DUMP_PRESENT,		/* a valid dump waiting to be extracted */
};

struct dump {
	const char		*name;		/* the device, for messages */
	bool			label_ok;	/* block 0 is a valid label */
	/* Block 0 is a swap header; label is what swap.h makes of it. */
	bool			swap;
	struct dd_label		label;
	struct dd_dump_header	header;		/* block 1 as read */
	/* The final state: the trailer when valid, else the header. */
	struct dd_dump_header	final;
	bool			has_trailer;
	/*
	 * Block 1 was damaged and the header was taken from the trailer's
	 * copy; marking the dump saved rewrites block 1 from it.
	 */
	bool			header_from_trailer;
	char			header_problem[128];	/* what was wrong with block 1 */
	char			trailer_problem[128];	/* why not, if it was expected */
	uint64_t		limit;		/* first block past the dump area */
	struct range_map	ranges;
	uint8_t			*notes;		/* well-formed notes only */
	size_t			notes_len;
	struct notes_summary	notes_info;
	char			*dmesg;
	size_t			dmesg_len;
	bool			dmesg_truncated;
	bool			dmesg_unreadable;
	/*
	 * DD_FLAG_SEALED: opened only with the secret the caller sets before
	 * dump_read_areas() (NULL: kept sealed; chunk headers stay readable).
	 */
	bool			sealed;
	const struct seal_secret *secret;
	bool			opened;
	uint8_t			seal_key[DD_SEAL_KEY_SIZE];
	/* The panic string as text: the header's, opened, or "(sealed)". */
	char			panic[DD_PANIC_STRING_LEN];
};

/*
 * Read and check label and header.  Returns -1 with a reason in err when
 * the device is no diskdump partition or its header is invalid, else the
 * state of the dump.
 */
int dump_read_header(const struct dumpdev *dev, struct dump *d,
		     char *err, size_t errlen);

/*
 * For a dump found by dump_read_header: check the header's layout against
 * the device, read the trailer (a missing one is no error: the dump is
 * partial), the notes and the log.  -1 with a reason in err.
 */
int dump_read_areas(const struct dumpdev *dev, struct dump *d,
		    char *err, size_t errlen);

void dump_free(struct dump *d);

/* True when the dump is known to be whole: complete status and a trailer. */
bool dump_is_complete(const struct dump *d);

#endif
