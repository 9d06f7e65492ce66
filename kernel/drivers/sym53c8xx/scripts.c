// SPDX-License-Identifier: GPL-2.0
/*
 * The sym53c8xx hook's SCRIPTS program (see scripts.h).  Plain C: the
 * same assembler builds the program in the kernel and in the tests.
 */
#include "scripts.h"

struct dd_sym_asm {
	__u8		*code;
	unsigned int	n;
};

static unsigned int dd_sym_emit(struct dd_sym_asm *a, __u32 op, __u32 arg)
{
	if (a->n < DD_SYM_SCRIPT_MAX) {
		dd_sym_put32(a->code + 8 * a->n, op);
		dd_sym_put32(a->code + 8 * a->n + 4, arg);
	}
	return a->n++;
}

/* Point the relative address of instruction at to instruction target. */
static void dd_sym_fix(struct dd_sym_asm *a, unsigned int at,
		       unsigned int target)
{
	if (at < DD_SYM_SCRIPT_MAX)
		dd_sym_put32(a->code + 8 * at + 4,
			     (__u32)(((int)target - (int)at - 1) * 8) & 0xffffff);
}

/*
 * A disconnect the program expects (after DISCONNECT or COMMAND
 * COMPLETE): SCNTL2.SDU cleared first, since the chip sets it on every
 * selection and reselection and a bus free with it set is an unexpected
 * disconnect (SIST0.UDC), then ACK released (the target goes bus free
 * once it sees that), then the wait for the bus to be free.
 */
static unsigned int dd_sym_emit_disconnect(struct dd_sym_asm *a)
{
	unsigned int first;

	first = dd_sym_emit(a, SCR_REG_AND(SYM_SCNTL2, ~SYM_SCNTL2_SDU), 0);
	dd_sym_emit(a, SCR_CLEAR_ACK, 0);
	dd_sym_emit(a, SCR_WAIT_DISCONNECT, 0);
	return first;
}

unsigned int dd_sym_assemble(__u8 *code, struct dd_sym_entries *e)
{
	struct dd_sym_asm a = { .code = code };
	unsigned int select, dispatch, j_in, j_out, j_status, j_msg_in;
	unsigned int data_in, data_out, status, msg_in, j_done, j_disc;
	unsigned int j_save, j_restore, ack, disc, wait_resel, done;
	unsigned int j1, j2, j3, j4, resel, sigp, mismatch;
	unsigned int j_cmd, command, j5, j_ext, ext, ext_loop, j_rej, j_gone;
	unsigned int reject, j_mo;

	select = dd_sym_emit(&a, SCR_SELECT_ATN_TBL_REL | DD_SYM_T_SELECT, 0);
	dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_MSG_OUT), DD_SYM_T_MSG_OUT);
	/*
	 * The target leads from here: follow its phases.  It may ask for
	 * the command at once, or first negotiate (a message in).
	 */
	dispatch = dd_sym_emit(&a, SCR_JUMP_REL | SCR_WHEN(SYM_PH_DATA_IN), 0);
	j_in = dispatch;
	j_out = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF(SYM_PH_DATA_OUT), 0);
	j_status = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF(SYM_PH_STATUS), 0);
	j_msg_in = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF(SYM_PH_MSG_IN), 0);
	j_cmd = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF(SYM_PH_COMMAND), 0);
	/* Only our ATN leads to a message out: the reject (below). */
	j_mo = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF(SYM_PH_MSG_OUT), 0);
	dd_sym_emit(&a, SCR_INT, DD_SYM_BAD_PHASE);

	command = dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_COMMAND), DD_SYM_T_COMMAND);
	j5 = dd_sym_emit(&a, SCR_JUMP_REL, 0);

	data_in = dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_DATA_IN), DD_SYM_T_DATA);
	j1 = dd_sym_emit(&a, SCR_JUMP_REL, 0);
	data_out = dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_DATA_OUT), DD_SYM_T_DATA);
	j2 = dd_sym_emit(&a, SCR_JUMP_REL, 0);
	status = dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_STATUS), DD_SYM_T_STATUS);
	j3 = dd_sym_emit(&a, SCR_JUMP_REL, 0);

	/* One message byte at a time; SFBR holds it, ACK stays asserted. */
	msg_in = dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_MSG_IN), DD_SYM_T_MSG_IN);
	j_done = dd_sym_emit(&a, SCR_JUMP_REL |
			     SCR_IF_DATA(SYM_MSG_COMMAND_COMPLETE), 0);
	j_disc = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF_DATA(SYM_MSG_DISCONNECT), 0);
	j_save = dd_sym_emit(&a, SCR_JUMP_REL |
			     SCR_IF_DATA(SYM_MSG_SAVE_POINTERS), 0);
	j_restore = dd_sym_emit(&a, SCR_JUMP_REL |
				SCR_IF_DATA(SYM_MSG_RESTORE_POINTERS), 0);
	j_ext = dd_sym_emit(&a, SCR_JUMP_REL | SCR_IF_DATA(SYM_MSG_EXTENDED), 0);
	dd_sym_emit(&a, SCR_INT, DD_SYM_BAD_MESSAGE);
	ack = dd_sym_emit(&a, SCR_CLEAR_ACK, 0);
	j4 = dd_sym_emit(&a, SCR_JUMP_REL, 0);

	/*
	 * An extended message: a negotiation the target starts (SDTR, WDTR,
	 * PPR; some disks do after a bus reset).  We stay asynchronous and
	 * narrow: ATN before ACK is released, the rest of the message read
	 * and dropped, and MESSAGE REJECT sent when the target answers ATN
	 * with a message out phase; the target then keeps the async, narrow
	 * transfers the reset left.  A target that goes on without asking
	 * for our message is followed.
	 */
	ext = dd_sym_emit(&a, SCR_SET_ATN, 0);
	dd_sym_emit(&a, SCR_CLEAR_ACK, 0);
	ext_loop = dd_sym_emit(&a, SCR_JUMP_REL | SCR_WHEN(SYM_PH_MSG_OUT), 0);
	j_rej = ext_loop;
	j_gone = dd_sym_emit(&a, SCR_JUMP_REL_IFNOT | SCR_IF(SYM_PH_MSG_IN), 0);
	dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_MSG_IN), DD_SYM_T_MSG_IN);
	dd_sym_emit(&a, SCR_CLEAR_ACK, 0);
	dd_sym_fix(&a, dd_sym_emit(&a, SCR_JUMP_REL, 0), ext_loop);
	reject = dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_MSG_OUT), DD_SYM_T_MSG_REJECT);
	dd_sym_fix(&a, dd_sym_emit(&a, SCR_JUMP_REL, 0), dispatch);

	/*
	 * A disconnect (QEMU's targets take one before every data phase):
	 * wait for the bus to go free, then for the target to come back and
	 * IDENTIFY itself; the data pointer never moved, as the only
	 * disconnect allowed is before the data.
	 */
	disc = dd_sym_emit_disconnect(&a);
	wait_resel = dd_sym_emit(&a, SCR_WAIT_RESELECT_REL, 0);
	dd_sym_emit(&a, SCR_MOVE_TBL(SYM_PH_MSG_IN), DD_SYM_T_MSG_IN);
	dd_sym_emit(&a, SCR_CLEAR_ACK, 0);
	dd_sym_fix(&a, dd_sym_emit(&a, SCR_JUMP_REL, 0), dispatch);

	done = dd_sym_emit_disconnect(&a);
	dd_sym_emit(&a, SCR_INT, DD_SYM_DONE);
	resel = dd_sym_emit(&a, SCR_INT, DD_SYM_RESELECTED);
	sigp = dd_sym_emit(&a, SCR_INT, DD_SYM_SIGNALLED);
	mismatch = dd_sym_emit(&a, SCR_INT, DD_SYM_MISMATCH);

	dd_sym_fix(&a, select, resel);
	dd_sym_fix(&a, j_in, data_in);
	dd_sym_fix(&a, j_out, data_out);
	dd_sym_fix(&a, j_status, status);
	dd_sym_fix(&a, j_msg_in, msg_in);
	dd_sym_fix(&a, j_cmd, command);
	dd_sym_fix(&a, j5, dispatch);
	dd_sym_fix(&a, j_ext, ext);
	dd_sym_fix(&a, j_rej, reject);
	dd_sym_fix(&a, j_gone, dispatch);
	dd_sym_fix(&a, j_mo, reject);
	dd_sym_fix(&a, j1, dispatch);
	dd_sym_fix(&a, j2, dispatch);
	dd_sym_fix(&a, j3, dispatch);
	dd_sym_fix(&a, j_done, done);
	dd_sym_fix(&a, j_disc, disc);
	dd_sym_fix(&a, j_save, ack);
	dd_sym_fix(&a, j_restore, ack);
	dd_sym_fix(&a, j4, dispatch);
	dd_sym_fix(&a, wait_resel, sigp);
	e->dispatch = dispatch * 8;
	e->mismatch = mismatch * 8;
	return a.n;
}
