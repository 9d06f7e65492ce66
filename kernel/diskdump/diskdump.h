/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations of diskdump.ko. */
#ifndef DISKDUMP_INTERNAL_H
#define DISKDUMP_INTERNAL_H

#include <linux/blkdev.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/timekeeping.h>
#include <linux/types.h>
#include <linux/zstd.h>

#include <asm/tsc.h>

#include "diskdump/format.h"
#include "diskdump/hook.h"
#include "diskdump/split.h"
#include "compat.h"

#define DD_MAX_TARGETS		8
/* Chunks kept in flight on the disk while the CPUs fill the next ones. */
#define DD_IO_SLOTS		3
/*
 * CPUs that panic() stopped and that fill chunks for the panicking one
 * (helpers.c), at most; workers are the helpers and the panicking CPU.
 */
#define DD_MAX_HELPERS		15
#define DD_MAX_WORKERS		(1 + DD_MAX_HELPERS)
/*
 * Chunk buffers: one being filled by each worker, with helpers one more
 * listed ahead for the next helper that is done (arm.c), the rest in
 * flight.
 */
#define DD_MAX_SLOTS		(DD_IO_SLOTS + DD_MAX_WORKERS + 1)
/* One chunk: a header block and up to DD_CHUNK_MAX_PAGES page blocks. */
#define DD_CHUNK_BLOCKS		(1 + DD_CHUNK_MAX_PAGES)
#define DD_CHUNK_BYTES		(DD_CHUNK_BLOCKS * DD_BLOCK_SIZE)
/*
 * A chunk slot's buffer: the chunk, then one block for the segment list
 * of a chunk written from RAM (fill.c), whose payload area may hold the
 * pages that are copied all the same.
 */
#define DD_SLOT_BYTES		(DD_CHUNK_BYTES + DD_BLOCK_SIZE)
/* Room reserved on the partition for the kernel log. */
#define DD_DMESG_BLOCKS		(DD_CHUNK_BYTES / DD_BLOCK_SIZE)

/* One System RAM range, in CPU byte order (the header's are little-endian). */
struct dd_ram_range {
	u64		start_pfn;
	u64		nr_pages;
};

/* What the panic path needs to know about the running system. */
struct dd_sysinfo {
	u32		nr_ranges;
	struct dd_ram_range ranges[DD_MAX_RANGES];
	u64		nr_pages;
	u64		kernel_text_paddr;
	u64		kernel_text_size;
	/*
	 * Notes room for every possible CPU; the physical address of each
	 * CPU's crash_notes by CPU id (nr_cpu_ids entries; 0: unknown).
	 */
	u32		nr_cpus;
	phys_addr_t	*crash_notes;
	size_t		crash_notes_size;
};

/* What one worker fills chunks with: its own, so workers never share. */
struct dd_worker {
	void		*wrkmem;	/* LZO's dictionary */
	void		*zstd_ws;	/* zstd's workspace, and its context in it */
	zstd_cctx	*zstd;
	zstd_parameters	zstd_params;
	void		*page;		/* the page being compressed, copied */
	void		*out;		/* LZO output that may not fit in place */
};

/*
 * A chunk slot's progress through one dump.  The panicking CPU lists the
 * pages (FREE -> TODO), a worker claims it (BUSY) and fills it (DONE),
 * the panicking CPU writes it in order (INFLIGHT), and once the disk is
 * done with the buffer it is FREE again.  A chunk written straight from
 * RAM is checked first: WRITTEN, a worker hashes its pages again
 * (CHECKING), and it is FREE, or CHANGED for the panicking CPU to write
 * it again from a copy (INFLIGHT again).
 */
enum {
	DD_JOB_FREE, DD_JOB_TODO, DD_JOB_BUSY, DD_JOB_DONE, DD_JOB_INFLIGHT,
	DD_JOB_WRITTEN, DD_JOB_CHECKING, DD_JOB_CHANGED,
};

struct dd_job {
	atomic_t	state;
	u64		seq;		/* the chunk's place in the dump */
	u32		nr_pages;	/* listed by the panicking CPU */
	/* Filled in by the worker: */
	bool		by_helper;
	/*
	 * The payload is the pages in RAM, not the buffer: the buffer's
	 * payload area holds the segment list (header block, then the
	 * pages), and the pages are hashed again once written (writer.c).
	 */
	bool		from_ram;
	u32		nr_segs;
	/* Of a chunk from RAM, the pages copied into the payload after all. */
	DECLARE_BITMAP(copied, DD_CHUNK_MAX_PAGES);
	u32		zero, unreadable;
	u64		payload;	/* bytes on disk (with a sealed chunk's tag) */
	u64		data_bytes;	/* of pages: the header's payload_bytes */
	u64		payload_xxh64;
	/* Set by the panicking CPU when it queues the chunk: */
	u64		block;
	/* Who claimed it (0 the panicking CPU), set just after the claim. */
	unsigned int	worker;
	/* The panicking CPU's watch on a helper's claim (fill.c). */
	u64		watch_seq;
	int		watch_state;
	struct dd_deadline watch;
};

/*
 * Who a request in flight belongs to: the meta buffer (label, header,
 * trailer, flush), or one of the chunk slots.  A buffer is refilled only
 * once its owner has nothing in flight.  Buffers are numbered as owners,
 * so the hook's prepare() gets just the ones that exist.
 */
#define DD_OWNER_META		0
#define DD_NR_OWNERS		(1 + DD_MAX_SLOTS)
static inline unsigned int dd_slot_owner(unsigned int slot)
{
	return 1 + slot;
}

struct dd_tag {
	struct dd_request	rq;
	struct dd_deadline	deadline;
	unsigned int		owner;
	unsigned int		tries;		/* retries after -EAGAIN */
	bool			backing_off;	/* until resubmit_at */
	struct dd_deadline	resubmit_at;
	struct dd_deadline	retry_budget;	/* from the first -EAGAIN */
};

/* Requests in flight, completed oldest first (io.c). */
struct dd_queue {
	unsigned int		depth;		/* the hook's queue_depth */
	unsigned int		head;		/* oldest tag in flight */
	unsigned int		nr_busy;
	unsigned int		owner_busy[DD_NR_OWNERS];
	bool			failed;		/* only a reset may follow */
	u64			nr_requests;	/* data requests sent */
	u64			retries;	/* submissions again after -EAGAIN */
	u64			reset_ns;	/* the last takeover's end */
	u64			polls;
	struct dd_tag		tag[DD_MAX_QUEUE];
};

/* One armed partition. */
/* seal.c: a device's sealing key, made when it is armed (diskdump/seal.h). */
struct dd_seal {
	bool		on;
	u8		key[32];	/* the dump key K */
	u8		pub[32];	/* the one-time public key E */
	u8		key_id[8];	/* which administrator's key */
};

struct dd_target {
	dev_t			devt;
	/* Held while armed: exclusively for a dedicated partition; a swap
	 * area is only referenced, so that swapon and swapoff go on working.
	 */
	struct dd_bdev_ref	bdev_ref;
	struct block_device	*bdev;
	const struct dd_hook_ops *ops;
	struct dd_disk		disk;

	sector_t		start_sect;	/* of the partition on its disk */
	/*
	 * The dump area: the partition as far as its label describes it, or
	 * a swap area up to its last page (swap.h).
	 */
	u64			nr_blocks;
	u64			notes_blocks;
	u64			dump_id_seed;

	bool			swap;		/* a swap area, not a formatted partition */
	/* The label, or for a swap area what swap.h makes of its header. */
	struct dd_label		label;
	/* Block 0 as read at arm time: compared at panic, never written. */
	u8			block0[DD_BLOCK_SIZE];
	unsigned int		nr_slots;
	/* One block for label and header (DD_OWNER_META), then the chunk slots. */
	struct dd_buf		buf[DD_NR_OWNERS];
	struct dd_job		job[DD_MAX_SLOTS];
	/* The panicking CPU's, then one per helper CPU. */
	unsigned int		nr_workers;
	struct dd_worker	worker[DD_MAX_WORKERS];
	/* Helpers taken to be wedged: they get no more work (fill.c). */
	unsigned long		retired;
	unsigned int		test_claims;	/* test_wedge_helper's count */
	/* How this dump fills chunks; set before helpers may see it. */
	unsigned int		fill_level;
	unsigned int		fill_compress;	/* DD_COMPRESS_* */
	bool			fill_from_ram;	/* uncompressed pages from RAM */
	struct dd_seal		seal;
	/*
	 * Pages straight from RAM (hook.h): the longest segment, 0 when the
	 * hook or the machine does not allow it; pfns from ram_pfn_limit up
	 * (RAM added since arm time, beyond the DMA mask) are copied.
	 */
	u32			seg_max_len;
	u64			ram_pfn_limit;
	size_t			reserved_bytes;	/* all of the above, and the hook's */

	u64			armed_bytes;	/* partition size when armed */
	bool			gone;		/* its controller went away */
	u32			request_bytes;	/* largest request (split.h) */
	u32			io_timeout_ms;
	struct dd_queue		q;		/* used at panic only */
};

/* seal.c */
int dd_seal_set_admin_key(const u8 *key);
bool dd_seal_admin_key(u8 id[8]);
int dd_seal_arm(struct dd_seal *sl);
void dd_seal_wipe(struct dd_seal *sl);
size_t dd_seal_area(const struct dd_seal *sl, u64 dump_id, u64 nonce, void *buf, size_t len);
void dd_seal_chunk(const struct dd_seal *sl, u64 seq, u32 nr_pages,
		   const struct dd_page_desc *pages, void *payload, size_t bytes);
void dd_seal_header(const struct dd_seal *sl, struct dd_dump_header *h);

/* params.c: module parameters, read once per dump. */
extern unsigned int dd_dump_level;
extern unsigned int dd_compress_alg;
extern unsigned int dd_dump_timeout;	/* seconds; 0: scaled to the RAM */
extern unsigned int dd_helper_cpus;	/* at most; read at arm time */
extern bool dd_pages_from_ram;
extern unsigned int dd_test_eagain_ms;	/* tests only */
extern unsigned int dd_test_wedge_helper; /* tests only */

/* select.c: dump level filtering, and pages no kernel code writes. */
unsigned long dd_pages_to_skip(unsigned long pfn, unsigned int level);
unsigned long dd_pages_left_alone(unsigned long pfn);

/* compress.c: one worker's compression of one page. */
size_t dd_worker_reserved(void);
int dd_worker_init(struct dd_worker *wk);
void dd_worker_free(struct dd_worker *wk);
size_t dd_compress_page(struct dd_worker *wk, unsigned int alg, void *dst,
			size_t room);

/*
 * fill.c: a worker fills the pages of one chunk slot listed as TODO, or
 * checks one WRITTEN; false when there was nothing to do.
 */
bool dd_work_one(struct dd_target *t, unsigned int worker);
void dd_chunk_copy(struct dd_target *t, unsigned int slot);
unsigned int dd_take_back_stalled(struct dd_target *t);
bool dd_worker_retired(const struct dd_target *t, unsigned int worker);

/* pci.c: the controller's PCI function before each takeover. */
int dd_pci_takeover(struct dd_target *t);

/*
 * helpers.c: the CPUs panic() stops are stopped by this module instead,
 * and fill chunks until the dump ends.
 */
int dd_helpers_init(void);
void dd_helpers_exit(void);
void dd_helpers_start(struct dd_target *t);	/* chunks of t to fill */
void dd_helpers_stop(void);			/* no more */
void dd_helpers_release(void);			/* halt: the dump is over */
unsigned int dd_helpers_arrived(void);
const struct pt_regs *dd_helper_regs(unsigned int cpu);

/* main.c: the registry of hooks and of armed targets. */
extern struct mutex dd_lock;
extern struct dd_target *dd_targets[DD_MAX_TARGETS];
/* Replaced whole at each arm; the panic path reads it without a lock. */
extern struct dd_sysinfo *dd_sys;
int dd_probe_hooks(struct dd_target *t, struct gendisk *disk);
void dd_put_hook(struct dd_target *t);

/* arm.c */
int dd_arm(dev_t devt);
int dd_disarm(dev_t devt);
int dd_update_sysinfo(void);	/* with dd_lock held */

/* lifetime.c: device removal and memory hotplug while armed. */
int dd_lifetime_init(void);
void dd_lifetime_exit(void);

/* sysinfo.c: arm-time discovery of RAM, kernel text and CPU notes. */
struct dd_sysinfo *dd_sysinfo_collect(void);
void dd_sysinfo_free(struct dd_sysinfo *s);

/* sysfs.c */
int dd_sysfs_init(void);
void dd_sysfs_exit(void);

/*
 * io.c: every panic-time transfer goes through these.  owner is a chunk
 * slot or DD_OWNER_META.  After any error only dd_io_reset() lets I/O
 * through again.
 */
int dd_io_reset(struct dd_target *t);
int dd_io_queue(struct dd_target *t, unsigned int owner, enum dd_op op,
		u64 block, const struct dd_buf *buf, u64 nr_blocks);
int dd_io_queue_segs(struct dd_target *t, unsigned int owner, u64 block,
		     const struct dd_seg *seg, unsigned int nr);
int dd_io_wait_owner(struct dd_target *t, unsigned int owner);
int dd_io_reap(struct dd_target *t);
bool dd_io_owner_busy(const struct dd_target *t, unsigned int owner);
int dd_io_drain(struct dd_target *t);
int dd_io_sync(struct dd_target *t, unsigned int owner, enum dd_op op,
	       u64 block, const struct dd_buf *buf, u64 nr_blocks);
int dd_io_flush(struct dd_target *t);

/* notes.c: the ELF notes area (registers, VMCOREINFO). */
size_t dd_notes_max_size(const struct dd_sysinfo *s);
void dd_notes_save_cpu(const struct dd_sysinfo *s, unsigned int cpu,
		       const struct pt_regs *regs);
size_t dd_notes_build(void *buf, size_t size, const struct dd_sysinfo *s,
		      const struct pt_regs *panic_regs, int panic_cpu,
		      time64_t crash_time, bool *others_saved, u32 *nr_notes);

/* What one quiesce() may take: the hook's word, or the contract's default. */
static inline u32 dd_reset_timeout_ms(const struct dd_target *t)
{
	return t->disk.reset_timeout_ms ?: DD_RESET_TIMEOUT_MS;
}

/*
 * Nanoseconds for reporting how long a dump took.  The TSC does not wrap
 * and needs no timer tick, unlike the timekeeper, which panic leaves
 * without updates; ktime is only the fallback when the TSC's rate is
 * unknown.
 */
static inline u64 dd_clock_ns(void)
{
	if (tsc_khz)
		return mul_u64_u32_div(rdtsc(), NSEC_PER_MSEC, tsc_khz);
	return ktime_get_mono_fast_ns();
}

/*
 * writer.c: the dump of one target.  The name is part of the interface with
 * crash(8): to find where the panicking task's backtrace starts, crash
 * scans its stack for a return address into a function named disk_dump
 * (the original diskdump's), as it does for kdump's machine_kexec, and
 * unwinds from there with the module's ORC data.  Without it crash falls
 * back to a heuristic start in panic() that sometimes skips frames.
 */
struct dd_panic_info {
	struct pt_regs	regs;
	int		cpu;
	const char	*msg;
	u64		start_ns;
};

int disk_dump(struct dd_target *t, const struct dd_panic_info *pi);

/* panic.c */
int dd_panic_init(void);
void dd_panic_exit(void);

#endif /* DISKDUMP_INTERNAL_H */
