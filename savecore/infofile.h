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

#endif
