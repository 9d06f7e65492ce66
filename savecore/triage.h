/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Triage of a saved dump without debug symbols: what the kernel log says
 * about the crash (its traces are symbolised by the kernel itself), and a
 * signature that names the bug, so that the same crash on many machines is
 * recognised (triage_parse.c, triage_sig.c, triage_write.c).
 *
 * The log is untrusted input (it comes from the disk): every field is
 * bounded, and a log that is not a kernel log yields empty fields, never
 * an error.
 */
#ifndef SAVECORE_TRIAGE_H
#define SAVECORE_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TRIAGE_TEXT		256	/* one line of the log, at most */
#define TRIAGE_NAME		64	/* a function or module name */
#define TRIAGE_FRAMES		48	/* frames kept per trace */
#define TRIAGE_TRACES		16	/* traces kept per log */
#define TRIAGE_SIG_FRAMES	5	/* frames that go into the signature */
#define TRIAGE_SIG_HEX		32	/* XXH3-128 as hex */

struct triage_frame {
	char	func[TRIAGE_NAME];
	char	module[TRIAGE_NAME];	/* "" for vmlinux */
	bool	reliable;		/* not a "? " guess of the unwinder */
	/*
	 * Which part of the trace: it changes at each stack marker (<IRQ>,
	 * </NMI>, <TASK>...) and at a "RIP:" line inside the trace, whose
	 * frame is the interrupted code's.
	 */
	unsigned int section;
};

struct triage_trace {
	/* "CPU: 2 PID: 297 Comm: insmod" or "NMI backtrace for cpu 1". */
	char			context[TRIAGE_TEXT];
	int			cpu;		/* -1: not said */
	/* Where an oops or a report stopped the CPU (its "RIP:" line). */
	struct triage_frame	rip;
	bool			has_rip;
	struct triage_frame	frames[TRIAGE_FRAMES];
	unsigned int		nr_frames;
	size_t			line;		/* index of its "Call Trace:" */
};

struct triage {
	bool			has_panic;
	char			panic[TRIAGE_TEXT];	/* after "not syncing: " */
	char			cause[TRIAGE_TEXT];	/* the oops or report headline */
	size_t			cause_line;		/* its index in the log */
	char			taint[TRIAGE_NAME];	/* "G OE", "" untainted */
	char			release[TRIAGE_NAME];	/* as the CPU: line says */
	char			modules[2048];		/* "Modules linked in:" */
	double			uptime;			/* s, at the panic line */
	struct triage_trace	traces[TRIAGE_TRACES];
	unsigned int		nr_traces;
	int			panic_trace;		/* index, -1 none */
	/* The report of the cause stopped this trace's CPU at its "RIP:". */
	int			cause_trace;		/* index, -1 none */
	/* What the signature hashes, and the hash. */
	char			sig_text[1024];
	char			signature[TRIAGE_SIG_HEX + 1];
};

/* Fill t from a kernel log (len bytes, need not end in NUL). */
void triage_parse(const char *log, size_t len, struct triage *t);

/* The signature of t (sig_text and signature), from what triage_parse found. */
void triage_sign(struct triage *t);

/* What the dump says of itself, beside the log. */
struct triage_meta {
	const char	*host;
	const char	*release;	/* from the dump header */
	const char	*build_id;	/* VMCOREINFO BUILD-ID, "" if none */
	long long	crash_time;	/* seconds since the epoch */
	const char	*status;	/* the dump's status word */
	unsigned long long vmcore_bytes;
	const char	*dump_dir;	/* the directory name, for the JSON */
};

void triage_write_text(FILE *f, const struct triage *t, const struct triage_meta *m);
void triage_write_json(FILE *f, const struct triage *t, const struct triage_meta *m);

#endif
