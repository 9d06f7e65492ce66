// SPDX-License-Identifier: GPL-2.0
/*
 * What was armed must still be there at panic.  When the driver of an armed
 * disk's controller unbinds, or the controller goes away (hot-unplug,
 * "echo 1 > .../remove"), the target is marked gone at once (the panic
 * path skips it: its BARs may belong to something else by then) and
 * disarmed from a work item.  When RAM is added or removed, the picture of
 * System RAM the dump walks is taken again.  (A partition resized while
 * armed is caught at panic: its size and start are compared with the armed
 * ones.)
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/device.h>
#include <linux/memory.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

#include "diskdump.h"

static bool dd_ram_changed;

static void dd_housekeeping(struct work_struct *work)
{
	struct dd_target *t;
	dev_t gone[2 * DD_MAX_TARGETS];
	int i, n = 0, ret;

	mutex_lock(&dd_lock);
	for (i = 0; i < DD_MAX_TARGETS; i++) {
		t = dd_targets[i];
		if (t && READ_ONCE(t->gone))
			gone[n++] = t->devt;
	}
	if (dd_ram_changed) {
		dd_ram_changed = false;
		ret = dd_update_sysinfo();
		if (ret) {
			pr_err("System RAM changed and cannot be described (%d): disarming everything\n",
			       ret);
			for (i = 0; i < DD_MAX_TARGETS; i++)
				if (dd_targets[i])
					gone[n++] = dd_targets[i]->devt;
		} else {
			pr_info("System RAM changed: %llu pages in %u ranges now\n",
				dd_sys->nr_pages, dd_sys->nr_ranges);
		}
	}
	mutex_unlock(&dd_lock);
	for (i = 0; i < n; i++)
		dd_disarm(gone[i]);
}

static DECLARE_WORK(dd_housekeeping_work, dd_housekeeping);

static int dd_bus_event(struct notifier_block *nb, unsigned long action,
			void *data)
{
	struct device *dev = data;
	struct dd_target *t;
	bool found = false;
	int i;

	if (action != BUS_NOTIFY_UNBIND_DRIVER && action != BUS_NOTIFY_DEL_DEVICE)
		return NOTIFY_DONE;
	mutex_lock(&dd_lock);
	for (i = 0; i < DD_MAX_TARGETS; i++) {
		t = dd_targets[i];
		if (!t || t->disk.dev != dev || READ_ONCE(t->gone))
			continue;
		WRITE_ONCE(t->gone, true);
		pr_warn("%pg: its controller %s is going away; disarming\n",
			t->bdev, dev_name(dev));
		found = true;
	}
	mutex_unlock(&dd_lock);
	if (found)
		schedule_work(&dd_housekeeping_work);
	return NOTIFY_DONE;
}

static struct notifier_block dd_pci_nb = {
	.notifier_call = dd_bus_event,
};

static int dd_memory_event(struct notifier_block *nb, unsigned long action,
			   void *arg)
{
	if (action != MEM_ONLINE && action != MEM_OFFLINE)
		return NOTIFY_OK;
	mutex_lock(&dd_lock);
	dd_ram_changed = true;
	mutex_unlock(&dd_lock);
	schedule_work(&dd_housekeeping_work);
	return NOTIFY_OK;
}

static struct notifier_block dd_memory_nb = {
	.notifier_call = dd_memory_event,
};

int dd_lifetime_init(void)
{
	int ret = bus_register_notifier(&pci_bus_type, &dd_pci_nb);

	if (ret)
		return ret;
	ret = register_memory_notifier(&dd_memory_nb);
	if (ret)
		bus_unregister_notifier(&pci_bus_type, &dd_pci_nb);
	return ret;
}

void dd_lifetime_exit(void)
{
	unregister_memory_notifier(&dd_memory_nb);
	bus_unregister_notifier(&pci_bus_type, &dd_pci_nb);
	flush_work(&dd_housekeeping_work);
}
