// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The shared SCSI layer (include/diskdump/scsi.h), the same code the SCSI
 * hooks run: CDBs byte for byte against SBC-3's field layouts, the 10/16
 * choice at its edges, sense data of both formats and of every malformed
 * length, READ CAPACITY (16) data, and the retry policy.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diskdump/scsi.h"
#include "test_check.h"

static int same(const __u8 *got, const __u8 *want, unsigned int n)
{
	return !memcmp(got, want, n);
}

static void test_rw(void)
{
	__u8 cdb[DD_SCSI_MAX_CDB];
	/* WRITE (10): opcode, flags, LBA 4 bytes BE, group, length 2 bytes BE, control. */
	static const __u8 w10[10] = { 0x2a, 0, 0x12, 0x34, 0x56, 0x78, 0, 0x01, 0x00, 0 };
	/* READ (16): opcode, flags, LBA 8 bytes BE, length 4 bytes BE, group, control. */
	static const __u8 r16[16] = { 0x88, 0, 0, 0, 0, 0x01, 0, 0, 0, 0,
				      0, 0, 0x00, 0x08, 0, 0 };
	static const __u8 w16_long[16] = { 0x8a, 0, 0, 0, 0, 0, 0, 0, 0x10, 0,
					   0, 0x01, 0x00, 0x00, 0, 0 };
	unsigned int n;

	n = dd_scsi_rw_cdb(cdb, 1, 0x12345678, 256);
	check("scsi-write10-layout", n == 10 && same(cdb, w10, 10),
	      "length %u, bytes %02x %02x %02x %02x %02x %02x %02x %02x", n,
	      cdb[0], cdb[2], cdb[3], cdb[4], cdb[5], cdb[6], cdb[7], cdb[8]);
	n = dd_scsi_rw_cdb(cdb, 0, 0x100000000ull, 8);
	check("scsi-read16-above-2TiB", n == 16 && same(cdb, r16, 16),
	      "length %u, opcode %02x", n, cdb[0]);
	/* The last block within 32 bits still takes the 10-byte form. */
	n = dd_scsi_rw_cdb(cdb, 0, 0xffffffffull - 7, 8);
	check("scsi-rw10-last-32bit-lba", n == 10 && cdb[0] == 0x28 &&
	      cdb[2] == 0xff && cdb[5] == 0xf8, "length %u", n);
	/* One block over it needs 16. */
	n = dd_scsi_rw_cdb(cdb, 0, 0xffffffffull - 7, 9);
	check("scsi-rw16-crossing-32bit", n == 16 && cdb[0] == 0x88, "length %u", n);
	n = dd_scsi_rw_cdb(cdb, 1, 0x1000, 0xffff);
	check("scsi-rw10-max-length", n == 10 && cdb[7] == 0xff && cdb[8] == 0xff,
	      "length %u", n);
	n = dd_scsi_rw_cdb(cdb, 1, 0x1000, 0x10000);
	check("scsi-rw16-long-transfer", n == 16 && same(cdb, w16_long, 16),
	      "length %u, opcode %02x", n, cdb[0]);
	n = dd_scsi_rw_cdb(cdb, 1, 0, 0);
	check("scsi-rw-zero-blocks-refused", n == 0, "length %u", n);
}

static void test_other_cdbs(void)
{
	__u8 cdb[DD_SCSI_MAX_CDB];
	static const __u8 cap16[16] = { 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
					0, 0, 0, 32, 0, 0 };
	static const __u8 zero[16];
	unsigned int n;

	n = dd_scsi_sync_cdb(cdb, 0xffffffffull);
	check("scsi-sync10", n == 10 && cdb[0] == 0x35 && same(cdb + 1, zero, 9),
	      "length %u", n);
	n = dd_scsi_sync_cdb(cdb, 0x100000000ull);
	check("scsi-sync16-large-disk", n == 16 && cdb[0] == 0x91 &&
	      same(cdb + 1, zero, 15), "length %u", n);
	n = dd_scsi_tur_cdb(cdb);
	check("scsi-tur", n == 6 && same(cdb, zero, 6), "length %u", n);
	n = dd_scsi_request_sense_cdb(cdb, 96);
	check("scsi-request-sense", n == 6 && cdb[0] == 0x03 && cdb[4] == 96,
	      "length %u", n);
	n = dd_scsi_read_cap16_cdb(cdb);
	check("scsi-read-capacity16", n == 16 && same(cdb, cap16, 16), "length %u", n);
}

static void test_read_cap16(void)
{
	__u8 buf[32] = { 0, 0, 0, 0x01, 0x23, 0x45, 0x67, 0x89, 0, 0, 0x10, 0 };
	__u64 last = 0;
	__u32 bl = 0;
	int r;

	r = dd_scsi_parse_read_cap16(buf, sizeof(buf), &last, &bl);
	check("scsi-cap16-4k", r == 0 && last == 0x123456789ull && bl == 4096,
	      "r %d last %" PRIx64 " block %u", r, (uint64_t)last, bl);
	check("scsi-cap16-short", dd_scsi_parse_read_cap16(buf, 12, &last, &bl) == -1,
	      "12 bytes accepted");
	buf[10] = 0x03;		/* 768 bytes: not a power of two */
	check("scsi-cap16-odd-block", dd_scsi_parse_read_cap16(buf, 32, &last, &bl) == -1,
	      "768-byte blocks accepted");
	buf[10] = 0x02;
	buf[12] = 0x01;		/* PROT_EN */
	check("scsi-cap16-protection", dd_scsi_parse_read_cap16(buf, 32, &last, &bl) == -1,
	      "protection information accepted");
	buf[12] = 0;
	buf[8] = 0x01;		/* 16 MiB blocks */
	check("scsi-cap16-huge-block", dd_scsi_parse_read_cap16(buf, 32, &last, &bl) == -1,
	      "16 MiB blocks accepted");
}

/*
 * READ CAPACITY (10) and the order sd asks in: an SPC-2 or older disk
 * (scsi_level 5 or less, every parallel-SCSI disk of the 53C8xx era)
 * gets (10) first; (16) first only for a newer one or one with
 * protection information, on a host with 16-byte CDBs.
 */
static void test_read_cap10(void)
{
	static const __u8 cap10[10] = { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	__u8 cdb[DD_SCSI_MAX_CDB], buf[8] = { 0x00, 0x3f, 0xff, 0xff, 0, 0, 0x02, 0 };
	__u64 last = 0;
	__u32 bl = 0;
	unsigned int n;
	int r;

	n = dd_scsi_read_cap10_cdb(cdb);
	check("scsi-read-capacity10", n == 10 && same(cdb, cap10, 10), "length %u", n);
	r = dd_scsi_parse_read_cap10(buf, sizeof(buf), &last, &bl);
	check("scsi-cap10-512", r == 0 && last == 0x3fffff && bl == 512,
	      "r %d last %" PRIx64 " block %u", r, (uint64_t)last, bl);
	check("scsi-cap10-short", dd_scsi_parse_read_cap10(buf, 7, &last, &bl) == -1,
	      "7 bytes accepted");
	memset(buf, 0xff, 4);
	r = dd_scsi_parse_read_cap10(buf, sizeof(buf), &last, &bl);
	check("scsi-cap10-too-large-asks-16", r == 1, "r %d", r);
	buf[6] = 0x03;
	check("scsi-cap10-odd-block", dd_scsi_parse_read_cap10(buf, 8, &last, &bl) == -1,
	      "768-byte blocks accepted");

	check("scsi-rc10-first-scsi2-disk", !dd_scsi_rc16_first(16, 0, 3, 0),
	      "SCSI-2 disk asked (16) first");
	check("scsi-rc10-first-spc2-disk", !dd_scsi_rc16_first(16, 0, 5, 0),
	      "SPC-2 disk asked (16) first");
	check("scsi-rc16-first-spc3-disk", dd_scsi_rc16_first(16, 0, 6, 0),
	      "SPC-3 disk asked (10) first");
	check("scsi-rc16-first-protection", dd_scsi_rc16_first(16, 0, 5, 1),
	      "a disk with protection information asked (10) first");
	check("scsi-rc10-first-12-byte-host", !dd_scsi_rc16_first(12, 0, 6, 1),
	      "(16) first on a host without 16-byte CDBs");
	check("scsi-rc10-first-learnt", !dd_scsi_rc16_first(16, 1, 6, 0),
	      "(16) first though the midlayer learnt (10)");
}

static void test_sense(void)
{
	/* Fixed: 70h, key in byte 2, additional length in 7, ASC/ASCQ in 12/13. */
	static const __u8 fixed[18] = { 0x70, 0, 0x06, 0, 0, 0, 0, 10, 0, 0, 0, 0,
					0x29, 0x00, 0, 0, 0, 0 };
	/*
	 * Descriptor: 72h, key, ASC, ASCQ in bytes 1-3.  The shorter sense
	 * data sit in buffers of the fixed format's size, as in a hook's
	 * sense buffer; the length passed is what the device sent.
	 */
	static const __u8 desc[18] = { 0x72, 0x02, 0x04, 0x01, 0, 0, 0, 0 };
	/* Fixed, but the device says only 2 additional bytes: no ASC. */
	static const __u8 fixed_short[18] = { 0xf0, 0, 0x03, 0, 0, 0, 0, 2, 0, 0,
					      0, 0, 0x11, 0x22 };
	static const __u8 junk[18] = { 0x7f, 0x06 };
	struct dd_scsi_sense s;
	int r;

	r = dd_scsi_parse_sense(fixed, sizeof(fixed), &s);
	check("scsi-sense-fixed", r == 0 && s.key == 6 && s.asc == 0x29 && s.ascq == 0,
	      "r %d key %x asc %x ascq %x", r, s.key, s.asc, s.ascq);
	r = dd_scsi_parse_sense(desc, 8, &s);
	check("scsi-sense-descriptor", r == 0 && s.key == 2 && s.asc == 4 && s.ascq == 1,
	      "r %d key %x asc %x ascq %x", r, s.key, s.asc, s.ascq);
	r = dd_scsi_parse_sense(fixed_short, 10, &s);
	check("scsi-sense-fixed-no-asc", r == 0 && s.key == 3 && s.asc == 0,
	      "r %d key %x asc %x", r, s.key, s.asc);
	/* The device claims 10 more bytes than arrived: ASC not read past the end. */
	r = dd_scsi_parse_sense(fixed, 13, &s);
	check("scsi-sense-fixed-truncated", r == 0 && s.key == 6 && s.asc == 0,
	      "r %d key %x asc %x", r, s.key, s.asc);
	check("scsi-sense-unknown-format", dd_scsi_parse_sense(junk, sizeof(junk), &s) == -1,
	      "response code 7fh accepted");
	check("scsi-sense-empty", dd_scsi_parse_sense(fixed, 0, &s) == -1 &&
	      dd_scsi_parse_sense(fixed, 2, &s) == -1 &&
	      dd_scsi_parse_sense(desc, 3, &s) == -1, "short sense accepted");
	check("scsi-sense-key-names",
	      !strcmp(dd_scsi_sense_key_name(6), "UNIT ATTENTION") &&
	      !strcmp(dd_scsi_sense_key_name(0xb), "ABORTED COMMAND") &&
	      !strcmp(dd_scsi_sense_key_name(0xf6), "UNIT ATTENTION"), "wrong names");
}

struct verdict_case {
	const char		*name;
	__u8			status;
	__u8			key, asc, ascq;
	enum dd_scsi_verdict	want;
};

static const struct verdict_case verdicts[] = {
	{ "good", DD_SCSI_GOOD, 0, 0, 0, DD_SCSI_DONE },
	{ "condition-met", DD_SCSI_CONDITION_MET, 0, 0, 0, DD_SCSI_DONE },
	{ "busy", DD_SCSI_BUSY, 0, 0, 0, DD_SCSI_RETRY },
	{ "task-set-full", DD_SCSI_TASK_SET_FULL, 0, 0, 0, DD_SCSI_RETRY },
	{ "reservation-conflict", DD_SCSI_RESERVATION_CONFLICT, 0, 0, 0, DD_SCSI_FAILED },
	{ "task-aborted", DD_SCSI_TASK_ABORTED, 0, 0, 0, DD_SCSI_FAILED },
	{ "recovered", DD_SCSI_CHECK_CONDITION, 0x1, 0x17, 0x01, DD_SCSI_DONE },
	{ "unit-attention-reset", DD_SCSI_CHECK_CONDITION, 0x6, 0x29, 0x00, DD_SCSI_RETRY },
	{ "becoming-ready", DD_SCSI_CHECK_CONDITION, 0x2, 0x04, 0x01, DD_SCSI_RETRY },
	{ "not-ready-in-progress", DD_SCSI_CHECK_CONDITION, 0x2, 0x04, 0x07, DD_SCSI_RETRY },
	{ "not-ready-start-unit", DD_SCSI_CHECK_CONDITION, 0x2, 0x04, 0x02, DD_SCSI_FAILED },
	{ "medium-not-present", DD_SCSI_CHECK_CONDITION, 0x2, 0x3a, 0x00, DD_SCSI_FAILED },
	{ "aborted-command", DD_SCSI_CHECK_CONDITION, 0xb, 0x47, 0x00, DD_SCSI_RETRY_FEW },
	{ "medium-error", DD_SCSI_CHECK_CONDITION, 0x3, 0x0c, 0x00, DD_SCSI_FAILED },
	{ "write-protected", DD_SCSI_CHECK_CONDITION, 0x7, 0x27, 0x00, DD_SCSI_FAILED },
	{ "illegal-request", DD_SCSI_CHECK_CONDITION, 0x5, 0x21, 0x00, DD_SCSI_FAILED },
};

static void test_verdicts(void)
{
	__u8 sense[18] = { 0x70, 0, 0, 0, 0, 0, 0, 10 };
	char name[64];
	unsigned int i;
	enum dd_scsi_verdict v;

	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		const struct verdict_case *c = &verdicts[i];

		sense[2] = c->key;
		sense[12] = c->asc;
		sense[13] = c->ascq;
		v = dd_scsi_verdict(c->status, sense, sizeof(sense));
		snprintf(name, sizeof(name), "scsi-verdict-%s", c->name);
		check(name, v == c->want, "got %d, want %d", v, c->want);
	}
	/* CHECK CONDITION without sense cannot be judged: a failure. */
	v = dd_scsi_verdict(DD_SCSI_CHECK_CONDITION, sense, 0);
	check("scsi-verdict-no-sense", v == DD_SCSI_FAILED, "got %d", v);
}

int main(void)
{
	test_rw();
	test_other_cdbs();
	test_read_cap16();
	test_read_cap10();
	test_sense();
	test_verdicts();
	return test_exit_status();
}
