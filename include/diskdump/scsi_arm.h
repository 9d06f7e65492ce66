/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm time for hooks of SCSI-carrying PCI controllers: the controller
 * behind a SCSI host, its registers, and the disk's geometry read with
 * READ CAPACITY (10 or 16, in sd's order) through the SCSI midlayer
 * (process context; the driver still owns the controller), checked
 * against what sd found.
 * Kernel only; the CDB and the parser are diskdump/scsi.h's.
 */
#ifndef DISKDUMP_SCSI_ARM_H
#define DISKDUMP_SCSI_ARM_H

#include <linux/blkdev.h>
#include <linux/log2.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "diskdump/scsi.h"

/* The SCSI device under disk, or NULL when it is not a SCSI disk. */
static inline struct scsi_device *dd_scsi_arm_sdev(struct gendisk *disk)
{
	struct device *dev = disk_to_dev(disk)->parent;

	return dev && scsi_is_sdev_device(dev) ? to_scsi_device(dev) : NULL;
}

/* The SCSI device under disk if its host's driver is proc_name, or NULL. */
static inline struct scsi_device *dd_scsi_arm_sdev_of(struct gendisk *disk,
						      const char *proc_name)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev(disk);
	const char *name = sdev ? sdev->host->hostt->proc_name : NULL;

	return name && !strcmp(name, proc_name) ? sdev : NULL;
}

/* The PCI device of the disk's SCSI host if driver is bound to it, or NULL. */
static inline struct pci_dev *dd_scsi_arm_host_pci(struct scsi_device *sdev,
						   const char *driver)
{
	struct device *dev = sdev->host->dma_dev;

	if (!dev || !dev_is_pci(dev) || !dev->driver ||
	    strcmp(dev->driver->name, driver))
		return NULL;
	return to_pci_dev(dev);
}

/*
 * Map the first len bytes of the controller's first memory BAR, where
 * mptbase and sym53c8xx find the registers.  0, -EOPNOTSUPP without such
 * a BAR or with a shorter one, -ENOMEM.
 */
static inline int dd_scsi_arm_map_regs(struct pci_dev *pdev, unsigned long len,
				       void __iomem **regs)
{
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_flags(pdev, bar) & IORESOURCE_MEM)
			break;
	if (bar == PCI_STD_NUM_BARS || pci_resource_len(pdev, bar) < len)
		return -EOPNOTSUPP;
	*regs = pci_iomap_range(pdev, bar, 0, len);
	return *regs ? 0 : -ENOMEM;
}

/* One command from the midlayer, in process context: 0 or its result. */
static inline int dd_scsi_arm_execute(struct scsi_device *sdev, const u8 *cdb,
				      u8 *buf, unsigned int len)
{
	memset(buf, 0, len);
	/* scsi_execute_cmd() replaced the scsi_execute() macro in 6.3. */
#ifdef scsi_execute
	return scsi_execute_req(sdev, cdb, DMA_FROM_DEVICE, buf, len, NULL,
				30 * HZ, 3, NULL);
#else
	return scsi_execute_cmd(sdev, cdb, REQ_OP_DRV_IN, buf, len, 30 * HZ, 3,
				NULL);
#endif
}

/*
 * READ CAPACITY (16) or (10): 0 with the last LBA and block length, 1
 * when (10) says the disk is too large for it, or an error after a
 * message naming the disk.
 */
static inline int dd_scsi_arm_read_cap(struct scsi_device *sdev,
				       struct gendisk *disk, bool sixteen,
				       u8 *buf, u64 *last_lba, u32 *bl)
{
	u8 cdb[DD_SCSI_MAX_CDB];
	int ret;

	if (sixteen)
		dd_scsi_read_cap16_cdb(cdb);
	else
		dd_scsi_read_cap10_cdb(cdb);
	ret = dd_scsi_arm_execute(sdev, cdb, buf, sixteen ?
				  DD_SCSI_READ_CAP_16_BYTES :
				  DD_SCSI_READ_CAP_10_BYTES);
	if (ret) {
		pr_err("%s: READ CAPACITY (%u) failed (result %#x)\n",
		       disk->disk_name, sixteen ? 16 : 10, ret);
		return -EIO;
	}
	ret = sixteen ? dd_scsi_parse_read_cap16(buf, DD_SCSI_READ_CAP_16_BYTES,
						 last_lba, bl) :
			dd_scsi_parse_read_cap10(buf, DD_SCSI_READ_CAP_10_BYTES,
						 last_lba, bl);
	if (ret < 0) {
		pr_err("%s: READ CAPACITY (%u) data unusable (block length or protection information)\n",
		       disk->disk_name, sixteen ? 16 : 10);
		return -EOPNOTSUPP;
	}
	return ret;
}

/*
 * The last LBA and log2(logical block / 512) of the disk, from READ
 * CAPACITY, which must agree with sd's block size: the dump is written
 * in the logical blocks the disk uses.  (16) or (10) first in sd's
 * order (dd_scsi_rc16_first()): older disks reject (16); (16) after (10)
 * only for a disk too large for (10), and (10) after a failed (16).  0,
 * or an error after a message naming the disk.
 */
static inline int dd_scsi_arm_geometry(struct scsi_device *sdev,
				       struct gendisk *disk, u64 *last_lba,
				       unsigned int *lbs_shift)
{
	u32 lbs = queue_logical_block_size(disk->queue), bl = 0;
	bool sixteen = dd_scsi_rc16_first(sdev->host->max_cmd_len,
					  sdev->try_rc_10_first,
					  sdev->scsi_level,
					  scsi_device_protection(sdev));
	u8 *buf;
	int ret;

	buf = kmalloc(DD_SCSI_READ_CAP_16_BYTES, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = dd_scsi_arm_read_cap(sdev, disk, sixteen, buf, last_lba, &bl);
	if (ret == 1 || (ret == -EIO && sixteen))
		ret = dd_scsi_arm_read_cap(sdev, disk, !sixteen, buf, last_lba,
					   &bl);
	if (ret == 1) {
		pr_err("%s: too large for READ CAPACITY (10), and (16) failed\n",
		       disk->disk_name);
		ret = -EOPNOTSUPP;
	}
	if (!ret && bl != lbs) {
		pr_err("%s: READ CAPACITY says %u-byte blocks, sd %u\n",
		       disk->disk_name, bl, lbs);
		ret = -EIO;
	}
	kfree(buf);
	if (!ret)
		*lbs_shift = ilog2(lbs) - SECTOR_SHIFT;
	return ret;
}

#endif /* DISKDUMP_SCSI_ARM_H */
