// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kdump-compressed vmcore (see kdump_layout.h), written in one pass
 * with memory that does not grow with the dump: the counting pass tells
 * how many pages may come (pages with data and zero pages), so the page
 * data can start right after room for that many descriptors; descriptors
 * and data are then appended as the pages arrive in pfn order, and the
 * 2nd bitmap is written a block at a time behind them.  Headers and the
 * 1st bitmap come last, at finish.
 *
 * Pages go in as the kernel stored them: LZO pages keep their LZO bytes
 * (the walk decompressed them once, to check them), raw pages stay raw,
 * and every page of zeroes points at one shared block of zeroes, as
 * makedumpfile does: the pages the kernel recorded as zero pages (dump
 * level bit 1) and any stored page that happens to be all zeroes.  Zero
 * pages must be in the 2nd bitmap: crash reads a page missing from it as
 * an error ("page excluded"), and the kernel's own zero pages (.bss, page
 * tables) are read while it starts up.
 *
 * Every other page is absent from the 2nd bitmap, whatever the reason:
 * left out by the dump level, unreadable, in a damaged or lost chunk, or
 * never written.  If fewer pages come than counted (a chunk turned out
 * damaged), the unused descriptor room stays a hole: readers find
 * descriptors by counting bitmap bits and data by offset, never by the
 * distance between the two.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddblockio.h"
#include "kdump_bitmap.h"
#include "kdump_layout.h"
#include "ddmsg.h"
#include "notes.h"
#include "outbuf.h"
#include "vmcore_out.h"

#define DESC_BUFFER_BYTES	(64u << 10)
#define DATA_BUFFER_BYTES	(1u << 20)

struct kdump_layout {
	uint64_t	max_mapnr;
	uint64_t	sub_hdr_blocks;
	uint64_t	bitmap_blocks;		/* one bitmap; the file has two */
	uint64_t	bitmap1_off;
	uint64_t	bitmap2_off;
	uint64_t	desc_off;
	uint64_t	data_off;
};

struct kdumpcore {
	struct vmcore_writer	w;
	int			fd;
	const struct dump	*d;
	struct kdump_layout	l;
	uint64_t		max_pages;
	uint64_t		nr_stored;
	uint64_t		nr_lzo;
	uint64_t		nr_zstd;
	uint64_t		nr_zero;
	bool			have_last_pfn;
	uint64_t		last_pfn;
	int64_t			zero_block_off;	/* 0 until the first zero page */
	struct outbuf		descs;
	struct outbuf		data;
	struct bitmap_stream	stored_bitmap;
};

static uint64_t blocks_for(uint64_t bytes)
{
	return (bytes + DD_BLOCK_SIZE - 1) / DD_BLOCK_SIZE;
}

/*
 * Ranges are sorted and below RANGES_MAX_PFN (2^40), notes_len is below
 * 16 MiB and max_pages below 2^40: no product here reaches 2^63.
 */
static void layout(const struct dump *d, uint64_t max_pages,
		   struct kdump_layout *l)
{
	const struct range_map *m = &d->ranges;

	memset(l, 0, sizeof(*l));
	l->max_mapnr = m->n ? m->r[m->n - 1].start_pfn + m->r[m->n - 1].nr_pages
			    : 0;
	l->sub_hdr_blocks = blocks_for(sizeof(struct kdump_sub_header) +
				       d->notes_len);
	l->bitmap_blocks = kdump_bitmap_blocks(l->max_mapnr);
	l->bitmap1_off = (1 + l->sub_hdr_blocks) * DD_BLOCK_SIZE;
	l->bitmap2_off = l->bitmap1_off + l->bitmap_blocks * DD_BLOCK_SIZE;
	l->desc_off = l->bitmap2_off + l->bitmap_blocks * DD_BLOCK_SIZE;
	l->data_off = l->desc_off + max_pages * sizeof(struct kdump_page_desc);
}

/* As many descriptors as pages may come, never more than pages of RAM. */
static uint64_t descriptor_room(const struct dump *d, uint64_t max_pages)
{
	return max_pages < d->ranges.total_pages ? max_pages
						 : d->ranges.total_pages;
}

uint64_t kdumpcore_space_needed(const struct dump *d, uint64_t pages_with_data,
				uint64_t zero_pages)
{
	struct kdump_layout l;
	uint64_t pages = pages_with_data + zero_pages;

	/* Both counts are at most 2^40 (RANGES_MAX_PFN): no overflow. */
	layout(d, descriptor_room(d, pages), &l);
	/* Raw pages at worst, plus the shared zero block. */
	return l.data_off + (pages_with_data + 1) * DD_BLOCK_SIZE;
}

static uint32_t saturate32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* A fixed-size field from the disk, perhaps without NUL: always end it. */
static void copy_uts(char *dst, const char *src)
{
	memcpy(dst, src, KDUMP_UTS_LEN);
	dst[KDUMP_UTS_LEN - 1] = '\0';
}

static void fill_disk_header(const struct kdumpcore *k,
			     struct kdump_disk_header *dh)
{
	const struct dd_dump_header *h = &k->d->header;

	memset(dh, 0, sizeof(*dh));
	memcpy(dh->signature, KDUMP_SIGNATURE, KDUMP_SIGNATURE_LEN);
	dh->header_version = KDUMP_HEADER_VERSION;
	copy_uts(dh->sysname, h->sysname);
	copy_uts(dh->nodename, h->nodename);
	copy_uts(dh->release, h->release);
	copy_uts(dh->version, h->utsversion);
	copy_uts(dh->machine, h->machine);
	copy_uts(dh->domainname, h->domainname);
	dh->timestamp_sec = dd_from_le64(h->panic_time) > INT64_MAX ? 0
						      : (int64_t)dd_from_le64(h->panic_time);
	/* What the pages in this file are, not what the kernel was asked. */
	dh->status = (k->nr_lzo ? KDUMP_DH_COMPRESSED_LZO : 0) |
		     (k->nr_zstd ? KDUMP_DH_COMPRESSED_ZSTD : 0);
	if (k->w.incomplete)
		dh->status |= KDUMP_DH_COMPRESSED_INCOMPLETE;
	dh->block_size = DD_BLOCK_SIZE;
	dh->sub_hdr_size = (int32_t)k->l.sub_hdr_blocks;
	dh->bitmap_blocks = saturate32(2 * k->l.bitmap_blocks);
	dh->max_mapnr = saturate32(k->l.max_mapnr);
	dh->total_ram_blocks = saturate32(k->d->ranges.total_pages);
	dh->device_blocks = saturate32(dd_from_le64(h->partition_blocks));
	dh->written_blocks = saturate32(k->nr_stored);
	dh->current_cpu = dd_from_le32(h->panic_cpu);
	dh->nr_cpus = dd_from_le32(h->nr_cpus) > INT32_MAX ? INT32_MAX
							 : (int32_t)dd_from_le32(h->nr_cpus);
}

static void fill_sub_header(const struct kdumpcore *k,
			    struct kdump_sub_header *sh)
{
	const struct dump *d = k->d;
	size_t off, len;

	memset(sh, 0, sizeof(*sh));
	sh->phys_base = dd_from_le64(d->header.phys_base);
	sh->dump_level = (int32_t)(dd_from_le32(d->header.dump_level) & DD_DL_ALL);
	sh->start_pfn = 0;
	sh->end_pfn = k->l.max_mapnr;
	sh->start_pfn_64 = 0;
	sh->end_pfn_64 = k->l.max_mapnr;
	sh->max_mapnr_64 = k->l.max_mapnr;
	if (d->notes_len) {
		sh->offset_note = DD_BLOCK_SIZE + sizeof(*sh);
		sh->size_note = d->notes_len;
	}
	/* VMCOREINFO is the text inside its note: point readers at it. */
	if (d->notes_len &&
	    !notes_find_desc(d->notes, d->notes_len, "VMCOREINFO", &off, &len) &&
	    len) {
		sh->offset_vmcoreinfo = sh->offset_note + (int64_t)off;
		sh->size_vmcoreinfo = len;
	}
}

static int write_headers(const struct kdumpcore *k)
{
	const struct dump *d = k->d;
	size_t len = (size_t)(1 + k->l.sub_hdr_blocks) * DD_BLOCK_SIZE;
	uint8_t *buf = calloc(1, len);
	struct kdump_disk_header dh;
	struct kdump_sub_header sh;
	int ret;

	if (!buf)
		return -1;
	fill_disk_header(k, &dh);
	fill_sub_header(k, &sh);
	memcpy(buf, &dh, sizeof(dh));
	memcpy(buf + DD_BLOCK_SIZE, &sh, sizeof(sh));
	if (d->notes_len)
		memcpy(buf + DD_BLOCK_SIZE + sizeof(sh), d->notes, d->notes_len);
	ret = dd_write_full(k->fd, buf, len, 0);
	free(buf);
	return ret;
}

static int zero_block(struct kdumpcore *k)
{
	static const uint8_t zeroes[DD_BLOCK_SIZE];

	if (k->zero_block_off)
		return 0;
	k->zero_block_off = (int64_t)outbuf_offset(&k->data);
	return outbuf_append(&k->data, zeroes, sizeof(zeroes));
}

/* The descriptor room was sized by the counting pass: one more page? */
static int check_room(struct kdumpcore *k)
{
	if (k->nr_stored < k->max_pages)
		return 0;
	dd_dev_error(k->d->name, "more pages than the counting pass found (%llu): did the device change while being read?",
		     (unsigned long long)k->max_pages);
	errno = EOVERFLOW;
	return -1;
}

/* Where this page's bytes go, and in which form. */
static int place_data(struct kdumpcore *k, const struct dump_page *p,
		      struct kdump_page_desc *pd)
{
	const void *bytes = p->data;
	uint32_t size = DD_BLOCK_SIZE, flags = 0;

	if (p->stored_flags == DD_PAGE_ZERO || dd_all_zero(p->data, DD_BLOCK_SIZE)) {
		if (zero_block(k) < 0)
			return -1;
		k->nr_zero++;
		pd->offset = k->zero_block_off;
		pd->size = DD_BLOCK_SIZE;
		pd->flags = 0;
		return 0;
	}
	/*
	 * Keep the kernel's LZO or zstd bytes.  Readers refuse a stored page
	 * larger than a block: such a page (the kernel should have stored it
	 * raw) goes in raw.
	 */
	if ((p->stored_flags == DD_PAGE_LZO || p->stored_flags == DD_PAGE_ZSTD) &&
	    p->stored_size < DD_BLOCK_SIZE) {
		bytes = p->stored;
		size = p->stored_size;
		if (p->stored_flags == DD_PAGE_ZSTD) {
			flags = KDUMP_DH_COMPRESSED_ZSTD;
			k->nr_zstd++;
		} else {
			flags = KDUMP_DH_COMPRESSED_LZO;
			k->nr_lzo++;
		}
	}
	pd->offset = (int64_t)outbuf_offset(&k->data);
	pd->size = size;
	pd->flags = flags;
	return outbuf_append(&k->data, bytes, size);
}

static int kdump_write_page(struct vmcore_writer *w, const struct dump_page *p)
{
	struct kdumpcore *k = (struct kdumpcore *)w;
	struct kdump_page_desc pd = { 0 };
	uint64_t index;

	if (range_map_find(&k->d->ranges, p->pfn, &index) < 0) {
		errno = EINVAL;
		return -1;
	}
	/* Descriptors are found by rank in the bitmap: pfn order is the law. */
	if (k->have_last_pfn && p->pfn <= k->last_pfn) {
		dd_dev_error(k->d->name, "page pfn %#llx comes after pfn %#llx: the kdump-compressed format needs ascending pfns (savecore -E writes ELF, which does not)",
			     (unsigned long long)p->pfn,
			     (unsigned long long)k->last_pfn);
		errno = EINVAL;
		return -1;
	}
	if (check_room(k) < 0 || place_data(k, p, &pd) < 0 ||
	    outbuf_append(&k->descs, &pd, sizeof(pd)) < 0 ||
	    bitmap_stream_set(&k->stored_bitmap, p->pfn) < 0)
		return -1;
	k->have_last_pfn = true;
	k->last_pfn = p->pfn;
	k->nr_stored++;
	return 0;
}

static int kdump_finish(struct vmcore_writer *w)
{
	struct kdumpcore *k = (struct kdumpcore *)w;
	uint64_t end;

	if (outbuf_flush(&k->descs) < 0 || outbuf_flush(&k->data) < 0 ||
	    bitmap_stream_flush(&k->stored_bitmap) < 0 ||
	    kdump_write_ram_bitmap(k->fd, k->l.bitmap1_off, k->l.bitmap_blocks,
				   &k->d->ranges) < 0 ||
	    write_headers(k) < 0)
		return -1;
	/*
	 * Readers map the bitmaps and read descriptors: the file must reach
	 * past them even when their last blocks are holes.
	 */
	end = outbuf_offset(&k->data);
	if (end < k->l.data_off)
		end = k->l.data_off;
	if (ftruncate(k->fd, (off_t)end) < 0)
		return -1;
	dd_dev_debug(k->d->name, "kdump-compressed: %llu pages stored (%llu LZO, %llu zstd, %llu zero), %llu bytes", (unsigned long long)k->nr_stored,
		     (unsigned long long)k->nr_lzo, (unsigned long long)k->nr_zstd,
		     (unsigned long long)k->nr_zero,
		     (unsigned long long)end);
	return fsync(k->fd);
}

static void kdump_destroy(struct vmcore_writer *w)
{
	struct kdumpcore *k = (struct kdumpcore *)w;

	outbuf_free(&k->descs);
	outbuf_free(&k->data);
	free(k);
}

static const struct vmcore_writer_ops kdump_ops = {
	.name = "kdump-compressed",
	.write_page = kdump_write_page,
	.finish = kdump_finish,
	.destroy = kdump_destroy,
};

struct vmcore_writer *kdumpcore_open(int fd, const struct dump *d,
				     uint64_t max_pages, char *err,
				     size_t errlen)
{
	struct kdumpcore *k;

	if (dd_from_le32(d->header.page_size) != DD_BLOCK_SIZE || !d->ranges.n) {
		snprintf(err, errlen, "dump has no usable memory layout");
		return NULL;
	}
	max_pages = descriptor_room(d, max_pages);
	k = calloc(1, sizeof(*k));
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->w.ops = &kdump_ops;
	k->fd = fd;
	k->d = d;
	k->max_pages = max_pages;
	layout(d, max_pages, &k->l);
	bitmap_stream_init(&k->stored_bitmap, fd, k->l.bitmap2_off,
			   k->l.bitmap_blocks);
	if (outbuf_init(&k->descs, fd, k->l.desc_off, DESC_BUFFER_BYTES) < 0 ||
	    outbuf_init(&k->data, fd, k->l.data_off, DATA_BUFFER_BYTES) < 0) {
		snprintf(err, errlen, "out of memory");
		kdump_destroy(&k->w);
		return NULL;
	}
	return &k->w;
}
