/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The saved dumps in DUMPDIR: directories savecore made, each holding
 * info.txt and vmcore as regular files.  Shared by savecore's MAXDUMPS
 * and by diskdumpctl show.
 */
#ifndef DDSAVED_H
#define DDSAVED_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Whether dirfd/name is a saved dump; its age (info.txt's mtime) into saved. */
bool dd_is_saved_dump(int dirfd, const char *name, struct timespec *saved);

struct dd_saved_summary {
	unsigned int	count;
	uint64_t	bytes;		/* what their files take on disk */
	char		newest[256];	/* "" when there is none */
};

/* Count the saved dumps in dumpdir.  0, or -1 with errno when it cannot be read. */
int dd_saved_dumps(const char *dumpdir, struct dd_saved_summary *s);

#endif /* DDSAVED_H */
