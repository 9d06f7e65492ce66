/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Whole-block I/O on a dump partition or image file.  Short reads and
 * writes are retried until the block is done, so a caller never acts on a
 * half-read label.
 */
#ifndef DDBLOCKIO_H
#define DDBLOCKIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each returns 0, or -1 with errno set (EIO for an unexpected end of file). */
int dd_read_block(int fd, uint64_t block, void *buf);
int dd_write_block(int fd, uint64_t block, const void *buf);
int dd_read_full(int fd, void *buf, size_t len, uint64_t offset);
int dd_write_full(int fd, const void *buf, size_t len, uint64_t offset);

/* Size in bytes of a block device (BLKGETSIZE64) or regular file. */
int dd_fd_size(int fd, uint64_t *bytes);

/* Whether len bytes at buf (any alignment) are all zero: pages, blocks. */
bool dd_all_zero(const void *buf, size_t len);

#endif /* DDBLOCKIO_H */
