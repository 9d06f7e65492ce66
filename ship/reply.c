// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

/* The lines sftp printed for the command echoed as "sftp> cmd". */
static const char *section(const char *out, const char *cmd, size_t *len)
{
	char echo[1200];
	const char *p, *end;

	snprintf(echo, sizeof(echo), "sftp> %s\n", cmd);
	p = strstr(out, echo);
	if (!p)
		return NULL;
	p += strlen(echo);
	end = strstr(p, "sftp> ");
	*len = end ? (size_t)(end - p) : strlen(p);
	return p;
}

long long sftp_listed_size(const char *out, const char *cmd)
{
	size_t len;
	const char *p = section(out, cmd, &len);
	char line[512];
	long long size;

	if (!p)
		return -1;
	/* Its first line only: a listing is no longer than that line. */
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
	if (sscanf(line, "%*s %*s %*s %*s %lld", &size) != 1 || size < 0)
		return -1;
	return size;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && !memcmp(s + n - k, suffix, k);
}

void sftp_count_entries(const char *out, const char *cmd, const char *marker,
			struct ship_survey *sv)
{
	size_t len, mlen = strlen(marker);
	const char *p = section(out, cmd, &len), *end;

	for (end = p ? p + len : NULL; p && p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *stop = eol ? eol : end, *name = p;
		size_t n;

		/* "DIR/name", perhaps padded: the part after the last '/'. */
		for (const char *c = p; c < stop; c++)
			if (*c == '/')
				name = c + 1;
		while (name < stop && *name == ' ')
			name++;
		n = (size_t)(stop - name);
		while (n && (name[n - 1] == ' ' || name[n - 1] == '\r'))
			n--;
		/* Whole once named .json; a .part is one being written. */
		if (n == mlen && !memcmp(name, marker, n))
			sv->own_marked = true;
		else if (ends_with(name, n, ".json"))
			sv->same_sig++;
		p = eol ? eol + 1 : end;
	}
}

bool xml_value(const char **from, const char *tag, char *buf, size_t len)
{
	char open[64], close[64];
	const char *s, *e;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	s = *from ? strstr(*from, open) : NULL;
	if (!s)
		return false;
	s += strlen(open);
	e = strstr(s, close);
	if (!e)
		return false;
	snprintf(buf, len, "%.*s", (int)(e - s), s);
	*from = e + strlen(close);
	return true;
}

void s3_count_keys(const char *body, const char *prefix, const char *marker,
		   struct ship_survey *sv)
{
	size_t pl = strlen(prefix);
	const char *p = body;
	char key[1200];

	while (xml_value(&p, "Key", key, sizeof(key))) {
		size_t n = strlen(key);

		if (n <= pl || strncmp(key, prefix, pl))
			continue;
		if (!strcmp(key + pl, marker))
			sv->own_marked = true;
		else if (ends_with(key, n, ".json"))
			sv->same_sig++;
	}
}

bool s3_parse_parts(const char *body, struct s3_part *parts, unsigned int *nr,
		    unsigned int *next)
{
	const char *p = body;
	char v[128], trunc[16] = "";

	while (xml_value(&p, "PartNumber", v, sizeof(v))) {
		unsigned long n = strtoul(v, NULL, 10);
		char etag[128] = "", size[32] = "";
		const char *q = p;

		/* A part's fields, up to the next part. */
		xml_value(&q, "ETag", etag, sizeof(etag));
		xml_value(&p, "Size", size, sizeof(size));
		if (n < 1 || n > S3_MAX_PARTS)
			continue;
		/* It goes back into our XML: a tag in it would be the store's, not data. */
		if (strchr(etag, '<'))
			etag[0] = '\0';
		snprintf(parts[n - 1].etag, sizeof(parts[n - 1].etag), "%s", etag);
		parts[n - 1].size = strtoll(size, NULL, 10);
		if (n > *nr)
			*nr = (unsigned int)n;
		if (n > *next)
			*next = (unsigned int)n;
	}
	p = body;
	return xml_value(&p, "IsTruncated", trunc, sizeof(trunc)) && !strcmp(trunc, "true");
}

void ship_signature(const char *json, char sig[SHIP_SIG_HEX + 1])
{
	const char *p = strstr(json, "\"signature\":");
	size_t n;

	sig[0] = '\0';
	if (!p)
		return;
	p += strlen("\"signature\":");
	p += strspn(p, " \t");
	if (*p++ != '"')
		return;
	for (n = 0; n < SHIP_SIG_HEX && isxdigit((unsigned char)p[n]); n++)
		;
	if (n != SHIP_SIG_HEX || p[n] != '"')
		return;
	memcpy(sig, p, SHIP_SIG_HEX);
	sig[SHIP_SIG_HEX] = '\0';
	for (n = 0; n < SHIP_SIG_HEX; n++)
		sig[n] = (char)tolower((unsigned char)sig[n]);
}
