// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "ddblockio.h"
#include "ddformat.h"
#include "ddtrailer.h"
#include "diskdump/swap.h"
#include "dumpread.h"

int dump_read_header(const struct dumpdev *dev, struct dump *d,
		     char *err, size_t errlen)
{
	_Alignas(8) uint8_t block[DD_BLOCK_SIZE];
	const struct dd_dump_header *h = (const void *)block;
	const char *why;

	memset(d, 0, sizeof(*d));
	d->name = dev->name;
	if (dev->nr_blocks <= DD_HEADER_BLOCK) {
		snprintf(err, errlen, "not a diskdump partition (too small)");
		return -1;
	}
	if (dumpdev_read(dev, DD_LABEL_BLOCK, 1, block) < 0) {
		snprintf(err, errlen, "cannot read the label: %s", strerror(errno));
		return -1;
	}
	d->swap = dd_swap_signature(block);
	if (d->swap) {
		why = dd_swap_problem(block, dev->nr_blocks, &d->label);
		if (why) {
			snprintf(err, errlen, "a swap area diskdump cannot use (%s)", why);
			return -1;
		}
	} else {
		why = dd_label_check(block, 0);
		if (why) {
			snprintf(err, errlen, "not a diskdump partition or swap area (%s)", why);
			return -1;
		}
		memcpy(&d->label, block, sizeof(d->label));
	}
	d->label_ok = true;

	if (dumpdev_read(dev, DD_HEADER_BLOCK, 1, block) < 0) {
		snprintf(err, errlen, "cannot read the dump header: %s",
			 strerror(errno));
		return -1;
	}
	if (dd_all_zero(block, sizeof(block)))
		return DUMP_ABSENT;
	/*
	 * Block 1 of a swap area is whatever was swapped out there, unless a
	 * dump of this very area (its UUID) was written over it.
	 */
	if (d->swap && (memcmp(h->magic, DD_HEADER_MAGIC, DD_MAGIC_LEN) ||
			memcmp(h->uuid, d->label.uuid, sizeof(h->uuid))))
		return DUMP_ABSENT;
	/* A sealed header that says "never written" is no dump either. */
	if (!memcmp(h->magic, DD_HEADER_MAGIC, DD_MAGIC_LEN) &&
	    dd_from_le32(h->status) == DD_STATUS_NONE &&
	    dd_from_le64(h->checksum) == dd_xxh64(h, offsetof(struct dd_dump_header, checksum)))
		return DUMP_ABSENT;
	why = dd_header_check(block, DD_HEADER_MAGIC, &d->label);
	if (why) {
		snprintf(d->header_problem, sizeof(d->header_problem), "%s", why);
		/* The trailer holds a copy of the final header. */
		if (dd_find_trailer(dev->fd, dev->nr_blocks, &d->label, block)) {
			snprintf(err, errlen, "invalid dump header (%s), and no trailer holding a copy of it was found", why);
			return -1;
		}
		/* The trailer is the final header under another magic. */
		memcpy(block, DD_HEADER_MAGIC, DD_MAGIC_LEN);
		d->header_from_trailer = true;
	}
	memcpy(&d->header, block, sizeof(d->header));
	d->final = d->header;
	d->sealed = dd_from_le32(d->header.flags) & DD_FLAG_SEALED;
	if (d->sealed)
		snprintf(d->panic, sizeof(d->panic), "(sealed)");
	else
		memcpy(d->panic, d->header.panic_string, sizeof(d->panic));
	d->panic[sizeof(d->panic) - 1] = '\0';
	return (dd_from_le32(d->header.flags) & DD_FLAG_SAVED) ? DUMP_SAVED : DUMP_PRESENT;
}

/*
 * dd_header_check bounds the areas by the label and header sizes; here
 * they are bounded by what the device really has, with a limit small enough
 * (< 2^52 blocks) that block * DD_BLOCK_SIZE cannot overflow.
 */
static const char *check_layout(const struct dd_dump_header *h, uint64_t limit)
{
	uint64_t notes_block = dd_from_le64(h->notes_block);
	uint64_t notes_size = dd_from_le64(h->notes_size);
	uint64_t dmesg_block = dd_from_le64(h->dmesg_block);
	uint64_t dmesg_size = dd_from_le64(h->dmesg_size);
	uint64_t data_block = dd_from_le64(h->data_block);

	if (notes_block <= DD_HEADER_BLOCK || notes_block >= limit)
		return "notes area outside the partition";
	if (notes_size > (limit - notes_block) * DD_BLOCK_SIZE)
		return "notes area runs past the end of the partition";
	if (notes_size > DUMP_MAX_NOTES_BYTES)
		return "notes area larger than 16 MiB";
	if (dmesg_size) {
		if (dmesg_block <= DD_HEADER_BLOCK || dmesg_block >= limit)
			return "log area outside the partition";
		if (dmesg_size > (limit - dmesg_block) * DD_BLOCK_SIZE)
			return "log area runs past the end of the partition";
	}
	if (data_block <= DD_HEADER_BLOCK || data_block >= limit)
		return "data area outside the partition";
	/* A trailer past the device's end is only a missing trailer. */
	return NULL;
}

static void read_trailer(const struct dumpdev *dev, struct dump *d)
{
	_Alignas(8) uint8_t block[DD_BLOCK_SIZE];
	const struct dd_dump_header *t = (const void *)block;
	const char *why;

	if (!d->header.end_block) {
		snprintf(d->trailer_problem, sizeof(d->trailer_problem),
			 "the header records no trailer (dump not finished)");
		return;
	}
	if (dd_from_le64(d->header.end_block) < dd_from_le64(d->header.data_block) ||
	    dd_from_le64(d->header.end_block) >= d->limit) {
		snprintf(d->trailer_problem, sizeof(d->trailer_problem),
			 "trailer position %llu outside the device",
			 (unsigned long long)dd_from_le64(d->header.end_block));
		return;
	}
	if (dumpdev_read(dev, dd_from_le64(d->header.end_block), 1, block) < 0) {
		snprintf(d->trailer_problem, sizeof(d->trailer_problem),
			 "cannot read the trailer at block %llu: %s",
			 (unsigned long long)dd_from_le64(d->header.end_block), strerror(errno));
		return;
	}
	why = dd_header_check(block, DD_TRAILER_MAGIC, &d->label);
	if (!why && t->dump_id != d->header.dump_id)
		why = "it belongs to another dump";
	if (!why && t->end_block != d->header.end_block)
		why = "it records another position";
	if (!why && t->data_block != d->header.data_block)
		why = "it records another data area";
	if (why) {
		snprintf(d->trailer_problem, sizeof(d->trailer_problem),
			 "trailer at block %llu invalid: %s",
			 (unsigned long long)dd_from_le64(d->header.end_block), why);
		return;
	}
	memcpy(&d->final, block, sizeof(d->final));
	d->has_trailer = true;
}

/* A sealed area's bytes, the tag after them, opened in place; false when not. */
static bool read_sealed(const struct dumpdev *dev, struct dump *d, uint64_t block,
			uint64_t nonce, uint8_t *buf, size_t len)
{
	return dumpdev_read_bytes(dev, block, buf, len + DD_SEAL_TAG_SIZE) >= 0 &&
	       seal_open_area(d->seal_key, dd_from_le64(d->header.dump_id), nonce, buf, len);
}

static int read_notes(const struct dumpdev *dev, struct dump *d,
		      char *err, size_t errlen)
{
	size_t len = (size_t)dd_from_le64(d->header.notes_size);

	if (!len)
		return 0;
	if (d->sealed) {
		d->notes = malloc(len + DD_SEAL_TAG_SIZE);
		if (!d->notes) {
			snprintf(err, errlen, "out of memory for %zu bytes of notes", len);
			return -1;
		}
		if (!d->opened) {
			d->notes_info.problem = "the notes are sealed (no key given)";
			return 0;
		}
		if (!read_sealed(dev, d, dd_from_le64(d->header.notes_block), DD_SEAL_NONCE_NOTES,
				 d->notes, len)) {
			d->notes_info.problem = "the sealed notes do not open (damaged or altered)";
			return 0;
		}
		notes_filter(d->notes, len, &d->notes_info);
		d->notes_len = d->notes_info.good_len;
		return 0;
	}
	d->notes = malloc(len);
	if (!d->notes) {
		snprintf(err, errlen, "out of memory for %zu bytes of notes", len);
		return -1;
	}
	/* Without notes crash needs help, but the memory is still worth it. */
	if (dumpdev_read_bytes(dev, dd_from_le64(d->header.notes_block), d->notes, len) < 0) {
		d->notes_info.problem = "the notes area is unreadable";
		return 0;
	}
	notes_filter(d->notes, len, &d->notes_info);
	d->notes_len = d->notes_info.good_len;
	return 0;
}

static int read_dmesg(const struct dumpdev *dev, struct dump *d,
		      char *err, size_t errlen)
{
	uint64_t size = dd_from_le64(d->header.dmesg_size);

	if (!size)
		return 0;
	if (size > DUMP_MAX_DMESG_BYTES) {
		size = DUMP_MAX_DMESG_BYTES;
		d->dmesg_truncated = true;
	}
	d->dmesg = malloc((size_t)size + DD_SEAL_TAG_SIZE);
	if (!d->dmesg) {
		snprintf(err, errlen, "out of memory for the log");
		return -1;
	}
	if (d->sealed) {
		/* The tag ends the whole log: a cut one does not open. */
		if (!d->opened || d->dmesg_truncated ||
		    !read_sealed(dev, d, dd_from_le64(d->header.dmesg_block), DD_SEAL_NONCE_DMESG,
				 (uint8_t *)d->dmesg, (size_t)size)) {
			d->dmesg_unreadable = true;
			return 0;
		}
		d->dmesg_len = (size_t)size;
		return 0;
	}
	if (dumpdev_read_bytes(dev, dd_from_le64(d->header.dmesg_block), d->dmesg,
			       (size_t)size) < 0) {
		d->dmesg_unreadable = true;
		return 0;
	}
	d->dmesg_len = (size_t)size;
	return 0;
}

int dump_read_areas(const struct dumpdev *dev, struct dump *d,
		    char *err, size_t errlen)
{
	uint64_t armed;
	const char *why;

	d->limit = dev->nr_blocks;
	/* The kernel never writes past the partition it armed. */
	armed = dd_from_le64(d->header.partition_blocks);
	if (armed && armed < d->limit)
		d->limit = armed;
	why = check_layout(&d->header, d->limit);
	if (!why)
		why = range_map_build(&d->ranges, &d->header);
	if (why) {
		snprintf(err, errlen, "invalid dump header (%s)", why);
		return -1;
	}
	read_trailer(dev, d);
	/* The final state's panic string (dump_read_header took block 1's). */
	memcpy(d->panic, d->final.panic_string, sizeof(d->panic));
	d->panic[sizeof(d->panic) - 1] = '\0';
	if (d->sealed && !d->secret)
		snprintf(d->panic, sizeof(d->panic), "(sealed)");
	if (d->sealed && d->secret) {
		/* Another key, or a damaged one-time key: nothing is written. */
		if (seal_derive(&d->header, d->secret, d->seal_key, err, errlen) < 0)
			return -1;
		if (!seal_open_panic(d->seal_key, &d->final, d->panic)) {
			snprintf(err, errlen, "the dump's sealed panic string does not open with this key (altered header?)");
			return -1;
		}
		d->opened = true;
	}
	if (read_notes(dev, d, err, errlen) < 0 ||
	    read_dmesg(dev, d, err, errlen) < 0)
		return -1;
	return 0;
}

bool dump_is_complete(const struct dump *d)
{
	return d->has_trailer && dd_from_le32(d->final.status) == DD_STATUS_COMPLETE;
}

void dump_free(struct dump *d)
{
	sodium_memzero(d->seal_key, sizeof(d->seal_key));
	free(d->notes);
	free(d->dmesg);
	d->notes = NULL;
	d->dmesg = NULL;
}
