/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * XXH64 (seed 0) of data that comes in pieces, each whole 32-byte
 * stripes: the payload checksum of a chunk whose pages are hashed where
 * they lie in RAM (kernel/diskdump/fill.c) rather than in one buffer.
 * The result is the XXH64 of the pieces back to back, as format.h
 * defines the payload checksum; tests/unit/test_xxh64_blocks.c checks it
 * against libxxhash.
 *
 * Why not the kernel's xxh64_update(): it also takes pieces of any length,
 * which this does not need, and under QEMU TCG its stripe loop (which
 * spans a page boundary of the Debian 6.1 kernel's text) runs about 20
 * times slower than xxh64()'s, making every hashed page cost 17 us there.
 */
#ifndef DISKDUMP_XXH64_BLOCKS_H
#define DISKDUMP_XXH64_BLOCKS_H

#include "diskdump/format.h"

#define DD_XXH64_STRIPE		32u

#define DD_XXH64_P1	0x9E3779B185EBCA87ull
#define DD_XXH64_P2	0xC2B2AE3D27D4EB4Full
#define DD_XXH64_P3	0x165667B19E3779F9ull
#define DD_XXH64_P4	0x85EBCA77C2B2AE63ull
#define DD_XXH64_P5	0x27D4EB2F165667C5ull

struct dd_xxh64 {
	__u64	acc[4];
	__u64	len;
};

static inline __u64 dd_xxh64_rotl(__u64 x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline __u64 dd_xxh64_round(__u64 acc, __u64 lane)
{
	return dd_xxh64_rotl(acc + lane * DD_XXH64_P2, 31) * DD_XXH64_P1;
}

static inline void dd_xxh64_start(struct dd_xxh64 *h)
{
	h->acc[0] = DD_XXH64_P1 + DD_XXH64_P2;
	h->acc[1] = DD_XXH64_P2;
	h->acc[2] = 0;
	h->acc[3] = -DD_XXH64_P1;
	h->len = 0;
}

/* len bytes at p, a multiple of DD_XXH64_STRIPE, 8-byte aligned. */
static inline void dd_xxh64_add(struct dd_xxh64 *h, const void *p, __u64 len)
{
	const __le64 *lane = (const __le64 *)p, *end = lane + len / 8;
	__u64 a0 = h->acc[0], a1 = h->acc[1], a2 = h->acc[2], a3 = h->acc[3];

	for (; lane < end; lane += 4) {
		a0 = dd_xxh64_round(a0, dd_from_le64(lane[0]));
		a1 = dd_xxh64_round(a1, dd_from_le64(lane[1]));
		a2 = dd_xxh64_round(a2, dd_from_le64(lane[2]));
		a3 = dd_xxh64_round(a3, dd_from_le64(lane[3]));
	}
	h->acc[0] = a0;
	h->acc[1] = a1;
	h->acc[2] = a2;
	h->acc[3] = a3;
	h->len += len;
}

static inline __u64 dd_xxh64_merge(__u64 h64, __u64 acc)
{
	return (h64 ^ dd_xxh64_round(0, acc)) * DD_XXH64_P1 + DD_XXH64_P4;
}

static inline __u64 dd_xxh64_end(const struct dd_xxh64 *h)
{
	__u64 h64;
	unsigned int i;

	if (h->len) {
		h64 = dd_xxh64_rotl(h->acc[0], 1) + dd_xxh64_rotl(h->acc[1], 7) +
		      dd_xxh64_rotl(h->acc[2], 12) + dd_xxh64_rotl(h->acc[3], 18);
		for (i = 0; i < 4; i++)
			h64 = dd_xxh64_merge(h64, h->acc[i]);
	} else {
		h64 = DD_XXH64_P5;
	}
	h64 += h->len;
	h64 ^= h64 >> 33;
	h64 *= DD_XXH64_P2;
	h64 ^= h64 >> 29;
	h64 *= DD_XXH64_P3;
	h64 ^= h64 >> 32;
	return h64;
}

#endif /* DISKDUMP_XXH64_BLOCKS_H */
