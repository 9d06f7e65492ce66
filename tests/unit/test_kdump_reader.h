/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A reader of kdump-compressed files for the tests, written the way crash
 * and makedumpfile use the format: header and sub header at fixed places,
 * two bitmaps, a page's descriptor found by counting the set bits of the
 * 2nd bitmap below it, data wherever the descriptor points.  Everything
 * is checked against the file's size, so a broken writer fails a check
 * instead of crashing the test.
 */
#ifndef TEST_KDUMP_READER_H
#define TEST_KDUMP_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kdump_layout.h"
#include "lzo_page.h"

struct kreader {
	uint8_t				*file;
	size_t				len;
	struct kdump_disk_header	dh;
	struct kdump_sub_header		sh;
	uint64_t			max_mapnr;
	const uint8_t			*bitmap1, *bitmap2;
	uint64_t			bitmap_bytes;	/* one bitmap */
	uint64_t			desc_off;
	uint64_t			*rank;		/* set bits of bitmap2 below each byte */
	uint64_t			nr_stored;
};

static bool kr_bit(const uint8_t *bm, uint64_t bytes, uint64_t pfn)
{
	return pfn / 8 < bytes && ((bm[pfn / 8] >> (pfn % 8)) & 1);
}

__attribute__((unused))
static bool kr_bit1(const struct kreader *r, uint64_t pfn)
{
	return kr_bit(r->bitmap1, r->bitmap_bytes, pfn);
}

__attribute__((unused))
static bool kr_bit2(const struct kreader *r, uint64_t pfn)
{
	return kr_bit(r->bitmap2, r->bitmap_bytes, pfn);
}

__attribute__((unused))
static void kr_close(struct kreader *r)
{
	free(r->file);
	free(r->rank);
	memset(r, 0, sizeof(*r));
}

/* NULL, or why the file is not a well-formed kdump-compressed file. */
__attribute__((unused))
static const char *kr_open(struct kreader *r, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint64_t bs, i, total = 0;
	long n;

	memset(r, 0, sizeof(*r));
	if (!f)
		return "cannot open";
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	r->len = (size_t)n;
	r->file = malloc(r->len ? r->len : 1);
	if (!r->file || fread(r->file, 1, r->len, f) != r->len) {
		fclose(f);
		return "cannot read";
	}
	fclose(f);
	if (r->len < 2 * 4096)
		return "shorter than two blocks";
	memcpy(&r->dh, r->file, sizeof(r->dh));
	if (memcmp(r->dh.signature, KDUMP_SIGNATURE, 8))
		return "bad signature";
	if (r->dh.header_version != 6)
		return "header version is not 6";
	if (r->dh.block_size != 4096)
		return "block size is not 4096";
	bs = 4096;
	memcpy(&r->sh, r->file + bs, sizeof(r->sh));
	r->max_mapnr = r->sh.max_mapnr_64;
	if (r->dh.sub_hdr_size < 1 || r->dh.bitmap_blocks % 2)
		return "bad sub header or bitmap sizes";
	/* What crash requires to take the 2nd half as the dumpable bitmap. */
	if (r->dh.bitmap_blocks <
	    2 * ((r->max_mapnr + 8 * bs - 1) / (8 * bs)))
		return "bitmaps too small for max_mapnr";
	r->bitmap_bytes = r->dh.bitmap_blocks / 2 * bs;
	r->desc_off = (1 + (uint64_t)r->dh.sub_hdr_size + r->dh.bitmap_blocks) * bs;
	if (r->desc_off > r->len)
		return "file ends before the descriptors";
	r->bitmap1 = r->file + (1 + (uint64_t)r->dh.sub_hdr_size) * bs;
	r->bitmap2 = r->bitmap1 + r->bitmap_bytes;
	r->rank = calloc(r->bitmap_bytes + 1, sizeof(*r->rank));
	if (!r->rank)
		return "out of memory";
	for (i = 0; i < r->bitmap_bytes; i++) {
		r->rank[i] = total;
		total += (uint64_t)__builtin_popcount(r->bitmap2[i]);
	}
	r->rank[r->bitmap_bytes] = total;
	r->nr_stored = total;
	if (r->desc_off + total * sizeof(struct kdump_page_desc) > r->len)
		return "file ends inside the descriptors";
	return NULL;
}

/* The descriptor of a stored pfn; false when bit 2 is clear. */
__attribute__((unused))
static bool kr_desc(const struct kreader *r, uint64_t pfn,
		    struct kdump_page_desc *pd)
{
	uint64_t index;

	if (!kr_bit2(r, pfn))
		return false;
	index = r->rank[pfn / 8] +
		(uint64_t)__builtin_popcount(r->bitmap2[pfn / 8] &
					     ((1u << (pfn % 8)) - 1));
	memcpy(pd, r->file + r->desc_off + index * sizeof(*pd), sizeof(*pd));
	return true;
}

/* A stored page's content: NULL, or why it cannot be read. */
__attribute__((unused))
static const char *kr_page(const struct kreader *r, uint64_t pfn, uint8_t *out)
{
	struct kdump_page_desc pd;

	if (!kr_desc(r, pfn, &pd))
		return "not stored";
	if (pd.offset <= 0 || pd.size == 0 || pd.size > 4096 ||
	    (uint64_t)pd.offset + pd.size > r->len)
		return "descriptor points outside the file";
	if (pd.offset < (int64_t)(r->desc_off + r->nr_stored * sizeof(pd)))
		return "data inside the headers, bitmaps or descriptors";
	if (pd.flags == KDUMP_DH_COMPRESSED_LZO)
		return dd_lzo_decompress_page(r->file + pd.offset, pd.size,
					      out, 4096);
	if (pd.flags != 0)
		return "unknown flags";
	if (pd.size != 4096)
		return "raw page not 4096 bytes";
	memcpy(out, r->file + pd.offset, 4096);
	return NULL;
}

#endif
