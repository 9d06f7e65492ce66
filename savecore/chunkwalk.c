// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunkwalk.h"
#include "ddformat.h"
#include "lzo_page.h"
#include "zstd_page.h"
#include "ddmsg.h"

/* Blocks read at a time while scanning for the next valid chunk header. */
#define RESYNC_BATCH	64u

/* What a DD_PAGE_ZERO page is delivered as. */
static const uint8_t zero_page[DD_BLOCK_SIZE];

struct walker {
	const struct dumpdev	*dev;
	const struct dump	*d;
	const struct walk_sink	*sink;		/* NULL: counting pass */
	struct walk_stats	*st;
	uint64_t		end;		/* no chunk block at or past this */
	uint64_t		nr_chunks;	/* expected, UINT64_MAX if unknown */
	uint8_t			*payload;
	uint8_t			page[DD_BLOCK_SIZE];	/* a decompressed page */
	uint8_t			*scan;		/* RESYNC_BATCH blocks */
	bool			have_last_pfn;
	uint64_t		last_pfn;	/* of the last good page */
	bool			gap_open;	/* chunks lost since last_pfn */
};

static void report(const struct walker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(const struct walker *w, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (!w->sink)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	dd_dev_warn(w->dev->name, "%s", text);
}

/* What dd_chunk_check cannot know: where the chunk sits on this device. */
static const char *chunk_layout_check(const struct walker *w,
				      const struct dd_chunk_header *c,
				      uint64_t pos)
{
	if (dd_from_le32(c->payload_blocks) > CHUNK_MAX_PAYLOAD_BLOCKS)
		return "chunk payload impossibly large";
	/* pos < end <= 2^52 and payload_blocks is small: no overflow. */
	if (pos + 1 + dd_from_le32(c->payload_blocks) > w->end)
		return "chunk payload runs past the end of the dump area";
	return NULL;
}

static const char *check_chunk_at(const struct walker *w, const void *block,
				  uint64_t pos, uint64_t seq)
{
	const char *why = dd_chunk_check(block, dd_from_le64(w->d->header.dump_id), seq);

	return why ? why : chunk_layout_check(w, block, pos);
}

/*
 * Scan forward from block `from` for the first valid chunk header of this
 * dump with a sequence number above `seq`.  A chunk takes at least one
 * block, so a header n blocks further on cannot carry a sequence number
 * more than n above: that bounds what a damaged block can claim.
 */
static int resync(struct walker *w, uint64_t from, uint64_t to, uint64_t seq,
		  uint64_t *found_pos, uint64_t *found_seq)
{
	uint64_t pos = from;

	while (pos < to) {
		uint64_t n = to - pos < RESYNC_BATCH ? to - pos : RESYNC_BATCH;
		uint64_t i;

		bool batch_ok = dumpdev_read(w->dev, pos, n, w->scan) == 0;

		for (i = 0; i < n; i++) {
			const struct dd_chunk_header *c =
				(const void *)(w->scan + i * DD_BLOCK_SIZE);
			uint64_t at = pos + i, c_seq;

			/* A bad sector in the batch costs only its block. */
			if (!batch_ok &&
			    dumpdev_read(w->dev, at, 1, w->scan + i * DD_BLOCK_SIZE))
				continue;

			c_seq = dd_from_le64(c->seq);
			if (memcmp(c->magic, DD_CHUNK_MAGIC, DD_MAGIC_LEN) ||
			    c->dump_id != w->d->header.dump_id ||
			    c_seq <= seq || c_seq - seq > at - from + 1 || c_seq >= w->nr_chunks)
				continue;
			if (check_chunk_at(w, c, at, c_seq))
				continue;
			*found_pos = at;
			*found_seq = c_seq;
			return 1;
		}
		pos += n;
	}
	return 0;
}

/* Record pfns [first, last] as lost, merged with the span before. */
static void note_missing(struct walk_stats *st, uint64_t first, uint64_t last)
{
	struct pfn_span *prev = st->nr_missing ? &st->missing[st->nr_missing - 1] : NULL;

	if (first > last)
		return;
	if (prev && first <= prev->last + 1 && last + 1 >= prev->first) {
		if (first < prev->first)
			prev->first = first;
		if (last > prev->last)
			prev->last = last;
		return;
	}
	if (st->nr_missing == WALK_MAX_MISSING) {
		st->missing_spans_dropped++;
		return;
	}
	st->missing[st->nr_missing++] = (struct pfn_span){ first, last };
}

/* The first pfn after the last good page, or of the first range. */
static uint64_t next_expected_pfn(const struct walker *w)
{
	return w->have_last_pfn ? w->last_pfn + 1 : w->d->ranges.r[0].start_pfn;
}

/* The last pfn of the dumped ranges. */
static uint64_t last_ram_pfn(const struct walker *w)
{
	const struct range_map *m = &w->d->ranges;

	if (!m->n)
		return 0;
	return m->r[m->n - 1].start_pfn + m->r[m->n - 1].nr_pages - 1;
}

static void chunk_pfn_span(const struct dd_chunk_header *c, uint64_t *lo,
		     uint64_t *hi)
{
	uint32_t i;

	*lo = UINT64_MAX;
	*hi = 0;
	for (i = 0; i < dd_from_le32(c->nr_pages); i++) {
		if (dd_from_le64(c->pages[i].pfn) < *lo)
			*lo = dd_from_le64(c->pages[i].pfn);
		if (dd_from_le64(c->pages[i].pfn) > *hi)
			*hi = dd_from_le64(c->pages[i].pfn);
	}
	if (!c->nr_pages)
		*lo = 0;
}

/* Why this descriptor cannot be used, or NULL for a usable page. */
static const char *page_problem(const struct walker *w,
				const struct dd_page_desc *p)
{
	uint64_t index;

	switch (dd_from_le32(p->flags)) {
	case DD_PAGE_RAW:
		if (p->size != w->d->header.page_size)
			return "raw page of wrong size";
		break;
	case DD_PAGE_UNREADABLE:
		if (p->size != 0)
			return "unreadable page with data";
		break;
	case DD_PAGE_ZERO:
		/* Payload offsets are sums of sizes: data here shifts them. */
		if (p->size != 0)
			return "zero page with data";
		break;
	case DD_PAGE_LZO:
	case DD_PAGE_ZSTD:
		if (p->size == 0)
			return "compressed page without data";
		break;
	default:
		return "unknown page flags";
	}
	if (range_map_find(&w->d->ranges, dd_from_le64(p->pfn), &index) < 0)
		return "pfn outside the dumped memory ranges";
	return NULL;
}

static bool is_compressed(const struct dd_page_desc *p)
{
	return dd_from_le32(p->flags) == DD_PAGE_LZO ||
	       dd_from_le32(p->flags) == DD_PAGE_ZSTD;
}

/* A compressed page into out; NULL, or why it is not what it says. */
static const char *decompress(const struct dd_page_desc *p, const uint8_t *in,
			      uint8_t *out, size_t out_len)
{
	if (dd_from_le32(p->flags) == DD_PAGE_ZSTD)
		return dd_zstd_decompress_page(in, dd_from_le32(p->size), out, out_len);
	return dd_lzo_decompress_page(in, dd_from_le32(p->size), out, out_len);
}

/* Both passes see the same order: the counting pass can predict it. */
static void note_order(struct walker *w, uint64_t pfn)
{
	struct walk_stats *st = w->st;

	if (w->have_last_pfn && pfn <= w->last_pfn) {
		if (!st->pages_out_of_order) {
			st->first_disorder_pfn = pfn;
			st->first_disorder_after = w->last_pfn;
		}
		st->pages_out_of_order++;
	}
	if (!w->have_last_pfn || pfn > w->last_pfn)
		w->last_pfn = pfn;
	w->have_last_pfn = true;
}

static int deliver(struct walker *w, const struct dd_page_desc *p,
		   const uint8_t *stored)
{
	struct dump_page page = {
		.pfn = dd_from_le64(p->pfn),
		.data = stored,
		.stored = stored,
		.stored_size = dd_from_le32(p->size),
		.stored_flags = dd_from_le32(p->flags),
	};

	if (is_compressed(p))
		page.data = w->page;
	else if (dd_from_le32(p->flags) == DD_PAGE_ZERO)
		page.data = page.stored = zero_page;
	note_order(w, dd_from_le64(p->pfn));
	/* The counting pass has no payload to point into. */
	if (w->sink && w->sink->page(w->sink->ctx, &page) < 0)
		return -1;
	if (dd_from_le32(p->flags) == DD_PAGE_ZERO)
		w->st->pages_zero++;
	else
		w->st->pages_written++;
	return 0;
}

/* Pages a damaged chunk costs: those the kernel did read. */
static uint64_t pages_read(const struct dd_chunk_header *c)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < dd_from_le32(c->nr_pages); i++)
		if (dd_from_le32(c->pages[i].flags) != DD_PAGE_UNREADABLE)
			n++;
	return n;
}

/*
 * Deliver the pages of a chunk whose header is valid.  Returns -1 only
 * when reading or the sink failed; damage is counted and reported.
 */
static int take_chunk(struct walker *w, const struct dd_chunk_header *c,
		      uint64_t pos)
{
	struct walk_stats *st = w->st;
	uint64_t sum = 0, off = 0, lo, hi;
	uint32_t i, bad = 0;
	const char *first_bad = NULL;
	uint64_t first_bad_pfn = 0;

	chunk_pfn_span(c, &lo, &hi);
	if (w->gap_open && c->nr_pages) {
		/* What lost chunks held lies between the pages around them. */
		if (lo > 0)
			note_missing(st, next_expected_pfn(w), lo - 1);
		w->gap_open = false;
	}
	for (i = 0; i < dd_from_le32(c->nr_pages); i++)
		sum += dd_from_le32(c->pages[i].size);	/* <= 252 * 2^32: no overflow */
	if (sum != dd_from_le64(c->payload_bytes)) {
		report(w, "chunk %llu at block %llu (pfn %#llx-%#llx): page sizes do not add up to the payload; its %u pages lost",
		       (unsigned long long)dd_from_le64(c->seq), (unsigned long long)pos,
		       (unsigned long long)lo, (unsigned long long)hi,
		       dd_from_le32(c->nr_pages));
		st->chunks_corrupt++;
		st->pages_corrupt += pages_read(c);
		note_missing(st, lo, hi);
		return 0;
	}
	if (w->sink) {
		const char *why = NULL;

		/* A sealed payload's tag follows it, under the same checksum. */
		uint64_t bytes = dd_from_le64(c->payload_bytes) +
				 (w->d->sealed ? DD_SEAL_TAG_SIZE : 0);

		if (bytes > (uint64_t)dd_from_le32(c->payload_blocks) * DD_BLOCK_SIZE)
			why = "payload and its seal larger than its blocks";
		else if (dumpdev_read(w->dev, pos + 1, dd_from_le32(c->payload_blocks), w->payload))
			why = strerror(errno);
		else if (dd_xxh64(w->payload, bytes) != dd_from_le64(c->payload_xxh64))
			why = "payload checksum mismatch";
		else if (w->d->sealed &&
			 (!w->d->opened ||
			  !seal_open_chunk(w->d->seal_key, dd_from_le64(c->seq), c->pages,
					   dd_from_le32(c->nr_pages), w->payload,
					   dd_from_le64(c->payload_bytes))))
			why = "its seal does not open (altered on the disk)";
		if (why) {
			report(w, "chunk %llu at block %llu (pfn %#llx-%#llx): %s; its %llu pages lost",
			       (unsigned long long)dd_from_le64(c->seq), (unsigned long long)pos,
			       (unsigned long long)lo, (unsigned long long)hi, why,
			       (unsigned long long)pages_read(c));
			st->chunks_corrupt++;
			st->pages_corrupt += pages_read(c);
			note_missing(st, lo, hi);
			return 0;
		}
	}
	for (i = 0; i < dd_from_le32(c->nr_pages); i++) {
		const struct dd_page_desc *p = &c->pages[i];
		const char *why = page_problem(w, p);

		if (why) {
			if (!first_bad) {
				first_bad = why;
				first_bad_pfn = dd_from_le64(p->pfn);
			}
			bad++;
			note_missing(st, dd_from_le64(p->pfn), dd_from_le64(p->pfn));
		} else if (dd_from_le32(p->flags) == DD_PAGE_UNREADABLE) {
			note_order(w, dd_from_le64(p->pfn));
			st->pages_unreadable++;
		} else if (w->sink && is_compressed(p) &&
			   (why = decompress(p, w->payload + off, w->page,
					     sizeof(w->page)))) {
			/* The checksum held: the kernel wrote bad data. */
			if (!first_bad) {
				first_bad = why;
				first_bad_pfn = dd_from_le64(p->pfn);
			}
			bad++;
			note_missing(st, dd_from_le64(p->pfn), dd_from_le64(p->pfn));
		} else if (deliver(w, p, w->payload ? w->payload + off
						    : NULL) < 0) {
			return -1;
		}
		off += dd_from_le32(p->size);
	}
	st->pages_bad_desc += bad;
	if (bad)
		report(w, "chunk %llu at block %llu: %u pages unusable (first: pfn %#llx, %s); those pages lost",
		       (unsigned long long)dd_from_le64(c->seq), (unsigned long long)pos, bad,
		       (unsigned long long)first_bad_pfn, first_bad);
	if (bad)
		st->chunks_corrupt++;
	else
		st->chunks_ok++;
	return 0;
}

static int walk(struct walker *w)
{
	struct walk_stats *st = w->st;
	const struct dump *d = w->d;
	_Alignas(8) uint8_t block[DD_BLOCK_SIZE];
	const struct dd_chunk_header *c = (const void *)block;
	uint64_t pos = dd_from_le64(d->header.data_block), seq = 0;

	while (seq < w->nr_chunks) {
		const char *why;
		uint64_t window_end, npos, nseq;
		int found;

		if (pos >= w->end) {
			if (d->has_trailer)
				snprintf(st->stop_reason, sizeof(st->stop_reason),
					 "reached the trailer before chunk %llu",
					 (unsigned long long)seq);
			else
				snprintf(st->stop_reason, sizeof(st->stop_reason),
					 "reached the end of the partition");
			break;
		}
		if (dumpdev_read(w->dev, pos, 1, block) < 0)
			why = "unreadable";
		else
			why = check_chunk_at(w, block, pos, seq);
		if (!why) {
			if (take_chunk(w, c, pos) < 0)
				return -1;
			pos += 1 + dd_from_le32(c->payload_blocks);
			seq++;
			if (w->sink && w->sink->progress)
				w->sink->progress(w->sink->ctx, pos, w->end);
			continue;
		}
		/*
		 * With a trailer the chunks are known to go on until it; without
		 * one, damage close to the last good chunk is most likely where
		 * the kernel stopped writing, so search only a short way.
		 */
		window_end = w->end;
		if (!d->has_trailer && w->end - pos > CHUNK_RESYNC_WINDOW_TRUNCATED)
			window_end = pos + CHUNK_RESYNC_WINDOW_TRUNCATED;
		found = resync(w, pos + 1, window_end, seq, &npos, &nseq);
		if (found < 0)
			return -1;
		if (!found) {
			snprintf(st->stop_reason, sizeof(st->stop_reason),
				 "no valid chunk %llu at block %llu (%s)",
				 (unsigned long long)seq, (unsigned long long)pos,
				 why);
			break;
		}
		report(w, "chunk %llu at block %llu invalid (%s); resynchronised at block %llu with chunk %llu: %llu blocks skipped, %llu chunks lost",
		       (unsigned long long)seq,
		       (unsigned long long)pos, why, (unsigned long long)npos,
		       (unsigned long long)nseq,
		       (unsigned long long)(npos - pos),
		       (unsigned long long)(nseq - seq));
		st->resyncs++;
		st->blocks_skipped += npos - pos;
		st->chunks_lost += nseq - seq;
		w->gap_open = true;
		pos = npos;
		seq = nseq;
	}
	st->next_seq = seq;
	st->end_block = pos;
	st->reached_end = d->has_trailer && seq == w->nr_chunks;
	/* Cut short, or the kernel stopped early: the rest never came. */
	if (!st->reached_end || !dump_is_complete(d)) {
		uint64_t from = next_expected_pfn(w), to = last_ram_pfn(w);

		if (from <= to)
			note_missing(st, from, to);
	}
	return 0;
}

int chunk_walk(const struct dumpdev *dev, const struct dump *d,
	       const struct walk_sink *sink, struct walk_stats *st)
{
	struct walker w = {
		.dev = dev, .d = d, .sink = sink, .st = st,
		.end = d->has_trailer ? dd_from_le64(d->header.end_block) : d->limit,
		.nr_chunks = d->has_trailer ? dd_from_le64(d->final.nr_chunks) : UINT64_MAX,
	};
	int ret = -1;

	memset(st, 0, sizeof(*st));
	w.scan = malloc((size_t)RESYNC_BATCH * DD_BLOCK_SIZE);
	w.payload = sink ? malloc((size_t)CHUNK_MAX_PAYLOAD_BLOCKS * DD_BLOCK_SIZE)
			 : NULL;
	if (!w.scan || (sink && !w.payload)) {
		errno = ENOMEM;
		goto out;
	}
	ret = walk(&w);
	if (ret < 0)
		snprintf(st->stop_reason, sizeof(st->stop_reason),
			 "walk aborted: %s", strerror(errno));
out:
	free(w.scan);
	free(w.payload);
	return ret;
}

bool walk_is_partial(const struct walk_stats *st)
{
	return !st->reached_end || st->chunks_corrupt || st->chunks_lost ||
	       st->pages_corrupt || st->pages_bad_desc;
}
