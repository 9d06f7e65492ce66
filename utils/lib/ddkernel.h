/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Talking to diskdump.ko through the sysfs files of diskdump/abi.h. */
#ifndef DDKERNEL_H
#define DDKERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define DD_MAX_ARMED	64

struct dd_armed {
	unsigned int	major, minor;
	char		hook[64];
	uint64_t	start_sector;
	uint64_t	nr_sectors;	/* 512-byte sectors */
	bool		swap;		/* a swap area, not a formatted partition */
	char		seal_key_id[17];	/* its dumps sealed for this key; "" not */
};

/* Whether diskdump.ko is loaded (DD_SYSFS_DIR exists). */
bool dd_module_loaded(void);

/*
 * Write "MAJ:MIN" of dev to the arm (disarm) file.  Returns 0, or the
 * errno of the failed write (see abi.h for their meaning).
 */
int dd_kernel_arm(dev_t dev);
int dd_kernel_disarm(dev_t dev);

/* Why arming (or disarming) failed, in words, for errno err. */
const char *dd_arm_error_text(int err, bool disarm);

/*
 * Parse a "devices" listing ("MAJ:MIN HOOK START NR" lines).  Returns the
 * number of entries (at most max stored), or -1 if a line is malformed.
 */
int dd_parse_armed(FILE *f, struct dd_armed *armed, int max);
/* The same for DD_SYSFS_DEVICES; errno EBADMSG when it is malformed. */
int dd_read_armed(struct dd_armed *armed, int max);

/* Whether dev is in the armed list. */
bool dd_is_armed(dev_t dev);

/* Write a value to a sysfs attribute; 0 or an errno. */
int dd_sysfs_write(const char *path, const char *value);
/* Read a one-line sysfs or procfs value, newline dropped; 0, or -1. */
int dd_sysfs_read(const char *path, char *buf, size_t len);

#endif /* DDKERNEL_H */
