// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The listing: what is armed, with which hook, and whether it is big enough. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "ddestimate.h"
#include "ddkernel.h"
#include "ddmsg.h"
#include "ddsysfs.h"
#include "diskdump/abi.h"
#include "diskdump/format.h"

static const char *const listed_parameters[] = { "dump_level", "compress", "dump_timeout" };

/* What the dump would need: in full, and at the armed level as memory is used now. */
struct dump_need {
	uint64_t	full;		/* 0: unknown */
	uint64_t	at_level;	/* 0: unknown */
	int		level;		/* -1: unknown */
};

static void print_armed_device(const struct dd_armed *a, const struct dump_need *need)
{
	char path[300], capacity[32], full[32], now[32];
	uint64_t bytes = a->nr_sectors * 512;

	if (dd_sysfs_devname(a->major, a->minor, path, sizeof(path)))
		snprintf(path, sizeof(path), "(unknown)");
	dd_human_size(bytes, capacity, sizeof(capacity));
	printf("  %-20s %4u:%-4u %-9s %-12s %12s  ", path, a->major, a->minor,
	       a->swap ? "swap" : "partition", a->hook, capacity);
	dd_human_size(need->full, full, sizeof(full));
	dd_human_size(need->at_level, now, sizeof(now));
	if (!need->full)
		printf("unknown\n");
	else if (bytes >= need->full)
		printf("yes\n");
	else if (need->level > 0 && need->at_level && bytes >= need->at_level)
		printf("at level %d now (about %s); a full dump needs %s\n", need->level, now, full);
	else if (need->level > 0 && need->at_level)
		printf("no: about %s at level %d now, %s in full\n", now, need->level, full);
	else
		printf("no: a full dump needs %s\n", full);
}

static int armed_dump_level(void)
{
	char path[256], value[32];
	unsigned int level;

	snprintf(path, sizeof(path), "%s/dump_level", DD_SYSFS_PARAMS);
	if (dd_sysfs_read(path, value, sizeof(value)) || sscanf(value, "%u", &level) != 1)
		return -1;
	return (int)(level & DD_DL_ALL);
}

static void print_parameters(void)
{
	char path[256], value[128];

	printf("parameters:");
	for (size_t i = 0; i < sizeof(listed_parameters) / sizeof(listed_parameters[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", DD_SYSFS_PARAMS, listed_parameters[i]);
		if (!dd_sysfs_read(path, value, sizeof(value)))
			printf(" %s=%s", listed_parameters[i], value);
	}
	if (!dd_sysfs_read(DD_POST_NOTIFIERS_PARAM, value, sizeof(value)))
		printf(" crash_kexec_post_notifiers=%s", value);
	printf("\n");
}

int ctl_status(void)
{
	struct dd_armed armed[DD_MAX_ARMED];
	uint64_t ram = dd_system_ram_bytes();
	struct dump_need need = { .full = dd_estimate_this_machine(), .level = armed_dump_level() };
	char ram_text[32], need_text[32], now_text[32];
	int n;

	if (!dd_module_loaded()) {
		printf("diskdump module not loaded: nothing armed\n");
		return CTL_STATUS_NONE;
	}
	n = dd_read_armed(armed, DD_MAX_ARMED);
	if (n < 0) {
		if (errno == EBADMSG)
			dd_error("%s has lines diskdumpctl does not understand (diskdumpctl and diskdump.ko do not match?)",
				 DD_SYSFS_DEVICES);
		else
			dd_error("cannot read %s: %s", DD_SYSFS_DEVICES, strerror(errno));
		return CTL_STATUS_UNKNOWN;
	}
	if (n == 0) {
		printf("no device armed\n");
	} else {
		printf("armed devices, in dump order:\n");
		printf("  %-20s %9s %-9s %-12s %12s  %s\n", "DEVICE", "MAJ:MIN", "KIND", "HOOK",
		       "CAPACITY", "FULL DUMP FITS");
		if (need.level > 0)
			need.at_level = dd_estimate_at_level(need.full, (unsigned int)need.level);
		for (int i = 0; i < n && i < DD_MAX_ARMED; i++)
			print_armed_device(&armed[i], &need);
	}
	if (need.full)
		printf("estimated full dump: %s (memory %s)\n",
		       dd_human_size(need.full, need_text, sizeof(need_text)),
		       dd_human_size(ram, ram_text, sizeof(ram_text)));
	if (need.level > 0 && need.at_level)
		printf("estimated dump at dump_level %d: %s as memory is used now, before compression\n",
		       need.level, dd_human_size(need.at_level, now_text, sizeof(now_text)));
	print_parameters();
	return n ? CTL_STATUS_ARMED : CTL_STATUS_NONE;
}
