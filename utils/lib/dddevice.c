// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Device names from the configuration and the command line: plain paths
 * pass through; NAME=value tags are resolved by libblkid.  libblkid does
 * not know the diskdump label, so UUID= of a dedicated dump partition
 * (the uuid diskdumpfmt printed) is resolved here by reading the labels
 * of the partitions the kernel lists.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <blkid.h>
#include <uuid.h>

#include "ddblockio.h"
#include "dddevice.h"
#include "ddformat.h"

static const char *const known_tags[] = {
	"UUID", "LABEL", "PARTUUID", "PARTLABEL",
};

static int tag_is_known(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(known_tags) / sizeof(known_tags[0]); i++)
		if (strlen(known_tags[i]) == len && !strncmp(name, known_tags[i], len))
			return 1;
	return 0;
}

static int device_has_label_uuid(const char *dev, const uuid_t want)
{
	union { struct dd_label label; char block[DD_BLOCK_SIZE]; } b;
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	int found = 0;

	if (fd < 0)
		return 0;
	if (!dd_read_block(fd, DD_LABEL_BLOCK, b.block) && !dd_label_check(b.block, 0))
		found = !memcmp(b.label.uuid, want, sizeof(b.label.uuid));
	close(fd);
	return found;
}

/* Find the partition whose diskdump label carries uuid_text. */
static int find_by_label_uuid(const char *uuid_text, char *path, size_t pathlen)
{
	DIR *dir = opendir("/sys/class/block");
	struct dirent *de;
	uuid_t want;
	int found = 0;

	if (!dir || uuid_parse(uuid_text, want)) {
		if (dir)
			closedir(dir);
		return 0;
	}
	while (!found && (de = readdir(dir))) {
		char probe[512], dev[300];

		if (de->d_name[0] == '.')
			continue;
		snprintf(probe, sizeof(probe), "/sys/class/block/%s/partition", de->d_name);
		if (access(probe, F_OK))
			continue;	/* only partitions carry a dump label */
		snprintf(dev, sizeof(dev), "/dev/%s", de->d_name);
		if (device_has_label_uuid(dev, want)) {
			snprintf(path, pathlen, "%s", dev);
			found = 1;
		}
	}
	closedir(dir);
	return found;
}

static void strip_quotes(char *value)
{
	size_t len = strlen(value);

	if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0]) {
		memmove(value, value + 1, len - 2);
		value[len - 2] = '\0';
	}
}

int dd_resolve_device(const char *spec, char *path, size_t pathlen,
		      char *err, size_t errlen)
{
	const char *eq = strchr(spec, '=');
	char name[32], value[256];
	char *resolved;

	if (!spec[0]) {
		snprintf(err, errlen, "empty device name");
		return -1;
	}
	if (!eq || spec[0] == '/' || spec[0] == '.') {
		if (strlen(spec) >= pathlen) {
			snprintf(err, errlen, "device path too long: %s", spec);
			return -1;
		}
		snprintf(path, pathlen, "%s", spec);
		return 0;
	}
	if (!tag_is_known(spec, (size_t)(eq - spec))) {
		snprintf(err, errlen, "%s: unknown tag %.*s (use a path or UUID=, LABEL=, PARTUUID=, PARTLABEL=)",
			 spec, (int)(eq - spec), spec);
		return -1;
	}
	if ((size_t)(eq - spec) >= sizeof(name) || strlen(eq + 1) >= sizeof(value)) {
		snprintf(err, errlen, "%s: tag too long", spec);
		return -1;
	}
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = '\0';
	snprintf(value, sizeof(value), "%s", eq + 1);
	strip_quotes(value);
	if (!value[0]) {
		snprintf(err, errlen, "%s: empty %s value", spec, name);
		return -1;
	}

	resolved = blkid_evaluate_tag(name, value, NULL);
	if (resolved) {
		int too_long = strlen(resolved) >= pathlen;

		if (!too_long)
			snprintf(path, pathlen, "%s", resolved);
		free(resolved);
		if (!too_long)
			return 0;
		snprintf(err, errlen, "%s: resolved path too long", spec);
		return -1;
	}
	if (!strcmp(name, "UUID") && find_by_label_uuid(value, path, pathlen))
		return 0;
	snprintf(err, errlen, "no device has %s=%s", name, value);
	return -1;
}
