/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Validation of the on-disk structures of include/diskdump/format.h, shared
 * by diskdumpfmt, diskdumpctl and savecore.  Everything read from a disk is
 * untrusted: these functions check magic, version, sizes and checksums and
 * say what is wrong instead of trusting a field.
 */
#ifndef DDFORMAT_H
#define DDFORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "diskdump/format.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the userspace tools read the little-endian format in place"
#endif

uint64_t dd_xxh64(const void *buf, size_t len);

/* Fill a fresh label for a partition of nr_blocks blocks. */
void dd_label_init(struct dd_label *l, const uint8_t uuid[16],
		   uint64_t nr_blocks, uint64_t now);

/*
 * Each returns NULL when the structure is valid, else a short reason
 * ("bad magic", "checksum mismatch", ...).  block is a whole DD_BLOCK_SIZE
 * block as read from the disk.  The label check is format.h's
 * dd_label_problem(), the kernel's own; device_blocks 0 skips the size.
 */
const char *dd_label_check(const void *block, uint64_t device_blocks);
const char *dd_header_check(const void *block, const char *magic,
			    const struct dd_label *label);
const char *dd_chunk_check(const void *block, uint64_t dump_id, uint64_t seq);

/* Recompute the checksum after changing a header (e.g. setting SAVED). */
void dd_header_seal(struct dd_dump_header *h);
void dd_label_seal(struct dd_label *l);

const char *dd_status_name(uint32_t status);

#endif /* DDFORMAT_H */
