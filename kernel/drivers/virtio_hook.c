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
 */
#define pr_fmt(fmt) "diskdump_virtio: " fmt

#include <linux/blkdev.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <uapi/linux/virtio_blk.h>
#include <uapi/linux/virtio_pci.h>
#include <uapi/linux/virtio_ring.h>

#include "diskdump/hook.h"

/* Our ring: VQ_SLOTS requests of up to VQ_DESC_PER_SLOT descriptors each. */
#define VQ_SIZE			64
#define VQ_SLOTS		4
#define VQ_DESC_PER_SLOT	(VQ_SIZE / VQ_SLOTS)
#define VQ_DATA_DESCS		(VQ_DESC_PER_SLOT - 2)	/* minus header, status */
#define VQ_AVAIL_OFF		(VQ_SIZE * sizeof(struct vring_desc))
#define VQ_USED_OFF		2048
#define VQ_REQ_OFF		3072
#define VQ_RING_BYTES		PAGE_SIZE
/* Without VIRTIO_BLK_F_SIZE_MAX a descriptor may be as long as we like. */
#define VQ_DEFAULT_SEG		(4u << 20)
#define VQ_RESET_TIMEOUT_US	(1ull * USEC_PER_SEC)

struct vblk_req {
	struct virtio_blk_outhdr hdr;
	u8	status;
	u8	pad[15];
};

struct vblk_dump {
	struct pci_dev		*pdev;
	struct virtio_pci_common_cfg __iomem *common;
	void __iomem		*notify_base;
	u32			notify_mult;
	void __iomem		*device;	/* struct virtio_blk_config */
	void __iomem		*notify;	/* queue 0's doorbell */

	u64			features;	/* negotiated at quiesce */
	u32			seg_size;

	void			*ring;		/* VQ_RING_BYTES, reserved at arm */
	phys_addr_t		ring_pa;
	struct vring_desc	*desc;
	struct vring_avail	*avail;
	struct vring_used	*used;
	struct vblk_req		*req;		/* one per slot */
	u16			avail_idx;
	u16			last_used;
	bool			done[VQ_SLOTS];
};

static_assert(VQ_AVAIL_OFF + sizeof(struct vring_avail) +
	      VQ_SIZE * sizeof(__virtio16) + 2 <= VQ_USED_OFF);
static_assert(VQ_USED_OFF + sizeof(struct vring_used) +
	      VQ_SIZE * sizeof(struct vring_used_elem) + 2 <= VQ_REQ_OFF);
static_assert(VQ_REQ_OFF + VQ_SLOTS * sizeof(struct vblk_req) <= VQ_RING_BYTES);

/* ---- arm time ---------------------------------------------------------- */

/* Map the structure a virtio vendor capability points at. */
static void __iomem *vblk_map_cap(struct pci_dev *pdev, int pos, u32 *len)
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

static void vblk_unmap(struct vblk_dump *v)
{
	if (v->common)
		pci_iounmap(v->pdev, (void __iomem *)v->common);
	if (v->notify_base)
		pci_iounmap(v->pdev, v->notify_base);
	if (v->device)
		pci_iounmap(v->pdev, v->device);
}

static int vblk_map_caps(struct vblk_dump *v)
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
			v->common = vblk_map_cap(pdev, pos, &len);
			if (v->common && len < sizeof(*v->common))
				return -EINVAL;
		} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !v->notify_base) {
			pci_read_config_dword(pdev, pos +
				offsetof(struct virtio_pci_notify_cap,
					 notify_off_multiplier),
				&v->notify_mult);
			v->notify_base = vblk_map_cap(pdev, pos, &len);
		} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !v->device) {
			v->device = vblk_map_cap(pdev, pos, &len);
			if (v->device && len < sizeof(struct virtio_blk_config))
				return -EINVAL;
		}
	}
	return v->common && v->notify_base && v->device ? 0 : -ENODEV;
}

static int vblk_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct device *dev = disk_to_dev(disk)->parent;
	struct virtio_device *vdev;
	struct vblk_dump *v;
	int ret;

	if (!dev || !dev->driver || strcmp(dev->driver->name, "virtio_blk"))
		return -ENODEV;
	vdev = dev_to_virtio(dev);
	if (!vdev->dev.parent || !dev_is_pci(vdev->dev.parent))
		return -ENODEV;
	if (virtio_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM)) {
		pr_err("%s: devices behind an IOMMU are not supported yet\n",
		       disk->disk_name);
		return -EOPNOTSUPP;
	}

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->pdev = to_pci_dev(vdev->dev.parent);
	ret = vblk_map_caps(v);
	if (ret) {
		pr_err("%s: no modern virtio-pci interface (legacy-only device?)\n",
		       disk->disk_name);
		goto unmap;
	}
	ret = -ENOMEM;
	v->ring = alloc_pages_exact(VQ_RING_BYTES, GFP_KERNEL | __GFP_ZERO);
	if (!v->ring)
		goto unmap;
	v->ring_pa = virt_to_phys(v->ring);
	v->desc = v->ring;
	v->avail = v->ring + VQ_AVAIL_OFF;
	v->used = v->ring + VQ_USED_OFF;
	v->req = v->ring + VQ_REQ_OFF;

	d->hook_data = v;
	d->dma_dev = NULL;	/* no ACCESS_PLATFORM: the device sees physical */
	d->max_slots = VQ_SLOTS;
	/* The smallest size_max a device may offer is a page. */
	d->max_transfer = VQ_DATA_DESCS * PAGE_SIZE;
	if (!(vdev->features & BIT_ULL(VIRTIO_BLK_F_SIZE_MAX)))
		d->max_transfer = VQ_DATA_DESCS * VQ_DEFAULT_SEG;
	else
		d->max_transfer = VQ_DATA_DESCS *
			virtio_cread32(vdev, offsetof(struct virtio_blk_config,
						      size_max));
	d->reserved_bytes = sizeof(*v) + VQ_RING_BYTES;
	snprintf(d->description, sizeof(d->description), "virtio-blk %s",
		 pci_name(v->pdev));
	return 0;

unmap:
	vblk_unmap(v);
	kfree(v);
	return ret;
}

static void vblk_release(struct dd_disk *d)
{
	struct vblk_dump *v = d->hook_data;

	free_pages_exact(v->ring, VQ_RING_BYTES);
	vblk_unmap(v);
	kfree(v);
}

/* ---- panic time -------------------------------------------------------- */

static void vblk_set_status(struct vblk_dump *v, u8 status)
{
	iowrite8(status, &v->common->device_status);
}

static int vblk_reset(struct vblk_dump *v)
{
	u64 budget = VQ_RESET_TIMEOUT_US;

	vblk_set_status(v, 0);
	while (ioread8(&v->common->device_status))
		if (dd_poll_expired(&budget))
			return -ETIMEDOUT;
	return 0;
}

static u64 vblk_device_features(struct vblk_dump *v)
{
	u64 f;

	iowrite32(0, &v->common->device_feature_select);
	f = ioread32(&v->common->device_feature);
	iowrite32(1, &v->common->device_feature_select);
	f |= (u64)ioread32(&v->common->device_feature) << 32;
	return f;
}

static void vblk_write_features(struct vblk_dump *v, u64 f)
{
	iowrite32(0, &v->common->guest_feature_select);
	iowrite32(lower_32_bits(f), &v->common->guest_feature);
	iowrite32(1, &v->common->guest_feature_select);
	iowrite32(upper_32_bits(f), &v->common->guest_feature);
}

static int vblk_negotiate(struct vblk_dump *v)
{
	const u64 wanted = BIT_ULL(VIRTIO_F_VERSION_1) |
			   BIT_ULL(VIRTIO_BLK_F_FLUSH) |
			   BIT_ULL(VIRTIO_BLK_F_SIZE_MAX) |
			   BIT_ULL(VIRTIO_BLK_F_SEG_MAX) |
			   BIT_ULL(VIRTIO_BLK_F_BLK_SIZE);
	u8 status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
	u64 offered;

	vblk_set_status(v, status);
	offered = vblk_device_features(v);
	if (!(offered & BIT_ULL(VIRTIO_F_VERSION_1)))
		return -EOPNOTSUPP;
	v->features = offered & wanted;
	vblk_write_features(v, v->features);
	status |= VIRTIO_CONFIG_S_FEATURES_OK;
	vblk_set_status(v, status);
	if (!(ioread8(&v->common->device_status) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -EIO;

	v->seg_size = VQ_DEFAULT_SEG;
	if (v->features & BIT_ULL(VIRTIO_BLK_F_SIZE_MAX))
		v->seg_size = ioread32(v->device +
				offsetof(struct virtio_blk_config, size_max));
	if (v->seg_size < PAGE_SIZE)
		v->seg_size = PAGE_SIZE;
	return 0;
}

static void vblk_write_addr(u64 addr, __le32 __iomem *lo, __le32 __iomem *hi)
{
	iowrite32(lower_32_bits(addr), lo);
	iowrite32(upper_32_bits(addr), hi);
}

static int vblk_setup_queue(struct vblk_dump *v)
{
	struct virtio_pci_common_cfg __iomem *c = v->common;
	u16 max, off;

	iowrite16(VIRTIO_MSI_NO_VECTOR, &c->msix_config);
	iowrite16(0, &c->queue_select);
	max = ioread16(&c->queue_size);
	if (max < VQ_SIZE)
		return -ENOSPC;
	memset(v->ring, 0, VQ_RING_BYTES);
	v->avail->flags = cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT);
	v->avail_idx = 0;
	v->last_used = 0;

	iowrite16(VQ_SIZE, &c->queue_size);
	iowrite16(VIRTIO_MSI_NO_VECTOR, &c->queue_msix_vector);
	vblk_write_addr(v->ring_pa, &c->queue_desc_lo, &c->queue_desc_hi);
	vblk_write_addr(v->ring_pa + VQ_AVAIL_OFF, &c->queue_avail_lo,
			&c->queue_avail_hi);
	vblk_write_addr(v->ring_pa + VQ_USED_OFF, &c->queue_used_lo,
			&c->queue_used_hi);
	off = ioread16(&c->queue_notify_off);
	v->notify = v->notify_base + off * v->notify_mult;
	iowrite16(1, &c->queue_enable);
	return 0;
}

static int vblk_quiesce(struct dd_disk *d)
{
	struct vblk_dump *v = d->hook_data;
	int ret;

	ret = vblk_reset(v);
	if (!ret)
		ret = vblk_negotiate(v);
	if (!ret)
		ret = vblk_setup_queue(v);
	if (ret) {
		vblk_set_status(v, VIRTIO_CONFIG_S_FAILED);
		return ret;
	}
	vblk_set_status(v, ioread8(&v->common->device_status) |
			VIRTIO_CONFIG_S_DRIVER_OK);
	return 0;
}

static void vblk_set_desc(struct vring_desc *desc, u64 addr, u32 len,
			  u16 flags, u16 next)
{
	desc->addr = cpu_to_le64(addr);
	desc->len = cpu_to_le32(len);
	desc->flags = cpu_to_le16(flags);
	desc->next = cpu_to_le16(next);
}

/* Chain header, data and status descriptors for slot and ring the bell. */
static int vblk_queue(struct vblk_dump *v, unsigned int slot, u32 type,
		      u64 sector, const struct dd_buf *buf, size_t len)
{
	u16 head = slot * VQ_DESC_PER_SLOT, i = head;
	struct vblk_req *req = &v->req[slot];
	phys_addr_t req_pa = v->ring_pa + VQ_REQ_OFF + slot * sizeof(*req);
	u16 data_flags = VRING_DESC_F_NEXT;
	size_t done = 0, seg;

	if (slot >= VQ_SLOTS || len > (size_t)VQ_DATA_DESCS * v->seg_size)
		return -EINVAL;
	if (type == VIRTIO_BLK_T_IN)
		data_flags |= VRING_DESC_F_WRITE;	/* the device writes */

	req->hdr.type = cpu_to_le32(type);
	req->hdr.ioprio = 0;
	req->hdr.sector = cpu_to_le64(sector);
	req->status = 0xff;
	v->done[slot] = false;

	vblk_set_desc(&v->desc[i], req_pa, sizeof(req->hdr),
		      VRING_DESC_F_NEXT, i + 1);
	i++;
	while (done < len) {
		seg = min_t(size_t, len - done, v->seg_size);
		vblk_set_desc(&v->desc[i], buf->dma + done, seg, data_flags,
			      i + 1);
		done += seg;
		i++;
	}
	vblk_set_desc(&v->desc[i], req_pa + offsetof(struct vblk_req, status),
		      1, VRING_DESC_F_WRITE, 0);

	v->avail->ring[v->avail_idx % VQ_SIZE] = cpu_to_le16(head);
	/* The descriptors must be visible before the index that exposes them. */
	dma_wmb();
	v->avail_idx++;
	WRITE_ONCE(v->avail->idx, cpu_to_le16(v->avail_idx));
	/* And the index before the doorbell. */
	mb();
	iowrite16(0, v->notify);
	return 0;
}

static int vblk_submit(struct dd_disk *d, unsigned int slot, bool write,
		       u64 sector, const struct dd_buf *buf, size_t len)
{
	return vblk_queue(d->hook_data, slot,
			  write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
			  sector, buf, len);
}

/* Mark every request the device has returned as done. */
static void vblk_reap(struct vblk_dump *v)
{
	u16 used_idx = le16_to_cpu(READ_ONCE(v->used->idx));
	u32 id;

	/* Read the index before the entries it covers. */
	dma_rmb();
	while (v->last_used != used_idx) {
		id = le32_to_cpu(v->used->ring[v->last_used % VQ_SIZE].id);
		if (id < VQ_SIZE)
			v->done[id / VQ_DESC_PER_SLOT] = true;
		v->last_used++;
	}
}

static int vblk_wait(struct dd_disk *d, unsigned int slot)
{
	struct vblk_dump *v = d->hook_data;
	u64 budget = DD_IO_TIMEOUT_US;

	if (slot >= VQ_SLOTS)
		return -EINVAL;
	for (;;) {
		vblk_reap(v);
		if (v->done[slot])
			break;
		if (dd_poll_expired(&budget))
			return -ETIMEDOUT;
	}
	return READ_ONCE(v->req[slot].status) == VIRTIO_BLK_S_OK ? 0 : -EIO;
}

static int vblk_flush(struct dd_disk *d)
{
	struct vblk_dump *v = d->hook_data;
	int ret;

	if (!(v->features & BIT_ULL(VIRTIO_BLK_F_FLUSH)))
		return 0;	/* no volatile cache to flush */
	ret = vblk_queue(v, 0, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
	return ret ? ret : vblk_wait(d, 0);
}

/* Leave the device stopped: nothing of ours may be DMA'd after reboot. */
static void vblk_shutdown(struct dd_disk *d)
{
	vblk_reset(d->hook_data);
}

static const struct dd_hook_ops vblk_hook_ops = {
	.name		= "virtio",
	.owner		= THIS_MODULE,
	.probe		= vblk_probe,
	.release	= vblk_release,
	.quiesce	= vblk_quiesce,
	.submit		= vblk_submit,
	.wait		= vblk_wait,
	.flush		= vblk_flush,
	.shutdown	= vblk_shutdown,
};

static int __init vblk_hook_init(void)
{
	return dd_register_hook(&vblk_hook_ops);
}

static void __exit vblk_hook_exit(void)
{
	dd_unregister_hook(&vblk_hook_ops);
}

module_init(vblk_hook_init);
module_exit(vblk_hook_exit);
MODULE_DESCRIPTION("diskdump hook for virtio-blk over virtio-pci");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump virtio_blk");
