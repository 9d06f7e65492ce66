// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters, with the original diskdump's names.  They may change
 * while armed; the panic path reads each once.
 *
 * The defaults are what kdump users get from makedumpfile -d 31 -c: only
 * kernel memory worth keeping, compressed.  LZO costs time at panic (about
 * 130 MB/s of input under QEMU TCG; a 1 GiB guest's level-31 dump takes
 * 1.2 s instead of 0.15 s) and saves two thirds of the bytes on the
 * partition and in /var/crash, where savecore passes the pages through.
 */
#include <linux/moduleparam.h>

#include "diskdump.h"

static int dd_set_bounded(const char *val, const struct kernel_param *kp,
			  unsigned int max)
{
	unsigned int v;
	int ret = kstrtouint(val, 0, &v);

	if (ret)
		return ret;
	if (v > max)
		return -ERANGE;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static int dd_set_dump_level(const char *val, const struct kernel_param *kp)
{
	return dd_set_bounded(val, kp, DD_DL_ALL);
}

static int dd_set_compress(const char *val, const struct kernel_param *kp)
{
	return dd_set_bounded(val, kp, DD_COMPRESS_ZSTD);
}

static const struct kernel_param_ops dd_dump_level_ops = {
	.set	= dd_set_dump_level,
	.get	= param_get_uint,
};

static const struct kernel_param_ops dd_compress_ops = {
	.set	= dd_set_compress,
	.get	= param_get_uint,
};

unsigned int dd_dump_level = DD_DL_ALL;
module_param_cb(dump_level, &dd_dump_level_ops, &dd_dump_level, 0644);
MODULE_PARM_DESC(dump_level,
		 "pages to leave out, makedumpfile -d bits: 1 zero, 2 cache, 4 cache+private, 8 user, 16 free (0-31, default 31)");

unsigned int dd_compress_alg = DD_COMPRESS_LZO;
module_param_cb(compress, &dd_compress_ops, &dd_compress_alg, 0644);
MODULE_PARM_DESC(compress, "page compression: 0 none, 1 LZO1X-1 (default), 2 zstd level 1");

/*
 * However slow or stuck the disk, the machine must get to reboot: after
 * this long the dump stops where it is, records DD_STATUS_TIMED_OUT, and
 * panic() goes on to reboot as panic= says.
 */
unsigned int dd_dump_timeout;
module_param_named(dump_timeout, dd_dump_timeout, uint, 0644);
MODULE_PARM_DESC(dump_timeout,
		 "seconds a dump may take before it is cut short (0: 60 s plus the hook's takeover time plus 1 s per 20 MB of RAM, default)");

/*
 * Helper CPUs (helpers.c) compress for the panicking CPU.  Each costs a
 * chunk buffer (about 1 MiB) and a work area per armed partition, so the
 * number is bounded; it is read when a partition is armed.
 */
unsigned int dd_helper_cpus = 7;

static int dd_set_helper_cpus(const char *val, const struct kernel_param *kp)
{
	return dd_set_bounded(val, kp, DD_MAX_HELPERS);
}

static const struct kernel_param_ops dd_helper_cpus_ops = {
	.set	= dd_set_helper_cpus,
	.get	= param_get_uint,
};

module_param_cb(helper_cpus, &dd_helper_cpus_ops, &dd_helper_cpus, 0644);
MODULE_PARM_DESC(helper_cpus,
		 "stopped CPUs that compress at panic, at most (0-15, default 7; read when a partition is armed)");

/*
 * Uncompressed user, page-cache and free pages go to the disk straight
 * from RAM where the hook and the machine allow it (hook.h), which spares
 * copying them through a chunk buffer; kernel pages are copied all the
 * same (fill.c).  Each such chunk is checked by hashing its pages again
 * once written.  Kernel pages are not sent from RAM because the first
 * version did, and a chunk of the dump's own memory, changed and changed
 * back while written, was lost.  0 copies every page, as before.
 */
bool dd_pages_from_ram = true;
module_param_named(pages_from_ram, dd_pages_from_ram, bool, 0644);
MODULE_PARM_DESC(pages_from_ram,
		 "write uncompressed user, cache and free pages straight from RAM where the controller can (default 1)");

/*
 * Fault injection for the tests, 0 (off) unless a test sets them: the
 * core's own paths for what QEMU cannot be made to do.  test_eagain_ms:
 * for this long after each takeover every completed request is taken
 * for a device answering BUSY (-EAGAIN), which the retry back-off must
 * outlast.  test_wedge_helper: the first helper CPU stops answering in
 * the middle of its Nth chunk (N = the value), as one that took a
 * machine check would; the panicking CPU must take the chunk back.
 */
unsigned int dd_test_eagain_ms;
module_param_named(test_eagain_ms, dd_test_eagain_ms, uint, 0644);
MODULE_PARM_DESC(test_eagain_ms, "tests only: report completions as BUSY for this many ms after each takeover (default 0)");

unsigned int dd_test_wedge_helper;
module_param_named(test_wedge_helper, dd_test_wedge_helper, uint, 0644);
MODULE_PARM_DESC(test_wedge_helper, "tests only: the first helper CPU hangs in its Nth chunk (default 0: never)");
