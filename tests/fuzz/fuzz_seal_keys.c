// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: the key files of sealed dumps, read by diskdumpctl
 * (the administrator's X25519 public key, utils/lib/ddseal.c) and by
 * savecore (the private key, savecore/seal_open.c): PEM, base64, DER
 * prefixes.  Any bytes must give a key or a clear refusal, nothing read
 * or written outside the buffers (ASan watches).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ddseal.h"
#include "seal_open.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exact size, no NUL: ASan catches a read past the end. */
	char *text = malloc(size ? size : 1), err[512];
	struct seal_secret s;
	uint8_t key[32];

	if (!text)
		abort();
	memcpy(text, data, size);
	if (!dd_seal_parse_public(text, size, key, err, sizeof(err))) {
		bool zero = true;

		for (int i = 0; i < 32; i++)
			zero = zero && !key[i];
		if (zero)
			abort();
	} else if (!err[0]) {
		abort();
	}
	if (seal_parse_secret(text, size, &s, err, sizeof(err)) && !err[0])
		abort();
	free(text);
	return 0;
}
