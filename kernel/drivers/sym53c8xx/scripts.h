/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SCRIPTS program the sym53c8xx hook runs on the chip, in plain C:
 * the instruction encodings, the table the program reads through DSA,
 * and the assembler.  Compiled into diskdump_sym53c8xx.ko (with hook.c,
 * the kernel glue) and into tests/hooks/, where a SCRIPTS interpreter
 * with a model of the SCSI bus and of the chip's rules (SCNTL2.SDU and
 * unexpected disconnects, ACK held after a message byte, phase
 * mismatches) runs the program the hook would.  Register and instruction
 * names follow the LSI53C895A technical manual.
 */
#ifndef DISKDUMP_SYM_SCRIPTS_H
#define DISKDUMP_SYM_SCRIPTS_H

#include <linux/types.h>

/* The registers the program itself touches. */
#define SYM_SCNTL2		0x02
#define  SYM_SCNTL2_SDU		0x80	/* a bus free now is unexpected */

/* SCSI bus phases, as SCRIPTS compare them. */
#define SYM_PH_DATA_OUT		0
#define SYM_PH_DATA_IN		1
#define SYM_PH_COMMAND		2
#define SYM_PH_STATUS		3
#define SYM_PH_MSG_OUT		6
#define SYM_PH_MSG_IN		7

/* Messages. */
#define SYM_MSG_COMMAND_COMPLETE 0x00
#define SYM_MSG_EXTENDED	0x01		/* SDTR, WDTR, PPR, ... */
#define SYM_MSG_SAVE_POINTERS	0x02
#define SYM_MSG_RESTORE_POINTERS 0x03
#define SYM_MSG_DISCONNECT	0x04
#define SYM_MSG_REJECT		0x07
#define SYM_MSG_IDENTIFY	0x80		/* | LUN; no disconnect privilege */

/*
 * SCRIPTS instructions: two little-endian dwords, the opcode and an
 * address (or table offset, or interrupt code).  Relative addresses
 * count from the next instruction.
 */
#define SCR_MOVE_TBL(ph)	(0x18000000u | (__u32)(ph) << 24)
#define SCR_SELECT_ATN_TBL_REL	0x47000000u
#define SCR_WAIT_DISCONNECT	0x48000000u
#define SCR_WAIT_RESELECT_REL	0x54000000u
#define SCR_CLEAR_ACK		0x60000040u
#define SCR_SET_ATN		0x58000008u
#define SCR_JUMP_REL		0x80880000u
#define SCR_JUMP_REL_IFNOT	0x80800000u	/* with SCR_IF: jump if not */
#define  SCR_WHEN(ph)		(0x00030000u | (__u32)(ph) << 24)
#define  SCR_IF(ph)		(0x00020000u | (__u32)(ph) << 24)
#define  SCR_IF_DATA(d)		(0x00040000u | (__u8)(d))
#define SCR_INT			0x98080000u
/* Read-modify-write: register = register AND data. */
#define SCR_REG_AND(reg, d)	(0x7c000000u | (__u32)(reg) << 16 | \
				 ((__u32)(d) & 0xff) << 8)

/* Interrupt codes of our program (DSPS). */
enum dd_sym_code {
	DD_SYM_DONE = 0x0dd0,
	DD_SYM_BAD_PHASE,
	DD_SYM_BAD_MESSAGE,
	DD_SYM_RESELECTED,	/* reselected while selecting */
	DD_SYM_SIGNALLED,	/* WAIT RESELECT left by SIGP or selection */
	DD_SYM_MISMATCH,	/* a phase mismatch jump */
};

/*
 * The table DSA points at, what the table-indirect instructions read:
 * little-endian dwords, a move being a 24-bit count and an address.
 */
#define DD_SYM_T_SELECT		0	/* SCNTL3 << 24 | id << 16 | SXFER << 8 */
#define DD_SYM_T_MSG_OUT	8
#define DD_SYM_T_COMMAND	16
#define DD_SYM_T_DATA		24
#define DD_SYM_T_STATUS		32
#define DD_SYM_T_MSG_IN		40
#define DD_SYM_T_MSG_REJECT	48	/* one byte: MESSAGE REJECT */
#define DD_SYM_TABLE_BYTES	56

#define DD_SYM_SCRIPT_MAX	64		/* instructions */
#define DD_SYM_SCRIPT_BYTES	(DD_SYM_SCRIPT_MAX * 8)

/* Where the interrupt-free entry points of the program lie (byte offsets). */
struct dd_sym_entries {
	__u32	dispatch;	/* follow the target's next phase */
	__u32	mismatch;	/* a phase mismatch jump lands here */
};

/*
 * Assemble the program into code (DD_SYM_SCRIPT_BYTES): it runs one
 * command from the table and ends with INT DD_SYM_DONE after the
 * target's COMMAND COMPLETE and its disconnect; anything unexpected
 * ends in another INT code, or in a SCSI interrupt (selection timeout,
 * unexpected disconnect, parity).  The program is position-independent.
 * Returns the number of instructions.
 */
unsigned int dd_sym_assemble(__u8 *code, struct dd_sym_entries *e);

/* Store a little-endian dword into a table or the program. */
static inline void dd_sym_put32(__u8 *p, __u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

#endif /* DISKDUMP_SYM_SCRIPTS_H */
