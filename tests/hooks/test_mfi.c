// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The MegaRAID hook's MFI layer (kernel/drivers/megaraid/mfi.h) read the
 * way firmware reads it.  QEMU's megasas models one way of posting a frame
 * and forgives S/G lists, frame counts and flags a chip would not; the
 * xscale and skinny generations, their doorbells and most firmware states
 * it has not at all.  So here a model of the firmware's side, written from
 * megaraid_sas.h's structures (not from mfi.h's offsets), decodes every
 * posting of every generation and checks each frame against the rules a
 * controller applies: frames 64-byte aligned and, but for skinny's 64-bit
 * queue port, below 4 GiB; the S/G list inside the frames announced with
 * the posting; the element format of the generation; the byte count equal
 * to what the command moves; a status byte the host can poll.  Control
 * cases show the model rejects each fault.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mfi.h"
#include "test_check.h"

/* megaraid_sas.h's frames (little-endian host: this test runs on x86). */
struct fw_hdr {
	uint8_t cmd, sense_len, cmd_status, scsi_status, target_id, lun, cdb_len, sge_count;
	uint32_t context, pad_0;
	uint16_t flags, timeout;
	uint32_t data_xfer_len;
} __attribute__((packed));

struct fw_io_frame {			/* struct megasas_io_frame */
	struct fw_hdr h;
	uint32_t sense_lo, sense_hi, start_lba_lo, start_lba_hi;
	uint8_t sgl[];
} __attribute__((packed));

struct fw_pthru_frame {			/* struct megasas_pthru_frame */
	struct fw_hdr h;
	uint32_t sense_lo, sense_hi;
	uint8_t cdb[16];
	uint8_t sgl[];
} __attribute__((packed));

struct fw_dcmd_frame {			/* struct megasas_dcmd_frame */
	uint8_t cmd, reserved_0, cmd_status, reserved_1[4], sge_count;
	uint32_t context, pad_0;
	uint16_t flags, timeout;
	uint32_t data_xfer_len, opcode;
	uint8_t mbox[12];
	uint8_t sgl[];
} __attribute__((packed));

struct fw_init_frame {			/* struct megasas_init_frame */
	uint8_t cmd, reserved_0, cmd_status, reserved_1;
	uint32_t driver_operations, context, pad_0;
	uint16_t flags, replyqueue_mask;
	uint32_t data_xfer_len, qinfo_new_lo, qinfo_new_hi, qinfo_old_lo, qinfo_old_hi;
} __attribute__((packed));

struct fw_qinfo {			/* struct megasas_init_queue_info */
	uint32_t init_flags, reply_queue_entries;
	uint32_t rq_lo, rq_hi, pi_lo, pi_hi, ci_lo, ci_hi;
} __attribute__((packed));

_Static_assert(offsetof(struct fw_io_frame, sgl) == 0x28, "io sgl at 28h");
_Static_assert(offsetof(struct fw_pthru_frame, sgl) == 0x30, "pthru sgl at 30h");
_Static_assert(offsetof(struct fw_dcmd_frame, opcode) == 0x18, "dcmd opcode at 18h");
_Static_assert(offsetof(struct fw_dcmd_frame, mbox) == 0x1c, "dcmd mbox at 1ch");
_Static_assert(offsetof(struct fw_init_frame, qinfo_new_lo) == 0x18, "qinfo at 18h");

/* Host memory the model reads frames from: bus address = BUS + offset. */
#define BUS		0x7f000000ull
#define MEM_BYTES	(64 * 1024)
static uint8_t mem[MEM_BYTES] __attribute__((aligned(64)));

/* What the firmware makes of one posting: the frame and how many frames follow. */
struct fw_fetch {
	uint64_t frame;
	unsigned int extra;
	const char *error;
};

static struct fw_fetch fw_decode(enum dd_mfi_gen gen, struct dd_mfi_post p)
{
	struct fw_fetch f = { 0 };

	switch (gen) {
	case DD_MFI_XSCALE:
		if (p.n != 1 || p.reg[0] != MFI_REG_IQP)
			f.error = "xscale: one write to the inbound queue port";
		f.frame = (uint64_t)(p.val[0] & ~7u) << 3;
		f.extra = p.val[0] & 7u;
		break;
	case DD_MFI_SKINNY:
		if (p.n != 2 || p.reg[0] != MFI_REG_IQPH || p.reg[1] != MFI_REG_IQPL)
			f.error = "skinny: the high queue port, then the low one";
		f.frame = (uint64_t)p.val[0] << 32 | (p.val[1] & ~0x3fu);
		f.extra = (p.val[1] >> 1) & 7u;
		if (!(p.val[1] & 1))
			f.error = "skinny: bit 0 of the low queue port not set";
		break;
	default:
		if (p.n != 1 || p.reg[0] != MFI_REG_IQP)
			f.error = "ppc/gen2: one write to the inbound queue port";
		f.frame = p.val[0] & ~0x3fu;
		f.extra = (p.val[0] >> 1) & 7u;
		if (!(p.val[0] & 1))
			f.error = "ppc/gen2: bit 0 of the queue port not set";
		break;
	}
	return f;
}

/*
 * The firmware's checks of a read or write frame posted so: NULL when it
 * would run it, else why not.  bytes: what the command must move.
 */
static const char *fw_check_rw(enum dd_mfi_gen gen, struct dd_mfi_post p, uint32_t fw_max_sge,
			       uint32_t bytes, unsigned int block)
{
	struct fw_fetch f = fw_decode(gen, p);
	const struct fw_hdr *h;
	unsigned int sgl_off, sge_bytes = gen == DD_MFI_SKINNY ? 16 : 12, i;
	uint64_t sum = 0, off;
	uint16_t want_fmt = gen == DD_MFI_SKINNY ? MFI_FLAG_IEEE : MFI_FLAG_SGL64;

	if (f.error)
		return f.error;
	if (f.frame % 64)
		return "frame not 64-byte aligned";
	if (f.frame < BUS || f.frame + MFI_CMD_BYTES > BUS + MEM_BYTES)
		return "frame outside host memory";
	off = f.frame - BUS;
	h = (const struct fw_hdr *)(mem + off);
	if (h->cmd == MFI_CMD_LD_READ || h->cmd == MFI_CMD_LD_WRITE)
		sgl_off = offsetof(struct fw_io_frame, sgl);
	else if (h->cmd == MFI_CMD_PD_SCSI_IO)
		sgl_off = offsetof(struct fw_pthru_frame, sgl);
	else
		return "not a read or write frame";
	if (h->cmd_status != 0xff)
		return "status byte not 0xff: the host cannot tell completion";
	if (!(h->flags & MFI_FLAG_DONT_POST))
		return "posted to the reply queue, which the host does not read";
	if ((h->flags & (MFI_FLAG_SGL64 | MFI_FLAG_IEEE)) != want_fmt)
		return "S/G element format not the generation's";
	if ((h->cmd == MFI_CMD_LD_WRITE || (h->cmd == MFI_CMD_PD_SCSI_IO &&
	     ((const struct fw_pthru_frame *)h)->cdb[0] == 0x2a)) != !!(h->flags & MFI_FLAG_DIR_WRITE))
		return "direction flag does not match the command";
	if (!h->context)
		return "context 0";
	if (!h->sense_len || !((const struct fw_io_frame *)h)->sense_lo)
		return "no sense buffer";
	if (!h->sge_count || (fw_max_sge && h->sge_count > fw_max_sge))
		return "S/G count 0 or above the firmware's limit";
	if (sgl_off + h->sge_count * sge_bytes > (1 + f.extra) * 64u)
		return "S/G list beyond the frames announced";
	for (i = 0; i < h->sge_count; i++) {
		const uint8_t *e = mem + off + sgl_off + i * sge_bytes;
		uint64_t addr;
		uint32_t len;

		memcpy(&addr, e, 8);
		memcpy(&len, e + 8, 4);
		if (!addr || !len)
			return "S/G element with no address or length";
		if (gen == DD_MFI_SKINNY && (e[12] | e[13] | e[14] | e[15]))
			return "IEEE element flag not 0";
		sum += len;
	}
	if (h->cmd == MFI_CMD_PD_SCSI_IO ? h->data_xfer_len != bytes :
	    (uint64_t)h->data_xfer_len * block != bytes)
		return "transfer length not what the command moves";
	if (sum != bytes)
		return "S/G list does not add up to the transfer";
	return NULL;
}

static const char *const gen_name[] = { "xscale", "ppc", "gen2", "skinny" };

/* Build a frame with mfi.h, post it as the hook does, and let the model judge. */
static const char *build_and_check(enum dd_mfi_gen gen, bool ld, bool write, unsigned int sges,
				   int extra_delta, uint32_t fw_max_sge)
{
	uint8_t *f = mem + 4096, cdb[16] = { write ? 0x2a : 0x28 };
	unsigned int sgl_off, i;
	uint32_t bytes = sges * 4096;

	if (ld)
		sgl_off = dd_mfi_build_ld_rw(f, gen, 3, write, 1, 2048, bytes / 512,
					     BUS + 256, 96);
	else
		sgl_off = dd_mfi_build_pd_scsi(f, gen, 3, write, 4, 0, cdb, 10, bytes,
					       BUS + 256, 96);
	for (i = 0; i < sges; i++)
		dd_mfi_put_sge(f + sgl_off, gen, i, 0x100000000ull + i * 8192, 4096);
	f[MFI_F_SGE_COUNT] = sges;
	return fw_check_rw(gen, dd_mfi_post(gen, BUS + 4096,
					    dd_mfi_extra_frames(gen, sgl_off, sges) + extra_delta),
			   fw_max_sge, bytes, 512);
}

static void test_frames(void)
{
	char name[64];
	const char *why;
	int gen, ld, write;

	for (gen = DD_MFI_XSCALE; gen <= DD_MFI_SKINNY; gen++) {
		for (ld = 0; ld <= 1; ld++) {
			unsigned int max = dd_mfi_max_sges(gen, ld, 0);

			for (write = 0; write <= 1; write++) {
				snprintf(name, sizeof(name), "mfi-%s-%s-%s-1-sge", gen_name[gen],
					 ld ? "ld" : "pd", write ? "write" : "read");
				why = build_and_check(gen, ld, write, 1, 0, 0);
				check(name, !why, "%s", why);
				snprintf(name, sizeof(name), "mfi-%s-%s-%s-%u-sges", gen_name[gen],
					 ld ? "ld" : "pd", write ? "write" : "read", max);
				why = build_and_check(gen, ld, write, max, 0, 0);
				check(name, !why, "%s", why);
			}
			/* Controls: the model refuses an undercounted posting and a list too long. */
			snprintf(name, sizeof(name), "mfi-%s-%s-undercount-refused", gen_name[gen],
				 ld ? "ld" : "pd");
			why = build_and_check(gen, ld, true, max, -1, 0);
			check(name, why && strstr(why, "beyond the frames"), "%s", why ? why : "accepted");
			snprintf(name, sizeof(name), "mfi-%s-%s-over-fw-limit-refused", gen_name[gen],
				 ld ? "ld" : "pd");
			why = build_and_check(gen, ld, true, 5, 0, 4);
			check(name, why && strstr(why, "limit"), "%s", why ? why : "accepted");
		}
	}
}

/* What fits: the 8 frames after the list's offset, and the firmware's own limit. */
static void test_max_sges(void)
{
	check("mfi-max-sges-ld-sgl64", dd_mfi_max_sges(DD_MFI_GEN2, true, 0) == 39, "%u",
	      dd_mfi_max_sges(DD_MFI_GEN2, true, 0));
	check("mfi-max-sges-pd-sgl64", dd_mfi_max_sges(DD_MFI_PPC, false, 0) == 38, "%u",
	      dd_mfi_max_sges(DD_MFI_PPC, false, 0));
	check("mfi-max-sges-ld-ieee", dd_mfi_max_sges(DD_MFI_SKINNY, true, 0) == 29, "%u",
	      dd_mfi_max_sges(DD_MFI_SKINNY, true, 0));
	check("mfi-max-sges-pd-ieee", dd_mfi_max_sges(DD_MFI_SKINNY, false, 0) == 29, "%u",
	      dd_mfi_max_sges(DD_MFI_SKINNY, false, 0));
	check("mfi-max-sges-firmware-limit", dd_mfi_max_sges(DD_MFI_GEN2, true, 16) == 16, "%u",
	      dd_mfi_max_sges(DD_MFI_GEN2, true, 16));
	check("mfi-extra-frames", dd_mfi_extra_frames(DD_MFI_GEN2, MFI_IO_SGL, 2) == 0 &&
	      dd_mfi_extra_frames(DD_MFI_GEN2, MFI_IO_SGL, 3) == 1 &&
	      dd_mfi_extra_frames(DD_MFI_SKINNY, MFI_PT_SGL, 1) == 0 &&
	      dd_mfi_extra_frames(DD_MFI_SKINNY, MFI_PT_SGL, 2) == 1 &&
	      dd_mfi_extra_frames(DD_MFI_GEN2, MFI_IO_SGL, 39) == 7, "frame counts wrong");
}

/* Skinny's 64-bit queue port takes frames above 4 GiB; the others cannot express them. */
static void test_post_encodings(void)
{
	struct dd_mfi_post p = dd_mfi_post(DD_MFI_SKINNY, 0x1234567c0ull, 3);
	struct fw_fetch f = fw_decode(DD_MFI_SKINNY, p);

	check("mfi-skinny-post-64bit", !f.error && f.frame == (0x1234567c0ull) &&
	      f.extra == 3, "frame %#llx extra %u %s", (unsigned long long)f.frame, f.extra,
	      f.error ? f.error : "");
	p = dd_mfi_post(DD_MFI_XSCALE, 0x7f001000, 5);
	f = fw_decode(DD_MFI_XSCALE, p);
	check("mfi-xscale-post", !f.error && f.frame == 0x7f001000 && f.extra == 5 &&
	      p.val[0] == ((0x7f001000u >> 3) | 5), "value %#x", p.val[0]);
	p = dd_mfi_post(DD_MFI_PPC, 0x7f001040, 7);
	f = fw_decode(DD_MFI_PPC, p);
	check("mfi-ppc-post", !f.error && f.frame == 0x7f001040 && f.extra == 7 &&
	      p.val[0] == (0x7f001040u | 7 << 1 | 1), "value %#x", p.val[0]);
}

/* megaraid_sas's transition, state by state; the registers of each generation. */
static void test_states(void)
{
	static const struct {
		uint32_t state;
		enum dd_mfi_step step;
		uint32_t doorbell;
		bool mask;
	} want[16] = {
		{ 0x0, DD_MFI_WAIT, 0, false },		/* UNDEFINED */
		{ 0x1, DD_MFI_WAIT, 0, false },		/* BB_INIT */
		{ 0x2, DD_MFI_UNKNOWN, 0, false },
		{ 0x3, DD_MFI_UNKNOWN, 0, false },
		{ 0x4, DD_MFI_WAIT, 0, false },		/* FW_INIT */
		{ 0x5, DD_MFI_UNKNOWN, 0, false },
		{ 0x6, DD_MFI_RING, 0x18, false },	/* WAIT_HANDSHAKE */
		{ 0x7, DD_MFI_WAIT, 0, false },		/* FW_INIT_2 */
		{ 0x8, DD_MFI_WAIT, 0, false },		/* DEVICE_SCAN */
		{ 0x9, DD_MFI_RING, 0x10, false },	/* BOOT_MESSAGE_PENDING */
		{ 0xa, DD_MFI_WAIT, 0, false },		/* FLUSH_CACHE */
		{ 0xb, DD_MFI_IS_READY, 0, false },	/* READY */
		{ 0xc, DD_MFI_RING, 0x07, true },	/* OPERATIONAL: reset flags */
		{ 0xd, DD_MFI_UNKNOWN, 0, false },
		{ 0xe, DD_MFI_UNKNOWN, 0, false },
		{ 0xf, DD_MFI_RESET_ADAPTER, 0, false },	/* FAULT */
	};
	unsigned int i, bad = 0;

	for (i = 0; i < 16; i++) {
		struct dd_mfi_plan p = dd_mfi_plan(want[i].state << 28 | 0x004503f0);

		if (p.step != want[i].step || (p.step == DD_MFI_RING &&
		    (p.doorbell != want[i].doorbell || p.mask_first != want[i].mask))) {
			printf("# state %#x: step %d doorbell %#x mask %d\n", want[i].state << 28,
			       p.step, p.doorbell, p.mask_first);
			bad++;
		}
	}
	check("mfi-state-plan", !bad, "%u states planned wrongly", bad);
	check("mfi-registers-by-generation",
	      dd_mfi_state_reg(DD_MFI_XSCALE) == 0x18 && dd_mfi_state_reg(DD_MFI_GEN2) == 0xb0 &&
	      dd_mfi_doorbell_reg(DD_MFI_SKINNY) == 0x00 && dd_mfi_doorbell_reg(DD_MFI_PPC) == 0x20 &&
	      dd_mfi_intr_mask(DD_MFI_XSCALE) == 0x1f && dd_mfi_intr_mask(DD_MFI_SKINNY) == 0xffffffff,
	      "a generation's register or mask wrong");
}

static void test_flush_and_init(void)
{
	const struct fw_dcmd_frame *d = (const void *)(mem + 8192);
	const struct fw_init_frame *in = (const void *)(mem + 8192);
	const struct fw_qinfo *qi = (const void *)(mem + 8192 + 512);

	dd_mfi_build_flush(mem + 8192, 9);
	check("mfi-flush-dcmd", d->cmd == MFI_CMD_DCMD && d->opcode == 0x01101000 &&
	      d->mbox[0] == 0x03 && !d->sge_count && !d->data_xfer_len && d->context == 9 &&
	      d->flags == MFI_FLAG_DONT_POST && d->cmd_status == 0xff,
	      "opcode %#x mbox %#x flags %#x", d->opcode, d->mbox[0], d->flags);
	dd_mfi_build_init(mem + 8192, mem + 8192 + 512, BUS + 8192 + 512, 1007,
			  0x7f010000, 0x7f000ff0, 0x7f000ff4);
	check("mfi-init-frame", in->cmd == MFI_CMD_INIT && in->cmd_status == 0xff &&
	      in->data_xfer_len == sizeof(struct fw_qinfo) &&
	      in->qinfo_new_lo == (uint32_t)(BUS + 8192 + 512) && !in->qinfo_new_hi &&
	      !in->qinfo_old_lo && (in->flags & MFI_FLAG_DONT_POST),
	      "qinfo %#x len %u", in->qinfo_new_lo, in->data_xfer_len);
	check("mfi-init-queue-info", qi->reply_queue_entries == 1007 && qi->rq_lo == 0x7f010000 &&
	      qi->pi_lo == 0x7f000ff0 && qi->ci_lo == 0x7f000ff4 && !qi->rq_hi && !qi->init_flags,
	      "entries %u rq %#x pi %#x ci %#x", qi->reply_queue_entries, qi->rq_lo, qi->pi_lo,
	      qi->ci_lo);
}

/* megaraid_sas's completion: what the midlayer would retry, what it fails. */
static void test_status(void)
{
	check("mfi-status-verdicts", dd_mfi_status_verdict(0x00) == 0 &&
	      dd_mfi_status_verdict(0x2d) == 1 && dd_mfi_status_verdict(0x2e) == -EAGAIN &&
	      dd_mfi_status_verdict(0x18) == -EAGAIN && dd_mfi_status_verdict(0x0c) == -EIO &&
	      dd_mfi_status_verdict(0x33) == -EIO && dd_mfi_status_verdict(0x03) == -EIO,
	      "a status judged wrongly");
}

int main(void)
{
	test_frames();
	test_max_sges();
	test_post_encodings();
	test_states();
	test_flush_and_init();
	test_status();
	return test_exit_status();
}
