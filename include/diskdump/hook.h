/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between diskdump.ko and a controller hook module.
 *
 * At arm time (process context) the core asks every registered hook to
 * probe() the disk that holds the partition; the first that returns 0 owns
 * it.  probe() reserves everything the hook will need at panic time and
 * fills in the limits below.
 *
 * At panic time (one CPU, interrupts off, other CPUs stopped, any lock
 * possibly held) the core calls quiesce() once, then submit()/wait() and
 * flush(), then shutdown().  These must not allocate, sleep, take locks
 * shared with the normal driver, map DMA or enter the block layer, and every
 * wait must give up after a bounded time.
 *
 * Addresses are in 512-byte sectors of the whole disk; the core has already
 * checked that they lie inside the armed partition.  Buffers were allocated
 * by the core at arm time for hook->dma_dev (or, when that is NULL, are
 * physically contiguous and addressed by their physical address).
 */
#ifndef DISKDUMP_HOOK_H
#define DISKDUMP_HOOK_H

#include <linux/delay.h>
#include <linux/time64.h>
#include <linux/types.h>

struct gendisk;
struct module;
struct device;

struct dd_buf {
	void		*cpu;
	dma_addr_t	dma;
	size_t		size;
};

struct dd_disk {
	/* Filled by the hook's probe(). */
	void		*hook_data;
	struct device	*dma_dev;	/* NULL: buffers use physical addresses */
	unsigned int	max_slots;	/* requests the hook can keep in flight */
	size_t		max_transfer;	/* bytes per request */
	size_t		reserved_bytes;	/* memory the hook keeps while armed */
	char		description[64]; /* "virtio-blk 0000:00:04.0" */
};

struct dd_hook_ops {
	const char	*name;
	struct module	*owner;

	/* Arm time. 0: this hook drives the disk; -ENODEV: not mine. */
	int (*probe)(struct dd_disk *d, struct gendisk *disk);
	void (*release)(struct dd_disk *d);

	/* Panic time. */
	int (*quiesce)(struct dd_disk *d);
	int (*submit)(struct dd_disk *d, unsigned int slot, bool write,
		      u64 sector, const struct dd_buf *buf, size_t len);
	/* Poll until the request in slot completes: 0, -EIO or -ETIMEDOUT. */
	int (*wait)(struct dd_disk *d, unsigned int slot);
	int (*flush)(struct dd_disk *d);
	void (*shutdown)(struct dd_disk *d);
};

int dd_register_hook(const struct dd_hook_ops *ops);
void dd_unregister_hook(const struct dd_hook_ops *ops);

/* Per-wait limit shared by every hook: a disk that does not answer in this
 * long is given up so the machine can still reboot.
 */
#define DD_IO_TIMEOUT_US	(30ull * USEC_PER_SEC)

/*
 * One step of a bounded poll loop: false while *budget_us lasts, after a
 * microsecond's delay.  Time is counted in udelay() steps, not read from a
 * clock: at panic there are no timer ticks, so the timekeeper is never
 * updated, and a clocksource such as a 32-bit HPET wraps within a minute,
 * after which ktime readings would make a wait end at once or never.
 */
static inline bool dd_poll_expired(u64 *budget_us)
{
	if (!*budget_us)
		return true;
	(*budget_us)--;
	udelay(1);
	return false;
}

#endif /* DISKDUMP_HOOK_H */
