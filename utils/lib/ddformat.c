// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <string.h>
#include <xxhash.h>

#include "ddformat.h"

uint64_t dd_xxh64(const void *buf, size_t len)
{
	return XXH64(buf, len, 0);
}

void dd_label_seal(struct dd_label *l)
{
	l->checksum = dd_to_le64(dd_xxh64(l, offsetof(struct dd_label, checksum)));
}

void dd_header_seal(struct dd_dump_header *h)
{
	h->checksum = dd_to_le64(dd_xxh64(h, offsetof(struct dd_dump_header, checksum)));
}

void dd_label_init(struct dd_label *l, const uint8_t uuid[16],
		   uint64_t nr_blocks, uint64_t now)
{
	memset(l, 0, sizeof(*l));
	memcpy(l->magic, DD_LABEL_MAGIC, DD_MAGIC_LEN);
	l->version = dd_to_le32(DD_FORMAT_VERSION);
	l->block_size = dd_to_le32(DD_BLOCK_SIZE);
	memcpy(l->uuid, uuid, sizeof(l->uuid));
	l->nr_blocks = dd_to_le64(nr_blocks);
	l->format_time = dd_to_le64(now);
	dd_label_seal(l);
}

const char *dd_label_check(const void *block, uint64_t device_blocks)
{
	const struct dd_label *l = block;

	return dd_label_problem(l, dd_xxh64(l, offsetof(struct dd_label, checksum)),
				device_blocks);
}

/* Does an area of size bytes from block fit before block limit? */
static int dd_area_fits(uint64_t block, uint64_t size, uint64_t limit)
{
	return block > DD_HEADER_BLOCK && block < limit &&
	       size / DD_BLOCK_SIZE + (size % DD_BLOCK_SIZE != 0) <= limit - block;
}

/*
 * Positions are checked against the larger of the label's size and the
 * header's partition_blocks (the kernel writes within the label's size;
 * kernels before that bound wrote to all of a grown partition).  Neither
 * number is trusted: readers check positions again against the real
 * device size.
 */
const char *dd_header_check(const void *block, const char *magic,
			    const struct dd_label *label)
{
	const struct dd_dump_header *h = block;
	uint64_t limit = dd_from_le64(label->nr_blocks);
	uint64_t end = dd_from_le64(h->end_block), data = dd_from_le64(h->data_block);
	uint32_t status = dd_from_le32(h->status);

	if (memcmp(h->magic, magic, DD_MAGIC_LEN))
		return "bad magic";
	if (dd_from_le64(h->checksum) != dd_xxh64(h, offsetof(struct dd_dump_header, checksum)))
		return "checksum mismatch";
	if (dd_from_le32(h->version) != DD_FORMAT_VERSION ||
	    dd_from_le32(h->header_size) != sizeof(struct dd_dump_header))
		return "unsupported header version";
	if (memcmp(h->uuid, label->uuid, sizeof(h->uuid)))
		return "header belongs to another label (uuid mismatch)";
	if (dd_from_le32(h->page_size) != DD_BLOCK_SIZE)
		return "unsupported page size";
	if (dd_from_le32(h->nr_ranges) > DD_MAX_RANGES)
		return "too many memory ranges";
	if (status < DD_STATUS_IN_PROGRESS || status > DD_STATUS_TIMED_OUT)
		return "unknown status";
	if (dd_from_le64(h->partition_blocks) > limit)
		limit = dd_from_le64(h->partition_blocks);
	if (!dd_area_fits(dd_from_le64(h->notes_block), dd_from_le64(h->notes_size), limit))
		return "notes area outside the partition";
	if (!dd_area_fits(dd_from_le64(h->dmesg_block), dd_from_le64(h->dmesg_size), limit))
		return "log area outside the partition";
	if (!dd_area_fits(data, 0, limit))
		return "data area outside the partition";
	if (end && (end < data || end >= limit))
		return "trailer position outside the partition";
	return NULL;
}

const char *dd_chunk_check(const void *block, uint64_t dump_id, uint64_t seq)
{
	struct dd_chunk_header c;
	uint64_t sum;

	memcpy(&c, block, sizeof(c));
	if (memcmp(c.magic, DD_CHUNK_MAGIC, DD_MAGIC_LEN))
		return "bad chunk magic";
	if (dd_from_le64(c.dump_id) != dump_id)
		return "chunk from another dump";
	sum = dd_from_le64(c.header_xxh64);
	c.header_xxh64 = 0;
	if (sum != dd_xxh64(&c, sizeof(c)))
		return "chunk header checksum mismatch";
	if (dd_from_le64(c.seq) != seq)
		return "chunk out of sequence";
	if (dd_from_le32(c.nr_pages) > DD_CHUNK_MAX_PAGES)
		return "chunk has too many pages";
	if (dd_from_le64(c.payload_bytes) >
	    (uint64_t)dd_from_le32(c.payload_blocks) * DD_BLOCK_SIZE)
		return "chunk payload larger than its blocks";
	return NULL;
}

const char *dd_status_name(uint32_t status)
{
	switch (status) {
	case DD_STATUS_NONE:		return "none";
	case DD_STATUS_IN_PROGRESS:	return "incomplete (in progress at reboot)";
	case DD_STATUS_COMPLETE:	return "complete";
	case DD_STATUS_SHORT_AREA:	return "partial (partition too small)";
	case DD_STATUS_IO_ERROR:	return "partial (I/O error)";
	case DD_STATUS_TIMED_OUT:	return "partial (dump_timeout reached)";
	}
	return "unknown";
}
