// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump_cciss: the hook for logical drives of HP/HPE Smart Array
 * controllers (the CISS interface; driven by hpsa today, by cciss before
 * it).  This file is the kernel glue: finding the controller and the
 * drive's CISS LUN address at arm time, mapping the registers, the
 * configuration table and the transport table, reserving command memory,
 * and turning the core's requests into calls of the protocol code
 * (proto.c), which is plain C and tested against a simulator
 * (tests/ciss/).
 *
 * Untested on hardware: no emulator of a Smart Array exists, and no
 * controller is at hand; docs/writing-a-hook.md says what the simulator
 * covers.
 */
#define pr_fmt(fmt) "diskdump_cciss: " fmt

#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

/*
 * hex2bin() and the hex_asc macros came through kernel.h until 7.x, which
 * has them in <linux/hex.h> only (6.1 has no such header, and sparse
 * cannot test for one): a macro of theirs tells, as compat.h tells
 * kernels apart for the core.
 */
#include <linux/kernel.h>
#ifndef hex_asc_lo
#include <linux/hex.h>
#endif

#include <diskdump/hook.h>
#include <diskdump/scsi_arm.h>
#include "proto.h"

struct dd_cciss {
	struct ciss_ctl		ctl;
	struct pci_dev		*pdev;
	dma_addr_t		mem_dma;
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	u64			last_lba;
};

/*
 * The drive's 8-byte CISS LUN address, as hpsa shows it in the device's
 * "lunid" attribute ("0x" and 16 hex digits): the one public place that
 * holds it.  The attribute is found among the host template's device
 * attributes and read the way sysfs would.
 */
static int dd_cciss_lunid(struct scsi_device *sdev, u8 *lun)
{
	const struct attribute_group **groups = sdev->host->hostt->sdev_groups;
	struct device_attribute *da = NULL;
	struct attribute **a;
	char *page;
	ssize_t len;
	int ret = -ENOENT;

	for (; groups && *groups && !da; groups++)
		for (a = (*groups)->attrs; a && *a; a++)
			if (!strcmp((*a)->name, "lunid")) {
				da = container_of(*a, struct device_attribute, attr);
				break;
			}
	if (!da || !da->show)
		return -ENOENT;
	page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	len = da->show(&sdev->sdev_gendev, da, page);
	if (len >= 18 && page[0] == '0' && page[1] == 'x' &&
	    !hex2bin(lun, page + 2, 8))
		ret = 0;
	free_page((unsigned long)page);
	return ret;
}

/* The BAR whose config-space register sits at offset cfg (0x10, 0x14...). */
static int dd_cciss_bar_at(struct pci_dev *pdev, u32 cfg)
{
	u32 offset = PCI_BASE_ADDRESS_0;
	int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		unsigned long flags = pci_resource_flags(pdev, bar);

		if (offset == cfg)
			return bar;
		offset += (flags & IORESOURCE_MEM_64) ? 8 : 4;
		if (flags & IORESOURCE_MEM_64)
			bar++;
	}
	return -1;
}

/*
 * A page the controller writes (hpsa's reply queues): its bus address
 * back to where the CPU sees it, through the IOMMU's tables when DMA is
 * translated.  Arm time only.
 */
static void *dd_cciss_dma_page(struct ciss_io *io, u64 bus)
{
	struct dd_cciss *h = io->owner;
	struct iommu_domain *dom = iommu_get_domain_for_dev(&h->pdev->dev);
	phys_addr_t phys;

	if (dom && dom->type != IOMMU_DOMAIN_IDENTITY)
		phys = iommu_iova_to_phys(dom, bus);
	else
		phys = __sme_clr(bus);
	if (!phys || !pfn_valid(PHYS_PFN(phys)) || PageHighMem(pfn_to_page(PHYS_PFN(phys))))
		return NULL;
	return page_address(pfn_to_page(PHYS_PFN(phys))) + offset_in_page(phys);
}

static void dd_cciss_unmap(struct dd_cciss *h)
{
	int i;

	for (i = 0; i < CISS_NR_SPACES; i++)
		if (h->ctl.io.base[i])
			pci_iounmap(h->pdev, h->ctl.io.base[i]);
}

/* The registers, and the configuration and transport tables they point to. */
static int dd_cciss_map(struct dd_cciss *h)
{
	struct ciss_io *io = &h->ctl.io;
	u32 cfg_bar, cfg_off, tt_off;
	int bar, ret;

	ret = dd_scsi_arm_map_regs(h->pdev, CISS_REGS_BYTES, &io->base[CISS_SPACE_REGS]);
	if (ret)
		return ret;
	cfg_bar = readl(io->base[CISS_SPACE_REGS] + CISS_REG_CFG_BAR) & 0xffff;
	cfg_off = readl(io->base[CISS_SPACE_REGS] + CISS_REG_CFG_OFFSET);
	bar = dd_cciss_bar_at(h->pdev, cfg_bar);
	if (bar < 0)
		return -ENODEV;
	io->base[CISS_SPACE_CFG] = pci_iomap_range(h->pdev, bar, cfg_off, CISS_CFG_BYTES);
	if (!io->base[CISS_SPACE_CFG])
		return -ENOMEM;
	tt_off = readl(io->base[CISS_SPACE_CFG] + CISS_CFG_TRANS_OFFSET);
	io->base[CISS_SPACE_TT] = pci_iomap_range(h->pdev, bar, cfg_off + tt_off, CISS_TT_BYTES);
	return io->base[CISS_SPACE_TT] ? 0 : -ENOMEM;
}

static int dd_cciss_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, "hpsa");
	struct dd_cciss *h;
	struct pci_dev *pdev;
	int ret;

	if (!sdev)
		return -ENODEV;
	pdev = dd_scsi_arm_host_pci(sdev, "hpsa");
	if (!pdev) {
		pr_err("%s: no PCI device of hpsa\n", disk->disk_name);
		return -EOPNOTSUPP;
	}
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->pdev = pdev;
	h->ctl.io.owner = h;
	h->ctl.io.dma_page = dd_cciss_dma_page;
	h->ctl.io.pdev = pdev;
	h->ctl.io.pci_ok = dd_pci_cfg_reachable(pdev);
	if (!h->ctl.io.pci_ok)
		pr_warn("%s: %s: not in PCI domain 0: a controller reset at panic would be refused\n",
			disk->disk_name, pci_name(pdev));
	ret = dd_cciss_lunid(sdev, h->ctl.lun);
	if (ret) {
		pr_err("%s: no CISS LUN address (hpsa's lunid attribute): %d\n",
		       disk->disk_name, ret);
		goto free;
	}
	ret = dd_scsi_arm_geometry(sdev, disk, &h->last_lba, &h->lbs_shift);
	if (ret)
		goto free;
	ret = dd_cciss_map(h);
	if (ret) {
		pr_err("%s: %s: CISS registers or tables not mapped: %d\n",
		       disk->disk_name, pci_name(pdev), ret);
		goto unmap;
	}
	h->ctl.mem.cpu = dma_alloc_coherent(&pdev->dev, CISS_MEM_BYTES, &h->mem_dma,
					    GFP_KERNEL);
	if (!h->ctl.mem.cpu) {
		ret = -ENOMEM;
		goto unmap;
	}
	h->ctl.mem.bus = h->mem_dma;
	h->ctl.block_size = queue_logical_block_size(disk->queue);
	h->ctl.nr_slots = CISS_MAX_SLOTS;
	ret = ciss_arm(&h->ctl);
	if (ret) {
		pr_err("%s: %s: %s (%#x): %d\n", disk->disk_name, pci_name(pdev),
		       h->ctl.why, h->ctl.why_value, ret);
		goto free_mem;
	}
	if (h->ctl.arm_note)
		pr_warn("%s: %s: the dump will reset the controller first: %s\n",
			disk->disk_name, pci_name(pdev), h->ctl.arm_note);

	d->hook_data = h;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = h->ctl.block_size;
	d->queue_depth = h->ctl.nr_slots;
	d->max_segments = h->ctl.max_sg;
	d->max_segment_size = CISS_MAX_SEGMENT;
	d->max_transfer = min_t(u64, (u64)h->ctl.max_sg * CISS_MAX_SEGMENT,
				(u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT);
	d->reset_timeout_ms = CISS_RESET_TIMEOUT_MS;
	d->reserved_bytes = sizeof(*h) + CISS_MEM_BYTES;
	snprintf(d->description, sizeof(d->description), "Smart Array %s LUN %8phN",
		 pci_name(pdev), h->ctl.lun);
	return 0;

free_mem:
	dma_free_coherent(&pdev->dev, CISS_MEM_BYTES, h->ctl.mem.cpu, h->mem_dma);
unmap:
	dd_cciss_unmap(h);
free:
	kfree(h);
	return ret;
}

static void dd_cciss_release(struct dd_disk *d)
{
	struct dd_cciss *h = d->hook_data;

	dma_free_coherent(&h->pdev->dev, CISS_MEM_BYTES, h->ctl.mem.cpu, h->mem_dma);
	dd_cciss_unmap(h);
	kfree(h);
}

/* ---- panic time -------------------------------------------------------- */

static int dd_cciss_quiesce(struct dd_disk *d)
{
	struct dd_cciss *h = d->hook_data;
	int ret = ciss_quiesce(&h->ctl);

	if (h->ctl.takeover_why)
		pr_emerg("%s: not taken over as it runs: %s (%#x); reset\n",
			 d->description, h->ctl.takeover_why, h->ctl.takeover_value);
	if (ret)
		pr_emerg("%s: %s (%#x): %d\n", d->description, h->ctl.why,
			 h->ctl.why_value, ret);
	else
		pr_emerg("%s: taken over in %s mode (%u resets)\n", d->description,
			 ciss_mode_name(h->ctl.mode), h->ctl.resets);
	return ret;
}

static int dd_cciss_submit(struct dd_disk *d, unsigned int tag,
			   const struct dd_request *rq)
{
	struct dd_cciss *h = d->hook_data;
	enum ciss_op op = rq->op == DD_OP_FLUSH ? CISS_OP_FLUSH :
			  rq->op == DD_OP_WRITE ? CISS_OP_WRITE : CISS_OP_READ;
	u64 bus = op == CISS_OP_FLUSH ? 0 : rq->buf->dma + rq->offset;
	int ret;

	ret = ciss_submit(&h->ctl, tag, op, rq->sector >> h->lbs_shift,
			  rq->len >> (SECTOR_SHIFT + h->lbs_shift), bus);
	if (ret)
		pr_emerg("%s: %s (%#x)\n", d->description, h->ctl.why, h->ctl.why_value);
	return ret;
}

static int dd_cciss_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_cciss *h = d->hook_data;
	int ret = ciss_poll(&h->ctl, tag);

	if (ret && ret != -EINPROGRESS)
		pr_emerg("%s: %s (%#x), sense %s %02x/%02x\n", d->description,
			 h->ctl.why, h->ctl.why_value,
			 dd_scsi_sense_key_name(h->ctl.sense_key), h->ctl.asc,
			 h->ctl.ascq);
	return ret;
}

static void dd_cciss_shutdown(struct dd_disk *d)
{
	struct dd_cciss *h = d->hook_data;

	ciss_shutdown(&h->ctl);
	pr_emerg("%s: %lu completions of the failed kernel's commands dropped, %lu stale\n",
		 d->description, h->ctl.foreign, h->ctl.stale);
}

static const struct dd_hook_ops dd_cciss_ops = {
	.name		= "cciss",
	.owner		= THIS_MODULE,
	.probe		= dd_cciss_probe,
	.release	= dd_cciss_release,
	.quiesce	= dd_cciss_quiesce,
	.submit		= dd_cciss_submit,
	.poll		= dd_cciss_poll,
	.shutdown	= dd_cciss_shutdown,
};
module_dd_hook(dd_cciss_ops);
MODULE_DESCRIPTION("diskdump hook for logical drives of HP Smart Array (CISS) controllers");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
