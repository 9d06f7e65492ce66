// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <blkid.h>
#include <ext2fs/ext2fs.h>

#include "ddmsg.h"
#include "ddprobe.h"

/* libext2fs's block counts are "bitwise" types to sparse, plain numbers here. */
#ifdef __CHECKER__
#define EXT_COUNT(x)	((__attribute__((force)) uint64_t)(x))
#else
#define EXT_COUNT(x)	((uint64_t)(x))
#endif

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
					  BLKID_SUBLKS_LABEL | BLKID_SUBLKS_MAGIC |
					  BLKID_SUBLKS_BADCSUM);
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
		lookup(pr, "LABEL", sig->label, sizeof(sig->label));
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

static bool is_ext(const char *type)
{
	return !strcmp(type, "ext2") || !strcmp(type, "ext3") || !strcmp(type, "ext4") ||
	       !strcmp(type, "ext4dev");
}

/*
 * libext2fs reads the superblock properly (64-bit block counts, feature
 * flags): where the filesystem was last mounted and how full it is are
 * what tells an administrator whose data this is.
 */
static void describe_ext(const char *path, struct dd_signature *sig)
{
	char mounted[sizeof(((struct ext2_super_block *)0)->s_last_mounted) + 1];
	char used_text[32], size_text[32];
	uint64_t blocks, used, bsize;
	ext2_filsys fs;

	if (ext2fs_open(path, EXT2_FLAG_64BITS, 0, 0, unix_io_manager, &fs))
		return;
	bsize = (uint64_t)EXT2_BLOCK_SIZE(fs->super);
	blocks = EXT_COUNT(ext2fs_blocks_count(fs->super));
	used = blocks - EXT_COUNT(ext2fs_free_blocks_count(fs->super));
	dd_printable(mounted, sizeof(mounted), (const char *)fs->super->s_last_mounted,
		     sizeof(fs->super->s_last_mounted));
	snprintf(sig->detail, sizeof(sig->detail), "%s%s%s%s of %s in use",
		 mounted[0] ? "last mounted on " : "never mounted", mounted,
		 ", ", dd_human_size(used * bsize, used_text, sizeof(used_text)),
		 dd_human_size(blocks * bsize, size_text, sizeof(size_text)));
	ext2fs_close_free(&fs);
}

int dd_probe_signatures(int fd, const char *path, struct dd_signature *sigs, int max,
			char *err, size_t errlen)
{
	blkid_probe pr = open_probe(fd, err, errlen);
	struct dd_signature sig;
	int found = 0, rc;

	if (!pr)
		return -1;
	while ((rc = blkid_do_probe(pr)) == 0) {
		current_signature(pr, &sig);
		if (is_ext(sig.type) && path)
			describe_ext(path, &sig);
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
	const char *what = sig->usage;
	char label[4 * sizeof(sig->label) + 4] = "";

	if (!strcmp(sig->type, "swap"))
		what = "area";
	else if (!strcmp(sig->type, "LVM2_member") || !strcmp(sig->type, "LVM1_member"))
		what = "(LVM physical volume)";
	else if (!what[0] || !strcmp(what, "other"))
		what = "signature";
	else if (!strcmp(what, "raid"))
		what = "RAID member";
	else if (!strcmp(what, "crypto"))
		what = "encrypted volume";
	if (sig->label[0]) {
		char text[4 * sizeof(sig->label) + 1];

		dd_printable(text, sizeof(text), sig->label, sizeof(sig->label));
		snprintf(label, sizeof(label), " \"%s\"", text);
	}
	snprintf(buf, len, "%s %s%s at offset 0x%" PRIx64 "%s%s%s", sig->type, what, label,
		 sig->offset, sig->detail[0] ? " (" : "", sig->detail, sig->detail[0] ? ")" : "");
}

int dd_device_in_use(const char *path, char *mountpoint, size_t mplen,
		     char *err, size_t errlen)
{
	int mount_flags = 0, flags = 0;
	errcode_t rc;

	mountpoint[0] = '\0';
	rc = ext2fs_check_mount_point(path, &mount_flags, mountpoint, (int)mplen);
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
