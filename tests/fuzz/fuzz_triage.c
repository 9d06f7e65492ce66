// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: savecore's triage of the kernel log saved with a dump
 * (triage_parse.c, triage_sig.c, triage_write.c).  The log comes from the
 * disk: any bytes must give bounded fields, a signature, and text and
 * JSON output, with nothing read or written outside the buffers (ASan
 * watches), and the same signature when the same bytes come again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct triage t, again;
	/* An exact-size copy, so ASan catches a read one byte too far. */
	char *log = malloc(size ? size : 1);
	struct triage_meta m = {
		.host = "fuzz", .release = "6.1.0", .build_id = "", .crash_time = 1,
		.status = "COMPLETE", .vmcore_bytes = 1, .dump_dir = "fuzz-dir",
	};
	FILE *out = fopen("/dev/null", "w");

	if (!log || !out)
		abort();
	memcpy(log, data, size);
	triage_parse(log, size, &t);
	triage_sign(&t);
	if (strlen(t.signature) != TRIAGE_SIG_HEX || t.nr_traces > TRIAGE_TRACES ||
	    (t.panic_trace >= 0 && (unsigned int)t.panic_trace >= t.nr_traces) ||
	    (t.cause_trace >= 0 && (unsigned int)t.cause_trace >= t.nr_traces))
		abort();
	for (unsigned int i = 0; i < t.nr_traces; i++)
		if (t.traces[i].nr_frames > TRIAGE_FRAMES)
			abort();
	triage_parse(log, size, &again);
	triage_sign(&again);
	if (strcmp(t.signature, again.signature))
		abort();
	triage_write_text(out, &t, &m);
	triage_write_json(out, &t, &m);
	fclose(out);
	free(log);
	return 0;
}
