// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mkdumpimg [-s] [-l LOG] [-n NODE] [-t EPOCH] [-k KEY.pub] IMAGE PAGES [BLOCKS]
 * Write a complete synthetic dump of PAGES pages (one memory range) into
 * IMAGE, a new image file of BLOCKS 4 KiB blocks (default: just enough),
 * as the kernel would have left it, to be copied onto a partition with dd: for the tests that run
 * the real savecore on real block devices and filesystems.  -s: as in a
 * swap area (block 0 a swap header labelled "imgswap", UUID
 * 01020304-0506-0708-090a-0b0c0d0e0f10).  -l: the kernel log is LOG's text
 * (a real panic's, for savecore's triage), -n and -t: the node name and
 * panic time (seconds since the epoch) the header gives; -k: sealed for
 * that X25519 public key (PEM), as the kernel seals.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddseal.h"
#include "test_savecore_image.h"

/* The kernel log to put in the dump: a file's text, NUL-terminated. */
static char *read_log(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t n;

	if (!f || !(buf = calloc(1, 1 << 20)))
		goto out;
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
out:
	if (f)
		fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	static struct img im;
	struct img_opts o;
	unsigned long pages;
	const char *log = NULL, *node = NULL, *when = NULL, *key = NULL;
	static uint8_t pub[32];
	bool swap = false;
	int c;

	while ((c = getopt(argc, argv, "sl:n:t:k:")) != -1) {
		switch (c) {
		case 's':
			swap = true;
			break;
		case 'l':
			log = optarg;
			break;
		case 'n':
			node = optarg;
			break;
		case 't':
			when = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		default:
			argc = 0;
		}
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: mkdumpimg [-s] [-l LOG] [-n NODE] [-t EPOCH] [-k KEY.pub] IMAGE PAGES [BLOCKS]\n");
		return 2;
	}
	pages = strtoul(argv[2], NULL, 0);
	img_default_opts(&o);
	o.swap = swap;
	o.nr_ranges = 1;
	o.ranges[0] = (struct img_range){ .start_pfn = 0x100, .nr_pages = pages };
	o.chunk_pages = DD_CHUNK_MAX_PAGES;
	o.text_paddr = 0x100000;
	o.unreadable_pfn = 0;
	if (log && !(o.dmesg = read_log(log))) {
		perror(log);
		return 1;
	}
	if (node)
		o.nodename = node;
	if (when)
		o.panic_time = strtoull(when, NULL, 0);
	if (key) {
		char err[600];

		if (dd_seal_read_public(key, pub, err, sizeof(err))) {
			fprintf(stderr, "mkdumpimg: %s\n", err);
			return 1;
		}
		o.seal_pub = pub;
	}
	if (!pages || pages / o.chunk_pages + 1 > IMG_MAX_CHUNKS) {
		fprintf(stderr, "mkdumpimg: 1 to %u pages\n", IMG_MAX_CHUNKS * o.chunk_pages);
		return 2;
	}
	o.nr_blocks = argc == 4 ? strtoull(argv[3], NULL, 0)
				: 4096 + pages + pages / o.chunk_pages + 16;
	if (img_build(&im, argv[1], &o) < 0) {
		if (errno == EEXIST)
			fprintf(stderr, "mkdumpimg: %s: not a regular file; it writes image files only (copy one onto a device with dd)\n",
				argv[1]);
		else
			perror(argv[1]);
		return 1;
	}
	return 0;
}
