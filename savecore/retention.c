// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddmsg.h"
#include "ddsaved.h"
#include "retention.h"

/*
 * What savecore writes into a dump directory, what diskdump-ship
 * (ship.state) and diskdump-crashinfo (crash.txt) add to it, and nothing
 * else: a file of the administrator's keeps the directory.
 */
static const char *const own_files[] = {
	"vmcore", "vmcore-dmesg.txt", "info.txt", "triage.txt", "triage.json",
	"vmcore.incomplete", "sealed.img", "ship.state", "ship.state.new", "crash.txt", "crash.txt.new",
};

struct saved_dump {
	char		name[256];
	struct timespec	saved;		/* info.txt's mtime */
};

static int older_first(const void *a, const void *b)
{
	const struct saved_dump *x = a, *y = b;

	if (x->saved.tv_sec != y->saved.tv_sec)
		return x->saved.tv_sec < y->saved.tv_sec ? -1 : 1;
	if (x->saved.tv_nsec != y->saved.tv_nsec)
		return x->saved.tv_nsec < y->saved.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool remove_dump(int dirfd, const char *dumpdir, const char *name)
{
	char path[300];

	for (size_t i = 0; i < sizeof(own_files) / sizeof(own_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", name, own_files[i]);
		if (unlinkat(dirfd, path, 0) && errno != ENOENT) {
			dd_warn("MAXDUMPS: cannot remove %s/%s: %s", dumpdir, path, strerror(errno));
			return false;
		}
	}
	if (unlinkat(dirfd, name, AT_REMOVEDIR)) {
		dd_warn("MAXDUMPS: %s/%s %s; its dump files are removed, the rest is left",
			dumpdir, name, errno == ENOTEMPTY || errno == EEXIST ?
			"holds files savecore did not write" : strerror(errno));
		return false;
	}
	return true;
}

int retention_apply(const char *dumpdir, unsigned int maxdumps, const char *keep)
{
	struct saved_dump *dumps = NULL;
	size_t n = 0, cap = 0, excess, removed = 0;
	struct dirent *e;
	int dirfd;
	DIR *d;

	if (!maxdumps)
		return 0;
	dirfd = open(dumpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = dirfd < 0 ? NULL : fdopendir(dirfd);
	if (!d) {
		dd_warn("MAXDUMPS: cannot read %s: %s", dumpdir, strerror(errno));
		if (dirfd >= 0)
			close(dirfd);
		return -1;
	}
	while ((e = readdir(d))) {
		struct timespec saved;

		if (strlen(e->d_name) >= sizeof(dumps->name) ||
		    !dd_is_saved_dump(dirfd, e->d_name, &saved))
			continue;
		if (n == cap) {
			size_t want = cap ? cap * 2 : 16;
			struct saved_dump *more = realloc(dumps, want * sizeof(*dumps));

			/* A partial list could name the wrong dumps as oldest. */
			if (!more) {
				dd_warn("MAXDUMPS: out of memory; no dump removed");
				free(dumps);
				closedir(d);
				return -1;
			}
			dumps = more;
			cap = want;
		}
		snprintf(dumps[n].name, sizeof(dumps[n].name), "%s", e->d_name);
		dumps[n++].saved = saved;
	}
	qsort(dumps, n, sizeof(*dumps), older_first);
	excess = n > maxdumps ? n - maxdumps : 0;
	for (size_t i = 0; i < n && excess; i++) {
		if (keep && !strcmp(dumps[i].name, keep))
			continue;
		excess--;
		if (remove_dump(dirfd, dumpdir, dumps[i].name)) {
			removed++;
			dd_dev_note(NULL, "MAXDUMPS=%u: removed the older dump %s/%s", maxdumps,
				    dumpdir, dumps[i].name);
		}
	}
	free(dumps);
	closedir(d);
	return (int)removed;
}
