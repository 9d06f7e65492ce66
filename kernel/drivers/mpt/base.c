// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump_mptbase: what the Fusion-MPT hooks (diskdump_mptsas,
 * diskdump_mptspi, diskdump_mptfc) share, in one module as Linux's own
 * mptbase is for its drivers: the message layer (proto.c, plain C, also
 * run against the MPI simulator in tests/mpt) and the kernel glue
 * (glue.c).  It registers no hook itself.
 */
#include <linux/module.h>
#include <linux/printk.h>

#include "glue.h"

void mpi_log(const struct mpi_ctl *c, const char *level, bool named, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	if (named)
		printk("%s%s: %s: %pV", level, c->tag, c->name, &vaf);
	else
		printk("%s%s: %pV", level, c->tag, &vaf);
	va_end(ap);
}

EXPORT_SYMBOL_GPL(mpi_take_over);
EXPORT_SYMBOL_GPL(mpi_sas_find_target);
EXPORT_SYMBOL_GPL(mpi_fc_wait_link);
EXPORT_SYMBOL_GPL(mpi_fc_find_target);
EXPORT_SYMBOL_GPL(mpi_scsi_submit);
EXPORT_SYMBOL_GPL(mpi_scsi_poll);
EXPORT_SYMBOL_GPL(mpi_shutdown);

MODULE_DESCRIPTION("diskdump: the Fusion-MPT message layer the mpt hooks share");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
