/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Block-granular access to a dump partition (or an image file standing in
 * for one).  Every read is checked against the real size of the device, so
 * a block number taken from the disk can never send a read elsewhere.
 */
#ifndef SAVECORE_DUMPDEV_H
#define SAVECORE_DUMPDEV_H

#include <stddef.h>
#include <stdint.h>

struct dumpdev {
	const char	*name;		/* for messages: what the user named */
	const char	*path;
	int		fd;
	int		open_flags;	/* without the access mode */
	int		writable;
	uint64_t	nr_blocks;	/* whole DD_BLOCK_SIZE blocks on the device */
};

/*
 * Opens read-only: nothing is written to a device before it has been
 * recognised as a dump partition.  The first write reopens it read-write.
 * -1 with a reason in err.
 */
int dumpdev_open(struct dumpdev *d, const char *path, const char *name,
		 char *err, size_t errlen);
void dumpdev_close(struct dumpdev *d);

/*
 * Read nblocks blocks at block into buf.  -1 with errno set: ERANGE when the
 * range leaves the device, EIO on a short read, else the pread errno.
 */
int dumpdev_read(const struct dumpdev *d, uint64_t block, uint64_t nblocks,
		 void *buf);
/* Read len bytes starting at block (len need not be a block multiple). */
int dumpdev_read_bytes(const struct dumpdev *d, uint64_t block, void *buf,
		       size_t len);
/* Write one block and make it durable (fsync) before returning. */
/* Zero count blocks from block (BLKZEROOUT where the device can), synced. */
int dumpdev_zero_sync(struct dumpdev *d, uint64_t block, uint64_t count);
int dumpdev_write_block_sync(struct dumpdev *d, uint64_t block,
			     const void *buf);

#endif
