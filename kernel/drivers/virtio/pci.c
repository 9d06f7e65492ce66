// SPDX-License-Identifier: GPL-2.0
/* The virtio-pci transport and split virtqueue the virtio hooks share (pci.h). */
#include <linux/dma-mapping.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>

#include "diskdump/hook.h"
#include "pci.h"

static_assert(DD_VRING_AVAIL_OFF + sizeof(struct vring_avail) +
	      DD_VRING_MAX_QSIZE * sizeof(__virtio16) + 2 <= DD_VRING_USED_OFF);
static_assert(DD_VRING_USED_OFF + sizeof(struct vring_used) +
	      DD_VRING_MAX_QSIZE * sizeof(struct vring_used_elem) + 2 <= DD_VRING_HDR_OFF);

/* ---- arm time ---------------------------------------------------------- */

/* Map the structure a virtio vendor capability points at. */
static void __iomem *dd_vpci_map_cap(struct pci_dev *pdev, int pos, u32 *len)
{
	u8 bar;
	u32 offset, length;

	pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, bar), &bar);
	pci_read_config_dword(pdev, pos + offsetof(struct virtio_pci_cap, offset), &offset);
	pci_read_config_dword(pdev, pos + offsetof(struct virtio_pci_cap, length), &length);
	if (bar >= PCI_STD_NUM_BARS || !length)
		return NULL;
	*len = length;
	return pci_iomap_range(pdev, bar, offset, length);
}

void dd_vpci_unmap(struct dd_vpci *vp)
{
	if (vp->common)
		pci_iounmap(vp->pdev, (void __iomem *)vp->common);
	if (vp->notify_base)
		pci_iounmap(vp->pdev, vp->notify_base);
	if (vp->device)
		pci_iounmap(vp->pdev, vp->device);
	vp->common = NULL;
	vp->notify_base = NULL;
	vp->device = NULL;
}
EXPORT_SYMBOL_GPL(dd_vpci_unmap);

int dd_vpci_map(struct dd_vpci *vp, size_t cfg_len)
{
	struct pci_dev *pdev = vp->pdev;
	u32 len = 0;
	u8 type;
	int pos;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR)) {
		pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, cfg_type), &type);
		if (type == VIRTIO_PCI_CAP_COMMON_CFG && !vp->common) {
			vp->common = dd_vpci_map_cap(pdev, pos, &len);
			if (vp->common && len < sizeof(*vp->common))
				goto bad;
		} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !vp->notify_base) {
			pci_read_config_dword(pdev, pos + offsetof(struct virtio_pci_notify_cap,
								   notify_off_multiplier),
					      &vp->notify_mult);
			vp->notify_base = dd_vpci_map_cap(pdev, pos, &len);
		} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !vp->device) {
			vp->device = dd_vpci_map_cap(pdev, pos, &len);
			if (vp->device && len < cfg_len)
				goto bad;
		}
	}
	if (vp->common && vp->notify_base && vp->device)
		return 0;
	dd_vpci_unmap(vp);
	return -ENODEV;
bad:
	dd_vpci_unmap(vp);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(dd_vpci_map);

int dd_vring_size(struct virtio_device *vdev, u16 index, u16 *qsize)
{
	struct virtqueue *vq;
	unsigned int n = 0;

	list_for_each_entry(vq, &vdev->vqs, list)
		if (vq->index == index)
			n = virtqueue_get_vring_size(vq);
	if (n < DD_VRING_MIN_QSIZE)
		return -ENOSPC;
	*qsize = min_t(unsigned int, rounddown_pow_of_two(n), DD_VRING_MAX_QSIZE);
	return 0;
}
EXPORT_SYMBOL_GPL(dd_vring_size);

int dd_vring_alloc(struct dd_vpci *vp, struct dd_vring *r, u16 index, u16 qsize)
{
	if (vp->iommu) {
		r->mem = dma_alloc_coherent(&vp->pdev->dev, DD_VRING_BYTES, &r->dma, GFP_KERNEL);
	} else {
		r->mem = alloc_pages_exact(DD_VRING_BYTES, GFP_KERNEL | __GFP_ZERO);
		if (r->mem)
			r->dma = virt_to_phys(r->mem);
	}
	if (!r->mem)
		return -ENOMEM;
	r->index = index;
	r->qsize = qsize;
	r->descs_per_tag = qsize / DD_VRING_TAGS;
	r->desc = r->mem;
	r->avail = r->mem + DD_VRING_AVAIL_OFF;
	r->used = r->mem + DD_VRING_USED_OFF;
	return 0;
}
EXPORT_SYMBOL_GPL(dd_vring_alloc);

void dd_vring_free(struct dd_vpci *vp, struct dd_vring *r)
{
	if (!r->mem)
		return;
	if (vp->iommu)
		dma_free_coherent(&vp->pdev->dev, DD_VRING_BYTES, r->mem, r->dma);
	else
		free_pages_exact(r->mem, DD_VRING_BYTES);
	r->mem = NULL;
}
EXPORT_SYMBOL_GPL(dd_vring_free);

/* ---- panic time -------------------------------------------------------- */

static void dd_vpci_set_status(struct dd_vpci *vp, u8 status)
{
	iowrite8(status, &vp->common->device_status);
}

int dd_vpci_reset(struct dd_vpci *vp)
{
	struct dd_deadline dl;

	dd_deadline_start(&dl, DD_VIRTIO_RESET_MS);
	dd_vpci_set_status(vp, 0);
	while (ioread8(&vp->common->device_status))
		if (dd_deadline_passed(&dl))
			return -ETIMEDOUT;
	return 0;
}
EXPORT_SYMBOL_GPL(dd_vpci_reset);

static u64 dd_vpci_device_features(struct dd_vpci *vp)
{
	u64 f;

	iowrite32(0, &vp->common->device_feature_select);
	f = ioread32(&vp->common->device_feature);
	iowrite32(1, &vp->common->device_feature_select);
	f |= (u64)ioread32(&vp->common->device_feature) << 32;
	return f;
}

static void dd_vpci_write_features(struct dd_vpci *vp, u64 f)
{
	iowrite32(0, &vp->common->guest_feature_select);
	iowrite32(lower_32_bits(f), &vp->common->guest_feature);
	iowrite32(1, &vp->common->guest_feature_select);
	iowrite32(upper_32_bits(f), &vp->common->guest_feature);
}

int dd_vpci_negotiate(struct dd_vpci *vp, u64 wanted)
{
	u8 status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
	u64 offered;

	wanted |= BIT_ULL(VIRTIO_F_VERSION_1) | BIT_ULL(VIRTIO_F_ACCESS_PLATFORM);
	dd_vpci_set_status(vp, status);
	offered = dd_vpci_device_features(vp);
	if (!(offered & BIT_ULL(VIRTIO_F_VERSION_1)))
		return -EOPNOTSUPP;
	/* The addresses we give are only right if the IOMMU is what we armed. */
	if (!!(offered & BIT_ULL(VIRTIO_F_ACCESS_PLATFORM)) != vp->iommu)
		return -EOPNOTSUPP;
	vp->features = offered & wanted;
	dd_vpci_write_features(vp, vp->features);
	status |= VIRTIO_CONFIG_S_FEATURES_OK;
	dd_vpci_set_status(vp, status);
	if (!(ioread8(&vp->common->device_status) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -EIO;
	return 0;
}
EXPORT_SYMBOL_GPL(dd_vpci_negotiate);

static void dd_vpci_write_addr(u64 addr, __le32 __iomem *lo, __le32 __iomem *hi)
{
	iowrite32(lower_32_bits(addr), lo);
	iowrite32(upper_32_bits(addr), hi);
}

int dd_vpci_setup_queue(struct dd_vpci *vp, struct dd_vring *r)
{
	struct virtio_pci_common_cfg __iomem *c = vp->common;
	u16 off;

	iowrite16(VIRTIO_MSI_NO_VECTOR, &c->msix_config);
	iowrite16(r->index, &c->queue_select);
	if (ioread16(&c->queue_size) < r->qsize)
		return -ENOSPC;
	memset(r->mem, 0, DD_VRING_HDR_OFF);
	r->avail->flags = dd_cpu_to_virtio16(VRING_AVAIL_F_NO_INTERRUPT);
	r->avail_idx = 0;
	r->last_used = 0;
	memset(r->done, 0, sizeof(r->done));

	iowrite16(r->qsize, &c->queue_size);
	iowrite16(VIRTIO_MSI_NO_VECTOR, &c->queue_msix_vector);
	dd_vpci_write_addr(r->dma, &c->queue_desc_lo, &c->queue_desc_hi);
	dd_vpci_write_addr(r->dma + DD_VRING_AVAIL_OFF, &c->queue_avail_lo, &c->queue_avail_hi);
	dd_vpci_write_addr(r->dma + DD_VRING_USED_OFF, &c->queue_used_lo, &c->queue_used_hi);
	off = ioread16(&c->queue_notify_off);
	r->notify = vp->notify_base + off * vp->notify_mult;
	iowrite16(1, &c->queue_enable);
	return 0;
}
EXPORT_SYMBOL_GPL(dd_vpci_setup_queue);

int dd_vpci_take_over(struct dd_vpci *vp, struct dd_vring *r, u64 wanted)
{
	int ret;

	ret = dd_vpci_reset(vp);
	if (!ret)
		ret = dd_vpci_negotiate(vp, wanted);
	if (!ret)
		ret = dd_vpci_setup_queue(vp, r);
	if (ret) {
		dd_vpci_set_status(vp, VIRTIO_CONFIG_S_FAILED);
		return ret;
	}
	dd_vpci_set_status(vp, ioread8(&vp->common->device_status) | VIRTIO_CONFIG_S_DRIVER_OK);
	return 0;
}
EXPORT_SYMBOL_GPL(dd_vpci_take_over);

void dd_vring_set_desc(struct vring_desc *desc, u64 addr, u32 len, u16 flags, u16 next)
{
	desc->addr = dd_cpu_to_virtio64(addr);
	desc->len = dd_cpu_to_virtio32(len);
	desc->flags = dd_cpu_to_virtio16(flags);
	desc->next = dd_cpu_to_virtio16(next);
}
EXPORT_SYMBOL_GPL(dd_vring_set_desc);

void dd_vring_kick(struct dd_vring *r, u16 head)
{
	r->done[head / r->descs_per_tag] = false;
	r->avail->ring[r->avail_idx % r->qsize] = dd_cpu_to_virtio16(head);
	/* The descriptors must be visible before the index that exposes them. */
	dma_wmb();
	r->avail_idx++;
	WRITE_ONCE(r->avail->idx, dd_cpu_to_virtio16(r->avail_idx));
	/* And the index before the doorbell. */
	mb();
	iowrite16(r->index, r->notify);
}
EXPORT_SYMBOL_GPL(dd_vring_kick);

void dd_vring_reap(struct dd_vring *r)
{
	u16 used_idx = dd_virtio16_to_cpu(READ_ONCE(r->used->idx));
	u32 id;

	/* Read the index before the entries it covers. */
	dma_rmb();
	while (r->last_used != used_idx) {
		id = dd_virtio32_to_cpu(r->used->ring[r->last_used % r->qsize].id);
		if (id < r->qsize && id % r->descs_per_tag == 0)
			r->done[id / r->descs_per_tag] = true;
		r->last_used++;
	}
}
EXPORT_SYMBOL_GPL(dd_vring_reap);
