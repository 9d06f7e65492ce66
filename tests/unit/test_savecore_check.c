// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore -C, run as the command on image files: its answer (exit 0 an
 * unsaved dump, 1 none, 2 cannot check) for every state a device can be
 * in, that it writes nothing, and that the options that would write are
 * refused with it.  Also the option letters shared with the other tools.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "test_check.h"
#include "test_run_cmd.h"
#include "test_savecore_image.h"

static char top[PATH_MAX];
static char workdir[] = "/tmp/test_savecore_check.XXXXXX";
static char image[PATH_MAX], image2[PATH_MAX], dumpdir[PATH_MAX];

static int savecore(const char *args)
{
	return test_run("'%s/savecore/savecore' %s", top, args);
}

/* XXH64 of the whole image: any write shows. */
static uint64_t image_digest(const char *path)
{
	static uint8_t buf[1 << 20];
	uint64_t h = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		exit(2);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		h = h * 31 + dd_xxh64(buf, (size_t)n);
	close(fd);
	return h;
}

static void build_as(const char *path, bool swap)
{
	static struct img im;
	struct img_opts o;

	img_default_opts(&o);
	o.swap = swap;
	if (img_build(&im, path, &o) < 0) {
		perror(path);
		exit(2);
	}
}

static void build(const char *path)
{
	build_as(path, false);
}

static void write_block(const char *path, uint64_t block, int byte)
{
	uint8_t buf[DD_BLOCK_SIZE];
	int fd = open(path, O_RDWR);

	memset(buf, byte, sizeof(buf));
	if (fd < 0 || pwrite(fd, buf, sizeof(buf), (off_t)(block * DD_BLOCK_SIZE)) !=
	    (ssize_t)sizeof(buf) || close(fd)) {
		perror(path);
		exit(2);
	}
}

static void remove_workdir(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", workdir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", workdir);
}

/* --only: the boot units' split, swap areas first, dedicated partitions after. */
static void test_only(void)
{
	char args[4 * PATH_MAX];
	int rc;

	build_as(image, false);
	build_as(image2, true);
	snprintf(args, sizeof(args), "--only=swap -d '%s/only' '%s' '%s'", workdir, image, image2);
	rc = savecore(args);
	check("only-swap-saves-swap", rc == 0 && strstr(test_output, "dump saved") &&
	      strstr(test_output, image2), "exit %d: %s", rc, test_output);
	snprintf(args, sizeof(args), "-C '%s'", image);
	rc = savecore(args);
	check("only-swap-leaves-partitions", rc == 0, "exit %d: %s", rc, test_output);
	snprintf(args, sizeof(args), "--only=partitions -d '%s/only' '%s' '%s' '%s/missing'",
		 workdir, image, image2, workdir);
	rc = savecore(args);
	check("only-partitions-saves-the-rest", rc == 1 && strstr(test_output, "dump saved") &&
	      strstr(test_output, "missing") && !strstr(test_output, "already saved"),
	      "exit %d: %s", rc, test_output);
	snprintf(args, sizeof(args), "-C '%s' '%s'", image, image2);
	rc = savecore(args);
	check("only-both-saved", rc == 1, "exit %d: %s", rc, test_output);
	rc = savecore("--only=disks");
	check("only-bad-value", rc == 1 && strstr(test_output, "--only takes"),
	      "exit %d: %s", rc, test_output);
}

int main(void)
{
	char args[4 * PATH_MAX];
	uint64_t before;
	struct stat st;
	int rc;

	if (!check("check-tree-found", !test_find_top(top, sizeof(top)),
		   "VERSION not found above the test"))
		return test_exit_status();
	if (!mkdtemp(workdir))
		return 2;
	atexit(remove_workdir);
	snprintf(image, sizeof(image), "%s/dump.img", workdir);
	snprintf(image2, sizeof(image2), "%s/other.img", workdir);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", workdir);

	build(image);
	before = image_digest(image);
	snprintf(args, sizeof(args), "-C '%s'", image);
	rc = savecore(args);
	check("check-unsaved-dump", rc == 0 && strstr(test_output, "an unsaved dump (complete)") &&
	      strstr(test_output, "sysrq"), "exit %d: %s", rc, test_output);
	check("check-writes-nothing", image_digest(image) == before && stat(dumpdir, &st) < 0,
	      "the image or %s changed", dumpdir);
	snprintf(args, sizeof(args), "--check -v '%s'", image);
	rc = savecore(args);
	check("check-verbose", rc == 0 && strstr(test_output, "pages written"),
	      "exit %d: %s", rc, test_output);

	write_block(image, DD_HEADER_BLOCK, 0x5a);
	snprintf(args, sizeof(args), "-Cv '%s'", image);
	rc = savecore(args);
	check("check-damaged-header-counts", rc == 0 && strstr(test_output, "trailer holds a copy"),
	      "exit %d: %s", rc, test_output);

	build(image);
	snprintf(args, sizeof(args), "-d '%s' '%s'", dumpdir, image);
	rc = savecore(args);
	check("check-setup-saved", rc == 0, "savecore exit %d: %s", rc, test_output);
	snprintf(args, sizeof(args), "-C '%s'", image);
	rc = savecore(args);
	check("check-saved-dump-is-none", rc == 1 && strstr(test_output, "saved before"),
	      "exit %d: %s", rc, test_output);

	write_block(image, DD_HEADER_BLOCK, 0);
	rc = savecore(args);
	check("check-no-dump", rc == 1 && strstr(test_output, "no dump"), "exit %d: %s", rc,
	      test_output);

	/* One device with a dump among others: yes; an unreadable one alone: 2. */
	build(image2);
	snprintf(args, sizeof(args), "-C '%s' '%s' '%s/missing'", image, image2, workdir);
	rc = savecore(args);
	check("check-any-device-with-a-dump", rc == 0, "exit %d: %s", rc, test_output);
	snprintf(args, sizeof(args), "-C '%s' '%s/missing'", image, workdir);
	rc = savecore(args);
	check("check-cannot-check", rc == 2 && strstr(test_output, "cannot check"),
	      "exit %d: %s", rc, test_output);

	/* The configured devices, named with -c as for diskdumpctl. */
	snprintf(args, sizeof(args), "printf 'DEVICE=\"%s\"\\n' >'%s/dd.conf'", image2, workdir);
	rc = test_run("%s", args);
	snprintf(args, sizeof(args), "-C -c '%s/dd.conf'", workdir);
	rc = savecore(args);
	check("check-configured-devices", rc == 0 && strstr(test_output, image2),
	      "exit %d: %s", rc, test_output);
	snprintf(args, sizeof(args), "-C --config '%s/empty.conf'", workdir);
	rc = savecore(args);
	check("check-nothing-configured", rc == 1 && strstr(test_output, "none configured"),
	      "exit %d: %s", rc, test_output);

	/* What would write is refused with -C, before anything is opened. */
	before = image_digest(image2);
	snprintf(args, sizeof(args), "-C -X '%s'", image2);
	rc = savecore(args);
	check("check-refuses-writing-options", rc == 2 && strstr(test_output, "-C checks only") &&
	      image_digest(image2) == before, "exit %d: %s", rc, test_output);

	/* The old spelling -C CONFIG is now a check of a file that is no device. */
	snprintf(args, sizeof(args), "-C '%s/dd.conf'", workdir);
	rc = savecore(args);
	check("check-old-config-spelling-is-harmless", rc == 2 &&
	      strstr(test_output, "cannot check"), "exit %d: %s", rc, test_output);

	/* The other tools' letters: diskdumpfmt -C and --check, diskdumpctl -c and --config. */
	rc = test_run("'%s/utils/diskdumpfmt' -C '%s'", top, image2);
	check("check-fmt-C", rc == 1, "exit %d: %s", rc, test_output);
	rc = test_run("'%s/utils/diskdumpfmt' --check '%s'", top, image2);
	check("check-fmt-long", rc == 1, "exit %d: %s", rc, test_output);
	rc = test_run("'%s/utils/diskdumpfmt' -c '%s'", top, image2);
	check("check-fmt-old-spelling", rc == 1, "exit %d: %s", rc, test_output);
	rc = test_run("'%s/utils/diskdumpctl' -p -c '%s/dd.conf'", top, workdir);
	check("check-ctl-config-c", rc == 0 && strstr(test_output, image2),
	      "exit %d: %s", rc, test_output);
	rc = test_run("'%s/utils/diskdumpctl' -p --config '%s/dd.conf'", top, workdir);
	check("check-ctl-config-long", rc == 0 && strstr(test_output, image2),
	      "exit %d: %s", rc, test_output);
	rc = test_run("'%s/utils/diskdumpctl' -p -C '%s/dd.conf'", top, workdir);
	check("check-ctl-config-old-spelling", rc == 0 && strstr(test_output, image2),
	      "exit %d: %s", rc, test_output);
	test_only();
	return test_exit_status();
}
