// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The small parsers and helpers of libdiskdump that the commands rely on:
 * /proc/iomem and /proc/meminfo, the dump size estimate, the kernel's
 * armed-device listing, arm error texts, device names, whole-block I/O.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddblockio.h"
#include "dddevice.h"
#include "ddestimate.h"
#include "ddkernel.h"
#include "ddunits.h"
#include "diskdump/format.h"
#include "test_check.h"

static FILE *text_file(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	if (!f) {
		perror("fmemopen");
		exit(2);
	}
	return f;
}

static void test_iomem(void)
{
	const char *iomem =
		"00000000-00000fff : Reserved\n"
		"00001000-0009fbff : System RAM\n"
		"000a0000-000fffff : Reserved\n"
		"00100000-bffdffff : System RAM\n"
		"  01000000-01e03fff : Kernel code\n"
		"  02000000-0200ffff : System RAM\n"
		"fd000000-fdffffff : PCI Bus 0000:00\n"
		"100000000-13fffffff : System RAM\n"
		"140000000-14000ffff : System RAM (fake)\n";
	const char *unprivileged =
		"00000000-00000000 : System RAM\n"
		"00000000-00000000 : System RAM\n";
	uint64_t bytes = 0, expect = (0x9fbffull - 0x1000 + 1) +
				      (0xbffdffffull - 0x100000 + 1) + (1ull << 30);
	FILE *f = text_file(iomem);
	int rc = dd_parse_iomem_ram(f, &bytes);

	fclose(f);
	check("iomem: top-level System RAM summed", rc == 0 && bytes == expect,
		    "rc %d bytes %llu expected %llu", rc, (unsigned long long)bytes,
		    (unsigned long long)expect);
	f = text_file(unprivileged);
	rc = dd_parse_iomem_ram(f, &bytes);
	fclose(f);
	check("iomem: zeroed addresses (not root) rejected", rc == -1, "rc %d", rc);
}

static void test_meminfo(void)
{
	FILE *f = text_file("MemFree: 5 kB\nMemTotal:       16318412 kB\n");
	uint64_t bytes = 0;
	int rc = dd_parse_meminfo_total(f, &bytes);

	fclose(f);
	check("meminfo: MemTotal", rc == 0 && bytes == 16318412ull * 1024,
		    "rc %d bytes %llu", rc, (unsigned long long)bytes);
	f = text_file("MemFree: 5 kB\n");
	rc = dd_parse_meminfo_total(f, &bytes);
	fclose(f);
	check("meminfo: no MemTotal", rc == -1, "rc %d", rc);
}

static void test_meminfo_excluded(void)
{
	static const char listing[] = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\n"
				      "Cached: 300 kB\nAnonPages: 200 kB\nShmem: 50 kB\n";
	static const struct { unsigned int level; uint64_t kib; } cases[] = {
		{ 1, 0 }, { 16, 100 }, { 8, 200 }, { 2, 250 }, { 4, 260 }, { 6, 260 },
		{ 31, 100 + 200 + 250 + 10 },
	};
	uint64_t bytes;
	int rc;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = text_file(listing);
		char name[64];

		bytes = ~0ull;
		rc = dd_parse_meminfo_excluded(f, cases[i].level, &bytes);
		fclose(f);
		snprintf(name, sizeof(name), "meminfo: left out at level %u", cases[i].level);
		check(name, rc == 0 && bytes == cases[i].kib * 1024, "rc %d, %llu bytes", rc,
		      (unsigned long long)bytes);
	}
	FILE *f = text_file("MemFree: 100 kB\n");

	rc = dd_parse_meminfo_excluded(f, 8, &bytes);
	fclose(f);
	check("meminfo: level needs a count the listing lacks", rc == -1, "rc %d", rc);
	uint64_t full = dd_estimate_this_machine(), at31 = dd_estimate_at_level(full, 31);

	check("estimate: level 31 now below the full one", at31 > 0 && at31 < full,
	      "%llu of %llu", (unsigned long long)at31, (unsigned long long)full);
}

static void test_estimate(void)
{
	uint64_t ram = 1ull << 30;	/* 262144 pages: 1041 chunks (ceil of /252) */
	uint64_t est = dd_estimate_dump_bytes(ram, 2);
	uint64_t expect = (262144ull + 1041) * DD_BLOCK_SIZE + 2 * 1024 +
			  DD_ESTIMATE_OVERHEAD_BYTES;

	check("estimate: 1 GiB, 2 CPUs", est == expect, "%llu, expected %llu",
		    (unsigned long long)est, (unsigned long long)expect);
	check("estimate: partial page rounds up", dd_estimate_dump_bytes(4097, 1) ==
		    (2 + 1) * DD_BLOCK_SIZE + 1024 + DD_ESTIMATE_OVERHEAD_BYTES, "%llu",
		    (unsigned long long)dd_estimate_dump_bytes(4097, 1));
	check("estimate: this machine exceeds its RAM", dd_estimate_this_machine() > dd_system_ram_bytes(), "estimate %llu ram %llu",
		    (unsigned long long)dd_estimate_this_machine(),
		    (unsigned long long)dd_system_ram_bytes());
}

/* The names systemd-escape --path --suffix=device gives (checked by hand). */
static void test_device_units(void)
{
	static const struct { const char *spec, *unit; } cases[] = {
		{ "/dev/vda2", "dev-vda2.device" },
		{ "UUID=1234-ab", "dev-disk-by\\x2duuid-1234\\x2dab.device" },
		{ "LABEL=dump.1", "dev-disk-by\\x2dlabel-dump.1.device" },
		{ "PARTUUID=0fc63daf-8483", "dev-disk-by\\x2dpartuuid-0fc63daf\\x2d8483.device" },
		{ "PARTLABEL=a:b_c", "dev-disk-by\\x2dpartlabel-a:b_c.device" },
		{ "/dev//mapper/x y/", "dev-mapper-x\\x20y.device" },
	};
	char path[256], unit[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = dd_spec_device_path(cases[i].spec, path, sizeof(path));

		rc = rc ? rc : dd_device_unit_name(path, unit, sizeof(unit));
		check(cases[i].spec, rc == 0 && !strcmp(unit, cases[i].unit), "rc %d, %s", rc,
		      rc ? "" : unit);
	}
	check("device unit: unknown tag refused", dd_spec_device_path("ID=5", path, sizeof(path)),
	      "%s", path);
	check("device unit: label with a slash refused",
	      dd_spec_device_path("LABEL=a/b", path, sizeof(path)), "%s", path);
	check("device unit: too long refused", dd_device_unit_name("/dev/sda", unit, 8), "%s", unit);
}

static void test_armed_listing(void)
{
	struct dd_armed a[2];
	FILE *f = text_file("8:17 ahci 2048 1048576 partition\n\n254:2 virtio 63 33554432 swap\n"
			    "259:1 nvme 0 9 partition\n");
	int n = dd_parse_armed(f, a, 2);

	fclose(f);
	check("armed: parsed, counted past max", n == 3 && a[0].major == 8 && a[0].minor == 17 && !strcmp(a[0].hook, "ahci") &&
		    a[0].start_sector == 2048 && a[0].nr_sectors == 1048576 &&
		    !a[0].swap && a[1].major == 254 && !strcmp(a[1].hook, "virtio") && a[1].swap,
	      "n %d", n);
	f = text_file("8:17 ahci 2048 5\n");
	n = dd_parse_armed(f, a, 2);
	fclose(f);
	check("armed: short line rejected", n == -1, "n %d", n);
	f = text_file("8:17 ahci 2048 5 partition extra\n");
	n = dd_parse_armed(f, a, 2);
	fclose(f);
	check("armed: trailing field rejected", n == -1, "n %d", n);
	f = text_file("8:17 ahci 2048 5 floppy\n");
	n = dd_parse_armed(f, a, 2);
	fclose(f);
	check("armed: unknown kind rejected", n == -1, "n %d", n);
}

static void test_arm_errors(void)
{
	static const int listed[] = { EINVAL, ENXIO, ENOTBLK, EOPNOTSUPP, ENOSPC,
				      EMEDIUMTYPE, EBUSY, EEXIST, ENOENT, ENOMEM, E2BIG };
	int generic = 0;

	for (size_t i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		if (!strcmp(dd_arm_error_text(listed[i], false), strerror(listed[i])))
			generic++;
	check("arm errors: every abi.h errno has its own text", generic == 0,
		    "%d fall back to strerror", generic);
	check("disarm ENOENT says not armed", strstr(dd_arm_error_text(ENOENT, true), "not armed") != NULL, "%s", dd_arm_error_text(ENOENT, true));
	check("EOPNOTSUPP names the hook module", strstr(dd_arm_error_text(EOPNOTSUPP, false), "hook") != NULL, "%s", dd_arm_error_text(EOPNOTSUPP, false));
}

static void test_resolve(void)
{
	char path[64], err[256];
	int rc;

	rc = dd_resolve_device("/dev/sdb1", path, sizeof(path), err, sizeof(err));
	check("resolve: path passes through", rc == 0 && !strcmp(path, "/dev/sdb1"),
		    "rc %d path %s", rc, path);
	rc = dd_resolve_device("SERIAL=x", path, sizeof(path), err, sizeof(err));
	check("resolve: unknown tag", rc == -1 && strstr(err, "unknown tag SERIAL"),
		    "rc %d err %s", rc, err);
	rc = dd_resolve_device("PARTLABEL=no-such-partition-label-xyz", path, sizeof(path),
			       err, sizeof(err));
	check("resolve: missing tag says which", rc == -1 && strstr(err, "no device has PARTLABEL=no-such"), "rc %d err %s", rc, err);
	rc = dd_resolve_device("UUID=\"\"", path, sizeof(path), err, sizeof(err));
	check("resolve: empty value", rc == -1 && strstr(err, "empty"), "rc %d err %s",
		    rc, err);
	rc = dd_resolve_device("/a/path/longer/than/the/buffer/given/to/the/resolver/xxxxxxxxx",
			       path, 16, err, sizeof(err));
	check("resolve: long path refused", rc == -1 && strstr(err, "too long"),
		    "rc %d err %s", rc, err);
}

static void test_block_io(void)
{
	char name[] = "/tmp/test_utils_lib.XXXXXX";
	static char block[DD_BLOCK_SIZE], back[DD_BLOCK_SIZE];
	int fd = mkstemp(name);
	uint64_t size = 0;
	int rc;

	if (fd < 0)
		exit(2);
	memset(block, 0x42, sizeof(block));
	rc = dd_write_block(fd, 3, block);
	check("blockio: write extends a file to the block", rc == 0 && !dd_fd_size(fd, &size) && size == 4 * DD_BLOCK_SIZE, "rc %d size %llu", rc,
		    (unsigned long long)size);
	rc = dd_read_block(fd, 3, back);
	check("blockio: reads back", rc == 0 && !memcmp(block, back, sizeof(back)),
		    "rc %d", rc);
	errno = 0;
	rc = dd_read_block(fd, 4, back);
	check("blockio: read past the end fails", rc == -1 && errno == EIO,
		    "rc %d errno %d", rc, errno);
	close(fd);
	unlink(name);
}

int main(void)
{
	test_iomem();
	test_meminfo();
	test_meminfo_excluded();
	test_estimate();
	test_armed_listing();
	test_device_units();
	test_arm_errors();
	test_resolve();
	test_block_io();
	return test_exit_status();
}
