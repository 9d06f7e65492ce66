// SPDX-License-Identifier: GPL-2.0
/*
 * Arm-time discovery of what the panic path must know without asking
 * anyone: the System RAM ranges, where the kernel image lies, and where
 * each CPU's crash_notes buffer is.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "diskdump.h"

static int dd_add_ram_range(struct resource *res, void *arg)
{
	struct dd_sysinfo *s = arg;
	u64 start = PFN_UP(res->start);
	u64 end = PFN_DOWN(res->end + 1);

	if (end <= start)
		return 0;
	if (s->nr_ranges == DD_MAX_RANGES)
		return -E2BIG;
	s->ranges[s->nr_ranges].start_pfn = start;
	s->ranges[s->nr_ranges].nr_pages = end - start;
	s->nr_ranges++;
	s->nr_pages += end - start;
	return 0;
}

/*
 * setup_arch() registers the kernel image as "Kernel code" ... "Kernel bss"
 * children of System RAM.  The tree only changes on memory hotplug, and
 * resource_lock is not available to modules, so it is read as is.
 */
static void dd_find_kernel_image(struct dd_sysinfo *s)
{
	struct resource *ram, *r;
	u64 start = 0, end = 0;

	for (ram = iomem_resource.child; ram; ram = ram->sibling) {
		for (r = ram->child; r; r = r->sibling) {
			if (!r->name)
				continue;
			if (!strcmp(r->name, "Kernel code"))
				start = r->start;
			if (!strcmp(r->name, "Kernel bss"))
				end = r->end + 1;
		}
	}
	if (start && end > start) {
		s->kernel_text_paddr = start;
		s->kernel_text_size = end - start;
	}
}

/* Read a number the kernel prints in sysfs ("%llx\n" or "%u\n"). */
static int dd_read_sysfs_u64(const char *path, unsigned int base, u64 *val)
{
	struct file *f;
	char buf[32];
	loff_t pos = 0;
	ssize_t n;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0)
		return n ? n : -EINVAL;
	buf[n] = '\0';
	strim(buf);
	return kstrtoull(buf, base, val);
}

/*
 * crash_notes is not exported to modules, but its physical addresses are
 * published in sysfs for kexec-tools; read them the same way.
 */
static void dd_find_crash_notes(struct dd_sysinfo *s)
{
	char path[64];
	unsigned int cpu, i = 0;
	u64 val;

	if (!dd_read_sysfs_u64("/sys/devices/system/cpu/cpu0/crash_notes_size",
			       10, &val))
		s->crash_notes_size = val;
	for_each_present_cpu(cpu) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%u/crash_notes", cpu);
		if (!dd_read_sysfs_u64(path, 16, &val))
			s->crash_notes[i] = val;
		i++;
	}
}

struct dd_sysinfo *dd_sysinfo_collect(void)
{
	struct dd_sysinfo *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->nr_cpus = num_present_cpus();
	s->crash_notes = kcalloc(s->nr_cpus, sizeof(*s->crash_notes),
				 GFP_KERNEL);
	if (!s->crash_notes) {
		kfree(s);
		return ERR_PTR(-ENOMEM);
	}
	ret = walk_iomem_res_desc(IORES_DESC_NONE,
				  IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				  0, -1, s, dd_add_ram_range);
	if (ret) {
		pr_err("System RAM has more than %d ranges\n", DD_MAX_RANGES);
		dd_sysinfo_free(s);
		return ERR_PTR(ret);
	}
	dd_find_kernel_image(s);
	if (!s->kernel_text_size)
		pr_warn("kernel image not found in /proc/iomem; crash may not find phys_base\n");
	dd_find_crash_notes(s);
	return s;
}

void dd_sysinfo_free(struct dd_sysinfo *s)
{
	if (!s)
		return;
	kfree(s->crash_notes);
	kfree(s);
}
