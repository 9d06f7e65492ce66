/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A register-level simulator of a CISS (Smart Array) controller with one
 * logical drive, for the cciss hook's protocol code (kernel/drivers/cciss/
 * proto.c), which runs against it unchanged through env.h.
 *
 * What it models: the register file (doorbell, interrupt mask, inbound
 * post queue, simple mode's reply FIFO, scratchpad), the configuration
 * table and the performant-mode transport table, both transport modes and
 * their mode change handshake, command credits, the doorbell reset (which
 * also loses the PCI configuration space: the BARs and the memory and
 * bus-master enables, so the controller answers nothing until the host
 * writes them back, the command register last; and clears the driver
 * version the host wrote in the configuration table), and a logical
 * drive backed by an image file.  Host memory is reached only through
 * DMA regions registered with bus addresses (sim_dma_map()), so a command
 * that points anywhere else is caught, as is any command block that
 * breaks the layout's rules.  Time is simulated: every register read
 * costs a microsecond, and ciss_udelay() moves the clock.
 *
 * Faults (struct sim_faults) make the controller busy with the failed
 * kernel's commands, lose a completion, answer with sense data or another
 * error status, lock up, or post completions for foreign tags.
 */
#ifndef CISS_SIM_H
#define CISS_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#define SIM_MAX_REGIONS		64
#define SIM_MAX_INFLIGHT	1024
#define SIM_FIFO_SIZE		2048

struct sim_faults {
	/* The failed kernel's commands in flight at the takeover. */
	unsigned int	busy_foreign;
	__u32		busy_spread_us;	/* they complete over this long */
	/* Our n-th command (1-based; 0: never) is never completed. */
	unsigned int	lose_nth;
	/* Our n-th command ends with a CHECK CONDITION carrying this sense. */
	unsigned int	sense_nth;
	__u8		sense_key, asc, ascq;
	/* Our n-th command ends with this command status (0: none). */
	unsigned int	status_nth;
	__u16		status;
	__u32		residual;
	/* The controller locks up at our n-th command; a reset cures it or not. */
	unsigned int	lockup_nth;
	bool		lockup_survives_reset;
	/* After every n-th of ours, a completion for a tag that is not ours. */
	unsigned int	foreign_every;
	/* A second, late completion of our n-th command. */
	unsigned int	duplicate_nth;
	/* A mode change takes this long (0: 500 us), e.g. pending at takeover. */
	__u32		change_us;
	/* The controller is gone: reads return all ones, writes vanish. */
	bool		gone;
	/* The doorbell reset is not acted on (firmware that ignores it). */
	bool		reset_ignored;
};

struct sim_region {
	__u64	bus;
	size_t	size;
	void	*cpu;
};

struct sim_cmd {
	bool	used;
	bool	foreign;
	bool	lost;
	__u64	bus;		/* the command block */
	__u32	tag;		/* foreign: its tag; ours: which of ours (from 1) */
	__u64	due_us;		/* when it completes */
	__u8	queue;		/* the reply queue it goes to */
};

struct ciss_sim {
	/* What the controller offers (set before sim_init()'s caller arms). */
	__u32		support;	/* CISS_TRANS_* */
	__u32		misc_fw;	/* CISS_MISC_* */
	__u32		max_sg;
	__u32		cmds_out_max;
	bool		directed_queues; /* replies go to the command's ReplyQueue */

	/* The logical drive. */
	__u8		lun[8];
	__u32		block_size;
	__u64		nr_blocks;
	FILE		*image;		/* the drive's image file */
	__u8		*disk;		/* mapped */
	bool		dirty;		/* written since the last cache flush */
	unsigned int	flushes;

	/* Registers and tables. */
	__u32		scratchpad;
	__u32		doorbell;
	__u32		intr_mask;
	__u32		cfg[0x100 / 4];
	/* PCI config space 00h-5Fh, and what the OS had set it to. */
	__u32		pci[0x60 / 4];
	__u32		pci_enumerated[0x60 / 4];
	__u32		tt[0x200 / 4];
	__u32		active;
	__u64		change_done_us;	/* a mode change completes then */
	__u32		change_request;
	__u64		ready_us;	/* firmware ready after a reset */
	__u64		reset_at;
	bool		resetting;
	bool		locked_up;

	/* Replies. */
	__u32		fifo[SIM_FIFO_SIZE];
	unsigned int	fifo_head, fifo_len;
	unsigned int	ring_next[64];
	__u32		ring_cycle[64];

	struct sim_cmd	cmd[SIM_MAX_INFLIGHT];
	__u64		next_due_us;	/* the earliest due command, or never */
	struct sim_region region[SIM_MAX_REGIONS];
	unsigned int	nr_regions;
	__u64		next_bus;

	struct sim_faults fault;
	unsigned int	ours;		/* our commands received */
	__u32		dup_tag;

	__u64		now_us;
	/* Counters and the first rule broken. */
	unsigned int	posts, completions, foreign_done, resets, mode_changes;
	unsigned int	writes, reads;
	char		error[256];
};

/* A controller in its power-on state: firmware ready, no mode active. */
void sim_init(struct ciss_sim *s, __u32 block_size, __u64 nr_blocks);
void sim_free(struct ciss_sim *s);
/* Host memory the controller may reach: returns its bus address. */
__u64 sim_dma_map(struct ciss_sim *s, void *cpu, size_t size);
void *sim_bus_to_cpu(struct ciss_sim *s, __u64 bus, size_t size);
/* Let simulated time pass (processing what falls due). */
void sim_advance(struct ciss_sim *s, __u64 us);
/* The failed kernel's side: a command of its own in flight. */
void sim_foreign_command(struct ciss_sim *s, __u32 tag, __u64 after_us, __u8 queue);
/* Does the controller decode its BARs now (config space intact)? */
bool sim_decodes(const struct ciss_sim *s);
/* Direct register access, for the test's stand-in of the driver. */
__u32 sim_read(struct ciss_sim *s, int space, __u32 off);
void sim_write(struct ciss_sim *s, int space, __u32 off, __u32 v);

#endif /* CISS_SIM_H */
