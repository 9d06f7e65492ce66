/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The header's System RAM ranges, validated once, and the lookup from a
 * page frame number to its position among all dumped pages (which is what
 * an output format needs to place the page).
 */
#ifndef SAVECORE_RANGES_H
#define SAVECORE_RANGES_H

#include <stdint.h>

#include "diskdump/format.h"

/* x86_64 physical addresses have at most 52 bits. */
#define RANGES_MAX_PFN		(1ull << (52 - DD_BLOCK_SHIFT))

struct range_map {
	unsigned int	n;
	uint64_t	total_pages;
	struct {
		uint64_t	start_pfn;
		uint64_t	nr_pages;
		uint64_t	first_index;	/* pages in the ranges before */
	} r[DD_MAX_RANGES];
};

/*
 * Build from a header already accepted by dd_header_check.  Returns NULL,
 * or a reason: empty, overflowing, overlapping or unsorted ranges.
 */
const char *range_map_build(struct range_map *m, const struct dd_dump_header *h);

/* Index of pfn among all pages of the map, or -1 if no range holds it. */
int range_map_find(const struct range_map *m, uint64_t pfn, uint64_t *index);

/* Range index holding the pfns [pfn, pfn + n), or -1. */
int range_map_find_span(const struct range_map *m, uint64_t pfn, uint64_t n);

#endif
