// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdumpctl -g DIR: what the systemd generator (diskdump-generator) runs
 * at every boot and daemon-reload.  Both boot units must wait for the
 * configured devices: savecore to read a dump from them, diskdump.service
 * to arm them.  A drop-in per unit in DIR (the generator's output
 * directory) names their device units in Wants= and After=, and for
 * savecore the mounts DUMPDIR needs (RequiresMountsFor=).  A tag is
 * looked up on the devices there are already (as savecore would: a
 * diskdump label's UUID is known to us, not to udev), else it stands for
 * its /dev/disk/by-* link, which udev makes when the device comes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ctl.h"
#include "ddconfig.h"
#include "dddevice.h"
#include "ddmsg.h"
#include "ddunits.h"

static const char *const boot_units[] = {
	"diskdump-savecore-swap.service", "diskdump-savecore.service", "diskdump.service"
};

static int write_dropin(const char *dir, const char *unit, const struct dd_config *cfg)
{
	char path[4096], dev[4200], name[4 * 4200], err[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.d", dir, unit);
	if (mkdir(path, 0755) && errno != EEXIST) {
		dd_error("%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s.d/50-diskdump-devices.conf", dir, unit);
	f = fopen(path, "we");
	if (!f) {
		dd_error("%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "# Written by diskdump-generator from DEVICE and DUMPDIR in %s.\n[Unit]\n",
		DD_CONFIG_PATH);
	/* savecore writes there: the mounts that hold it, and no others. */
	if (strstr(unit, "savecore") && cfg->dumpdir[0] == '/')
		fprintf(f, "RequiresMountsFor=%s\n", cfg->dumpdir);
	for (int i = 0; i < cfg->nr_devices; i++) {
		struct stat st;

		if ((dd_resolve_device(cfg->devices[i], dev, sizeof(dev), err, sizeof(err)) &&
		     dd_spec_device_path(cfg->devices[i], dev, sizeof(dev))) ||
		    dd_device_unit_name(dev, name, sizeof(name))) {
			dd_warn("DEVICE %s: no device unit to wait for", cfg->devices[i]);
			continue;
		}
		/* An image file (tests) or a typo: nothing for systemd to wait for. */
		if (!stat(dev, &st) && !S_ISBLK(st.st_mode))
			continue;
		fprintf(f, "Wants=%s\nAfter=%s\n", name, name);
	}
	if (fclose(f)) {
		dd_error("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int ctl_write_unit_dropins(const char *config_path, const char *dir)
{
	static struct dd_config cfg;
	char err[512];
	int rc = CTL_EXIT_OK;

	/* A broken configuration is the units' to report, not the generator's. */
	if (dd_config_load(config_path, &cfg, err, sizeof(err)) || !cfg.nr_devices)
		return CTL_EXIT_OK;
	for (size_t i = 0; i < sizeof(boot_units) / sizeof(boot_units[0]); i++)
		if (write_dropin(dir, boot_units[i], &cfg))
			rc = CTL_EXIT_ERROR;
	return rc;
}
