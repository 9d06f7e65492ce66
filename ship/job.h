/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One saved dump being shipped, and the transports' common interface.
 * A transport step either succeeds whole or fails with its cause in
 * job->err (one line for the journal); nothing it does is trusted until
 * the collector has confirmed it (sizes read back, a completed upload).
 */
#ifndef SHIP_JOB_H
#define SHIP_JOB_H

#include <limits.h>
#include <stdbool.h>

#include "ddconfig_ship.h"
#include "target.h"

#define SHIP_SIG_HEX	32

struct ship_job {
	const struct ship_target	*t;
	const struct dd_ship_config	*cfg;
	char		host[256];	/* this machine's directory at the collector */
	char		dump[256];	/* the dump's name there */
	char		local[PATH_MAX];	/* DUMPDIR/DUMP */
	const char	*name;		/* the dump's directory name in DUMPDIR */
	int		dumpfd;
	char		sig[SHIP_SIG_HEX + 1];	/* "" when the dump has no triage.json */
	/* The dump itself: "vmcore", or "sealed.img" for a dump saved still sealed. */
	const char	*core;
	char		err[1024];
};

/* What the collector holds of this dump before anything is sent. */
struct ship_survey {
	/* Vmcores of the signature there, this dump's excluded. */
	unsigned int	same_sig;
	/* This dump's own entry is among them: its vmcore is there whole. */
	bool		own_marked;
	/* Bytes of this dump's vmcore received so far (a resumable upload). */
	long long	partial;
};

struct ship_state;

struct ship_transport {
	const char *name;
	/* Make this dump's place and learn what the collector holds. */
	int (*survey)(struct ship_job *j, struct ship_state *st, struct ship_survey *sv);
	/* Send the named small files of the dump directory (each whole). */
	int (*put_files)(struct ship_job *j, const char *const *names, unsigned int n);
	/*
	 * Send the vmcore, resuming from sv->partial where possible; 0 only
	 * when the collector holds it whole under its final name.  May keep
	 * what it needs to resume in st (and save it).
	 */
	int (*put_vmcore)(struct ship_job *j, struct ship_state *st,
			  const struct ship_survey *sv, long long size);
	/* Record under signatures/SIG that this dump's vmcore is there whole. */
	int (*mark)(struct ship_job *j);
};

extern const struct ship_transport ship_sftp;
extern const struct ship_transport ship_s3;

/* printf into j->err; returns -1. */
int ship_fail(struct ship_job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A notice about this dump, in the journal: "diskdump-ship: DUMP: ...". */
void ship_note(const struct ship_job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The marker's name under signatures/SIG: HOST.DUMP.json (the triage). */
void ship_marker_name(const struct ship_job *j, char *buf, size_t len);

#endif
