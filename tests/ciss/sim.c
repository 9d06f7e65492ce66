// SPDX-License-Identifier: GPL-2.0
/*
 * The CISS controller simulator (sim.h says what it models).  Anything
 * the host does that a real controller could not make sense of (a
 * command block at an address it was never given, a block-fetch size that
 * cuts a command short, S/G lengths that disagree with the CDB, touching
 * the controller during a reset's quiet period) is recorded in s->error,
 * and the test fails on it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <diskdump/ciss.h>
#include <diskdump/scsi.h>
#include "env.h"
#include "sim.h"

#define SIM_BUS_BASE		0x10000000ull
#define SIM_PAGE		4096
#define SIM_LOCKUP_CODE		0xbad00001u
#define SIM_QUIET_US		(10ull * 1000 * 1000)	/* hpsa's rule after a reset */
#define SIM_RESET_US		(13ull * 1000 * 1000)	/* until the firmware runs */
#define SIM_CHANGE_US		500
#define SIM_NEVER		(~0ull)
#define SIM_HANG_US		(10ull * 3600 * 1000 * 1000)
#define SIM_CMD_MAX		(CISS_CMD_SG + 64 * CISS_SG_BYTES)

static __u8 sim_block[SIM_MAX_INFLIGHT][SIM_CMD_MAX];

static void sim_fail(struct ciss_sim *s, const char *fmt, ...)
{
	va_list ap;

	if (s->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
}

static __u16 le16(const __u8 *p)
{
	return p[0] | p[1] << 8;
}

static __u32 le32(const __u8 *p)
{
	return le16(p) | (__u32)le16(p + 2) << 16;
}

static __u64 le64(const __u8 *p)
{
	return le32(p) | (__u64)le32(p + 4) << 32;
}

static void put_le64(__u8 *p, __u64 v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (v >> (8 * i)) & 0xff;
}

void sim_init(struct ciss_sim *s, __u32 block_size, __u64 nr_blocks)
{
	memset(s, 0, sizeof(*s));
	s->support = CISS_TRANS_SIMPLE | CISS_TRANS_PERFORMANT;
	s->misc_fw = CISS_MISC_DB_RESET2;
	s->max_sg = 64;
	s->cmds_out_max = 256;
	s->block_size = block_size;
	s->nr_blocks = nr_blocks;
	/* The logical drive is an image file (unlinked: tmpfile()), mapped. */
	s->image = tmpfile();
	if (!s->image || ftruncate(fileno(s->image), nr_blocks * block_size)) {
		perror("sim: image file");
		exit(2);
	}
	s->disk = mmap(NULL, nr_blocks * block_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       fileno(s->image), 0);
	if (s->disk == MAP_FAILED) {
		perror("sim: mmap of the image file");
		exit(2);
	}
	s->scratchpad = CISS_FIRMWARE_READY;
	memcpy(s->cfg, "CISS", 4);
	/* Config space as the OS enumerated it: an HP P420-like function. */
	s->pci_enumerated[0] = 0x323b103c;
	s->pci_enumerated[1] = 0x00100000 | CISS_PCI_CMD_MEMORY | CISS_PCI_CMD_MASTER;
	s->pci_enumerated[2] = 0x01040001;
	s->pci_enumerated[3] = 0x00000010;
	s->pci_enumerated[4] = 0xfb000004;	/* BAR0: 64-bit memory */
	s->pci_enumerated[5] = 0x00000000;
	s->pci_enumerated[6] = 0xfb800000;
	s->pci_enumerated[15] = 0x0000010b;	/* INTx line and pin */
	s->pci_enumerated[16] = 0x00035001;	/* power management capability */
	s->pci_enumerated[20] = 0x0086b005;	/* MSI-X, ... */
	memcpy(s->pci, s->pci_enumerated, sizeof(s->pci));
	s->next_bus = SIM_BUS_BASE;
	s->change_done_us = SIM_NEVER;
	s->ready_us = SIM_NEVER;
	s->next_due_us = SIM_NEVER;
}

void sim_free(struct ciss_sim *s)
{
	munmap(s->disk, s->nr_blocks * s->block_size);
	fclose(s->image);
	s->disk = NULL;
}

__u64 sim_dma_map(struct ciss_sim *s, void *cpu, size_t size)
{
	struct sim_region *r;

	if (s->nr_regions == SIM_MAX_REGIONS) {
		fprintf(stderr, "sim: too many DMA regions\n");
		exit(2);
	}
	r = &s->region[s->nr_regions++];
	r->bus = s->next_bus;
	r->size = size;
	r->cpu = cpu;
	s->next_bus += (size + SIM_PAGE - 1) / SIM_PAGE * SIM_PAGE;
	return r->bus;
}

void *sim_bus_to_cpu(struct ciss_sim *s, __u64 bus, size_t size)
{
	unsigned int i;

	for (i = 0; i < s->nr_regions; i++) {
		struct sim_region *r = &s->region[i];

		if (bus >= r->bus && bus - r->bus <= r->size && size <= r->size - (bus - r->bus))
			return (__u8 *)r->cpu + (bus - r->bus);
	}
	return NULL;
}

static __u32 cfg_get(struct ciss_sim *s, __u32 off)
{
	return s->cfg[off / 4];
}

/* A reply: into the FIFO (simple) or a reply queue (performant). */
static void post_reply(struct ciss_sim *s, __u32 value, __u8 queue)
{
	__u32 count, size;
	__u64 base;
	__u8 *e;

	s->completions++;
	if (s->active & CISS_TRANS_SIMPLE) {
		if (s->fifo_len == SIM_FIFO_SIZE) {
			sim_fail(s, "reply FIFO overflow");
			return;
		}
		s->fifo[(s->fifo_head + s->fifo_len++) % SIM_FIFO_SIZE] = value;
		return;
	}
	if (!(s->active & CISS_TRANS_PERFORMANT)) {
		sim_fail(s, "a command completed with no transport mode active");
		return;
	}
	count = s->tt[CISS_TT_REPQ_COUNT / 4];
	size = s->tt[CISS_TT_REPQ_SIZE / 4];
	if (!s->directed_queues || queue >= count)
		queue = 0;
	base = s->tt[CISS_TT_REPQ_ADDR_LO(queue) / 4] |
	       (__u64)s->tt[CISS_TT_REPQ_ADDR_HI(queue) / 4] << 32;
	e = sim_bus_to_cpu(s, base + (__u64)s->ring_next[queue] * CISS_RING_ENTRY_BYTES,
			   CISS_RING_ENTRY_BYTES);
	if (!e) {
		sim_fail(s, "reply queue %u entry %u at an unmapped bus address", queue,
			 s->ring_next[queue]);
		return;
	}
	put_le64(e, (value & ~CISS_TAG_CYCLE) | s->ring_cycle[queue]);
	if (++s->ring_next[queue] == size) {
		s->ring_next[queue] = 0;
		s->ring_cycle[queue] ^= CISS_TAG_CYCLE;
	}
}

static void finish_mode_change(struct ciss_sim *s)
{
	__u32 req = s->change_request, count, size, q, k;

	s->doorbell &= ~CISS_DB_CHANGE_REQ;
	s->change_done_us = SIM_NEVER;
	s->mode_changes++;
	if (cfg_get(s, CISS_CFG_POOL_ADDR_HI))
		sim_fail(s, "command blocks above 4 GiB (pool address high %#x)",
			 cfg_get(s, CISS_CFG_POOL_ADDR_HI));
	if ((req & CISS_TRANS_PERFORMANT) && (s->support & CISS_TRANS_PERFORMANT)) {
		count = s->tt[CISS_TT_REPQ_COUNT / 4];
		size = s->tt[CISS_TT_REPQ_SIZE / 4];
		if (count < 1 || count > CISS_TT_MAX_QUEUES || size < 1) {
			sim_fail(s, "performant mode asked with %u queues of %u entries", count,
				 size);
			return;
		}
		for (q = 0; q < count; q++) {
			__u64 base = s->tt[CISS_TT_REPQ_ADDR_LO(q) / 4] |
				     (__u64)s->tt[CISS_TT_REPQ_ADDR_HI(q) / 4] << 32;

			for (k = 0; k < size; k++)
				if (!sim_bus_to_cpu(s, base + (__u64)k * CISS_RING_ENTRY_BYTES,
						    CISS_RING_ENTRY_BYTES)) {
					sim_fail(s, "reply queue %u is not host memory", q);
					return;
				}
			s->ring_next[q] = 0;
			s->ring_cycle[q] = CISS_TAG_CYCLE;
		}
		s->active = CISS_TRANS_PERFORMANT |
			    (req & (s->support & (CISS_TRANS_IOACCEL1 | CISS_TRANS_IOACCEL2)));
	} else if ((req & CISS_TRANS_SIMPLE) && (s->support & CISS_TRANS_SIMPLE)) {
		s->active = CISS_TRANS_SIMPLE;
		s->fifo_len = 0;
	}
	/* Anything else: the request is ignored and the mode stays. */
}

/* Fixed-format sense data. */
static void put_sense(__u8 *ei, __u8 key, __u8 asc, __u8 ascq)
{
	__u8 *sense = ei + CISS_EI_SENSE;

	ei[CISS_EI_SCSI_STATUS] = DD_SCSI_CHECK_CONDITION;
	ei[CISS_EI_SENSE_LEN] = 18;
	ei[CISS_EI_CMD_STATUS] = CISS_ST_TARGET_STATUS;
	sense[0] = 0x70;
	sense[2] = key;
	sense[7] = 10;
	sense[12] = asc;
	sense[13] = ascq;
}

/*
 * Run command c: the controller LUN's cache flush, or a READ or WRITE of
 * the logical drive.  Returns the error bit; fills the error information.
 */
static __u32 execute(struct ciss_sim *s, unsigned int i, unsigned int nth)
{
	const __u8 *b = sim_block[i], *cdb = b + CISS_CMD_CDB;
	unsigned int nsg = b[CISS_CMD_SG_IN_CMD], dir = b[CISS_CMD_TYPE_ATTR_DIR] >> 6, k;
	__u64 err_bus = le64(b + CISS_CMD_ERR_ADDR), lba, total = 0;
	static const __u8 zero_lun[8];
	__u32 blocks, cdb_len = b[CISS_CMD_CDB_LEN];
	bool write;
	__u8 *ei;

	ei = sim_bus_to_cpu(s, err_bus, CISS_EI_BYTES);
	if (!ei || le32(b + CISS_CMD_ERR_LEN) < CISS_EI_BYTES) {
		sim_fail(s, "error information at %#llx (%u bytes) is not host memory",
			 (unsigned long long)err_bus, le32(b + CISS_CMD_ERR_LEN));
		return 0;
	}
	for (k = 0; k < nsg; k++) {
		const __u8 *sg = b + CISS_CMD_SG + k * CISS_SG_BYTES;
		__u32 ext = le32(sg + CISS_SG_EXT), len = le32(sg + CISS_SG_LEN);

		if (!len || ext != (k + 1 == nsg ? CISS_SG_EXT_LAST : 0) ||
		    !sim_bus_to_cpu(s, le64(sg + CISS_SG_ADDR), len)) {
			sim_fail(s, "S/G element %u of %u: %u bytes at %#llx, ext %#x", k, nsg,
				 len, (unsigned long long)le64(sg + CISS_SG_ADDR), ext);
			return 0;
		}
		total += len;
	}
	if (!memcmp(b + CISS_CMD_LUN, zero_lun, 8)) {
		if (cdb[0] != CISS_BMIC_WRITE || cdb[6] != CISS_BMIC_CACHE_FLUSH ||
		    dir != CISS_DIR_WRITE || total != (__u32)(cdb[7] << 8 | cdb[8])) {
			sim_fail(s, "unexpected command %#x to the controller LUN", cdb[0]);
			return 0;
		}
		s->dirty = false;
		s->flushes++;
		return 0;
	}
	if (memcmp(b + CISS_CMD_LUN, s->lun, 8)) {
		sim_fail(s, "command to a LUN the controller does not have");
		return 0;
	}
	switch (cdb[0]) {
	case DD_SCSI_READ_10:
	case DD_SCSI_WRITE_10:
		lba = dd_scsi_get_be32(cdb + 2);
		blocks = cdb[7] << 8 | cdb[8];
		write = cdb[0] == DD_SCSI_WRITE_10;
		if (cdb_len != 10)
			sim_fail(s, "a 10-byte CDB said to be %u bytes", cdb_len);
		break;
	case DD_SCSI_READ_16:
	case DD_SCSI_WRITE_16:
		lba = dd_scsi_get_be64(cdb + 2);
		blocks = dd_scsi_get_be32(cdb + 10);
		write = cdb[0] == DD_SCSI_WRITE_16;
		if (cdb_len != 16)
			sim_fail(s, "a 16-byte CDB said to be %u bytes", cdb_len);
		break;
	default:
		sim_fail(s, "unexpected CDB %#x to the logical drive", cdb[0]);
		return 0;
	}
	if (dir != (write ? CISS_DIR_WRITE : CISS_DIR_READ))
		sim_fail(s, "direction %u for CDB %#x", dir, cdb[0]);
	if (lba >= s->nr_blocks || blocks > s->nr_blocks - lba) {
		sim_fail(s, "LBA %llu + %u beyond the drive's %llu blocks",
			 (unsigned long long)lba, blocks, (unsigned long long)s->nr_blocks);
		put_sense(ei, DD_SENSE_ILLEGAL_REQUEST, 0x21, 0);
		return CISS_TAG_ERROR;
	}
	if (total != (__u64)blocks * s->block_size) {
		sim_fail(s, "S/G covers %llu bytes, the CDB moves %llu",
			 (unsigned long long)total, (unsigned long long)blocks * s->block_size);
		return 0;
	}
	if (nth && nth == s->fault.sense_nth) {
		put_sense(ei, s->fault.sense_key, s->fault.asc, s->fault.ascq);
		return CISS_TAG_ERROR;
	}
	if (nth && nth == s->fault.status_nth) {
		ei[CISS_EI_CMD_STATUS] = s->fault.status & 0xff;
		ei[CISS_EI_CMD_STATUS + 1] = s->fault.status >> 8;
		ei[CISS_EI_RESIDUAL] = s->fault.residual & 0xff;
		ei[CISS_EI_RESIDUAL + 1] = (s->fault.residual >> 8) & 0xff;
		ei[CISS_EI_RESIDUAL + 2] = (s->fault.residual >> 16) & 0xff;
		return CISS_TAG_ERROR;
	}
	{
		__u8 *disk = s->disk + lba * s->block_size;

		for (k = 0; k < nsg; k++) {
			const __u8 *sg = b + CISS_CMD_SG + k * CISS_SG_BYTES;
			__u32 len = le32(sg + CISS_SG_LEN);
			__u8 *mem = sim_bus_to_cpu(s, le64(sg + CISS_SG_ADDR), len);

			if (write)
				memcpy(disk, mem, len);
			else
				memcpy(mem, disk, len);
			disk += len;
		}
	}
	if (write) {
		s->dirty = true;
		s->writes++;
	} else {
		s->reads++;
	}
	return 0;
}

static unsigned int in_flight(struct ciss_sim *s, __u64 *earliest)
{
	unsigned int i, n = 0;

	*earliest = SIM_NEVER;
	for (i = 0; i < SIM_MAX_INFLIGHT; i++)
		if (s->cmd[i].used) {
			n++;
			if (s->cmd[i].due_us < *earliest)
				*earliest = s->cmd[i].due_us;
		}
	s->next_due_us = *earliest;
	return n;
}

static void complete_due(struct ciss_sim *s)
{
	unsigned int i;
	__u64 earliest;

	if (s->locked_up || s->resetting || s->now_us < s->next_due_us)
		return;
	for (;;) {
		unsigned int best = SIM_MAX_INFLIGHT;
		__u32 err;

		for (i = 0; i < SIM_MAX_INFLIGHT; i++)
			if (s->cmd[i].used && s->cmd[i].due_us <= s->now_us &&
			    (best == SIM_MAX_INFLIGHT || s->cmd[i].due_us < s->cmd[best].due_us))
				best = i;
		if (best == SIM_MAX_INFLIGHT) {
			in_flight(s, &earliest);
			return;
		}
		s->cmd[best].used = false;
		if (s->cmd[best].foreign) {
			s->foreign_done++;
			post_reply(s, s->cmd[best].tag, s->cmd[best].queue);
			continue;
		}
		err = execute(s, best, s->cmd[best].tag);
		post_reply(s, (__u32)le64(sim_block[best] + CISS_CMD_TAG) | err,
			   sim_block[best][CISS_CMD_REPLY_QUEUE]);
		if (s->fault.foreign_every && s->cmd[best].tag % s->fault.foreign_every == 0)
			post_reply(s, (s->cmd[best].tag * 7 % 900) << 4, 0);
		if (s->fault.duplicate_nth && s->cmd[best].tag == s->fault.duplicate_nth)
			s->dup_tag = (__u32)le64(sim_block[best] + CISS_CMD_TAG);
		if (s->dup_tag && s->cmd[best].tag == s->fault.duplicate_nth + 3)
			post_reply(s, s->dup_tag, 0);
	}
}

void sim_advance(struct ciss_sim *s, __u64 us)
{
	s->now_us += us;
	if (s->now_us > SIM_HANG_US) {
		fprintf(stderr, "sim: simulated time passed 10 hours: the host hangs\n");
		abort();
	}
	if (s->now_us >= s->change_done_us)
		finish_mode_change(s);
	if (s->resetting && s->now_us >= s->ready_us) {
		s->resetting = false;
		s->ready_us = SIM_NEVER;
		s->scratchpad = CISS_FIRMWARE_READY;
		s->active = 0;
		s->doorbell = 0;
	}
	complete_due(s);
}

void sim_foreign_command(struct ciss_sim *s, __u32 tag, __u64 after_us, __u8 queue)
{
	unsigned int i;

	for (i = 0; i < SIM_MAX_INFLIGHT; i++)
		if (!s->cmd[i].used)
			break;
	if (i == SIM_MAX_INFLIGHT) {
		fprintf(stderr, "sim: too many commands in flight\n");
		exit(2);
	}
	s->cmd[i] = (struct sim_cmd){ .used = true, .foreign = true, .tag = tag,
				      .due_us = s->now_us + after_us, .queue = queue };
	if (s->cmd[i].due_us < s->next_due_us)
		s->next_due_us = s->cmd[i].due_us;
}

static void post_command(struct ciss_sim *s, __u32 v)
{
	unsigned int i, nsg, fetch = SIM_CMD_MAX, need;
	__u64 bus, earliest;
	const __u8 *b;

	s->posts++;
	if (!(s->pci[1] & CISS_PCI_CMD_MASTER))
		sim_fail(s, "command posted while bus mastering is off");
	if (s->active & CISS_TRANS_PERFORMANT) {
		if (!(v & CISS_POST_PERFORMANT)) {
			sim_fail(s, "performant mode: post %#x without bit 0", v);
			return;
		}
		fetch = s->tt[CISS_TT_BLOCK_FETCH((v >> CISS_POST_FETCH_SHIFT) & 7) / 4] *
			CISS_FETCH_BLOCK;
		bus = v & ~CISS_TAG_FLAGS;
	} else if (s->active & CISS_TRANS_SIMPLE) {
		if (v & CISS_TAG_FLAGS) {
			sim_fail(s, "simple mode: post %#x with low bits set", v);
			return;
		}
		bus = v;
	} else {
		sim_fail(s, "command posted with no transport mode active");
		return;
	}
	b = sim_bus_to_cpu(s, bus, CISS_CMD_SG);
	if (!b || bus % CISS_CMD_ALIGN) {
		sim_fail(s, "command block at %#llx: not host memory or not aligned",
			 (unsigned long long)bus);
		return;
	}
	nsg = b[CISS_CMD_SG_IN_CMD];
	need = CISS_CMD_SG + nsg * CISS_SG_BYTES;
	if (le16(b + CISS_CMD_SG_TOTAL) != nsg || nsg > s->max_sg || nsg == 0) {
		sim_fail(s, "S/G count %u in the command, %u in total, controller max %u", nsg,
			 le16(b + CISS_CMD_SG_TOTAL), s->max_sg);
		return;
	}
	if (need > fetch) {
		sim_fail(s, "block fetch of %u bytes cuts a %u-byte command short", fetch, need);
		return;
	}
	if (!sim_bus_to_cpu(s, bus, fetch < SIM_CMD_MAX ? fetch : need)) {
		sim_fail(s, "block fetch of %u bytes reads past host memory", fetch);
		return;
	}
	for (i = 0; i < SIM_MAX_INFLIGHT; i++)
		if (!s->cmd[i].used)
			break;
	if (i == SIM_MAX_INFLIGHT) {
		sim_fail(s, "too many commands in flight");
		return;
	}
	memcpy(sim_block[i], b, need);
	s->ours++;
	s->cmd[i] = (struct sim_cmd){ .used = true, .bus = bus, .tag = s->ours };
	/* Out of credits: it waits for the first command in flight to finish. */
	if (in_flight(s, &earliest) > s->cmds_out_max)
		s->cmd[i].due_us = earliest + 50;
	else
		s->cmd[i].due_us = s->now_us + 20 + le32(b + CISS_CMD_SG + CISS_SG_LEN) / 1000;
	if (s->fault.lose_nth == s->ours) {
		s->cmd[i].lost = true;
		s->cmd[i].due_us = SIM_NEVER;
	}
	if (s->cmd[i].due_us < s->next_due_us)
		s->next_due_us = s->cmd[i].due_us;
	if (s->fault.lockup_nth == s->ours) {
		s->locked_up = true;
		s->scratchpad = SIM_LOCKUP_CODE;
	}
}

bool sim_decodes(const struct ciss_sim *s)
{
	return (s->pci[1] & CISS_PCI_CMD_MEMORY) &&
	       !memcmp(s->pci + 4, s->pci_enumerated + 4, 6 * sizeof(__u32));
}

static void reset(struct ciss_sim *s)
{
	unsigned int i;

	if (s->fault.reset_ignored)
		return;
	s->resets++;
	/*
	 * Config space back to its power-on state: no BARs, no memory
	 * decode, no bus mastering; and the configuration table's driver
	 * version gone.
	 */
	memset(s->pci + 1, 0, sizeof(s->pci) - sizeof(s->pci[0]));
	s->pci[1] = 0x00100000;
	s->pci[2] = s->pci_enumerated[2];
	memset(s->cfg + CISS_CFG_DRIVER_VERSION / 4, 0, CISS_CFG_DRIVER_VERSION_BYTES);
	for (i = 0; i < SIM_MAX_INFLIGHT; i++)
		s->cmd[i].used = false;
	s->next_due_us = SIM_NEVER;
	s->fifo_len = 0;
	s->active = 0;
	s->doorbell = 0;
	s->change_done_us = SIM_NEVER;
	s->resetting = true;
	s->reset_at = s->now_us;
	if (s->locked_up && s->fault.lockup_survives_reset) {
		s->ready_us = SIM_NEVER;
		return;
	}
	s->locked_up = false;
	s->scratchpad = 0;
	s->ready_us = s->now_us + SIM_RESET_US;
}

static void check_quiet(struct ciss_sim *s, int space, __u32 off)
{
	if (s->resetting && s->now_us < s->reset_at + SIM_QUIET_US)
		sim_fail(s, "space %d offset %#x touched %llu us after the doorbell reset",
			 space, off, (unsigned long long)(s->now_us - s->reset_at));
}

/* Memory space is only there while config space says so. */
static bool mmio_ok(struct ciss_sim *s, const char *what, int space, __u32 off)
{
	if (sim_decodes(s))
		return true;
	sim_fail(s, "MMIO %s of space %d offset %#x while the controller decodes no memory (config space lost by the reset, not restored)",
		 what, space, off);
	return false;
}

__u32 sim_read(struct ciss_sim *s, int space, __u32 off)
{
	sim_advance(s, 1);
	check_quiet(s, space, off);
	if (s->fault.gone)
		return CISS_FIFO_EMPTY;
	if (!mmio_ok(s, "read", space, off))
		return 0xffffffff;
	switch (space) {
	case CISS_SPACE_REGS:
		switch (off) {
		case CISS_REG_DOORBELL:
			return s->doorbell;
		case CISS_REG_SCRATCHPAD:
			return s->scratchpad;
		case CISS_REG_INTR_MASK:
			return s->intr_mask;
		case CISS_REG_INTR_STATUS:
			return s->fifo_len ? 0x8 : 0;
		case CISS_REG_REPLY:
			if (!(s->active & CISS_TRANS_SIMPLE)) {
				sim_fail(s, "reply register read outside simple mode");
				return CISS_FIFO_EMPTY;
			}
			if (!s->fifo_len)
				return CISS_FIFO_EMPTY;
			s->fifo_len--;
			s->fifo_head = (s->fifo_head + 1) % SIM_FIFO_SIZE;
			return s->fifo[(s->fifo_head + SIM_FIFO_SIZE - 1) % SIM_FIFO_SIZE];
		case CISS_REG_CFG_BAR:
			return 0x10;
		case CISS_REG_CFG_OFFSET:
			return 0;
		default:
			return 0;
		}
	case CISS_SPACE_CFG:
		if (off >= sizeof(s->cfg) || off % 4)
			break;
		switch (off) {
		case CISS_CFG_TRANS_SUPPORT:
			return s->support;
		case CISS_CFG_TRANS_ACTIVE:
			return s->active;
		case CISS_CFG_CMDS_OUT_MAX:
			return s->cmds_out_max;
		case CISS_CFG_MAX_SG:
			return s->max_sg;
		case CISS_CFG_MISC_FW:
			return s->misc_fw;
		default:
			return s->cfg[off / 4];
		}
	case CISS_SPACE_TT:
		if (off < sizeof(s->tt) && off % 4 == 0)
			return s->tt[off / 4];
		break;
	}
	sim_fail(s, "read of space %d offset %#x", space, off);
	return 0;
}

void sim_write(struct ciss_sim *s, int space, __u32 off, __u32 v)
{
	check_quiet(s, space, off);
	if (s->fault.gone || !mmio_ok(s, "write", space, off))
		return;
	switch (space) {
	case CISS_SPACE_REGS:
		switch (off) {
		case CISS_REG_DOORBELL:
			if (v & (CISS_DB_RESET2 | CISS_DB_RESET)) {
				if ((v & CISS_DB_RESET2) && (s->misc_fw & CISS_MISC_DB_RESET2))
					reset(s);
				else
					sim_fail(s, "doorbell reset %#x the firmware does not offer", v);
				return;
			}
			if (v & CISS_DB_CHANGE_REQ) {
				s->doorbell |= CISS_DB_CHANGE_REQ;
				s->change_request = s->cfg[CISS_CFG_TRANS_REQUEST / 4];
				s->change_done_us = s->now_us + SIM_CHANGE_US;
				if (s->fault.change_us)
					s->change_done_us = s->now_us + s->fault.change_us;
			}
			return;
		case CISS_REG_REQUEST:
			if (s->locked_up)
				return;	/* taken, never looked at */
			if (s->resetting) {
				sim_fail(s, "command posted while the controller resets");
				return;
			}
			post_command(s, v);
			return;
		case CISS_REG_INTR_MASK:
			s->intr_mask = v;
			return;
		case CISS_REG_OUTDB_CLEAR:
			return;
		}
		break;
	case CISS_SPACE_CFG:
		if (off == CISS_CFG_TRANS_REQUEST || off == CISS_CFG_POOL_ADDR_HI ||
		    (off >= CISS_CFG_DRIVER_VERSION && off % 4 == 0 &&
		     off < CISS_CFG_DRIVER_VERSION + CISS_CFG_DRIVER_VERSION_BYTES)) {
			s->cfg[off / 4] = v;
			return;
		}
		break;
	case CISS_SPACE_TT:
		if (off < sizeof(s->tt) && off % 4 == 0) {
			s->tt[off / 4] = v;
			return;
		}
		break;
	}
	sim_fail(s, "write of %#x to space %d offset %#x", v, space, off);
}

/* env.h, userspace side: the protocol code's window onto the simulator. */
__u32 ciss_rd(struct ciss_io *io, enum ciss_space space, __u32 off)
{
	return sim_read(io->sim, space, off);
}

void ciss_wr(struct ciss_io *io, enum ciss_space space, __u32 off, __u32 v)
{
	sim_write(io->sim, space, off, v);
}

void ciss_udelay(struct ciss_io *io, unsigned int us)
{
	sim_advance(io->sim, us);
}

/* Config space: read at arm time, written back after a reset. */
__u32 ciss_pci_rd(struct ciss_io *io, __u32 off)
{
	struct ciss_sim *s = io->sim;

	if (off >= sizeof(s->pci) || off % 4) {
		sim_fail(s, "config read at %#x", off);
		return ~0u;
	}
	return s->pci[off / 4];
}

void ciss_pci_wr(struct ciss_io *io, __u32 off, __u32 v, unsigned int bytes)
{
	struct ciss_sim *s = io->sim;
	__u32 mask = bytes == 2 ? 0xffffu << 8 * (off & 2) : ~0u;

	if (s->resetting && s->now_us < s->reset_at + SIM_QUIET_US)
		sim_fail(s, "config space written %llu us after the doorbell reset",
			 (unsigned long long)(s->now_us - s->reset_at));
	if (s->fault.gone)
		return;
	if (off >= sizeof(s->pci) || off % bytes || (bytes != 2 && bytes != 4)) {
		sim_fail(s, "config write of %u bytes at %#x", bytes, off);
		return;
	}
	if (off / 4 == 0)
		return;		/* the identifiers are read-only */
	if (off / 4 == 1 && (v << 8 * (off & 2)) & CISS_PCI_CMD_MEMORY &&
	    memcmp(s->pci + 4, s->pci_enumerated + 4, 6 * sizeof(__u32)))
		sim_fail(s, "memory decode enabled before the BARs were restored");
	s->pci[off / 4] = (s->pci[off / 4] & ~mask) | ((v << 8 * (off & 2)) & mask);
}

__u64 ciss_sim_now_us(struct ciss_io *io)
{
	return io->sim->now_us;
}
