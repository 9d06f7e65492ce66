/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Walking the chunks of a dump: each chunk header is checked (magic, dump,
 * sequence, checksum, layout), each payload verified against its checksum,
 * each page descriptor against the memory ranges, and the good pages handed
 * to a sink (zero pages, recorded by the kernel without data, as pages of
 * zeroes).  A damaged chunk header is skipped by scanning forward for the
 * next valid one; a damaged payload costs only that chunk's pages.
 */
#ifndef SAVECORE_CHUNKWALK_H
#define SAVECORE_CHUNKWALK_H

#include <stdbool.h>
#include <stdint.h>

#include "dumpdev.h"
#include "dumppage.h"
#include "dumpread.h"

/*
 * LZO pages may be stored uncompressed when compression does not help, so
 * a chunk needs at most one block per page; allow twice that before calling
 * a header absurd.
 */
#define CHUNK_MAX_PAYLOAD_BLOCKS	(2u * DD_CHUNK_MAX_PAGES)

/*
 * How far a dump without trailer is searched past a damaged chunk header
 * before the damage is taken for the end of the written data.
 */
#define CHUNK_RESYNC_WINDOW_TRUNCATED	(4u * (1u + CHUNK_MAX_PAYLOAD_BLOCKS))

struct walk_sink {
	/*
	 * A good page: its content and its stored form (LZO pages were
	 * decompressed once, to check them; zero pages come as a page of
	 * zeroes).  Pfns the walk does not deliver (left out by the dump
	 * level, unreadable, damaged, lost) are never named: neither output
	 * format stores anything for them, whatever the reason.
	 * Return -1 to abort the walk.
	 */
	int	(*page)(void *ctx, const struct dump_page *p);
	/* After each chunk: how far the walk is, of how far it may go. */
	void	(*progress)(void *ctx, uint64_t block, uint64_t end);
	void	*ctx;
};

/* Spans of pfns whose pages the dump should have held but savecore lost. */
#define WALK_MAX_MISSING	32

struct pfn_span {
	uint64_t	first;
	uint64_t	last;		/* inclusive */
};

struct walk_stats {
	uint64_t	chunks_ok;
	uint64_t	chunks_corrupt;		/* bad payload or descriptors */
	uint64_t	chunks_lost;		/* sequence numbers never found */
	uint64_t	resyncs;
	uint64_t	blocks_skipped;		/* scanned over while resyncing */
	uint64_t	pages_written;		/* pages with data given to the sink */
	uint64_t	pages_zero;		/* DD_PAGE_ZERO pages given to it */
	uint64_t	pages_unreadable;	/* the kernel could not read them */
	uint64_t	pages_corrupt;		/* lost to damaged chunks */
	uint64_t	pages_bad_desc;		/* bad descriptor or LZO data */
	/*
	 * Pages in the walk's order whose pfn is not above the one before
	 * (the kernel writes ascending pfns; the kdump format needs them).
	 */
	uint64_t	pages_out_of_order;
	uint64_t	first_disorder_pfn;	/* the first such pfn */
	uint64_t	first_disorder_after;	/* the pfn it came after */
	uint64_t	next_seq;		/* chunks walked, incl. lost ones */
	uint64_t	end_block;		/* block after the last good chunk */
	bool		reached_end;		/* all the trailer's chunks seen */
	/*
	 * Where pages were lost, in the walk's order, neighbours merged: the
	 * pfns of damaged chunks and descriptors, the gap a lost chunk left
	 * between its neighbours, and everything after the last good page of
	 * a dump cut short.  A span may include pages the dump level left
	 * out (the dump does not say which those were).
	 */
	struct pfn_span	missing[WALK_MAX_MISSING];
	unsigned int	nr_missing;
	uint64_t	missing_spans_dropped;	/* past WALK_MAX_MISSING */
	char		stop_reason[192];	/* why the walk ended, if early */
};

/*
 * Walk the chunks of d on dev.  With sink NULL only chunk headers are read
 * (a quick pass that counts pages, e.g. for the free space check) and
 * nothing is reported; otherwise every problem is reported on the message
 * stream.  Returns 0, or -1 on a read error or when the sink failed.
 */
int chunk_walk(const struct dumpdev *dev, const struct dump *d,
	       const struct walk_sink *sink, struct walk_stats *st);

/* True when the walk found something missing or damaged. */
bool walk_is_partial(const struct walk_stats *st);

#endif
