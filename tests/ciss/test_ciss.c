// SPDX-License-Identifier: GPL-2.0
/*
 * The cciss hook's protocol code (kernel/drivers/cciss/proto.c) against
 * the CISS simulator (sim.c), one line per scenario: "PASS name" or
 * "FAIL name: reason".
 *
 * Each scenario sets the controller up as the failed kernel's hpsa left it
 * (a transport mode, reply queues part-way through a lap, commands of its
 * own in flight), arms, and runs what the core does at panic (hook.h):
 * quiesce, read the label, write the partition in requests of every size
 * the declared limits allow with up to four in flight, flush, shut down.
 * After a failure, as the core does: quiesce again (the reset) and write
 * a trailer block with the status.  Then it checks the outcome the fault
 * should have, the image (the partition's data where written, nothing
 * outside it ever), and that the simulator saw no rule broken.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diskdump/retry.h"
#include "proto.h"
#include "sim.h"

#define DISK_BYTES	(24u << 20)
#define PART_START	(2u << 20)	/* bytes */
#define PART_BYTES	(16u << 20)
#define NR_BUFS		CISS_MAX_SLOTS
#define IO_TIMEOUT_MS	30000	/* DD_IO_TIMEOUT_MS */
#define LABEL_MAGIC	0x4c4142454c5f4444ull

struct rig {
	struct ciss_sim	sim;
	struct ciss_ctl	ctl;
	void		*mem;
	__u8		*buf[NR_BUFS];
	__u64		buf_bus[NR_BUFS];
	/* The driver's (hpsa's) reply queues, one page each region. */
	void		*ring_page[16];
	unsigned int	nr_ring_pages;
	/* The outcome. */
	int		status;		/* first failure, 0 for a complete dump */
	const char	*status_why;
	__u64		written_to;	/* bytes of the partition written, from its start */
	bool		trailer;
	unsigned int	retries;
};

static unsigned int passed, failed;

static void *page_alloc(size_t size)
{
	void *p = NULL;

	if (posix_memalign(&p, 4096, size)) {
		perror("posix_memalign");
		exit(2);
	}
	memset(p, 0, size);
	return p;
}

static __u64 pattern(__u64 off)
{
	return off * 0x9e3779b97f4a7c15ull ^ 0xdd;
}

static void rig_init(struct rig *r, __u32 block_size)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	sim_init(&r->sim, block_size, DISK_BYTES / block_size);
	memcpy(r->sim.lun, "\x01\x00\x00\x40\x00\x00\x00\x00", 8);
	/* The label the dump reads back first. */
	for (i = 0; i < block_size / 8; i++)
		memcpy(r->sim.disk + PART_START + 8 * i, &(__u64){ LABEL_MAGIC + i }, 8);
	r->mem = page_alloc(8192);
	for (i = 0; i < NR_BUFS; i++) {
		r->buf[i] = page_alloc(CISS_MAX_TRANSFER);
		r->buf_bus[i] = sim_dma_map(&r->sim, r->buf[i], CISS_MAX_TRANSFER);
	}
}

static void rig_free(struct rig *r)
{
	unsigned int i;

	for (i = 0; i < NR_BUFS; i++)
		free(r->buf[i]);
	for (i = 0; i < r->nr_ring_pages; i++)
		free(r->ring_page[i]);
	free(r->mem);
	sim_free(&r->sim);
}

/* The driver's side: a mode change, waited for as hpsa does. */
static void driver_change(struct rig *r, __u32 method)
{
	sim_write(&r->sim, CISS_SPACE_CFG, CISS_CFG_TRANS_REQUEST, method);
	sim_write(&r->sim, CISS_SPACE_CFG, CISS_CFG_POOL_ADDR_HI, 0);
	sim_write(&r->sim, CISS_SPACE_REGS, CISS_REG_DOORBELL, CISS_DB_CHANGE_REQ);
	while (sim_read(&r->sim, CISS_SPACE_REGS, CISS_REG_DOORBELL) & CISS_DB_CHANGE_REQ)
		sim_advance(&r->sim, 1000);
}

/* hpsa's performant set-up: its block-fetch sizes, its reply queues. */
static void driver_performant(struct rig *r, unsigned int nr_queues, unsigned int entries,
			      __u32 extra)
{
	static const __u32 bft[8] = { 5, 6, 8, 10, 12, 20, 28, 36 };
	unsigned int q, k, pages = (entries * 8 + 4095) / 4096;

	for (k = 0; k < 8; k++)
		sim_write(&r->sim, CISS_SPACE_TT, CISS_TT_BLOCK_FETCH(k), bft[k]);
	sim_write(&r->sim, CISS_SPACE_TT, CISS_TT_REPQ_SIZE, entries);
	sim_write(&r->sim, CISS_SPACE_TT, CISS_TT_REPQ_COUNT, nr_queues);
	for (q = 0; q < nr_queues; q++) {
		__u64 bus = 0;

		/* Each page its own allocation: the hook must map page by page. */
		for (k = 0; k < pages; k++) {
			void *p = page_alloc(4096);
			__u64 b = sim_dma_map(&r->sim, p, 4096);

			r->ring_page[r->nr_ring_pages++] = p;
			if (!k)
				bus = b;
		}
		sim_write(&r->sim, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_LO(q), bus & 0xffffffffu);
		sim_write(&r->sim, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_HI(q), bus >> 32);
	}
	driver_change(r, CISS_TRANS_PERFORMANT | extra);
}

/* As hpsa before every entry to performant mode: "zero out this buffer". */
static void driver_zero_rings(struct rig *r)
{
	unsigned int i;

	for (i = 0; i < r->nr_ring_pages; i++)
		memset(r->ring_page[i], 0, 4096);
}

/* The driver's history: n commands completed before the crash. */
static void driver_history(struct rig *r, unsigned int n, unsigned int nr_queues)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		sim_foreign_command(&r->sim, (i % 200) << 4, 1, i % nr_queues);
		sim_advance(&r->sim, 2);
		/* hpsa empties the FIFO in simple mode. */
		while ((r->sim.active & CISS_TRANS_SIMPLE) &&
		       sim_read(&r->sim, CISS_SPACE_REGS, CISS_REG_REPLY) != CISS_FIFO_EMPTY)
			;
	}
}

/* And its commands still in flight at the crash. */
static void driver_busy(struct rig *r, unsigned int n, __u32 spread_us, unsigned int nr_queues)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		sim_foreign_command(&r->sim, ((i + 37) % 1000) << 4, 1 + (__u64)spread_us * i / n,
				    i % (nr_queues ? nr_queues : 1));
}

static void *rig_dma_page(struct ciss_io *io, __u64 bus)
{
	return sim_bus_to_cpu(io->sim, bus, 4096);
}

static int rig_arm(struct rig *r)
{
	struct ciss_ctl *c = &r->ctl;

	memset(c, 0, sizeof(*c));
	c->io.sim = &r->sim;
	c->io.dma_page = rig_dma_page;
	c->io.pci_ok = true;
	c->mem.cpu = r->mem;
	c->mem.bus = sim_dma_map(&r->sim, r->mem, CISS_MEM_BYTES);
	memcpy(c->lun, r->sim.lun, 8);
	c->block_size = r->sim.block_size;
	c->nr_slots = CISS_MAX_SLOTS;
	return ciss_arm(c);
}

/* The core's side (kernel/diskdump/io.c), in miniature. */
struct req {
	enum ciss_op	op;
	__u64		off;	/* bytes from the disk's start */
	__u32		len;
	unsigned int	buf;
	unsigned int	tries;
	struct ciss_deadline dl;
	struct ciss_deadline budget;	/* of its retries */
};

static int core_start(struct rig *r, unsigned int slot, struct req *q)
{
	__u32 bs = r->ctl.block_size;

	ciss_deadline_start(&r->ctl.io, &q->dl, IO_TIMEOUT_MS);
	return ciss_submit(&r->ctl, slot, q->op, q->off / bs, q->len / bs, r->buf_bus[q->buf]);
}

static int core_wait(struct rig *r, unsigned int slot, struct req *q)
{
	int ret;

	for (;;) {
		ret = ciss_poll(&r->ctl, slot);
		/* The core's retry policy, its back-off on the simulated clock. */
		if (ret == -EAGAIN && !q->tries)
			ciss_deadline_start(&r->ctl.io, &q->budget, DD_RETRY_BUDGET_MS);
		if (ret == -EAGAIN &&
		    dd_retry_allowed(q->tries, ciss_deadline_passed(&r->ctl.io, &q->budget), 0)) {
			q->tries++;
			r->retries++;
			if (dd_retry_delay_ms(q->tries))
				ciss_udelay(&r->ctl.io, dd_retry_delay_ms(q->tries) * 1000);
			ret = core_start(r, slot, q);
			if (ret)
				return ret;
			continue;
		}
		if (ret != -EINPROGRESS)
			return ret;
		if (ciss_deadline_passed(&r->ctl.io, &q->dl))
			return -ETIMEDOUT;
		/* The core's cpu_relax(): time passes between two polls. */
		sim_advance(&r->sim, 1);
	}
}

static void fill(struct rig *r, unsigned int buf, __u64 off, __u32 len)
{
	__u32 i;

	for (i = 0; i < len; i += 8)
		memcpy(r->buf[buf] + i, &(__u64){ pattern(off + i) }, 8);
}

/*
 * Write the partition after the label with up to nr_slots requests in
 * flight, completing the oldest first, each request on its own buffer.
 */
static int core_write_all(struct rig *r)
{
	static const __u32 sizes[] = { CISS_MAX_TRANSFER, 4096, 65536, 65536 + 4096,
				       516 * 1024, 8192, 12288, 256 * 1024 };
	struct req q[CISS_MAX_SLOTS];
	unsigned int head = 0, busy = 0, n = 0, depth = r->ctl.nr_slots;
	__u64 off = PART_START + 4096, end = PART_START + PART_BYTES - 4096;
	int ret;

	while (off < end || busy) {
		if (off < end && busy < depth) {
			unsigned int slot = (head + busy) % depth;
			__u32 len = sizes[n++ % (sizeof(sizes) / sizeof(sizes[0]))];

			if (len > r->ctl.max_sg * CISS_MAX_SEGMENT)
				len = r->ctl.max_sg * CISS_MAX_SEGMENT;
			if (len > end - off)
				len = end - off;
			q[slot] = (struct req){ .op = CISS_OP_WRITE, .off = off, .len = len,
						.buf = slot };
			fill(r, slot, off, len);
			ret = core_start(r, slot, &q[slot]);
			if (ret)
				return ret;
			off += len;
			busy++;
			continue;
		}
		ret = core_wait(r, head, &q[head]);
		if (ret)
			return ret;
		r->written_to = q[head].off + q[head].len - PART_START;
		head = (head + 1) % depth;
		busy--;
	}
	return 0;
}

static int core_one(struct rig *r, enum ciss_op op, __u64 off, __u32 len)
{
	struct req q = { .op = op, .off = off, .len = len, .buf = 0 };
	int ret = core_start(r, 0, &q);

	return ret ? ret : core_wait(r, 0, &q);
}

static void core_dump(struct rig *r)
{
	__u32 bs = r->ctl.block_size;
	__u64 label;
	int ret;

	r->status = ciss_quiesce(&r->ctl);
	if (r->status) {
		r->status_why = r->ctl.why;
		return;	/* the core cannot write anything: no trailer */
	}
	ret = core_one(r, CISS_OP_READ, PART_START, bs);
	memcpy(&label, r->buf[0], 8);
	if (!ret && label != LABEL_MAGIC)
		ret = -EBADMSG;
	if (!ret)
		ret = core_write_all(r);
	if (!ret)
		ret = core_one(r, CISS_OP_FLUSH, 0, 0);
	if (ret) {
		r->status = ret;
		r->status_why = r->ctl.why;
		/* As the core: a reset, then the trailer saying what happened. */
		if (ciss_quiesce(&r->ctl))
			goto out;
		memset(r->buf[0], 0, bs);
		memcpy(r->buf[0], "TRAILER", 8);
		memcpy(r->buf[0] + 8, &r->status, sizeof(r->status));
		if (!core_one(r, CISS_OP_WRITE, PART_START + PART_BYTES - bs, bs) &&
		    !core_one(r, CISS_OP_FLUSH, 0, 0))
			r->trailer = true;
	}
out:
	ciss_shutdown(&r->ctl);
}

/* The image: data where the dump wrote, the label untouched, zero elsewhere. */
static const char *check_image(struct rig *r, char *why, size_t size)
{
	const __u8 *d = r->sim.disk;
	__u64 i, end = PART_START + 4096 + (r->status ? 0 : PART_BYTES - 8192);
	__u64 v;

	if (r->status)
		end = PART_START + (r->written_to > 4096 ? r->written_to : 4096);
	for (i = 0; i < PART_START; i++)
		if (d[i])
			goto outside;
	for (i = PART_START + PART_BYTES; i < DISK_BYTES; i++)
		if (d[i])
			goto outside;
	memcpy(&v, d + PART_START, 8);
	if (v != LABEL_MAGIC) {
		snprintf(why, size, "the label was overwritten");
		return why;
	}
	for (i = PART_START + 4096; i < end; i += 8) {
		memcpy(&v, d + i, 8);
		if (v != pattern(i)) {
			snprintf(why, size, "wrong data at byte %" PRIu64, (uint64_t)i);
			return why;
		}
	}
	if (r->trailer && memcmp(d + PART_START + PART_BYTES - r->ctl.block_size, "TRAILER", 8)) {
		snprintf(why, size, "the trailer is not on the disk");
		return why;
	}
	if (!r->status && r->sim.dirty) {
		snprintf(why, size, "written but never flushed");
		return why;
	}
	return NULL;
outside:
	snprintf(why, size, "byte %" PRIu64 " outside the partition was written", (uint64_t)i);
	return why;
}

struct expect {
	int		status;		/* 0, or the failure the dump ends with */
	const char	*why;		/* a substring of ctl.why at that failure */
	bool		trailer;
	unsigned int	resets;
	bool		foreign;	/* foreign completions must have been seen */
	bool		stale;
	bool		retried;
	enum ciss_mode	mode;		/* at the end; CISS_MODE_NONE: any */
};

static void verdict(const char *name, struct rig *r, const struct expect *e)
{
	char why[320];
	const char *bad = NULL;

	if (r->sim.error[0]) {
		snprintf(why, sizeof(why), "simulator: %s", r->sim.error);
		bad = why;
	} else if (r->status != e->status) {
		snprintf(why, sizeof(why), "status %d (%s), expected %d", r->status,
			 r->status_why ? r->status_why : "-", e->status);
		bad = why;
	} else if (e->why && (!r->status_why || !strstr(r->status_why, e->why))) {
		snprintf(why, sizeof(why), "reason \"%s\", expected \"%s\"",
			 r->status_why ? r->status_why : "-", e->why);
		bad = why;
	} else if (r->trailer != e->trailer) {
		snprintf(why, sizeof(why), "trailer %s", r->trailer ? "written" : "missing");
		bad = why;
	} else if (r->ctl.resets != e->resets) {
		snprintf(why, sizeof(why), "%u resets, expected %u", r->ctl.resets, e->resets);
		bad = why;
	} else if (e->foreign != (r->ctl.foreign > 0)) {
		snprintf(why, sizeof(why), "%lu foreign completions", r->ctl.foreign);
		bad = why;
	} else if (e->stale != (r->ctl.stale > 0)) {
		snprintf(why, sizeof(why), "%lu stale completions", r->ctl.stale);
		bad = why;
	} else if (e->retried != (r->retries > 0)) {
		snprintf(why, sizeof(why), "%u retries", r->retries);
		bad = why;
	} else if (e->mode != CISS_MODE_NONE && r->ctl.mode != e->mode) {
		snprintf(why, sizeof(why), "ended in %s mode", ciss_mode_name(r->ctl.mode));
		bad = why;
	} else {
		bad = check_image(r, why, sizeof(why));
	}
	printf("# %s: status %d%s%s, %s mode, %u resets, %lu foreign, %lu stale, %u retries, "
	       "%u flushes, %.3f s simulated\n", name, r->status, r->status_why ? ": " : "",
	       r->status_why ? r->status_why : "", ciss_mode_name(r->ctl.mode), r->ctl.resets,
	       r->ctl.foreign, r->ctl.stale, r->retries, r->sim.flushes,
	       r->sim.now_us / 1e6);
	if (r->ctl.takeover_why)
		printf("# %s: taking over in place: %s (%#x)\n", name, r->ctl.takeover_why,
		       r->ctl.takeover_value);
	if (bad) {
		printf("FAIL ciss-%s: %s\n", name, bad);
		failed++;
	} else {
		printf("PASS ciss-%s\n", name);
		passed++;
	}
}

enum setup { SIMPLE, PERFORMANT };

/* The common case: a controller as hpsa leaves it, a fault, a dump. */
static void scenario(const char *name, enum setup mode, const struct sim_faults *f,
		     const struct expect *e)
{
	struct rig r;
	int ret;

	rig_init(&r, 512);
	r.sim.directed_queues = true;
	if (mode == SIMPLE) {
		driver_change(&r, CISS_TRANS_SIMPLE);
		driver_history(&r, 300, 1);
	} else {
		driver_performant(&r, 4, 1024, CISS_TRANS_DIRECTED_MSIX);
		driver_history(&r, 5 * 1024 + 37, 4);
	}
	if (f)
		r.sim.fault = *f;
	if (f && f->busy_foreign)
		driver_busy(&r, f->busy_foreign, f->busy_spread_us, mode == SIMPLE ? 1 : 4);
	ret = rig_arm(&r);
	if (ret) {
		printf("FAIL ciss-%s: arm: %d (%s)\n", name, ret, r.ctl.why);
		failed++;
	} else {
		core_dump(&r);
		verdict(name, &r, e);
	}
	rig_free(&r);
}

static void plain_scenarios(void)
{
	struct sim_faults f;

	scenario("simple", SIMPLE, NULL, &(struct expect){ .mode = CISS_MODE_SIMPLE });
	scenario("performant", PERFORMANT, NULL,
		 &(struct expect){ .mode = CISS_MODE_PERFORMANT });

	f = (struct sim_faults){ .busy_foreign = 400, .busy_spread_us = 5000 };
	scenario("busy-simple", SIMPLE, &f,
		 &(struct expect){ .foreign = true, .mode = CISS_MODE_SIMPLE });
	scenario("busy-performant", PERFORMANT, &f,
		 &(struct expect){ .foreign = true, .mode = CISS_MODE_PERFORMANT });

	f = (struct sim_faults){ .foreign_every = 3, .duplicate_nth = 5 };
	scenario("foreign-tags-simple", SIMPLE, &f,
		 &(struct expect){ .foreign = true, .stale = true, .mode = CISS_MODE_SIMPLE });
	scenario("foreign-tags-performant", PERFORMANT, &f,
		 &(struct expect){ .foreign = true, .stale = true,
				   .mode = CISS_MODE_PERFORMANT });
}

static void fault_scenarios(void)
{
	struct sim_faults f;

	f = (struct sim_faults){ .lose_nth = 7 };
	scenario("lost-completion-simple", SIMPLE, &f,
		 &(struct expect){ .status = -ETIMEDOUT, .trailer = true, .resets = 1,
				   .mode = CISS_MODE_SIMPLE });
	scenario("lost-completion-performant", PERFORMANT, &f,
		 &(struct expect){ .status = -ETIMEDOUT, .trailer = true, .resets = 1,
				   .mode = CISS_MODE_SIMPLE });

	f = (struct sim_faults){ .sense_nth = 4, .sense_key = 0x6, .asc = 0x29 };
	scenario("unit-attention", PERFORMANT, &f,
		 &(struct expect){ .retried = true, .mode = CISS_MODE_PERFORMANT });
	f = (struct sim_faults){ .sense_nth = 9, .sense_key = 0x3, .asc = 0x11 };
	scenario("medium-error", SIMPLE, &f,
		 &(struct expect){ .status = -EIO, .why = "SCSI status", .trailer = true,
				   .resets = 1, .mode = CISS_MODE_SIMPLE });
	f = (struct sim_faults){ .status_nth = 6, .status = CISS_ST_DATA_UNDERRUN,
				 .residual = 512 };
	scenario("underrun", PERFORMANT, &f,
		 &(struct expect){ .status = -EIO, .why = "underrun", .trailer = true,
				   .resets = 1, .mode = CISS_MODE_SIMPLE });
	f = (struct sim_faults){ .status_nth = 5, .status = CISS_ST_UNSOLICITED_ABORT };
	scenario("unsolicited-abort", SIMPLE, &f,
		 &(struct expect){ .retried = true, .mode = CISS_MODE_SIMPLE });
	f = (struct sim_faults){ .status_nth = 3, .status = CISS_ST_HARDWARE_ERR };
	scenario("hardware-error", PERFORMANT, &f,
		 &(struct expect){ .status = -EIO, .why = "hardware error", .trailer = true,
				   .resets = 1, .mode = CISS_MODE_SIMPLE });

	f = (struct sim_faults){ .status_nth = 8, .status = CISS_ST_DATA_OVERRUN };
	scenario("overrun", SIMPLE, &f,
		 &(struct expect){ .status = -EIO, .why = "data overrun", .trailer = true,
				   .resets = 1, .mode = CISS_MODE_SIMPLE });
	f = (struct sim_faults){ .status_nth = 11, .status = CISS_ST_ABORTED };
	scenario("aborted", PERFORMANT, &f,
		 &(struct expect){ .status = -EIO, .why = "aborted", .trailer = true,
				   .resets = 1, .mode = CISS_MODE_SIMPLE });

	f = (struct sim_faults){ .lockup_nth = 10 };
	scenario("lockup", PERFORMANT, &f,
		 &(struct expect){ .status = -ETIMEDOUT, .trailer = true, .resets = 1,
				   .mode = CISS_MODE_SIMPLE });
	f = (struct sim_faults){ .lockup_nth = 10, .lockup_survives_reset = true };
	scenario("lockup-permanent", SIMPLE, &f,
		 &(struct expect){ .status = -ETIMEDOUT, .resets = 1 });
}

/* Scenarios that need a controller set up some other way. */
static void odd_scenarios(void)
{
	struct rig r;

	/* No simple mode: after the reset, performant on our own queue. */
	rig_init(&r, 4096);
	r.sim.support = CISS_TRANS_PERFORMANT;
	driver_performant(&r, 1, 256, 0);
	driver_history(&r, 300, 1);
	r.sim.fault.lose_nth = 12;
	if (!rig_arm(&r))
		core_dump(&r);
	verdict("performant-only-reset-4k", &r,
		&(struct expect){ .status = -ETIMEDOUT, .trailer = true, .resets = 1,
				  .mode = CISS_MODE_PERFORMANT });
	rig_free(&r);

	/* Lost completion on firmware without a doorbell reset. */
	rig_init(&r, 512);
	r.sim.misc_fw = 0;
	driver_change(&r, CISS_TRANS_SIMPLE);
	r.sim.fault.lose_nth = 3;
	if (!rig_arm(&r))
		core_dump(&r);
	verdict("lost-no-reset", &r,
		&(struct expect){ .status = -ETIMEDOUT, .resets = 1 });
	if (!r.ctl.why || !strstr(r.ctl.why, "cannot be reset")) {
		printf("FAIL ciss-lost-no-reset-why: \"%s\"\n", r.ctl.why ? r.ctl.why : "-");
		failed++;
	}
	rig_free(&r);

	/*
	 * After a reset the controller decodes its BARs again, config space
	 * as the OS had it (the command register written last: the
	 * simulator fails a memory enable before the BARs).
	 */
	rig_init(&r, 512);
	driver_change(&r, CISS_TRANS_SIMPLE);
	r.sim.fault.lose_nth = 3;
	if (!rig_arm(&r))
		core_dump(&r);
	verdict("reset-restores-config", &r,
		&(struct expect){ .status = -ETIMEDOUT, .trailer = true, .resets = 1,
				  .mode = CISS_MODE_SIMPLE });
	if (!sim_decodes(&r.sim) ||
	    memcmp(r.sim.pci + 1, r.sim.pci_enumerated + 1, sizeof(r.sim.pci) - 4)) {
		printf("FAIL ciss-reset-restores-config-space: command %#x, BAR0 %#x\n",
		       r.sim.pci[1], r.sim.pci[4]);
		failed++;
	} else {
		printf("PASS ciss-reset-restores-config-space\n");
		passed++;
	}
	rig_free(&r);

	/* Firmware that ignores the doorbell reset: found out, not trusted. */
	rig_init(&r, 512);
	driver_change(&r, CISS_TRANS_SIMPLE);
	r.sim.fault.lose_nth = 3;
	r.sim.fault.reset_ignored = true;
	if (!rig_arm(&r))
		core_dump(&r);
	verdict("reset-ignored", &r, &(struct expect){ .status = -ETIMEDOUT, .resets = 1 });
	if (!r.ctl.why || !strstr(r.ctl.why, "ignored the reset")) {
		printf("FAIL ciss-reset-ignored-why: \"%s\"\n", r.ctl.why ? r.ctl.why : "-");
		failed++;
	}
	rig_free(&r);

	/* Config space out of the hook's reach at panic: no reset is tried. */
	rig_init(&r, 512);
	driver_change(&r, CISS_TRANS_SIMPLE);
	r.sim.fault.lose_nth = 3;
	if (!rig_arm(&r)) {
		r.ctl.io.pci_ok = false;
		core_dump(&r);
	}
	verdict("reset-without-config-access", &r,
		&(struct expect){ .status = -ETIMEDOUT, .resets = 1 });
	if (!r.ctl.why || !strstr(r.ctl.why, "PCI domain 0")) {
		printf("FAIL ciss-reset-without-config-access-why: \"%s\"\n",
		       r.ctl.why ? r.ctl.why : "-");
		failed++;
	}
	if (r.sim.resets) {
		printf("FAIL ciss-reset-without-config-access-doorbell: the doorbell was rung\n");
		failed++;
	}
	rig_free(&r);

	/* hpsa was re-entering performant mode at the crash. */
	rig_init(&r, 512);
	driver_performant(&r, 2, 512, 0);
	driver_history(&r, 700, 2);
	if (rig_arm(&r))
		r.status = -1;
	r.sim.fault.change_us = 3000000;
	driver_zero_rings(&r);
	sim_write(&r.sim, CISS_SPACE_CFG, CISS_CFG_TRANS_REQUEST, CISS_TRANS_PERFORMANT);
	sim_write(&r.sim, CISS_SPACE_REGS, CISS_REG_DOORBELL, CISS_DB_CHANGE_REQ);
	if (!r.status)
		core_dump(&r);
	verdict("mode-change-pending", &r, &(struct expect){ .mode = CISS_MODE_PERFORMANT });
	rig_free(&r);

	/* hpsa moved its reply queues after arming (its own reset). */
	rig_init(&r, 512);
	driver_performant(&r, 2, 512, 0);
	if (rig_arm(&r))
		r.status = -1;
	driver_performant(&r, 2, 512, 0);
	if (!r.status)
		core_dump(&r);
	verdict("queues-moved", &r, &(struct expect){ .resets = 1, .mode = CISS_MODE_SIMPLE });
	rig_free(&r);

	/* I/O accelerator mode 1: its reply format is not followed, reset. */
	rig_init(&r, 512);
	r.sim.support |= CISS_TRANS_IOACCEL1;
	driver_performant(&r, 1, 512, CISS_TRANS_IOACCEL1);
	if (!rig_arm(&r))
		core_dump(&r);
	verdict("ioaccel1", &r, &(struct expect){ .resets = 1, .mode = CISS_MODE_SIMPLE });
	rig_free(&r);

	/* The controller fell off the bus before the crash. */
	rig_init(&r, 512);
	driver_change(&r, CISS_TRANS_SIMPLE);
	if (!rig_arm(&r)) {
		r.sim.fault.gone = true;
		core_dump(&r);
	}
	verdict("gone", &r, &(struct expect){ .status = -ETIMEDOUT, .why = "not ready",
					      .resets = 1 });
	rig_free(&r);

	/* The controller allows fewer S/G elements than the hook would use. */
	rig_init(&r, 512);
	r.sim.max_sg = 4;
	driver_performant(&r, 1, 256, 0);
	if (!rig_arm(&r)) {
		core_dump(&r);
		verdict("sg-limit", &r, &(struct expect){ .mode = CISS_MODE_PERFORMANT });
		if (ciss_submit(&r.ctl, 0, CISS_OP_WRITE, PART_START / 512 + 8,
				5 * CISS_MAX_SEGMENT / 512, r.buf_bus[0]) != -EINVAL) {
			printf("FAIL ciss-sg-limit-refused: a 5-element request was taken\n");
			failed++;
		}
	}
	rig_free(&r);
}

/*
 * The simulator's replies as hpsa reads them (SA5_completed,
 * SA5_performant_completed, re-implemented from their description): the
 * reply register until FIFO_EMPTY in simple mode; in performant mode an
 * entry is new while its bit 0 equals the expected cycle, which starts at
 * 1 on zeroed queues and flips after the last entry.  Every tag must come
 * back once, in order, with no error bit, over several laps.
 */
static void hpsa_consumer_check(void)
{
	unsigned int mode, i, n = 3 * 256 + 17, bad = 0;

	for (mode = 0; mode < 2; mode++) {
		struct rig r;
		unsigned int next = 0;
		__u32 cycle = 1;
		__u64 e;

		rig_init(&r, 512);
		if (mode)
			driver_performant(&r, 1, 256, 0);
		else
			driver_change(&r, CISS_TRANS_SIMPLE);
		for (i = 0; i < n && !bad; i++) {
			__u32 want = (i % 1000) << 4, got;

			sim_foreign_command(&r.sim, want, 1, 0);
			sim_advance(&r.sim, 2);
			if (!mode) {
				got = sim_read(&r.sim, CISS_SPACE_REGS, CISS_REG_REPLY);
				if (got != want || sim_read(&r.sim, CISS_SPACE_REGS,
							    CISS_REG_REPLY) != CISS_FIFO_EMPTY)
					bad = i + 1;
				continue;
			}
			memcpy(&e, (__u8 *)r.ring_page[next * 8 / 4096] + next * 8 % 4096, 8);
			if ((e & 1) != cycle || (__u32)(e & ~1ull) != want)
				bad = i + 1;
			if (++next == 256) {
				next = 0;
				cycle ^= 1;
			}
		}
		if (bad || r.sim.error[0]) {
			printf("FAIL ciss-sim-as-hpsa-reads-it-%s: reply %u wrong %s\n",
			       mode ? "performant" : "simple", bad, r.sim.error);
			failed++;
		} else {
			printf("PASS ciss-sim-as-hpsa-reads-it-%s\n", mode ? "performant" : "simple");
			passed++;
		}
		rig_free(&r);
	}
}

/*
 * Taking over finds where the controller writes next in a reply queue
 * from the cycle bits alone: at every kind of place in a lap.
 */
static void ring_position_scenarios(void)
{
	static const unsigned int history[] = { 0, 1, 255, 256, 257, 511, 512, 700 };
	unsigned int i;
	char name[64];

	for (i = 0; i < sizeof(history) / sizeof(history[0]); i++) {
		struct rig r;

		rig_init(&r, 512);
		driver_performant(&r, 1, 256, 0);
		driver_history(&r, history[i], 1);
		snprintf(name, sizeof(name), "queue-after-%u-replies", history[i]);
		if (!rig_arm(&r))
			core_dump(&r);
		verdict(name, &r, &(struct expect){ .mode = CISS_MODE_PERFORMANT });
		rig_free(&r);
	}
}

/* Arm time: a clear error where nothing can work. */
static void arm_scenarios(void)
{
	struct rig r;
	int ret;

	rig_init(&r, 512);
	driver_change(&r, CISS_TRANS_SIMPLE);
	r.sim.cfg[0] = 0x12345678;
	ret = rig_arm(&r);
	if (ret == -ENODEV && strstr(r.ctl.why, "signature")) {
		printf("PASS ciss-arm-no-signature\n");
		passed++;
	} else {
		printf("FAIL ciss-arm-no-signature: %d (%s)\n", ret, r.ctl.why);
		failed++;
	}
	rig_free(&r);

	/* Reply queues the hook cannot reach, and no reset to fall back on. */
	rig_init(&r, 512);
	r.sim.misc_fw = 0;
	driver_performant(&r, 1, 256, 0);
	sim_write(&r.sim, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_LO(0), 0x7000000);
	ret = rig_arm(&r);
	if (ret == -EOPNOTSUPP && r.ctl.why && strstr(r.ctl.why, "cannot reach")) {
		printf("PASS ciss-arm-unreachable-queues\n");
		passed++;
	} else {
		printf("FAIL ciss-arm-unreachable-queues: %d (%s)\n", ret,
		       r.ctl.why ? r.ctl.why : "-");
		failed++;
	}
	rig_free(&r);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	hpsa_consumer_check();
	plain_scenarios();
	ring_position_scenarios();
	fault_scenarios();
	odd_scenarios();
	arm_scenarios();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
