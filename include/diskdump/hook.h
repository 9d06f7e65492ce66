/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between diskdump.ko and a controller hook module.
 * docs/writing-a-hook.md walks through it step by step.
 *
 * Arm time (process context).  The core asks every registered hook to
 * probe() the disk that holds the partition; the first that returns 0 owns
 * it.  probe() reserves what the hook needs at panic (its own queues and
 * command memory) and fills in the limits of struct dd_disk.  The core then
 * allocates its data buffers for dma_dev and hands them to prepare(), so
 * the hook can build everything that depends on their addresses (PRP
 * lists, S/G lists, request frames) while it may still sleep.
 *
 * Panic time (one CPU, interrupts off, the other CPUs stopped, any lock
 * possibly held, no timer ticks).  The core calls quiesce() once, then
 * submit()/poll() for up to queue_depth requests in flight, then
 * shutdown().  None of these may allocate, sleep, take a lock shared with
 * the normal driver, map DMA or enter the block layer; the core owns every
 * deadline (taken from the TSC) and polls, so poll() must return at once.
 *
 * Requests.  The core splits its transfers into requests that respect the
 * limits the hook declared: at most max_transfer bytes, at most
 * max_segments segments when the buffer is cut every max_segment_size
 * bytes from the request's start, sector and length multiples of
 * logical_block_size.  Sectors are 512-byte units of the whole disk, and
 * the core has already checked that they lie inside the armed partition.
 *
 * Pages straight from RAM.  A hook that sets phys_segments in probe() also
 * takes requests with no buffer (rq->buf NULL): their data is rq->seg, a
 * list of nr_segs segments (split.h), each whole 4 KiB blocks on a 4 KiB
 * boundary, within max_segment_size, at most max_segments of them and
 * max_transfer bytes in all.  The hook passes their addresses to the
 * device as they are: physical addresses of RAM, or dma addresses inside
 * the buffers (the chunk header, pages copied all the same).  The core
 * sends such requests only when the device sees memory without
 * translation (no IOMMU, no DMA offset, no encrypted memory, a DMA mask
 * that covers the RAM), the dump is not compressed and pages_from_ram is
 * set; otherwise, and for a hook without phys_segments, every page goes
 * through the buffers.  The segment list
 * stays valid until the request completes or the next quiesce().
 *
 * After a failure.  Once poll() returned an error, or a request outlived
 * its deadline, the device may still own that request's buffer and
 * descriptors.  The only calls the core makes next are quiesce(), which
 * must forget every earlier request (a reset: no completion from before it
 * may ever be reported for a later request), and shutdown().  Only after a
 * quiesce() that returned 0 does the core submit again.  poll() returning
 * -EAGAIN is not a failure: the request completed with a condition worth
 * retrying (unit attention, busy, not ready yet); the core submits it
 * again on the same tag, the first time at once, then backing off from
 * 10 ms to 1 s, for up to 30 s (diskdump/retry.h).  -ECOMM is the same
 * for a request the device aborted in transit (SCSI's ABORTED COMMAND),
 * retried a few times only: a transport blip passes, a failing medium
 * does not.
 */
#ifndef DISKDUMP_HOOK_H
#define DISKDUMP_HOOK_H

#include <linux/delay.h>
#include <linux/device/driver.h>
#include <linux/math64.h>
#include <linux/nmi.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <asm/tsc.h>

#include "diskdump/split.h"

struct gendisk;
struct module;
struct device;

/* The most requests a hook may keep in flight. */
#define DD_MAX_QUEUE		32
/* What one request may take when the hook does not say. */
#define DD_IO_TIMEOUT_MS	(30 * MSEC_PER_SEC)
/* What quiesce() may take when the hook does not say. */
#define DD_RESET_TIMEOUT_MS	(5 * MSEC_PER_SEC)

struct dd_buf {
	void		*cpu;
	dma_addr_t	dma;
	size_t		size;
};

struct dd_disk {
	/* Filled by the hook's probe(). */
	void		*hook_data;
	/*
	 * The controller.  The core holds a reference while armed, and
	 * disarms when its driver unbinds or it goes away (a PCI device:
	 * the core watches the PCI bus).
	 */
	struct device	*dev;
	struct device	*dma_dev;	/* NULL: buffers use physical addresses */
	unsigned int	queue_depth;	/* requests in flight, 1..DD_MAX_QUEUE */
	u32		max_transfer;	/* bytes per request */
	u32		max_segments;	/* S/G elements per request */
	u32		max_segment_size; /* bytes per element */
	u32		logical_block_size; /* 512 to 4096, a power of two */
	u32		reset_timeout_ms; /* quiesce(); 0: DD_RESET_TIMEOUT_MS */
	u32		io_timeout_ms;	/* one request; 0: DD_IO_TIMEOUT_MS */
	size_t		reserved_bytes;	/* memory the hook keeps while armed */
	bool		phys_segments;	/* submit() takes rq->seg lists too */
	char		description[64]; /* "virtio-blk 0000:00:04.0" */
};

enum dd_op {
	DD_OP_READ,
	DD_OP_WRITE,
	DD_OP_FLUSH,		/* the disk's volatile cache; no data */
};

struct dd_request {
	enum dd_op		op;
	u64			sector;	/* 512-byte units of the whole disk */
	const struct dd_buf	*buf;	/* a buffer given to prepare(), or NULL */
	size_t			offset;	/* into buf */
	u32			len;	/* bytes */
	/* With buf NULL (phys_segments): the data, len bytes in all. */
	const struct dd_seg	*seg;
	unsigned int		nr_segs;
};

struct dd_hook_ops {
	const char	*name;
	struct module	*owner;

	/* Arm time. 0: this hook drives the disk; -ENODEV: not mine. */
	int (*probe)(struct dd_disk *d, struct gendisk *disk);
	/* Optional: the core's buffers, once, after probe(). */
	int (*prepare)(struct dd_disk *d, const struct dd_buf *bufs,
		       unsigned int nr);
	void (*release)(struct dd_disk *d);

	/* Panic time.  Take the controller over; also the reset after a failure. */
	int (*quiesce)(struct dd_disk *d);
	/* Start request rq on tag (below queue_depth, not in flight). */
	int (*submit)(struct dd_disk *d, unsigned int tag,
		      const struct dd_request *rq);
	/*
	 * Has the request on tag completed?  0: yes, successfully;
	 * -EINPROGRESS: not yet; -EAGAIN: yes, submit it again; -ECOMM:
	 * aborted, submit it again a few times; any other error: it failed.
	 * Must not wait.
	 */
	int (*poll)(struct dd_disk *d, unsigned int tag);
	void (*shutdown)(struct dd_disk *d);
};

int dd_register_hook(const struct dd_hook_ops *ops);
void dd_unregister_hook(const struct dd_hook_ops *ops);

/* A hook module's boilerplate: its ops registered at load, unregistered at unload. */
#define module_dd_hook(ops) module_driver(ops, dd_register_hook, dd_unregister_hook)

/*
 * PCI config space at panic, for a hook that must write it (a reset that
 * loses it): configuration mechanism #1 without the PCI core's lock,
 * which a stopped CPU may hold.  Only where dd_pci_cfg_reachable() (PCI
 * domain 0 on x86), checked at arm time.  Before each quiesce() the core
 * itself checks the controller's function is present and in D0, and
 * turns memory decode and bus mastering back on (kernel/diskdump/pci.c).
 */
struct pci_dev;
bool dd_pci_cfg_reachable(struct pci_dev *pdev);
u32 dd_pci_cfg_read(struct pci_dev *pdev, unsigned int off, unsigned int bytes);
void dd_pci_cfg_write(struct pci_dev *pdev, unsigned int off, u32 val,
		      unsigned int bytes);

/*
 * A deadline that works at panic.  The timekeeper is never updated then
 * (no timer ticks) and a clocksource such as a 32-bit HPET wraps within a
 * minute; counting loop passes fails too, because one register read of a
 * dead PCIe device can take as long as a completion timeout.  The TSC
 * needs neither; without a known TSC rate the budget is counted in udelay()
 * steps instead, the best there is.
 */
struct dd_deadline {
	u64	end_tsc;
	u64	pat_tsc;	/* when to pat the watchdogs next */
	u64	budget_us;	/* without TSC */
};

/* How often a wait pats the NMI and lockup watchdogs (they bark at 10 s). */
#define DD_DEADLINE_PAT_MS	100

static inline void dd_deadline_start(struct dd_deadline *dl, u64 ms)
{
	u64 now = tsc_khz ? rdtsc() : 0;

	dl->budget_us = ms * USEC_PER_MSEC;
	dl->end_tsc = tsc_khz ? now + ms * tsc_khz : 0;
	dl->pat_tsc = now;
}

/*
 * For poll loops: true once the deadline has passed.  A hook's waits at
 * panic (a controller reset, a firmware coming ready) can last many
 * seconds with interrupts off: a look tells the NMI and lockup watchdogs
 * this CPU is alive, every DD_DEADLINE_PAT_MS on the TSC (not on every
 * look: the core's poll loops look millions of times), or on every look
 * without it.
 */
static inline bool dd_deadline_passed(struct dd_deadline *dl)
{
	u64 now;

	if (dl->end_tsc) {
		now = rdtsc();
		if ((s64)(now - dl->pat_tsc) >= 0) {
			touch_nmi_watchdog();
			dl->pat_tsc = now + DD_DEADLINE_PAT_MS * tsc_khz;
		}
		return (s64)(now - dl->end_tsc) > 0;
	}
	touch_nmi_watchdog();
	if (!dl->budget_us)
		return true;
	dl->budget_us--;
	udelay(1);
	return false;
}

#endif /* DISKDUMP_HOOK_H */
