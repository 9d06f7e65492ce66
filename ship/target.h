/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Where dumps are shipped (SHIP_TO), and the names they get there:
 *   BASE/HOST/DUMP/{triage.txt,triage.json,info.txt,vmcore-dmesg.txt,crash.txt,vmcore}
 *   BASE/signatures/SIG/HOST.DUMP     (empty: this collector holds that vmcore whole)
 * one directory per machine, as netdump's server kept under /var/crash, and
 * one listing per signature, which is how a machine learns how many full
 * vmcores of a crash the collector already has (SHIP_SAMPLE).
 */
#ifndef SHIP_TARGET_H
#define SHIP_TARGET_H

#include <stddef.h>

enum ship_kind { SHIP_SFTP, SHIP_S3 };

struct ship_target {
	enum ship_kind	kind;
	char		url[1024];
	/* sftp */
	char		user[64];	/* "": ssh's default (root's name) */
	char		host[256];	/* a name, an IPv4 address or [IPv6] */
	unsigned int	port;		/* 0: 22 */
	/* sftp: the directory; s3: the bucket */
	char		base[512];
	char		prefix[512];	/* s3: key prefix, "" or ending in '/' */
};

/* Parse and check SHIP_TO: 0, or -1 with the reason in err. */
int ship_target_parse(const char *url, struct ship_target *t, char *err, size_t errlen);

/*
 * A name safe in a remote path or an object key: what is not
 * [A-Za-z0-9._-] becomes '-' (savecore's "HH:MM:SS" included).
 */
void ship_remote_name(char *buf, size_t len, const char *name);

#endif
