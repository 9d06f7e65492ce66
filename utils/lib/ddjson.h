/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small streaming JSON writer for the tools' machine-readable output
 * (diskdumpctl show --json).  Strings are escaped so that any bytes, even
 * a hostile panic string read from a disk, give valid JSON: control
 * characters and bytes above 0x7f become \u00XX.
 */
#ifndef DDJSON_H
#define DDJSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define DD_JSON_MAX_DEPTH	16

struct dd_json {
	FILE	*f;
	int	depth;
	bool	need_comma[DD_JSON_MAX_DEPTH];
};

void dd_json_init(struct dd_json *j, FILE *f);
/* key is NULL at the top level and inside arrays. */
void dd_json_object_begin(struct dd_json *j, const char *key);
void dd_json_object_end(struct dd_json *j);
void dd_json_array_begin(struct dd_json *j, const char *key);
void dd_json_array_end(struct dd_json *j);
/* A NULL value is written as null. */
void dd_json_string(struct dd_json *j, const char *key, const char *value);
void dd_json_uint(struct dd_json *j, const char *key, uint64_t value);
void dd_json_int(struct dd_json *j, const char *key, int64_t value);
void dd_json_bool(struct dd_json *j, const char *key, bool value);
void dd_json_null(struct dd_json *j, const char *key);

#endif /* DDJSON_H */
