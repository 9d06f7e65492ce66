// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdumpctl [-f] DEVICE...       arm
 * diskdumpctl -u DEVICE...         disarm
 * diskdumpctl [-l | status]        list armed devices (LSB status exit codes)
 * diskdumpctl show [-j] [-c FILE]  configuration and state, as text or JSON
 * diskdumpctl -a [-f] [-c FILE]    arm every DEVICE of the configuration
 * diskdumpctl -p [-c FILE]         print the configured devices, resolved
 * diskdumpctl -g DIR [-c FILE]     systemd drop-ins: wait for those devices
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "ddconfig.h"
#include "ddmsg.h"

enum ctl_mode {
	MODE_ARM, MODE_DISARM, MODE_LIST, MODE_ARM_CONFIG, MODE_PRINT_CONFIG, MODE_UNITS,
	MODE_SHOW
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "force", no_argument, NULL, 'f' },
	{ "seal-key", required_argument, NULL, 'k' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	DD_LONG_OPTIONS
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: diskdumpctl [-v] [-f] [-k KEY] DEVICE...  arm DEVICEs for dumps\n"
		"                                         (-k, --seal-key: sealed for the X25519\n"
		"                                         public key in KEY, PEM; none: unsealed)\n"
		"       diskdumpctl -u DEVICE...          disarm them\n"
		"       diskdumpctl [-l | status]         list armed devices\n"
		"       diskdumpctl show [-j] [-c FILE]   the whole configuration and state\n"
		"                                         (-j, --json: as JSON)\n"
		"       diskdumpctl -a [-f] [-c FILE]     arm every DEVICE of the configuration\n"
		"       diskdumpctl -p [-c FILE]          print the configured devices, resolved\n"
		"       diskdumpctl -g DIR [-c FILE]      write the systemd drop-ins that make the\n"
		"                                         boot units wait for those devices\n"
		"DEVICE is a partition path or a UUID=, LABEL=, PARTUUID=, PARTLABEL= tag.\n"
		"-f arms a device that holds a dump savecore has not saved (the next panic\n"
		"overwrites it).  -c FILE (--config; -C is its old spelling) names the\n"
		"configuration, by default " DD_CONFIG_PATH ".\n"
		"The listing exits 0 when a device is armed, 3 when none is, 4 when unknown;\n"
		"show exits 0 when every configured device is armed and fits, 2 when not.\n"
		"-h, --help: this help; --version: the version.\n");
}

static void set_mode(enum ctl_mode *mode, enum ctl_mode want, int *modes_given)
{
	(*modes_given)++;
	*mode = want;
}

int main(int argc, char **argv)
{
	enum ctl_mode mode = MODE_ARM;
	const char *config = DD_CONFIG_PATH, *unit_dir = NULL, *seal_key = NULL;
	int c, modes_given = 0, rc = CTL_EXIT_OK, armed = 0;
	bool force = false, json = false;

	dd_msg_init(argv[0]);
	while ((c = getopt_long(argc, argv, "ulapg:fjk:c:C:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			set_mode(&mode, MODE_DISARM, &modes_given);
			break;
		case 'l':
			set_mode(&mode, MODE_LIST, &modes_given);
			break;
		case 'a':
			set_mode(&mode, MODE_ARM_CONFIG, &modes_given);
			break;
		case 'p':
			set_mode(&mode, MODE_PRINT_CONFIG, &modes_given);
			break;
		case 'g':
			set_mode(&mode, MODE_UNITS, &modes_given);
			unit_dir = optarg;
			break;
		case 'c':
		case 'C':	/* the old spelling */
			config = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'k':
			seal_key = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'v':
			dd_verbose = true;
			break;
		case DD_OPT_VERSION:
			dd_print_version();
			return CTL_EXIT_OK;
		case 'h':
			usage(stdout);
			return CTL_EXIT_OK;
		default:
			usage(stderr);
			return CTL_EXIT_ERROR;
		}
	}
	if (modes_given > 1) {
		dd_error("-u, -l, -a, -p and -g exclude each other");
		return CTL_EXIT_ERROR;
	}
	if (mode == MODE_ARM && (optind == argc ||
				 (optind == argc - 1 && !strcmp(argv[optind], "status")))) {
		mode = MODE_LIST;
		optind = argc;
	}
	if (mode == MODE_ARM && optind == argc - 1 && !strcmp(argv[optind], "show")) {
		mode = MODE_SHOW;
		optind = argc;
	}
	if (json && mode != MODE_SHOW) {
		dd_error("-j (--json) goes with show");
		return CTL_EXIT_ERROR;
	}
	if ((mode == MODE_ARM || mode == MODE_DISARM) && optind == argc) {
		usage(stderr);
		return CTL_EXIT_ERROR;
	}
	if ((mode == MODE_LIST || mode == MODE_ARM_CONFIG || mode == MODE_PRINT_CONFIG ||
	     mode == MODE_UNITS) && optind != argc) {
		usage(stderr);
		return CTL_EXIT_ERROR;
	}

	switch (mode) {
	case MODE_LIST:
		return ctl_status();
	case MODE_SHOW:
		return ctl_show(config, json);
	case MODE_ARM_CONFIG:
		return ctl_arm_configured(config, force);
	case MODE_PRINT_CONFIG:
		return ctl_print_configured(config);
	case MODE_UNITS:
		return ctl_write_unit_dropins(config, unit_dir);
	case MODE_ARM:
	case MODE_DISARM:
		if (ctl_require_module())
			return CTL_EXIT_ERROR;
		if (seal_key && (mode != MODE_ARM || ctl_set_seal_key(seal_key))) {
			if (mode != MODE_ARM)
				dd_error("-k goes with arming");
			return CTL_EXIT_ERROR;
		}
		for (int i = optind; i < argc; i++) {
			if ((mode == MODE_ARM ? ctl_arm(argv[i], force) : ctl_disarm(argv[i])) !=
			    CTL_EXIT_OK)
				rc = CTL_EXIT_ERROR;
			else
				armed++;
		}
		if (mode == MODE_ARM && armed) {
			ctl_enable_cpu_notes();
			ctl_panic_on_oops(0);
		}
		break;
	}
	return rc;
}
