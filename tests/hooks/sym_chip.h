/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A model of a 53C8xx SCRIPTS processor on a SCSI bus with one target,
 * for running the sym53c8xx hook's own program (kernel/drivers/
 * sym53c8xx/scripts.c) in userspace.  Written from the LSI53C895A
 * technical manual, not from the hook: it decodes every instruction field
 * by field and refuses what it does not know (an illegal instruction),
 * and it keeps the rules of the silicon that QEMU's lsi53c895a does not:
 *
 *  - SCNTL2.SDU is set by the chip on every selection and reselection; a
 *    bus free while it is set is an unexpected disconnect (SIST0.UDC,
 *    SCRIPTS halted), so SCRIPTS must clear it before releasing ACK on a
 *    message after which the target goes bus free;
 *  - after a byte of a MESSAGE IN move the chip holds ACK asserted, and
 *    the target shows no further phase until CLEAR ACK: an instruction
 *    that waits for a phase (or for the disconnect) then waits for ever;
 *  - a move in another phase than the bus's, or a target that changes
 *    phase before the count is done, is a phase mismatch (SIST0.MA, or a
 *    jump to PMJAD with CCNTL0.ENPMJ);
 *  - WAIT RESELECT and SELECT while connected are illegal instructions;
 *  - a target goes to MESSAGE OUT only while ATN is asserted (a script's
 *    message out step is skipped otherwise), and the chip drops ATN with
 *    the last byte of a message out move.
 *
 * The target follows a script of steps (struct sym_step) and checks what
 * the initiator sends in the out phases.
 */
#ifndef TESTS_SYM_CHIP_H
#define TESTS_SYM_CHIP_H

#include <stdbool.h>
#include <stdint.h>

#define SYM_MEM_BASE	0x00100000u
#define SYM_MEM_BYTES	65536u

enum sym_step_kind {
	SYM_STEP_END,		/* the script is over: nothing more happens */
	SYM_STEP_PHASE,		/* an information transfer phase */
	SYM_STEP_FREE,		/* the target goes bus free */
	SYM_STEP_RESELECT,	/* the target reselects us */
};

struct sym_step {
	enum sym_step_kind kind;
	unsigned int	phase;		/* SYM_PH_* */
	unsigned int	len;		/* bytes of the phase */
	uint8_t		bytes[16];	/* in-phases: what the target sends
					   (DATA IN: a pattern when empty) */
};

/* How a run ended. */
enum sym_halt {
	SYM_RUNNING,
	SYM_HALT_INT,		/* DSTAT.SIR: an INT instruction, code in dsps */
	SYM_HALT_SCSI,		/* ISTAT.SIP: sist0/sist1 say why */
	SYM_HALT_ILLEGAL,	/* DSTAT.IID */
	SYM_HALT_STALL,		/* waiting for what will never come */
};

struct sym_chip {
	uint8_t		mem[SYM_MEM_BYTES];	/* bus addresses SYM_MEM_BASE.. */
	uint32_t	dsp, dsa, dsps;
	uint8_t		sfbr, scntl2, sist0, sist1, dstat;
	bool		enpmj;			/* CCNTL0.ENPMJ */
	uint32_t	pmjad;
	bool		connected, ack_held, atn;
	enum sym_halt	halt;
	char		why[160];		/* what stalled or was illegal */

	/* The target. */
	unsigned int	target_id, lun;
	const struct sym_step *steps;
	unsigned int	step, pos;
	uint8_t		identify, cdb[16];
	uint8_t		msg_out[8];		/* every message byte sent */
	unsigned int	msg_out_len;
	unsigned int	cdb_len, data_in, data_out;
	unsigned int	udc_count;		/* unexpected disconnects seen */
};

void sym_chip_init(struct sym_chip *c, unsigned int target_id,
		   unsigned int lun, const struct sym_step *steps);
/* Start SCRIPTS at bus address dsp and run until they halt. */
enum sym_halt sym_chip_run(struct sym_chip *c, uint32_t dsp);
uint8_t *sym_chip_at(struct sym_chip *c, uint32_t bus);

#endif
