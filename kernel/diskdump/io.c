// SPDX-License-Identifier: GPL-2.0
/*
 * The only way the panic path reaches a disk.  The core, not the hook,
 * refuses any transfer outside the armed partition: a bad block number is a
 * bug that must not turn into a write over someone's filesystem.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/printk.h>

#include "diskdump.h"

#define DD_SECTORS_PER_BLOCK	(DD_BLOCK_SIZE >> SECTOR_SHIFT)

static bool dd_io_in_bounds(const struct dd_target *t, unsigned int slot,
			    u64 block, const struct dd_buf *buf, u64 nr_blocks)
{
	return slot < t->nr_slots && nr_blocks &&
	       nr_blocks <= buf->size / DD_BLOCK_SIZE &&
	       block < t->nr_blocks && nr_blocks <= t->nr_blocks - block;
}

int dd_io_submit(struct dd_target *t, unsigned int slot, bool write,
		 u64 block, const struct dd_buf *buf, u64 nr_blocks)
{
	if (!dd_io_in_bounds(t, slot, block, buf, nr_blocks)) {
		pr_emerg("refused %s of %llu blocks at block %llu of %llu\n",
			 write ? "write" : "read", nr_blocks, block,
			 t->nr_blocks);
		return -EFAULT;
	}
	return t->ops->submit(&t->disk, slot, write,
			      t->start_sect + block * DD_SECTORS_PER_BLOCK,
			      buf, nr_blocks * DD_BLOCK_SIZE);
}

int dd_io_wait(struct dd_target *t, unsigned int slot)
{
	return t->ops->wait(&t->disk, slot);
}

/* One transfer on slot 0, waited for; used while nothing else is queued. */
int dd_io_sync(struct dd_target *t, bool write, u64 block,
	       const struct dd_buf *buf, u64 nr_blocks)
{
	int ret = dd_io_submit(t, 0, write, block, buf, nr_blocks);

	return ret ? ret : dd_io_wait(t, 0);
}
