/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* info.txt: what a person reads first about an extracted dump. */
#ifndef SAVECORE_INFOFILE_H
#define SAVECORE_INFOFILE_H

#include <stdio.h>

#include "chunkwalk.h"
#include "dumpread.h"

void infofile_write(FILE *f, const char *device, const struct dump *d,
		    const struct walk_stats *st, const char *vmcore_format,
		    int partial);

/* For a dump saved still sealed: what can be said without its key. */
void infofile_write_sealed(FILE *f, const char *device, const struct dump *d,
			   const char *key_id, const char *image, uint64_t blocks);

#endif
