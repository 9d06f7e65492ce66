/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Sealed dumps: what is written at panic is encrypted and authenticated
 * for an administrator's X25519 key pair, whose secret half never needs
 * to be on the machine.  Shared by the kernel writer and savecore.
 *
 * At arm time (per armed device): e random, E = X25519(e, basepoint),
 * s = X25519(e, A) with A the administrator's public key, and
 *     K = SHA-256(DD_SEAL_KDF_LABEL || s || E || A)
 * e and s are wiped at once; only K (in memory) and E (in the dump
 * header, seal_pub) are kept.  The header's seal_key_id is
 * SHA-256(A)[0..8): which key a dump needs, without revealing A.
 * savecore recomputes s = X25519(a, E) from the secret a.
 *
 * Every sealed piece is ChaCha20-Poly1305 (RFC 8439) under K with a
 * 96-bit nonce of four zero bytes then le64(n) (the kernel's
 * chacha20poly1305_encrypt() with nonce n; libsodium's
 * crypto_aead_chacha20poly1305_ietf_* with that nonce), its 16-byte tag
 * right after its ciphertext:
 *   chunk with sequence number q   n = q, AD = the chunk's nr_pages page
 *                                  descriptors as on disk; the payload
 *                                  (payload_bytes) in place,
 *                                  payload_blocks covering the tag too
 *   notes area                     n = DD_SEAL_NONCE_NOTES, AD = dump_id
 *   kernel log                     n = DD_SEAL_NONCE_DMESG, AD = dump_id
 *   header's panic_string          n = DD_SEAL_NONCE_PANIC, AD = dump_id;
 *                                  DD_SEAL_PANIC_LEN bytes + tag
 * Nonces never repeat under one K: chunk sequence numbers stay far below
 * 1 << 62, and K is made anew whenever a device is armed.  The sequence
 * number is authenticated, and savecore requires chunks in sequence
 * order on the disk: a chunk moved elsewhere is found out.  Poly1305's
 * own length block binds nr_pages (the AD's length) and payload_bytes
 * (the ciphertext's).  K lives for one boot, so for one dump: dump_id
 * need not be bound but in the areas' AD, where it costs nothing.
 */
#ifndef DISKDUMP_SEAL_H
#define DISKDUMP_SEAL_H

#include <linux/types.h>

#define DD_SEAL_KEY_SIZE	32
#define DD_SEAL_TAG_SIZE	16
#define DD_SEAL_KEY_ID_SIZE	8
#define DD_SEAL_KDF_LABEL	"diskdump seal v1"
#define DD_SEAL_KDF_LABEL_LEN	16

#define DD_SEAL_NONCE_NOTES	((1ull << 62) + 1)
#define DD_SEAL_NONCE_DMESG	((1ull << 62) + 2)
#define DD_SEAL_NONCE_PANIC	((1ull << 62) + 3)

/* The panic string's bytes that are sealed, its tag after them. */
#define DD_SEAL_PANIC_LEN	(512 - DD_SEAL_TAG_SIZE)

#endif /* DISKDUMP_SEAL_H */
