// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore [-v] [-p] [-f] [-D] [-X] [-E] [-Z] [-k KEY] [-d DUMPDIR] [-c CONFIG] [DEVICE...]
 * savecore -C [-v] [-c CONFIG] [DEVICE...]
 *
 * Options, the list of devices (named, or the configured ones), and the
 * exit status.  The work for one device is savecore_device().
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_cmd.h"
#include "check.h"
#include "ddconfig.h"
#include "dddevice.h"
#include "ddmsg.h"
#include "savecore.h"
#include "seal_open.h"

#define OPT_ONLY	0x101

static const struct option longopts[] = {
	{ "check", no_argument, NULL, 'C' },
	{ "config", required_argument, NULL, 'c' },
	{ "dumpdir", required_argument, NULL, 'd' },
	{ "force", no_argument, NULL, 'f' },
	{ "progress", no_argument, NULL, 'p' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "key", required_argument, NULL, 'k' },
	{ "erase", no_argument, NULL, 'Z' },
	DD_LONG_OPTIONS
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: savecore [-v] [-p] [-f] [-D] [-X] [-E] [-Z] [-k KEY] [-d DUMPDIR] [-c CONFIG]\n"
		"                [DEVICE...]\n"
		"       savecore -C [-v] [-c CONFIG] [DEVICE...]\n"
		"  -C, --check     check only: say whether an unsaved dump is there, write nothing\n"
		"                  (exit 0 a dump is there, 1 none, 2 a device could not be checked)\n"
		"  -v, --verbose   -p, --progress  print progress\n"
		"  -f, --force     extract a dump even if it was saved before\n"
		"  -D  invalidate the dump after saving it\n"
		"  -X  invalidate the dump without saving it\n"
		"  -E  write an ELF vmcore (default: kdump-compressed, as makedumpfile)\n"
		"  -Z, --erase     zero the dump area on the partition once the dump is saved\n"
		"  -k, --key KEY   open sealed dumps with this X25519 secret key (PEM);\n"
		"                  without it a sealed dump is saved still sealed (sealed.img)\n"
		"  -d, --dumpdir DUMPDIR  extract below DUMPDIR (default: config, then "
		DD_DEFAULT_DUMPDIR ")\n"
		"  -c, --config CONFIG    configuration file (default " DD_CONFIG_PATH "),\n"
		"                         as for diskdumpctl\n"
		"  --only swap|partitions  only the devices that are swap areas, or only the\n"
		"              others (the boot units: swap first, partitions in the background)\n"
		"DEVICE is a block device, a UUID=/LABEL=/PARTUUID= tag or an image file;\nwithout one, the configured DEVICE list is used.\n"
		"  -h, --help  this help;  --version  the version\n"
		"Exit: 0 done or nothing to do, 1 error, 2 saved but partial.\n");
}

/* Worst result wins: an error outranks a partial extraction. */
static int combine(int so_far, enum savecore_result r)
{
	if (so_far == SAVECORE_ERROR || r == SAVECORE_ERROR)
		return SAVECORE_ERROR;
	if (so_far == SAVECORE_PARTIAL || r == SAVECORE_PARTIAL)
		return SAVECORE_PARTIAL;
	return SAVECORE_OK;
}

/* Paths are used as given; tags are looked up with libblkid.  -1: not found. */
static int device_path(const char *spec, char *path, size_t len, char *err, size_t errlen)
{
	if (strchr(spec, '=') && spec[0] != '/' && spec[0] != '.')
		return dd_resolve_device(spec, path, len, err, errlen) < 0 ? -1 : 0;
	snprintf(path, len, "%s", spec);
	return 0;
}

/* One device, and the administrator's command for what came of it. */
static enum savecore_result one_device_and_command(const char *spec,
						   const struct savecore_opts *o)
{
	char dir[4096] = "";
	char path[4096], err[512];
	enum savecore_result r;

	if (device_path(spec, path, sizeof(path), err, sizeof(err))) {
		dd_dev_error(spec, "%s", err);
		r = SAVECORE_ERROR;
	} else {
		if (strcmp(path, spec))
			dd_dev_debug(spec, "is %s", path);
		r = savecore_device(path, spec, o, dir, sizeof(dir));
	}
	if (r == SAVECORE_ERROR)
		admin_cmd_run("FAIL_CMD", o->fail_cmd, o->cmd_timeout, "", "error", spec);
	else if (dir[0])
		admin_cmd_run("POST_SAVE_CMD", o->post_save_cmd, o->cmd_timeout, dir,
			      r == SAVECORE_PARTIAL ? "partial" : "saved", spec);
	return r;
}

static enum savecore_check_result check_one(const char *spec)
{
	char path[4096], err[512];

	if (device_path(spec, path, sizeof(path), err, sizeof(err))) {
		printf("%s: cannot check: %s\n", spec, err);
		return CHECK_ERROR;
	}
	return savecore_check(path, spec);
}

/* -C: a dump on any device answers yes; an unreadable one answers only if none has. */
static int check_combine(int so_far, enum savecore_check_result r)
{
	if (so_far == CHECK_DUMP || r == CHECK_DUMP)
		return CHECK_DUMP;
	if (so_far == CHECK_ERROR || r == CHECK_ERROR)
		return CHECK_ERROR;
	return CHECK_NONE;
}

int main(int argc, char **argv)
{
	static struct dd_config cfg;	/* large: keep it off the stack */
	static struct seal_secret secret;
	const char *key = NULL;
	struct savecore_opts o = { .format = VMCORE_KDUMP };
	const char *config = DD_CONFIG_PATH, *dumpdir = NULL;
	int c, i, status = SAVECORE_OK;
	bool check = false;

	dd_msg_init(argv[0]);
	while ((c = getopt_long(argc, argv, "CvpfDXEZd:c:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': check = true; break;
		case 'v': dd_verbose = true; break;
		case 'p': o.progress = true; break;
		case 'f': o.force = true; break;
		case 'D': o.delete_after = true; break;
		case 'X': o.delete_only = true; break;
		case 'E': o.format = VMCORE_ELF; break;
		case 'Z': o.erase_after = true; break;
		case 'd': dumpdir = optarg; break;
		case 'c': config = optarg; break;
		case 'k': key = optarg; break;
		case OPT_ONLY:
			if (!strcmp(optarg, "swap")) {
				o.only = ONLY_SWAP;
			} else if (!strcmp(optarg, "partitions")) {
				o.only = ONLY_PARTITIONS;
			} else {
				dd_error("--only takes swap or partitions, not \"%s\"", optarg);
				return SAVECORE_ERROR;
			}
			break;
		case 'h': usage(stdout); return 0;
		case DD_OPT_VERSION: dd_print_version(); return 0;
		default: usage(stderr); return SAVECORE_ERROR;
		}
	}
	if (check && (o.progress || o.force || o.delete_after || o.delete_only || o.erase_after ||
		      o.format != VMCORE_KDUMP || dumpdir)) {
		dd_error("-C checks only: it takes -v and -c alone");
		return CHECK_ERROR;
	}
	/* At boot, what savecore says belongs in the system log too. */
	if (!check)
		dd_msg_system_log();
	/* At boot a typo in the configuration must not cost the dump. */
	dd_config_load_lenient(config, &cfg);
	if (check) {
		status = CHECK_NONE;
		for (i = optind; i < argc; i++)
			status = check_combine(status, check_one(argv[i]));
		if (optind == argc && !cfg.nr_devices)
			printf("no DEVICE given and none configured in %s\n", config);
		for (i = 0; optind == argc && i < cfg.nr_devices; i++)
			status = check_combine(status, check_one(cfg.devices[i]));
		return status;
	}
	o.dumpdir = dumpdir ? dumpdir :
		    cfg.dumpdir[0] ? cfg.dumpdir : DD_DEFAULT_DUMPDIR;
	o.minfree_bytes = cfg.minfree_mib << 20;
	o.maxdumps = cfg.maxdumps;
	o.post_save_cmd = cfg.post_save_cmd;
	o.fail_cmd = cfg.fail_cmd;
	o.cmd_timeout = cfg.cmd_timeout;
	o.erase_after = o.erase_after || cfg.erase_after_save;
	/* The configuration's key, where the secret is kept on this machine. */
	if (!key && cfg.seal_secret_key[0])
		key = cfg.seal_secret_key;
	if (key) {
		char err[600];

		/* A key that cannot be used is refused before anything is read. */
		if (seal_load_secret(key, &secret, err, sizeof(err)) < 0) {
			dd_error("-k %s", err);
			return SAVECORE_ERROR;
		}
		o.secret = &secret;
	}

	if (optind < argc) {
		for (i = optind; i < argc; i++)
			status = combine(status, one_device_and_command(argv[i], &o));
		return status;
	}
	/* Run at every boot: a machine without dump devices has nothing to do. */
	if (!cfg.nr_devices) {
		/* Said once a boot: by the run for everything but swap. */
		if (o.only != ONLY_SWAP)
			dd_dev_note(NULL, "no DEVICE given and none configured in %s; nothing to do",
				    config);
		return SAVECORE_OK;
	}
	for (i = 0; i < cfg.nr_devices; i++)
		status = combine(status, one_device_and_command(cfg.devices[i], &o));
	return status;
}
