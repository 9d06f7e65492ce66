// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for NVMe namespaces behind a PCIe controller (the "nvme"
 * driver).
 *
 * The nvme driver's queues, tags and locks are out of reach at panic time,
 * and its completions would go to interrupt handlers that never run.  So
 * this hook never touches them: it disables the controller (CC.EN = 0),
 * which ends every command of the failed kernel, enables it again with an
 * admin queue pair of its own, creates one I/O queue pair with interrupts
 * off, and polls that.  All queue memory and one PRP list page per tag are
 * reserved at arm time.  The reset loses only the failed kernel's
 * in-flight I/O; other namespaces of the controller keep their data.
 * A request may also name pages of RAM one by one (phys_segments, for
 * uncompressed dumps): the PRPs then are those pages.
 */
#define pr_fmt(fmt) "diskdump_nvme: " fmt

#include <linux/blk-integrity.h>
#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/module.h>
#include <linux/nvme.h>
#include <linux/nvme_ioctl.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "diskdump/hook.h"
#include "disable.h"

/*
 * Queues: the admin pair needs two entries at most (one command in flight),
 * the I/O pair one more entry than tags (a full queue keeps one free).
 * Every queue and PRP list is one 4 KiB page of one coherent allocation:
 * ASQ, ACQ, I/O SQ, I/O CQ, then a PRP list per tag.
 */
#define DD_NVME_TAGS		4
#define DD_NVME_ADMIN_DEPTH	2
#define DD_NVME_IO_DEPTH	(DD_NVME_TAGS + 1)
#define DD_NVME_PAGE		SZ_4K
#define DD_NVME_ASQ_OFF		(0 * DD_NVME_PAGE)
#define DD_NVME_ACQ_OFF		(1 * DD_NVME_PAGE)
#define DD_NVME_SQ_OFF		(2 * DD_NVME_PAGE)
#define DD_NVME_CQ_OFF		(3 * DD_NVME_PAGE)
#define DD_NVME_PRP_OFF		(4 * DD_NVME_PAGE)
#define DD_NVME_MEM_BYTES	(DD_NVME_PRP_OFF + DD_NVME_TAGS * DD_NVME_PAGE)
#define DD_NVME_PRPS_PER_PAGE	(DD_NVME_PAGE / sizeof(__le64))
/* PRP1 plus one list page: 2 MiB from any dword-aligned start. */
#define DD_NVME_MAX_TRANSFER	(DD_NVME_PRPS_PER_PAGE * DD_NVME_PAGE)
#define DD_NVME_IOQ		1		/* our I/O queue's id */
#define DD_NVME_ADMIN_MS	5000
/*
 * The nvme driver's default wait for a shutdown to complete (it waits
 * longer for a drive whose RTD3E says so).  The dump is flushed before:
 * a drive slower than this only records an unsafe shutdown, nothing is
 * lost, and the reboot is not held up further.
 */
#define DD_NVME_SHUTDOWN_MS	5000

/* The completion status field, shifted right past the phase bit. */
#define DD_NVME_SC(s)		((s) & 0xff)
#define DD_NVME_SCT(s)		(((s) >> 8) & 0x7)
#define DD_NVME_DNR		BIT(14)

struct dd_nvme {
	struct pci_dev		*pdev;
	void __iomem		*bar;
	u64			cap;
	u32			db_stride;	/* bytes between doorbells */
	u32			nsid;
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	u32			ready_ms;	/* CAP.TO */
	bool			delay_quirk;	/* wait before reading CSTS */

	void			*mem;		/* DD_NVME_MEM_BYTES */
	dma_addr_t		mem_dma;
	struct nvme_command	*asq, *sq;
	struct nvme_completion	*acq, *cq;
	u16			asq_tail, acq_head, sq_tail, cq_head;
	u8			acq_phase, cq_phase;
	bool			done[DD_NVME_TAGS];
	u16			status[DD_NVME_TAGS];
	bool			reported;
};

/* ---- arm time ---------------------------------------------------------- */

static bool dd_nvme_is_pci_ctrl(struct device *pci)
{
	return pci && dev_is_pci(pci) && pci->driver &&
	       !strcmp(pci->driver->name, "nvme");
}

struct dd_nvme_path {
	int		subsys, head;
	struct device	*ctrl;
};

/* A hidden per-path disk "nvme<subsys>c<ctrl>n<head>" under a controller. */
static int dd_nvme_match_path(struct device *dev, void *data)
{
	struct dd_nvme_path *p = data;
	int s, c, h;

	return sscanf(dev_name(dev), "nvme%dc%dn%d", &s, &c, &h) == 3 &&
	       s == p->subsys && h == p->head;
}

static int dd_nvme_match_ctrl(struct device *dev, void *data)
{
	struct dd_nvme_path *p = data;

	if (!dev->class || strcmp(dev->class->name, "nvme") ||
	    !device_for_each_child(dev, p, dd_nvme_match_path))
		return 0;
	p->ctrl = dev;
	return 1;
}

static int dd_nvme_match_pci(struct device *dev, void *data)
{
	return dd_nvme_is_pci_ctrl(dev) &&
	       device_for_each_child(dev, data, dd_nvme_match_ctrl);
}

/*
 * The PCI device of the controller a namespace disk is reached through,
 * or NULL.  Without native multipath the disk's parent is the controller;
 * with it the disk (nvme<S>n<H>) belongs to the subsystem, and each path
 * is a hidden disk nvme<S>c<C>n<H> under one controller: the first PCIe
 * one is taken (the nvme driver names them so since multipath exists).
 */
static struct pci_dev *dd_nvme_pci_of(struct gendisk *disk)
{
	struct device *parent = disk_to_dev(disk)->parent;
	struct dd_nvme_path p = { };

	if (!parent || !parent->class)
		return NULL;
	if (!strcmp(parent->class->name, "nvme"))
		return dd_nvme_is_pci_ctrl(parent->parent) ?
		       to_pci_dev(parent->parent) : NULL;
	if (strcmp(parent->class->name, "nvme-subsystem") ||
	    sscanf(disk->disk_name, "nvme%dn%d", &p.subsys, &p.head) != 2)
		return NULL;
	if (!bus_for_each_dev(&pci_bus_type, NULL, &p, dd_nvme_match_pci))
		return NULL;
	return to_pci_dev(p.ctrl->parent);
}

/* The namespace id, as the driver's own NVME_IOCTL_ID answers it. */
static int dd_nvme_nsid(struct gendisk *disk, u32 *nsid)
{
	int ret;

	if (!disk->fops->ioctl)
		return -ENOTTY;
	ret = disk->fops->ioctl(disk->part0, 0, NVME_IOCTL_ID, 0);
	if (ret <= 0)
		return ret ? ret : -EINVAL;
	*nsid = ret;
	return 0;
}

/* What the hook cannot drive, or NULL. */
static const char *dd_nvme_unsupported(struct dd_nvme *a, struct gendisk *disk)
{
	if (blk_get_integrity(disk))
		return "the namespace has metadata or protection information";
	if (NVME_CAP_MPSMIN(a->cap) != 0)
		return "the controller's smallest memory page is larger than 4 KiB";
	if (!(NVME_CAP_CSS(a->cap) & NVME_CAP_CSS_NVM))
		return "the controller has no NVM command set";
	if (NVME_CAP_MQES(a->cap) + 1 < DD_NVME_IO_DEPTH)
		return "the controller's queues are too small";
	return NULL;
}

static void dd_nvme_set_limits(struct dd_disk *d, struct dd_nvme *a,
			       struct gendisk *disk)
{
	u32 lbs = queue_logical_block_size(disk->queue);
	/* The driver's limit includes MDTS. */
	u64 hw = (u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT;

	a->lbs_shift = ilog2(lbs) - SECTOR_SHIFT;
	d->logical_block_size = lbs;
	d->queue_depth = DD_NVME_TAGS;
	d->max_segment_size = DD_NVME_PAGE;
	d->max_segments = DD_NVME_PRPS_PER_PAGE + 1;
	d->max_transfer = min_t(u64, DD_NVME_MAX_TRANSFER, hw);
	/* PRPs name any page: pages can come straight from RAM. */
	d->phys_segments = true;
	/* Disable and enable may each take CAP.TO; then two admin commands. */
	d->reset_timeout_ms = 2 * a->ready_ms + 2 * DD_NVME_ADMIN_MS;
}

static int dd_nvme_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct pci_dev *pdev = dd_nvme_pci_of(disk);
	const char *why;
	struct dd_nvme *a;
	int ret;

	if (!pdev)
		return -ENODEV;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->pdev = pdev;
	ret = dd_nvme_nsid(disk, &a->nsid);
	if (ret) {
		pr_err("%s: cannot tell its namespace id (%d)\n",
		       disk->disk_name, ret);
		goto free;
	}
	a->bar = pci_iomap(pdev, 0, 0);
	if (!a->bar) {
		ret = -ENOMEM;
		goto free;
	}
	a->cap = lo_hi_readq(a->bar + NVME_REG_CAP);
	a->db_stride = 4 << NVME_CAP_STRIDE(a->cap);
	a->ready_ms = max(NVME_CAP_TIMEOUT(a->cap), 1ULL) * 500;
	a->delay_quirk = dd_nvme_delay_before_chk_rdy(pdev->vendor,
						      pdev->device);
	why = dd_nvme_unsupported(a, disk);
	if (why) {
		pr_err("%s: %s namespace %u: %s\n", disk->disk_name,
		       pci_name(pdev), a->nsid, why);
		ret = -EOPNOTSUPP;
		goto unmap;
	}
	a->mem = dma_alloc_coherent(&pdev->dev, DD_NVME_MEM_BYTES, &a->mem_dma,
				    GFP_KERNEL);
	if (!a->mem) {
		ret = -ENOMEM;
		goto unmap;
	}
	a->asq = a->mem + DD_NVME_ASQ_OFF;
	a->acq = a->mem + DD_NVME_ACQ_OFF;
	a->sq = a->mem + DD_NVME_SQ_OFF;
	a->cq = a->mem + DD_NVME_CQ_OFF;

	d->hook_data = a;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	dd_nvme_set_limits(d, a, disk);
	d->reserved_bytes = sizeof(*a) + DD_NVME_MEM_BYTES;
	snprintf(d->description, sizeof(d->description), "NVMe %s namespace %u",
		 pci_name(pdev), a->nsid);
	return 0;

unmap:
	pci_iounmap(pdev, a->bar);
free:
	kfree(a);
	return ret;
}

static void dd_nvme_release(struct dd_disk *d)
{
	struct dd_nvme *a = d->hook_data;

	dma_free_coherent(&a->pdev->dev, DD_NVME_MEM_BYTES, a->mem, a->mem_dma);
	pci_iounmap(a->pdev, a->bar);
	kfree(a);
}

/* ---- panic time -------------------------------------------------------- */

static u32 dd_nvme_csts(struct dd_nvme *a)
{
	return readl(a->bar + NVME_REG_CSTS);
}

/* Wait for the CSTS bits in mask to read want, within ms. */
static int dd_nvme_wait_csts(struct dd_nvme *a, u32 mask, u32 want, u64 ms)
{
	struct dd_deadline dl;
	u32 csts;

	dd_deadline_start(&dl, ms);
	for (;;) {
		csts = dd_nvme_csts(a);
		if (csts == ~0u)
			return -ENODEV;		/* gone from the bus */
		if ((csts & mask) == want)
			return 0;
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	}
}

/* Wait for CSTS.RDY to read rdy, within CAP.TO. */
static int dd_nvme_wait_ready(struct dd_nvme *a, u32 rdy)
{
	return dd_nvme_wait_csts(a, NVME_CSTS_RDY, rdy, a->ready_ms);
}

/* Disabled from whatever state the failed kernel left (disable.h). */
static int dd_nvme_disable(struct dd_nvme *a)
{
	u32 cc = readl(a->bar + NVME_REG_CC);
	struct dd_nvme_disable_plan p;
	int ret;

	p = dd_nvme_plan_disable(cc, dd_nvme_csts(a), a->delay_quirk);
	if (p.wait_ready_first) {
		pr_info("%s: an enable is pending (CC.EN 1, CSTS.RDY 0): waiting for it\n",
			pci_name(a->pdev));
		ret = dd_nvme_wait_ready(a, NVME_CSTS_RDY);
		if (ret == -ENODEV)
			return ret;
		/* It never came: clearing EN is all that is left to try. */
	}
	if (p.clear_en)
		writel(cc & ~NVME_CC_ENABLE, a->bar + NVME_REG_CC);
	if (p.delay_ms)
		mdelay(p.delay_ms);
	return dd_nvme_wait_ready(a, 0);
}

static void __iomem *dd_nvme_doorbell(struct dd_nvme *a, u16 qid, bool cq)
{
	return a->bar + NVME_REG_DBS + (2 * qid + cq) * a->db_stride;
}

/* The admin queues from scratch, and the controller enabled on them. */
static int dd_nvme_enable(struct dd_nvme *a)
{
	u32 aqa = (DD_NVME_ADMIN_DEPTH - 1) << 16 | (DD_NVME_ADMIN_DEPTH - 1);
	u32 cc = NVME_CC_CSS_NVM | 0 << NVME_CC_MPS_SHIFT | NVME_CC_AMS_RR |
		 NVME_CC_SHN_NONE | NVME_CC_IOSQES | NVME_CC_IOCQES |
		 NVME_CC_ENABLE;

	memset(a->mem, 0, DD_NVME_PRP_OFF);
	a->asq_tail = 0;
	a->acq_head = 0;
	a->acq_phase = 1;
	a->sq_tail = 0;
	a->cq_head = 0;
	a->cq_phase = 1;
	memset(a->done, 0, sizeof(a->done));

	writel(aqa, a->bar + NVME_REG_AQA);
	lo_hi_writeq(a->mem_dma + DD_NVME_ASQ_OFF, a->bar + NVME_REG_ASQ);
	lo_hi_writeq(a->mem_dma + DD_NVME_ACQ_OFF, a->bar + NVME_REG_ACQ);
	writel(cc, a->bar + NVME_REG_CC);
	return dd_nvme_wait_ready(a, NVME_CSTS_RDY);
}

/* Run one admin command to completion (the admin queue holds only it). */
static int dd_nvme_admin(struct dd_nvme *a, struct nvme_command *cmd)
{
	struct nvme_completion *cqe;
	struct dd_deadline dl;
	u16 status;

	cmd->common.command_id = a->asq_tail;
	a->asq[a->asq_tail] = *cmd;
	a->asq_tail = (a->asq_tail + 1) % DD_NVME_ADMIN_DEPTH;
	writel(a->asq_tail, dd_nvme_doorbell(a, 0, false));

	dd_deadline_start(&dl, DD_NVME_ADMIN_MS);
	cqe = &a->acq[a->acq_head];
	while ((le16_to_cpu(READ_ONCE(cqe->status)) & 1) != a->acq_phase) {
		if (dd_nvme_csts(a) & NVME_CSTS_CFS)
			return -EIO;
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	}
	dma_rmb();
	status = le16_to_cpu(cqe->status) >> 1;
	if (++a->acq_head == DD_NVME_ADMIN_DEPTH) {
		a->acq_head = 0;
		a->acq_phase ^= 1;
	}
	writel(a->acq_head, dd_nvme_doorbell(a, 0, true));
	return status ? -EIO : 0;
}

static int dd_nvme_create_queues(struct dd_nvme *a)
{
	struct nvme_command c = { };
	int ret;

	c.create_cq.opcode = nvme_admin_create_cq;
	c.create_cq.prp1 = cpu_to_le64(a->mem_dma + DD_NVME_CQ_OFF);
	c.create_cq.cqid = cpu_to_le16(DD_NVME_IOQ);
	c.create_cq.qsize = cpu_to_le16(DD_NVME_IO_DEPTH - 1);
	c.create_cq.cq_flags = cpu_to_le16(NVME_QUEUE_PHYS_CONTIG); /* no IRQ */
	ret = dd_nvme_admin(a, &c);
	if (ret)
		return ret;

	memset(&c, 0, sizeof(c));
	c.create_sq.opcode = nvme_admin_create_sq;
	c.create_sq.prp1 = cpu_to_le64(a->mem_dma + DD_NVME_SQ_OFF);
	c.create_sq.sqid = cpu_to_le16(DD_NVME_IOQ);
	c.create_sq.qsize = cpu_to_le16(DD_NVME_IO_DEPTH - 1);
	c.create_sq.sq_flags = cpu_to_le16(NVME_QUEUE_PHYS_CONTIG);
	c.create_sq.cqid = cpu_to_le16(DD_NVME_IOQ);
	return dd_nvme_admin(a, &c);
}

/*
 * Disabling the controller ends every command of the failed kernel and
 * of ours; the queues then start empty, so no earlier completion can be
 * taken for a later request.
 */
static int dd_nvme_quiesce(struct dd_disk *d)
{
	struct dd_nvme *a = d->hook_data;
	const char *step = "disable";
	u32 csts = dd_nvme_csts(a);
	int ret;

	pr_info("taking over %s: controller %s%s\n", d->description,
		csts & NVME_CSTS_RDY ? "ready" : "not ready",
		csts & NVME_CSTS_CFS ? ", fatal status set" : "");
	ret = dd_nvme_disable(a);
	if (!ret) {
		step = "enable";
		ret = dd_nvme_enable(a);
	}
	if (!ret) {
		step = "creating the I/O queues";
		ret = dd_nvme_create_queues(a);
	}
	if (ret) {
		csts = dd_nvme_csts(a);
		pr_err("%s: %s failed (%d), CSTS %#x%s\n", d->description, step,
		       ret, csts,
		       csts & NVME_CSTS_CFS ? " (controller fatal status)" : "");
		return ret;
	}
	a->reported = false;
	return 0;
}

/*
 * PRP1 is the first byte; PRP2 the second page, or the list of every
 * further page when there are more than two.
 */
static void dd_nvme_set_prps(struct dd_nvme *a, unsigned int tag,
			     struct nvme_rw_command *rw, dma_addr_t dma, u32 len)
{
	u32 first = DD_NVME_PAGE - offset_in_page(dma);
	__le64 *list = a->mem + DD_NVME_PRP_OFF + tag * DD_NVME_PAGE;
	dma_addr_t next = dma + first;
	unsigned int n = 0;

	rw->dptr.prp1 = cpu_to_le64(dma);
	if (len <= first)
		return;
	if (len - first <= DD_NVME_PAGE) {
		rw->dptr.prp2 = cpu_to_le64(next);
		return;
	}
	for (; next < dma + len; next += DD_NVME_PAGE)
		list[n++] = cpu_to_le64(next);
	rw->dptr.prp2 = cpu_to_le64(a->mem_dma + DD_NVME_PRP_OFF +
				    tag * DD_NVME_PAGE);
}

/*
 * A segment list (phys_segments): whole 4 KiB pages, so PRP1 is the first
 * and PRP2 the second, or the list of every further one.  0, or -EINVAL
 * for a segment that is not one page.
 */
static int dd_nvme_set_seg_prps(struct dd_nvme *a, unsigned int tag,
				struct nvme_rw_command *rw,
				const struct dd_request *rq)
{
	__le64 *list = a->mem + DD_NVME_PRP_OFF + tag * DD_NVME_PAGE;
	unsigned int i;

	if (!rq->nr_segs || rq->nr_segs > DD_NVME_PRPS_PER_PAGE + 1)
		return -EINVAL;
	for (i = 0; i < rq->nr_segs; i++)
		if (rq->seg[i].len != DD_NVME_PAGE ||
		    offset_in_page(rq->seg[i].addr))
			return -EINVAL;
	rw->dptr.prp1 = cpu_to_le64(rq->seg[0].addr);
	if (rq->nr_segs == 2)
		rw->dptr.prp2 = cpu_to_le64(rq->seg[1].addr);
	if (rq->nr_segs <= 2)
		return 0;
	for (i = 1; i < rq->nr_segs; i++)
		list[i - 1] = cpu_to_le64(rq->seg[i].addr);
	rw->dptr.prp2 = cpu_to_le64(a->mem_dma + DD_NVME_PRP_OFF +
				    tag * DD_NVME_PAGE);
	return 0;
}

static u8 dd_nvme_opcode(enum dd_op op)
{
	switch (op) {
	case DD_OP_READ:
		return nvme_cmd_read;
	case DD_OP_WRITE:
		return nvme_cmd_write;
	default:
		return nvme_cmd_flush;
	}
}

static int dd_nvme_submit(struct dd_disk *d, unsigned int tag,
			  const struct dd_request *rq)
{
	struct dd_nvme *a = d->hook_data;
	u32 blocks = rq->len >> (SECTOR_SHIFT + a->lbs_shift);
	struct nvme_command c = { };
	dma_addr_t dma;

	if (tag >= DD_NVME_TAGS)
		return -EINVAL;
	c.rw.opcode = dd_nvme_opcode(rq->op);
	c.rw.command_id = tag;
	c.rw.nsid = cpu_to_le32(a->nsid);
	if (rq->op != DD_OP_FLUSH) {
		dma = rq->buf ? rq->buf->dma + rq->offset : 0;
		if (!blocks || blocks > 0x10000 || rq->len > DD_NVME_MAX_TRANSFER ||
		    (dma & 3))
			return -EINVAL;
		if (!rq->buf) {
			if (dd_nvme_set_seg_prps(a, tag, &c.rw, rq))
				return -EINVAL;
		} else {
			dd_nvme_set_prps(a, tag, &c.rw, dma, rq->len);
		}
		c.rw.slba = cpu_to_le64(rq->sector >> a->lbs_shift);
		c.rw.length = cpu_to_le16(blocks - 1);
	}
	a->done[tag] = false;
	a->sq[a->sq_tail] = c;
	a->sq_tail = (a->sq_tail + 1) % DD_NVME_IO_DEPTH;
	/* writel() orders the entry and its PRP list before the doorbell. */
	writel(a->sq_tail, dd_nvme_doorbell(a, DD_NVME_IOQ, false));
	return 0;
}

/* Take every new completion off our CQ and tell the controller. */
static void dd_nvme_reap(struct dd_nvme *a)
{
	struct nvme_completion *cqe;
	bool any = false;
	u16 cid;

	for (;;) {
		cqe = &a->cq[a->cq_head];
		if ((le16_to_cpu(READ_ONCE(cqe->status)) & 1) != a->cq_phase)
			break;
		/* The phase bit before the rest of the entry. */
		dma_rmb();
		cid = READ_ONCE(cqe->command_id);
		if (cid < DD_NVME_TAGS) {
			a->status[cid] = le16_to_cpu(cqe->status) >> 1;
			a->done[cid] = true;
		}
		if (++a->cq_head == DD_NVME_IO_DEPTH) {
			a->cq_head = 0;
			a->cq_phase ^= 1;
		}
		any = true;
	}
	if (any)
		writel(a->cq_head, dd_nvme_doorbell(a, DD_NVME_IOQ, true));
}

static int dd_nvme_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_nvme *a = d->hook_data;
	u16 s;

	if (tag >= DD_NVME_TAGS)
		return -EINVAL;
	if (!a->done[tag])
		dd_nvme_reap(a);
	if (!a->done[tag]) {
		if (!(dd_nvme_csts(a) & NVME_CSTS_CFS))
			return -EINPROGRESS;
		if (!a->reported)
			pr_err("%s: controller fatal status (CSTS.CFS)\n",
			       d->description);
		a->reported = true;
		return -EIO;
	}
	s = a->status[tag];
	if (!s)
		return 0;
	pr_err("%s: command failed: status type %#x code %#x%s\n",
	       d->description, DD_NVME_SCT(s), DD_NVME_SC(s),
	       s & DD_NVME_DNR ? " (do not retry)" : "");
	/* Namespace not ready: the controller says try again. */
	if (!DD_NVME_SCT(s) && DD_NVME_SC(s) == NVME_SC_NS_NOT_READY &&
	    !(s & DD_NVME_DNR))
		return -EAGAIN;
	return -EIO;
}

/*
 * A normal shutdown notification first (CC.SHN), as the nvme driver gives
 * at power-off, so the drive records a safe shutdown rather than a power
 * loss; then disabled: nothing of ours may be DMA'd after the reboot.
 */
static void dd_nvme_shutdown(struct dd_disk *d)
{
	struct dd_nvme *a = d->hook_data;
	u32 cc = readl(a->bar + NVME_REG_CC);

	if ((cc & NVME_CC_ENABLE) && !(dd_nvme_csts(a) & NVME_CSTS_CFS)) {
		writel((cc & ~NVME_CC_SHN_MASK) | NVME_CC_SHN_NORMAL,
		       a->bar + NVME_REG_CC);
		dd_nvme_wait_csts(a, NVME_CSTS_SHST_MASK, NVME_CSTS_SHST_CMPLT,
				  DD_NVME_SHUTDOWN_MS);
	}
	dd_nvme_disable(a);
}

static const struct dd_hook_ops dd_nvme_ops = {
	.name		= "nvme",
	.owner		= THIS_MODULE,
	.probe		= dd_nvme_probe,
	.release	= dd_nvme_release,
	.quiesce	= dd_nvme_quiesce,
	.submit		= dd_nvme_submit,
	.poll		= dd_nvme_poll,
	.shutdown	= dd_nvme_shutdown,
};
module_dd_hook(dd_nvme_ops);
MODULE_DESCRIPTION("diskdump hook for NVMe namespaces behind a PCIe controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
