// SPDX-License-Identifier: GPL-2.0
/*
 * ddsealspeed: how fast this machine can seal (tests/bench), so that the
 * benchmark can tell a sealed dump held back by its own path from one
 * held back by the CPUs' arithmetic.
 *
 * At load, every online CPU at once (as the panicking CPU and the
 * helpers at panic) seals mib MiB, 1 MiB at a time, with what the dump
 * seals with: the ChaCha20 of include/diskdump/chacha20_xor.h, the very
 * header diskdump.ko builds, and the kernel's generic Poly1305 core.
 * The result, MB/s over the wall-clock time of all of them, is in
 * /sys/module/ddsealspeed/parameters/mbps and in the kernel log.
 */
#include <crypto/internal/poly1305.h>
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "diskdump/chacha20_xor.h"

#define BUF_BYTES	SZ_1M

static unsigned int mib = 256;
module_param(mib, uint, 0444);
MODULE_PARM_DESC(mib, "MiB each CPU seals");

static unsigned int mbps;
module_param(mbps, uint, 0444);
MODULE_PARM_DESC(mbps, "Result: MB/s sealed by all CPUs together");

static unsigned int cpus;
module_param(cpus, uint, 0444);
MODULE_PARM_DESC(cpus, "Result: how many CPUs sealed");

struct sealer {
	struct work_struct	work;
	u8			*buf;
};

static void seal_mib(struct work_struct *work)
{
	struct sealer *s = container_of(work, struct sealer, work);
	static const u8 key[32] = { 1, 2, 3 };
	struct poly1305_core_key pk = { 0 };
	struct poly1305_state h;
	u32 tag[4] = { 0 };
	unsigned int i;

	for (i = 0; i < mib; i++) {
		dd_chacha20_xor(key, i, 1, s->buf, BUF_BYTES);
		poly1305_core_init(&h);
		poly1305_core_blocks(&h, &pk, s->buf, BUF_BYTES / POLY1305_BLOCK_SIZE, 1);
		poly1305_core_emit(&h, tag, s->buf);
		cond_resched();
	}
}

static int __init ddsealspeed_init(void)
{
	struct sealer *s;
	unsigned int cpu, n = 0;
	u64 t0, ns;
	int ret = 0;

	s = kcalloc(nr_cpu_ids, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		s[cpu].buf = vzalloc(BUF_BYTES);
		if (!s[cpu].buf) {
			ret = -ENOMEM;
			goto out;
		}
		INIT_WORK(&s[cpu].work, seal_mib);
	}
	t0 = ktime_get_ns();
	for_each_online_cpu(cpu) {
		queue_work_on(cpu, system_wq, &s[cpu].work);
		n++;
	}
	for_each_online_cpu(cpu)
		flush_work(&s[cpu].work);
	ns = ktime_get_ns() - t0;
	cpus = n;
	mbps = div64_u64((u64)n * mib * BUF_BYTES * 1000, ns ?: 1);
	pr_info("ddsealspeed: %u CPUs sealed %u MiB each in %llu ms: %u MB/s together\n",
		n, mib, div64_u64(ns, NSEC_PER_MSEC), mbps);
out:
	for_each_online_cpu(cpu)
		vfree(s[cpu].buf);
	kfree(s);
	return ret;
}

static void __exit ddsealspeed_exit(void)
{
}

module_init(ddsealspeed_init);
module_exit(ddsealspeed_exit);
MODULE_DESCRIPTION("diskdump test: how fast the CPUs seal");
MODULE_LICENSE("GPL");
