// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <inttypes.h>

#include "ddjson.h"

void dd_json_init(struct dd_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* The separator and the key of the next value. */
static void start_value(struct dd_json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
	if (j->depth)
		fprintf(j->f, "\n%*s", 2 * j->depth, "");
	if (key) {
		put_string(j->f, key);
		fputs(": ", j->f);
	}
}

static void open_level(struct dd_json *j, const char *key, char c)
{
	start_value(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < DD_JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_level(struct dd_json *j, char c)
{
	bool had_values = j->need_comma[j->depth];

	if (j->depth)
		j->depth--;
	if (had_values)
		fprintf(j->f, "\n%*s", 2 * j->depth, "");
	fputc(c, j->f);
	if (!j->depth)
		fputc('\n', j->f);
}

void dd_json_object_begin(struct dd_json *j, const char *key)
{
	open_level(j, key, '{');
}

void dd_json_object_end(struct dd_json *j)
{
	close_level(j, '}');
}

void dd_json_array_begin(struct dd_json *j, const char *key)
{
	open_level(j, key, '[');
}

void dd_json_array_end(struct dd_json *j)
{
	close_level(j, ']');
}

void dd_json_string(struct dd_json *j, const char *key, const char *value)
{
	start_value(j, key);
	if (value)
		put_string(j->f, value);
	else
		fputs("null", j->f);
}

void dd_json_uint(struct dd_json *j, const char *key, uint64_t value)
{
	start_value(j, key);
	fprintf(j->f, "%" PRIu64, value);
}

void dd_json_int(struct dd_json *j, const char *key, int64_t value)
{
	start_value(j, key);
	fprintf(j->f, "%" PRId64, value);
}

void dd_json_bool(struct dd_json *j, const char *key, bool value)
{
	start_value(j, key);
	fputs(value ? "true" : "false", j->f);
}

void dd_json_null(struct dd_json *j, const char *key)
{
	start_value(j, key);
	fputs("null", j->f);
}
