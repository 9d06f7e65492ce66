/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel side every Fusion-MPT hook shares: the hook's state around
 * the message layer (proto.h), finding the SCSI device and the IOC at arm
 * time, mapping the registers, the coherent memory, and the core's
 * submit/poll/shutdown turned into the layer's calls.  A member's own
 * file (mptsas.c, mptspi.c, mptfc.c) names its driver and port type, says
 * what it refuses, and finds the firmware's bus and target at takeover.
 */
#ifndef DISKDUMP_MPT_GLUE_H
#define DISKDUMP_MPT_GLUE_H

#include <linux/pci.h>
#include <scsi/scsi_device.h>
#include <diskdump/hook.h>
#include "proto.h"

struct dd_mpt {
	struct mpi_ctl		ctl;	/* ctl.tag: the member's module name */
	struct pci_dev		*pdev;
	dma_addr_t		mem_dma;
	u8			lun[8];
	u8			bus, target;	/* the firmware's, at takeover */
	unsigned int		lbs_shift;	/* log2(logical block / 512) */
	u64			last_lba;
	u64			port_name;	/* SAS address or FC WWPN the target is found by */
};

/*
 * The SCSI device under disk if its host is driver's (mptsas, mptspi,
 * mptfc), and the IOC's PCI device; NULL when the disk is not this
 * member's.
 */
struct scsi_device *dd_mpt_sdev(struct gendisk *disk, const char *driver,
				struct pci_dev **pdev);

/*
 * For d->hook_data (a zeroed struct dd_mpt): the LUN and geometry of sdev,
 * the registers of pdev mapped, the memory reserved, and what the core
 * reads (limits, queue depth) filled; the member adds the takeover time
 * and the description.  0 or a negative errno, said in the log.
 */
int dd_mpt_setup(struct dd_disk *d, struct gendisk *disk, struct scsi_device *sdev,
		 struct pci_dev *pdev);

void dd_mpt_release(struct dd_disk *d);
int dd_mpt_submit(struct dd_disk *d, unsigned int tag, const struct dd_request *rq);
int dd_mpt_poll(struct dd_disk *d, unsigned int tag);
void dd_mpt_shutdown(struct dd_disk *d);

#endif /* DISKDUMP_MPT_GLUE_H */
