/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A write buffer for one sequential stream inside a file: bytes appended
 * go to the file at consecutive offsets from where the stream started, in
 * large writes.  The kdump writer keeps two (descriptors and page data),
 * each far from the other in the file.
 */
#ifndef SAVECORE_OUTBUF_H
#define SAVECORE_OUTBUF_H

#include <stddef.h>
#include <stdint.h>

struct outbuf {
	int		fd;
	uint64_t	flushed_to;	/* file offset of buf[0] */
	size_t		len;
	size_t		cap;
	uint8_t		*buf;
};

/* -1 with errno set (ENOMEM). */
int outbuf_init(struct outbuf *b, int fd, uint64_t offset, size_t cap);
/* -1 with errno set when a write failed. */
int outbuf_append(struct outbuf *b, const void *data, size_t len);
int outbuf_flush(struct outbuf *b);
/* File offset the next appended byte goes to. */
uint64_t outbuf_offset(const struct outbuf *b);
void outbuf_free(struct outbuf *b);

/* pwrite all of buf at off, retrying short writes and EINTR. */

#endif
