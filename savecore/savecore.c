// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chunkwalk.h"
#include "ddblockio.h"
#include "ddformat.h"
#include "diskdump/swap.h"
#include "dumpdev.h"
#include "dumpread.h"
#include "infofile.h"
#include "notes.h"
#include "triage.h"
#include "ddmsg.h"
#include "outdir.h"
#include "retention.h"
#include "savecore.h"

#define VMCORE_TMP_NAME		"vmcore.incomplete"
#define VMCORE_NAME		"vmcore"
#define DMESG_NAME		"vmcore-dmesg.txt"
#define INFO_NAME		"info.txt"
#define SEALED_NAME		"sealed.img"
#define TRIAGE_TXT_NAME		"triage.txt"
#define TRIAGE_JSON_NAME	"triage.json"
/* Room for info.txt and file system metadata beside vmcore and log. */
#define SMALL_FILES_BYTES	(256u << 10)

struct extraction {
	const struct savecore_opts	*o;
	const char			*name;
	enum vmcore_format		format;	/* o->format, unless impossible */
	uint64_t			max_pages;	/* from the counting pass */
	struct vmcore_writer		*out;
	uint64_t			first_block;
	uint64_t			last_block;	/* from the counting pass */
	int				last_percent;
};

/*
 * Block 1 is read again so the bytes after the header stay as they are,
 * and to be sure it still describes the dump that was extracted.
 */
static int mark_saved(struct dumpdev *dev, const struct dump *d)
{
	_Alignas(8) uint8_t block[DD_BLOCK_SIZE];
	struct dd_dump_header *h = (struct dd_dump_header *)block;

	if (d->header_from_trailer) {
		/* Block 1 was damaged: it gets the trailer's copy back. */
		memset(block, 0, sizeof(block));
		memcpy(block, &d->header, sizeof(d->header));
	} else if (dumpdev_read(dev, DD_HEADER_BLOCK, 1, block) < 0) {
		return -1;
	} else if (dd_header_check(block, DD_HEADER_MAGIC, &d->label) ||
		   h->dump_id != d->header.dump_id) {
		errno = ESTALE;
		return -1;
	}
	h->flags = dd_to_le32(dd_from_le32(h->flags) | (DD_FLAG_SAVED));
	dd_header_seal(h);
	return dumpdev_write_block_sync(dev, DD_HEADER_BLOCK, block);
}

/*
 * -Z: once saved, the dump's blocks on the partition (header to trailer)
 * are zeroed, so that memory in clear does not outlive its use there (a
 * swap area keeps it until overwritten).  The label stays.
 */
static void erase_area(struct dumpdev *dev, const struct dump *d, uint64_t end)
{
	char size[32];

	if (end > d->limit)
		end = d->limit;
	if (end <= DD_HEADER_BLOCK)
		return;
	if (dumpdev_zero_sync(dev, DD_HEADER_BLOCK, end - DD_HEADER_BLOCK) < 0) {
		dd_dev_warn(dev->name, "cannot erase the dump area: %s", strerror(errno));
		return;
	}
	dd_dev_note(dev->name, "erased the dump area (%s) as asked (-Z, ERASE_AFTER_SAVE)",
		    dd_human_size((end - DD_HEADER_BLOCK) * DD_BLOCK_SIZE, size, sizeof(size)));
}

static int invalidate(struct dumpdev *dev)
{
	_Alignas(8) uint8_t block[DD_BLOCK_SIZE] = { 0 };

	return dumpdev_write_block_sync(dev, DD_HEADER_BLOCK, block);
}

static int sink_page(void *ctx, const struct dump_page *p)
{
	struct extraction *x = ctx;

	return vmcore_write_page(x->out, p);
}

static void sink_progress(void *ctx, uint64_t block, uint64_t end)
{
	struct extraction *x = ctx;
	uint64_t span = x->last_block - x->first_block;
	int percent;

	(void)end;
	if (!x->o->progress || !span)
		return;
	if (block > x->last_block)
		block = x->last_block;
	percent = (int)((block - x->first_block) * 100 / span);
	if (percent / 10 != x->last_percent / 10) {
		x->last_percent = percent;
		dd_dev_note(x->name, "%d%% extracted", percent);
	}
}

static int write_file(struct outdir *od, const char *fname, const void *data,
		      size_t len, char *err, size_t errlen)
{
	int fd = outdir_create_file(od, fname, err, errlen);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	return close(fd);
fail:
	snprintf(err, errlen, "cannot write %s/%s: %s", od->path, fname,
		 strerror(errno));
	close(fd);
	return -1;
}

static int write_info(struct outdir *od, const char *name,
		      const struct dump *d, const struct walk_stats *st,
		      const char *format, int partial, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	infofile_write(f, name, d, st, format, partial);
	fclose(f);
	ret = write_file(od, INFO_NAME, text, len, err, errlen);
	free(text);
	return ret;
}

/* A field of fixed size from the disk, as a printable string. */
static void header_string(char *dst, size_t size, const char *src, size_t srclen)
{
	size_t k = 0;

	for (size_t i = 0; i < srclen && src[i] && k + 1 < size; i++)
		dst[k++] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[k] = '\0';
}

/*
 * triage.txt and triage.json (triage.h): the crash as the saved kernel
 * log tells it, and its signature.
 */
static int write_triage(struct outdir *od, const struct dump *d,
			const char *dirname, char *err, size_t errlen)
{
	char host[sizeof(d->header.nodename) + 1], release[sizeof(d->header.release) + 1];
	char build_id[128] = "", crashtime[32] = "";
	struct triage_meta m = { 0 };
	struct triage *t = calloc(1, sizeof(*t));
	char *text[2] = { NULL, NULL };
	size_t len[2] = { 0, 0 };
	struct stat sb;
	FILE *f[2];
	int ret = -1;

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	triage_parse(d->dmesg, d->dmesg_len, t);
	triage_sign(t);
	header_string(host, sizeof(host), d->header.nodename, sizeof(d->header.nodename));
	header_string(release, sizeof(release), d->header.release, sizeof(d->header.release));
	notes_vmcoreinfo(d->notes, d->notes_len, "BUILD-ID", build_id, sizeof(build_id));
	m.host = host;
	m.release = release;
	m.build_id = build_id;
	m.crash_time = (long long)dd_from_le64(d->header.panic_time);
	if (!notes_vmcoreinfo(d->notes, d->notes_len, "CRASHTIME", crashtime, sizeof(crashtime)))
		m.crash_time = atoll(crashtime);
	m.status = dd_status_name(dd_from_le32(d->final.status));
	if (!fstatat(od->dirfd, VMCORE_NAME, &sb, 0))
		m.vmcore_bytes = (unsigned long long)sb.st_size;
	m.dump_dir = dirname;
	for (int i = 0; i < 2; i++) {
		f[i] = open_memstream(&text[i], &len[i]);
		if (!f[i]) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (i == 0)
			triage_write_text(f[i], t, &m);
		else
			triage_write_json(f[i], t, &m);
		fclose(f[i]);
	}
	if (write_file(od, TRIAGE_TXT_NAME, text[0], len[0], err, errlen) < 0 ||
	    write_file(od, TRIAGE_JSON_NAME, text[1], len[1], err, errlen) < 0)
		goto out;
	dd_dev_note(d->name, "crash signature %s: %s%s%s", t->signature,
		    t->has_panic ? t->panic : "no panic in the saved log",
		    t->cause[0] ? "; " : "", t->cause);
	ret = 0;
out:
	free(text[0]);
	free(text[1]);
	free(t);
	return ret;
}

/* Pages the dump should hold are missing: cut short, stopped early, damaged. */
static bool pages_missing(const struct dump *d, const struct walk_stats *st)
{
	return !dump_is_complete(d) || walk_is_partial(st);
}

static int write_vmcore(const struct dumpdev *dev, const struct dump *d,
			struct extraction *x, struct outdir *od,
			struct walk_stats *st, char *err, size_t errlen)
{
	struct walk_sink sink = {
		.page = sink_page, .progress = sink_progress, .ctx = x,
	};
	int fd = outdir_create_file(od, VMCORE_TMP_NAME, err, errlen);
	int ret = -1;

	if (fd < 0)
		return -1;
	x->out = vmcore_open(x->format, fd, d, x->max_pages, err, errlen);
	if (!x->out)
		goto out;
	if (chunk_walk(dev, d, &sink, st) < 0) {
		snprintf(err, errlen, "extraction failed: %s", st->stop_reason);
		goto out;
	}
	x->out->incomplete = pages_missing(d, st);
	if (vmcore_finish(x->out) < 0) {
		snprintf(err, errlen, "cannot finish the vmcore: %s",
			 strerror(errno));
		goto out;
	}
	ret = 0;
out:
	vmcore_destroy(x->out);
	x->out = NULL;
	if (close(fd) < 0 && !ret) {
		snprintf(err, errlen, "cannot write the vmcore: %s",
			 strerror(errno));
		ret = -1;
	}
	if (!ret)
		ret = outdir_rename(od, VMCORE_TMP_NAME, VMCORE_NAME, err, errlen);
	return ret;
}

/* Say what is odd about the notes; true when the vmcore will lack some. */
static bool check_notes(const struct dump *d)
{
	const struct notes_summary *n = &d->notes_info;
	bool partial = false;

	if (n->problem) {
		dd_dev_warn(d->name, "notes area: %s at offset %zu; later notes dropped", n->problem, n->problem_offset);
		partial = true;
	}
	if (!n->has_vmcoreinfo) {
		dd_dev_warn(d->name, "no VMCOREINFO note: crash will need help to read this vmcore");
		partial = true;
	}
	if (n->nr_prstatus != dd_from_le32(d->header.nr_cpus))
		dd_dev_warn(d->name, "%u CPU register notes for %u CPUs",
			    n->nr_prstatus, dd_from_le32(d->header.nr_cpus));
	return partial;
}

static void check_log(const struct dump *d)
{
	if (d->dmesg_unreadable)
		dd_dev_warn(d->name, "the log area is unreadable; no %s",
			    DMESG_NAME);
	if (d->dmesg_truncated)
		dd_dev_warn(d->name, "log area of %llu bytes; keeping the first %u",
			    (unsigned long long)dd_from_le64(d->header.dmesg_size),
			    DUMP_MAX_DMESG_BYTES);
}

static void describe(const struct dump *d)
{
	char panic[4 * DD_PANIC_STRING_LEN + 1], node[4 * DD_UTS_LEN + 1];

	if (!dd_verbose)
		return;
	dd_printable(panic, sizeof(panic), d->panic,
		     sizeof(d->panic));
	dd_printable(node, sizeof(node), d->header.nodename,
		     sizeof(d->header.nodename));
	dd_dev_debug(d->name, "dump %016llx of %s, %s%s: \"%s\"",
		     (unsigned long long)dd_from_le64(d->header.dump_id), node,
		     dd_status_name(dd_from_le32(d->final.status)),
		     d->has_trailer ? "" : " (no trailer)", panic);
	dd_dev_debug(d->name, "%u memory ranges, %llu pages; data from block %llu to %llu", d->ranges.n,
		     (unsigned long long)d->ranges.total_pages,
		     (unsigned long long)dd_from_le64(d->header.data_block),
		     (unsigned long long)(d->has_trailer ? dd_from_le64(d->header.end_block)
		     : d->limit));
}

/*
 * The kdump-compressed format finds a page's descriptor by counting the
 * pages stored before it, so it can only hold pages met in ascending pfn
 * order.  The kernel writes them so; should a dump hold them otherwise,
 * ELF (which places every page by its address) still saves all of it.
 */
static enum vmcore_format choose_format(const struct dump *d,
					enum vmcore_format wanted,
					const struct walk_stats *scan)
{
	if (wanted != VMCORE_KDUMP || !scan->pages_out_of_order)
		return wanted;
	dd_dev_warn(d->name, "%llu pages are not in ascending pfn order (first: pfn %#llx after pfn %#llx); the kdump-compressed format cannot hold them: writing an ELF vmcore instead",
		    (unsigned long long)scan->pages_out_of_order,
		    (unsigned long long)scan->first_disorder_pfn,
		    (unsigned long long)scan->first_disorder_after);
	return VMCORE_ELF;
}

/*
 * The dump's directory in DUMPDIR, made once need bytes (and MINFREE) fit;
 * what went wrong said with what (extracted, saved) did not happen.
 */
static int open_outdir(const struct dumpdev *dev, const struct dump *d,
		       const struct savecore_opts *o, uint64_t need, const char *what,
		       struct outdir *od, char *dirname, size_t len)
{
	char err[PATH_MAX + 256];

	if (outdir_make_base(o->dumpdir, err, sizeof(err)) < 0 ||
	    outdir_check_space(o->dumpdir, need, o->minfree_bytes, err, sizeof(err)) < 0) {
		dd_dev_error(dev->name, "%s; nothing %s, the dump stays on %s (make room or change DUMPDIR or MINFREE, then run savecore again)",
			     err, what, dev->name);
		return -1;
	}
	outdir_name(dirname, len, d->header.nodename, sizeof(d->header.nodename),
		    dd_from_le64(d->header.panic_time));
	if (outdir_create(od, o->dumpdir, dirname, err, sizeof(err)) < 0) {
		dd_dev_error(dev->name, "%s; nothing %s", err, what);
		return -1;
	}
	return 0;
}

/* Blocks [0, end) of the device into fd, holes where they are all zeroes. */
static int copy_blocks(const struct dumpdev *dev, int fd, uint64_t end, char *err, size_t errlen)
{
	static _Alignas(8) uint8_t buf[256 * DD_BLOCK_SIZE];

	for (uint64_t b = 0; b < end;) {
		uint64_t n = end - b < 256 ? end - b : 256;

		if (dumpdev_read(dev, b, (uint32_t)n, buf) < 0) {
			snprintf(err, errlen, "cannot read blocks %llu-%llu: %s",
				 (unsigned long long)b, (unsigned long long)(b + n - 1),
				 strerror(errno));
			return -1;
		}
		for (uint64_t i = 0; i < n; i++) {
			const uint8_t *blk = buf + i * DD_BLOCK_SIZE;

			if (dd_all_zero(blk, DD_BLOCK_SIZE))
				continue;
			off_t at = (off_t)((b + i) * DD_BLOCK_SIZE);

			if (pwrite(fd, blk, DD_BLOCK_SIZE, at) != DD_BLOCK_SIZE) {
				snprintf(err, errlen, "cannot write the sealed image: %s", strerror(errno));
				return -1;
			}
		}
		b += n;
	}
	if (ftruncate(fd, (off_t)(end * DD_BLOCK_SIZE)) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "cannot write the sealed image: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A sealed dump and no key on this machine (the usual case: the secret
 * key stays with the administrator): the dump area as it is, label to
 * the last chunk and trailer, as DUMPDIR/DUMP/sealed.img, which
 * `savecore -k KEY sealed.img` opens later, anywhere.
 */
static enum savecore_result save_sealed(struct dumpdev *dev, struct dump *d,
					const struct savecore_opts *o,
					const struct walk_stats *scan,
					char *outpath, size_t outlen)
{
	char err[PATH_MAX + 256], dirname[256], id[2 * DD_SEAL_KEY_ID_SIZE + 1], *text = NULL;
	uint64_t end = d->has_trailer ? dd_from_le64(d->final.end_block) + 1 : scan->end_block;
	size_t len = 0;
	struct outdir od;
	FILE *f;
	int fd;

	seal_id_text(d->header.seal_key_id, id);
	if (end > d->limit)
		end = d->limit;
	if (open_outdir(dev, d, o, end * DD_BLOCK_SIZE + SMALL_FILES_BYTES, "saved", &od,
			dirname, sizeof(dirname)) < 0)
		return SAVECORE_ERROR;
	fd = outdir_create_file(&od, SEALED_NAME, err, sizeof(err));
	if (fd < 0)
		goto fail;
	if (copy_blocks(dev, fd, end, err, sizeof(err)) < 0) {
		close(fd);
		goto fail;
	}
	close(fd);
	f = open_memstream(&text, &len);
	if (!f) {
		snprintf(err, sizeof(err), "out of memory");
		goto fail;
	}
	infofile_write_sealed(f, dev->name, d, id, SEALED_NAME, end);
	fclose(f);
	if (write_file(&od, INFO_NAME, text, len, err, sizeof(err)) < 0) {
		free(text);
		goto fail;
	}
	free(text);
	if (outdir_sync(&od) < 0) {
		snprintf(err, sizeof(err), "cannot sync %s: %s", od.path, strerror(errno));
		goto fail;
	}
	if (outdir_commit(&od, err, sizeof(err)) < 0)
		goto fail;
	if (mark_saved(dev, d) < 0) {
		dd_dev_error(dev->name, "sealed dump saved to %s, but marking it saved failed: %s",
			     od.path, strerror(errno));
		outdir_close(&od);
		return SAVECORE_ERROR;
	}
	dd_dev_note(dev->name, "sealed dump (for key %s) saved, still sealed, to %s/%s; open it with: savecore -k KEY %s/%s",
		    id, od.path, SEALED_NAME, od.path, SEALED_NAME);
	if (o->erase_after)
		erase_area(dev, d, end);
	if (outpath)
		snprintf(outpath, outlen, "%s", od.path);
	outdir_close(&od);
	retention_apply(o->dumpdir, o->maxdumps, strrchr(od.path, '/') + 1);
	return SAVECORE_OK;
fail:
	dd_dev_error(dev->name, "%s; removing %s, the dump is not marked saved", err, od.path);
	outdir_remove(&od);
	outdir_close(&od);
	return SAVECORE_ERROR;
}

static enum savecore_result extract(struct dumpdev *dev, struct dump *d,
				    const struct savecore_opts *o,
				    char *outpath, size_t outlen)
{
	struct extraction x = { .o = o, .name = dev->name, .last_percent = -1 };
	struct walk_stats scan, st;
	struct outdir od;
	char err[PATH_MAX + 256], dirname[256];
	uint64_t need;
	bool partial;

	d->secret = o->secret;
	if (dump_read_areas(dev, d, err, sizeof(err)) < 0) {
		dd_dev_error(dev->name, "%s; nothing extracted", err);
		return SAVECORE_ERROR;
	}
	describe(d);
	if (d->header_from_trailer)
		dd_dev_warn(dev->name, "the dump header is damaged (%s); using the copy in the trailer", d->header_problem);
	if (!d->has_trailer)
		dd_dev_warn(dev->name, "%s; extracting what is intact",
			    d->trailer_problem);
	else if (dd_from_le32(d->final.status) != DD_STATUS_COMPLETE)
		dd_dev_warn(dev->name, "dump status: %s",
			    dd_status_name(dd_from_le32(d->final.status)));
	partial = check_notes(d);
	check_log(d);

	/* A pass over the chunk headers alone: what is there to extract. */
	if (chunk_walk(dev, d, NULL, &scan) < 0) {
		dd_dev_error(dev->name, "%s; nothing extracted", scan.stop_reason);
		return SAVECORE_ERROR;
	}
	if (d->sealed && !d->opened)
		return save_sealed(dev, d, o, &scan, outpath, outlen);
	x.first_block = dd_from_le64(d->header.data_block);
	x.last_block = scan.end_block;
	/* Zero pages take a descriptor each in the kdump format. */
	x.max_pages = scan.pages_written + scan.pages_zero;
	x.format = choose_format(d, o->format, &scan);
	need = vmcore_space_needed(x.format, d, scan.pages_written,
				   scan.pages_zero) +
	       d->dmesg_len + SMALL_FILES_BYTES;
	if (open_outdir(dev, d, o, need, "extracted", &od, dirname, sizeof(dirname)) < 0)
		return SAVECORE_ERROR;
	dd_dev_debug(dev->name, "extracting %llu pages and %llu zero pages into %s",
		     (unsigned long long)scan.pages_written,
		     (unsigned long long)scan.pages_zero, od.path);

	if (write_vmcore(dev, d, &x, &od, &st, err, sizeof(err)) < 0 ||
	    (d->dmesg_len && write_file(&od, DMESG_NAME, d->dmesg, d->dmesg_len,
					err, sizeof(err)) < 0))
		goto fail;
	partial = partial || pages_missing(d, &st);
	if (st.stop_reason[0] && !d->has_trailer)
		dd_dev_note(dev->name, "the written data ends at block %llu: %s",
			    (unsigned long long)st.end_block, st.stop_reason);
	else if (st.stop_reason[0])
		dd_dev_warn(dev->name, "chunks end early: %s", st.stop_reason);
	if (write_info(&od, dev->name, d, &st, vmcore_format_name(x.format),
		       partial, err, sizeof(err)) < 0 ||
	    write_triage(&od, d, dirname, err, sizeof(err)) < 0)
		goto fail;
	if (outdir_sync(&od) < 0) {
		snprintf(err, sizeof(err), "cannot sync %s: %s", od.path, strerror(errno));
		goto fail;
	}
	/* The final name, durable in DUMPDIR, before the dump is marked saved. */
	if (outdir_commit(&od, err, sizeof(err)) < 0)
		goto fail;

	/* Only now is the dump safe in DUMPDIR: mark it so. */
	if (mark_saved(dev, d) < 0) {
		dd_dev_error(dev->name, "dump saved to %s, but marking it saved failed: %s", od.path, strerror(errno));
		outdir_close(&od);
		return SAVECORE_ERROR;
	}
	if (o->delete_after && invalidate(dev) < 0)
		dd_dev_warn(dev->name, "cannot invalidate the dump: %s",
			    strerror(errno));
	if (o->erase_after)
		erase_area(dev, d, d->has_trailer ? dd_from_le64(d->final.end_block) + 1 :
			   st.end_block);
	dd_dev_note(dev->name, "dump saved to %s: %llu pages, %llu zero pages%s",
		    od.path, (unsigned long long)st.pages_written,
		    (unsigned long long)st.pages_zero,
		    partial ? " (PARTIAL: see info.txt)" : "");
	if (outpath)
		snprintf(outpath, outlen, "%s", od.path);
	outdir_close(&od);
	retention_apply(o->dumpdir, o->maxdumps, strrchr(od.path, '/') + 1);
	return partial ? SAVECORE_PARTIAL : SAVECORE_OK;

fail:
	dd_dev_error(dev->name, "%s; removing %s, the dump is not marked saved",
		     err, od.path);
	outdir_remove(&od);
	outdir_close(&od);
	return SAVECORE_ERROR;
}

static enum savecore_result delete_only(struct dumpdev *dev,
					const struct dump *d, int state)
{
	if (!d->label_ok)
		return SAVECORE_ERROR;
	if (state == DUMP_ABSENT) {
		dd_dev_note(dev->name, "no dump on %s", dev->name);
		return SAVECORE_OK;
	}
	if (invalidate(dev) < 0) {
		dd_dev_error(dev->name, "cannot invalidate the dump: %s",
			     strerror(errno));
		return SAVECORE_ERROR;
	}
	dd_dev_note(dev->name, "dump on %s deleted without saving", dev->name);
	return SAVECORE_OK;
}

/*
 * Whether path is a swap area, by its block 0, read without the exclusive
 * open (an active swap area cannot be opened so).  -1 when it cannot be
 * read: that is for the run that handles everything but swap to report.
 */
static int is_swap_area(const char *path)
{
	_Alignas(8) uint8_t block[DD_BLOCK_SIZE];
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	if (fd >= 0 && !dd_read_block(fd, DD_LABEL_BLOCK, block))
		rc = dd_swap_signature(block) ? 1 : 0;
	if (fd >= 0)
		close(fd);
	return rc;
}

enum savecore_result savecore_device(const char *path, const char *name,
				     const struct savecore_opts *o,
				     char *outdir, size_t outlen)
{
	struct dumpdev dev;
	struct dump d;
	char err[256];
	enum savecore_result ret;
	int state;

	if (o->only != ONLY_ALL && (is_swap_area(path) == 1) != (o->only == ONLY_SWAP)) {
		dd_dev_debug(name ? name : path, "left to the run for %s",
			     o->only == ONLY_SWAP ? "dedicated partitions" : "swap areas");
		return SAVECORE_OK;
	}
	if (dumpdev_open(&dev, path, name, err, sizeof(err)) < 0) {
		dd_dev_error(name ? name : path, "%s", err);
		return SAVECORE_ERROR;
	}
	state = dump_read_header(&dev, &d, err, sizeof(err));
	if (o->delete_only) {
		if (state < 0 && !d.label_ok)
			dd_dev_error(dev.name, "%s", err);
		ret = delete_only(&dev, &d, state);
	} else if (state < 0) {
		dd_dev_error(dev.name, "%s", err);
		ret = SAVECORE_ERROR;
	} else if (state == DUMP_ABSENT) {
		dd_dev_note(dev.name, "no dump on %s", dev.name);
		ret = SAVECORE_OK;
	} else if (state == DUMP_SAVED && !o->force) {
		dd_dev_note(dev.name, "dump on %s already saved", dev.name);
		ret = SAVECORE_OK;
	} else {
		ret = extract(&dev, &d, o, outdir, outlen);
	}
	dump_free(&d);
	dumpdev_close(&dev);
	return ret;
}
