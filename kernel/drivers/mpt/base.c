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

void mpi_log(const struct mpi_ctl *c, int level, bool named, const char *fmt, ...)
{
	const char *name = named ? c->name : "";
	const char *sep = named ? ": " : "";
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	if (level == MPI_LOG_ERR)
		pr_err("%s: %s%s%pV", c->tag, name, sep, &vaf);
	else if (level == MPI_LOG_WARN)
		pr_warn("%s: %s%s%pV", c->tag, name, sep, &vaf);
	else
		pr_info("%s: %s%s%pV", c->tag, name, sep, &vaf);
	va_end(ap);
}

MODULE_DESCRIPTION("diskdump: the Fusion-MPT message layer the mpt hooks share");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
