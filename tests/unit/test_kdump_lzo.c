// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * LZO pages pass through savecore's kdump-compressed output untouched: a
 * page the "kernel" (liblzo2's lzo1x_1_compress, loaded at run time)
 * stored compressed keeps exactly those bytes, with the LZO descriptor
 * flag and the header's LZO status bit; raw pages stay raw; a compressed
 * page of zeroes, and at level 31 a zero page the kernel recorded without
 * data, joins the shared block of zeroes.
 */
#include "test_check.h"
#include "test_lzo_ref.h"
#include "test_kdump_reader.h"
#include "test_savecore_run.h"

/* Even pfns compressible, odd ones not: raw and LZO pages side by side. */
static void mixed_page(uint64_t pfn, void *page)
{
	img_page_pattern(pfn, page);
	if (!(pfn & 1))
		memset((uint8_t *)page + 64, (int)(pfn & 0xff),
		       DD_BLOCK_SIZE - 128);
}

static void test_pass_through(uint32_t level)
{
	char scratch[256], img[300], dumpdir[300], path[4200];
	struct img_opts o;
	static struct img im;
	struct run r = { 0 };
	struct savecore_opts so;
	struct kreader kr;
	struct kdump_page_desc pd;
	static uint8_t page[DD_BLOCK_SIZE], got[DD_BLOCK_SIZE];
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];
	const struct dd_chunk_header *c = (const void *)b;
	unsigned int ch, i, lzo = 0, raw = 0, wrong = 0, zero_lzo = 0;
	unsigned int zero_recorded = 0;
	const char *bad;
	char name[128];

	scratch_make(scratch, sizeof(scratch), "kdlzo");
	snprintf(img, sizeof(img), "%s/dump.img", scratch);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", scratch);
	img_default_opts(&o);
	o.compress = ref_compress;
	o.page_content = mixed_page;
	o.zero_pfn = 0x11;
	o.dump_level = level;
	img_build(&im, img, &o);
	so = run_opts(dumpdir);
	so.format = VMCORE_KDUMP;
	run_savecore(&r, img, &so);
	check("kdump lzo: exit 0", r.result == SAVECORE_OK, "result %d: %s",
	      r.result, r.msgs);
	snprintf(path, sizeof(path), "%s/vmcore", r.outdir);
	bad = kr_open(&kr, path);
	check("kdump lzo: file opens", !bad, "%s", bad ? bad : "");
	if (bad)
		goto out;
	check("kdump lzo: header status has the LZO bit",
	      kr.dh.status == KDUMP_DH_COMPRESSED_LZO, "status %#x",
	      kr.dh.status);
	/* Every page against the chunk the kernel wrote it in. */
	for (ch = 0; ch < im.nr_chunks; ch++) {
		uint64_t off = 0;

		img_read_block(img, im.chunk_block[ch], b);
		for (i = 0; i < dd_from_le32(c->nr_pages); i++) {
			const struct dd_page_desc *p = &c->pages[i];

			if (dd_from_le32(p->flags) == DD_PAGE_UNREADABLE)
				continue;
			if (!kr_desc(&kr, dd_from_le64(p->pfn), &pd) || kr_page(&kr, dd_from_le64(p->pfn), got)) {
				wrong++;
			} else if (dd_from_le64(p->pfn) == o.zero_pfn) {
				zero_lzo += dd_from_le32(p->flags) == DD_PAGE_LZO;
				zero_recorded += dd_from_le32(p->flags) == DD_PAGE_ZERO;
				wrong += pd.flags != 0 || pd.size != DD_BLOCK_SIZE;
			} else if (dd_from_le32(p->flags) == DD_PAGE_LZO) {
				_Alignas(8) uint8_t payload[DD_BLOCK_SIZE];
				int fd = open(img, O_RDONLY);
				/* The kernel's bytes, read from the image. */
				ssize_t n = pread(fd, payload, dd_from_le32(p->size),
					(off_t)((im.chunk_block[ch] + 1) *
						DD_BLOCK_SIZE + off));

				close(fd);
				lzo++;
				if (n != (ssize_t)dd_from_le32(p->size) ||
				    pd.flags != KDUMP_DH_COMPRESSED_LZO ||
				    pd.size != dd_from_le32(p->size) ||
				    memcmp(kr.file + pd.offset, payload, dd_from_le32(p->size)))
					wrong++;
			} else {
				raw++;
				wrong += pd.flags != 0 || pd.size != DD_BLOCK_SIZE;
			}
			off += dd_from_le32(p->size);
		}
	}
	check("kdump lzo: the image holds LZO and raw pages", lzo > 20 && raw > 20,
	      "%u LZO, %u raw", lzo, raw);
	/* At level 0 the zero page is compressed, at 31 recorded without data. */
	snprintf(name, sizeof(name), "kdump lzo, level %u: LZO pages keep the "
		 "kernel's bytes and flag, raw pages stay raw, zeroes shared",
		 level);
	check(name, !wrong && (level & DD_DL_ZERO ? zero_recorded == 1
						   : zero_lzo == 1),
	      "%u wrong, zero page LZO %u, recorded %u", wrong, zero_lzo,
	      zero_recorded);
	/* And they read back as dumped. */
	for (i = 0, wrong = 0; i < 40; i++) {
		uint64_t pfn = 0x10 + i;

		if (pfn == o.zero_pfn)
			memset(page, 0, sizeof(page));
		else
			mixed_page(pfn, page);
		if (kr_page(&kr, pfn, got) || memcmp(got, page, sizeof(page)))
			wrong++;
	}
	check("kdump lzo: pages read back as dumped", !wrong, "%u wrong", wrong);
	kr_close(&kr);
out:
	free(r.msgs);
	scratch_remove(scratch);
}

int main(void)
{
	if (ref_lzo_open() < 0) {
		printf("SKIP kdump lzo: liblzo2.so.2 not installed (Debian: liblzo2-2)\n");
		return 0;
	}
	test_pass_through(0);
	test_pass_through(31);
	ref_lzo_close();
	return test_exit_status();
}
