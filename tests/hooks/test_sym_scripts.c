// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The sym53c8xx hook's SCRIPTS program (kernel/drivers/sym53c8xx/
 * scripts.c), assembled as the hook assembles it and run on the chip
 * model of sym_chip.h against targets that behave as real ones do:
 * staying connected, disconnecting before the data and reselecting,
 * ending a command with CHECK CONDITION, returning less sense data than
 * asked for.  Every run must end in INT DONE with no unexpected
 * disconnect; and the model must catch the program without its SDU
 * clearing (the defect QEMU never showed).
 */
#include <stdio.h>
#include <string.h>

#include "scripts.h"
#include "sym_chip.h"
#include "test_check.h"

/* The hook's layout of its coherent block (hook.c). */
#define SCRIPT_OFF	0
#define TABLE_OFF	1024
#define BYTES_OFF	1536
#define CDB_OFF		1552
#define SENSE_OFF	2048
#define DATA_OFF	8192
#define TARGET		3
#define LUN		2

static struct sym_chip chip;
static struct dd_sym_entries entries;
static unsigned int insns;

static uint32_t bus(uint32_t off)
{
	return SYM_MEM_BASE + off;
}

static void put_move(uint8_t *t, unsigned int at, uint32_t count, uint32_t addr)
{
	dd_sym_put32(t + at, count);
	dd_sym_put32(t + at + 4, addr);
}

/* What the hook's arm time writes: the program and the fixed table. */
static void load_program(bool enpmj, bool without_sdu_clear)
{
	uint8_t *t = chip.mem + TABLE_OFF;
	unsigned int i;

	insns = dd_sym_assemble(chip.mem + SCRIPT_OFF, &entries);
	if (without_sdu_clear)
		/* Today's program before the fix: every SDU clear a no-op jump. */
		for (i = 0; i < insns; i++) {
			uint8_t *p = chip.mem + SCRIPT_OFF + 8 * i;

			if ((p[3] & 0xf8) == 0x78) {
				dd_sym_put32(p, SCR_JUMP_REL);
				dd_sym_put32(p + 4, 0);
			}
		}
	dd_sym_put32(t + DD_SYM_T_SELECT, (uint32_t)TARGET << 16);
	chip.mem[BYTES_OFF] = SYM_MSG_IDENTIFY | LUN;
	put_move(t, DD_SYM_T_MSG_OUT, 1, bus(BYTES_OFF));
	put_move(t, DD_SYM_T_STATUS, 1, bus(BYTES_OFF + 1));
	put_move(t, DD_SYM_T_MSG_IN, 1, bus(BYTES_OFF + 2));
	chip.mem[BYTES_OFF + 3] = SYM_MSG_REJECT;
	put_move(t, DD_SYM_T_MSG_REJECT, 1, bus(BYTES_OFF + 3));
	chip.dsa = bus(TABLE_OFF);
	chip.enpmj = enpmj;
	chip.pmjad = bus(SCRIPT_OFF + entries.mismatch);
}

/* What the hook's submit does: the command and data into the table. */
static enum sym_halt start(const struct sym_step *steps, const uint8_t *cdb,
			   unsigned int cdb_len, uint32_t data, uint32_t len)
{
	uint8_t *t = chip.mem + TABLE_OFF;

	chip.steps = steps;
	chip.step = 0;
	chip.pos = 0;
	memcpy(chip.mem + CDB_OFF, cdb, cdb_len);
	put_move(t, DD_SYM_T_COMMAND, cdb_len, bus(CDB_OFF));
	put_move(t, DD_SYM_T_DATA, len, data);
	chip.mem[BYTES_OFF + 1] = 0xff;
	chip.mem[BYTES_OFF + 2] = 0xff;
	return sym_chip_run(&chip, bus(SCRIPT_OFF));
}

/* The hook's poll(): a phase mismatch resumes at the dispatch. */
static enum sym_halt finish(enum sym_halt h, unsigned int *mismatches)
{
	while ((h == SYM_HALT_SCSI && chip.sist0 == 0x80) ||
	       (h == SYM_HALT_INT && chip.dsps == DD_SYM_MISMATCH)) {
		(*mismatches)++;
		h = sym_chip_run(&chip, bus(SCRIPT_OFF + entries.dispatch));
	}
	return h;
}

static int done(enum sym_halt h)
{
	return h == SYM_HALT_INT && chip.dsps == DD_SYM_DONE && !chip.udc_count &&
	       !chip.connected;
}

static const char *how(enum sym_halt h)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "halt %d dsps %#x sist0 %#x udc %u: %s", h,
		 chip.dsps, chip.sist0, chip.udc_count, chip.why);
	return buf;
}

static const uint8_t write10[10] = { 0x2a, 0, 0, 0, 0x10, 0, 0, 0, 8, 0 };
static const uint8_t read10[10] = { 0x28, 0, 0, 0, 0x10, 0, 0, 0, 8, 0 };
static const uint8_t sense6[6] = { 0x03, 0, 0, 0, 96, 0 };

/* A target that stays connected from selection to COMMAND COMPLETE. */
static const struct sym_step connected_write[] = {
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_COMMAND, 10, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_DATA_OUT, 4096, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_STATUS, 1, { 0x00 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_COMMAND_COMPLETE } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_END, 0, 0, { 0 } },
};

/* A target that disconnects before the data, as QEMU's do. */
static const struct sym_step disconnecting_read[] = {
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_COMMAND, 10, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_SAVE_POINTERS } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_DISCONNECT } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_RESELECT, 0, 0, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_IDENTIFY | LUN } },
	{ SYM_STEP_PHASE, SYM_PH_DATA_IN, 4096, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_STATUS, 1, { 0x00 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_COMMAND_COMPLETE } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_END, 0, 0, { 0 } },
};

/* A failing write: straight to status, CHECK CONDITION. */
static const struct sym_step check_condition[] = {
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_COMMAND, 10, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_STATUS, 1, { 0x02 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_COMMAND_COMPLETE } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_END, 0, 0, { 0 } },
};

/* REQUEST SENSE answered with 18 bytes where 96 were asked for. */
static const struct sym_step short_sense[] = {
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_COMMAND, 6, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_DATA_IN, 18,
	  { 0x70, 0, 0x06, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x29, 0x00 } },
	{ SYM_STEP_PHASE, SYM_PH_STATUS, 1, { 0x00 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_COMMAND_COMPLETE } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_END, 0, 0, { 0 } },
};

/* A target that starts a synchronous negotiation (SDTR) after IDENTIFY. */
static const struct sym_step negotiating_write[] = {
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 5, { SYM_MSG_EXTENDED, 3, 1, 12, 15 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },	/* only with ATN */
	{ SYM_STEP_PHASE, SYM_PH_COMMAND, 10, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_DATA_OUT, 4096, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_STATUS, 1, { 0x00 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_COMMAND_COMPLETE } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_END, 0, 0, { 0 } },
};

/* And one that asks for a wide transfer (WDTR) when it reselects. */
static const struct sym_step wide_on_reselect[] = {
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_COMMAND, 10, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_DISCONNECT } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_RESELECT, 0, 0, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_IDENTIFY | LUN } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 4, { SYM_MSG_EXTENDED, 2, 3, 1 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_OUT, 1, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_DATA_IN, 4096, { 0 } },
	{ SYM_STEP_PHASE, SYM_PH_STATUS, 1, { 0x00 } },
	{ SYM_STEP_PHASE, SYM_PH_MSG_IN, 1, { SYM_MSG_COMMAND_COMPLETE } },
	{ SYM_STEP_FREE, 0, 0, { 0 } },
	{ SYM_STEP_END, 0, 0, { 0 } },
};

/* A negotiation the target starts is rejected; the command goes on. */
static void test_negotiation_rejected(void)
{
	enum sym_halt h;

	sym_chip_init(&chip, TARGET, LUN, negotiating_write);
	load_program(true, false);
	h = start(negotiating_write, write10, 10, bus(DATA_OFF), 4096);
	check("sym-sdtr-rejected-done", done(h) && chip.data_out == 4096, "%s, data %u",
	      how(h), chip.data_out);
	check("sym-sdtr-answered-with-reject", chip.msg_out_len == 2 &&
	      chip.msg_out[1] == SYM_MSG_REJECT && chip.cdb_len == 10,
	      "%u message bytes out, the second %#x; cdb %u bytes", chip.msg_out_len,
	      chip.msg_out[1], chip.cdb_len);
	sym_chip_init(&chip, TARGET, LUN, wide_on_reselect);
	load_program(true, false);
	h = start(wide_on_reselect, read10, 10, bus(DATA_OFF), 4096);
	check("sym-wdtr-on-reselect-rejected-done", done(h) && chip.data_in == 4096 &&
	      chip.msg_out_len == 2 && chip.msg_out[1] == SYM_MSG_REJECT,
	      "%s, data %u, %u message bytes out", how(h), chip.data_in, chip.msg_out_len);
}

static void test_connected_write(void)
{
	enum sym_halt h;

	sym_chip_init(&chip, TARGET, LUN, connected_write);
	load_program(false, false);
	h = start(connected_write, write10, 10, bus(DATA_OFF), 4096);
	check("sym-write-connected-done", done(h), "%s", how(h));
	check("sym-write-identify-cdb", chip.identify == (SYM_MSG_IDENTIFY | LUN) &&
	      chip.cdb_len == 10 && !memcmp(chip.cdb, write10, 10),
	      "identify %#x, cdb %u bytes", chip.identify, chip.cdb_len);
	check("sym-write-data-status", chip.data_out == 4096 &&
	      chip.mem[BYTES_OFF + 1] == 0, "data %u, status %#x", chip.data_out,
	      chip.mem[BYTES_OFF + 1]);
	check("sym-program-fits", insns <= DD_SYM_SCRIPT_MAX, "%u instructions", insns);
}

static void test_disconnecting_read(void)
{
	enum sym_halt h;

	sym_chip_init(&chip, TARGET, LUN, disconnecting_read);
	load_program(true, false);
	h = start(disconnecting_read, read10, 10, bus(DATA_OFF), 4096);
	check("sym-read-disconnect-reselect-done", done(h), "%s", how(h));
	check("sym-read-data-arrived", chip.data_in == 4096 &&
	      chip.mem[DATA_OFF] == 0xa5 && chip.mem[DATA_OFF + 1] == 0xa6,
	      "data %u", chip.data_in);
	/* A second command on the same chip: SDU set again by the selection. */
	h = start(connected_write, write10, 10, bus(DATA_OFF), 4096);
	check("sym-second-command-done", done(h), "%s", how(h));
}

static void test_check_condition(bool enpmj)
{
	unsigned int mismatches = 0;
	enum sym_halt h;
	char name[64];

	sym_chip_init(&chip, TARGET, LUN, check_condition);
	load_program(enpmj, false);
	h = finish(start(check_condition, write10, 10, bus(DATA_OFF), 4096),
		   &mismatches);
	snprintf(name, sizeof(name), "sym-check-condition%s", enpmj ? "-pmj" : "");
	check(name, done(h) && chip.mem[BYTES_OFF + 1] == 0x02 && !chip.data_out,
	      "%s, status %#x", how(h), chip.mem[BYTES_OFF + 1]);
	h = finish(start(short_sense, sense6, 6, bus(SENSE_OFF), 96), &mismatches);
	snprintf(name, sizeof(name), "sym-short-sense%s", enpmj ? "-pmj" : "");
	check(name, done(h) && chip.data_in == 18 && chip.mem[SENSE_OFF + 2] == 0x06 &&
	      mismatches == 1, "%s, %u sense bytes, %u mismatches", how(h),
	      chip.data_in, mismatches);
}

/* The model must see the defect: the program without its SDU clearing. */
static void test_model_catches_sdu(void)
{
	enum sym_halt h;

	sym_chip_init(&chip, TARGET, LUN, connected_write);
	load_program(false, true);
	h = start(connected_write, write10, 10, bus(DATA_OFF), 4096);
	check("sym-model-unexpected-disconnect-without-sdu-clear",
	      h == SYM_HALT_SCSI && (chip.sist0 & 0x04) && chip.udc_count == 1,
	      "%s", how(h));
}

int main(void)
{
	test_connected_write();
	test_disconnecting_read();
	test_check_condition(false);
	test_check_condition(true);
	test_model_catches_sdu();
	test_negotiation_rejected();
	return test_exit_status();
}
