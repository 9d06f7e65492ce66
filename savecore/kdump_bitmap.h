/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The two bitmaps of a kdump-compressed file, written block by block as
 * pfns come in ascending order, so that memory use does not grow with the
 * machine: a 512 GiB machine has 16 MiB per bitmap, a sparse physical
 * address space far more, and only the blocks that hold a set bit are
 * ever written (the rest stay holes of the file and read as zero).
 */
#ifndef SAVECORE_KDUMP_BITMAP_H
#define SAVECORE_KDUMP_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "diskdump/format.h"
#include "ranges.h"

#define KDUMP_BITS_PER_BLOCK	(8u * DD_BLOCK_SIZE)

/* Blocks of one bitmap covering pfns [0, max_mapnr). */
uint64_t kdump_bitmap_blocks(uint64_t max_mapnr);

struct bitmap_stream {
	int		fd;
	uint64_t	file_offset;	/* of the bitmap's first block */
	uint64_t	nr_blocks;
	uint64_t	block;		/* the block in buf */
	bool		dirty;		/* buf holds a set bit not yet written */
	uint8_t		buf[DD_BLOCK_SIZE];
};

void bitmap_stream_init(struct bitmap_stream *s, int fd, uint64_t file_offset,
			uint64_t nr_blocks);
/*
 * Set the bit of pfn.  pfns must not go down from one call to the next
 * (the block of a smaller pfn may already be written).  -1 with errno:
 * ERANGE for a pfn past the bitmap or going backwards, else a write error.
 */
int bitmap_stream_set(struct bitmap_stream *s, uint64_t pfn);
/* Set the bits of [pfn, pfn + n), same rules. */
int bitmap_stream_set_run(struct bitmap_stream *s, uint64_t pfn, uint64_t n);
int bitmap_stream_flush(struct bitmap_stream *s);

/* The 1st bitmap: every pfn of the ranges. */
int kdump_write_ram_bitmap(int fd, uint64_t file_offset, uint64_t nr_blocks,
			   const struct range_map *m);

#endif
