// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The 53C8xx model of sym_chip.h.  Field names follow the LSI53C895A manual. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sym_chip.h"
#include "scripts.h"

#define MAX_STEPS	10000	/* instructions before a run counts as a stall */
#define SIST0_MA	0x80
#define SIST0_UDC	0x04
#define SIST1_STO	0x04
#define DSTAT_SIR	0x04
#define DSTAT_IID	0x01

void sym_chip_init(struct sym_chip *c, unsigned int target_id,
		   unsigned int lun, const struct sym_step *steps)
{
	memset(c, 0, sizeof(*c));
	c->target_id = target_id;
	c->lun = lun;
	c->steps = steps;
}

uint8_t *sym_chip_at(struct sym_chip *c, uint32_t bus)
{
	if (bus < SYM_MEM_BASE || bus - SYM_MEM_BASE >= SYM_MEM_BYTES)
		return NULL;
	return c->mem + (bus - SYM_MEM_BASE);
}

static uint32_t rd32(struct sym_chip *c, uint32_t bus)
{
	uint8_t *p = sym_chip_at(c, bus);

	if (!p || bus - SYM_MEM_BASE + 4 > SYM_MEM_BYTES)
		return 0xffffffffu;
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

__attribute__((format(printf, 3, 4)))
static void stop(struct sym_chip *c, enum sym_halt h, const char *fmt, ...)
{
	va_list ap;

	c->halt = h;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	if (h == SYM_HALT_ILLEGAL)
		c->dstat |= DSTAT_IID;
}

static const struct sym_step *cur(struct sym_chip *c)
{
	return &c->steps[c->step];
}

/* The bus went free: expected only with SDU clear. */
static void bus_free(struct sym_chip *c)
{
	c->connected = false;
	c->atn = false;
	c->step++;
	c->pos = 0;
	if (c->scntl2 & SYM_SCNTL2_SDU) {
		c->udc_count++;
		c->sist0 |= SIST0_UDC;
		stop(c, SYM_HALT_SCSI, "unexpected disconnect (SDU set at bus free)");
	}
}

/* The target moves on after a step ends (and after ACK, for a message). */
static void target_next(struct sym_chip *c)
{
	if (c->ack_held)
		return;
	if (cur(c)->kind == SYM_STEP_FREE)
		bus_free(c);
}

/*
 * The phase the target asserts REQ in, or -1 when it asserts none (it
 * waits for ACK to go away, or is not connected, or is done).
 */
static int req_phase(struct sym_chip *c)
{
	if (!c->connected || c->ack_held)
		return -1;
	/* Without ATN the target has nothing to take a message out for. */
	while (cur(c)->kind == SYM_STEP_PHASE && cur(c)->phase == SYM_PH_MSG_OUT &&
	       !c->atn) {
		c->step++;
		c->pos = 0;
	}
	if (cur(c)->kind != SYM_STEP_PHASE)
		return -1;
	return (int)cur(c)->phase;
}

static void phase_mismatch(struct sym_chip *c)
{
	if (c->enpmj) {
		c->dsp = c->pmjad;
		return;
	}
	c->sist0 |= SIST0_MA;
	stop(c, SYM_HALT_SCSI, "phase mismatch");
}

/* What the target checks of the bytes it receives. */
static void target_receives(struct sym_chip *c, unsigned int phase,
			    const uint8_t *p, unsigned int n)
{
	switch (phase) {
	case SYM_PH_MSG_OUT:
		if (!c->msg_out_len)
			c->identify = p[0];
		for (unsigned int i = 0; i < n && c->msg_out_len < sizeof(c->msg_out); i++)
			c->msg_out[c->msg_out_len++] = p[i];
		c->atn = false;		/* dropped with the last byte */
		break;
	case SYM_PH_COMMAND:
		memcpy(c->cdb + c->pos, p, n);
		c->cdb_len = c->pos + n;
		break;
	default:
		c->data_out += n;
		break;
	}
}

static void target_sends(struct sym_chip *c, const struct sym_step *s,
			 uint8_t *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int k = c->pos + i;

		p[i] = k < sizeof(s->bytes) && (s->phase != SYM_PH_DATA_IN ||
						s->bytes[0]) ?
		       s->bytes[k] : (uint8_t)(0xa5 + k);
	}
	if (s->phase == SYM_PH_DATA_IN)
		c->data_in += n;
	if (n)
		c->sfbr = p[0];
}

/* A block move of count bytes in phase at addr. */
static void block_move(struct sym_chip *c, unsigned int phase, uint32_t count,
		       uint32_t addr)
{
	const struct sym_step *s;
	unsigned int n, left;
	uint8_t *p;

	if (req_phase(c) < 0) {
		stop(c, SYM_HALT_STALL, "MOVE in phase %u: the target asserts no REQ%s",
		     phase, c->ack_held ? " (ACK still held after a message byte)" : "");
		return;
	}
	if ((unsigned int)req_phase(c) != phase) {
		phase_mismatch(c);
		return;
	}
	s = cur(c);
	left = s->len - c->pos;
	n = count < left ? count : left;
	p = sym_chip_at(c, addr);
	if (!p || !sym_chip_at(c, addr + (n ? n - 1 : 0))) {
		stop(c, SYM_HALT_ILLEGAL, "MOVE to bus address %#x outside memory", addr);
		return;
	}
	if (phase == SYM_PH_DATA_IN || phase == SYM_PH_STATUS || phase == SYM_PH_MSG_IN)
		target_sends(c, s, p, n);
	else
		target_receives(c, phase, p, n);
	c->pos += n;
	if (phase == SYM_PH_MSG_IN)
		c->ack_held = true;	/* after every message byte, until CLEAR ACK */
	if (c->pos < s->len)
		return;			/* the count ran out first: same phase */
	c->step++;
	c->pos = 0;
	if (phase != SYM_PH_MSG_IN)
		target_next(c);
	if (count > n && c->halt == SYM_RUNNING)
		phase_mismatch(c);	/* the target left before the count */
}

/* Transfer control: the condition of JUMP, CALL, RETURN, INT. */
static bool condition(struct sym_chip *c, uint32_t op, bool *waited)
{
	bool cmp_phase = op & 0x00020000, cmp_data = op & 0x00040000;
	bool wait = op & 0x00010000, if_true = op & 0x00080000;
	uint8_t mask = (op >> 8) & 0xff, data = op & 0xff;
	bool match = true;

	*waited = false;
	if (!cmp_phase && !cmp_data)
		return if_true;
	if (cmp_phase || wait) {
		int ph = req_phase(c);

		if (ph < 0) {
			*waited = true;
			stop(c, SYM_HALT_STALL, "%s phase %u: the target asserts no REQ%s",
			     wait ? "WHEN" : "IF", (op >> 24) & 7,
			     c->ack_held ? " (ACK still held after a message byte)" : "");
			return false;
		}
		if (cmp_phase)
			match = (unsigned int)ph == ((op >> 24) & 7);
	}
	if (cmp_data)
		match = match && ((c->sfbr & ~mask) == (data & ~mask));
	return match == if_true;
}

static void io_instruction(struct sym_chip *c, uint32_t op, uint32_t arg,
			   uint32_t next)
{
	unsigned int opcode = (op >> 27) & 7;
	bool rel = op & 0x04000000, tbl = op & 0x02000000;
	uint32_t alt = rel ? next + (uint32_t)((int32_t)(arg << 8) >> 8) : arg;
	uint32_t sel;

	switch (opcode) {
	case 0:	/* SELECT */
		if (c->connected) {
			stop(c, SYM_HALT_ILLEGAL, "SELECT while connected");
			return;
		}
		if (!tbl) {
			stop(c, SYM_HALT_ILLEGAL, "SELECT without table (not modelled)");
			return;
		}
		sel = rd32(c, c->dsa + (uint32_t)((int32_t)(op << 8) >> 8));
		if (((sel >> 16) & 0x0f) != c->target_id) {
			c->sist1 |= SIST1_STO;
			stop(c, SYM_HALT_SCSI, "selection timeout (id %u)", (sel >> 16) & 0x0f);
			return;
		}
		if (cur(c)->kind == SYM_STEP_RESELECT) {
			c->dsp = alt;	/* reselected first */
			return;
		}
		c->connected = true;
		c->scntl2 |= SYM_SCNTL2_SDU;
		c->atn = op & 0x01000000;
		return;
	case 1:	/* WAIT DISCONNECT */
		if (c->connected)
			stop(c, SYM_HALT_STALL, "WAIT DISCONNECT: the bus never goes free%s",
			     c->ack_held ? " (ACK still held: the target waits for it)" : "");
		return;
	case 2:	/* WAIT RESELECT */
		if (c->connected) {
			stop(c, SYM_HALT_ILLEGAL, "WAIT RESELECT while connected");
			return;
		}
		if (cur(c)->kind != SYM_STEP_RESELECT) {
			stop(c, SYM_HALT_STALL, "WAIT RESELECT: no reselection comes");
			return;
		}
		c->step++;
		c->pos = 0;
		c->connected = true;
		c->scntl2 |= SYM_SCNTL2_SDU;
		return;
	case 3:	/* SET */
	case 4:	/* CLEAR */
		if (op & ~0x7e000648u) {
			stop(c, SYM_HALT_ILLEGAL, "SET/CLEAR with unknown bits %#x", op);
			return;
		}
		if (op & 0x08)
			c->atn = opcode == 3;
		if (opcode == 4 && (op & 0x40) && c->ack_held) {
			c->ack_held = false;
			target_next(c);
		}
		return;
	default:
		stop(c, SYM_HALT_ILLEGAL, "I/O opcode %u not modelled", opcode);
	}
}

static uint8_t *reg(struct sym_chip *c, unsigned int r)
{
	return r == SYM_SCNTL2 ? &c->scntl2 : NULL;
}

static void rw_instruction(struct sym_chip *c, uint32_t op)
{
	unsigned int opcode = (op >> 27) & 7, oper = (op >> 24) & 7;
	unsigned int r = ((op >> 16) & 0x7f) | (op & 0x80);
	uint8_t data = (op >> 8) & 0xff, *p = reg(c, r);

	if (opcode != 7 || !p || (op & 0x00800000)) {
		stop(c, SYM_HALT_ILLEGAL, "register instruction %#x not modelled", op);
		return;
	}
	switch (oper) {
	case 0: *p = data; break;
	case 2: *p |= data; break;
	case 4: *p &= data; break;
	default:
		stop(c, SYM_HALT_ILLEGAL, "register operator %u not modelled", oper);
	}
}

static void step_one(struct sym_chip *c)
{
	uint32_t op = rd32(c, c->dsp), arg = rd32(c, c->dsp + 4);
	uint32_t next = c->dsp + 8, count, addr, entry;
	bool waited, rel;

	c->dsp = next;
	switch (op >> 30) {
	case 0:	/* block move */
		if (!(op & 0x08000000) || (op & 0x20000000)) {
			stop(c, SYM_HALT_ILLEGAL, "block move form %#x not modelled", op);
			return;
		}
		if (op & 0x10000000) {	/* table indirect */
			entry = c->dsa + (uint32_t)((int32_t)(arg << 8) >> 8);
			count = rd32(c, entry) & 0xffffff;
			addr = rd32(c, entry + 4);
		} else {
			count = op & 0xffffff;
			addr = arg;
		}
		block_move(c, (op >> 24) & 7, count, addr);
		return;
	case 1:
		if (((op >> 27) & 7) >= 5)
			rw_instruction(c, op);
		else
			io_instruction(c, op, arg, next);
		return;
	case 2:	/* transfer control */
		if (!condition(c, op, &waited))
			return;
		rel = op & 0x00800000;
		switch ((op >> 27) & 7) {
		case 0:	/* JUMP */
			c->dsp = rel ? next + (uint32_t)((int32_t)(arg << 8) >> 8) : arg;
			return;
		case 3:	/* INT */
			c->dsps = arg;
			c->dstat |= DSTAT_SIR;
			stop(c, SYM_HALT_INT, "INT %#x", arg);
			return;
		default:
			stop(c, SYM_HALT_ILLEGAL, "transfer control %#x not modelled", op);
			return;
		}
	default:
		stop(c, SYM_HALT_ILLEGAL, "memory move / load-store %#x not modelled", op);
	}
}

enum sym_halt sym_chip_run(struct sym_chip *c, uint32_t dsp)
{
	unsigned int n;

	c->dsp = dsp;
	c->halt = SYM_RUNNING;
	c->why[0] = 0;
	c->dstat = 0;
	c->sist0 = 0;
	c->sist1 = 0;
	for (n = 0; n < MAX_STEPS && c->halt == SYM_RUNNING; n++)
		step_one(c);
	if (c->halt == SYM_RUNNING)
		stop(c, SYM_HALT_STALL, "no halt after %u instructions", MAX_STEPS);
	return c->halt;
}
