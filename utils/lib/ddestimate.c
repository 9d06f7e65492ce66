// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "ddestimate.h"
#include "diskdump/format.h"

int dd_parse_iomem_ram(FILE *f, uint64_t *bytes)
{
	char line[256];
	uint64_t total = 0;
	int ranges = 0;

	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end;
		int name_at = 0;

		/* Nested resources are indented; only top level is RAM itself. */
		if (line[0] == ' ')
			continue;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " : %n", &start, &end, &name_at) != 2 ||
		    !name_at)
			continue;
		if (strncmp(line + name_at, "System RAM", 10) ||
		    (line[name_at + 10] != '\n' && line[name_at + 10] != '\0'))
			continue;
		if (end < start)
			continue;
		total += end - start + 1;
		ranges++;
	}
	/* Without root every address reads as zero: the sum means nothing. */
	if (!ranges || total <= (uint64_t)ranges)
		return -1;
	*bytes = total;
	return 0;
}

int dd_parse_meminfo_total(FILE *f, uint64_t *bytes)
{
	char line[256];
	uint64_t kib;

	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %" SCNu64 " kB", &kib) == 1 && kib) {
			*bytes = kib * 1024;
			return 0;
		}
	return -1;
}

static int parse_file(const char *path, int (*parse)(FILE *, uint64_t *),
		      uint64_t *bytes)
{
	FILE *f = fopen(path, "re");
	int rc;

	if (!f)
		return -1;
	rc = parse(f, bytes);
	fclose(f);
	return rc;
}

uint64_t dd_system_ram_bytes(void)
{
	uint64_t bytes = 0;

	if (!parse_file("/proc/iomem", dd_parse_iomem_ram, &bytes))
		return bytes;
	if (!parse_file("/proc/meminfo", dd_parse_meminfo_total, &bytes))
		return bytes;
	return 0;
}

uint64_t dd_estimate_dump_bytes(uint64_t ram_bytes, unsigned int nr_cpus)
{
	uint64_t pages = (ram_bytes + DD_BLOCK_SIZE - 1) / DD_BLOCK_SIZE;
	uint64_t chunk_headers = (pages + DD_CHUNK_MAX_PAGES - 1) / DD_CHUNK_MAX_PAGES;
	/* One NT_PRSTATUS note per CPU: well under a kilobyte each. */
	uint64_t notes = (uint64_t)nr_cpus * 1024;

	return (pages + chunk_headers) * DD_BLOCK_SIZE + notes +
	       DD_ESTIMATE_OVERHEAD_BYTES;
}

uint64_t dd_estimate_this_machine(void)
{
	uint64_t ram = dd_system_ram_bytes();
	long cpus = sysconf(_SC_NPROCESSORS_CONF);

	if (!ram)
		return 0;
	return dd_estimate_dump_bytes(ram, cpus > 0 ? (unsigned int)cpus : 1);
}

int dd_parse_meminfo_excluded(FILE *f, unsigned int level, uint64_t *bytes)
{
	static const char *const keys[] = { "MemFree", "AnonPages", "Cached", "Shmem", "Buffers" };
	uint64_t kib[5] = { 0 };
	bool seen[5] = { false };
	char line[256];
	uint64_t cache;

	while (fgets(line, sizeof(line), f)) {
		for (size_t i = 0; i < 5; i++) {
			size_t n = strlen(keys[i]);
			uint64_t v;

			if (!strncmp(line, keys[i], n) && line[n] == ':' &&
			    sscanf(line + n + 1, "%" SCNu64 " kB", &v) == 1) {
				kib[i] = v;
				seen[i] = true;
			}
		}
	}
	if (((level & DD_DL_FREE) && !seen[0]) || ((level & DD_DL_USER) && !seen[1]) ||
	    ((level & (DD_DL_CACHE | DD_DL_CACHE_PRI)) && (!seen[2] || !seen[3])) ||
	    ((level & DD_DL_CACHE_PRI) && !seen[4]))
		return -1;
	cache = kib[2] > kib[3] ? kib[2] - kib[3] : 0;
	*bytes = 1024 * ((level & DD_DL_FREE ? kib[0] : 0) + (level & DD_DL_USER ? kib[1] : 0) +
			 (level & (DD_DL_CACHE | DD_DL_CACHE_PRI) ? cache : 0) +
			 (level & DD_DL_CACHE_PRI ? kib[4] : 0));
	return 0;
}

uint64_t dd_estimate_at_level(uint64_t full, unsigned int level)
{
	uint64_t left_out = 0;
	FILE *f;

	if (!full || !(level & DD_DL_ALL & ~DD_DL_ZERO))
		return full;
	f = fopen("/proc/meminfo", "re");
	if (!f)
		return 0;
	if (dd_parse_meminfo_excluded(f, level, &left_out))
		left_out = 0;
	fclose(f);
	/* Header, notes and chunk headers stay whatever is left out. */
	if (left_out > full - DD_ESTIMATE_OVERHEAD_BYTES)
		left_out = full - DD_ESTIMATE_OVERHEAD_BYTES;
	return full - left_out;
}
