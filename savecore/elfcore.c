// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ELF vmcore as crash(8) reads /proc/vmcore: one PT_NOTE first holding the
 * notes exactly as the kernel wrote them, then a PT_LOAD for the kernel text
 * mapping, then one PT_LOAD per memory range, every p_align 0.  Page data
 * starts page-aligned after the notes; missing pages, and pages of zeroes
 * (whether the kernel recorded them as zero pages or stored them), stay
 * holes of the sparse file, so they read as zero.
 */
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddmsg.h"
#include "ddblockio.h"
#include "vmcore_out.h"

/* x86_64 maps the kernel image in at most 1 GiB (KERNEL_IMAGE_SIZE). */
#define ELF_MAX_KERNEL_TEXT	(1ull << 30)

struct elf_layout {
	unsigned int	phnum;
	uint64_t	notes_off;
	uint64_t	data_off;	/* first page of the first range */
	uint64_t	ranges_end;
	bool		has_text;
	uint64_t	text_off;	/* file offset of kernel_text_paddr */
	/* Set when no range holds the whole text: pages copied here too. */
	bool		text_copy;
	uint64_t	text_first_pfn;
	uint64_t	text_pages;
	uint64_t	text_copy_off;	/* file offset of text_first_pfn */
	uint64_t	file_size;
};

struct elfcore {
	struct vmcore_writer	w;
	int			fd;
	const struct dump	*d;
	struct elf_layout	l;
};

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

static bool text_plausible(const struct dd_dump_header *h)
{
	const uint64_t max_addr = RANGES_MAX_PFN << DD_BLOCK_SHIFT;

	return h->kernel_text_size &&
	       dd_from_le64(h->kernel_text_size) <= ELF_MAX_KERNEL_TEXT &&
	       dd_from_le64(h->kernel_text_paddr) < max_addr &&
	       dd_from_le64(h->kernel_text_size) <= max_addr - dd_from_le64(h->kernel_text_paddr);
}

/* Where the kernel text's bytes are in the file. */
static void layout_text(const struct dump *d, struct elf_layout *l)
{
	const struct dd_dump_header *h = &d->header;
	uint64_t ps = dd_from_le32(h->page_size), first, last, i_first, i_last;

	first = dd_from_le64(h->kernel_text_paddr) / ps;
	last = (dd_from_le64(h->kernel_text_paddr) + dd_from_le64(h->kernel_text_size) - 1) / ps;
	/*
	 * Ranges are sorted and laid out back to back, so the text maps onto
	 * one contiguous stretch of the file exactly when the indices of its
	 * first and last page are as far apart as the pages themselves.
	 */
	if (!range_map_find(&d->ranges, first, &i_first) &&
	    !range_map_find(&d->ranges, last, &i_last) &&
	    i_last - i_first == last - first) {
		l->text_off = l->data_off + i_first * ps +
			      dd_from_le64(h->kernel_text_paddr) % ps;
		return;
	}
	l->text_copy = true;
	l->text_first_pfn = first;
	l->text_pages = last - first + 1;
	l->text_copy_off = l->ranges_end;
	l->text_off = l->text_copy_off + dd_from_le64(h->kernel_text_paddr) % ps;
	l->file_size = l->ranges_end + l->text_pages * ps;
}

static void layout(const struct dump *d, struct elf_layout *l)
{
	uint64_t ps = dd_from_le32(d->header.page_size);

	memset(l, 0, sizeof(*l));
	l->has_text = text_plausible(&d->header);
	l->phnum = 1 + l->has_text + d->ranges.n;
	l->notes_off = sizeof(Elf64_Ehdr) + l->phnum * sizeof(Elf64_Phdr);
	l->data_off = round_up(l->notes_off + d->notes_len, ps);
	/* total_pages <= 2^40 and ps == 4096: below 2^53, no overflow. */
	l->ranges_end = l->data_off + d->ranges.total_pages * ps;
	l->file_size = l->ranges_end;
	if (l->has_text)
		layout_text(d, l);
}

uint64_t elfcore_space_needed(const struct dump *d, uint64_t pages_with_data)
{
	struct elf_layout l;
	uint64_t extra;

	layout(d, &l);
	extra = l.text_copy ? l.text_pages : 0;
	return l.data_off + (pages_with_data + extra) * dd_from_le32(d->header.page_size);
}

static void fill_load(Elf64_Phdr *ph, uint64_t off, uint64_t vaddr,
		      uint64_t paddr, uint64_t size)
{
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_W | PF_X;
	ph->p_offset = off;
	ph->p_vaddr = vaddr;
	ph->p_paddr = paddr;
	ph->p_filesz = size;
	ph->p_memsz = size;
	ph->p_align = 0;	/* as the kernel's /proc/vmcore has it */
}

static int write_headers(struct elfcore *e)
{
	const struct dump *d = e->d;
	const struct dd_dump_header *h = &d->header;
	const struct elf_layout *l = &e->l;
	size_t len = (size_t)l->notes_off + d->notes_len;
	uint8_t *buf = calloc(1, len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*eh));
	unsigned int i;
	int ret;

	if (!buf)
		return -1;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = (Elf64_Half)l->phnum;

	ph->p_type = PT_NOTE;
	ph->p_offset = l->notes_off;
	ph->p_filesz = d->notes_len;
	ph->p_memsz = d->notes_len;
	ph++;
	if (l->has_text)
		fill_load(ph++, l->text_off, dd_from_le64(h->kernel_text_vaddr),
			  dd_from_le64(h->kernel_text_paddr), dd_from_le64(h->kernel_text_size));
	for (i = 0; i < d->ranges.n; i++) {
		uint64_t paddr = d->ranges.r[i].start_pfn * dd_from_le32(h->page_size);

		fill_load(ph++, l->data_off +
			  d->ranges.r[i].first_index * dd_from_le32(h->page_size),
			  dd_from_le64(h->page_offset) + paddr, paddr,
			  d->ranges.r[i].nr_pages * dd_from_le32(h->page_size));
	}
	if (d->notes_len)
		memcpy(buf + l->notes_off, d->notes, d->notes_len);
	ret = dd_write_full(e->fd, buf, len, 0);
	free(buf);
	return ret;
}

static int elf_write_page(struct vmcore_writer *w, const struct dump_page *p)
{
	struct elfcore *e = (struct elfcore *)w;
	uint64_t ps = dd_from_le32(e->d->header.page_size), index, pfn = p->pfn;
	const void *data = p->data;

	if (range_map_find(&e->d->ranges, pfn, &index) < 0) {
		errno = EINVAL;
		return -1;
	}
	/* A hole reads as zero and costs no disk space. */
	if (p->stored_flags == DD_PAGE_ZERO || dd_all_zero(data, ps))
		return 0;
	if (dd_write_full(e->fd, data, ps, e->l.data_off + index * ps) < 0)
		return -1;
	if (e->l.text_copy && pfn >= e->l.text_first_pfn &&
	    pfn - e->l.text_first_pfn < e->l.text_pages)
		return dd_write_full(e->fd, data, ps, e->l.text_copy_off +
				   (pfn - e->l.text_first_pfn) * ps);
	return 0;
}

static int elf_finish(struct vmcore_writer *w)
{
	struct elfcore *e = (struct elfcore *)w;

	if (ftruncate(e->fd, (off_t)e->l.file_size) < 0)
		return -1;
	return fsync(e->fd);
}

static void elf_destroy(struct vmcore_writer *w)
{
	free(w);
}

static const struct vmcore_writer_ops elf_ops = {
	.name = "ELF",
	.write_page = elf_write_page,
	.finish = elf_finish,
	.destroy = elf_destroy,
};

struct vmcore_writer *elfcore_open(int fd, const struct dump *d,
				   char *err, size_t errlen)
{
	struct elfcore *e;

	if (dd_from_le32(d->header.page_size) != DD_BLOCK_SIZE || !d->ranges.n) {
		snprintf(err, errlen, "dump has no usable memory layout");
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	e->w.ops = &elf_ops;
	e->fd = fd;
	e->d = d;
	layout(d, &e->l);
	if (d->header.kernel_text_size && !e->l.has_text)
		dd_dev_warn(d->name, "kernel text mapping (paddr %#llx, %llu bytes) is implausible; the vmcore has no PT_LOAD for it",
			    (unsigned long long)dd_from_le64(d->header.kernel_text_paddr),
			    (unsigned long long)dd_from_le64(d->header.kernel_text_size));
	else if (e->l.text_copy)
		dd_dev_warn(d->name, "kernel text (paddr %#llx) is not inside the dumped ranges; it gets its own PT_LOAD data",
			    (unsigned long long)dd_from_le64(d->header.kernel_text_paddr));
	if (write_headers(e) < 0) {
		snprintf(err, errlen, "cannot write the ELF headers: %s",
			 strerror(errno));
		free(e);
		return NULL;
	}
	return &e->w;
}
