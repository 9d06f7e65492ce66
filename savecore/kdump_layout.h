/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The kdump-compressed file format ("KDUMP   ", header version 6) as
 * makedumpfile writes it and crash(8) and makedumpfile read it, x86_64
 * layout.  Offsets are in bytes, "blocks" are block_size (= page size):
 *
 *   block 0                    kdump_disk_header
 *   block 1 ..                 kdump_sub_header, then the ELF notes
 *                              (sub_hdr_size blocks in all)
 *   1 + sub_hdr_size ..        1st bitmap: a bit per pfn below max_mapnr,
 *                              set for every page of RAM
 *                              then the 2nd bitmap: set for every page
 *                              stored in the file (bitmap_blocks in all,
 *                              half each)
 *   1 + sub_hdr_size + bitmap_blocks ..
 *                              one kdump_page_desc per set bit of the 2nd
 *                              bitmap, in pfn order; readers find a page's
 *                              descriptor by counting set bits before it
 *   anywhere after             page data, where the descriptors point
 *
 * A page with bit 1 set and bit 2 clear reads as "excluded" (crash: zero
 * or an error, as the user asks).  Bit numbering is little-endian within
 * each byte: pfn p is bit (p % 8) of byte p / 8.
 */
#ifndef SAVECORE_KDUMP_LAYOUT_H
#define SAVECORE_KDUMP_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define KDUMP_SIGNATURE		"KDUMP   "
#define KDUMP_SIGNATURE_LEN	8
#define KDUMP_HEADER_VERSION	6
#define KDUMP_UTS_LEN		65

/* Header status and page descriptor flags share these bits. */
#define KDUMP_DH_COMPRESSED_ZLIB	0x01u
#define KDUMP_DH_COMPRESSED_LZO		0x02u
#define KDUMP_DH_COMPRESSED_SNAPPY	0x04u
#define KDUMP_DH_COMPRESSED_INCOMPLETE	0x08u
#define KDUMP_DH_EXCLUDED_VMEMMAP	0x10u
#define KDUMP_DH_COMPRESSED_ZSTD	0x20u

struct kdump_disk_header {
	char		signature[KDUMP_SIGNATURE_LEN];
	int32_t		header_version;
	char		sysname[KDUMP_UTS_LEN];		/* struct new_utsname */
	char		nodename[KDUMP_UTS_LEN];
	char		release[KDUMP_UTS_LEN];
	char		version[KDUMP_UTS_LEN];
	char		machine[KDUMP_UTS_LEN];
	char		domainname[KDUMP_UTS_LEN];
	uint8_t		pad0[6];		/* struct timeval is 8-aligned */
	int64_t		timestamp_sec;
	int64_t		timestamp_usec;
	uint32_t	status;			/* KDUMP_DH_* */
	int32_t		block_size;
	int32_t		sub_hdr_size;		/* blocks */
	uint32_t	bitmap_blocks;		/* both bitmaps */
	uint32_t	max_mapnr;		/* saturated; the sub header has it all */
	uint32_t	total_ram_blocks;
	uint32_t	device_blocks;
	uint32_t	written_blocks;
	uint32_t	current_cpu;
	int32_t		nr_cpus;
};

struct kdump_sub_header {
	uint64_t	phys_base;
	int32_t		dump_level;
	int32_t		split;
	uint64_t	start_pfn;
	uint64_t	end_pfn;
	int64_t		offset_vmcoreinfo;
	uint64_t	size_vmcoreinfo;
	int64_t		offset_note;
	uint64_t	size_note;
	int64_t		offset_eraseinfo;
	uint64_t	size_eraseinfo;
	uint64_t	start_pfn_64;
	uint64_t	end_pfn_64;
	uint64_t	max_mapnr_64;
};

struct kdump_page_desc {
	int64_t		offset;			/* of the data in the file */
	uint32_t	size;			/* <= block_size */
	uint32_t	flags;			/* KDUMP_DH_COMPRESSED_*, 0: raw */
	uint64_t	page_flags;
};

/* The offsets readers use; a layout change here breaks every reader. */
_Static_assert(offsetof(struct kdump_disk_header, timestamp_sec) == 408,
	       "timeval after the utsname, 8-aligned");
_Static_assert(offsetof(struct kdump_disk_header, status) == 424,
	       "status after the timeval");
_Static_assert(sizeof(struct kdump_disk_header) == 464, "disk_dump_header");
_Static_assert(offsetof(struct kdump_sub_header, offset_vmcoreinfo) == 32,
	       "sub header v3 fields");
_Static_assert(sizeof(struct kdump_sub_header) == 104, "sub header v6");
_Static_assert(sizeof(struct kdump_page_desc) == 24, "page_desc");

#endif
