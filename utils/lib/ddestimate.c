// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <inttypes.h>
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
