/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * LZO1X decompression of one page, as the kernel's lzo1x_1_compress()
 * writes it (the classic bitstream, not LZO-RLE).  The input comes from a
 * disk: every length and distance is checked before it is used.
 */
#ifndef SAVECORE_LZO1X_H
#define SAVECORE_LZO1X_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decompress in[0..in_len) into out, which must come out exactly out_len
 * bytes long, with the end-of-stream marker as the last input bytes.
 * Returns NULL, or why the data is not such a stream.
 */
const char *lzo1x_decompress_exact(const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_len);

#endif
