/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The notes area holds ELF notes as the kernel built them: one NT_PRSTATUS
 * ("CORE") per CPU in CPU order, then "VMCOREINFO".  savecore copies them
 * into the vmcore's PT_NOTE; this checks their framing so crash never sees
 * a note whose sizes run past the segment.
 */
#ifndef SAVECORE_NOTES_H
#define SAVECORE_NOTES_H

#include <stddef.h>
#include <stdint.h>

struct notes_summary {
	size_t		good_len;	/* bytes of well-formed notes kept */
	unsigned int	nr_prstatus;
	int		has_vmcoreinfo;
	const char	*problem;	/* NULL, or why the walk stopped early */
	size_t		problem_offset;
};

/*
 * Walk buf[0..len), compacting it in place: well-formed notes are kept,
 * empty (all-zero) note headers, which the kernel uses as terminators, are
 * dropped, and the walk stops at the first malformed note.  For a notes
 * area without terminators the bytes are left exactly as they were.
 */
void notes_filter(uint8_t *buf, size_t len, struct notes_summary *s);

/*
 * In notes already filtered (well-formed), find the first note called
 * name: the offset and size of its descriptor.  -1 if there is none.
 */
int notes_find_desc(const uint8_t *buf, size_t len, const char *name,
		    size_t *desc_off, size_t *desc_len);

/*
 * The value of KEY in the VMCOREINFO note ("KEY=value" lines) into out,
 * bounded and printable.  -1 if there is no such note or key.
 */
int notes_vmcoreinfo(const uint8_t *buf, size_t len, const char *key,
		     char *out, size_t outlen);

#endif
