/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * How the core cuts a transfer into requests a controller can take, and
 * which limits it cannot work with.  Plain arithmetic shared by the kernel
 * (io.c, arm.c) and the unit tests (tests/unit/test_split.c).
 *
 * Every transfer of the dump starts on a 4 KiB block of the partition and
 * is whole blocks long, so a request of whole blocks is whole logical
 * blocks on any disk whose logical block size divides 4096, and starts on
 * a logical block if the partition does.
 */
#ifndef DISKDUMP_SPLIT_H
#define DISKDUMP_SPLIT_H

#include <linux/types.h>

#include "diskdump/format.h"

#define DD_SECTOR_SIZE		512u

struct dd_io_limits {
	__u32	max_transfer;		/* bytes per request */
	__u32	max_segments;		/* S/G elements per request */
	__u32	max_segment_size;	/* bytes per element */
	__u32	logical_block_size;
	__u32	queue_depth;
};

/*
 * The largest request the core sends: whole 4 KiB blocks, no more than
 * max_transfer bytes, and no more than max_segments elements when the
 * buffer is cut every max_segment_size bytes from the request's start.
 * 0 when not even one block fits.
 */
static inline __u32 dd_request_bytes(const struct dd_io_limits *l)
{
	__u64 n = (__u64)l->max_segments * l->max_segment_size;

	if (n > l->max_transfer)
		n = l->max_transfer;
	return (__u32)(n - n % DD_BLOCK_SIZE);
}

/*
 * Why the core cannot drive a disk with these limits whose partition
 * starts at 512-byte sector start_sector, or NULL.
 */
static inline const char *dd_io_limits_problem(const struct dd_io_limits *l,
					       __u64 start_sector, __u32 max_queue)
{
	__u32 lbs = l->logical_block_size;

	if (lbs < DD_SECTOR_SIZE || lbs > DD_BLOCK_SIZE || (lbs & (lbs - 1)))
		return "logical block size not a power of two from 512 to 4096 bytes";
	if ((start_sector * DD_SECTOR_SIZE) % lbs)
		return "partition does not start on a logical block";
	if (!l->queue_depth || l->queue_depth > max_queue)
		return "queue depth out of range";
	if (!dd_request_bytes(l))
		return "cannot take a request of one 4 KiB block";
	return NULL;
}

/*
 * Request number i (from 0) of a transfer of that many bytes at sector: its
 * sector, its offset into the buffer and its length.  Returns 0 past the
 * last request.
 */
static inline __u32 dd_split_request(__u64 sector, __u64 bytes, __u32 max_bytes,
				     __u64 i, __u64 *rq_sector, __u64 *rq_offset)
{
	__u64 off = i * max_bytes;

	if (off >= bytes)
		return 0;
	*rq_sector = sector + off / DD_SECTOR_SIZE;
	*rq_offset = off;
	return bytes - off < max_bytes ? (__u32)(bytes - off) : max_bytes;
}

/*
 * A request given as a list of segments instead of one buffer: what the
 * core sends a hook that takes them (struct dd_disk's phys_segments) when
 * it writes pages straight from RAM.  addr is the address the device is
 * given: a physical address of RAM, which the core uses only when the
 * device sees RAM at those addresses, or one inside a buffer.  Every
 * segment starts on a 4 KiB boundary and is whole 4 KiB blocks long.
 */
struct dd_seg {
	__u64	addr;
	__u32	len;
	__u32	reserved;
};

/*
 * The longest segment the core builds for a disk with these limits: whole
 * 4 KiB blocks, within max_segment_size and the largest request.  0 when
 * a segment cannot hold one block, and the core then writes through its
 * buffers only.
 */
static inline __u32 dd_seg_max_len(const struct dd_io_limits *l)
{
	__u32 n = dd_request_bytes(l);

	if (l->max_segment_size < n)
		n = l->max_segment_size;
	return n - n % DD_BLOCK_SIZE;
}

/*
 * Add len bytes at addr to the list of nr segments: grows the last one
 * when addr follows it, the sum stays within max_len and the segment
 * would not cross a 4 GiB line, else starts a new one.  Returns the new
 * count.  The 4 GiB rule is the block layer's default segment boundary
 * (BLK_SEG_BOUNDARY_MASK), which every Linux driver may rely on: AHCI's
 * PRDs and others are never given a segment across it.
 */
static inline __u32 dd_seg_add(struct dd_seg *seg, __u32 nr, __u64 addr,
			       __u32 len, __u32 max_len)
{
	struct dd_seg *last = nr ? &seg[nr - 1] : (struct dd_seg *)0;

	if (last && last->addr + last->len == addr && last->len + len <= max_len &&
	    last->addr >> 32 == (addr + len - 1) >> 32) {
		last->len += len;
		return nr;
	}
	seg[nr].addr = addr;
	seg[nr].len = len;
	seg[nr].reserved = 0;
	return nr + 1;
}

/*
 * How many of the nr segments at seg, from the first, make the next
 * request: at most max_segments of them and max_bytes in all (every
 * segment is at most max_bytes long, so it is at least one); their bytes
 * in *bytes.
 */
static inline __u32 dd_seg_request(const struct dd_seg *seg, __u32 nr,
				   __u32 max_segments, __u32 max_bytes,
				   __u64 *bytes)
{
	__u32 n = 0;

	*bytes = 0;
	while (n < nr && n < max_segments && *bytes + seg[n].len <= max_bytes)
		*bytes += seg[n++].len;
	return n;
}

#endif /* DISKDUMP_SPLIT_H */
