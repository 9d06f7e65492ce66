// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "outdir.h"

/* Room kept free for the small files and the file system's own needs. */
#define OUTDIR_SPACE_SLACK	(1ull << 20)

void outdir_name(char *buf, size_t len, const char *nodename, size_t nodelen,
		 uint64_t panic_time)
{
	char node[80], when[64];
	size_t i, n = 0;
	struct tm tm;
	time_t t = (time_t)panic_time;

	for (i = 0; i < nodelen && i < sizeof(node) - 1 && nodename[i]; i++) {
		char c = nodename[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			c = '_';
		node[n++] = c;
	}
	node[n] = '\0';
	if (!n)
		snprintf(node, sizeof(node), "unknown");
	if (panic_time > (uint64_t)INT64_MAX || !localtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%d-%H:%M:%S", &tm))
		snprintf(when, sizeof(when), "time-%llu",
			 (unsigned long long)panic_time);
	snprintf(buf, len, "%s-%s", node, when);
}

int outdir_make_base(const char *dumpdir, char *err, size_t errlen)
{
	if (mkdir(dumpdir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dumpdir,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int outdir_check_space(const char *dumpdir, uint64_t need, uint64_t minfree,
		       char *err, size_t errlen)
{
	struct statvfs sv;
	uint64_t avail;

	if (statvfs(dumpdir, &sv) < 0) {
		snprintf(err, errlen, "cannot check free space in %s: %s",
			 dumpdir, strerror(errno));
		return -1;
	}
	/* f_bavail: what an unprivileged writer may use; be conservative. */
	avail = (uint64_t)sv.f_bavail * sv.f_frsize;
	if (need > UINT64_MAX - OUTDIR_SPACE_SLACK - minfree ||
	    need + OUTDIR_SPACE_SLACK + minfree > avail) {
		snprintf(err, errlen, "not enough space in %s: the vmcore needs %llu MiB and MINFREE keeps %llu MiB free, but only %llu MiB are free",
			 dumpdir, (unsigned long long)(need >> 20) + 1,
			 (unsigned long long)(minfree >> 20),
			 (unsigned long long)(avail >> 20));
		return -1;
	}
	return 0;
}

int outdir_create(struct outdir *o, const char *dumpdir, const char *name,
		  char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->dirfd = -1;
	o->parentfd = -1;
	if ((size_t)snprintf(o->name, sizeof(o->name), "%s", name) >= sizeof(o->name) ||
	    (size_t)snprintf(o->path, sizeof(o->path), "%s/%s.incomplete.XXXXXX",
			     dumpdir, name) >= sizeof(o->path)) {
		snprintf(err, errlen, "dump directory name too long");
		return -1;
	}
	o->parentfd = open(dumpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->parentfd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", dumpdir, strerror(errno));
		return -1;
	}
	/* A fresh name each time: nothing left by an earlier run is in the way. */
	if (!mkdtemp(o->path)) {
		snprintf(err, errlen, "cannot create a directory in %s: %s", dumpdir,
			 strerror(errno));
		outdir_close(o);
		return -1;
	}
	snprintf(o->tmpname, sizeof(o->tmpname), "%s", strrchr(o->path, '/') + 1);
	o->dirfd = openat(o->parentfd, o->tmpname,
			  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	/* mkdtemp made it 0700 whatever the umask; make sure of it. */
	if (o->dirfd < 0 || fchmod(o->dirfd, 0700) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", o->path,
			 strerror(errno));
		outdir_remove(o);
		outdir_close(o);
		return -1;
	}
	return 0;
}

/*
 * Rename without replacing anything.  Where the filesystem cannot do
 * RENAME_NOREPLACE, make the target ourselves first: rename() may replace
 * an empty directory, and one we just made is ours to replace.
 */
static int rename_noreplace(int parentfd, const char *from, const char *to)
{
	if (!renameat2(parentfd, from, parentfd, to, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (mkdirat(parentfd, to, 0700) < 0)
		return -1;
	if (renameat(parentfd, from, parentfd, to) < 0) {
		int saved = errno;

		unlinkat(parentfd, to, AT_REMOVEDIR);
		errno = saved;
		return -1;
	}
	return 0;
}

int outdir_commit(struct outdir *o, char *err, size_t errlen)
{
	char final[NAME_MAX + 1];
	char *slash = strrchr(o->path, '/');
	size_t base_len = slash ? (size_t)(slash - o->path) : 0;

	for (int n = 0; n < 1000; n++) {
		if (n)
			snprintf(final, sizeof(final), "%.*s.%d", NAME_MAX - 8, o->name, n);
		else
			snprintf(final, sizeof(final), "%s", o->name);
		if (rename_noreplace(o->parentfd, o->tmpname, final) < 0) {
			if (errno == EEXIST || errno == ENOTEMPTY)
				continue;
			snprintf(err, errlen, "cannot rename %s to %s: %s", o->path, final,
				 strerror(errno));
			return -1;
		}
		snprintf(o->tmpname, sizeof(o->tmpname), "%s", final);
		snprintf(o->path + base_len + 1, sizeof(o->path) - base_len - 1, "%s", final);
		/* The new name must be on disk before the dump is marked saved. */
		if (fsync(o->parentfd) < 0) {
			snprintf(err, errlen, "cannot sync the directory holding %s: %s", o->path,
				 strerror(errno));
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "%s and 999 numbered variants exist already", o->name);
	return -1;
}

int outdir_create_file(struct outdir *o, const char *name,
		       char *err, size_t errlen)
{
	int fd;

	if (o->nr_created >= OUTDIR_MAX_FILES ||
	    strlen(name) >= sizeof(o->created[0])) {
		snprintf(err, errlen, "internal: too many output files");
		return -1;
	}
	fd = openat(o->dirfd, name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			snprintf(err, errlen, "%s/%s already exists; not overwriting it", o->path, name);
		else
			snprintf(err, errlen, "cannot create %s/%s: %s", o->path,
				 name, strerror(errno));
		return -1;
	}
	snprintf(o->created[o->nr_created++], sizeof(o->created[0]), "%s", name);
	if (fchmod(fd, 0600) < 0) {
		snprintf(err, errlen, "cannot set the mode of %s/%s: %s",
			 o->path, name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int outdir_rename(struct outdir *o, const char *from, const char *to,
		  char *err, size_t errlen)
{
	int i;

	if (renameat2(o->dirfd, from, o->dirfd, to, RENAME_NOREPLACE) < 0) {
		snprintf(err, errlen, "cannot rename %s/%s to %s: %s", o->path,
			 from, to, strerror(errno));
		return -1;
	}
	for (i = 0; i < o->nr_created; i++)
		if (!strcmp(o->created[i], from))
			snprintf(o->created[i], sizeof(o->created[i]), "%s", to);
	return outdir_sync(o);
}

int outdir_sync(struct outdir *o)
{
	return fsync(o->dirfd);
}

void outdir_remove(struct outdir *o)
{
	int i;

	if (o->dirfd >= 0)
		for (i = 0; i < o->nr_created; i++)
			unlinkat(o->dirfd, o->created[i], 0);
	o->nr_created = 0;
	if (o->parentfd >= 0 && o->tmpname[0])
		unlinkat(o->parentfd, o->tmpname, AT_REMOVEDIR);
}

void outdir_close(struct outdir *o)
{
	if (o->dirfd >= 0)
		close(o->dirfd);
	if (o->parentfd >= 0)
		close(o->parentfd);
	o->dirfd = -1;
	o->parentfd = -1;
}
