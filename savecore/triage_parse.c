// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reading a kernel log as the kernel writes an oops and a panic: the
 * "Kernel panic - not syncing:" line, the report before it (its headline,
 * the die counter "[#N]", the "RIP:" line, "Modules linked in:") and every
 * "Call Trace:" block with the "CPU: ... PID: ..." line that names its
 * task.  Only the shapes x86-64 kernels from 6.1 to 7.x print are known;
 * anything else is skipped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

struct line {
	const char	*p;	/* the text after the timestamp */
	size_t		n;
	double		ts;	/* -1: none */
};

static bool starts(const struct line *l, const char *prefix)
{
	size_t k = strlen(prefix);

	return l->n >= k && !memcmp(l->p, prefix, k);
}

static const char *find(const struct line *l, const char *needle)
{
	size_t k = strlen(needle);

	if (!k || l->n < k)
		return NULL;
	for (size_t i = 0; i + k <= l->n; i++)
		if (!memcmp(l->p + i, needle, k))
			return l->p + i;
	return NULL;
}

/* Copy the rest of the line from p into dst (bounded, printable). */
static void copy_rest(char *dst, size_t size, const struct line *l, const char *p)
{
	size_t n = (size_t)(l->p + l->n - p), k = 0;

	for (size_t i = 0; i < n && k + 1 < size; i++)
		dst[k++] = isprint((unsigned char)p[i]) ? p[i] : '?';
	while (k && dst[k - 1] == ' ')
		k--;
	dst[k] = '\0';
}

/*
 * "<6>[   12.345678] [T123] text": the syslog level, the timestamp and
 * the caller id are each optional.
 */
static void strip_prefix(struct line *l)
{
	const char *p = l->p, *end = l->p + l->n;

	l->ts = -1;
	if (p < end && *p == '<') {
		const char *q = memchr(p, '>', (size_t)(end - p));

		if (q && q - p <= 4)
			p = q + 1;
	}
	if (p < end && *p == '[') {
		const char *q = memchr(p, ']', (size_t)(end - p));
		char num[32];
		size_t k = 0;

		if (q && q - p < (long)sizeof(num)) {
			for (const char *s = p + 1; s < q; s++)
				if (*s != ' ')
					num[k++] = *s;
			num[k] = '\0';
			char *e;
			double v = strtod(num, &e);

			if (k && !*e) {
				l->ts = v;
				p = q + 1;
				if (p < end && *p == ' ')
					p++;
			}
		}
	}
	/* A caller id: [T123] or [C1]. */
	if (end - p > 3 && *p == '[' && (p[1] == 'T' || p[1] == 'C') &&
	    isdigit((unsigned char)p[2])) {
		const char *q = memchr(p, ']', (size_t)(end - p));

		if (q && q - p < 12) {
			p = q + 1;
			if (p < end && *p == ' ')
				p++;
		}
	}
	l->n = (size_t)(end - p);
	l->p = p;
}

static struct line *split_lines(const char *log, size_t len, size_t *count)
{
	size_t n = 0, cap = 0;
	struct line *v = NULL;
	const char *p = log, *end = log + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			struct line *nv = realloc(v, ncap * sizeof(*v));

			if (!nv)
				break;
			v = nv;
			cap = ncap;
		}
		v[n].p = p;
		v[n].n = (size_t)(e - p);
		while (v[n].n && (p[v[n].n - 1] == '\r' || p[v[n].n - 1] == '\0'))
			v[n].n--;
		strip_prefix(&v[n]);
		n++;
		p = nl ? nl + 1 : end;
	}
	*count = n;
	return v;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/*
 * " ? func+0x12/0x34 [module]" (the module optionally followed by a build
 * id).  Leading blanks and a "RIP: 0010:" prefix are the caller's to skip.
 */
static bool parse_frame(const char *p, const char *end, struct triage_frame *f)
{
	const char *name;
	size_t k;

	memset(f, 0, sizeof(*f));
	f->reliable = true;
	while (p < end && *p == ' ')
		p++;
	if (end - p >= 2 && p[0] == '?' && p[1] == ' ') {
		f->reliable = false;
		p += 2;
	}
	name = p;
	while (p < end && name_char(*p))
		p++;
	k = (size_t)(p - name);
	/* An address the kernel found no symbol for: " ? 0xffffffffc08e7000". */
	if (k > 2 && k < sizeof(f->func) && p == end && name[0] == '0' && name[1] == 'x') {
		for (size_t i = 2; i < k; i++)
			if (!isxdigit((unsigned char)name[i]))
				return false;
		memcpy(f->func, name, k);
		return true;
	}
	if (!k || k >= sizeof(f->func) || end - p < 4 || memcmp(p, "+0x", 3))
		return false;
	memcpy(f->func, name, k);
	p += 3;
	while (p < end && isxdigit((unsigned char)*p))
		p++;
	if (end - p < 4 || memcmp(p, "/0x", 3))
		return false;
	p += 3;
	while (p < end && isxdigit((unsigned char)*p))
		p++;
	if (end - p >= 3 && p[0] == ' ' && p[1] == '[') {
		const char *m = p + 2;

		p = m;
		while (p < end && name_char(*p))
			p++;
		k = (size_t)(p - m);
		if (k && k < sizeof(f->module) && p < end && (*p == ']' || *p == ' '))
			memcpy(f->module, m, k);
	}
	return true;
}

/* "RIP: 0010:func+0x5/0x10 [mod]" */
static bool parse_rip(const struct line *l, struct triage_frame *f)
{
	const char *p, *end = l->p + l->n;

	if (!starts(l, "RIP: "))
		return false;
	p = memchr(l->p + 5, ':', l->n - 5);
	return p && parse_frame(p + 1, end, f);
}

static bool is_marker(const struct line *l)
{
	const char *p = l->p, *end = l->p + l->n;

	while (p < end && *p == ' ')
		p++;
	if (end - p < 3 || *p != '<' || end[-1] != '>')
		return false;
	for (p++; p < end - 1; p++)
		if (!isupper((unsigned char)*p) && *p != '/' && *p != '#')
			return false;
	return true;
}

/* "RAX: 0000...", "Code: 48 ...": a register dump inside a trace. */
static bool is_register_line(const struct line *l)
{
	size_t i = 0;

	while (i < l->n && l->p[i] == ' ')
		i++;
	if (i >= l->n || !isupper((unsigned char)l->p[i]))
		return false;
	while (i < l->n && (isalnum((unsigned char)l->p[i]) || l->p[i] == '_'))
		i++;
	return i + 1 < l->n && l->p[i] == ':' && l->p[i + 1] == ' ';
}

static bool is_task_line(const struct line *l)
{
	return starts(l, "CPU: ") && find(l, " PID: ");
}

/* The CPU: line or NMI backtrace header a trace at line i belongs to. */
static void trace_context(const struct line *v, size_t i, struct triage_trace *t)
{
	t->cpu = -1;
	for (size_t back = 1; back <= 40 && back <= i; back++) {
		const struct line *l = &v[i - back];
		const char *p = NULL;

		if (is_task_line(l)) {
			p = l->p + 5;
		} else if (starts(l, "NMI backtrace for cpu ")) {
			p = l->p + 22;
		} else if (find(l, "Call Trace:")) {
			return;		/* another trace's */
		} else {
			continue;
		}
		t->cpu = isdigit((unsigned char)*p) ? atoi(p) : -1;
		copy_rest(t->context, sizeof(t->context), l, l->p);
		/* Up to the taint word: the rest is the kernel's version. */
		char *cut = strstr(t->context, " Not tainted");

		if (!cut)
			cut = strstr(t->context, " Tainted:");
		if (cut)
			*cut = '\0';
		return;
	}
}

/* One "Call Trace:" block from line i; returns the first line after it. */
static size_t parse_trace(const struct line *v, size_t n, size_t i,
			  struct triage_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->line = i;
	trace_context(v, i, t);
	/* The RIP line of the report this trace belongs to. */
	for (size_t back = 1; back <= 30 && back <= i; back++) {
		if (is_task_line(&v[i - back]) || find(&v[i - back], "Call Trace:"))
			break;
		if (parse_rip(&v[i - back], &t->rip)) {
			t->has_rip = true;
			break;
		}
	}
	unsigned int section = 0;

	for (i++; i < n; i++) {
		const struct line *l = &v[i];
		struct triage_frame f;
		bool rip = parse_rip(l, &f);

		if (rip || is_marker(l))
			section++;
		if (rip || parse_frame(l->p, l->p + l->n, &f)) {
			f.section = section;
			if (t->nr_frames < TRIAGE_FRAMES)
				t->frames[t->nr_frames++] = f;
		} else if (!is_marker(l) && !is_register_line(l)) {
			break;
		}
	}
	return i;
}

/* "Tainted: G           OE      6.1.0-57-amd64 #1": flags and release. */
static void taint_and_release(const struct line *l, struct triage *t)
{
	const char *p = find(l, " Tainted: "), *end = l->p + l->n;
	size_t k = 0;

	if (p) {
		for (p += 10; p < end; ) {
			const char *w = p;

			while (p < end && *p != ' ')
				p++;
			if (p > w && isdigit((unsigned char)*w)) {
				p = w;
				break;
			}
			if (p > w && k + (size_t)(p - w) + 2 < sizeof(t->taint)) {
				if (k)
					t->taint[k++] = ' ';
				memcpy(t->taint + k, w, (size_t)(p - w));
				k += (size_t)(p - w);
			}
			while (p < end && *p == ' ')
				p++;
		}
		t->taint[k] = '\0';
	} else if ((p = find(l, " Not tainted "))) {
		p += 13;
	} else {
		return;
	}
	while (p < end && *p == ' ')
		p++;
	k = 0;
	while (p < end && *p != ' ' && k + 1 < sizeof(t->release))
		t->release[k++] = *p++;
	t->release[k] = '\0';
}

static const char *const headlines[] = {
	"BUG: ", "kernel BUG at ", "general protection fault", "Oops: ",
	"invalid opcode: ", "divide error: ", "stack segment: ",
	"double fault: ", "Unable to handle kernel", "WARNING: CPU: ",
	"watchdog: BUG: soft lockup", "watchdog: Watchdog detected hard LOCKUP",
	"Watchdog detected hard LOCKUP", "NMI watchdog: Watchdog detected",
	"Uhhuh. NMI received", "sysrq: Trigger a crash",
	"Kernel stack is corrupted",
};

/*
 * Reports that often follow the one that matters (a CPU stuck with
 * preemption off stalls RCU too, and may block tasks): taken only when
 * there is no other.
 */
static const char *const secondary[] = {
	"INFO: task ", "rcu: INFO: rcu_", "rcu: INFO: ",
};

static bool starts_any(const struct line *l, const char *const *prefixes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (starts(l, prefixes[i]))
			return true;
	return false;
}

static bool is_headline(const struct line *l)
{
	return starts_any(l, headlines, sizeof(headlines) / sizeof(headlines[0]));
}

static bool is_secondary(const struct line *l)
{
	return starts_any(l, secondary, sizeof(secondary) / sizeof(secondary[0]));
}

/* The oops counter: "invalid opcode: 0000 [#1] PREEMPT SMP NOPTI". */
static bool has_die_counter(const struct line *l)
{
	const char *p = find(l, " [#");

	return p && isdigit((unsigned char)p[3]);
}

/*
 * What went wrong before the panic: the nearest report before its line.
 * An oops is found by its die counter "[#N]" and named by the first
 * headline of the lines just before it ("BUG: kernel NULL pointer
 * dereference" comes before "Oops: 0002 [#1]"); a report of another kind
 * (a lockup, an unknown NMI, sysrq) by its headline.  An older report, a
 * boot-time warning say, is not taken when a newer one lies between; an
 * RCU stall or a blocked task only when there is nothing else.
 */
static void find_cause(const struct line *v, size_t panic_idx, struct triage *t)
{
	size_t start = panic_idx > 400 ? panic_idx - 400 : 0, first;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = panic_idx; i-- > start; ) {
			if (has_die_counter(&v[i])) {
				first = i;
				for (size_t back = 1; back <= 8 && back <= i; back++)
					if (is_headline(&v[i - back]))
						first = i - back;
			} else if (is_headline(&v[i]) || (pass && is_secondary(&v[i]))) {
				first = i;
			} else {
				continue;
			}
			copy_rest(t->cause, sizeof(t->cause), &v[first], v[first].p);
			t->cause_line = first;
			return;
		}
	}
}

void triage_parse(const char *log, size_t len, struct triage *t)
{
	size_t n = 0, panic_idx = 0;
	struct line *v;

	memset(t, 0, sizeof(*t));
	t->panic_trace = -1;
	t->cause_trace = -1;
	t->uptime = -1;
	v = log ? split_lines(log, len, &n) : NULL;
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *p = find(&v[i], "Kernel panic - not syncing: ");

		if (p) {
			t->has_panic = true;
			panic_idx = i;
			copy_rest(t->panic, sizeof(t->panic), &v[i], p + 28);
			t->uptime = v[i].ts;
		}
	}
	for (size_t i = 0; i < n; ) {
		if (find(&v[i], "Call Trace:") && t->nr_traces < TRIAGE_TRACES) {
			i = parse_trace(v, n, i, &t->traces[t->nr_traces++]);
			continue;
		}
		if (starts(&v[i], "Modules linked in:") &&
		    (!t->has_panic || i < panic_idx))
			copy_rest(t->modules, sizeof(t->modules), &v[i],
				  v[i].p + (v[i].n > 18 && v[i].p[18] == ' ' ? 19 : 18));
		i++;
	}
	if (t->has_panic) {
		find_cause(v, panic_idx, t);
		/* panic()'s own stack follows its line; else the oops's. */
		for (unsigned int k = 0; k < t->nr_traces; k++) {
			size_t at = t->traces[k].line;

			if (at > panic_idx && at - panic_idx <= 8) {
				t->panic_trace = (int)k;
				break;
			}
			if (at < panic_idx)
				t->panic_trace = (int)k;
		}
	}
	if (t->cause[0]) {
		for (unsigned int k = 0; k < t->nr_traces; k++) {
			size_t at = t->traces[k].line;

			if (at > t->cause_line && at < panic_idx && t->traces[k].has_rip) {
				t->cause_trace = (int)k;
				break;
			}
		}
	}
	/* Taint and release from the panicking task's line, else any. */
	for (size_t i = n; i-- > 0; ) {
		if (is_task_line(&v[i]) && (!t->has_panic || i <= panic_idx + 8)) {
			taint_and_release(&v[i], t);
			break;
		}
	}
	free(v);
}
