/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What else is on a device, and is it in use: the checks that must pass
 * before diskdumpfmt writes anything.
 */
#ifndef DDPROBE_H
#define DDPROBE_H

#include <stddef.h>
#include <stdint.h>

#define DD_MAX_SIGNATURES	8

struct dd_signature {
	char		type[32];	/* "ext4", "swap", "gpt", ... */
	char		usage[32];	/* "filesystem", "other", "partition table" */
	uint64_t	offset;		/* of the magic, in bytes */
};

/*
 * Look for filesystem, RAID, swap, crypto and partition-table signatures
 * with libblkid, as wipefs and mkswap do.  Returns how many were found
 * (at most max are stored), or -1 with a message in err.
 */
int dd_probe_signatures(int fd, struct dd_signature *sigs, int max,
			char *err, size_t errlen);

/*
 * Erase the magic of every signature libblkid finds (fd must be open for
 * writing).  Returns how many were erased, or -1 with a message in err.
 */
int dd_wipe_signatures(int fd, char *err, size_t errlen);

/* Describe one signature: "ext4 filesystem at offset 0x438". */
void dd_signature_describe(const struct dd_signature *sig, char *buf, size_t len);

#define DD_INUSE_MOUNTED	(1 << 0)
#define DD_INUSE_SWAP		(1 << 1)	/* active swap */
#define DD_INUSE_BUSY		(1 << 2)	/* opened exclusively by someone */

/*
 * Whether path is mounted or an active swap area (libext2fs reads
 * /proc/mounts and /proc/swaps).  Returns DD_INUSE_* flags, or -1 with a
 * message in err.
 */
int dd_device_in_use(const char *path, char *err, size_t errlen);

#endif /* DDPROBE_H */
