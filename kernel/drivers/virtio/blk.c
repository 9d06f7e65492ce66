// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for virtio-blk over virtio-pci (modern interface).
 *
 * The virtio_blk driver's own virtqueue cannot be used at panic time: adding
 * a buffer may kmalloc an indirect descriptor table and its locks may be
 * held by a stopped CPU.  So at panic this hook resets the device, which
 * forgets every queue and request of the failed kernel, negotiates again,
 * and drives queue 0 itself from ring memory reserved at arm time, polling
 * the used ring with interrupts off.  The transport (pci.c, shared with
 * the virtio-scsi hook and exported from this module) maps the registers
 * at arm time from the device's virtio PCI capabilities, independently of
 * virtio_pci, and handles a device behind an IOMMU.
 */
#define pr_fmt(fmt) "diskdump_virtio: " fmt

#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <uapi/linux/virtio_blk.h>

#include "diskdump/hook.h"
#include "pci.h"

/* Without VIRTIO_BLK_F_SIZE_MAX a segment may be as long as we like. */
#define DD_VIRTIO_DEFAULT_SEG	(4u << 20)
#define DD_VIRTIO_MAX_TRANSFER	(16u << 20)

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
	struct dd_vpci		vp;
	struct dd_vring		ring;		/* queue 0 */
	u32			seg_size;	/* bytes per data descriptor */
	struct dd_virtio_req	*req;		/* one per tag, in the ring's page */
};

static_assert(DD_VRING_HDR_OFF + DD_VRING_TAGS * sizeof(struct dd_virtio_req) <=
	      DD_VRING_BYTES);

/* ---- arm time ---------------------------------------------------------- */

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
	u32 segs = v->ring.descs_per_tag - 2, seg = DD_VIRTIO_DEFAULT_SEG, v32;

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
	d->queue_depth = DD_VRING_TAGS;
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
	if (dd_vring_size(vdev, 0, &qsize)) {
		pr_err("%s: the device's queue has fewer than %u descriptors\n",
		       disk->disk_name, DD_VRING_MIN_QSIZE);
		return -EOPNOTSUPP;
	}

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->vp.pdev = to_pci_dev(vdev->dev.parent);
	v->vp.iommu = virtio_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM);
	ret = dd_vpci_map(&v->vp, sizeof(struct virtio_blk_config));
	if (ret) {
		pr_err("%s: no modern virtio-pci interface (legacy-only device?)\n",
		       disk->disk_name);
		goto free;
	}
	ret = dd_vring_alloc(&v->vp, &v->ring, 0, qsize);
	if (ret)
		goto unmap;
	v->req = v->ring.mem + DD_VRING_HDR_OFF;

	d->hook_data = v;
	d->dev = &v->vp.pdev->dev;
	/* Behind an IOMMU the device sees bus addresses, else physical ones. */
	d->dma_dev = v->vp.iommu ? &v->vp.pdev->dev : NULL;
	/* A descriptor takes any address: pages can come straight from RAM. */
	d->phys_segments = true;
	dd_virtio_set_limits(d, v, vdev);
	d->reserved_bytes = sizeof(*v) + DD_VRING_BYTES;
	snprintf(d->description, sizeof(d->description), "virtio-blk %s%s",
		 pci_name(v->vp.pdev), v->vp.iommu ? " (IOMMU)" : "");
	return 0;

unmap:
	dd_vpci_unmap(&v->vp);
free:
	kfree(v);
	return ret;
}

static void dd_virtio_release(struct dd_disk *d)
{
	struct dd_virtio *v = d->hook_data;

	dd_vring_free(&v->vp, &v->ring);
	dd_vpci_unmap(&v->vp);
	kfree(v);
}

/* ---- panic time -------------------------------------------------------- */

/*
 * A reset forgets every request of the failed kernel and of ours: the
 * used ring starts again empty, so no earlier completion can be taken for
 * a later request.
 */
static int dd_virtio_quiesce(struct dd_disk *d)
{
	struct dd_virtio *v = d->hook_data;

	return dd_vpci_take_over(&v->vp, &v->ring, BIT_ULL(VIRTIO_BLK_F_FLUSH) |
				 BIT_ULL(VIRTIO_BLK_F_SIZE_MAX) | BIT_ULL(VIRTIO_BLK_F_SEG_MAX) |
				 BIT_ULL(VIRTIO_BLK_F_BLK_SIZE));
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
	struct dd_vring *r = &v->ring;
	u16 head = tag * r->descs_per_tag, i = head;
	struct dd_virtio_req *req = &v->req[tag];
	dma_addr_t req_dma = r->dma + DD_VRING_HDR_OFF + tag * sizeof(*req);
	u16 data_flags = VRING_DESC_F_NEXT;
	size_t done = 0, seg;
	unsigned int s;

	if (tag >= DD_VRING_TAGS)
		return -EINVAL;
	if (rq->op == DD_OP_FLUSH && !(v->vp.features & BIT_ULL(VIRTIO_BLK_F_FLUSH))) {
		req->status = VIRTIO_BLK_S_OK;	/* no volatile cache to flush */
		r->done[tag] = true;
		return 0;
	}
	if (rq->op != DD_OP_FLUSH &&
	    (rq->buf ? DIV_ROUND_UP(rq->len, v->seg_size) : rq->nr_segs) >
	    r->descs_per_tag - 2)
		return -EINVAL;
	if (rq->op == DD_OP_READ)
		data_flags |= VRING_DESC_F_WRITE;	/* the device writes */

	req->hdr.type = dd_cpu_to_virtio32(dd_virtio_type(rq->op));
	req->hdr.ioprio = 0;
	req->hdr.sector = dd_cpu_to_virtio64(rq->op == DD_OP_FLUSH ? 0 : rq->sector);
	req->status = 0xff;

	dd_vring_set_desc(&r->desc[i], req_dma, sizeof(req->hdr), VRING_DESC_F_NEXT, i + 1);
	i++;
	for (s = 0; rq->op != DD_OP_FLUSH && !rq->buf && s < rq->nr_segs; s++, i++)
		dd_vring_set_desc(&r->desc[i], rq->seg[s].addr, rq->seg[s].len,
				  data_flags, i + 1);
	while (rq->op != DD_OP_FLUSH && rq->buf && done < rq->len) {
		seg = min_t(size_t, rq->len - done, v->seg_size);
		dd_vring_set_desc(&r->desc[i], rq->buf->dma + rq->offset + done,
				  seg, data_flags, i + 1);
		done += seg;
		i++;
	}
	dd_vring_set_desc(&r->desc[i], req_dma + offsetof(struct dd_virtio_req, status),
			  1, VRING_DESC_F_WRITE, 0);
	dd_vring_kick(r, head);
	return 0;
}

static int dd_virtio_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_virtio *v = d->hook_data;

	if (tag >= DD_VRING_TAGS)
		return -EINVAL;
	if (!v->ring.done[tag])
		dd_vring_reap(&v->ring);
	if (!v->ring.done[tag])
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
	struct dd_virtio *v = d->hook_data;

	dd_vpci_reset(&v->vp);
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
