// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <elf.h>
#include <string.h>

#include "notes.h"

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

void notes_filter(uint8_t *buf, size_t len, struct notes_summary *s)
{
	size_t in = 0, out = 0;

	memset(s, 0, sizeof(*s));
	while (len - in >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t name_len, desc_len, total;
		const char *name;

		memcpy(&nh, buf + in, sizeof(nh));
		if (nh.n_namesz == 0 && nh.n_descsz == 0 && nh.n_type == 0) {
			in += sizeof(nh);	/* terminator or padding */
			continue;
		}
		/* Each size is < 2^32, so these sums cannot wrap a size_t. */
		name_len = align4(nh.n_namesz);
		desc_len = align4(nh.n_descsz);
		total = sizeof(nh) + name_len + desc_len;
		if (total > len - in) {
			s->problem = "note runs past the end of the notes area";
			s->problem_offset = in;
			break;
		}
		name = (const char *)buf + in + sizeof(nh);
		if (nh.n_namesz == 0 || name[nh.n_namesz - 1] != '\0') {
			s->problem = "note name is not NUL-terminated";
			s->problem_offset = in;
			break;
		}
		if (nh.n_type == NT_PRSTATUS && !strcmp(name, "CORE"))
			s->nr_prstatus++;
		if (!strcmp(name, "VMCOREINFO"))
			s->has_vmcoreinfo = 1;
		if (out != in)
			memmove(buf + out, buf + in, total);
		out += total;
		in += total;
	}
	if (!s->problem && in < len) {
		size_t i;

		for (i = in; i < len && !buf[i]; i++)
			;
		if (i < len) {
			s->problem = "trailing bytes after the last note";
			s->problem_offset = in;
		}
	}
	s->good_len = out;
}

int notes_find_desc(const uint8_t *buf, size_t len, const char *name,
		    size_t *desc_off, size_t *desc_len)
{
	size_t in = 0, want = strlen(name) + 1;

	while (len - in >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t name_len, desc_len_al;

		memcpy(&nh, buf + in, sizeof(nh));
		name_len = align4(nh.n_namesz);
		desc_len_al = align4(nh.n_descsz);
		/* Checked again: a caller may hand in unfiltered bytes. */
		if (sizeof(nh) + name_len + desc_len_al > len - in)
			return -1;
		if (nh.n_namesz == want &&
		    !memcmp(buf + in + sizeof(nh), name, want)) {
			*desc_off = in + sizeof(nh) + name_len;
			*desc_len = nh.n_descsz;
			return 0;
		}
		in += sizeof(nh) + name_len + desc_len_al;
	}
	return -1;
}

int notes_vmcoreinfo(const uint8_t *buf, size_t len, const char *key,
		     char *out, size_t outlen)
{
	size_t off, n, klen = strlen(key);
	const char *p, *end;

	if (!outlen || notes_find_desc(buf, len, "VMCOREINFO", &off, &n) < 0)
		return -1;
	p = (const char *)buf + off;
	end = p + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if ((size_t)(e - p) > klen && !memcmp(p, key, klen) && p[klen] == '=') {
			size_t k = 0;

			for (p += klen + 1; p < e && k + 1 < outlen; p++)
				out[k++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
			out[k] = '\0';
			return 0;
		}
		p = nl ? nl + 1 : end;
	}
	return -1;
}
