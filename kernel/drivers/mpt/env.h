/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the Fusion-MPT message layer (proto.c) needs from where it runs:
 * the IOC's registers, a deadline, a delay, the messages for the log.  In
 * the kernel these are readl()/writel() on the mapped registers, the
 * core's TSC deadline and printk; in userspace (tests/mpt/) the
 * register-level MPI simulator provides them, with a simulated clock, so
 * the same protocol code meets every rule and fault the simulator has.
 */
#ifndef DISKDUMP_MPT_ENV_H
#define DISKDUMP_MPT_ENV_H

#ifdef __KERNEL__

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/nmi.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>
#include <diskdump/hook.h>

struct mpi_io {
	void __iomem	*regs;
};

struct mpi_deadline {
	struct dd_deadline dl;
};

static inline __u32 mpi_rd(struct mpi_io *io, __u32 off)
{
	return readl(io->regs + off);
}

/* writel() orders the memory writes before it (a frame before its post). */
static inline void mpi_wr(struct mpi_io *io, __u32 off, __u32 v)
{
	writel(v, io->regs + off);
}

static inline void mpi_deadline_start(struct mpi_io *io, struct mpi_deadline *d,
				      unsigned int ms)
{
	dd_deadline_start(&d->dl, ms);
}

static inline bool mpi_deadline_passed(struct mpi_io *io, struct mpi_deadline *d)
{
	return dd_deadline_passed(&d->dl);
}

/* The resets' pauses, with interrupts off: pat the watchdogs. */
static inline void mpi_mdelay(struct mpi_io *io, unsigned int ms)
{
	mdelay(ms);
	touch_nmi_watchdog();
}

/* A reply frame the IOC wrote behind our back. */
static inline __u32 mpi_read_le32(const void *p)
{
	return le32_to_cpu(READ_ONCE(*(const __le32 *)p));
}

/*
 * The layer's messages: "<hook module>: <disk>: ..." (named), or the line
 * as it is; base.c prints them.
 */
struct mpi_ctl;
__printf(4, 5)
void mpi_log(const struct mpi_ctl *c, int level, bool named, const char *fmt, ...);

/* What the hooks call is exported by diskdump_mptbase (base.c). */
#define MPI_EXPORT(sym)	EXPORT_SYMBOL_GPL(sym)

#else /* userspace: tests/mpt/ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/types.h>

struct mpi_sim;

struct mpi_io {
	struct mpi_sim	*sim;
};

struct mpi_deadline {
	__u64 end_us;
};

/* Implemented by the simulator (tests/mpt/sim.c). */
__u32 mpi_rd(struct mpi_io *io, __u32 off);
void mpi_wr(struct mpi_io *io, __u32 off, __u32 v);
void mpi_mdelay(struct mpi_io *io, unsigned int ms);
__u64 mpi_sim_now_us(struct mpi_io *io);
/* The layer's messages, kept by the simulator (the kernel build checks their formats). */
struct mpi_ctl;
void mpi_log(const struct mpi_ctl *c, int level, bool named, const char *fmt, ...);

#define MPI_EXPORT(sym)

static inline void mpi_deadline_start(struct mpi_io *io, struct mpi_deadline *d,
				      unsigned int ms)
{
	d->end_us = mpi_sim_now_us(io) + (__u64)ms * 1000;
}

static inline bool mpi_deadline_passed(struct mpi_io *io, struct mpi_deadline *d)
{
	return mpi_sim_now_us(io) >= d->end_us;
}

/* The simulator runs on a little-endian host, in the same thread. */
static inline __u32 mpi_read_le32(const void *p)
{
	__u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* __KERNEL__ */

#define MPI_LOG_ERR	0
#define MPI_LOG_WARN	1
#define MPI_LOG_INFO	2
#define mpi_err(c, fmt, ...)	mpi_log(c, MPI_LOG_ERR, true, fmt, ##__VA_ARGS__)
#define mpi_warn(c, fmt, ...)	mpi_log(c, MPI_LOG_WARN, true, fmt, ##__VA_ARGS__)
#define mpi_info(c, fmt, ...)	mpi_log(c, MPI_LOG_INFO, true, fmt, ##__VA_ARGS__)
/* A line that names the disk itself (the takeover's, which tests look for). */
#define mpi_info_line(c, fmt, ...) mpi_log(c, MPI_LOG_INFO, false, fmt, ##__VA_ARGS__)

#endif /* DISKDUMP_MPT_ENV_H */
