// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A strict subset of shell assignment syntax, so that the file means the
 * same to this parser and to a shell that sources it: KEY=word, where a
 * word is made of unquoted, "double-quoted" and 'single-quoted' parts.
 * Anything a shell would expand ($VAR, `cmd`) is refused rather than
 * silently taken literally.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddconfig.h"
#include "ddmsg.h"

#define LINE_MAX_LEN	(DD_CONFIG_VALUE_MAX + 256)

struct parse_ctx {
	const char	*path;
	unsigned	line;
	char		*err;
	unsigned long	errlen;
};

static int parse_error(struct parse_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ctx->err || !ctx->errlen)
		return -1;
	n = snprintf(ctx->err, ctx->errlen, "%s:%u: ", ctx->path, ctx->line);
	if (n < 0 || (unsigned long)n >= ctx->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ctx->err + n, ctx->errlen - (unsigned long)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void config_defaults(struct dd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->dumpdir, sizeof(cfg->dumpdir), "%s", DD_DEFAULT_DUMPDIR);
	cfg->dump_level = -1;
	cfg->minfree_mib = DD_DEFAULT_MINFREE_MIB;
	cfg->maxdumps = DD_DEFAULT_MAXDUMPS;
	cfg->dump_timeout = -1;
	cfg->panic_on_oops = 1;
	cfg->cmd_timeout = DD_DEFAULT_CMD_TIMEOUT;
	cfg->crashinfo_timeout = DD_DEFAULT_CRASHINFO_TIMEOUT;
	dd_ship_config_defaults(&cfg->ship);
}

static bool is_key_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int append_char(struct parse_ctx *ctx, char *out, size_t *len, char c)
{
	if (*len + 1 >= DD_CONFIG_VALUE_MAX)
		return parse_error(ctx, "value longer than %d bytes",
				   DD_CONFIG_VALUE_MAX - 1);
	out[(*len)++] = c;
	out[*len] = '\0';
	return 0;
}

/*
 * Parse one shell word starting at *pos into out; stop at unquoted
 * whitespace or the end of the line.
 */
static int parse_word(struct parse_ctx *ctx, const char **pos, char *out)
{
	const char *p = *pos;
	size_t len = 0;

	out[0] = '\0';
	while (*p && *p != ' ' && *p != '\t') {
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (!end)
				return parse_error(ctx, "unterminated single quote");
			for (p++; p < end; p++)
				if (append_char(ctx, out, &len, *p))
					return -1;
			p++;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p)
					return parse_error(ctx, "unterminated double quote");
				if (*p == '$' || *p == '`')
					return parse_error(ctx, "'%c' expansion is not supported; write the value literally", *p);
				/* Inside double quotes a backslash escapes only these. */
				if (*p == '\\' && p[1] && strchr("\\\"$`", p[1]))
					p++;
				if (append_char(ctx, out, &len, *p))
					return -1;
			}
			p++;
		} else {
			if (*p == '$' || *p == '`')
				return parse_error(ctx, "'%c' expansion is not supported; write the value literally", *p);
			if (*p == ';' || *p == '&' || *p == '|' || *p == '<' ||
			    *p == '>' || *p == '(' || *p == ')')
				return parse_error(ctx, "unexpected '%c' (quote the value)", *p);
			if (*p == '\\') {
				if (!p[1])
					return parse_error(ctx, "line continuation is not supported");
				p++;
			}
			if (append_char(ctx, out, &len, *p))
				return -1;
			p++;
		}
	}
	*pos = p;
	return 0;
}

static int set_devices(struct parse_ctx *ctx, struct dd_config *cfg,
		       const char *value)
{
	const char *p = value;

	cfg->nr_devices = 0;	/* a later DEVICE= replaces, as in a shell */
	for (;;) {
		size_t n;

		p += strspn(p, " \t\n");
		if (!*p)
			return 0;
		n = strcspn(p, " \t\n");
		if (cfg->nr_devices == DD_CONFIG_MAX_DEVICES)
			return parse_error(ctx, "more than %d devices in DEVICE",
					   DD_CONFIG_MAX_DEVICES);
		memcpy(cfg->devices[cfg->nr_devices], p, n);
		cfg->devices[cfg->nr_devices][n] = '\0';
		cfg->nr_devices++;
		p += n;
	}
}

static int set_dump_level(struct parse_ctx *ctx, struct dd_config *cfg,
			  const char *value)
{
	char *end;
	long level;

	errno = 0;
	level = strtol(value, &end, 10);
	if (!*value || *end || errno || level < 0 || level > 31)
		return parse_error(ctx, "DUMP_LEVEL must be a number from 0 to 31, not \"%s\"",
				   value);
	cfg->dump_level = (int)level;
	return 0;
}

static int set_compress(struct parse_ctx *ctx, struct dd_config *cfg,
			const char *value)
{
	if (strcmp(value, "none") && strcmp(value, "lzo") && strcmp(value, "zstd"))
		return parse_error(ctx, "COMPRESS must be none, lzo or zstd, not \"%s\"",
				   value);
	/* value is one of the short names checked above. */
	strcpy(cfg->compress, value);
	return 0;
}

static int set_dumpdir(struct parse_ctx *ctx, struct dd_config *cfg,
		       const char *value)
{
	if (value[0] != '/')
		return parse_error(ctx, "DUMPDIR must be an absolute path, not \"%s\"",
				   value);
	snprintf(cfg->dumpdir, sizeof(cfg->dumpdir), "%s", value);
	return 0;
}

static int set_minfree(struct parse_ctx *ctx, struct dd_config *cfg,
		       const char *value)
{
	unsigned long long mib;
	char *end;

	errno = 0;
	mib = strtoull(value, &end, 10);
	if (!*value || *end || errno || value[0] == '-' || mib > (1ull << 40))
		return parse_error(ctx, "MINFREE must be a number of MiB, not \"%s\"", value);
	cfg->minfree_mib = mib;
	return 0;
}

static int set_maxdumps(struct parse_ctx *ctx, struct dd_config *cfg,
			const char *value)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (!*value || *end || errno || value[0] == '-' || n > 100000)
		return parse_error(ctx, "MAXDUMPS must be a number of dumps (0: keep all), not \"%s\"",
				   value);
	cfg->maxdumps = (unsigned int)n;
	return 0;
}

static int set_dump_timeout(struct parse_ctx *ctx, struct dd_config *cfg,
			    const char *value)
{
	char *end;
	long secs;

	errno = 0;
	secs = strtol(value, &end, 10);
	if (!*value || *end || errno || secs < 0 || secs > 86400)
		return parse_error(ctx, "DUMP_TIMEOUT must be 0 (scaled to the RAM) or seconds up to 86400, not \"%s\"",
				   value);
	cfg->dump_timeout = secs;
	return 0;
}

static int set_panic_on_oops(struct parse_ctx *ctx, struct dd_config *cfg,
			     const char *value)
{
	if (!strcmp(value, "yes"))
		cfg->panic_on_oops = 1;
	else if (!strcmp(value, "no"))
		cfg->panic_on_oops = 0;
	else
		return parse_error(ctx, "PANIC_ON_OOPS must be yes or no, not \"%s\"", value);
	return 0;
}

/* A shell command line, run by savecore with /bin/sh -c. */
static int set_command(struct parse_ctx *ctx, char *dst, size_t len, const char *key,
		       const char *value)
{
	if (strchr(value, '\n'))
		return parse_error(ctx, "%s must be one line", key);
	snprintf(dst, len, "%s", value);
	return 0;
}

static int set_cmd_timeout(struct parse_ctx *ctx, struct dd_config *cfg, const char *value)
{
	unsigned long secs;
	char *end;

	errno = 0;
	secs = strtoul(value, &end, 10);
	if (!*value || *end || errno || value[0] == '-' || secs < 1 || secs > 86400)
		return parse_error(ctx, "CMD_TIMEOUT must be seconds from 1 to 86400, not \"%s\"",
				   value);
	cfg->cmd_timeout = (unsigned int)secs;
	return 0;
}

static int set_crashinfo_timeout(struct parse_ctx *ctx, struct dd_config *cfg, const char *value)
{
	unsigned long secs;
	char *end;

	errno = 0;
	secs = strtoul(value, &end, 10);
	if (!*value || *end || errno || value[0] == '-' || secs > 86400)
		return parse_error(ctx, "CRASHINFO_TIMEOUT must be seconds up to 86400 (0: never run crash), not \"%s\"",
				   value);
	cfg->crashinfo_timeout = (unsigned int)secs;
	return 0;
}

static int apply_setting(struct parse_ctx *ctx, struct dd_config *cfg,
			 const char *key, const char *value)
{
	char err[DD_SHIP_VALUE_MAX + 128];
	int rc = dd_ship_config_set(&cfg->ship, key, value, err, sizeof(err));

	if (rc <= 0)
		return rc ? parse_error(ctx, "%s", err) : 0;
	if (!strcmp(key, "DEVICE"))
		return set_devices(ctx, cfg, value);
	if (!strcmp(key, "DUMPDIR"))
		return set_dumpdir(ctx, cfg, value);
	if (!strcmp(key, "DUMP_LEVEL"))
		return set_dump_level(ctx, cfg, value);
	if (!strcmp(key, "COMPRESS"))
		return set_compress(ctx, cfg, value);
	if (!strcmp(key, "MINFREE"))
		return set_minfree(ctx, cfg, value);
	if (!strcmp(key, "MAXDUMPS"))
		return set_maxdumps(ctx, cfg, value);
	if (!strcmp(key, "DUMP_TIMEOUT"))
		return set_dump_timeout(ctx, cfg, value);
	if (!strcmp(key, "PANIC_ON_OOPS"))
		return set_panic_on_oops(ctx, cfg, value);
	if (!strcmp(key, "POST_SAVE_CMD"))
		return set_command(ctx, cfg->post_save_cmd, sizeof(cfg->post_save_cmd), key, value);
	if (!strcmp(key, "FAIL_CMD"))
		return set_command(ctx, cfg->fail_cmd, sizeof(cfg->fail_cmd), key, value);
	if (!strcmp(key, "CMD_TIMEOUT"))
		return set_cmd_timeout(ctx, cfg, value);
	if (!strcmp(key, "CRASHINFO_TIMEOUT"))
		return set_crashinfo_timeout(ctx, cfg, value);
	if (!strcmp(key, "ERASE_AFTER_SAVE")) {
		if (strcmp(value, "yes") && strcmp(value, "no"))
			return parse_error(ctx, "ERASE_AFTER_SAVE must be yes or no, not \"%s\"", value);
		cfg->erase_after_save = !strcmp(value, "yes");
		return 0;
	}
	if (!strcmp(key, "SEAL_KEY") || !strcmp(key, "SEAL_SECRET_KEY")) {
		char *dst = key[5] == 'K' ? cfg->seal_key : cfg->seal_secret_key;

		if (*value && value[0] != '/')
			return parse_error(ctx, "%s must be an absolute path, not \"%s\"", key, value);
		snprintf(dst, DD_CONFIG_VALUE_MAX, "%s", value);
		return 0;
	}
	return parse_error(ctx, "unknown setting %s (known: DEVICE, DUMPDIR, DUMP_LEVEL, COMPRESS, MINFREE, MAXDUMPS, DUMP_TIMEOUT, PANIC_ON_OOPS, POST_SAVE_CMD, FAIL_CMD, CMD_TIMEOUT, CRASHINFO_TIMEOUT, SEAL_KEY, SEAL_SECRET_KEY, ERASE_AFTER_SAVE, and SHIP_* for diskdump-ship)",
			   key);
}

static int parse_line(struct parse_ctx *ctx, struct dd_config *cfg, char *line)
{
	char value[DD_CONFIG_VALUE_MAX];
	char key[64];
	const char *p = line;
	size_t keylen;

	p += strspn(p, " \t");
	if (!*p || *p == '#')
		return 0;
	if (!strncmp(p, "export", 6) && (p[6] == ' ' || p[6] == '\t'))
		p += 6 + strspn(p + 6, " \t");
	if (!is_key_start(*p))
		return parse_error(ctx, "expected KEY=value");
	for (keylen = 0; is_key_char(p[keylen]); keylen++)
		;
	if (p[keylen] != '=')
		return parse_error(ctx, "expected KEY=value (no spaces around '=')");
	if (keylen >= sizeof(key))
		return parse_error(ctx, "setting name too long");
	memcpy(key, p, keylen);
	key[keylen] = '\0';
	p += keylen + 1;
	if (parse_word(ctx, &p, value))
		return -1;
	p += strspn(p, " \t");
	if (*p && *p != '#')
		return parse_error(ctx, "unexpected text after the value of %s (quote values that contain spaces)",
				   key);
	return apply_setting(ctx, cfg, key, value);
}

/* Skip what is left of a line fgets() could not take whole. */
static void skip_rest_of_line(FILE *f)
{
	int c;

	while ((c = getc(f)) != EOF && c != '\n')
		;
}

static int load(const char *path, struct dd_config *cfg, bool lenient,
		char *err, unsigned long errlen)
{
	struct parse_ctx ctx = { .path = path, .err = err, .errlen = errlen };
	char line[LINE_MAX_LEN];
	int rc = 0, ignored = 0;
	FILE *f;

	config_defaults(cfg);
	if (err && errlen)
		err[0] = '\0';
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		bool bad = false;

		ctx.line++;
		if (len && line[len - 1] == '\n') {
			line[--len] = '\0';
		} else if (!feof(f)) {
			parse_error(&ctx, "line too long");
			skip_rest_of_line(f);
			bad = true;
		}
		if (!bad && len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!bad && strlen(line) != len) {
			parse_error(&ctx, "NUL byte in the file");
			bad = true;
		}
		if (!bad && parse_line(&ctx, cfg, line))
			bad = true;
		if (!bad)
			continue;
		if (!lenient) {
			rc = -1;
			break;
		}
		dd_warn("%s; line ignored", err);
		ignored++;
	}
	if (!rc && ferror(f)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	return rc < 0 ? rc : ignored;
}

int dd_config_load(const char *path, struct dd_config *cfg,
		   char *err, unsigned long errlen)
{
	return load(path, cfg, false, err, errlen) < 0 ? -1 : 0;
}

int dd_config_load_lenient(const char *path, struct dd_config *cfg)
{
	char err[DD_CONFIG_VALUE_MAX + 256];
	int ignored = load(path, cfg, true, err, sizeof(err));

	if (ignored < 0) {
		dd_warn("%s; using the defaults", err);
		config_defaults(cfg);
		return 0;
	}
	return ignored;
}
