// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore against hostile dump images: every length, position and count
 * it reads is a lie here, sealed with a valid checksum so that only
 * savecore's own checks stand between the lie and a crash or a write in
 * the wrong place.  Each must end in a clean error or a partial
 * extraction.  Run under ASan/UBSan (make check SANITIZE=1) or valgrind.
 */
#include <sys/stat.h>

#include "chunkwalk.h"
#include "outdir.h"
#include "test_check.h"
#include "test_savecore_run.h"

static char scratch[256], img_path[300], dumpdir[300];
static struct img_opts opts;
static struct img im;
static struct run r;

static void fresh(void)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dumpdir);
	if (system(cmd) != 0)
		exit(2);
	img_build(&im, img_path, &opts);
}

static void run(void)
{
	struct savecore_opts so = run_opts(dumpdir);

	run_savecore(&r, img_path, &so);
}

#define EXPECT(name, want_result, want_msg)				\
	check(name, r.result == (want_result) && msgs_have(&r, want_msg), \
	      "result %d (want %d), want \"%s\" in: %s", r.result,	\
	      want_result, want_msg, r.msgs)

/*
 * Change the header, reseal it, rewrite block 1 and the trailer with the
 * same lie (a trailer still telling the truth would be used instead).
 */
#define HEADER_LIE(name, change, want_result, want_msg) do {		\
	uint64_t trailer_;						\
	fresh();							\
	trailer_ = dd_from_le64(im.h.end_block);					\
	{ struct dd_dump_header *h = &im.h; change; }			\
	img_rewrite_header(&im);					\
	img_rewrite_trailer_at(&im, trailer_);				\
	run();								\
	EXPECT(name, want_result, want_msg);				\
} while (0)

static void header_lies(void)
{
	HEADER_LIE("nr_ranges above the maximum",
		   h->nr_ranges = dd_to_le32(DD_MAX_RANGES + 1), SAVECORE_ERROR,
		   "too many memory ranges");
	HEADER_LIE("no ranges", h->nr_ranges = dd_to_le32(0), SAVECORE_ERROR,
		   "no memory ranges");
	HEADER_LIE("range overflowing 64 bits",
		   (h->ranges[0].start_pfn = dd_to_le64(1ull << 63),
		    h->ranges[0].nr_pages = dd_to_le64(1ull << 63)), SAVECORE_ERROR,
		   "physical address limit");
	HEADER_LIE("range beyond 52-bit physical addresses",
		   h->ranges[2].nr_pages = dd_to_le64(1ull << 41), SAVECORE_ERROR,
		   "physical address limit");
	HEADER_LIE("ranges overlapping",
		   h->ranges[1].start_pfn = dd_to_le64(0x20), SAVECORE_ERROR, "overlap");
	HEADER_LIE("empty range", h->ranges[1].nr_pages = dd_to_le64(0), SAVECORE_ERROR,
		   "empty memory range");
	HEADER_LIE("notes beyond the partition",
		   h->notes_size = dd_to_le64(4096ull * DD_BLOCK_SIZE), SAVECORE_ERROR,
		   "notes");
	/*
	 * With a huge partition_blocks, ddformat's own bound is the header's
	 * claim; the device size must still hold everything.
	 */
	HEADER_LIE("huge partition, notes beyond the device",
		   (h->partition_blocks = dd_to_le64(1ull << 50),
		    h->notes_size = dd_to_le64(1ull << 40)), SAVECORE_ERROR, "notes area");
	HEADER_LIE("partition_blocks overflowing ddformat's multiplication",
		   (h->partition_blocks = dd_to_le64(1ull << 62),
		    h->notes_size = dd_to_le64(1ull << 62)), SAVECORE_ERROR, "notes area");
	HEADER_LIE("huge partition, log beyond the device",
		   (h->partition_blocks = dd_to_le64(1ull << 50),
		    h->dmesg_size = dd_to_le64(1ull << 45)), SAVECORE_ERROR, "log area");
	HEADER_LIE("huge partition, data beyond the device",
		   (h->partition_blocks = dd_to_le64(1ull << 50),
		    h->data_block = dd_to_le64(1ull << 40), h->end_block = dd_to_le64(0)), SAVECORE_ERROR,
		   "data area");
	HEADER_LIE("huge partition, trailer beyond the device",
		   (h->partition_blocks = dd_to_le64(1ull << 50),
		    h->end_block = dd_to_le64(1ull << 40)), SAVECORE_PARTIAL,
		   "trailer position 1099511627776 outside the device");
	HEADER_LIE("notes larger than 16 MiB",
		   (h->nr_ranges = dd_to_le32(1), h->notes_size = dd_to_le64(17u << 20),
		    h->partition_blocks = dd_to_le64(1ull << 50)), SAVECORE_ERROR, "notes area");
	HEADER_LIE("header and trailer disagree on the trailer",
		   h->end_block = dd_to_le64(dd_from_le64(h->end_block) - 1), SAVECORE_PARTIAL, "trailer");
	HEADER_LIE("kernel text of absurd size",
		   h->kernel_text_size = dd_to_le64(1ull << 40), SAVECORE_OK,
		   "no PT_LOAD for it");
	HEADER_LIE("panic time beyond any calendar",
		   h->panic_time = dd_to_le64(~0ull), SAVECORE_OK, "testhost-time-");
	HEADER_LIE("node name with slashes, no NUL",
		   memset(h->nodename, '/', sizeof(h->nodename)), SAVECORE_OK,
		   "crash/_________________________________________________"
		   "________________-");
}

static int rewrite_trailer(uint64_t nr_chunks, uint64_t dump_id)
{
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];
	struct dd_dump_header *t = (struct dd_dump_header *)b;

	if (img_read_block(img_path, dd_from_le64(im.h.end_block), b) < 0)
		return -1;
	t->nr_chunks = dd_to_le64(nr_chunks);
	t->dump_id = dd_to_le64(dump_id);
	dd_header_seal(t);
	return img_write_block(img_path, dd_from_le64(im.h.end_block), b);
}

static void trailer_lies(void)
{
	fresh();
	rewrite_trailer(1ull << 62, dd_from_le64(im.h.dump_id));
	run();
	EXPECT("trailer claims 2^62 chunks", SAVECORE_PARTIAL,
	       "reached the trailer before chunk");

	fresh();
	rewrite_trailer(im.nr_chunks, dd_from_le64(im.h.dump_id) + 1);
	run();
	EXPECT("trailer of another dump", SAVECORE_PARTIAL,
	       "belongs to another dump");
}

/* Change chunk seq's header, reseal it. */
#define CHUNK_LIE(name, seq, change, want_result, want_msg) do {	\
	_Alignas(8) uint8_t b_[DD_BLOCK_SIZE];				\
	struct dd_chunk_header *c = (struct dd_chunk_header *)b_;	\
	fresh();							\
	img_read_block(img_path, im.chunk_block[seq], b_);		\
	change;								\
	img_seal_chunk(c);						\
	img_write_block(img_path, im.chunk_block[seq], b_);		\
	run();								\
	EXPECT(name, want_result, want_msg);				\
} while (0)

static void chunk_lies(void)
{
	CHUNK_LIE("chunk payload_blocks huge", 1,
		  (c->payload_blocks = dd_to_le32(1u << 30),
		   c->payload_bytes = dd_to_le64(1ull << 40)), SAVECORE_PARTIAL,
		  "impossibly large");
	CHUNK_LIE("chunk payload past the dump area", 4,
		  c->payload_blocks = dd_to_le32(300), SAVECORE_PARTIAL,
		  "runs past the end");
	CHUNK_LIE("page sizes not adding up", 2, c->pages[0].size = dd_to_le32(100),
		  SAVECORE_PARTIAL, "do not add up");
	CHUNK_LIE("pfn outside the ranges", 2,
		  c->pages[3].pfn = dd_to_le64(0xffffffffffull), SAVECORE_PARTIAL,
		  "outside the dumped memory ranges");
	CHUNK_LIE("raw page of the wrong size", 2,
		  (c->pages[0].size = dd_to_le32(100), c->pages[1].size = dd_to_le32(dd_from_le32(c->pages[1].size) + 3996)),
		  SAVECORE_PARTIAL, "raw page of wrong size");
	CHUNK_LIE("unknown page flags", 2, c->pages[0].flags = dd_to_le32(0x80),
		  SAVECORE_PARTIAL, "unknown page flags");
	CHUNK_LIE("raw data flagged as LZO", 2, c->pages[0].flags = dd_to_le32(DD_PAGE_LZO),
		  SAVECORE_PARTIAL, "pages unusable");
	CHUNK_LIE("nr_pages above the maximum", 2,
		  c->nr_pages = dd_to_le32(DD_CHUNK_MAX_PAGES + 1), SAVECORE_PARTIAL,
		  "too many pages");
	CHUNK_LIE("chunk claiming a far sequence number", 2,
		  c->seq = dd_to_le64(1000), SAVECORE_PARTIAL, "out of sequence");
}

static void device_lies(void)
{
	int fd;

	/* The device is far smaller than the header and label claim. */
	fresh();
	if (truncate(img_path, (off_t)(im.chunk_block[3] + 2) * DD_BLOCK_SIZE))
		perror("truncate");
	run();
	EXPECT("device shorter than the dump", SAVECORE_PARTIAL,
	       "outside the device");

	fd = open(img_path, O_WRONLY | O_TRUNC);
	close(fd);
	run();
	EXPECT("empty image", SAVECORE_ERROR, "not a diskdump partition");

	{
		struct savecore_opts so = run_opts(dumpdir);

		run_savecore(&r, scratch, &so);
		EXPECT("a directory as device", SAVECORE_ERROR,
		       "not a block device or regular file");
		run_savecore(&r, "/nonexistent/dump", &so);
		EXPECT("missing device", SAVECORE_ERROR, "No such file");
	}
}

static void notes_lies(void)
{
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];
	Elf64_Nhdr *nh = (Elf64_Nhdr *)b;

	fresh();
	img_read_block(img_path, dd_from_le64(im.h.notes_block), b);
	nh->n_descsz = 0xffffffffu;
	img_write_block(img_path, dd_from_le64(im.h.notes_block), b);
	run();
	EXPECT("first note's size past the area", SAVECORE_PARTIAL,
	       "note runs past the end");

	fresh();
	img_read_block(img_path, dd_from_le64(im.h.notes_block), b);
	memset(b + 12, 'A', 8);		/* "CORE" name without NUL */
	img_write_block(img_path, dd_from_le64(im.h.notes_block), b);
	run();
	EXPECT("note name without NUL", SAVECORE_PARTIAL, "not NUL-terminated");
}

static void big_log(void)
{
	struct img_opts saved = opts;

	opts.nr_blocks = 20000;		/* 80 MiB, sparse */
	fresh();
	im.h.dmesg_size = dd_to_le64(70ull << 20);
	img_rewrite_header(&im);
	run();
	EXPECT("log above 64 MiB: capped, dump saved", SAVECORE_OK,
	       "keeping the first 67108864");
	opts = saved;
}

static void no_space(void)
{
	char err[256];

	check("free space check refuses an impossible size",
	      outdir_check_space("/tmp", UINT64_MAX - 5, 0, err, sizeof(err)) < 0 &&
	      strstr(err, "not enough space"), "%s", err);
	check("free space check accepts a small size",
	      outdir_check_space("/tmp", 4096, 0, err, sizeof(err)) == 0, "%s",
	      err);
	check("free space check refuses what MINFREE keeps",
	      outdir_check_space("/tmp", 4096, UINT64_MAX / 2, err, sizeof(err)) < 0 &&
	      strstr(err, "MINFREE"), "%s", err);
}

int main(void)
{
	scratch_make(scratch, sizeof(scratch), "hostile");
	snprintf(img_path, sizeof(img_path), "%s/dump.img", scratch);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", scratch);
	img_default_opts(&opts);

	header_lies();
	trailer_lies();
	chunk_lies();
	device_lies();
	notes_lies();
	big_log();
	no_space();

	free(r.msgs);
	scratch_remove(scratch);
	return test_exit_status();
}
