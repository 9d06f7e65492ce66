// SPDX-License-Identifier: GPL-2.0
/*
 * Sealed dumps (include/diskdump/seal.h): the administrator's public key,
 * the key agreement when a device is armed, and the sealing of each piece
 * at panic.  At panic this runs on the panicking CPU and on the helpers
 * in their NMI handler: the AEAD, RFC 8439's ChaCha20-Poly1305, is put
 * together here from a scalar ChaCha20 (chacha20_xor.h says why it is
 * ours) and the library's generic Poly1305 core, which every supported
 * kernel exports, and not chacha20poly1305_encrypt(), whose x86 code asks
 * irq_fpu_usable(), which warns when asked from an NMI.  No allocation,
 * no lock; the state is on the stack (a few hundred bytes).
 */
#include <crypto/curve25519.h>
#include <crypto/internal/poly1305.h>
#include <crypto/sha2.h>
#include <linux/string.h>

#include "diskdump.h"
#include "diskdump/chacha20_xor.h"
#include "diskdump/seal.h"

/* Set through sysfs (seal_key), under dd_lock; read when a device is armed. */
static u8 dd_admin_key[CURVE25519_KEY_SIZE];
static bool dd_admin_key_set;

int dd_seal_set_admin_key(const u8 *key)
{
	lockdep_assert_held(&dd_lock);
	if (!key) {
		memzero_explicit(dd_admin_key, sizeof(dd_admin_key));
		dd_admin_key_set = false;
		return 0;
	}
	/* A point of small order gives every device the same known key. */
	if (!memchr_inv(key, 0, CURVE25519_KEY_SIZE))
		return -EINVAL;
	memcpy(dd_admin_key, key, sizeof(dd_admin_key));
	dd_admin_key_set = true;
	return 0;
}

bool dd_seal_admin_key(u8 id[DD_SEAL_KEY_ID_SIZE])
{
	u8 digest[SHA256_DIGEST_SIZE];

	lockdep_assert_held(&dd_lock);
	if (!dd_admin_key_set)
		return false;
	sha256(dd_admin_key, sizeof(dd_admin_key), digest);
	memcpy(id, digest, DD_SEAL_KEY_ID_SIZE);
	return true;
}

/*
 * A one-time key pair for t, the shared secret with the administrator's
 * key, the dump key derived from it; only the dump key and the public
 * half are kept.  Without an administrator's key, t is not sealed.
 */
int dd_seal_arm(struct dd_seal *sl)
{
	u8 secret[CURVE25519_KEY_SIZE], shared[CURVE25519_KEY_SIZE];
	u8 kdf[DD_SEAL_KDF_LABEL_LEN + 3 * CURVE25519_KEY_SIZE];
	int ret = 0;

	lockdep_assert_held(&dd_lock);
	memset(sl, 0, sizeof(*sl));
	if (!dd_seal_admin_key(sl->key_id))
		return 0;
	curve25519_generate_secret(secret);
	if (!curve25519_generate_public(sl->pub, secret) ||
	    !curve25519(shared, secret, dd_admin_key)) {
		pr_err("seal_key is not a usable X25519 public key\n");
		ret = -EINVAL;
		goto out;
	}
	memcpy(kdf, DD_SEAL_KDF_LABEL, DD_SEAL_KDF_LABEL_LEN);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN, shared, CURVE25519_KEY_SIZE);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN + CURVE25519_KEY_SIZE, sl->pub, CURVE25519_KEY_SIZE);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN + 2 * CURVE25519_KEY_SIZE, dd_admin_key,
	       CURVE25519_KEY_SIZE);
	sha256(kdf, sizeof(kdf), sl->key);
	sl->on = true;
out:
	memzero_explicit(secret, sizeof(secret));
	memzero_explicit(shared, sizeof(shared));
	memzero_explicit(kdf, sizeof(kdf));
	return ret;
}

void dd_seal_wipe(struct dd_seal *sl)
{
	memzero_explicit(sl, sizeof(*sl));
}

/* Poly1305 over whole 16-byte blocks, the last one zero-padded (RFC 8439's pad16). */
static void dd_poly_padded(struct poly1305_state *h, const struct poly1305_core_key *k,
			   const u8 *data, size_t len)
{
	u8 last[POLY1305_BLOCK_SIZE] = { 0 };
	size_t whole = len / POLY1305_BLOCK_SIZE;

	if (whole)
		poly1305_core_blocks(h, k, data, whole, 1);
	if (len % POLY1305_BLOCK_SIZE) {
		memcpy(last, data + whole * POLY1305_BLOCK_SIZE, len % POLY1305_BLOCK_SIZE);
		poly1305_core_blocks(h, k, last, 1, 1);
	}
}

/*
 * ChaCha20-Poly1305 (RFC 8439) of len bytes at buf, in place, nonce
 * 0^32 || le64(nonce); the tag after them.
 */
static void dd_aead_seal(u8 *buf, size_t len, const u8 *ad, size_t ad_len, u64 nonce,
			 const u8 key[DD_SEAL_KEY_SIZE])
{
	struct poly1305_core_key pk;
	struct poly1305_state h;
	u8 block0[DD_CHACHA20_BLOCK] = { 0 };
	__le64 lens[2];
	u32 s[4];
	int i;

	/* Block 0's first 32 bytes are Poly1305's key; the data from block 1 on. */
	dd_chacha20_xor(key, nonce, 0, block0, sizeof(block0));
	poly1305_core_setkey(&pk, block0);
	for (i = 0; i < 4; i++) {
		__le32 w;

		memcpy(&w, block0 + 16 + 4 * i, sizeof(w));
		s[i] = le32_to_cpu(w);
	}
	poly1305_core_init(&h);
	dd_poly_padded(&h, &pk, ad, ad_len);
	dd_chacha20_xor(key, nonce, 1, buf, len);
	dd_poly_padded(&h, &pk, buf, len);
	lens[0] = cpu_to_le64(ad_len);
	lens[1] = cpu_to_le64(len);
	poly1305_core_blocks(&h, &pk, lens, 1, 1);
	poly1305_core_emit(&h, s, buf + len);
	memzero_explicit(&pk, sizeof(pk));
	memzero_explicit(block0, sizeof(block0));
	memzero_explicit(s, sizeof(s));
}

/* len bytes at buf sealed in place, the tag after them; returns len + tag. */
size_t dd_seal_area(const struct dd_seal *sl, u64 dump_id, u64 nonce, void *buf, size_t len)
{
	__le64 ad = cpu_to_le64(dump_id);

	dd_aead_seal(buf, len, (const u8 *)&ad, sizeof(ad), nonce, sl->key);
	return len + DD_SEAL_TAG_SIZE;
}

/*
 * A chunk's payload (bytes) in place, its tag after it: bound to its place
 * (seq, the nonce) and to its page descriptors (the AD, where they are in
 * the chunk header: no copy on a stack that may be an NMI's).
 */
void dd_seal_chunk(const struct dd_seal *sl, u64 seq, u32 nr_pages,
		   const struct dd_page_desc *pages, void *payload, size_t bytes)
{
	dd_aead_seal(payload, bytes, (const u8 *)pages, nr_pages * sizeof(*pages), seq, sl->key);
}

/* The header's panic string, and what says the dump is sealed. */
void dd_seal_header(const struct dd_seal *sl, struct dd_dump_header *h)
{
	__le64 ad = h->dump_id;

	h->flags |= cpu_to_le32(DD_FLAG_SEALED);
	memcpy(h->seal_pub, sl->pub, sizeof(h->seal_pub));
	memcpy(h->seal_key_id, sl->key_id, sizeof(h->seal_key_id));
	dd_aead_seal((u8 *)h->panic_string, DD_SEAL_PANIC_LEN, (const u8 *)&ad, sizeof(ad),
		     DD_SEAL_NONCE_PANIC, sl->key);
}
