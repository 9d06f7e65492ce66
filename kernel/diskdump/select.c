// SPDX-License-Identifier: GPL-2.0
/*
 * Which pages a dump leaves out, decided from struct page at panic time.
 *
 * The dump level bits mean what they mean to makedumpfile -d, so a level
 * is the same promise whichever tool wrote the dump.  Nothing here takes a
 * lock or trusts a page to be consistent: the other CPUs were stopped
 * wherever they were, so a page may be half-way through a state change.
 * When in doubt a page is kept.  Zero pages (bit 1) are found by content,
 * after the copy, in writer.c.
 */
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>

#include "diskdump.h"

/* The page's head, or NULL if its compound_head does not point at one. */
static struct page *dd_head(struct page *page)
{
	struct page *head = compound_head(page);

	if (head != page && !pfn_valid(page_to_pfn(head)))
		return NULL;
	return head;
}

/*
 * makedumpfile's "cache page": on an LRU list or in the swap cache.  The
 * folio tests exist on every kernel we support (6.12 has no PageSwapCache).
 */
static bool dd_is_cache(struct page *head)
{
	return PageLRU(head) || folio_test_swapcache(page_folio(head));
}

/*
 * Returns how many pages from pfn on to leave out: 0 keeps pfn, more than
 * one skips a whole free buddy block.
 */
unsigned long dd_pages_to_skip(unsigned long pfn, unsigned int level)
{
	struct page *page, *head;
	unsigned long order;
	bool anon;

	page = pfn_to_online_page(pfn);
	if (!page)
		return 0;
	/* Never worth reading, and reading poisoned memory may kill us. */
	if (PageHWPoison(page) || PageOffline(page))
		return 1;
	if ((level & DD_DL_FREE) && PageBuddy(page)) {
		order = READ_ONCE(page_private(page));
		return order < DD_NR_PAGE_ORDERS ? 1ul << order : 1;
	}
	if (!(level & (DD_DL_CACHE | DD_DL_CACHE_PRI | DD_DL_USER)))
		return 0;
	head = dd_head(page);
	if (!head || PageSlab(head))
		return 0;
	anon = PageAnon(head);
	if ((level & DD_DL_USER) && (anon || PageHuge(head)))
		return 1;
	if (anon || !dd_is_cache(head))
		return 0;
	if (level & DD_DL_CACHE_PRI)
		return 1;
	if ((level & DD_DL_CACHE) && !PagePrivate(head) &&
	    !folio_test_private_2(page_folio(head)))
		return 1;
	return 0;
}

/*
 * The free buddy block pfn lies in, if any: how many pages from pfn to its
 * end.  Only a block's first page is marked (PageBuddy, its order in
 * page_private); the others are found by looking for that first page at
 * each alignment.  A page in use holds a reference, so most pages are
 * ruled out by their count alone.
 */
static unsigned long dd_free_block_left(unsigned long pfn, struct page *page)
{
	unsigned long first, order, o;
	struct page *head;

	if (page_ref_count(page) || PageTail(page))
		return 0;
	for (o = 0; o < DD_NR_PAGE_ORDERS; o++) {
		first = pfn & ~((1ul << o) - 1);
		head = pfn_to_online_page(first);
		if (!head || !PageBuddy(head))
			continue;
		/* A smaller free block ends before pfn; none can hold both. */
		order = READ_ONCE(page_private(head));
		if (order < o || order >= DD_NR_PAGE_ORDERS)
			return 0;
		return first + (1ul << order) - pfn;
	}
	return 0;
}

/*
 * How many pages from pfn on the kernel does not write while a dump runs:
 * the rest of a free buddy block, or one user or page-cache page; 0 for
 * any other.  The dump's own state, stacks, slab, module and queue memory
 * are none of these; only a device (a read completing) or a CPU that did
 * not stop could change them, once, which the check after the write sees.
 * fill.c sends only these straight from RAM: the check cannot see memory
 * changed and changed back meanwhile, as the dump's own is.
 */
unsigned long dd_pages_left_alone(unsigned long pfn)
{
	struct page *page = pfn_to_online_page(pfn), *head;
	unsigned long left;

	if (!page)
		return 0;
	left = dd_free_block_left(pfn, page);
	if (left)
		return left;
	head = dd_head(page);
	if (!head || PageSlab(head))
		return 0;
	return PageAnon(head) || dd_is_cache(head) ? 1 : 0;
}
