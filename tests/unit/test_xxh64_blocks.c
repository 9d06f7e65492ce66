// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kernel's hash of pages in pieces (include/diskdump/xxh64_blocks.h)
 * must be XXH64 of the pieces back to back, as savecore checks it with
 * libxxhash: for no data, one stripe, one page, and many pages cut in
 * uneven pieces.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <xxhash.h>

#include "diskdump/xxh64_blocks.h"
#include "test_check.h"

#define DATA_BYTES	(64u * 4096u)

static uint64_t data[DATA_BYTES / 8];

/* The whole length hashed in pieces of `piece` stripes (0: one piece). */
static void check_len(uint64_t len, uint64_t piece)
{
	struct dd_xxh64 h;
	uint64_t off, n, want = XXH64(data, len, 0), got;
	char name[128];

	dd_xxh64_start(&h);
	for (off = 0; off < len; off += n) {
		n = piece ? piece * DD_XXH64_STRIPE : len;
		if (n > len - off)
			n = len - off;
		dd_xxh64_add(&h, (const char *)data + off, n);
	}
	got = dd_xxh64_end(&h);
	snprintf(name, sizeof(name), "xxh64 of %" PRIu64 " bytes in pieces of %" PRIu64 " stripes",
		 len, piece);
	check(name, got == want, "%016" PRIx64 ", libxxhash %016" PRIx64, got, want);
}

int main(void)
{
	uint64_t x = 0x243f6a8885a308d3ull;

	for (size_t i = 0; i < DATA_BYTES / 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		data[i] = x;
	}
	check_len(0, 0);
	check_len(32, 0);
	check_len(4096, 0);
	check_len(4096, 1);
	check_len(DATA_BYTES, 128);	/* page by page */
	check_len(DATA_BYTES, 7);
	check_len(DATA_BYTES - 4096 + 96, 3);
	return test_exit_status();
}
