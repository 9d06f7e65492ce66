// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for SAS disks behind an LSI Fusion-MPT SAS controller
 * (SAS1064/1068/1078, the "mptsas" driver).
 *
 * The driver's request frames, reply queue, callbacks and locks are out of
 * reach at panic time, and the IOC's reply free FIFO holds the driver's
 * reply frames.  So this hook resets the IOC's message unit (its firmware
 * keeps its discovery and its persistent device mapping), which also ends
 * every command of the failed kernel, brings it back to operational with
 * frames of its own reserved at arm time, and polls the reply FIFO.  An
 * IOC in fault, stuck in a doorbell handshake or deaf to the message unit
 * reset gets a hard (diagnostic) reset as the last resort.
 *
 * The target is named at arm time by its SAS address; after the reset the
 * hook asks the firmware (SAS device page 0) which bus and target id that
 * address has, as mptsas itself does.  The message layer (resets, the
 * handshake, IOCInit, the FIFOs, configuration pages, the verdict of a
 * command) is proto.c, shared with the family's other hooks and tested
 * against the MPI simulator (tests/mpt/); this file is the kernel glue.
 */
#define pr_fmt(fmt) "diskdump_mptsas: " fmt

#include <linux/blkdev.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_transport_sas.h>

#include "diskdump/hook.h"
#include "diskdump/scsi.h"
#include "diskdump/scsi_arm.h"
#include "proto.h"

#define DD_MPT_DEVID_SAS1078	0x0062
/* mptsas's own limit (MPT_SCSI_MAX_SECTORS): 4 MiB per command. */
#define DD_MPT_MAX_TRANSFER	SZ_4M

struct dd_mpt {
	struct mpi_ctl		ctl;
	struct pci_dev		*pdev;
	dma_addr_t		mem_dma;
	u64			sas_address;
	u8			lun[8];
	u8			bus, target;	/* the firmware's, after the reset */
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	u64			last_lba;
};

/* ---- arm time ---------------------------------------------------------- */

/* The SCSI device under a disk whose host is mptsas's, or NULL. */
static struct scsi_device *dd_mpt_sdev_of(struct gendisk *disk,
					  const char **driver)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev(disk);
	const char *name = sdev ? sdev->host->hostt->proc_name : NULL;

	if (!name || (strcmp(name, "mptsas") && strcmp(name, "mptspi") &&
		      strcmp(name, "mptfc")))
		return NULL;
	*driver = name;
	return sdev;
}

/* The SAS address of the end device the SCSI target is, or 0. */
static u64 dd_mpt_sas_address(struct scsi_device *sdev)
{
	struct device *parent = scsi_target(sdev)->dev.parent;

	if (!parent || !scsi_is_sas_rphy(parent))
		return 0;
	return dev_to_rphy(parent)->identify.sas_address;
}

/* The registers; the SAS1078's reach its reset register. */
static int dd_mpt_map(struct dd_mpt *m)
{
	m->ctl.is_1078 = m->pdev->vendor == PCI_VENDOR_ID_LSI_LOGIC &&
			 m->pdev->device == DD_MPT_DEVID_SAS1078;
	return dd_scsi_arm_map_regs(m->pdev, m->ctl.is_1078 ? MPI_REGS_BYTES_1078 :
				    MPI_REGS_BYTES, &m->ctl.io.regs);
}

static int dd_mpt_alloc(struct dd_mpt *m)
{
	m->ctl.mem = dma_alloc_coherent(&m->pdev->dev, MPI_MEM_BYTES, &m->mem_dma, GFP_KERNEL);
	if (!m->ctl.mem)
		return -ENOMEM;
	m->ctl.mem_bus = m->mem_dma;
	/*
	 * mptbase allocates the SAS1078's request, reply and sense memory
	 * below 4 GiB (the chip's erratum); ours must lie there too.
	 */
	if (m->ctl.is_1078 && upper_32_bits(m->mem_dma + MPI_MEM_BYTES - 1)) {
		pr_err("%s: SAS1078: its frames must lie below 4 GiB, and the memory given lies above\n",
		       pci_name(m->pdev));
		dma_free_coherent(&m->pdev->dev, MPI_MEM_BYTES, m->ctl.mem, m->mem_dma);
		return -EOPNOTSUPP;
	}
	if (upper_32_bits(m->mem_dma) != upper_32_bits(m->mem_dma + MPI_MEM_BYTES - 1)) {
		dma_free_coherent(&m->pdev->dev, MPI_MEM_BYTES, m->ctl.mem, m->mem_dma);
		return -ENOMEM;
	}
	return 0;
}

static int dd_mpt_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev;
	const char *driver;
	struct pci_dev *pdev;
	struct dd_mpt *m;
	int ret;

	sdev = dd_mpt_sdev_of(disk, &driver);
	if (!sdev)
		return -ENODEV;
	pdev = dd_scsi_arm_host_pci(sdev, "mptsas");
	if (!pdev) {
		/* mptspi (53C1030) and mptfc: not driven yet. */
		pr_err("%s: behind %s, which this hook does not drive (only mptsas)\n",
		       disk->disk_name, driver);
		return -EOPNOTSUPP;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->pdev = pdev;
	m->sas_address = dd_mpt_sas_address(sdev);
	if (!m->sas_address) {
		pr_err("%s: not a SAS end device with an address\n", disk->disk_name);
		ret = -EOPNOTSUPP;
		goto free;
	}
	int_to_scsilun(sdev->lun, (struct scsi_lun *)m->lun);
	ret = dd_scsi_arm_geometry(sdev, disk, &m->last_lba, &m->lbs_shift);
	if (ret)
		goto free;
	ret = dd_mpt_map(m);
	if (ret) {
		pr_err("%s: %s: no MPT registers in a memory BAR\n", disk->disk_name,
		       pci_name(pdev));
		goto free;
	}
	ret = dd_mpt_alloc(m);
	if (ret)
		goto unmap;

	d->hook_data = m;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = queue_logical_block_size(disk->queue);
	d->queue_depth = MPI_TAGS;
	/* One S/G element per command: the core's buffers are contiguous. */
	d->max_transfer = min_t(u64, DD_MPT_MAX_TRANSFER,
				(u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT);
	d->max_segment_size = d->max_transfer;
	d->max_segments = 1;
	d->reset_timeout_ms = MPI_TAKEOVER_MS;
	d->reserved_bytes = sizeof(*m) + MPI_MEM_BYTES;
	snprintf(d->description, sizeof(d->description),
		 "MPT SAS %s SAS address %#llx LUN %llu", pci_name(pdev),
		 m->sas_address, sdev->lun);
	m->ctl.name = d->description;
	return 0;

unmap:
	pci_iounmap(pdev, m->ctl.io.regs);
free:
	kfree(m);
	return ret;
}

static void dd_mpt_release(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	dma_free_coherent(&m->pdev->dev, MPI_MEM_BYTES, m->ctl.mem, m->mem_dma);
	pci_iounmap(m->pdev, m->ctl.io.regs);
	kfree(m);
}

/* ---- panic time ---------------------------------------------------------- */

/*
 * A message unit reset ends every command of the failed kernel and makes
 * the IOC forget the driver's reply frames, so no earlier reply can be
 * taken for a later request; then the IOC is brought up on ours and asked
 * which bus and target our SAS address has now.
 */
static int dd_mpt_quiesce(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;
	int ret;

	ret = mpi_take_over(&m->ctl, MPI_PORT_TYPE_SAS);
	if (!ret)
		ret = mpi_sas_find_target(&m->ctl, m->sas_address, &m->bus, &m->target);
	if (ret)
		return ret;
	pr_info("%s: bus %u target %u\n", d->description, m->bus, m->target);
	return 0;
}

static int dd_mpt_cdb(struct dd_mpt *m, const struct dd_request *rq, u8 *cdb)
{
	u32 blocks = rq->len >> (SECTOR_SHIFT + m->lbs_shift);

	switch (rq->op) {
	case DD_OP_READ:
	case DD_OP_WRITE:
		return dd_scsi_rw_cdb(cdb, rq->op == DD_OP_WRITE,
				      rq->sector >> m->lbs_shift, blocks);
	default:
		return dd_scsi_sync_cdb(cdb, m->last_lba);
	}
}

static int dd_mpt_submit(struct dd_disk *d, unsigned int tag,
			 const struct dd_request *rq)
{
	struct dd_mpt *m = d->hook_data;
	bool data = rq->op != DD_OP_FLUSH;
	u8 cdb[DD_SCSI_MAX_CDB];
	struct dd_mpi_scsi_io io = {
		.bus = m->bus,
		.target = m->target,
		.cdb = cdb,
		.dir = rq->op == DD_OP_WRITE ? DD_MPI_WRITE :
		       rq->op == DD_OP_READ ? DD_MPI_READ : DD_MPI_NO_DATA,
		.data = data ? rq->buf->dma + rq->offset : 0,
		.len = data ? rq->len : 0,
	};

	io.cdb_len = dd_mpt_cdb(m, rq, cdb);
	if (!io.cdb_len)
		return -EINVAL;
	memcpy(io.lun, m->lun, sizeof(io.lun));
	return mpi_scsi_submit(&m->ctl, tag, &io);
}

static int dd_mpt_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_mpt *m = d->hook_data;

	return mpi_scsi_poll(&m->ctl, tag);
}

static void dd_mpt_shutdown(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	mpi_shutdown(&m->ctl);
}

static const struct dd_hook_ops dd_mpt_ops = {
	.name		= "mptsas",
	.owner		= THIS_MODULE,
	.probe		= dd_mpt_probe,
	.release	= dd_mpt_release,
	.quiesce	= dd_mpt_quiesce,
	.submit		= dd_mpt_submit,
	.poll		= dd_mpt_poll,
	.shutdown	= dd_mpt_shutdown,
};

static int __init dd_mpt_init_module(void)
{
	return dd_register_hook(&dd_mpt_ops);
}

static void __exit dd_mpt_exit_module(void)
{
	dd_unregister_hook(&dd_mpt_ops);
}

module_init(dd_mpt_init_module);
module_exit(dd_mpt_exit_module);
MODULE_DESCRIPTION("diskdump hook for SAS disks behind an LSI Fusion-MPT SAS controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
