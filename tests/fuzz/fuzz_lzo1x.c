// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: savecore's LZO1X page decompressor.
 *
 * 1. The input as a stream from a disk: it must decode to exactly one page
 *    or be refused, and nothing may be read or written outside the buffers
 *    (ASan watches).  When it is accepted, liblzo2's plain decoder must
 *    give the same page: acceptance never rests on a partial decode.
 * 2. The input as page contents (repeated to fill the page, so runs and
 *    matches occur as in memory): compressed with liblzo2's lzo1x_1, the
 *    algorithm of the kernel's lzo1x_1_compress() that diskdump.ko uses,
 *    it must come back byte for byte.
 */
#include <lzo1x.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lzo_page.h"

#define PAGE		4096
/* lzo1x_1's worst case for a page: 4096 + 4096/16 + 64 + 3. */
#define PAGE_BOUND	(PAGE + PAGE / 16 + 64 + 3)

static void decode_stream(const uint8_t *data, size_t size)
{
	static uint8_t page[PAGE], ref[PAGE];
	/* An exact-size copy, so ASan catches a read one byte too far. */
	uint8_t *in = malloc(size ? size : 1);
	lzo_uint got = PAGE;

	if (!in)
		return;
	memcpy(in, data, size);
	if (!dd_lzo_decompress_page(in, size, page, sizeof(page)) &&
	    (lzo1x_decompress_safe(in, size, ref, &got, NULL) != LZO_E_OK ||
	     got != PAGE || memcmp(page, ref, PAGE)))
		abort();
	free(in);
}

static void round_trip(const uint8_t *data, size_t size)
{
	static uint8_t page[PAGE], back[PAGE], packed[PAGE_BOUND];
	static lzo_align_t wrk[(LZO1X_1_MEM_COMPRESS + sizeof(lzo_align_t) - 1) /
			       sizeof(lzo_align_t)];
	lzo_uint packed_len = sizeof(packed);
	size_t i;

	if (!size)
		return;
	for (i = 0; i < PAGE; i++)
		page[i] = data[i % size];
	if (lzo1x_1_compress(page, PAGE, packed, &packed_len, wrk) != LZO_E_OK ||
	    dd_lzo_decompress_page(packed, packed_len, back, PAGE) ||
	    memcmp(page, back, PAGE))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		if (lzo_init() != LZO_E_OK)
			abort();
		ready = 1;
	}
	decode_stream(data, size);
	round_trip(data, size);
	return 0;
}
