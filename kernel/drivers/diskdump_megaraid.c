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

/* The MFI register set, in the controller's first memory BAR. */
#define MR_REG_DOORBELL		0x00	/* skinny: the reset flags go here */
#define MR_REG_SKINNY_SEQ	0x04
#define MR_REG_SKINNY_DIAG	0x08
#define MR_REG_OMSG0		0x18	/* xscale: firmware state */
#define MR_REG_IDB		0x20	/* inbound doorbell */
#define MR_REG_OMSK		0x34	/* outbound interrupt mask */
#define MR_REG_IQP		0x40	/* inbound queue port */
#define MR_REG_ODCR		0xa0	/* outbound doorbell clear */
#define MR_REG_OSP0		0xb0	/* ppc, gen2, skinny: firmware state */
#define MR_REG_IQPL		0xc0	/* skinny: frame address, low half */
#define MR_REG_IQPH		0xc4	/* skinny: frame address, high half */
#define MR_REG_DIAG		0xf8	/* gen2: host diagnostic */
#define MR_REG_SEQ		0xfc	/* gen2: write sequence */
#define MR_REGS_BYTES		0x100

/* Firmware state: the top nibble; below it the firmware's limits. */
#define MR_STATE_MASK		0xf0000000u
#define MR_STATE_UNDEFINED	0x00000000u
#define MR_STATE_BB_INIT	0x10000000u
#define MR_STATE_FW_INIT	0x40000000u
#define MR_STATE_WAIT_HANDSHAKE	0x60000000u
#define MR_STATE_FW_INIT_2	0x70000000u
#define MR_STATE_DEVICE_SCAN	0x80000000u
#define MR_STATE_BOOT_MSG_PENDING 0x90000000u
#define MR_STATE_FLUSH_CACHE	0xa0000000u
#define MR_STATE_READY		0xb0000000u
#define MR_STATE_OPERATIONAL	0xc0000000u
#define MR_STATE_FAULT		0xf0000000u
#define MR_STATE_MAX_CMDS(s)	((s) & 0xffff)
#define MR_STATE_MAX_SGE(s)	(((s) >> 16) & 0xff)

/* Inbound doorbell bits. */
#define MR_INIT_ABORT		0x01
#define MR_INIT_READY		0x02
#define MR_INIT_MFIMODE		0x04
#define MR_INIT_CLEAR_HANDSHAKE	0x08
#define MR_INIT_HOTPLUG		0x10
#define MR_ADP_RESET		0x40
#define MR_RESET_FLAGS		(MR_INIT_READY | MR_INIT_MFIMODE | MR_INIT_ABORT)

/* Adapter reset: gen2's diagnostic register, xscale's PCI status word. */
#define MR_DIAG_WRITE_ENABLE	0x80
#define MR_DIAG_RESET_ADAPTER	0x04
#define MR_1068_PCSR		0x84
#define MR_1068_HANDSHAKE	0x64
#define MR_1068_FW_READY	0xdddd0000u

/* Frames: 64 bytes each; a command's S/G list may run into 7 more. */
#define MR_FRAME_BYTES		64
#define MR_FRAMES_PER_CMD	8
#define MR_CMD_BYTES		(MR_FRAME_BYTES * MR_FRAMES_PER_CMD)

#define MR_CMD_INIT		0x00
#define MR_CMD_LD_READ		0x01
#define MR_CMD_LD_WRITE		0x02
#define MR_CMD_PD_SCSI_IO	0x04
#define MR_CMD_DCMD		0x05

#define MR_FLAG_DONT_POST	0x0001
#define MR_FLAG_SGL64		0x0002
#define MR_FLAG_DIR_WRITE	0x0008
#define MR_FLAG_DIR_READ	0x0010
#define MR_FLAG_IEEE		0x0020

/* The frame header every command shares. */
#define MR_F_CMD		0x00
#define MR_F_SENSE_LEN		0x01
#define MR_F_CMD_STATUS		0x02
#define MR_F_SCSI_STATUS	0x03
#define MR_F_TARGET		0x04
#define MR_F_LUN		0x05	/* pass-through; LD I/O: access byte */
#define MR_F_CDB_LEN		0x06
#define MR_F_SGE_COUNT		0x07
#define MR_F_CONTEXT		0x08
#define MR_F_FLAGS		0x10
#define MR_F_DATA_LEN		0x14	/* LD I/O: in blocks */
#define MR_F_SENSE_LO		0x18
#define MR_F_SENSE_HI		0x1c
/* LD READ/WRITE */
#define MR_IO_LBA_LO		0x20
#define MR_IO_LBA_HI		0x24
#define MR_IO_SGL		0x28
/* SCSI pass-through */
#define MR_PT_CDB		0x20
#define MR_PT_SGL		0x30
/* DCMD */
#define MR_DCMD_OPCODE		0x18
#define MR_DCMD_MBOX		0x1c
#define MR_DCMD_CACHE_FLUSH	0x01101000u
#define MR_FLUSH_CTRL_AND_DISKS	0x03
/* INIT and its queue information */
#define MR_INIT_DATA_LEN	0x14
#define MR_INIT_QINFO_LO	0x18
#define MR_INIT_QINFO_HI	0x1c
#define MR_QI_ENTRIES		0x04
#define MR_QI_RQ_LO		0x08
#define MR_QI_PI_LO		0x10
#define MR_QI_CI_LO		0x18
#define MR_QI_BYTES		0x20

#define MR_STAT_OK		0x00
#define MR_STAT_DEVICE_NOT_FOUND 0x0c
#define MR_STAT_LD_INIT_IN_PROGRESS 0x18
#define MR_STAT_SCSI_DONE_WITH_ERROR 0x2d
#define MR_STAT_SCSI_IO_FAILED	0x2e
#define MR_STAT_LD_OFFLINE	0x33
#define MR_STAT_POLLING		0xff	/* ours: not completed yet */

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
 * INIT frame, its queue information and the producer and consumer
 * indices, the sense buffers, and the reply queue the INIT frame names
 * (which polled frames never use, but the firmware wants one).
 */
#define MR_TAGS			8
#define MR_MEM_CMDS		0
#define MR_MEM_INIT		(MR_TAGS * MR_CMD_BYTES)
#define MR_MEM_QINFO		(MR_MEM_INIT + MR_FRAME_BYTES)
#define MR_MEM_PRODUCER		(MR_MEM_QINFO + MR_QI_BYTES)
#define MR_MEM_CONSUMER		(MR_MEM_PRODUCER + 4)
#define MR_MEM_SENSE		(MR_MEM_INIT + 2 * MR_FRAME_BYTES)
#define MR_MEM_REPLY		(2 * PAGE_SIZE)
#define MR_REPLY_ENTRIES	((2 * PAGE_SIZE) / 4)
#define MR_MEM_BYTES		(4 * PAGE_SIZE)
#define MR_MAX_TRANSFER		SZ_1M

static_assert(MR_MEM_SENSE + MR_TAGS * DD_SCSI_SENSE_BYTES <= MR_MEM_REPLY);

enum dd_mr_gen { MR_XSCALE, MR_PPC, MR_GEN2, MR_SKINNY };

static const char *const dd_mr_gen_name[] = {
	[MR_XSCALE] = "xscale", [MR_PPC] = "ppc (SAS1078)",
	[MR_GEN2] = "gen2", [MR_SKINNY] = "skinny",
};

/* The MFI controllers megaraid_sas drives, by the register set they have. */
static const struct pci_device_id dd_mr_mfi_ids[] = {
	{ PCI_VDEVICE(LSI_LOGIC, 0x0411), MR_XSCALE },	/* SAS1064R */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0413), MR_XSCALE },	/* Verde ZCR */
	{ PCI_VDEVICE(DELL, 0x0015), MR_XSCALE },	/* PERC 5 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0060), MR_PPC },	/* SAS1078R */
	{ PCI_VDEVICE(LSI_LOGIC, 0x007c), MR_PPC },	/* SAS1078DE */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0078), MR_GEN2 },	/* SAS1078 gen2 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0079), MR_GEN2 },	/* SAS0079 gen2 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0071), MR_SKINNY },	/* SAS0071 */
	{ PCI_VDEVICE(LSI_LOGIC, 0x0073), MR_SKINNY },	/* SAS0073 */
	{ }
};

struct dd_mr {
	struct pci_dev		*pdev;
	void __iomem		*regs;
	enum dd_mr_gen		gen;
	u8			*mem;
	dma_addr_t		mem_dma;
	bool			ld;	/* logical drive, else a system PD */
	u8			target;	/* LD number or PD device id */
	u8			lun;
	bool			cfg_ok;	/* PCI config reachable at panic */
	unsigned int		lbs_shift;
	u64			last_lba;
	u32			sge_bytes; /* 8 (SGL32 never), 12 (SGL64), 16 (IEEE) */
};

/* ---- registers ---------------------------------------------------------- */

static u32 dd_mr_state(const struct dd_mr *m)
{
	return readl(m->regs + (m->gen == MR_XSCALE ? MR_REG_OMSG0 : MR_REG_OSP0));
}

static void dd_mr_doorbell(const struct dd_mr *m, u32 bits)
{
	writel(bits, m->regs + (m->gen == MR_SKINNY ? MR_REG_DOORBELL : MR_REG_IDB));
}

static void dd_mr_mask_interrupts(const struct dd_mr *m)
{
	writel(m->gen == MR_XSCALE ? 0x1f : 0xffffffff, m->regs + MR_REG_OMSK);
	readl(m->regs + MR_REG_OMSK);
}

/* Hand the firmware a frame; extra: how many more 64-byte frames it spans. */
static void dd_mr_fire(const struct dd_mr *m, dma_addr_t frame, u32 extra)
{
	switch (m->gen) {
	case MR_XSCALE:
		writel((lower_32_bits(frame) >> 3) | extra, m->regs + MR_REG_IQP);
		break;
	case MR_SKINNY:
		writel(upper_32_bits(frame), m->regs + MR_REG_IQPH);
		writel(lower_32_bits(frame) | (extra << 1) | 1, m->regs + MR_REG_IQPL);
		break;
	default:
		writel(lower_32_bits(frame) | (extra << 1) | 1, m->regs + MR_REG_IQP);
		break;
	}
}

/* ---- arm time ---------------------------------------------------------- */

static int dd_mr_generation(struct pci_dev *pdev)
{
	const struct pci_device_id *id = pci_match_id(dd_mr_mfi_ids, pdev);

	return id ? (int)id->driver_data : -1;
}

static int dd_mr_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, "megaraid_sas");
	struct request_queue *q = disk->queue;
	struct pci_dev *pdev;
	struct dd_mr *m;
	u32 state, segs;
	int gen, ret;

	if (!sdev)
		return -ENODEV;
	pdev = dd_scsi_arm_host_pci(sdev, "megaraid_sas");
	if (!pdev) {
		pr_err("%s: its host is not a PCI device bound to megaraid_sas\n", disk->disk_name);
		return -EOPNOTSUPP;
	}
	gen = dd_mr_generation(pdev);
	if (gen < 0) {
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
	m->gen = gen;
	m->ld = sdev->channel >= MR_PD_CHANNELS;
	m->target = (sdev->channel % MR_PD_CHANNELS) * MR_DEV_PER_CHANNEL + sdev->id;
	m->lun = sdev->lun;
	m->sge_bytes = gen == MR_SKINNY ? 16 : 12;
	m->cfg_ok = dd_pci_cfg_reachable(pdev);
	ret = dd_scsi_arm_geometry(sdev, disk, &m->last_lba, &m->lbs_shift);
	if (ret)
		goto free;
	ret = dd_scsi_arm_map_regs(pdev, MR_REGS_BYTES, &m->regs);
	if (ret) {
		pr_err("%s: %s: no MFI register set in a memory BAR\n", disk->disk_name,
		       pci_name(pdev));
		goto free;
	}
	/* megaraid_sas keeps frames below 4 GiB for MFI (32-bit coherent mask); so do we. */
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

	/* The S/G list must fit the command's 8 frames and the firmware's limit. */
	state = dd_mr_state(m);
	segs = (MR_CMD_BYTES - (m->ld ? MR_IO_SGL : MR_PT_SGL)) / m->sge_bytes;
	if (MR_STATE_MAX_SGE(state))
		segs = min(segs, MR_STATE_MAX_SGE(state));
	segs = min_t(u32, segs, queue_max_segments(q));

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
		d->description, dd_mr_gen_name[gen], state, segs);
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

static void dd_mr_put16(u8 *at, u16 v)
{
	*(__le16 *)at = cpu_to_le16(v);
}

static void dd_mr_put32(u8 *at, u32 v)
{
	*(__le32 *)at = cpu_to_le32(v);
}

static void dd_mr_put64(u8 *at, u64 v)
{
	*(__le64 *)at = cpu_to_le64(v);
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

/* Wait up to ms for (diag register & bits) to be want. */
static bool dd_mr_wait_diag(const struct dd_mr *m, unsigned int reg, u32 bits, u32 want,
			    u32 ms)
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
 * the diagnostic register, whose reset bit restarts the firmware.  xscale
 * and ppc: the reset doorbell, then (SAS1064R) the PCI status bit the
 * reset leaves set cleared and the firmware's handshake word zeroed.
 */
static int dd_mr_adapter_reset(struct dd_disk *d, struct dd_mr *m)
{
	static const u8 seq[] = { 0x0, 0x4, 0xb, 0x2, 0x7, 0xd };
	unsigned int seq_reg = m->gen == MR_SKINNY ? MR_REG_SKINNY_SEQ : MR_REG_SEQ;
	unsigned int diag_reg = m->gen == MR_SKINNY ? MR_REG_SKINNY_DIAG : MR_REG_DIAG;
	struct dd_deadline dl;
	unsigned int i;
	u32 v;

	if (m->gen == MR_GEN2 || m->gen == MR_SKINNY) {
		for (i = 0; i < ARRAY_SIZE(seq); i++)
			writel(seq[i], m->regs + seq_reg);
		if (!dd_mr_wait_diag(m, diag_reg, MR_DIAG_WRITE_ENABLE, MR_DIAG_WRITE_ENABLE,
				     11 * MSEC_PER_SEC)) {
			pr_err("%s: adapter reset: the diagnostic register stays locked\n",
			       d->description);
			return -EIO;
		}
		writel(readl(m->regs + diag_reg) | MR_DIAG_RESET_ADAPTER, m->regs + diag_reg);
		/* megaraid_sas waits 10 s, then up to 100 more for the bit to clear. */
		dd_deadline_start(&dl, 10 * MSEC_PER_SEC);
		while (!dd_deadline_passed(&dl))
			cpu_relax();
		if (!dd_mr_wait_diag(m, diag_reg, MR_DIAG_RESET_ADAPTER, 0, 100 * MSEC_PER_SEC)) {
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
	dd_mr_doorbell(m, MR_ADP_RESET);
	dd_deadline_start(&dl, 3 * MSEC_PER_SEC);
	while (!dd_deadline_passed(&dl))
		cpu_relax();
	v = dd_pci_cfg_read(m->pdev, MR_1068_PCSR, 4);
	if (v & 0x2) {
		dd_pci_cfg_write(m->pdev, MR_1068_PCSR, v & ~0x2u, 4);
		dd_deadline_start(&dl, 2 * MSEC_PER_SEC);
		while (!dd_deadline_passed(&dl))
			cpu_relax();
		v = dd_pci_cfg_read(m->pdev, MR_1068_HANDSHAKE, 4);
		if ((v & 0xffff0000) == MR_1068_FW_READY)
			dd_pci_cfg_write(m->pdev, MR_1068_HANDSHAKE, 0, 4);
	}
	return 0;
}

/*
 * megaraid_sas's transition to READY, bounded: each state the firmware is
 * in gets what that state needs (OPERATIONAL the reset flags, which
 * abort every outstanding command), then up to 180 s to change.
 */
static int dd_mr_to_ready(struct dd_disk *d, struct dd_mr *m)
{
	bool reset_done = false;
	u32 state = dd_mr_state(m), next;
	unsigned int steps;

	for (steps = 0; steps < 16; steps++) {
		switch (state & MR_STATE_MASK) {
		case MR_STATE_READY:
			return 0;
		case MR_STATE_FAULT:
			pr_warn("%s: firmware in FAULT (code %#x): adapter reset\n",
				d->description, (state >> 16) & 0xfff);
			if (reset_done || dd_mr_adapter_reset(d, m))
				return -EIO;
			reset_done = true;
			break;
		case MR_STATE_WAIT_HANDSHAKE:
			dd_mr_doorbell(m, MR_INIT_CLEAR_HANDSHAKE | MR_INIT_HOTPLUG);
			break;
		case MR_STATE_BOOT_MSG_PENDING:
			dd_mr_doorbell(m, MR_INIT_HOTPLUG);
			break;
		case MR_STATE_OPERATIONAL:
			dd_mr_mask_interrupts(m);
			dd_mr_doorbell(m, MR_RESET_FLAGS);
			break;
		case MR_STATE_UNDEFINED:
		case MR_STATE_BB_INIT:
		case MR_STATE_FW_INIT:
		case MR_STATE_FW_INIT_2:
		case MR_STATE_DEVICE_SCAN:
		case MR_STATE_FLUSH_CACHE:
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
	u8 *f = m->mem + MR_MEM_INIT, *qi = m->mem + MR_MEM_QINFO;
	u32 entries = min_t(u32, MR_STATE_MAX_CMDS(dd_mr_state(m)), MR_REPLY_ENTRIES);
	struct dd_deadline dl;

	if (!entries)
		entries = MR_TAGS + 1;
	memset(m->mem + MR_MEM_INIT, 0, MR_MEM_SENSE - MR_MEM_INIT);
	memset(m->mem + MR_MEM_REPLY, 0xff, MR_MEM_BYTES - MR_MEM_REPLY);
	dd_mr_put32(qi + MR_QI_ENTRIES, entries);
	dd_mr_put64(qi + MR_QI_RQ_LO, m->mem_dma + MR_MEM_REPLY);
	dd_mr_put64(qi + MR_QI_PI_LO, m->mem_dma + MR_MEM_PRODUCER);
	dd_mr_put64(qi + MR_QI_CI_LO, m->mem_dma + MR_MEM_CONSUMER);
	f[MR_F_CMD] = MR_CMD_INIT;
	f[MR_F_CMD_STATUS] = MR_STAT_POLLING;
	dd_mr_put16(f + MR_F_FLAGS, MR_FLAG_DONT_POST);
	dd_mr_put32(f + MR_INIT_DATA_LEN, MR_QI_BYTES);
	dd_mr_put64(f + MR_INIT_QINFO_LO, m->mem_dma + MR_MEM_QINFO);
	dma_wmb();
	dd_mr_fire(m, m->mem_dma + MR_MEM_INIT, 0);
	dd_deadline_start(&dl, MR_INIT_WAIT_MS);
	while (READ_ONCE(f[MR_F_CMD_STATUS]) == MR_STAT_POLLING) {
		if (dd_deadline_passed(&dl)) {
			pr_err("%s: INIT frame not completed in %u s\n", d->description,
			       MR_INIT_WAIT_S);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	if (READ_ONCE(f[MR_F_CMD_STATUS]) != MR_STAT_OK) {
		pr_err("%s: INIT frame refused: status %#x\n", d->description,
		       f[MR_F_CMD_STATUS]);
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
	 * the state needs it (OPERATIONAL), and once there.  A FAULT is
	 * answered first, before anything else is written.
	 */
	ret = dd_mr_to_ready(d, m);
	if (ret)
		return ret;
	dd_mr_mask_interrupts(m);
	/* ppc, gen2, skinny: any doorbell the failed kernel left set. */
	if (m->gen != MR_XSCALE)
		writel(0xffffffff, m->regs + MR_REG_ODCR);
	return dd_mr_init_queues(d, m);
}

/* ---- panic time: commands ---------------------------------------------- */

static u8 *dd_mr_frame(struct dd_mr *m, unsigned int tag)
{
	return m->mem + MR_MEM_CMDS + tag * MR_CMD_BYTES;
}

/* The S/G list at sgl: the request's buffer or its segments; the count. */
static unsigned int dd_mr_sgl(struct dd_disk *d, struct dd_mr *m, u8 *sgl,
			      const struct dd_request *rq)
{
	unsigned int n = 0, i;
	u32 done, len;

	if (!rq->buf) {
		for (i = 0; i < rq->nr_segs; i++, n++) {
			dd_mr_put64(sgl + n * m->sge_bytes, rq->seg[i].addr);
			dd_mr_put32(sgl + n * m->sge_bytes + 8, rq->seg[i].len);
		}
		return n;
	}
	for (done = 0; done < rq->len; done += len, n++) {
		len = min(rq->len - done, d->max_segment_size);
		dd_mr_put64(sgl + n * m->sge_bytes, rq->buf->dma + rq->offset + done);
		dd_mr_put32(sgl + n * m->sge_bytes + 8, len);
	}
	return n;
}

/* How many 64-byte frames after the first a command with its list spans. */
static u32 dd_mr_extra_frames(const struct dd_mr *m, unsigned int sgl_off, unsigned int sges)
{
	u32 end = sgl_off + sges * m->sge_bytes;

	return end <= MR_FRAME_BYTES ? 0 : DIV_ROUND_UP(end - MR_FRAME_BYTES, MR_FRAME_BYTES);
}

static int dd_mr_submit(struct dd_disk *d, unsigned int tag, const struct dd_request *rq)
{
	struct dd_mr *m = d->hook_data;
	u16 flags = MR_FLAG_DONT_POST;
	unsigned int sgl_off = 0, sges = 0;
	u8 cdb[DD_SCSI_MAX_CDB], *f;
	unsigned int cdb_len;

	if (tag >= MR_TAGS)
		return -EINVAL;
	f = dd_mr_frame(m, tag);
	memset(f, 0, MR_CMD_BYTES);
	memset(m->mem + MR_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES, 0, DD_SCSI_SENSE_BYTES);
	f[MR_F_CMD_STATUS] = MR_STAT_POLLING;
	dd_mr_put32(f + MR_F_CONTEXT, tag + 1);
	if (rq->op != DD_OP_FLUSH) {
		flags |= rq->op == DD_OP_WRITE ? MR_FLAG_DIR_WRITE : MR_FLAG_DIR_READ;
		flags |= m->gen == MR_SKINNY ? MR_FLAG_IEEE : MR_FLAG_SGL64;
		f[MR_F_SENSE_LEN] = DD_SCSI_SENSE_BYTES;
		dd_mr_put32(f + MR_F_SENSE_LO,
			    m->mem_dma + MR_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES);
	}
	if (rq->op == DD_OP_FLUSH) {
		/* The controller's cache and the disks', as at shutdown. */
		f[MR_F_CMD] = MR_CMD_DCMD;
		dd_mr_put32(f + MR_DCMD_OPCODE, MR_DCMD_CACHE_FLUSH);
		f[MR_DCMD_MBOX] = MR_FLUSH_CTRL_AND_DISKS;
	} else if (m->ld) {
		/* LD READ/WRITE: the firmware maps the blocks onto the array. */
		f[MR_F_CMD] = rq->op == DD_OP_WRITE ? MR_CMD_LD_WRITE : MR_CMD_LD_READ;
		f[MR_F_TARGET] = m->target;
		dd_mr_put32(f + MR_F_DATA_LEN, rq->len >> (SECTOR_SHIFT + m->lbs_shift));
		dd_mr_put64(f + MR_IO_LBA_LO, rq->sector >> m->lbs_shift);
		sgl_off = MR_IO_SGL;
	} else {
		/* A system PD: the SCSI command passed through. */
		cdb_len = dd_scsi_rw_cdb(cdb, rq->op == DD_OP_WRITE, rq->sector >> m->lbs_shift,
					 rq->len >> (SECTOR_SHIFT + m->lbs_shift));
		if (!cdb_len || cdb_len > 16)
			return -EINVAL;
		f[MR_F_CMD] = MR_CMD_PD_SCSI_IO;
		f[MR_F_TARGET] = m->target;
		f[MR_F_LUN] = m->lun;
		f[MR_F_CDB_LEN] = cdb_len;
		dd_mr_put32(f + MR_F_DATA_LEN, rq->len);
		memcpy(f + MR_PT_CDB, cdb, cdb_len);
		sgl_off = MR_PT_SGL;
	}
	if (sgl_off) {
		sges = dd_mr_sgl(d, m, f + sgl_off, rq);
		if (!sges || sges > d->max_segments)
			return -EINVAL;
		f[MR_F_SGE_COUNT] = sges;
	}
	dd_mr_put16(f + MR_F_FLAGS, flags);
	/* The frame must be in memory before its address reaches the firmware. */
	dma_wmb();
	dd_mr_fire(m, m->mem_dma + MR_MEM_CMDS + tag * MR_CMD_BYTES,
		   sgl_off ? dd_mr_extra_frames(m, sgl_off, sges) : 0);
	return 0;
}

/* The command status, then (SCSI DONE WITH ERROR) the target's through scsi.h. */
static int dd_mr_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_mr *m = d->hook_data;
	const u8 *sense = m->mem + MR_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES;
	u8 status, scsi_status, *f;

	if (tag >= MR_TAGS)
		return -EINVAL;
	f = dd_mr_frame(m, tag);
	status = READ_ONCE(f[MR_F_CMD_STATUS]);
	if (status == MR_STAT_POLLING)
		return -EINPROGRESS;
	/* The status before what it covers. */
	dma_rmb();
	scsi_status = f[MR_F_SCSI_STATUS];
	switch (status) {
	case MR_STAT_OK:
		return 0;
	case MR_STAT_SCSI_DONE_WITH_ERROR:
		break;
	/* megaraid_sas gives these DID_ERROR, which the midlayer retries. */
	case MR_STAT_SCSI_IO_FAILED:
	case MR_STAT_LD_INIT_IN_PROGRESS:
		pr_warn("%s: command status %#x: again\n", d->description, status);
		return -EAGAIN;
	default:
		pr_err("%s: command failed: status %#x%s\n", d->description, status,
		       status == MR_STAT_DEVICE_NOT_FOUND || status == MR_STAT_LD_OFFLINE ?
		       " (no such drive, or offline)" : "");
		return -EIO;
	}
	return dd_scsi_poll_result(d->description, scsi_status, sense, DD_SCSI_SENSE_BYTES);
}

/*
 * Back to READY (the reset flags), so the firmware forgets our queue
 * before the reboot; no wait, the next driver's transition waits.
 */
static void dd_mr_shutdown(struct dd_disk *d)
{
	struct dd_mr *m = d->hook_data;

	dd_mr_doorbell(m, MR_RESET_FLAGS);
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
