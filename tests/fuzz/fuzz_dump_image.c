// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: everything savecore reads from a dump partition.
 *
 * The input is a dump image.  A fuzzer cannot forge XXH64 checksums, so
 * before parsing, the harness reseals what the first input byte asks for
 * (label, header, trailer, chunk headers, chunk payloads): that lets the
 * mutations reach the code behind the checksums, where lengths, positions
 * and counts are interpreted.  The image is then read exactly as savecore
 * reads a device: label, header, areas, trailer, notes, log, a full chunk
 * walk with a sink that touches every delivered page, and a walk into each
 * vmcore writer (kdump-compressed: bitmaps, descriptors, notes, VMCOREINFO;
 * ELF: program headers, notes, page offsets).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "chunkwalk.h"
#include "ddformat.h"
#include "dumpdev.h"
#include "dumpread.h"
#include "ddmsg.h"
#include "vmcore_out.h"

#define SEAL_LABEL	0x01
#define SEAL_HEADER	0x02
#define SEAL_TRAILER	0x04
#define SEAL_CHUNKS	0x08
#define SEAL_PAYLOADS	0x10

/* Images larger than this teach nothing more and slow the fuzzer down. */
#define MAX_BLOCKS	256

static void seal_chunks(uint8_t *img, size_t nblocks, int payloads)
{
	size_t b;

	for (b = 2; b < nblocks; b++) {
		struct dd_chunk_header *c = (void *)(img + b * DD_BLOCK_SIZE);

		if (memcmp(c->magic, DD_CHUNK_MAGIC, DD_MAGIC_LEN))
			continue;
		if (payloads && dd_from_le64(c->payload_bytes) <=
		    (uint64_t)(nblocks - b - 1) * DD_BLOCK_SIZE)
			c->payload_xxh64 = dd_to_le64(dd_xxh64(c + 1, dd_from_le64(c->payload_bytes)));
		c->header_xxh64 = 0;
		c->header_xxh64 = dd_to_le64(dd_xxh64(c, sizeof(*c)));
	}
}

static void reseal(uint8_t *img, size_t nblocks, uint8_t what)
{
	struct dd_dump_header *h = (void *)(img + DD_BLOCK_SIZE);

	if (what & SEAL_LABEL)
		dd_label_seal((struct dd_label *)img);
	if (what & (SEAL_CHUNKS | SEAL_PAYLOADS))
		seal_chunks(img, nblocks, what & SEAL_PAYLOADS);
	if ((what & SEAL_TRAILER) && dd_from_le64(h->end_block) >= 2 &&
	    dd_from_le64(h->end_block) < nblocks)
		dd_header_seal((void *)(img + dd_from_le64(h->end_block) * DD_BLOCK_SIZE));
	if (what & SEAL_HEADER)
		dd_header_seal(h);
}

/* A kdump-compressed vmcore bigger than this is not written here. */
#define MAX_VMCORE_BYTES	(64u << 20)

struct fuzz_sink {
	uint8_t			acc;
	struct vmcore_writer	*out;	/* NULL: only touch the pages */
};

static int sink_page(void *ctx, const struct dump_page *pg)
{
	const uint8_t *p = pg->data, *s = pg->stored;
	struct fuzz_sink *fs = ctx;

	/* Touch the whole page so ASan sees any read outside the buffer. */
	for (size_t i = 0; i < DD_BLOCK_SIZE; i++)
		fs->acc ^= p[i];
	for (size_t i = 0; i < pg->stored_size; i++)
		fs->acc ^= s[i];
	fs->acc ^= (uint8_t)pg->pfn;
	return fs->out ? vmcore_write_page(fs->out, pg) : 0;
}

/*
 * The writers lay out their files from the header's ranges, notes and the
 * walk (the kdump-compressed one: bitmaps and descriptors; ELF: program
 * headers and page offsets): write each into memory from what was read.
 */
static void write_vmcore(enum vmcore_format fmt, const struct dumpdev *dev,
			 const struct dump *d, const struct walk_stats *scan)
{
	struct fuzz_sink fs = { 0 };
	struct walk_sink sink = {
		.page = sink_page, .ctx = &fs,
	};
	struct walk_stats st;
	char err[256];
	int fd;

	if ((fmt == VMCORE_KDUMP && scan->pages_out_of_order) ||
	    vmcore_space_needed(fmt, d, scan->pages_written,
				scan->pages_zero) > MAX_VMCORE_BYTES)
		return;
	fd = memfd_create("vmcore", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	fs.out = vmcore_open(fmt, fd, d, scan->pages_written + scan->pages_zero,
			     err, sizeof(err));
	if (fs.out && chunk_walk(dev, d, &sink, &st) == 0)
		(void)vmcore_finish(fs.out);
	vmcore_destroy(fs.out);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct fuzz_sink fs = { 0 };
	struct walk_sink sink = { .page = sink_page, .ctx = &fs };
	struct walk_stats st, scan;
	struct dumpdev dev;
	struct dump d;
	char err[256], path[64];
	uint8_t *img;
	size_t nblocks;
	int fd, state;

	if (size < 1 + 2 * DD_BLOCK_SIZE)
		return 0;
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		dd_msg_set_stream(devnull);
	}
	nblocks = (size - 1) / DD_BLOCK_SIZE;
	if (nblocks > MAX_BLOCKS)
		nblocks = MAX_BLOCKS;
	img = malloc(nblocks * DD_BLOCK_SIZE);
	if (!img)
		return 0;
	memcpy(img, data + 1, nblocks * DD_BLOCK_SIZE);
	reseal(img, nblocks, data[0]);

	fd = memfd_create("dumpimage", MFD_CLOEXEC);
	if (fd < 0 || write(fd, img, nblocks * DD_BLOCK_SIZE) !=
		      (ssize_t)(nblocks * DD_BLOCK_SIZE))
		abort();
	free(img);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	if (dumpdev_open(&dev, path, "fuzz", err, sizeof(err)) == 0) {
		state = dump_read_header(&dev, &d, err, sizeof(err));
		if (state >= 0 && state != DUMP_ABSENT &&
		    dump_read_areas(&dev, &d, err, sizeof(err)) == 0) {
			chunk_walk(&dev, &d, NULL, &scan);
			chunk_walk(&dev, &d, &sink, &st);
			write_vmcore(VMCORE_KDUMP, &dev, &d, &scan);
			write_vmcore(VMCORE_ELF, &dev, &d, &scan);
		}
		dump_free(&d);
		dumpdev_close(&dev);
	}
	close(fd);
	return 0;
}
