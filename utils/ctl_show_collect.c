// SPDX-License-Identifier: GPL-2.0 OR MIT
/* diskdumpctl show: gathering what it shows, and what is wrong. */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <inttypes.h>

#include "ctl_show.h"
#include "ddestimate.h"
#include "dddevice.h"
#include "ddmsg.h"
#include "ddsysfs.h"
#include "diskdump/abi.h"

static void problem(struct show *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct show *s, const char *fmt, ...)
{
	va_list ap;

	if (s->nr_problems >= SHOW_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(s->problems[s->nr_problems++], SHOW_PROBLEM_LEN, fmt, ap);
	va_end(ap);
}

const char *show_state_name(enum dd_state state)
{
	static const char *const names[] = {
		[DD_STATE_READY] = "ready",
		[DD_STATE_HOLDS_DUMP] = "holds-dump",
		[DD_STATE_NEEDS_INITIAL] = "needs-initial-format",
		[DD_STATE_NEEDS_FORMAT] = "needs-format",
		[DD_STATE_UNSUITABLE] = "unsuitable",
		[DD_STATE_SWAP] = "swap",
		[DD_STATE_SWAP_DUMP] = "swap-holding-dump",
		[DD_STATE_MOUNTED] = "mounted",
	};

	return (unsigned int)state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown";
}

const char *show_fit_name(enum show_fit fit)
{
	switch (fit) {
	case FIT_YES: return "yes";
	case FIT_AT_LEVEL: return "at-level";
	case FIT_NO: return "no";
	default: return "unknown";
	}
}

static void read_param(const char *name, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", DD_SYSFS_PARAMS, name);
	if (dd_sysfs_read(path, buf, len))
		buf[0] = '\0';
}

static void collect_kernel(struct show *s, struct dd_armed *armed, int *nr_armed)
{
	char value[64];

	s->module_loaded = dd_module_loaded();
	if (dd_sysfs_read(DD_POST_NOTIFIERS_PARAM, s->post_notifiers, sizeof(s->post_notifiers)))
		s->post_notifiers[0] = '\0';
	if (dd_sysfs_read("/proc/sys/kernel/panic_on_oops", s->panic_on_oops,
			  sizeof(s->panic_on_oops)))
		s->panic_on_oops[0] = '\0';
	*nr_armed = 0;
	if (!s->module_loaded)
		return;
	read_param("dump_level", s->param_dump_level, sizeof(s->param_dump_level));
	read_param("compress", s->param_compress, sizeof(s->param_compress));
	read_param("dump_timeout", s->param_dump_timeout, sizeof(s->param_dump_timeout));
	if (!dd_sysfs_read(DD_SYSFS_RESERVED, value, sizeof(value)))
		sscanf(value, "%" SCNu64, &s->reserved_bytes);
	*nr_armed = dd_read_armed(armed, DD_MAX_ARMED);
	s->armed_list_ok = *nr_armed >= 0;
	if (*nr_armed < 0) {
		problem(s, "cannot read %s: %s", DD_SYSFS_DEVICES,
			errno == EBADMSG ? "lines diskdumpctl does not understand" : strerror(errno));
		*nr_armed = 0;
	}
	if (*nr_armed > DD_MAX_ARMED)
		*nr_armed = DD_MAX_ARMED;
}

static void collect_estimate(struct show *s)
{
	unsigned int level;

	s->memory = dd_system_ram_bytes();
	s->full_dump = dd_estimate_this_machine();
	s->level = -1;
	if (s->param_dump_level[0] && sscanf(s->param_dump_level, "%u", &level) == 1)
		s->level = (int)(level & DD_DL_ALL);
	else if (s->cfg.dump_level >= 0)
		s->level = s->cfg.dump_level & DD_DL_ALL;
	if (s->level > 0 && s->full_dump)
		s->at_level = dd_estimate_at_level(s->full_dump, (unsigned int)s->level);
}

static enum show_fit fit_of(const struct show *s, uint64_t capacity)
{
	if (!capacity || !s->full_dump)
		return FIT_UNKNOWN;
	if (capacity >= s->full_dump)
		return FIT_YES;
	if (s->level > 0 && s->at_level && capacity >= s->at_level)
		return FIT_AT_LEVEL;
	return FIT_NO;
}

/* Bytes a dump can use: the kernel's dump area when armed, else what the label covers. */
static uint64_t capacity_of(const struct show_device *d)
{
	if (d->armed)
		return d->armed_as.nr_sectors * 512;
	if (d->examined && (d->report.state == DD_STATE_READY || d->report.state == DD_STATE_SWAP ||
			    d->report.state == DD_STATE_HOLDS_DUMP ||
			    d->report.state == DD_STATE_SWAP_DUMP) && !d->report.label_problem)
		return dd_from_le64(d->report.label.nr_blocks) * DD_BLOCK_SIZE;
	return 0;
}

static void examine(struct show *s, struct show_device *d)
{
	struct stat st;

	if (dd_device_examine(d->path, &d->report, d->error, sizeof(d->error)))
		return;
	d->examined = true;
	if (!stat(d->path, &st) && S_ISBLK(st.st_mode) &&
	    dd_sysfs_controller(st.st_rdev, d->pci, sizeof(d->pci), d->driver, sizeof(d->driver)))
		d->pci[0] = d->driver[0] = '\0';
	(void)s;
}

static void collect_configured(struct show *s, const struct dd_armed *armed, int nr_armed,
			       bool *matched)
{
	for (int i = 0; i < s->cfg.nr_devices && s->nr_devices < SHOW_MAX_DEVICES; i++) {
		struct show_device *d = &s->devices[s->nr_devices++];
		char err[512];

		d->configured = true;
		snprintf(d->spec, sizeof(d->spec), "%s", s->cfg.devices[i]);
		if (dd_resolve_device(d->spec, d->path, sizeof(d->path), err, sizeof(err))) {
			d->path[0] = '\0';
			snprintf(d->error, sizeof(d->error), "%s", err);
			continue;
		}
		examine(s, d);
		for (int a = 0; d->examined && d->report.is_block && a < nr_armed; a++) {
			if (d->report.rdev == (dev_t)makedev(armed[a].major, armed[a].minor)) {
				d->armed = true;
				d->armed_as = armed[a];
				matched[a] = true;
			}
		}
	}
}

/* Devices armed by hand (diskdumpctl DEVICE) are shown too: they take dumps. */
static void collect_unconfigured(struct show *s, const struct dd_armed *armed, int nr_armed,
				 const bool *matched)
{
	for (int a = 0; a < nr_armed && s->nr_devices < SHOW_MAX_DEVICES; a++) {
		struct show_device *d;

		if (matched[a])
			continue;
		d = &s->devices[s->nr_devices++];
		d->armed = true;
		d->armed_as = armed[a];
		if (dd_sysfs_devname(armed[a].major, armed[a].minor, d->path, sizeof(d->path))) {
			d->path[0] = '\0';
			snprintf(d->error, sizeof(d->error), "no device node known for %u:%u",
				 armed[a].major, armed[a].minor);
			continue;
		}
		examine(s, d);
	}
}

static void judge_devices(struct show *s)
{
	char need[32], have[32];

	for (int i = 0; i < s->nr_devices; i++) {
		struct show_device *d = &s->devices[i];
		const char *name = d->configured ? d->spec : d->path;

		d->capacity = capacity_of(d);
		d->fit = fit_of(s, d->capacity);
		if (!d->configured)
			continue;
		if (!d->path[0] || (!d->examined && !d->armed)) {
			problem(s, "%s: %s", name, d->error);
			continue;
		}
		if (!d->armed && s->module_loaded)
			problem(s, "%s is not armed: %s", name,
				d->examined ? d->report.description : d->error);
		if (d->examined && (d->report.state == DD_STATE_HOLDS_DUMP ||
				    d->report.state == DD_STATE_SWAP_DUMP))
			problem(s, "%s holds a dump savecore has not saved", name);
		if (d->fit == FIT_NO && s->level > 0 && s->at_level)
			problem(s, "%s is too small: it holds %s, a dump at level %d needs about %s as memory is used now",
				name, dd_human_size(d->capacity, have, sizeof(have)), s->level,
				dd_human_size(s->at_level, need, sizeof(need)));
		else if (d->fit == FIT_NO)
			problem(s, "%s is too small: it holds %s, a full dump needs %s", name,
				dd_human_size(d->capacity, have, sizeof(have)),
				dd_human_size(s->full_dump, need, sizeof(need)));
	}
}

static void collect_dumpdir(struct show *s)
{
	struct statvfs v;

	s->dumpdir = s->cfg.dumpdir[0] ? s->cfg.dumpdir : DD_DEFAULT_DUMPDIR;
	s->dumpdir_exists = dd_saved_dumps(s->dumpdir, &s->saved) == 0;
	if (!statvfs(s->dumpdir, &v))
		s->dumpdir_free = (uint64_t)v.f_bavail * v.f_frsize;
}

/* systemctl is-enabled's word for unit, or a started SysV script; "" unknown. */
static void unit_state(const char *unit, const char *script, char *buf, size_t len)
{
	char cmd[128];
	glob_t g;
	FILE *p;

	buf[0] = '\0';
	snprintf(cmd, sizeof(cmd), "systemctl is-enabled %s 2>/dev/null", unit);
	p = popen(cmd, "r");
	if (p) {
		if (!fgets(buf, (int)len, p))
			buf[0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		while (fgetc(p) != EOF)
			;
		pclose(p);
	}
	if (buf[0] || !script)
		return;
	snprintf(cmd, sizeof(cmd), "/etc/rc[S2345].d/S[0-9][0-9]%s", script);
	if (!glob(cmd, 0, NULL, &g))
		snprintf(buf, len, "enabled (init script)");
	globfree(&g);
}

static void judge_units(struct show *s)
{
	unit_state("diskdump.service", "diskdump", s->unit_arm, sizeof(s->unit_arm));
	unit_state("diskdump-savecore.service", NULL, s->unit_savecore, sizeof(s->unit_savecore));
	if (s->unit_arm[0] && strncmp(s->unit_arm, "enabled", 7) && strcmp(s->unit_arm, "static"))
		problem(s, "diskdump.service is %s: nothing is armed at the next boot", s->unit_arm);
	if (s->unit_savecore[0] && strncmp(s->unit_savecore, "enabled", 7) &&
	    strcmp(s->unit_savecore, "static"))
		problem(s, "diskdump-savecore.service is %s: dumps are not saved at boot",
			s->unit_savecore);
}

void show_collect(struct show *s, const char *config_path)
{
	struct dd_armed armed[DD_MAX_ARMED];
	bool matched[DD_MAX_ARMED] = { false };
	int nr_armed;

	memset(s, 0, sizeof(*s));
	s->config_path = config_path;
	s->config_ok = !dd_config_load(config_path, &s->cfg, s->config_error,
				       sizeof(s->config_error));
	if (!s->config_ok) {
		problem(s, "%s", s->config_error);
		dd_config_load_lenient(config_path, &s->cfg);
	}
	collect_kernel(s, armed, &nr_armed);
	collect_estimate(s);
	if (!s->cfg.nr_devices)
		problem(s, "no DEVICE configured in %s: nothing is armed at boot", config_path);
	if (!s->module_loaded)
		problem(s, "the diskdump module is not loaded: nothing is armed");
	collect_configured(s, armed, nr_armed, matched);
	collect_unconfigured(s, armed, nr_armed, matched);
	judge_devices(s);
	collect_dumpdir(s);
	judge_units(s);
}
