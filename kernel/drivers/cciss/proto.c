// SPDX-License-Identifier: GPL-2.0
/*
 * The CISS protocol for a polled dump (proto.h says what it is for).
 *
 * Taking over.  The first quiesce() uses the controller as the failed
 * kernel left it: interrupts masked, the transport mode it runs in kept
 * (simple: replies through the reply register; performant: replies in the
 * driver's reply queues in host memory, whose bus addresses the transport
 * table holds and which arm time mapped).  Our commands carry tags the
 * driver never uses, so completions of its commands, still arriving, are
 * recognised and dropped.  Where that cannot work (the controller does not
 * answer, a mode we cannot follow, queues moved since arming) and after
 * any failure (a command of ours may still be owned by the controller),
 * quiesce() resets the controller through the doorbell and sets up a
 * transport of its own: simple mode, or performant mode on our own queue
 * where simple mode is not offered.
 */
#include "proto.h"
#include <diskdump/scsi.h>

/* Our tags: a top byte the driver's small indices never reach. */
#define CISS_TAG_MAGIC		0xd0000000u
#define CISS_TAG_MAGIC_MASK	0xf0000000u
#define CISS_TAG_SEQ_SHIFT	8
#define CISS_TAG_SEQ_MASK	0xfffffu
#define CISS_TAG_SLOT_SHIFT	4
/* Replies taken from the controller in one poll() at most. */
#define CISS_REAP_BUDGET	256
#define CISS_SIGNATURE		0x53534943u	/* "CISS", little-endian */

static void ciss_put_le16(__u8 *p, __u16 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void ciss_put_le32(__u8 *p, __u32 v)
{
	ciss_put_le16(p, v & 0xffff);
	ciss_put_le16(p + 2, (v >> 16) & 0xffff);
}

static void ciss_put_le64(__u8 *p, __u64 v)
{
	ciss_put_le32(p, v & 0xffffffffu);
	ciss_put_le32(p + 4, (v >> 32) & 0xffffffffu);
}

static __u16 ciss_get_le16(const __u8 *p)
{
	return p[0] | p[1] << 8;
}

static __u32 ciss_get_le32(const __u8 *p)
{
	return ciss_get_le16(p) | (__u32)ciss_get_le16(p + 2) << 16;
}

static __u8 *ciss_mem_at(struct ciss_ctl *c, unsigned int off)
{
	return (__u8 *)c->mem.cpu + off;
}

static __u8 *ciss_cmd_block(struct ciss_ctl *c, unsigned int slot)
{
	return ciss_mem_at(c, CISS_MEM_CMDS + slot * CISS_CMD_STRIDE);
}

static __u8 *ciss_err_info(struct ciss_ctl *c, unsigned int slot)
{
	return ciss_mem_at(c, CISS_MEM_ERRS + slot * 64);
}

static int ciss_fail(struct ciss_ctl *c, int err, const char *why, __u32 value)
{
	c->why = why;
	c->why_value = value;
	return err;
}

const char *ciss_mode_name(enum ciss_mode mode)
{
	switch (mode) {
	case CISS_MODE_SIMPLE:
		return "simple";
	case CISS_MODE_PERFORMANT:
		return "performant";
	default:
		return "none";
	}
}

const char *ciss_status_name(__u16 status)
{
	static const char *const names[] = {
		"success", "target status", "data underrun", "data overrun",
		"invalid command", "protocol error", "hardware error",
		"connection lost", "aborted", "abort failed",
		"unsolicited abort", "timeout", "unabortable",
	};

	return status < ARRAY_SIZE(names) ? names[status] :
	       "unknown status";
}

static void *ring_entry(struct ciss_ring *r, unsigned int i)
{
	unsigned int off = i * CISS_RING_ENTRY_BYTES;

	return (__u8 *)r->page[off / CISS_RING_PAGE] + off % CISS_RING_PAGE;
}

static bool signature_ok(struct ciss_ctl *c)
{
	return ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_SIGNATURE) == CISS_SIGNATURE;
}

/* Wait for the doorbell's change request to be taken. */
static int wait_change_ack(struct ciss_ctl *c)
{
	struct ciss_deadline dl;

	ciss_deadline_start(&c->io, &dl, CISS_MODE_CHANGE_MS);
	while (ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_DOORBELL) & CISS_DB_CHANGE_REQ) {
		if (ciss_deadline_passed(&c->io, &dl))
			return -ETIMEDOUT;
		ciss_udelay(&c->io, 1000);
	}
	return 0;
}

/* Arm time: the CPU's view of the driver's reply queue q, page by page. */
static bool map_ring(struct ciss_ctl *c, unsigned int q, __u32 entries)
{
	struct ciss_ring *r = &c->armed_ring[q];
	__u32 pages = (entries * CISS_RING_ENTRY_BYTES + CISS_RING_PAGE - 1) / CISS_RING_PAGE;
	__u32 k;

	r->bus = ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_LO(q)) |
		 (__u64)ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_HI(q)) << 32;
	r->entries = entries;
	c->why_value = q;
	if (r->bus % CISS_RING_PAGE) {
		c->arm_note = "a reply queue not page-aligned";
		return false;
	}
	for (k = 0; k < pages; k++) {
		r->page[k] = c->io.dma_page ?
			     c->io.dma_page(&c->io, r->bus + k * CISS_RING_PAGE) : NULL;
		if (!r->page[k]) {
			c->arm_note = "a reply queue in memory the hook cannot reach";
			return false;
		}
	}
	return true;
}

/*
 * Arm time: what the controller offers and how it runs now.  It may sleep
 * here (io.dma_page may); nothing is written to the controller.
 */
int ciss_arm(struct ciss_ctl *c)
{
	__u32 misc, sg, count, size;
	unsigned int q;

	c->why = NULL;
	c->arm_note = NULL;
	if (c->mem.bus + CISS_MEM_BYTES > 0x100000000ull)
		return ciss_fail(c, -EINVAL, "command memory above 4 GiB", 0);
	if (!signature_ok(c))
		return ciss_fail(c, -ENODEV, "no CISS signature in the configuration table",
			    ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_SIGNATURE));
	c->trans_support = ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_TRANS_SUPPORT);
	c->armed_mode = ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_TRANS_ACTIVE);
	misc = ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_MISC_FW);
	for (q = 0; c->io.pci_ok && q < CISS_PCI_SAVE_BYTES / 4; q++)
		c->pci_saved[q] = ciss_pci_rd(&c->io, 4 * q);
	/* As hpsa: the old doorbell reset is not trusted to reset fully. */
	c->reset_doorbell = misc & CISS_MISC_DB_RESET2 ? CISS_DB_RESET2 : 0;
	sg = ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_MAX_SG);
	c->max_sg = sg && sg < CISS_MAX_SG ? sg : CISS_MAX_SG;
	if (c->nr_slots == 0 || c->nr_slots > CISS_MAX_SLOTS)
		c->nr_slots = CISS_MAX_SLOTS;
	c->nr_armed_rings = 0;

	if ((c->armed_mode & CISS_TRANS_PERFORMANT) &&
	    !(c->armed_mode & CISS_TRANS_IOACCEL1)) {
		count = ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_COUNT);
		size = ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_SIZE);
		if (count < 1 || count > CISS_MAX_RINGS || size < 1 ||
		    size > CISS_RING_MAX_PAGES * CISS_RING_PAGE / CISS_RING_ENTRY_BYTES) {
			c->arm_note = "reply queues of a size the hook does not follow";
			c->why_value = size;
			goto no_rings;
		}
		for (q = 0; q < count; q++)
			if (!map_ring(c, q, size))
				goto no_rings;
		c->nr_armed_rings = count;
		return 0;
	}
	if (c->armed_mode & CISS_TRANS_SIMPLE)
		return 0;
	c->arm_note = c->armed_mode & CISS_TRANS_PERFORMANT ?
		      "I/O accelerator mode 1 replies (the driver's consumer index)" :
		      "no transport mode active";
no_rings:
	/* Taking over in place will not work: only a reset will. */
	if (!c->reset_doorbell)
		return ciss_fail(c, -EOPNOTSUPP, c->arm_note, c->why_value);
	return 0;
}

/* Arm time could follow the controller as it runs (else a reset is needed). */
static bool can_take_over_in_place(struct ciss_ctl *c)
{
	return (c->armed_mode & CISS_TRANS_PERFORMANT) ? c->nr_armed_rings > 0 :
	       !!(c->armed_mode & CISS_TRANS_SIMPLE);
}

/*
 * The entry the controller writes next.  Entries of the current lap carry
 * one cycle bit, those of the lap before the other; the first change
 * from entry 0's bit is where the controller stands.  It only moves
 * forward while we read, so what we find is at worst a few entries early,
 * and those are the driver's completions, dropped as foreign.
 */
static void ring_find_producer(struct ciss_ring *r)
{
	__u32 first = ciss_read_ring(ring_entry(r, 0)) & CISS_TAG_CYCLE;
	unsigned int i;

	for (i = 1; i < r->entries; i++)
		if ((ciss_read_ring(ring_entry(r, i)) & CISS_TAG_CYCLE) != first)
			break;
	if (i == r->entries) {
		r->next = 0;
		r->cycle = first ^ CISS_TAG_CYCLE;
	} else {
		r->next = i;
		r->cycle = first;
	}
}

static bool rings_unchanged(struct ciss_ctl *c)
{
	unsigned int q;

	if (ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_COUNT) != c->nr_armed_rings ||
	    ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_SIZE) != c->armed_ring[0].entries)
		return false;
	for (q = 0; q < c->nr_armed_rings; q++) {
		__u64 bus = ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_LO(q)) |
			    (__u64)ciss_rd(&c->io, CISS_SPACE_TT,
					   CISS_TT_REPQ_ADDR_HI(q)) << 32;

		if (bus != c->armed_ring[q].bus)
			return false;
	}
	return true;
}

static void read_fetch_table(struct ciss_ctl *c)
{
	unsigned int i;

	for (i = 0; i < CISS_TT_NR_BLOCK_FETCH; i++)
		c->fetch[i] = ciss_rd(&c->io, CISS_SPACE_TT, CISS_TT_BLOCK_FETCH(i));
}

static int take_over_in_place(struct ciss_ctl *c)
{
	__u32 active;
	unsigned int q;

	if (ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_DOORBELL) == CISS_FIFO_EMPTY)
		return ciss_fail(c, -ENODEV, "the controller does not answer (all ones)", 0);
	/* The driver may have been changing modes: let the controller finish. */
	if (wait_change_ack(c))
		return ciss_fail(c, -ETIMEDOUT, "a transport mode change was never taken", 0);
	if (!signature_ok(c))
		return ciss_fail(c, -ENODEV, "the configuration table lost its signature", 0);
	active = ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_TRANS_ACTIVE);
	if (active != c->armed_mode)
		return ciss_fail(c, -ESTALE, "the transport mode changed since arming", active);
	if (!can_take_over_in_place(c))
		return ciss_fail(c, -EOPNOTSUPP, c->arm_note, active);
	if (active & CISS_TRANS_PERFORMANT) {
		if (!rings_unchanged(c))
			return ciss_fail(c, -ESTALE, "the reply queues moved since arming", 0);
		ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK, CISS_INTR_OFF_PERF);
		read_fetch_table(c);
		for (q = 0; q < c->nr_armed_rings; q++)
			ring_find_producer(&c->armed_ring[q]);
		c->ring = c->armed_ring;
		c->nr_rings = c->nr_armed_rings;
		c->mode = CISS_MODE_PERFORMANT;
	} else {
		ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK, CISS_INTR_OFF_SIMPLE);
		c->nr_rings = 0;
		c->mode = CISS_MODE_SIMPLE;
	}
	(void)ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK);
	return 0;
}

static void delay_ms(struct ciss_ctl *c, unsigned int ms)
{
	while (ms--)
		ciss_udelay(&c->io, 1000);
}

/* Our own reply queue for performant mode, after a reset. */
static void setup_own_ring(struct ciss_ctl *c)
{
	static const __u32 fetch[CISS_TT_NR_BLOCK_FETCH] = {
		CISS_CMD_BLOCKS(1), CISS_CMD_BLOCKS(2), CISS_CMD_BLOCKS(4),
		CISS_CMD_BLOCKS(6), CISS_CMD_BLOCKS(8), CISS_CMD_BLOCKS(10),
		CISS_CMD_BLOCKS(12), CISS_CMD_BLOCKS(CISS_MAX_SG),
	};
	struct ciss_ring *r = &c->own_ring;
	unsigned int i;

	memset(ciss_mem_at(c, CISS_MEM_RING), 0, CISS_OWN_RING_ENTRIES * CISS_RING_ENTRY_BYTES);
	r->bus = c->mem.bus + CISS_MEM_RING;
	r->entries = CISS_OWN_RING_ENTRIES;
	r->page[0] = ciss_mem_at(c, CISS_MEM_RING);
	r->next = 0;
	r->cycle = CISS_TAG_CYCLE;
	for (i = 0; i < CISS_TT_NR_BLOCK_FETCH; i++) {
		c->fetch[i] = fetch[i];
		ciss_wr(&c->io, CISS_SPACE_TT, CISS_TT_BLOCK_FETCH(i), fetch[i]);
	}
	ciss_wr(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_SIZE, CISS_OWN_RING_ENTRIES);
	ciss_wr(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_COUNT, 1);
	ciss_wr(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_LO(0), r->bus & 0xffffffffu);
	ciss_wr(&c->io, CISS_SPACE_TT, CISS_TT_REPQ_ADDR_HI(0), r->bus >> 32);
	c->ring = r;
	c->nr_rings = 1;
}

static int enter_mode(struct ciss_ctl *c, __u32 method)
{
	ciss_wr(&c->io, CISS_SPACE_CFG, CISS_CFG_TRANS_REQUEST, method);
	ciss_wr(&c->io, CISS_SPACE_CFG, CISS_CFG_POOL_ADDR_HI, 0);
	ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_DOORBELL, CISS_DB_CHANGE_REQ);
	if (wait_change_ack(c))
		return ciss_fail(c, -ETIMEDOUT, "the mode change after the reset was never taken",
			    method);
	if (!(ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_TRANS_ACTIVE) & method))
		return ciss_fail(c, -EIO, "the controller did not enter the mode asked for",
			    method);
	return 0;
}

/* What reset_controller() writes where a reset leaves no trace of it. */
static __u32 reset_marker(unsigned int i)
{
	static const char marker[CISS_CFG_DRIVER_VERSION_BYTES] = "diskdump: before the reset";
	const unsigned char *m = (const unsigned char *)marker + 4 * i;

	return m[0] | m[1] << 8 | m[2] << 16 | (__u32)m[3] << 24;
}

static void write_reset_marker(struct ciss_ctl *c)
{
	unsigned int i;

	for (i = 0; i < CISS_CFG_DRIVER_VERSION_BYTES / 4; i++)
		ciss_wr(&c->io, CISS_SPACE_CFG, CISS_CFG_DRIVER_VERSION + 4 * i,
			reset_marker(i));
}

/* The marker still there: the controller was not reset. */
static bool reset_marker_kept(struct ciss_ctl *c)
{
	unsigned int i;

	for (i = 0; i < CISS_CFG_DRIVER_VERSION_BYTES / 4; i++)
		if (ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_DRIVER_VERSION + 4 * i) !=
		    reset_marker(i))
			return false;
	return true;
}

/*
 * Config space as it was at arm time, which the reset lost: every dword
 * from 5Ch down to 08h, then the command register (memory decode, bus
 * mastering) last, so that the controller decodes its BARs only once
 * they are right again.  The identifiers (00h) are read-only, and the
 * status register's bits are write-one-to-clear: neither is written.
 */
static void restore_pci(struct ciss_ctl *c)
{
	unsigned int off;

	for (off = CISS_PCI_SAVE_BYTES - 4; off >= 8; off -= 4)
		ciss_pci_wr(&c->io, off, c->pci_saved[off / 4], 4);
	ciss_pci_wr(&c->io, CISS_PCI_COMMAND, c->pci_saved[CISS_PCI_COMMAND / 4] & 0xffff, 2);
}

/*
 * The last resort: the doorbell reset, as hpsa does it.  A marker in the
 * configuration table first (a reset clears it: hpsa's proof that one
 * happened), then ten seconds of leaving the controller alone, PCI
 * config space written back (the reset took the BARs and the memory and
 * bus-master enables), hpsa's pause, the firmware ready again, and a
 * transport of our own.  hpsa's soft reset waits for the board to read
 * not ready, then ready; after a doorbell reset and its ten seconds the
 * board may well be ready again already, so the marker is the proof.
 */
static int reset_controller(struct ciss_ctl *c)
{
	struct ciss_deadline dl;
	__u32 support, scratch;
	int ret;

	c->resets++;
	c->mode = CISS_MODE_NONE;
	if (!c->reset_doorbell)
		return ciss_fail(c, -EOPNOTSUPP,
			    "the controller offers no doorbell reset: it cannot be reset", 0);
	if (!c->io.pci_ok)
		return ciss_fail(c, -EOPNOTSUPP,
				 "PCI config space cannot be restored after a reset here (not in PCI domain 0)",
				 0);
	write_reset_marker(c);
	ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_DOORBELL, c->reset_doorbell);
	delay_ms(c, CISS_RESET_QUIET_MS);
	restore_pci(c);
	delay_ms(c, CISS_POST_RESET_PAUSE_MS);
	ciss_deadline_start(&c->io, &dl, CISS_READY_MS);
	while ((scratch = ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_SCRATCHPAD)) !=
	       CISS_FIRMWARE_READY) {
		if (ciss_deadline_passed(&c->io, &dl))
			return ciss_fail(c, -ETIMEDOUT,
				    "firmware not ready after the reset (scratchpad)", scratch);
		delay_ms(c, 10);
	}
	if (!signature_ok(c))
		return ciss_fail(c, -ENODEV, "no CISS signature after the reset", 0);
	if (reset_marker_kept(c))
		return ciss_fail(c, -EIO,
				 "the controller ignored the reset (the configuration table kept our marker)",
				 0);
	support = ciss_rd(&c->io, CISS_SPACE_CFG, CISS_CFG_TRANS_SUPPORT);
	if (support & CISS_TRANS_SIMPLE) {
		ret = enter_mode(c, CISS_TRANS_SIMPLE);
		if (ret)
			return ret;
		ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK, CISS_INTR_OFF_SIMPLE);
		c->nr_rings = 0;
		c->mode = CISS_MODE_SIMPLE;
	} else if (support & CISS_TRANS_PERFORMANT) {
		setup_own_ring(c);
		ret = enter_mode(c, CISS_TRANS_PERFORMANT);
		if (ret)
			return ret;
		ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK, CISS_INTR_OFF_PERF);
		c->mode = CISS_MODE_PERFORMANT;
	} else {
		return ciss_fail(c, -EOPNOTSUPP, "no transport mode offered after the reset",
			    support);
	}
	(void)ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK);
	return 0;
}

int ciss_quiesce(struct ciss_ctl *c)
{
	unsigned int i;
	int ret;

	for (i = 0; i < CISS_MAX_SLOTS; i++)
		c->slot[i].state = CISS_SLOT_IDLE;
	c->why = NULL;
	/* Only this quiesce's: a reset after a failure has no takeover reason. */
	c->takeover_why = NULL;
	if (!c->taken_over) {
		c->taken_over = true;
		ret = take_over_in_place(c);
		if (!ret)
			return 0;
		/* Kept for the log: why the reset was needed. */
		c->takeover_why = c->why;
		c->takeover_value = c->why_value;
	}
	/* After any failure, a command of ours may still be the controller's. */
	return reset_controller(c);
}

/* The smallest block-fetch size that holds a command with nr_sg elements. */
static int fetch_index(struct ciss_ctl *c, unsigned int nr_sg)
{
	unsigned int i;

	for (i = 0; i < CISS_TT_NR_BLOCK_FETCH; i++)
		if (c->fetch[i] >= CISS_CMD_BLOCKS(nr_sg) &&
		    c->fetch[i] * CISS_FETCH_BLOCK <= CISS_CMD_STRIDE)
			return i;
	return -1;
}

int ciss_submit(struct ciss_ctl *c, unsigned int slot, enum ciss_op op,
		__u64 lba, __u32 nr_blocks, __u64 data_bus)
{
	struct ciss_slot *s = &c->slot[slot];
	__u64 cmd_bus = c->mem.bus + CISS_MEM_CMDS + slot * CISS_CMD_STRIDE;
	__u64 err_bus = c->mem.bus + CISS_MEM_ERRS + slot * 64;
	__u8 *cmd = ciss_cmd_block(c, slot);
	__u32 len, post, tag, done, piece;
	unsigned int nr_sg, cdb_len, dir, i;
	int fi = 0;

	if (slot >= c->nr_slots || s->state != CISS_SLOT_IDLE)
		return ciss_fail(c, -EBUSY, "submit on a busy slot", slot);
	if (c->mode == CISS_MODE_NONE)
		return ciss_fail(c, -EIO, "submit before the controller was taken over", 0);
	memset(cmd, 0, CISS_CMD_STRIDE);
	if (op == CISS_OP_FLUSH) {
		len = CISS_BMIC_FLUSH_BYTES;
		data_bus = c->mem.bus + CISS_MEM_FLUSH;
		memset(ciss_mem_at(c, CISS_MEM_FLUSH), 0, CISS_BMIC_FLUSH_BYTES);
		cmd[CISS_CMD_CDB + 0] = CISS_BMIC_WRITE;
		cmd[CISS_CMD_CDB + 6] = CISS_BMIC_CACHE_FLUSH;
		cmd[CISS_CMD_CDB + 8] = CISS_BMIC_FLUSH_BYTES;
		cdb_len = 12;
		dir = CISS_DIR_WRITE;
		/* The LUN stays all zero: the controller itself. */
	} else {
		if (!nr_blocks || nr_blocks > 0xffffffffu / c->block_size)
			return ciss_fail(c, -EINVAL, "request of no or too many blocks", nr_blocks);
		len = nr_blocks * c->block_size;
		cdb_len = dd_scsi_rw_cdb(cmd + CISS_CMD_CDB, op == CISS_OP_WRITE, lba,
					 nr_blocks);
		if (!cdb_len)
			return ciss_fail(c, -EINVAL, "no CDB carries this request", nr_blocks);
		dir = op == CISS_OP_WRITE ? CISS_DIR_WRITE : CISS_DIR_READ;
		memcpy(cmd + CISS_CMD_LUN, c->lun, sizeof(c->lun));
	}
	nr_sg = (len + CISS_MAX_SEGMENT - 1) / CISS_MAX_SEGMENT;
	if (nr_sg > c->max_sg)
		return ciss_fail(c, -EINVAL, "request needs more S/G elements than allowed", nr_sg);
	if (c->mode == CISS_MODE_PERFORMANT) {
		fi = fetch_index(c, nr_sg);
		if (fi < 0)
			return ciss_fail(c, -EINVAL, "no block-fetch size fits the command", nr_sg);
	}

	c->seq = (c->seq + 1) & CISS_TAG_SEQ_MASK;
	tag = CISS_TAG_MAGIC | c->seq << CISS_TAG_SEQ_SHIFT | slot << CISS_TAG_SLOT_SHIFT;
	cmd[CISS_CMD_REPLY_QUEUE] = 0;
	cmd[CISS_CMD_SG_IN_CMD] = nr_sg;
	ciss_put_le16(cmd + CISS_CMD_SG_TOTAL, nr_sg);
	ciss_put_le64(cmd + CISS_CMD_TAG, tag);
	cmd[CISS_CMD_CDB_LEN] = cdb_len;
	cmd[CISS_CMD_TYPE_ATTR_DIR] = CISS_TAD(CISS_TYPE_CMD, CISS_ATTR_SIMPLE, dir);
	ciss_put_le64(cmd + CISS_CMD_ERR_ADDR, err_bus);
	ciss_put_le32(cmd + CISS_CMD_ERR_LEN, CISS_EI_BYTES);
	for (i = 0, done = 0; i < nr_sg; i++, done += piece) {
		__u8 *sg = cmd + CISS_CMD_SG + i * CISS_SG_BYTES;

		piece = len - done < CISS_MAX_SEGMENT ? len - done : CISS_MAX_SEGMENT;
		ciss_put_le64(sg + CISS_SG_ADDR, data_bus + done);
		ciss_put_le32(sg + CISS_SG_LEN, piece);
		ciss_put_le32(sg + CISS_SG_EXT, i + 1 == nr_sg ? CISS_SG_EXT_LAST : 0);
	}
	memset(ciss_err_info(c, slot), 0, CISS_EI_BYTES);

	s->tag = tag;
	s->len = len;
	s->state = CISS_SLOT_BUSY;
	post = (__u32)cmd_bus;
	if (c->mode == CISS_MODE_PERFORMANT)
		post |= CISS_POST_PERFORMANT | (__u32)fi << CISS_POST_FETCH_SHIFT;
	/* writel() orders the command block's stores before the post. */
	ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_REQUEST, post);
	(void)ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_SCRATCHPAD);
	return 0;
}

/* What the error information says of a completed command of ours. */
static int ciss_decode(struct ciss_ctl *c, unsigned int slot)
{
	const __u8 *ei = ciss_err_info(c, slot);
	__u16 status = ciss_get_le16(ei + CISS_EI_CMD_STATUS);
	__u32 residual, sense_len;
	struct dd_scsi_sense sense;

	/*
	 * The controller writes error information only for a command that
	 * failed (and sets the reply's error bit); the block was zeroed
	 * before the post, so a success status is a success either way.
	 */
	if (status == CISS_ST_SUCCESS)
		return 0;
	c->why_value = status;
	switch (status) {
	case CISS_ST_TARGET_STATUS:
		sense_len = ei[CISS_EI_SENSE_LEN];
		if (sense_len > CISS_EI_SENSE_BYTES)
			sense_len = CISS_EI_SENSE_BYTES;
		c->why_value = ei[CISS_EI_SCSI_STATUS];
		if (!dd_scsi_parse_sense(ei + CISS_EI_SENSE, sense_len, &sense)) {
			c->sense_key = sense.key;
			c->asc = sense.asc;
			c->ascq = sense.ascq;
		} else {
			c->sense_key = 0;
			c->asc = 0;
			c->ascq = 0;
		}
		switch (dd_scsi_verdict(ei[CISS_EI_SCSI_STATUS], ei + CISS_EI_SENSE, sense_len)) {
		case DD_SCSI_DONE:
			return 0;
		case DD_SCSI_RETRY:
			c->why = "SCSI status worth a retry";
			return -EAGAIN;
		case DD_SCSI_RETRY_FEW:
			c->why = "command aborted: worth a few retries";
			return -ECOMM;
		default:
			c->why = "SCSI status";
			return -EIO;
		}
	case CISS_ST_DATA_UNDERRUN:
		residual = ciss_get_le32(ei + CISS_EI_RESIDUAL);
		if (!residual)
			return 0;
		c->why = "data underrun: bytes not moved";
		c->why_value = residual;
		return -EIO;
	case CISS_ST_UNSOLICITED_ABORT:
		/* The firmware gave up on it, not the disk: hpsa retries too. */
		c->why = "unsolicited abort";
		return -EAGAIN;
	case CISS_ST_INVALID:
		c->why = "the controller took the command block for invalid";
		c->why_value = ciss_get_le32(ei + CISS_EI_MORE + 4);
		return -EINVAL;
	default:
		c->why = ciss_status_name(status);
		return -EIO;
	}
}

static void ciss_take_reply(struct ciss_ctl *c, __u32 value)
{
	__u32 tag = value & ~CISS_TAG_FLAGS;
	unsigned int i;

	for (i = 0; i < c->nr_slots; i++) {
		struct ciss_slot *s = &c->slot[i];

		if (s->state != CISS_SLOT_BUSY || s->tag != tag)
			continue;
		/* The error information was written before the reply. */
		ciss_dma_rmb();
		s->result = ciss_decode(c, i);
		s->state = CISS_SLOT_DONE;
		return;
	}
	if ((tag & CISS_TAG_MAGIC_MASK) == CISS_TAG_MAGIC)
		c->stale++;
	else
		c->foreign++;
}

static void ciss_reap(struct ciss_ctl *c)
{
	unsigned int budget = CISS_REAP_BUDGET, q;
	__u32 v;

	if (c->mode == CISS_MODE_SIMPLE) {
		while (budget--) {
			v = ciss_rd(&c->io, CISS_SPACE_REGS, CISS_REG_REPLY);
			if (v == CISS_FIFO_EMPTY)
				break;
			ciss_take_reply(c, v);
		}
		return;
	}
	for (q = 0; q < c->nr_rings; q++) {
		struct ciss_ring *r = &c->ring[q];

		while (budget--) {
			__u64 e = ciss_read_ring(ring_entry(r, r->next));

			if ((e & CISS_TAG_CYCLE) != r->cycle)
				break;
			if (++r->next == r->entries) {
				r->next = 0;
				r->cycle ^= CISS_TAG_CYCLE;
			}
			ciss_take_reply(c, (__u32)e);
		}
	}
}

int ciss_poll(struct ciss_ctl *c, unsigned int slot)
{
	struct ciss_slot *s = &c->slot[slot];

	if (slot >= c->nr_slots || s->state == CISS_SLOT_IDLE)
		return ciss_fail(c, -EINVAL, "poll of an idle slot", slot);
	if (s->state == CISS_SLOT_BUSY)
		ciss_reap(c);
	if (s->state == CISS_SLOT_BUSY)
		return -EINPROGRESS;
	s->state = CISS_SLOT_IDLE;
	return s->result;
}

/*
 * Nothing of ours is in flight once the core shuts down, or the core reset
 * the controller before; the interrupts stay masked for whatever runs next.
 */
void ciss_shutdown(struct ciss_ctl *c)
{
	if (c->mode != CISS_MODE_NONE)
		ciss_wr(&c->io, CISS_SPACE_REGS, CISS_REG_INTR_MASK,
			c->mode == CISS_MODE_PERFORMANT ? CISS_INTR_OFF_PERF :
			CISS_INTR_OFF_SIMPLE);
}
