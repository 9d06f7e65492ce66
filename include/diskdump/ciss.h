/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The CISS interface of HP/HPE Smart Array controllers (cciss, today's
 * hpsa), as far as a polled dump needs it: the registers, the
 * configuration table and the performant-mode transport table in the
 * controller's memory BARs, and the byte layout of a command block and of
 * the error information the controller writes back.  Written from the
 * Open CISS specification's description and hpsa's register definitions.
 *
 * Layouts are byte offsets, not packed structures: the same definitions
 * serve the kernel hook (kernel/drivers/cciss/), which reads them through
 * readl(), and the register-level simulator (tests/ciss/), which
 * implements them.  Everything is little-endian.
 */
#ifndef DISKDUMP_CISS_H
#define DISKDUMP_CISS_H

/* Registers, in the controller's first memory BAR. */
#define CISS_REG_DOORBELL	0x20	/* host to controller doorbell */
#define CISS_REG_INTR_STATUS	0x30
#define CISS_REG_INTR_MASK	0x34	/* outbound (reply) interrupt mask */
#define CISS_REG_REQUEST	0x40	/* inbound post queue */
#define CISS_REG_REPLY		0x44	/* outbound post queue (simple mode) */
#define CISS_REG_OUTDB_STATUS	0x9c
#define CISS_REG_OUTDB_CLEAR	0xa0
#define CISS_REG_SCRATCHPAD	0xb0	/* firmware state */
#define CISS_REG_CFG_BAR	0xb4	/* config table: BAR's config-space offset */
#define CISS_REG_CFG_OFFSET	0xb8	/* config table: offset in that BAR */
#define CISS_REGS_BYTES		0x250	/* what a mapping of the registers covers */

/* Doorbell bits. */
#define CISS_DB_CHANGE_REQ	0x01	/* take the config table's HostWrite */
#define CISS_DB_RESET		0x04	/* reset (old firmware) */
#define CISS_DB_RESET2		0x20	/* reset (current firmware) */

/* Interrupt mask values: all reply interrupts off, per transport mode. */
#define CISS_INTR_OFF_SIMPLE	0x08
#define CISS_INTR_OFF_PERF	0x05
#define CISS_OUTDB_PERF		0x01

#define CISS_FIFO_EMPTY		0xffffffffu
/* The scratchpad once the firmware runs. */
#define CISS_FIRMWARE_READY	0xffff0000u

/* The configuration table. */
#define CISS_CFG_SIGNATURE	0x00	/* "CISS" */
#define CISS_CFG_TRANS_SUPPORT	0x08
#define CISS_CFG_TRANS_ACTIVE	0x0c
#define CISS_CFG_TRANS_REQUEST	0x10	/* HostWrite */
#define CISS_CFG_POOL_ADDR_HI	0x14	/* HostWrite: command blocks' upper 32 bits */
#define CISS_CFG_CMDS_OUT_MAX	0x20
#define CISS_CFG_TRANS_OFFSET	0x28	/* transport table, from the config table */
#define CISS_CFG_HEARTBEAT	0x3c
#define CISS_CFG_MAX_SG		0x44
#define CISS_CFG_MISC_FW	0x78
/*
 * 32 bytes the host writes and a controller reset clears: hpsa proves a
 * reset happened by finding what it wrote there gone.
 */
#define CISS_CFG_DRIVER_VERSION	0x7c
#define CISS_CFG_DRIVER_VERSION_BYTES 32
#define CISS_CFG_BYTES		0xa0	/* what the hook reads of it */

/*
 * PCI configuration space a doorbell reset loses (BARs, the command
 * register's memory and bus-master enables) and the host writes back,
 * 00h-5Fh as the Open CISS specification says, the command register
 * last.
 */
#define CISS_PCI_SAVE_BYTES	0x60
#define CISS_PCI_COMMAND	0x04
#define  CISS_PCI_CMD_MEMORY	0x0002
#define  CISS_PCI_CMD_MASTER	0x0004

/* Transport methods (support, active, request). */
#define CISS_TRANS_SIMPLE	0x00000002u
#define CISS_TRANS_PERFORMANT	0x00000004u
#define CISS_TRANS_IOACCEL1	0x00000080u
#define CISS_TRANS_IOACCEL2	0x00000100u
#define CISS_TRANS_SHORT_TAGS	0x20000000u
#define CISS_TRANS_DIRECTED_MSIX 0x40000000u

/* misc_fw_support bits. */
#define CISS_MISC_DB_RESET	0x02
#define CISS_MISC_DB_RESET2	0x10

/* The performant-mode transport table. */
#define CISS_TT_BLOCK_FETCH(i)	(0x00 + 4 * (i))	/* 8 of them */
#define CISS_TT_NR_BLOCK_FETCH	8
#define CISS_TT_REPQ_SIZE	0x20	/* entries per reply queue */
#define CISS_TT_REPQ_COUNT	0x24
#define CISS_TT_REPQ_ADDR_LO(i)	(0x30 + 8 * (i))
#define CISS_TT_REPQ_ADDR_HI(i)	(0x34 + 8 * (i))
#define CISS_TT_MAX_QUEUES	64
#define CISS_TT_BYTES		CISS_TT_REPQ_ADDR_LO(CISS_TT_MAX_QUEUES)

/*
 * A performant-mode reply queue entry: 8 bytes, the command's tag with
 * bit 0 a cycle bit (the value that marks a fresh entry flips on every
 * lap of the ring) and bit 1 the error bit.  Simple mode's reply register
 * returns the same 32-bit value without the cycle meaning.
 */
#define CISS_RING_ENTRY_BYTES	8
#define CISS_TAG_CYCLE		0x1u
#define CISS_TAG_ERROR		0x2u
#define CISS_TAG_FLAGS		0xfu	/* the low bits a tag leaves to flags */

/*
 * Posting a command in performant mode: its bus address, bit 0 set, and
 * in bits 1-3 the index of the block-fetch size (16-byte blocks) the
 * controller reads of it.
 */
#define CISS_POST_PERFORMANT	0x1u
#define CISS_POST_FETCH_SHIFT	1
#define CISS_FETCH_BLOCK	16

/* A command block: header, request, error descriptor, S/G list. */
#define CISS_CMD_REPLY_QUEUE	0	/* u8 */
#define CISS_CMD_SG_IN_CMD	1	/* u8 */
#define CISS_CMD_SG_TOTAL	2	/* le16 */
#define CISS_CMD_TAG		4	/* le64 */
#define CISS_CMD_LUN		12	/* 8 bytes */
#define CISS_CMD_CDB_LEN	20	/* u8 */
#define CISS_CMD_TYPE_ATTR_DIR	21	/* u8 */
#define CISS_CMD_TIMEOUT	22	/* le16 */
#define CISS_CMD_CDB		24	/* 16 bytes */
#define CISS_CMD_ERR_ADDR	40	/* le64 */
#define CISS_CMD_ERR_LEN	48	/* le32 */
#define CISS_CMD_SG		52	/* 16 bytes each */
#define CISS_SG_ADDR		0	/* le64 */
#define CISS_SG_LEN		8	/* le32 */
#define CISS_SG_EXT		12	/* le32 */
#define CISS_SG_BYTES		16
#define CISS_SG_EXT_LAST	0x40000000u
#define CISS_SG_EXT_CHAIN	0x80000000u
#define CISS_CMD_ALIGN		128	/* the low bits of its address carry flags */
/* Fetch blocks a command with n S/G elements needs. */
#define CISS_CMD_BLOCKS(n)	(4 + (n))

/* type_attr_dir: type in bits 0-2, attribute 3-5, direction 6-7. */
#define CISS_TYPE_CMD		0x0
#define CISS_ATTR_SIMPLE	0x4
#define CISS_DIR_NONE		0x0
#define CISS_DIR_WRITE		0x1
#define CISS_DIR_READ		0x2
#define CISS_TAD(type, attr, dir) \
	((((dir) & 0x3) << 6) | (((attr) & 0x7) << 3) | ((type) & 0x7))

/* Error information, written by the controller when a command fails. */
#define CISS_EI_SCSI_STATUS	0	/* u8 */
#define CISS_EI_SENSE_LEN	1	/* u8 */
#define CISS_EI_CMD_STATUS	2	/* le16 */
#define CISS_EI_RESIDUAL	4	/* le32 */
#define CISS_EI_MORE		8	/* 8 bytes: type or offending field */
#define CISS_EI_SENSE		16	/* 32 bytes */
#define CISS_EI_SENSE_BYTES	32
#define CISS_EI_BYTES		48

/* Command status (CISS_EI_CMD_STATUS). */
#define CISS_ST_SUCCESS		0x00
#define CISS_ST_TARGET_STATUS	0x01
#define CISS_ST_DATA_UNDERRUN	0x02
#define CISS_ST_DATA_OVERRUN	0x03
#define CISS_ST_INVALID		0x04
#define CISS_ST_PROTOCOL_ERR	0x05
#define CISS_ST_HARDWARE_ERR	0x06
#define CISS_ST_CONNECTION_LOST 0x07
#define CISS_ST_ABORTED		0x08
#define CISS_ST_ABORT_FAILED	0x09
#define CISS_ST_UNSOLICITED_ABORT 0x0a
#define CISS_ST_TIMEOUT		0x0b
#define CISS_ST_UNABORTABLE	0x0c

/*
 * The controller itself as a LUN (all zero), and its BMIC cache flush:
 * BMIC WRITE (27h) with 0xc2 in byte 6 and a 4-byte data-out buffer,
 * which writes the controller's cache to the drives, as hpsa does at
 * shutdown.
 */
#define CISS_BMIC_WRITE		0x27
#define CISS_BMIC_CACHE_FLUSH	0xc2
#define CISS_BMIC_FLUSH_BYTES	4

/* A logical volume's 8-byte LUN address: byte 3's top bits are 01b. */
#define CISS_LUN_MODE_MASK	0xc0
#define CISS_LUN_MODE_VOLUME	0x40

#endif /* DISKDUMP_CISS_H */
