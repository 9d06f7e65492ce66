/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Running the real extraction on a synthetic image with its messages
 * captured, and checking the vmcore it produced byte by byte.
 */
#ifndef TEST_SAVECORE_RUN_H
#define TEST_SAVECORE_RUN_H

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddmsg.h"
#include "savecore.h"
#include "test_file.h"
#include "test_savecore_image.h"

struct run {
	int		result;
	char		outdir[4096];
	char		*msgs;		/* everything savecore reported */
};

__attribute__((unused))
static struct savecore_opts run_opts(const char *dumpdir)
{
	struct savecore_opts o = { .format = VMCORE_ELF, .dumpdir = dumpdir };

	return o;
}

__attribute__((unused))
static void run_savecore(struct run *r, const char *img,
			 const struct savecore_opts *o)
{
	size_t len = 0;
	FILE *f;

	free(r->msgs);
	memset(r, 0, sizeof(*r));
	f = open_memstream(&r->msgs, &len);
	dd_msg_set_stream(f);
	r->result = savecore_device(img, "img", o, r->outdir, sizeof(r->outdir));
	dd_msg_set_stream(NULL);
	fclose(f);
	if (getenv("TEST_VERBOSE"))
		fputs(r->msgs, stderr);
}

__attribute__((unused))
static int msgs_have(const struct run *r, const char *s)
{
	return r->msgs && strstr(r->msgs, s) != NULL;
}

/* A scratch directory under /tmp, removed with everything in it. */
__attribute__((unused))
static void scratch_make(char *dir, size_t len, const char *tag)
{
	snprintf(dir, len, "/tmp/ddtest-%s-XXXXXX", tag);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
}

__attribute__((unused))
static void scratch_remove(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* Entries in a directory, "." and ".." not counted. */
__attribute__((unused))
static int dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Which chunk of the image holds pfn, or -1. */
static int img_chunk_of(const struct img *im, uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < im->nr_chunks; i++)
		if (pfn >= im->chunk_first_pfn[i] &&
		    pfn < im->chunk_first_pfn[i] + im->chunk_nr_pages[i])
			return (int)i;
	return -1;
}

/*
 * Check the vmcore in dir against the image: ELF framing, notes, segments,
 * and every page: the pattern where a chunk was intact, zero where the
 * chunk is in lost_chunks (a bit per chunk), was never written, or the
 * page was unreadable or zero.  Returns NULL or what is wrong.
 */
__attribute__((unused))
static const char *vmcore_verify(const char *dir, const struct img *im,
				 const struct img_opts *o, uint64_t lost_chunks,
				 char *why, size_t whylen)
{
	char path[4200];
	size_t len;
	char *f;
	const Elf64_Ehdr *eh;
	const Elf64_Phdr *ph;
	static uint8_t want[DD_BLOCK_SIZE];
	unsigned int i, nload;
	uint64_t file_end = 0;
	const char *ret = NULL;

	snprintf(path, sizeof(path), "%s/vmcore", dir);
	f = slurp(path, &len);
	if (!f)
		return "no vmcore";
#define BAD(...) do { snprintf(why, whylen, __VA_ARGS__); ret = why; goto out; } while (0)
	eh = (const Elf64_Ehdr *)f;
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_CORE ||
	    eh->e_machine != EM_X86_64 || eh->e_phentsize != sizeof(*ph))
		BAD("bad ELF header");
	nload = 1 + o->nr_ranges;
	if (eh->e_phnum != 1 + nload)
		BAD("%u program headers, want %u", eh->e_phnum, 1 + nload);
	ph = (const Elf64_Phdr *)(f + eh->e_phoff);
	if (ph[0].p_type != PT_NOTE || ph[0].p_filesz != im->notes_len ||
	    ph[0].p_offset + ph[0].p_filesz > len ||
	    memcmp(f + ph[0].p_offset, im->notes, im->notes_len))
		BAD("PT_NOTE is not the notes area");
	for (i = 1; i <= nload; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_align != 0 ||
		    ph[i].p_offset % DD_BLOCK_SIZE != (ph[i].p_paddr % DD_BLOCK_SIZE) ||
		    ph[i].p_filesz != ph[i].p_memsz)
			BAD("PT_LOAD %u malformed", i);
		if (ph[i].p_offset < ph[0].p_offset + ph[0].p_filesz)
			BAD("PT_LOAD %u data before the end of the notes", i);
		if (ph[i].p_offset + ph[i].p_filesz > file_end)
			file_end = ph[i].p_offset + ph[i].p_filesz;
	}
	if (file_end != len)
		BAD("file is %zu bytes, segments end at %llu", len,
		    (unsigned long long)file_end);
	if (ph[1].p_vaddr != dd_from_le64(im->h.kernel_text_vaddr) ||
	    ph[1].p_paddr != o->text_paddr || ph[1].p_filesz != o->text_size)
		BAD("kernel text PT_LOAD wrong");
	for (i = 0; i < o->nr_ranges; i++) {
		const Elf64_Phdr *p = &ph[2 + i];
		uint64_t paddr = o->ranges[i].start_pfn * DD_BLOCK_SIZE;
		uint64_t pfn;

		if (p->p_paddr != paddr ||
		    p->p_vaddr != dd_from_le64(im->h.page_offset) + paddr ||
		    p->p_filesz != o->ranges[i].nr_pages * DD_BLOCK_SIZE)
			BAD("range %u PT_LOAD wrong", i);
		for (pfn = o->ranges[i].start_pfn;
		     pfn < o->ranges[i].start_pfn + o->ranges[i].nr_pages; pfn++) {
			int c = img_chunk_of(im, pfn);
			const char *got = f + p->p_offset +
					  (pfn - o->ranges[i].start_pfn) * DD_BLOCK_SIZE;

			if (c < 0 || (c < 64 && (lost_chunks >> c) & 1) ||
			    pfn == o->unreadable_pfn || img_pfn_is_zero(o, pfn) ||
			    img_pfn_is_excluded(o, pfn))
				memset(want, 0, sizeof(want));
			else
				img_page_pattern(pfn, want);
			if (memcmp(got, want, DD_BLOCK_SIZE))
				BAD("page pfn %#llx wrong (chunk %d)",
				    (unsigned long long)pfn, c);
		}
	}
	/* The text segment must show the same bytes as physical memory. */
	if (o->text_size) {
		uint64_t tpfn = o->text_paddr / DD_BLOCK_SIZE;

		img_page_pattern(tpfn, want);
		if (img_chunk_of(im, tpfn) >= 0 &&
		    !((lost_chunks >> img_chunk_of(im, tpfn)) & 1) &&
		    memcmp(f + ph[1].p_offset, want, DD_BLOCK_SIZE))
			BAD("kernel text PT_LOAD does not show its pages");
	}
#undef BAD
out:
	free(f);
	return ret;
}

#endif
