// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <blkid.h>
#include <ext2fs/ext2fs.h>

#include "ddprobe.h"

/*
 * A probe that reports every known signature, including ones with a bad
 * checksum: a damaged filesystem is still somebody's data.
 */
static blkid_probe open_probe(int fd, char *err, size_t errlen)
{
	blkid_probe pr = blkid_new_probe();

	if (!pr) {
		snprintf(err, errlen, "libblkid: out of memory");
		return NULL;
	}
	if (blkid_probe_set_device(pr, fd, 0, 0)) {
		snprintf(err, errlen, "libblkid cannot probe the device");
		blkid_free_probe(pr);
		return NULL;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE |
					  BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_BADCSUM);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	return pr;
}

static void lookup(blkid_probe pr, const char *name, char *buf, size_t len)
{
	const char *value = NULL;

	buf[0] = '\0';
	if (!blkid_probe_lookup_value(pr, name, &value, NULL) && value)
		snprintf(buf, len, "%s", value);
}

/* Fill sig from the probe's current result. */
static void current_signature(blkid_probe pr, struct dd_signature *sig)
{
	char offset[32];

	memset(sig, 0, sizeof(*sig));
	lookup(pr, "TYPE", sig->type, sizeof(sig->type));
	if (sig->type[0]) {
		lookup(pr, "USAGE", sig->usage, sizeof(sig->usage));
		lookup(pr, "SBMAGIC_OFFSET", offset, sizeof(offset));
	} else {
		lookup(pr, "PTTYPE", sig->type, sizeof(sig->type));
		snprintf(sig->usage, sizeof(sig->usage), "partition table");
		lookup(pr, "PTMAGIC_OFFSET", offset, sizeof(offset));
	}
	if (!sig->type[0])
		snprintf(sig->type, sizeof(sig->type), "unknown");
	sig->offset = strtoull(offset, NULL, 10);
}

int dd_probe_signatures(int fd, struct dd_signature *sigs, int max,
			char *err, size_t errlen)
{
	blkid_probe pr = open_probe(fd, err, errlen);
	struct dd_signature sig;
	int found = 0, rc;

	if (!pr)
		return -1;
	while ((rc = blkid_do_probe(pr)) == 0) {
		current_signature(pr, &sig);
		if (found < max)
			sigs[found] = sig;
		found++;
	}
	blkid_free_probe(pr);
	if (rc < 0) {
		snprintf(err, errlen, "libblkid could not read the device");
		return -1;
	}
	return found;
}

int dd_wipe_signatures(int fd, char *err, size_t errlen)
{
	blkid_probe pr = open_probe(fd, err, errlen);
	int wiped = 0, rc;

	if (!pr)
		return -1;
	/* blkid_do_wipe() steps the probe back, so the loop sees every one. */
	while ((rc = blkid_do_probe(pr)) == 0) {
		if (blkid_do_wipe(pr, 0)) {
			snprintf(err, errlen, "could not erase a signature: %s",
				 strerror(errno));
			blkid_free_probe(pr);
			return -1;
		}
		wiped++;
		if (wiped > 64) {	/* a signature that will not go away */
			snprintf(err, errlen, "signatures keep reappearing; giving up");
			blkid_free_probe(pr);
			return -1;
		}
	}
	blkid_free_probe(pr);
	if (rc < 0) {
		snprintf(err, errlen, "libblkid could not read the device");
		return -1;
	}
	if (fsync(fd)) {
		snprintf(err, errlen, "fsync after erasing signatures: %s", strerror(errno));
		return -1;
	}
	return wiped;
}

void dd_signature_describe(const struct dd_signature *sig, char *buf, size_t len)
{
	const char *usage = sig->usage;

	if (!strcmp(sig->type, "swap"))
		usage = "area";
	else if (!usage[0] || !strcmp(usage, "other"))
		usage = "signature";
	else if (!strcmp(usage, "raid"))
		usage = "RAID member";
	else if (!strcmp(usage, "crypto"))
		usage = "encrypted volume";
	snprintf(buf, len, "%s %s at offset 0x%" PRIx64, sig->type, usage, sig->offset);
}

int dd_device_in_use(const char *path, char *err, size_t errlen)
{
	int mount_flags = 0, flags = 0;
	errcode_t rc = ext2fs_check_if_mounted(path, &mount_flags);

	if (rc) {
		snprintf(err, errlen, "cannot tell whether %s is mounted (libext2fs error %ld)",
			 path, (long)rc);
		return -1;
	}
	/* libext2fs reports an active swap area as mounted too: keep them apart. */
	if (mount_flags & EXT2_MF_SWAP)
		flags |= DD_INUSE_SWAP;
	else if (mount_flags & EXT2_MF_MOUNTED)
		flags |= DD_INUSE_MOUNTED;
	if (mount_flags & EXT2_MF_BUSY)
		flags |= DD_INUSE_BUSY;
	return flags;
}
