// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for disks behind an LSI/Broadcom MegaRAID SAS controller
 * of the MFI generations (the "megaraid_sas" driver): logical drives and
 * system physical drives (JBOD) of the SAS1064R/Verde/PERC5 (xscale),
 * SAS1078 (ppc), SAS1078 gen2/SAS0079 and SAS0071/0073 (skinny) chips.
 *
 * The driver's command pool, its reply queue and its lock are out of
 * reach at panic time.  MFI is a handful of registers and frames in host
 * memory: a firmware state register, an inbound doorbell, an inbound queue
 * port a frame's address is written to, and the reply queue the INIT frame
 * names.  So at panic the hook masks the controller's interrupts, brings
 * the firmware back to READY the way megaraid_sas's own transition does
 * (the reset flags abort every command of the failed kernel; a faulted
 * controller gets the chip's adapter reset first), names a reply queue of
 * its own with an INIT frame, and then issues LD READ/WRITE frames (a
 * logical drive) or SCSI pass-through frames (a system PD) with S/G lists,
 * each polled by its command status as megaraid_sas's polled mode does
 * (MFI_FRAME_DONT_POST_IN_REPLY_QUEUE), never by interrupt.  The flush is
 * the controller's cache flush command (its write-back cache and the
 * disks'), which megaraid_sas sends at shutdown.
 *
 * The Fusion controllers (Thunderbolt, Invader, Fury, Ventura, Aero: the
 * MPT-based MegaRAIDs) speak another protocol and are refused.
 */
#define pr_fmt(fmt) "diskdump_megaraid: " fmt

#include <linux/blkdev.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "diskdump/hook.h"
#include "diskdump/scsi.h"
#include "diskdump/scsi_arm.h"
#include "diskdump/scsi_poll.h"

#include "mfi.h"

/* megaraid_sas places logical drives on channels 2 and 3, PDs on 0 and 1. */
#define MR_PD_CHANNELS		2
#define MR_DEV_PER_CHANNEL	128

/* Waits, as megaraid_sas's (MEGASAS_RESET_WAIT_TIME for each state change). */
#define MR_STATE_WAIT_S		180u
#define MR_INIT_WAIT_S		60u	/* MFI_POLL_TIMEOUT_SECS */
#define MR_STATE_WAIT_MS	(MR_STATE_WAIT_S * 1000u)
#define MR_INIT_WAIT_MS		(MR_INIT_WAIT_S * 1000u)

/*
 * Our memory: the command frames (a 512-byte slot per tag), then the
 * INIT frame's slot (its queue information, the producer and consumer
 * indices in its unused frames), the sense buffers, and the reply queue
 * the INIT frame names (which polled frames never use, but the firmware
 * wants one).
 */
#define MR_TAGS			8
#define MR_MEM_CMDS		0
#define MR_MEM_INIT		(MR_TAGS * MFI_CMD_BYTES)
#define MR_MEM_QINFO		(MR_MEM_INIT + MFI_CMD_BYTES)
#define MR_MEM_PRODUCER		(MR_MEM_QINFO + MFI_QI_BYTES)
#define MR_MEM_CONSUMER		(MR_MEM_PRODUCER + 4)
#define MR_MEM_SENSE		(MR_MEM_QINFO + MFI_FRAME_BYTES)
#define MR_MEM_REPLY		(2 * PAGE_SIZE)
#define MR_REPLY_ENTRIES	((2 * PAGE_SIZE) / 4)
#define MR_MEM_BYTES		(4 * PAGE_SIZE)
#define MR_MAX_TRANSFER		SZ_1M

static_assert(MR_MEM_SENSE + MR_TAGS * DD_SCSI_SENSE_BYTES <= MR_MEM_REPLY);

static const char *const dd_mr_gen_name[] = {
	[DD_MFI_XSCALE] = "xscale", [DD_MFI_PPC] = "ppc (SAS1078)",
	[DD_MFI_GEN2] = "gen2", [DD_MFI_SKINNY] = "skinny",
};

/* The MFI controllers megaraid_sas drives, by the register set they have. */
static const struct pci_device_id dd_mr_mfi_ids[] = {
	{ PCI_VDEVICE(LSI_LOGIC, 0x0411), DD_MFI_XSCALE },	/* SAS1064R */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0413), DD_MFI_XSCALE },	/* Verde ZCR */
	{ PCI_VDEVICE(DELL, 0x0015), DD_MFI_XSCALE },		/* PERC 5 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0060), DD_MFI_PPC },		/* SAS1078R */
	{ PCI_VDEVICE(LSI_LOGIC, 0x007c), DD_MFI_PPC },		/* SAS1078DE */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0078), DD_MFI_GEN2 },	/* SAS1078 gen2 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0079), DD_MFI_GEN2 },	/* SAS0079 gen2 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0071), DD_MFI_SKINNY },	/* SAS0071 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0073), DD_MFI_SKINNY },	/* SAS0073 */
	{ }
};

struct dd_mr {
	struct pci_dev		*pdev;
	void __iomem		*regs;
	enum dd_mfi_gen		gen;
	u8			*mem;
	dma_addr_t		mem_dma;
	bool			ld;	/* logical drive, else a system PD */
	u8			target;	/* LD number or PD device id */
	u8			lun;
	bool			cfg_ok;	/* PCI config reachable at panic */
	unsigned int		lbs_shift;
	u64			last_lba;
};

/* ---- registers ---------------------------------------------------------- */

static u32 dd_mr_state(const struct dd_mr *m)
{
	return readl(m->regs + dd_mfi_state_reg(m->gen));
}

static void dd_mr_doorbell(const struct dd_mr *m, u32 bits)
{
	writel(bits, m->regs + dd_mfi_doorbell_reg(m->gen));
}

static void dd_mr_mask_interrupts(const struct dd_mr *m)
{
	writel(dd_mfi_intr_mask(m->gen), m->regs + MFI_REG_OMSK);
	readl(m->regs + MFI_REG_OMSK);
}

/* Hand the firmware the frame at offset off of our memory. */
static void dd_mr_fire(const struct dd_mr *m, size_t off, u32 extra)
{
	struct dd_mfi_post p = dd_mfi_post(m->gen, m->mem_dma + off, extra);
	unsigned int i;

	for (i = 0; i < p.n; i++)
		writel(p.val[i], m->regs + p.reg[i]);
}

/* ---- arm time ---------------------------------------------------------- */

static int dd_mr_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, "megaraid_sas");
	struct request_queue *q = disk->queue;
	const struct pci_device_id *id;
	struct pci_dev *pdev;
	struct dd_mr *m;
	u32 state, segs;
	int ret;

	if (!sdev)
		return -ENODEV;
	pdev = dd_scsi_arm_host_pci(sdev, "megaraid_sas");
	if (!pdev) {
		pr_err("%s: its host is not a PCI device bound to megaraid_sas\n", disk->disk_name);
		return -EOPNOTSUPP;
	}
	id = pci_match_id(dd_mr_mfi_ids, pdev);
	if (!id) {
		pr_err("%s: %s [%04x:%04x] is not an MFI MegaRAID (Fusion/MPT-based MegaRAIDs are not handled)\n",
		       disk->disk_name, pci_name(pdev), pdev->vendor, pdev->device);
		return -EOPNOTSUPP;
	}
	if (sdev->channel >= 2 * MR_PD_CHANNELS || sdev->id >= MR_DEV_PER_CHANNEL ||
	    sdev->lun > 255 || (sdev->channel >= MR_PD_CHANNELS && sdev->lun)) {
		pr_err("%s: channel %u target %u LUN %llu: not an address megaraid_sas gives\n",
		       disk->disk_name, sdev->channel, sdev->id, sdev->lun);
		return -EOPNOTSUPP;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->pdev = pdev;
	m->gen = id->driver_data;
	m->ld = sdev->channel >= MR_PD_CHANNELS;
	/* megaraid_sas's MEGASAS_DEV_INDEX: the LD number or the PD's device id. */
	m->target = (sdev->channel % MR_PD_CHANNELS) * MR_DEV_PER_CHANNEL + sdev->id;
	m->lun = sdev->lun;
	m->cfg_ok = dd_pci_cfg_reachable(pdev);
	ret = dd_scsi_arm_geometry(sdev, disk, &m->last_lba, &m->lbs_shift);
	if (ret)
		goto free;
	ret = dd_scsi_arm_map_regs(pdev, MFI_REGS_BYTES, &m->regs);
	if (ret) {
		pr_err("%s: %s: no MFI register set in a memory BAR\n", disk->disk_name,
		       pci_name(pdev));
		goto free;
	}
	/* megaraid_sas keeps MFI frames below 4 GiB (32-bit coherent mask); so do we. */
	m->mem = dma_alloc_coherent(&pdev->dev, MR_MEM_BYTES, &m->mem_dma, GFP_KERNEL);
	ret = -ENOMEM;
	if (!m->mem)
		goto unmap;
	ret = -EOPNOTSUPP;
	if (upper_32_bits(m->mem_dma + MR_MEM_BYTES - 1)) {
		pr_err("%s: %s: no memory below 4 GiB for the controller's frames\n",
		       disk->disk_name, pci_name(pdev));
		goto free_mem;
	}

	state = dd_mr_state(m);
	segs = min_t(u32, dd_mfi_max_sges(m->gen, m->ld, MFI_STATE_MAX_SGE(state)),
		     queue_max_segments(q));

	d->hook_data = m;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = queue_logical_block_size(q);
	d->queue_depth = MR_TAGS;
	d->max_transfer = min_t(u64, MR_MAX_TRANSFER, (u64)queue_max_hw_sectors(q) << SECTOR_SHIFT);
	d->max_segment_size = min_t(u32, queue_max_segment_size(q), d->max_transfer);
	d->max_segments = segs;
	d->phys_segments = true;
	d->reset_timeout_ms = 2 * MR_STATE_WAIT_MS + MR_INIT_WAIT_MS;
	d->reserved_bytes = sizeof(*m) + MR_MEM_BYTES;
	snprintf(d->description, sizeof(d->description), "MegaRAID %s %s %u",
		 pci_name(pdev), m->ld ? "LD" : "PD", m->target);
	pr_info("%s: %s, MFI %s, firmware state %#x, %u segments\n", disk->disk_name,
		d->description, dd_mr_gen_name[m->gen], state, segs);
	return 0;

free_mem:
	dma_free_coherent(&pdev->dev, MR_MEM_BYTES, m->mem, m->mem_dma);
unmap:
	pci_iounmap(pdev, m->regs);
free:
	kfree(m);
	return ret;
}

static void dd_mr_release(struct dd_disk *d)
{
	struct dd_mr *m = d->hook_data;

	dma_free_coherent(&m->pdev->dev, MR_MEM_BYTES, m->mem, m->mem_dma);
	pci_iounmap(m->pdev, m->regs);
	kfree(m);
}

/* ---- panic time: back to READY ----------------------------------------- */

/* Spin for ms, the watchdogs patted. */
static void dd_mr_spin(u32 ms)
{
	struct dd_deadline dl;

	dd_deadline_start(&dl, ms);
	while (!dd_deadline_passed(&dl))
		cpu_relax();
}

/* Wait up to ms for the state register to read anything but from. */
static u32 dd_mr_wait_state_change(const struct dd_mr *m, u32 from, u32 ms)
{
	struct dd_deadline dl;
	u32 now;

	dd_deadline_start(&dl, ms);
	do {
		now = dd_mr_state(m);
		if (now != from)
			return now;
		cpu_relax();
	} while (!dd_deadline_passed(&dl));
	return now;
}

/* Wait up to ms for (register & bits) to be want. */
static bool dd_mr_wait_bits(const struct dd_mr *m, unsigned int reg, u32 bits, u32 want, u32 ms)
{
	struct dd_deadline dl;

	dd_deadline_start(&dl, ms);
	do {
		if ((readl(m->regs + reg) & bits) == want)
			return true;
		cpu_relax();
	} while (!dd_deadline_passed(&dl));
	return false;
}

/*
 * A faulted controller: the chip's adapter reset, as megaraid_sas's online
 * controller reset does it.  gen2 and skinny: the write sequence unlocks
 * the diagnostic register, whose reset bit restarts the firmware (the
 * driver then waits 10 s, and up to 100 more for the bit to clear).
 * xscale and ppc: the reset doorbell, then (SAS1064R) the PCI status bit
 * the reset leaves set cleared and the firmware's handshake word zeroed.
 */
static int dd_mr_adapter_reset(struct dd_disk *d, struct dd_mr *m)
{
	static const u8 seq[] = { 0x0, 0x4, 0xb, 0x2, 0x7, 0xd };
	unsigned int seq_reg = m->gen == DD_MFI_SKINNY ? MFI_REG_SKINNY_SEQ : MFI_REG_SEQ;
	unsigned int diag_reg = m->gen == DD_MFI_SKINNY ? MFI_REG_SKINNY_DIAG : MFI_REG_DIAG;
	unsigned int i;
	u32 v;

	if (m->gen == DD_MFI_GEN2 || m->gen == DD_MFI_SKINNY) {
		for (i = 0; i < ARRAY_SIZE(seq); i++)
			writel(seq[i], m->regs + seq_reg);
		if (!dd_mr_wait_bits(m, diag_reg, MFI_DIAG_WRITE_ENABLE, MFI_DIAG_WRITE_ENABLE,
				     11 * 1000)) {
			pr_err("%s: adapter reset: the diagnostic register stays locked\n",
			       d->description);
			return -EIO;
		}
		writel(readl(m->regs + diag_reg) | MFI_DIAG_RESET_ADAPTER, m->regs + diag_reg);
		dd_mr_spin(10 * 1000);
		if (!dd_mr_wait_bits(m, diag_reg, MFI_DIAG_RESET_ADAPTER, 0, 100 * 1000)) {
			pr_err("%s: adapter reset did not finish\n", d->description);
			return -EIO;
		}
		return 0;
	}
	if (!m->cfg_ok) {
		pr_err("%s: adapter reset needs PCI config space, out of reach here\n",
		       d->description);
		return -EOPNOTSUPP;
	}
	dd_mr_doorbell(m, MFI_ADP_RESET);
	dd_mr_spin(3 * 1000);
	v = dd_pci_cfg_read(m->pdev, MFI_1068_PCSR, 4);
	if (v & 0x2) {
		dd_pci_cfg_write(m->pdev, MFI_1068_PCSR, v & ~0x2u, 4);
		dd_mr_spin(2 * 1000);
		v = dd_pci_cfg_read(m->pdev, MFI_1068_HANDSHAKE, 4);
		if ((v & 0xffff0000) == MFI_1068_FW_READY)
			dd_pci_cfg_write(m->pdev, MFI_1068_HANDSHAKE, 0, 4);
	}
	return 0;
}

/*
 * megaraid_sas's transition to READY, bounded: each state the firmware
 * is in gets what mfi.h's plan says, then up to 180 s to change.  A FAULT
 * is answered first, before anything else is written.
 */
static int dd_mr_to_ready(struct dd_disk *d, struct dd_mr *m)
{
	bool reset_done = false;
	u32 state = dd_mr_state(m), next;
	struct dd_mfi_plan plan;
	unsigned int steps;

	for (steps = 0; steps < 16; steps++) {
		plan = dd_mfi_plan(state);
		switch (plan.step) {
		case DD_MFI_IS_READY:
			return 0;
		case DD_MFI_RESET_ADAPTER:
			pr_warn("%s: firmware in FAULT (code %#x): adapter reset\n",
				d->description, MFI_STATE_FAULT_CODE(state));
			if (reset_done || dd_mr_adapter_reset(d, m))
				return -EIO;
			reset_done = true;
			break;
		case DD_MFI_RING:
			if (plan.mask_first)
				dd_mr_mask_interrupts(m);
			dd_mr_doorbell(m, plan.doorbell);
			break;
		case DD_MFI_WAIT:
			break;
		default:
			pr_err("%s: firmware in unknown state %#x\n", d->description, state);
			return -EIO;
		}
		next = dd_mr_wait_state_change(m, state, MR_STATE_WAIT_MS);
		if (next == state) {
			pr_err("%s: firmware state %#x unchanged for %u s\n", d->description, state,
			       MR_STATE_WAIT_S);
			return -ETIMEDOUT;
		}
		if (next == ~0u) {
			pr_err("%s: the controller does not answer (gone from the bus)\n",
			       d->description);
			return -ENODEV;
		}
		state = next;
	}
	pr_err("%s: firmware did not settle in READY (state %#x)\n", d->description, state);
	return -EIO;
}

/* The INIT frame: our reply queue and indices, polled by its status. */
static int dd_mr_init_queues(struct dd_disk *d, struct dd_mr *m)
{
	u8 *f = m->mem + MR_MEM_INIT;
	u32 entries = min_t(u32, MFI_STATE_MAX_CMDS(dd_mr_state(m)), MR_REPLY_ENTRIES);
	struct dd_deadline dl;

	/* The firmware's count, as megaraid_sas gives it (QEMU refuses more). */
	if (!entries)
		entries = MR_TAGS + 1;
	/* Indices from 0, as megaraid_sas sets them before its INIT. */
	memset(m->mem + MR_MEM_PRODUCER, 0, 8);
	memset(m->mem + MR_MEM_REPLY, 0xff, MR_MEM_BYTES - MR_MEM_REPLY);
	dd_mfi_build_init(f, m->mem + MR_MEM_QINFO, m->mem_dma + MR_MEM_QINFO, entries,
			  m->mem_dma + MR_MEM_REPLY, m->mem_dma + MR_MEM_PRODUCER,
			  m->mem_dma + MR_MEM_CONSUMER);
	dma_wmb();
	dd_mr_fire(m, MR_MEM_INIT, 0);
	dd_deadline_start(&dl, MR_INIT_WAIT_MS);
	while (READ_ONCE(f[MFI_F_CMD_STATUS]) == MFI_STAT_POLLING) {
		if (dd_deadline_passed(&dl)) {
			pr_err("%s: INIT frame not completed in %u s\n", d->description,
			       MR_INIT_WAIT_S);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	if (READ_ONCE(f[MFI_F_CMD_STATUS]) != MFI_STAT_OK) {
		pr_err("%s: INIT frame refused: status %#x\n", d->description,
		       f[MFI_F_CMD_STATUS]);
		return -EIO;
	}
	return 0;
}

static int dd_mr_quiesce(struct dd_disk *d)
{
	struct dd_mr *m = d->hook_data;
	u32 state = dd_mr_state(m);
	int ret;

	if (state == ~0u) {
		pr_err("%s: the controller does not answer (gone from the bus)\n", d->description);
		return -ENODEV;
	}
	pr_info("taking over %s: firmware state %#x\n", d->description, state);
	/*
	 * As megaraid_sas: interrupts are masked on the way to READY where
	 * the state needs it (OPERATIONAL), and once there.
	 */
	ret = dd_mr_to_ready(d, m);
	if (ret)
		return ret;
	dd_mr_mask_interrupts(m);
	/* ppc, gen2, skinny: any doorbell the failed kernel left set. */
	if (m->gen != DD_MFI_XSCALE)
		writel(0xffffffff, m->regs + MFI_REG_ODCR);
	return dd_mr_init_queues(d, m);
}

/* ---- panic time: commands ---------------------------------------------- */

static size_t dd_mr_frame_off(unsigned int tag)
{
	return MR_MEM_CMDS + tag * MFI_CMD_BYTES;
}

/* The S/G list at sgl: the request's buffer or its segments; the count. */
static unsigned int dd_mr_sgl(struct dd_disk *d, struct dd_mr *m, u8 *sgl,
			      const struct dd_request *rq)
{
	unsigned int n = 0, i;
	u32 done, len;

	if (!rq->buf) {
		for (i = 0; i < rq->nr_segs && n < d->max_segments; i++, n++)
			dd_mfi_put_sge(sgl, m->gen, n, rq->seg[i].addr, rq->seg[i].len);
		return i == rq->nr_segs ? n : 0;
	}
	for (done = 0; done < rq->len && n < d->max_segments; done += len, n++) {
		len = min(rq->len - done, d->max_segment_size);
		dd_mfi_put_sge(sgl, m->gen, n, rq->buf->dma + rq->offset + done, len);
	}
	return done == rq->len ? n : 0;
}

static int dd_mr_submit(struct dd_disk *d, unsigned int tag, const struct dd_request *rq)
{
	struct dd_mr *m = d->hook_data;
	u32 sense = m->mem_dma + MR_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES;
	bool write = rq->op == DD_OP_WRITE;
	u64 lba = rq->sector >> m->lbs_shift;
	u32 blocks = rq->len >> (SECTOR_SHIFT + m->lbs_shift);
	unsigned int sgl_off, sges, cdb_len;
	u8 cdb[DD_SCSI_MAX_CDB], *f;

	if (tag >= MR_TAGS)
		return -EINVAL;
	f = m->mem + dd_mr_frame_off(tag);
	memset(m->mem + MR_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES, 0, DD_SCSI_SENSE_BYTES);
	if (rq->op == DD_OP_FLUSH) {
		dd_mfi_build_flush(f, tag + 1);
		sges = 0;
	} else {
		if (m->ld) {
			sgl_off = dd_mfi_build_ld_rw(f, m->gen, tag + 1, write, m->target, lba,
						     blocks, sense, DD_SCSI_SENSE_BYTES);
		} else {
			cdb_len = dd_scsi_rw_cdb(cdb, write, lba, blocks);
			if (!cdb_len || cdb_len > 16)
				return -EINVAL;
			sgl_off = dd_mfi_build_pd_scsi(f, m->gen, tag + 1, write, m->target, m->lun,
						       cdb, cdb_len, rq->len, sense,
						       DD_SCSI_SENSE_BYTES);
		}
		sges = dd_mr_sgl(d, m, f + sgl_off, rq);
		if (!sges)
			return -EINVAL;
		f[MFI_F_SGE_COUNT] = sges;
	}
	/* The frame must be in memory before its address reaches the firmware. */
	dma_wmb();
	dd_mr_fire(m, dd_mr_frame_off(tag), sges ? dd_mfi_extra_frames(m->gen, sgl_off, sges) : 0);
	return 0;
}

/* The command status, then (SCSI DONE WITH ERROR) the target's through scsi.h. */
static int dd_mr_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_mr *m = d->hook_data;
	const u8 *sense = m->mem + MR_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES;
	u8 status, *f;
	int verdict;

	if (tag >= MR_TAGS)
		return -EINVAL;
	f = m->mem + dd_mr_frame_off(tag);
	status = READ_ONCE(f[MFI_F_CMD_STATUS]);
	if (status == MFI_STAT_POLLING)
		return -EINPROGRESS;
	/* The status before what it covers. */
	dma_rmb();
	verdict = dd_mfi_status_verdict(status);
	if (verdict == 1)
		return dd_scsi_poll_result(d->description, f[MFI_F_SCSI_STATUS], sense,
					   DD_SCSI_SENSE_BYTES);
	if (verdict == -EAGAIN)
		pr_warn("%s: command status %#x: again\n", d->description, status);
	else if (verdict)
		pr_err("%s: command failed: status %#x%s\n", d->description, status,
		       status == MFI_STAT_DEVICE_NOT_FOUND || status == MFI_STAT_LD_OFFLINE ?
		       " (no such drive, or offline)" : "");
	return verdict;
}

/*
 * Back to READY (the reset flags), so the firmware forgets our queue
 * before the reboot; no wait, the next driver's transition waits.
 */
static void dd_mr_shutdown(struct dd_disk *d)
{
	struct dd_mr *m = d->hook_data;

	dd_mr_doorbell(m, MFI_RESET_FLAGS);
}

static const struct dd_hook_ops dd_mr_ops = {
	.name		= "megaraid",
	.owner		= THIS_MODULE,
	.probe		= dd_mr_probe,
	.release	= dd_mr_release,
	.quiesce	= dd_mr_quiesce,
	.submit		= dd_mr_submit,
	.poll		= dd_mr_poll,
	.shutdown	= dd_mr_shutdown,
};
module_dd_hook(dd_mr_ops);

MODULE_DESCRIPTION("diskdump hook for disks behind an MFI MegaRAID SAS controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
