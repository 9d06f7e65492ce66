// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The triage as savecore leaves it beside the vmcore: triage.txt for
 * people (as FreeBSD's crashinfo writes core.txt), triage.json for the
 * tools that sort a fleet's crashes by signature.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "triage.h"

static const char *or_none(const char *s)
{
	return s && s[0] ? s : "(none)";
}

/* "    PREFIXfunc [module]" */
static void text_frame(FILE *f, const char *prefix, const struct triage_frame *fr)
{
	fprintf(f, "    %s%s%s%s%s\n", prefix, fr->func, fr->module[0] ? " [" : "",
		fr->module, fr->module[0] ? "]" : "");
}

static void text_trace(FILE *f, const struct triage_trace *tr)
{
	fprintf(f, "  %s\n", tr->context[0] ? tr->context : "(task not named)");
	if (tr->has_rip)
		text_frame(f, "RIP ", &tr->rip);
	for (unsigned int i = 0; i < tr->nr_frames; i++)
		text_frame(f, tr->frames[i].reliable ? "" : "? ", &tr->frames[i]);
}

void triage_write_text(FILE *f, const struct triage *t, const struct triage_meta *m)
{
	char when[64] = "(unknown)";
	time_t ct = (time_t)m->crash_time;
	struct tm tm;

	if (m->crash_time > 0 && gmtime_r(&ct, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	fprintf(f, "Crash triage (from the kernel log saved with the dump; no debug symbols needed)\n\n");
	fprintf(f, "%-14s%s\n", "Host:", or_none(m->host));
	fprintf(f, "%-14s%s\n", "Kernel:", or_none(m->release));
	fprintf(f, "%-14s%s\n", "Build id:", or_none(m->build_id));
	fprintf(f, "%-14s%s\n", "Crashed at:", when);
	if (t->uptime >= 0)
		fprintf(f, "%-14s%.1f s\n", "Uptime:", t->uptime);
	else
		fprintf(f, "%-14s(unknown)\n", "Uptime:");
	fprintf(f, "%-14s%s, vmcore %llu bytes\n", "Dump:", or_none(m->status),
		m->vmcore_bytes);
	fprintf(f, "%-14s%s\n", "Panic:", t->has_panic ? t->panic : "(no panic in the saved log)");
	fprintf(f, "%-14s%s\n", "Cause:", or_none(t->cause));
	fprintf(f, "%-14s%s\n", "Tainted:", t->taint[0] ? t->taint : "no");
	fprintf(f, "%-14s%s\n", "Signature:", t->signature);
	fprintf(f, "\nThe panicking task's stack, as the kernel printed it:\n");
	if (t->panic_trace >= 0)
		text_trace(f, &t->traces[t->panic_trace]);
	else
		fprintf(f, "  (none in the saved log)\n");
	if (t->cause_trace >= 0 && t->cause_trace != t->panic_trace) {
		fprintf(f, "\nWhere the report stopped the CPU:\n");
		text_trace(f, &t->traces[t->cause_trace]);
	}
	fprintf(f, "\nEvery trace in the log (%u):\n", t->nr_traces);
	for (unsigned int i = 0; i < t->nr_traces; i++)
		text_trace(f, &t->traces[i]);
	fprintf(f, "\nModules linked in: %s\n", t->modules[0] ? t->modules : "(not in the log)");
	fprintf(f, "\nThe signature hashes (normalised cause, panic, top frames):\n%s", t->sig_text);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_frame(FILE *f, const struct triage_frame *fr)
{
	fputs("{\"function\": ", f);
	json_str(f, fr->func);
	fputs(", \"module\": ", f);
	json_str(f, fr->module);
	fprintf(f, ", \"reliable\": %s}", fr->reliable ? "true" : "false");
}

static void json_trace(FILE *f, const struct triage_trace *tr)
{
	fputs("{\"context\": ", f);
	json_str(f, tr->context);
	fprintf(f, ", \"cpu\": %d, \"rip\": ", tr->cpu);
	if (tr->has_rip)
		json_frame(f, &tr->rip);
	else
		fputs("null", f);
	fputs(", \"frames\": [", f);
	for (unsigned int i = 0; i < tr->nr_frames; i++) {
		fputs(i ? ", " : "", f);
		json_frame(f, &tr->frames[i]);
	}
	fputs("]}", f);
}

/* A member of the top object after the first: its key, ready for the value. */
static void json_key(FILE *f, const char *key)
{
	fprintf(f, ",\n  \"%s\": ", key);
}

static void json_member(FILE *f, const char *key, const char *value)
{
	json_key(f, key);
	json_str(f, value);
}

void triage_write_json(FILE *f, const struct triage *t, const struct triage_meta *m)
{
	fputs("{\n  \"format\": \"diskdump-triage-1\"", f);
	json_member(f, "host", m->host);
	json_member(f, "kernel_release", m->release);
	json_member(f, "build_id", m->build_id);
	json_key(f, "crash_time");
	fprintf(f, "%lld", m->crash_time);
	json_key(f, "uptime_s");
	if (t->uptime >= 0)
		fprintf(f, "%.6f", t->uptime);
	else
		fputs("null", f);
	json_member(f, "dump_dir", m->dump_dir);
	json_member(f, "dump_status", m->status);
	json_key(f, "vmcore_bytes");
	fprintf(f, "%llu", m->vmcore_bytes);
	json_key(f, "panic");
	if (t->has_panic)
		json_str(f, t->panic);
	else
		fputs("null", f);
	json_member(f, "cause", t->cause);
	json_member(f, "taint", t->taint);
	json_member(f, "modules", t->modules);
	json_member(f, "signature", t->signature);
	json_member(f, "signature_text", t->sig_text);
	json_key(f, "panic_trace");
	if (t->panic_trace >= 0)
		json_trace(f, &t->traces[t->panic_trace]);
	else
		fputs("null", f);
	json_key(f, "traces");
	fputs("[", f);
	for (unsigned int i = 0; i < t->nr_traces; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		json_trace(f, &t->traces[i]);
	}
	fputs("\n  ]\n}\n", f);
}
