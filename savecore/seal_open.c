// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal_open.h"

/* PKCS#8 of an X25519 key: this DER prefix, then the 32 secret bytes. */
static const uint8_t pkcs8_x25519[16] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
	0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
};

#define PEM_BEGIN	"-----BEGIN PRIVATE KEY-----"
#define PEM_END		"-----END PRIVATE KEY-----"

static void nonce_of(uint64_t n, uint8_t nonce[12])
{
	memset(nonce, 0, 4);
	for (int i = 0; i < 8; i++)
		nonce[4 + i] = (uint8_t)(n >> (8 * i));
}

void seal_id_text(const uint8_t id[DD_SEAL_KEY_ID_SIZE], char text[2 * DD_SEAL_KEY_ID_SIZE + 1])
{
	for (int i = 0; i < DD_SEAL_KEY_ID_SIZE; i++)
		sprintf(text + 2 * i, "%02x", id[i]);
}

static void key_id(const uint8_t pk[32], uint8_t id[DD_SEAL_KEY_ID_SIZE])
{
	uint8_t digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, pk, 32);
	memcpy(id, digest, DD_SEAL_KEY_ID_SIZE);
}

int seal_parse_secret(const char *pem, size_t len, struct seal_secret *s,
		      char *err, size_t errlen)
{
	const char *b = memmem(pem, len, PEM_BEGIN, strlen(PEM_BEGIN)), *e;
	uint8_t der[64];
	size_t der_len = 0;

	memset(s, 0, sizeof(*s));
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium does not start");
		return -1;
	}
	if (!b) {
		snprintf(err, errlen, "no \"%s\" in it (a key from: openssl genpkey -algorithm X25519)",
			 PEM_BEGIN);
		return -1;
	}
	b += strlen(PEM_BEGIN);
	e = memmem(b, len - (size_t)(b - pem), PEM_END, strlen(PEM_END));
	if (!e || sodium_base642bin(der, sizeof(der), b, (size_t)(e - b), " \r\n\t", &der_len,
				    NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    der_len != sizeof(pkcs8_x25519) + 32 ||
	    memcmp(der, pkcs8_x25519, sizeof(pkcs8_x25519))) {
		snprintf(err, errlen, "not an X25519 private key (PKCS#8)");
		sodium_memzero(der, sizeof(der));
		return -1;
	}
	memcpy(s->sk, der + sizeof(pkcs8_x25519), 32);
	sodium_memzero(der, sizeof(der));
	if (crypto_scalarmult_base(s->pk, s->sk)) {
		sodium_memzero(s, sizeof(*s));
		snprintf(err, errlen, "an unusable X25519 key");
		return -1;
	}
	key_id(s->pk, s->id);
	return 0;
}

int seal_load_secret(const char *path, struct seal_secret *s, char *err, size_t errlen)
{
	char buf[4096], why[200];
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	rc = seal_parse_secret(buf, (size_t)n, s, why, sizeof(why));
	sodium_memzero(buf, sizeof(buf));
	if (rc)
		snprintf(err, errlen, "%s: %s", path, why);
	return rc;
}

int seal_derive(const struct dd_dump_header *h, const struct seal_secret *s,
		uint8_t key[DD_SEAL_KEY_SIZE], char *err, size_t errlen)
{
	uint8_t shared[32], kdf[DD_SEAL_KDF_LABEL_LEN + 3 * 32];
	char want[2 * DD_SEAL_KEY_ID_SIZE + 1], have[2 * DD_SEAL_KEY_ID_SIZE + 1];
	int rc = 0;

	if (memcmp(h->seal_key_id, s->id, DD_SEAL_KEY_ID_SIZE)) {
		seal_id_text(h->seal_key_id, want);
		seal_id_text(s->id, have);
		snprintf(err, errlen, "the dump is sealed for key %s; the key given is %s", want, have);
		return -1;
	}
	if (crypto_scalarmult(shared, s->sk, h->seal_pub)) {
		snprintf(err, errlen, "the dump's one-time key is not usable (damaged header?)");
		return -1;
	}
	memcpy(kdf, DD_SEAL_KDF_LABEL, DD_SEAL_KDF_LABEL_LEN);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN, shared, 32);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN + 32, h->seal_pub, 32);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN + 64, s->pk, 32);
	crypto_hash_sha256(key, kdf, sizeof(kdf));
	sodium_memzero(shared, sizeof(shared));
	sodium_memzero(kdf, sizeof(kdf));
	return rc;
}

static bool open_detached(const uint8_t key[DD_SEAL_KEY_SIZE], uint64_t n, const uint8_t *ad,
			  size_t ad_len, uint8_t *buf, size_t len)
{
	uint8_t nonce[12];

	nonce_of(n, nonce);
	return !crypto_aead_chacha20poly1305_ietf_decrypt_detached(buf, NULL, buf, len, buf + len,
								   ad, ad_len, nonce, key);
}

bool seal_open_area(const uint8_t key[DD_SEAL_KEY_SIZE], uint64_t dump_id, uint64_t nonce,
		    uint8_t *buf, size_t len)
{
	__le64 ad = dd_to_le64(dump_id);

	return open_detached(key, nonce, (const uint8_t *)&ad, sizeof(ad), buf, len);
}

bool seal_open_chunk(const uint8_t key[DD_SEAL_KEY_SIZE], uint64_t seq,
		     const struct dd_page_desc *pages, uint32_t nr_pages,
		     uint8_t *payload, size_t bytes)
{
	return open_detached(key, seq, (const uint8_t *)pages, nr_pages * sizeof(*pages),
			     payload, bytes);
}

bool seal_open_panic(const uint8_t key[DD_SEAL_KEY_SIZE], const struct dd_dump_header *h,
		     char out[DD_PANIC_STRING_LEN])
{
	bool ok;

	memcpy(out, h->panic_string, DD_PANIC_STRING_LEN);
	ok = open_detached(key, DD_SEAL_NONCE_PANIC, (const uint8_t *)&h->dump_id,
			   sizeof(h->dump_id), (uint8_t *)out, DD_SEAL_PANIC_LEN);
	if (!ok)
		snprintf(out, DD_PANIC_STRING_LEN, "(sealed; did not open)");
	out[DD_SEAL_PANIC_LEN - 1] = '\0';
	memset(out + DD_SEAL_PANIC_LEN, 0, DD_PANIC_STRING_LEN - DD_SEAL_PANIC_LEN);
	return ok;
}
