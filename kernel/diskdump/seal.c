// SPDX-License-Identifier: GPL-2.0
/*
 * Sealed dumps (include/diskdump/seal.h): the administrator's public key,
 * the key agreement when a device is armed, and the sealing of each piece
 * at panic.  At panic this runs on the panicking CPU and on the helpers
 * in their NMI handler: the AEAD is RFC 8439's ChaCha20-Poly1305 put
 * together here from the library's generic ChaCha20 and Poly1305, not
 * chacha20poly1305_encrypt(), whose x86 code asks irq_fpu_usable(),
 * which warns when asked from an NMI.  No allocation, no lock; the state
 * is on the stack (a few hundred bytes).
 */
#include <crypto/chacha.h>
#include <crypto/curve25519.h>
#include <crypto/poly1305.h>
#include <crypto/sha2.h>
#include <linux/string.h>

#include "diskdump.h"
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

static const u8 dd_pad0[16];

/* ChaCha20-Poly1305 (RFC 8439) in place, nonce 0^32 || le64(nonce), tag after buf. */
static void dd_aead_seal(u8 *buf, size_t len, const u8 *ad, size_t ad_len, u64 nonce,
			 const u8 key[DD_SEAL_KEY_SIZE])
{
	struct poly1305_desc_ctx poly;
	u32 state[CHACHA_STATE_WORDS], k[DD_SEAL_KEY_SIZE / 4];
	u8 block0[POLY1305_KEY_SIZE];
	__le64 iv[2], lens[2];

	for (unsigned int i = 0; i < ARRAY_SIZE(k); i++) {
		__le32 word;

		memcpy(&word, key + 4 * i, sizeof(word));
		k[i] = le32_to_cpu(word);
	}
	iv[0] = 0;
	iv[1] = cpu_to_le64(nonce);
	chacha_init_generic(state, k, (u8 *)iv);
	/* Block 0's key stream is Poly1305's key; the data from block 1 on. */
	chacha_crypt_generic(state, block0, dd_pad0, sizeof(block0), 20);
	poly1305_init_generic(&poly, block0);
	poly1305_update_generic(&poly, ad, ad_len);
	if (ad_len & 15)
		poly1305_update_generic(&poly, dd_pad0, 16 - (ad_len & 15));
	chacha_crypt_generic(state, buf, buf, len, 20);
	poly1305_update_generic(&poly, buf, len);
	if (len & 15)
		poly1305_update_generic(&poly, dd_pad0, 16 - (len & 15));
	lens[0] = cpu_to_le64(ad_len);
	lens[1] = cpu_to_le64(len);
	poly1305_update_generic(&poly, (const u8 *)lens, sizeof(lens));
	poly1305_final_generic(&poly, buf + len);
	memzero_explicit(state, sizeof(state));
	memzero_explicit(k, sizeof(k));
	memzero_explicit(block0, sizeof(block0));
	memzero_explicit(&poly, sizeof(poly));
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
