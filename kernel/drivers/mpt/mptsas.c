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
 * address has, as mptsas itself does.  SCSI commands, sense decoding and
 * the retry policy are diskdump/scsi.h's.  Message layouts follow the MPI
 * 1.5 specification.
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
#include "mpi_scsi_io.h"

/* System interface registers (MPI 1.5 chapter 2), in the first memory BAR. */
#define MPI_DOORBELL		0x00
#define  MPI_IOC_STATE_MASK	0xf0000000
#define  MPI_IOC_STATE_RESET	0x00000000
#define  MPI_IOC_STATE_READY	0x10000000
#define  MPI_IOC_STATE_OPER	0x20000000
#define  MPI_IOC_STATE_FAULT	0x40000000
#define  MPI_DOORBELL_ACTIVE	BIT(27)
#define  MPI_DOORBELL_DATA	0x0000ffff
#define  MPI_DOORBELL_FUNC_SHIFT 24
#define  MPI_DOORBELL_DWORDS_SHIFT 16
#define MPI_WRITE_SEQUENCE	0x04
#define MPI_DIAGNOSTIC		0x08
#define  MPI_DIAG_DRWE		BIT(7)		/* diagnostic write enabled */
#define  MPI_DIAG_FLASH_BAD_SIG	BIT(6)
#define  MPI_DIAG_RESET_HISTORY	BIT(5)
#define  MPI_DIAG_RESET_ADAPTER	BIT(2)
#define  MPI_DIAG_DISABLE_ARM	BIT(1)
#define MPI_HOST_INT_STATUS	0x30
#define  MPI_HIS_IOP_DOORBELL	BIT(31)		/* IOC has not taken the word */
#define  MPI_HIS_REPLY		BIT(3)
#define  MPI_HIS_DOORBELL	BIT(0)
#define MPI_HOST_INT_MASK	0x34
#define  MPI_HIM_RIM		BIT(3)
#define  MPI_HIM_DIM		BIT(0)
#define MPI_REQUEST_FIFO	0x40
#define MPI_REPLY_FIFO		0x44		/* read: post FIFO; write: free FIFO */
#define  MPI_REPLY_ADDRESS	BIT(31)		/* else a context reply */
#define MPI_REGS_BYTES		0x50
/* The SAS1078 resets through a register of its own (mptbase: Reset_1078). */
#define MPI_RESET_1078		0x10fc
#define  MPI_RESET_1078_KEY	0x07
#define MPI_REGS_BYTES_1078	0x1100
#define DD_MPT_DEVID_SAS1078	0x0062

/* The five keys that open the diagnostic register. */
static const u8 dd_mpt_diag_keys[] = { 0x04, 0x0b, 0x02, 0x07, 0x0d };

/* Message functions. */
#define MPI_FUNC_IOC_INIT	0x02
#define MPI_FUNC_IOC_FACTS	0x03
#define MPI_FUNC_CONFIG		0x04
#define MPI_FUNC_PORT_FACTS	0x05
#define MPI_FUNC_PORT_ENABLE	0x06
#define MPI_FUNC_MSG_UNIT_RESET	0x40
#define MPI_FUNC_HANDSHAKE	0x42

#define MPI_WHOINIT_HOST_DRIVER	0x04
#define MPI_VERSION_01_05	0x0105
#define MPI_HEADER_VERSION	0x0e00
#define MPI_FACTS_FLAGS_HPB_PERSISTENT 0x04

/* IOCStatus values a dump meets (the rest fail). */
#define MPI_IOCSTATUS_MASK	0x7fff
#define MPI_IOCSTATUS_SUCCESS	0x0000
#define MPI_IOCSTATUS_BUSY	0x0002
#define MPI_IOCSTATUS_NO_RESOURCES 0x0006
#define MPI_IOCSTATUS_CONFIG_INVALID_PAGE 0x0022
#define MPI_IOCSTATUS_SCSI_RECOVERED 0x0040
#define MPI_IOCSTATUS_SCSI_DEVICE_NOT_THERE 0x0043
#define MPI_IOCSTATUS_SCSI_UNDERRUN 0x0045
#define MPI_IOCSTATUS_SCSI_TASK_TERMINATED 0x0048
#define MPI_IOCSTATUS_SCSI_IOC_TERMINATED 0x004b
#define MPI_IOCSTATUS_SCSI_EXT_TERMINATED 0x004c

/* SCSIState bits of a SCSI IO reply. */
#define MPI_SCSI_STATE_AUTOSENSE_VALID 0x01
#define MPI_SCSI_STATE_NO_SCSI_STATUS 0x04
#define MPI_SCSI_STATE_TERMINATED 0x08

/* Configuration: SAS device page 0, walked by "get next handle". */
#define MPI_CONFIG_HEADER	0x00
#define MPI_CONFIG_READ_CURRENT	0x01
#define MPI_PAGETYPE_EXTENDED	0x0f
#define MPI_EXTPAGETYPE_SAS_DEVICE 0x12
#define MPI_SAS_DEVICE_GET_NEXT	0x00000000	/* | handle */

struct dd_mpt_sge64 {
	__le32	flags_length;
	__le32	addr_lo;
	__le32	addr_hi;
} __packed;

struct dd_mpt_header {		/* every request's first 12 bytes */
	u8	b0, b1;
	u8	chain_offset;
	u8	function;
	u8	b4, b5, b6;
	u8	msg_flags;
	__le32	context;
} __packed;

struct dd_mpt_ioc_init {
	u8	who_init;
	u8	reserved;
	u8	chain_offset;
	u8	function;
	u8	flags;
	u8	max_devices;
	u8	max_buses;
	u8	msg_flags;
	__le32	context;
	__le16	reply_frame_size;
	u8	reserved1[2];
	__le32	host_mfa_high;
	__le32	sense_high;
	__le32	reply_fifo_signal;
	struct dd_mpt_sge64 host_page_buffer;
	__le16	msg_version;
	__le16	header_version;
} __packed;

struct dd_mpt_config {
	u8	action;
	u8	reserved;
	u8	chain_offset;
	u8	function;
	__le16	ext_page_length;
	u8	ext_page_type;
	u8	msg_flags;
	__le32	context;
	u8	reserved2[8];
	u8	page_version;
	u8	page_length;
	u8	page_number;
	u8	page_type;
	__le32	page_address;
	struct dd_mpt_sge64 sge;
} __packed;

/* What every reply starts with; IOCStatus is at 0x0e in all of them. */
struct dd_mpt_reply {
	u8	b0, b1;
	u8	msg_length;		/* dwords */
	u8	function;
	u8	b4, b5, b6;
	u8	msg_flags;
	__le32	context;
	u8	b12, b13;
	__le16	ioc_status;
	__le32	log_info;
} __packed;

struct dd_mpt_scsi_io_reply {
	struct dd_mpt_reply hdr;	/* b12: SCSIStatus, b13: SCSIState */
	__le32	transfer_count;
	__le32	sense_count;
	__le32	response_info;
} __packed;

/* Offsets of the fields read from the other replies. */
#define DD_IOC_FACTS_FLAGS	0x17
#define DD_IOC_FACTS_CREDITS	0x24		/* GlobalCredits */
#define DD_IOC_FACTS_HPB_SGE	0x40		/* HostPageBufferSGE */
#define DD_PORT_FACTS_SCSI_ID	0x18		/* PortSCSIID */
#define DD_CONFIG_EXT_LENGTH	0x04		/* ExtPageLength */
#define DD_CONFIG_PAGE_VERSION	0x14		/* Header.PageVersion */

/* Offsets into SAS device page 0. */
#define DD_SAS_DEV0_SAS_ADDRESS	0x0c
#define DD_SAS_DEV0_DEV_HANDLE	0x18
#define DD_SAS_DEV0_TARGET_ID	0x1a
#define DD_SAS_DEV0_BUS		0x1b
#define DD_SAS_DEV0_BYTES	0x24

static_assert(offsetof(struct dd_mpt_ioc_init, msg_version) == 0x28);
static_assert(offsetof(struct dd_mpt_config, sge) == 0x1c);
static_assert(sizeof(struct dd_mpt_scsi_io_reply) == 0x20);

/*
 * One coherent allocation: a request frame and a sense buffer per tag and
 * one more for the hook's own configuration requests, the reply frames it
 * gives the IOC, and a page buffer.  Request frames, reply frames and
 * sense buffers must share their upper 32 address bits (IOCInit names
 * them once); an allocation of 8 KiB never crosses a 4 GiB line.
 */
#define DD_MPT_TAGS		4
#define DD_MPT_CFG_SLOT		DD_MPT_TAGS
#define DD_MPT_SLOTS		(DD_MPT_TAGS + 1)
#define DD_MPT_FRAME_BYTES	128		/* the driver's frame size */
#define DD_MPT_REPLY_BYTES	80		/* the driver's reply size */
#define DD_MPT_REPLY_STRIDE	128
#define DD_MPT_REPLIES		16
#define DD_MPT_FRAME_OFF	0
#define DD_MPT_SENSE_OFF	1024
#define DD_MPT_REPLY_OFF	2048
#define DD_MPT_PAGE_OFF		4096
#define DD_MPT_PAGE_BYTES	256
#define DD_MPT_MEM_BYTES	8192
static_assert(DD_MPT_SLOTS * DD_MPT_FRAME_BYTES <= DD_MPT_SENSE_OFF);
static_assert(DD_MPT_SENSE_OFF + DD_MPT_SLOTS * DD_SCSI_SENSE_BYTES <=
	      DD_MPT_REPLY_OFF);
static_assert(DD_MPT_REPLY_OFF + DD_MPT_REPLIES * DD_MPT_REPLY_STRIDE <=
	      DD_MPT_PAGE_OFF);

/* Our message contexts: a marker and the slot (a context reply's 29 bits). */
#define DD_MPT_CONTEXT(slot)	(0x0dd00000u | (slot))
#define DD_MPT_CONTEXT_MASK	0x1fffff00u

/* mptsas's own limit (MPT_SCSI_MAX_SECTORS): 4 MiB per command. */
#define DD_MPT_MAX_TRANSFER	SZ_4M
/* Waits, from mptbase's: doorbell steps, the resets, IOCInit, PortEnable. */
#define DD_MPT_DOORBELL_MS	5000
#define DD_MPT_MUR_MS		15000
#define DD_MPT_HARD_RESET_MS	60000
#define DD_MPT_INIT_MS		10000
/*
 * mptbase waits 300 s for a SAS port to enable (discovery behind
 * expanders takes that long); the dump's deadline includes it.
 */
#define DD_MPT_PORT_ENABLE_MS	300000
#define DD_MPT_CONFIG_MS	5000
#define DD_MPT_MAX_DEVICES	256		/* SAS device page 0 walk */

struct dd_mpt_result {
	bool	done;
	u8	scsi_status;
	u8	scsi_state;
	u16	ioc_status;
	u32	log_info;
	u32	transfer_count;
	u32	sense_count;
	u16	ext_page_length;	/* configuration replies */
	u8	page_version;
};

struct dd_mpt {
	struct pci_dev		*pdev;
	void __iomem		*regs;
	bool			is_1078;
	u64			sas_address;
	u8			lun[8];
	u8			bus, target;	/* the firmware's, after the reset */
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	u64			last_lba;
	u8			max_devices, max_buses;

	void			*mem;
	dma_addr_t		mem_dma;
	u32			data_length[DD_MPT_SLOTS];
	struct dd_mpt_result	res[DD_MPT_SLOTS];
	bool			reported;
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
	m->is_1078 = m->pdev->vendor == PCI_VENDOR_ID_LSI_LOGIC &&
		     m->pdev->device == DD_MPT_DEVID_SAS1078;
	return dd_scsi_arm_map_regs(m->pdev, m->is_1078 ? MPI_REGS_BYTES_1078 :
				    MPI_REGS_BYTES, &m->regs);
}

static int dd_mpt_alloc(struct dd_mpt *m)
{
	m->mem = dma_alloc_coherent(&m->pdev->dev, DD_MPT_MEM_BYTES,
				    &m->mem_dma, GFP_KERNEL);
	if (!m->mem)
		return -ENOMEM;
	/*
	 * mptbase allocates the SAS1078's request, reply and sense memory
	 * below 4 GiB (the chip's erratum); ours must lie there too.
	 */
	if (m->is_1078 && upper_32_bits(m->mem_dma + DD_MPT_MEM_BYTES - 1)) {
		pr_err("%s: SAS1078: its frames must lie below 4 GiB, and the memory given lies above\n",
		       pci_name(m->pdev));
		dma_free_coherent(&m->pdev->dev, DD_MPT_MEM_BYTES, m->mem,
				  m->mem_dma);
		return -EOPNOTSUPP;
	}
	if (upper_32_bits(m->mem_dma) !=
	    upper_32_bits(m->mem_dma + DD_MPT_MEM_BYTES - 1)) {
		dma_free_coherent(&m->pdev->dev, DD_MPT_MEM_BYTES, m->mem,
				  m->mem_dma);
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
		/* mptspi (53C1030) and mptfc: not driven, see the note. */
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
		pr_err("%s: not a SAS end device with an address\n",
		       disk->disk_name);
		ret = -EOPNOTSUPP;
		goto free;
	}
	int_to_scsilun(sdev->lun, (struct scsi_lun *)m->lun);
	ret = dd_scsi_arm_geometry(sdev, disk, &m->last_lba, &m->lbs_shift);
	if (ret)
		goto free;
	ret = dd_mpt_map(m);
	if (ret) {
		pr_err("%s: %s: no MPT registers in a memory BAR\n",
		       disk->disk_name, pci_name(pdev));
		goto free;
	}
	ret = dd_mpt_alloc(m);
	if (ret)
		goto unmap;

	d->hook_data = m;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = queue_logical_block_size(disk->queue);
	d->queue_depth = DD_MPT_TAGS;
	/* One S/G element per command: the core's buffers are contiguous. */
	d->max_transfer = min_t(u64, DD_MPT_MAX_TRANSFER,
				(u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT);
	d->max_segment_size = d->max_transfer;
	d->max_segments = 1;
	d->reset_timeout_ms = DD_MPT_MUR_MS + DD_MPT_HARD_RESET_MS +
			      DD_MPT_INIT_MS + DD_MPT_PORT_ENABLE_MS;
	d->reserved_bytes = sizeof(*m) + DD_MPT_MEM_BYTES;
	snprintf(d->description, sizeof(d->description),
		 "MPT SAS %s SAS address %#llx LUN %llu", pci_name(pdev),
		 m->sas_address, sdev->lun);
	return 0;

unmap:
	pci_iounmap(pdev, m->regs);
free:
	kfree(m);
	return ret;
}

static void dd_mpt_release(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	dma_free_coherent(&m->pdev->dev, DD_MPT_MEM_BYTES, m->mem, m->mem_dma);
	pci_iounmap(m->pdev, m->regs);
	kfree(m);
}

/* ---- panic time: registers and the doorbell ----------------------------- */

static u32 dd_mpt_read(struct dd_mpt *m, unsigned int reg)
{
	return readl(m->regs + reg);
}

static void dd_mpt_write(struct dd_mpt *m, unsigned int reg, u32 val)
{
	writel(val, m->regs + reg);
}

static u32 dd_mpt_state(struct dd_mpt *m)
{
	return dd_mpt_read(m, MPI_DOORBELL) & MPI_IOC_STATE_MASK;
}

static const char *dd_mpt_state_name(u32 doorbell)
{
	switch (doorbell & MPI_IOC_STATE_MASK) {
	case MPI_IOC_STATE_RESET:
		return "reset";
	case MPI_IOC_STATE_READY:
		return "ready";
	case MPI_IOC_STATE_OPER:
		return "operational";
	case MPI_IOC_STATE_FAULT:
		return "fault";
	default:
		return "unknown";
	}
}

/* Wait until the host interrupt status bits in mask read want. */
static int dd_mpt_wait_his(struct dd_mpt *m, u32 mask, u32 want, u64 ms)
{
	struct dd_deadline dl;
	u32 his;

	dd_deadline_start(&dl, ms);
	for (;;) {
		his = dd_mpt_read(m, MPI_HOST_INT_STATUS);
		if (his == ~0u)
			return -ENODEV;		/* gone from the bus */
		if ((his & mask) == want)
			return 0;
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	}
}

static int dd_mpt_wait_state(struct dd_mpt *m, u32 state, u64 ms)
{
	struct dd_deadline dl;
	u32 db;

	dd_deadline_start(&dl, ms);
	for (;;) {
		db = dd_mpt_read(m, MPI_DOORBELL);
		if (db == ~0u)
			return -ENODEV;
		if ((db & MPI_IOC_STATE_MASK) == state)
			return 0;
		if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_FAULT)
			return -EIO;
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	}
}

/*
 * A request through the doorbell handshake, dword by dword, each taken by
 * the IOC; the reply comes back 16 bits at a time.  reply_ms bounds the
 * wait for the reply's first word (the IOC works on the request then).
 */
static int dd_mpt_handshake(struct dd_mpt *m, const void *req,
			    unsigned int req_bytes, void *reply,
			    unsigned int reply_bytes, u64 reply_ms)
{
	const __le32 *dw = req;
	__le16 *words = reply;
	unsigned int i, n = 2;
	int ret;

	if (dd_mpt_read(m, MPI_DOORBELL) & MPI_DOORBELL_ACTIVE)
		return -EBUSY;
	memset(reply, 0, reply_bytes);
	dd_mpt_write(m, MPI_HOST_INT_STATUS, 0);
	dd_mpt_write(m, MPI_DOORBELL,
		     MPI_FUNC_HANDSHAKE << MPI_DOORBELL_FUNC_SHIFT |
		     (req_bytes / 4) << MPI_DOORBELL_DWORDS_SHIFT);
	ret = dd_mpt_wait_his(m, MPI_HIS_DOORBELL, MPI_HIS_DOORBELL,
			      DD_MPT_DOORBELL_MS);
	if (ret)
		return ret;
	if (!(dd_mpt_read(m, MPI_DOORBELL) & MPI_DOORBELL_ACTIVE))
		return -EIO;
	dd_mpt_write(m, MPI_HOST_INT_STATUS, 0);
	ret = dd_mpt_wait_his(m, MPI_HIS_IOP_DOORBELL, 0, DD_MPT_DOORBELL_MS);
	for (i = 0; !ret && i < req_bytes / 4; i++) {
		dd_mpt_write(m, MPI_DOORBELL, le32_to_cpu(dw[i]));
		ret = dd_mpt_wait_his(m, MPI_HIS_IOP_DOORBELL, 0,
				      DD_MPT_DOORBELL_MS);
	}
	/* The first two words carry MsgLength, the reply's size in dwords. */
	for (i = 0; !ret && i < n; i++) {
		ret = dd_mpt_wait_his(m, MPI_HIS_DOORBELL, MPI_HIS_DOORBELL,
				      i ? DD_MPT_DOORBELL_MS : reply_ms);
		if (ret)
			break;
		if (i < reply_bytes / 2)
			words[i] = cpu_to_le16(dd_mpt_read(m, MPI_DOORBELL) &
					       MPI_DOORBELL_DATA);
		dd_mpt_write(m, MPI_HOST_INT_STATUS, 0);
		if (i == 1)
			n = max(2u, 2u * ((struct dd_mpt_reply *)reply)->msg_length);
	}
	/* The IOC ends the handshake with one more doorbell interrupt. */
	if (!ret)
		ret = dd_mpt_wait_his(m, MPI_HIS_DOORBELL, MPI_HIS_DOORBELL,
				      DD_MPT_DOORBELL_MS);
	dd_mpt_write(m, MPI_HOST_INT_STATUS, 0);
	return ret;
}

/* Little-endian fields at any offset of a reply. */
static u16 dd_mpt_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 dd_mpt_le32(const u8 *p)
{
	return dd_mpt_le16(p) | (u32)dd_mpt_le16(p + 2) << 16;
}

static u64 dd_mpt_le64(const u8 *p)
{
	return dd_mpt_le32(p) | (u64)dd_mpt_le32(p + 4) << 32;
}

static u16 dd_mpt_reply_status(const void *reply)
{
	return le16_to_cpu(((const struct dd_mpt_reply *)reply)->ioc_status) &
	       MPI_IOCSTATUS_MASK;
}

/* ---- panic time: resets and initialization ------------------------------ */

/* Message unit reset: the IOC drops every message and frame, and is READY. */
static int dd_mpt_unit_reset(struct dd_mpt *m)
{
	int ret;

	dd_mpt_write(m, MPI_DOORBELL,
		     MPI_FUNC_MSG_UNIT_RESET << MPI_DOORBELL_FUNC_SHIFT);
	ret = dd_mpt_wait_his(m, MPI_HIS_IOP_DOORBELL, 0, DD_MPT_DOORBELL_MS);
	if (!ret)
		ret = dd_mpt_wait_state(m, MPI_IOC_STATE_READY, DD_MPT_MUR_MS);
	return ret;
}

static int dd_mpt_open_diag(struct dd_mpt *m)
{
	unsigned int i, try;

	for (try = 0; try < 20; try++) {
		if (dd_mpt_read(m, MPI_DIAGNOSTIC) & MPI_DIAG_DRWE)
			return 0;
		dd_mpt_write(m, MPI_WRITE_SEQUENCE, 0xff);
		for (i = 0; i < ARRAY_SIZE(dd_mpt_diag_keys); i++)
			dd_mpt_write(m, MPI_WRITE_SEQUENCE, dd_mpt_diag_keys[i]);
		mdelay(100);
	}
	return -EIO;
}

/*
 * Hard reset through the diagnostic register (the SAS1078 has a reset
 * register of its own): the firmware reboots from flash.  An IOC that
 * boots from firmware the host downloads (some 53C1030 and FC parts) does
 * not come back from this; mptsas parts boot from flash.
 */
static int dd_mpt_hard_reset(struct dd_mpt *m)
{
	u32 diag;
	int ret;

	dd_mpt_write(m, MPI_HOST_INT_STATUS, 0);
	if (m->is_1078) {
		/* As mptbase does for it; not tested (QEMU has the 1068). */
		dd_mpt_write(m, MPI_RESET_1078, MPI_RESET_1078_KEY);
		mdelay(1);
		return dd_mpt_wait_state(m, MPI_IOC_STATE_READY,
					 DD_MPT_HARD_RESET_MS);
	}
	ret = dd_mpt_open_diag(m);
	if (ret)
		return ret;
	diag = dd_mpt_read(m, MPI_DIAGNOSTIC);
	dd_mpt_write(m, MPI_DIAGNOSTIC, diag | MPI_DIAG_DISABLE_ARM);
	mdelay(1);
	dd_mpt_write(m, MPI_DIAGNOSTIC, diag | MPI_DIAG_RESET_ADAPTER);
	mdelay(1);
	ret = dd_mpt_wait_state(m, MPI_IOC_STATE_READY, DD_MPT_HARD_RESET_MS);
	if (ret)
		return ret;
	if (!dd_mpt_open_diag(m)) {
		diag = dd_mpt_read(m, MPI_DIAGNOSTIC);
		dd_mpt_write(m, MPI_DIAGNOSTIC, diag & ~MPI_DIAG_RESET_HISTORY);
	}
	dd_mpt_write(m, MPI_WRITE_SEQUENCE, 0xffffffff);	/* close it */
	diag = dd_mpt_read(m, MPI_DIAGNOSTIC);
	if (diag & (MPI_DIAG_FLASH_BAD_SIG | MPI_DIAG_RESET_ADAPTER |
		    MPI_DIAG_DISABLE_ARM))
		return -EIO;
	return 0;
}

/* From whatever the failed kernel left to READY, with nothing in flight. */
static int dd_mpt_make_ready(struct dd_mpt *m, struct dd_disk *d)
{
	u32 db = dd_mpt_read(m, MPI_DOORBELL);
	const char *why = NULL;
	int ret;

	if (db == ~0u) {
		pr_err("%s: the IOC does not answer (gone from the bus)\n",
		       d->description);
		return -ENODEV;
	}
	if (db & MPI_DOORBELL_ACTIVE)
		why = "stuck in a doorbell handshake";
	else if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_FAULT)
		why = "in fault";
	else if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_RESET)
		why = "held in reset";
	pr_info("taking over %s: IOC %s (doorbell %#x)%s%s\n", d->description,
		dd_mpt_state_name(db), db, why ? ": hard reset, " : "",
		why ? why : "");
	if (!why) {
		ret = dd_mpt_unit_reset(m);
		if (!ret)
			return 0;
		pr_err("%s: message unit reset failed (%d, doorbell %#x): hard reset\n",
		       d->description, ret, dd_mpt_read(m, MPI_DOORBELL));
	}
	ret = dd_mpt_hard_reset(m);
	if (ret)
		pr_err("%s: hard reset failed (%d, doorbell %#x, diagnostic %#x)\n",
		       d->description, ret, dd_mpt_read(m, MPI_DOORBELL),
		       dd_mpt_read(m, MPI_DIAGNOSTIC));
	return ret;
}

/*
 * IOC and port facts; IOCInit with the same device and bus counts the
 * driver gave (mptbase derives them from port 0's facts), so the
 * firmware's target ids stay as mptsas knew them.
 */
static int dd_mpt_facts(struct dd_mpt *m, struct dd_disk *d)
{
	struct dd_mpt_header req = { };
	u8 reply[0x50];
	u16 max_id, version;
	int ret;

	req.function = MPI_FUNC_IOC_FACTS;
	ret = dd_mpt_handshake(m, &req, sizeof(req), reply, sizeof(reply),
			       DD_MPT_DOORBELL_MS);
	if (ret || dd_mpt_reply_status(reply)) {
		pr_err("%s: IOC facts failed (%d, IOCStatus %#x)\n",
		       d->description, ret, dd_mpt_reply_status(reply));
		return ret ? ret : -EIO;
	}
	version = dd_mpt_le16(reply);
	/* A host page buffer the firmware wants, and that it lost. */
	if (version >= MPI_VERSION_01_05 &&
	    (dd_mpt_le32(reply + DD_IOC_FACTS_HPB_SGE) & MPI_SGE_MAX_LEN) &&
	    !(reply[DD_IOC_FACTS_FLAGS] & MPI_FACTS_FLAGS_HPB_PERSISTENT)) {
		pr_err("%s: the firmware asks for a host page buffer, which this hook does not give\n",
		       d->description);
		return -EOPNOTSUPP;
	}
	if (dd_mpt_le16(reply + DD_IOC_FACTS_CREDITS) < DD_MPT_SLOTS + 1) {
		pr_err("%s: the IOC takes too few requests at once\n",
		       d->description);
		return -EOPNOTSUPP;
	}

	memset(&req, 0, sizeof(req));
	req.function = MPI_FUNC_PORT_FACTS;
	ret = dd_mpt_handshake(m, &req, sizeof(req), reply, sizeof(reply),
			       DD_MPT_DOORBELL_MS);
	if (ret || dd_mpt_reply_status(reply)) {
		pr_err("%s: port facts failed (%d, IOCStatus %#x)\n",
		       d->description, ret, dd_mpt_reply_status(reply));
		return ret ? ret : -EIO;
	}
	max_id = dd_mpt_le16(reply + DD_PORT_FACTS_SCSI_ID);	/* SAS */
	m->max_devices = max_id > 255 ? 0 : max_id;	/* 0 means 256 */
	m->max_buses = max_id > 255 ? max_id / 256 : 1;
	return 0;
}

static int dd_mpt_init(struct dd_mpt *m, struct dd_disk *d)
{
	struct dd_mpt_ioc_init init = { };
	struct dd_mpt_header pe = { };
	u8 reply[0x20];
	unsigned int i;
	int ret;

	init.who_init = MPI_WHOINIT_HOST_DRIVER;
	init.function = MPI_FUNC_IOC_INIT;
	init.max_devices = m->max_devices;
	init.max_buses = m->max_buses;
	init.reply_frame_size = cpu_to_le16(DD_MPT_REPLY_BYTES);
	init.host_mfa_high = cpu_to_le32(upper_32_bits(m->mem_dma));
	init.sense_high = cpu_to_le32(upper_32_bits(m->mem_dma));
	init.msg_version = cpu_to_le16(MPI_VERSION_01_05);
	init.header_version = cpu_to_le16(MPI_HEADER_VERSION);
	ret = dd_mpt_handshake(m, &init, sizeof(init), reply, sizeof(reply),
			       DD_MPT_INIT_MS);
	if (ret || dd_mpt_reply_status(reply)) {
		pr_err("%s: IOC init failed (%d, IOCStatus %#x)\n",
		       d->description, ret, dd_mpt_reply_status(reply));
		return ret ? ret : -EIO;
	}
	/* Our reply frames, for the IOC to fill. */
	for (i = 0; i < DD_MPT_REPLIES; i++)
		dd_mpt_write(m, MPI_REPLY_FIFO,
			     lower_32_bits(m->mem_dma + DD_MPT_REPLY_OFF +
					   i * DD_MPT_REPLY_STRIDE));

	pe.function = MPI_FUNC_PORT_ENABLE;
	ret = dd_mpt_handshake(m, &pe, sizeof(pe), reply, sizeof(reply),
			       DD_MPT_PORT_ENABLE_MS);
	if (!ret && dd_mpt_reply_status(reply))
		ret = -EIO;
	if (!ret)
		ret = dd_mpt_wait_state(m, MPI_IOC_STATE_OPER,
					DD_MPT_PORT_ENABLE_MS);
	if (ret)
		pr_err("%s: port enable failed (%d, IOCStatus %#x, doorbell %#x)\n",
		       d->description, ret, dd_mpt_reply_status(reply),
		       dd_mpt_read(m, MPI_DOORBELL));
	return ret;
}

/* ---- panic time: the reply FIFO ----------------------------------------- */

static void *dd_mpt_frame(struct dd_mpt *m, unsigned int slot)
{
	return m->mem + DD_MPT_FRAME_OFF + slot * DD_MPT_FRAME_BYTES;
}

static u8 *dd_mpt_sense(struct dd_mpt *m, unsigned int slot)
{
	return m->mem + DD_MPT_SENSE_OFF + slot * DD_SCSI_SENSE_BYTES;
}

static void dd_mpt_post(struct dd_mpt *m, unsigned int slot)
{
	m->res[slot].done = false;
	/* writel() orders the frame before the FIFO write. */
	dd_mpt_write(m, MPI_REQUEST_FIFO,
		     lower_32_bits(m->mem_dma + DD_MPT_FRAME_OFF +
				   slot * DD_MPT_FRAME_BYTES));
}

/* The slot a context is ours for, or -1. */
static int dd_mpt_slot_of(u32 context)
{
	u32 slot = context & ~DD_MPT_CONTEXT_MASK;

	if ((context & DD_MPT_CONTEXT_MASK) != DD_MPT_CONTEXT(0) ||
	    slot >= DD_MPT_SLOTS)
		return -1;
	return slot;
}

/* An address reply: one of our reply frames, read and given back. */
static void dd_mpt_address_reply(struct dd_mpt *m, u32 val)
{
	u32 addr = val << 1;
	u32 base = lower_32_bits(m->mem_dma + DD_MPT_REPLY_OFF);
	const struct dd_mpt_scsi_io_reply *r;
	struct dd_mpt_result *res;
	u32 off = addr - base;
	int slot;

	if (off >= DD_MPT_REPLIES * DD_MPT_REPLY_STRIDE ||
	    off % DD_MPT_REPLY_STRIDE)
		return;		/* not a frame of ours: never reused */
	r = m->mem + DD_MPT_REPLY_OFF + off;
	slot = dd_mpt_slot_of(le32_to_cpu(READ_ONCE(r->hdr.context)));
	if (slot >= 0) {
		res = &m->res[slot];
		res->ioc_status = le16_to_cpu(r->hdr.ioc_status);
		res->log_info = le32_to_cpu(r->hdr.log_info);
		res->scsi_status = r->hdr.b12;
		res->scsi_state = r->hdr.b13;
		res->transfer_count = le32_to_cpu(r->transfer_count);
		res->sense_count = le32_to_cpu(r->sense_count);
		res->ext_page_length =
			dd_mpt_le16((const u8 *)r + DD_CONFIG_EXT_LENGTH);
		res->page_version = ((const u8 *)r)[DD_CONFIG_PAGE_VERSION];
		res->done = true;
	}
	dd_mpt_write(m, MPI_REPLY_FIFO, addr);
}

/* Take every posted reply; a context reply is a full success. */
static void dd_mpt_reap(struct dd_mpt *m)
{
	unsigned int n;
	u32 val;
	int slot;

	for (n = 0; n < 2 * DD_MPT_REPLIES; n++) {
		val = dd_mpt_read(m, MPI_REPLY_FIFO);
		if (val == ~0u)
			break;
		if (val & MPI_REPLY_ADDRESS) {
			dd_mpt_address_reply(m, val);
			continue;
		}
		slot = dd_mpt_slot_of(val);
		if (slot < 0)
			continue;
		memset(&m->res[slot], 0, sizeof(m->res[slot]));
		m->res[slot].transfer_count = m->data_length[slot];
		m->res[slot].done = true;
	}
}

/* Run the configuration slot's request to its reply. */
static int dd_mpt_run_cfg(struct dd_mpt *m)
{
	struct dd_deadline dl;

	dd_mpt_post(m, DD_MPT_CFG_SLOT);
	dd_deadline_start(&dl, DD_MPT_CONFIG_MS);
	for (;;) {
		dd_mpt_reap(m);
		if (m->res[DD_MPT_CFG_SLOT].done)
			return 0;
		if (dd_mpt_state(m) == MPI_IOC_STATE_FAULT)
			return -EIO;
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	}
}

/* ---- panic time: finding the target ------------------------------------- */

/*
 * One configuration request for SAS device page 0 at page_address: its
 * header (read false: the page's version and length come back in the
 * reply), or the page itself into the page buffer.  0, an IOCStatus
 * (positive), or a negative error.
 */
static int dd_mpt_sas_dev0(struct dd_mpt *m, bool read, u32 page_address,
			   u16 *ext_len, u8 *version)
{
	struct dd_mpt_config *c = dd_mpt_frame(m, DD_MPT_CFG_SLOT);
	struct dd_mpt_result *res = &m->res[DD_MPT_CFG_SLOT];
	u32 len = read ? min_t(u32, *ext_len * 4, DD_MPT_PAGE_BYTES) : 0;
	int ret;

	memset(c, 0, DD_MPT_FRAME_BYTES);
	c->action = read ? MPI_CONFIG_READ_CURRENT : MPI_CONFIG_HEADER;
	c->function = MPI_FUNC_CONFIG;
	c->ext_page_type = MPI_EXTPAGETYPE_SAS_DEVICE;
	c->ext_page_length = cpu_to_le16(read ? *ext_len : 0);
	c->context = cpu_to_le32(DD_MPT_CONTEXT(DD_MPT_CFG_SLOT));
	c->page_version = read ? *version : 0;
	c->page_type = MPI_PAGETYPE_EXTENDED;
	c->page_address = cpu_to_le32(page_address);
	dd_mpi_put_sge64((u8 *)&c->sge, 0, m->mem_dma + DD_MPT_PAGE_OFF, len,
			 m->is_1078);
	memset(m->mem + DD_MPT_PAGE_OFF, 0, DD_MPT_PAGE_BYTES);
	ret = dd_mpt_run_cfg(m);
	if (ret)
		return ret;
	if (res->ioc_status & MPI_IOCSTATUS_MASK)
		return res->ioc_status & MPI_IOCSTATUS_MASK;
	if (!read) {
		*ext_len = res->ext_page_length;
		*version = res->page_version;
	}
	return 0;
}

/*
 * The firmware's bus and target id for our SAS address: SAS device page 0
 * of every device in handle order, as mptsas learns them.
 */
static int dd_mpt_find_target(struct dd_mpt *m, struct dd_disk *d)
{
	const u8 *page = m->mem + DD_MPT_PAGE_OFF;
	u32 handle = 0xffff, addr;
	unsigned int n;
	u16 ext_len;
	u8 version;
	int ret;

	/* The header and the page, each at the same address, as mptsas asks. */
	for (n = 0; n < DD_MPT_MAX_DEVICES; n++) {
		addr = MPI_SAS_DEVICE_GET_NEXT | handle;
		ret = dd_mpt_sas_dev0(m, false, addr, &ext_len, &version);
		if (!ret && (ext_len * 4 < DD_SAS_DEV0_BYTES ||
			     ext_len * 4 > DD_MPT_PAGE_BYTES))
			ret = -EIO;
		if (!ret)
			ret = dd_mpt_sas_dev0(m, true, addr, &ext_len, &version);
		if (ret)
			break;
		if (dd_mpt_le64(page + DD_SAS_DEV0_SAS_ADDRESS) == m->sas_address) {
			m->target = page[DD_SAS_DEV0_TARGET_ID];
			m->bus = page[DD_SAS_DEV0_BUS];
			return 0;
		}
		handle = dd_mpt_le16(page + DD_SAS_DEV0_DEV_HANDLE);
	}
	if (n == DD_MPT_MAX_DEVICES)
		ret = -E2BIG;
	if (ret == MPI_IOCSTATUS_CONFIG_INVALID_PAGE)
		pr_err("%s: the firmware knows no device with this SAS address\n",
		       d->description);
	else
		pr_err("%s: reading SAS device page 0 failed (%d)\n",
		       d->description, ret);
	return -ENODEV;
}

/* ---- panic time: the hook's operations ---------------------------------- */

/*
 * A message unit reset ends every command of the failed kernel and makes
 * the IOC forget the driver's reply frames, so no earlier reply can be
 * taken for a later request; then the IOC is brought up on ours.
 */
static int dd_mpt_quiesce(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;
	int ret;

	dd_mpt_write(m, MPI_HOST_INT_MASK, MPI_HIM_DIM | MPI_HIM_RIM);
	memset(m->res, 0, sizeof(m->res));
	ret = dd_mpt_make_ready(m, d);
	if (!ret)
		ret = dd_mpt_facts(m, d);
	if (!ret)
		ret = dd_mpt_init(m, d);
	if (!ret)
		ret = dd_mpt_find_target(m, d);
	if (ret)
		return ret;
	pr_info("%s: bus %u target %u\n", d->description, m->bus, m->target);
	m->reported = false;
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
		.context = DD_MPT_CONTEXT(tag),
		.cdb = cdb,
		.dir = rq->op == DD_OP_WRITE ? DD_MPI_WRITE :
		       rq->op == DD_OP_READ ? DD_MPI_READ : DD_MPI_NO_DATA,
		.data = data ? rq->buf->dma + rq->offset : 0,
		.len = data ? rq->len : 0,
		.sense = m->mem_dma + DD_MPT_SENSE_OFF +
			 tag * DD_SCSI_SENSE_BYTES,
		.sense_len = DD_SCSI_SENSE_BYTES,
		.sas1078 = m->is_1078,
	};

	if (tag >= DD_MPT_TAGS)
		return -EINVAL;
	io.cdb_len = dd_mpt_cdb(m, rq, cdb);
	memcpy(io.lun, m->lun, sizeof(io.lun));
	if (!io.cdb_len ||
	    dd_mpi_build_scsi_io(dd_mpt_frame(m, tag), DD_MPT_FRAME_BYTES, &io))
		return -EINVAL;
	m->data_length[tag] = io.len;
	memset(dd_mpt_sense(m, tag), 0, DD_SCSI_SENSE_BYTES);
	dd_mpt_post(m, tag);
	return 0;
}

/* The IOC's verdict and then the target's, through the shared policy. */
static int dd_mpt_result(struct dd_disk *d, struct dd_mpt *m, unsigned int tag)
{
	const struct dd_mpt_result *r = &m->res[tag];
	u16 ioc = r->ioc_status & MPI_IOCSTATUS_MASK;
	const u8 *sense = dd_mpt_sense(m, tag);
	struct dd_scsi_sense s;
	u32 sense_len = 0;

	switch (ioc) {
	case MPI_IOCSTATUS_SUCCESS:
	case MPI_IOCSTATUS_SCSI_RECOVERED:
	case MPI_IOCSTATUS_SCSI_UNDERRUN:
		break;
	case MPI_IOCSTATUS_BUSY:
	case MPI_IOCSTATUS_NO_RESOURCES:
	case MPI_IOCSTATUS_SCSI_TASK_TERMINATED:
	case MPI_IOCSTATUS_SCSI_IOC_TERMINATED:
	case MPI_IOCSTATUS_SCSI_EXT_TERMINATED:
		pr_warn("%s: command ended with IOCStatus %#x (log info %#x): again\n",
			d->description, ioc, r->log_info);
		return -EAGAIN;
	default:
		pr_err("%s: command failed: IOCStatus %#x (log info %#x)%s\n",
		       d->description, ioc, r->log_info,
		       ioc == MPI_IOCSTATUS_SCSI_DEVICE_NOT_THERE ?
		       ", device not there" : "");
		return -EIO;
	}
	if (r->scsi_state & (MPI_SCSI_STATE_NO_SCSI_STATUS |
			     MPI_SCSI_STATE_TERMINATED)) {
		pr_err("%s: command got no SCSI status (state %#x)\n",
		       d->description, r->scsi_state);
		return -EIO;
	}
	if (r->scsi_state & MPI_SCSI_STATE_AUTOSENSE_VALID)
		sense_len = min_t(u32, r->sense_count, DD_SCSI_SENSE_BYTES);
	switch (dd_scsi_verdict(r->scsi_status, sense, sense_len)) {
	case DD_SCSI_DONE:
		if (r->transfer_count < m->data_length[tag]) {
			pr_err("%s: short transfer: %u of %u bytes\n",
			       d->description, r->transfer_count,
			       m->data_length[tag]);
			return -EIO;
		}
		return 0;
	case DD_SCSI_RETRY:
		dd_scsi_parse_sense(sense, sense_len, &s);
		pr_warn("%s: status %#x, sense %s asc %#x ascq %#x: again\n",
			d->description, r->scsi_status,
			dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
		return -EAGAIN;
	default:
		dd_scsi_parse_sense(sense, sense_len, &s);
		pr_err("%s: command failed: status %#x, sense %s asc %#x ascq %#x\n",
		       d->description, r->scsi_status,
		       dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
		return -EIO;
	}
}

static int dd_mpt_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_mpt *m = d->hook_data;
	u32 db;

	if (tag >= DD_MPT_TAGS)
		return -EINVAL;
	if (!m->res[tag].done)
		dd_mpt_reap(m);
	if (m->res[tag].done)
		return dd_mpt_result(d, m, tag);
	db = dd_mpt_read(m, MPI_DOORBELL);
	if (db != ~0u && (db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_OPER)
		return -EINPROGRESS;
	if (!m->reported)
		pr_err("%s: IOC left operational (doorbell %#x)\n",
		       d->description, db);
	m->reported = true;
	return -EIO;
}

/*
 * A message unit reset again, so the IOC forgets our frames before the
 * reboot; interrupts stay masked.
 */
static void dd_mpt_shutdown(struct dd_disk *d)
{
	struct dd_mpt *m = d->hook_data;

	if (dd_mpt_state(m) == MPI_IOC_STATE_OPER &&
	    !(dd_mpt_read(m, MPI_DOORBELL) & MPI_DOORBELL_ACTIVE))
		dd_mpt_unit_reset(m);
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
