// SPDX-License-Identifier: GPL-2.0
/*
 * diskdump hook for SCSI disks behind an LSI/Symbios 53C8xx controller
 * (the "sym53c8xx" driver).
 *
 * The driver runs its own SCRIPTS program on the chip, with its own
 * queues, tags and per-target state in host memory; none of that is
 * trusted at panic time.  So this hook aborts the SCRIPTS processor,
 * clears the chip's interrupts and FIFOs, resets the SCSI bus (every
 * target drops what the failed kernel had queued, so nothing of it can
 * reselect us later), and runs a small SCRIPTS program of its own
 * (scripts.c) from memory reserved at arm time: select the target,
 * IDENTIFY, the command, the data by table-indirect moves, status and
 * messages, following the target through a disconnect and reselection.
 * One command at a time, untagged, narrow and asynchronous (the bus reset
 * ended every transfer agreement, and a negotiation the target starts is
 * rejected); CHECK CONDITION is followed by REQUEST SENSE, and the
 * shared SCSI layer (diskdump/scsi.h) judges the outcome.  Register and
 * instruction names follow the LSI53C895A technical manual.
 */
#define pr_fmt(fmt) "diskdump_sym53c8xx: " fmt

#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "diskdump/hook.h"
#include "diskdump/scsi.h"
#include "diskdump/scsi_arm.h"
#include "diskdump/scsi_poll.h"
#include "scripts.h"

/* Operating registers (byte offsets in the memory BAR). */
#define SYM_SCNTL1		0x01
#define  SYM_SCNTL1_CON		0x10		/* connected */
#define  SYM_SCNTL1_RST		0x08		/* assert SCSI RST */
#define SYM_SCNTL3		0x03
#define  SYM_SCNTL3_CCF		0x07		/* async clock conversion */
#define SYM_SXFER		0x05
#define SYM_DSTAT		0x0c
#define  SYM_DSTAT_DFE		0x80		/* DMA FIFO empty: not an error */
#define  SYM_DSTAT_MDPE		0x40
#define  SYM_DSTAT_BF		0x20
#define  SYM_DSTAT_ABRT		0x10
#define  SYM_DSTAT_SSI		0x08
#define  SYM_DSTAT_SIR		0x04
#define  SYM_DSTAT_IID		0x01
#define SYM_DSA			0x10
#define SYM_ISTAT		0x14
#define  SYM_ISTAT_ABRT		0x80
#define  SYM_ISTAT_CON		0x08
#define  SYM_ISTAT_INTF		0x04
#define  SYM_ISTAT_SIP		0x02
#define  SYM_ISTAT_DIP		0x01
#define SYM_CTEST3		0x1b
#define  SYM_CTEST3_CLF		0x04		/* clear DMA FIFO */
#define SYM_DSP			0x2c
#define SYM_DSPS		0x30
#define SYM_SIST0		0x42
#define  SYM_SIST0_MA		0x80
#define  SYM_SIST0_SGE		0x08
#define  SYM_SIST0_UDC		0x04
#define  SYM_SIST0_RST		0x02
#define  SYM_SIST0_PAR		0x01
#define SYM_SIST1		0x43
#define  SYM_SIST1_STO		0x04
#define  SYM_SIST1_HTH		0x01
#define SYM_STEST3		0x4f
#define  SYM_STEST3_CSF		0x02		/* clear SCSI FIFO */
#define SYM_CCNTL0		0x56		/* 895A, 896, 1010 */
#define  SYM_CCNTL0_ENPMJ	0x80		/* phase mismatch jumps */
#define SYM_PMJAD1		0xc0
#define SYM_PMJAD2		0xc4
#define SYM_REGS_BYTES		0xc8

/*
 * One coherent allocation below 4 GiB (SCRIPTS fetch and table moves are
 * 32-bit): the program, the table, the small bytes the phases move, the
 * sense buffer.
 */
#define DD_SYM_SCRIPT_OFF	0
#define DD_SYM_TABLE_OFF	1024
#define DD_SYM_BYTES_OFF	1536		/* identify, status, msg in */
#define DD_SYM_CDB_OFF		1552
#define DD_SYM_SENSE_OFF	2048
#define DD_SYM_MEM_BYTES	4096
static_assert(DD_SYM_SCRIPT_OFF + DD_SYM_SCRIPT_BYTES <= DD_SYM_TABLE_OFF);
static_assert(DD_SYM_TABLE_OFF + DD_SYM_TABLE_BYTES <= DD_SYM_BYTES_OFF);
static_assert(DD_SYM_SENSE_OFF + DD_SCSI_SENSE_BYTES <= DD_SYM_MEM_BYTES);

#define DD_SYM_MAX_TRANSFER	SZ_4M
/*
 * SCSI: a reset pulse of at least 25 us; then the sym53c8xx driver's
 * settle delay (its default, 3 s) before the first selection: SCSI's own
 * minimum, 250 ms, is too short for many real disks, which would time out
 * the selection.
 */
#define DD_SYM_RESET_HOLD_US	50
#define DD_SYM_RESET_SETTLE_MS	3000
#define DD_SYM_ABORT_MS		1000

enum dd_sym_stage {
	DD_SYM_IDLE,
	DD_SYM_COMMAND,		/* the core's request runs */
	DD_SYM_SENSE,		/* its REQUEST SENSE runs */
	DD_SYM_FINISHED,
};

struct dd_sym {
	struct pci_dev		*pdev;
	void __iomem		*regs;
	u8			target, lun;
	u8			scntl3;		/* async, narrow */
	bool			pm_jumps;	/* CCNTL0.ENPMJ was set */
	unsigned int		lbs_shift;
	u64			last_lba;

	void			*mem;
	dma_addr_t		mem_dma;
	u32			pm_handler;	/* bus address of its INT */
	u32			dispatch;	/* ... of the phase dispatch */
	bool			short_xfer;	/* the data phase ended early */
	bool			cmd_short;	/* ... of the core's command */
	enum dd_sym_stage	stage;
	u32			data_len;
	u8			status;		/* of the core's command */
	int			result;		/* once FINISHED */
};

/* ---- arm time ---------------------------------------------------------- */

/* What the hook cannot drive, or NULL. */
static const char *dd_sym_unsupported(struct scsi_device *sdev)
{
	if (sdev->channel)
		return "not on channel 0";
	if (sdev->id > 15 || sdev->id == sdev->host->this_id)
		return "target id out of range";
	if (sdev->lun > 7)
		return "LUN above 7 (IDENTIFY carries 3 bits here)";
	return NULL;
}

/* A table move: its count and its 32-bit bus address. */
static void dd_sym_put_move(u8 *move, u32 count, u32 addr)
{
	dd_sym_put32(move, count);
	dd_sym_put32(move + 4, addr);
}

/*
 * The table's fixed parts: the selection (our async, narrow SCNTL3 and
 * SXFER 0 are loaded with it), IDENTIFY, and where status and message
 * bytes go, and the MESSAGE REJECT for a negotiation the target starts.
 */
static void dd_sym_init_table(struct dd_sym *s)
{
	u8 *t = s->mem + DD_SYM_TABLE_OFF;
	u8 *bytes = s->mem + DD_SYM_BYTES_OFF;
	u32 bytes_dma = s->mem_dma + DD_SYM_BYTES_OFF;

	dd_sym_put32(t + DD_SYM_T_SELECT,
		     (u32)s->scntl3 << 24 | (u32)s->target << 16);
	bytes[0] = SYM_MSG_IDENTIFY | s->lun;
	bytes[3] = SYM_MSG_REJECT;
	dd_sym_put_move(t + DD_SYM_T_MSG_OUT, 1, bytes_dma);
	dd_sym_put_move(t + DD_SYM_T_STATUS, 1, bytes_dma + 1);
	dd_sym_put_move(t + DD_SYM_T_MSG_IN, 1, bytes_dma + 2);
	dd_sym_put_move(t + DD_SYM_T_COMMAND, 0, s->mem_dma + DD_SYM_CDB_OFF);
	dd_sym_put_move(t + DD_SYM_T_MSG_REJECT, 1, bytes_dma + 3);
}

static int dd_sym_alloc(struct dd_sym *s)
{
	s->mem = dma_alloc_coherent(&s->pdev->dev, DD_SYM_MEM_BYTES,
				    &s->mem_dma, GFP_KERNEL);
	if (!s->mem)
		return -ENOMEM;
	if (upper_32_bits(s->mem_dma + DD_SYM_MEM_BYTES - 1)) {
		dma_free_coherent(&s->pdev->dev, DD_SYM_MEM_BYTES, s->mem,
				  s->mem_dma);
		return -ENOMEM;
	}
	return 0;
}

static int dd_sym_probe(struct dd_disk *d, struct gendisk *disk)
{
	struct scsi_device *sdev = dd_scsi_arm_sdev_of(disk, "sym53c8xx");
	struct dd_sym_entries entries;
	struct pci_dev *pdev;
	const char *why;
	struct dd_sym *s;
	int ret;

	if (!sdev)
		return -ENODEV;
	pdev = dd_scsi_arm_host_pci(sdev, "sym53c8xx");
	why = pdev ? dd_sym_unsupported(sdev) : "no PCI device of sym53c8xx";
	if (why) {
		pr_err("%s: %s\n", disk->disk_name, why);
		return -EOPNOTSUPP;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->pdev = pdev;
	s->target = sdev->id;
	s->lun = sdev->lun;
	ret = dd_scsi_arm_geometry(sdev, disk, &s->last_lba, &s->lbs_shift);
	if (ret)
		goto free;
	ret = dd_scsi_arm_map_regs(pdev, SYM_REGS_BYTES, &s->regs);
	if (ret) {
		pr_err("%s: %s: no 53C8xx registers in a memory BAR\n",
		       disk->disk_name, pci_name(pdev));
		goto free;
	}
	/*
	 * The async clock divisor the driver chose for the chip's clock;
	 * the rest of SCNTL3 (wide, sync clock) belongs to transfer
	 * agreements, which the bus reset at panic ends.
	 */
	s->scntl3 = readb(s->regs + SYM_SCNTL3) & SYM_SCNTL3_CCF;
	ret = dd_sym_alloc(s);
	if (ret)
		goto unmap;
	dd_sym_assemble(s->mem + DD_SYM_SCRIPT_OFF, &entries);
	s->pm_handler = s->mem_dma + DD_SYM_SCRIPT_OFF + entries.mismatch;
	s->dispatch = s->mem_dma + DD_SYM_SCRIPT_OFF + entries.dispatch;
	dd_sym_init_table(s);

	d->hook_data = s;
	d->dev = &pdev->dev;
	d->dma_dev = &pdev->dev;
	d->logical_block_size = queue_logical_block_size(disk->queue);
	d->queue_depth = 1;
	d->max_transfer = min_t(u64, DD_SYM_MAX_TRANSFER,
				(u64)queue_max_hw_sectors(disk->queue) << SECTOR_SHIFT);
	d->max_segment_size = d->max_transfer;
	d->max_segments = 1;
	d->reset_timeout_ms = DD_SYM_ABORT_MS + DD_SYM_RESET_SETTLE_MS + 1000;
	d->reserved_bytes = sizeof(*s) + DD_SYM_MEM_BYTES;
	snprintf(d->description, sizeof(d->description),
		 "53C8xx %s target %u LUN %u", pci_name(pdev), s->target,
		 s->lun);
	return 0;

unmap:
	pci_iounmap(pdev, s->regs);
free:
	kfree(s);
	return ret;
}

/* Table moves carry 32-bit addresses: the core's buffers must fit. */
static int dd_sym_prepare(struct dd_disk *d, const struct dd_buf *bufs,
			  unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (upper_32_bits(bufs[i].dma + bufs[i].size - 1)) {
			pr_err("%s: a dump buffer lies above 4 GiB\n",
			       d->description);
			return -EOPNOTSUPP;
		}
	return 0;
}

static void dd_sym_release(struct dd_disk *d)
{
	struct dd_sym *s = d->hook_data;

	dma_free_coherent(&s->pdev->dev, DD_SYM_MEM_BYTES, s->mem, s->mem_dma);
	pci_iounmap(s->pdev, s->regs);
	kfree(s);
}

/* ---- panic time -------------------------------------------------------- */

static u8 dd_sym_rb(struct dd_sym *s, unsigned int reg)
{
	return readb(s->regs + reg);
}

static void dd_sym_wb(struct dd_sym *s, unsigned int reg, u8 val)
{
	writeb(val, s->regs + reg);
}

/*
 * With ISTAT SIP: read (and so clear) SIST0, then SIST1, returned as
 * SIST0 | SIST1 << 8; 0 without.
 */
static u16 dd_sym_read_sist(struct dd_sym *s, u8 istat)
{
	u8 sist0;

	if (!(istat & SYM_ISTAT_SIP))
		return 0;
	sist0 = dd_sym_rb(s, SYM_SIST0);
	udelay(1);	/* stacked interrupts need a gap */
	return sist0 | dd_sym_rb(s, SYM_SIST1) << 8;
}

/* The settle delay after a bus reset, on the TSC, the watchdogs patted. */
static void dd_sym_settle(void)
{
	struct dd_deadline dl;

	dd_deadline_start(&dl, DD_SYM_RESET_SETTLE_MS);
	while (!dd_deadline_passed(&dl))
		cpu_relax();
}

/* Read (and so clear) pending interrupts until none is left, bounded. */
static void dd_sym_clear_interrupts(struct dd_sym *s)
{
	unsigned int i;
	u8 istat;

	for (i = 0; i < 16; i++) {
		istat = dd_sym_rb(s, SYM_ISTAT);
		if (istat == 0xff || !(istat & (SYM_ISTAT_SIP | SYM_ISTAT_DIP)))
			return;
		dd_sym_read_sist(s, istat);
		if (istat & SYM_ISTAT_DIP)
			dd_sym_rb(s, SYM_DSTAT);
		udelay(1);
	}
}

/*
 * Stop the driver's SCRIPTS where they are.  Interrupts the driver left
 * pending are read away until DSTAT shows the abort.  An INTFLY it left
 * unserviced (ISTAT INTF) must be cleared by writing INTF back: while it
 * is set, reading DSTAT does not clear DSTAT, and the abort would be
 * reported again with our first command.  Writing ISTAT without ABRT
 * also ends the abort.
 */
static int dd_sym_abort_scripts(struct dd_sym *s)
{
	struct dd_deadline dl;
	u8 istat;

	dd_sym_wb(s, SYM_ISTAT, SYM_ISTAT_ABRT);
	dd_deadline_start(&dl, DD_SYM_ABORT_MS);
	for (;;) {
		istat = dd_sym_rb(s, SYM_ISTAT);
		if (istat == 0xff)
			return -ENODEV;
		dd_sym_read_sist(s, istat);
		if (istat & SYM_ISTAT_DIP &&
		    dd_sym_rb(s, SYM_DSTAT) & SYM_DSTAT_ABRT)
			break;
		if (dd_deadline_passed(&dl))
			break;		/* the bus reset follows anyway */
		udelay(1);
	}
	dd_sym_wb(s, SYM_ISTAT, SYM_ISTAT_INTF);
	dd_sym_rb(s, SYM_DSTAT);
	return 0;
}

/*
 * Take the chip over: SCRIPTS aborted, interrupts and FIFOs cleared, a
 * phase mismatch sent to our handler, then the SCSI bus reset.  The
 * reset ends every command of the failed kernel on every target, so
 * none can reselect us later, and every target reports UNIT ATTENTION
 * once (the first command's REQUEST SENSE sees it; the core retries).
 */
static int dd_sym_quiesce(struct dd_disk *d)
{
	struct dd_sym *s = d->hook_data;
	u8 istat = dd_sym_rb(s, SYM_ISTAT);
	u8 scntl1 = dd_sym_rb(s, SYM_SCNTL1);
	int ret;

	pr_info("taking over %s: ISTAT %#x SCNTL1 %#x%s\n", d->description,
		istat, scntl1,
		(istat & SYM_ISTAT_CON) || (scntl1 & SYM_SCNTL1_CON) ?
		" (connected: a transfer is cut by the bus reset)" : "");
	ret = dd_sym_abort_scripts(s);
	if (ret) {
		pr_err("%s: the chip does not answer\n", d->description);
		return ret;
	}
	dd_sym_clear_interrupts(s);
	dd_sym_wb(s, SYM_CTEST3, dd_sym_rb(s, SYM_CTEST3) | SYM_CTEST3_CLF);
	dd_sym_wb(s, SYM_STEST3, dd_sym_rb(s, SYM_STEST3) | SYM_STEST3_CSF);
	if (dd_sym_rb(s, SYM_CCNTL0) & SYM_CCNTL0_ENPMJ) {
		writel(s->pm_handler, s->regs + SYM_PMJAD1);
		writel(s->pm_handler, s->regs + SYM_PMJAD2);
	}

	/*
	 * The reset frees the bus; CON written 0 makes the chip agree (a
	 * chip left connected would take our SELECT for a reselection).
	 */
	scntl1 = dd_sym_rb(s, SYM_SCNTL1) & ~SYM_SCNTL1_CON;
	dd_sym_wb(s, SYM_SCNTL1, scntl1 | SYM_SCNTL1_RST);
	udelay(DD_SYM_RESET_HOLD_US);
	dd_sym_wb(s, SYM_SCNTL1, scntl1 & ~SYM_SCNTL1_RST);
	dd_sym_settle();
	dd_sym_clear_interrupts(s);
	dd_sym_wb(s, SYM_SXFER, 0);
	dd_sym_wb(s, SYM_SCNTL3, s->scntl3);
	s->stage = DD_SYM_IDLE;
	return 0;
}

/* Start the program on the table's command (cdb_len bytes at CDB_OFF). */
static void dd_sym_start(struct dd_sym *s, unsigned int cdb_len, u32 data_dma,
			 u32 data_len)
{
	u8 *t = s->mem + DD_SYM_TABLE_OFF;
	u8 *bytes = s->mem + DD_SYM_BYTES_OFF;

	dd_sym_put32(t + DD_SYM_T_COMMAND, cdb_len);
	dd_sym_put_move(t + DD_SYM_T_DATA, data_len, data_dma);
	bytes[1] = 0xff;		/* status: none yet */
	bytes[2] = 0xff;
	s->short_xfer = false;
	writel(s->mem_dma + DD_SYM_TABLE_OFF, s->regs + SYM_DSA);
	/* Writing DSP starts SCRIPTS; writel() orders the table before. */
	writel(s->mem_dma + DD_SYM_SCRIPT_OFF, s->regs + SYM_DSP);
}

static int dd_sym_submit(struct dd_disk *d, unsigned int tag,
			 const struct dd_request *rq)
{
	struct dd_sym *s = d->hook_data;
	u8 *cdb = s->mem + DD_SYM_CDB_OFF;
	unsigned int cdb_len;
	u32 blocks = rq->len >> (SECTOR_SHIFT + s->lbs_shift);
	dma_addr_t dma = 0;

	if (tag || s->stage == DD_SYM_COMMAND || s->stage == DD_SYM_SENSE)
		return -EINVAL;
	if (rq->op == DD_OP_FLUSH) {
		cdb_len = dd_scsi_sync_cdb(cdb, s->last_lba);
		s->data_len = 0;
	} else {
		cdb_len = dd_scsi_rw_cdb(cdb, rq->op == DD_OP_WRITE,
					 rq->sector >> s->lbs_shift, blocks);
		dma = rq->buf->dma + rq->offset;
		s->data_len = rq->len;
	}
	if (!cdb_len || upper_32_bits(dma + s->data_len))
		return -EINVAL;
	s->stage = DD_SYM_COMMAND;
	dd_sym_start(s, cdb_len, lower_32_bits(dma), s->data_len);
	return 0;
}

static const char *dd_sym_code_name(u32 code)
{
	switch (code) {
	case DD_SYM_BAD_PHASE:
		return "unexpected phase";
	case DD_SYM_BAD_MESSAGE:
		return "unexpected message";
	case DD_SYM_RESELECTED:
		return "reselected while selecting";
	case DD_SYM_SIGNALLED:
		return "left waiting for reselection";
	case DD_SYM_MISMATCH:
		return "phase mismatch";
	default:
		return "unknown interrupt code";
	}
}

/* After the core's command ended with CHECK CONDITION: ask for the sense. */
static void dd_sym_request_sense(struct dd_sym *s)
{
	u8 *cdb = s->mem + DD_SYM_CDB_OFF;

	memset(s->mem + DD_SYM_SENSE_OFF, 0, DD_SCSI_SENSE_BYTES);
	s->stage = DD_SYM_SENSE;
	dd_sym_start(s, dd_scsi_request_sense_cdb(cdb, DD_SCSI_SENSE_BYTES),
		     s->mem_dma + DD_SYM_SENSE_OFF, DD_SCSI_SENSE_BYTES);
}

/* The program ended with DONE: judge the status byte (and the sense). */
static int dd_sym_judge(struct dd_disk *d, struct dd_sym *s)
{
	const u8 *sense = s->mem + DD_SYM_SENSE_OFF;
	u8 status = ((u8 *)s->mem)[DD_SYM_BYTES_OFF + 1];
	u32 sense_len = 0;
	int ret;

	if (s->stage == DD_SYM_COMMAND) {
		s->status = status;
		s->cmd_short = s->short_xfer;
		if (status == DD_SCSI_CHECK_CONDITION) {
			dd_sym_request_sense(s);
			return -EINPROGRESS;
		}
	} else if (status == DD_SCSI_GOOD) {
		/* The data moved is what the sense says it is, at most. */
		sense_len = DD_SCSI_SENSE_BYTES;
	}
	ret = dd_scsi_poll_result(d->description, s->status, sense, sense_len);
	if (!ret && s->cmd_short) {
		pr_err("%s: the target moved less data than asked\n", d->description);
		return -EIO;
	}
	return ret;
}

/*
 * The target left a data phase before its count was done (REQUEST SENSE
 * returns less than asked for; a failing command goes to STATUS): note
 * it, drop what the FIFOs still hold, and go on with the target's next
 * phase.
 */
static int dd_sym_resume_after_mismatch(struct dd_sym *s)
{
	s->short_xfer = true;
	dd_sym_wb(s, SYM_CTEST3, dd_sym_rb(s, SYM_CTEST3) | SYM_CTEST3_CLF);
	dd_sym_wb(s, SYM_STEST3, dd_sym_rb(s, SYM_STEST3) | SYM_STEST3_CSF);
	writel(s->dispatch, s->regs + SYM_DSP);
	return -EINPROGRESS;
}

/* The chip stopped with an interrupt: what it means for the request. */
static int dd_sym_interrupt(struct dd_disk *d, struct dd_sym *s, u8 istat)
{
	u16 sist = dd_sym_read_sist(s, istat);
	u8 sist0 = sist, sist1 = sist >> 8, dstat = 0;
	u32 code;

	if (istat & SYM_ISTAT_DIP)
		dstat = dd_sym_rb(s, SYM_DSTAT);
	if (sist1 & SYM_SIST1_STO) {
		pr_err("%s: selection timeout: the target does not answer\n",
		       d->description);
		return -EIO;
	}
	if (sist0 & SYM_SIST0_MA && !(dstat & SYM_DSTAT_SIR))
		return dd_sym_resume_after_mismatch(s);
	if (sist0 & (SYM_SIST0_SGE | SYM_SIST0_UDC | SYM_SIST0_RST |
		     SYM_SIST0_PAR) ||
	    sist1 & SYM_SIST1_HTH) {
		pr_err("%s: SCSI interrupt SIST0 %#x SIST1 %#x%s%s%s\n",
		       d->description, sist0, sist1,
		       sist0 & SYM_SIST0_UDC ? " unexpected-disconnect" : "",
		       sist0 & SYM_SIST0_PAR ? " parity" : "",
		       sist0 & SYM_SIST0_MA ? " phase-mismatch" : "");
		return -EIO;
	}
	if (dstat & (SYM_DSTAT_IID | SYM_DSTAT_BF | SYM_DSTAT_MDPE |
		     SYM_DSTAT_ABRT)) {
		pr_err("%s: DMA interrupt DSTAT %#x%s%s\n", d->description,
		       dstat, dstat & SYM_DSTAT_IID ? " illegal-instruction" : "",
		       dstat & SYM_DSTAT_BF ? " bus-fault" : "");
		return -EIO;
	}
	if (!(dstat & SYM_DSTAT_SIR))
		return -EINPROGRESS;	/* a non-fatal SCSI interrupt */
	code = readl(s->regs + SYM_DSPS);
	if (code == DD_SYM_DONE)
		return dd_sym_judge(d, s);
	if (code == DD_SYM_MISMATCH)
		return dd_sym_resume_after_mismatch(s);
	pr_err("%s: %s (code %#x, phase %u)\n", d->description,
	       dd_sym_code_name(code), code, dd_sym_rb(s, 0x0e) & 7);
	return -EIO;
}

static int dd_sym_poll(struct dd_disk *d, unsigned int tag)
{
	struct dd_sym *s = d->hook_data;
	u8 istat;
	int ret;

	if (tag || s->stage == DD_SYM_IDLE)
		return -EINVAL;
	if (s->stage == DD_SYM_FINISHED)
		return s->result;
	istat = dd_sym_rb(s, SYM_ISTAT);
	if (istat == 0xff) {
		pr_err("%s: the chip is gone\n", d->description);
		return -ENODEV;
	}
	if (!(istat & (SYM_ISTAT_SIP | SYM_ISTAT_DIP)))
		return -EINPROGRESS;
	ret = dd_sym_interrupt(d, s, istat);
	if (ret == -EINPROGRESS)
		return ret;
	s->stage = DD_SYM_FINISHED;
	s->result = ret;
	return ret;
}

/* Nothing of ours may run after the reboot: stop SCRIPTS. */
static void dd_sym_shutdown(struct dd_disk *d)
{
	struct dd_sym *s = d->hook_data;

	dd_sym_abort_scripts(s);
	dd_sym_clear_interrupts(s);
}

static const struct dd_hook_ops dd_sym_ops = {
	.name		= "sym53c8xx",
	.owner		= THIS_MODULE,
	.probe		= dd_sym_probe,
	.prepare	= dd_sym_prepare,
	.release	= dd_sym_release,
	.quiesce	= dd_sym_quiesce,
	.submit		= dd_sym_submit,
	.poll		= dd_sym_poll,
	.shutdown	= dd_sym_shutdown,
};
module_dd_hook(dd_sym_ops);
MODULE_DESCRIPTION("diskdump hook for SCSI disks behind an LSI/Symbios 53C8xx controller");
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: diskdump");
