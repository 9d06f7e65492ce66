// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The signature of a crash: what went wrong (the report's headline and
 * the panic message) and where (the first frames of the panicking stack),
 * with everything that differs between two machines hitting the same bug
 * taken out: numbers and addresses, offsets, task names and pids, CPU
 * numbers, build paths, the compiler's clone suffixes (.cold, .isra.0),
 * the frames every panic or oops passes through, and whatever code the
 * interrupt or NMI happened to land in.  Hashed with XXH3-128: a name for
 * the bug, not a secret.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "triage.h"

/*
 * Frames that say how the kernel reported or took the crash, not where:
 * the same for every bug.
 */
static const char *const noise[] = {
	"dump_stack_lvl", "dump_stack", "show_stack", "panic", "vpanic",
	"nmi_panic", "__warn", "warn_slowpath_fmt", "report_bug", "handle_bug",
	"oops_end", "die", "__die", "__die_body", "die_addr", "do_trap",
	"do_trap_no_signal", "do_error_trap", "do_int3", "handle_invalid_op",
	"page_fault_oops", "kernelmode_fixup_or_oops", "__bad_area_nosemaphore",
	"bad_area_nosemaphore", "do_user_addr_fault", "do_kern_addr_fault",
	"handle_page_fault", "default_do_nmi", "nmi_handle", "end_repeat_nmi",
	"repeat_nmi", "hrtimer_interrupt", "__hrtimer_run_queues",
	"__run_hrtimer", "local_apic_timer_interrupt", "handle_softirqs",
	"__do_softirq", "do_softirq", "common_interrupt", "__common_interrupt",
	"handle_irq_event", "handle_irq_event_percpu", "__handle_irq_event_percpu",
	"handle_edge_irq", "handle_fasteoi_irq", "flush_smp_call_function_queue",
};

static const char *const noise_prefixes[] = {
	"asm_", "exc_", "sysvec_", "__sysvec_", "instr_sysvec_", "irq_exit",
	"__irq_exit",
};

/* func without a clone suffix: "foo.cold" and "foo.isra.0" are foo. */
static void base_name(char *dst, size_t size, const char *func)
{
	size_t k = strcspn(func, ".");

	if (k >= size)
		k = size - 1;
	memcpy(dst, func, k);
	dst[k] = '\0';
}

static bool is_noise(const char *name)
{
	for (size_t i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		if (!strcmp(name, noise[i]))
			return true;
	for (size_t i = 0; i < sizeof(noise_prefixes) / sizeof(noise_prefixes[0]); i++)
		if (!strncmp(name, noise_prefixes[i], strlen(noise_prefixes[i])))
			return true;
	return false;
}

/* One word of a message, normalised into dst[k..]; returns the new k. */
static size_t normalise_word(char *dst, size_t size, size_t k,
			     const char *w, size_t n)
{
	const char *slash = NULL;

	for (size_t i = 0; i < n; i++)
		if (w[i] == '/')
			slash = w + i;
	/* A path: its last component (build trees differ). */
	if (slash) {
		n -= (size_t)(slash + 1 - w);
		w = slash + 1;
	}
	for (size_t i = 0; i < n && k + 2 < size; ) {
		size_t j = i, digits = 0;

		if (j + 1 < n && w[j] == '0' && (w[j + 1] == 'x' || w[j + 1] == 'X'))
			j += 2;
		while (j < n && isxdigit((unsigned char)w[j])) {
			digits += isdigit((unsigned char)w[j]) != 0;
			j++;
		}
		/* A number: decimal, 0x..., or a long hex address. */
		if (digits && (j - i >= 8 || digits == j - i ||
			       (i + 1 < n && w[i + 1] == 'x'))) {
			if (!k || dst[k - 1] != '#')
				dst[k++] = '#';
			i = j;
			continue;
		}
		dst[k++] = w[i++];
	}
	return k;
}

/*
 * A message without what varies: "[comm:pid]" dropped, paths cut to their
 * last component, numbers made "#", blanks collapsed.
 */
static void normalise(char *dst, size_t size, const char *src)
{
	size_t k = 0;

	for (const char *p = src; *p && k + 2 < size; ) {
		const char *w = p;
		size_t n;

		while (*p && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - w);
		while (isspace((unsigned char)*p))
			p++;
		if (n > 2 && w[0] == '[' && w[n - 1] == ']' && memchr(w, ':', n))
			continue;	/* [insmod:297] */
		if (k)
			dst[k++] = ' ';
		k = normalise_word(dst, size, k, w, n);
	}
	dst[k] = '\0';
}

/*
 * Whether a frame can name the crash, its name (without clone suffix) in
 * name: one the unwinder was sure of, with a symbol (an address without
 * one differs with every module load), and not noise.
 */
static bool signs(const struct triage_frame *f, char name[TRIAGE_NAME])
{
	base_name(name, TRIAGE_NAME, f->func);
	return f->reliable && name[0] && strncmp(name, "0x", 2) && !is_noise(name);
}

/* Append a frame's name to the list if it signs and is not a repeat. */
static void add_frame(char names[][TRIAGE_NAME], unsigned int *n,
		      const struct triage_frame *f)
{
	char name[TRIAGE_NAME];

	if (*n >= TRIAGE_SIG_FRAMES || !signs(f, name) ||
	    (*n && !strcmp(names[*n - 1], name)))
		return;
	memcpy(names[*n], name, sizeof(name));
	(*n)++;
}

void triage_sign(struct triage *t)
{
	char names[TRIAGE_SIG_FRAMES][TRIAGE_NAME];
	char cause[TRIAGE_TEXT], panic[TRIAGE_TEXT];
	unsigned int n = 0;
	size_t k;

	/* Where the report stopped the CPU, then the panicking stack's own part. */
	if (t->cause_trace >= 0)
		add_frame(names, &n, &t->traces[t->cause_trace].rip);
	if (t->panic_trace >= 0) {
		const struct triage_trace *tr = &t->traces[t->panic_trace];
		int section = -1;

		if (tr->has_rip && t->cause_trace != t->panic_trace)
			add_frame(names, &n, &tr->rip);
		for (unsigned int i = 0; i < tr->nr_frames; i++) {
			const struct triage_frame *f = &tr->frames[i];
			char name[TRIAGE_NAME];

			if (section < 0 && signs(f, name))
				section = (int)f->section;
			/* Only the part of the stack the crash happened in. */
			if (section >= 0 && (int)f->section != section)
				break;
			add_frame(names, &n, f);
		}
	}
	normalise(cause, sizeof(cause), t->cause);
	normalise(panic, sizeof(panic), t->panic);
	k = (size_t)snprintf(t->sig_text, sizeof(t->sig_text), "%s\n%s\n", cause, panic);
	for (unsigned int i = 0; i < n && k < sizeof(t->sig_text); i++)
		k += (size_t)snprintf(t->sig_text + k, sizeof(t->sig_text) - k,
				      "%s\n", names[i]);
	if (k >= sizeof(t->sig_text))
		k = sizeof(t->sig_text) - 1;

	XXH128_hash_t h = XXH3_128bits(t->sig_text, k);

	snprintf(t->signature, sizeof(t->signature), "%016llx%016llx",
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
}
