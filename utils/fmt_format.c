// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Formatting: every check that could say "no" runs before the first
 * write, and the writes themselves touch only blocks 0 and 1 (plus the
 * magic bytes of signatures the user agreed, with -f, to erase).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uuid.h>

#include "ddblockio.h"
#include "ddestimate.h"
#include "ddkernel.h"
#include "ddmsg.h"
#include "ddstate.h"
#include "fmt.h"

/* Partitions the kernel knows of, or a table libblkid found. */
static bool has_partition_table(const struct dd_device_report *r)
{
	int i;

	if (r->nr_partitions > 0)
		return true;
	for (i = 0; i < r->nr_signatures; i++)
		if (!strcmp(r->signatures[i].usage, "partition table"))
			return true;
	return false;
}

/*
 * Returns an exit code when formatting must not go ahead, else -1.  Every
 * refusal says what was found and, where there is one, the flag that
 * overrides it; a device in use is refused whatever the flags.
 */
static int refusal(const char *path, const struct dd_device_report *r,
		   const struct fmt_options *opt)
{
	char what[1024];

	if (r->state == DD_STATE_MOUNTED) {
		dd_error("%s is mounted%s%s; refusing to format it, even with -f (unmount it first)",
			 path, r->mountpoint[0] ? " on " : "", r->mountpoint);
		return FMT_EXIT_IN_USE;
	}
	if (r->in_use & DD_INUSE_SWAP) {
		dd_error("%s is an active swap area; refusing to format it, even with -f (swapoff first)",
			 path);
		return FMT_EXIT_IN_USE;
	}
	if (r->is_block && dd_is_armed(r->rdev)) {
		dd_error("%s is armed for dumps; disarm it first (diskdumpctl -u %s)", path, path);
		return FMT_EXIT_IN_USE;
	}
	if (!r->size_bytes || r->size_bytes < DD_MIN_PARTITION_BYTES) {
		dd_error("%s: %s", path, r->description);
		return FMT_EXIT_REFUSED;
	}
	/*
	 * A whole disk with a partition table: -f would erase the table
	 * (the primary, the backup and the protective MBR) for a device the
	 * kernel will not arm anyway.  Refused whatever the flags.
	 */
	if (r->is_block && r->is_partition == 0 && has_partition_table(r)) {
		dd_error("%s: %s: refusing to format a partitioned disk, even with -f; name one of its partitions",
			 path, r->description);
		return FMT_EXIT_REFUSED;
	}
	/* The description (ddstate.c) already names the disk's partitions and contents. */
	if (r->is_block && r->is_partition == 0 && !opt->force) {
		dd_error("%s: %s, so it could never take a dump: name a partition (or use -f to format the whole disk anyway)",
			 path, r->description);
		return FMT_EXIT_REFUSED;
	}
	if (r->dump_unsaved && !opt->force) {
		dd_error("%s holds a dump that savecore has not saved yet (%s); run savecore first, or use -f to discard it",
			 path, r->description);
		return FMT_EXIT_REFUSED;
	}
	if (r->unknown_data_at >= 0 && !opt->force) {
		dd_error("%s is not empty: it holds data that is neither zeroes nor anything libblkid or diskdump recognises (the first non-zero byte at offset %lld); refusing to overwrite it (use -f to erase it)",
			 path, (long long)r->unknown_data_at);
		return FMT_EXIT_REFUSED;
	}
	if (r->nr_signatures && !opt->force) {
		dd_report_signatures(r, what, sizeof(what));
		dd_error("%s is not empty: it holds %s; refusing to overwrite it (use -f to erase it)",
			 path, what);
		return FMT_EXIT_REFUSED;
	}
	return -1;
}

static void warn_if_small(const char *path, uint64_t size)
{
	uint64_t need = dd_estimate_this_machine();
	char have_text[32], need_text[32];

	if (!need) {
		dd_warn("cannot tell how much memory this machine has; check that %s is large enough", path);
		return;
	}
	if (size >= need)
		return;
	dd_warn("%s (%s) is smaller than a full dump of this machine needs: at least %s (%" PRIu64 " bytes). A filtered (dump_level) and compressed dump is usually far smaller, but one that does not fit is cut short.",
		path, dd_human_size(size, have_text, sizeof(have_text)),
		dd_human_size(need, need_text, sizeof(need_text)), need);
}

/* Returns the open device, or -1 with *exit_code set. */
static int open_for_format(const char *path, const struct dd_device_report *r,
			   int *exit_code)
{
	/* O_EXCL on a block device fails if anything holds it: mount, swap, md, dm. */
	int fd = open(path, O_RDWR | O_CLOEXEC | (r->is_block ? O_EXCL : 0));
	uint64_t size;

	*exit_code = FMT_EXIT_REFUSED;
	if (fd < 0) {
		if (errno == EBUSY) {
			*exit_code = FMT_EXIT_IN_USE;
			dd_error("%s is in use (mounted, swap, device-mapper, md, or armed); refusing to format it",
				 path);
		} else {
			dd_error("%s: %s", path, strerror(errno));
		}
		return -1;
	}
	if (dd_fd_size(fd, &size) || size != r->size_bytes) {
		dd_error("%s changed while it was being checked; nothing written", path);
		close(fd);
		return -1;
	}
	return fd;
}

static int write_label(int fd, const char *path, uint64_t size, uuid_t uuid)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; } block, check;

	uuid_generate(uuid);
	memset(&block, 0, sizeof(block));
	/*
	 * Block 1 first: an old dump header must be gone before a new label
	 * appears, or an interruption could pair them.
	 */
	if (dd_write_block(fd, DD_HEADER_BLOCK, block.raw) || fsync(fd))
		goto write_failed;
	dd_label_init(&block.l, uuid, size / DD_BLOCK_SIZE, (uint64_t)time(NULL));
	if (dd_write_block(fd, DD_LABEL_BLOCK, block.raw) || fsync(fd))
		goto write_failed;
	if (dd_read_block(fd, DD_LABEL_BLOCK, check.raw) ||
	    memcmp(check.raw, block.raw, DD_BLOCK_SIZE) || dd_label_check(check.raw, 0)) {
		dd_error("%s: the label did not read back as written", path);
		return -1;
	}
	return 0;

write_failed:
	dd_error("%s: write failed: %s", path, strerror(errno));
	return -1;
}

int fmt_format(const char *spec, const char *path, const struct fmt_options *opt)
{
	struct dd_device_report r;
	char err[512], uuid_text[40], size_text[32];
	uuid_t uuid;
	int fd, rc;

	(void)spec;
	if (dd_device_examine(path, &r, err, sizeof(err))) {
		dd_error("%s", err);
		return FMT_EXIT_ERROR;
	}
	dd_info("%s: %s", path, r.description);
	rc = refusal(path, &r, opt);
	if (rc >= 0)
		return rc;
	if (r.is_block && r.is_partition == 0)
		dd_warn("%s is a whole disk: the kernel arms partitions only", path);
	if (r.dump_unsaved)
		dd_warn("discarding the unsaved dump on %s", path);
	warn_if_small(path, r.size_bytes);

	fd = open_for_format(path, &r, &rc);
	if (fd < 0)
		return rc;
	if (r.nr_signatures) {
		int wiped = dd_wipe_signatures(fd, err, sizeof(err));

		if (wiped < 0) {
			dd_error("%s: %s", path, err);
			close(fd);
			return FMT_EXIT_REFUSED;
		}
		dd_warn("%s: erased %d old signature(s)", path, wiped);
	}
	rc = write_label(fd, path, r.size_bytes, uuid);
	if (close(fd) && !rc) {
		dd_error("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc)
		return FMT_EXIT_REFUSED;
	uuid_unparse(uuid, uuid_text);
	printf("%s: formatted for diskdump, uuid %s, %s (%" PRIu64 " blocks)\n", path,
	       uuid_text, dd_human_size(r.size_bytes, size_text, sizeof(size_text)),
	       r.size_bytes / DD_BLOCK_SIZE);
	return FMT_EXIT_OK;
}
