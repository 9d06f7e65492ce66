/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the CISS protocol code (proto.c) needs from where it runs: register
 * access, the PCI configuration space (saved at arm time, restored after
 * a reset), a deadline, a delay, a view of DMA memory.  In the kernel these
 * are readl()/writel() on the controller's mappings and the core's TSC
 * deadline; in userspace (tests/ciss/) the register-level simulator
 * provides them, with a simulated clock, so the same protocol code is
 * tested against every fault the simulator injects.
 */
#ifndef DISKDUMP_CISS_ENV_H
#define DISKDUMP_CISS_ENV_H

/* The three windows the protocol reads and writes. */
enum ciss_space {
	CISS_SPACE_REGS,	/* the register BAR */
	CISS_SPACE_CFG,		/* the configuration table */
	CISS_SPACE_TT,		/* the performant-mode transport table */
	CISS_NR_SPACES,
};

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <diskdump/hook.h>

struct ciss_io {
	void __iomem	*base[CISS_NR_SPACES];
	/* Arm time: a page of DMA memory the controller writes (a reply queue). */
	void		*(*dma_page)(struct ciss_io *io, __u64 bus);
	struct pci_dev	*pdev;
	bool		pci_ok;		/* ciss_pci_wr() can reach it at panic */
	void		*owner;
};

/* Arm time, process context: config space as the PCI core reads it. */
static inline __u32 ciss_pci_rd(struct ciss_io *io, __u32 off)
{
	u32 v = ~0u;

	pci_read_config_dword(io->pdev, off, &v);
	return v;
}

/* Panic time: without the PCI core's lock (diskdump/hook.h). */
static inline void ciss_pci_wr(struct ciss_io *io, __u32 off, __u32 v,
			       unsigned int bytes)
{
	dd_pci_cfg_write(io->pdev, off, v, bytes);
}

struct ciss_deadline {
	struct dd_deadline dl;
};

static inline __u32 ciss_rd(struct ciss_io *io, enum ciss_space s, __u32 off)
{
	return readl(io->base[s] + off);
}

static inline void ciss_wr(struct ciss_io *io, enum ciss_space s, __u32 off,
			   __u32 v)
{
	writel(v, io->base[s] + off);
}

static inline void ciss_deadline_start(struct ciss_io *io,
				       struct ciss_deadline *d, unsigned int ms)
{
	dd_deadline_start(&d->dl, ms);
}

static inline bool ciss_deadline_passed(struct ciss_io *io,
					struct ciss_deadline *d)
{
	return dd_deadline_passed(&d->dl);
}

/* The reset's waits last seconds with interrupts off: pat the watchdogs. */
static inline void ciss_udelay(struct ciss_io *io, unsigned int us)
{
	udelay(us);
	touch_nmi_watchdog();
}

/* A reply queue entry the controller writes behind our back. */
static inline __u64 ciss_read_ring(const void *p)
{
	return le64_to_cpu(READ_ONCE(*(const __le64 *)p));
}

/* What the controller wrote before the entry we saw, we see too. */
static inline void ciss_dma_rmb(void)
{
	dma_rmb();
}

#else /* userspace: tests/ciss/ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

struct ciss_sim;

struct ciss_io {
	struct ciss_sim	*sim;
	void		*(*dma_page)(struct ciss_io *io, __u64 bus);
	bool		pci_ok;
	void		*owner;
};

struct ciss_deadline {
	__u64 end_us;
};

/* Implemented by the simulator (tests/ciss/sim.c). */
__u32 ciss_rd(struct ciss_io *io, enum ciss_space s, __u32 off);
void ciss_wr(struct ciss_io *io, enum ciss_space s, __u32 off, __u32 v);
void ciss_udelay(struct ciss_io *io, unsigned int us);
__u32 ciss_pci_rd(struct ciss_io *io, __u32 off);
void ciss_pci_wr(struct ciss_io *io, __u32 off, __u32 v, unsigned int bytes);
__u64 ciss_sim_now_us(struct ciss_io *io);

static inline void ciss_deadline_start(struct ciss_io *io,
				       struct ciss_deadline *d, unsigned int ms)
{
	d->end_us = ciss_sim_now_us(io) + (__u64)ms * 1000;
}

static inline bool ciss_deadline_passed(struct ciss_io *io,
					struct ciss_deadline *d)
{
	return ciss_sim_now_us(io) >= d->end_us;
}

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* The simulator runs on a little-endian host, in the same thread. */
static inline __u64 ciss_read_ring(const void *p)
{
	__u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void ciss_dma_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

#endif /* __KERNEL__ */

#endif /* DISKDUMP_CISS_ENV_H */
