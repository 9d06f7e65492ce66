// SPDX-License-Identifier: GPL-2.0
/* What every Fusion-MPT hook shares in the kernel (glue.h). */
#define pr_fmt(fmt) "diskdump_mptbase: " fmt

#include <linux/blkdev.h>
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <scsi/scsi_host.h>

#include "diskdump/scsi_arm.h"
#include "glue.h"

#define DD_MPT_DEVID_SAS1078	0x0062
/* mptscsih's own limit (MPT_SCSI_MAX_SECTORS): 4 MiB per command. */
#define DD_MPT_MAX_TRANSFER	SZ_4M

struct scsi_device *dd_mpt_sdev(struct gendisk *disk, const char *driver,
				struct pci_dev **pdev)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, driver);

	if (!sdev)
		return NULL;	/* another driver's disk: another hook's, if any */
	*pdev = dd_scsi_arm_host_pci(sdev, driver);
	if (!*pdev) {
		pr_err("%s: its %s host is not a PCI device bound to %s\n", disk->disk_name,
		       driver, driver);
		return NULL;
	}
	return sdev;
}
EXPORT_SYMBOL_GPL(dd_mpt_sdev);

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
	/* IOCInit names one upper half for frames, replies and sense buffers. */
	if (upper_32_bits(m->mem_dma) != upper_32_bits(m->mem_dma + MPI_MEM_BYTES - 1)) {
		dma_free_coherent(&m->pdev->dev, MPI_MEM_BYTES, m->ctl.mem, m->mem_dma);
		return -ENOMEM;
	}
	return 0;
}

int dd_mpt_setup(struct dd_disk *d, struct gendisk *disk, struct scsi_device *sdev,
		 struct pci_dev *pdev)
{
	struct dd_mpt *m = d->hook_data;
	int ret;

	m->pdev = pdev;
	int_to_scsilun(sdev->lun, (struct scsi_lun *)m->lun);
	ret = dd_scsi_arm_geometry(sdev, disk, &m->last_lba, &m->lbs_shift);
	if (ret)
		return ret;
	ret = dd_mpt_map(m);
	if (ret) {
		pr_err("%s: %s: no MPT registers in a memory BAR\n", disk->disk_name,
		       pci_name(pdev));
		return ret;
	}
	ret = dd_mpt_alloc(m);
	if (ret) {
		pci_iounmap(pdev, m->ctl.io.regs);
		return ret;
	}
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = queue_logical_block_size(disk->queue);
	d->queue_depth = MPI_TAGS;
	/* One S/G element per command: the core's buffers are contiguous. */
	d->max_transfer = min_t(u64, DD_MPT_MAX_TRANSFER,
				(u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT);
	d->max_segment_size = d->max_transfer;
	d->max_segments = 1;
	d->reserved_bytes = sizeof(*m) + MPI_MEM_BYTES;
	m->ctl.name = d->description;	/* the member writes it */
	return 0;
}
EXPORT_SYMBOL_GPL(dd_mpt_setup);

void dd_mpt_release(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	dma_free_coherent(&m->pdev->dev, MPI_MEM_BYTES, m->ctl.mem, m->mem_dma);
	pci_iounmap(m->pdev, m->ctl.io.regs);
	kfree(m);
}
EXPORT_SYMBOL_GPL(dd_mpt_release);

static unsigned int dd_mpt_cdb(struct dd_mpt *m, const struct dd_request *rq, u8 *cdb)
{
	u32 blocks = rq->len >> (SECTOR_SHIFT + m->lbs_shift);

	switch (rq->op) {
	case DD_OP_READ:
	case DD_OP_WRITE:
		return dd_scsi_rw_cdb(cdb, rq->op == DD_OP_WRITE, rq->sector >> m->lbs_shift,
				      blocks);
	default:
		return dd_scsi_sync_cdb(cdb, m->last_lba);
	}
}

int dd_mpt_submit(struct dd_disk *d, unsigned int tag, const struct dd_request *rq)
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
EXPORT_SYMBOL_GPL(dd_mpt_submit);

int dd_mpt_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_mpt *m = d->hook_data;

	return mpi_scsi_poll(&m->ctl, tag);
}
EXPORT_SYMBOL_GPL(dd_mpt_poll);

void dd_mpt_shutdown(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	mpi_shutdown(&m->ctl);
}
EXPORT_SYMBOL_GPL(dd_mpt_shutdown);
