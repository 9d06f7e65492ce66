// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for virtio-blk over virtio-pci (modern interface).
 *
 * The virtio_blk driver's own virtqueue cannot be used at panic time: adding
 * a buffer may kmalloc an indirect descriptor table and its locks may be
 * held by a stopped CPU.  So at panic this hook resets the device, which
 * forgets every queue and request of the failed kernel, negotiates again,
 * and drives queue 0 itself from ring memory reserved at arm time, polling
 * the used ring with interrupts off.  The registers are mapped at arm time
 * from the device's virtio PCI capabilities, independently of virtio_pci.
 *
 * A device behind an IOMMU (VIRTIO_F_ACCESS_PLATFORM) gets the ring and
 * the core's buffers mapped for it at arm time (dma_dev), and those
 * mappings stay valid at panic; any other device is given physical
 * addresses, as the virtio specification says.
 */
#define pr_fmt(fmt) "diskdump_virtio: " fmt

#include <linux/blkdev.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_byteorder.h>
#include <linux/virtio_config.h>
#include <uapi/linux/virtio_blk.h>
#include <uapi/linux/virtio_pci.h>
#include <uapi/linux/virtio_ring.h>

#include "diskdump/hook.h"

/*
 * The hook negotiates VIRTIO_F_VERSION_1 (it drives modern devices only),
 * so the ring and the request header are little-endian whatever the CPU.
 */
#define dd_cpu_to_virtio16(x)	__cpu_to_virtio16(true, x)
#define dd_cpu_to_virtio32(x)	__cpu_to_virtio32(true, x)
#define dd_cpu_to_virtio64(x)	__cpu_to_virtio64(true, x)
#define dd_virtio16_to_cpu(x)	__virtio16_to_cpu(true, x)
#define dd_virtio32_to_cpu(x)	__virtio32_to_cpu(true, x)

/*
 * Our ring: up to 64 descriptors (fewer if the device's queue is smaller),
 * shared equally by DD_VIRTIO_TAGS requests, each chained as header, data
 * segments, status.  Ring, available and used rings and the request
 * headers share one page.
 */
#define DD_VIRTIO_MAX_QSIZE	64
#define DD_VIRTIO_MIN_QSIZE	16
#define DD_VIRTIO_TAGS		4
#define DD_VIRTIO_AVAIL_OFF	(DD_VIRTIO_MAX_QSIZE * sizeof(struct vring_desc))
#define DD_VIRTIO_USED_OFF	2048
#define DD_VIRTIO_REQ_OFF	3072
#define DD_VIRTIO_RING_BYTES	PAGE_SIZE
/* Without VIRTIO_BLK_F_SIZE_MAX a segment may be as long as we like. */
#define DD_VIRTIO_DEFAULT_SEG	(4u << 20)
#define DD_VIRTIO_MAX_TRANSFER	(16u << 20)
/*
 * The device reads status 0 once its reset is done.  Linux's driver
 * waits for that without a bound; hardware virtio (DPUs, vDPA) may take
 * far longer than QEMU's instant reset, so allow ten seconds.
 */
#define DD_VIRTIO_RESET_MS	10000

static unsigned int max_transfer_kb;
module_param(max_transfer_kb, uint, 0444);
MODULE_PARM_DESC(max_transfer_kb,
		 "lower the largest request to this many KiB (0: the device's limit)");
static unsigned int max_segment_kb;
module_param(max_segment_kb, uint, 0444);
MODULE_PARM_DESC(max_segment_kb,
		 "lower the largest segment to this many KiB (0: the device's limit)");
static unsigned int max_segments;
module_param(max_segments, uint, 0444);
MODULE_PARM_DESC(max_segments,
		 "lower the segments per request to this many (0: the device's limit)");

struct dd_virtio_req {
	struct virtio_blk_outhdr hdr;
	u8	status;
	u8	pad[15];
};

struct dd_virtio {
	struct pci_dev		*pdev;
	struct virtio_pci_common_cfg __iomem *common;
	void __iomem		*notify_base;
	u32			notify_mult;
	void __iomem		*device;	/* struct virtio_blk_config */
	void __iomem		*notify;	/* queue 0's doorbell */

	bool			iommu;		/* VIRTIO_F_ACCESS_PLATFORM */
	u64			features;	/* negotiated at quiesce */
	u32			seg_size;	/* bytes per data descriptor */
	u16			qsize;		/* descriptors in our ring */
	u16			descs_per_tag;

	void			*ring;		/* DD_VIRTIO_RING_BYTES, reserved at arm */
	dma_addr_t		ring_dma;
	struct vring_desc	*desc;
	struct vring_avail	*avail;
	struct vring_used	*used;
	struct dd_virtio_req	*req;		/* one per tag */
	u16			avail_idx;
	u16			last_used;
	bool			done[DD_VIRTIO_TAGS];
};

static_assert(DD_VIRTIO_AVAIL_OFF + sizeof(struct vring_avail) +
	      DD_VIRTIO_MAX_QSIZE * sizeof(__virtio16) + 2 <= DD_VIRTIO_USED_OFF);
static_assert(DD_VIRTIO_USED_OFF + sizeof(struct vring_used) +
	      DD_VIRTIO_MAX_QSIZE * sizeof(struct vring_used_elem) + 2 <=
	      DD_VIRTIO_REQ_OFF);
static_assert(DD_VIRTIO_REQ_OFF + DD_VIRTIO_TAGS * sizeof(struct dd_virtio_req) <=
	      DD_VIRTIO_RING_BYTES);

/* ---- arm time ---------------------------------------------------------- */

/* Map the structure a virtio vendor capability points at. */
static void __iomem *dd_virtio_map_cap(struct pci_dev *pdev, int pos, u32 *len)
{
	u8 bar;
	u32 offset, length;

	pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, bar),
			     &bar);
	pci_read_config_dword(pdev,
			      pos + offsetof(struct virtio_pci_cap, offset),
			      &offset);
	pci_read_config_dword(pdev,
			      pos + offsetof(struct virtio_pci_cap, length),
			      &length);
	if (bar >= PCI_STD_NUM_BARS || !length)
		return NULL;
	if (len)
		*len = length;
	return pci_iomap_range(pdev, bar, offset, length);
}

static void dd_virtio_unmap(struct dd_virtio *v)
{
	if (v->common)
		pci_iounmap(v->pdev, (void __iomem *)v->common);
	if (v->notify_base)
		pci_iounmap(v->pdev, v->notify_base);
	if (v->device)
		pci_iounmap(v->pdev, v->device);
}

static int dd_virtio_map_caps(struct dd_virtio *v)
{
	struct pci_dev *pdev = v->pdev;
	u32 len;
	u8 type;
	int pos;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR)) {
		pci_read_config_byte(pdev, pos +
				     offsetof(struct virtio_pci_cap, cfg_type),
				     &type);
		if (type == VIRTIO_PCI_CAP_COMMON_CFG && !v->common) {
			v->common = dd_virtio_map_cap(pdev, pos, &len);
			if (v->common && len < sizeof(*v->common))
				return -EINVAL;
		} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !v->notify_base) {
			pci_read_config_dword(pdev, pos +
				offsetof(struct virtio_pci_notify_cap,
					 notify_off_multiplier),
				&v->notify_mult);
			v->notify_base = dd_virtio_map_cap(pdev, pos, &len);
		} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !v->device) {
			v->device = dd_virtio_map_cap(pdev, pos, &len);
			if (v->device && len < sizeof(struct virtio_blk_config))
				return -EINVAL;
		}
	}
	return v->common && v->notify_base && v->device ? 0 : -ENODEV;
}

/*
 * The ring size: what the driver's queue 0 uses (never more than the
 * device offers), at most ours.  Checked here, not found out at panic.
 */
static int dd_virtio_queue_size(struct virtio_device *vdev, u16 *qsize)
{
	struct virtqueue *vq;
	unsigned int n = 0;

	list_for_each_entry(vq, &vdev->vqs, list)
		if (vq->index == 0)
			n = virtqueue_get_vring_size(vq);
	if (n < DD_VIRTIO_MIN_QSIZE)
		return -ENOSPC;
	*qsize = min_t(unsigned int, rounddown_pow_of_two(n), DD_VIRTIO_MAX_QSIZE);
	return 0;
}

/* A device limit, lowered by a module parameter when that is set. */
static u32 dd_virtio_lower(u32 device, unsigned int param, u32 unit)
{
	if (param && (u64)param * unit < device)
		return param * unit;
	return device;
}

static void dd_virtio_set_limits(struct dd_disk *d, struct dd_virtio *v,
				 struct virtio_device *vdev)
{
	u32 segs = v->descs_per_tag - 2, seg = DD_VIRTIO_DEFAULT_SEG, v32;

	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX)) {
		virtio_cread(vdev, struct virtio_blk_config, seg_max, &v32);
		if (v32)
			segs = min(segs, v32);
	}
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX)) {
		virtio_cread(vdev, struct virtio_blk_config, size_max, &v32);
		if (v32)
			seg = min(seg, v32);
	}
	d->logical_block_size = SECTOR_SIZE;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE)) {
		virtio_cread(vdev, struct virtio_blk_config, blk_size, &v32);
		d->logical_block_size = v32;
	}
	d->max_segments = dd_virtio_lower(segs, max_segments, 1);
	d->max_segment_size = dd_virtio_lower(seg, max_segment_kb, SZ_1K);
	d->max_transfer = dd_virtio_lower(min_t(u64, DD_VIRTIO_MAX_TRANSFER,
						(u64)segs * seg),
					  max_transfer_kb, SZ_1K);
	v->seg_size = d->max_segment_size;
	d->queue_depth = DD_VIRTIO_TAGS;
	d->reset_timeout_ms = DD_VIRTIO_RESET_MS;
}

static int dd_virtio_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct device *dev = disk_to_dev(disk)->parent;
	struct virtio_device *vdev;
	struct dd_virtio *v;
	u16 qsize;
	int ret;

	if (!dev || !dev->driver || strcmp(dev->driver->name, "virtio_blk"))
		return -ENODEV;
	vdev = dev_to_virtio(dev);
	if (!vdev->dev.parent || !dev_is_pci(vdev->dev.parent))
		return -ENODEV;
	if (dd_virtio_queue_size(vdev, &qsize)) {
		pr_err("%s: the device's queue has fewer than %u descriptors\n",
		       disk->disk_name, DD_VIRTIO_MIN_QSIZE);
		return -EOPNOTSUPP;
	}

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->pdev = to_pci_dev(vdev->dev.parent);
	v->iommu = virtio_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM);
	ret = dd_virtio_map_caps(v);
	if (ret) {
		pr_err("%s: no modern virtio-pci interface (legacy-only device?)\n",
		       disk->disk_name);
		goto unmap;
	}
	ret = -ENOMEM;
	if (v->iommu) {
		v->ring = dma_alloc_coherent(&v->pdev->dev, DD_VIRTIO_RING_BYTES,
					     &v->ring_dma, GFP_KERNEL);
	} else {
		v->ring = alloc_pages_exact(DD_VIRTIO_RING_BYTES,
					    GFP_KERNEL | __GFP_ZERO);
		if (v->ring)
			v->ring_dma = virt_to_phys(v->ring);
	}
	if (!v->ring)
		goto unmap;
	v->qsize = qsize;
	v->descs_per_tag = qsize / DD_VIRTIO_TAGS;
	v->desc = v->ring;
	v->avail = v->ring + DD_VIRTIO_AVAIL_OFF;
	v->used = v->ring + DD_VIRTIO_USED_OFF;
	v->req = v->ring + DD_VIRTIO_REQ_OFF;

	d->hook_data = v;
	d->dev = &v->pdev->dev;
	/* Behind an IOMMU the device sees bus addresses, else physical ones. */
	d->dma_dev = v->iommu ? &v->pdev->dev : NULL;
	/* A descriptor takes any address: pages can come straight from RAM. */
	d->phys_segments = true;
	dd_virtio_set_limits(d, v, vdev);
	d->reserved_bytes = sizeof(*v) + DD_VIRTIO_RING_BYTES;
	snprintf(d->description, sizeof(d->description), "virtio-blk %s%s",
		 pci_name(v->pdev), v->iommu ? " (IOMMU)" : "");
	return 0;

unmap:
	dd_virtio_unmap(v);
	kfree(v);
	return ret;
}

static void dd_virtio_release(struct dd_disk *d)
{
	struct dd_virtio *v = d->hook_data;

	if (v->iommu)
		dma_free_coherent(&v->pdev->dev, DD_VIRTIO_RING_BYTES, v->ring,
				  v->ring_dma);
	else
		free_pages_exact(v->ring, DD_VIRTIO_RING_BYTES);
	dd_virtio_unmap(v);
	kfree(v);
}

/* ---- panic time -------------------------------------------------------- */

static void dd_virtio_set_status(struct dd_virtio *v, u8 status)
{
	iowrite8(status, &v->common->device_status);
}

static int dd_virtio_reset(struct dd_virtio *v)
{
	struct dd_deadline dl;

	dd_deadline_start(&dl, DD_VIRTIO_RESET_MS);
	dd_virtio_set_status(v, 0);
	while (ioread8(&v->common->device_status))
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	return 0;
}

static u64 dd_virtio_device_features(struct dd_virtio *v)
{
	u64 f;

	iowrite32(0, &v->common->device_feature_select);
	f = ioread32(&v->common->device_feature);
	iowrite32(1, &v->common->device_feature_select);
	f |= (u64)ioread32(&v->common->device_feature) << 32;
	return f;
}

static void dd_virtio_write_features(struct dd_virtio *v, u64 f)
{
	iowrite32(0, &v->common->guest_feature_select);
	iowrite32(lower_32_bits(f), &v->common->guest_feature);
	iowrite32(1, &v->common->guest_feature_select);
	iowrite32(upper_32_bits(f), &v->common->guest_feature);
}

static int dd_virtio_negotiate(struct dd_virtio *v)
{
	const u64 wanted = BIT_ULL(VIRTIO_F_VERSION_1) |
			   BIT_ULL(VIRTIO_F_ACCESS_PLATFORM) |
			   BIT_ULL(VIRTIO_BLK_F_FLUSH) |
			   BIT_ULL(VIRTIO_BLK_F_SIZE_MAX) |
			   BIT_ULL(VIRTIO_BLK_F_SEG_MAX) |
			   BIT_ULL(VIRTIO_BLK_F_BLK_SIZE);
	u8 status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
	u64 offered;

	dd_virtio_set_status(v, status);
	offered = dd_virtio_device_features(v);
	if (!(offered & BIT_ULL(VIRTIO_F_VERSION_1)))
		return -EOPNOTSUPP;
	/* The addresses we give are only right if the IOMMU is what we armed. */
	if (!!(offered & BIT_ULL(VIRTIO_F_ACCESS_PLATFORM)) != v->iommu)
		return -EOPNOTSUPP;
	v->features = offered & wanted;
	dd_virtio_write_features(v, v->features);
	status |= VIRTIO_CONFIG_S_FEATURES_OK;
	dd_virtio_set_status(v, status);
	if (!(ioread8(&v->common->device_status) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -EIO;
	return 0;
}

static void dd_virtio_write_addr(u64 addr, __le32 __iomem *lo, __le32 __iomem *hi)
{
	iowrite32(lower_32_bits(addr), lo);
	iowrite32(upper_32_bits(addr), hi);
}

static int dd_virtio_setup_queue(struct dd_virtio *v)
{
	struct virtio_pci_common_cfg __iomem *c = v->common;
	u16 off;

	iowrite16(VIRTIO_MSI_NO_VECTOR, &c->msix_config);
	iowrite16(0, &c->queue_select);
	if (ioread16(&c->queue_size) < v->qsize)
		return -ENOSPC;
	memset(v->ring, 0, DD_VIRTIO_RING_BYTES);
	v->avail->flags = dd_cpu_to_virtio16(VRING_AVAIL_F_NO_INTERRUPT);
	v->avail_idx = 0;
	v->last_used = 0;
	memset(v->done, 0, sizeof(v->done));

	iowrite16(v->qsize, &c->queue_size);
	iowrite16(VIRTIO_MSI_NO_VECTOR, &c->queue_msix_vector);
	dd_virtio_write_addr(v->ring_dma, &c->queue_desc_lo, &c->queue_desc_hi);
	dd_virtio_write_addr(v->ring_dma + DD_VIRTIO_AVAIL_OFF, &c->queue_avail_lo,
			     &c->queue_avail_hi);
	dd_virtio_write_addr(v->ring_dma + DD_VIRTIO_USED_OFF, &c->queue_used_lo,
			     &c->queue_used_hi);
	off = ioread16(&c->queue_notify_off);
	v->notify = v->notify_base + off * v->notify_mult;
	iowrite16(1, &c->queue_enable);
	return 0;
}

/*
 * A reset forgets every request of the failed kernel and of ours: the
 * used ring starts again empty, so no earlier completion can be taken for
 * a later request.
 */
static int dd_virtio_quiesce(struct dd_disk *d)
{
	struct dd_virtio *v = d->hook_data;
	int ret;

	ret = dd_virtio_reset(v);
	if (!ret)
		ret = dd_virtio_negotiate(v);
	if (!ret)
		ret = dd_virtio_setup_queue(v);
	if (ret) {
		dd_virtio_set_status(v, VIRTIO_CONFIG_S_FAILED);
		return ret;
	}
	dd_virtio_set_status(v, ioread8(&v->common->device_status) |
			     VIRTIO_CONFIG_S_DRIVER_OK);
	return 0;
}

static void dd_virtio_set_desc(struct vring_desc *desc, u64 addr, u32 len,
			       u16 flags, u16 next)
{
	desc->addr = dd_cpu_to_virtio64(addr);
	desc->len = dd_cpu_to_virtio32(len);
	desc->flags = dd_cpu_to_virtio16(flags);
	desc->next = dd_cpu_to_virtio16(next);
}

static u32 dd_virtio_type(enum dd_op op)
{
	switch (op) {
	case DD_OP_READ:
		return VIRTIO_BLK_T_IN;
	case DD_OP_WRITE:
		return VIRTIO_BLK_T_OUT;
	default:
		return VIRTIO_BLK_T_FLUSH;
	}
}

/* Chain header, data segments and status for tag and ring the bell. */
static int dd_virtio_submit(struct dd_disk *d, unsigned int tag,
			    const struct dd_request *rq)
{
	struct dd_virtio *v = d->hook_data;
	u16 head = tag * v->descs_per_tag, i = head;
	struct dd_virtio_req *req = &v->req[tag];
	dma_addr_t req_dma = v->ring_dma + DD_VIRTIO_REQ_OFF + tag * sizeof(*req);
	u16 data_flags = VRING_DESC_F_NEXT;
	size_t done = 0, seg;
	unsigned int s;

	if (tag >= DD_VIRTIO_TAGS)
		return -EINVAL;
	if (rq->op == DD_OP_FLUSH && !(v->features & BIT_ULL(VIRTIO_BLK_F_FLUSH))) {
		req->status = VIRTIO_BLK_S_OK;	/* no volatile cache to flush */
		v->done[tag] = true;
		return 0;
	}
	if (rq->op != DD_OP_FLUSH &&
	    (rq->buf ? DIV_ROUND_UP(rq->len, v->seg_size) : rq->nr_segs) >
	    v->descs_per_tag - 2)
		return -EINVAL;
	if (rq->op == DD_OP_READ)
		data_flags |= VRING_DESC_F_WRITE;	/* the device writes */

	req->hdr.type = dd_cpu_to_virtio32(dd_virtio_type(rq->op));
	req->hdr.ioprio = 0;
	req->hdr.sector = dd_cpu_to_virtio64(rq->op == DD_OP_FLUSH ? 0 : rq->sector);
	req->status = 0xff;
	v->done[tag] = false;

	dd_virtio_set_desc(&v->desc[i], req_dma, sizeof(req->hdr),
			   VRING_DESC_F_NEXT, i + 1);
	i++;
	for (s = 0; rq->op != DD_OP_FLUSH && !rq->buf && s < rq->nr_segs; s++, i++)
		dd_virtio_set_desc(&v->desc[i], rq->seg[s].addr, rq->seg[s].len,
				   data_flags, i + 1);
	while (rq->op != DD_OP_FLUSH && rq->buf && done < rq->len) {
		seg = min_t(size_t, rq->len - done, v->seg_size);
		dd_virtio_set_desc(&v->desc[i], rq->buf->dma + rq->offset + done,
				   seg, data_flags, i + 1);
		done += seg;
		i++;
	}
	dd_virtio_set_desc(&v->desc[i], req_dma + offsetof(struct dd_virtio_req, status),
			   1, VRING_DESC_F_WRITE, 0);

	v->avail->ring[v->avail_idx % v->qsize] = dd_cpu_to_virtio16(head);
	/* The descriptors must be visible before the index that exposes them. */
	dma_wmb();
	v->avail_idx++;
	WRITE_ONCE(v->avail->idx, dd_cpu_to_virtio16(v->avail_idx));
	/* And the index before the doorbell. */
	mb();
	iowrite16(0, v->notify);
	return 0;
}

/* Mark every request the device has returned as done. */
static void dd_virtio_reap(struct dd_virtio *v)
{
	u16 used_idx = dd_virtio16_to_cpu(READ_ONCE(v->used->idx));
	u32 id;

	/* Read the index before the entries it covers. */
	dma_rmb();
	while (v->last_used != used_idx) {
		id = dd_virtio32_to_cpu(v->used->ring[v->last_used % v->qsize].id);
		if (id < v->qsize && id % v->descs_per_tag == 0)
			v->done[id / v->descs_per_tag] = true;
		v->last_used++;
	}
}

static int dd_virtio_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_virtio *v = d->hook_data;

	if (tag >= DD_VIRTIO_TAGS)
		return -EINVAL;
	if (!v->done[tag])
		dd_virtio_reap(v);
	if (!v->done[tag])
		return -EINPROGRESS;
	switch (READ_ONCE(v->req[tag].status)) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

/* Leave the device stopped: nothing of ours may be DMA'd after reboot. */
static void dd_virtio_shutdown(struct dd_disk *d)
{
	dd_virtio_reset(d->hook_data);
}

static const struct dd_hook_ops dd_virtio_ops = {
	.name		= "virtio",
	.owner		= THIS_MODULE,
	.probe		= dd_virtio_probe,
	.release	= dd_virtio_release,
	.quiesce	= dd_virtio_quiesce,
	.submit		= dd_virtio_submit,
	.poll		= dd_virtio_poll,
	.shutdown	= dd_virtio_shutdown,
};
module_dd_hook(dd_virtio_ops);
MODULE_DESCRIPTION("diskdump hook for virtio-blk over virtio-pci");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump virtio_blk");
