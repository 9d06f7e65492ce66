// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The core's request splitting (include/diskdump/split.h), the same code
 * the kernel runs: for controllers with small transfers, few or short
 * segments, 512- and 4096-byte logical blocks, every request of a chunk
 * must respect every limit, and together they must cover the chunk exactly.
 */
#include <inttypes.h>
#include <stdio.h>

#include "diskdump/split.h"
#include "test_check.h"

/* A chunk as the kernel writes one: a header block and 252 page blocks. */
#define CHUNK_BYTES	((1 + DD_CHUNK_MAX_PAGES) * DD_BLOCK_SIZE)
#define MAX_QUEUE	32

struct limits_case {
	const char		*name;
	struct dd_io_limits	l;
	uint64_t		start_sector;	/* of the partition */
	uint32_t		want_bytes;	/* largest request */
};

static const struct limits_case good[] = {
	{ "virtio, default", { 16u << 20, 14, 4u << 20, 512, 4 }, 2048, 16u << 20 },
	{ "NVMe MDTS 128 KiB, PRP pages", { 128u << 10, 32, 4096, 512, 16 }, 2048, 128u << 10 },
	{ "NVMe 4Kn, MDTS 512 KiB", { 512u << 10, 128, 4096, 4096, 32 }, 256, 512u << 10 },
	{ "HBA 64 KiB - 1 transfer", { 65535, 255, 65536, 512, 8 }, 63 * 8, 61440 },
	{ "segments of 64 KiB - 1", { 1u << 20, 2, 65535, 512, 1 }, 2048, 126976 },
	{ "few short segments", { 96u << 10, 4, 16u << 10, 512, 4 }, 2048, 64u << 10 },
	{ "one block per request", { 4096, 1, 4096, 4096, 1 }, 8, 4096 },
	{ "1 KiB logical blocks", { 256u << 10, 64, 4096, 1024, 2 }, 2, 256u << 10 },
};

static const struct limits_case bad[] = {
	{ "transfer below a block", { 2048, 16, 4096, 512, 4 }, 2048, 0 },
	{ "segments below a block", { 1u << 20, 1, 2048, 512, 4 }, 2048, 0 },
	{ "8 KiB logical blocks", { 1u << 20, 16, 65536, 8192, 4 }, 2048, 0 },
	{ "768-byte logical blocks", { 1u << 20, 16, 65536, 768, 4 }, 2048, 0 },
	{ "4Kn, partition at sector 63", { 1u << 20, 16, 65536, 4096, 4 }, 63, 0 },
	{ "queue depth 0", { 1u << 20, 16, 65536, 512, 0 }, 2048, 0 },
	{ "queue depth 33", { 1u << 20, 16, 65536, 512, 33 }, 2048, 0 },
};

/* Split one chunk at block `block` of the partition and check each request. */
static void split_chunk(const struct limits_case *c, uint64_t block)
{
	const struct dd_io_limits *l = &c->l;
	uint32_t max = dd_request_bytes(l), len;
	uint64_t first = c->start_sector + block * (DD_BLOCK_SIZE / DD_SECTOR_SIZE);
	uint64_t i, covered = 0, expect_sector = first;
	__u64 sector, offset;
	char name[160];
	const char *bad_why = NULL;

	for (i = 0; (len = dd_split_request(first, CHUNK_BYTES, max, i, &sector, &offset)); i++) {
		uint64_t segs = (len + l->max_segment_size - 1) / l->max_segment_size;

		if (len > l->max_transfer)
			bad_why = "longer than max_transfer";
		else if (segs > l->max_segments)
			bad_why = "more segments than max_segments";
		else if (len % DD_BLOCK_SIZE || len % l->logical_block_size)
			bad_why = "not whole blocks";
		else if ((sector * DD_SECTOR_SIZE) % l->logical_block_size)
			bad_why = "sector not on a logical block";
		else if (sector != expect_sector || offset != covered)
			bad_why = "not contiguous with the request before";
		if (bad_why)
			break;
		covered += len;
		expect_sector += len / DD_SECTOR_SIZE;
	}
	snprintf(name, sizeof(name), "split: %s: %" PRIu64 " requests of up to %u KiB per chunk",
		 c->name, i, max >> 10);
	check(name, !bad_why && covered == CHUNK_BYTES &&
	      i == (CHUNK_BYTES + max - 1) / max,
	      "request %" PRIu64 ": %s; %" PRIu64 " of %u bytes covered", i,
	      bad_why ? bad_why : "-", covered, CHUNK_BYTES);
}

/*
 * A chunk written straight from RAM: its header block from a buffer, then
 * 252 pages in runs of contiguous frames with gaps between, as a dump
 * level leaves them.  Every request must respect every limit and the
 * requests together must name the pages in order.
 */
static void split_segments(const struct limits_case *c)
{
	const struct dd_io_limits *l = &c->l;
	uint32_t max_len = dd_seg_max_len(l), max = dd_request_bytes(l), nr = 0, n;
	uint64_t addr[1 + DD_CHUNK_MAX_PAGES], pfn = 0x1000, covered = 0;
	__u64 bytes;
	uint64_t requests = 0, k = 0, i, b;
	struct dd_seg seg[1 + DD_CHUNK_MAX_PAGES];
	const char *bad_why = NULL;
	char name[160];

	addr[0] = 0x7f000000;
	for (i = 1; i <= DD_CHUNK_MAX_PAGES; i++) {
		/* Runs of 1 to 40 frames, then a gap. */
		if (i % 41 == (i * 7) % 13)
			pfn += 3;
		addr[i] = pfn++ * DD_BLOCK_SIZE;
	}
	for (i = 0; i <= DD_CHUNK_MAX_PAGES; i++)
		nr = dd_seg_add(seg, nr, addr[i], DD_BLOCK_SIZE, max_len);
	for (i = 0; i < nr && !bad_why; i += n) {
		n = dd_seg_request(&seg[i], nr - i, l->max_segments, max, &bytes);
		requests++;
		if (!n)
			bad_why = "no progress";
		else if (n > l->max_segments)
			bad_why = "more segments than max_segments";
		else if (bytes > l->max_transfer)
			bad_why = "longer than max_transfer";
		for (uint32_t j = 0; j < n && !bad_why; j++) {
			if (seg[i + j].len > l->max_segment_size)
				bad_why = "segment longer than max_segment_size";
			else if (seg[i + j].len % DD_BLOCK_SIZE || seg[i + j].addr % DD_BLOCK_SIZE)
				bad_why = "segment not whole blocks";
			for (b = 0; b < seg[i + j].len && !bad_why; b += DD_BLOCK_SIZE)
				if (k > DD_CHUNK_MAX_PAGES || addr[k++] != seg[i + j].addr + b)
					bad_why = "pages out of order";
		}
		covered += bytes;
	}
	snprintf(name, sizeof(name), "segments: %s: %u segments of up to %u KiB, %" PRIu64 " requests",
		 c->name, nr, max_len >> 10, requests);
	check(name, max_len && !bad_why && covered == CHUNK_BYTES && k == 1 + DD_CHUNK_MAX_PAGES,
	      "%s; %" PRIu64 " of %u bytes covered", bad_why ? bad_why : "-", covered,
	      CHUNK_BYTES);
}

int main(void)
{
	char name[160];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct limits_case *c = &good[i];
		const char *why = dd_io_limits_problem(&c->l, c->start_sector, MAX_QUEUE);

		snprintf(name, sizeof(name), "limits: %s accepted, %u-byte requests",
			 c->name, c->want_bytes);
		check(name, !why && dd_request_bytes(&c->l) == c->want_bytes,
		      "%s, %u bytes", why ? why : "accepted", dd_request_bytes(&c->l));
		split_chunk(c, 2 + 253 * 7);
		split_segments(c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct limits_case *c = &bad[i];

		snprintf(name, sizeof(name), "limits: %s refused", c->name);
		check(name, dd_io_limits_problem(&c->l, c->start_sector, MAX_QUEUE) != NULL,
		      "accepted");
	}
	{
		/* Buffer requests work with short segments; page segments do not. */
		struct dd_io_limits l = { 1u << 20, 16, 3000, 512, 4 };

		check("segments: 3000-byte segments leave pages to the buffers",
		      !dd_seg_max_len(&l), "%u", dd_seg_max_len(&l));
	}
	{
		/*
		 * RAM on both sides of 4 GiB: the pages either side stay in two
		 * segments (the block layer's segment boundary), where they
		 * used to be merged into one crossing it.
		 */
		struct dd_seg seg[4];
		uint32_t nr = 0;

		nr = dd_seg_add(seg, nr, 0xffffe000ull, DD_BLOCK_SIZE, 1u << 20);
		nr = dd_seg_add(seg, nr, 0xfffff000ull, DD_BLOCK_SIZE, 1u << 20);
		nr = dd_seg_add(seg, nr, 0x100000000ull, DD_BLOCK_SIZE, 1u << 20);
		nr = dd_seg_add(seg, nr, 0x100001000ull, DD_BLOCK_SIZE, 1u << 20);
		check("segments: none crosses a 4 GiB line", nr == 2 &&
		      seg[0].addr == 0xffffe000ull && seg[0].len == 2 * DD_BLOCK_SIZE &&
		      seg[1].addr == 0x100000000ull && seg[1].len == 2 * DD_BLOCK_SIZE,
		      "%u segments, the first %#" PRIx64 "+%u", nr, (uint64_t)seg[0].addr,
		      seg[0].len);
	}
	return test_exit_status();
}
