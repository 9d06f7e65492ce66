// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for disks behind a virtio-scsi controller over virtio-pci
 * (modern interface): the default SCSI controller of Proxmox, OpenStack
 * images with hw_scsi_model, Google Compute Engine's SCSI disks.
 *
 * As for virtio-blk (blk.c), the virtio_scsi driver's queues, their
 * locks and allocations are out of reach at panic time: the device is
 * reset, which forgets every queue and command of the failed kernel (and
 * the targets report a unit attention for it, retried), features are
 * negotiated again, and the first request queue (queue 2) is driven from a
 * ring reserved at arm time, polled with interrupts off.  The control and
 * event queues stay disabled after the reset: no task management is sent
 * and no event is wanted, as the specification allows a driver.  Each
 * request is a chain of the command header, data and response; SCSI
 * commands, sense decoding and the retry policy are diskdump/scsi.h's.
 * The transport is virtio/pci.c, exported by diskdump_virtio.ko.
 */
#define pr_fmt(fmt) "diskdump_virtio_scsi: " fmt

#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <uapi/linux/virtio_scsi.h>

#include "diskdump/hook.h"
#include "diskdump/scsi.h"
#include "diskdump/scsi_arm.h"
#include "diskdump/scsi_poll.h"
#include "pci.h"

#define DD_VSCSI_REQUEST_QUEUE	2	/* the first request queue */
/* Without seg_max or max_sectors the limits of virtio-blk's hook. */
#define DD_VSCSI_DEFAULT_SEG	(4u << 20)
#define DD_VSCSI_MAX_TRANSFER	(16u << 20)

/* A tag's command header and response, in the ring's page. */
struct dd_vscsi_hdr {
	struct virtio_scsi_cmd_req	req;
	u8				pad0[64 - sizeof(struct virtio_scsi_cmd_req)];
	struct virtio_scsi_cmd_resp	resp;
	u8				pad1[256 - 64 - sizeof(struct virtio_scsi_cmd_resp)];
};

static_assert(offsetof(struct dd_vscsi_hdr, resp) == 64);
static_assert(sizeof(struct dd_vscsi_hdr) == 256);
static_assert(DD_VRING_HDR_OFF + DD_VRING_TAGS * sizeof(struct dd_vscsi_hdr) <= DD_VRING_BYTES);

struct dd_vscsi {
	struct dd_vpci		vp;
	struct dd_vring		ring;		/* the first request queue */
	struct dd_vscsi_hdr	*hdr;		/* one per tag */
	u8			lun[8];		/* virtio-scsi's single-level LUN */
	u32			seg_size;
	u32			data_len[DD_VRING_TAGS];
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	u64			last_lba;
};

/* ---- arm time ---------------------------------------------------------- */

/* The SCSI device under disk if it is on a virtio-scsi host over PCI, and its virtio device. */
static struct scsi_device *dd_vscsi_sdev(struct gendisk *disk, struct virtio_device **vdev)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, "virtio_scsi");
	struct device *parent = sdev ? sdev->host->shost_gendev.parent : NULL;

	if (!parent || !parent->driver || strcmp(parent->driver->name, "virtio_scsi"))
		return NULL;
	*vdev = dev_to_virtio(parent);
	if (!(*vdev)->dev.parent || !dev_is_pci((*vdev)->dev.parent))
		return NULL;
	return sdev;
}

static void dd_vscsi_set_limits(struct dd_disk *d, struct dd_vscsi *v,
				struct virtio_device *vdev)
{
	u32 segs = v->ring.descs_per_tag - 2, seg = DD_VSCSI_DEFAULT_SEG, v32;
	u64 max = DD_VSCSI_MAX_TRANSFER;

	virtio_cread(vdev, struct virtio_scsi_config, seg_max, &v32);
	if (v32)
		segs = min(segs, v32);
	virtio_cread(vdev, struct virtio_scsi_config, max_sectors, &v32);
	if (v32)
		max = min_t(u64, max, (u64)v32 << SECTOR_SHIFT);
	d->max_segments = segs;
	d->max_segment_size = seg;
	d->max_transfer = min_t(u64, max, (u64)segs * seg);
	v->seg_size = d->max_segment_size;
	d->queue_depth = DD_VRING_TAGS;
	d->reset_timeout_ms = DD_VIRTIO_RESET_MS;
}

static int dd_vscsi_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct virtio_device *vdev;
	struct scsi_device *sdev;
	struct dd_vscsi *v;
	u16 qsize;
	int ret;

	sdev = dd_vscsi_sdev(disk, &vdev);
	if (!sdev)
		return -ENODEV;
	/* virtio_scsi uses channel 0, targets up to 255, LUNs up to 16383. */
	if (sdev->channel || sdev->id > 255 || sdev->lun > 0x3fff) {
		pr_err("%s: channel %u target %u LUN %llu: not an address virtio-scsi can carry\n",
		       disk->disk_name, sdev->channel, sdev->id, sdev->lun);
		return -EOPNOTSUPP;
	}
	if (dd_vring_size(vdev, DD_VSCSI_REQUEST_QUEUE, &qsize)) {
		pr_err("%s: the device's request queue has fewer than %u descriptors\n",
		       disk->disk_name, DD_VRING_MIN_QSIZE);
		return -EOPNOTSUPP;
	}
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	/* As the virtio_scsi driver addresses it. */
	v->lun[0] = 1;
	v->lun[1] = sdev->id;
	v->lun[2] = (sdev->lun >> 8) | 0x40;
	v->lun[3] = sdev->lun & 0xff;
	ret = dd_scsi_arm_geometry(sdev, disk, &v->last_lba, &v->lbs_shift);
	if (ret)
		goto free;
	v->vp.pdev = to_pci_dev(vdev->dev.parent);
	v->vp.iommu = virtio_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM);
	ret = dd_vpci_map(&v->vp, sizeof(struct virtio_scsi_config));
	if (ret) {
		pr_err("%s: no modern virtio-pci interface (legacy-only device?)\n",
		       disk->disk_name);
		goto free;
	}
	ret = dd_vring_alloc(&v->vp, &v->ring, DD_VSCSI_REQUEST_QUEUE, qsize);
	if (ret)
		goto unmap;
	v->hdr = v->ring.mem + DD_VRING_HDR_OFF;

	d->hook_data = v;
	d->dev = &v->vp.pdev->dev;
	/* Behind an IOMMU the device sees bus addresses, else physical ones. */
	d->dma_dev = v->vp.iommu ? &v->vp.pdev->dev : NULL;
	/* A descriptor takes any address: pages can come straight from RAM. */
	d->phys_segments = true;
	d->logical_block_size = queue_logical_block_size(disk->queue);
	dd_vscsi_set_limits(d, v, vdev);
	d->reserved_bytes = sizeof(*v) + DD_VRING_BYTES;
	snprintf(d->description, sizeof(d->description), "virtio-scsi %s target %u LUN %llu%s",
		 pci_name(v->vp.pdev), sdev->id, sdev->lun, v->vp.iommu ? " (IOMMU)" : "");
	return 0;

unmap:
	dd_vpci_unmap(&v->vp);
free:
	kfree(v);
	return ret;
}

static void dd_vscsi_release(struct dd_disk *d)
{
	struct dd_vscsi *v = d->hook_data;

	dd_vring_free(&v->vp, &v->ring);
	dd_vpci_unmap(&v->vp);
	kfree(v);
}

/* ---- panic time -------------------------------------------------------- */

static int dd_vscsi_quiesce(struct dd_disk *d)
{
	struct dd_vscsi *v = d->hook_data;

	return dd_vpci_take_over(&v->vp, &v->ring, 0);
}

static unsigned int dd_vscsi_cdb(struct dd_vscsi *v, const struct dd_request *rq, u8 *cdb)
{
	u32 blocks = rq->len >> (SECTOR_SHIFT + v->lbs_shift);

	switch (rq->op) {
	case DD_OP_READ:
	case DD_OP_WRITE:
		return dd_scsi_rw_cdb(cdb, rq->op == DD_OP_WRITE, rq->sector >> v->lbs_shift,
				      blocks);
	default:
		return dd_scsi_sync_cdb(cdb, v->last_lba);
	}
}

/* The data descriptors of rq from i on; the index after them, or 0 if too many. */
static u16 dd_vscsi_data(struct dd_vscsi *v, const struct dd_request *rq, u16 i, u16 flags)
{
	u16 last = i + v->ring.descs_per_tag - 2;
	size_t done = 0, seg;
	unsigned int s;

	for (s = 0; !rq->buf && s < rq->nr_segs; s++, i++) {
		if (i >= last)
			return 0;
		dd_vring_set_desc(&v->ring.desc[i], rq->seg[s].addr, rq->seg[s].len, flags,
				  i + 1);
	}
	while (rq->buf && done < rq->len) {
		if (i >= last)
			return 0;
		seg = min_t(size_t, rq->len - done, v->seg_size);
		dd_vring_set_desc(&v->ring.desc[i], rq->buf->dma + rq->offset + done, seg,
				  flags, i + 1);
		done += seg;
		i++;
	}
	return i;
}

/*
 * Device-readable buffers first, then device-writable ones: command
 * header [data out], response [data in].
 */
static int dd_vscsi_submit(struct dd_disk *d, unsigned int tag, const struct dd_request *rq)
{
	struct dd_vscsi *v = d->hook_data;
	struct dd_vring *r = &v->ring;
	struct dd_vscsi_hdr *h;
	u16 head, i;
	dma_addr_t hdr_dma;
	u8 cdb[DD_SCSI_MAX_CDB];
	unsigned int cdb_len;

	if (tag >= DD_VRING_TAGS)
		return -EINVAL;
	h = &v->hdr[tag];
	hdr_dma = r->dma + DD_VRING_HDR_OFF + tag * sizeof(*h);
	head = tag * r->descs_per_tag;
	cdb_len = dd_vscsi_cdb(v, rq, cdb);
	if (!cdb_len)
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	memcpy(h->req.lun, v->lun, sizeof(h->req.lun));
	h->req.tag = dd_cpu_to_virtio64(tag);
	h->req.task_attr = 0;		/* SIMPLE */
	memcpy(h->req.cdb, cdb, cdb_len);
	h->resp.response = 0xff;
	v->data_len[tag] = rq->op == DD_OP_FLUSH ? 0 : rq->len;

	i = head;
	dd_vring_set_desc(&r->desc[i], hdr_dma, sizeof(h->req), VRING_DESC_F_NEXT, i + 1);
	i++;
	if (rq->op == DD_OP_WRITE) {
		i = dd_vscsi_data(v, rq, i, VRING_DESC_F_NEXT);
		if (!i)
			return -EINVAL;
	}
	dd_vring_set_desc(&r->desc[i], hdr_dma + offsetof(struct dd_vscsi_hdr, resp),
			  sizeof(h->resp), VRING_DESC_F_WRITE |
			  (rq->op == DD_OP_READ ? VRING_DESC_F_NEXT : 0), i + 1);
	if (rq->op == DD_OP_READ) {
		i = dd_vscsi_data(v, rq, i + 1, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT);
		if (!i)
			return -EINVAL;
		/* The last data descriptor ends the chain. */
		r->desc[i - 1].flags = dd_cpu_to_virtio16(VRING_DESC_F_WRITE);
	}
	dd_vring_kick(r, head);
	return 0;
}

/* The device's response, then the target's status through the shared policy. */
static int dd_vscsi_result(struct dd_disk *d, struct dd_vscsi *v, unsigned int tag)
{
	const struct virtio_scsi_cmd_resp *resp = &v->hdr[tag].resp;
	u32 sense_len = min_t(u32, dd_virtio32_to_cpu(resp->sense_len), VIRTIO_SCSI_SENSE_SIZE);
	u32 resid = dd_virtio32_to_cpu(resp->resid);
	int ret;

	switch (READ_ONCE(resp->response)) {
	case VIRTIO_SCSI_S_OK:
		break;
	case VIRTIO_SCSI_S_ABORTED:
	case VIRTIO_SCSI_S_RESET:
	case VIRTIO_SCSI_S_BUSY:
		pr_warn("%s: response %u: again\n", d->description, resp->response);
		return -EAGAIN;
	default:
		pr_err("%s: command failed: response %u\n", d->description, resp->response);
		return -EIO;
	}
	ret = dd_scsi_poll_result(d->description, resp->status, resp->sense, sense_len);
	if (!ret && resid) {
		pr_err("%s: short transfer: %u of %u bytes left\n", d->description, resid,
		       v->data_len[tag]);
		return -EIO;
	}
	return ret;
}

static int dd_vscsi_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_vscsi *v = d->hook_data;

	if (tag >= DD_VRING_TAGS)
		return -EINVAL;
	if (!v->ring.done[tag])
		dd_vring_reap(&v->ring);
	if (!v->ring.done[tag])
		return -EINPROGRESS;
	return dd_vscsi_result(d, v, tag);
}

/* Leave the device stopped: nothing of ours may be DMA'd after reboot. */
static void dd_vscsi_shutdown(struct dd_disk *d)
{
	struct dd_vscsi *v = d->hook_data;

	dd_vpci_reset(&v->vp);
}

static const struct dd_hook_ops dd_vscsi_ops = {
	.name		= "virtio-scsi",
	.owner		= THIS_MODULE,
	.probe		= dd_vscsi_probe,
	.release	= dd_vscsi_release,
	.quiesce	= dd_vscsi_quiesce,
	.submit		= dd_vscsi_submit,
	.poll		= dd_vscsi_poll,
	.shutdown	= dd_vscsi_shutdown,
};
module_dd_hook(dd_vscsi_ops);

MODULE_DESCRIPTION("diskdump hook for disks behind a virtio-scsi controller over virtio-pci");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump diskdump_virtio virtio_scsi");
