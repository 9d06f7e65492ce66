/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Opening a sealed dump (include/diskdump/seal.h) with the administrator's
 * X25519 secret key, through libsodium: the key read from a PKCS#8 PEM
 * file (openssl genpkey -algorithm X25519), the dump key derived as the
 * kernel derived it, each piece opened in place.  A piece whose tag does
 * not verify is reported as damaged, like a bad checksum.
 */
#ifndef SAVECORE_SEAL_OPEN_H
#define SAVECORE_SEAL_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diskdump/format.h"
#include "diskdump/seal.h"

struct seal_secret {
	uint8_t	sk[32];
	uint8_t	pk[32];		/* its public half */
	uint8_t	id[DD_SEAL_KEY_ID_SIZE];
};

/* Read a PEM X25519 private key (PKCS#8): 0, or -1 with the reason in err. */
int seal_load_secret(const char *path, struct seal_secret *s, char *err, size_t errlen);

/* Parse the text of one (for the tests and the fuzzer). */
int seal_parse_secret(const char *pem, size_t len, struct seal_secret *s,
		      char *err, size_t errlen);

/*
 * The dump key of a sealed header, when s is the key it was sealed for:
 * 0, or -1 with the reason in err (another key: both ids said).
 */
int seal_derive(const struct dd_dump_header *h, const struct seal_secret *s,
		uint8_t key[DD_SEAL_KEY_SIZE], char *err, size_t errlen);

/* Open len bytes at buf sealed with nonce and AD dump_id, the tag after them. */
bool seal_open_area(const uint8_t key[DD_SEAL_KEY_SIZE], uint64_t dump_id, uint64_t nonce,
		    uint8_t *buf, size_t len);

/* Open a chunk's payload of bytes, its tag after it. */
bool seal_open_chunk(const uint8_t key[DD_SEAL_KEY_SIZE], uint64_t seq,
		     const struct dd_page_desc *pages, uint32_t nr_pages,
		     uint8_t *payload, size_t bytes);

/* The header's panic string, opened into out (the header stays as on disk). */
bool seal_open_panic(const uint8_t key[DD_SEAL_KEY_SIZE], const struct dd_dump_header *h,
		     char out[DD_PANIC_STRING_LEN]);

/* "0123456789abcdef": a key id as text. */
void seal_id_text(const uint8_t id[DD_SEAL_KEY_ID_SIZE], char text[2 * DD_SEAL_KEY_ID_SIZE + 1]);

#endif
