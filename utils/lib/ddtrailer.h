/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Finding a dump's trailer when its header block (block 1) is damaged.
 * The kernel writes the final header twice: into block 1 and, under the
 * trailer magic, after the last chunk.  A dump whose block 1 was lost can
 * still be saved from the trailer, so savecore recovers it and the tools
 * that protect unsaved dumps (diskdumpfmt -C, diskdumpctl arm) count it.
 */
#ifndef DDTRAILER_H
#define DDTRAILER_H

#include <stdint.h>

#include "diskdump/format.h"

/*
 * Look on fd, a device of nr_blocks blocks labelled label, for a valid
 * trailer of that label.  The chunk chain from the first chunk leads to
 * it in a few reads; if the chain breaks on a damaged chunk, the rest of
 * the device is scanned.  Returns 0 with the trailer in block (one
 * DD_BLOCK_SIZE buffer), 1 when there is none, -1 with errno when memory
 * runs out.  Unreadable stretches are skipped, not reported: the answer
 * is what could be read.
 */
int dd_find_trailer(int fd, uint64_t nr_blocks, const struct dd_label *label,
		    void *block);

#endif /* DDTRAILER_H */
