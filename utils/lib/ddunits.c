// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ddunits.h"

int dd_spec_device_path(const char *spec, char *buf, size_t len)
{
	static const struct { const char *tag, *dir; } tags[] = {
		{ "UUID=", "by-uuid" }, { "LABEL=", "by-label" },
		{ "PARTUUID=", "by-partuuid" }, { "PARTLABEL=", "by-partlabel" },
	};
	int n = -1;

	if (spec[0] == '/') {
		n = snprintf(buf, len, "%s", spec);
	} else {
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
			size_t t = strlen(tags[i].tag);

			/* udev's by-label names escape '/' too; such labels are not followed. */
			if (!strncmp(spec, tags[i].tag, t) && spec[t] && !strchr(spec + t, '/')) {
				n = snprintf(buf, len, "/dev/disk/%s/%s", tags[i].dir, spec + t);
				break;
			}
		}
	}
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int dd_device_unit_name(const char *path, char *buf, size_t len)
{
	size_t used = 0;
	const char *p = path;
	int n;

	while (*p == '/')
		p++;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool last_slash = c == '/' && (p[1] == '\0' || p[1] == '/');

		if (last_slash)
			continue;	/* trailing or doubled slashes vanish */
		if (c == '/')
			n = snprintf(buf + used, len - used, "-");
		else if (isalnum(c) || c == ':' || c == '_' || (c == '.' && used))
			n = snprintf(buf + used, len - used, "%c", c);
		else
			n = snprintf(buf + used, len - used, "\\x%02x", c);
		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
	}
	n = snprintf(buf + used, len - used, ".device");
	return n < 0 || (size_t)n >= len - used ? -1 : 0;
}
