// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: savecore's LZO1X page decompressor on arbitrary bytes.
 * A stream must decode to exactly one page or be refused; nothing may be
 * read or written outside the buffers (ASan watches).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lzo_page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t page[4096];
	/* An exact-size copy, so ASan catches a read one byte too far. */
	uint8_t *in = malloc(size ? size : 1);

	if (!in)
		return 0;
	memcpy(in, data, size);
	(void)dd_lzo_decompress_page(in, size, page, sizeof(page));
	free(in);
	return 0;
}
