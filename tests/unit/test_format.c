// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The format validation of utils/lib/ddformat.c: each structure is accepted
 * when valid and rejected, with the right reason, for each kind of damage.
 */
#include <stddef.h>
#include <string.h>

#include "ddformat.h"
#include "test_check.h"

static const uint8_t uuid[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4,
				  5, 6, 7, 8, 9, 10, 11, 12 };
static _Alignas(8) uint8_t block[DD_BLOCK_SIZE];

static int says(const char *got, const char *want)
{
	return got && strstr(got, want);
}

#define REJECTS(name, got, want) \
	check(name, says(got, want), "got \"%s\", want \"%s\"", \
	      (got) ? (got) : "accepted", want)

static struct dd_label *fresh_label(void)
{
	struct dd_label *l = (struct dd_label *)block;

	memset(block, 0, sizeof(block));
	dd_label_init(l, uuid, 8192, 1700000000);
	return l;
}

static void test_label(void)
{
	struct dd_label *l = fresh_label();
	const char *why = dd_label_check(block, 0);

	check("label: valid accepted", !why, "%s", why);
	check("label: checksum covers the bytes before it",
	      dd_from_le64(l->checksum) == dd_xxh64(l, offsetof(struct dd_label, checksum)),
	      "checksum %llx", (unsigned long long)dd_from_le64(l->checksum));

	l->magic[0] ^= 1;
	REJECTS("label: bad magic", dd_label_check(block, 0), "no diskdump label");
	l = fresh_label();
	l->uuid[3] ^= 1;
	REJECTS("label: flipped byte", dd_label_check(block, 0), "checksum");
	l = fresh_label();
	l->version = dd_to_le32(2);
	dd_label_seal(l);
	REJECTS("label: version", dd_label_check(block, 0), "version");
	l = fresh_label();
	l->block_size = dd_to_le32(512);
	dd_label_seal(l);
	REJECTS("label: block size", dd_label_check(block, 0), "block size");
	l = fresh_label();
	l->nr_blocks = dd_to_le64(100);
	dd_label_seal(l);
	REJECTS("label: partition too small", dd_label_check(block, 0), "too small");
	memset(block, 0, sizeof(block));
	REJECTS("label: zero block", dd_label_check(block, 0), "no diskdump label");
}

static struct dd_label label;

static struct dd_dump_header *fresh_header(const char *magic)
{
	struct dd_dump_header *h = (struct dd_dump_header *)block;

	dd_label_init(&label, uuid, 8192, 1700000000);
	memset(block, 0, sizeof(block));
	memcpy(h->magic, magic, DD_MAGIC_LEN);
	h->version = dd_to_le32(DD_FORMAT_VERSION);
	h->header_size = dd_to_le32(sizeof(*h));
	memcpy(h->uuid, uuid, sizeof(uuid));
	h->dump_id = dd_to_le64(42);
	h->status = dd_to_le32(DD_STATUS_COMPLETE);
	h->page_size = dd_to_le32(DD_BLOCK_SIZE);
	h->nr_ranges = dd_to_le32(1);
	h->ranges[0].nr_pages = dd_to_le64(100);
	h->partition_blocks = dd_to_le64(8192);
	h->notes_block = dd_to_le64(2);
	h->notes_size = dd_to_le64(4000);
	h->dmesg_block = dd_to_le64(3);
	h->dmesg_size = dd_to_le64(100);
	h->data_block = dd_to_le64(7);
	h->end_block = dd_to_le64(500);
	dd_header_seal(h);
	return h;
}

#define RESEAL_REJECTS(name, field_change, want) do {			\
	struct dd_dump_header *h_ = fresh_header(DD_HEADER_MAGIC);	\
	field_change;							\
	dd_header_seal(h_);						\
	REJECTS(name, dd_header_check(block, DD_HEADER_MAGIC, &label), want); \
} while (0)

static void test_header(void)
{
	struct dd_dump_header *h = fresh_header(DD_HEADER_MAGIC);
	const char *why = dd_header_check(block, DD_HEADER_MAGIC, &label);

	check("header: valid accepted", !why, "%s", why);
	REJECTS("header: trailer magic where header expected",
		dd_header_check(block, DD_TRAILER_MAGIC, &label), "bad magic");
	fresh_header(DD_TRAILER_MAGIC);
	why = dd_header_check(block, DD_TRAILER_MAGIC, &label);
	check("trailer: valid accepted", !why, "%s", why);

	h = fresh_header(DD_HEADER_MAGIC);
	h->panic_string[3] = 'x';
	REJECTS("header: flipped byte", dd_header_check(block, DD_HEADER_MAGIC,
							&label), "checksum");
	h = fresh_header(DD_HEADER_MAGIC);
	h->checksum ^= dd_to_le64(1);
	REJECTS("header: checksum field", dd_header_check(block, DD_HEADER_MAGIC,
							  &label), "checksum");

	RESEAL_REJECTS("header: version", h_->version = dd_to_le32(7), "version");
	RESEAL_REJECTS("header: header size", h_->header_size = dd_to_le32(100), "version");
	RESEAL_REJECTS("header: uuid mismatch", h_->uuid[15] ^= 1, "uuid");
	RESEAL_REJECTS("header: page size", h_->page_size = dd_to_le32(65536), "page size");
	RESEAL_REJECTS("header: nr_ranges > max",
		       h_->nr_ranges = dd_to_le32(DD_MAX_RANGES + 1), "too many");
	RESEAL_REJECTS("header: status none", h_->status = dd_to_le32(DD_STATUS_NONE),
		       "status");
	RESEAL_REJECTS("header: status unknown", h_->status = dd_to_le32(99), "status");
	RESEAL_REJECTS("header: notes in the header block",
		       h_->notes_block = dd_to_le64(1), "notes");
	RESEAL_REJECTS("header: notes past the end",
		       h_->notes_size = dd_to_le64(8192ull * DD_BLOCK_SIZE), "notes");
	RESEAL_REJECTS("header: notes block past the end",
		       h_->notes_block = dd_to_le64(8192), "notes");
	RESEAL_REJECTS("header: log past the end",
		       h_->dmesg_size = dd_to_le64(~0ull), "log");
	RESEAL_REJECTS("header: log in the header block",
		       h_->dmesg_block = dd_to_le64(1), "log");
	RESEAL_REJECTS("header: data block zero", h_->data_block = 0, "data");
	RESEAL_REJECTS("header: data past the end", h_->data_block = dd_to_le64(9000),
		       "data");
	RESEAL_REJECTS("header: trailer before data", h_->end_block = dd_to_le64(5),
		       "trailer");
	RESEAL_REJECTS("header: trailer past the end", h_->end_block = dd_to_le64(8192),
		       "trailer");

	h = fresh_header(DD_HEADER_MAGIC);
	h->end_block = 0;
	h->status = dd_to_le32(DD_STATUS_IN_PROGRESS);
	dd_header_seal(h);
	why = dd_header_check(block, DD_HEADER_MAGIC, &label);
	check("header: in progress without trailer accepted", !why, "%s", why);
}

static struct dd_chunk_header *fresh_chunk(void)
{
	struct dd_chunk_header *c = (struct dd_chunk_header *)block;

	memset(block, 0, sizeof(block));
	memcpy(c->magic, DD_CHUNK_MAGIC, DD_MAGIC_LEN);
	c->dump_id = dd_to_le64(42);
	c->seq = dd_to_le64(7);
	c->nr_pages = dd_to_le32(2);
	c->payload_blocks = dd_to_le32(2);
	c->payload_bytes = dd_to_le64(2 * DD_BLOCK_SIZE);
	c->pages[0] = (struct dd_page_desc){ dd_to_le64(10), dd_to_le32(DD_BLOCK_SIZE),
					     dd_to_le32(DD_PAGE_RAW) };
	c->pages[1] = (struct dd_page_desc){ dd_to_le64(11), dd_to_le32(DD_BLOCK_SIZE),
					     dd_to_le32(DD_PAGE_RAW) };
	c->header_xxh64 = dd_to_le64(dd_xxh64(c, sizeof(*c)));
	return c;
}

static void reseal_chunk(struct dd_chunk_header *c)
{
	c->header_xxh64 = 0;
	c->header_xxh64 = dd_to_le64(dd_xxh64(c, sizeof(*c)));
}

static void test_chunk(void)
{
	struct dd_chunk_header *c = fresh_chunk();
	const char *why = dd_chunk_check(block, 42, 7);

	check("chunk: valid accepted", !why, "%s", why);
	REJECTS("chunk: other dump", dd_chunk_check(block, 43, 7), "another dump");
	REJECTS("chunk: out of sequence", dd_chunk_check(block, 42, 8),
		"sequence");
	c->magic[0] = 'X';
	REJECTS("chunk: bad magic", dd_chunk_check(block, 42, 7), "magic");
	c = fresh_chunk();
	c->pages[100].pfn = dd_to_le64(1);
	REJECTS("chunk: flipped descriptor byte", dd_chunk_check(block, 42, 7),
		"checksum");
	c = fresh_chunk();
	c->nr_pages = dd_to_le32(DD_CHUNK_MAX_PAGES + 1);
	reseal_chunk(c);
	REJECTS("chunk: too many pages", dd_chunk_check(block, 42, 7),
		"too many pages");
	c = fresh_chunk();
	c->payload_bytes = dd_to_le64(3 * DD_BLOCK_SIZE);
	reseal_chunk(c);
	REJECTS("chunk: payload larger than its blocks",
		dd_chunk_check(block, 42, 7), "larger");
	c = fresh_chunk();
	c->payload_blocks = dd_to_le32(UINT32_MAX);
	c->payload_bytes = dd_to_le64(UINT64_MAX);
	reseal_chunk(c);
	REJECTS("chunk: payload bytes overflow", dd_chunk_check(block, 42, 7),
		"larger");
}

static void test_status_names(void)
{
	check("status: complete named",
	      !strcmp(dd_status_name(DD_STATUS_COMPLETE), "complete"), "%s",
	      dd_status_name(DD_STATUS_COMPLETE));
	check("status: unknown named", !strcmp(dd_status_name(77), "unknown"),
	      "%s", dd_status_name(77));
	check("xxh64: known vector (empty input)",
	      dd_xxh64("", 0) == 0xEF46DB3751D8E999ull, "%llx",
	      (unsigned long long)dd_xxh64("", 0));
}

int main(void)
{
	test_label();
	test_header();
	test_chunk();
	test_status_names();
	return test_exit_status();
}
