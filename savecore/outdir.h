/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The directory a dump is extracted into: DUMPDIR/<node>-<date>/, mode
 * 0700, files 0600 whatever the umask, and nothing that exists is ever
 * overwritten.  The extraction happens in a fresh temporary directory
 * (<node>-<date>.incomplete.XXXXXX) that gets its final name only when
 * everything in it is on disk; if that name is taken (an earlier
 * extraction, -f, a directory someone made in advance), a suffix .1, .2,
 * ... is added instead of failing.  A power cut or a killed run leaves
 * only a .incomplete directory, which never stands in a later run's way.
 * If extraction fails, what this run created is removed.
 */
#ifndef SAVECORE_OUTDIR_H
#define SAVECORE_OUTDIR_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define OUTDIR_MAX_FILES	8

struct outdir {
	int	dirfd;
	int	parentfd;		/* DUMPDIR */
	char	path[PATH_MAX];		/* the temporary one, then the final one */
	char	tmpname[NAME_MAX + 1];	/* in DUMPDIR */
	char	name[NAME_MAX + 1];	/* wanted final name */
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

/*
 * Fail unless dumpdir's file system has need bytes free for us and
 * minfree bytes more (MINFREE) left over afterwards.
 */
int outdir_check_space(const char *dumpdir, uint64_t need, uint64_t minfree,
		       char *err, size_t errlen);

/* Create a temporary directory in dumpdir that is to become dumpdir/name. */
int outdir_create(struct outdir *o, const char *dumpdir, const char *name,
		  char *err, size_t errlen);
/*
 * Give the directory its final name (name, or name.N when taken), then
 * fsync dumpdir so the name survives a crash.  o->path is the final path.
 */
int outdir_commit(struct outdir *o, char *err, size_t errlen);
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
