// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore's small parsers on their own: the memory range map, the notes
 * framing check, the output directory name.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"
#include "outdir.h"
#include "ranges.h"
#include "test_check.h"

/* A header's memory range, little-endian as on disk. */
static struct dd_range le_range(uint64_t start_pfn, uint64_t nr_pages)
{
	return (struct dd_range){ .start_pfn = dd_to_le64(start_pfn),
				  .nr_pages = dd_to_le64(nr_pages) };
}

static void test_ranges(void)
{
	struct dd_dump_header h;
	struct range_map m;
	const char *why;
	uint64_t idx = 0;

	memset(&h, 0, sizeof(h));
	h.nr_ranges = dd_to_le32(3);
	h.ranges[0] = le_range(1, 9);	/* pfns 1..9 */
	h.ranges[1] = le_range(100, 50);	/* 100..149 */
	h.ranges[2] = le_range(150, 10);	/* adjacent: 150..159 */
	why = range_map_build(&m, &h);
	check("ranges: valid map built", !why && m.total_pages == 69, "%s",
	      why ? why : "wrong total");
	check("ranges: first pfn", !range_map_find(&m, 1, &idx) && idx == 0,
	      "idx %llu", (unsigned long long)idx);
	check("ranges: second range", !range_map_find(&m, 120, &idx) &&
	      idx == 9 + 20, "idx %llu", (unsigned long long)idx);
	check("ranges: last pfn", !range_map_find(&m, 159, &idx) && idx == 68,
	      "idx %llu", (unsigned long long)idx);
	check("ranges: gap not found", range_map_find(&m, 10, &idx) < 0 &&
	      range_map_find(&m, 0, &idx) < 0 &&
	      range_map_find(&m, 160, &idx) < 0 &&
	      range_map_find(&m, UINT64_MAX, &idx) < 0, "found");
	check("ranges: span inside one range",
	      range_map_find_span(&m, 100, 50) == 1, "no");
	check("ranges: span across two ranges refused",
	      range_map_find_span(&m, 140, 20) < 0, "accepted");
	check("ranges: span of huge length refused",
	      range_map_find_span(&m, 100, UINT64_MAX) < 0, "accepted");

	h.ranges[2] = le_range(149, 10);
	why = range_map_build(&m, &h);
	check("ranges: overlap refused", why && strstr(why, "overlap"), "%s",
	      why ? why : "accepted");
	h.ranges[2] = le_range(50, 10);
	why = range_map_build(&m, &h);
	check("ranges: unsorted refused", why != NULL, "accepted");
	h.ranges[2] = le_range(UINT64_MAX - 5, 10);
	why = range_map_build(&m, &h);
	check("ranges: wrapping range refused", why != NULL, "accepted");
	h.ranges[2] = le_range(RANGES_MAX_PFN - 10, 10);
	why = range_map_build(&m, &h);
	check("ranges: range ending at the limit accepted", !why, "%s", why);
	h.ranges[2] = le_range(RANGES_MAX_PFN - 10, 11);
	why = range_map_build(&m, &h);
	check("ranges: range past the limit refused", why != NULL, "accepted");
	h.nr_ranges = dd_to_le32(DD_MAX_RANGES + 1);
	why = range_map_build(&m, &h);
	check("ranges: too many refused", why != NULL, "accepted");
}

static size_t put_note(uint8_t *p, const char *name, uint32_t type,
		       uint32_t descsz)
{
	Elf64_Nhdr nh = { (uint32_t)strlen(name) + 1, descsz, type };
	size_t n = sizeof(nh) + ((nh.n_namesz + 3) & ~3u) + ((descsz + 3) & ~3u);

	memset(p, 0, n);
	memcpy(p, &nh, sizeof(nh));
	memcpy(p + sizeof(nh), name, nh.n_namesz);
	memset(p + n - ((descsz + 3) & ~3u), 0x77, descsz);
	return n;
}

static void test_notes(void)
{
	uint8_t buf[4096], copy[4096];
	struct notes_summary s;
	size_t len = 0, first;

	len += put_note(buf + len, "CORE", NT_PRSTATUS, 336);
	first = len;
	len += put_note(buf + len, "CORE", NT_PRSTATUS, 336);
	len += put_note(buf + len, "VMCOREINFO", 0, 33);
	memcpy(copy, buf, len);
	notes_filter(buf, len, &s);
	check("notes: well-formed kept byte for byte",
	      !s.problem && s.good_len == len && !memcmp(buf, copy, len) &&
	      s.nr_prstatus == 2 && s.has_vmcoreinfo, "problem %s, len %zu",
	      s.problem ? s.problem : "-", s.good_len);

	/* A zero terminator between notes (as crash_notes carry) is dropped. */
	memcpy(buf, copy, first);
	memset(buf + first, 0, 12);
	memcpy(buf + first + 12, copy + first, len - first);
	notes_filter(buf, len + 12, &s);
	check("notes: empty note dropped", !s.problem && s.good_len == len &&
	      !memcmp(buf, copy, len), "problem %s, len %zu",
	      s.problem ? s.problem : "-", s.good_len);

	memcpy(buf, copy, len);
	memset(buf + len, 0, 100);
	notes_filter(buf, len + 100, &s);
	check("notes: zero padding after the last note accepted",
	      !s.problem && s.good_len == len, "%s", s.problem);

	memcpy(buf, copy, len);
	((Elf64_Nhdr *)(buf + first))->n_descsz = 0xfffffff0u;
	notes_filter(buf, len, &s);
	check("notes: oversized note stops the walk",
	      s.problem && s.good_len == first && s.problem_offset == first &&
	      s.nr_prstatus == 1 && !s.has_vmcoreinfo, "len %zu", s.good_len);

	memcpy(buf, copy, len);
	notes_filter(buf, len - 1, &s);
	check("notes: truncated last note dropped",
	      s.problem && s.good_len == 2 * first, "len %zu", s.good_len);

	memcpy(buf, copy, len);
	buf[len] = 0x11;
	notes_filter(buf, len + 5, &s);
	check("notes: trailing garbage reported", s.problem != NULL &&
	      s.good_len == len, "%s", s.problem ? s.problem : "none");

	notes_filter(buf, 0, &s);
	check("notes: empty area", !s.problem && !s.good_len, "?");
}

static void test_outdir_name(void)
{
	char name[256];

	setenv("TZ", "UTC", 1);
	outdir_name(name, sizeof(name), "host.example-1", 65, 1700000000);
	check("name: node and UTC time", !strcmp(name,
	      "host.example-1-2023-11-14-22:13:20"), "%s", name);
	outdir_name(name, sizeof(name), "../../etc/x y", 65, 0);
	check("name: no path separators", !strchr(name, '/') &&
	      !strncmp(name, ".._.._etc_x_y-1970", 18), "%s", name);
	outdir_name(name, sizeof(name), "", 65, 0);
	check("name: empty node", !strncmp(name, "unknown-", 8), "%s", name);
	outdir_name(name, sizeof(name), "abcdef", 3, 0);
	check("name: field without NUL bounded", !strncmp(name, "abc-", 4),
	      "%s", name);
	outdir_name(name, sizeof(name), "h", 2, UINT64_MAX);
	check("name: absurd time", !strcmp(name, "h-time-18446744073709551615"),
	      "%s", name);
}

int main(void)
{
	test_ranges();
	test_notes();
	test_outdir_name();
	return test_exit_status();
}
