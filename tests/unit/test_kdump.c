// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore's kdump-compressed output, end to end on synthetic dumps, read
 * back with an independent reader (test_kdump_reader.h): header and sub
 * header fields, notes and VMCOREINFO, both bitmaps over ranges with
 * holes and at byte and block boundaries, descriptor offsets, zero pages
 * (stored with data, or recorded by the kernel as DD_PAGE_ZERO) in the
 * 2nd bitmap sharing one block, pages left out by the dump level,
 * unreadable, damaged, lost and never-written pages kept out of the 2nd
 * bitmap, a zero page claiming data refused, and pages out of pfn order
 * (refused by the writer; savecore writes ELF).
 */
#include <errno.h>
#include <fcntl.h>

#include "kdump_bitmap.h"
#include "test_check.h"
#include "test_kdump_reader.h"
#include "test_savecore_run.h"
#include "vmcore_out.h"

static char scratch[256], img_path[300], dumpdir[300];

static void fresh_dumpdir(void)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dumpdir);
	if (system(cmd) != 0)
		exit(2);
}

static struct savecore_opts kdump_opts(void)
{
	struct savecore_opts so = run_opts(dumpdir);

	so.format = VMCORE_KDUMP;
	return so;
}

static bool in_ranges(const struct img_opts *o, uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < o->nr_ranges; i++)
		if (pfn >= o->ranges[i].start_pfn &&
		    pfn - o->ranges[i].start_pfn < o->ranges[i].nr_pages)
			return true;
	return false;
}

static uint64_t ranges_end(const struct img_opts *o)
{
	return o->ranges[o->nr_ranges - 1].start_pfn +
	       o->ranges[o->nr_ranges - 1].nr_pages;
}

/*
 * What the 2nd bitmap must say of pfn: a page of an intact chunk is
 * stored, zero pages included, whether the kernel stored their zeroes or
 * recorded them as DD_PAGE_ZERO; pages the level left out, unreadable
 * pages and pages of lost, damaged or unwritten chunks are not.
 */
static bool want_stored(const struct img *im, const struct img_opts *o,
			uint64_t lost_chunks, uint64_t pfn)
{
	int c = img_chunk_of(im, pfn);

	if (!in_ranges(o, pfn) || c < 0 || (c < 64 && (lost_chunks >> c) & 1))
		return false;
	return !img_pfn_is_excluded(o, pfn) && pfn != o->unreadable_pfn;
}

static bool want_zero(const struct img_opts *o, uint64_t pfn)
{
	return img_pfn_is_zero(o, pfn);
}

struct desc_stats {
	uint64_t	stored, zero_shared, lzo;
	int64_t		zero_off;
};

/*
 * Descriptors in pfn order: every block of zeroes is the one shared block,
 * and the other pages' data lies back to back in pfn order (the shared
 * block was appended where the first zero page came, so it may sit once
 * in between).
 */
static const char *check_descs(const struct kreader *r, struct desc_stats *ds,
			       char *why, size_t len)
{
	static const uint8_t zero[DD_BLOCK_SIZE];
	struct kdump_page_desc pd;
	int64_t next = -1, data_start = (int64_t)(r->desc_off +
				r->nr_stored * sizeof(pd));
	uint64_t pfn;

	memset(ds, 0, sizeof(*ds));
	for (pfn = 0; pfn < r->max_mapnr; pfn++) {
		if (!kr_desc(r, pfn, &pd))
			continue;
		ds->stored++;
		if (pd.page_flags != 0 || (pd.flags != 0 &&
		    pd.flags != KDUMP_DH_COMPRESSED_LZO)) {
			snprintf(why, len, "pfn %#llx: flags %#x/%#llx",
				 (unsigned long long)pfn, pd.flags,
				 (unsigned long long)pd.page_flags);
			return why;
		}
		if (pd.offset < data_start) {
			snprintf(why, len, "pfn %#llx: data offset %lld before "
				 "the data area %lld", (unsigned long long)pfn,
				 (long long)pd.offset, (long long)data_start);
			return why;
		}
		if (pd.flags == 0 && (uint64_t)pd.offset + DD_BLOCK_SIZE <= r->len &&
		    !memcmp(r->file + pd.offset, zero, DD_BLOCK_SIZE)) {
			if (ds->zero_shared && pd.offset != ds->zero_off) {
				snprintf(why, len, "pfn %#llx: a second block "
					 "of zeroes", (unsigned long long)pfn);
				return why;
			}
			ds->zero_off = pd.offset;
			ds->zero_shared++;
			continue;
		}
		ds->lzo += pd.flags == KDUMP_DH_COMPRESSED_LZO;
		if (ds->zero_shared && next == ds->zero_off)
			next += DD_BLOCK_SIZE;
		if (next >= 0 && pd.offset != next) {
			snprintf(why, len, "pfn %#llx: data at %lld, expected "
				 "%lld (back to back)", (unsigned long long)pfn,
				 (long long)pd.offset, (long long)next);
			return why;
		}
		next = pd.offset + pd.size;
	}
	return NULL;
}

/*
 * The whole file against the image.  NULL, or what is wrong.  The reader
 * stays open in r for further checks.
 */
static const char *kdump_verify(const char *dir, const struct img *im,
				const struct img_opts *o, uint64_t lost_chunks,
				struct kreader *r, struct desc_stats *ds,
				char *why, size_t whylen)
{
	char path[4200];
	static uint8_t got[DD_BLOCK_SIZE], want[DD_BLOCK_SIZE];
	const char *bad;
	uint64_t pfn, i;

	snprintf(path, sizeof(path), "%s/vmcore", dir);
	bad = kr_open(r, path);
	if (bad)
		return bad;
#define BAD(...) do { snprintf(why, whylen, __VA_ARGS__); return why; } while (0)
	if (strcmp(r->dh.release, "6.1.0-test") || strcmp(r->dh.machine, "x86_64") ||
	    strcmp(r->dh.nodename, o->nodename) || strcmp(r->dh.sysname, "Linux"))
		BAD("utsname not the dump's");
	if (r->dh.timestamp_sec != (int64_t)o->panic_time)
		BAD("timestamp %lld", (long long)r->dh.timestamp_sec);
	if (r->dh.nr_cpus != 2 || r->dh.current_cpu != dd_from_le32(im->h.panic_cpu))
		BAD("cpus %d, current %u", r->dh.nr_cpus, r->dh.current_cpu);
	if (r->max_mapnr != ranges_end(o) || r->dh.max_mapnr != ranges_end(o) ||
	    r->sh.end_pfn_64 != ranges_end(o))
		BAD("max_mapnr %llu, want %llu", (unsigned long long)r->max_mapnr,
		    (unsigned long long)ranges_end(o));
	if (r->sh.phys_base != o->phys_base || r->sh.dump_level != (int)o->dump_level)
		BAD("phys_base %#llx, dump_level %d",
		    (unsigned long long)r->sh.phys_base, r->sh.dump_level);
	if (r->sh.size_note != im->notes_len || r->sh.offset_note <= 0 ||
	    (uint64_t)r->sh.offset_note + im->notes_len > (1 + (uint64_t)r->dh.sub_hdr_size) * 4096 ||
	    memcmp(r->file + r->sh.offset_note, im->notes, im->notes_len))
		BAD("notes not in the sub header blocks as the kernel wrote them");
	if (r->sh.size_vmcoreinfo != sizeof(IMG_VMCOREINFO) - 1 ||
	    r->sh.offset_vmcoreinfo <= 0 ||
	    memcmp(r->file + r->sh.offset_vmcoreinfo, IMG_VMCOREINFO,
		   sizeof(IMG_VMCOREINFO) - 1))
		BAD("VMCOREINFO text not where the sub header says");
	for (pfn = 0; pfn < r->bitmap_bytes * 8; pfn++) {
		bool stored = want_stored(im, o, lost_chunks, pfn);

		if (kr_bit1(r, pfn) != in_ranges(o, pfn))
			BAD("bitmap 1, pfn %#llx: %d", (unsigned long long)pfn,
			    kr_bit1(r, pfn));
		if (kr_bit2(r, pfn) != stored)
			BAD("bitmap 2, pfn %#llx: %d, want %d",
			    (unsigned long long)pfn, kr_bit2(r, pfn), stored);
		if (!stored)
			continue;
		bad = kr_page(r, pfn, got);
		if (bad)
			BAD("pfn %#llx: %s", (unsigned long long)pfn, bad);
		if (want_zero(o, pfn))
			memset(want, 0, sizeof(want));
		else
			img_page_pattern(pfn, want);
		if (memcmp(got, want, sizeof(want)))
			BAD("pfn %#llx: content wrong", (unsigned long long)pfn);
	}
	bad = check_descs(r, ds, why, whylen);
	if (bad)
		return bad;
	/* The file ends where the last page's data does. */
	for (i = 0; i < 1; i++) {
		struct kdump_page_desc pd;
		int64_t end = 0;

		for (pfn = 0; pfn < r->max_mapnr; pfn++)
			if (kr_desc(r, pfn, &pd) && pd.offset + pd.size > end)
				end = pd.offset + pd.size;
		if (end && (uint64_t)end != r->len)
			BAD("file is %zu bytes, data ends at %lld", r->len,
			    (long long)end);
	}
#undef BAD
	return NULL;
}

static char *info_text(const struct run *r)
{
	char path[4200];
	size_t len;

	snprintf(path, sizeof(path), "%s/info.txt", r->outdir);
	return slurp(path, &len);
}

static void run_and_verify(const char *name, struct img_opts *o,
			   uint64_t lost_chunks, int want_result,
			   struct desc_stats *ds, struct img *im)
{
	struct run r = { 0 };
	struct savecore_opts so = kdump_opts();
	struct kreader kr;
	char label[160], why[256];
	const char *bad;

	memset(ds, 0, sizeof(*ds));
	fresh_dumpdir();
	img_build(im, img_path, o);
	run_savecore(&r, img_path, &so);
	snprintf(label, sizeof(label), "%s: exit %d", name, want_result);
	check(label, r.result == want_result, "result %d: %s", r.result, r.msgs);
	bad = kdump_verify(r.outdir, im, o, lost_chunks, &kr, ds, why,
			   sizeof(why));
	snprintf(label, sizeof(label), "%s: file read back exactly", name);
	check(label, !bad, "%s", bad);
	kr_close(&kr);
	free(r.msgs);
}

static void test_complete(void)
{
	struct img_opts o;
	static struct img im;
	struct desc_stats ds;
	struct run r = { 0 };
	struct savecore_opts so = kdump_opts();
	struct kreader kr;
	char why[256], *text;
	const char *bad;

	img_default_opts(&o);
	o.phys_base = 0xffffffffd4e00000ull;	/* negative, as with KASLR */
	run_and_verify("level 0", &o, 0, SAVECORE_OK, &ds, &im);
	check("level 0: one zero page shared", ds.zero_shared == 1 &&
	      ds.stored == 90 - 1, "%llu zero, %llu stored",
	      (unsigned long long)ds.zero_shared,
	      (unsigned long long)ds.stored);

	/* Header status says what is in the file: no compression here. */
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	bad = kdump_verify(r.outdir, &im, &o, 0, &kr, &ds, why, sizeof(why));
	check("level 0: header status 0 (raw pages)", !bad && kr.dh.status == 0,
	      "%s, status %#x", bad ? bad : "", kr.dh.status);
	check("level 0: written_blocks and total_ram_blocks",
	      kr.dh.written_blocks == 89 && kr.dh.total_ram_blocks == 90,
	      "%u, %u", kr.dh.written_blocks, kr.dh.total_ram_blocks);
	kr_close(&kr);
	text = info_text(&r);
	check("level 0: info.txt names the format",
	      text && strstr(text, "kdump-compressed"), "%s", text ? text : "");
	free(text);
	free(r.msgs);
}

static void test_zero_pages(void)
{
	struct img_opts o;
	static struct img im;
	struct desc_stats ds;

	img_default_opts(&o);
	o.zero_pfn = 0x1e;
	o.zero_count = 6;	/* across a chunk boundary (0x20) */
	run_and_verify("six zero pages", &o, 0, SAVECORE_OK, &ds, &im);
	check("six zero pages: one shared block", ds.zero_shared == 6,
	      "%llu", (unsigned long long)ds.zero_shared);
}

/* Count the pfns of [from, from + n) in bitmap 2. */
static uint64_t bits2(const struct kreader *r, uint64_t from, uint64_t n)
{
	uint64_t pfn, set = 0;

	for (pfn = from; pfn < from + n; pfn++)
		set += kr_bit2(r, pfn);
	return set;
}

/*
 * As the kernel writes a level-31 dump: zero pages recorded without data,
 * the pages the level excludes not at all.
 */
static void test_dump_level(void)
{
	struct img_opts o;
	static struct img im;
	struct desc_stats ds;
	struct run r = { 0 };
	struct savecore_opts so = kdump_opts();
	struct kreader kr;
	char path[4200], *text;
	const char *bad;

	img_default_opts(&o);
	o.zero_pfn = 0x1e;
	o.zero_count = 6;	/* across a chunk boundary (0x20) */
	o.excluded_pfn = 0x1004;
	o.excluded_count = 5;
	o.dump_level = 31;
	run_and_verify("level 31", &o, 0, SAVECORE_OK, &ds, &im);
	check("level 31: the image has DD_PAGE_ZERO pages",
	      im.pages_zero == 6 && dd_from_le64(im.h.nr_pages_zero) == 6, "%llu",
	      (unsigned long long)im.pages_zero);
	check("level 31: zero pages point at the one shared block",
	      ds.zero_shared == 6, "%llu", (unsigned long long)ds.zero_shared);

	fresh_dumpdir();
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	snprintf(path, sizeof(path), "%s/vmcore", r.outdir);
	bad = kr_open(&kr, path);
	check("level 31: zero pages in bitmap 2, excluded pages absent",
	      !bad && bits2(&kr, 0x1e, 6) == 6 && bits2(&kr, 0x1004, 5) == 0 &&
	      kr_bit1(&kr, 0x1004) && kr.nr_stored == 90 - 1 - 5,
	      "%s, zero %llu, excluded %llu, stored %llu", bad ? bad : "",
	      (unsigned long long)bits2(&kr, 0x1e, 6),
	      (unsigned long long)bits2(&kr, 0x1004, 5),
	      (unsigned long long)kr.nr_stored);
	/* No descriptor room for pages that never come: no hole to skip. */
	check("level 31: descriptors sized for the pages that come",
	      !bad && kr.dh.written_blocks == 90 - 1 - 5, "%u",
	      kr.dh.written_blocks);
	kr_close(&kr);
	text = info_text(&r);
	check("level 31: info.txt counts the zero pages",
	      text && strstr(text, "Zero pages:           6\n") &&
	      strstr(text, "6 zero, 1 unreadable"), "%s", text ? text : "");
	free(text);
	free(r.msgs);

	/* Without bit 1 the kernel stores zero pages with their data. */
	o.dump_level = 30;
	run_and_verify("level 30", &o, 0, SAVECORE_OK, &ds, &im);
	check("level 30: stored zeroes share the block too",
	      im.pages_zero == 0 && ds.zero_shared == 6, "%llu, %llu",
	      (unsigned long long)im.pages_zero,
	      (unsigned long long)ds.zero_shared);

	/* Pages left out at the end: nothing stands in for them. */
	img_default_opts(&o);
	o.excluded_pfn = 0x1010;
	o.excluded_count = 4;	/* the last four pages of the last range */
	o.dump_level = 31;
	run_and_verify("level 31, tail left out", &o, 0, SAVECORE_OK, &ds, &im);
	check("level 31, tail left out: only the zero page shared",
	      ds.zero_shared == 1, "%llu", (unsigned long long)ds.zero_shared);
}

/*
 * A zero page with data would shift every later page's payload offset:
 * refused as a bad descriptor, and not taken for a page of zeroes.  Here
 * a raw page's flags are turned into DD_PAGE_ZERO, so sizes still add up
 * and the later pages of its chunk are still good.
 */
static void test_zero_with_data(void)
{
	struct img_opts o;
	static struct img im;
	struct run r = { 0 };
	struct savecore_opts so = kdump_opts();
	struct kreader kr;
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];
	struct dd_chunk_header *c = (void *)b;
	static uint8_t want[DD_BLOCK_SIZE], got[DD_BLOCK_SIZE];
	char path[4200];
	const char *bad;
	uint64_t pfn;

	img_default_opts(&o);
	o.dump_level = 31;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_read_block(img_path, im.chunk_block[0], b);
	pfn = dd_from_le64(c->pages[3].pfn);
	c->pages[3].flags = dd_to_le32(DD_PAGE_ZERO);	/* size stays 4096 */
	img_seal_chunk(c);
	img_write_block(img_path, im.chunk_block[0], b);
	run_savecore(&r, img_path, &so);
	check("zero page with data: reported, exit 2",
	      r.result == SAVECORE_PARTIAL && msgs_have(&r, "zero page with data"),
	      "result %d: %s", r.result, r.msgs);
	snprintf(path, sizeof(path), "%s/vmcore", r.outdir);
	bad = kr_open(&kr, path);
	img_page_pattern(pfn + 1, want);
	check("zero page with data: absent from bitmap 2, the chunk's next "
	      "page exact", !bad && !kr_bit2(&kr, pfn) &&
	      !kr_page(&kr, pfn + 1, got) && !memcmp(got, want, sizeof(got)),
	      "%s", bad ? bad : "bitmap or page wrong");
	kr_close(&kr);
	free(r.msgs);
}

static void test_damage(void)
{
	struct img_opts o;
	static struct img im;
	struct desc_stats ds;
	struct run r = { 0 };
	struct savecore_opts so = kdump_opts();
	struct kreader kr;
	char why[256];
	const char *bad;

	/* Unreadable page (0x105) and a damaged payload, at level 31. */
	img_default_opts(&o);
	o.dump_level = 31;
	o.excluded_pfn = 0x30;	/* chunk 1 (0x20..0x2f) is damaged; 0x30 in 2 */
	o.excluded_count = 2;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, im.chunk_block[1] + 1, 7);
	run_savecore(&r, img_path, &so);
	check("bad payload, level 31: exit 2", r.result == SAVECORE_PARTIAL,
	      "result %d: %s", r.result, r.msgs);
	bad = kdump_verify(r.outdir, &im, &o, 1u << 1, &kr, &ds, why, sizeof(why));
	check("bad payload, level 31: its pages and the unreadable one out of "
	      "bitmap 2, the rest exact", !bad, "%s", bad);
	kr_close(&kr);

	/* A damaged chunk header: the chunk is lost, nothing inferred. */
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, im.chunk_block[3], 33);
	run_savecore(&r, img_path, &so);
	bad = kdump_verify(r.outdir, &im, &o, 1u << 3, &kr, &ds, why, sizeof(why));
	check("lost chunk, level 31: its pages out of bitmap 2",
	      r.result == SAVECORE_PARTIAL && !bad, "result %d, %s", r.result,
	      bad ? bad : "");
	kr_close(&kr);

	/* Cut short: pages never written are not taken for left out. */
	o.truncated = true;
	o.max_chunks = 4;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	bad = kdump_verify(r.outdir, &im, &o, 0, &kr, &ds, why, sizeof(why));
	check("cut short, level 31: unwritten pages out of bitmap 2",
	      r.result == SAVECORE_PARTIAL && !bad, "result %d, %s", r.result,
	      bad ? bad : "");
	kr_close(&kr);
	free(r.msgs);
}

static void test_boundaries(void)
{
	struct img_opts o;
	static struct img im;
	struct desc_stats ds;

	img_default_opts(&o);
	o.nr_ranges = 4;
	o.ranges[0] = (struct img_range){ .start_pfn = 7, .nr_pages = 10 };
	o.ranges[1] = (struct img_range){ .start_pfn = 0x100, .nr_pages = 8 };
	o.ranges[2] = (struct img_range){
		.start_pfn = KDUMP_BITS_PER_BLOCK - 4, .nr_pages = 8 };
	o.ranges[3] = (struct img_range){
		.start_pfn = 2 * KDUMP_BITS_PER_BLOCK + 1, .nr_pages = 3 };
	o.chunk_pages = 3;
	o.unreadable_pfn = KDUMP_BITS_PER_BLOCK;	/* first pfn of block 1 */
	o.zero_pfn = 8;
	o.text_paddr = 0x100000;
	o.dump_level = 1;
	o.excluded_pfn = KDUMP_BITS_PER_BLOCK - 1;	/* last pfn of block 0 */
	o.excluded_count = 1;
	run_and_verify("byte and block boundaries", &o, 0, SAVECORE_OK, &ds, &im);
}

static void test_order(void)
{
	struct img_opts o;
	static struct img im;
	struct run r = { 0 };
	struct savecore_opts so = kdump_opts();
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];
	struct dd_chunk_header *c = (void *)b;
	unsigned int i;
	char *text;

	/* Chunk 1 claims pfns below chunk 0's. */
	img_default_opts(&o);
	o.unreadable_pfn = 0;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_read_block(img_path, im.chunk_block[1], b);
	for (i = 0; i < dd_from_le32(c->nr_pages); i++)
		c->pages[i].pfn = dd_to_le64(dd_from_le64(c->pages[i].pfn) - (0x10));
	img_seal_chunk(c);
	img_write_block(img_path, im.chunk_block[1], b);
	run_savecore(&r, img_path, &so);
	check("pfns out of order: says so and writes ELF",
	      msgs_have(&r, "not in ascending pfn order") &&
	      msgs_have(&r, "writing an ELF vmcore instead"), "%s", r.msgs);
	text = info_text(&r);
	check("pfns out of order: info.txt says ELF",
	      text && strstr(text, "vmcore format:        ELF"), "%s",
	      text ? text : "(none)");
	free(text);
	free(r.msgs);
}

/* The writer itself: pfns must go up; oversized LZO pages go in raw. */
static void test_writer_direct(void)
{
	struct img_opts o;
	static struct img im;
	struct dumpdev dev;
	static struct dump d;
	static uint8_t page[DD_BLOCK_SIZE];
	struct dump_page p = { .data = page, .stored = page,
			       .stored_size = DD_BLOCK_SIZE,
			       .stored_flags = DD_PAGE_RAW };
	struct vmcore_writer *w;
	char err[256], out[400];
	FILE *devnull = fopen("/dev/null", "w");
	int fd, a, b2, c2;

	img_default_opts(&o);
	img_build(&im, img_path, &o);
	dumpdev_open(&dev, img_path, "img", err, sizeof(err));
	dump_read_header(&dev, &d, err, sizeof(err));
	dump_read_areas(&dev, &d, err, sizeof(err));
	snprintf(out, sizeof(out), "%s/direct", scratch);
	unlink(out);
	fd = open(out, O_RDWR | O_CREAT | O_EXCL, 0600);
	w = vmcore_open(VMCORE_KDUMP, fd, &d, 10, err, sizeof(err));
	dd_msg_set_stream(devnull);
	img_page_pattern(0x12, page);
	p.pfn = 0x12;
	a = w ? vmcore_write_page(w, &p) : -2;
	p.pfn = 0x11;
	errno = 0;
	b2 = w ? vmcore_write_page(w, &p) : -2;
	p.pfn = 0x12;
	c2 = w ? vmcore_write_page(w, &p) : -2;
	check("writer: ascending pfn taken, lower and equal refused",
	      a == 0 && b2 == -1 && c2 == -1, "%d %d %d", a, b2, c2);

	/*
	 * An "LZO" page no smaller than a page: readers refuse a stored size
	 * above block_size, so it goes in raw, from the decompressed data.
	 */
	{
		static uint8_t big[DD_BLOCK_SIZE + 100], got[DD_BLOCK_SIZE];
		struct kdump_page_desc pd = { 0 };
		struct kreader kr = { 0 };
		const char *bad = "not written";

		p.pfn = 0x13;
		img_page_pattern(0x13, page);
		p.stored = big;
		p.stored_size = sizeof(big);
		p.stored_flags = DD_PAGE_LZO;
		if (w && vmcore_write_page(w, &p) == 0 &&
		    vmcore_finish(w) == 0)
			bad = kr_open(&kr, out);
		if (!bad && (!kr_desc(&kr, 0x13, &pd) || pd.flags != 0 ||
			     pd.size != DD_BLOCK_SIZE))
			bad = "descriptor not raw";
		if (!bad && (kr_page(&kr, 0x13, got) || memcmp(got, page, sizeof(got))))
			bad = "content wrong";
		if (!bad && (kr_bit2(&kr, 0x11) || !kr_bit2(&kr, 0x12) ||
			     kr.dh.status != 0))
			bad = "bitmap or status wrong";
		check("writer: oversized LZO page stored raw", !bad, "%s", bad);
		kr_close(&kr);
	}
	dd_msg_set_stream(NULL);
	vmcore_destroy(w);
	close(fd);
	fclose(devnull);
	dump_free(&d);
	dumpdev_close(&dev);
}

int main(void)
{
	scratch_make(scratch, sizeof(scratch), "kdump");
	snprintf(img_path, sizeof(img_path), "%s/dump.img", scratch);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", scratch);

	test_complete();
	test_zero_pages();
	test_dump_level();
	test_zero_with_data();
	test_damage();
	test_boundaries();
	test_order();
	test_writer_direct();

	scratch_remove(scratch);
	return test_exit_status();
}
