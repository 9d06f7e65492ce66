/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A completed SCSI command as a hook's poll() answers it (hook.h): the
 * verdict of scsi.h's policy on its status and sense data, with the one
 * kernel log line every SCSI-carrying hook gives a retry or a failure.
 * Kernel only: the messages carry the including hook's pr_fmt.  (The
 * mpt and Smart Array protocol layers, which userspace tests too, map the
 * verdict themselves.)
 */
#ifndef DISKDUMP_SCSI_POLL_H
#define DISKDUMP_SCSI_POLL_H

#include <linux/errno.h>
#include <linux/printk.h>

#include "diskdump/scsi.h"

/* 0, -EAGAIN (retry), -ECOMM (aborted: retry a few times) or -EIO. */
static inline int dd_scsi_poll_result(const char *desc, u8 status, const u8 *sense,
				      u32 sense_len)
{
	enum dd_scsi_verdict v = dd_scsi_verdict(status, sense, sense_len);
	struct dd_scsi_sense s = { };

	if (v == DD_SCSI_DONE)
		return 0;
	dd_scsi_parse_sense(sense, sense_len, &s);
	if (v == DD_SCSI_RETRY || v == DD_SCSI_RETRY_FEW) {
		pr_warn("%s: status %#x, sense %s asc %#x ascq %#x: again\n", desc, status,
			dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
		return v == DD_SCSI_RETRY ? -EAGAIN : -ECOMM;
	}
	pr_err("%s: command failed: status %#x, sense %s asc %#x ascq %#x\n", desc, status,
	       dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
	return -EIO;
}

#endif /* DISKDUMP_SCSI_POLL_H */
