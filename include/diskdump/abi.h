/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The interface between diskdump.ko and userspace (diskdumpctl).
 *
 * DD_SYSFS_DIR/arm      write "MAJ:MIN" of a partition to arm it.
 * DD_SYSFS_DIR/disarm   write "MAJ:MIN" of an armed partition to disarm it.
 * DD_SYSFS_DIR/devices  read: one line per armed partition, in dump order:
 *                       "MAJ:MIN HOOK START_SECTOR NR_SECTORS KIND", KIND
 *                       "partition" (diskdumpfmt's label) or "swap" (a
 *                       swap area, swap.h); NR_SECTORS is the dump area;
 *                       then " sealed=KEYID" when its dumps are sealed
 * DD_SYSFS_DIR/reserved_bytes  read: memory kept for the panic path by all
 *                       armed partitions (buffers, workspace, hook rings)
 * DD_SYSFS_DIR/seal_key (root only) write the administrator's X25519 public
 *                       key as 64 hex digits, or "none": the partitions
 *                       armed from then on write sealed dumps (seal.h);
 *                       read: the key's id (16 hex digits) or "none"
 *
 * A failed write(2) to arm/disarm returns one of these errors, and the
 * kernel log says the same in words:
 *   EINVAL      the text is not "MAJ:MIN"
 *   ENXIO       no block device has that number
 *   ENOTBLK     the device is a whole disk, not a partition
 *   EOPNOTSUPP  no loaded hook module can drive the disk's controller
 *   ENOSPC      the partition is smaller than DD_MIN_PARTITION_BYTES
 *   EMEDIUMTYPE the partition carries no valid diskdumpfmt label, or is a
 *               swap area diskdump cannot use (bad pages, too small)
 *   EBUSY       the partition is open exclusively (mounted, active swap)
 *   EEXIST      the partition is already armed
 *   ENOENT      (disarm) the partition is not armed
 *   ENOMEM      the buffers the panic path needs could not be reserved
 *   E2BIG       System RAM has more ranges than the format can describe
 *
 * Module parameters live in /sys/module/diskdump/parameters/.
 */
#ifndef DISKDUMP_ABI_H
#define DISKDUMP_ABI_H

#define DD_SYSFS_DIR		"/sys/kernel/diskdump"
#define DD_SYSFS_ARM		DD_SYSFS_DIR "/arm"
#define DD_SYSFS_DISARM		DD_SYSFS_DIR "/disarm"
#define DD_SYSFS_DEVICES	DD_SYSFS_DIR "/devices"
#define DD_SYSFS_RESERVED	DD_SYSFS_DIR "/reserved_bytes"
#define DD_SYSFS_SEAL_KEY	DD_SYSFS_DIR "/seal_key"
#define DD_SYSFS_PARAMS		"/sys/module/diskdump/parameters"

/*
 * The kernel saves the other CPUs' registers only when this is Y; without
 * it "bt -a" shows the panicking CPU alone.  diskdumpctl sets it on arm.
 */
#define DD_POST_NOTIFIERS_PARAM \
	"/sys/module/kernel/parameters/crash_kexec_post_notifiers"

#endif /* DISKDUMP_ABI_H */
