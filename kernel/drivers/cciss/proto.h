/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CISS protocol of the Smart Array hook, in plain C: taking the
 * controller over in the transport mode it runs in, command blocks,
 * posting, completion queues, error decoding, the reset.  Compiled into
 * diskdump_cciss.ko (with hook.c, the kernel glue) and into the simulator
 * tests (tests/ciss/), through env.h.
 *
 * The caller owns the memory: one area of DMA-able memory (struct
 * ciss_mem, below 4 GiB: CISS command blocks are posted as 32-bit
 * addresses) carved into command blocks, error information, a flush
 * buffer and a reply queue of our own.  Nothing here allocates, sleeps or
 * takes a lock; every wait has a deadline.
 */
#ifndef DISKDUMP_CISS_PROTO_H
#define DISKDUMP_CISS_PROTO_H

#include <diskdump/ciss.h>
#include "env.h"

#define CISS_MAX_SLOTS		4	/* requests in flight */
#define CISS_MAX_SG		16	/* S/G elements in one command block */
#define CISS_MAX_SEGMENT	(64 * 1024)	/* bytes per element, as sd gives hpsa */
#define CISS_MAX_TRANSFER	(CISS_MAX_SG * CISS_MAX_SEGMENT)
/* A command block with room for CISS_MAX_SG elements, 128-byte aligned. */
#define CISS_CMD_STRIDE		384
#define CISS_OWN_RING_ENTRIES	64	/* our reply queue, after a reset */
#define CISS_RING_PAGE		4096
#define CISS_RING_MAX_PAGES	8	/* 4096 entries: more than CmdsOutMax */
#define CISS_MAX_RINGS		CISS_TT_MAX_QUEUES

/* The layout of struct ciss_mem. */
#define CISS_MEM_CMDS		0
#define CISS_MEM_ERRS		(CISS_MEM_CMDS + CISS_MAX_SLOTS * CISS_CMD_STRIDE)
#define CISS_MEM_FLUSH		(CISS_MEM_ERRS + CISS_MAX_SLOTS * 64)
#define CISS_MEM_RING		(CISS_MEM_FLUSH + 64)
#define CISS_MEM_BYTES		(CISS_MEM_RING + CISS_OWN_RING_ENTRIES * CISS_RING_ENTRY_BYTES)

/* Time limits (ms). */
#define CISS_MODE_CHANGE_MS	(30 * 1000)
#define CISS_RESET_QUIET_MS	(10 * 1000)	/* after a doorbell reset, touch nothing */
#define CISS_READY_MS		(120 * 1000)	/* firmware ready after a reset */
/* After config space is back, before the board is asked anything (hpsa). */
#define CISS_POST_RESET_PAUSE_MS (3 * 1000)
#define CISS_RESET_TIMEOUT_MS	(CISS_RESET_QUIET_MS + CISS_POST_RESET_PAUSE_MS + \
				 CISS_READY_MS + 2 * CISS_MODE_CHANGE_MS)

struct ciss_mem {
	void	*cpu;
	__u64	bus;
};

enum ciss_mode {
	CISS_MODE_NONE,
	CISS_MODE_SIMPLE,	/* replies through the reply register */
	CISS_MODE_PERFORMANT,	/* replies in reply queues in host memory */
};

/* A reply queue in host memory (performant mode). */
struct ciss_ring {
	__u64		bus;
	unsigned int	entries;
	void		*page[CISS_RING_MAX_PAGES];
	unsigned int	next;	/* the entry the controller writes next */
	__u32		cycle;	/* bit 0 of a fresh entry */
};

enum ciss_slot_state {
	CISS_SLOT_IDLE,
	CISS_SLOT_BUSY,
	CISS_SLOT_DONE,
};

struct ciss_slot {
	enum ciss_slot_state	state;
	__u32			tag;	/* as the controller returns it, flags clear */
	__u32			len;	/* bytes the command moves */
	int			result;	/* once DONE: 0, -EAGAIN or an error */
};

enum ciss_op {
	CISS_OP_READ,
	CISS_OP_WRITE,
	CISS_OP_FLUSH,
};

struct ciss_ctl {
	struct ciss_io	io;
	struct ciss_mem	mem;
	__u8		lun[8];		/* the volume's CISS LUN address */
	__u32		block_size;
	unsigned int	nr_slots;
	__u32		max_sg;		/* the controller's, capped at CISS_MAX_SG */

	/* Found at arm time. */
	__u32		armed_mode;	/* TransportActive then */
	__u32		trans_support;
	__u32		reset_doorbell;	/* 0: no reset method */
	/* Config space as the PCI core set it up, for after a reset. */
	__u32		pci_saved[CISS_PCI_SAVE_BYTES / 4];
	const char	*arm_note;	/* why taking over in place will not work */
	unsigned int	nr_armed_rings;
	struct ciss_ring armed_ring[CISS_MAX_RINGS];

	/* At panic. */
	enum ciss_mode	mode;
	bool		taken_over;	/* quiesced at least once */
	unsigned int	nr_rings;
	struct ciss_ring *ring;		/* armed_ring, or &own_ring after a reset */
	struct ciss_ring own_ring;
	__u32		fetch[CISS_TT_NR_BLOCK_FETCH];
	__u32		seq;
	struct ciss_slot slot[CISS_MAX_SLOTS];

	/* What happened: counters and the last problem, for the log. */
	unsigned long	foreign;	/* completions of the failed kernel's commands */
	unsigned long	stale;		/* ours, but of an earlier submission */
	unsigned int	resets;
	const char	*why;		/* the last failure, or NULL */
	__u32		why_value;
	const char	*takeover_why;	/* why taking over in place did not work */
	__u32		takeover_value;
	__u8		sense_key, asc, ascq;
};

int ciss_arm(struct ciss_ctl *c);
int ciss_quiesce(struct ciss_ctl *c);
int ciss_submit(struct ciss_ctl *c, unsigned int slot, enum ciss_op op,
		__u64 lba, __u32 nr_blocks, __u64 data_bus);
int ciss_poll(struct ciss_ctl *c, unsigned int slot);
void ciss_shutdown(struct ciss_ctl *c);
const char *ciss_mode_name(enum ciss_mode mode);
const char *ciss_status_name(__u16 status);

#endif /* DISKDUMP_CISS_PROTO_H */
