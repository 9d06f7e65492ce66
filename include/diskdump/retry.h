/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * When the core submits again a request its hook answered -EAGAIN for
 * (hook.h: BUSY, TASK SET FULL, NOT READY becoming ready, UNIT
 * ATTENTION, an NVMe status with a retry delay), or -ECOMM (aborted in
 * transit: a few times only).  Devices need from
 * nothing (a unit attention after our own reset) to seconds (a disk
 * spinning up, a namespace not ready after a controller reset), so
 * retries back off as sd, the SCSI error handler and NVMe's CRD do: the
 * first at once, then after 10 ms, doubling to 1 s, within a time budget
 * per request.  Nothing of this runs unless a request is retried.  Plain
 * C, shared by the core and tests/unit/test_retry.c.
 */
#ifndef DISKDUMP_RETRY_H
#define DISKDUMP_RETRY_H

#include <linux/types.h>

/* How long one request may keep being retried, from its first -EAGAIN. */
#define DD_RETRY_BUDGET_MS	30000u
/* And how often at most, whatever the time (a hook that always says -EAGAIN). */
#define DD_RETRY_MAX_TRIES	64u
/*
 * A command the device aborted in transit (hook.h: -ECOMM; SCSI's ABORTED
 * COMMAND): worth a few tries, as sd gives it five, not 30 s: a link that
 * blips recovers within the back-off's first second, a medium that fails
 * the write does not recover at all (QEMU reports a failed write so).
 */
#define DD_RETRY_FEW_TRIES	8u
#define DD_RETRY_FIRST_MS	10u
#define DD_RETRY_MAX_MS		1000u

/*
 * The wait before retry number retry (1 the first): 0 for the first,
 * then 10, 20, 40 ... ms, at most 1 s.
 */
static inline __u32 dd_retry_delay_ms(__u32 retry)
{
	__u32 ms = DD_RETRY_FIRST_MS;

	if (retry <= 1)
		return 0;
	while (retry-- > 2 && ms < DD_RETRY_MAX_MS)
		ms *= 2;
	return ms < DD_RETRY_MAX_MS ? ms : DD_RETRY_MAX_MS;
}

/*
 * May a request retried retries times already be retried once more?  few:
 * the device aborted it (DD_RETRY_FEW_TRIES).
 */
static inline int dd_retry_allowed(__u32 retries, int budget_spent, int few)
{
	return retries < (few ? DD_RETRY_FEW_TRIES : DD_RETRY_MAX_TRIES) && !budget_spent;
}

#endif /* DISKDUMP_RETRY_H */
