// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page compression at panic time.  LZO1X-1: crash and makedumpfile
 * read it natively in the kdump-compressed format, so savecore can pass
 * the kernel's output through, and it is the fastest of the kernel's
 * compressors that they read (about 127 MiB/s under QEMU TCG, zlib 7).
 * Each worker (the panicking CPU, each helper CPU) has its own workspace,
 * reserved at arm time.
 */
#include <linux/types.h>
#include <linux/lzo.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "diskdump.h"

size_t dd_worker_reserved(void)
{
	return LZO1X_1_MEM_COMPRESS + PAGE_SIZE + lzo1x_worst_compress(PAGE_SIZE);
}

int dd_worker_init(struct dd_worker *wk)
{
	wk->wrkmem = kmalloc(LZO1X_1_MEM_COMPRESS, GFP_KERNEL);
	wk->page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	wk->out = kmalloc(lzo1x_worst_compress(PAGE_SIZE), GFP_KERNEL);
	if (!wk->wrkmem || !wk->page || !wk->out) {
		dd_worker_free(wk);
		return -ENOMEM;
	}
	return 0;
}

void dd_worker_free(struct dd_worker *wk)
{
	kfree(wk->wrkmem);
	kfree(wk->page);
	kfree(wk->out);
	wk->wrkmem = NULL;
	wk->page = NULL;
	wk->out = NULL;
}

/*
 * Compress the page copied to wk->page into dst, where room bytes are
 * free.  LZO writes more than a page for data that does not shrink, so it
 * writes into dst only when the worst case fits there, which is all but
 * the end of a chunk; elsewhere it goes through wk->out.  Returns the
 * compressed size, or 0 when the page does not shrink (dst then holds
 * nothing useful).
 */
size_t dd_compress_page(struct dd_worker *wk, void *dst, size_t room)
{
	size_t worst = lzo1x_worst_compress(PAGE_SIZE), len = worst;
	bool direct = room >= worst;

	if (lzo1x_1_compress(wk->page, PAGE_SIZE, direct ? dst : wk->out,
			     &len, wk->wrkmem) != LZO_E_OK)
		return 0;
	if (len >= PAGE_SIZE)
		return 0;
	if (!direct)
		memcpy(dst, wk->out, len);
	return len;
}
