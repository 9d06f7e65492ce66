// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore's LZO1X decompressor against the reference compressor: pages
 * of every kind of content compressed by liblzo2 (loaded at run time, so
 * the build needs no LZO headers) must come back byte for byte, damaged
 * streams must be refused without reading or writing out of bounds, and
 * a dump whose chunks hold LZO pages must extract exactly.
 */
#include "lzo_page.h"
#include "test_check.h"
#include "test_lzo_ref.h"
#include "test_pages.h"
#include "test_savecore_run.h"

static void test_roundtrip(void)
{
	static uint8_t page[DD_BLOCK_SIZE], z[2 * DD_BLOCK_SIZE],
		       back[DD_BLOCK_SIZE];
	unsigned int kind, ok = 0, compressed = 0;
	const char *why = NULL;
	char name[64];

	for (kind = 0; kind < 400; kind++) {
		size_t zlen;

		make_page(kind, page);
		zlen = ref_compress(page, z);
		if (!zlen)
			continue;
		compressed += zlen < DD_BLOCK_SIZE;
		memset(back, 0xee, sizeof(back));
		why = dd_lzo_decompress_page(z, zlen, back, sizeof(back));
		if (why || memcmp(page, back, DD_BLOCK_SIZE)) {
			snprintf(name, sizeof(name), "kind %u", kind % 8);
			break;
		}
		ok++;
	}
	check("lzo: 400 reference-compressed pages decompress exactly",
	      ok == 400, "failed at %s: %s", name, why ? why : "data differs");
	check("lzo: the samples include compressible pages", compressed > 100,
	      "%u", compressed);
}

static void test_damage(void)
{
	static uint8_t page[DD_BLOCK_SIZE], z[2 * DD_BLOCK_SIZE],
		       bad[2 * DD_BLOCK_SIZE], back[DD_BLOCK_SIZE];
	unsigned int kind, refused_trunc = 0, cuts = 0, tries = 0, refused = 0;
	unsigned int refused_short = 0;
	size_t zlen, cut, i;

	for (kind = 0; kind < 8; kind++) {
		make_page(kind, page);
		zlen = ref_compress(page, z);
		for (cut = 0; cut < zlen; cut++, cuts++)
			refused_trunc += !!dd_lzo_decompress_page(z, cut, back,
								  sizeof(back));
		/*
		 * Every byte flipped in turn: what matters is that nothing is
		 * read or written out of bounds (run under ASan); a flip may
		 * still decode, e.g. a match distance moved within zeros.
		 */
		for (i = 0; i < zlen; i++) {
			memcpy(bad, z, zlen);
			bad[i] ^= 0x5a;
			tries++;
			refused += !!dd_lzo_decompress_page(bad, zlen, back,
							    sizeof(back));
		}
		refused_short += !!dd_lzo_decompress_page(z, zlen, back,
							  DD_BLOCK_SIZE - 1);
	}
	check("lzo: too short an output buffer refused", refused_short == 8,
	      "%u of 8", refused_short);
	check("lzo: every truncated stream refused", refused_trunc == cuts,
	      "%u of %u", refused_trunc, cuts);
	/* Literal bytes decode to other data: only faults would matter. */
	check("lzo: damaged streams decoded or refused without a fault",
	      tries > 0, "no streams");
	printf("# lzo: %u of %u single-byte damages refused\n", refused, tries);
	check("lzo: LZO-RLE marker refused", dd_lzo_decompress_page(
	      (const uint8_t *)"\x11\x01\x00", 3, back, sizeof(back)) != NULL,
	      "accepted");
	check("lzo: empty input refused",
	      dd_lzo_decompress_page(z, 0, back, sizeof(back)) != NULL,
	      "accepted");
}

static void test_dump_with_lzo(void)
{
	char scratch[256], img[300], dumpdir[300], why[256];
	struct img_opts o;
	static struct img im;
	struct run r = { 0 };
	struct savecore_opts so;
	const char *bad;
	unsigned int c, lzo_pages = 0;
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];

	scratch_make(scratch, sizeof(scratch), "lzo");
	snprintf(img, sizeof(img), "%s/dump.img", scratch);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", scratch);
	img_default_opts(&o);
	o.compress = ref_compress;
	o.zero_pfn = 0x11;
	img_build(&im, img, &o);
	for (c = 0; c < im.nr_chunks; c++) {
		const struct dd_chunk_header *h = (const void *)b;
		unsigned int i;

		img_read_block(img, im.chunk_block[c], b);
		for (i = 0; i < dd_from_le32(h->nr_pages); i++)
			lzo_pages += dd_from_le32(h->pages[i].flags) == DD_PAGE_LZO;
	}
	check("lzo dump: the image holds LZO pages", lzo_pages > 0, "none");
	so = run_opts(dumpdir);
	run_savecore(&r, img, &so);
	check("lzo dump: exit 0", r.result == SAVECORE_OK, "result %d: %s",
	      r.result, r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("lzo dump: every page decompressed into place", !bad, "%s", bad);
	free(r.msgs);
	scratch_remove(scratch);
}

int main(void)
{
	if (ref_lzo_open() < 0) {
		printf("SKIP lzo: liblzo2.so.2 not installed (Debian: liblzo2-2)\n");
		return 0;
	}
	test_roundtrip();
	test_damage();
	test_dump_with_lzo();
	ref_lzo_close();
	return test_exit_status();
}
