// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddblockio.h"
#include "ddstate.h"
#include "ddsysfs.h"
#include "ddtrailer.h"
#include "ddformat.h"
#include "diskdump/swap.h"

#define MIB(x)	((unsigned long long)((x) >> 20))

static enum dd_state describe(struct dd_device_report *r, enum dd_state state,
			      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum dd_state describe(struct dd_device_report *r, enum dd_state state,
			      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->description, sizeof(r->description), fmt, ap);
	va_end(ap);
	r->state = state;
	return state;
}

void dd_report_signatures(const struct dd_device_report *r, char *buf, size_t len)
{
	size_t used = 0;
	int shown = r->nr_signatures < DD_MAX_SIGNATURES ? r->nr_signatures
							   : DD_MAX_SIGNATURES;

	buf[0] = '\0';
	for (int i = 0; i < shown && used < len; i++) {
		char one[DD_SIGNATURE_TEXT];

		dd_signature_describe(&r->signatures[i], one, sizeof(one));
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", one);
	}
	if (r->nr_signatures > shown && used < len)
		snprintf(buf + used, len - used, ", and %d more",
			 r->nr_signatures - shown);
}

static bool has_signature(const struct dd_device_report *r, const char *type)
{
	for (int i = 0; i < r->nr_signatures && i < DD_MAX_SIGNATURES; i++)
		if (!strcmp(r->signatures[i].type, type))
			return true;
	return false;
}

/*
 * Whether block 1 of a labelled dedicated partition is something savecore
 * would look past for a trailer: not zeroes (never written, or cleared by
 * a format), not a valid header, not the sealed "no dump" header.  Block 1
 * of a swap area is swapped-out data unless a dump was written there, so
 * only a header naming the area counts on swap (swap.h).
 */
static bool block1_needs_trailer(const struct dd_device_report *r, const void *block)
{
	const struct dd_dump_header *h = block;

	if (r->swap_magic || r->label_problem || !r->label_magic)
		return false;
	if (r->header_magic && !r->header_problem)
		return false;
	if (r->header_magic && dd_from_le32(h->status) == DD_STATUS_NONE &&
	    dd_from_le64(h->checksum) == dd_xxh64(h, offsetof(struct dd_dump_header, checksum)))
		return false;
	return !dd_all_zero(block, DD_BLOCK_SIZE);
}

/*
 * The header block is damaged: a valid trailer of this label means a dump
 * savecore can still save, which must be protected like any unsaved one.
 */
static int look_for_trailer(int fd, struct dd_device_report *r)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_dump_header h; } t;
	int rc = dd_find_trailer(fd, r->size_bytes / DD_BLOCK_SIZE, &r->label, t.raw);

	if (rc < 0)
		return -1;
	if (rc > 0)
		return 0;
	if (!r->header_problem)
		r->header_problem = "bad magic";
	r->header_from_trailer = true;
	r->header = t.h;
	r->dump_unsaved = true;
	return 0;
}

/* Read blocks 0 and 1 and judge them; nothing here trusts a field unchecked. */
static int read_diskdump_blocks(int fd, struct dd_device_report *r)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; struct dd_dump_header h; } b;

	if (dd_read_block(fd, DD_LABEL_BLOCK, b.raw))
		return -1;
	r->blocks_read = true;
	r->label_magic = !memcmp(b.raw, DD_LABEL_MAGIC, DD_MAGIC_LEN);
	r->swap_magic = dd_swap_signature(b.raw);
	if (r->swap_magic) {
		r->label_problem = dd_swap_problem(b.raw, r->size_bytes / DD_BLOCK_SIZE, &r->label);
	} else {
		r->label_problem = dd_label_check(b.raw, 0);
		memcpy(&r->label, &b.l, sizeof(r->label));
	}

	if (dd_read_block(fd, DD_HEADER_BLOCK, b.raw)) {
		r->blocks_read = false;
		return -1;
	}
	r->header_magic = !memcmp(b.raw, DD_HEADER_MAGIC, DD_MAGIC_LEN);
	memcpy(&r->header, &b.h, sizeof(r->header));
	if (r->header_magic) {
		r->header_problem = r->label_problem ?
			"no valid label or swap header to check it against" :
			dd_header_check(b.raw, DD_HEADER_MAGIC, &r->label);
		/*
		 * Even a header that fails its checks may describe data
		 * savecore can partly recover: count it as unsaved unless
		 * it says it was saved.
		 */
		r->dump_unsaved = dd_from_le32(r->header.status) != DD_STATUS_NONE &&
				  !(dd_from_le32(r->header.flags) & DD_FLAG_SAVED);
	}
	if (block1_needs_trailer(r, b.raw))
		return look_for_trailer(fd, r);
	return 0;
}

/* What is wrong with a device diskdump can never use, whatever it holds. */
static bool unusable(struct dd_device_report *r, const char *what)
{
	if (r->size_bytes < DD_MIN_PARTITION_BYTES) {
		describe(r, DD_STATE_UNSUITABLE,
			 "too small: %llu MiB, diskdump needs at least %llu MiB%s%s",
			 MIB(r->size_bytes), MIB(DD_MIN_PARTITION_BYTES),
			 what[0] ? "; holds " : "", what);
		return true;
	}
	if (r->is_block && r->is_partition == 0) {
		if (r->nr_partitions > 0)
			describe(r, DD_STATE_UNSUITABLE,
				 "whole disk with %d partition(s)%s%s; the kernel arms partitions only",
				 r->nr_partitions, what[0] ? ", holds " : "", what);
		else
			describe(r, DD_STATE_UNSUITABLE,
				 "whole disk%s%s; the kernel arms partitions only",
				 what[0] ? " holding " : "", what);
		return true;
	}
	return false;
}

/*
 * A swap area is armed as it is (swap.h): its header stays, the dump goes
 * after it.  What matters is whether diskdump can use it and whether it
 * holds a dump savecore has not saved yet.
 */
static int examine_swap(struct dd_device_report *r)
{
	const char *active = (r->in_use & DD_INUSE_SWAP) ? "active " : "";
	uint64_t mib = dd_from_le64(r->label.nr_blocks) * DD_BLOCK_SIZE >> 20;

	if (!r->swap_magic) {
		describe(r, DD_STATE_UNSUITABLE, "%sswap area diskdump cannot read (%s)",
			 active, "not a \"SWAPSPACE2\" area of 4 KiB pages");
		return 0;
	}
	if (r->label_problem) {
		describe(r, DD_STATE_UNSUITABLE, "%sswap area diskdump cannot use: %s",
			 active, r->label_problem);
		return 0;
	}
	if (r->dump_unsaved) {
		if (r->header_problem)
			describe(r, DD_STATE_SWAP_DUMP,
				 "%sswap area holding a dump whose header is damaged (%s)",
				 active, r->header_problem);
		else
			describe(r, DD_STATE_SWAP_DUMP, "%sswap area holding an unsaved dump (%s)",
				 active, dd_status_name(dd_from_le32(r->header.status)));
		return 0;
	}
	describe(r, DD_STATE_SWAP, "%sswap area; can be armed as it is (%llu MiB for dumps)",
		 active, (unsigned long long)mib);
	return 0;
}

/*
 * The offset of the first byte that is not zero in the device's first
 * DD_ZERO_SCAN_BYTES, -1 when all are zero, -2 on a read error.
 */
static int64_t first_nonzero(int fd)
{
	static uint8_t buf[64 * 1024];
	uint64_t off = 0;
	ssize_t n;

	while (off < DD_ZERO_SCAN_BYTES) {
		n = pread(fd, buf, sizeof(buf), (off_t)off);
		if (n < 0)
			return -2;
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i])
				return (int64_t)(off + (uint64_t)i);
		off += (uint64_t)n;
	}
	return -1;
}

static int examine_open_device(int fd, const char *path,
			       struct dd_device_report *r, char *err, size_t errlen)
{
	char what[1024];

	if (dd_fd_size(fd, &r->size_bytes)) {
		snprintf(err, errlen, "%s: cannot get its size: %s", path, strerror(errno));
		return -1;
	}
	if (r->in_use & DD_INUSE_MOUNTED) {
		describe(r, DD_STATE_MOUNTED, "mounted filesystem%s%s",
			 r->mountpoint[0] ? " on " : "", r->mountpoint);
		return 0;
	}
	/* Every device is probed: a refusal must be able to say what it holds. */
	r->nr_signatures = dd_probe_signatures(fd, path, r->signatures, DD_MAX_SIGNATURES,
					       err, errlen);
	if (r->nr_signatures < 0)
		return -1;
	dd_report_signatures(r, what, sizeof(what));
	if (unusable(r, what))
		return 0;
	if (read_diskdump_blocks(fd, r)) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	/* A dump waiting for savecore outranks everything else on the device. */
	if (!r->swap_magic && !r->label_problem && r->dump_unsaved) {
		if (r->header_from_trailer)
			describe(r, DD_STATE_HOLDS_DUMP,
				 "holds an unsaved dump (%s) whose header block is damaged (%s); savecore recovers it from the trailer",
				 dd_status_name(dd_from_le32(r->header.status)), r->header_problem);
		else if (r->header_problem)
			describe(r, DD_STATE_HOLDS_DUMP, "holds a dump whose header is damaged (%s)",
				 r->header_problem);
		else
			describe(r, DD_STATE_HOLDS_DUMP, "holds an unsaved dump (%s)",
				 dd_status_name(dd_from_le32(r->header.status)));
		return 0;
	}
	if (r->swap_magic || has_signature(r, "swap") || (r->in_use & DD_INUSE_SWAP))
		return examine_swap(r);
	if (r->nr_signatures) {
		describe(r, DD_STATE_UNSUITABLE, "holds other data: %s%s", what,
			 r->label_magic ? " (besides a diskdump label)" : "");
		return 0;
	}
	/* Now the kernel's whole check, the device's size included. */
	if (!r->label_problem)
		r->label_problem = dd_label_check(&r->label, r->size_bytes / DD_BLOCK_SIZE);
	if (!r->label_magic) {
		if (r->header_magic && r->dump_unsaved) {
			describe(r, DD_STATE_NEEDS_FORMAT, "no valid label, but block 1 holds a dump header; needs format");
			return 0;
		}
		r->unknown_data_at = first_nonzero(fd);
		if (r->unknown_data_at == -2) {
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
			return -1;
		}
		if (r->unknown_data_at >= 0)
			describe(r, DD_STATE_UNSUITABLE,
				 "holds data nothing recognises (not zeroes: the first non-zero byte at offset %lld); formatting it needs -f",
				 (long long)r->unknown_data_at);
		else
			describe(r, DD_STATE_NEEDS_INITIAL, "no diskdump label; zeroes; needs initial format");
		return 0;
	}
	if (r->label_problem) {
		describe(r, DD_STATE_NEEDS_FORMAT, "needs format: %s", r->label_problem);
		return 0;
	}
	/* The kernel arms a grown partition, and dumps into what the label covers. */
	if (dd_from_le64(r->label.nr_blocks) < r->size_bytes / DD_BLOCK_SIZE) {
		describe(r, DD_STATE_READY,
			 "ready%s; the partition grew since it was formatted: dumps use the %llu blocks the label covers of %llu (format again to use all)",
			 r->header_magic ? " (the last dump was saved)" : "",
			 (unsigned long long)dd_from_le64(r->label.nr_blocks),
			 (unsigned long long)(r->size_bytes / DD_BLOCK_SIZE));
		return 0;
	}
	if (r->header_magic)
		describe(r, DD_STATE_READY, "ready (the last dump was saved)");
	else
		describe(r, DD_STATE_READY, "ready");
	return 0;
}

int dd_device_examine(const char *path, struct dd_device_report *r,
		      char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;

	memset(r, 0, sizeof(*r));
	r->is_partition = -1;
	r->unknown_data_at = -1;
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode)) {
		describe(r, DD_STATE_UNSUITABLE, "not a block device or image file");
		return 0;
	}
	r->is_block = S_ISBLK(st.st_mode);
	if (r->is_block) {
		r->rdev = st.st_rdev;
		r->is_partition = dd_sysfs_is_partition(st.st_rdev);
		if (r->is_partition == 0)
			r->nr_partitions = dd_sysfs_count_partitions(st.st_rdev);
	}
	r->in_use = dd_device_in_use(path, r->mountpoint, sizeof(r->mountpoint), err, errlen);
	if (r->in_use < 0)
		return -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = examine_open_device(fd, path, r, err, errlen);
	close(fd);
	return rc;
}
