/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the NVMe hook disables a controller it finds in any state, in plain
 * C so tests/hooks/ can check every state's plan.  NVMe 1.4 3.1.6 (CC.EN):
 * clearing EN while CSTS.RDY is still 0 after the host set it, like
 * setting it while RDY is 1, has undefined results; a panic during the
 * driver's own reset or enable (typical of NVMe-caused panics) finds
 * exactly that state.  So, as FreeBSD's nvme_ctrlr_disable() and Linux's
 * driver do: let a pending enable finish first (RDY=1 within CAP.TO),
 * then clear EN and wait for RDY=0.  A controller with fatal status
 * (CSTS.CFS) will not finish anything: it is disabled at once.  Some
 * drives freeze if CSTS is read too soon after EN is cleared (Linux's
 * NVME_QUIRK_DELAY_BEFORE_CHK_RDY): they get the driver's delay first.
 */
#ifndef DISKDUMP_NVME_DISABLE_H
#define DISKDUMP_NVME_DISABLE_H

#include <linux/types.h>
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define DD_NVME_CC_EN		0x00000001u
#define DD_NVME_CSTS_RDY	0x00000001u
#define DD_NVME_CSTS_CFS	0x00000002u
/* Linux's NVME_QUIRK_DELAY_AMOUNT: what those drives need. */
#define DD_NVME_CHK_RDY_DELAY_MS 2300

struct dd_nvme_disable_plan {
	bool		wait_ready_first;	/* RDY=1 before EN is cleared */
	bool		clear_en;
	unsigned int	delay_ms;		/* before CSTS is read again */
	bool		wait_not_ready;		/* then RDY=0, within CAP.TO */
};

static inline struct dd_nvme_disable_plan
dd_nvme_plan_disable(__u32 cc, __u32 csts, bool delay_quirk)
{
	struct dd_nvme_disable_plan p = { .wait_not_ready = true };

	if (!(cc & DD_NVME_CC_EN))
		return p;	/* disabled, or still becoming so */
	p.wait_ready_first = !(csts & DD_NVME_CSTS_RDY) &&
			     !(csts & DD_NVME_CSTS_CFS);
	p.clear_en = true;
	p.delay_ms = delay_quirk ? DD_NVME_CHK_RDY_DELAY_MS : 0;
	return p;
}

/*
 * The PCI ids Linux gives NVME_QUIRK_DELAY_BEFORE_CHK_RDY (drivers/nvme/
 * host/pci.c, and core.c's Samsung Portable SSD X5, which shares 144d:a808
 * with drives that do not need it: for those the delay only costs time).
 */
static inline bool dd_nvme_delay_before_chk_rdy(__u16 vendor, __u16 device)
{
	static const struct { __u16 vendor, device; } ids[] = {
		{ 0x1bb1, 0x0100 },	/* Seagate Nytro Flash Storage */
		{ 0x1c58, 0x0003 },	/* HGST adapter */
		{ 0x1c58, 0x0023 },	/* WDC SN200 adapter */
		{ 0x1c5f, 0x0540 },	/* Memblaze Pblaze4 adapter */
		{ 0x144d, 0xa821 },	/* Samsung PM1725 */
		{ 0x144d, 0xa822 },	/* Samsung PM1725a */
		{ 0x144d, 0xa808 },	/* Samsung Portable SSD X5 (by model) */
		{ 0x1e4b, 0x1602 },	/* MAXIO MAP1602 */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++)
		if (ids[i].vendor == vendor && ids[i].device == device)
			return true;
	return false;
}

#endif /* DISKDUMP_NVME_DISABLE_H */
