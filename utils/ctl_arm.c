// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Arming and disarming.  The kernel checks everything again, but the
 * checks here run first so the message can name the device and the fix.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ctl.h"
#include "ddconfig.h"
#include "dddevice.h"
#include "ddkernel.h"
#include "ddmsg.h"
#include "ddseal.h"
#include "ddstate.h"
#include "diskdump/abi.h"

int ctl_require_module(void)
{
	if (dd_module_loaded())
		return 0;
	dd_error("diskdump module not loaded (modprobe diskdump and a hook module)");
	return -1;
}

/* Resolve spec to a block device; 0, or -1 after saying why not. */
static int resolve_block_device(const char *spec, char *path, size_t len,
				struct stat *st)
{
	char err[512];

	if (dd_resolve_device(spec, path, len, err, sizeof(err))) {
		dd_error("%s", err);
		return -1;
	}
	if (stat(path, st)) {
		dd_error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISBLK(st->st_mode)) {
		dd_error("%s is not a block device", path);
		return -1;
	}
	return 0;
}

/*
 * Whether the device is fit to be armed, said in words when it is not.
 * An unsaved dump is refused unless forced: arming makes it overwritable,
 * and a machine in a crash loop must keep its first dump.
 */
static int check_armable(const char *path, bool force)
{
	struct dd_device_report r;
	char err[512];

	if (dd_device_examine(path, &r, err, sizeof(err))) {
		dd_error("%s", err);
		return -1;
	}
	switch (r.state) {
	case DD_STATE_READY:
	case DD_STATE_SWAP:
		return 0;
	case DD_STATE_HOLDS_DUMP:
	case DD_STATE_SWAP_DUMP:
		if (force) {
			dd_warn("%s %s; armed anyway (-f): the next panic overwrites it",
				path, r.description);
			return 0;
		}
		dd_error("%s %s; run savecore first to save it (or use -f to arm anyway and let the next panic overwrite it)",
			 path, r.description);
		return -1;
	case DD_STATE_NEEDS_INITIAL:
	case DD_STATE_NEEDS_FORMAT:
		dd_error("%s cannot be armed: %s (prepare it with diskdumpfmt %s)",
			 path, r.description, path);
		return -1;
	default:
		dd_error("%s cannot be armed: %s", path, r.description);
		return -1;
	}
}

static void print_armed(const char *path, dev_t dev)
{
	struct dd_armed armed[DD_MAX_ARMED];
	int n = dd_read_armed(armed, DD_MAX_ARMED);

	for (int i = 0; i < n && i < DD_MAX_ARMED; i++)
		if (armed[i].major == major(dev) && armed[i].minor == minor(dev)) {
			printf("%s: armed (%u:%u, hook %s%s%s)\n", path, major(dev),
			       minor(dev), armed[i].hook,
			       armed[i].seal_key_id[0] ? ", sealed for key " : "",
			       armed[i].seal_key_id);
			return;
		}
	printf("%s: armed (%u:%u)\n", path, major(dev), minor(dev));
}

int ctl_arm(const char *spec, bool force)
{
	char path[PATH_MAX];
	struct stat st;
	int err;

	if (resolve_block_device(spec, path, sizeof(path), &st) || check_armable(path, force))
		return CTL_EXIT_ERROR;
	err = dd_kernel_arm(st.st_rdev);
	if (err == EEXIST) {
		printf("%s: already armed\n", path);
		return CTL_EXIT_OK;
	}
	if (err) {
		dd_error("cannot arm %s: %s", path, dd_arm_error_text(err, false));
		return CTL_EXIT_ERROR;
	}
	print_armed(path, st.st_rdev);
	return CTL_EXIT_OK;
}

int ctl_disarm(const char *spec)
{
	char path[PATH_MAX];
	struct stat st;
	int err;

	if (resolve_block_device(spec, path, sizeof(path), &st))
		return CTL_EXIT_ERROR;
	err = dd_kernel_disarm(st.st_rdev);
	if (err) {
		dd_error("cannot disarm %s: %s", path, dd_arm_error_text(err, true));
		return CTL_EXIT_ERROR;
	}
	printf("%s: disarmed\n", path);
	ctl_restore_cpu_notes();
	return CTL_EXIT_OK;
}

static int load_config(const char *config_path, struct dd_config *cfg)
{
	char err[512];

	if (dd_config_load(config_path, cfg, err, sizeof(err))) {
		dd_error("%s", err);
		return -1;
	}
	return 0;
}

/* A machine with no dump device configured has nothing to do: not an error. */
static bool nothing_configured(const char *config_path, const struct dd_config *cfg)
{
	if (cfg->nr_devices)
		return false;
	printf("no DEVICE configured in %s%s: nothing to arm\n", config_path,
	       access(config_path, F_OK) ? " (the file does not exist)" : "");
	return true;
}

static void set_parameter(const char *name, const char *value)
{
	char path[256];
	int err;

	snprintf(path, sizeof(path), "%s/%s", DD_SYSFS_PARAMS, name);
	err = dd_sysfs_write(path, value);
	if (err)
		dd_warn("could not set %s=%s (%s)", name, value, strerror(err));
	else
		dd_info("set %s=%s", name, value);
}

/* The configuration's dump level and compression become module parameters. */
static void apply_parameters(const struct dd_config *cfg)
{
	char value[24];

	if (cfg->dump_level >= 0) {
		snprintf(value, sizeof(value), "%d", cfg->dump_level);
		set_parameter("dump_level", value);
	}
	if (cfg->compress[0])
		set_parameter("compress", !strcmp(cfg->compress, "lzo") ? "1" :
					  !strcmp(cfg->compress, "zstd") ? "2" : "0");
	if (cfg->dump_timeout >= 0) {
		snprintf(value, sizeof(value), "%ld", cfg->dump_timeout);
		set_parameter("dump_timeout", value);
	}
}

int ctl_set_seal_key(const char *path)
{
	char err[DD_CONFIG_VALUE_MAX + 400], id[64] = "";
	uint8_t key[32];
	int e;

	if (path && *path && strcmp(path, "none")) {
		if (dd_seal_read_public(path, key, err, sizeof(err))) {
			dd_error("seal key %s; nothing armed", err);
			return -1;
		}
		e = dd_kernel_set_seal_key(key);
	} else {
		e = dd_kernel_set_seal_key(NULL);
	}
	if (e) {
		dd_error("the kernel refused the seal key: %s%s", strerror(e),
			 e == EINVAL ? " (not a usable X25519 key)" :
			 e == ENOENT ? " (diskdump.ko too old to seal dumps?)" : "");
		return -1;
	}
	if (!dd_kernel_seal_key_id(id, sizeof(id)) && strcmp(id, "none"))
		dd_info("dumps of the devices armed now are sealed for key %s", id);
	return 0;
}

int ctl_arm_configured(const char *config_path, bool force)
{
	static struct dd_config cfg;
	int rc = CTL_EXIT_OK, armed = 0;

	if (load_config(config_path, &cfg))
		return CTL_EXIT_ERROR;
	if (nothing_configured(config_path, &cfg))
		return CTL_EXIT_OK;
	if (ctl_require_module())
		return CTL_EXIT_ERROR;
	apply_parameters(&cfg);
	/* The configuration decides: no SEAL_KEY, no sealing. */
	if (ctl_set_seal_key(cfg.seal_key))
		return CTL_EXIT_ERROR;
	for (int i = 0; i < cfg.nr_devices; i++) {
		if (ctl_arm(cfg.devices[i], force) == CTL_EXIT_OK)
			armed++;
		else
			rc = CTL_EXIT_ERROR;
	}
	if (armed) {
		ctl_enable_cpu_notes();
		ctl_panic_on_oops(cfg.panic_on_oops);
	}
	return rc;
}

int ctl_print_configured(const char *config_path)
{
	static struct dd_config cfg;
	char path[PATH_MAX], err[512];
	int rc = CTL_EXIT_OK;

	if (load_config(config_path, &cfg))
		return CTL_EXIT_ERROR;
	for (int i = 0; i < cfg.nr_devices; i++) {
		if (dd_resolve_device(cfg.devices[i], path, sizeof(path), err, sizeof(err))) {
			dd_error("%s", err);
			rc = CTL_EXIT_ERROR;
			continue;
		}
		printf("%s\n", path);
	}
	return rc;
}
