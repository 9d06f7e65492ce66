/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * MAXDUMPS: after a dump is saved, the oldest saved dumps beyond the
 * newest maxdumps are removed from DUMPDIR, never the one just written.
 *
 * A saved dump is a directory savecore made: it holds info.txt and a
 * vmcore.  Its age is when it was saved (info.txt's modification time,
 * then its name).  Removing it unlinks only the files savecore writes and
 * then the directory; one that holds anything else keeps it all and is
 * reported.  Nothing else in DUMPDIR (.incomplete directories of a run
 * that was cut short, files of the administrator's) is ever touched.
 */
#ifndef SAVECORE_RETENTION_H
#define SAVECORE_RETENTION_H

/*
 * Keep at most maxdumps saved dumps in dumpdir (0: keep all), never
 * removing the directory named keep.  Returns how many were removed, or
 * -1 if dumpdir cannot be read (said on the message stream).
 */
int retention_apply(const char *dumpdir, unsigned int maxdumps, const char *keep);

#endif
