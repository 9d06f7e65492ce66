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
	char		label[64];	/* the filesystem's or swap area's label */
	char		detail[192];	/* "last mounted on /srv, ..." for ext2/3/4 */
	uint64_t	offset;		/* of the magic, in bytes */
};

/*
 * Look for filesystem, RAID, LVM, swap, crypto and partition-table
 * signatures with libblkid, as wipefs and mkswap do; an ext2/3/4
 * filesystem is described further by libext2fs (where it was last
 * mounted, how much of it is in use), so that a refusal tells the user
 * whose data it is.  path is fd's name.  Returns how many were found (at
 * most max are stored), or -1 with a message in err.
 */
int dd_probe_signatures(int fd, const char *path, struct dd_signature *sigs, int max,
			char *err, size_t errlen);

/*
 * Erase the magic of every signature libblkid finds (fd must be open for
 * writing).  Returns how many were erased, or -1 with a message in err.
 */
int dd_wipe_signatures(int fd, char *err, size_t errlen);

/*
 * Describe one signature for people: 'ext4 filesystem "data" at offset
 * 0x438 (last mounted on /srv, 1.2 GiB of 2.0 GiB in use)'.  A buffer of
 * DD_SIGNATURE_TEXT bytes holds the longest: every field at its largest,
 * the label with every byte escaped.
 */
#define DD_SIGNATURE_TEXT	(sizeof(((struct dd_signature *)0)->type) + \
				 4 * sizeof(((struct dd_signature *)0)->label) + \
				 sizeof(((struct dd_signature *)0)->detail) + 96)
void dd_signature_describe(const struct dd_signature *sig, char *buf, size_t len);

#define DD_INUSE_MOUNTED	(1 << 0)
#define DD_INUSE_SWAP		(1 << 1)	/* active swap */
#define DD_INUSE_BUSY		(1 << 2)	/* opened exclusively by someone */

/*
 * Whether path is mounted or an active swap area (libext2fs reads
 * /proc/mounts and /proc/swaps, following symlinks and device numbers);
 * where it is mounted goes into mountpoint.  Returns DD_INUSE_* flags, or
 * -1 with a message in err.
 */
int dd_device_in_use(const char *path, char *mountpoint, size_t mplen,
		     char *err, size_t errlen);

#endif /* DDPROBE_H */
