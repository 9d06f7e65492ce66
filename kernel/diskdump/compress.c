// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page compression at panic time, in the two forms crash and
 * makedumpfile read natively in the kdump-compressed format, so savecore
 * passes the kernel's output through:
 *   LZO1X-1 (the default): the fastest (about 127 MiB/s of input under
 *     QEMU TCG, zlib 7);
 *   zstd at level 1: smaller, slower.
 * Each worker (the panicking CPU, each helper CPU) has its own workspaces
 * for both, reserved at arm time, since the choice may change while armed.
 */
#include <linux/types.h>
#include <linux/lzo.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/zstd.h>

#include "diskdump.h"

#define DD_ZSTD_LEVEL	1

/*
 * zstd_parameters starts with its compression parameters (zstd_lib.h):
 * the struct's address is theirs, without spelling zstd's member name.
 */
static size_t dd_zstd_workspace(void)
{
	zstd_parameters p = zstd_get_params(DD_ZSTD_LEVEL, PAGE_SIZE);

	return zstd_cctx_workspace_bound((const zstd_compression_parameters *)&p);
}

size_t dd_worker_reserved(void)
{
	return LZO1X_1_MEM_COMPRESS + PAGE_SIZE + lzo1x_worst_compress(PAGE_SIZE) +
	       PAGE_ALIGN(dd_zstd_workspace());
}

int dd_worker_init(struct dd_worker *wk)
{
	size_t ws = dd_zstd_workspace();

	wk->wrkmem = kmalloc(LZO1X_1_MEM_COMPRESS, GFP_KERNEL);
	wk->page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	wk->out = kmalloc(lzo1x_worst_compress(PAGE_SIZE), GFP_KERNEL);
	wk->zstd_ws = kvmalloc(ws, GFP_KERNEL);
	if (!wk->wrkmem || !wk->page || !wk->out || !wk->zstd_ws)
		goto fail;
	wk->zstd_params = zstd_get_params(DD_ZSTD_LEVEL, PAGE_SIZE);
	wk->zstd = zstd_init_cctx(wk->zstd_ws, ws);
	if (!wk->zstd)
		goto fail;
	return 0;
fail:
	dd_worker_free(wk);
	return -ENOMEM;
}

void dd_worker_free(struct dd_worker *wk)
{
	kfree(wk->wrkmem);
	kfree(wk->page);
	kfree(wk->out);
	kvfree(wk->zstd_ws);
	wk->wrkmem = NULL;
	wk->page = NULL;
	wk->out = NULL;
	wk->zstd_ws = NULL;
	wk->zstd = NULL;
}

/*
 * LZO writes more than a page for data that does not shrink, so it writes
 * into dst only when the worst case fits there, which is all but the end
 * of a chunk; elsewhere it goes through wk->out.
 */
static size_t dd_lzo_page(struct dd_worker *wk, void *dst, size_t room)
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

/* zstd stops at the room it is given: less than a page, or it fails. */
static size_t dd_zstd_page(struct dd_worker *wk, void *dst, size_t room)
{
	size_t len = zstd_compress_cctx(wk->zstd, dst, min_t(size_t, room, PAGE_SIZE - 1),
					wk->page, PAGE_SIZE, &wk->zstd_params);

	return zstd_is_error(len) ? 0 : len;
}

/*
 * Compress the page copied to wk->page into dst, where room bytes are
 * free, with alg (DD_COMPRESS_LZO or _ZSTD).  Returns the compressed size,
 * or 0 when the page does not shrink (dst then holds nothing useful).
 */
size_t dd_compress_page(struct dd_worker *wk, unsigned int alg, void *dst,
			size_t room)
{
	return alg == DD_COMPRESS_ZSTD ? dd_zstd_page(wk, dst, room) :
					 dd_lzo_page(wk, dst, room);
}
