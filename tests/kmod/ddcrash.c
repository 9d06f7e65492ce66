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
 *   insmod ddcrash.ko kind=hardlockup  lock another CPU: a kernel thread
 *                                    bound to it spins with interrupts
 *                                    off and says so in the log, with
 *                                    "DDTEST nmi-now" for the test's
 *                                    run-qemu -n.  RCU grace periods stop,
 *                                    so insmod may never return.  Nothing panics by
 *                                    itself: under QEMU TCG there
 *                                    is no PMU, so no NMI watchdog; the
 *                                    scenario sends an NMI, as an operator
 *                                    presses the NMI button of a hung box.
 *   insmod ddcrash.ko kind=blkirq    arm a kprobe on virtqueue_disable_cb(),
 *                                    which virtio-blk's interrupt handler
 *                                    virtblk_done() calls with the
 *                                    virtqueue's lock held: the next
 *                                    virtio-blk interrupt panics there, so
 *                                    the hook must do without that lock
 *   insmod ddcrash.ko kind=twopanic  two kernel threads, on CPUs 0 and 1,
 *                                    meet and call panic() at the same
 *                                    moment
 *   insmod ddcrash.ko kind=dumpfault arm kprobes on diskdump's
 *                                    dd_io_queue() and dd_io_queue_segs()
 *                                    that dereference a bad pointer on
 *                                    their fault_after'th call (a
 *                                    fault inside the dump path, once a
 *                                    crash has started the dump); insmod
 *                                    returns, the caller crashes
 *   insmod ddcrash.ko kind=latepanic send another CPU an NMI whose handler
 *                                    holds it (past panic()'s 1 s wait for
 *                                    the other CPUs to stop) until the log
 *                                    says the dump started, then panics;
 *                                    meanwhile panic() here: the second
 *                                    panic comes during the dump
 *   insmod ddcrash.ko kind=scribble  send another CPU an NMI whose handler
 *                                    holds it and writes to a page of
 *                                    kernel memory for good, as a device
 *                                    that goes on writing to RAM after
 *                                    the panic would; then panic() here:
 *                                    the dump must not keep a chunk whose
 *                                    page changed while it was written
 *   insmod ddcrash.ko kind=scribblefree
 *                                    the same, but the page lies inside a
 *                                    block of free memory (freed just
 *                                    before, as a device may go on writing
 *                                    to a buffer freed under it): free
 *                                    pages go to the disk from RAM, so the
 *                                    check after the write must see it;
 *                                    a kprobe on dd_io_queue_segs() waits
 *                                    there until the scribbler has written
 *                                    once more, so that the page changes
 *                                    between a chunk's hash and its check
 *                                    however the host schedules the vCPUs
 *
 * Each crash site is a function of its own, kept out of line, so crash's
 * bt can be checked for it by name.
 */
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/hrtimer.h>
#include <linux/kprobes.h>
#include <linux/kmsg_dump.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nmi.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include <linux/timer.h>
#include <linux/version.h>
#include <linux/virtio.h>

static char *kind = "bug";
module_param(kind, charp, 0444);
MODULE_PARM_DESC(kind, "where to crash: bug, softirq, hardirq, softlockup, hardlockup, blkirq, twopanic, dumpfault, latepanic, scribble, scribblefree");
static int fault_after = 40;
module_param(fault_after, int, 0444);
MODULE_PARM_DESC(fault_after, "dumpfault: the dd_io_queue() or _segs() call that faults");

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
static __printf(1, 2) void (*ddcrash_panic)(const char *fmt, ...) = panic;

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

static noinline int ddcrash_hardlockup(void *unused)
{
	local_irq_disable();
	pr_info("ddcrash: CPU %d locked with interrupts off\n", raw_smp_processor_id());
	/*
	 * The test's run-qemu -n sends the NMI when it reads this: after a
	 * moment, so the other CPUs have gone quiet (insmod waiting, the
	 * shell asleep) rather than being caught in a context switch.
	 */
	mdelay(500);
	pr_info("DDTEST nmi-now\n");
	for (;;)
		cpu_relax();
	return 0;
}

static noinline void ddcrash_in_blk_irq(void)
{
	READ_ONCE(ddcrash_panic)("ddcrash: panic in virtio-blk's interrupt handler, %s",
				 "virtqueue lock held");
}

/* virtio-blk names its request queues "req.N" (polled ones "req_poll.N"). */
static int ddcrash_vq_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct virtqueue *vq = (struct virtqueue *)regs_get_kernel_argument(regs, 0);

	if (in_hardirq() && vq && vq->name && !strncmp(vq->name, "req.", 4))
		ddcrash_in_blk_irq();
	return 0;
}

static struct kprobe ddcrash_vq_probe = {
	.symbol_name	= "virtqueue_disable_cb",
	.pre_handler	= ddcrash_vq_pre,
};

static atomic_t ddcrash_arrived = ATOMIC_INIT(0);

/*
 * Each thread first sleeps while insmod finishes and exits: a CPU caught by
 * the stop NMI on its entry trampoline stack, between user and kernel,
 * defeats crash's bt (as on a kdump vmcore), and the test wants every CPU
 * unwound.  Then each waits for the other where it can still be scheduled
 * away (insmod, on one of these CPUs, has the second one to wake), and both
 * go at once.
 */
static noinline int ddcrash_panic_together(void *unused)
{
	msleep(500);
	atomic_inc(&ddcrash_arrived);
	while (atomic_read(&ddcrash_arrived) < 2) {
		cond_resched();
		cpu_relax();
	}
	local_irq_disable();
	READ_ONCE(ddcrash_panic)("ddcrash: two CPUs panic at once (this is CPU %d)",
				 raw_smp_processor_id());
	return 0;
}

static int ddcrash_two_panics(void)
{
	struct task_struct *t[2];
	unsigned int cpu;
	int i;

	if (num_online_cpus() < 2)
		return -ENODEV;
	for (i = 0; i < 2; i++) {
		cpu = i ? cpumask_next(cpumask_first(cpu_online_mask), cpu_online_mask)
			: cpumask_first(cpu_online_mask);
		t[i] = kthread_create(ddcrash_panic_together, NULL, "ddcrash/%u", cpu);
		if (IS_ERR(t[i]))
			return PTR_ERR(t[i]);	/* the first one waits for ever */
		kthread_bind(t[i], cpu);
	}
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	return 0;
}

static atomic_t ddcrash_io_calls = ATOMIC_INIT(0);

static noinline void ddcrash_fault_in_dump(void)
{
	WRITE_ONCE(*READ_ONCE(ddcrash_target), 0xdd);
}

static int ddcrash_io_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (atomic_inc_return(&ddcrash_io_calls) == fault_after)
		ddcrash_fault_in_dump();
	return 0;
}

static struct kprobe ddcrash_io_probe = {
	.symbol_name	= "dd_io_queue",
	.pre_handler	= ddcrash_io_pre,
};

/* Pages straight from RAM are queued here instead; they count the same. */
static struct kprobe ddcrash_segs_probe = {
	.symbol_name	= "dd_io_queue_segs",
	.pre_handler	= ddcrash_io_pre,
};

/* The kprobes a kind armed, for module exit. */
static struct kprobe *ddcrash_probe, *ddcrash_probe2;

static int ddcrash_arm_probe(struct kprobe *kp)
{
	int ret = register_kprobe(kp);

	if (!ret)
		ddcrash_probe = kp;
	return ret;
}

/* Both ways the dump queues requests. */
static int ddcrash_arm_io_probes(void)
{
	int ret = ddcrash_arm_probe(&ddcrash_io_probe);

	if (ret)
		return ret;
	ret = register_kprobe(&ddcrash_segs_probe);
	if (!ret)
		ddcrash_probe2 = &ddcrash_segs_probe;
	return ret;
}

static int ddcrash_late_cpu = -1;
static atomic_t ddcrash_late_inside = ATOMIC_INIT(0);
static bool ddcrash_late_registered;

/* An int, so the call is not a tail jump that drops this frame from bt. */
static noinline int ddcrash_late_panic(void)
{
	READ_ONCE(ddcrash_panic)("ddcrash: a second panic, during the dump");
	return -EIO;
}

/*
 * Whether diskdump has said "dumping to" in the kernel log.  A fixed delay
 * is not enough: under TCG the first CPU's console output before the stop
 * can outlast it.
 */
static bool ddcrash_dump_started(void)
{
	static char line[256];
	struct kmsg_dump_iter iter;
	size_t len;

	kmsg_dump_rewind(&iter);
	while (kmsg_dump_get_line(&iter, false, line, sizeof(line) - 1, &len)) {
		line[len] = '\0';
		if (strstr(line, "diskdump: dumping to"))
			return true;
	}
	return false;
}

/* Until the dump has started (at most 10 s), then a moment into it. */
static int ddcrash_late_work(void)
{
	int i;

	for (i = 0; i < 1000 && !ddcrash_dump_started(); i++)
		mdelay(10);
	mdelay(100);
	pr_emerg("ddcrash: CPU %d panics now, during the dump\n", raw_smp_processor_id());
	return ddcrash_late_panic();
}

/* What the CPU held in an NMI does there (latepanic, scribble). */
static int (*ddcrash_held_work)(void);

/*
 * NMI context, interrupts and NMIs blocked: the stop NMI from the CPU that
 * panicked first stays pending, so this CPU never stops for it.
 */
static int ddcrash_held_nmi(unsigned int type, struct pt_regs *regs)
{
	if (raw_smp_processor_id() != READ_ONCE(ddcrash_late_cpu) ||
	    atomic_xchg(&ddcrash_late_inside, 1))
		return NMI_DONE;
	return ddcrash_held_work() ? NMI_HANDLED : NMI_DONE;
}

static noinline int ddcrash_first_panic(void)
{
	READ_ONCE(ddcrash_panic)("ddcrash: the first panic, CPU %d held in an NMI",
				 READ_ONCE(ddcrash_late_cpu));
	return -EIO;
}

/*
 * Send another CPU an NMI that handler holds it in, and wait until it is
 * there; returns with preemption off, or an error with it on.
 */
static int ddcrash_hold_other_cpu(int (*work)(void))
{
	int cpu, ret;

	preempt_disable();
	cpu = cpumask_any_but(cpu_online_mask, smp_processor_id());
	if (cpu >= nr_cpu_ids) {
		preempt_enable();
		return -ENODEV;
	}
	WRITE_ONCE(ddcrash_late_cpu, cpu);
	ddcrash_held_work = work;
	ret = register_nmi_handler(NMI_LOCAL, ddcrash_held_nmi, 0, "ddcrash");
	if (ret) {
		preempt_enable();
		return ret;
	}
	ddcrash_late_registered = true;
	apic->send_IPI(cpu, NMI_VECTOR);
	while (!atomic_read(&ddcrash_late_inside))
		cpu_relax();
	return 0;
}

static int ddcrash_panic_twice(void)
{
	int ret = ddcrash_hold_other_cpu(ddcrash_late_work);

	if (ret)
		return ret;
	ret = ddcrash_first_panic();
	preempt_enable();
	return ret;
}

static u64 *ddcrash_scribble_page;
static u64 ddcrash_scribbled;	/* words written so far */

/* Write to the page for good, a word at a time, every microsecond. */
static int ddcrash_scribble_work(void)
{
	u64 n;

	for (n = 1;; n++) {
		WRITE_ONCE(ddcrash_scribble_page[n % (PAGE_SIZE / sizeof(u64))], n);
		WRITE_ONCE(ddcrash_scribbled, n);
		udelay(1);
	}
	return 0;
}

/*
 * Before the dump queues a chunk that goes from RAM (hashed, not yet
 * checked): wait until the scribbler has written once more.  Under TCG
 * the scribbling vCPU's host thread can be off its core for the few
 * milliseconds between a chunk's hash and its check, and then the page
 * did not change in that window (seen once in CI: 0 chunks written
 * again); a device writing to RAM would not pause so.  At most 100 ms,
 * so that a scribbler that stopped leaves the check to fail.
 */
static int ddcrash_scribble_wait_pre(struct kprobe *p, struct pt_regs *regs)
{
	u64 seen = READ_ONCE(ddcrash_scribbled);
	unsigned int us;

	for (us = 0; us < 100 * USEC_PER_MSEC && READ_ONCE(ddcrash_scribbled) == seen; us++)
		udelay(1);
	return 0;
}

static struct kprobe ddcrash_scribble_probe = {
	.symbol_name	= "dd_io_queue_segs",
	.pre_handler	= ddcrash_scribble_wait_pre,
};

static noinline int ddcrash_scribble_panic(void)
{
	READ_ONCE(ddcrash_panic)("ddcrash: panic while CPU %d writes to memory",
				 READ_ONCE(ddcrash_late_cpu));
	return -EIO;
}

/* The largest buddy order: freed, such a block goes straight to the buddy lists. */
#ifdef MAX_PAGE_ORDER
#define DDCRASH_FREE_ORDER	MAX_PAGE_ORDER
#else
#define DDCRASH_FREE_ORDER	(MAX_ORDER - 1)
#endif

/*
 * A page in the middle of a free block (not its first page, which alone
 * is marked PageBuddy): allocated zeroed, then freed whole.
 */
static u64 *ddcrash_free_page(void)
{
	struct page *block = alloc_pages(GFP_KERNEL | __GFP_ZERO, DDCRASH_FREE_ORDER);
	u64 *page;

	if (!block)
		return NULL;
	page = page_address(block + (1 << DDCRASH_FREE_ORDER) / 2 + 1);
	__free_pages(block, DDCRASH_FREE_ORDER);
	return page;
}

static int ddcrash_scribble(bool free)
{
	int ret;

	ddcrash_scribble_page = free ? ddcrash_free_page() :
				       (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!ddcrash_scribble_page)
		return -ENOMEM;
	pr_info("DDTEST scribble pfn %#llx%s\n",
		(u64)virt_to_phys(ddcrash_scribble_page) >> PAGE_SHIFT,
		free ? " (free)" : "");
	if (free) {
		ret = ddcrash_arm_probe(&ddcrash_scribble_probe);
		if (ret)
			return ret;
	}
	ret = ddcrash_hold_other_cpu(ddcrash_scribble_work);
	if (ret)
		return ret;
	ret = ddcrash_scribble_panic();
	preempt_enable();
	return ret;
}

/* Any CPU but the one insmod runs on, so the shell goes on elsewhere. */
static int ddcrash_lock_other_cpu(void)
{
	unsigned int cpu = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	struct task_struct *t;

	if (cpu >= nr_cpu_ids)
		return -ENODEV;
	t = kthread_create(ddcrash_hardlockup, NULL, "ddcrash/%u", cpu);
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, cpu);
	wake_up_process(t);
	return 0;
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
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
		/* hrtimer_init() is gone in 7.x; hrtimer_setup() came in 6.13. */
		hrtimer_setup(&ddcrash_hrtimer, ddcrash_hrtimer_fn, CLOCK_MONOTONIC,
			      HRTIMER_MODE_REL_HARD);
#else
		hrtimer_init(&ddcrash_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		ddcrash_hrtimer.function = ddcrash_hrtimer_fn;
#endif
		hrtimer_start(&ddcrash_hrtimer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	} else if (!strcmp(kind, "softlockup")) {
		ddcrash_spin();
	} else if (!strcmp(kind, "hardlockup")) {
		return ddcrash_lock_other_cpu();
	} else if (!strcmp(kind, "latepanic")) {
		return ddcrash_panic_twice();
	} else if (!strcmp(kind, "scribble")) {
		return ddcrash_scribble(false);
	} else if (!strcmp(kind, "scribblefree")) {
		return ddcrash_scribble(true);
	} else if (!strcmp(kind, "twopanic")) {
		return ddcrash_two_panics();
	} else if (!strcmp(kind, "dumpfault")) {
		return ddcrash_arm_io_probes();
	} else if (!strcmp(kind, "blkirq")) {
		return ddcrash_arm_probe(&ddcrash_vq_probe);
	} else {
		return -EINVAL;
	}
	/* The timers fire on this CPU within a tick or two. */
	msleep(5000);
	pr_err("ddcrash: still alive after crashing (%s)\n", kind);
	return -EIO;
}

static void __exit ddcrash_exit(void)
{
	if (ddcrash_probe2)
		unregister_kprobe(ddcrash_probe2);
	if (ddcrash_probe)
		unregister_kprobe(ddcrash_probe);
	if (ddcrash_late_registered)
		unregister_nmi_handler(NMI_LOCAL, "ddcrash");
}

module_init(ddcrash_init);
module_exit(ddcrash_exit);
MODULE_DESCRIPTION("diskdump test: crash the kernel in a given context");
MODULE_LICENSE("GPL");
