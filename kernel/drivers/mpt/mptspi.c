// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for disks behind an LSI Fusion-MPT parallel SCSI
 * controller (53C1020/1030, the "mptspi" driver).
 *
 * The takeover is the family's (proto.c): a message unit reset, which
 * ends the failed kernel's commands without resetting the SCSI bus, the
 * IOC brought up on our frames.  The firmware negotiates the transfer
 * agreements with each target itself; the hook writes no SCSI device
 * page and resets no bus, so the other targets on the bus are left as
 * they are (a target may answer our first command with a unit attention,
 * which is retried).  The firmware's bus and target are the SCSI
 * device's: mptspi puts every target on channel 0 with its SCSI id, and
 * integrated-RAID volumes there too (the firmware does the RAID); the
 * physical disks of a volume, on channel 1, are refused: writing one
 * would break the volume.  A hard reset, the last resort, reboots the
 * IOC, which a 53C1030 whose firmware the driver downloads does not
 * survive.  Verified against the MPI simulator only (tests/mpt, SPI
 * personality): no emulator of the 53C1030 exists.
 */
#define pr_fmt(fmt) "diskdump_mptspi: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <scsi/scsi_host.h>

#include "glue.h"

static int dd_mptspi_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev;
	struct pci_dev *pdev;
	struct dd_mpt *m;
	const char *why;
	int ret;

	sdev = dd_mpt_sdev(disk, "mptspi", &pdev);
	if (!sdev)
		return -ENODEV;
	why = mpi_spi_refusal(sdev->channel, sdev->id, sdev->lun);
	if (why) {
		pr_err("%s: channel %u id %u LUN %llu: %s\n", disk->disk_name, sdev->channel,
		       sdev->id, sdev->lun, why);
		return -EOPNOTSUPP;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->bus = 0;
	m->target = sdev->id;
	m->ctl.tag = KBUILD_MODNAME;
	d->hook_data = m;
	ret = dd_mpt_setup(d, disk, sdev, pdev);
	if (ret) {
		kfree(m);
		return ret;
	}
	d->reset_timeout_ms = MPI_TAKEOVER_MS;
	snprintf(d->description, sizeof(d->description), "MPT SPI %s target %u LUN %llu",
		 pci_name(pdev), sdev->id, sdev->lun);
	return 0;
}

static int dd_mptspi_quiesce(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	return mpi_take_over(&m->ctl, MPI_PORT_TYPE_SCSI);
}

static const struct dd_hook_ops dd_mptspi_ops = {
	.name		= "mptspi",
	.owner		= THIS_MODULE,
	.probe		= dd_mptspi_probe,
	.release	= dd_mpt_release,
	.quiesce	= dd_mptspi_quiesce,
	.submit		= dd_mpt_submit,
	.poll		= dd_mpt_poll,
	.shutdown	= dd_mpt_shutdown,
};
module_dd_hook(dd_mptspi_ops);

MODULE_DESCRIPTION("diskdump hook for disks behind an LSI Fusion-MPT parallel SCSI controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
