/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What a collector says back, read as untrusted text: sftp's output in
 * batch mode (the echoed commands, ls listings) and an S3 store's XML
 * replies.  Every value is bounded; a reply that does not parse yields
 * nothing, never an error of its own (the caller then finds what it
 * needed missing).  Unit-tested and fuzzed apart from the transports.
 */
#ifndef SHIP_REPLY_H
#define SHIP_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "job.h"

/* sftp: the size column of "ls -ln PATH" echoed as CMD; -1 when none. */
long long sftp_listed_size(const char *out, const char *cmd);

/*
 * sftp: count the entries "ls -1 DIR" (echoed as CMD) listed: whole ones
 * (*.json) other than marker into sv->same_sig, marker itself into
 * sv->own_marked.
 */
void sftp_count_entries(const char *out, const char *cmd, const char *marker,
			struct ship_survey *sv);

/* XML: the text of the first <tag>...</tag> from *from on; moves *from past it. */
bool xml_value(const char **from, const char *tag, char *buf, size_t len);

/* S3 ListObjectsV2: the same count, of the keys under prefix. */
void s3_count_keys(const char *body, const char *prefix, const char *marker,
		   struct ship_survey *sv);

/* The signature in a triage.json's text, or "" (a dump saved before signatures). */
void ship_signature(const char *json, char sig[SHIP_SIG_HEX + 1]);

#define S3_MAX_PARTS	10000

struct s3_part {
	char		etag[128];
	long long	size;
};

/*
 * S3 ListParts: the parts listed into parts[number - 1] (1 to
 * S3_MAX_PARTS), *nr raised to the highest number seen, *next to the
 * number to list from next; whether the listing goes on.
 */
bool s3_parse_parts(const char *body, struct s3_part *parts, unsigned int *nr,
		    unsigned int *next);

#endif
