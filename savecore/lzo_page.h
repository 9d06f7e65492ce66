/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * LZO1X decompression of one page as the kernel's lzo1x_1_compress()
 * stored it (the classic bitstream, not LZO-RLE).  The input comes from a
 * disk, so liblzo2's bounds-checked decoder does the work.
 */
#ifndef SAVECORE_LZO_PAGE_H
#define SAVECORE_LZO_PAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decompress in[0..in_len) into out, which must come out exactly out_len
 * bytes long, with the end-of-stream marker as the last input bytes.
 * Returns NULL, or why the data is not such a stream.
 */
const char *dd_lzo_decompress_page(const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_len);

#endif
