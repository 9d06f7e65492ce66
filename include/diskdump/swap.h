/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A swap partition as a dump target, shared by the kernel (arm.c) and the
 * tools (diskdumpctl, savecore), so that they agree on which swap areas
 * can hold a dump and where.
 *
 * Block 0 of a swap area is its header page (mkswap(8), the kernel's
 * union swap_header): boot bits, then version, last page, bad-page count,
 * UUID and label, and the "SWAPSPACE2" signature in the page's last ten
 * bytes.  It plays the part of the diskdump label: the kernel keeps a copy
 * at arm time, compares it before its first write and never writes it, so
 * the area stays a valid swap area (same UUID, same label) after a dump.
 * The dump itself uses blocks 1 to last_page exactly as on a dedicated
 * partition (format.h); the swap area's contents die with the crashed
 * kernel anyway, and swapon(8) does not care what its pages hold.
 *
 * Fields are in the byte order of the machine that ran mkswap; diskdump
 * supports little-endian machines only (format.h), so __le32 it is.
 */
#ifndef DISKDUMP_SWAP_H
#define DISKDUMP_SWAP_H

#include "diskdump/format.h"

#define DD_SWAP_MAGIC		"SWAPSPACE2"
#define DD_SWAP_MAGIC_LEN	10
#define DD_SWAP_MAGIC_OFFSET	(DD_BLOCK_SIZE - DD_SWAP_MAGIC_LEN)

/* The start of a 4 KiB swap header page, after its 1024 boot bytes. */
struct dd_swap_header {
	__u8	bootbits[1024];
	__le32	version;		/* 1 */
	__le32	last_page;		/* last usable page, counting from 0 */
	__le32	nr_badpages;
	__u8	uuid[16];
	char	volume_name[16];
};

/* Does this 4 KiB block 0 carry the swap signature (whatever else it says)? */
static inline int dd_swap_signature(const void *block0)
{
	return !memcmp((const char *)block0 + DD_SWAP_MAGIC_OFFSET, DD_SWAP_MAGIC,
		       DD_SWAP_MAGIC_LEN);
}

/*
 * Is this 4 KiB block 0 a swap header diskdump can dump into?  device_blocks
 * is the device's size in blocks (0: not known, not checked).  Returns
 * NULL and fills label with what the dump header is checked against (the
 * swap area's UUID; the blocks the dump may use, up to and including
 * last_page), or says why not.  Dump headers read from a swap area are
 * then checked exactly as those of a dedicated partition.
 */
static inline const char *dd_swap_problem(const void *block0, __u64 device_blocks,
					  struct dd_label *label)
{
	const struct dd_swap_header *s = block0;
	__u64 nr_blocks;

	if (!dd_swap_signature(block0))
		return "no swap signature (only \"SWAPSPACE2\" areas of 4 KiB pages are supported)";
	if (dd_from_le32(s->version) != 1)
		return "unsupported swap header version";
	/*
	 * Bad pages are where the swap area must not be written; the dump
	 * cannot skip them, so such an area is not used at all.
	 */
	if (dd_from_le32(s->nr_badpages))
		return "swap area has bad pages";
	nr_blocks = (__u64)dd_from_le32(s->last_page) + 1;
	if (nr_blocks < DD_MIN_PARTITION_BYTES / DD_BLOCK_SIZE)
		return "swap area too small for a dump";
	if (device_blocks && nr_blocks > device_blocks)
		return "swap header describes a larger area than the device";
	memset(label, 0, sizeof(*label));
	memcpy(label->magic, DD_LABEL_MAGIC, DD_MAGIC_LEN);
	label->version = dd_to_le32(DD_FORMAT_VERSION);
	label->block_size = dd_to_le32(DD_BLOCK_SIZE);
	memcpy(label->uuid, s->uuid, sizeof(label->uuid));
	label->nr_blocks = dd_to_le64(nr_blocks);
	return NULL;
}

#endif /* DISKDUMP_SWAP_H */
