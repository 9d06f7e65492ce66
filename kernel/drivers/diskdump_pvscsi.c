// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for disks behind VMware's paravirtual SCSI adapter
 * (PVSCSI, the "vmw_pvscsi" driver): every vSphere VM with a PVSCSI
 * controller.
 *
 * The driver's rings, its command contexts and its lock are out of reach
 * at panic time.  The adapter's interface is a few registers and rings in
 * guest memory: a command register with its data register (adapter reset,
 * ring setup), a ring state page, a request ring and a completion ring,
 * and two kick registers.  So at panic the hook masks the adapter's
 * interrupts, resets it (which forgets the driver's rings and every
 * command of the failed kernel), gives it rings of our own reserved at
 * arm time (request, completion and, where it has one, message), posts
 * SCSI commands to the request ring and polls the completion ring.  The
 * layouts are the device interface Linux's vmw_pvscsi.h describes,
 * written down here as byte offsets.  A request of one piece gives the
 * device its address; of more (pages straight from RAM), an S/G list of
 * up to 128 elements in a page of its own, as vmw_pvscsi builds them.
 */
#define pr_fmt(fmt) "diskdump_pvscsi: " fmt

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

/* Registers, in the first memory BAR (the device's 8-page memory space). */
#define PVS_REG_COMMAND		0x0
#define PVS_REG_COMMAND_DATA	0x4
#define PVS_REG_COMMAND_STATUS	0x8
#define PVS_REG_INTR_STATUS	0x100c
#define PVS_REG_INTR_MASK	0x2010
#define PVS_REG_KICK_NON_RW_IO	0x3014
#define PVS_REG_KICK_RW_IO	0x4018
#define PVS_MEM_SPACE_BYTES	(8 * 4096)

#define PVS_CMD_ADAPTER_RESET	1
#define PVS_CMD_SETUP_RINGS	3
#define PVS_CMD_SETUP_MSG_RING	8
#define PVS_SETUP_RINGS_MAX_PAGES 32	/* the command's PPN arrays, each */
#define PVS_SETUP_MSG_MAX_PAGES	16

/* The ring state page: producer and consumer indices. */
#define PVS_STATE_REQ_PROD	0x00
#define PVS_STATE_REQ_CONS	0x04
#define PVS_STATE_CMP_PROD	0x0c
#define PVS_STATE_CMP_CONS	0x10

/* A request descriptor (128 bytes). */
#define PVS_REQ_BYTES		128
#define PVS_REQ_CONTEXT		0x00
#define PVS_REQ_DATA_ADDR	0x08
#define PVS_REQ_DATA_LEN	0x10
#define PVS_REQ_SENSE_ADDR	0x18
#define PVS_REQ_SENSE_LEN	0x20
#define PVS_REQ_FLAGS		0x24
#define  PVS_FLAG_SG_LIST	0x01	/* DATA_ADDR is an S/G list's */
#define  PVS_FLAG_DIR_NONE	0x04
#define  PVS_FLAG_DIR_TOHOST	0x08
#define  PVS_FLAG_DIR_TODEVICE	0x10
#define PVS_REQ_CDB		0x28
#define PVS_REQ_CDB_LEN		0x38
#define PVS_REQ_LUN		0x39
#define PVS_REQ_TAG		0x41
#define  PVS_SIMPLE_QUEUE_TAG	0x20
#define PVS_REQ_BUS		0x42
#define PVS_REQ_TARGET		0x43

/* A completion descriptor (32 bytes). */
#define PVS_CMP_BYTES		32
#define PVS_CMP_CONTEXT		0x00
#define PVS_CMP_DATA_LEN	0x08
#define PVS_CMP_SENSE_LEN	0x10
#define PVS_CMP_HOST_STATUS	0x14
#define PVS_CMP_SCSI_STATUS	0x16

/* Host (adapter) status of a completion. */
#define PVS_BT_SUCCESS		0x00
#define PVS_BT_LINKED_DONE	0x0a
#define PVS_BT_LINKED_DONE_FLAG	0x0b
#define PVS_BT_DATA_UNDERRUN	0x0c
#define PVS_BT_DATARUN		0x12
#define PVS_BT_SELTIMEO		0x11
#define PVS_BT_SENTRST		0x22
#define PVS_BT_RECVRST		0x23
#define PVS_BT_BUSRESET		0x25
#define PVS_BT_ABORTQUEUE	0x26

/*
 * Our memory, nine pages: the ring state, a one-page request ring (32
 * entries), a one-page completion ring (128 entries), sense buffers, each
 * tag's S/G list (128 elements of 16 bytes: half a page, inside one page
 * as the device requires), and a one-page message ring.
 */
#define PVS_PAGE		4096
#define PVS_MEM_STATE		0
#define PVS_MEM_REQ		(1 * PVS_PAGE)
#define PVS_MEM_CMP		(2 * PVS_PAGE)
#define PVS_MEM_SENSE		(3 * PVS_PAGE)
#define PVS_MEM_SGL		(4 * PVS_PAGE)
#define PVS_MEM_MSG		(8 * PVS_PAGE)
#define PVS_MEM_BYTES		(9 * PVS_PAGE)
#define PVS_SGE_BYTES		16	/* address, length, flags */
#define PVS_SGL_ENTRIES		128	/* PVSCSI_MAX_NUM_SG_ENTRIES_PER_SEGMENT */
#define PVS_SGL_BYTES		(PVS_SGL_ENTRIES * PVS_SGE_BYTES)
#define PVS_REQ_ENTRIES		(PVS_PAGE / PVS_REQ_BYTES)
#define PVS_CMP_ENTRIES		(PVS_PAGE / PVS_CMP_BYTES)
#define PVS_TAGS		8	/* of the request ring's 32 */
#define PVS_MAX_TRANSFER	SZ_1M

struct dd_pvscsi {
	struct pci_dev		*pdev;
	void __iomem		*regs;
	u8			*mem;
	dma_addr_t		mem_dma;
	u8			bus, target;
	u8			lun[8];
	unsigned int		lbs_shift;
	u64			last_lba;
	u32			req_prod;	/* our copies of the indices */
	u32			cmp_cons;
	u32			data_len[PVS_TAGS];
	bool			done[PVS_TAGS];
	u32			cmp_len[PVS_TAGS];
	u32			sense_len[PVS_TAGS];
	u16			host_status[PVS_TAGS];
	u16			scsi_status[PVS_TAGS];
};

static_assert(PVS_TAGS * DD_SCSI_SENSE_BYTES <= PVS_PAGE);
static_assert(PVS_MEM_SGL + PVS_TAGS * PVS_SGL_BYTES <= PVS_MEM_MSG &&
	      PVS_PAGE % PVS_SGL_BYTES == 0);

/* ---- arm time ---------------------------------------------------------- */

static int dd_pvscsi_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, "vmw_pvscsi");
	struct dd_pvscsi *p;
	struct pci_dev *pdev;
	int ret;

	if (!sdev)
		return -ENODEV;
	pdev = dd_scsi_arm_host_pci(sdev, "vmw_pvscsi");
	if (!pdev) {
		pr_err("%s: its host is not a PCI device bound to vmw_pvscsi\n", disk->disk_name);
		return -EOPNOTSUPP;
	}
	/* vmw_pvscsi drives bus 0; a LUN is one byte of its descriptor. */
	if (sdev->channel || sdev->id > 255 || sdev->lun > 255) {
		pr_err("%s: channel %u target %u LUN %llu: not an address PVSCSI can carry\n",
		       disk->disk_name, sdev->channel, sdev->id, sdev->lun);
		return -EOPNOTSUPP;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pdev = pdev;
	p->bus = sdev->channel;
	p->target = sdev->id;
	p->lun[1] = sdev->lun;		/* as vmw_pvscsi places it */
	ret = dd_scsi_arm_geometry(sdev, disk, &p->last_lba, &p->lbs_shift);
	if (ret)
		goto free;
	ret = dd_scsi_arm_map_regs(pdev, PVS_MEM_SPACE_BYTES, &p->regs);
	if (ret) {
		pr_err("%s: %s: no PVSCSI register space in a memory BAR\n", disk->disk_name,
		       pci_name(pdev));
		goto free;
	}
	p->mem = dma_alloc_coherent(&pdev->dev, PVS_MEM_BYTES, &p->mem_dma, GFP_KERNEL);
	ret = -ENOMEM;
	if (!p->mem)
		goto unmap;

	d->hook_data = p;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = queue_logical_block_size(disk->queue);
	d->queue_depth = PVS_TAGS;
	d->max_transfer = min_t(u64, PVS_MAX_TRANSFER,
				(u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT);
	/* A buffer goes as one piece; segments from RAM as the driver's S/G lists. */
	d->max_segment_size = min_t(u32, queue_max_segment_size(disk->queue), d->max_transfer);
	d->max_segments = min_t(u32, PVS_SGL_ENTRIES, queue_max_segments(disk->queue));
	d->phys_segments = true;
	d->reset_timeout_ms = DD_RESET_TIMEOUT_MS;
	d->reserved_bytes = sizeof(*p) + PVS_MEM_BYTES;
	snprintf(d->description, sizeof(d->description), "PVSCSI %s target %u LUN %llu",
		 pci_name(pdev), sdev->id, sdev->lun);
	return 0;

unmap:
	pci_iounmap(pdev, p->regs);
free:
	kfree(p);
	return ret;
}

static void dd_pvscsi_release(struct dd_disk *d)
{
	struct dd_pvscsi *p = d->hook_data;

	dma_free_coherent(&p->pdev->dev, PVS_MEM_BYTES, p->mem, p->mem_dma);
	pci_iounmap(p->pdev, p->regs);
	kfree(p);
}

/* ---- panic time -------------------------------------------------------- */

/* Descriptor fields are little-endian and naturally aligned. */
static void dd_pvscsi_put32(u8 *at, u32 v)
{
	*(__le32 *)at = cpu_to_le32(v);
}

static void dd_pvscsi_put64(u8 *at, u64 v)
{
	*(__le64 *)at = cpu_to_le64(v);
}

static u16 dd_pvscsi_get16(const u8 *at)
{
	return le16_to_cpu(READ_ONCE(*(const __le16 *)at));
}

static u32 dd_pvscsi_get32(const u8 *at)
{
	return le32_to_cpu(READ_ONCE(*(const __le32 *)at));
}

static u64 dd_pvscsi_get64(const u8 *at)
{
	return le64_to_cpu(READ_ONCE(*(const __le64 *)at));
}

/* A command and its descriptor, dword by dword, as the device takes them. */
static void dd_pvscsi_command(struct dd_pvscsi *p, u32 cmd, const u32 *data, unsigned int dwords)
{
	unsigned int i;

	writel(cmd, p->regs + PVS_REG_COMMAND);
	for (i = 0; i < dwords; i++)
		writel(data[i], p->regs + PVS_REG_COMMAND_DATA);
}

/*
 * The rings: the state page zeroed, then SETUP_RINGS with one page each
 * (its descriptor: page counts, the state page's number, then the fixed
 * arrays of request and completion page numbers).
 */
static void dd_pvscsi_setup_rings(struct dd_pvscsi *p)
{
	u32 cmd[2 + 2 + 2 * 2 * PVS_SETUP_RINGS_MAX_PAGES] = { 0 };
	u64 req = (p->mem_dma + PVS_MEM_REQ) >> PAGE_SHIFT;
	u64 cmp = (p->mem_dma + PVS_MEM_CMP) >> PAGE_SHIFT;
	u64 state = (p->mem_dma + PVS_MEM_STATE) >> PAGE_SHIFT;

	memset(p->mem, 0, PVS_MEM_SENSE);
	cmd[0] = 1;				/* request ring pages */
	cmd[1] = 1;				/* completion ring pages */
	cmd[2] = lower_32_bits(state);
	cmd[3] = upper_32_bits(state);
	cmd[4] = lower_32_bits(req);
	cmd[5] = upper_32_bits(req);
	cmd[4 + 2 * PVS_SETUP_RINGS_MAX_PAGES] = lower_32_bits(cmp);
	cmd[5 + 2 * PVS_SETUP_RINGS_MAX_PAGES] = upper_32_bits(cmp);
	dd_pvscsi_command(p, PVS_CMD_SETUP_RINGS, cmd, ARRAY_SIZE(cmd));
	p->req_prod = 0;
	p->cmp_cons = 0;
	memset(p->done, 0, sizeof(p->done));
}

/*
 * The message ring (device hot-plug notices), where the adapter has one:
 * vmw_pvscsi asks by writing the command and reading its status, -1 for
 * none, and gives it after every reset.  Nobody reads it at panic; the
 * adapter is left as its driver would leave it.
 */
static void dd_pvscsi_setup_msg_ring(struct dd_pvscsi *p)
{
	u32 cmd[2 + 2 * PVS_SETUP_MSG_MAX_PAGES] = { 0 };
	u64 msg = (p->mem_dma + PVS_MEM_MSG) >> PAGE_SHIFT;

	writel(PVS_CMD_SETUP_MSG_RING, p->regs + PVS_REG_COMMAND);
	if (readl(p->regs + PVS_REG_COMMAND_STATUS) == ~0u)
		return;
	memset(p->mem + PVS_MEM_MSG, 0, PVS_PAGE);
	cmd[0] = 1;				/* pages */
	cmd[2] = lower_32_bits(msg);
	cmd[3] = upper_32_bits(msg);
	dd_pvscsi_command(p, PVS_CMD_SETUP_MSG_RING, cmd, ARRAY_SIZE(cmd));
}

static int dd_pvscsi_quiesce(struct dd_disk *d)
{
	struct dd_pvscsi *p = d->hook_data;

	/* Interrupt status has a few low bits: all ones is a device gone from the bus. */
	if (readl(p->regs + PVS_REG_INTR_STATUS) == ~0u) {
		pr_err("%s: the adapter does not answer (gone from the bus)\n", d->description);
		return -ENODEV;
	}
	writel(0, p->regs + PVS_REG_INTR_MASK);
	/* The reset forgets the driver's rings and the failed kernel's commands. */
	dd_pvscsi_command(p, PVS_CMD_ADAPTER_RESET, NULL, 0);
	dd_pvscsi_setup_rings(p);
	dd_pvscsi_setup_msg_ring(p);
	writel(0, p->regs + PVS_REG_INTR_MASK);
	writel(readl(p->regs + PVS_REG_INTR_STATUS), p->regs + PVS_REG_INTR_STATUS);
	return 0;
}

static unsigned int dd_pvscsi_cdb(struct dd_pvscsi *p, const struct dd_request *rq, u8 *cdb)
{
	u32 blocks = rq->len >> (SECTOR_SHIFT + p->lbs_shift);

	switch (rq->op) {
	case DD_OP_READ:
	case DD_OP_WRITE:
		return dd_scsi_rw_cdb(cdb, rq->op == DD_OP_WRITE, rq->sector >> p->lbs_shift,
				      blocks);
	default:
		return dd_scsi_sync_cdb(cdb, p->last_lba);
	}
}

/*
 * Where the request's data is: a buffer (contiguous in bus addresses) or a
 * single segment, its address (*addr, 1), as vmw_pvscsi sends a mapping of
 * one piece; segments from RAM, the tag's S/G list filled and its address
 * (the count); 0 if they do not fit the list.
 */
static unsigned int dd_pvscsi_sgl(struct dd_pvscsi *p, unsigned int tag,
				  const struct dd_request *rq, u64 *addr)
{
	u8 *sgl = p->mem + PVS_MEM_SGL + tag * PVS_SGL_BYTES;
	unsigned int i;

	if (rq->buf) {
		*addr = rq->buf->dma + rq->offset;
		return 1;
	}
	if (rq->nr_segs == 1) {
		*addr = rq->seg[0].addr;
		return 1;
	}
	if (!rq->nr_segs || rq->nr_segs > PVS_SGL_ENTRIES)
		return 0;
	memset(sgl, 0, PVS_SGL_BYTES);
	for (i = 0; i < rq->nr_segs; i++) {
		dd_pvscsi_put64(sgl + i * PVS_SGE_BYTES, rq->seg[i].addr);
		dd_pvscsi_put32(sgl + i * PVS_SGE_BYTES + 8, rq->seg[i].len);
	}
	*addr = p->mem_dma + PVS_MEM_SGL + tag * PVS_SGL_BYTES;
	return rq->nr_segs;
}

static int dd_pvscsi_submit(struct dd_disk *d, unsigned int tag, const struct dd_request *rq)
{
	struct dd_pvscsi *p = d->hook_data;
	bool data = rq->op != DD_OP_FLUSH;
	u8 cdb[DD_SCSI_MAX_CDB], *e;
	unsigned int cdb_len, nr = 0;
	u64 addr = 0;

	if (tag >= PVS_TAGS)
		return -EINVAL;
	cdb_len = dd_pvscsi_cdb(p, rq, cdb);
	if (!cdb_len || cdb_len > 16)
		return -EINVAL;
	e = p->mem + PVS_MEM_REQ + (p->req_prod % PVS_REQ_ENTRIES) * PVS_REQ_BYTES;
	memset(e, 0, PVS_REQ_BYTES);
	dd_pvscsi_put64(e + PVS_REQ_CONTEXT, tag + 1);	/* never 0 */
	dd_pvscsi_put64(e + PVS_REQ_DATA_LEN, data ? rq->len : 0);
	if (data) {
		nr = dd_pvscsi_sgl(p, tag, rq, &addr);
		if (!nr)
			return -EINVAL;
		dd_pvscsi_put64(e + PVS_REQ_DATA_ADDR, addr);
	}
	dd_pvscsi_put64(e + PVS_REQ_SENSE_ADDR,
			p->mem_dma + PVS_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES);
	dd_pvscsi_put32(e + PVS_REQ_SENSE_LEN, DD_SCSI_SENSE_BYTES);
	dd_pvscsi_put32(e + PVS_REQ_FLAGS, !data ? PVS_FLAG_DIR_NONE :
			(rq->op == DD_OP_WRITE ? PVS_FLAG_DIR_TODEVICE : PVS_FLAG_DIR_TOHOST) |
			(nr > 1 ? PVS_FLAG_SG_LIST : 0));
	memcpy(e + PVS_REQ_CDB, cdb, cdb_len);
	e[PVS_REQ_CDB_LEN] = cdb_len;
	memcpy(e + PVS_REQ_LUN, p->lun, sizeof(p->lun));
	e[PVS_REQ_TAG] = PVS_SIMPLE_QUEUE_TAG;
	e[PVS_REQ_BUS] = p->bus;
	e[PVS_REQ_TARGET] = p->target;
	memset(p->mem + PVS_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES, 0, DD_SCSI_SENSE_BYTES);
	p->data_len[tag] = data ? rq->len : 0;
	p->done[tag] = false;
	/* The descriptor must be visible before the index that hands it over. */
	dma_wmb();
	p->req_prod++;
	dd_pvscsi_put32(p->mem + PVS_MEM_STATE + PVS_STATE_REQ_PROD, p->req_prod);
	/* And the index before the kick, which the adapter acts on at once. */
	mb();
	writel(0, p->regs + (data ? PVS_REG_KICK_RW_IO : PVS_REG_KICK_NON_RW_IO));
	return 0;
}

/* Every completion the adapter has posted, read and handed back. */
static void dd_pvscsi_reap(struct dd_pvscsi *p)
{
	u32 prod = dd_pvscsi_get32(p->mem + PVS_MEM_STATE + PVS_STATE_CMP_PROD);
	const u8 *c;
	u64 context;

	/* The index before the entries it covers. */
	dma_rmb();
	while (p->cmp_cons != prod) {
		c = p->mem + PVS_MEM_CMP + (p->cmp_cons % PVS_CMP_ENTRIES) * PVS_CMP_BYTES;
		context = dd_pvscsi_get64(c + PVS_CMP_CONTEXT);
		if (context >= 1 && context <= PVS_TAGS) {
			unsigned int tag = context - 1;

			p->cmp_len[tag] = dd_pvscsi_get64(c + PVS_CMP_DATA_LEN);
			p->sense_len[tag] = dd_pvscsi_get32(c + PVS_CMP_SENSE_LEN);
			p->host_status[tag] = dd_pvscsi_get16(c + PVS_CMP_HOST_STATUS);
			p->scsi_status[tag] = dd_pvscsi_get16(c + PVS_CMP_SCSI_STATUS);
			p->done[tag] = true;
		}
		p->cmp_cons++;
	}
	dd_pvscsi_put32(p->mem + PVS_MEM_STATE + PVS_STATE_CMP_CONS, p->cmp_cons);
}

/* The adapter's status, then the target's through the shared policy. */
static int dd_pvscsi_result(struct dd_disk *d, struct dd_pvscsi *p, unsigned int tag)
{
	const u8 *sense = p->mem + PVS_MEM_SENSE + tag * DD_SCSI_SENSE_BYTES;
	u32 sense_len = min_t(u32, p->sense_len[tag], DD_SCSI_SENSE_BYTES);
	int ret;

	switch (p->host_status[tag]) {
	case PVS_BT_SUCCESS:
	case PVS_BT_LINKED_DONE:
	case PVS_BT_LINKED_DONE_FLAG:
	/*
	 * Less data than asked: with a CHECK CONDITION (the unit attention
	 * after the reset) the status says why; with GOOD it is a short
	 * transfer, failed below.
	 */
	case PVS_BT_DATA_UNDERRUN:
	case PVS_BT_DATARUN:
		break;
	case PVS_BT_SENTRST:
	case PVS_BT_RECVRST:
	case PVS_BT_BUSRESET:
	case PVS_BT_ABORTQUEUE:
		pr_warn("%s: adapter status %#x: again\n", d->description, p->host_status[tag]);
		return -EAGAIN;
	default:
		pr_err("%s: command failed: adapter status %#x%s\n", d->description,
		       p->host_status[tag],
		       p->host_status[tag] == PVS_BT_SELTIMEO ? " (no such target)" : "");
		return -EIO;
	}
	ret = dd_scsi_poll_result(d->description, p->scsi_status[tag], sense, sense_len);
	/*
	 * Short: the adapter said so, or counted fewer bytes.  A count of 0
	 * with success is a whole transfer (QEMU's adapter fills no count;
	 * vmw_pvscsi reads it so too).
	 */
	if (!ret && (p->host_status[tag] == PVS_BT_DATARUN ||
		     p->host_status[tag] == PVS_BT_DATA_UNDERRUN ||
		     (p->cmp_len[tag] && p->cmp_len[tag] < p->data_len[tag]))) {
		pr_err("%s: short transfer: %u of %u bytes (adapter status %#x)\n",
		       d->description, p->cmp_len[tag], p->data_len[tag], p->host_status[tag]);
		return -EIO;
	}
	return ret;
}

static int dd_pvscsi_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_pvscsi *p = d->hook_data;

	if (tag >= PVS_TAGS)
		return -EINVAL;
	if (!p->done[tag])
		dd_pvscsi_reap(p);
	if (!p->done[tag])
		return -EINPROGRESS;
	return dd_pvscsi_result(d, p, tag);
}

/* A reset, so the adapter forgets our rings before the reboot. */
static void dd_pvscsi_shutdown(struct dd_disk *d)
{
	struct dd_pvscsi *p = d->hook_data;

	dd_pvscsi_command(p, PVS_CMD_ADAPTER_RESET, NULL, 0);
}

static const struct dd_hook_ops dd_pvscsi_ops = {
	.name		= "pvscsi",
	.owner		= THIS_MODULE,
	.probe		= dd_pvscsi_probe,
	.release	= dd_pvscsi_release,
	.quiesce	= dd_pvscsi_quiesce,
	.submit		= dd_pvscsi_submit,
	.poll		= dd_pvscsi_poll,
	.shutdown	= dd_pvscsi_shutdown,
};
module_dd_hook(dd_pvscsi_ops);

MODULE_DESCRIPTION("diskdump hook for disks behind a VMware PVSCSI adapter");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
