// SPDX-License-Identifier: GPL-2.0
/*
 * Arm-time discovery of what the panic path must know without asking
 * anyone: the System RAM ranges, where the kernel image lies, and where
 * each CPU's crash_notes buffer is.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/sched/task.h>
#include <linux/sizes.h>
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
 * Read a file of the kernel's (sysfs, procfs) as init sees it: the arming
 * process may live in another mount namespace, or have no /proc at all.
 * Returns the bytes read (NUL-terminated in buf), or an error.
 */
static ssize_t dd_read_initns(const char *path, char *buf, size_t len)
{
	struct path root;
	struct file *f;
	loff_t pos = 0;
	ssize_t n, done = 0;

	task_lock(&init_task);
	get_fs_root(init_task.fs, &root);
	task_unlock(&init_task);
	f = file_open_root(&root, path, O_RDONLY, 0);
	path_put(&root);
	if (IS_ERR(f))
		return PTR_ERR(f);
	while (done < len - 1) {
		n = kernel_read(f, buf + done, len - 1 - done, &pos);
		if (n <= 0)
			break;
		done += n;
	}
	filp_close(f, NULL);
	buf[done] = '\0';
	return done;
}

/* Read a number the kernel prints in sysfs ("%llx\n" or "%u\n"). */
static int dd_read_sysfs_u64(const char *path, unsigned int base, u64 *val)
{
	char buf[32];
	ssize_t n = dd_read_initns(path, buf, sizeof(buf));

	if (n <= 0)
		return n ? n : -EINVAL;
	return kstrtoull(strim(buf), base, val);
}

/*
 * setup_arch() registers the kernel image as "Kernel code" ... "Kernel bss"
 * children of System RAM.  resource_lock is not available to modules, but
 * /proc/iomem walks the tree under it: read that, as kexec-tools does.
 */
static void dd_find_kernel_image(struct dd_sysinfo *s)
{
	const size_t len = SZ_256K;
	char *text = kvmalloc(len, GFP_KERNEL), *line, *next;
	u64 start = 0, end = 0, a, b;

	if (!text || dd_read_initns("/proc/iomem", text, len) <= 0)
		goto out;
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = skip_spaces(line);
		if (sscanf(line, "%llx-%llx :", &a, &b) != 2)
			continue;
		if (strstr(line, ": Kernel code"))
			start = a;
		else if (strstr(line, ": Kernel bss"))
			end = b + 1;
	}
	if (start && end > start) {
		s->kernel_text_paddr = start;
		s->kernel_text_size = end - start;
	}
out:
	kvfree(text);
}

/*
 * crash_notes is not exported to modules, but its physical addresses are
 * published in sysfs for kexec-tools; read them the same way, by CPU id,
 * for every CPU present now.
 */
static void dd_find_crash_notes(struct dd_sysinfo *s)
{
	char path[64];
	unsigned int cpu;
	u64 val;

	if (!dd_read_sysfs_u64("/sys/devices/system/cpu/cpu0/crash_notes_size",
			       10, &val))
		s->crash_notes_size = val;
	for_each_present_cpu(cpu) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%u/crash_notes", cpu);
		if (!dd_read_sysfs_u64(path, 16, &val))
			s->crash_notes[cpu] = val;
	}
}

struct dd_sysinfo *dd_sysinfo_collect(void)
{
	struct dd_sysinfo *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	/* Room for every CPU that may ever come online (CPU hotplug). */
	s->nr_cpus = num_possible_cpus();
	s->crash_notes = kcalloc(nr_cpu_ids, sizeof(*s->crash_notes),
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
