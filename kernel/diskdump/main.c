// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump: write memory to a dump partition when the kernel panics,
 * through a polled controller hook instead of the block layer.
 *
 * This file holds the registries: controller hooks, and armed targets.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/module.h>
#include <linux/mutex.h>

#include "diskdump.h"

/*
 * Room for every hook module at once (the service loads them all): when
 * there were 8 slots, the ninth hook built (diskdump_megaraid) left the
 * virtio hooks, loaded after it, unregistered.  tests/lint-userspace
 * checks Kbuild builds no more hooks than this.
 */
#define DD_MAX_HOOKS	32

/* Serialises arming, disarming and hook registration (process context). */
DEFINE_MUTEX(dd_lock);
/* Read locklessly by the panic path: a slot is either NULL or a fully
 * built target (published with smp_store_release()).
 */
struct dd_target *dd_targets[DD_MAX_TARGETS];
struct dd_sysinfo *dd_sys;

static const struct dd_hook_ops *dd_hooks[DD_MAX_HOOKS];

int dd_register_hook(const struct dd_hook_ops *ops)
{
	int i, ret = -ENOSPC;

	mutex_lock(&dd_lock);
	for (i = 0; i < DD_MAX_HOOKS; i++) {
		if (dd_hooks[i] == ops) {
			ret = -EEXIST;
			break;
		}
		if (!dd_hooks[i]) {
			dd_hooks[i] = ops;
			ret = 0;
			break;
		}
	}
	mutex_unlock(&dd_lock);
	if (!ret)
		pr_info("hook %s registered\n", ops->name);
	else if (ret == -ENOSPC)
		pr_err("hook %s not registered: all %d hook slots taken\n", ops->name,
		       DD_MAX_HOOKS);
	return ret;
}
EXPORT_SYMBOL_GPL(dd_register_hook);

/* A hook module cannot go away while it drives an armed target: arming
 * took a reference on it, so only unused hooks reach this.
 */
void dd_unregister_hook(const struct dd_hook_ops *ops)
{
	int i;

	mutex_lock(&dd_lock);
	for (i = 0; i < DD_MAX_HOOKS; i++)
		if (dd_hooks[i] == ops)
			dd_hooks[i] = NULL;
	mutex_unlock(&dd_lock);
}
EXPORT_SYMBOL_GPL(dd_unregister_hook);

/* Called with dd_lock held.  Pins the module of the hook that claims it. */
int dd_probe_hooks(struct dd_target *t, struct gendisk *disk)
{
	int i, ret;

	for (i = 0; i < DD_MAX_HOOKS; i++) {
		const struct dd_hook_ops *ops = dd_hooks[i];

		if (!ops || !try_module_get(ops->owner))
			continue;
		ret = ops->probe(&t->disk, disk);
		if (!ret) {
			t->ops = ops;
			return 0;
		}
		module_put(ops->owner);
		if (ret != -ENODEV)
			return ret;
	}
	return -EOPNOTSUPP;
}

void dd_put_hook(struct dd_target *t)
{
	t->ops->release(&t->disk);
	module_put(t->ops->owner);
	t->ops = NULL;
}

static int __init dd_init(void)
{
	int ret;

	ret = dd_panic_init();
	if (ret)
		return ret;
	ret = dd_lifetime_init();
	if (ret)
		goto panic_exit;
	ret = dd_sysfs_init();
	if (ret)
		goto lifetime_exit;
	return 0;

lifetime_exit:
	dd_lifetime_exit();
panic_exit:
	dd_panic_exit();
	return ret;
}

static void __exit dd_exit(void)
{
	int i;

	dd_sysfs_exit();
	dd_lifetime_exit();
	dd_panic_exit();
	for (i = 0; i < DD_MAX_TARGETS; i++)
		if (dd_targets[i])
			dd_disarm(dd_targets[i]->devt);
	dd_sysinfo_free(dd_sys);
}

module_init(dd_init);
module_exit(dd_exit);
MODULE_DESCRIPTION("Crash dump to a disk partition through polled controller hooks");
MODULE_LICENSE("GPL");
MODULE_VERSION(DISKDUMP_VERSION);
