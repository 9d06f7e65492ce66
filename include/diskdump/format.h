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
	__le32	version;		/* DD_FORMAT_VERSION */
	__le32	block_size;		/* DD_BLOCK_SIZE */
	__u8	uuid[16];		/* fresh per format (libuuid) */
	__le64	nr_blocks;		/* partition size in blocks at format time */
	__le64	format_time;		/* seconds since the epoch */
	__le64	reserved[8];
	__le64	checksum;		/* XXH64 of the bytes before this field */
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
#define DD_FLAG_SWAP		(1u << 2)	/* written into a swap area (swap.h) */
#define DD_FLAG_SEALED		(1u << 3)	/* encrypted and authenticated (seal.h) */

#define DD_MAX_RANGES		64
#define DD_UTS_LEN		65
#define DD_PANIC_STRING_LEN	512

struct dd_range {
	__le64	start_pfn;
	__le64	nr_pages;
};

/* Block 1 (header) and end_block (trailer). */
struct dd_dump_header {
	char	magic[DD_MAGIC_LEN];	/* DD_HEADER_MAGIC or DD_TRAILER_MAGIC */
	__le32	version;		/* DD_FORMAT_VERSION */
	__le32	header_size;		/* sizeof(struct dd_dump_header) */
	__u8	uuid[16];		/* the label's uuid */
	__le64	dump_id;		/* unique per dump, repeated in every chunk */
	__le32	status;			/* enum dd_status */
	__le32	flags;			/* DD_FLAG_* */
	__le64	panic_time;		/* seconds since the epoch */
	__le64	dump_nsecs;		/* panic notifier entry to trailer written */
	__le32	page_size;
	__le32	nr_cpus;		/* NT_PRSTATUS notes in the notes area */
	__le32	panic_cpu;
	__le32	dump_level;
	__le32	compression;		/* DD_COMPRESS_* used for chunk pages */
	__le32	nr_ranges;
	__le64	phys_base;
	__le64	page_offset;		/* virtual address of physical 0 */
	__le64	kernel_text_vaddr;	/* _text */
	__le64	kernel_text_paddr;
	__le64	kernel_text_size;	/* _end - _text */
	__le64	vmcoreinfo_paddr;
	__le64	vmcoreinfo_size;
	__le64	partition_blocks;	/* armed partition size in blocks */
	__le64	notes_block;
	__le64	notes_size;		/* bytes */
	__le64	dmesg_block;
	__le64	dmesg_size;		/* bytes */
	__le64	data_block;		/* first chunk */
	__le64	end_block;		/* trailer block; 0 while in progress */
	__le64	nr_chunks;		/* chunks written */
	__le64	nr_pages_total;		/* pages in the ranges below */
	__le64	nr_pages_written;	/* pages stored in chunks */
	__le64	nr_pages_unreadable;	/* recorded, without data */
	__le64	nr_pages_excluded;	/* left out by dump_level */
	__le64	nr_pages_zero;		/* recorded as DD_PAGE_ZERO, no data */
	/* DD_FLAG_SEALED (seal.h): the one-time public key, whose key it is for. */
	__u8	seal_pub[32];
	__u8	seal_key_id[8];
	__le64	reserved[1];
	struct dd_range ranges[DD_MAX_RANGES];	/* System RAM at arm time */
	char	sysname[DD_UTS_LEN];
	char	nodename[DD_UTS_LEN];
	char	release[DD_UTS_LEN];
	char	utsversion[DD_UTS_LEN];
	char	machine[DD_UTS_LEN];
	char	domainname[DD_UTS_LEN];
	char	panic_string[DD_PANIC_STRING_LEN];
	__u8	pad[2];
	__le64	checksum;		/* XXH64 of the bytes before this field */
};

#define DD_COMPRESS_NONE	0u
#define DD_COMPRESS_LZO		1u
#define DD_COMPRESS_ZSTD	2u

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
#define DD_PAGE_ZSTD		(1u << 4)	/* size bytes: one zstd frame */

struct dd_page_desc {
	__le64	pfn;
	__le32	size;			/* bytes of payload this page occupies */
	__le32	flags;			/* DD_PAGE_* */
};

#define DD_CHUNK_MAX_PAGES	252

/* First block of every chunk; page data follows in payload order. */
struct dd_chunk_header {
	char	magic[DD_MAGIC_LEN];	/* DD_CHUNK_MAGIC */
	__le64	dump_id;
	__le64	seq;			/* 0, 1, 2, ... in write order */
	__le32	nr_pages;		/* <= DD_CHUNK_MAX_PAGES */
	__le32	payload_blocks;		/* blocks after this one */
	__le64	payload_bytes;		/* sum of pages[].size */
	__le64	payload_xxh64;		/* XXH64 of the payload_bytes bytes */
	__le64	reserved;
	__le64	header_xxh64;		/* XXH64 of this block with this field 0 */
	struct dd_page_desc pages[DD_CHUNK_MAX_PAGES];
};

/*
 * Every integer field is declared __le32/__le64 so that sparse (run on the
 * modules by tests/vm/build, on userspace by tests/lint-userspace) catches
 * a field read or written without conversion.
 * The kernel converts with its own le32_to_cpu() and friends; code shared
 * with userspace, and userspace itself, with these.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#include <asm/byteorder.h>
#define dd_from_le32(x)	le32_to_cpu(x)
#define dd_from_le64(x)	le64_to_cpu(x)
#define dd_to_le32(x)	cpu_to_le32(x)
#define dd_to_le64(x)	cpu_to_le64(x)
#else
#include <endian.h>
#include <string.h>
#ifdef __CHECKER__
#define DD_FORCE	__attribute__((force))
#else
#define DD_FORCE
#endif
static inline __u32 dd_from_le32(__le32 x) { return le32toh((DD_FORCE __u32)x); }
static inline __u64 dd_from_le64(__le64 x) { return le64toh((DD_FORCE __u64)x); }
static inline __le32 dd_to_le32(__u32 x) { return (DD_FORCE __le32)htole32(x); }
static inline __le64 dd_to_le64(__u64 x) { return (DD_FORCE __le64)htole64(x); }
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
	__u64 nr_blocks = dd_from_le64(l->nr_blocks);

	if (memcmp(l->magic, DD_LABEL_MAGIC, DD_MAGIC_LEN))
		return "no diskdump label";
	if (dd_from_le64(l->checksum) != checksum)
		return "label checksum mismatch";
	if (dd_from_le32(l->version) != DD_FORMAT_VERSION)
		return "unsupported label version";
	if (dd_from_le32(l->block_size) != DD_BLOCK_SIZE)
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
