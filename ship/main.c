// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdump-ship [-v] [-r] [-d DUMPDIR] [-c CONFIG]
 * diskdump-ship status [-d DUMPDIR] [-c CONFIG]
 *
 * Options, the lock that keeps two shippers apart, the retry schedule and
 * the exit status; the shipping itself is ship.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ddconfig.h"
#include "ddmsg.h"
#include "ship.h"

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "dumpdir", required_argument, NULL, 'd' },
	{ "retry", no_argument, NULL, 'r' },
	{ "verbose", no_argument, NULL, 'v' },
	DD_LONG_OPTIONS
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: diskdump-ship [-v] [-r] [-d DUMPDIR] [-c CONFIG]\n"
		"       diskdump-ship status [-d DUMPDIR] [-c CONFIG]\n"
		"Ship the dumps savecore saved in DUMPDIR to SHIP_TO, resuming what an\n"
		"earlier run left unfinished; status: what is shipped and what is waiting.\n"
		"  -r, --retry   try again after a failure, SHIP_RETRIES times, waiting\n"
		"                SHIP_BACKOFF seconds, doubled each time up to SHIP_BACKOFF_MAX\n"
		"  -d, --dumpdir DUMPDIR  where the saved dumps are (default: config, then "
		DD_DEFAULT_DUMPDIR ")\n"
		"  -c, --config CONFIG    configuration file (default " DD_CONFIG_PATH ")\n"
		"  -v, --verbose  -h, --help  --version\n"
		"Exit: 0 everything shipped (or shipping is off), 1 something is still waiting,\n"
		"2 bad usage or settings.\n");
}

/* One shipper at a time per DUMPDIR (the boot unit, a timer, a person). */
static int lock_dumpdir(const char *dumpdir)
{
	int fd = open(dumpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		dd_error("cannot open %s: %s", dumpdir, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		dd_error("another diskdump-ship is shipping from %s", dumpdir);
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *config = DD_CONFIG_PATH, *dumpdir = NULL;
	char err[DD_CONFIG_VALUE_MAX + 256];
	struct dd_config *cfg;
	struct shipper s;
	bool retry = false, status;
	int c, waiting, lockfd;

	dd_msg_init(argv[0]);
	while ((c = getopt_long(argc, argv, "c:d:rvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'd':
			dumpdir = optarg;
			break;
		case 'r':
			retry = true;
			break;
		case 'v':
			dd_verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case DD_OPT_VERSION:
			dd_print_version();
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	status = optind < argc && !strcmp(argv[optind], "status");
	if (optind + status != argc) {
		usage(stderr);
		return 2;
	}
	if (!status)
		dd_msg_system_log();
	cfg = malloc(sizeof(*cfg));
	if (!cfg) {
		dd_error("out of memory");
		return 1;
	}
	if (dd_config_load(config, cfg, err, sizeof(err))) {
		dd_error("%s", err);
		return 2;
	}
	if (dumpdir)
		snprintf(cfg->dumpdir, sizeof(cfg->dumpdir), "%s", dumpdir);
	if (shipper_init(&s, cfg, err, sizeof(err))) {
		if (!cfg->ship.to[0]) {
			printf("%s\n", err);
			return 0;
		}
		dd_error("%s", err);
		return 2;
	}
	if (status)
		return ship_status(&s, stdout) ? 1 : 0;
	lockfd = lock_dumpdir(cfg->dumpdir);
	if (lockfd < 0)
		return 1;
	for (unsigned int attempt = 1;; attempt++) {
		unsigned int delay;

		waiting = ship_all(&s);
		if (!waiting)
			return 0;
		if (!retry || attempt >= cfg->ship.retries)
			break;
		delay = ship_backoff(&cfg->ship, attempt);
		dd_dev_note(NULL, "%s waiting: trying again in %u s (attempt %u of %u)",
			    waiting < 0 ? "DUMPDIR unreadable," : "dumps", delay, attempt + 1,
			    cfg->ship.retries);
		sleep(delay);
	}
	if (waiting > 0)
		dd_error("%d dump%s not shipped to %s; %s in %s for the next try", waiting,
			 waiting == 1 ? "" : "s", s.t.url, waiting == 1 ? "it stays" : "they stay",
			 cfg->dumpdir);
	return 1;
}
