// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libzstd checks every length and offset against both buffers, which is
 * what untrusted input needs.  The frame must fill the input exactly: a
 * page is one frame, and bytes after it would be payload misplaced.
 */
#include <zstd.h>

#include "zstd_page.h"

const char *dd_zstd_decompress_page(const uint8_t *in, size_t in_len,
				    uint8_t *out, size_t out_len)
{
	size_t frame = ZSTD_findFrameCompressedSize(in, in_len), got;

	if (ZSTD_isError(frame))
		return "not a complete zstd frame";
	if (frame != in_len)
		return "bytes left after the zstd frame";
	got = ZSTD_decompress(out, out_len, in, in_len);
	if (ZSTD_isError(got))
		return "corrupt zstd frame";
	return got == out_len ? NULL : "frame ends before the page does";
}
