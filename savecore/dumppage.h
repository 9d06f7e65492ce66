/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One good page as the chunk walk hands it to an output format: its
 * content, and the form the kernel stored it in.  ELF needs only the
 * content; the kdump-compressed format keeps the stored form, so pages
 * the kernel compressed are never compressed a second time.
 */
#ifndef SAVECORE_DUMPPAGE_H
#define SAVECORE_DUMPPAGE_H

#include <stdint.h>

struct dump_page {
	uint64_t	pfn;
	const void	*data;		/* page_size bytes: the page itself */
	const void	*stored;	/* stored_size bytes as on the disk */
	uint32_t	stored_size;
	/*
	 * DD_PAGE_RAW, DD_PAGE_LZO, DD_PAGE_ZSTD, or DD_PAGE_ZERO: a page of zeroes the
	 * kernel recorded without data (stored_size 0, data points at
	 * zeroes), so a writer need not look at its bytes.
	 */
	uint32_t	stored_flags;
};

#endif
