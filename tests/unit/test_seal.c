// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Sealed dumps in savecore (seal_open.c, include/diskdump/seal.h), on
 * synthetic images sealed as the kernel seals (libsodium here, the
 * kernel's ChaCha20 and Poly1305 there; the VM test checks the two
 * agree): nothing readable on the raw image; opened with the key, every
 * page, the log and the panic; without the key, saved still sealed and
 * opened later from that copy; another key refused with nothing written;
 * a damaged chunk, a forged one (checksum made to match), a forged page
 * descriptor and two chunks swapped each found out, the rest saved.
 */
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>

#include "ddblockio.h"
#include "ddkernel.h"
#include "ddseal.h"
#include "seal_open.h"
#include "test_check.h"
#include "test_savecore_run.h"

static char scratch[256], img_path[300], dumpdir[300], key_path[300], other_path[300];
static uint8_t admin_pub[32], other_pub[32];

static void fresh_dumpdir(void)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dumpdir);
	if (system(cmd) != 0)
		exit(2);
}

/* A key pair; its secret half as openssl genpkey -algorithm X25519 writes it. */
static void make_key(const char *path, uint8_t pub[32])
{
	static const uint8_t prefix[16] = { 0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
					    0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20 };
	uint8_t der[48], sk[32];
	char b64[100];
	FILE *f = fopen(path, "w");

	randombytes_buf(sk, sizeof(sk));
	crypto_scalarmult_base(pub, sk);
	memcpy(der, prefix, 16);
	memcpy(der + 16, sk, 32);
	sodium_bin2base64(b64, sizeof(b64), der, sizeof(der), sodium_base64_VARIANT_ORIGINAL);
	if (!f || fprintf(f, "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n", b64) < 0 ||
	    fclose(f))
		exit(2);
}

/* Whether needle is anywhere in the image file. */
static bool image_has(const char *path, const void *needle, size_t len)
{
	size_t n;
	char *all = slurp(path, &n);
	bool found = all && memmem(all, n, needle, len);

	free(all);
	return found;
}

static void build(struct img *im, struct img_opts *o)
{
	img_default_opts(o);
	o->seal_pub = admin_pub;
	if (img_build(im, img_path, o) < 0) {
		perror(img_path);
		exit(2);
	}
}

static void test_nothing_in_clear(void)
{
	struct img_opts o;
	struct img im;
	uint8_t page[DD_BLOCK_SIZE];

	build(&im, &o);
	img_page_pattern(0x101, page);
	check("seal: no page content on the disk", !image_has(img_path, page + 64, 64), "found");
	check("seal: no log line on the disk", !image_has(img_path, "sysrq triggered crash", 21),
	      "found");
	check("seal: no VMCOREINFO on the disk", !image_has(img_path, "OSRELEASE=", 10) &&
	      !image_has(img_path, "VMCOREINFO", 10), "found");
}

static void test_open(const struct seal_secret *key)
{
	struct savecore_opts so = run_opts(dumpdir);
	struct run r = { 0 };
	char why[256], path[4200], *text;
	const char *bad;
	struct img_opts o;
	struct img im;
	size_t len;

	fresh_dumpdir();
	build(&im, &o);
	so.secret = key;
	run_savecore(&r, img_path, &so);
	check("seal: opened with the key", r.result == SAVECORE_OK, "result %d: %s", r.result, r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("seal: every page opened", !bad, "%s", bad);
	snprintf(path, sizeof(path), "%s/vmcore-dmesg.txt", r.outdir);
	text = slurp(path, &len);
	check("seal: the log opened", text && len == strlen(o.dmesg) && !memcmp(text, o.dmesg, len),
	      "%s", text ? text : "(none)");
	free(text);
	snprintf(path, sizeof(path), "%s/info.txt", r.outdir);
	text = slurp(path, &len);
	check("seal: the panic string opened", text && strstr(text, "sysrq triggered crash"),
	      "%s", text ? text : "(none)");
	free(text);
	free(r.msgs);
}

static void test_without_key_then_later(const struct seal_secret *key)
{
	struct savecore_opts so = run_opts(dumpdir);
	struct run r = { 0 };
	char why[256], sealed[4200], info[4200], *text;
	const char *bad;
	struct img_opts o;
	struct img im;
	size_t len;

	fresh_dumpdir();
	build(&im, &o);
	run_savecore(&r, img_path, &so);
	snprintf(sealed, sizeof(sealed), "%s/sealed.img", r.outdir);
	snprintf(info, sizeof(info), "%s/info.txt", r.outdir);
	text = slurp(info, &len);
	check("seal: no key, saved still sealed", r.result == SAVECORE_OK && !access(sealed, R_OK) &&
	      text && strstr(text, "Sealed:") && msgs_have(&r, "open it with: savecore -k KEY"),
	      "result %d: %s", r.result, r.msgs);
	free(text);
	check("seal: the sealed copy holds no page in clear", !image_has(sealed, "sysrq triggered crash", 21),
	      "found");
	so.secret = key;
	run_savecore(&r, sealed, &so);
	bad = r.result == SAVECORE_OK ? vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why)) : "failed";
	check("seal: the sealed copy opened later", !bad, "%s: %s", bad, r.msgs);
	free(r.msgs);
}

static void test_wrong_key(void)
{
	struct savecore_opts so = run_opts(dumpdir);
	struct seal_secret other;
	struct run r = { 0 };
	char err[300];
	struct img_opts o;
	struct img im;
	struct stat st;

	fresh_dumpdir();
	build(&im, &o);
	if (seal_load_secret(other_path, &other, err, sizeof(err)))
		exit(2);
	so.secret = &other;
	run_savecore(&r, img_path, &so);
	check("seal: another key refused", r.result == SAVECORE_ERROR &&
	      msgs_have(&r, "the dump is sealed for key") && msgs_have(&r, "the key given is"),
	      "result %d: %s", r.result, r.msgs);
	check("seal: another key writes nothing", stat(dumpdir, &st) < 0 || !dir_entries(dumpdir),
	      "%d entries", dir_entries(dumpdir));
	free(r.msgs);
}

/* Chunk 1 of a fresh image, changed by how; then opened with the key. */
static void test_damage(const struct seal_secret *key, const char *name, int how,
			const char *said)
{
	struct savecore_opts so = run_opts(dumpdir);
	_Alignas(8) uint8_t blk[DD_BLOCK_SIZE], buf[(DD_CHUNK_MAX_PAGES + 1) * DD_BLOCK_SIZE];
	struct dd_chunk_header *c = (void *)blk;
	struct run r = { 0 };
	struct img_opts o;
	struct img im;
	int fd;

	fresh_dumpdir();
	build(&im, &o);
	fd = open(img_path, O_RDWR);
	if (fd < 0 || img_read_block(img_path, im.chunk_block[1], blk) < 0)
		exit(2);
	if (how == 3) {
		/* Two chunks of the same size change places. */
		uint64_t n = 1 + dd_from_le32(c->payload_blocks);
		static uint8_t a[2][(DD_CHUNK_MAX_PAGES + 2) * DD_BLOCK_SIZE];

		if (pread(fd, a[0], n * DD_BLOCK_SIZE, (off_t)(im.chunk_block[1] * DD_BLOCK_SIZE)) < 0 ||
		    pread(fd, a[1], n * DD_BLOCK_SIZE, (off_t)(im.chunk_block[2] * DD_BLOCK_SIZE)) < 0 ||
		    pwrite(fd, a[1], n * DD_BLOCK_SIZE, (off_t)(im.chunk_block[1] * DD_BLOCK_SIZE)) < 0 ||
		    pwrite(fd, a[0], n * DD_BLOCK_SIZE, (off_t)(im.chunk_block[2] * DD_BLOCK_SIZE)) < 0)
			exit(2);
	} else if (how == 2) {
		/* A page descriptor made to name another pfn, checksums mended. */
		c->pages[0].pfn = dd_to_le64(dd_from_le64(c->pages[0].pfn) + 1);
		c->pages[1].pfn = dd_to_le64(dd_from_le64(c->pages[1].pfn) - 1);
		img_seal_chunk(c);
		if (pwrite(fd, blk, DD_BLOCK_SIZE, (off_t)(im.chunk_block[1] * DD_BLOCK_SIZE)) < 0)
			exit(2);
	} else {
		size_t bytes = dd_from_le64(c->payload_bytes) + DD_SEAL_TAG_SIZE;

		if (pread(fd, buf, bytes, (off_t)((im.chunk_block[1] + 1) * DD_BLOCK_SIZE)) < 0)
			exit(2);
		buf[100] ^= 0x01;
		if (how == 1) {
			/* Forged: its checksum made to match, as anyone can. */
			c->payload_xxh64 = dd_to_le64(dd_xxh64(buf, bytes));
			img_seal_chunk(c);
			if (pwrite(fd, blk, DD_BLOCK_SIZE, (off_t)(im.chunk_block[1] * DD_BLOCK_SIZE)) < 0)
				exit(2);
		}
		if (pwrite(fd, buf, bytes, (off_t)((im.chunk_block[1] + 1) * DD_BLOCK_SIZE)) < 0)
			exit(2);
	}
	close(fd);
	so.secret = key;
	run_savecore(&r, img_path, &so);
	check(name, r.result == SAVECORE_PARTIAL && msgs_have(&r, said), "result %d: %s", r.result,
	      r.msgs);
	free(r.msgs);
}

/* The public half as openssl pkey -pubout writes it, and what is refused. */
static void test_public_key(void)
{
	static const uint8_t spki[12] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
					  0x6e, 0x03, 0x21, 0x00 };
	uint8_t der[44], key[32];
	char b64[100], pem[300], err[400];
	struct dd_armed a[2];
	FILE *f;
	int n;

	memcpy(der, spki, 12);
	memcpy(der + 12, admin_pub, 32);
	sodium_bin2base64(b64, sizeof(b64), der, sizeof(der), sodium_base64_VARIANT_ORIGINAL);
	snprintf(pem, sizeof(pem), "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n", b64);
	check("seal key: a PEM X25519 public key reads",
	      !dd_seal_parse_public(pem, strlen(pem), key, err, sizeof(err)) &&
	      !memcmp(key, admin_pub, 32), "%s", err);
	der[9] = 0x70;	/* Ed448's OID, one byte off */
	sodium_bin2base64(b64, sizeof(b64), der, sizeof(der), sodium_base64_VARIANT_ORIGINAL);
	snprintf(pem, sizeof(pem), "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n", b64);
	check("seal key: another kind of key refused",
	      dd_seal_parse_public(pem, strlen(pem), key, err, sizeof(err)) &&
	      strstr(err, "not an X25519 public key"), "%s", err);
	snprintf(pem, sizeof(pem), "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIA==\n-----END PRIVATE KEY-----\n");
	check("seal key: a private key refused, saying so",
	      dd_seal_parse_public(pem, strlen(pem), key, err, sizeof(err)) &&
	      strstr(err, "this is a private key"), "%s", err);
	static char list[] = "8:2 virtio 2048 409600 partition sealed=0123456789abcdef\n"
			     "8:3 virtio 2048 409600 swap\n";

	f = fmemopen(list, strlen(list), "r");
	n = f ? dd_parse_armed(f, a, 2) : -1;
	if (f)
		fclose(f);
	check("seal key: the devices list says which are sealed", n == 2 &&
	      !strcmp(a[0].seal_key_id, "0123456789abcdef") && !a[1].seal_key_id[0], "n %d", n);
}

/* -Z: once saved, the dump area reads back as zeroes; the label stays. */
static void test_erase(void)
{
	struct savecore_opts so = run_opts(dumpdir);
	_Alignas(8) uint8_t blk[DD_BLOCK_SIZE];
	struct run r = { 0 };
	char why[256];
	const char *bad;
	struct img_opts o;
	struct img im;
	uint64_t b, end, nonzero = 0;

	fresh_dumpdir();
	img_default_opts(&o);
	if (img_build(&im, img_path, &o) < 0)
		exit(2);
	end = dd_from_le64(im.h.end_block) + 1;
	so.erase_after = true;
	run_savecore(&r, img_path, &so);
	bad = r.result == SAVECORE_OK ? vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why)) : "failed";
	for (b = DD_HEADER_BLOCK; b < end; b++)
		if (img_read_block(img_path, b, blk) < 0 || !dd_all_zero(blk, sizeof(blk)))
			nonzero++;
	check("erase: saved, then the dump area zeroed", !bad && !nonzero &&
	      msgs_have(&r, "erased the dump area"), "%s; %llu blocks not zero: %s",
	      bad ? bad : "saved", (unsigned long long)nonzero, r.msgs);
	check("erase: the label stays", img_read_block(img_path, DD_LABEL_BLOCK, blk) == 0 &&
	      !memcmp(blk, DD_LABEL_MAGIC, DD_MAGIC_LEN), "label gone");
	free(r.msgs);
}

int main(void)
{
	struct seal_secret key;
	char err[300];

	if (sodium_init() < 0)
		return 2;
	scratch_make(scratch, sizeof(scratch), "seal");
	snprintf(img_path, sizeof(img_path), "%s/img", scratch);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", scratch);
	snprintf(key_path, sizeof(key_path), "%s/dump.key", scratch);
	snprintf(other_path, sizeof(other_path), "%s/other.key", scratch);
	make_key(key_path, admin_pub);
	make_key(other_path, other_pub);
	check("seal: the PEM key reads", !seal_load_secret(key_path, &key, err, sizeof(err)) &&
	      !memcmp(key.pk, admin_pub, 32), "%s", err);
	check("seal: a non-key refused", seal_parse_secret("hello", 5, &key, err, sizeof(err)) < 0 &&
	      strstr(err, "BEGIN PRIVATE KEY"), "%s", err);
	if (seal_load_secret(key_path, &key, err, sizeof(err)))
		return 1;
	test_public_key();
	test_nothing_in_clear();
	test_open(&key);
	test_without_key_then_later(&key);
	test_wrong_key();
	test_damage(&key, "seal: a damaged chunk named, the rest saved", 0, "payload checksum mismatch");
	test_damage(&key, "seal: a forged chunk found out", 1, "its seal does not open");
	test_damage(&key, "seal: a forged page descriptor found out", 2, "its seal does not open");
	test_damage(&key, "seal: swapped chunks found out", 3, "out of sequence");
	test_erase();
	scratch_remove(scratch);
	return test_failures ? 1 : 0;
}
