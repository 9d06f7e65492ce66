/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The administrator's X25519 public key for sealed dumps (seal.h), as
 * OpenSSL writes it:
 *   openssl genpkey -algorithm X25519 -out dump.key
 *   openssl pkey -in dump.key -pubout -out dump.pub
 * (a PEM SubjectPublicKeyInfo), and handing it to the kernel.
 */
#ifndef DDSEAL_H
#define DDSEAL_H

#include <stddef.h>
#include <stdint.h>

/* Parse the text of a PEM X25519 public key: 0, or -1 with the reason in err. */
int dd_seal_parse_public(const char *pem, size_t len, uint8_t key[32], char *err, size_t errlen);

/* The same from a file. */
int dd_seal_read_public(const char *path, uint8_t key[32], char *err, size_t errlen);

/* Give the kernel the key (NULL: none) for the devices armed next; 0 or an errno. */
int dd_kernel_set_seal_key(const uint8_t *key);

/* The kernel's current key id ("none" when none) into buf; 0 or an errno. */
int dd_kernel_seal_key_id(char *buf, size_t len);

#endif /* DDSEAL_H */
