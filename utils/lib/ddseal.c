// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ddseal.h"
#include "ddkernel.h"
#include "diskdump/abi.h"

/* SubjectPublicKeyInfo of an X25519 key: this DER prefix, then the 32 key bytes. */
static const uint8_t spki_x25519[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00,
};

#define PEM_BEGIN	"-----BEGIN PUBLIC KEY-----"
#define PEM_END		"-----END PUBLIC KEY-----"

static int b64_value(char c)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(set, c) : NULL;

	return p ? (int)(p - set) : -1;
}

/* Base64 between from and to (whitespace ignored, '=' ends it) into out. */
static int b64_decode(const char *from, const char *to, uint8_t *out, size_t cap, size_t *len)
{
	unsigned int acc = 0, bits = 0;

	*len = 0;
	for (; from < to && *from != '='; from++) {
		int v;

		if (*from == ' ' || *from == '\n' || *from == '\r' || *from == '\t')
			continue;
		v = b64_value(*from);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (*len == cap)
				return -1;
			out[(*len)++] = (uint8_t)(acc >> bits);
		}
	}
	return 0;
}

int dd_seal_parse_public(const char *pem, size_t len, uint8_t key[32], char *err, size_t errlen)
{
	const char *b = memmem(pem, len, PEM_BEGIN, strlen(PEM_BEGIN)), *e;
	uint8_t der[64];
	size_t n;

	if (!b) {
		if (memmem(pem, len, "PRIVATE KEY", 11))
			snprintf(err, errlen, "this is a private key: give the public half (openssl pkey -in KEY -pubout); the private key stays off the machine");
		else
			snprintf(err, errlen, "no \"%s\" in it (make one: openssl genpkey -algorithm X25519 -out dump.key; openssl pkey -in dump.key -pubout -out dump.pub)",
				 PEM_BEGIN);
		return -1;
	}
	b += strlen(PEM_BEGIN);
	e = memmem(b, len - (size_t)(b - pem), PEM_END, strlen(PEM_END));
	if (!e || b64_decode(b, e, der, sizeof(der), &n) || n != sizeof(spki_x25519) + 32 ||
	    memcmp(der, spki_x25519, sizeof(spki_x25519))) {
		snprintf(err, errlen, "not an X25519 public key (an RSA, EC or Ed25519 key cannot seal dumps)");
		return -1;
	}
	memcpy(key, der + sizeof(spki_x25519), 32);
	for (n = 0; n < 32 && !key[n]; n++)
		;
	if (n == 32) {
		snprintf(err, errlen, "the key is all zeroes");
		return -1;
	}
	return 0;
}

int dd_seal_read_public(const char *path, uint8_t key[32], char *err, size_t errlen)
{
	char buf[4096], why[300];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (dd_seal_parse_public(buf, (size_t)n, key, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	return 0;
}

int dd_kernel_set_seal_key(const uint8_t *key)
{
	char text[2 * 32 + 2] = "none\n";

	if (key) {
		for (int i = 0; i < 32; i++)
			snprintf(text + 2 * i, 3, "%02x", key[i]);
		strcat(text, "\n");
	}
	return dd_sysfs_write(DD_SYSFS_SEAL_KEY, text);
}

int dd_kernel_seal_key_id(char *buf, size_t len)
{
	int fd = open(DD_SYSFS_SEAL_KEY, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}
