// SPDX-License-Identifier: GPL-2.0
/*
 * The panic notifier.  By the time it runs, panic() has stopped the other
 * CPUs (by NMI, saving their registers, when crash_kexec_post_notifiers is
 * set: then through helpers.c, and they fill chunks until it is done) and
 * interrupts are off; jiffies no longer move.  It runs once, dumps
 * to each armed target in turn until one succeeds, and returns so that
 * panic() can reboot after panic= seconds as it always does.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/atomic.h>
#include <linux/kallsyms.h>
#include <linux/kexec.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/unwind.h>

#include "diskdump.h"

/* Where the panic notifier is: before, inside or after the dump. */
enum { DD_PANIC_NONE, DD_PANIC_DUMPING, DD_PANIC_DONE };
static atomic_t dd_panic_state = ATOMIC_INIT(DD_PANIC_NONE);
static struct dd_panic_info dd_pi;

/*
 * The panicking CPU's registers for its NT_PRSTATUS note: those of panic()
 * itself at its call into the notifier chain, as kdump's note holds those
 * of __crash_kexec() (where panic() wraps vpanic(), vpanic()'s: 6.12's
 * nmi_panic() calls vpanic() straight, without a panic() frame).
 * Registers taken here would point into this module, whose ORC data a
 * debugger only has if it reads it from the dump; found with the kernel's
 * unwinder, they leave only vmlinux frames to unwind.
 * (crash itself starts the panicking task's backtrace at disk_dump(), see
 * diskdump.h.)
 */
/*
 * The call instruction before the return address ip, where the registers
 * stand as they were at the call: a debugger takes the first frame's ip as
 * the instruction about to run, and at the return address it would name
 * whatever GCC inlined after the call (panic_print_sys_info) instead of
 * panic().  Only a direct call (E8 rel32) is known to be five bytes.
 */
static unsigned long dd_call_site(unsigned long ip)
{
	u8 opcode;

	if (copy_from_kernel_nofault(&opcode, (void *)(ip - 5), 1) || opcode != 0xe8)
		return ip;
	return ip - 5;
}

static void dd_panic_context(struct pt_regs *regs)
{
	static char name[KSYM_SYMBOL_LEN];
	struct unwind_state state;
	unsigned long ip;

	crash_setup_regs(regs, NULL);
	for (unwind_start(&state, current, NULL, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		ip = unwind_get_return_address(&state);
		if (!ip)
			break;
		sprint_symbol_no_offset(name, ip);
		if (!strcmp(name, "panic") || !strcmp(name, "vpanic")) {
			regs->ip = dd_call_site(ip);
			regs->sp = state.sp;
			regs->bp = state.bp;
			break;
		}
	}
}

static int dd_panic_event(struct notifier_block *nb, unsigned long event,
			  void *msg)
{
	struct dd_panic_info *pi = &dd_pi;
	bool armed = false;
	int i;

	/*
	 * A panic inside the dump (an oops in the dump path: panic() lets
	 * the CPU that owns it in again) must not start another one.  The
	 * header on disk keeps IN_PROGRESS, which savecore reports as a dump
	 * that did not finish, and panic() goes on to reboot.
	 */
	switch (atomic_cmpxchg(&dd_panic_state, DD_PANIC_NONE, DD_PANIC_DUMPING)) {
	case DD_PANIC_NONE:
		break;
	case DD_PANIC_DUMPING:
		pr_emerg("panic during the dump: not dumping again; the dump stays incomplete\n");
		return NOTIFY_DONE;
	default:
		return NOTIFY_DONE;
	}

	dd_panic_context(&pi->regs);
	pi->start_ns = dd_clock_ns();
	pi->cpu = raw_smp_processor_id();
	pi->msg = msg;

	for (i = 0; i < DD_MAX_TARGETS; i++) {
		/* Pairs with smp_store_release() in dd_arm(). */
		struct dd_target *t = smp_load_acquire(&dd_targets[i]);

		if (!t)
			continue;
		armed = true;
		if (READ_ONCE(t->gone)) {
			pr_emerg("%s went away after arming; not writing to it\n",
				 t->disk.description);
			continue;
		}
		pr_emerg("dumping to %s\n", t->disk.description);
		if (!disk_dump(t, pi)) {
			dd_helpers_release();
			atomic_set(&dd_panic_state, DD_PANIC_DONE);
			return NOTIFY_DONE;
		}
		pr_emerg("dump to %s failed; trying the next device\n",
			 t->disk.description);
	}
	if (armed)
		pr_emerg("no complete dump was written\n");
	dd_helpers_release();
	atomic_set(&dd_panic_state, DD_PANIC_DONE);
	return NOTIFY_DONE;
}

/* Before other notifiers, which may touch the hardware we are about to use. */
static struct notifier_block dd_panic_nb = {
	.notifier_call	= dd_panic_event,
	.priority	= INT_MAX,
};

int dd_panic_init(void)
{
	int ret = dd_helpers_init();

	if (ret)
		return ret;
	ret = atomic_notifier_chain_register(&panic_notifier_list, &dd_panic_nb);
	if (ret)
		dd_helpers_exit();
	return ret;
}

void dd_panic_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &dd_panic_nb);
	dd_helpers_exit();
}
