/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio-pci (modern) transport and split virtqueue the virtio hooks
 * share (virtio-blk in blk.c, virtio-scsi in scsi.c): the registers mapped
 * at arm time from the device's vendor capabilities, independently of
 * virtio_pci; at panic a device reset (which forgets every queue and
 * request of the failed kernel), feature negotiation, and queues of our
 * own in memory reserved at arm time, polled with interrupts off.  The
 * code lives in diskdump_virtio.ko and is exported to the other hooks.
 *
 * A device behind an IOMMU (VIRTIO_F_ACCESS_PLATFORM) gets the rings and
 * the core's buffers mapped for it at arm time; any other device is given
 * physical addresses, as the virtio specification says.  The hooks
 * negotiate VIRTIO_F_VERSION_1 only, so rings and headers are
 * little-endian whatever the CPU.
 */
#ifndef DISKDUMP_VIRTIO_PCI_H
#define DISKDUMP_VIRTIO_PCI_H

#include <linux/pci.h>
#include <linux/types.h>
#include <linux/virtio_byteorder.h>
#include <uapi/linux/virtio_pci.h>
#include <uapi/linux/virtio_ring.h>

#define dd_cpu_to_virtio16(x)	__cpu_to_virtio16(true, x)
#define dd_cpu_to_virtio32(x)	__cpu_to_virtio32(true, x)
#define dd_cpu_to_virtio64(x)	__cpu_to_virtio64(true, x)
#define dd_virtio16_to_cpu(x)	__virtio16_to_cpu(true, x)
#define dd_virtio32_to_cpu(x)	__virtio32_to_cpu(true, x)

/*
 * A ring of up to 64 descriptors (fewer if the device's queue is
 * smaller), shared equally by DD_VRING_TAGS requests; descriptors,
 * available and used rings in the first 3 KiB of a page, the hook's
 * request headers in the last KiB (DD_VRING_HDR_OFF).
 */
#define DD_VRING_MAX_QSIZE	64
#define DD_VRING_MIN_QSIZE	16
#define DD_VRING_TAGS		4
#define DD_VRING_AVAIL_OFF	(DD_VRING_MAX_QSIZE * sizeof(struct vring_desc))
#define DD_VRING_USED_OFF	2048
#define DD_VRING_HDR_OFF	3072
#define DD_VRING_BYTES		PAGE_SIZE
/*
 * The device reads status 0 once its reset is done.  Linux's driver
 * waits for that without a bound; hardware virtio (DPUs, vDPA) may take
 * far longer than QEMU's instant reset, so allow ten seconds.
 */
#define DD_VIRTIO_RESET_MS	10000

struct dd_vring {
	void			*mem;		/* DD_VRING_BYTES, reserved at arm */
	dma_addr_t		dma;
	u16			index;		/* the device's queue number */
	u16			qsize;
	u16			descs_per_tag;
	struct vring_desc	*desc;
	struct vring_avail	*avail;
	struct vring_used	*used;
	void __iomem		*notify;
	u16			avail_idx;
	u16			last_used;
	bool			done[DD_VRING_TAGS];
};

struct dd_vpci {
	struct pci_dev		*pdev;
	struct virtio_pci_common_cfg __iomem *common;
	void __iomem		*notify_base;
	u32			notify_mult;
	void __iomem		*device;	/* the device-specific configuration */
	bool			iommu;		/* VIRTIO_F_ACCESS_PLATFORM */
	u64			features;	/* negotiated at panic */
};

/* Arm time: map the capabilities; the device configuration must hold cfg_len bytes. */
int dd_vpci_map(struct dd_vpci *vp, size_t cfg_len);
void dd_vpci_unmap(struct dd_vpci *vp);
/*
 * Arm time: the size of our ring for queue index, what the driver's queue
 * uses (never more than the device offers), at most ours; -ENOSPC below
 * DD_VRING_MIN_QSIZE.  Checked here, not found out at panic.
 */
struct virtio_device;
int dd_vring_size(struct virtio_device *vdev, u16 index, u16 *qsize);
/* Arm time: the ring's memory (coherent behind an IOMMU, else plain pages). */
int dd_vring_alloc(struct dd_vpci *vp, struct dd_vring *r, u16 index, u16 qsize);
void dd_vring_free(struct dd_vpci *vp, struct dd_vring *r);

/* Panic time. */
int dd_vpci_reset(struct dd_vpci *vp);
/* Negotiate VERSION_1, ACCESS_PLATFORM as armed, and what of wanted the device offers. */
int dd_vpci_negotiate(struct dd_vpci *vp, u64 wanted);
/* Hand queue r->index our ring, its interrupts off. */
int dd_vpci_setup_queue(struct dd_vpci *vp, struct dd_vring *r);
/*
 * The takeover every virtio hook makes: a reset (which forgets every queue
 * and request of the failed kernel, so no earlier completion can be taken
 * for a later request), negotiation of wanted, our ring on its queue,
 * DRIVER_OK; on failure the device is marked FAILED.
 */
int dd_vpci_take_over(struct dd_vpci *vp, struct dd_vring *r, u64 wanted);

void dd_vring_set_desc(struct vring_desc *desc, u64 addr, u32 len, u16 flags, u16 next);
/* Expose the chain at head (written) and ring the queue's doorbell. */
void dd_vring_kick(struct dd_vring *r, u16 head);
/* Mark every request the device has returned as done (the chain heads of tags). */
void dd_vring_reap(struct dd_vring *r);

#endif /* DISKDUMP_VIRTIO_PCI_H */
