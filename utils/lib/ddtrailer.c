// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ddblockio.h"
#include "ddformat.h"
#include "ddtrailer.h"

/* Blocks read at a time while scanning. */
#define SCAN_BATCH	64u
/* Notes and log lie before the first chunk: a few hundred blocks. */
#define FIRST_CHUNK_WITHIN	65536u

/* Read n blocks at block, refusing anything that leaves the device. */
static int read_blocks(int fd, uint64_t nr_blocks, uint64_t block, uint64_t n, void *buf)
{
	if (block >= nr_blocks || n > nr_blocks - block)
		return -1;
	return dd_read_full(fd, buf, (size_t)(n * DD_BLOCK_SIZE), block * DD_BLOCK_SIZE);
}

/* A trailer of this label at block pos that says it is at pos. */
static bool is_trailer_at(const struct dd_label *label, const uint8_t *block, uint64_t pos)
{
	const struct dd_dump_header *t = (const void *)block;

	return !memcmp(t->magic, DD_TRAILER_MAGIC, DD_MAGIC_LEN) &&
	       !dd_header_check(block, DD_TRAILER_MAGIC, label) &&
	       dd_from_le64(t->end_block) == pos;
}

/*
 * Scan blocks [from, to) for the first chunk header (want == 'c') or
 * trailer of label (want == 't').  Returns its position, or 0.
 */
static uint64_t scan_for(int fd, uint64_t nr_blocks, const struct dd_label *label,
			 uint64_t from, uint64_t to, char want, uint8_t *buf)
{
	for (uint64_t pos = from; pos < to; pos += SCAN_BATCH) {
		uint64_t n = to - pos < SCAN_BATCH ? to - pos : SCAN_BATCH;

		if (read_blocks(fd, nr_blocks, pos, n, buf))
			continue;	/* an unreadable stretch: go on past it */
		for (uint64_t i = 0; i < n; i++) {
			const uint8_t *b = buf + i * DD_BLOCK_SIZE;

			if (want == 'c' ? !memcmp(b, DD_CHUNK_MAGIC, DD_MAGIC_LEN)
					: is_trailer_at(label, b, pos + i))
				return pos + i;
		}
	}
	return 0;
}

int dd_find_trailer(int fd, uint64_t nr_blocks, const struct dd_label *label,
		    void *block)
{
	const struct dd_chunk_header *c = block;
	uint64_t pos, seq = 0, dump_id;
	uint8_t *buf = malloc((size_t)SCAN_BATCH * DD_BLOCK_SIZE);
	int ret = 1;

	if (!buf)
		return -1;
	pos = scan_for(fd, nr_blocks, label, DD_HEADER_BLOCK + 1,
		       nr_blocks < FIRST_CHUNK_WITHIN ? nr_blocks : FIRST_CHUNK_WITHIN,
		       'c', buf);
	if (!pos || read_blocks(fd, nr_blocks, pos, 1, block))
		goto out;
	/* Follow the chain: each chunk header says how long its payload is. */
	dump_id = dd_from_le64(c->dump_id);
	while (pos < nr_blocks && !dd_chunk_check(block, dump_id, seq) &&
	       dd_from_le32(c->payload_blocks) < nr_blocks - pos) {
		pos += 1 + dd_from_le32(c->payload_blocks);
		seq++;
		if (pos >= nr_blocks || read_blocks(fd, nr_blocks, pos, 1, block))
			break;
	}
	if (pos < nr_blocks && is_trailer_at(label, block, pos) &&
	    dd_from_le64(((const struct dd_dump_header *)block)->dump_id) == dump_id) {
		ret = 0;
		goto out;
	}
	pos = scan_for(fd, nr_blocks, label, pos, nr_blocks, 't', buf);
	if (pos && !read_blocks(fd, nr_blocks, pos, 1, block))
		ret = 0;
out:
	free(buf);
	return ret;
}
