/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* diskdumpctl: arming, disarming, and the status listing. */
#ifndef CTL_H
#define CTL_H

#include <stdbool.h>

#define CTL_EXIT_OK	0
#define CTL_EXIT_ERROR	1

/* The status listing's exit codes are the LSB init script "status" ones. */
#define CTL_STATUS_ARMED	0	/* running: at least one device armed */
#define CTL_STATUS_NONE		3	/* not running: module absent or nothing armed */
#define CTL_STATUS_UNKNOWN	4	/* the kernel's list cannot be read */

/* Each returns an exit code.  spec may be a path or a tag. */
int ctl_arm(const char *spec, bool force);
/* The seal key (a PEM public key file; NULL, "" or "none": none) for what is armed next. */
int ctl_set_seal_key(const char *path);
int ctl_disarm(const char *spec);
int ctl_arm_configured(const char *config_path, bool force);
int ctl_print_configured(const char *config_path);
/* ctl_units.c: drop-ins ordering the boot units after the configured devices. */
int ctl_write_unit_dropins(const char *config_path, const char *dir);
int ctl_status(void);
/*
 * ctl_show.c: the whole configuration and state, as text or JSON.
 * CTL_EXIT_OK when every configured device is armed and can hold the
 * dump and the boot units are enabled, else CTL_SHOW_PROBLEMS.
 */
#define CTL_SHOW_PROBLEMS	2
int ctl_show(const char *config_path, bool json);

/* ctl_kstate.c: kernel settings arming changes (see there). */
void ctl_enable_cpu_notes(void);
void ctl_restore_cpu_notes(void);
/* want 1: set panic_on_oops=1; then warn if it is 0. */
void ctl_panic_on_oops(int want);

/* The "module not loaded" check every kernel-facing command makes first. */
int ctl_require_module(void);

#endif /* CTL_H */
