// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/diskdump: arm, disarm and list targets (see diskdump/abi.h).
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/types.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
/* hex2bin(): <linux/kernel.h> until 7.x gave it a header of its own. */
#ifndef hex_asc_lo
#include <linux/hex.h>
#endif
#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "diskdump.h"

static struct kobject *dd_kobj;

static int dd_parse_devt(const char *buf, dev_t *devt)
{
	unsigned int major, minor;
	char extra;

	if (sscanf(buf, "%u:%u %c", &major, &minor, &extra) != 2)
		return -EINVAL;
	if (major > MAJOR(~0u) || minor > MINOR(~0u))
		return -EINVAL;
	*devt = MKDEV(major, minor);
	return 0;
}

/* arm and disarm take the same "MAJ:MIN" text. */
static ssize_t dd_store_devt(const char *buf, size_t count, int (*op)(dev_t))
{
	dev_t devt;
	int ret = dd_parse_devt(buf, &devt);

	if (!ret)
		ret = op(devt);
	return ret ? ret : count;
}

static ssize_t arm_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	return dd_store_devt(buf, count, dd_arm);
}

static ssize_t disarm_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	return dd_store_devt(buf, count, dd_disarm);
}

static ssize_t devices_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	int i, len = 0;

	mutex_lock(&dd_lock);
	for (i = 0; i < DD_MAX_TARGETS; i++) {
		struct dd_target *t = dd_targets[i];

		if (!t)
			continue;
		len += sysfs_emit_at(buf, len, "%u:%u %s %llu %llu %s",
				     MAJOR(t->devt), MINOR(t->devt),
				     t->ops->name,
				     (unsigned long long)t->start_sect,
				     (unsigned long long)t->nr_blocks *
				     (DD_BLOCK_SIZE >> SECTOR_SHIFT),
				     t->swap ? "swap" : "partition");
		if (t->seal.on)
			len += sysfs_emit_at(buf, len, " sealed=%*phN",
					     (int)sizeof(t->seal.key_id), t->seal.key_id);
		len += sysfs_emit_at(buf, len, "\n");
	}
	mutex_unlock(&dd_lock);
	return len;
}

/* Memory kept for the panic path by every armed target, in bytes. */
static ssize_t reserved_bytes_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	size_t total = 0;
	int i;

	mutex_lock(&dd_lock);
	for (i = 0; i < DD_MAX_TARGETS; i++)
		if (dd_targets[i])
			total += dd_targets[i]->reserved_bytes;
	mutex_unlock(&dd_lock);
	return sysfs_emit(buf, "%zu\n", total);
}

/*
 * seal_key: the administrator's X25519 public key, 64 hex digits, for the
 * devices armed from now on ("none" for none); reads back which key (its
 * id, seal.h) or "none".
 */
static ssize_t seal_key_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	u8 key[32];
	size_t len = count;
	int ret;

	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	mutex_lock(&dd_lock);
	if (len == 4 && !memcmp(buf, "none", 4))
		ret = dd_seal_set_admin_key(NULL);
	else if (len != 2 * sizeof(key) || hex2bin(key, buf, sizeof(key)))
		ret = -EINVAL;
	else
		ret = dd_seal_set_admin_key(key);
	mutex_unlock(&dd_lock);
	memzero_explicit(key, sizeof(key));
	return ret ? ret : count;
}

static ssize_t seal_key_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	u8 id[8];
	bool set;

	mutex_lock(&dd_lock);
	set = dd_seal_admin_key(id);
	mutex_unlock(&dd_lock);
	return set ? sysfs_emit(buf, "%*phN\n", (int)sizeof(id), id) : sysfs_emit(buf, "none\n");
}

static struct kobj_attribute dd_attr_arm = __ATTR_WO(arm);
static struct kobj_attribute dd_attr_seal_key = __ATTR_RW_MODE(seal_key, 0600);
static struct kobj_attribute dd_attr_disarm = __ATTR_WO(disarm);
static struct kobj_attribute dd_attr_devices = __ATTR_RO(devices);
static struct kobj_attribute dd_attr_reserved = __ATTR_RO(reserved_bytes);

static struct attribute *dd_attrs[] = {
	&dd_attr_arm.attr,
	&dd_attr_disarm.attr,
	&dd_attr_devices.attr,
	&dd_attr_reserved.attr,
	&dd_attr_seal_key.attr,
	NULL,
};

static const struct attribute_group dd_attr_group = {
	.attrs = dd_attrs,
};

int dd_sysfs_init(void)
{
	int ret;

	dd_kobj = kobject_create_and_add("diskdump", kernel_kobj);
	if (!dd_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(dd_kobj, &dd_attr_group);
	if (ret)
		kobject_put(dd_kobj);
	return ret;
}

void dd_sysfs_exit(void)
{
	sysfs_remove_group(dd_kobj, &dd_attr_group);
	kobject_put(dd_kobj);
}
