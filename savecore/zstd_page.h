/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * zstd decompression of one page as the kernel's zstd_compress_cctx()
 * stored it: one frame.  The input comes from a disk, so libzstd's
 * bounds-checked decoder does the work.
 */
#ifndef SAVECORE_ZSTD_PAGE_H
#define SAVECORE_ZSTD_PAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decompress in[0..in_len), exactly one zstd frame, into out, which must
 * come out exactly out_len bytes long.  Returns NULL, or why the data is
 * not such a frame.
 */
const char *dd_zstd_decompress_page(const uint8_t *in, size_t in_len,
				    uint8_t *out, size_t out_len);

#endif
