/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of the Fusion-MPT message interface (MPI 1.5: lsi/mpi.h,
 * mpi_ioc.h, mpi_init.h and mpi_cnfg.h in Linux) the dump path uses:
 * the system interface registers, function codes, IOC states, IOCStatus
 * values and the field offsets of the messages, written down once for
 * the message layer (proto.c), the hooks and the simulator (tests/mpt/).
 * Fields are read and written byte by byte at these offsets, little
 * endian, so nothing depends on a host's struct layout.
 */
#ifndef DISKDUMP_MPT_MPI_H
#define DISKDUMP_MPT_MPI_H

#include <linux/types.h>

/* System interface registers, in the first memory BAR. */
#define MPI_DOORBELL			0x00
#define  MPI_IOC_STATE_MASK		0xf0000000u
#define  MPI_IOC_STATE_RESET		0x00000000u
#define  MPI_IOC_STATE_READY		0x10000000u
#define  MPI_IOC_STATE_OPER		0x20000000u
#define  MPI_IOC_STATE_FAULT		0x40000000u
#define  MPI_DOORBELL_ACTIVE		0x08000000u
#define  MPI_DOORBELL_DATA		0x0000ffffu	/* a handshake word, or the fault code */
#define  MPI_DOORBELL_FUNC_SHIFT	24
#define  MPI_DOORBELL_DWORDS_SHIFT	16
#define MPI_WRITE_SEQUENCE		0x04
#define MPI_DIAGNOSTIC			0x08
#define  MPI_DIAG_DRWE			0x00000080u	/* diagnostic write enabled */
#define  MPI_DIAG_FLASH_BAD_SIG		0x00000040u
#define  MPI_DIAG_RESET_HISTORY		0x00000020u
#define  MPI_DIAG_RESET_ADAPTER		0x00000004u
#define  MPI_DIAG_DISABLE_ARM		0x00000002u
#define MPI_HOST_INT_STATUS		0x30
#define  MPI_HIS_IOP_DOORBELL		0x80000000u	/* the IOC has not taken the word */
#define  MPI_HIS_REPLY			0x00000008u
#define  MPI_HIS_DOORBELL		0x00000001u
#define MPI_HOST_INT_MASK		0x34
#define  MPI_HIM_RIM			0x00000008u
#define  MPI_HIM_DIM			0x00000001u
#define MPI_REQUEST_FIFO		0x40
#define MPI_REPLY_FIFO			0x44	/* read: the post FIFO; write: the free FIFO */
#define  MPI_REPLY_ADDRESS		0x80000000u	/* else a context reply */
#define  MPI_REPLY_EMPTY		0xffffffffu
#define MPI_REGS_BYTES			0x50
/* The SAS1078 resets through a register of its own. */
#define MPI_RESET_1078			0x10fc
#define  MPI_RESET_1078_KEY		0x07
#define MPI_REGS_BYTES_1078		0x1100
/* The key sequence that opens the diagnostic register. */
#define MPI_DIAG_KEYS			{ 0x04, 0x0b, 0x02, 0x07, 0x0d }

/* Function codes. */
#define MPI_FUNC_SCSI_IO_REQUEST	0x00
#define MPI_FUNC_IOC_INIT		0x02
#define MPI_FUNC_IOC_FACTS		0x03
#define MPI_FUNC_CONFIG			0x04
#define MPI_FUNC_PORT_FACTS		0x05
#define MPI_FUNC_PORT_ENABLE		0x06
#define MPI_FUNC_MSG_UNIT_RESET		0x40
#define MPI_FUNC_HANDSHAKE		0x42

/* Every message: MsgLength (replies, in dwords), Function, MsgFlags, context. */
#define MPI_MSG_LENGTH			0x02
#define MPI_MSG_FUNCTION		0x03
#define MPI_MSG_FLAGS			0x07
#define MPI_MSG_CONTEXT			0x08
#define MPI_REPLY_IOC_STATUS		0x0e
#define MPI_REPLY_LOG_INFO		0x10
#define MPI_REQUEST_HEADER_BYTES	12

/* IOCFacts reply. */
#define MPI_IOCFACTS_MSG_VERSION	0x00
#define MPI_IOCFACTS_FLAGS		0x17
#define  MPI_IOCFACTS_FLAGS_HPB_PERSISTENT 0x04
#define MPI_IOCFACTS_REQUEST_FRAME_SIZE	0x1a	/* dwords */
#define MPI_IOCFACTS_GLOBAL_CREDITS	0x24
#define MPI_IOCFACTS_NUMBER_OF_PORTS	0x26
#define MPI_IOCFACTS_HPB_SGE		0x40
#define MPI_IOCFACTS_BYTES		0x50
#define MPI_VERSION_01_05		0x0105
#define MPI_HEADER_VERSION		0x0e00

/* PortFacts reply. */
#define MPI_PORTFACTS_PORT_TYPE		0x15
#define  MPI_PORT_TYPE_SCSI		0x01
#define  MPI_PORT_TYPE_FC		0x10
#define  MPI_PORT_TYPE_SAS		0x30
#define MPI_PORTFACTS_MAX_DEVICES	0x16
#define MPI_PORTFACTS_PORT_SCSI_ID	0x18
#define MPI_PORTFACTS_BYTES		0x28

/* IOCInit request. */
#define MPI_IOCINIT_WHO_INIT		0x00
#define  MPI_WHOINIT_HOST_DRIVER	0x04
#define MPI_IOCINIT_MAX_DEVICES		0x05
#define MPI_IOCINIT_MAX_BUSES		0x06
#define MPI_IOCINIT_REPLY_FRAME_SIZE	0x0c
#define MPI_IOCINIT_HOST_MFA_HIGH	0x10
#define MPI_IOCINIT_SENSE_HIGH		0x14
#define MPI_IOCINIT_HPB_SGE		0x1c
#define MPI_IOCINIT_MSG_VERSION		0x28
#define MPI_IOCINIT_HEADER_VERSION	0x2a
#define MPI_IOCINIT_BYTES		0x2c

/* Config request and reply. */
#define MPI_CONFIG_ACTION		0x00
#define  MPI_CONFIG_ACTION_HEADER	0x00
#define  MPI_CONFIG_ACTION_READ_CURRENT	0x01
#define MPI_CONFIG_EXT_PAGE_LENGTH	0x04	/* dwords */
#define MPI_CONFIG_EXT_PAGE_TYPE	0x06
#define MPI_CONFIG_PAGE_VERSION		0x14
#define MPI_CONFIG_PAGE_LENGTH		0x15	/* dwords */
#define MPI_CONFIG_PAGE_NUMBER		0x16
#define MPI_CONFIG_PAGE_TYPE		0x17
#define  MPI_PAGETYPE_FC_PORT		0x05
#define  MPI_PAGETYPE_FC_DEVICE		0x06
#define  MPI_PAGETYPE_EXTENDED		0x0f
#define  MPI_EXTPAGETYPE_SAS_DEVICE	0x12
#define MPI_CONFIG_PAGE_ADDRESS		0x18
#define  MPI_SAS_DEVICE_GET_NEXT	0x00000000u	/* | handle */
#define MPI_CONFIG_SGE			0x1c
#define MPI_CONFIG_BYTES		(MPI_CONFIG_SGE + 12)

/* FC port page 0: the link (mptfc waits for discovery as below). */
#define MPI_FC_PORT0_FLAGS		0x04
#define  MPI_FC_PORT0_ATTACH_TYPE_MASK	0x00000f00u
#define  MPI_FC_PORT0_ATTACH_NO_INIT	0x00000000u
#define MPI_FC_PORT0_PORT_STATE		0x0a
#define  MPI_FC_PORTSTATE_UNKNOWN	0x01
#define  MPI_FC_PORTSTATE_ONLINE	0x02
#define MPI_FC_PORT0_BYTES		0x4c

/* FC device page 0: walked by port identifier, as mptfc does. */
#define MPI_FC_DEV_NEXT_DID		0x00000000u	/* | the last port identifier */
#define MPI_FC_DEV0_WWPN		0x0c
#define MPI_FC_DEV0_PORT_ID		0x14
#define MPI_FC_DEV0_PROTOCOL		0x18
#define  MPI_FC_DEV0_PROT_FCP_TARGET	0x02
#define MPI_FC_DEV0_FLAGS		0x19
#define  MPI_FC_DEV0_TARGETID_BUS_VALID	0x01
#define MPI_FC_DEV0_TARGET_ID		0x22
#define MPI_FC_DEV0_BUS			0x23
#define MPI_FC_DEV0_BYTES		0x24
#define MPI_FC_MAX_PORT_ID		0xff0000u

/* SAS device page 0. */
#define MPI_SAS_DEV0_SAS_ADDRESS	0x0c
#define MPI_SAS_DEV0_DEV_HANDLE		0x18
#define MPI_SAS_DEV0_TARGET_ID		0x1a
#define MPI_SAS_DEV0_BUS		0x1b
#define MPI_SAS_DEV0_BYTES		0x24

/* SCSI IO reply. */
#define MPI_SCSIIO_REPLY_SCSI_STATUS	0x0c
#define MPI_SCSIIO_REPLY_SCSI_STATE	0x0d
#define  MPI_SCSI_STATE_AUTOSENSE_VALID	0x01
#define  MPI_SCSI_STATE_NO_SCSI_STATUS	0x04
#define  MPI_SCSI_STATE_TERMINATED	0x08
#define MPI_SCSIIO_REPLY_TRANSFER_COUNT	0x14
#define MPI_SCSIIO_REPLY_SENSE_COUNT	0x18
#define MPI_SCSIIO_REPLY_BYTES		0x20

/* IOCStatus. */
#define MPI_IOCSTATUS_MASK		0x7fff
#define MPI_IOCSTATUS_SUCCESS		0x0000
#define MPI_IOCSTATUS_INVALID_FUNCTION	0x0001
#define MPI_IOCSTATUS_BUSY		0x0002
#define MPI_IOCSTATUS_INVALID_SGL	0x0003
#define MPI_IOCSTATUS_INTERNAL_ERROR	0x0004
#define MPI_IOCSTATUS_INSUFFICIENT_RESOURCES 0x0006
#define MPI_IOCSTATUS_INVALID_FIELD	0x0007
#define MPI_IOCSTATUS_INVALID_STATE	0x0008
#define MPI_IOCSTATUS_CONFIG_INVALID_PAGE 0x0022
#define MPI_IOCSTATUS_SCSI_RECOVERED_ERROR 0x0040
#define MPI_IOCSTATUS_SCSI_INVALID_BUS	0x0041
#define MPI_IOCSTATUS_SCSI_INVALID_TARGETID 0x0042
#define MPI_IOCSTATUS_SCSI_DEVICE_NOT_THERE 0x0043
#define MPI_IOCSTATUS_SCSI_DATA_UNDERRUN 0x0045
#define MPI_IOCSTATUS_SCSI_IO_DATA_ERROR 0x0046
#define MPI_IOCSTATUS_SCSI_TASK_TERMINATED 0x0048
#define MPI_IOCSTATUS_SCSI_RESIDUAL_MISMATCH 0x0049
#define MPI_IOCSTATUS_SCSI_IOC_TERMINATED 0x004b
#define MPI_IOCSTATUS_SCSI_EXT_TERMINATED 0x004c

/* Little-endian fields at any offset of a message. */
static inline __u16 mpi_get16(const __u8 *p)
{
	return (__u16)(p[0] | p[1] << 8);
}

static inline __u32 mpi_get32(const __u8 *p)
{
	return mpi_get16(p) | (__u32)mpi_get16(p + 2) << 16;
}

static inline __u64 mpi_get64(const __u8 *p)
{
	return mpi_get32(p) | (__u64)mpi_get32(p + 4) << 32;
}

static inline void mpi_put16(__u8 *p, __u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

#endif /* DISKDUMP_MPT_MPI_H */
