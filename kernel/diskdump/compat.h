/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the kernels diskdump supports differ (Debian 12's
 * 6.1 and Debian 13's 6.12, see README.md), each told apart by a feature
 * the kernel offers (a header, a macro); should one ever have none, a
 * LINUX_VERSION_CODE test goes here too.  Everything else in the module is
 * written once.
 */
#ifndef DISKDUMP_COMPAT_H
#define DISKDUMP_COMPAT_H

#include <linux/blkdev.h>
#include <linux/mmzone.h>

/*
 * VMCOREINFO moved out of crash_core.h into its own header in 6.9;
 * kexec.h includes whichever the kernel has (and sparse, which checks the
 * module's byte order, has no __has_include to tell them apart).
 */
#include <linux/kexec.h>

/*
 * How many buddy orders there are: NR_PAGE_ORDERS since 6.8; before 6.4,
 * MAX_ORDER was that count (6.4 to 6.7 made it the largest order, which
 * only makes the check below one order stricter than it needs to be).
 */
#ifdef NR_PAGE_ORDERS
#define DD_NR_PAGE_ORDERS	NR_PAGE_ORDERS
#else
#define DD_NR_PAGE_ORDERS	MAX_ORDER
#endif

/*
 * Opening a block device by number, exclusively or not: a block_device
 * and an fmode_t until 6.5, a struct file since 6.9.  blk_mode_t (and
 * BLK_OPEN_READ) came in 6.5; 6.5 to 6.8 opened devices in yet other ways
 * and are not supported.
 */
#ifdef BLK_OPEN_READ
struct dd_bdev_ref {
	struct file		*file;
	struct block_device	*bdev;
};

static inline int dd_bdev_open(dev_t devt, bool write, void *holder,
			       struct dd_bdev_ref *ref)
{
	blk_mode_t mode = BLK_OPEN_READ | (write ? BLK_OPEN_WRITE : 0);

	ref->file = bdev_file_open_by_dev(devt, mode, holder, NULL);
	if (IS_ERR(ref->file))
		return PTR_ERR(ref->file);
	ref->bdev = file_bdev(ref->file);
	return 0;
}

static inline void dd_bdev_close(struct dd_bdev_ref *ref)
{
	bdev_fput(ref->file);
}
#else
struct dd_bdev_ref {
	struct block_device	*bdev;
	fmode_t			mode;
};

static inline int dd_bdev_open(dev_t devt, bool write, void *holder,
			       struct dd_bdev_ref *ref)
{
	ref->mode = FMODE_READ | (write ? FMODE_WRITE : 0) | (holder ? FMODE_EXCL : 0);
	ref->bdev = blkdev_get_by_dev(devt, ref->mode, holder);
	return PTR_ERR_OR_ZERO(ref->bdev);
}

static inline void dd_bdev_close(struct dd_bdev_ref *ref)
{
	blkdev_put(ref->bdev, ref->mode);
}
#endif

#endif /* DISKDUMP_COMPAT_H */
