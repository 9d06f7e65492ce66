// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for SATA disks behind an AHCI host bus adapter (the PCI
 * "ahci" driver).
 *
 * libata's command slots, its error handler and its locks are all out of
 * reach at panic time.  So this hook takes the disk's port over: it stops
 * the port's command engine, points the port at a command list, received
 * FIS area and command tables of its own (reserved at arm time), and
 * issues one non-queued 48-bit DMA command at a time, polling the port's
 * registers for completion.  A port the failed kernel left with commands
 * outstanding (NCQ included), in error or with a busy device gets a
 * COMRESET first; a port that does not come back from that gets an HBA
 * reset, which also resets the adapter's other ports, as the last resort.
 * Uncompressed dumps may name pages of RAM in the PRD table
 * (phys_segments) rather than the core's buffers.
 * Register names follow the AHCI 1.3.1 specification.
 */
#define pr_fmt(fmt) "diskdump_ahci: " fmt

#include <linux/ata.h>
#include <linux/blkdev.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/libata.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "diskdump/hook.h"

/* Generic host control (AHCI 3.1). */
#define AHCI_CAP		0x00
#define  AHCI_CAP_SSS		BIT(27)		/* staggered spin-up */
#define AHCI_GHC		0x04
#define  AHCI_GHC_AE		BIT(31)		/* AHCI enable */
#define  AHCI_GHC_HR		BIT(0)		/* HBA reset */
#define AHCI_IS			0x08
#define AHCI_PI			0x0c
#define AHCI_PORT(n)		(0x100 + (n) * 0x80)
#define AHCI_MAX_PORTS		32
/* The BAR the PCI ahci driver finds the registers in (ABAR). */
#define AHCI_PCI_BAR		5

/* Port registers (AHCI 3.3), offsets from AHCI_PORT(n). */
#define PX_CLB			0x00
#define PX_CLBU			0x04
#define PX_FB			0x08
#define PX_FBU			0x0c
#define PX_IS			0x10
#define PX_IE			0x14
#define PX_CMD			0x18
#define PX_TFD			0x20
#define PX_SSTS			0x28
#define PX_SCTL			0x2c
#define PX_SERR			0x30
#define PX_SACT			0x34
#define PX_CI			0x38

#define PX_IS_TFES		BIT(30)		/* task file error */
#define PX_IS_HBFS		BIT(29)		/* host bus fatal error */
#define PX_IS_HBDS		BIT(28)		/* host bus data error */
#define PX_IS_IFS		BIT(27)		/* interface fatal error */
#define PX_IS_OFS		BIT(24)		/* overflow */
#define PX_IS_PRCS		BIT(22)		/* PhyRdy changed: link lost */
#define PX_IS_FAILED		(PX_IS_TFES | PX_IS_HBFS | PX_IS_HBDS | \
				 PX_IS_IFS | PX_IS_OFS | PX_IS_PRCS)

#define PX_CMD_ST		BIT(0)		/* start the command engine */
#define PX_CMD_SUD		BIT(1)		/* spin up device */
#define PX_CMD_POD		BIT(2)		/* power on device */
#define PX_CMD_FRE		BIT(4)		/* FIS receive enable */
#define PX_CMD_FR		BIT(14)		/* FIS receive running */
#define PX_CMD_CR		BIT(15)		/* command list running */
#define PX_CMD_ICC_MASK		(0xfu << 28)
#define PX_CMD_ICC_ACTIVE	BIT(28)		/* ICC = 1 */

#define PX_SSTS_DET(s)		((s) & 0xf)
#define PX_SSTS_DET_PHY		3		/* device present, link up */
#define PX_SSTS_IPM(s)		(((s) >> 8) & 0xf)
#define PX_SSTS_IPM_ACTIVE	1
#define PX_SCTL_DET_COMRESET	1
/* SCTL.IPM: no partial, slumber or devsleep while we own the link. */
#define PX_SCTL_IPM_NONE	(7u << 8)

/* Command header flags (AHCI 4.2.2): FIS length in dwords, write. */
#define AHCI_HDR_CFL(dwords)	(dwords)
#define AHCI_HDR_WRITE		BIT(6)
#define AHCI_HDR_PRDTL(n)	((u32)(n) << 16)

/* Register host-to-device FIS (SATA 10.5.5). */
#define FIS_TYPE_REG_H2D	0x27
#define FIS_H2D_COMMAND		BIT(7)
#define FIS_H2D_DWORDS		5

/*
 * Our memory, one DMA-coherent allocation: the command list (1 KiB
 * aligned, only the first DD_AHCI_TAGS headers used), the received-FIS
 * area (256-byte aligned) and one command table per tag (128-byte
 * aligned) of a page each: a 128-byte header, then the PRD table.
 */
#define DD_AHCI_TAGS		1
#define DD_AHCI_FIS_OFF		1024
#define DD_AHCI_TBL_OFF		PAGE_SIZE
#define DD_AHCI_TBL_BYTES	PAGE_SIZE
#define DD_AHCI_MEM_BYTES	(DD_AHCI_TBL_OFF + DD_AHCI_TAGS * DD_AHCI_TBL_BYTES)
#define DD_AHCI_PRDS		((DD_AHCI_TBL_BYTES - 128) / 16)
/* One PRD moves up to 4 MiB (its byte count has 22 bits). */
#define DD_AHCI_PRD_BYTES	SZ_4M
#define DD_AHCI_MAX_TRANSFER	SZ_16M
/* A 48-bit command moves up to 65536 logical blocks. */
#define DD_AHCI_MAX_BLOCKS	65536

/*
 * Deadlines.  The engine and FIS receiver stop within 500 ms (AHCI
 * 10.1.2); after a COMRESET the link comes up within a second and a disk
 * may take seconds to clear BSY (spinning up).  quiesce() may do all of
 * it twice: once on the port, once more after an HBA reset.
 */
#define DD_AHCI_STOP_MS		500
/*
 * After a COMRESET, as libata: the link within its long debounce timeout
 * (5 s), the device ready within 10 s, and after an HBA reset within
 * 35 s (libata's last reset try: a disk spinning up from standby).
 */
#define DD_AHCI_LINK_MS		5000
#define DD_AHCI_READY_MS	10000
#define DD_AHCI_READY_LAST_MS	35000
#define DD_AHCI_HBA_RESET_MS	1000
#define DD_AHCI_TAKEOVER_MS(ready) (2 * DD_AHCI_STOP_MS + DD_AHCI_LINK_MS + (ready))
#define DD_AHCI_QUIESCE_MS	(DD_AHCI_TAKEOVER_MS(DD_AHCI_READY_MS) + \
				 DD_AHCI_HBA_RESET_MS + \
				 DD_AHCI_TAKEOVER_MS(DD_AHCI_READY_LAST_MS))
/* Intel's port control and status register in config space (libata: PCS_6). */
#define DD_AHCI_INTEL_PCS	0x92

struct dd_ahci_cmd_hdr {
	__le32	opts;
	__le32	prdbc;
	__le32	ctba;
	__le32	ctbau;
	__le32	reserved[4];
};

struct dd_ahci_prd {
	__le32	dba;
	__le32	dbau;
	__le32	reserved;
	__le32	dbc;		/* byte count - 1 */
};

struct dd_ahci_cmd_tbl {
	u8			cfis[64];
	u8			acmd[16];
	u8			reserved[48];
	struct dd_ahci_prd	prdt[DD_AHCI_PRDS];
};

static_assert(sizeof(struct dd_ahci_cmd_hdr) == 32);
static_assert(sizeof(struct dd_ahci_cmd_tbl) <= DD_AHCI_TBL_BYTES);
static_assert(DD_AHCI_FIS_OFF + 256 <= DD_AHCI_TBL_OFF);

struct dd_ahci {
	struct pci_dev		*pdev;
	void __iomem		*mmio;		/* the HBA's registers */
	void __iomem		*port;		/* our port's */
	unsigned int		port_no;
	u32			cap;		/* as the driver left them, */
	u32			pi;		/* restored after an HBA reset */
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	unsigned int		takeovers;
	unsigned int		ready_ms;	/* this takeover's wait for BSY */
	u16			pcs;		/* Intel's port enables, at arm */

	void			*mem;		/* DD_AHCI_MEM_BYTES */
	dma_addr_t		mem_dma;
	struct dd_ahci_cmd_hdr	*cl;
	struct dd_ahci_cmd_tbl	*tbl[DD_AHCI_TAGS];
};

/* ---- arm time ---------------------------------------------------------- */

/*
 * The ATA port behind a SCSI disk of the PCI ahci driver, or NULL.  The
 * host template's name says the SCSI host is libata's before its private
 * data is read as an ata_port.
 */
static struct ata_port *dd_ahci_port_of(struct gendisk *disk)
{
	struct device *dev = disk_to_dev(disk)->parent;
	struct scsi_device *sdev;
	struct ata_port *ap;
	struct device *hdev;

	if (!dev || !scsi_is_sdev_device(dev))
		return NULL;
	sdev = to_scsi_device(dev);
	if (!sdev->host->hostt->name || strcmp(sdev->host->hostt->name, "ahci"))
		return NULL;
	ap = ata_shost_to_port(sdev->host);
	hdev = ap->host->dev;
	if (!hdev || !dev_is_pci(hdev) || !hdev->driver ||
	    strcmp(hdev->driver->name, "ahci"))
		return NULL;
	return ap;
}

/* What the hook cannot drive, or NULL. */
static const char *dd_ahci_unsupported(struct ata_port *ap,
				       struct scsi_device *sdev)
{
	struct ata_device *adev = &ap->link.device[0];

	if (sata_pmp_attached(ap))
		return "the disk is behind a port multiplier";
	if (sdev->channel || sdev->id || sdev->lun)
		return "not the port's only device";
	if (ap->port_no >= AHCI_MAX_PORTS)
		return "port number out of range";
	if (adev->class == ATA_DEV_ATAPI)
		return "an ATAPI device";
	if (adev->class != ATA_DEV_ATA)
		return "not an ATA disk (zoned or unknown class)";
	if (!(adev->flags & ATA_DFLAG_LBA48))
		return "the disk has no 48-bit addressing";
	return NULL;
}

static int dd_ahci_map(struct dd_ahci *a, const char *name)
{
	struct pci_dev *pdev = a->pdev;
	u32 ghc;

	if (!(pci_resource_flags(pdev, AHCI_PCI_BAR) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, AHCI_PCI_BAR) < AHCI_PORT(a->port_no + 1)) {
		pr_err("%s: %s: no AHCI registers in BAR %d\n", name,
		       pci_name(pdev), AHCI_PCI_BAR);
		return -EOPNOTSUPP;
	}
	a->mmio = pci_iomap_range(pdev, AHCI_PCI_BAR, 0,
				  AHCI_PORT(AHCI_MAX_PORTS));
	if (!a->mmio)
		return -ENOMEM;
	a->port = a->mmio + AHCI_PORT(a->port_no);
	ghc = readl(a->mmio + AHCI_GHC);
	a->cap = readl(a->mmio + AHCI_CAP);
	a->pi = readl(a->mmio + AHCI_PI);
	if (pdev->vendor == PCI_VENDOR_ID_INTEL && dd_pci_cfg_reachable(pdev))
		pci_read_config_word(pdev, DD_AHCI_INTEL_PCS, &a->pcs);
	if (!(ghc & AHCI_GHC_AE) || !(a->pi & BIT(a->port_no))) {
		pr_err("%s: %s: port %u is not an implemented AHCI port\n",
		       name, pci_name(pdev), a->port_no);
		return -EOPNOTSUPP;
	}
	return 0;
}

static void dd_ahci_init_mem(struct dd_ahci *a)
{
	dma_addr_t tbl_dma;
	unsigned int i;

	a->cl = a->mem;
	for (i = 0; i < DD_AHCI_TAGS; i++) {
		a->tbl[i] = a->mem + DD_AHCI_TBL_OFF + i * DD_AHCI_TBL_BYTES;
		tbl_dma = a->mem_dma + DD_AHCI_TBL_OFF + i * DD_AHCI_TBL_BYTES;
		a->cl[i].ctba = cpu_to_le32(lower_32_bits(tbl_dma));
		a->cl[i].ctbau = cpu_to_le32(upper_32_bits(tbl_dma));
	}
}

static void dd_ahci_set_limits(struct dd_disk *d, struct dd_ahci *a,
			       struct gendisk *disk)
{
	u32 lbs = queue_logical_block_size(disk->queue);

	a->lbs_shift = ilog2(lbs) - SECTOR_SHIFT;
	d->logical_block_size = lbs;
	d->queue_depth = DD_AHCI_TAGS;
	d->max_segment_size = DD_AHCI_PRD_BYTES;
	d->max_segments = DD_AHCI_PRDS;
	/* A PRD takes any address the DMA mask allows: pages from RAM. */
	d->phys_segments = true;
	/*
	 * libata lowers max_hw_sectors for drives that fail large commands
	 * (the MAX_SEC quirks, libata.force=max_sec_*): never ask more.
	 */
	d->max_transfer = min_t(u64, DD_AHCI_MAX_TRANSFER,
				(u64)DD_AHCI_MAX_BLOCKS * lbs);
	d->max_transfer = min_t(u64, d->max_transfer,
				(u64)queue_max_hw_sectors(disk->queue) <<
				SECTOR_SHIFT);
	d->reset_timeout_ms = DD_AHCI_QUIESCE_MS;
}

static int dd_ahci_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct ata_port *ap = dd_ahci_port_of(disk);
	struct scsi_device *sdev;
	const char *why;
	struct dd_ahci *a;
	int ret;

	if (!ap)
		return -ENODEV;
	sdev = to_scsi_device(disk_to_dev(disk)->parent);
	why = dd_ahci_unsupported(ap, sdev);
	if (why) {
		pr_err("%s: %s port %u: %s\n", disk->disk_name,
		       dev_name(ap->host->dev), ap->port_no, why);
		return -EOPNOTSUPP;
	}

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->pdev = to_pci_dev(ap->host->dev);
	a->port_no = ap->port_no;
	ret = dd_ahci_map(a, disk->disk_name);
	if (ret)
		goto unmap;
	a->mem = dma_alloc_coherent(&a->pdev->dev, DD_AHCI_MEM_BYTES,
				    &a->mem_dma, GFP_KERNEL);
	if (!a->mem) {
		ret = -ENOMEM;
		goto unmap;
	}
	dd_ahci_init_mem(a);

	d->hook_data = a;
	d->dev = &a->pdev->dev;
	/* The driver set the DMA mask (32-bit without CAP.S64A): use it. */
	d->dma_dev = &a->pdev->dev;
	dd_ahci_set_limits(d, a, disk);
	d->reserved_bytes = sizeof(*a) + DD_AHCI_MEM_BYTES;
	snprintf(d->description, sizeof(d->description), "AHCI %s port %u",
		 pci_name(a->pdev), a->port_no);
	return 0;

unmap:
	if (a->mmio)
		pci_iounmap(a->pdev, a->mmio);
	kfree(a);
	return ret;
}

static void dd_ahci_release(struct dd_disk *d)
{
	struct dd_ahci *a = d->hook_data;

	dma_free_coherent(&a->pdev->dev, DD_AHCI_MEM_BYTES, a->mem, a->mem_dma);
	pci_iounmap(a->pdev, a->mmio);
	kfree(a);
}

/* ---- panic time -------------------------------------------------------- */

static u32 dd_ahci_read(struct dd_ahci *a, unsigned int reg)
{
	return readl(a->port + reg);
}

static void dd_ahci_write(struct dd_ahci *a, unsigned int reg, u32 val)
{
	writel(val, a->port + reg);
}

/* Wait until (register & mask) == want, at most ms milliseconds. */
static int dd_ahci_wait(struct dd_ahci *a, unsigned int reg, u32 mask,
			u32 want, unsigned int ms)
{
	struct dd_deadline dl;

	dd_deadline_start(&dl, ms);
	while ((dd_ahci_read(a, reg) & mask) != want)
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	return 0;
}

/*
 * Stop the command engine, then FIS reception (AHCI 10.1.2).  Clearing ST
 * also clears PxCI and PxSACT: every command of the failed kernel is
 * forgotten by the HBA from here on.
 */
static int dd_ahci_stop(struct dd_ahci *a)
{
	u32 cmd = dd_ahci_read(a, PX_CMD);

	dd_ahci_write(a, PX_CMD, cmd & ~PX_CMD_ST);
	if (dd_ahci_wait(a, PX_CMD, PX_CMD_CR, 0, DD_AHCI_STOP_MS))
		return -ETIMEDOUT;
	cmd = dd_ahci_read(a, PX_CMD);
	dd_ahci_write(a, PX_CMD, cmd & ~PX_CMD_FRE);
	return dd_ahci_wait(a, PX_CMD, PX_CMD_FR, 0, DD_AHCI_STOP_MS);
}

static void dd_ahci_clear_errors(struct dd_ahci *a)
{
	/* SERR first: PxIS.PRCS only clears once SERR.DIAG.N has. */
	dd_ahci_write(a, PX_SERR, ~0u);
	dd_ahci_write(a, PX_IS, ~0u);
	writel(BIT(a->port_no), a->mmio + AHCI_IS);
}

/*
 * Point the port at our memory and receive FISes into it; no interrupts
 * (we poll), the device powered and spun up, the link kept active.
 */
static void dd_ahci_setup(struct dd_ahci *a)
{
	u32 cmd, sctl;

	dd_ahci_write(a, PX_CLB, lower_32_bits(a->mem_dma));
	dd_ahci_write(a, PX_CLBU, upper_32_bits(a->mem_dma));
	dd_ahci_write(a, PX_FB, lower_32_bits(a->mem_dma + DD_AHCI_FIS_OFF));
	dd_ahci_write(a, PX_FBU, upper_32_bits(a->mem_dma + DD_AHCI_FIS_OFF));
	dd_ahci_write(a, PX_IE, 0);
	dd_ahci_clear_errors(a);

	sctl = dd_ahci_read(a, PX_SCTL);
	dd_ahci_write(a, PX_SCTL, (sctl & ~0xf00u) | PX_SCTL_IPM_NONE);
	cmd = dd_ahci_read(a, PX_CMD) | PX_CMD_FRE | PX_CMD_POD;
	if (a->cap & AHCI_CAP_SSS)
		cmd |= PX_CMD_SUD;
	dd_ahci_write(a, PX_CMD, cmd);
	if (PX_SSTS_IPM(dd_ahci_read(a, PX_SSTS)) != PX_SSTS_IPM_ACTIVE)
		dd_ahci_write(a, PX_CMD, (cmd & ~PX_CMD_ICC_MASK) | PX_CMD_ICC_ACTIVE);
}

static bool dd_ahci_device_busy(struct dd_ahci *a)
{
	return dd_ahci_read(a, PX_TFD) & (ATA_BUSY | ATA_DRQ);
}

/*
 * COMRESET (AHCI 10.4.2): with the engine stopped and FIS reception on,
 * hold SCTL.DET at 1 for at least a millisecond, release it, wait for the
 * link, clear the errors its coming up set, and wait for the device's
 * first register FIS to clear BSY.
 */
static int dd_ahci_comreset(struct dd_ahci *a)
{
	u32 sctl = dd_ahci_read(a, PX_SCTL) & ~0xfu;
	struct dd_deadline dl;

	dd_ahci_write(a, PX_SCTL, sctl | PX_SCTL_DET_COMRESET);
	dd_deadline_start(&dl, 2);
	while (!dd_deadline_passed(&dl))
		cpu_relax();
	dd_ahci_write(a, PX_SCTL, sctl);
	if (dd_ahci_wait(a, PX_SSTS, 0xf, PX_SSTS_DET_PHY, DD_AHCI_LINK_MS))
		return -ENODEV;
	dd_ahci_clear_errors(a);
	return dd_ahci_wait(a, PX_TFD, ATA_BUSY | ATA_DRQ, 0, a->ready_ms);
}

/* Why the port needs a COMRESET before we use it, or NULL. */
static const char *dd_ahci_dirty(struct dd_ahci *a)
{
	u32 ssts = dd_ahci_read(a, PX_SSTS);

	if (dd_ahci_read(a, PX_CI) || dd_ahci_read(a, PX_SACT))
		return "commands outstanding";
	if (dd_ahci_read(a, PX_IS) & PX_IS_FAILED)
		return "in error";
	if (dd_ahci_read(a, PX_TFD) & (ATA_BUSY | ATA_DRQ | ATA_ERR))
		return "device busy or in error";
	if (PX_SSTS_DET(ssts) != PX_SSTS_DET_PHY)
		return "link down";
	if (PX_SSTS_IPM(ssts) != PX_SSTS_IPM_ACTIVE)
		return "link in a power-saving state";
	return NULL;
}

static int dd_ahci_takeover(struct dd_ahci *a, bool reset)
{
	int ret;

	ret = dd_ahci_stop(a);
	if (ret)
		return ret;
	dd_ahci_setup(a);
	if (reset || dd_ahci_device_busy(a)) {
		ret = dd_ahci_comreset(a);
		if (ret)
			return ret;
	}
	dd_ahci_write(a, PX_CMD, dd_ahci_read(a, PX_CMD) | PX_CMD_ST);
	return 0;
}

/*
 * On Intel's older AHCI functions an HBA reset may clear the port enables
 * in config space (PCS), which the BIOS or libata set (its
 * ahci_intel_pcs_quirk()): our port's is set again if it was at arm time.
 * Config space through the core's lock-free accessors.
 */
static void dd_ahci_restore_pcs(struct dd_ahci *a)
{
	u16 want = a->pcs & BIT(a->port_no), now;

	if (!want)
		return;
	now = dd_pci_cfg_read(a->pdev, DD_AHCI_INTEL_PCS, 2);
	if (now & want)
		return;
	pr_info("port %u: Intel PCS %#x after the HBA reset: port enabled again\n",
		a->port_no, now);
	dd_pci_cfg_write(a->pdev, DD_AHCI_INTEL_PCS, now | want, 2);
}

/* The last resort: it resets every port of the HBA, not only ours. */
static int dd_ahci_hba_reset(struct dd_ahci *a)
{
	struct dd_deadline dl;

	writel(AHCI_GHC_AE, a->mmio + AHCI_GHC);
	writel(AHCI_GHC_AE | AHCI_GHC_HR, a->mmio + AHCI_GHC);
	dd_deadline_start(&dl, DD_AHCI_HBA_RESET_MS);
	while (readl(a->mmio + AHCI_GHC) & AHCI_GHC_HR)
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	writel(AHCI_GHC_AE, a->mmio + AHCI_GHC);
	/* Firmware-set capabilities the reset may have lost, as the driver does. */
	writel(a->cap, a->mmio + AHCI_CAP);
	writel(a->pi, a->mmio + AHCI_PI);
	dd_ahci_restore_pcs(a);
	return 0;
}

/*
 * Take the port over.  A clean port (nothing outstanding, no error, link
 * up and active) is only restarted on our memory; any other gets a
 * COMRESET, which also makes the device forget queued commands.  After a
 * failure (a later call) the COMRESET is unconditional.
 */
static int dd_ahci_quiesce(struct dd_disk *d)
{
	struct dd_ahci *a = d->hook_data;
	const char *why = a->takeovers++ ? "after a failure" : dd_ahci_dirty(a);
	int ret;

	pr_info("taking over port %u (%s)%s%s\n", a->port_no, d->description,
		why ? ": COMRESET, " : "", why ? why : "");
	a->ready_ms = DD_AHCI_READY_MS;
	ret = dd_ahci_takeover(a, !!why);
	if (!ret)
		return 0;
	pr_warn("port %u did not come back (%d); resetting the whole HBA, its other ports too\n",
		a->port_no, ret);
	ret = dd_ahci_hba_reset(a);
	a->ready_ms = DD_AHCI_READY_LAST_MS;
	if (!ret)
		ret = dd_ahci_takeover(a, true);
	if (ret)
		pr_err("port %u: giving up (%d): status %#x, SStatus %#x\n",
		       a->port_no, ret, dd_ahci_read(a, PX_TFD),
		       dd_ahci_read(a, PX_SSTS));
	return ret;
}

static u8 dd_ahci_command(enum dd_op op)
{
	switch (op) {
	case DD_OP_READ:
		return ATA_CMD_READ_EXT;
	case DD_OP_WRITE:
		return ATA_CMD_WRITE_EXT;
	default:
		return ATA_CMD_FLUSH_EXT;
	}
}

/* The register FIS of a 48-bit command (ATA8-ACS: LBA in 6, count in 2 bytes). */
static void dd_ahci_build_fis(u8 *fis, enum dd_op op, u64 lba, u32 count)
{
	memset(fis, 0, FIS_H2D_DWORDS * 4);
	fis[0] = FIS_TYPE_REG_H2D;
	fis[1] = FIS_H2D_COMMAND;
	fis[2] = dd_ahci_command(op);
	fis[4] = lba;
	fis[5] = lba >> 8;
	fis[6] = lba >> 16;
	fis[7] = ATA_LBA;
	fis[8] = lba >> 24;
	fis[9] = lba >> 32;
	fis[10] = lba >> 40;
	fis[12] = count;		/* 65536 blocks: 0 */
	fis[13] = count >> 8;
}

static void dd_ahci_set_prd(struct dd_ahci_prd *prd, u64 dma, u32 len)
{
	prd->dba = cpu_to_le32(lower_32_bits(dma));
	prd->dbau = cpu_to_le32(upper_32_bits(dma));
	prd->reserved = 0;
	prd->dbc = cpu_to_le32(len - 1);
}

/* The buffer cut every DD_AHCI_PRD_BYTES, or the segments as they are. */
static unsigned int dd_ahci_build_prdt(struct dd_ahci_prd *prd,
				       const struct dd_request *rq)
{
	dma_addr_t dma;
	unsigned int n = 0;
	u32 done, seg;

	if (!rq->buf) {
		for (n = 0; n < rq->nr_segs; n++)
			dd_ahci_set_prd(&prd[n], rq->seg[n].addr, rq->seg[n].len);
		return n;
	}
	dma = rq->buf->dma + rq->offset;
	for (done = 0; done < rq->len; done += seg, n++) {
		seg = min_t(u32, rq->len - done, DD_AHCI_PRD_BYTES);
		dd_ahci_set_prd(&prd[n], dma + done, seg);
	}
	return n;
}

static int dd_ahci_submit(struct dd_disk *d, unsigned int tag,
			  const struct dd_request *rq)
{
	struct dd_ahci *a = d->hook_data;
	u32 count = rq->len >> (SECTOR_SHIFT + a->lbs_shift);
	u32 opts = AHCI_HDR_CFL(FIS_H2D_DWORDS);
	struct dd_ahci_cmd_tbl *tbl;
	unsigned int prds = 0;

	if (tag >= DD_AHCI_TAGS)
		return -EINVAL;
	tbl = a->tbl[tag];
	if (rq->op == DD_OP_FLUSH) {
		dd_ahci_build_fis(tbl->cfis, rq->op, 0, 0);
	} else {
		if (!count || count > DD_AHCI_MAX_BLOCKS ||
		    (rq->buf ? DIV_ROUND_UP(rq->len, DD_AHCI_PRD_BYTES) :
		     rq->nr_segs) > DD_AHCI_PRDS)
			return -EINVAL;
		dd_ahci_build_fis(tbl->cfis, rq->op, rq->sector >> a->lbs_shift,
				  count);
		prds = dd_ahci_build_prdt(tbl->prdt, rq);
		if (rq->op == DD_OP_WRITE)
			opts |= AHCI_HDR_WRITE;
	}
	a->cl[tag].opts = cpu_to_le32(opts | AHCI_HDR_PRDTL(prds));
	a->cl[tag].prdbc = 0;
	/* writel() orders the table and header before the doorbell. */
	dd_ahci_write(a, PX_CI, BIT(tag));
	return 0;
}

/* The names of the set bits of v, for the kernel log. */
static void dd_ahci_bit_names(char *buf, size_t size, u32 v,
			      const char *const *names, unsigned int nr)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < nr; i++)
		if ((v & BIT(i)) && names[i])
			len += scnprintf(buf + len, size - len, " %s", names[i]);
}

/* SError (SATA 3.x SStatus/SError): ERR in bits 0-11, DIAG in 16-26. */
static const char *const dd_ahci_serr_names[] = {
	[0] = "recovered-data", [1] = "recovered-comm", [8] = "data-integrity",
	[9] = "persistent-comm", [10] = "protocol", [11] = "internal",
	[16] = "PhyRdy-change", [17] = "phy-internal", [18] = "comm-wake",
	[19] = "10b-8b", [20] = "disparity", [21] = "CRC", [22] = "handshake",
	[23] = "link-sequence", [24] = "transport-state", [25] = "unknown-FIS",
	[26] = "exchanged",
};

/* The ATA error register. */
static const char *const dd_ahci_error_names[] = {
	[0] = "AMNF", [1] = "NM", [2] = "ABRT", [3] = "MCR", [4] = "IDNF",
	[5] = "MC", [6] = "UNC", [7] = "ICRC",
};

static void dd_ahci_report(struct dd_ahci *a, u32 is)
{
	u32 serr = dd_ahci_read(a, PX_SERR), tfd = dd_ahci_read(a, PX_TFD);
	char serr_text[160], err_text[48];

	dd_ahci_bit_names(serr_text, sizeof(serr_text), serr, dd_ahci_serr_names,
			  ARRAY_SIZE(dd_ahci_serr_names));
	dd_ahci_bit_names(err_text, sizeof(err_text), tfd >> 8 & 0xff,
			  dd_ahci_error_names, ARRAY_SIZE(dd_ahci_error_names));
	pr_err("port %u: command failed: PxIS %#x%s%s%s, SError %#x%s, status %#x error %#x%s\n",
	       a->port_no, is, is & PX_IS_TFES ? " task-file-error" : "",
	       is & (PX_IS_HBFS | PX_IS_HBDS) ? " host-bus-error" : "",
	       is & PX_IS_PRCS ? " link-lost" : "",
	       serr, serr_text, tfd & 0xff, tfd >> 8 & 0xff, err_text);
}

/*
 * Done when the HBA cleared the tag's bit in PxCI; a failed command keeps
 * its bit and stops the port with an error in PxIS.
 */
static int dd_ahci_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_ahci *a = d->hook_data;
	u32 is, ci;

	if (tag >= DD_AHCI_TAGS)
		return -EINVAL;
	is = dd_ahci_read(a, PX_IS);
	ci = dd_ahci_read(a, PX_CI);
	if (!(ci & BIT(tag)))
		return 0;
	if (is & PX_IS_FAILED) {
		dd_ahci_report(a, is);
		return -EIO;
	}
	return -EINPROGRESS;
}

/* Leave the port stopped: nothing of ours may be DMA'd after reboot. */
static void dd_ahci_shutdown(struct dd_disk *d)
{
	dd_ahci_stop(d->hook_data);
}

static const struct dd_hook_ops dd_ahci_ops = {
	.name		= "ahci",
	.owner		= THIS_MODULE,
	.probe		= dd_ahci_probe,
	.release	= dd_ahci_release,
	.quiesce	= dd_ahci_quiesce,
	.submit		= dd_ahci_submit,
	.poll		= dd_ahci_poll,
	.shutdown	= dd_ahci_shutdown,
};
module_dd_hook(dd_ahci_ops);
MODULE_DESCRIPTION("diskdump hook for SATA disks behind an AHCI adapter");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
