// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddsaved.h"

bool dd_is_saved_dump(int dirfd, const char *name, struct timespec *saved)
{
	struct stat dir, info, core;
	char path[300];

	/*
	 * savecore extracts into NAME.incomplete.XXXXXX and renames it only
	 * when every file is on disk: until then it is no saved dump, even
	 * once its vmcore has its final name.
	 */
	if (name[0] == '.' || strstr(name, ".incomplete.") ||
	    fstatat(dirfd, name, &dir, AT_SYMLINK_NOFOLLOW) ||
	    !S_ISDIR(dir.st_mode))
		return false;
	snprintf(path, sizeof(path), "%s/info.txt", name);
	if (fstatat(dirfd, path, &info, AT_SYMLINK_NOFOLLOW) || !S_ISREG(info.st_mode))
		return false;
	/* A vmcore, or a sealed dump saved without its key. */
	snprintf(path, sizeof(path), "%s/vmcore", name);
	if (fstatat(dirfd, path, &core, AT_SYMLINK_NOFOLLOW) || !S_ISREG(core.st_mode)) {
		snprintf(path, sizeof(path), "%s/sealed.img", name);
		if (fstatat(dirfd, path, &core, AT_SYMLINK_NOFOLLOW) || !S_ISREG(core.st_mode))
			return false;
	}
	*saved = info.st_mtim;
	return true;
}

/* Disk space of the regular files directly in dirfd/name. */
static uint64_t dump_bytes(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	uint64_t bytes = 0;
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((e = readdir(d)))
		if (!fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode))
			bytes += (uint64_t)st.st_blocks * 512;
	closedir(d);
	return bytes;
}

int dd_saved_dumps(const char *dumpdir, struct dd_saved_summary *s)
{
	struct timespec newest = { 0, 0 }, t;
	struct dirent *e;
	DIR *d = opendir(dumpdir);

	memset(s, 0, sizeof(*s));
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!dd_is_saved_dump(dirfd(d), e->d_name, &t))
			continue;
		s->count++;
		s->bytes += dump_bytes(dirfd(d), e->d_name);
		if (t.tv_sec > newest.tv_sec ||
		    (t.tv_sec == newest.tv_sec && t.tv_nsec >= newest.tv_nsec)) {
			newest = t;
			snprintf(s->newest, sizeof(s->newest), "%s", e->d_name);
		}
	}
	closedir(d);
	return 0;
}
