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

static const char *const listed_parameters[] = { "dump_level", "compress", "dump_timeout" };

static void print_armed_device(const struct dd_armed *a, uint64_t need)
{
	char path[300], capacity[32], need_text[32];
	uint64_t bytes = a->nr_sectors * 512;

	if (dd_sysfs_devname(a->major, a->minor, path, sizeof(path)))
		snprintf(path, sizeof(path), "(unknown)");
	dd_human_size(bytes, capacity, sizeof(capacity));
	printf("  %-20s %4u:%-4u %-12s %12s  ", path, a->major, a->minor, a->hook, capacity);
	if (!need)
		printf("unknown\n");
	else if (bytes >= need)
		printf("yes\n");
	else
		printf("no: a full dump needs %s\n",
		       dd_human_size(need, need_text, sizeof(need_text)));
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
	uint64_t need = dd_estimate_this_machine();
	char ram_text[32], need_text[32];
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
		printf("  %-20s %9s %-12s %12s  %s\n", "DEVICE", "MAJ:MIN", "HOOK",
		       "CAPACITY", "FULL DUMP FITS");
		for (int i = 0; i < n && i < DD_MAX_ARMED; i++)
			print_armed_device(&armed[i], need);
	}
	if (need)
		printf("estimated full dump: %s (memory %s)\n",
		       dd_human_size(need, need_text, sizeof(need_text)),
		       dd_human_size(ram, ram_text, sizeof(ram_text)));
	print_parameters();
	return n ? CTL_STATUS_ARMED : CTL_STATUS_NONE;
}
