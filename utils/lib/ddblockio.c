// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "ddblockio.h"
#include "diskdump/format.h"

int dd_read_full(int fd, void *buf, size_t len, uint64_t offset)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;	/* the device ended before the block did */
			return -1;
		}
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
	return 0;
}

int dd_write_full(int fd, const void *buf, size_t len, uint64_t offset)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
	}
	return 0;
}

int dd_read_block(int fd, uint64_t block, void *buf)
{
	return dd_read_full(fd, buf, DD_BLOCK_SIZE, block * DD_BLOCK_SIZE);
}

int dd_write_block(int fd, uint64_t block, const void *buf)
{
	return dd_write_full(fd, buf, DD_BLOCK_SIZE, block * DD_BLOCK_SIZE);
}

int dd_fd_size(int fd, uint64_t *bytes)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKGETSIZE64, bytes) < 0 ? -1 : 0;
	if (S_ISREG(st.st_mode)) {
		*bytes = (uint64_t)st.st_size;
		return 0;
	}
	errno = ENOTBLK;
	return -1;
}

bool dd_all_zero(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	/* Compare with itself shifted by one: memcmp is fast, a loop is not. */
	return !len || (!p[0] && !memcmp(p, p + 1, len - 1));
}
