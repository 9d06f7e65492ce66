/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * diskdump on-disk format, shared by the kernel writer (diskdump.ko), the
 * formatter (diskdumpfmt) and the reader (savecore).
 *
 * Every integer is little-endian.  The unit of layout is the 4 KiB block.
 *
 *   block 0          label: written once by diskdumpfmt, never by the kernel.
 *                    The kernel compares it with the copy taken at arm time
 *                    before its first write (identity check).
 *   block 1          dump header: written at panic with status IN_PROGRESS,
 *                    rewritten with the final status at the end; savecore
 *                    sets DD_FLAG_SAVED in it once the dump is extracted.
 *   notes_block..    ELF notes: one NT_PRSTATUS per possible CPU in CPU order,
 *                    then the VMCOREINFO note (notes_size bytes).
 *   dmesg_block..    the kernel log as text (dmesg_size bytes), may be empty.
 *   data_block..     chunks, back to back: a chunk header block followed by
 *                    payload_blocks blocks of page data.
 *   end_block        trailer: a copy of the final header with magic
 *                    DD_TRAILER_MAGIC.  A dump without a valid trailer was
 *                    cut short; its chunks are still extractable one by one.
 *
 * Checksums are XXH64 with seed 0 (the kernel's xxh64(), libxxhash's XXH64()).
 */
#ifndef DISKDUMP_FORMAT_H
#define DISKDUMP_FORMAT_H

#include <linux/types.h>

#define DD_BLOCK_SIZE		4096u
#define DD_BLOCK_SHIFT		12
#define DD_FORMAT_VERSION	1u

#define DD_LABEL_MAGIC		"DDLABEL\0"
#define DD_HEADER_MAGIC		"DDHEADER"
#define DD_TRAILER_MAGIC	"DDTRAILR"
#define DD_CHUNK_MAGIC		"DDCHUNK\0"
#define DD_MAGIC_LEN		8

#define DD_LABEL_BLOCK		0
#define DD_HEADER_BLOCK		1

/* Smallest partition the kernel will arm: label, header, notes, one chunk. */
#define DD_MIN_PARTITION_BYTES	(16ull << 20)

/* Block 0, written by diskdumpfmt. */
struct dd_label {
	char	magic[DD_MAGIC_LEN];	/* DD_LABEL_MAGIC */
	__u32	version;		/* DD_FORMAT_VERSION */
	__u32	block_size;		/* DD_BLOCK_SIZE */
	__u8	uuid[16];		/* fresh per format (libuuid) */
	__u64	nr_blocks;		/* partition size in blocks at format time */
	__u64	format_time;		/* seconds since the epoch */
	__u64	reserved[8];
	__u64	checksum;		/* XXH64 of the bytes before this field */
};

enum dd_status {
	DD_STATUS_NONE		= 0,	/* never written (block 1 zeroed by diskdumpfmt) */
	DD_STATUS_IN_PROGRESS	= 1,	/* the kernel started and did not finish */
	DD_STATUS_COMPLETE	= 2,	/* every selected page was written */
	DD_STATUS_SHORT_AREA	= 3,	/* the partition filled up first */
	DD_STATUS_IO_ERROR	= 4,	/* a write failed; chunks before it are good */
	DD_STATUS_TIMED_OUT	= 5,	/* the dump's deadline passed (dump_timeout) */
};

#define DD_FLAG_SAVED		(1u << 0)	/* savecore extracted it */
#define DD_FLAG_CPU_NOTES	(1u << 1)	/* other CPUs' registers were captured */

#define DD_MAX_RANGES		64
#define DD_UTS_LEN		65
#define DD_PANIC_STRING_LEN	512

struct dd_range {
	__u64	start_pfn;
	__u64	nr_pages;
};

/* Block 1 (header) and end_block (trailer). */
struct dd_dump_header {
	char	magic[DD_MAGIC_LEN];	/* DD_HEADER_MAGIC or DD_TRAILER_MAGIC */
	__u32	version;		/* DD_FORMAT_VERSION */
	__u32	header_size;		/* sizeof(struct dd_dump_header) */
	__u8	uuid[16];		/* the label's uuid */
	__u64	dump_id;		/* unique per dump, repeated in every chunk */
	__u32	status;			/* enum dd_status */
	__u32	flags;			/* DD_FLAG_* */
	__u64	panic_time;		/* seconds since the epoch */
	__u64	dump_nsecs;		/* panic notifier entry to trailer written */
	__u32	page_size;
	__u32	nr_cpus;		/* NT_PRSTATUS notes in the notes area */
	__u32	panic_cpu;
	__u32	dump_level;
	__u32	compression;		/* DD_COMPRESS_* used for chunk pages */
	__u32	nr_ranges;
	__u64	phys_base;
	__u64	page_offset;		/* virtual address of physical 0 */
	__u64	kernel_text_vaddr;	/* _text */
	__u64	kernel_text_paddr;
	__u64	kernel_text_size;	/* _end - _text */
	__u64	vmcoreinfo_paddr;
	__u64	vmcoreinfo_size;
	__u64	partition_blocks;	/* armed partition size in blocks */
	__u64	notes_block;
	__u64	notes_size;		/* bytes */
	__u64	dmesg_block;
	__u64	dmesg_size;		/* bytes */
	__u64	data_block;		/* first chunk */
	__u64	end_block;		/* trailer block; 0 while in progress */
	__u64	nr_chunks;		/* chunks written */
	__u64	nr_pages_total;		/* pages in the ranges below */
	__u64	nr_pages_written;	/* pages stored in chunks */
	__u64	nr_pages_unreadable;	/* recorded, without data */
	__u64	nr_pages_excluded;	/* left out by dump_level */
	__u64	nr_pages_zero;		/* recorded as DD_PAGE_ZERO, no data */
	__u64	reserved[6];
	struct dd_range ranges[DD_MAX_RANGES];	/* System RAM at arm time */
	char	sysname[DD_UTS_LEN];
	char	nodename[DD_UTS_LEN];
	char	release[DD_UTS_LEN];
	char	utsversion[DD_UTS_LEN];
	char	machine[DD_UTS_LEN];
	char	domainname[DD_UTS_LEN];
	char	panic_string[DD_PANIC_STRING_LEN];
	__u8	pad[2];
	__u64	checksum;		/* XXH64 of the bytes before this field */
};

#define DD_COMPRESS_NONE	0u
#define DD_COMPRESS_LZO		1u

/* dump_level bits, with makedumpfile -d's meanings. */
#define DD_DL_ZERO		1u	/* pages full of zeroes */
#define DD_DL_CACHE		2u	/* page cache without private data */
#define DD_DL_CACHE_PRI		4u	/* all page cache */
#define DD_DL_USER		8u	/* user (anonymous, hugetlbfs) pages */
#define DD_DL_FREE		16u	/* free pages */
#define DD_DL_ALL		31u

/* Page descriptor flags. */
#define DD_PAGE_RAW		(1u << 0)	/* size == page_size bytes of data */
#define DD_PAGE_LZO		(1u << 1)	/* size bytes of LZO1X data */
#define DD_PAGE_UNREADABLE	(1u << 2)	/* no data: the kernel could not read it */
/*
 * No data: the page was all zeroes and dump_level has bit DD_DL_ZERO.  It is
 * recorded, not dropped like cache/user/free pages, because the kernel's
 * own zero pages are ones crash must be able to read (as makedumpfile, a
 * reader keeps them, as zeroes).
 */
#define DD_PAGE_ZERO		(1u << 3)

struct dd_page_desc {
	__u64	pfn;
	__u32	size;			/* bytes of payload this page occupies */
	__u32	flags;			/* DD_PAGE_* */
};

#define DD_CHUNK_MAX_PAGES	252

/* First block of every chunk; page data follows in payload order. */
struct dd_chunk_header {
	char	magic[DD_MAGIC_LEN];	/* DD_CHUNK_MAGIC */
	__u64	dump_id;
	__u64	seq;			/* 0, 1, 2, ... in write order */
	__u32	nr_pages;		/* <= DD_CHUNK_MAX_PAGES */
	__u32	payload_blocks;		/* blocks after this one */
	__u64	payload_bytes;		/* sum of pages[].size */
	__u64	payload_xxh64;		/* XXH64 of the payload_bytes bytes */
	__u64	reserved;
	__u64	header_xxh64;		/* XXH64 of this block with this field 0 */
	struct dd_page_desc pages[DD_CHUNK_MAX_PAGES];
};

/*
 * Little-endian fields read in place: the kernel and the tools each say how.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#include <asm/byteorder.h>
#define DD_LE32(x)	le32_to_cpu((__force __le32)(x))
#define DD_LE64(x)	le64_to_cpu((__force __le64)(x))
#else
#include <endian.h>
#include <string.h>
#define DD_LE32(x)	le32toh(x)
#define DD_LE64(x)	le64toh(x)
#endif

/*
 * The one definition of a valid label, used by the kernel when it arms a
 * partition and by diskdumpfmt -c, diskdumpctl and savecore, so that they
 * never disagree on what can be armed.  checksum is the XXH64 (seed 0) the
 * caller computed over the bytes before l->checksum; device_blocks is the
 * device's size now, in blocks (0: not known, not checked).  A device that
 * grew since it was formatted is fine (the kernel dumps into what the
 * label covers); one that shrank is not (the label no longer describes
 * the device).
 * Returns NULL, or why the label is not valid.
 */
static inline const char *dd_label_problem(const struct dd_label *l, __u64 checksum,
					   __u64 device_blocks)
{
	__u64 nr_blocks = DD_LE64(l->nr_blocks);

	if (memcmp(l->magic, DD_LABEL_MAGIC, DD_MAGIC_LEN))
		return "no diskdump label";
	if (DD_LE64(l->checksum) != checksum)
		return "label checksum mismatch";
	if (DD_LE32(l->version) != DD_FORMAT_VERSION)
		return "unsupported label version";
	if (DD_LE32(l->block_size) != DD_BLOCK_SIZE)
		return "unsupported block size";
	if (nr_blocks < DD_MIN_PARTITION_BYTES / DD_BLOCK_SIZE)
		return "label describes a partition that is too small";
	if (device_blocks && nr_blocks > device_blocks)
		return "label describes a larger partition (shrunk since it was formatted)";
	return NULL;
}

#ifdef __cplusplus
#define DD_STATIC_ASSERT static_assert
#elif defined(__KERNEL__)
#define DD_STATIC_ASSERT _Static_assert
#else
#define DD_STATIC_ASSERT _Static_assert
#endif

DD_STATIC_ASSERT(sizeof(struct dd_label) <= DD_BLOCK_SIZE, "label fits a block");
DD_STATIC_ASSERT(sizeof(struct dd_dump_header) <= DD_BLOCK_SIZE, "header fits a block");
DD_STATIC_ASSERT(sizeof(struct dd_chunk_header) == DD_BLOCK_SIZE, "chunk header is a block");

#endif /* DISKDUMP_FORMAT_H */
