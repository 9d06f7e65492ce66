// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <uuid.h>

#include "ddmsg.h"
#include "ddstate.h"
#include "fmt.h"

static void print_time(const char *what, uint64_t seconds)
{
	time_t t = (time_t)seconds;
	struct tm tm;
	char text[64];

	if (!gmtime_r(&t, &tm) || !strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(text, sizeof(text), "%" PRIu64 " (invalid)", seconds);
	printf("  %-14s %s\n", what, text);
}

/*
 * Fields from disk are untrusted: not NUL-terminated for sure, and free to
 * hold escape sequences.  Bound every print and escape what is not plain.
 */
static void print_field(const char *what, const char *field, size_t len)
{
	char text[4 * DD_PANIC_STRING_LEN + 1];

	dd_printable(text, sizeof(text), field, len);
	printf("  %-14s %s\n", what, text);
}

static void print_label(const struct dd_device_report *r)
{
	char uuid[40];

	if (r->swap_magic) {
		if (r->label_problem) {
			printf("  %-14s swap area, unusable (%s)\n", "label:", r->label_problem);
			return;
		}
		uuid_unparse(r->label.uuid, uuid);
		printf("  %-14s swap area (its header stays; dumps go after it)\n", "label:");
		printf("  %-14s %s\n", "uuid:", uuid);
		printf("  %-14s %" PRIu64 " blocks of %u bytes\n", "dump area:",
		       (uint64_t)dd_from_le64(r->label.nr_blocks), DD_BLOCK_SIZE);
		return;
	}
	if (!r->label_magic) {
		printf("  %-14s none\n", "label:");
		return;
	}
	if (r->label_problem) {
		printf("  %-14s invalid (%s)\n", "label:", r->label_problem);
		return;
	}
	uuid_unparse(r->label.uuid, uuid);
	printf("  %-14s %s\n", "uuid:", uuid);
	printf("  %-14s %" PRIu64 " blocks of %u bytes\n", "label size:",
	       (uint64_t)dd_from_le64(r->label.nr_blocks), DD_BLOCK_SIZE);
	print_time("formatted:", dd_from_le64(r->label.format_time));
}

static void print_header(const struct dd_device_report *r)
{
	const struct dd_dump_header *h = &r->header;

	if (r->header_from_trailer) {
		printf("  %-14s header block damaged (%s); the trailer's copy says:\n",
		       "dump:", r->header_problem);
	} else if (!r->header_magic) {
		printf("  %-14s none\n", "dump:");
		return;
	} else if (r->header_problem) {
		printf("  %-14s header invalid (%s)\n", "dump:", r->header_problem);
		return;
	}
	printf("  %-14s %s%s\n", "dump:", dd_status_name(dd_from_le32(h->status)),
	       (dd_from_le32(h->flags) & DD_FLAG_SAVED) ? ", saved" : ", not saved yet");
	print_time("panic time:", dd_from_le64(h->panic_time));
	print_field("panic:", h->panic_string, sizeof(h->panic_string));
	print_field("host:", h->nodename, sizeof(h->nodename));
	print_field("kernel:", h->release, sizeof(h->release));
	printf("  %-14s %" PRIu64 " of %" PRIu64 " written, %" PRIu64 " unreadable\n",
	       "pages:", (uint64_t)dd_from_le64(h->nr_pages_written),
	       (uint64_t)dd_from_le64(h->nr_pages_total),
	       (uint64_t)dd_from_le64(h->nr_pages_unreadable));
}

void fmt_print_details(const struct dd_device_report *r)
{
	char size[32];

	if (!dd_verbose)
		return;
	printf("  %-14s %s (%" PRIu64 " bytes)\n", "size:",
	       dd_human_size(r->size_bytes, size, sizeof(size)), r->size_bytes);
	if (!r->blocks_read)
		return;
	if (r->nr_signatures) {
		char what[512];

		dd_report_signatures(r, what, sizeof(what));
		printf("  %-14s %s\n", "signatures:", what);
	}
	print_label(r);
	print_header(r);
}

int fmt_check(const char *spec, const char *path)
{
	struct dd_device_report r;
	char err[512];

	if (dd_device_examine(path, &r, err, sizeof(err))) {
		dd_error("%s", err);
		return FMT_EXIT_ERROR;
	}
	if (strcmp(spec, path))
		printf("%s (%s): %s\n", spec, path, r.description);
	else
		printf("%s: %s\n", path, r.description);
	fmt_print_details(&r);
	return (int)r.state;
}
