// SPDX-License-Identifier: GPL-2.0
/*
 * ddpattern: test module that puts known patterns in kernel memory.
 *
 * fillmem (tests/vm/guest) fills user pages, which dump level 8 leaves
 * out; this fills pages the kernel owns, which every dump level keeps, so
 * the scenarios can check both what a filtered dump keeps and what it
 * drops.  Each page gets the same physical-address pattern as fillmem's
 * (tests/vm/vmcore.py checks both); every SAMPLE_EVERY-th page frame number
 * is listed, one per line, in /proc/ddpattern_pfns.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/vmalloc.h>

#define PATTERN_BASE	0xD15CD0D000000000ull
#define SAMPLE_EVERY	16

static unsigned int mib = 32;
module_param(mib, uint, 0444);
MODULE_PARM_DESC(mib, "MiB of kernel pages to fill");

static struct page **pages;
static unsigned long nr_pages;

static void fill_page(struct page *page)
{
	u64 pfn = page_to_pfn(page), *p = page_address(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = PATTERN_BASE ^ ((pfn << PAGE_SHIFT) | (u64)i * 8);
}

static int pfns_show(struct seq_file *m, void *v)
{
	unsigned long n;

	for (n = 0; n < nr_pages; n += SAMPLE_EVERY)
		seq_printf(m, "%lu\n", page_to_pfn(pages[n]));
	return 0;
}

static void free_all(void)
{
	while (nr_pages)
		__free_page(pages[--nr_pages]);
	vfree(pages);
}

static int __init ddpattern_init(void)
{
	unsigned long want = (unsigned long)mib << (20 - PAGE_SHIFT);

	pages = vmalloc(array_size(want, sizeof(*pages)));
	if (!pages)
		return -ENOMEM;
	for (nr_pages = 0; nr_pages < want; nr_pages++) {
		pages[nr_pages] = alloc_page(GFP_KERNEL);
		if (!pages[nr_pages]) {
			free_all();
			return -ENOMEM;
		}
		fill_page(pages[nr_pages]);
	}
	if (!proc_create_single("ddpattern_pfns", 0444, NULL, pfns_show)) {
		free_all();
		return -ENOMEM;
	}
	pr_info("ddpattern: %lu kernel pages filled\n", nr_pages);
	return 0;
}

static void __exit ddpattern_exit(void)
{
	remove_proc_entry("ddpattern_pfns", NULL);
	free_all();
}

module_init(ddpattern_init);
module_exit(ddpattern_exit);
MODULE_DESCRIPTION("diskdump test: known patterns in kernel pages");
MODULE_LICENSE("GPL");
