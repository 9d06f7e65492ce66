// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdio.h>

#include "vmcore_out.h"

struct vmcore_writer *vmcore_open(enum vmcore_format fmt, int fd,
				  const struct dump *d, uint64_t max_pages,
				  char *err, size_t errlen)
{
	switch (fmt) {
	case VMCORE_KDUMP:
		return kdumpcore_open(fd, d, max_pages, err, errlen);
	case VMCORE_ELF:
		return elfcore_open(fd, d, err, errlen);
	}
	snprintf(err, errlen, "unknown vmcore format");
	return NULL;
}

uint64_t vmcore_space_needed(enum vmcore_format fmt, const struct dump *d,
			     uint64_t pages_with_data, uint64_t zero_pages)
{
	switch (fmt) {
	case VMCORE_KDUMP:
		return kdumpcore_space_needed(d, pages_with_data, zero_pages);
	case VMCORE_ELF:
		/* Zero pages are holes. */
		return elfcore_space_needed(d, pages_with_data);
	}
	return 0;
}

const char *vmcore_format_name(enum vmcore_format fmt)
{
	switch (fmt) {
	case VMCORE_KDUMP:
		return "kdump-compressed";
	case VMCORE_ELF:
		return "ELF";
	}
	return "unknown";
}
