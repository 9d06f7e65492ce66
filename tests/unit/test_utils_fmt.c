// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdumpfmt, run as a command on image files in /tmp: the -c states,
 * the label it writes, and the refusals that protect other data.
 * DISKDUMPFMT names the binary; by default it is found relative to this
 * test (tests/unit/ -> utils/).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ddblockio.h"
#include "ddformat.h"
#include "ddprobe.h"
#include "test_check.h"
#include "test_run_cmd.h"
#include "test_savecore_image.h"

#define IMAGE_BYTES	(64ull << 20)
#define IMAGE_BLOCKS	(IMAGE_BYTES / DD_BLOCK_SIZE)

static char fmt_binary[PATH_MAX];
static char workdir[] = "/tmp/test_utils_fmt.XXXXXX";
static char image[PATH_MAX];

static bool find_binary(void)
{
	/* Where the binary is relative to this test's executable or the cwd. */
	static const char *const relative[] = {
		"/../../utils/diskdumpfmt", "/../../../utils/diskdumpfmt",
	};
	static const char *const from_cwd[] = {
		"../../utils/diskdumpfmt", "utils/diskdumpfmt",
	};
	const char *env = getenv("DISKDUMPFMT");
	char self[PATH_MAX / 2];
	ssize_t n;

	if (env) {
		snprintf(fmt_binary, sizeof(fmt_binary), "%s", env);
		return access(fmt_binary, X_OK) == 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		for (size_t i = 0; i < sizeof(relative) / sizeof(relative[0]); i++) {
			snprintf(fmt_binary, sizeof(fmt_binary), "%s%s", self, relative[i]);
			if (!access(fmt_binary, X_OK))
				return true;
		}
	}
	for (size_t i = 0; i < sizeof(from_cwd) / sizeof(from_cwd[0]); i++) {
		snprintf(fmt_binary, sizeof(fmt_binary), "%s", from_cwd[i]);
		if (!access(fmt_binary, X_OK))
			return true;
	}
	return false;
}

static int fmt(const char *args)
{
	return test_run("'%s' %s '%s'", fmt_binary, args, image);
}

static void make_image(uint64_t bytes)
{
	int fd = open(image, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, (off_t)bytes) || close(fd)) {
		perror(image);
		exit(2);
	}
}

static void read_image_block(uint64_t block, void *buf)
{
	int fd = open(image, O_RDONLY);

	if (fd < 0 || dd_read_block(fd, block, buf)) {
		perror(image);
		exit(2);
	}
	close(fd);
}

static void write_image_block(uint64_t block, const void *buf)
{
	int fd = open(image, O_RDWR);

	if (fd < 0 || dd_write_block(fd, block, buf) || close(fd)) {
		perror(image);
		exit(2);
	}
}

static bool block_is(uint64_t block, int byte)
{
	unsigned char buf[DD_BLOCK_SIZE];

	read_image_block(block, buf);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != byte)
			return false;
	return true;
}

static void fill_block(uint64_t block, int byte)
{
	unsigned char buf[DD_BLOCK_SIZE];

	memset(buf, byte, sizeof(buf));
	write_image_block(block, buf);
}

static void test_fresh_image(void)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; } b;
	const char *problem;
	uint8_t first_uuid[16];
	time_t now = time(NULL);
	int rc;

	make_image(IMAGE_BYTES);
	rc = fmt("-c");
	check("-c on an image of zeroes says 2", rc == 2 && strstr(test_output, "zeroes"),
	      "exit %d: %s", rc, test_output);
	rc = fmt("");
	check("format an image of zeroes", rc == 0 && strstr(test_output, "formatted"),
		    "exit %d: %s", rc, test_output);

	/*
	 * Data nobody recognises (no label, no signature, not zeroes) is not
	 * taken for empty: -c says unsuitable, formatting needs -f, and the
	 * message says where the data is.
	 */
	make_image(IMAGE_BYTES);
	fill_block(2, 0xa5);
	fill_block(IMAGE_BLOCKS - 1, 0x5a);
	fill_block(1, 0x33);
	rc = fmt("-c");
	check("-c on unknown data says 4", rc == 4 && strstr(test_output, "nothing recognises") &&
	      strstr(test_output, "offset 4096"), "exit %d: %s", rc, test_output);
	rc = fmt("");
	check("unknown data not formatted without -f", rc == 1 &&
	      strstr(test_output, "neither zeroes") && strstr(test_output, "-f") && block_is(1, 0x33),
	      "exit %d: %s", rc, test_output);
	/* With -f; data outside blocks 0 and 1 must survive formatting. */
	rc = fmt("-f");
	check("format unknown data with -f", rc == 0 && strstr(test_output, "formatted"),
		    "exit %d: %s", rc, test_output);
	rc = fmt("-c");
	check("-c after format says 0", rc == 0 && strstr(test_output, "ready"),
		    "exit %d: %s", rc, test_output);

	read_image_block(DD_LABEL_BLOCK, b.raw);
	problem = dd_label_check(b.raw, 0);
	check("label valid", !problem, "%s", problem ? problem : "");
	check("label fields", dd_from_le64(b.l.nr_blocks) == IMAGE_BLOCKS && dd_from_le32(b.l.version) == DD_FORMAT_VERSION &&
		    dd_from_le32(b.l.block_size) == DD_BLOCK_SIZE, "nr_blocks %llu version %u block_size %u",
		    (unsigned long long)dd_from_le64(b.l.nr_blocks), dd_from_le32(b.l.version), dd_from_le32(b.l.block_size));
	check("label format time is now", (time_t)dd_from_le64(b.l.format_time) >= now - 60 && (time_t)dd_from_le64(b.l.format_time) <= now + 60, "format_time %llu, now %lld",
		    (unsigned long long)dd_from_le64(b.l.format_time), (long long)now);
	check("label uuid set", memcmp(b.l.uuid, (uint8_t[16]){ 0 }, 16) != 0, "all zero");
	check("header block zeroed", block_is(DD_HEADER_BLOCK, 0), "block 1 not zero");
	check("other blocks untouched", block_is(2, 0xa5) && block_is(IMAGE_BLOCKS - 1, 0x5a), "data beyond block 1 changed");

	memcpy(first_uuid, b.l.uuid, 16);
	rc = fmt("");
	read_image_block(DD_LABEL_BLOCK, b.raw);
	check("reformat gives a fresh uuid", rc == 0 && memcmp(first_uuid, b.l.uuid, 16), "exit %d, uuid unchanged", rc);
	rc = fmt("-cv");
	check("-cv prints the label", rc == 0 && strstr(test_output, "uuid:") && strstr(test_output, "dump:"), "exit %d: %s", rc, test_output);
}

static void test_stale_label(void)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; } b;
	int rc;

	make_image(IMAGE_BYTES);
	fmt("");
	make_image(0);	/* truncate, keep nothing */
	make_image(IMAGE_BYTES);
	fmt("");
	if (truncate(image, (off_t)(2 * IMAGE_BYTES)))
		exit(2);
	/* The kernel arms a grown partition as it is: -c must agree. */
	rc = fmt("-c");
	check("grown partition is ready, as the kernel sees it",
	      rc == 0 && strstr(test_output, "grew"), "exit %d: %s", rc, test_output);
	/* Shrunk: the kernel refuses it, so -c says it needs a format. */
	fmt("");
	if (truncate(image, (off_t)IMAGE_BYTES))
		exit(2);
	rc = fmt("-c");
	check("shrunk partition needs format", rc == 3 && strstr(test_output, "shrunk"),
	      "exit %d: %s", rc, test_output);

	fmt("");
	read_image_block(DD_LABEL_BLOCK, b.raw);
	b.l.version = dd_to_le32(DD_FORMAT_VERSION + 1);
	dd_label_seal(&b.l);
	write_image_block(DD_LABEL_BLOCK, b.raw);
	rc = fmt("-c");
	check("other version says 3", rc == 3 && strstr(test_output, "version"),
		    "exit %d: %s", rc, test_output);

	b.l.version = dd_to_le32(DD_FORMAT_VERSION);
	b.l.checksum ^= dd_to_le64(1);
	write_image_block(DD_LABEL_BLOCK, b.raw);
	rc = fmt("-c");
	check("bad checksum says 3", rc == 3 && strstr(test_output, "checksum"),
		    "exit %d: %s", rc, test_output);
	rc = fmt("");
	check("a bad label is reformatted without -f", rc == 0, "exit %d: %s", rc, test_output);
}

/* Put a valid "complete dump" header in block 1 of a formatted image. */
static void write_dump_header_as(uint32_t flags, const char *panic, const char *host)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; } label;
	union { char raw[DD_BLOCK_SIZE]; struct dd_dump_header h; } b;
	const char *problem;

	read_image_block(DD_LABEL_BLOCK, label.raw);
	memset(&b, 0, sizeof(b));
	memcpy(b.h.magic, DD_HEADER_MAGIC, DD_MAGIC_LEN);
	b.h.version = dd_to_le32(DD_FORMAT_VERSION);
	b.h.header_size = dd_to_le32(sizeof(b.h));
	memcpy(b.h.uuid, label.l.uuid, 16);
	b.h.status = dd_to_le32(DD_STATUS_COMPLETE);
	b.h.flags = dd_to_le32(flags);
	b.h.page_size = dd_to_le32(DD_BLOCK_SIZE);
	b.h.panic_time = dd_to_le64(1700000000);
	snprintf(b.h.panic_string, sizeof(b.h.panic_string), "%s", panic);
	snprintf(b.h.nodename, sizeof(b.h.nodename), "%s", host);
	b.h.partition_blocks = label.l.nr_blocks;
	b.h.notes_block = dd_to_le64(2);
	b.h.dmesg_block = dd_to_le64(3);
	b.h.data_block = dd_to_le64(4);
	dd_header_seal(&b.h);
	problem = dd_header_check(b.raw, DD_HEADER_MAGIC, &label.l);
	if (problem) {
		fprintf(stderr, "test header invalid: %s\n", problem);
		exit(2);
	}
	write_image_block(DD_HEADER_BLOCK, b.raw);
}

static void write_dump_header(uint32_t flags)
{
	write_dump_header_as(flags, "sysrq triggered crash", "testhost");
}

/* Text from a dump is untrusted: -c -v must not pass escapes to a terminal. */
static void test_hostile_strings(void)
{
	int rc;

	make_image(IMAGE_BYTES);
	fmt("");
	write_dump_header_as(0, "oops\033[2J\033]0;pwned\007\nFAKE: line", "host\033[31m");
	rc = fmt("-cv");
	check("-c -v escapes control characters in panic string and host name",
	      rc == 1 && !strchr(test_output, '\033') && !strchr(test_output, '\007') &&
	      strstr(test_output, "oops\\033[2J") && strstr(test_output, "host\\033[31m") &&
	      !strstr(test_output, "\nFAKE"),
	      "exit %d: %s", rc, test_output);
}

static void test_unsaved_dump(void)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; } before, after;
	int rc;

	make_image(IMAGE_BYTES);
	fmt("");
	write_dump_header(0);
	rc = fmt("-cv");
	check("unsaved dump says 1 and shows the panic", rc == 1 && strstr(test_output, "sysrq triggered crash"), "exit %d: %s", rc, test_output);
	read_image_block(DD_LABEL_BLOCK, before.raw);
	rc = fmt("");
	read_image_block(DD_LABEL_BLOCK, after.raw);
	check("format refuses an unsaved dump", rc == 1 && strstr(test_output, "savecore") && !memcmp(before.raw, after.raw, DD_BLOCK_SIZE) &&
		    !block_is(DD_HEADER_BLOCK, 0), "exit %d: %s", rc, test_output);

	write_dump_header(DD_FLAG_SAVED);
	rc = fmt("-c");
	check("saved dump says 0", rc == 0 && strstr(test_output, "saved"),
		    "exit %d: %s", rc, test_output);

	write_dump_header(0);
	rc = fmt("-f");
	check("-f discards an unsaved dump with a warning", rc == 0 && strstr(test_output, "discarding") && block_is(DD_HEADER_BLOCK, 0), "exit %d: %s", rc, test_output);
}

/*
 * A dump whose header block was lost but whose trailer is whole: savecore
 * saves it from the trailer, so every tool must count it as unsaved.
 */
static void test_damaged_header_with_trailer(void)
{
	static struct img im;
	struct img_opts o;
	uint64_t trailer;
	int rc;

	img_default_opts(&o);
	o.nr_blocks = IMAGE_BLOCKS;
	if (img_build(&im, image, &o) < 0) {
		perror(image);
		exit(2);
	}
	trailer = dd_from_le64(im.h.end_block);
	fill_block(DD_HEADER_BLOCK, 0x5a);
	rc = fmt("-cv");
	check("damaged header, whole trailer: an unsaved dump",
	      rc == 1 && strstr(test_output, "trailer") && strstr(test_output, "complete") &&
	      strstr(test_output, "panic:"), "exit %d: %s", rc, test_output);
	rc = fmt("");
	check("format refuses a dump only the trailer describes",
	      rc == 1 && strstr(test_output, "savecore") && block_is(DD_HEADER_BLOCK, 0x5a),
	      "exit %d: %s", rc, test_output);

	fill_block(DD_HEADER_BLOCK, 0);
	rc = fmt("-c");
	check("a zeroed header block is no dump (a format clears it so)",
	      rc == 0, "exit %d: %s", rc, test_output);

	fill_block(DD_HEADER_BLOCK, 0x5a);
	fill_block(trailer, 0x33);
	rc = fmt("-c");
	check("damaged header and trailer: nothing savecore could save",
	      rc == 0 && strstr(test_output, "ready"), "exit %d: %s", rc, test_output);
}

static bool ext2_magic_present(void)
{
	unsigned char buf[DD_BLOCK_SIZE];

	read_image_block(0, buf);
	return buf[0x438] == 0x53 && buf[0x439] == 0xef;
}

static int count_signatures(void)
{
	struct dd_signature sigs[DD_MAX_SIGNATURES];
	char err[256];
	int fd = open(image, O_RDONLY), n;

	if (fd < 0)
		exit(2);
	n = dd_probe_signatures(fd, image, sigs, DD_MAX_SIGNATURES, err, sizeof(err));
	close(fd);
	return n;
}

/* XXH64 of each of the first 256 blocks: enough to see any write. */
static void image_digest(uint64_t digest[256])
{
	unsigned char buf[DD_BLOCK_SIZE];

	for (uint64_t i = 0; i < 256; i++) {
		read_image_block(i, buf);
		digest[i] = dd_xxh64(buf, sizeof(buf));
	}
}

static void test_filesystem_image(void)
{
	uint64_t before[256], after[256];
	int rc;

	make_image(IMAGE_BYTES);
	rc = test_run("PATH=/sbin:/usr/sbin:$PATH mke2fs -q -F -t ext2 -L precious '%s'", image);
	if (!check("mke2fs made a filesystem", rc == 0 && ext2_magic_present(),
			 "exit %d: %s", rc, test_output))
		return;
	rc = fmt("-c");
	check("-c names the filesystem, says 4", rc == 4 && strstr(test_output, "ext2"),
		    "exit %d: %s", rc, test_output);
	image_digest(before);
	rc = fmt("");
	check("format refuses a filesystem", rc == 1 && strstr(test_output, "ext2") && strstr(test_output, "-f"), "exit %d: %s", rc, test_output);
	check("the refusal names the filesystem's label and use (libext2fs)",
	      strstr(test_output, "\"precious\"") && strstr(test_output, "never mounted") &&
	      strstr(test_output, "in use"), "%s", test_output);
	image_digest(after);
	check("filesystem left intact", !memcmp(before, after, sizeof(before)),
		    "the first MiB of the image changed");
	rc = fmt("-f");
	check("-f formats over it", rc == 0 && !ext2_magic_present(),
		    "exit %d: %s", rc, test_output);
	rc = count_signatures();
	check("no signature left after -f", rc == 0, "%d signature(s) remain", rc);
	rc = fmt("-c");
	check("-c after -f says 0", rc == 0, "exit %d: %s", rc, test_output);
}

/* A filesystem made later over a formatted partition wins over the label. */
static void test_label_with_foreign_signature(void)
{
	static const char iso_magic[] = "\001CD001\001";
	unsigned char buf[DD_BLOCK_SIZE];
	int rc;

	make_image(IMAGE_BYTES);
	fmt("");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, iso_magic, sizeof(iso_magic) - 1);
	write_image_block(32768 / DD_BLOCK_SIZE, buf);
	rc = fmt("-c");
	check("label plus iso9660 says 4", rc == 4 && strstr(test_output, "iso9660"),
	      "exit %d: %s", rc, test_output);
	rc = fmt("");
	check("format refuses it without -f", rc == 1 && strstr(test_output, "iso9660"),
	      "exit %d: %s", rc, test_output);
	rc = fmt("-f");
	check("-f erases the iso9660 magic", rc == 0 && count_signatures() == 0,
	      "exit %d, %d signature(s) left: %s", rc, count_signatures(), test_output);
}

/* A partition table on an image (a whole disk's image) is named and kept. */
static void test_partition_table_image(void)
{
	uint64_t before[256], after[256];
	int rc;

	make_image(IMAGE_BYTES);
	rc = test_run("printf 'label: gpt\\n,32M\\n' | PATH=/sbin:/usr/sbin:$PATH sfdisk -q '%s'", image);
	if (!check("sfdisk wrote a GPT", rc == 0, "exit %d: %s", rc, test_output))
		return;
	image_digest(before);
	rc = fmt("-c");
	check("-c on a GPT image says 4 and names it", rc == 4 && strstr(test_output, "gpt"),
	      "exit %d: %s", rc, test_output);
	rc = fmt("");
	image_digest(after);
	check("format refuses a partition table, names it and -f",
	      rc == 1 && strstr(test_output, "gpt partition table") && strstr(test_output, "-f") &&
	      !memcmp(before, after, sizeof(before)), "exit %d: %s", rc, test_output);
}

static void test_swap_image(void)
{
	int rc;

	make_image(IMAGE_BYTES);
	rc = test_run("PATH=/sbin:/usr/sbin:$PATH mkswap '%s'", image);
	if (!check("mkswap made a swap area", rc == 0, "exit %d: %s", rc, test_output))
		return;
	rc = fmt("-c");
	check("-c on swap says 5", rc == 5 && strstr(test_output, "swap"), "exit %d: %s",
		    rc, test_output);
	rc = fmt("");
	check("format refuses swap without -f", rc == 1 && strstr(test_output, "swap"),
		    "exit %d: %s", rc, test_output);
}

static void test_unsuitable(void)
{
	int rc;

	make_image(DD_MIN_PARTITION_BYTES / 2);
	rc = fmt("-c");
	check("small image says 4", rc == 4 && strstr(test_output, "too small"),
		    "exit %d: %s", rc, test_output);
	rc = fmt("");
	check("small image not formatted", rc == 1 && block_is(0, 0), "exit %d: %s",
		    rc, test_output);
	rc = test_run("'%s' -c /dev/null", fmt_binary);
	check("character device says 4", rc == 4, "exit %d: %s", rc, test_output);
	rc = test_run("'%s' -c '%s/missing'", fmt_binary, workdir);
	check("missing file says 8", rc == 8, "exit %d: %s", rc, test_output);
	rc = test_run("'%s' -c FOO=bar", fmt_binary);
	check("unknown tag says 8", rc == 8 && strstr(test_output, "unknown tag"),
		    "exit %d: %s", rc, test_output);
	rc = test_run("'%s'", fmt_binary);
	check("no device is a usage error", rc == 8, "exit %d", rc);
}

/* Also on exit(2) from a helper: leave nothing behind in /tmp. */
static void remove_workdir(void)
{
	unlink(image);
	rmdir(workdir);
}

int main(void)
{
	if (!find_binary()) {
		check("diskdumpfmt found", 0, "not next to the tests nor in the cwd (build utils/ or set DISKDUMPFMT)");
		return 1;
	}
	if (!mkdtemp(workdir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(image, sizeof(image), "%s/dump.img", workdir);
	atexit(remove_workdir);
	test_fresh_image();
	test_stale_label();
	test_unsaved_dump();
	test_damaged_header_with_trailer();
	test_hostile_strings();
	test_filesystem_image();
	test_partition_table_image();
	test_label_with_foreign_signature();
	test_swap_image();
	test_unsuitable();
	return test_exit_status();
}
