// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diskdump/format.h"
#include "ddblockio.h"
#include "dumpdev.h"

int dumpdev_open(struct dumpdev *d, const char *path, const char *name,
		 char *err, size_t errlen)
{
	struct stat st;
	uint64_t bytes;
	int flags = O_CLOEXEC;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->path = path;
	d->name = name ? name : path;
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	/*
	 * Exclusive open of a block device fails while it is mounted or used
	 * as active swap: then the dump may already be overwritten and we
	 * must not write the SAVED flag into someone else's data.
	 */
	if (S_ISBLK(st.st_mode))
		flags |= O_EXCL;
	else if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a block device or regular file");
		return -1;
	}
	d->open_flags = flags;
	d->fd = open(path, flags | O_RDONLY);
	if (d->fd < 0) {
		snprintf(err, errlen, "cannot open: %s%s", strerror(errno),
			 errno == EBUSY ?
			 " (mounted, active swap, or armed: diskdumpctl -l)" :
			 "");
		return -1;
	}
	if (dd_fd_size(d->fd, &bytes) < 0) {
		snprintf(err, errlen, "cannot get device size: %s", strerror(errno));
		dumpdev_close(d);
		return -1;
	}
	d->nr_blocks = bytes / DD_BLOCK_SIZE;
	return 0;
}

void dumpdev_close(struct dumpdev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

static int range_ok(const struct dumpdev *d, uint64_t block, uint64_t bytes)
{
	uint64_t nblocks = bytes / DD_BLOCK_SIZE + !!(bytes % DD_BLOCK_SIZE);

	if (block > d->nr_blocks || nblocks > d->nr_blocks - block) {
		errno = ERANGE;
		return 0;
	}
	/* pread takes an off_t: the checks above keep it below 2^63. */
	return 1;
}

int dumpdev_read_bytes(const struct dumpdev *d, uint64_t block, void *buf,
		       size_t len)
{
	if (!range_ok(d, block, len))
		return -1;
	return dd_read_full(d->fd, buf, len, block * DD_BLOCK_SIZE);
}

int dumpdev_read(const struct dumpdev *d, uint64_t block, uint64_t nblocks,
		 void *buf)
{
	if (nblocks > SIZE_MAX / DD_BLOCK_SIZE) {
		errno = ERANGE;
		return -1;
	}
	return dumpdev_read_bytes(d, block, buf, nblocks * DD_BLOCK_SIZE);
}

/*
 * The read-only descriptor is closed first: a block device opened with
 * O_EXCL cannot be opened exclusively a second time.
 */
static int reopen_writable(struct dumpdev *d)
{
	uint64_t bytes;
	int fd;

	close(d->fd);
	d->fd = -1;
	fd = open(d->path, d->open_flags | O_RDWR);
	if (fd < 0)
		return -1;
	if (dd_fd_size(fd, &bytes) < 0)
		goto fail;
	/* Not the device that was read: never write to it. */
	if (bytes / DD_BLOCK_SIZE != d->nr_blocks) {
		errno = ENXIO;
		goto fail;
	}
	d->fd = fd;
	d->writable = 1;
	return 0;
fail:
	close(fd);
	return -1;
}

int dumpdev_write_block_sync(struct dumpdev *d, uint64_t block,
			     const void *buf)
{
	const char *p = buf;
	size_t len = DD_BLOCK_SIZE;
	uint64_t off = block * DD_BLOCK_SIZE;

	if (!range_ok(d, block, DD_BLOCK_SIZE))
		return -1;
	if (!d->writable && reopen_writable(d) < 0)
		return -1;
	if (dd_write_full(d->fd, p, len, off) < 0)
		return -1;
	return fsync(d->fd);
}

int dumpdev_zero_sync(struct dumpdev *d, uint64_t block, uint64_t count)
{
	static const uint8_t zeros[64 * DD_BLOCK_SIZE];
	uint64_t range[2] = { block * DD_BLOCK_SIZE, count * DD_BLOCK_SIZE };
	struct stat st;

	if (!count)
		return 0;
	if (!range_ok(d, block, count * DD_BLOCK_SIZE))
		return -1;
	if (!d->writable && reopen_writable(d) < 0)
		return -1;
	/* A block device zeroes the range itself (or writes zeroes for us). */
	if (!fstat(d->fd, &st) && S_ISBLK(st.st_mode) && !ioctl(d->fd, BLKZEROOUT, range))
		return fsync(d->fd);
	while (count) {
		uint64_t n = count < 64 ? count : 64;

		if (dd_write_full(d->fd, zeros, n * DD_BLOCK_SIZE, block * DD_BLOCK_SIZE) < 0)
			return -1;
		block += n;
		count -= n;
	}
	return fsync(d->fd);
}
