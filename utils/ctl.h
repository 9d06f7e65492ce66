/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* diskdumpctl: arming, disarming, and the status listing. */
#ifndef CTL_H
#define CTL_H

#define CTL_EXIT_OK	0
#define CTL_EXIT_ERROR	1

/* Each returns an exit code.  spec may be a path or a tag. */
int ctl_arm(const char *spec);
int ctl_disarm(const char *spec);
int ctl_arm_configured(const char *config_path);
int ctl_print_configured(const char *config_path);
int ctl_status(void);

/* After arming: ask the kernel to save the other CPUs' registers. */
void ctl_enable_cpu_notes(void);

/* The "module not loaded" check every kernel-facing command makes first. */
int ctl_require_module(void);

#endif /* CTL_H */
