// SPDX-License-Identifier: GPL-2.0
/*
 * Helper CPUs: the CPUs that panic() stops fill chunks for the panicking
 * one instead of sitting idle while it compresses every page alone.
 *
 * With crash_kexec_post_notifiers set (diskdumpctl sets it when it arms),
 * panic() stops the other CPUs through smp_ops.crash_stop_other_cpus
 * before it calls the panic notifiers; on x86 the kernel's own stopper
 * sends every other CPU an NMI whose handler saves the CPU's registers and
 * halts it there for good.  This module puts its own stopper in that place
 * while it is loaded.  It sends the NMI the same way, but the handler it
 * registered at load time saves the registers (here, for the dump's
 * notes, and in the CPU's crash_notes as the kernel would, for a kdump
 * kernel that may run after us), then fills the chunk slots the panicking
 * CPU lists, and halts only when the dump is over.  A helper never
 * returns from the NMI: the code it interrupted never runs again, as
 * with the kernel's stopper.
 *
 * A CPU that does not answer within a second (one already spinning in
 * NMI context because it panicked too, where NMIs are blocked) is left to
 * the kernel's stopper, called then: its rescue path for such CPUs saves
 * their registers.  The dump goes on with the helpers that came.
 *
 * What the kernel's stopper does besides, and this one does not (the
 * functions are not exported): turn VMX/SVM off and the local APIC and
 * Intel PT on the stopped CPUs.  Only a kdump kernel started after the
 * dump, on a machine running KVM guests, could miss that: its INIT-SIPI
 * bring-up of CPUs left in VMX root operation is blocked.  The emergency
 * reboot after our dump is not: its NMI shootdown (taken where the CPU
 * has VMX or SVM) waits its second for the halted helpers, which cannot
 * take a second NMI, then the machine is reset through ACPI, the keyboard
 * controller or port CF9h, platform resets that VMX does not block.
 *
 * Only the kernel's native stopper is replaced (it is found by name): a
 * hypervisor's own, or another's, is left in place, and the panicking
 * CPU then works alone.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/kallsyms.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include <asm/smp.h>

#include "diskdump.h"

/* How long the panicking CPU waits for the others, as the kernel does. */
#define DD_HELPER_WAIT_MS	1000
/*
 * How long a helper waits for a dump to start.  Stopped without one to
 * come (panic() kexecs into a kdump kernel before the notifiers when
 * crash_kexec_post_notifiers was turned off again), it halts instead of
 * spinning for ever.
 */
#define DD_HELPER_IDLE_MS	10000

static struct {
	atomic_t		stopping;	/* our NMIs are on their way */
	int			panic_cpu;
	atomic_t		arrived;	/* helpers, numbered as they came */
	struct dd_target	*target;	/* whose chunks to fill, or NULL */
	bool			over;		/* the dump is over: halt */
	struct cpumask		others;
} dd_h;

/* Each helper's registers where the NMI found it, for the notes. */
static DEFINE_PER_CPU(struct pt_regs, dd_helper_saved_regs);
static struct cpumask dd_helper_saved;

static void (*dd_kernel_stop)(void);
static bool dd_installed;

/* A helper's life after it arrived: fill and check chunks until the dump is over. */
static void dd_helper_work(unsigned int me)
{
	struct dd_deadline idle;
	struct dd_target *t;
	bool started = false;

	dd_deadline_start(&idle, DD_HELPER_IDLE_MS);
	while (!READ_ONCE(dd_h.over)) {
		/* Pairs with the release in dd_helpers_start(). */
		t = smp_load_acquire(&dd_h.target);
		if (t)
			started = true;
		else if (!started && dd_deadline_passed(&idle))
			return;
		if (t && dd_worker_retired(t, me))
			return;		/* taken for wedged: halt */
		if (t && me < t->nr_workers && dd_work_one(t, me))
			continue;
		cpu_relax();
	}
}

static int dd_helper_nmi(unsigned int type, struct pt_regs *regs)
{
	unsigned int cpu = raw_smp_processor_id();

	/* Pairs with the release in dd_stop_other_cpus(). */
	if (!atomic_read_acquire(&dd_h.stopping) || cpu == READ_ONCE(dd_h.panic_cpu))
		return NMI_DONE;
	*this_cpu_ptr(&dd_helper_saved_regs) = *regs;
	cpumask_set_cpu(cpu, &dd_helper_saved);
	dd_notes_save_cpu(READ_ONCE(dd_sys), cpu, regs);
	dd_helper_work(atomic_inc_return(&dd_h.arrived));
	for (;;)
		halt();
	return NMI_HANDLED;
}

static bool dd_anything_armed(void)
{
	int i;

	for (i = 0; i < DD_MAX_TARGETS; i++)
		if (READ_ONCE(dd_targets[i]))
			return true;
	return false;
}

/* smp_ops.crash_stop_other_cpus while this module is loaded. */
static void dd_stop_other_cpus(void)
{
	unsigned int want, msecs = DD_HELPER_WAIT_MS;
	int cpu;

	if (!dd_anything_armed()) {
		dd_kernel_stop();
		return;
	}
	local_irq_disable();
	cpu = raw_smp_processor_id();
	dd_h.panic_cpu = cpu;
	cpumask_copy(&dd_h.others, cpu_online_mask);
	cpumask_clear_cpu(cpu, &dd_h.others);
	want = cpumask_weight(&dd_h.others);
	atomic_set_release(&dd_h.stopping, 1);
	if (!want)
		return;
	apic->send_IPI_mask(&dd_h.others, NMI_VECTOR);
	while (atomic_read(&dd_h.arrived) < want && msecs--)
		mdelay(1);
	if (atomic_read(&dd_h.arrived) < want) {
		pr_emerg("%u of %u other CPUs did not answer the stop NMI; stopping them the kernel's way\n",
			 want - atomic_read(&dd_h.arrived), want);
		dd_kernel_stop();
	}
}

void dd_helpers_start(struct dd_target *t)
{
	/* The target's jobs and fill settings before the pointer. */
	smp_store_release(&dd_h.target, t);
}

void dd_helpers_stop(void)
{
	WRITE_ONCE(dd_h.target, NULL);
}

void dd_helpers_release(void)
{
	WRITE_ONCE(dd_h.target, NULL);
	WRITE_ONCE(dd_h.over, true);
}

unsigned int dd_helpers_arrived(void)
{
	return atomic_read(&dd_h.arrived);
}

/* The registers a helper CPU had when it stopped, or NULL. */
const struct pt_regs *dd_helper_regs(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, &dd_helper_saved))
		return NULL;
	return per_cpu_ptr(&dd_helper_saved_regs, cpu);
}

int dd_helpers_init(void)
{
	char name[KSYM_SYMBOL_LEN];
	int ret;

	/*
	 * Only where the kernel stops CPUs for a crash through smp_ops with
	 * its own stopper (x86 without a hypervisor's): elsewhere the
	 * panicking CPU works alone.
	 */
	dd_kernel_stop = READ_ONCE(smp_ops.crash_stop_other_cpus);
	if (!dd_kernel_stop)
		return 0;
	sprint_symbol_no_offset(name, (unsigned long)dd_kernel_stop);
	if (strcmp(name, "kdump_nmi_shootdown_cpus")) {
		pr_info("helper CPUs off: the crash stopper in place is %s, not the kernel's own; it is left there\n",
			name);
		return 0;
	}
	ret = register_nmi_handler(NMI_LOCAL, dd_helper_nmi, 0, "diskdump");
	if (ret)
		return ret;
	WRITE_ONCE(smp_ops.crash_stop_other_cpus, dd_stop_other_cpus);
	dd_installed = true;
	return 0;
}

void dd_helpers_exit(void)
{
	if (!dd_installed)
		return;
	/* Unless someone else has since put theirs there. */
	cmpxchg(&smp_ops.crash_stop_other_cpus, dd_stop_other_cpus, dd_kernel_stop);
	unregister_nmi_handler(NMI_LOCAL, "diskdump");
	dd_installed = false;
}
