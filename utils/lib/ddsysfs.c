// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ddsysfs.h"

static void sysfs_dir(dev_t dev, char *buf, size_t len)
{
	snprintf(buf, len, "/sys/dev/block/%u:%u", major(dev), minor(dev));
}

int dd_sysfs_is_partition(dev_t dev)
{
	char path[128], file[160];

	sysfs_dir(dev, path, sizeof(path));
	if (access(path, F_OK))
		return -1;
	snprintf(file, sizeof(file), "%s/partition", path);
	return access(file, F_OK) == 0;
}

int dd_sysfs_count_partitions(dev_t dev)
{
	char path[128];
	struct dirent *de;
	DIR *dir;
	int count = 0;

	sysfs_dir(dev, path, sizeof(path));
	dir = opendir(path);
	if (!dir)
		return -1;
	/* A disk's partitions are its subdirectories with a "partition" file. */
	while ((de = readdir(dir))) {
		char file[512];

		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s/partition", path, de->d_name);
		if (!access(file, F_OK))
			count++;
	}
	closedir(dir);
	return count;
}

int dd_sysfs_devname(unsigned int major, unsigned int minor, char *path, size_t len)
{
	char file[128], line[256];
	FILE *f;
	int rc = -1;

	snprintf(file, sizeof(file), "/sys/dev/block/%u:%u/uevent", major, minor);
	f = fopen(file, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "DEVNAME=", 8))
			continue;
		line[strcspn(line, "\n")] = '\0';
		/* DEVNAME is relative to /dev; refuse anything that climbs out. */
		if (line[8] && !strstr(line + 8, "..")) {
			snprintf(path, len, "/dev/%s", line + 8);
			rc = 0;
		}
		break;
	}
	fclose(f);
	return rc;
}

/* "dddd:bb:dd.f", hexadecimal, as sysfs names a PCI function. */
static bool is_pci_address(const char *s, size_t len)
{
	static const char form[] = "xxxx:xx:xx.x";

	if (len != sizeof(form) - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		if (form[i] == 'x' ? !isxdigit((unsigned char)s[i]) : s[i] != form[i])
			return false;
	return true;
}

int dd_sysfs_controller(dev_t dev, char *pci, size_t pcilen, char *driver, size_t drvlen)
{
	char dir[128], real[PATH_MAX], link[PATH_MAX + 32], target[PATH_MAX];
	const char *p, *found = NULL;
	size_t found_len = 0;
	ssize_t n;

	sysfs_dir(dev, dir, sizeof(dir));
	if (!realpath(dir, real))
		return -1;
	for (p = real; *p; ) {
		size_t len;

		p += *p == '/';
		len = strcspn(p, "/");
		if (is_pci_address(p, len)) {
			found = p;
			found_len = len;
		}
		p += len;
	}
	if (!found)
		return -1;
	snprintf(pci, pcilen, "%.*s", (int)found_len, found);
	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/driver", pci);
	n = readlink(link, target, sizeof(target) - 1);
	driver[0] = '\0';
	if (n > 0) {
		target[n] = '\0';
		snprintf(driver, drvlen, "%s", strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	}
	return 0;
}
