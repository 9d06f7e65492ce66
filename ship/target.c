// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/*
 * Paths go into sftp batch commands and URLs unquoted: only characters
 * that mean nothing to either are accepted.
 */
static bool only(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(set, s[i]))
			return false;
	return true;
}

static int fail(char *err, size_t errlen, const char *url, const char *why)
{
	snprintf(err, errlen, "SHIP_TO=\"%s\": %s", url, why);
	return -1;
}

static int parse_sftp(const char *url, const char *p, struct ship_target *t,
		      char *err, size_t errlen)
{
	const char *at, *slash = strchr(p, '/'), *host, *colon;
	size_t n;

	if (!slash)
		return fail(err, errlen, url, "no directory after the host (sftp://host/dir)");
	at = memchr(p, '@', (size_t)(slash - p));
	host = p;
	if (at) {
		n = (size_t)(at - p);
		if (!n || n >= sizeof(t->user) || !only(p, n, ALNUM "._-"))
			return fail(err, errlen, url, "the user name must be [A-Za-z0-9._-]");
		memcpy(t->user, p, n);
		host = at + 1;
	}
	if (*host == '[') {
		const char *end = memchr(host, ']', (size_t)(slash - host));

		if (!end || end == host + 1 || !only(host + 1, (size_t)(end - host - 1),
						     "0123456789abcdefABCDEF:"))
			return fail(err, errlen, url, "a bad IPv6 address");
		n = (size_t)(end - host - 1);
		memcpy(t->host, host + 1, n);
		colon = end + 1 < slash ? end + 1 : NULL;
		if (colon && *colon != ':')
			return fail(err, errlen, url, "unexpected text after the IPv6 address");
	} else {
		colon = memchr(host, ':', (size_t)(slash - host));
		n = (size_t)((colon ? colon : slash) - host);
		if (!n || n >= sizeof(t->host) || host[0] == '-' ||
		    !only(host, n, ALNUM ".-"))
			return fail(err, errlen, url, "the host must be a name or an address");
		memcpy(t->host, host, n);
	}
	if (colon) {
		char *end;
		unsigned long port = strtoul(colon + 1, &end, 10);

		if (end != slash || colon + 1 == slash || port < 1 || port > 65535)
			return fail(err, errlen, url, "the port must be a number from 1 to 65535");
		t->port = (unsigned int)port;
	}
	n = strlen(slash);
	if (n >= sizeof(t->base) || !only(slash, n, ALNUM "._/-~") || strstr(slash, "/../") ||
	    (n >= 3 && !strcmp(slash + n - 3, "/..")))
		return fail(err, errlen, url, "the directory must be a path of [A-Za-z0-9._/~-]");
	memcpy(t->base, slash, n);
	while (n > 1 && t->base[n - 1] == '/')
		t->base[--n] = '\0';
	t->kind = SHIP_SFTP;
	return 0;
}

static int parse_s3(const char *url, const char *p, struct ship_target *t,
		    char *err, size_t errlen)
{
	const char *slash = strchr(p, '/');
	size_t n = slash ? (size_t)(slash - p) : strlen(p);

	/* S3's rules for a bucket name, without dots: no virtual-host ambiguity. */
	if (n < 3 || n > 63 || !only(p, n, "abcdefghijklmnopqrstuvwxyz0123456789-") ||
	    p[0] == '-' || p[n - 1] == '-')
		return fail(err, errlen, url,
			    "the bucket must be 3 to 63 of [a-z0-9-], not starting or ending with '-'");
	memcpy(t->base, p, n);
	if (slash) {
		const char *prefix = slash + 1;
		size_t len = strlen(prefix);

		while (len && prefix[len - 1] == '/')
			len--;
		if (len + 2 > sizeof(t->prefix) || !only(prefix, len, ALNUM "._/-") ||
		    strstr(prefix, "//") || prefix[0] == '/')
			return fail(err, errlen, url, "the prefix must be a path of [A-Za-z0-9._/-]");
		if (len) {
			memcpy(t->prefix, prefix, len);
			t->prefix[len] = '/';
		}
	}
	t->kind = SHIP_S3;
	return 0;
}

int ship_target_parse(const char *url, struct ship_target *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (strlen(url) >= sizeof(t->url))
		return fail(err, errlen, "...", "too long");
	snprintf(t->url, sizeof(t->url), "%s", url);
	if (!strncmp(url, "sftp://", 7))
		return parse_sftp(url, url + 7, t, err, errlen);
	if (!strncmp(url, "s3://", 5))
		return parse_s3(url, url + 5, t, err, errlen);
	return fail(err, errlen, url, "must be sftp://[user@]host[:port]/dir or s3://bucket[/prefix]");
}

void ship_remote_name(char *buf, size_t len, const char *name)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = strchr(ALNUM "._-", name[i]) ? name[i] : '-';
	buf[i] = '\0';
	/* Never "." or "..": a path component that names another directory. */
	if (buf[0] == '.')
		buf[0] = '_';
}
