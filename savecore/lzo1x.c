// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Written from the format description in the Linux kernel's
 * Documentation/staging/lzo.rst.  An LZO1X stream is a sequence of
 * instructions, each a literal run or a match (copy from earlier output)
 * optionally followed by up to three literals; the meaning of the small
 * opcodes 0..15 depends on how many literals the previous instruction
 * copied (its "state").
 */
#include <string.h>

#include "lzo1x.h"

struct lzo_stream {
	const uint8_t	*in, *in_end;
	uint8_t		*out_start, *out, *out_end;
};

/*
 * A length with a zero count field: zero bytes each add 255, then a
 * non-zero byte adds itself.  Bounded by the input: a page's stream never
 * needs more zero bytes than it has.
 */
static int read_long_length(struct lzo_stream *s, size_t base, size_t *len)
{
	size_t zeros = 0;

	while (s->in < s->in_end && *s->in == 0) {
		zeros++;
		s->in++;
	}
	if (s->in == s->in_end || zeros > (SIZE_MAX - base - 255) / 255)
		return -1;
	*len = base + zeros * 255 + *s->in++;
	return 0;
}

static int copy_literals(struct lzo_stream *s, size_t n)
{
	if ((size_t)(s->in_end - s->in) < n || (size_t)(s->out_end - s->out) < n)
		return -1;
	memcpy(s->out, s->in, n);
	s->in += n;
	s->out += n;
	return 0;
}

/* Byte by byte: source and destination overlap when distance < length. */
static int copy_match(struct lzo_stream *s, size_t distance, size_t n)
{
	const uint8_t *from;

	if (distance == 0 || distance > (size_t)(s->out - s->out_start) ||
	    (size_t)(s->out_end - s->out) < n)
		return -1;
	from = s->out - distance;
	while (n--)
		*s->out++ = *from++;
	return 0;
}

static int need(const struct lzo_stream *s, size_t n)
{
	return (size_t)(s->in_end - s->in) >= n;
}

const char *lzo1x_decompress_exact(const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_len)
{
	struct lzo_stream s = {
		.in = in, .in_end = in + in_len,
		.out_start = out, .out = out, .out_end = out + out_len,
	};
	unsigned int state = 0;	/* literals after the last match; 4: a run */
	size_t len, distance;

	if (!in_len)
		return "empty stream";
	if (*s.in == 17)
		return "LZO-RLE stream (not written by this kernel module)";
	if (*s.in > 17) {
		len = *s.in++ - 17u;
		if (copy_literals(&s, len))
			return "literal run past the end";
		state = len < 4 ? (unsigned int)len : 4;
	}
	for (;;) {
		unsigned int op, trailing;

		if (!need(&s, 1))
			return "stream ends without end marker";
		op = *s.in++;
		if (op < 16 && state == 0) {
			/* A run of literals: 0LLL, or a long length when 0. */
			if (op)
				len = 3 + op;
			else if (read_long_length(&s, 18, &len))
				return "bad literal run length";
			if (copy_literals(&s, len))
				return "literal run past the end";
			state = 4;
			continue;
		}
		if (op < 16) {
			if (!need(&s, 1))
				return "truncated match";
			if (state == 4) {	/* 3 bytes from 2..3 kB back */
				len = 3;
				distance = ((size_t)*s.in++ << 2) + (op >> 2) + 2049;
			} else {		/* 2 bytes from <= 1 kB back */
				len = 2;
				distance = ((size_t)*s.in++ << 2) + (op >> 2) + 1;
			}
			trailing = op & 3;
		} else if (op < 32) {		/* 16..48 kB back, or the end */
			if ((op & 7) == 0 && read_long_length(&s, 9, &len))
				return "bad match length";
			if (op & 7)
				len = 2 + (op & 7);
			if (!need(&s, 2))
				return "truncated match";
			distance = 16384 + ((size_t)(op & 8) << 11) +
				   ((s.in[0] | ((size_t)s.in[1] << 8)) >> 2);
			trailing = s.in[0] & 3;
			s.in += 2;
			if (distance == 16384) {
				if (len != 3 || trailing)
					return "malformed end marker";
				if (s.in != s.in_end)
					return "bytes after the end marker";
				if (s.out != s.out_end)
					return "output shorter than a page";
				return NULL;
			}
		} else if (op < 64) {		/* up to 16 kB back */
			if ((op & 31) == 0 && read_long_length(&s, 33, &len))
				return "bad match length";
			if (op & 31)
				len = 2 + (op & 31);
			if (!need(&s, 2))
				return "truncated match";
			distance = ((s.in[0] | ((size_t)s.in[1] << 8)) >> 2) + 1;
			trailing = s.in[0] & 3;
			s.in += 2;
		} else {			/* 3..8 bytes up to 2 kB back */
			if (!need(&s, 1))
				return "truncated match";
			len = op < 128 ? 3 + ((op >> 5) & 1) : 5 + ((op >> 5) & 3);
			distance = ((size_t)*s.in++ << 3) + ((op >> 2) & 7) + 1;
			trailing = op & 3;
		}
		if (copy_match(&s, distance, len))
			return "match outside the output";
		if (copy_literals(&s, trailing))
			return "literals past the end";
		state = trailing;
	}
}
