// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Writes the seed inputs kept in corpus/: for fuzz_dump_image, a complete
 * and a cut-short dump of a few pages, and a complete one at dump level 31
 * with pages left out and zero pages recorded without data, each prefixed
 * by the reseal byte (everything resealed); for fuzz_lzo1x, pages as
 * lzo1x_1 compresses them (zeros, text, a counter, noise).
 */
#include <lzo1x.h>

#include "test_savecore_image.h"

static int seed(const char *img_path, const char *out, bool truncated,
		uint32_t dump_level)
{
	struct img_opts o;
	static struct img im;
	uint8_t *buf;
	size_t len;
	FILE *f;
	int fd;

	img_default_opts(&o);
	o.nr_ranges = 1;
	o.ranges[0] = (struct img_range){ .start_pfn = 0x100, .nr_pages = 6 };
	o.chunk_pages = 3;
	o.unreadable_pfn = 0x102;
	o.zero_pfn = 0;
	o.text_paddr = 0x100000;
	o.truncated = truncated;
	/* Pages left out, and DD_PAGE_ZERO descriptors, as at level 31. */
	o.dump_level = dump_level;
	if (dump_level) {
		o.ranges[0].nr_pages = 9;
		o.excluded_pfn = 0x104;
		o.excluded_count = 2;
		o.zero_pfn = 0x106;
		o.zero_count = 2;
	}
	if (img_build(&im, img_path, &o) < 0)
		return -1;
	len = (size_t)(im.chunk_block[im.nr_chunks - 1] + 5) * DD_BLOCK_SIZE;
	buf = calloc(1, len + 1);
	fd = open(img_path, O_RDONLY);
	if (!buf || fd < 0 || pread(fd, buf + 1, len, 0) != (ssize_t)len)
		return -1;
	close(fd);
	buf[0] = 0x1f;
	f = fopen(out, "wb");
	if (!f || fwrite(buf, 1, len + 1, f) != len + 1 || fclose(f))
		return -1;
	free(buf);
	unlink(img_path);
	return 0;
}

static int lzo_seed(const char *dir, const char *name, const uint8_t *page)
{
	static lzo_align_t wrk[(LZO1X_1_MEM_COMPRESS + sizeof(lzo_align_t) - 1) /
			       sizeof(lzo_align_t)];
	static uint8_t packed[4096 + 4096 / 16 + 64 + 3];
	lzo_uint len = sizeof(packed);
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lzo1x_1_compress(page, 4096, packed, &len, wrk) != LZO_E_OK)
		return -1;
	f = fopen(path, "wb");
	if (!f || fwrite(packed, 1, len, f) != len || fclose(f))
		return -1;
	return 0;
}

static int lzo_seeds(const char *dir)
{
	static const char text[] = "Kernel panic - not syncing: sysrq triggered crash\n";
	static uint8_t page[4096];
	uint32_t x = 1;
	size_t i;

	if (lzo_init() != LZO_E_OK || lzo_seed(dir, "zeros", page))
		return -1;
	for (i = 0; i < sizeof(page); i++)
		page[i] = text[i % (sizeof(text) - 1)];
	if (lzo_seed(dir, "text", page))
		return -1;
	for (i = 0; i < sizeof(page); i += 4)
		memcpy(page + i, &i, 4);
	if (lzo_seed(dir, "counter", page))
		return -1;
	for (i = 0; i < sizeof(page); i++) {
		x = x * 1103515245u + 12345u;
		page[i] = (uint8_t)(x >> 16);
	}
	return lzo_seed(dir, "noise", page);
}

int main(int argc, char **argv)
{
	char a[4200], b[4200], c[4200];

	if (argc != 3) {
		fprintf(stderr, "usage: mkseed DUMP_IMAGE_DIR LZO1X_DIR\n");
		return 2;
	}
	snprintf(a, sizeof(a), "%s/complete", argv[1]);
	snprintf(b, sizeof(b), "%s/truncated", argv[1]);
	snprintf(c, sizeof(c), "%s/level31", argv[1]);
	if (seed("/tmp/fuzz-seed.img", a, false, 0) ||
	    seed("/tmp/fuzz-seed.img", b, true, 0) ||
	    seed("/tmp/fuzz-seed.img", c, false, 31) ||
	    lzo_seeds(argv[2])) {
		perror("mkseed");
		return 1;
	}
	return 0;
}
