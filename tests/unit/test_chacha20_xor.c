// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kernel's ChaCha20 for sealed dumps (include/diskdump/chacha20_xor.h,
 * the very header the module builds) against libsodium's IETF ChaCha20,
 * which savecore opens sealed dumps with: every length from 0 to three
 * blocks and then some (the partial last block), the block counters the
 * AEAD uses (0 for Poly1305's key, 1 for the data) and one far along,
 * the nonces of chunks and of the areas (seal.h), buffers at odd
 * addresses; and RFC 8439's own test vector (section 2.4.2).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "diskdump/chacha20_xor.h"
#include "diskdump/seal.h"
#include "test_check.h"

/* What savecore gives libsodium: four zero bytes, then le64(nonce). */
static void ietf_nonce(uint64_t nonce, uint8_t out[12])
{
	int i;

	memset(out, 0, 4);
	for (i = 0; i < 8; i++)
		out[4 + i] = (uint8_t)(nonce >> (8 * i));
}

/* ours and libsodium's over the same len bytes; 1 when they agree. */
static int agree(const uint8_t key[32], uint64_t nonce, uint32_t counter, size_t len,
		 size_t misalign)
{
	static uint8_t ours[3 * 4096 + 64 + 16], ref[3 * 4096 + 64];
	uint8_t n[12];
	size_t i;

	for (i = 0; i < len; i++)
		ref[i] = ours[misalign + i] = (uint8_t)(i * 131 + len);
	dd_chacha20_xor(key, nonce, counter, ours + misalign, len);
	ietf_nonce(nonce, n);
	crypto_stream_chacha20_ietf_xor_ic(ref, ref, len, n, counter, key);
	return !memcmp(ours + misalign, ref, len);
}

static void against_libsodium(void)
{
	static const uint64_t nonces[] = { 0, 1, 0x0123456789abcdefull, DD_SEAL_NONCE_NOTES,
					   DD_SEAL_NONCE_DMESG, DD_SEAL_NONCE_PANIC };
	static const uint32_t counters[] = { 0, 1, 0x7fffffffu, 0xfffff000u };
	static const size_t big[] = { 4096, 4096 + 16, 251 * 16 + 7, 3 * 4096 + 63 };
	uint8_t key[32];
	char name[96];
	size_t len, i, j, bad;

	randombytes_buf(key, sizeof(key));
	for (i = 0; i < sizeof(nonces) / sizeof(nonces[0]); i++) {
		for (j = 0; j < sizeof(counters) / sizeof(counters[0]); j++) {
			bad = SIZE_MAX;
			for (len = 0; len <= 3 * 64 + 17 && bad == SIZE_MAX; len++)
				if (!agree(key, nonces[i], counters[j], len, len % 8))
					bad = len;
			snprintf(name, sizeof(name), "chacha20-lengths-nonce-%zu-counter-%zu", i, j);
			check(name, bad == SIZE_MAX, "differs from libsodium at %zu bytes", bad);
		}
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		snprintf(name, sizeof(name), "chacha20-%zu-bytes", big[i]);
		check(name, agree(key, 42, 1, big[i], 3), "differs from libsodium");
	}
}

/* RFC 8439, 2.4.2: its nonce 00:00:00:00:00:00:00:4a:00:00:00:00 is of our form. */
static void rfc8439_vector(void)
{
	static const char plain[] = "Ladies and Gentlemen of the class of '99: If I could "
				    "offer you only one tip for the future, sunscreen would be it.";
	static const uint8_t head[16] = { 0x6e, 0x2e, 0x35, 0x9a, 0x25, 0x68, 0xf9, 0x80,
					  0x41, 0xba, 0x07, 0x28, 0xdd, 0x0d, 0x69, 0x81 };
	static const uint8_t tail[2] = { 0x87, 0x4d };
	uint8_t key[32], buf[sizeof(plain) - 1];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	memcpy(buf, plain, sizeof(buf));
	dd_chacha20_xor(key, 0x4aull << 24, 1, buf, sizeof(buf));
	check("chacha20-rfc8439-2.4.2",
	      !memcmp(buf, head, sizeof(head)) && !memcmp(buf + sizeof(buf) - 2, tail, 2),
	      "not the RFC's ciphertext");
}

int main(void)
{
	if (sodium_init() < 0)
		return 2;
	against_libsodium();
	rfc8439_vector();
	return test_exit_status();
}
