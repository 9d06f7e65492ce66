// SPDX-License-Identifier: GPL-2.0
/*
 * ddcrash: test module that crashes the kernel in a given context, so the
 * scenarios see the dump taken from more places than sysrq-c's process
 * context (issue "the bad day"):
 *
 *   insmod ddcrash.ko kind=bug       BUG() in process context (insmod's);
 *                                    a panic with panic_on_oops=1
 *   insmod ddcrash.ko kind=softirq   a NULL pointer written in a timer
 *                                    callback: an oops in softirq context,
 *                                    always fatal ("in interrupt")
 *   insmod ddcrash.ko kind=hardirq   panic() from an hrtimer callback, in
 *                                    hard interrupt context
 *   insmod ddcrash.ko kind=softlockup  spin with preemption off until the
 *                                    soft-lockup watchdog panics
 *                                    (softlockup_panic=1; about 20 s)
 *
 * Each crash site is a function of its own, kept out of line, so crash's
 * bt can be checked for it by name.
 */
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/timer.h>

static char *kind = "bug";
module_param(kind, charp, 0444);
MODULE_PARM_DESC(kind, "where to crash: bug, softirq, hardirq, softlockup");

static struct timer_list ddcrash_timer;
static struct hrtimer ddcrash_hrtimer;
/* Read at run time, so the compiler cannot see the NULL coming. */
static int *ddcrash_target;

static noinline void ddcrash_bug(void)
{
	BUG();
}

static noinline void ddcrash_timer_fn(struct timer_list *t)
{
	WRITE_ONCE(*READ_ONCE(ddcrash_target), 0xdd);
}

/*
 * panic() is noreturn: called directly as the last thing here, it becomes
 * a jump, and this frame would vanish from the backtrace.  Through a
 * pointer the compiler cannot see that, so the call returns here, in
 * principle.
 */
static void (*ddcrash_panic)(const char *fmt, ...) = panic;

static noinline enum hrtimer_restart ddcrash_hrtimer_fn(struct hrtimer *t)
{
	READ_ONCE(ddcrash_panic)("ddcrash: panic in hard interrupt context");
	return HRTIMER_NORESTART;
}

static noinline void ddcrash_spin(void)
{
	preempt_disable();
	for (;;)
		cpu_relax();
}

static int __init ddcrash_init(void)
{
	pr_info("ddcrash: crashing: %s\n", kind);
	if (!strcmp(kind, "bug")) {
		ddcrash_bug();
	} else if (!strcmp(kind, "softirq")) {
		timer_setup(&ddcrash_timer, ddcrash_timer_fn, 0);
		mod_timer(&ddcrash_timer, jiffies + 1);
	} else if (!strcmp(kind, "hardirq")) {
		hrtimer_init(&ddcrash_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		ddcrash_hrtimer.function = ddcrash_hrtimer_fn;
		hrtimer_start(&ddcrash_hrtimer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	} else if (!strcmp(kind, "softlockup")) {
		ddcrash_spin();
	} else {
		return -EINVAL;
	}
	/* The timers fire on this CPU within a tick or two. */
	msleep(5000);
	pr_err("ddcrash: still alive after crashing (%s)\n", kind);
	return -EIO;
}

module_init(ddcrash_init);
MODULE_DESCRIPTION("diskdump test: crash the kernel in a given context");
MODULE_LICENSE("GPL");
