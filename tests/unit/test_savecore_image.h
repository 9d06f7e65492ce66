/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small writer of synthetic dump partitions for the savecore tests: the
 * layout the kernel writes (label, header, notes, log, chunks of RAW or LZO
 * pages, trailer), with knobs to cut it short, and helpers to damage it
 * after.  As the kernel, at a dump level with bit 1 it records pages of
 * zeroes as DD_PAGE_ZERO descriptors without data, and leaves the pages
 * the level excludes out of the chunks altogether.
 * Page contents follow img_page_pattern() so a test can check every byte
 * of the vmcore against what the "kernel" dumped.
 */
#ifndef TEST_SAVECORE_IMAGE_H
#define TEST_SAVECORE_IMAGE_H

#include <elf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddformat.h"
#include "diskdump/seal.h"
#include "diskdump/swap.h"

#define IMG_MAX_CHUNKS		512
#define IMG_PRSTATUS_SIZE	336	/* sizeof(struct elf_prstatus), x86_64 */
#define IMG_VMCOREINFO		"OSRELEASE=6.1.0-test\nPAGESIZE=4096\n"

/* A memory range as the test describes it (the header's are little-endian). */
struct img_range {
	uint64_t	start_pfn;
	uint64_t	nr_pages;
};

struct img_opts {
	uint64_t	nr_blocks;	/* device size; 0: 4096 (16 MiB) */
	unsigned int	nr_ranges;
	struct img_range ranges[DD_MAX_RANGES];
	unsigned int	chunk_pages;	/* pages per chunk; 0: 16 */
	uint64_t	unreadable_pfn;	/* recorded as unreadable; 0: none */
	/* A page of zeros: DD_PAGE_ZERO at levels with bit 1, else data. */
	uint64_t	zero_pfn;	/* 0: none */
	unsigned int	zero_count;	/* zero pages from zero_pfn; 0: 1 */
	/* Left out as the kernel's dump level would: absent from chunks. */
	uint64_t	excluded_pfn;	/* 0: none */
	unsigned int	excluded_count;
	uint32_t	dump_level;
	uint64_t	phys_base;
	unsigned int	nr_cpus;	/* 0: 2 */
	bool		truncated;	/* no trailer, header left IN_PROGRESS */
	/* Block 0 a swap header (mkswap's, labelled "imgswap"), not a label. */
	bool		swap;
	unsigned int	max_chunks;	/* write at most this many; 0: all */
	const char	*dmesg;
	const char	*nodename;
	uint64_t	panic_time;
	uint64_t	text_paddr, text_size;
	/* When set: the content of a page instead of img_page_pattern(). */
	void		(*page_content)(uint64_t pfn, void *page);
	/* When set: a page's LZO1X form, or 0 to store the page raw. */
	size_t		(*compress)(const void *page, void *out);
	/* When set: sealed for this X25519 public key, as the kernel seals. */
	const uint8_t	*seal_pub;
};

struct img {
	char		path[4096];
	struct dd_label	label;
	struct dd_dump_header h;	/* the final block-1 header */
	uint8_t		notes[16384];
	size_t		notes_len;
	unsigned int	nr_chunks;
	uint64_t	chunk_block[IMG_MAX_CHUNKS];
	uint64_t	chunk_first_pfn[IMG_MAX_CHUNKS];
	unsigned int	chunk_nr_pages[IMG_MAX_CHUNKS];
	uint64_t	pages_dumped;	/* pages with data in written chunks */
	uint64_t	pages_zero;	/* DD_PAGE_ZERO pages in written chunks */
	bool		sealed;
	uint8_t		seal_key[DD_SEAL_KEY_SIZE];
};

/* RFC 8439 with nonce 0^32 || le64(n), the tag after len bytes of buf. */
__attribute__((unused))
static void img_seal(const struct img *im, uint64_t n, const void *ad, size_t ad_len,
		     uint8_t *buf, size_t len)
{
	uint8_t nonce[12] = { 0 };

	for (int i = 0; i < 8; i++)
		nonce[4 + i] = (uint8_t)(n >> (8 * i));
	crypto_aead_chacha20poly1305_ietf_encrypt_detached(buf, buf + len, NULL, buf, len, ad,
							   ad_len, NULL, nonce, im->seal_key);
}

/* The arm-time key agreement of seal.h, with a fixed one-time secret. */
__attribute__((unused))
static int img_seal_setup(struct img *im, struct dd_dump_header *h, const uint8_t admin[32])
{
	uint8_t e[32], shared[32], kdf[DD_SEAL_KDF_LABEL_LEN + 96], digest[32];

	if (sodium_init() < 0)
		return -1;
	memset(e, 0x5a, sizeof(e));
	if (crypto_scalarmult_base(h->seal_pub, e) || crypto_scalarmult(shared, e, admin))
		return -1;
	memcpy(kdf, DD_SEAL_KDF_LABEL, DD_SEAL_KDF_LABEL_LEN);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN, shared, 32);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN + 32, h->seal_pub, 32);
	memcpy(kdf + DD_SEAL_KDF_LABEL_LEN + 64, admin, 32);
	crypto_hash_sha256(im->seal_key, kdf, sizeof(kdf));
	crypto_hash_sha256(digest, admin, 32);
	memcpy(h->seal_key_id, digest, DD_SEAL_KEY_ID_SIZE);
	h->flags = dd_to_le32(dd_from_le32(h->flags) | DD_FLAG_SEALED);
	im->sealed = true;
	return 0;
}

__attribute__((unused))
static bool img_pfn_is_zero(const struct img_opts *o, uint64_t pfn)
{
	unsigned int n = o->zero_count ? o->zero_count : 1;

	return o->zero_pfn && pfn >= o->zero_pfn && pfn - o->zero_pfn < n;
}

__attribute__((unused))
static bool img_pfn_is_excluded(const struct img_opts *o, uint64_t pfn)
{
	return o->excluded_pfn && pfn >= o->excluded_pfn &&
	       pfn - o->excluded_pfn < o->excluded_count;
}

__attribute__((unused))
static void img_page_pattern(uint64_t pfn, void *page)
{
	uint64_t *w = page;
	unsigned int i;

	for (i = 0; i < DD_BLOCK_SIZE / 8; i++)
		w[i] = (pfn << 24) ^ (i * 0x9E3779B97F4A7C15ull) ^ 0x5a5a;
}

static int img_pwrite(int fd, const void *buf, size_t len, uint64_t block)
{
	return pwrite(fd, buf, len, (off_t)(block * DD_BLOCK_SIZE)) ==
	       (ssize_t)len ? 0 : -1;
}

__attribute__((unused))
static int img_read_block(const char *path, uint64_t block, void *buf)
{
	int fd = open(path, O_RDONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = pread(fd, buf, DD_BLOCK_SIZE, (off_t)(block * DD_BLOCK_SIZE)) ==
	      DD_BLOCK_SIZE ? 0 : -1;
	close(fd);
	return ret;
}

__attribute__((unused))
static int img_write_block(const char *path, uint64_t block, const void *buf)
{
	int fd = open(path, O_WRONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = img_pwrite(fd, buf, DD_BLOCK_SIZE, block);
	close(fd);
	return ret;
}

/* Flip one byte of the image (damage that no checksum was made for). */
__attribute__((unused))
static int img_flip_byte(const char *path, uint64_t block, unsigned int off)
{
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];

	if (img_read_block(path, block, b) < 0)
		return -1;
	b[off % DD_BLOCK_SIZE] ^= 0xff;
	return img_write_block(path, block, b);
}

static void img_seal_chunk(struct dd_chunk_header *c)
{
	c->header_xxh64 = 0;
	c->header_xxh64 = dd_to_le64(dd_xxh64(c, sizeof(*c)));
}

static size_t img_put_note(uint8_t *p, const char *name, uint32_t type,
			   const void *desc, uint32_t descsz)
{
	Elf64_Nhdr nh = {
		.n_namesz = (uint32_t)strlen(name) + 1,
		.n_descsz = descsz,
		.n_type = type,
	};
	size_t off = sizeof(nh);

	memcpy(p, &nh, sizeof(nh));
	memset(p + off, 0, (nh.n_namesz + 3) & ~3u);
	memcpy(p + off, name, nh.n_namesz);
	off += (nh.n_namesz + 3) & ~3u;
	memset(p + off, 0, (descsz + 3) & ~3u);
	memcpy(p + off, desc, descsz);
	return off + ((descsz + 3) & ~3u);
}

static void img_build_notes(struct img *im, unsigned int nr_cpus)
{
	uint8_t prs[IMG_PRSTATUS_SIZE];
	unsigned int cpu;

	im->notes_len = 0;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		memset(prs, (int)(0x40 + cpu), sizeof(prs));
		im->notes_len += img_put_note(im->notes + im->notes_len, "CORE",
					      NT_PRSTATUS, prs, sizeof(prs));
	}
	im->notes_len += img_put_note(im->notes + im->notes_len, "VMCOREINFO",
				      0, IMG_VMCOREINFO,
				      sizeof(IMG_VMCOREINFO) - 1);
}

/* Write one chunk of the pfns [pfn, pfn + n) at block; returns its blocks. */
static uint64_t img_write_chunk(struct img *im, int fd, uint64_t block,
				uint64_t seq, uint64_t pfn, unsigned int n,
				const struct img_opts *o)
{
	static _Alignas(8) uint8_t payload[(DD_CHUNK_MAX_PAGES + 1) * DD_BLOCK_SIZE];
	struct dd_chunk_header c;
	uint64_t bytes = 0, end = pfn + n;
	unsigned int i = 0;

	memset(&c, 0, sizeof(c));
	memcpy(c.magic, DD_CHUNK_MAGIC, DD_MAGIC_LEN);
	c.dump_id = im->h.dump_id;
	c.seq = dd_to_le64(seq);
	for (; pfn < end; pfn++) {
		if (img_pfn_is_excluded(o, pfn)) {
			im->h.nr_pages_excluded = dd_to_le64(dd_from_le64(im->h.nr_pages_excluded) + 1);
			continue;
		}
		c.pages[i].pfn = dd_to_le64(pfn);
		if (o->unreadable_pfn && pfn == o->unreadable_pfn) {
			c.pages[i].flags = dd_to_le32(DD_PAGE_UNREADABLE);
			im->h.nr_pages_unreadable = dd_to_le64(dd_from_le64(im->h.nr_pages_unreadable) + 1);
			i++;
			continue;
		}
		if (img_pfn_is_zero(o, pfn) && (o->dump_level & DD_DL_ZERO)) {
			c.pages[i].flags = dd_to_le32(DD_PAGE_ZERO);
			im->h.nr_pages_zero = dd_to_le64(dd_from_le64(im->h.nr_pages_zero) + 1);
			im->pages_zero++;
			i++;
			continue;
		}
		c.pages[i].flags = dd_to_le32(DD_PAGE_RAW);
		c.pages[i].size = dd_to_le32(DD_BLOCK_SIZE);
		/* After LZO pages, payload + bytes may be unaligned. */
		static _Alignas(8) uint8_t page[DD_BLOCK_SIZE];

		if (img_pfn_is_zero(o, pfn))
			memset(page, 0, DD_BLOCK_SIZE);
		else if (o->page_content)
			o->page_content(pfn, page);
		else
			img_page_pattern(pfn, page);
		memcpy(payload + bytes, page, DD_BLOCK_SIZE);
		if (o->compress) {
			static _Alignas(8) uint8_t z[2 * DD_BLOCK_SIZE];
			size_t zlen = o->compress(page, z);

			if (zlen && zlen < DD_BLOCK_SIZE) {
				memcpy(payload + bytes, z, zlen);
				c.pages[i].flags = dd_to_le32(DD_PAGE_LZO);
				c.pages[i].size = dd_to_le32((uint32_t)zlen);
			}
		}
		bytes += dd_from_le32(c.pages[i].size);
		im->pages_dumped++;
		i++;
	}
	c.nr_pages = dd_to_le32(i);
	c.payload_bytes = dd_to_le64(bytes);
	if (im->sealed) {
		img_seal(im, seq, c.pages, i * sizeof(c.pages[0]), payload, bytes);
		bytes += DD_SEAL_TAG_SIZE;
	}
	c.payload_blocks = dd_to_le32((uint32_t)((bytes + DD_BLOCK_SIZE - 1) / DD_BLOCK_SIZE));
	memset(payload + bytes, 0, dd_from_le32(c.payload_blocks) * DD_BLOCK_SIZE - bytes);
	c.payload_xxh64 = dd_to_le64(dd_xxh64(payload, bytes));
	img_seal_chunk(&c);
	img_pwrite(fd, &c, sizeof(c), block);
	if (bytes)
		img_pwrite(fd, payload, dd_from_le32(c.payload_blocks) * DD_BLOCK_SIZE,
			   block + 1);
	im->h.nr_pages_written = dd_to_le64(dd_from_le64(im->h.nr_pages_written) + (i));
	return 1 + dd_from_le32(c.payload_blocks);
}

static void img_write_header(int fd, struct dd_dump_header *h,
			     const char *magic, uint64_t block)
{
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE] = { 0 };

	memcpy(h->magic, magic, DD_MAGIC_LEN);
	dd_header_seal(h);
	memcpy(b, h, sizeof(*h));
	img_pwrite(fd, b, sizeof(b), block);
}

/* Reseal block 1 after a test changed im->h, and write it. */
__attribute__((unused))
static int img_rewrite_header(struct img *im)
{
	int fd = open(im->path, O_WRONLY);

	if (fd < 0)
		return -1;
	img_write_header(fd, &im->h, DD_HEADER_MAGIC, DD_HEADER_BLOCK);
	close(fd);
	return 0;
}

/* Write the header as the trailer at block pos (0: none). */
__attribute__((unused))
static int img_rewrite_trailer_at(struct img *im, uint64_t pos)
{
	int fd;

	if (!pos)
		return 0;
	fd = open(im->path, O_WRONLY);
	if (fd < 0)
		return -1;
	img_write_header(fd, &im->h, DD_TRAILER_MAGIC, pos);
	close(fd);
	return 0;
}

__attribute__((unused))
static void img_default_opts(struct img_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->nr_ranges = 3;
	o->ranges[0] = (struct img_range){ .start_pfn = 0x10, .nr_pages = 40 };
	o->ranges[1] = (struct img_range){ .start_pfn = 0x100, .nr_pages = 30 };
	o->ranges[2] = (struct img_range){ .start_pfn = 0x1000, .nr_pages = 20 };
	o->unreadable_pfn = 0x105;
	o->zero_pfn = 0x20;
	o->dmesg = "[    0.000000] Linux version 6.1.0-test\n"
		   "[   42.000000] Kernel panic - not syncing: sysrq triggered crash\n";
	o->nodename = "testhost";
	o->panic_time = 1700000000;
	o->text_paddr = 0x101000;	/* pfn 0x101, inside range 1 */
	o->text_size = 3 * DD_BLOCK_SIZE + 100;
}

__attribute__((unused))
static int img_build(struct img *im, const char *path, const struct img_opts *o)
{
	static const uint8_t uuid[16] = { 1, 2, 3, 4, 5, 6, 7, 8,
					  9, 10, 11, 12, 13, 14, 15, 16 };
	struct dd_dump_header *h = &im->h;
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE] = { 0 };
	uint64_t nr_blocks = o->nr_blocks ? o->nr_blocks : 4096;
	unsigned int chunk_pages = o->chunk_pages ? o->chunk_pages : 16;
	uint64_t block, seq = 0, notes_blocks, pages;
	unsigned int r;
	struct stat st;
	int fd;

	memset(im, 0, sizeof(*im));
	snprintf(im->path, sizeof(im->path), "%s", path);
	/*
	 * An image file is made afresh; anything else at path (a device
	 * node, a directory) is left alone: a test tool pointed at a disk
	 * must not replace its node with a file.
	 */
	if (!lstat(path, &st) && !S_ISREG(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	unlink(path);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)(nr_blocks * DD_BLOCK_SIZE)) < 0)
		return -1;

	if (o->swap) {
		struct dd_swap_header *sw = (struct dd_swap_header *)b;

		sw->version = dd_to_le32(1);
		sw->last_page = dd_to_le32((uint32_t)(nr_blocks - 1));
		memcpy(sw->uuid, uuid, sizeof(uuid));
		memcpy(sw->volume_name, "imgswap", 7);
		memcpy(b + DD_SWAP_MAGIC_OFFSET, DD_SWAP_MAGIC, DD_SWAP_MAGIC_LEN);
		if (dd_swap_problem(b, nr_blocks, &im->label))
			return -1;
	} else {
		dd_label_init(&im->label, uuid, nr_blocks, 1600000000);
		memcpy(b, &im->label, sizeof(im->label));
	}
	img_pwrite(fd, b, sizeof(b), DD_LABEL_BLOCK);
	memset(b, 0, sizeof(b));

	img_build_notes(im, o->nr_cpus ? o->nr_cpus : 2);
	notes_blocks = (im->notes_len + (o->seal_pub ? DD_SEAL_TAG_SIZE : 0) + DD_BLOCK_SIZE - 1) /
		       DD_BLOCK_SIZE;

	h->version = dd_to_le32(DD_FORMAT_VERSION);
	h->header_size = dd_to_le32(sizeof(*h));
	memcpy(h->uuid, uuid, sizeof(uuid));
	h->dump_id = dd_to_le64(0x1122334455667788ull);
	h->status = dd_to_le32(DD_STATUS_IN_PROGRESS);
	h->flags = dd_to_le32(o->swap ? DD_FLAG_SWAP : 0);
	h->panic_time = dd_to_le64(o->panic_time);
	h->page_size = dd_to_le32(DD_BLOCK_SIZE);
	h->nr_cpus = dd_to_le32(o->nr_cpus ? o->nr_cpus : 2);
	h->nr_ranges = dd_to_le32(o->nr_ranges);
	h->dump_level = dd_to_le32(o->dump_level);
	h->phys_base = dd_to_le64(o->phys_base);
	h->page_offset = dd_to_le64(0xffff888000000000ull);
	h->kernel_text_paddr = dd_to_le64(o->text_paddr);
	h->kernel_text_size = dd_to_le64(o->text_size);
	h->kernel_text_vaddr = dd_to_le64(0xffffffff81000000ull);
	h->partition_blocks = dd_to_le64(nr_blocks);
	h->notes_block = dd_to_le64(DD_HEADER_BLOCK + 1);
	h->notes_size = dd_to_le64(im->notes_len);
	h->dmesg_block = dd_to_le64(dd_from_le64(h->notes_block) + notes_blocks);
	h->dmesg_size = dd_to_le64(o->dmesg ? strlen(o->dmesg) : 0);
	/* 4 blocks, or as many as a longer log (a real panic's) takes. */
	h->data_block = dd_to_le64(dd_from_le64(h->dmesg_block) +
				   (dd_from_le64(h->dmesg_size) + DD_SEAL_TAG_SIZE > 4 * DD_BLOCK_SIZE ?
				    (dd_from_le64(h->dmesg_size) + DD_SEAL_TAG_SIZE + DD_BLOCK_SIZE - 1) /
				    DD_BLOCK_SIZE : 4));
	for (r = 0; r < DD_MAX_RANGES; r++) {
		h->ranges[r].start_pfn = dd_to_le64(o->ranges[r].start_pfn);
		h->ranges[r].nr_pages = dd_to_le64(o->ranges[r].nr_pages);
	}
	snprintf(h->sysname, sizeof(h->sysname), "Linux");
	snprintf(h->nodename, sizeof(h->nodename), "%s", o->nodename);
	snprintf(h->release, sizeof(h->release), "6.1.0-test");
	snprintf(h->machine, sizeof(h->machine), "x86_64");
	snprintf(h->panic_string, sizeof(h->panic_string),
		 "sysrq triggered crash");
	for (r = 0, pages = 0; r < o->nr_ranges; r++)
		pages += o->ranges[r].nr_pages;
	h->nr_pages_total = dd_to_le64(pages);

	if (o->seal_pub) {
		static uint8_t area[(1 << 20) + DD_SEAL_TAG_SIZE];
		size_t dlen = dd_from_le64(h->dmesg_size);

		if (img_seal_setup(im, h, o->seal_pub) || dlen > (1 << 20))
			return -1;
		img_seal(im, DD_SEAL_NONCE_PANIC, &h->dump_id, sizeof(h->dump_id),
			 (uint8_t *)h->panic_string, DD_SEAL_PANIC_LEN);
		memcpy(area, im->notes, im->notes_len);
		img_seal(im, DD_SEAL_NONCE_NOTES, &h->dump_id, sizeof(h->dump_id), area, im->notes_len);
		img_pwrite(fd, area, im->notes_len + DD_SEAL_TAG_SIZE, dd_from_le64(h->notes_block));
		if (dlen) {
			memcpy(area, o->dmesg, dlen);
			img_seal(im, DD_SEAL_NONCE_DMESG, &h->dump_id, sizeof(h->dump_id), area, dlen);
			img_pwrite(fd, area, dlen + DD_SEAL_TAG_SIZE, dd_from_le64(h->dmesg_block));
		}
	} else {
		img_pwrite(fd, im->notes, im->notes_len, dd_from_le64(h->notes_block));
		if (h->dmesg_size)
			img_pwrite(fd, o->dmesg, dd_from_le64(h->dmesg_size),
				   dd_from_le64(h->dmesg_block));
	}

	block = dd_from_le64(h->data_block);
	for (r = 0; r < o->nr_ranges; r++) {
		uint64_t pfn = o->ranges[r].start_pfn;
		uint64_t end = pfn + o->ranges[r].nr_pages;

		while (pfn < end && seq < IMG_MAX_CHUNKS &&
		       (!o->max_chunks || seq < o->max_chunks)) {
			unsigned int n = end - pfn < chunk_pages ?
					 (unsigned int)(end - pfn) : chunk_pages;

			im->chunk_block[seq] = block;
			im->chunk_first_pfn[seq] = pfn;
			im->chunk_nr_pages[seq] = n;
			block += img_write_chunk(im, fd, block, seq, pfn, n, o);
			pfn += n;
			seq++;
		}
	}
	im->nr_chunks = (unsigned int)seq;
	h->nr_chunks = dd_to_le64(seq);
	if (!o->truncated) {
		h->status = dd_to_le32(DD_STATUS_COMPLETE);
		h->end_block = dd_to_le64(block);
		h->dump_nsecs = dd_to_le64(1234567890);
		img_write_header(fd, h, DD_TRAILER_MAGIC, block);
	}
	img_write_header(fd, h, DD_HEADER_MAGIC, DD_HEADER_BLOCK);
	close(fd);
	return 0;
}

#endif
