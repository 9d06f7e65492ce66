// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <string.h>

#include "ddblockio.h"
#include "kdump_bitmap.h"
#include "outbuf.h"

uint64_t kdump_bitmap_blocks(uint64_t max_mapnr)
{
	return (max_mapnr + KDUMP_BITS_PER_BLOCK - 1) / KDUMP_BITS_PER_BLOCK;
}

void bitmap_stream_init(struct bitmap_stream *s, int fd, uint64_t file_offset,
			uint64_t nr_blocks)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->file_offset = file_offset;
	s->nr_blocks = nr_blocks;
}

int bitmap_stream_flush(struct bitmap_stream *s)
{
	if (!s->dirty)
		return 0;
	if (dd_write_full(s->fd, s->buf, sizeof(s->buf),
		       s->file_offset + s->block * DD_BLOCK_SIZE) < 0)
		return -1;
	s->dirty = false;
	memset(s->buf, 0, sizeof(s->buf));
	return 0;
}

/* Make block the one in buf; never back to one that may be written. */
static int move_to(struct bitmap_stream *s, uint64_t block)
{
	if (block >= s->nr_blocks || block < s->block) {
		errno = ERANGE;
		return -1;
	}
	if (block == s->block)
		return 0;
	if (bitmap_stream_flush(s) < 0)
		return -1;
	s->block = block;
	return 0;
}

int bitmap_stream_set(struct bitmap_stream *s, uint64_t pfn)
{
	uint64_t bit = pfn % KDUMP_BITS_PER_BLOCK;

	if (move_to(s, pfn / KDUMP_BITS_PER_BLOCK) < 0)
		return -1;
	s->buf[bit / 8] |= (uint8_t)(1u << (bit % 8));
	s->dirty = true;
	return 0;
}

int bitmap_stream_set_run(struct bitmap_stream *s, uint64_t pfn, uint64_t n)
{
	while (n) {
		uint64_t bit = pfn % KDUMP_BITS_PER_BLOCK;
		uint64_t here = KDUMP_BITS_PER_BLOCK - bit;

		if (here > n)
			here = n;
		if (move_to(s, pfn / KDUMP_BITS_PER_BLOCK) < 0)
			return -1;
		/* Whole bytes at once where the run covers them. */
		while (here && bit % 8) {
			s->buf[bit / 8] |= (uint8_t)(1u << (bit % 8));
			bit++, pfn++, n--, here--;
		}
		if (here >= 8) {
			memset(s->buf + bit / 8, 0xff, here / 8);
			bit += here / 8 * 8;
			pfn += here / 8 * 8;
			n -= here / 8 * 8;
			here %= 8;
		}
		while (here) {
			s->buf[bit / 8] |= (uint8_t)(1u << (bit % 8));
			bit++, pfn++, n--, here--;
		}
		s->dirty = true;
	}
	return 0;
}

int kdump_write_ram_bitmap(int fd, uint64_t file_offset, uint64_t nr_blocks,
			   const struct range_map *m)
{
	struct bitmap_stream s;
	unsigned int i;

	bitmap_stream_init(&s, fd, file_offset, nr_blocks);
	for (i = 0; i < m->n; i++)
		if (bitmap_stream_set_run(&s, m->r[i].start_pfn,
					  m->r[i].nr_pages) < 0)
			return -1;
	return bitmap_stream_flush(&s);
}
