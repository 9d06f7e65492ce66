/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The SCSI commands and the retry policy every SCSI-carrying hook shares
 * (mpt fusion, sym53c8xx, Smart Array): command descriptor blocks for the
 * few commands a dump needs, sense data decoding, and what a completed
 * command means for the core.  Plain byte arithmetic, shared by the
 * kernel hooks and the unit tests (tests/unit/test_scsi.c); field layouts
 * are SBC-3's and SPC-4's.
 *
 * Everything a device returns (sense data, READ CAPACITY data) is
 * untrusted: every parser takes the length actually received and rejects
 * what is short or malformed.
 */
#ifndef DISKDUMP_SCSI_H
#define DISKDUMP_SCSI_H

#include <linux/types.h>

#define DD_SCSI_MAX_CDB		16

/* Operation codes (SPC-4, SBC-3). */
#define DD_SCSI_TEST_UNIT_READY	0x00
#define DD_SCSI_REQUEST_SENSE	0x03
#define DD_SCSI_READ_CAP_10	0x25
#define DD_SCSI_READ_10		0x28
#define DD_SCSI_WRITE_10	0x2a
#define DD_SCSI_SYNC_CACHE_10	0x35
#define DD_SCSI_READ_16		0x88
#define DD_SCSI_WRITE_16	0x8a
#define DD_SCSI_SYNC_CACHE_16	0x91
#define DD_SCSI_SERVICE_IN_16	0x9e
#define DD_SCSI_SA_READ_CAP_16	0x10

/* Status bytes (SAM-5). */
#define DD_SCSI_GOOD		0x00
#define DD_SCSI_CHECK_CONDITION	0x02
#define DD_SCSI_CONDITION_MET	0x04
#define DD_SCSI_BUSY		0x08
#define DD_SCSI_RESERVATION_CONFLICT 0x18
#define DD_SCSI_TASK_SET_FULL	0x28
#define DD_SCSI_ACA_ACTIVE	0x30
#define DD_SCSI_TASK_ABORTED	0x40

/* Sense keys (SPC-4 4.5.6). */
#define DD_SENSE_NO_SENSE	0x0
#define DD_SENSE_RECOVERED	0x1
#define DD_SENSE_NOT_READY	0x2
#define DD_SENSE_MEDIUM_ERROR	0x3
#define DD_SENSE_HARDWARE_ERROR	0x4
#define DD_SENSE_ILLEGAL_REQUEST 0x5
#define DD_SENSE_UNIT_ATTENTION	0x6
#define DD_SENSE_DATA_PROTECT	0x7
#define DD_SENSE_ABORTED_COMMAND 0xb

/* ASC 04h "logical unit not ready", and its ASCQs worth waiting for. */
#define DD_ASC_NOT_READY	0x04
#define DD_ASCQ_CAUSE_UNKNOWN	0x00
#define DD_ASCQ_BECOMING_READY	0x01
#define DD_ASCQ_IN_PROGRESS	0x07

/* Bytes of sense data a hook should reserve per command (SPC-4: 252 max). */
#define DD_SCSI_SENSE_BYTES	96
/* The bytes READ CAPACITY (16) returns that we read, and (10) returns. */
#define DD_SCSI_READ_CAP_16_BYTES 32
#define DD_SCSI_READ_CAP_10_BYTES 8
/* The midlayer's scsi_level of an SPC-2 device (the version field + 1). */
#define DD_SCSI_LEVEL_SPC_2	5

/* Masked, not just truncated: sparse checks every constant argument. */
static inline void dd_scsi_put_be16(__u8 *p, __u16 v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

static inline void dd_scsi_put_be32(__u8 *p, __u32 v)
{
	p[0] = (v >> 24) & 0xff;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static inline void dd_scsi_put_be64(__u8 *p, __u64 v)
{
	dd_scsi_put_be32(p, (__u32)(v >> 32));
	dd_scsi_put_be32(p + 4, (__u32)(v & 0xffffffffu));
}

static inline __u32 dd_scsi_get_be32(const __u8 *p)
{
	return (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3];
}

static inline __u64 dd_scsi_get_be64(const __u8 *p)
{
	return (__u64)dd_scsi_get_be32(p) << 32 | dd_scsi_get_be32(p + 4);
}

static inline void dd_scsi_clear_cdb(__u8 *cdb)
{
	unsigned int i;

	for (i = 0; i < DD_SCSI_MAX_CDB; i++)
		cdb[i] = 0;
}

/*
 * READ or WRITE of blocks logical blocks at lba into cdb (16 bytes of
 * room).  The 10-byte form when the LBA and the length fit it (every
 * device takes it), else the 16-byte form.  Returns the CDB's length, or
 * 0 for a length the commands cannot carry (0 blocks means no transfer
 * in READ (10), so it is refused too).
 */
static inline unsigned int dd_scsi_rw_cdb(__u8 *cdb, int write, __u64 lba,
					  __u32 blocks)
{
	dd_scsi_clear_cdb(cdb);
	if (!blocks)
		return 0;
	if (blocks <= 0xffff && lba + blocks - 1 <= 0xffffffffull) {
		cdb[0] = write ? DD_SCSI_WRITE_10 : DD_SCSI_READ_10;
		dd_scsi_put_be32(cdb + 2, (__u32)(lba & 0xffffffffu));
		dd_scsi_put_be16(cdb + 7, (__u16)(blocks & 0xffff));
		return 10;
	}
	cdb[0] = write ? DD_SCSI_WRITE_16 : DD_SCSI_READ_16;
	dd_scsi_put_be64(cdb + 2, lba);
	dd_scsi_put_be32(cdb + 10, blocks);
	return 16;
}

/*
 * SYNCHRONIZE CACHE of the whole medium (LBA 0, 0 blocks: "to the end").
 * The 16-byte form for a disk whose last LBA does not fit in 32 bits.
 */
static inline unsigned int dd_scsi_sync_cdb(__u8 *cdb, __u64 last_lba)
{
	dd_scsi_clear_cdb(cdb);
	if (last_lba <= 0xffffffffull) {
		cdb[0] = DD_SCSI_SYNC_CACHE_10;
		return 10;
	}
	cdb[0] = DD_SCSI_SYNC_CACHE_16;
	return 16;
}

static inline unsigned int dd_scsi_tur_cdb(__u8 *cdb)
{
	dd_scsi_clear_cdb(cdb);
	cdb[0] = DD_SCSI_TEST_UNIT_READY;
	return 6;
}

static inline unsigned int dd_scsi_request_sense_cdb(__u8 *cdb, __u8 alloc)
{
	dd_scsi_clear_cdb(cdb);
	cdb[0] = DD_SCSI_REQUEST_SENSE;
	cdb[4] = alloc;
	return 6;
}

static inline unsigned int dd_scsi_read_cap16_cdb(__u8 *cdb)
{
	dd_scsi_clear_cdb(cdb);
	cdb[0] = DD_SCSI_SERVICE_IN_16;
	cdb[1] = DD_SCSI_SA_READ_CAP_16;
	dd_scsi_put_be32(cdb + 10, DD_SCSI_READ_CAP_16_BYTES);
	return 16;
}

static inline unsigned int dd_scsi_read_cap10_cdb(__u8 *cdb)
{
	dd_scsi_clear_cdb(cdb);
	cdb[0] = DD_SCSI_READ_CAP_10;
	return 10;
}

/*
 * Whether to ask READ CAPACITY (16) before (10), as sd decides: older
 * parallel-SCSI and SPC-2 disks reject the 16-byte service action (some
 * hang on it), so (16) comes first only for a device that claims more
 * than SPC-2 or has protection information, on a host that carries
 * 16-byte CDBs, unless the midlayer learnt (try_rc_10_first) otherwise.
 */
static inline int dd_scsi_rc16_first(unsigned int host_max_cmd_len,
				     int try_rc_10_first, int scsi_level,
				     int protection)
{
	if (host_max_cmd_len < 16 || try_rc_10_first)
		return 0;
	return scsi_level > DD_SCSI_LEVEL_SPC_2 || protection;
}

/*
 * READ CAPACITY (10) data: the last LBA and the block length.  0; 1 when
 * the disk is too large for it (last LBA FFFFFFFFh: ask (16)); -1 when
 * short or the block length is not a power of two from 512 to 65536.
 */
static inline int dd_scsi_parse_read_cap10(const __u8 *buf, __u32 len,
					   __u64 *last_lba, __u32 *block_len)
{
	__u32 bl;

	if (len < DD_SCSI_READ_CAP_10_BYTES)
		return -1;
	bl = dd_scsi_get_be32(buf + 4);
	if (bl < 512 || bl > 65536 || (bl & (bl - 1)))
		return -1;
	if (dd_scsi_get_be32(buf) == 0xffffffffu)
		return 1;
	*last_lba = dd_scsi_get_be32(buf);
	*block_len = bl;
	return 0;
}

/*
 * READ CAPACITY (16) data: the last LBA and the logical block length.
 * 0, or -1 when short, or the block length is not a power of two from
 * 512 to 65536, or protection information is enabled (PROT_EN): a dump
 * does not write protection information.
 */
static inline int dd_scsi_parse_read_cap16(const __u8 *buf, __u32 len,
					   __u64 *last_lba, __u32 *block_len)
{
	__u32 bl;

	if (len < 13)
		return -1;
	bl = dd_scsi_get_be32(buf + 8);
	if (bl < 512 || bl > 65536 || (bl & (bl - 1)))
		return -1;
	if (buf[12] & 0x01)
		return -1;
	*last_lba = dd_scsi_get_be64(buf);
	*block_len = bl;
	return 0;
}

struct dd_scsi_sense {
	__u8	key;
	__u8	asc;
	__u8	ascq;
};

/*
 * Decode sense data of either format (SPC-4 4.5): fixed (response code
 * 70h/71h) or descriptor (72h/73h).  0, or -1 when there is no usable
 * sense: too short, another response code.  A fixed-format header
 * without the ASC bytes (additional length < 6) still gives the key.
 */
static inline int dd_scsi_parse_sense(const __u8 *buf, __u32 len,
				      struct dd_scsi_sense *s)
{
	__u32 have;

	s->key = 0;
	s->asc = 0;
	s->ascq = 0;
	if (len < 2)
		return -1;
	switch (buf[0] & 0x7f) {
	case 0x70:
	case 0x71:
		if (len < 3)
			return -1;
		s->key = buf[2] & 0x0f;
		/* What the device says it sent, and what arrived. */
		have = len < 8 ? 0 : 8u + buf[7];
		if (have > len)
			have = len;
		if (have >= 14) {
			s->asc = buf[12];
			s->ascq = buf[13];
		}
		return 0;
	case 0x72:
	case 0x73:
		if (len < 4)
			return -1;
		s->key = buf[1] & 0x0f;
		s->asc = buf[2];
		s->ascq = buf[3];
		return 0;
	default:
		return -1;
	}
}

/* What a completed command means for the core (hook.h: poll()). */
enum dd_scsi_verdict {
	DD_SCSI_DONE,		/* poll() returns 0 */
	DD_SCSI_RETRY,		/* -EAGAIN: the core submits it again, bounded */
	DD_SCSI_RETRY_FEW,	/* -ECOMM: aborted in transit, a few times only */
	DD_SCSI_FAILED,		/* -EIO */
};

/*
 * The policy: GOOD, CONDITION MET and RECOVERED ERROR are done; UNIT
 * ATTENTION (a reset, the hook's own included, is reported once per
 * initiator), NOT READY while becoming ready, BUSY and TASK SET FULL are
 * worth submitting again for as long as the core's budget lasts; ABORTED
 * COMMAND (transport trouble, or a failed write as QEMU reports it) a few
 * times, as sd's five retries; anything
 * else, CHECK CONDITION without usable sense included, failed.  The core
 * bounds and spaces the retries (retry.h).
 */
static inline enum dd_scsi_verdict
dd_scsi_verdict(__u8 status, const __u8 *sense, __u32 sense_len)
{
	struct dd_scsi_sense s;

	switch (status) {
	case DD_SCSI_GOOD:
	case DD_SCSI_CONDITION_MET:
		return DD_SCSI_DONE;
	case DD_SCSI_BUSY:
	case DD_SCSI_TASK_SET_FULL:
		return DD_SCSI_RETRY;
	case DD_SCSI_CHECK_CONDITION:
		break;
	default:
		return DD_SCSI_FAILED;
	}
	if (dd_scsi_parse_sense(sense, sense_len, &s))
		return DD_SCSI_FAILED;
	switch (s.key) {
	case DD_SENSE_RECOVERED:
		return DD_SCSI_DONE;
	case DD_SENSE_UNIT_ATTENTION:
		return DD_SCSI_RETRY;
	case DD_SENSE_ABORTED_COMMAND:
		return DD_SCSI_RETRY_FEW;
	case DD_SENSE_NOT_READY:
		if (s.asc == DD_ASC_NOT_READY &&
		    (s.ascq == DD_ASCQ_CAUSE_UNKNOWN ||
		     s.ascq == DD_ASCQ_BECOMING_READY ||
		     s.ascq == DD_ASCQ_IN_PROGRESS))
			return DD_SCSI_RETRY;
		return DD_SCSI_FAILED;
	default:
		return DD_SCSI_FAILED;
	}
}

/* A sense key's name for the kernel log. */
static inline const char *dd_scsi_sense_key_name(__u8 key)
{
	static const char *const names[16] = {
		"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
		"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION",
		"DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED",
		"ABORTED COMMAND", "RESERVED (0Ch)", "VOLUME OVERFLOW",
		"MISCOMPARE", "COMPLETED",
	};

	return names[key & 0x0f];
}

#endif /* DISKDUMP_SCSI_H */
