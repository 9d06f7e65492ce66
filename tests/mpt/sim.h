/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A register-level simulator of a Fusion-MPT IOC (MPI 1.5) with one disk
 * on port 0, for the family's message layer (kernel/drivers/mpt/proto.c),
 * which runs against it unchanged through env.h.  QEMU's mptsas1068 is
 * lenient where firmware is not; this model is strict, and every rule the
 * host breaks is an error the test reports.
 *
 * What it models: the system interface registers (doorbell with the IOC
 * state and fault code, the handshake word by word with its interrupt
 * status bits, the diagnostic register and its key sequence, the SAS1078's
 * reset register, the request FIFO, the reply post and free FIFOs); the
 * IOC states RESET, READY, OPERATIONAL and FAULT; message unit reset and
 * hard reset; IOCFacts and PortFacts of three personalities (SAS, SPI and
 * FC: what each reports); IOCInit (the high address halves, the reply
 * frame size, the device and bus counts); PortEnable; SAS device page 0;
 * SCSI IO requests: MsgFlags (the sense buffer's width) against the
 * addresses given, simple and chain S/G elements, 32 and 64 bit, the
 * SAS1078's 36 GB erratum, the CDB against DataLength and the disk, and
 * the disk itself in memory.  Host memory is reached only through regions
 * registered with bus addresses (sim_dma_map()), so an address the IOC
 * would resolve elsewhere is caught.  Time is simulated: a register read
 * costs a microsecond, and mpi_mdelay() moves the clock.
 *
 * Faults (struct sim_faults): an IOC in fault or stuck in a handshake at
 * the takeover, a message unit reset that is not acted on, a hard reset
 * slower than allowed, an IOC that faults mid-dump, a reply that never
 * comes, sense data, busy, an IOCStatus, a unit attention after a reset.
 */
#ifndef MPT_SIM_H
#define MPT_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define SIM_MAX_REGIONS		16
#define SIM_MAX_INFLIGHT	32
#define SIM_FIFO_SIZE		64
#define SIM_MAX_DEVICES		8

enum sim_personality {
	SIM_SAS,		/* SAS1068: port type SAS, SAS device pages */
	SIM_SAS1078,		/* the same, with the 1078's reset register and erratum */
	SIM_SPI,		/* 53C1030: port type SCSI, 16 targets */
	SIM_FC,			/* FC949: port type FC */
};

struct sim_faults {
	bool		fault_at_start;		/* the IOC is in FAULT at the takeover */
	bool		doorbell_stuck;		/* a handshake of the failed kernel never ends */
	bool		mur_ignored;		/* a message unit reset is not acted on */
	__u32		hard_reset_us;		/* a hard reset takes this long (0: 2 s) */
	unsigned int	fault_nth;		/* the IOC faults at our n-th SCSI IO (1-based) */
	unsigned int	lose_nth;		/* our n-th SCSI IO is never answered */
	unsigned int	sense_nth;		/* our n-th: CHECK CONDITION with this sense */
	__u8		sense_key, asc, ascq;
	unsigned int	busy_nth;		/* our n-th: SCSI status BUSY */
	unsigned int	ioc_status_nth;		/* our n-th: this IOCStatus */
	__u16		ioc_status;
	bool		unit_attention;		/* the first command after a reset: UA 29/00 */
	bool		gone;			/* reads all ones */
	__u32		fc_link_up_ms;		/* FC: the link comes up this long after PortEnable */
	bool		fc_not_target;		/* FC: the disk's port is not an FCP target */
};

struct sim_region {
	__u64	bus;
	size_t	size;
	void	*cpu;
};

struct sim_device {
	__u64	sas_address;	/* or the FC port's WWPN */
	__u32	port_id;	/* FC */
	__u16	handle;
	__u8	bus, target;
};

struct sim_req {
	bool	used;
	bool	lost;
	bool	foreign;	/* the failed kernel's */
	__u32	context;
	__u64	due_us;
	__u16	ioc_status;
	__u8	scsi_status, scsi_state;
	__u32	transfer;
	__u32	sense_count;
	__u8	function;
	__u8	ext_len, page_version, page_len;	/* configuration replies */
};

struct mpi_sim {
	enum sim_personality personality;
	/* The disk: at bus/target (the firmware's ids), LUN 0, in memory. */
	struct sim_device dev[SIM_MAX_DEVICES];
	unsigned int	nr_dev;
	unsigned int	disk_dev;		/* which of dev[] is the disk */
	__u32		block_size;
	__u64		nr_blocks;
	__u8		*disk;
	unsigned int	syncs;

	/* Registers. */
	__u32		state;			/* MPI_IOC_STATE_* */
	__u16		fault_code;
	__u32		his, him;
	__u32		diag;
	unsigned int	key_pos;
	__u64		ready_at_us;		/* a reset completes then */
	__u32		reset_to;		/* the state it completes to */
	/* The handshake. */
	enum { HS_IDLE, HS_REQUEST, HS_REPLY, HS_END, HS_STUCK } hs;
	__u32		hs_req[64];
	unsigned int	hs_dwords, hs_got;
	__u16		hs_reply[64];
	unsigned int	hs_words, hs_pos;
	__u64		iop_ack_at_us;		/* the IOC takes the word then */

	/* After IOCInit. */
	bool		inited;
	__u32		mfa_high, sense_high;
	__u16		reply_frame_size;
	__u8		max_devices, max_buses;
	bool		port_enabled;
	__u64		port_enabled_at_us;
	bool		ua_pending;

	__u32		free_fifo[SIM_FIFO_SIZE];
	unsigned int	free_len;
	__u32		post_fifo[SIM_FIFO_SIZE];
	unsigned int	post_head, post_len;
	struct sim_req	req[SIM_MAX_INFLIGHT];

	struct sim_region region[SIM_MAX_REGIONS];
	unsigned int	nr_regions;

	struct sim_faults fault;
	__u64		now_us;
	/* Counters, the log of the layer's messages, and the first rule broken. */
	unsigned int	ios, writes, reads, murs, hard_resets, handshakes;
	char		log[16384];
	size_t		log_len;
	char		error[256];
};

/* An IOC of this personality in its power-on state (READY), one disk. */
void sim_init(struct mpi_sim *s, enum sim_personality p, __u64 nr_blocks);
void sim_free(struct mpi_sim *s);
/* Host memory the IOC may reach, at bus address bus. */
void sim_dma_map(struct mpi_sim *s, void *cpu, size_t size, __u64 bus);
/* The failed kernel's side: the IOC operational on its frames, a request in flight. */
void sim_left_operational(struct mpi_sim *s);
/* Put the faults that hold at the takeover (in fault, a stuck handshake) in place. */
void sim_start_faults(struct mpi_sim *s);
/* Let simulated time pass. */
void sim_advance(struct mpi_sim *s, __u64 us);

#endif /* MPT_SIM_H */
