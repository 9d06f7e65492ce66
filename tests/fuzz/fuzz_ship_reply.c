// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: what diskdump-ship reads that it did not write
 * itself (ship/reply.c): sftp's batch output (ls listings), an S3 store's
 * XML (ListObjectsV2, ListParts), the signature in a triage.json; and
 * ship.state's parser (state.c) and SHIP_TO's (target.c).  Any bytes
 * must give bounded results, nothing read or written outside the
 * buffers (ASan watches).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "state.h"
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct s3_part parts[S3_MAX_PARTS];
	struct ship_survey sv = { 0 };
	struct ship_state st;
	struct ship_target t;
	char sig[SHIP_SIG_HEX + 1], err[256];
	unsigned int nr = 0, next = 0;
	/* NUL-terminated, exact size: ASan catches a read past the end. */
	char *text = malloc(size + 1);
	FILE *f;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	sftp_count_entries(text, "-ls -1 /c/signatures/abc", "h.d.json", &sv);
	if (sftp_listed_size(text, "-ls -ln /c/h/d/vmcore.part") < -1)
		abort();
	s3_count_keys(text, "p/signatures/abc/", "h.d.json", &sv);
	s3_parse_parts(text, parts, &nr, &next);
	if (nr > S3_MAX_PARTS || next > S3_MAX_PARTS)
		abort();
	ship_signature(text, sig);
	if (sig[0] && strlen(sig) != SHIP_SIG_HEX)
		abort();
	if (size < 2048 && !ship_target_parse(text, &t, err, sizeof(err)) &&
	    (strstr(t.base, "/../") || strchr(t.host, ' ')))
		abort();

	f = fmemopen(text, size ? size : 1, "r");
	if (f) {
		if (!ship_state_read(f, &st, err, sizeof(err)) &&
		    (strlen(st.target) >= sizeof(st.target) || st.vmcore > VMCORE_SAMPLED))
			abort();
		fclose(f);
	}
	free(text);
	return 0;
}
