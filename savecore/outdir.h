/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The directory a dump is extracted into: DUMPDIR/<node>-<date>/, mode
 * 0700, files 0600 whatever the umask, and nothing that exists is ever
 * overwritten.  If extraction fails, what this run created is removed so
 * a later run can try again.
 */
#ifndef SAVECORE_OUTDIR_H
#define SAVECORE_OUTDIR_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define OUTDIR_MAX_FILES	8

struct outdir {
	int	dirfd;
	char	path[PATH_MAX];
	int	nr_created;
	char	created[OUTDIR_MAX_FILES][32];
};

/*
 * "<nodename>-<YYYY-MM-DD-HH:MM:SS>" in local time; nodename is a field of
 * fixed size from the disk, perhaps without NUL, sanitized to
 * [A-Za-z0-9._-].
 */
void outdir_name(char *buf, size_t len, const char *nodename, size_t nodelen,
		 uint64_t panic_time);

/* Create dumpdir (one level, 0700) unless it exists. */
int outdir_make_base(const char *dumpdir, char *err, size_t errlen);

/* Fail unless dumpdir's file system has need bytes free for us. */
int outdir_check_space(const char *dumpdir, uint64_t need,
		       char *err, size_t errlen);

/* Create dumpdir/name; fails if it exists. */
int outdir_create(struct outdir *o, const char *dumpdir, const char *name,
		  char *err, size_t errlen);
/* Create a new file in it for writing, 0600; fails if it exists. */
int outdir_create_file(struct outdir *o, const char *name,
		       char *err, size_t errlen);
/* Rename without replacing, then make the directory entry durable. */
int outdir_rename(struct outdir *o, const char *from, const char *to,
		  char *err, size_t errlen);
int outdir_sync(struct outdir *o);
/* Remove the files this run created, and the directory. */
void outdir_remove(struct outdir *o);
void outdir_close(struct outdir *o);

#endif
