// SPDX-License-Identifier: GPL-2.0
/*
 * The Fusion-MPT message layer (proto.h): plain C, for the hooks and for
 * the MPI simulator tests.  Message layouts follow the MPI 1.5
 * specification; sequences, waits and limits follow mptbase.
 */
#include "proto.h"

static const __u8 mpi_diag_keys[] = MPI_DIAG_KEYS;

static __u32 mpi_lo(__u64 v)
{
	return (__u32)(v & 0xffffffffu);
}

static __u32 mpi_hi(__u64 v)
{
	return (__u32)(v >> 32);
}

const char *mpi_state_name(__u32 doorbell)
{
	switch (doorbell & MPI_IOC_STATE_MASK) {
	case MPI_IOC_STATE_RESET:
		return "reset";
	case MPI_IOC_STATE_READY:
		return "ready";
	case MPI_IOC_STATE_OPER:
		return "operational";
	case MPI_IOC_STATE_FAULT:
		return "fault";
	default:
		return "unknown";
	}
}

/* ---- the doorbell ------------------------------------------------------- */

/* Wait until the host interrupt status bits in mask read want. */
static int mpi_wait_his(struct mpi_ctl *c, __u32 mask, __u32 want, unsigned int ms)
{
	struct mpi_deadline dl;
	__u32 his;

	mpi_deadline_start(&c->io, &dl, ms);
	for (;;) {
		his = mpi_rd(&c->io, MPI_HOST_INT_STATUS);
		if (his == ~0u)
			return -ENODEV;		/* gone from the bus */
		if ((his & mask) == want)
			return 0;
		if (mpi_deadline_passed(&c->io, &dl))
			return -ETIMEDOUT;
	}
}

static int mpi_wait_state(struct mpi_ctl *c, __u32 state, unsigned int ms)
{
	struct mpi_deadline dl;
	__u32 db;

	mpi_deadline_start(&c->io, &dl, ms);
	for (;;) {
		db = mpi_rd(&c->io, MPI_DOORBELL);
		if (db == ~0u)
			return -ENODEV;
		if ((db & MPI_IOC_STATE_MASK) == state)
			return 0;
		if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_FAULT)
			return -EIO;
		if (mpi_deadline_passed(&c->io, &dl))
			return -ETIMEDOUT;
	}
}

/*
 * A request through the doorbell handshake, dword by dword, each taken by
 * the IOC before the next; the reply comes back 16 bits at a time, its
 * length in its own MsgLength.  reply_ms bounds the wait for the reply's
 * first word (the IOC works on the request then).
 */
static int mpi_handshake(struct mpi_ctl *c, const __u8 *req, unsigned int req_bytes,
			 __u8 *reply, unsigned int reply_bytes, unsigned int reply_ms)
{
	unsigned int i, n = 2;
	int ret;

	if (mpi_rd(&c->io, MPI_DOORBELL) & MPI_DOORBELL_ACTIVE)
		return -EBUSY;
	memset(reply, 0, reply_bytes);
	mpi_wr(&c->io, MPI_HOST_INT_STATUS, 0);
	mpi_wr(&c->io, MPI_DOORBELL, MPI_FUNC_HANDSHAKE << MPI_DOORBELL_FUNC_SHIFT |
	       (req_bytes / 4) << MPI_DOORBELL_DWORDS_SHIFT);
	ret = mpi_wait_his(c, MPI_HIS_DOORBELL, MPI_HIS_DOORBELL, MPI_DOORBELL_MS);
	if (ret)
		return ret;
	if (!(mpi_rd(&c->io, MPI_DOORBELL) & MPI_DOORBELL_ACTIVE))
		return -EIO;
	mpi_wr(&c->io, MPI_HOST_INT_STATUS, 0);
	ret = mpi_wait_his(c, MPI_HIS_IOP_DOORBELL, 0, MPI_DOORBELL_MS);
	for (i = 0; !ret && i < req_bytes / 4; i++) {
		mpi_wr(&c->io, MPI_DOORBELL, mpi_get32(req + 4 * i));
		ret = mpi_wait_his(c, MPI_HIS_IOP_DOORBELL, 0, MPI_DOORBELL_MS);
	}
	/* The first two words carry MsgLength, the reply's size in dwords. */
	for (i = 0; !ret && i < n; i++) {
		__u16 word;

		ret = mpi_wait_his(c, MPI_HIS_DOORBELL, MPI_HIS_DOORBELL,
				   i ? MPI_DOORBELL_MS : reply_ms);
		if (ret)
			break;
		word = mpi_rd(&c->io, MPI_DOORBELL) & MPI_DOORBELL_DATA;
		if (2 * i + 1 < reply_bytes)
			mpi_put16(reply + 2 * i, word);
		mpi_wr(&c->io, MPI_HOST_INT_STATUS, 0);
		if (i == 1 && 2u * reply[MPI_MSG_LENGTH] > n)
			n = 2u * reply[MPI_MSG_LENGTH];
	}
	/* The IOC ends the handshake with one more doorbell interrupt. */
	if (!ret)
		ret = mpi_wait_his(c, MPI_HIS_DOORBELL, MPI_HIS_DOORBELL, MPI_DOORBELL_MS);
	mpi_wr(&c->io, MPI_HOST_INT_STATUS, 0);
	return ret;
}

static __u16 mpi_reply_status(const __u8 *reply)
{
	return mpi_get16(reply + MPI_REPLY_IOC_STATUS) & MPI_IOCSTATUS_MASK;
}

/* ---- resets ------------------------------------------------------------- */

/* Message unit reset: the IOC drops every message and frame, and is READY. */
static int mpi_unit_reset(struct mpi_ctl *c)
{
	int ret;

	mpi_wr(&c->io, MPI_DOORBELL, MPI_FUNC_MSG_UNIT_RESET << MPI_DOORBELL_FUNC_SHIFT);
	ret = mpi_wait_his(c, MPI_HIS_IOP_DOORBELL, 0, MPI_DOORBELL_MS);
	if (!ret)
		ret = mpi_wait_state(c, MPI_IOC_STATE_READY, MPI_MUR_MS);
	return ret;
}

static int mpi_open_diag(struct mpi_ctl *c)
{
	unsigned int i, try;

	for (try = 0; try < 20; try++) {
		if (mpi_rd(&c->io, MPI_DIAGNOSTIC) & MPI_DIAG_DRWE)
			return 0;
		mpi_wr(&c->io, MPI_WRITE_SEQUENCE, 0xff);
		for (i = 0; i < ARRAY_SIZE(mpi_diag_keys); i++)
			mpi_wr(&c->io, MPI_WRITE_SEQUENCE, mpi_diag_keys[i]);
		mpi_mdelay(&c->io, 100);
	}
	return -EIO;
}

/*
 * Hard reset through the diagnostic register (the SAS1078 has a reset
 * register of its own): the firmware reboots from flash.  An IOC that
 * boots from firmware the host downloads (some 53C1030 and FC parts) does
 * not come back from this.
 */
static int mpi_hard_reset(struct mpi_ctl *c)
{
	__u32 diag;
	int ret;

	c->hard_resets++;
	mpi_wr(&c->io, MPI_HOST_INT_STATUS, 0);
	if (c->is_1078) {
		mpi_wr(&c->io, MPI_RESET_1078, MPI_RESET_1078_KEY);
		mpi_mdelay(&c->io, 1);
		return mpi_wait_state(c, MPI_IOC_STATE_READY, MPI_HARD_RESET_MS);
	}
	ret = mpi_open_diag(c);
	if (ret)
		return ret;
	diag = mpi_rd(&c->io, MPI_DIAGNOSTIC);
	mpi_wr(&c->io, MPI_DIAGNOSTIC, diag | MPI_DIAG_DISABLE_ARM);
	mpi_mdelay(&c->io, 1);
	mpi_wr(&c->io, MPI_DIAGNOSTIC, diag | MPI_DIAG_RESET_ADAPTER);
	mpi_mdelay(&c->io, 1);
	ret = mpi_wait_state(c, MPI_IOC_STATE_READY, MPI_HARD_RESET_MS);
	if (ret)
		return ret;
	if (!mpi_open_diag(c)) {
		diag = mpi_rd(&c->io, MPI_DIAGNOSTIC);
		mpi_wr(&c->io, MPI_DIAGNOSTIC, diag & ~MPI_DIAG_RESET_HISTORY);
	}
	mpi_wr(&c->io, MPI_WRITE_SEQUENCE, 0xffffffff);	/* close it */
	diag = mpi_rd(&c->io, MPI_DIAGNOSTIC);
	if (diag & (MPI_DIAG_FLASH_BAD_SIG | MPI_DIAG_RESET_ADAPTER | MPI_DIAG_DISABLE_ARM))
		return -EIO;
	return 0;
}

/* From whatever the failed kernel left to READY, with nothing in flight. */
static int mpi_make_ready(struct mpi_ctl *c)
{
	__u32 db = mpi_rd(&c->io, MPI_DOORBELL);
	const char *why = NULL;
	int ret;

	if (db == ~0u) {
		mpi_err(c, "the IOC does not answer (gone from the bus)\n");
		return -ENODEV;
	}
	if (db & MPI_DOORBELL_ACTIVE)
		why = "stuck in a doorbell handshake";
	else if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_FAULT)
		why = "in fault";
	else if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_RESET)
		why = "held in reset";
	mpi_info_line(c, "taking over %s: IOC %s (doorbell %#x)%s%s\n", c->name,
		      mpi_state_name(db), db, why ? ": hard reset, " : "", why ? why : "");
	if (!why) {
		ret = mpi_unit_reset(c);
		if (!ret)
			return 0;
		mpi_err(c, "message unit reset failed (%d, doorbell %#x): hard reset\n", ret,
			mpi_rd(&c->io, MPI_DOORBELL));
	}
	ret = mpi_hard_reset(c);
	if (ret)
		mpi_err(c, "hard reset failed (%d, doorbell %#x, diagnostic %#x)\n", ret,
			mpi_rd(&c->io, MPI_DOORBELL), mpi_rd(&c->io, MPI_DIAGNOSTIC));
	return ret;
}

/* ---- bringing the IOC up ------------------------------------------------ */

/*
 * IOC and port facts.  IOCInit then gets the device and bus counts the
 * driver gave (mptbase derives them from port 0's facts), so the
 * firmware's target ids stay as the driver knew them.
 */
static int mpi_facts(struct mpi_ctl *c, __u8 port_type)
{
	__u8 req[MPI_REQUEST_HEADER_BYTES] = { 0 };
	__u8 reply[MPI_IOCFACTS_BYTES];
	__u16 max_id;
	int ret;

	req[MPI_MSG_FUNCTION] = MPI_FUNC_IOC_FACTS;
	ret = mpi_handshake(c, req, sizeof(req), reply, sizeof(reply), MPI_DOORBELL_MS);
	if (ret || mpi_reply_status(reply)) {
		mpi_err(c, "IOC facts failed (%d, IOCStatus %#x)\n", ret, mpi_reply_status(reply));
		return ret ? ret : -EIO;
	}
	c->msg_version = mpi_get16(reply + MPI_IOCFACTS_MSG_VERSION);
	/* A host page buffer the firmware wants, and that it lost. */
	if (c->msg_version >= MPI_VERSION_01_05 &&
	    (mpi_get32(reply + MPI_IOCFACTS_HPB_SGE) & MPI_SGE_MAX_LEN) &&
	    !(reply[MPI_IOCFACTS_FLAGS] & MPI_IOCFACTS_FLAGS_HPB_PERSISTENT)) {
		mpi_err(c, "the firmware asks for a host page buffer, which this hook does not give\n");
		return -EOPNOTSUPP;
	}
	if (mpi_get16(reply + MPI_IOCFACTS_GLOBAL_CREDITS) < MPI_SLOTS + 1) {
		mpi_err(c, "the IOC takes too few requests at once\n");
		return -EOPNOTSUPP;
	}
	/* The IOC reads that many bytes of a posted frame: ours must fit. */
	if (mpi_get16(reply + MPI_IOCFACTS_REQUEST_FRAME_SIZE) * 4u < MPI_SCSIIO_BYTES) {
		mpi_err(c, "the IOC's request frames are smaller than a SCSI IO request\n");
		return -EOPNOTSUPP;
	}

	memset(req, 0, sizeof(req));
	req[MPI_MSG_FUNCTION] = MPI_FUNC_PORT_FACTS;
	ret = mpi_handshake(c, req, sizeof(req), reply, sizeof(reply), MPI_DOORBELL_MS);
	if (ret || mpi_reply_status(reply)) {
		mpi_err(c, "port facts failed (%d, IOCStatus %#x)\n", ret, mpi_reply_status(reply));
		return ret ? ret : -EIO;
	}
	c->port_type = reply[MPI_PORTFACTS_PORT_TYPE];
	if (c->port_type != port_type) {
		mpi_err(c, "port 0 is of type %#x, not %#x\n", c->port_type, port_type);
		return -EOPNOTSUPP;
	}
	max_id = port_type == MPI_PORT_TYPE_SAS ?
		 mpi_get16(reply + MPI_PORTFACTS_PORT_SCSI_ID) :
		 mpi_get16(reply + MPI_PORTFACTS_MAX_DEVICES);
	c->max_devices = max_id > 255 ? 0 : max_id;	/* 0 means 256 */
	c->max_buses = max_id > 255 ? max_id / 256 : 1;
	return 0;
}

static int mpi_init(struct mpi_ctl *c)
{
	__u8 init[MPI_IOCINIT_BYTES] = { 0 }, pe[MPI_REQUEST_HEADER_BYTES] = { 0 };
	__u8 reply[0x20];
	unsigned int i;
	int ret;

	init[MPI_IOCINIT_WHO_INIT] = MPI_WHOINIT_HOST_DRIVER;
	init[MPI_MSG_FUNCTION] = MPI_FUNC_IOC_INIT;
	init[MPI_IOCINIT_MAX_DEVICES] = c->max_devices;
	init[MPI_IOCINIT_MAX_BUSES] = c->max_buses;
	mpi_put16(init + MPI_IOCINIT_REPLY_FRAME_SIZE, MPI_REPLY_BYTES);
	dd_mpi_put32(init + MPI_IOCINIT_HOST_MFA_HIGH, mpi_hi(c->mem_bus));
	dd_mpi_put32(init + MPI_IOCINIT_SENSE_HIGH, mpi_hi(c->mem_bus));
	mpi_put16(init + MPI_IOCINIT_MSG_VERSION, MPI_VERSION_01_05);
	mpi_put16(init + MPI_IOCINIT_HEADER_VERSION, MPI_HEADER_VERSION);
	ret = mpi_handshake(c, init, sizeof(init), reply, sizeof(reply), MPI_INIT_MS);
	if (ret || mpi_reply_status(reply)) {
		mpi_err(c, "IOC init failed (%d, IOCStatus %#x)\n", ret, mpi_reply_status(reply));
		return ret ? ret : -EIO;
	}
	/* Our reply frames, for the IOC to fill. */
	for (i = 0; i < MPI_REPLIES; i++)
		mpi_wr(&c->io, MPI_REPLY_FIFO,
		       mpi_lo(c->mem_bus + MPI_MEM_REPLIES + i * MPI_REPLY_STRIDE));

	pe[MPI_MSG_FUNCTION] = MPI_FUNC_PORT_ENABLE;
	ret = mpi_handshake(c, pe, sizeof(pe), reply, sizeof(reply), MPI_PORT_ENABLE_MS);
	if (!ret && mpi_reply_status(reply))
		ret = -EIO;
	if (!ret)
		ret = mpi_wait_state(c, MPI_IOC_STATE_OPER, MPI_PORT_ENABLE_MS);
	if (ret)
		mpi_err(c, "port enable failed (%d, IOCStatus %#x, doorbell %#x)\n", ret,
			mpi_reply_status(reply), mpi_rd(&c->io, MPI_DOORBELL));
	return ret;
}

int mpi_take_over(struct mpi_ctl *c, __u8 port_type)
{
	int ret;

	mpi_wr(&c->io, MPI_HOST_INT_MASK, MPI_HIM_DIM | MPI_HIM_RIM);
	memset(c->res, 0, sizeof(c->res));
	c->reported = false;
	ret = mpi_make_ready(c);
	if (!ret)
		ret = mpi_facts(c, port_type);
	if (!ret)
		ret = mpi_init(c);
	return ret;
}

MPI_EXPORT(mpi_take_over);

/* ---- the request and reply FIFOs ---------------------------------------- */

static __u8 *mpi_frame(struct mpi_ctl *c, unsigned int slot)
{
	return (__u8 *)c->mem + MPI_MEM_FRAMES + slot * MPI_FRAME_BYTES;
}

static __u8 *mpi_sense(struct mpi_ctl *c, unsigned int slot)
{
	return (__u8 *)c->mem + MPI_MEM_SENSE + slot * MPI_SENSE_BYTES;
}

static void mpi_post(struct mpi_ctl *c, unsigned int slot)
{
	c->res[slot].done = false;
	mpi_wr(&c->io, MPI_REQUEST_FIFO,
	       mpi_lo(c->mem_bus + MPI_MEM_FRAMES + slot * MPI_FRAME_BYTES));
}

/* The slot a context is ours for, or -1. */
static int mpi_slot_of(__u32 context)
{
	__u32 slot = context & ~MPI_CONTEXT_MASK;

	if ((context & MPI_CONTEXT_MASK) != MPI_CONTEXT(0) || slot >= MPI_SLOTS)
		return -1;
	return (int)slot;
}

/* An address reply: one of our reply frames, read and given back. */
static void mpi_address_reply(struct mpi_ctl *c, __u32 val)
{
	__u32 addr = val << 1;
	__u32 off = addr - mpi_lo(c->mem_bus + MPI_MEM_REPLIES);
	struct mpi_result *res;
	const __u8 *r;
	int slot;

	if (off >= MPI_REPLIES * MPI_REPLY_STRIDE || off % MPI_REPLY_STRIDE)
		return;		/* not a frame of ours: never given back */
	r = (const __u8 *)c->mem + MPI_MEM_REPLIES + off;
	slot = mpi_slot_of(mpi_read_le32(r + MPI_MSG_CONTEXT));
	if (slot >= 0) {
		res = &c->res[slot];
		res->ioc_status = mpi_get16(r + MPI_REPLY_IOC_STATUS);
		res->log_info = mpi_get32(r + MPI_REPLY_LOG_INFO);
		res->scsi_status = r[MPI_SCSIIO_REPLY_SCSI_STATUS];
		res->scsi_state = r[MPI_SCSIIO_REPLY_SCSI_STATE];
		res->transfer_count = mpi_get32(r + MPI_SCSIIO_REPLY_TRANSFER_COUNT);
		res->sense_count = mpi_get32(r + MPI_SCSIIO_REPLY_SENSE_COUNT);
		res->ext_page_length = mpi_get16(r + MPI_CONFIG_EXT_PAGE_LENGTH);
		res->page_version = r[MPI_CONFIG_PAGE_VERSION];
		res->page_length = r[MPI_CONFIG_PAGE_LENGTH];
		res->done = true;
	}
	mpi_wr(&c->io, MPI_REPLY_FIFO, addr);
}

/* Take every posted reply; a context reply is a full success. */
static void mpi_reap(struct mpi_ctl *c)
{
	unsigned int n;
	__u32 val;
	int slot;

	for (n = 0; n < 2 * MPI_REPLIES; n++) {
		val = mpi_rd(&c->io, MPI_REPLY_FIFO);
		if (val == MPI_REPLY_EMPTY)
			break;
		if (val & MPI_REPLY_ADDRESS) {
			mpi_address_reply(c, val);
			continue;
		}
		slot = mpi_slot_of(val);
		if (slot < 0)
			continue;
		memset(&c->res[slot], 0, sizeof(c->res[slot]));
		c->res[slot].transfer_count = c->data_length[slot];
		c->res[slot].done = true;
	}
}

/* ---- configuration pages ------------------------------------------------- */

static int mpi_run_cfg(struct mpi_ctl *c)
{
	struct mpi_deadline dl;

	mpi_post(c, MPI_CFG_SLOT);
	mpi_deadline_start(&c->io, &dl, MPI_CONFIG_MS);
	for (;;) {
		mpi_reap(c);
		if (c->res[MPI_CFG_SLOT].done)
			return 0;
		if ((mpi_rd(&c->io, MPI_DOORBELL) & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_FAULT)
			return -EIO;
		if (mpi_deadline_passed(&c->io, &dl))
			return -ETIMEDOUT;
	}
}

/* A configuration page: its header and, once the header is known, its contents. */
struct mpi_page {
	__u8	type;		/* MPI_PAGETYPE_* */
	__u8	number;
	__u8	ext_type;	/* for MPI_PAGETYPE_EXTENDED */
	__u32	address;
	__u8	version;	/* from the header */
	__u16	dwords;		/* from the header: PageLength, or ExtPageLength */
};

/*
 * One configuration request: the header (read false: the page's version
 * and length come back in the reply), or the page itself into the page
 * buffer.  0, an IOCStatus (positive), or a negative errno.
 */
static int mpi_config(struct mpi_ctl *c, struct mpi_page *pg, bool read)
{
	__u8 *f = mpi_frame(c, MPI_CFG_SLOT);
	struct mpi_result *res = &c->res[MPI_CFG_SLOT];
	bool ext = pg->type == MPI_PAGETYPE_EXTENDED;
	__u32 len = read ? pg->dwords * 4u : 0;
	int ret;

	if (len > MPI_PAGE_BYTES)
		len = MPI_PAGE_BYTES;
	memset(f, 0, MPI_FRAME_BYTES);
	f[MPI_CONFIG_ACTION] = read ? MPI_CONFIG_ACTION_READ_CURRENT : MPI_CONFIG_ACTION_HEADER;
	f[MPI_MSG_FUNCTION] = MPI_FUNC_CONFIG;
	dd_mpi_put32(f + MPI_MSG_CONTEXT, MPI_CONTEXT(MPI_CFG_SLOT));
	if (ext) {
		mpi_put16(f + MPI_CONFIG_EXT_PAGE_LENGTH, read ? pg->dwords : 0);
		f[MPI_CONFIG_EXT_PAGE_TYPE] = pg->ext_type;
	} else {
		f[MPI_CONFIG_PAGE_LENGTH] = read ? (__u8)pg->dwords : 0;
	}
	f[MPI_CONFIG_PAGE_VERSION] = read ? pg->version : 0;
	f[MPI_CONFIG_PAGE_NUMBER] = pg->number;
	f[MPI_CONFIG_PAGE_TYPE] = pg->type;
	dd_mpi_put32(f + MPI_CONFIG_PAGE_ADDRESS, pg->address);
	dd_mpi_put_sge64(f + MPI_CONFIG_SGE, 0, c->mem_bus + MPI_MEM_PAGE, len, c->is_1078);
	memset((__u8 *)c->mem + MPI_MEM_PAGE, 0, MPI_PAGE_BYTES);
	ret = mpi_run_cfg(c);
	if (ret)
		return ret;
	if (res->ioc_status & MPI_IOCSTATUS_MASK)
		return res->ioc_status & MPI_IOCSTATUS_MASK;
	if (!read) {
		pg->version = res->page_version;
		pg->dwords = ext ? res->ext_page_length : res->page_length;
	}
	return 0;
}

/* Header, then page, at the same address, as mptbase asks; min bytes at least. */
static int mpi_read_page(struct mpi_ctl *c, struct mpi_page *pg, unsigned int min)
{
	int ret = mpi_config(c, pg, false);

	if (!ret && (pg->dwords * 4u < min || pg->dwords * 4u > MPI_PAGE_BYTES))
		ret = -EIO;
	if (!ret)
		ret = mpi_config(c, pg, true);
	return ret;
}

/*
 * The firmware's bus and target id for a SAS address: SAS device page 0
 * of every device in handle order, as mptsas learns them; header, then
 * page, each at the same address.
 */
int mpi_sas_find_target(struct mpi_ctl *c, __u64 sas_address, __u8 *bus, __u8 *target)
{
	const __u8 *page = (const __u8 *)c->mem + MPI_MEM_PAGE;
	struct mpi_page pg = { .type = MPI_PAGETYPE_EXTENDED,
			       .ext_type = MPI_EXTPAGETYPE_SAS_DEVICE };
	__u32 handle = 0xffff;
	unsigned int n;
	int ret = 0;

	for (n = 0; n < MPI_MAX_SAS_DEVICES; n++) {
		pg.address = MPI_SAS_DEVICE_GET_NEXT | handle;
		ret = mpi_read_page(c, &pg, MPI_SAS_DEV0_BYTES);
		if (ret)
			break;
		if (mpi_get64(page + MPI_SAS_DEV0_SAS_ADDRESS) == sas_address) {
			*target = page[MPI_SAS_DEV0_TARGET_ID];
			*bus = page[MPI_SAS_DEV0_BUS];
			return 0;
		}
		handle = mpi_get16(page + MPI_SAS_DEV0_DEV_HANDLE);
	}
	if (n == MPI_MAX_SAS_DEVICES)
		ret = -E2BIG;
	if (ret == MPI_IOCSTATUS_CONFIG_INVALID_PAGE)
		mpi_err(c, "the firmware knows no device with this SAS address\n");
	else
		mpi_err(c, "reading SAS device page 0 failed (%d)\n", ret);
	return -ENODEV;
}

MPI_EXPORT(mpi_sas_find_target);

int mpi_fc_wait_link(struct mpi_ctl *c, unsigned int ms)
{
	const __u8 *page = (const __u8 *)c->mem + MPI_MEM_PAGE;
	struct mpi_page pg = { .type = MPI_PAGETYPE_FC_PORT, .address = 0 };
	struct mpi_deadline dl;
	__u8 state = 0;
	int ret;

	mpi_deadline_start(&c->io, &dl, ms);
	for (;;) {
		ret = mpi_read_page(c, &pg, MPI_FC_PORT0_PORT_STATE + 1);
		if (ret) {
			mpi_err(c, "reading FC port page 0 failed (%d)\n", ret);
			return ret < 0 ? ret : -EIO;
		}
		state = page[MPI_FC_PORT0_PORT_STATE];
		if (state == MPI_FC_PORTSTATE_ONLINE &&
		    (mpi_get32(page + MPI_FC_PORT0_FLAGS) & MPI_FC_PORT0_ATTACH_TYPE_MASK) !=
		    MPI_FC_PORT0_ATTACH_NO_INIT)
			return 0;
		if (mpi_deadline_passed(&c->io, &dl))
			break;
		mpi_mdelay(&c->io, MPI_FC_LINK_POLL_MS);
	}
	mpi_err(c, "the FC link stayed down (port state %u) for %u s\n", state, ms / 1000);
	return -ENOLINK;
}

MPI_EXPORT(mpi_fc_wait_link);

int mpi_fc_find_target(struct mpi_ctl *c, __u64 wwpn, __u8 *bus, __u8 *target)
{
	const __u8 *page = (const __u8 *)c->mem + MPI_MEM_PAGE;
	struct mpi_page pg = { .type = MPI_PAGETYPE_FC_DEVICE };
	__u32 port_id = 0xffffff;
	unsigned int n;
	int ret = 0;

	for (n = 0; n < MPI_MAX_FC_DEVICES && port_id <= MPI_FC_MAX_PORT_ID + 0xffff; n++) {
		pg.address = MPI_FC_DEV_NEXT_DID | (port_id & 0xffffff);
		ret = mpi_read_page(c, &pg, MPI_FC_DEV0_BYTES);
		if (ret)
			break;
		if (mpi_get64(page + MPI_FC_DEV0_WWPN) == wwpn) {
			if (!(page[MPI_FC_DEV0_FLAGS] & MPI_FC_DEV0_TARGETID_BUS_VALID) ||
			    !(page[MPI_FC_DEV0_PROTOCOL] & MPI_FC_DEV0_PROT_FCP_TARGET)) {
				mpi_err(c, "the remote port is not an FCP target with a bus and target id\n");
				return -ENODEV;
			}
			*target = page[MPI_FC_DEV0_TARGET_ID];
			*bus = page[MPI_FC_DEV0_BUS];
			return 0;
		}
		port_id = mpi_get32(page + MPI_FC_DEV0_PORT_ID);
		if (port_id > MPI_FC_MAX_PORT_ID)
			break;
	}
	if (ret == MPI_IOCSTATUS_CONFIG_INVALID_PAGE || !ret)
		mpi_err(c, "the firmware knows no remote port with this WWPN\n");
	else
		mpi_err(c, "reading FC device page 0 failed (%d)\n", ret);
	return -ENODEV;
}

MPI_EXPORT(mpi_fc_find_target);

/* ---- SCSI IO ------------------------------------------------------------- */

int mpi_scsi_submit(struct mpi_ctl *c, unsigned int tag, struct dd_mpi_scsi_io *io)
{
	if (tag >= MPI_TAGS)
		return -EINVAL;
	io->context = MPI_CONTEXT(tag);
	io->sense = c->mem_bus + MPI_MEM_SENSE + tag * MPI_SENSE_BYTES;
	io->sense_len = MPI_SENSE_BYTES;
	io->sas1078 = c->is_1078;
	if (dd_mpi_build_scsi_io(mpi_frame(c, tag), MPI_FRAME_BYTES, io))
		return -EINVAL;
	c->data_length[tag] = io->dir == DD_MPI_NO_DATA ? 0 : io->len;
	memset(mpi_sense(c, tag), 0, MPI_SENSE_BYTES);
	mpi_post(c, tag);
	return 0;
}

MPI_EXPORT(mpi_scsi_submit);

/* The IOC's verdict and then the target's, through the shared policy. */
static int mpi_scsi_result(struct mpi_ctl *c, unsigned int tag)
{
	const struct mpi_result *r = &c->res[tag];
	__u16 ioc = r->ioc_status & MPI_IOCSTATUS_MASK;
	const __u8 *sense = mpi_sense(c, tag);
	struct dd_scsi_sense s;
	__u32 sense_len = 0;

	switch (ioc) {
	case MPI_IOCSTATUS_SUCCESS:
	case MPI_IOCSTATUS_SCSI_RECOVERED_ERROR:
	case MPI_IOCSTATUS_SCSI_DATA_UNDERRUN:
		break;
	case MPI_IOCSTATUS_BUSY:
	case MPI_IOCSTATUS_INSUFFICIENT_RESOURCES:
	case MPI_IOCSTATUS_SCSI_TASK_TERMINATED:
	case MPI_IOCSTATUS_SCSI_IOC_TERMINATED:
	case MPI_IOCSTATUS_SCSI_EXT_TERMINATED:
		mpi_warn(c, "command ended with IOCStatus %#x (log info %#x): again\n", ioc,
			 r->log_info);
		return -EAGAIN;
	default:
		mpi_err(c, "command failed: IOCStatus %#x (log info %#x)%s\n", ioc, r->log_info,
			ioc == MPI_IOCSTATUS_SCSI_DEVICE_NOT_THERE ? ", device not there" : "");
		return -EIO;
	}
	if (r->scsi_state & (MPI_SCSI_STATE_NO_SCSI_STATUS | MPI_SCSI_STATE_TERMINATED)) {
		mpi_err(c, "command got no SCSI status (state %#x)\n", r->scsi_state);
		return -EIO;
	}
	if (r->scsi_state & MPI_SCSI_STATE_AUTOSENSE_VALID)
		sense_len = r->sense_count < MPI_SENSE_BYTES ? r->sense_count : MPI_SENSE_BYTES;
	switch (dd_scsi_verdict(r->scsi_status, sense, sense_len)) {
	case DD_SCSI_DONE:
		if (r->transfer_count < c->data_length[tag]) {
			mpi_err(c, "short transfer: %u of %u bytes\n", r->transfer_count,
				c->data_length[tag]);
			return -EIO;
		}
		return 0;
	case DD_SCSI_RETRY:
		dd_scsi_parse_sense(sense, sense_len, &s);
		mpi_warn(c, "status %#x, sense %s asc %#x ascq %#x: again\n", r->scsi_status,
			 dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
		return -EAGAIN;
	case DD_SCSI_RETRY_FEW:
		dd_scsi_parse_sense(sense, sense_len, &s);
		mpi_warn(c, "status %#x, sense %s asc %#x ascq %#x: aborted, again\n",
			 r->scsi_status, dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
		return -ECOMM;
	default:
		dd_scsi_parse_sense(sense, sense_len, &s);
		mpi_err(c, "command failed: status %#x, sense %s asc %#x ascq %#x\n",
			r->scsi_status, dd_scsi_sense_key_name(s.key), s.asc, s.ascq);
		return -EIO;
	}
}

int mpi_scsi_poll(struct mpi_ctl *c, unsigned int tag)
{
	__u32 db;

	if (tag >= MPI_TAGS)
		return -EINVAL;
	if (!c->res[tag].done)
		mpi_reap(c);
	if (c->res[tag].done)
		return mpi_scsi_result(c, tag);
	db = mpi_rd(&c->io, MPI_DOORBELL);
	if (db != ~0u && (db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_OPER)
		return -EINPROGRESS;
	if (!c->reported)
		mpi_err(c, "IOC left operational (doorbell %#x)\n", db);
	c->reported = true;
	return -EIO;
}

MPI_EXPORT(mpi_scsi_poll);

void mpi_shutdown(struct mpi_ctl *c)
{
	__u32 db = mpi_rd(&c->io, MPI_DOORBELL);

	if ((db & MPI_IOC_STATE_MASK) == MPI_IOC_STATE_OPER && !(db & MPI_DOORBELL_ACTIVE))
		mpi_unit_reset(c);
}

MPI_EXPORT(mpi_shutdown);
