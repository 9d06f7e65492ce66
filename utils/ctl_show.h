/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * diskdumpctl show: the whole configuration and state on one screen (as
 * illumos' dumpadm or kdump-config show), or as JSON for monitoring.
 * ctl_show_collect.c gathers it, ctl_show.c prints it.
 */
#ifndef CTL_SHOW_H
#define CTL_SHOW_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "ddconfig.h"
#include "ddkernel.h"
#include "ddsaved.h"
#include "ddstate.h"

#define SHOW_MAX_DEVICES	(DD_CONFIG_MAX_DEVICES + DD_MAX_ARMED)
#define SHOW_MAX_PROBLEMS	32
#define SHOW_PROBLEM_LEN	512

/* Whether a device can hold the dump. */
enum show_fit {
	FIT_UNKNOWN,		/* its size or the machine's memory is unknown */
	FIT_YES,		/* a full dump fits */
	FIT_AT_LEVEL,		/* only a dump at the dump level, as memory is used now */
	FIT_NO,
};

struct show_device {
	char			spec[256];	/* as configured ("" when armed by hand) */
	char			path[PATH_MAX];	/* "" when it did not resolve */
	bool			configured;
	char			error[512];	/* why it was not resolved or examined */
	bool			examined;
	struct dd_device_report	report;
	bool			armed;
	struct dd_armed		armed_as;
	char			pci[32];	/* "" when not on PCI */
	char			driver[64];
	uint64_t		capacity;	/* bytes a dump can use; 0 unknown */
	enum show_fit		fit;
};

struct show {
	const char		*config_path;
	bool			config_ok;
	char			config_error[512];
	struct dd_config	cfg;

	bool			module_loaded;
	bool			armed_list_ok;
	char			param_dump_level[32], param_compress[32];
	char			param_dump_timeout[32], post_notifiers[8], panic_on_oops[16];
	uint64_t		reserved_bytes;

	uint64_t		memory;		/* 0 unknown */
	uint64_t		full_dump;	/* 0 unknown */
	int			level;		/* armed (else configured) level; -1 */
	uint64_t		at_level;	/* 0 unknown */

	int			nr_devices;
	struct show_device	devices[SHOW_MAX_DEVICES];

	const char		*dumpdir;
	bool			dumpdir_exists;
	uint64_t		dumpdir_free;	/* bytes available */
	struct dd_saved_summary	saved;

	char			unit_arm[32], unit_savecore[32];	/* "" unknown */

	int			nr_problems;
	char			problems[SHOW_MAX_PROBLEMS][SHOW_PROBLEM_LEN];
};

/* Fill s for the configuration at config_path (large: keep it static). */
void show_collect(struct show *s, const char *config_path);

const char *show_state_name(enum dd_state state);
const char *show_fit_name(enum show_fit fit);

#endif /* CTL_SHOW_H */
