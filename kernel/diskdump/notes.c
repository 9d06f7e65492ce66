// SPDX-License-Identifier: GPL-2.0
/*
 * The notes area: one NT_PRSTATUS note per CPU present at panic, in CPU
 * order (a missing one would shift every later CPU in crash), each matched
 * to its saved registers by CPU id, then VMCOREINFO.  There is room for
 * every possible CPU, so CPU hotplug after arming changes nothing.
 * These are ELF notes exactly as a vmcore carries them, so savecore copies
 * them into its output unchanged.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/cpumask.h>
#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/io.h>
#include <linux/kexec.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "diskdump.h"

#define DD_CORE_NAME		"CORE"
#define DD_NOTE_HDR		sizeof(struct elf_note)
#define DD_PRSTATUS_NOTE_SIZE	(DD_NOTE_HDR + ALIGN(sizeof(DD_CORE_NAME), 4) + \
				 ALIGN(sizeof(struct elf_prstatus), 4))

size_t dd_notes_max_size(const struct dd_sysinfo *s)
{
	return s->nr_cpus * DD_PRSTATUS_NOTE_SIZE + VMCOREINFO_NOTE_SIZE;
}

static size_t dd_note_size(const struct elf_note *n)
{
	return DD_NOTE_HDR + ALIGN(n->n_namesz, 4) + ALIGN(n->n_descsz, 4);
}

/*
 * One NT_PRSTATUS note at p for task pid with registers regs (NULL: all
 * zero, a CPU whose registers nobody saved); returns the end of the note.
 * x86_64's elf_gregset_t starts with the pt_regs fields in pt_regs order
 * (user_regs_struct); the kernel's own copier also reads the inactive GS
 * base through a helper modules cannot use, and crash needs no segment
 * bases, so those stay zero.
 */
static void *dd_put_prstatus(void *p, pid_t pid, const struct pt_regs *regs)
{
	struct elf_note *n = p;
	struct elf_prstatus prs;

	BUILD_BUG_ON(sizeof(*regs) > sizeof(prs.pr_reg));
	memset(&prs, 0, sizeof(prs));
	prs.common.pr_pid = pid;
	if (regs)
		memcpy(&prs.pr_reg, regs, sizeof(*regs));
	n->n_namesz = sizeof(DD_CORE_NAME);
	n->n_descsz = sizeof(prs);
	n->n_type = NT_PRSTATUS;
	p += DD_NOTE_HDR;
	memset(p, 0, ALIGN(sizeof(DD_CORE_NAME), 4));
	memcpy(p, DD_CORE_NAME, sizeof(DD_CORE_NAME));
	p += ALIGN(sizeof(DD_CORE_NAME), 4);
	memset(p, 0, ALIGN(sizeof(prs), 4));
	memcpy(p, &prs, sizeof(prs));
	return p + ALIGN(sizeof(prs), 4);
}

/*
 * A CPU stopped by this module's helper NMI (helpers.c) or the kernel's
 * own (crash_kexec_post_notifiers) left its registers in its crash_notes
 * buffer; copy that note if it is one.  Returns false when the buffer holds nothing usable.
 */
static bool dd_copy_saved_prstatus(void *dst, phys_addr_t paddr, size_t size)
{
	const struct elf_note *n;

	if (!paddr || size < DD_PRSTATUS_NOTE_SIZE)
		return false;
	n = phys_to_virt(paddr);
	if (n->n_type != NT_PRSTATUS || n->n_namesz != sizeof(DD_CORE_NAME) ||
	    n->n_descsz != sizeof(struct elf_prstatus) ||
	    memcmp(n + 1, DD_CORE_NAME, sizeof(DD_CORE_NAME)))
		return false;
	memcpy(dst, n, DD_PRSTATUS_NOTE_SIZE);
	return true;
}

/*
 * A helper CPU's registers into its crash_notes buffer, as the kernel's
 * stopper would have put them there: a kdump kernel started after the
 * dump (kexec with crash_kexec_post_notifiers) reads them from it.
 */
void dd_notes_save_cpu(const struct dd_sysinfo *s, unsigned int cpu,
		       const struct pt_regs *regs)
{
	void *p;

	if (!s || cpu >= nr_cpu_ids || !s->crash_notes[cpu] ||
	    s->crash_notes_size < DD_PRSTATUS_NOTE_SIZE + DD_NOTE_HDR)
		return;
	p = dd_put_prstatus(phys_to_virt(s->crash_notes[cpu]), current->pid, regs);
	memset(p, 0, DD_NOTE_HDR);	/* the empty note that ends them */
}

/*
 * The VMCOREINFO note, with the CRASHTIME line the kernel's own crash path
 * appends to it (crash_save_vmcoreinfo()) and that is never there when no
 * kexec image took the panic.  Readers take it for the mark of a dump
 * taken at a crash rather than of a running kernel: drgn then finds each
 * CPU's registers in its crash_notes, as it does in kdump's vmcores.
 */
static size_t dd_copy_vmcoreinfo(void *dst, time64_t crash_time)
{
	const struct elf_note *n = phys_to_virt(paddr_vmcoreinfo_note());
	size_t size = dd_note_size(n), hdr = size - ALIGN(n->n_descsz, 4);
	struct elf_note *copy = dst;
	char *desc = dst + hdr;
	int len;

	if (!n->n_namesz || size > VMCOREINFO_NOTE_SIZE)
		return 0;
	memcpy(dst, n, size);
	/* The kernel's text has no terminating NUL; trailing ones are padding. */
	while (copy->n_descsz && !desc[copy->n_descsz - 1])
		copy->n_descsz--;
	if (copy->n_descsz >= VMCOREINFO_BYTES ||
	    hdr + VMCOREINFO_BYTES > VMCOREINFO_NOTE_SIZE ||
	    strnstr(desc, "CRASHTIME=", copy->n_descsz))
		return size;
	len = snprintf(desc + copy->n_descsz, VMCOREINFO_BYTES - copy->n_descsz,
		       "CRASHTIME=%lld\n", (long long)crash_time);
	if (len <= 0 || copy->n_descsz + len >= VMCOREINFO_BYTES) {
		copy->n_descsz = n->n_descsz;
		return size;
	}
	copy->n_descsz += len;
	size = hdr + ALIGN(copy->n_descsz, 4);
	memset(desc + copy->n_descsz, 0, size - hdr - copy->n_descsz);
	return size;
}

/*
 * Build the notes into buf (at least dd_notes_max_size() bytes).  The
 * panicking CPU's registers come from panic_regs: nobody else saves them
 * when no kexec image is loaded.  They go into that CPU's crash_notes
 * too, before any page is written, as the kernel's crash path puts them
 * there: a reader such as drgn looks for every CPU's registers in the
 * crash_notes of the dumped memory, not in the notes' order.
 */
size_t dd_notes_build(void *buf, size_t size, const struct dd_sysinfo *s,
		      const struct pt_regs *panic_regs, int panic_cpu,
		      time64_t crash_time, bool *others_saved, u32 *nr_notes)
{
	unsigned int cpu, i = 0;
	void *p = buf;

	if (size < dd_notes_max_size(s))
		return 0;
	*others_saved = num_present_cpus() > 1;
	for_each_present_cpu(cpu) {
		if (i == s->nr_cpus)
			break;
		if (cpu == panic_cpu) {
			p = dd_put_prstatus(p, current->pid, panic_regs);
			dd_notes_save_cpu(s, cpu, panic_regs);
		} else if (dd_copy_saved_prstatus(p, s->crash_notes[cpu],
						  s->crash_notes_size)) {
			p += DD_PRSTATUS_NOTE_SIZE;
		} else if (dd_helper_regs(cpu)) {
			/* A helper on a kernel without crash_notes. */
			p = dd_put_prstatus(p, 0, dd_helper_regs(cpu));
		} else {
			/* Keep the CPU's place so later CPUs stay in order. */
			p = dd_put_prstatus(p, 0, NULL);
			*others_saved = false;
		}
		i++;
	}
	*nr_notes = i;
	p += dd_copy_vmcoreinfo(p, crash_time);
	return p - buf;
}
