// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for disks behind an LSI Fusion-MPT Fibre Channel
 * controller (FC909/919/929/939/949, the "mptfc" driver).
 *
 * The takeover is the family's (proto.c): a message unit reset and the
 * IOC brought up on our frames.  The firmware then logs in to the fabric
 * or loop again; the hook waits, as mptfc does, for FC port page 0 to say
 * the link is online with discovery done, at most MPI_FC_LINK_MS, and
 * fails with a status when it stays down.  The disk's remote port is
 * named at arm time by its WWPN; at takeover the firmware's bus and
 * target id for it are read from FC device page 0, as mptfc learns them.
 * A hard reset, the last resort, reboots the IOC, which an FC part whose
 * firmware the driver downloads does not survive.  Verified against the
 * MPI simulator only (tests/mpt, FC personality): no emulator exists.
 */
#define pr_fmt(fmt) "diskdump_mptfc: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_fc.h>

#include "glue.h"

static int dd_mptfc_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev;
	struct fc_rport *rport;
	struct pci_dev *pdev;
	struct dd_mpt *m;
	int ret;

	sdev = dd_mpt_sdev(disk, "mptfc", &pdev);
	if (!sdev)
		return -ENODEV;
	rport = starget_to_rport(scsi_target(sdev));
	if (!rport || !(rport->roles & FC_RPORT_ROLE_FCP_TARGET) || !rport->port_name) {
		pr_err("%s: not behind an FCP target remote port with a WWPN\n", disk->disk_name);
		return -EOPNOTSUPP;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->port_name = rport->port_name;
	m->ctl.tag = KBUILD_MODNAME;
	d->hook_data = m;
	ret = dd_mpt_setup(d, disk, sdev, pdev);
	if (ret) {
		kfree(m);
		return ret;
	}
	d->reset_timeout_ms = MPI_TAKEOVER_MS + MPI_FC_LINK_MS;
	snprintf(d->description, sizeof(d->description), "MPT FC %s WWPN %#llx LUN %llu",
		 pci_name(pdev), m->port_name, sdev->lun);
	return 0;
}

static int dd_mptfc_quiesce(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;
	int ret;

	ret = mpi_take_over(&m->ctl, MPI_PORT_TYPE_FC);
	if (!ret)
		ret = mpi_fc_wait_link(&m->ctl, MPI_FC_LINK_MS);
	if (!ret)
		ret = mpi_fc_find_target(&m->ctl, m->port_name, &m->bus, &m->target);
	if (ret)
		return ret;
	pr_info("%s: bus %u target %u\n", d->description, m->bus, m->target);
	return 0;
}

static const struct dd_hook_ops dd_mptfc_ops = {
	.name		= "mptfc",
	.owner		= THIS_MODULE,
	.probe		= dd_mptfc_probe,
	.release	= dd_mpt_release,
	.quiesce	= dd_mptfc_quiesce,
	.submit		= dd_mpt_submit,
	.poll		= dd_mpt_poll,
	.shutdown	= dd_mpt_shutdown,
};
module_dd_hook(dd_mptfc_ops);

MODULE_DESCRIPTION("diskdump hook for disks behind an LSI Fusion-MPT Fibre Channel controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
