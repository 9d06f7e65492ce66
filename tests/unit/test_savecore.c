// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore end to end on synthetic dump images: complete, saved twice,
 * forced, deleted, at dump level 31 (zero pages recorded without data,
 * pages left out), cut short, with a damaged payload, with a damaged chunk
 * header or dump header, with leftovers and existing directories in
 * DUMPDIR, and with too little room for MINFREE.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "outdir.h"
#include "test_check.h"
#include "test_kdump_reader.h"
#include "test_savecore_run.h"

static char scratch[256], img_path[300], dumpdir[300];

static void fresh_dumpdir(void)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dumpdir);
	if (system(cmd) != 0)
		exit(2);
}

static uint32_t header_flags(const char *path)
{
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];

	if (img_read_block(path, DD_HEADER_BLOCK, b) < 0)
		return 0xffffffff;
	return dd_from_le32(((struct dd_dump_header *)b)->flags);
}

static int block_is_zero(const char *path, uint64_t block)
{
	_Alignas(8) uint8_t b[DD_BLOCK_SIZE];
	size_t i;

	if (img_read_block(path, block, b) < 0)
		return 0;
	for (i = 0; i < sizeof(b); i++)
		if (b[i])
			return 0;
	return 1;
}

static int file_mode(const char *dir, const char *name)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) < 0 ? -1 : (int)(st.st_mode & 07777);
}

static void test_complete(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char why[256], path[4200], first[4096], *text;
	const char *bad;
	size_t len;

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	/* Modes must not depend on the umask savecore runs under. */
	umask(0);
	run_savecore(&r, img_path, &so);
	umask(022);
	snprintf(first, sizeof(first), "%s", r.outdir);
	check("complete: exit 0", r.result == SAVECORE_OK, "result %d: %s",
	      r.result, r.msgs);
	check("complete: directory name", strstr(r.outdir, "/testhost-20") != NULL,
	      "%s", r.outdir);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("complete: vmcore layout and every page", !bad, "%s", bad);
	check("complete: directory mode 0700", file_mode(r.outdir, ".") == 0700,
	      "mode %o", file_mode(r.outdir, "."));
	check("complete: vmcore mode 0600", file_mode(r.outdir, "vmcore") == 0600,
	      "mode %o", file_mode(r.outdir, "vmcore"));
	check("complete: no vmcore.incomplete left",
	      file_mode(r.outdir, "vmcore.incomplete") < 0, "still there");
	snprintf(path, sizeof(path), "%s/vmcore-dmesg.txt", r.outdir);
	text = slurp(path, &len);
	check("complete: vmcore-dmesg.txt is the log",
	      text && len == strlen(o.dmesg) && !memcmp(text, o.dmesg, len),
	      "got %s", text ? text : "(none)");
	free(text);
	check("complete: vmcore-dmesg.txt mode 0600",
	      file_mode(r.outdir, "vmcore-dmesg.txt") == 0600, "mode %o",
	      file_mode(r.outdir, "vmcore-dmesg.txt"));
	snprintf(path, sizeof(path), "%s/info.txt", r.outdir);
	text = slurp(path, &len);
	check("complete: info.txt summarises",
	      text && strstr(text, "sysrq triggered crash") &&
	      strstr(text, "complete") && strstr(text, "Pages written:") &&
	      strstr(text, "2 NT_PRSTATUS, VMCOREINFO"),
	      "info.txt: %s", text ? text : "(none)");
	free(text);
	snprintf(path, sizeof(path), "%s/triage.txt", r.outdir);
	text = slurp(path, &len);
	check("complete: triage.txt names host, panic and signature",
	      text && strstr(text, "testhost") &&
	      strstr(text, "Panic:        sysrq triggered crash") &&
	      strstr(text, "Signature:    ") && strstr(text, "Uptime:       42.0 s"),
	      "triage.txt: %s", text ? text : "(none)");
	free(text);
	snprintf(path, sizeof(path), "%s/triage.json", r.outdir);
	text = slurp(path, &len);
	check("complete: triage.json",
	      text && strstr(text, "\"format\": \"diskdump-triage-1\"") &&
	      strstr(text, "\"panic\": \"sysrq triggered crash\"") &&
	      strstr(text, "\"dump_status\": \"complete\""),
	      "triage.json: %s", text ? text : "(none)");
	free(text);
	check("complete: triage files mode 0600",
	      file_mode(r.outdir, "triage.txt") == 0600 &&
	      file_mode(r.outdir, "triage.json") == 0600, "modes %o %o",
	      file_mode(r.outdir, "triage.txt"), file_mode(r.outdir, "triage.json"));
	check("complete: header marked saved",
	      header_flags(img_path) & DD_FLAG_SAVED, "flags %#x",
	      header_flags(img_path));

	/* Second run: nothing to do, nothing new in DUMPDIR. */
	run_savecore(&r, img_path, &so);
	check("second run: exit 0", r.result == SAVECORE_OK, "result %d",
	      r.result);
	check("second run: says already saved", msgs_have(&r, "already saved"),
	      "%s", r.msgs);
	check("second run: extracts nothing", dir_entries(dumpdir) == 1,
	      "%d entries", dir_entries(dumpdir));

	/* -f: would extract again, but never over the earlier extraction. */
	so.force = true;
	run_savecore(&r, img_path, &so);
	so.force = false;
	check("forced run: extracts again beside the earlier one (.1)",
	      r.result == SAVECORE_OK && strlen(r.outdir) == strlen(first) + 2 &&
	      !strncmp(r.outdir, first, strlen(first)) && !strcmp(r.outdir + strlen(first), ".1"),
	      "result %d, %s: %s", r.result, r.outdir, r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("forced run: the new vmcore is whole", !bad, "%s", bad);
	bad = vmcore_verify(first, &im, &o, 0, why, sizeof(why));
	check("forced run: earlier vmcore intact", !bad, "%s", bad);
	free(r.msgs);
}

/*
 * A dump in a swap area: extracted like any other, marked saved in block 1,
 * and the swap header in block 0 left exactly as mkswap wrote it.  Block 1
 * of a swap area that holds no dump of its own is swapped-out data: no
 * dump, not an error.
 */
static void test_swap(void)
{
	_Alignas(8) uint8_t before[DD_BLOCK_SIZE], after[DD_BLOCK_SIZE];
	struct savecore_opts so = run_opts(dumpdir);
	struct run r = { 0 };
	struct img_opts o;
	struct img im;
	const char *bad;
	char why[256];

	img_default_opts(&o);
	o.swap = true;
	fresh_dumpdir();
	if (img_build(&im, img_path, &o) < 0 || img_read_block(img_path, 0, before) < 0) {
		check("swap: image built", false, "%s", strerror(errno));
		return;
	}
	run_savecore(&r, img_path, &so);
	check("swap: exit 0", r.result == SAVECORE_OK, "result %d: %s", r.result, r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("swap: vmcore layout and every page", !bad, "%s", bad);
	check("swap: header marked saved", header_flags(img_path) & DD_FLAG_SAVED, "flags %#x",
	      header_flags(img_path));
	check("swap: swap header untouched",
	      img_read_block(img_path, 0, after) == 0 && !memcmp(before, after, sizeof(after)),
	      "block 0 changed");

	memset(after, 0xa5, sizeof(after));
	img_write_block(img_path, DD_HEADER_BLOCK, after);
	run_savecore(&r, img_path, &so);
	check("swap: swapped-out data in block 1 is no dump", r.result == SAVECORE_OK &&
	      msgs_have(&r, "no dump"), "result %d: %s", r.result, r.msgs);
	free(r.msgs);
}

static void test_force_and_delete(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	so.delete_after = true;
	run_savecore(&r, img_path, &so);
	check("-D: saved", r.result == SAVECORE_OK, "result %d: %s", r.result,
	      r.msgs);
	check("-D: header block zeroed", block_is_zero(img_path, 1), "not zero");
	run_savecore(&r, img_path, &so);
	check("-D: next run finds no dump",
	      r.result == SAVECORE_OK && msgs_have(&r, "no dump"), "%s", r.msgs);

	fresh_dumpdir();
	img_build(&im, img_path, &o);
	so = run_opts(dumpdir);
	so.delete_only = true;
	run_savecore(&r, img_path, &so);
	check("-X: deleted without saving",
	      r.result == SAVECORE_OK && block_is_zero(img_path, 1) &&
	      dir_entries(dumpdir) <= 0, "result %d, %d entries: %s", r.result,
	      dir_entries(dumpdir), r.msgs);

	/* A saved dump extracted again with -f into an empty DUMPDIR. */
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	so = run_opts(dumpdir);
	run_savecore(&r, img_path, &so);
	fresh_dumpdir();
	so.force = true;
	run_savecore(&r, img_path, &so);
	check("-f: extracts a saved dump again", r.result == SAVECORE_OK,
	      "result %d: %s", r.result, r.msgs);
	free(r.msgs);
}

/*
 * Level 31 as the kernel writes it: DD_PAGE_ZERO pages and pages left out
 * both read as zero in ELF (holes), the zero pages are counted, and
 * neither is taken for damage.
 */
static void test_level31(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char why[256], path[4200], *text;
	const char *bad;
	size_t len;

	img_default_opts(&o);
	o.dump_level = 31;
	o.zero_pfn = 0x1e;
	o.zero_count = 4;
	o.excluded_pfn = 0x108;
	o.excluded_count = 3;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	check("level 31: exit 0", r.result == SAVECORE_OK, "result %d: %s",
	      r.result, r.msgs);
	check("level 31: the image holds zero pages without data",
	      im.pages_zero == 4, "%llu", (unsigned long long)im.pages_zero);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("level 31: zero and left-out pages read as zero, the rest exact",
	      !bad, "%s", bad);
	check("level 31: the message counts zero pages",
	      msgs_have(&r, "82 pages, 4 zero pages"),
	      "%s", r.msgs);
	snprintf(path, sizeof(path), "%s/info.txt", r.outdir);
	text = slurp(path, &len);
	check("level 31: info.txt has the walk's and the kernel's zero pages",
	      text && strstr(text, "Zero pages:           4\n") &&
	      strstr(text, "(87 pages: 4 zero, 1 unreadable)") &&
	      strstr(text, "Pages excluded:       3\n") &&
	      strstr(text, "Extraction:           complete"),
	      "%s", text ? text : "(none)");
	free(text);
	free(r.msgs);
}

static void test_truncated(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char why[256];
	const char *bad;

	img_default_opts(&o);
	o.truncated = true;
	o.max_chunks = 4;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	check("truncated: exit 2 (partial)", r.result == SAVECORE_PARTIAL,
	      "result %d: %s", r.result, r.msgs);
	check("truncated: says so", msgs_have(&r, "no trailer"), "%s", r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("truncated: written chunks extracted, rest zero", !bad, "%s", bad);
	check("truncated: marked saved", header_flags(img_path) & DD_FLAG_SAVED,
	      "flags %#x", header_flags(img_path));
	free(r.msgs);
}

static void test_corrupt_payload(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char why[256], want[128];
	const char *bad;

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, im.chunk_block[2] + 3, 100);
	run_savecore(&r, img_path, &so);
	check("bad payload: exit 2", r.result == SAVECORE_PARTIAL,
	      "result %d: %s", r.result, r.msgs);
	snprintf(want, sizeof(want), "chunk 2 at block %llu (pfn %#llx-",
		 (unsigned long long)im.chunk_block[2],
		 (unsigned long long)im.chunk_first_pfn[2]);
	check("bad payload: names chunk, block and pfns", msgs_have(&r, want) &&
	      msgs_have(&r, "checksum mismatch"), "want '%s' in: %s", want,
	      r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 1u << 2, why, sizeof(why));
	check("bad payload: that chunk zero, others intact", !bad, "%s", bad);
	free(r.msgs);
}

static void test_corrupt_chunk_header(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char why[256];
	const char *bad;

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, im.chunk_block[3], 40);
	run_savecore(&r, img_path, &so);
	check("bad chunk header: exit 2", r.result == SAVECORE_PARTIAL,
	      "result %d: %s", r.result, r.msgs);
	check("bad chunk header: resynchronised",
	      msgs_have(&r, "resynchronised") && msgs_have(&r, "chunk 3 at block"),
	      "%s", r.msgs);
	bad = vmcore_verify(r.outdir, &im, &o, 1u << 3, why, sizeof(why));
	check("bad chunk header: later chunks intact", !bad, "%s", bad);

	/* Two damaged headers in a row: one resync over both. */
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, im.chunk_block[1], 0);
	img_flip_byte(img_path, im.chunk_block[2], 9);
	run_savecore(&r, img_path, &so);
	bad = vmcore_verify(r.outdir, &im, &o, (1u << 1) | (1u << 2), why,
			    sizeof(why));
	check("two bad chunk headers: resync over both",
	      r.result == SAVECORE_PARTIAL && !bad && msgs_have(&r, "2 chunks lost"),
	      "result %d, %s: %s", r.result, bad ? bad : "", r.msgs);

	/* The last chunk's header damaged in a dump without trailer. */
	o.truncated = true;
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, im.chunk_block[im.nr_chunks - 1], 20);
	run_savecore(&r, img_path, &so);
	bad = vmcore_verify(r.outdir, &im, &o, 1ull << (im.nr_chunks - 1), why,
			    sizeof(why));
	check("truncated, last header bad: the rest extracted",
	      r.result == SAVECORE_PARTIAL && !bad, "result %d, %s: %s",
	      r.result, bad ? bad : "", r.msgs);
	free(r.msgs);
}

static void test_existing_directory(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char path[700];

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	/* Same dump again, as if the SAVED flag had been lost. */
	img_build(&im, img_path, &o);
	run_savecore(&r, img_path, &so);
	check("existing directory: saved beside it with a suffix",
	      r.result == SAVECORE_OK && strstr(r.outdir, ".1") &&
	      vmcore_verify(r.outdir, &im, &o, 0, path, sizeof(path)) == NULL,
	      "result %d, %s: %s", r.result, r.outdir, r.msgs);
	check("existing directory: dump marked saved",
	      header_flags(img_path) & DD_FLAG_SAVED, "flags %#x",
	      header_flags(img_path));
	check("existing directory: two extractions, nothing else",
	      dir_entries(dumpdir) == 2, "%d", dir_entries(dumpdir));

	/* DUMPDIR itself is created when missing. */
	snprintf(path, sizeof(path), "%s/sub", dumpdir);
	so.dumpdir = path;
	run_savecore(&r, img_path, &so);
	check("missing DUMPDIR created", r.result == SAVECORE_OK,
	      "result %d: %s", r.result, r.msgs);
	free(r.msgs);
}

/* The directory name savecore picks for im's dump. */
static void expected_name(const struct img *im, char *buf, size_t len)
{
	outdir_name(buf, len, im->h.nodename, sizeof(im->h.nodename), dd_from_le64(im->h.panic_time));
}

/*
 * What a power cut, a killed run or another user can leave in DUMPDIR
 * never stops the dump from being saved, and is never touched.
 */
static void test_leftovers_in_dumpdir(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char name[256], path[1200], path2[1300], why[256];

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	expected_name(&im, name, sizeof(name));
	if (mkdir(dumpdir, 0700))
		exit(2);
	/* A killed run's directories, with a half-written vmcore in one. */
	snprintf(path, sizeof(path), "%s/%s.incomplete", dumpdir, name);
	snprintf(path2, sizeof(path2), "%s/%s.incomplete.Ab12Cd", dumpdir, name);
	if (mkdir(path, 0700) || mkdir(path2, 0700))
		exit(2);
	snprintf(path2 + strlen(path2), sizeof(path2) - strlen(path2), "/vmcore.incomplete");
	if (close(open(path2, O_CREAT | O_WRONLY, 0600)))
		exit(2);
	run_savecore(&r, img_path, &so);
	check("stale .incomplete directories: dump saved under its own name",
	      r.result == SAVECORE_OK && strstr(r.outdir, name) &&
	      !strcmp(strrchr(r.outdir, '/') + 1, name) &&
	      !vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why)),
	      "result %d, %s: %s", r.result, r.outdir, r.msgs);
	check("stale .incomplete directories: left as they were",
	      access(path, F_OK) == 0 && access(path2, F_OK) == 0, "removed");
	check("stale .incomplete directories: this run left none of its own",
	      dir_entries(dumpdir) == 3, "%d entries", dir_entries(dumpdir));

	/* The final name made in advance by someone else, with a file in it. */
	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	if (mkdir(dumpdir, 01777))
		exit(2);
	snprintf(path, sizeof(path), "%s/%s", dumpdir, name);
	snprintf(path2, sizeof(path2), "%s/vmcore", path);
	if (mkdir(path, 0755) || close(open(path2, O_CREAT | O_WRONLY, 0644)))
		exit(2);
	run_savecore(&r, img_path, &so);
	check("pre-made output directory: dump saved beside it (.1)",
	      r.result == SAVECORE_OK && strstr(r.outdir, ".1") && !vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why)),
	      "result %d, %s: %s", r.result, r.outdir, r.msgs);
	check("pre-made output directory: its file untouched",
	      file_mode(path, "vmcore") == 0644 && dir_entries(path) == 1, "mode %o",
	      file_mode(path, "vmcore"));
	free(r.msgs);
}

/* Block 1 damaged: the trailer's copy of the header saves the dump. */
static void test_damaged_header(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char why[256];
	const char *bad;

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, DD_HEADER_BLOCK, 100);
	run_savecore(&r, img_path, &so);
	bad = vmcore_verify(r.outdir, &im, &o, 0, why, sizeof(why));
	check("damaged header: extracted from the trailer's copy",
	      r.result == SAVECORE_OK && !bad && msgs_have(&r, "trailer"),
	      "result %d, %s: %s", r.result, bad ? bad : "", r.msgs);
	check("damaged header: block 1 repaired and marked saved",
	      header_flags(img_path) & DD_FLAG_SAVED, "flags %#x", header_flags(img_path));
	run_savecore(&r, img_path, &so);
	check("damaged header: a second run says already saved",
	      r.result == SAVECORE_OK && msgs_have(&r, "already saved"), "%s", r.msgs);

	/* Header and trailer both gone: an error, and nothing is written. */
	img_build(&im, img_path, &o);
	img_flip_byte(img_path, DD_HEADER_BLOCK, 100);
	img_flip_byte(img_path, dd_from_le64(im.h.end_block), 100);
	fresh_dumpdir();
	run_savecore(&r, img_path, &so);
	check("damaged header and trailer: error naming both",
	      r.result == SAVECORE_ERROR && msgs_have(&r, "no trailer"), "%s", r.msgs);
	free(r.msgs);
}

/* MINFREE is honoured, and a dump that does not fit stays on the partition. */
static void test_minfree(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	so.minfree_bytes = UINT64_MAX / 4;
	run_savecore(&r, img_path, &so);
	check("MINFREE: refuses, says why and that the dump stays",
	      r.result == SAVECORE_ERROR && msgs_have(&r, "MINFREE") &&
	      msgs_have(&r, "stays on"), "result %d: %s", r.result, r.msgs);
	check("MINFREE: dump not marked saved", !(header_flags(img_path) & DD_FLAG_SAVED),
	      "flags %#x", header_flags(img_path));
	check("MINFREE: nothing left in DUMPDIR", dir_entries(dumpdir) == 0, "%d entries",
	      dir_entries(dumpdir));
	free(r.msgs);
}

static bool entry_exists(const char *dir, const char *name)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !lstat(path, &st);
}

/*
 * MAXDUMPS=2 over four crashes: the two newest dumps stay, the oldest go,
 * but only what savecore wrote (and diskdump-ship's state, the crash
 * summary): a dump directory holding a file of the administrator's keeps it, and a directory that is no saved dump, or an
 * .incomplete one, is never touched.
 */
static void test_maxdumps(void)
{
	struct savecore_opts so = run_opts(dumpdir);
	char names[4][256], path[4700];
	struct run r = { 0 };
	struct img_opts o;
	struct img im;
	FILE *f;

	fresh_dumpdir();
	so.maxdumps = 2;
	for (int i = 0; i < 4; i++) {
		img_default_opts(&o);
		o.panic_time = 1700000000 + 3600 * (uint64_t)i;
		img_build(&im, img_path, &o);
		run_savecore(&r, img_path, &so);
		snprintf(names[i], sizeof(names[i]), "%s", strrchr(r.outdir, '/') + 1);
		if (i == 0) {
			/* The administrator's own directories and notes. */
			snprintf(path, sizeof(path), "%s/notes", dumpdir);
			mkdir(path, 0700);
			snprintf(path, sizeof(path), "%s/x.incomplete.abc", dumpdir);
			mkdir(path, 0700);
			snprintf(path, sizeof(path), "%s/%s/analysis.txt", dumpdir, names[0]);
			f = fopen(path, "w");
			if (f)
				fclose(f);
		}
		if (i == 1) {
			/* What diskdump-ship and diskdump-crashinfo add to a dump. */
			static const char *const added[] = { "ship.state", "crash.txt" };

			for (int k = 0; k < 2; k++) {
				snprintf(path, sizeof(path), "%s/%s/%s", dumpdir, names[1], added[k]);
				f = fopen(path, "w");
				if (f)
					fclose(f);
			}
		}
		/* Saved a second apart at least: their ages must differ. */
		sleep(1);
	}
	check("MAXDUMPS: the two newest kept", entry_exists(dumpdir, names[2]) &&
	      entry_exists(dumpdir, names[3]), "%s", r.msgs);
	snprintf(path, sizeof(path), "%s/vmcore", names[0]);
	check("MAXDUMPS: oldest dump's files gone, the administrator's file kept",
	      !entry_exists(dumpdir, path) && entry_exists(dumpdir, names[0]), "%s", r.msgs);
	check("MAXDUMPS: second oldest removed whole", !entry_exists(dumpdir, names[1]), "%s",
	      r.msgs);
	check("MAXDUMPS: other directories untouched", entry_exists(dumpdir, "notes") &&
	      entry_exists(dumpdir, "x.incomplete.abc"), "entries %d", dir_entries(dumpdir));
	check("MAXDUMPS: says what it removed", msgs_have(&r, "MAXDUMPS=2: removed the older dump"),
	      "%s", r.msgs);
	free(r.msgs);
}

/*
 * A dump cut short: the kdump-compressed header says INCOMPLETE (crash
 * warns), info.txt lists the pfns that are missing; a whole one does not.
 */
static void test_incomplete_marks(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	char path[4200], *text;
	struct kreader kr;
	const char *bad;
	uint32_t status;
	size_t len;

	so.format = VMCORE_KDUMP;
	for (int truncated = 0; truncated < 2; truncated++) {
		img_default_opts(&o);
		o.truncated = truncated;
		o.max_chunks = 4;
		fresh_dumpdir();
		img_build(&im, img_path, &o);
		run_savecore(&r, img_path, &so);
		snprintf(path, sizeof(path), "%s/vmcore", r.outdir);
		bad = kr_open(&kr, path);
		status = bad ? 0xffffffff : kr.dh.status;
		kr_close(&kr);
		check(truncated ? "cut short: a well-formed kdump-compressed vmcore"
				: "whole dump: a well-formed kdump-compressed vmcore",
		      !bad, "%s", bad ? bad : "");
		snprintf(path, sizeof(path), "%s/info.txt", r.outdir);
		text = slurp(path, &len);
		if (truncated) {
			check("cut short: kdump header has KDUMP_DH_COMPRESSED_INCOMPLETE",
			      status != 0xffffffff && (status & KDUMP_DH_COMPRESSED_INCOMPLETE),
			      "status %#x: %s", status, r.msgs);
			check("cut short: info.txt lists the missing pfns",
			      text && strstr(text, "pages missing") && strstr(text, "pfn 0x"),
			      "%s", text ? text : "(none)");
		} else {
			check("whole dump: no INCOMPLETE flag, no missing pages",
			      status != 0xffffffff && !(status & KDUMP_DH_COMPRESSED_INCOMPLETE) &&
			      text && !strstr(text, "pages missing"),
			      "status %#x: %s", status, text ? text : "(none)");
		}
		free(text);
	}
	free(r.msgs);
}

static void test_no_dump(void)
{
	struct img_opts o;
	struct img im;
	struct run r = { 0 };
	struct savecore_opts so = run_opts(dumpdir);
	_Alignas(8) uint8_t zero[DD_BLOCK_SIZE] = { 0 };

	img_default_opts(&o);
	fresh_dumpdir();
	img_build(&im, img_path, &o);
	img_write_block(img_path, DD_HEADER_BLOCK, zero);
	run_savecore(&r, img_path, &so);
	check("no dump: exit 0, says so",
	      r.result == SAVECORE_OK && msgs_have(&r, "no dump on img"),
	      "result %d: %s", r.result, r.msgs);
	check("no dump: nothing extracted", dir_entries(dumpdir) <= 0, "%d",
	      dir_entries(dumpdir));

	img_write_block(img_path, DD_LABEL_BLOCK, zero);
	run_savecore(&r, img_path, &so);
	check("no label: error naming the reason",
	      r.result == SAVECORE_ERROR &&
	      msgs_have(&r, "img: error: not a diskdump partition"),
	      "result %d: %s", r.result, r.msgs);
	free(r.msgs);
}

int main(void)
{
	scratch_make(scratch, sizeof(scratch), "savecore");
	snprintf(img_path, sizeof(img_path), "%s/dump.img", scratch);
	snprintf(dumpdir, sizeof(dumpdir), "%s/crash", scratch);

	test_complete();
	test_swap();
	test_force_and_delete();
	test_level31();
	test_truncated();
	test_corrupt_payload();
	test_corrupt_chunk_header();
	test_existing_directory();
	test_leftovers_in_dumpdir();
	test_damaged_header();
	test_minfree();
	test_maxdumps();
	test_incomplete_marks();
	test_no_dump();

	scratch_remove(scratch);
	return test_exit_status();
}
