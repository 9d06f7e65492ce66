/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Page contents for the page-codec tests (LZO, zstd): runs, noise, near
 * and far repeats, and the dump images' own pattern, from a fixed-seed
 * xorshift so that every run sees the same pages.
 */
#ifndef TEST_PAGES_H
#define TEST_PAGES_H

#include <stdint.h>
#include <string.h>

#include "diskdump/format.h"
#include "test_savecore_image.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint8_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t)rng_state;
}

/* Page kinds that exercise every instruction: runs, near and far matches. */
static void make_page(unsigned int kind, uint8_t *p)
{
	unsigned int i;

	switch (kind % 8) {
	case 0: memset(p, 0, DD_BLOCK_SIZE); break;
	case 1: for (i = 0; i < DD_BLOCK_SIZE; i++) p[i] = rnd(); break;
	case 2: for (i = 0; i < DD_BLOCK_SIZE; i++) p[i] = "kernel text "[i % 12]; break;
	case 3: for (i = 0; i < DD_BLOCK_SIZE; i++) p[i] = rnd() & 3; break;
	case 4: for (i = 0; i < DD_BLOCK_SIZE; i++)
			p[i] = i < 2048 ? rnd() : p[i - 2048 + (kind & 7)];
		break;
	case 5: for (i = 0; i < DD_BLOCK_SIZE; i++)
			p[i] = (i / 300) & 1 ? rnd() : 0;
		break;
	case 6: img_page_pattern(kind, p); break;
	default: for (i = 0; i < DD_BLOCK_SIZE; i++)
			p[i] = i % 700 < 350 ? (uint8_t)(i * 7) : rnd();
	}
}

#endif
