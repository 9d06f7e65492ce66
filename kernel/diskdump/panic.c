// SPDX-License-Identifier: GPL-2.0
/*
 * The panic notifier.  By the time it runs, panic() has stopped the other
 * CPUs (by NMI, saving their registers, when crash_kexec_post_notifiers is
 * set) and interrupts are off; jiffies no longer move.  It runs once, dumps
 * to each armed target in turn until one succeeds, and returns so that
 * panic() can reboot after panic= seconds as it always does.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/atomic.h>
#include <linux/kexec.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>

#include "diskdump.h"

static atomic_t dd_panicked = ATOMIC_INIT(0);
static struct dd_panic_info dd_pi;

struct pt_regs dd_caller_regs;

/*
 * The panicking CPU's registers as notifier_call_chain() has them when this
 * notifier returns: what panic_entry.S saved, completed with the segment
 * and flag registers, which are the same here as there.
 */
static void dd_caller_context(struct pt_regs *regs)
{
	crash_setup_regs(regs, NULL);
	regs->r15 = dd_caller_regs.r15;
	regs->r14 = dd_caller_regs.r14;
	regs->r13 = dd_caller_regs.r13;
	regs->r12 = dd_caller_regs.r12;
	regs->bp = dd_caller_regs.bp;
	regs->bx = dd_caller_regs.bx;
	regs->ip = dd_caller_regs.ip;
	regs->sp = dd_caller_regs.sp;
}

int dd_panic_event(struct notifier_block *nb, unsigned long event, void *msg)
{
	struct dd_panic_info *pi = &dd_pi;
	bool armed = false;
	int i;

	/* A panic inside the dump must not start another one. */
	if (atomic_xchg(&dd_panicked, 1))
		return NOTIFY_DONE;

	dd_caller_context(&pi->regs);
	pi->start_ns = dd_clock_ns();
	pi->cpu = raw_smp_processor_id();
	pi->msg = msg;

	for (i = 0; i < DD_MAX_TARGETS; i++) {
		/* Pairs with smp_store_release() in dd_arm(). */
		struct dd_target *t = smp_load_acquire(&dd_targets[i]);

		if (!t)
			continue;
		armed = true;
		pr_emerg("dumping to %s\n", t->disk.description);
		if (!dd_write_dump(t, pi))
			return NOTIFY_DONE;
		pr_emerg("dump to %s failed; trying the next device\n",
			 t->disk.description);
	}
	if (armed)
		pr_emerg("no dump was written\n");
	return NOTIFY_DONE;
}

/* Before other notifiers, which may touch the hardware we are about to use. */
static struct notifier_block dd_panic_nb = {
	.notifier_call	= dd_panic_entry,
	.priority	= INT_MAX,
};

int dd_panic_init(void)
{
	return atomic_notifier_chain_register(&panic_notifier_list,
					      &dd_panic_nb);
}

void dd_panic_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &dd_panic_nb);
}
