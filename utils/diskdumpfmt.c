// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdumpfmt [-v] [-f] [-C] DEVICE
 * Prepare a dedicated dump partition, or (-C) say what state it is in.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "dddevice.h"
#include "ddmsg.h"
#include "fmt.h"

#define OPT_EXPORT	0x101

static const struct option longopts[] = {
	{ "check", no_argument, NULL, 'C' },
	{ "force", no_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "export", no_argument, NULL, OPT_EXPORT },
	DD_LONG_OPTIONS
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: diskdumpfmt [-v] [-f] [-C] DEVICE\n"
		"Prepare DEVICE (a partition, UUID=/LABEL=/PARTUUID= tag, or image file)\n"
		"as a diskdump dump partition.\n"
		"  -C, --check    check only: print the state and exit with it (-c: the\n"
		"                 old spelling; savecore -C checks too)\n"
		"      (0 ready, 1 holds a dump, 2 needs initial format, 3 needs format,\n"
		"       4 unsuitable, 5 swap, 6 swap holding a dump, 7 mounted, 8 error)\n"
		"  -f, --force    force: overwrite other signatures, a whole disk without partitions,\n"
		"      or an unsaved dump (never a mounted, swap, armed or partitioned device)\n"
		"  -v, --verbose  verbose\n"
		"      --export   the udev properties of a diskdump label (for the udev rule)\n"
		"  -h, --help     this help\n"
		"      --version  the version\n");
}

int main(int argc, char **argv)
{
	struct fmt_options opt = { 0 };
	char path[PATH_MAX], err[512];
	bool export = false;
	int c;

	dd_msg_init(argv[0]);
	while ((c = getopt_long(argc, argv, "vfcCh", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			dd_verbose = true;
			break;
		case 'f':
			opt.force = true;
			break;
		case 'C':
		case 'c':	/* the old spelling */
			opt.check = true;
			break;
		case OPT_EXPORT:
			export = true;
			break;
		case 'h':
			usage(stdout);
			return FMT_EXIT_OK;
		case DD_OPT_VERSION:
			dd_print_version();
			return FMT_EXIT_OK;
		default:
			usage(stderr);
			return FMT_EXIT_ERROR;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return FMT_EXIT_ERROR;
	}
	/* udev names the node; no tags, no messages. */
	if (export)
		return fmt_export(argv[optind]);
	if (dd_resolve_device(argv[optind], path, sizeof(path), err, sizeof(err))) {
		dd_error("%s", err);
		return opt.check ? FMT_EXIT_ERROR : FMT_EXIT_REFUSED;
	}
	if (opt.check)
		return fmt_check(argv[optind], path);
	return fmt_format(argv[optind], path, &opt);
}
