/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Facts about block devices from /sys/dev/block/MAJ:MIN. */
#ifndef DDSYSFS_H
#define DDSYSFS_H

#include <stddef.h>
#include <sys/types.h>

/* 1 if dev is a partition, 0 if a whole disk, -1 if sysfs does not know it. */
int dd_sysfs_is_partition(dev_t dev);

/* Number of partitions of the whole disk dev (0 for none), or -1. */
int dd_sysfs_count_partitions(dev_t dev);

/* "/dev/" + DEVNAME from the device's uevent; -1 if unknown. */
int dd_sysfs_devname(unsigned int major, unsigned int minor, char *path, size_t len);

/*
 * The PCI function the block device dev hangs off (the last PCI address
 * on its sysfs path, "0000:00:1f.2") and the Linux driver bound to it
 * ("ahci"; "" when none).  -1 when the device is not on PCI or unknown.
 */
int dd_sysfs_controller(dev_t dev, char *pci, size_t pcilen, char *driver, size_t drvlen);

#endif /* DDSYSFS_H */
