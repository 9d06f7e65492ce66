/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The MFI interface of MegaRAID SAS controllers, as the MegaRAID hook
 * drives it: the register set of each chip generation, the firmware's
 * states and what each needs on the way to READY, and the frames (INIT,
 * LD READ/WRITE, SCSI pass-through, DCMD) with their S/G lists.  Plain C
 * on byte buffers, so tests/hooks/test_mfi.c can check every generation
 * and every state against firmware's reading of them, where QEMU models
 * one register set and no state but READY, OPERATIONAL and FAULT.
 * Layouts and values are those of Linux's megaraid_sas.h, written down
 * here as offsets.
 */
#ifndef DISKDUMP_MEGARAID_MFI_H
#define DISKDUMP_MEGARAID_MFI_H

#include <linux/types.h>
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#endif

/* The register set, in the controller's first memory BAR. */
#define MFI_REG_DOORBELL	0x00	/* skinny: state-change doorbell */
#define MFI_REG_SKINNY_SEQ	0x04
#define MFI_REG_SKINNY_DIAG	0x08
#define MFI_REG_OMSG0		0x18	/* xscale: firmware state */
#define MFI_REG_IDB		0x20	/* inbound doorbell */
#define MFI_REG_OMSK		0x34	/* outbound interrupt mask */
#define MFI_REG_IQP		0x40	/* inbound queue port */
#define MFI_REG_ODCR		0xa0	/* outbound doorbell clear */
#define MFI_REG_OSP0		0xb0	/* ppc, gen2, skinny: firmware state */
#define MFI_REG_IQPL		0xc0	/* skinny: frame address, low half */
#define MFI_REG_IQPH		0xc4	/* skinny: frame address, high half */
#define MFI_REG_DIAG		0xf8	/* gen2: host diagnostic */
#define MFI_REG_SEQ		0xfc	/* gen2: write sequence */
#define MFI_REGS_BYTES		0x100

/* Firmware state: the top nibble; below it the firmware's limits or fault code. */
#define MFI_STATE_MASK		0xf0000000u
#define MFI_STATE_UNDEFINED	0x00000000u
#define MFI_STATE_BB_INIT	0x10000000u
#define MFI_STATE_FW_INIT	0x40000000u
#define MFI_STATE_WAIT_HANDSHAKE 0x60000000u
#define MFI_STATE_FW_INIT_2	0x70000000u
#define MFI_STATE_DEVICE_SCAN	0x80000000u
#define MFI_STATE_BOOT_MSG_PENDING 0x90000000u
#define MFI_STATE_FLUSH_CACHE	0xa0000000u
#define MFI_STATE_READY		0xb0000000u
#define MFI_STATE_OPERATIONAL	0xc0000000u
#define MFI_STATE_FAULT		0xf0000000u
#define MFI_STATE_MAX_CMDS(s)	((s) & 0xffffu)
#define MFI_STATE_MAX_SGE(s)	(((s) >> 16) & 0xffu)
#define MFI_STATE_FAULT_CODE(s)	(((s) >> 16) & 0xfffu)

/* Inbound doorbell bits. */
#define MFI_INIT_ABORT		0x01u
#define MFI_INIT_READY		0x02u
#define MFI_INIT_MFIMODE	0x04u
#define MFI_INIT_CLEAR_HANDSHAKE 0x08u
#define MFI_INIT_HOTPLUG	0x10u
#define MFI_ADP_RESET		0x40u
#define MFI_RESET_FLAGS		(MFI_INIT_READY | MFI_INIT_MFIMODE | MFI_INIT_ABORT)

/* The adapter reset: gen2's diagnostic register, the SAS1064R's PCI words. */
#define MFI_DIAG_WRITE_ENABLE	0x80u
#define MFI_DIAG_RESET_ADAPTER	0x04u
#define MFI_1068_PCSR		0x84
#define MFI_1068_HANDSHAKE	0x64
#define MFI_1068_FW_READY	0xdddd0000u

/* Frames: 64 bytes; a command and its S/G list span at most 8 of them. */
#define MFI_FRAME_BYTES		64
#define MFI_FRAMES_PER_CMD	8
#define MFI_CMD_BYTES		(MFI_FRAME_BYTES * MFI_FRAMES_PER_CMD)

#define MFI_CMD_INIT		0x00
#define MFI_CMD_LD_READ		0x01
#define MFI_CMD_LD_WRITE	0x02
#define MFI_CMD_PD_SCSI_IO	0x04
#define MFI_CMD_DCMD		0x05

#define MFI_FLAG_DONT_POST	0x0001u	/* completion in cmd_status only */
#define MFI_FLAG_SGL64		0x0002u
#define MFI_FLAG_DIR_WRITE	0x0008u
#define MFI_FLAG_DIR_READ	0x0010u
#define MFI_FLAG_IEEE		0x0020u	/* skinny's S/G elements */

/* The header every frame shares. */
#define MFI_F_CMD		0x00
#define MFI_F_SENSE_LEN		0x01
#define MFI_F_CMD_STATUS	0x02
#define MFI_F_SCSI_STATUS	0x03
#define MFI_F_TARGET		0x04
#define MFI_F_LUN		0x05	/* pass-through; LD I/O: access byte */
#define MFI_F_CDB_LEN		0x06
#define MFI_F_SGE_COUNT		0x07
#define MFI_F_CONTEXT		0x08
#define MFI_F_FLAGS		0x10
#define MFI_F_DATA_LEN		0x14	/* LD I/O: blocks; others: bytes */
#define MFI_F_SENSE_LO		0x18
#define MFI_F_SENSE_HI		0x1c
#define MFI_IO_LBA_LO		0x20	/* LD READ/WRITE */
#define MFI_IO_LBA_HI		0x24
#define MFI_IO_SGL		0x28
#define MFI_PT_CDB		0x20	/* SCSI pass-through */
#define MFI_PT_SGL		0x30
#define MFI_DCMD_OPCODE		0x18	/* DCMD */
#define MFI_DCMD_MBOX		0x1c
#define MFI_DCMD_CACHE_FLUSH	0x01101000u
#define MFI_FLUSH_CTRL_AND_DISKS 0x03	/* MR_FLUSH_CTRL_CACHE | MR_FLUSH_DISK_CACHE */
#define MFI_INIT_DATA_LEN	0x14	/* INIT */
#define MFI_INIT_QINFO_LO	0x18
#define MFI_INIT_QINFO_HI	0x1c
#define MFI_QI_ENTRIES		0x04	/* its queue information */
#define MFI_QI_RQ_LO		0x08
#define MFI_QI_PI_LO		0x10
#define MFI_QI_CI_LO		0x18
#define MFI_QI_BYTES		0x20

#define MFI_STAT_OK		0x00
#define MFI_STAT_DEVICE_NOT_FOUND 0x0c
#define MFI_STAT_LD_INIT_IN_PROGRESS 0x18
#define MFI_STAT_SCSI_DONE_WITH_ERROR 0x2d
#define MFI_STAT_SCSI_IO_FAILED	0x2e
#define MFI_STAT_LD_OFFLINE	0x33
#define MFI_STAT_POLLING	0xff	/* not completed yet: ours, set before posting */

enum dd_mfi_gen { DD_MFI_XSCALE, DD_MFI_PPC, DD_MFI_GEN2, DD_MFI_SKINNY };

/* Little-endian fields at any offset. */
static inline void dd_mfi_put16(__u8 *at, __u16 v)
{
	at[0] = v & 0xff;
	at[1] = (v >> 8) & 0xff;
}

static inline void dd_mfi_put32(__u8 *at, __u32 v)
{
	dd_mfi_put16(at, v & 0xffff);
	dd_mfi_put16(at + 2, (v >> 16) & 0xffff);
}

static inline void dd_mfi_put64(__u8 *at, __u64 v)
{
	dd_mfi_put32(at, v & 0xffffffffu);
	dd_mfi_put32(at + 4, v >> 32);
}

static inline unsigned int dd_mfi_state_reg(enum dd_mfi_gen gen)
{
	return gen == DD_MFI_XSCALE ? MFI_REG_OMSG0 : MFI_REG_OSP0;
}

/* Where the reset flags and the handshake bits go (megaraid_sas: skinny's own doorbell). */
static inline unsigned int dd_mfi_doorbell_reg(enum dd_mfi_gen gen)
{
	return gen == DD_MFI_SKINNY ? MFI_REG_DOORBELL : MFI_REG_IDB;
}

/* The outbound interrupt mask that masks everything. */
static inline __u32 dd_mfi_intr_mask(enum dd_mfi_gen gen)
{
	return gen == DD_MFI_XSCALE ? 0x1fu : 0xffffffffu;
}

/*
 * Posting a frame at bus address frame that spans extra more frames: the
 * register writes, in order.  xscale takes the address in 8-byte units
 * with the count below it; ppc and gen2 the address with the count in
 * bits 1-3 and bit 0 set; skinny the high half first, then the low half
 * as ppc.  Frames are 64-byte aligned, so no bit of the address is lost.
 */
struct dd_mfi_post {
	unsigned int	n;
	unsigned int	reg[2];
	__u32		val[2];
};

static inline struct dd_mfi_post dd_mfi_post(enum dd_mfi_gen gen, __u64 frame, __u32 extra)
{
	struct dd_mfi_post p = { 1, { MFI_REG_IQP, 0 }, { 0, 0 } };

	switch (gen) {
	case DD_MFI_XSCALE:
		p.val[0] = ((__u32)frame >> 3) | extra;
		break;
	case DD_MFI_SKINNY:
		p.n = 2;
		p.reg[0] = MFI_REG_IQPH;
		p.val[0] = (__u32)(frame >> 32);
		p.reg[1] = MFI_REG_IQPL;
		p.val[1] = (__u32)frame | (extra << 1) | 1;
		break;
	default:
		p.val[0] = (__u32)frame | (extra << 1) | 1;
		break;
	}
	return p;
}

/*
 * What the firmware's state needs on the way to READY, as megaraid_sas's
 * megasas_transition_to_ready(): READY is there; OPERATIONAL gets the
 * reset flags (interrupts masked first), which abort every outstanding
 * command; WAIT_HANDSHAKE and BOOT_MESSAGE_PENDING their doorbell bits;
 * FAULT the adapter reset; the firmware's own start-up states a wait; any
 * other state is unknown and the controller given up.
 */
enum dd_mfi_step {
	DD_MFI_IS_READY, DD_MFI_RING, DD_MFI_RESET_ADAPTER, DD_MFI_WAIT, DD_MFI_UNKNOWN
};

struct dd_mfi_plan {
	enum dd_mfi_step	step;
	__u32			doorbell;	/* DD_MFI_RING: the bits */
	bool			mask_first;	/* interrupts masked before */
};

static inline struct dd_mfi_plan dd_mfi_plan(__u32 state)
{
	struct dd_mfi_plan p = { DD_MFI_WAIT, 0, false };

	switch (state & MFI_STATE_MASK) {
	case MFI_STATE_READY:
		p.step = DD_MFI_IS_READY;
		break;
	case MFI_STATE_OPERATIONAL:
		p.step = DD_MFI_RING;
		p.doorbell = MFI_RESET_FLAGS;
		p.mask_first = true;
		break;
	case MFI_STATE_WAIT_HANDSHAKE:
		p.step = DD_MFI_RING;
		p.doorbell = MFI_INIT_CLEAR_HANDSHAKE | MFI_INIT_HOTPLUG;
		break;
	case MFI_STATE_BOOT_MSG_PENDING:
		p.step = DD_MFI_RING;
		p.doorbell = MFI_INIT_HOTPLUG;
		break;
	case MFI_STATE_FAULT:
		p.step = DD_MFI_RESET_ADAPTER;
		break;
	case MFI_STATE_UNDEFINED:
	case MFI_STATE_BB_INIT:
	case MFI_STATE_FW_INIT:
	case MFI_STATE_FW_INIT_2:
	case MFI_STATE_DEVICE_SCAN:
	case MFI_STATE_FLUSH_CACHE:
		break;
	default:
		p.step = DD_MFI_UNKNOWN;
		break;
	}
	return p;
}

/* One S/G element: SGL64 (address, length) or skinny's IEEE (and a flag word). */
static inline unsigned int dd_mfi_sge_bytes(enum dd_mfi_gen gen)
{
	return gen == DD_MFI_SKINNY ? 16 : 12;
}

static inline __u16 dd_mfi_sgl_flag(enum dd_mfi_gen gen)
{
	return gen == DD_MFI_SKINNY ? MFI_FLAG_IEEE : MFI_FLAG_SGL64;
}

/*
 * The most elements a command may carry: what fits its 8 frames after
 * the list's offset, and no more than the firmware's limit (from its
 * state register; 0: none given).
 */
static inline unsigned int dd_mfi_max_sges(enum dd_mfi_gen gen, bool ld, __u32 fw_max_sge)
{
	unsigned int n = (MFI_CMD_BYTES - (ld ? MFI_IO_SGL : MFI_PT_SGL)) / dd_mfi_sge_bytes(gen);

	return fw_max_sge && fw_max_sge < n ? fw_max_sge : n;
}

static inline void dd_mfi_put_sge(__u8 *sgl, enum dd_mfi_gen gen, unsigned int i, __u64 addr,
				  __u32 len)
{
	__u8 *e = sgl + i * dd_mfi_sge_bytes(gen);

	dd_mfi_put64(e, addr);
	dd_mfi_put32(e + 8, len);
	if (gen == DD_MFI_SKINNY)
		dd_mfi_put32(e + 12, 0);
}

/* The frames after the first a command with sges elements at sgl_off spans. */
static inline __u32 dd_mfi_extra_frames(enum dd_mfi_gen gen, unsigned int sgl_off,
					unsigned int sges)
{
	unsigned int end = sgl_off + sges * dd_mfi_sge_bytes(gen);

	return end <= MFI_FRAME_BYTES ? 0 : (end - MFI_FRAME_BYTES + MFI_FRAME_BYTES - 1) /
					    MFI_FRAME_BYTES;
}

/*
 * The header of a command polled by its status (cmd_status MFI_STAT_POLLING
 * until the firmware writes it; not posted to the reply queue), context
 * its tag's; the frame's MFI_CMD_BYTES zeroed first.
 */
static inline void dd_mfi_header(__u8 *f, __u8 cmd, __u32 context, __u16 flags)
{
	memset(f, 0, MFI_CMD_BYTES);
	f[MFI_F_CMD] = cmd;
	f[MFI_F_CMD_STATUS] = MFI_STAT_POLLING;
	dd_mfi_put32(f + MFI_F_CONTEXT, context);
	dd_mfi_put16(f + MFI_F_FLAGS, flags | MFI_FLAG_DONT_POST);
}

static inline void dd_mfi_sense(__u8 *f, __u32 sense, __u8 sense_len)
{
	f[MFI_F_SENSE_LEN] = sense_len;
	dd_mfi_put32(f + MFI_F_SENSE_LO, sense);
}

/* LD READ/WRITE of blocks logical blocks at lba of logical drive target; the S/G list's offset. */
static inline unsigned int dd_mfi_build_ld_rw(__u8 *f, enum dd_mfi_gen gen, __u32 context,
					      bool write, __u8 target, __u64 lba, __u32 blocks,
					      __u32 sense, __u8 sense_len)
{
	dd_mfi_header(f, write ? MFI_CMD_LD_WRITE : MFI_CMD_LD_READ, context,
		      dd_mfi_sgl_flag(gen) | (write ? MFI_FLAG_DIR_WRITE : MFI_FLAG_DIR_READ));
	dd_mfi_sense(f, sense, sense_len);
	f[MFI_F_TARGET] = target;
	dd_mfi_put32(f + MFI_F_DATA_LEN, blocks);
	dd_mfi_put64(f + MFI_IO_LBA_LO, lba);
	return MFI_IO_SGL;
}

/* A SCSI command moving len bytes, passed through to system PD target; the S/G offset. */
static inline unsigned int dd_mfi_build_pd_scsi(__u8 *f, enum dd_mfi_gen gen, __u32 context,
						bool write, __u8 target, __u8 lun,
						const __u8 *cdb, unsigned int cdb_len,
						__u32 len, __u32 sense, __u8 sense_len)
{
	dd_mfi_header(f, MFI_CMD_PD_SCSI_IO, context,
		      dd_mfi_sgl_flag(gen) | (write ? MFI_FLAG_DIR_WRITE : MFI_FLAG_DIR_READ));
	dd_mfi_sense(f, sense, sense_len);
	f[MFI_F_TARGET] = target;
	f[MFI_F_LUN] = lun;
	f[MFI_F_CDB_LEN] = cdb_len;
	dd_mfi_put32(f + MFI_F_DATA_LEN, len);
	memcpy(f + MFI_PT_CDB, cdb, cdb_len);
	return MFI_PT_SGL;
}

/* The controller's cache and the disks' written back (megaraid_sas's shutdown flush). */
static inline void dd_mfi_build_flush(__u8 *f, __u32 context)
{
	dd_mfi_header(f, MFI_CMD_DCMD, context, 0);
	dd_mfi_put32(f + MFI_DCMD_OPCODE, MFI_DCMD_CACHE_FLUSH);
	f[MFI_DCMD_MBOX] = MFI_FLUSH_CTRL_AND_DISKS;
}

/*
 * The INIT frame at f naming a reply queue of entries at rq and its
 * producer and consumer indices, through the queue information at qi
 * (bus address qi_bus).  Polled: the frame's MFI_CMD_BYTES must be
 * available, as for any command.
 */
static inline void dd_mfi_build_init(__u8 *f, __u8 *qi, __u64 qi_bus, __u32 entries,
				     __u64 rq, __u64 producer, __u64 consumer)
{
	memset(qi, 0, MFI_QI_BYTES);
	dd_mfi_put32(qi + MFI_QI_ENTRIES, entries);
	dd_mfi_put64(qi + MFI_QI_RQ_LO, rq);
	dd_mfi_put64(qi + MFI_QI_PI_LO, producer);
	dd_mfi_put64(qi + MFI_QI_CI_LO, consumer);
	dd_mfi_header(f, MFI_CMD_INIT, 0, 0);
	dd_mfi_put32(f + MFI_INIT_DATA_LEN, MFI_QI_BYTES);
	dd_mfi_put64(f + MFI_INIT_QINFO_LO, qi_bus);
}

/*
 * A completed command's status, as megaraid_sas's completion reads it:
 * 0 done, 1 the SCSI status and sense say (SCSI DONE WITH ERROR), -EAGAIN
 * what the driver gives DID_ERROR (the midlayer retries it), -EIO the rest.
 */
static inline int dd_mfi_status_verdict(__u8 cmd_status)
{
	switch (cmd_status) {
	case MFI_STAT_OK:
		return 0;
	case MFI_STAT_SCSI_DONE_WITH_ERROR:
		return 1;
	case MFI_STAT_SCSI_IO_FAILED:
	case MFI_STAT_LD_INIT_IN_PROGRESS:
		return -EAGAIN;
	default:
		return -EIO;
	}
}

#endif /* DISKDUMP_MEGARAID_MFI_H */
