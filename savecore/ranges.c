// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <string.h>

#include "ranges.h"

const char *range_map_build(struct range_map *m, const struct dd_dump_header *h)
{
	uint64_t prev_end = 0;
	unsigned int i;

	memset(m, 0, sizeof(*m));
	if (h->nr_ranges == 0)
		return "no memory ranges";
	if (dd_from_le32(h->nr_ranges) > DD_MAX_RANGES)
		return "too many memory ranges";
	for (i = 0; i < dd_from_le32(h->nr_ranges); i++) {
		uint64_t start = dd_from_le64(h->ranges[i].start_pfn);
		uint64_t n = dd_from_le64(h->ranges[i].nr_pages);

		if (n == 0)
			return "empty memory range";
		/* Both below 2^40, so the sum cannot wrap. */
		if (start >= RANGES_MAX_PFN || n > RANGES_MAX_PFN - start)
			return "memory range beyond the physical address limit";
		/*
		 * The kernel lists System RAM in ascending order; anything
		 * else would let one pfn map to two places in the output.
		 */
		if (i && start < prev_end)
			return "memory ranges overlap or are not sorted";
		m->r[i].start_pfn = start;
		m->r[i].nr_pages = n;
		m->r[i].first_index = m->total_pages;
		m->total_pages += n;	/* at most 2^40 in all: no overflow */
		prev_end = start + n;
	}
	m->n = dd_from_le32(h->nr_ranges);
	return NULL;
}

static int find_range(const struct range_map *m, uint64_t pfn)
{
	unsigned int lo = 0, hi = m->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (pfn < m->r[mid].start_pfn)
			hi = mid;
		else if (pfn - m->r[mid].start_pfn >= m->r[mid].nr_pages)
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}

int range_map_find(const struct range_map *m, uint64_t pfn, uint64_t *index)
{
	int i = find_range(m, pfn);

	if (i < 0)
		return -1;
	*index = m->r[i].first_index + (pfn - m->r[i].start_pfn);
	return 0;
}

int range_map_find_span(const struct range_map *m, uint64_t pfn, uint64_t n)
{
	int i = find_range(m, pfn);

	if (i < 0 || n == 0)
		return -1;
	if (n > m->r[i].nr_pages - (pfn - m->r[i].start_pfn))
		return -1;
	return i;
}
