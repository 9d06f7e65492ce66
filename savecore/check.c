// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "ddformat.h"
#include "ddmsg.h"
#include "dumpdev.h"
#include "dumpread.h"

/* The panic, host and time of the dump, on one line. */
static void print_dump(const char *name, const struct dump *d, const char *what)
{
	char panic[4 * DD_PANIC_STRING_LEN + 1], node[4 * DD_UTS_LEN + 1], when[64];
	time_t t = (time_t)dd_from_le64(d->final.panic_time);
	struct tm tm;

	dd_printable(panic, sizeof(panic), d->panic,
		     sizeof(d->panic));
	dd_printable(node, sizeof(node), d->final.nodename, sizeof(d->final.nodename));
	if (!gmtime_r(&t, &tm) || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(when, sizeof(when), "an unknown time");
	printf("%s: %s (%s%s) of %s at %s: \"%s\"\n", name, what,
	       dd_status_name(dd_from_le32(d->final.status)),
	       d->has_trailer ? "" : ", no trailer", node, when, panic);
	if (!dd_verbose)
		return;
	if (d->header_from_trailer)
		printf("  the header block is damaged (%s); the trailer holds a copy\n",
		       d->header_problem);
	if (!d->has_trailer && d->trailer_problem[0])
		printf("  %s\n", d->trailer_problem);
	printf("  dump id %016llx, %llu of %llu pages written, %llu unreadable\n",
	       (unsigned long long)dd_from_le64(d->final.dump_id),
	       (unsigned long long)dd_from_le64(d->final.nr_pages_written),
	       (unsigned long long)dd_from_le64(d->final.nr_pages_total),
	       (unsigned long long)dd_from_le64(d->final.nr_pages_unreadable));
}

enum savecore_check_result savecore_check(const char *path, const char *name)
{
	enum savecore_check_result ret;
	struct dumpdev dev;
	struct dump d;
	char err[512];
	int state;

	if (dumpdev_open(&dev, path, name, err, sizeof(err)) < 0) {
		printf("%s: cannot check: %s\n", name, err);
		return CHECK_ERROR;
	}
	state = dump_read_header(&dev, &d, err, sizeof(err));
	if (state < 0) {
		printf("%s: cannot check: %s\n", name, err);
		ret = CHECK_ERROR;
	} else if (state == DUMP_ABSENT) {
		printf("%s: no dump\n", name);
		ret = CHECK_NONE;
	} else {
		/* The trailer says whether the dump is whole; its absence is no error. */
		if (dump_read_areas(&dev, &d, err, sizeof(err)) < 0 && dd_verbose)
			printf("  %s\n", err);
		print_dump(name, &d, state == DUMP_SAVED ? "a dump saved before"
							 : "an unsaved dump");
		ret = state == DUMP_SAVED ? CHECK_NONE : CHECK_DUMP;
	}
	dump_free(&d);
	dumpdev_close(&dev);
	return ret;
}
