/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What has been shipped of one saved dump: DUMPDIR/DUMP/ship.state, written
 * after each step (a new file renamed over the old, then synced), so that a
 * reboot or a lost connection resumes where it stopped instead of sending
 * anything twice.  It names the collector it is about: a dump shipped to
 * one SHIP_TO is still waiting for another.
 */
#ifndef SHIP_STATE_H
#define SHIP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SHIP_STATE_FILE		"ship.state"

enum ship_vmcore {
	VMCORE_WAITING,		/* not at the collector (perhaps in part) */
	VMCORE_SENT,		/* at the collector whole */
	/* Not sent: the collector held SHIP_SAMPLE vmcores of its signature. */
	VMCORE_SAMPLED,
};

struct ship_state {
	char		target[1024];	/* SHIP_TO this is about */
	bool		triage_sent;	/* the small files are at the collector */
	enum ship_vmcore vmcore;
	/* VMCORE_SENT: its entry is under signatures/SIG (or it has no signature). */
	bool		marked;
	unsigned int	sampled_with;	/* VMCORE_SAMPLED: how many were there */
	char		upload_id[256];	/* s3: the multipart upload under way */
	long long	shipped;	/* when the last step ended (epoch s) */
};

/*
 * Read dumpdir/name's state about target; a missing file, or one about
 * another target, is a fresh state.  0, or -1 when the file is unreadable
 * or damaged (err says how; the dump is then left alone).
 */
int ship_state_load(int dumpfd, const char *target, struct ship_state *s,
		    char *err, size_t errlen);
/* The parser of ship.state's text (any target): 0, or -1 with err. */
int ship_state_read(FILE *f, struct ship_state *s, char *err, size_t errlen);
int ship_state_save(int dumpfd, const struct ship_state *s, char *err, size_t errlen);

/* Whether nothing is left to send, given whether the vmcore is wanted. */
bool ship_state_done(const struct ship_state *s, bool want_vmcore);

#endif
