// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

int outdir_check_space(const char *dumpdir, uint64_t need,
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
	if (need > UINT64_MAX - OUTDIR_SPACE_SLACK ||
	    need + OUTDIR_SPACE_SLACK > avail) {
		snprintf(err, errlen, "not enough space in %s: need %llu MiB, "
			 "%llu MiB free", dumpdir,
			 (unsigned long long)(need >> 20) + 1,
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
	if ((size_t)snprintf(o->path, sizeof(o->path), "%s/%s", dumpdir, name) >=
	    sizeof(o->path)) {
		snprintf(err, errlen, "dump directory name too long");
		return -1;
	}
	if (mkdir(o->path, 0700) < 0) {
		if (errno == EEXIST)
			snprintf(err, errlen, "%s already exists; not "
				 "overwriting it", o->path);
		else
			snprintf(err, errlen, "cannot create %s: %s", o->path,
				 strerror(errno));
		return -1;
	}
	o->dirfd = open(o->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	/* mkdir honoured the umask; the mode must not depend on it. */
	if (o->dirfd < 0 || fchmod(o->dirfd, 0700) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", o->path,
			 strerror(errno));
		outdir_remove(o);
		outdir_close(o);
		return -1;
	}
	return 0;
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
			snprintf(err, errlen, "%s/%s already exists; not "
				 "overwriting it", o->path, name);
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
	rmdir(o->path);
}

void outdir_close(struct outdir *o)
{
	if (o->dirfd >= 0)
		close(o->dirfd);
	o->dirfd = -1;
}
