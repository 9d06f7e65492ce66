/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Fusion-MPT message layer shared by the family's hooks (mptsas today;
 * mptspi and mptfc to come), in plain C: the IOC brought from whatever the
 * failed kernel left to operational on frames of our own (message unit
 * reset, hard reset as the last resort, IOCFacts, PortFacts, IOCInit,
 * PortEnable), requests through the doorbell handshake, configuration
 * pages, SCSI IO requests posted to the request FIFO, the reply FIFO
 * polled (context and address replies), and the verdict of a command for
 * the core through diskdump/scsi.h.  Compiled into the hooks (with their
 * kernel glue) and into the simulator tests (tests/mpt/), through env.h.
 *
 * The caller owns the memory: MPI_MEM_BYTES of DMA memory whose bus
 * addresses share their upper 32 bits (IOCInit names the upper half of
 * frames, replies and sense buffers once).  Nothing here allocates,
 * sleeps or takes a lock; every wait has a deadline.
 */
#ifndef DISKDUMP_MPT_PROTO_H
#define DISKDUMP_MPT_PROTO_H

#include <diskdump/scsi.h>
#include "env.h"
#include "mpi.h"
#include "mpi_scsi_io.h"

#define MPI_TAGS		4		/* SCSI requests in flight */
#define MPI_CFG_SLOT		MPI_TAGS	/* the frame of our configuration requests */
#define MPI_SLOTS		(MPI_TAGS + 1)
#define MPI_FRAME_BYTES		128		/* mptbase's request frame size */
#define MPI_REPLY_BYTES		80		/* mptbase's reply frame size */
#define MPI_REPLY_STRIDE	128
#define MPI_REPLIES		16
#define MPI_SENSE_BYTES		DD_SCSI_SENSE_BYTES
/* The layout of the caller's memory. */
#define MPI_MEM_FRAMES		0
#define MPI_MEM_SENSE		1024
#define MPI_MEM_REPLIES		2048
#define MPI_MEM_PAGE		4096
#define MPI_PAGE_BYTES		256
#define MPI_MEM_BYTES		8192

/* Context of our requests: a marker and the slot (within a context reply's 29 bits). */
#define MPI_CONTEXT(slot)	(0x0dd00000u | (slot))
#define MPI_CONTEXT_MASK	0x1fffff00u

/* Waits, from mptbase's: doorbell steps, the resets, IOCInit, PortEnable. */
#define MPI_DOORBELL_MS		5000
#define MPI_MUR_MS		15000
#define MPI_HARD_RESET_MS	60000
#define MPI_INIT_MS		10000
/* mptbase waits 300 s for a port to enable (discovery behind SAS expanders). */
#define MPI_PORT_ENABLE_MS	300000
#define MPI_CONFIG_MS		5000
#define MPI_TAKEOVER_MS		(MPI_MUR_MS + MPI_HARD_RESET_MS + MPI_INIT_MS + \
				 MPI_PORT_ENABLE_MS)
#define MPI_MAX_SAS_DEVICES	256		/* SAS device page 0 walk */
#define MPI_MAX_FC_DEVICES	256		/* FC device page 0 walk */
/* mptfc waits up to 400 x 100 ms for the firmware's discovery. */
#define MPI_FC_LINK_MS		40000
#define MPI_FC_LINK_POLL_MS	100

struct mpi_result {
	bool	done;
	__u8	scsi_status;
	__u8	scsi_state;
	__u16	ioc_status;
	__u32	log_info;
	__u32	transfer_count;
	__u32	sense_count;
	__u16	ext_page_length;	/* configuration replies */
	__u8	page_version;
	__u8	page_length;
};

struct mpi_ctl {
	struct mpi_io	io;
	void		*mem;		/* MPI_MEM_BYTES, the layout above */
	__u64		mem_bus;
	const char	*name;		/* the disk, for the log */
	const char	*tag;		/* the hook module, for the log */
	int		is_1078;	/* SAS1078: its reset register, its erratum */

	/* Learnt at takeover. */
	__u8		port_type;	/* MPI_PORT_TYPE_* of port 0 */
	__u8		max_devices, max_buses;	/* as mptbase gives IOCInit */
	__u16		msg_version;

	__u32		data_length[MPI_SLOTS];
	struct mpi_result res[MPI_SLOTS];
	bool		reported;	/* an IOC that left operational, said once */
	unsigned int	hard_resets;
};

/*
 * From whatever the failed kernel left to operational on our frames: a
 * message unit reset (a hard reset if the IOC is in fault, stuck in a
 * handshake or deaf to it), facts, IOCInit, PortEnable.  port_type is what
 * port 0 must be (the hook's member of the family).  0 or a negative
 * errno, said in the log.
 */
int mpi_take_over(struct mpi_ctl *c, __u8 port_type);
/* The firmware's bus and target id of a SAS address (SAS device page 0 walk). */
int mpi_sas_find_target(struct mpi_ctl *c, __u64 sas_address, __u8 *bus, __u8 *target);
/*
 * FC: wait up to ms for port 0's link to be online with discovery done
 * (FC port page 0), as mptfc does; -ENOLINK when it stays down.
 */
int mpi_fc_wait_link(struct mpi_ctl *c, unsigned int ms);
/* The firmware's bus and target id of a remote port's WWPN (FC device page 0 walk). */
int mpi_fc_find_target(struct mpi_ctl *c, __u64 wwpn, __u8 *bus, __u8 *target);
/*
 * Build and post a SCSI IO request in slot tag: io names target, LUN, CDB
 * and data; the context, the sense buffer and the SAS1078 erratum are
 * filled in here.  0 or -EINVAL.
 */
int mpi_scsi_submit(struct mpi_ctl *c, unsigned int tag, struct dd_mpi_scsi_io *io);
/* -EINPROGRESS, or the finished command's verdict: 0, -EAGAIN, -EIO. */
int mpi_scsi_poll(struct mpi_ctl *c, unsigned int tag);
/* A message unit reset, so the IOC forgets our frames before the reboot. */
void mpi_shutdown(struct mpi_ctl *c);
const char *mpi_state_name(__u32 doorbell);

/*
 * SPI: why the SCSI address mptspi gave a disk cannot be reached by
 * SCSI IO requests to bus 0, or NULL.  mptspi puts targets and
 * integrated-RAID volumes on channel 0 with their SCSI id, and the
 * physical disks of a volume on channel 1 (reached only by RAID
 * passthrough; writing one would break the volume).
 */
#define MPI_SPI_MAX_TARGETS	16
#define MPI_SPI_MAX_LUN		7
static inline const char *mpi_spi_refusal(unsigned int channel, unsigned int id, __u64 lun)
{
	if (channel == 1)
		return "a physical disk of an integrated RAID volume (channel 1): arm the volume";
	if (channel)
		return "a channel mptspi does not use for disks";
	if (id >= MPI_SPI_MAX_TARGETS)
		return "a target id beyond the bus's 16";
	if (lun > MPI_SPI_MAX_LUN)
		return "a LUN beyond 7";
	return NULL;
}

#endif /* DISKDUMP_MPT_PROTO_H */
