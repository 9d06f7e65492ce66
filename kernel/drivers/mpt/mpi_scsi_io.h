/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Fusion-MPT SCSI IO request frame and its simple 64-bit S/G element,
 * in plain C: built byte by byte at the MPI 1.5 specification's offsets,
 * so the same code serves the kernel hook (mptsas.c) and the frame
 * decoder of tests/hooks/, which reads each field as the firmware would.
 * What QEMU's mptsas1068 ignores and real firmware obeys is decided here:
 * the sense buffer's address width (MsgFlags) and the SAS1078's 36 GB
 * erratum in the S/G element.
 */
#ifndef DISKDUMP_MPI_SCSI_IO_H
#define DISKDUMP_MPI_SCSI_IO_H

#include <linux/types.h>

#define MPI_FUNC_SCSI_IO		0x00

/* SCSI IO request: field offsets (MPI 1.5, MSG_SCSI_IO_REQUEST). */
#define MPI_SCSIIO_TARGET		0x00
#define MPI_SCSIIO_BUS			0x01
#define MPI_SCSIIO_FUNCTION		0x03
#define MPI_SCSIIO_CDB_LENGTH		0x04
#define MPI_SCSIIO_SENSE_LENGTH		0x05
#define MPI_SCSIIO_MSG_FLAGS		0x07
#define MPI_SCSIIO_CONTEXT		0x08
#define MPI_SCSIIO_LUN			0x0c
#define MPI_SCSIIO_CONTROL		0x14
#define MPI_SCSIIO_CDB			0x18
#define MPI_SCSIIO_DATA_LENGTH		0x28
#define MPI_SCSIIO_SENSE_LOW		0x2c
#define MPI_SCSIIO_SGL			0x30
#define MPI_SCSIIO_BYTES		(MPI_SCSIIO_SGL + MPI_SGE64_BYTES)

/*
 * MsgFlags: the sense buffer address is 64 bits wide, its upper half
 * being IOCInit's SenseBufferHighAddr.  With the 32-bit width the
 * firmware writes the sense to the low address alone, wherever that is.
 */
#define MPI_SCSIIO_MSGFLGS_SENSE_WIDTH_64 0x01

#define MPI_SCSIIO_CONTROL_WRITE	0x01000000u
#define MPI_SCSIIO_CONTROL_READ		0x02000000u	/* SIMPLEQ is 0 */

/* A simple 64-bit S/G element: flags and length, address low, high. */
#define MPI_SGE64_BYTES			12
#define MPI_SGE_LAST			0x80
#define MPI_SGE_END_OF_BUFFER		0x40
#define MPI_SGE_SIMPLE			0x10
#define MPI_SGE_LOCAL_ADDRESS		0x08
#define MPI_SGE_HOST_TO_IOC		0x04
#define MPI_SGE_64BIT			0x02
#define MPI_SGE_END_OF_LIST		0x01
#define MPI_SGE_FLAGS_SHIFT		24
#define MPI_SGE_MAX_LEN			0x00ffffffu

enum dd_mpi_dir {
	DD_MPI_NO_DATA,
	DD_MPI_WRITE,		/* host to IOC */
	DD_MPI_READ,
};

struct dd_mpi_scsi_io {
	__u8		bus, target;
	__u8		lun[8];
	__u32		context;
	const __u8	*cdb;
	unsigned int	cdb_len;
	enum dd_mpi_dir	dir;
	__u64		data;		/* bus address */
	__u32		len;
	__u64		sense;		/* bus address, under IOCInit's high half */
	__u8		sense_len;
	int		sas1078;	/* the 36 GB erratum applies */
};

static inline void dd_mpi_put32(__u8 *p, __u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

/*
 * One simple 64-bit element, the last of its list, for len bytes at
 * addr.  On the SAS1078 a buffer ending in the 36-40 GB window (its
 * upper address bits being 9) is marked LocalAddress with bit 63 set:
 * the chip's erratum, worked around as mptbase does for every element.
 */
static inline void dd_mpi_put_sge64(__u8 *sge, __u8 flags, __u64 addr,
				    __u32 len, int sas1078)
{
	__u32 high = (__u32)(addr >> 32);

	flags |= MPI_SGE_SIMPLE | MPI_SGE_LAST | MPI_SGE_END_OF_BUFFER |
		 MPI_SGE_END_OF_LIST | MPI_SGE_64BIT;
	if (sas1078 && ((addr + len) >> 32) == 9) {
		flags |= MPI_SGE_LOCAL_ADDRESS;
		high |= 0x80000000u;
	}
	dd_mpi_put32(sge, (__u32)flags << MPI_SGE_FLAGS_SHIFT |
		     (len & MPI_SGE_MAX_LEN));
	dd_mpi_put32(sge + 4, (__u32)(addr & 0xffffffffu));
	dd_mpi_put32(sge + 8, high);
}

/*
 * The request into frame (MPI_SCSIIO_BYTES at least, zeroed here).  0, or
 * -1 for what one frame cannot carry (a CDB over 16 bytes, data over one
 * element's 16 MiB).
 */
static inline int dd_mpi_build_scsi_io(__u8 *frame, unsigned int frame_bytes,
				       const struct dd_mpi_scsi_io *r)
{
	unsigned int i;

	if (frame_bytes < MPI_SCSIIO_BYTES || r->cdb_len > 16 ||
	    r->len > MPI_SGE_MAX_LEN)
		return -1;
	for (i = 0; i < frame_bytes; i++)
		frame[i] = 0;
	frame[MPI_SCSIIO_TARGET] = r->target;
	frame[MPI_SCSIIO_BUS] = r->bus;
	frame[MPI_SCSIIO_FUNCTION] = MPI_FUNC_SCSI_IO;
	frame[MPI_SCSIIO_CDB_LENGTH] = (__u8)r->cdb_len;
	frame[MPI_SCSIIO_SENSE_LENGTH] = r->sense_len;
	/* Always 64: IOCInit names the sense buffers' upper half. */
	frame[MPI_SCSIIO_MSG_FLAGS] = MPI_SCSIIO_MSGFLGS_SENSE_WIDTH_64;
	dd_mpi_put32(frame + MPI_SCSIIO_CONTEXT, r->context);
	for (i = 0; i < 8; i++)
		frame[MPI_SCSIIO_LUN + i] = r->lun[i];
	dd_mpi_put32(frame + MPI_SCSIIO_CONTROL,
		     r->dir == DD_MPI_WRITE ? MPI_SCSIIO_CONTROL_WRITE :
		     r->dir == DD_MPI_READ ? MPI_SCSIIO_CONTROL_READ : 0);
	for (i = 0; i < r->cdb_len; i++)
		frame[MPI_SCSIIO_CDB + i] = r->cdb[i];
	dd_mpi_put32(frame + MPI_SCSIIO_DATA_LENGTH,
		     r->dir == DD_MPI_NO_DATA ? 0 : r->len);
	dd_mpi_put32(frame + MPI_SCSIIO_SENSE_LOW,
		     (__u32)(r->sense & 0xffffffffu));
	/* No data: an empty element, as mptscsih sends. */
	dd_mpi_put_sge64(frame + MPI_SCSIIO_SGL,
			 r->dir == DD_MPI_WRITE ? MPI_SGE_HOST_TO_IOC : 0,
			 r->dir == DD_MPI_NO_DATA ? 0 : r->data,
			 r->dir == DD_MPI_NO_DATA ? 0 : r->len, r->sas1078);
	return 0;
}

#endif /* DISKDUMP_MPI_SCSI_IO_H */
