/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The settings of diskdump-ship, which sends saved dumps to a collector
 * (see diskdump(5)); parsed with the rest of the configuration file.
 *   SHIP_TO="sftp://user@host[:port]/dir" or "s3://bucket[/prefix]"; "" off
 *   SHIP_WHAT=all|triage            the triage always, the vmcore with all
 *   SHIP_SAMPLE=N                   full vmcores per signature at the collector (0: no limit)
 *   SHIP_RATE=KiB/s                 upload rate limit (0: none)
 *   SHIP_RETRIES=N                  attempts of diskdump-ship --retry
 *   SHIP_BACKOFF=s SHIP_BACKOFF_MAX=s   first delay between attempts, doubled up to the maximum
 *   SHIP_SSH_KEY, SHIP_KNOWN_HOSTS  sftp: key and the collector's host key
 *   SHIP_S3_ENDPOINT, SHIP_S3_REGION, SHIP_S3_CREDENTIALS   s3
 */
#ifndef DDCONFIG_SHIP_H
#define DDCONFIG_SHIP_H

#include <stddef.h>

#define DD_SHIP_VALUE_MAX	1024

/* A fleet wants the first dumps quickly, and a collector down for hours waited out. */
#define DD_DEFAULT_SHIP_RETRIES		10
#define DD_DEFAULT_SHIP_BACKOFF		30
#define DD_DEFAULT_SHIP_BACKOFF_MAX	3600
#define DD_DEFAULT_SHIP_SSH_KEY		"/etc/diskdump/ship_key"
#define DD_DEFAULT_SHIP_KNOWN_HOSTS	"/etc/diskdump/known_hosts"
#define DD_DEFAULT_SHIP_S3_REGION	"us-east-1"
#define DD_DEFAULT_SHIP_S3_CREDENTIALS	"/etc/diskdump/s3-credentials"

struct dd_ship_config {
	char		to[DD_SHIP_VALUE_MAX];		/* "": shipping is off */
	int		triage_only;			/* SHIP_WHAT=triage */
	unsigned int	sample;				/* 0: every vmcore */
	unsigned int	rate_kib;			/* 0: unlimited */
	unsigned int	retries;
	unsigned int	backoff, backoff_max;		/* seconds */
	char		ssh_key[DD_SHIP_VALUE_MAX];
	char		known_hosts[DD_SHIP_VALUE_MAX];
	char		s3_endpoint[DD_SHIP_VALUE_MAX];	/* "": AWS's for the region */
	char		s3_region[64];
	char		s3_credentials[DD_SHIP_VALUE_MAX];
};

void dd_ship_config_defaults(struct dd_ship_config *s);

/*
 * Apply KEY=value when KEY is a SHIP_ setting: 0 done, -1 a bad value
 * (what is wrong in err), 1 not a SHIP_ setting.
 */
int dd_ship_config_set(struct dd_ship_config *s, const char *key, const char *value,
		       char *err, size_t errlen);

#define DD_SHIP_KEYS "SHIP_TO, SHIP_WHAT, SHIP_SAMPLE, SHIP_RATE, SHIP_RETRIES, SHIP_BACKOFF, " \
	"SHIP_BACKOFF_MAX, SHIP_SSH_KEY, SHIP_KNOWN_HOSTS, SHIP_S3_ENDPOINT, SHIP_S3_REGION, " \
	"SHIP_S3_CREDENTIALS"

#endif /* DDCONFIG_SHIP_H */
