/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reference LZO1X-1 compressor for the tests: liblzo2's, loaded at run
 * time so the build needs no LZO headers.  It stands in for the kernel's
 * lzo1x_1_compress(), whose output format is the same.
 */
#ifndef TEST_LZO_REF_H
#define TEST_LZO_REF_H

#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

#include "diskdump/format.h"

typedef int (*lzo_compress_fn)(const uint8_t *src, unsigned long src_len,
			       uint8_t *dst, unsigned long *dst_len,
			       void *wrkmem);

static lzo_compress_fn lzo1x_1_compress;
static void *lzo_lib;
static void *lzo_work;

/* LZO1X_1_MEM_COMPRESS is 16384 dictionary pointers; be generous. */
#define LZO_WORK_BYTES	(16384 * sizeof(void *) * 2)

/* 0 when the compressor is ready; -1 when liblzo2 is not installed. */
__attribute__((unused))
static int ref_lzo_open(void)
{
	lzo_lib = dlopen("liblzo2.so.2", RTLD_NOW);
	if (lzo_lib)
		lzo1x_1_compress = (lzo_compress_fn)dlsym(lzo_lib,
							  "lzo1x_1_compress");
	if (!lzo1x_1_compress)
		return -1;
	lzo_work = calloc(1, LZO_WORK_BYTES);
	return lzo_work ? 0 : -1;
}

__attribute__((unused))
static void ref_lzo_close(void)
{
	free(lzo_work);
	dlclose(lzo_lib);
}

/* Compress one page into out (2 pages of room); its size, or 0. */
__attribute__((unused))
static size_t ref_compress(const void *page, void *out)
{
	unsigned long len = 2 * DD_BLOCK_SIZE;

	if (lzo1x_1_compress(page, DD_BLOCK_SIZE, out, &len, lzo_work) != 0)
		return 0;
	return len;
}

#endif /* TEST_LZO_REF_H */
