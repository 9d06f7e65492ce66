/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ChaCha20 (RFC 8439, section 2.4) as sealed dumps use it: the key stream
 * for a 256-bit key, a 32-bit block counter and the 96-bit nonce
 * 0^32 || le64(nonce) (seal.h), XORed in place into a buffer.
 *
 * Why not the kernel library's chacha_block_generic(), one 64-byte block
 * into a buffer per call, then XORed: the panic path may only use scalar
 * code (the library's SIMD code asks irq_fpu_usable(), which warns in the
 * helpers' NMI), and there the copy of the state, the stores of the block
 * and their loads again cost as much as the rounds under QEMU's TCG
 * (whose memory accesses are dear).  Here the state stays in locals and
 * each 64-bit word of key stream goes straight into the data: ChaCha20
 * alone twice as fast under TCG, a few per cent natively; a sealed
 * level-0 dump 1.4 to 1.7 times as fast under TCG (bench d0-sealed).
 * SIMD would not pay there either: TCG runs SSE2 and AVX2 ChaCha20
 * slower than this.
 *
 * One header for the kernel and for the unit test, which checks it
 * against libsodium for every length and offset that matter.
 */
#ifndef DISKDUMP_CHACHA20_XOR_H
#define DISKDUMP_CHACHA20_XOR_H

#include "diskdump/format.h"	/* dd_from_le32() and the like */

#ifdef __KERNEL__
#include <linux/string.h>
#define dd_cc_wipe(p, n)	memzero_explicit(p, n)
#else
#include <stddef.h>
#include <string.h>
#define dd_cc_wipe(p, n)	explicit_bzero(p, n)
#endif

#define DD_CHACHA20_BLOCK	64

static inline __u32 dd_cc_rol(__u32 v, int s)
{
	return (v << s) | (v >> (32 - s));
}

/* RFC 8439's quarter round; inlined, its four words stay in registers. */
static inline void dd_cc_qr(__u32 *a, __u32 *b, __u32 *c, __u32 *d)
{
	*a += *b;
	*d = dd_cc_rol(*d ^ *a, 16);
	*c += *d;
	*b = dd_cc_rol(*b ^ *c, 12);
	*a += *b;
	*d = dd_cc_rol(*d ^ *a, 8);
	*c += *d;
	*b = dd_cc_rol(*b ^ *c, 7);
}

/* The ChaCha20 state after its 20 rounds plus the input, as 64-bit words. */
static inline void dd_chacha20_block64(const __u32 in[16], __u64 out[8])
{
	__u32 x0 = in[0], x1 = in[1], x2 = in[2], x3 = in[3];
	__u32 x4 = in[4], x5 = in[5], x6 = in[6], x7 = in[7];
	__u32 x8 = in[8], x9 = in[9], x10 = in[10], x11 = in[11];
	__u32 x12 = in[12], x13 = in[13], x14 = in[14], x15 = in[15];
	int i;

	for (i = 0; i < 10; i++) {
		dd_cc_qr(&x0, &x4, &x8, &x12);
		dd_cc_qr(&x1, &x5, &x9, &x13);
		dd_cc_qr(&x2, &x6, &x10, &x14);
		dd_cc_qr(&x3, &x7, &x11, &x15);
		dd_cc_qr(&x0, &x5, &x10, &x15);
		dd_cc_qr(&x1, &x6, &x11, &x12);
		dd_cc_qr(&x2, &x7, &x8, &x13);
		dd_cc_qr(&x3, &x4, &x9, &x14);
	}
	/* Word 2k in the low half: the key stream's bytes are little-endian words. */
	out[0] = (x0 + in[0]) | (__u64)(x1 + in[1]) << 32;
	out[1] = (x2 + in[2]) | (__u64)(x3 + in[3]) << 32;
	out[2] = (x4 + in[4]) | (__u64)(x5 + in[5]) << 32;
	out[3] = (x6 + in[6]) | (__u64)(x7 + in[7]) << 32;
	out[4] = (x8 + in[8]) | (__u64)(x9 + in[9]) << 32;
	out[5] = (x10 + in[10]) | (__u64)(x11 + in[11]) << 32;
	out[6] = (x12 + in[12]) | (__u64)(x13 + in[13]) << 32;
	out[7] = (x14 + in[14]) | (__u64)(x15 + in[15]) << 32;
}

/*
 * len bytes at buf XORed with the key stream of key (32 bytes) and nonce
 * from block counter on.  The caller keeps counter + len / 64 below 2^32
 * (RFC 8439's counter does not carry into the nonce).
 */
static inline void dd_chacha20_xor(const __u8 key[32], __u64 nonce, __u32 counter,
				   __u8 *buf, size_t len)
{
	__u32 in[16];
	__u64 ks[8];
	size_t i;

	/* "expand 32-byte k", the key, the block counter, the nonce. */
	in[0] = 0x61707865;
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (i = 0; i < 8; i++) {
		__le32 w;

		memcpy(&w, key + 4 * i, sizeof(w));
		in[4 + i] = dd_from_le32(w);
	}
	in[12] = counter;
	in[13] = 0;
	in[14] = (__u32)nonce;
	in[15] = (__u32)(nonce >> 32);
	for (; len >= DD_CHACHA20_BLOCK; len -= DD_CHACHA20_BLOCK, buf += DD_CHACHA20_BLOCK) {
		dd_chacha20_block64(in, ks);
		in[12]++;
		for (i = 0; i < 8; i++) {
			__le64 w;

			memcpy(&w, buf + 8 * i, sizeof(w));
			w = dd_to_le64(dd_from_le64(w) ^ ks[i]);
			memcpy(buf + 8 * i, &w, sizeof(w));
		}
	}
	if (len) {
		dd_chacha20_block64(in, ks);
		for (i = 0; i < len; i++)
			buf[i] ^= (__u8)(ks[i / 8] >> (8 * (i % 8)));
	}
	dd_cc_wipe(ks, sizeof(ks));
	dd_cc_wipe(in, sizeof(in));
}

#endif /* DISKDUMP_CHACHA20_XOR_H */
