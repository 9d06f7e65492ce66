// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for SAS disks behind an LSI Fusion-MPT SAS controller
 * (SAS1064/1068/1078, the "mptsas" driver).
 *
 * The driver's request frames, reply queue, callbacks and locks are out of
 * reach at panic time, and the IOC's reply free FIFO holds the driver's
 * reply frames.  So the IOC's message unit is reset (its firmware keeps
 * its discovery and its persistent device mapping), which also ends every
 * command of the failed kernel, and the IOC is brought back to operational
 * on frames of our own; an IOC in fault, stuck in a handshake or deaf to
 * the message unit reset gets a hard reset as the last resort.  The
 * target is named at arm time by its SAS address; after the reset the
 * firmware is asked (SAS device page 0) which bus and target id that
 * address has, as mptsas itself does.  The message layer is proto.c, the
 * kernel side the family shares glue.c.
 */
#define pr_fmt(fmt) "diskdump_mptsas: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_sas.h>

#include "glue.h"

/* The SAS address of the end device the SCSI target is, or 0. */
static u64 dd_mptsas_address(struct scsi_device *sdev)
{
	struct device *parent = scsi_target(sdev)->dev.parent;

	if (!parent || !scsi_is_sas_rphy(parent))
		return 0;
	return dev_to_rphy(parent)->identify.sas_address;
}

static int dd_mptsas_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev;
	struct pci_dev *pdev;
	struct dd_mpt *m;
	int ret;

	sdev = dd_mpt_sdev(disk, "mptsas", &pdev);
	if (!sdev)
		return -ENODEV;
	if (!dd_mptsas_address(sdev)) {
		pr_err("%s: not a SAS end device with an address\n", disk->disk_name);
		return -EOPNOTSUPP;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->port_name = dd_mptsas_address(sdev);
	m->ctl.tag = KBUILD_MODNAME;
	d->hook_data = m;
	ret = dd_mpt_setup(d, disk, sdev, pdev);
	if (ret) {
		kfree(m);
		return ret;
	}
	d->reset_timeout_ms = MPI_TAKEOVER_MS;
	snprintf(d->description, sizeof(d->description),
		 "MPT SAS %s SAS address %#llx LUN %llu", pci_name(pdev), m->port_name,
		 sdev->lun);
	return 0;
}

/*
 * A message unit reset ends every command of the failed kernel and makes
 * the IOC forget the driver's reply frames, so no earlier reply can be
 * taken for a later request; then the IOC is brought up on ours and asked
 * which bus and target our SAS address has now.
 */
static int dd_mptsas_quiesce(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;
	int ret;

	ret = mpi_take_over(&m->ctl, MPI_PORT_TYPE_SAS);
	if (!ret)
		ret = mpi_sas_find_target(&m->ctl, m->port_name, &m->bus, &m->target);
	if (ret)
		return ret;
	pr_info("%s: bus %u target %u\n", d->description, m->bus, m->target);
	return 0;
}

static const struct dd_hook_ops dd_mptsas_ops = {
	.name		= "mptsas",
	.owner		= THIS_MODULE,
	.probe		= dd_mptsas_probe,
	.release	= dd_mpt_release,
	.quiesce	= dd_mptsas_quiesce,
	.submit		= dd_mpt_submit,
	.poll		= dd_mpt_poll,
	.shutdown	= dd_mpt_shutdown,
};
module_dd_hook(dd_mptsas_ops);

MODULE_DESCRIPTION("diskdump hook for SAS disks behind an LSI Fusion-MPT SAS controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
