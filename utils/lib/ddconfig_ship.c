// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddconfig_ship.h"

void dd_ship_config_defaults(struct dd_ship_config *s)
{
	memset(s, 0, sizeof(*s));
	s->retries = DD_DEFAULT_SHIP_RETRIES;
	s->backoff = DD_DEFAULT_SHIP_BACKOFF;
	s->backoff_max = DD_DEFAULT_SHIP_BACKOFF_MAX;
	snprintf(s->ssh_key, sizeof(s->ssh_key), "%s", DD_DEFAULT_SHIP_SSH_KEY);
	snprintf(s->known_hosts, sizeof(s->known_hosts), "%s", DD_DEFAULT_SHIP_KNOWN_HOSTS);
	snprintf(s->s3_region, sizeof(s->s3_region), "%s", DD_DEFAULT_SHIP_S3_REGION);
	snprintf(s->s3_credentials, sizeof(s->s3_credentials), "%s",
		 DD_DEFAULT_SHIP_S3_CREDENTIALS);
}

static int number(const char *key, const char *value, unsigned long min, unsigned long max,
		  unsigned int *out, char *err, size_t errlen)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (!*value || *end || errno || value[0] == '-' || n < min || n > max) {
		snprintf(err, errlen, "%s must be a number from %lu to %lu, not \"%s\"",
			 key, min, max, value);
		return -1;
	}
	*out = (unsigned int)n;
	return 0;
}

static int path(const char *key, const char *value, char *out, size_t len,
		char *err, size_t errlen)
{
	if (value[0] != '/' || strlen(value) >= len) {
		snprintf(err, errlen, "%s must be an absolute path, not \"%s\"", key, value);
		return -1;
	}
	snprintf(out, len, "%s", value);
	return 0;
}

/* The URL is checked in full by diskdump-ship, which knows the transports. */
static int set_to(struct dd_ship_config *s, const char *value, char *err, size_t errlen)
{
	if (*value && strncmp(value, "sftp://", 7) && strncmp(value, "s3://", 5)) {
		snprintf(err, errlen,
			 "SHIP_TO must be sftp://[user@]host[:port]/dir or s3://bucket[/prefix], not \"%s\"",
			 value);
		return -1;
	}
	if (strlen(value) >= sizeof(s->to) || strpbrk(value, " \t\n")) {
		snprintf(err, errlen, "SHIP_TO must be one URL without spaces");
		return -1;
	}
	snprintf(s->to, sizeof(s->to), "%s", value);
	return 0;
}

int dd_ship_config_set(struct dd_ship_config *s, const char *key, const char *value,
		       char *err, size_t errlen)
{
	if (strncmp(key, "SHIP_", 5))
		return 1;
	if (!strcmp(key, "SHIP_TO"))
		return set_to(s, value, err, errlen);
	if (!strcmp(key, "SHIP_WHAT")) {
		if (strcmp(value, "all") && strcmp(value, "triage")) {
			snprintf(err, errlen, "SHIP_WHAT must be all or triage, not \"%s\"", value);
			return -1;
		}
		s->triage_only = !strcmp(value, "triage");
		return 0;
	}
	if (!strcmp(key, "SHIP_SAMPLE"))
		return number(key, value, 0, 1000000, &s->sample, err, errlen);
	if (!strcmp(key, "SHIP_RATE"))
		return number(key, value, 0, 100u << 20, &s->rate_kib, err, errlen);
	if (!strcmp(key, "SHIP_RETRIES"))
		return number(key, value, 1, 10000, &s->retries, err, errlen);
	if (!strcmp(key, "SHIP_BACKOFF"))
		return number(key, value, 1, 86400, &s->backoff, err, errlen);
	if (!strcmp(key, "SHIP_BACKOFF_MAX"))
		return number(key, value, 1, 7 * 86400, &s->backoff_max, err, errlen);
	if (!strcmp(key, "SHIP_SSH_KEY"))
		return path(key, value, s->ssh_key, sizeof(s->ssh_key), err, errlen);
	if (!strcmp(key, "SHIP_KNOWN_HOSTS"))
		return path(key, value, s->known_hosts, sizeof(s->known_hosts), err, errlen);
	if (!strcmp(key, "SHIP_S3_CREDENTIALS"))
		return path(key, value, s->s3_credentials, sizeof(s->s3_credentials), err, errlen);
	if (!strcmp(key, "SHIP_S3_ENDPOINT")) {
		if (*value && strncmp(value, "https://", 8) && strncmp(value, "http://", 7)) {
			snprintf(err, errlen, "SHIP_S3_ENDPOINT must be an http:// or https:// URL, not \"%s\"",
				 value);
			return -1;
		}
		snprintf(s->s3_endpoint, sizeof(s->s3_endpoint), "%s", value);
		return 0;
	}
	if (!strcmp(key, "SHIP_S3_REGION")) {
		if (!*value || strlen(value) >= sizeof(s->s3_region) ||
		    strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(value)) {
			snprintf(err, errlen, "SHIP_S3_REGION must be a region name such as us-east-1, not \"%s\"",
				 value);
			return -1;
		}
		snprintf(s->s3_region, sizeof(s->s3_region), "%s", value);
		return 0;
	}
	snprintf(err, errlen, "unknown setting %s (shipping settings: %s)", key, DD_SHIP_KEYS);
	return -1;
}
