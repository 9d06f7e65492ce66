// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore's zstd page decoder against libzstd's compressor at the
 * kernel's level (1): pages of every kind of content (test_pages.h, as
 * for LZO) must come back byte for byte; truncated, extended and damaged
 * frames must be refused (or, damaged, decode without a fault), and so
 * must a frame that does not make exactly a page.
 */
#include <string.h>
#include <zstd.h>

#include "diskdump/format.h"
#include "test_check.h"
#include "test_pages.h"
#include "zstd_page.h"

int main(void)
{
	static uint8_t page[DD_BLOCK_SIZE], out[DD_BLOCK_SIZE], z[2 * DD_BLOCK_SIZE];
	static uint8_t half[DD_BLOCK_SIZE / 2];
	unsigned int kind, exact = 0, total = 0, trunc = 0, cuts = 0, longer = 0;
	size_t len, cut;

	for (kind = 0; kind < 200; kind++) {
		make_page(kind, page);
		len = ZSTD_compress(z, sizeof(z), page, sizeof(page), 1);
		if (ZSTD_isError(len))
			continue;
		total++;
		if (!dd_zstd_decompress_page(z, len, out, sizeof(out)) &&
		    !memcmp(out, page, sizeof(page)))
			exact++;
		for (cut = 1; cut < len; cut += 1 + len / 7) {
			cuts++;
			trunc += dd_zstd_decompress_page(z, len - cut, out, sizeof(out)) != NULL;
		}
		z[len] = 0;
		longer += dd_zstd_decompress_page(z, len + 1, out, sizeof(out)) != NULL;
		/* Damage: whatever it decodes to, no fault (ASan runs this too). */
		z[len / 2] ^= 0x5a;
		dd_zstd_decompress_page(z, len, out, sizeof(out));
	}
	check("zstd: 200 level-1 pages decompress exactly", exact == total && total == 200,
	      "%u of %u", exact, total);
	check("zstd: every truncated frame refused", trunc == cuts, "%u of %u", trunc, cuts);
	check("zstd: a byte after the frame refused", longer == total, "%u of %u", longer, total);
	memset(half, 7, sizeof(half));
	len = ZSTD_compress(z, sizeof(z), half, sizeof(half), 1);
	check("zstd: a frame of half a page refused",
	      !ZSTD_isError(len) && dd_zstd_decompress_page(z, len, out, sizeof(out)) != NULL,
	      "accepted");
	check("zstd: raw bytes refused",
	      dd_zstd_decompress_page(page, sizeof(page), out, sizeof(out)) != NULL, "accepted");
	check("zstd: empty input refused", dd_zstd_decompress_page(z, 0, out, sizeof(out)) != NULL,
	      "accepted");
	return test_exit_status();
}
