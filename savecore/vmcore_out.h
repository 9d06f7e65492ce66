/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The output side of savecore: a vmcore writer is opened on a file, given
 * every good page, and finished.  Two formats: the kdump-compressed
 * format (makedumpfile's "KDUMP   ", the default) and ELF.
 */
#ifndef SAVECORE_VMCORE_OUT_H
#define SAVECORE_VMCORE_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dumpread.h"
#include "dumppage.h"

enum vmcore_format {
	VMCORE_KDUMP,
	VMCORE_ELF,
};

struct vmcore_writer;

struct vmcore_writer_ops {
	const char *name;
	/*
	 * A good page of the dump's ranges.  ELF takes pages in any order;
	 * the kdump-compressed format needs ascending pfns and refuses
	 * anything else (EINVAL, with a message).
	 */
	int	(*write_page)(struct vmcore_writer *w, const struct dump_page *p);
	/* Write whatever goes after the pages, size the file, fsync it. */
	int	(*finish)(struct vmcore_writer *w);
	void	(*destroy)(struct vmcore_writer *w);
};

struct vmcore_writer {
	const struct vmcore_writer_ops	*ops;
	/*
	 * Set before finish when pages are missing: the kdump-compressed
	 * header then carries KDUMP_DH_COMPRESSED_INCOMPLETE, so that crash
	 * warns its user as it does for makedumpfile's incomplete dumps.
	 */
	bool				incomplete;
};

/*
 * Start a vmcore for dump d on fd (an empty file the caller created), for
 * at most max_pages pages (the counting pass's figure, pages with data
 * and zero pages: the kdump format places page data after one descriptor
 * per page).  Returns NULL with a reason in err.  Functions return -1
 * with errno set.
 */
struct vmcore_writer *vmcore_open(enum vmcore_format fmt, int fd,
				  const struct dump *d, uint64_t max_pages,
				  char *err, size_t errlen);

const char *vmcore_format_name(enum vmcore_format fmt);

/*
 * Upper bound of the disk space the vmcore takes with pages_with_data
 * pages and zero_pages pages recorded as zero pages.
 */
uint64_t vmcore_space_needed(enum vmcore_format fmt, const struct dump *d,
			     uint64_t pages_with_data, uint64_t zero_pages);

static inline int vmcore_write_page(struct vmcore_writer *w,
				    const struct dump_page *p)
{
	return w->ops->write_page(w, p);
}

static inline int vmcore_finish(struct vmcore_writer *w)
{
	return w->ops->finish(w);
}

static inline void vmcore_destroy(struct vmcore_writer *w)
{
	if (w)
		w->ops->destroy(w);
}

/* The ELF writer (elfcore.c). */
struct vmcore_writer *elfcore_open(int fd, const struct dump *d,
				   char *err, size_t errlen);
uint64_t elfcore_space_needed(const struct dump *d, uint64_t pages_with_data);

/* The kdump-compressed writer (kdumpcore.c). */
struct vmcore_writer *kdumpcore_open(int fd, const struct dump *d,
				     uint64_t max_pages, char *err,
				     size_t errlen);
uint64_t kdumpcore_space_needed(const struct dump *d, uint64_t pages_with_data,
				uint64_t zero_pages);

#endif
