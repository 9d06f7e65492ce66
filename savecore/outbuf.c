// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddblockio.h"
#include "outbuf.h"

int outbuf_init(struct outbuf *b, int fd, uint64_t offset, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->buf = malloc(cap);
	if (!b->buf) {
		errno = ENOMEM;
		return -1;
	}
	b->fd = fd;
	b->flushed_to = offset;
	b->cap = cap;
	return 0;
}

int outbuf_flush(struct outbuf *b)
{
	if (!b->len)
		return 0;
	if (dd_write_full(b->fd, b->buf, b->len, b->flushed_to) < 0)
		return -1;
	b->flushed_to += b->len;
	b->len = 0;
	return 0;
}

int outbuf_append(struct outbuf *b, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		size_t n = b->cap - b->len < len ? b->cap - b->len : len;

		memcpy(b->buf + b->len, p, n);
		b->len += n;
		p += n;
		len -= n;
		if (b->len == b->cap && outbuf_flush(b) < 0)
			return -1;
	}
	return 0;
}

uint64_t outbuf_offset(const struct outbuf *b)
{
	return b->flushed_to + b->len;
}

void outbuf_free(struct outbuf *b)
{
	free(b->buf);
	b->buf = NULL;
}
