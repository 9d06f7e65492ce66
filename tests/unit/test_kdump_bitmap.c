// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kdump-compressed bitmaps (kdump_bitmap.c): sizes, bits of ranges
 * with holes and at byte and block boundaries, runs that cross blocks,
 * blocks without a set bit left as holes, and pfns going backwards or
 * past the end refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kdump_bitmap.h"
#include "test_check.h"
#include "test_savecore_run.h"

#define BPB	KDUMP_BITS_PER_BLOCK	/* 32768 pfns per bitmap block */

static char scratch[256], path[300];

static int fresh_file(void)
{
	unlink(path);
	return open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
}

/* The bitmap at offset, as nr_blocks blocks (holes and EOF read zero). */
static uint8_t *read_bitmap(int fd, uint64_t offset, uint64_t nr_blocks)
{
	uint8_t *b = calloc(nr_blocks, DD_BLOCK_SIZE);

	if (b && pread(fd, b, nr_blocks * DD_BLOCK_SIZE, (off_t)offset) < 0) {
		free(b);
		return NULL;
	}
	return b;
}

static int bit(const uint8_t *b, uint64_t pfn)
{
	return (b[pfn / 8] >> (pfn % 8)) & 1;
}

static void test_sizes(void)
{
	check("bitmap blocks: 0 pfns", kdump_bitmap_blocks(0) == 0, "%llu",
	      (unsigned long long)kdump_bitmap_blocks(0));
	check("bitmap blocks: 1 pfn", kdump_bitmap_blocks(1) == 1, "wrong");
	check("bitmap blocks: exactly one block",
	      kdump_bitmap_blocks(BPB) == 1, "wrong");
	check("bitmap blocks: one pfn more", kdump_bitmap_blocks(BPB + 1) == 2,
	      "wrong");
	check("bitmap blocks: 512 GiB is 16 MiB per bitmap",
	      kdump_bitmap_blocks(1ull << 27) * DD_BLOCK_SIZE == 16u << 20,
	      "wrong");
}

/* Ranges with holes, ends at byte and block boundaries. */
static void test_ram_bitmap(void)
{
	static const struct { uint64_t start, n; } rs[] = {
		{ 0, 1 },		/* pfn 0 alone */
		{ 7, 2 },		/* crosses a byte boundary */
		{ 16, 8 },		/* exactly one byte */
		{ 100, 1000 },		/* partial bytes at both ends */
		{ BPB - 3, 6 },		/* crosses a block boundary */
		{ 3 * BPB, BPB },	/* exactly one block, after a hole */
		{ 5 * BPB - 1, 1 },	/* last pfn of a block */
	};
	struct range_map m = { 0 };
	uint64_t nr_blocks = 5, pfn;
	unsigned int i, wrong = 0;
	uint8_t *b;
	struct stat st;
	int fd = fresh_file();

	for (i = 0; i < sizeof(rs) / sizeof(rs[0]); i++) {
		m.r[i].start_pfn = rs[i].start;
		m.r[i].nr_pages = rs[i].n;
		m.r[i].first_index = m.total_pages;
		m.total_pages += rs[i].n;
	}
	m.n = i;
	check("ram bitmap: written", kdump_write_ram_bitmap(fd, 8192,
	      nr_blocks, &m) == 0, "%s", strerror(errno));
	b = read_bitmap(fd, 8192, nr_blocks);
	for (pfn = 0; b && pfn < nr_blocks * BPB; pfn++) {
		int want = 0;

		for (i = 0; i < m.n; i++)
			want |= pfn >= rs[i].start && pfn < rs[i].start + rs[i].n;
		if (bit(b, pfn) != want && wrong++ < 3)
			printf("# pfn %llu: bit %d, want %d\n",
			       (unsigned long long)pfn, bit(b, pfn), want);
	}
	check("ram bitmap: every bit as the ranges say", b && !wrong,
	      "%u wrong", wrong);
	/* Block 2 (pfns 2*BPB..3*BPB) has no RAM: it was never written. */
	fstat(fd, &st);
	check("ram bitmap: blocks without RAM are holes",
	      (uint64_t)st.st_blocks * 512 <= 4 * DD_BLOCK_SIZE + 8192,
	      "%lld bytes allocated", (long long)st.st_blocks * 512);
	free(b);
	close(fd);
}

static void test_stream_rules(void)
{
	struct bitmap_stream s;
	uint8_t *b;
	int fd = fresh_file();

	bitmap_stream_init(&s, fd, 0, 2);
	check("stream: pfns in order accepted",
	      !bitmap_stream_set(&s, 5) && !bitmap_stream_set(&s, 5) &&
	      !bitmap_stream_set(&s, BPB - 1) && !bitmap_stream_set(&s, BPB),
	      "%s", strerror(errno));
	errno = 0;
	check("stream: going back to a written block refused",
	      bitmap_stream_set(&s, 6) < 0 && errno == ERANGE, "errno %d",
	      errno);
	errno = 0;
	check("stream: pfn past the bitmap refused",
	      bitmap_stream_set(&s, 2 * BPB) < 0 && errno == ERANGE,
	      "errno %d", errno);
	check("stream: run to the last pfn", !bitmap_stream_set_run(&s,
	      BPB + 1, BPB - 1) && !bitmap_stream_flush(&s), "%s",
	      strerror(errno));
	errno = 0;
	check("stream: run past the end refused",
	      bitmap_stream_set_run(&s, 2 * BPB - 1, 2) < 0 && errno == ERANGE,
	      "errno %d", errno);
	b = read_bitmap(fd, 0, 2);
	check("stream: bits as set", b && bit(b, 5) && !bit(b, 4) &&
	      !bit(b, 6) && bit(b, BPB - 1) && bit(b, BPB) &&
	      bit(b, 2 * BPB - 1) && !bit(b, BPB - 2), "wrong bits");
	free(b);
	close(fd);
}

int main(void)
{
	scratch_make(scratch, sizeof(scratch), "kdbitmap");
	snprintf(path, sizeof(path), "%s/bitmap", scratch);
	test_sizes();
	test_ram_bitmap();
	test_stream_rules();
	scratch_remove(scratch);
	return test_exit_status();
}
