/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * How big a dump can get: the worst case (every page, uncompressed), so
 * that a partition that passes this check can always hold a full dump.
 */
#ifndef DDESTIMATE_H
#define DDESTIMATE_H

#include <stdint.h>
#include <stdio.h>

/* Header, notes, log and trailer: a generous allowance. */
#define DD_ESTIMATE_OVERHEAD_BYTES	(4ull << 20)

/* Sum of the top-level "System RAM" ranges of an /proc/iomem listing. */
int dd_parse_iomem_ram(FILE *f, uint64_t *bytes);
/* MemTotal of a /proc/meminfo listing, in bytes. */
int dd_parse_meminfo_total(FILE *f, uint64_t *bytes);

/*
 * RAM the kernel would dump: /proc/iomem when it shows addresses (root),
 * else MemTotal.  0 if neither can be read.
 */
uint64_t dd_system_ram_bytes(void);

/* Bytes a full dump of ram_bytes of memory takes on the partition. */
uint64_t dd_estimate_dump_bytes(uint64_t ram_bytes, unsigned int nr_cpus);

/* dd_estimate_dump_bytes() for this machine; 0 if RAM is unknown. */
uint64_t dd_estimate_this_machine(void);

/*
 * Memory a dump at dump_level would leave out, by the counts of a
 * /proc/meminfo listing: MemFree (free pages, 16), AnonPages (user pages,
 * 8), Cached less Shmem (page cache, 2 or 4) and Buffers (page cache with
 * private data, 4).  Zero pages (1) are not counted: nothing says how
 * many there are.  -1 if the listing lacks a count the level needs.
 */
int dd_parse_meminfo_excluded(FILE *f, unsigned int level, uint64_t *bytes);

/*
 * A dump of this machine at dump_level, as its memory is used now: full
 * (dd_estimate_this_machine(), which the caller has already) less what
 * the level leaves out, uncompressed.  It moves with the load; 0 if
 * unknown.
 */
uint64_t dd_estimate_at_level(uint64_t full, unsigned int level);

#endif /* DDESTIMATE_H */
