// SPDX-License-Identifier: GPL-2.0
/* The MPI IOC simulator (sim.h), and env.h's userspace side for proto.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "mpi.h"
#include "mpi_scsi_io.h"
#include "sim.h"
#include <diskdump/scsi.h>

#define SIM_BLOCK		512
#define SIM_REQUEST_FRAME_DWORDS 32	/* what IOCFacts reports: 128-byte frames */
#define SIM_CREDITS		16
#define SIM_IO_US		50	/* a command's service time */
#define SIM_MUR_US		1000
#define SIM_HARD_RESET_US	2000000
#define SIM_FAULT_CODE		0x2101	/* any code: the firmware's own */
static const __u8 sim_keys[] = MPI_DIAG_KEYS;

static void sim_fail(struct mpi_sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sim_fail(struct mpi_sim *s, const char *fmt, ...)
{
	va_list ap;

	if (s->error[0])
		return;		/* the first rule broken is the one to see */
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
}

static const char *state_name(__u32 state)
{
	switch (state) {
	case MPI_IOC_STATE_RESET: return "reset";
	case MPI_IOC_STATE_READY: return "ready";
	case MPI_IOC_STATE_OPER: return "operational";
	default: return "fault";
	}
}

/* ---- memory ---------------------------------------------------------------- */

void sim_dma_map(struct mpi_sim *s, void *cpu, size_t size, __u64 bus)
{
	if (s->nr_regions == SIM_MAX_REGIONS) {
		sim_fail(s, "too many DMA regions");
		return;
	}
	s->region[s->nr_regions++] = (struct sim_region){ .bus = bus, .size = size, .cpu = cpu };
}

static void *bus_to_cpu(struct mpi_sim *s, __u64 bus, size_t size)
{
	for (unsigned int i = 0; i < s->nr_regions; i++) {
		struct sim_region *r = &s->region[i];

		if (bus >= r->bus && bus - r->bus <= r->size && size <= r->size - (bus - r->bus))
			return (__u8 *)r->cpu + (bus - r->bus);
	}
	return NULL;
}

/* ---- setup ----------------------------------------------------------------- */

void sim_init(struct mpi_sim *s, enum sim_personality p, __u64 nr_blocks)
{
	memset(s, 0, sizeof(*s));
	s->personality = p;
	s->block_size = SIM_BLOCK;
	s->nr_blocks = nr_blocks;
	s->disk = calloc(nr_blocks, SIM_BLOCK);
	s->state = MPI_IOC_STATE_READY;
	/* A few devices; the disk is the third, as behind an expander. */
	for (unsigned int i = 0; i < 4; i++) {
		s->dev[i] = (struct sim_device){
			.sas_address = (p == SIM_FC ? 0x21000024ff000000ull : 0x5000c50000a0b000ull) + i,
			.port_id = 0x010200u + 0x100u * i,
			.handle = (__u16)(9 + 2 * i),
			.bus = 0,
			.target = (__u8)(p == SIM_SPI ? i + 1 : i),
		};
	}
	s->nr_dev = 4;
	s->disk_dev = 2;
}

void sim_free(struct mpi_sim *s)
{
	free(s->disk);
	s->disk = NULL;
}

/* What the failed kernel's driver had: its own frames, a request in flight. */
void sim_left_operational(struct mpi_sim *s)
{
	s->state = MPI_IOC_STATE_OPER;
	s->inited = true;
	s->port_enabled = true;
	s->mfa_high = 0x7;		/* the driver's memory, not ours */
	s->sense_high = 0x7;
	s->reply_frame_size = 80;
	for (unsigned int i = 0; i < 8; i++)
		s->free_fifo[s->free_len++] = 0x00200000u + i * 128;
	s->req[0] = (struct sim_req){ .used = true, .foreign = true, .context = 0x1234,
				      .due_us = s->now_us + 1000000 };
}

void sim_start_faults(struct mpi_sim *s)
{
	if (s->fault.fault_at_start) {
		s->state = MPI_IOC_STATE_FAULT;
		s->fault_code = SIM_FAULT_CODE;
	}
	if (s->fault.doorbell_stuck)
		s->hs = HS_STUCK;
}

/* ---- replies ---------------------------------------------------------------- */

static void post(struct mpi_sim *s, __u32 v)
{
	if (s->post_len == SIM_FIFO_SIZE) {
		sim_fail(s, "reply post FIFO overflow");
		return;
	}
	s->post_fifo[(s->post_head + s->post_len++) % SIM_FIFO_SIZE] = v;
}

static void put32(__u8 *p, __u32 v)
{
	dd_mpi_put32(p, v);
}

/* A reply frame for r: the next free one, filled; a context reply needs none. */
static void complete(struct mpi_sim *s, struct sim_req *r)
{
	__u8 *f;
	__u32 addr;

	if (r->foreign)
		return;		/* its reply frames were the driver's: gone */
	if (!r->ioc_status && !r->scsi_status && !r->scsi_state && r->function != MPI_FUNC_CONFIG) {
		post(s, r->context & 0x1fffffffu);
		return;
	}
	if (!s->free_len) {
		sim_fail(s, "an address reply with no reply frame given back");
		return;
	}
	addr = s->free_fifo[0];
	memmove(s->free_fifo, s->free_fifo + 1, --s->free_len * sizeof(s->free_fifo[0]));
	f = bus_to_cpu(s, (__u64)s->mfa_high << 32 | addr, s->reply_frame_size);
	if (!f) {
		sim_fail(s, "reply frame %#x (high %#x) is not host memory", addr, s->mfa_high);
		return;
	}
	memset(f, 0, s->reply_frame_size);
	f[MPI_MSG_FUNCTION] = r->function;
	put32(f + MPI_MSG_CONTEXT, r->context);
	mpi_put16(f + MPI_REPLY_IOC_STATUS, r->ioc_status);
	if (r->function == MPI_FUNC_CONFIG) {
		f[MPI_MSG_LENGTH] = 0x14 / 4;
		mpi_put16(f + MPI_CONFIG_EXT_PAGE_LENGTH, r->ext_len);
		f[MPI_CONFIG_PAGE_VERSION] = r->page_version;
		f[MPI_CONFIG_PAGE_LENGTH] = r->page_len;
	} else {
		f[MPI_MSG_LENGTH] = MPI_SCSIIO_REPLY_BYTES / 4;
		f[MPI_SCSIIO_REPLY_SCSI_STATUS] = r->scsi_status;
		f[MPI_SCSIIO_REPLY_SCSI_STATE] = r->scsi_state;
		put32(f + MPI_SCSIIO_REPLY_TRANSFER_COUNT, r->transfer);
		put32(f + MPI_SCSIIO_REPLY_SENSE_COUNT, r->sense_count);
	}
	post(s, MPI_REPLY_ADDRESS | addr >> 1);
}

/* ---- time ------------------------------------------------------------------- */

static void drop_everything(struct mpi_sim *s)
{
	memset(s->req, 0, sizeof(s->req));
	s->free_len = 0;
	s->post_len = 0;
	s->inited = false;
	s->port_enabled = false;
	s->hs = HS_IDLE;
	s->his = 0;
}

static void process(struct mpi_sim *s)
{
	if (s->ready_at_us && s->now_us >= s->ready_at_us) {
		s->ready_at_us = 0;
		s->state = s->reset_to;
	}
	if ((s->his & MPI_HIS_IOP_DOORBELL) && s->iop_ack_at_us && s->now_us >= s->iop_ack_at_us) {
		s->his &= ~MPI_HIS_IOP_DOORBELL;
		s->iop_ack_at_us = 0;
	}
	for (unsigned int i = 0; i < SIM_MAX_INFLIGHT; i++) {
		struct sim_req *r = &s->req[i];

		if (r->used && !r->lost && s->now_us >= r->due_us) {
			r->used = false;
			complete(s, r);
		}
	}
}

void sim_advance(struct mpi_sim *s, __u64 us)
{
	s->now_us += us;
	process(s);
}

static void tick(struct mpi_sim *s)
{
	/* Polling a resetting IOC: each look takes longer (keeps timeouts quick to run). */
	sim_advance(s, s->ready_at_us ? 100 : 1);
}

/* ---- the handshake's messages ----------------------------------------------- */

static __u8 *reply_bytes(struct mpi_sim *s, unsigned int bytes, __u8 function)
{
	__u8 *b = (__u8 *)s->hs_reply;

	memset(s->hs_reply, 0, sizeof(s->hs_reply));
	b[MPI_MSG_LENGTH] = (__u8)(bytes / 4);
	b[MPI_MSG_FUNCTION] = function;
	s->hs_words = bytes / 2;
	return b;
}

/* The device and bus counts mptbase derives from PortFacts (max_id). */
static __u16 sim_max_id(const struct mpi_sim *s)
{
	switch (s->personality) {
	case SIM_SPI: return 16;
	case SIM_FC: return 256;
	default: return 128;
	}
}

static void handshake_message(struct mpi_sim *s)
{
	const __u8 *m = (const __u8 *)s->hs_req;
	__u8 fn = m[MPI_MSG_FUNCTION], *b;
	__u16 max_id = sim_max_id(s);

	switch (fn) {
	case MPI_FUNC_IOC_FACTS:
		b = reply_bytes(s, MPI_IOCFACTS_BYTES, fn);
		mpi_put16(b + MPI_IOCFACTS_MSG_VERSION, MPI_VERSION_01_05);
		mpi_put16(b + MPI_IOCFACTS_REQUEST_FRAME_SIZE, SIM_REQUEST_FRAME_DWORDS);
		mpi_put16(b + MPI_IOCFACTS_GLOBAL_CREDITS, SIM_CREDITS);
		b[MPI_IOCFACTS_NUMBER_OF_PORTS] = 1;
		break;
	case MPI_FUNC_PORT_FACTS:
		b = reply_bytes(s, MPI_PORTFACTS_BYTES, fn);
		b[MPI_PORTFACTS_PORT_TYPE] = s->personality == SIM_SPI ? MPI_PORT_TYPE_SCSI :
					     s->personality == SIM_FC ? MPI_PORT_TYPE_FC :
					     MPI_PORT_TYPE_SAS;
		mpi_put16(b + MPI_PORTFACTS_MAX_DEVICES, max_id);
		mpi_put16(b + MPI_PORTFACTS_PORT_SCSI_ID,
			  s->personality == SIM_SPI ? 7 : max_id);
		break;
	case MPI_FUNC_IOC_INIT: {
		__u8 want_dev = max_id > 255 ? 0 : (__u8)max_id;
		__u8 want_bus = max_id > 255 ? (__u8)(max_id / 256) : 1;

		if (s->hs_dwords != MPI_IOCINIT_BYTES / 4)
			sim_fail(s, "IOCInit of %u dwords", s->hs_dwords);
		if (s->state != MPI_IOC_STATE_READY)
			sim_fail(s, "IOCInit in state %s", state_name(s->state));
		if (m[MPI_IOCINIT_WHO_INIT] != MPI_WHOINIT_HOST_DRIVER)
			sim_fail(s, "IOCInit WhoInit %#x", m[MPI_IOCINIT_WHO_INIT]);
		if (mpi_get16(m + MPI_IOCINIT_MSG_VERSION) != MPI_VERSION_01_05)
			sim_fail(s, "IOCInit MsgVersion %#x", mpi_get16(m + MPI_IOCINIT_MSG_VERSION));
		/* Other counts would renumber the targets the driver knew. */
		if (m[MPI_IOCINIT_MAX_DEVICES] != want_dev || m[MPI_IOCINIT_MAX_BUSES] != want_bus)
			sim_fail(s, "IOCInit MaxDevices %u MaxBuses %u, the driver gave %u and %u",
				 m[MPI_IOCINIT_MAX_DEVICES], m[MPI_IOCINIT_MAX_BUSES], want_dev,
				 want_bus);
		s->reply_frame_size = mpi_get16(m + MPI_IOCINIT_REPLY_FRAME_SIZE);
		if (s->reply_frame_size < MPI_SCSIIO_REPLY_BYTES || s->reply_frame_size % 4)
			sim_fail(s, "IOCInit ReplyFrameSize %u", s->reply_frame_size);
		s->mfa_high = mpi_get32(m + MPI_IOCINIT_HOST_MFA_HIGH);
		if (s->personality == SIM_SAS1078 && s->mfa_high)
			sim_fail(s, "SAS1078: frames above 4 GiB (high %#x)", s->mfa_high);
		s->sense_high = mpi_get32(m + MPI_IOCINIT_SENSE_HIGH);
		s->max_devices = m[MPI_IOCINIT_MAX_DEVICES];
		s->max_buses = m[MPI_IOCINIT_MAX_BUSES];
		s->inited = true;
		s->state = MPI_IOC_STATE_OPER;
		reply_bytes(s, 0x14, fn);
		break;
	}
	case MPI_FUNC_PORT_ENABLE:
		if (!s->inited)
			sim_fail(s, "PortEnable before IOCInit");
		s->port_enabled = true;
		s->port_enabled_at_us = s->now_us;
		reply_bytes(s, 0x14, fn);
		break;
	default:
		b = reply_bytes(s, 0x14, fn);
		mpi_put16(b + MPI_REPLY_IOC_STATUS, MPI_IOCSTATUS_INVALID_FUNCTION);
		break;
	}
}

/* ---- requests through the FIFO ---------------------------------------------- */

static struct sim_req *new_req(struct mpi_sim *s, __u32 context, __u8 function)
{
	unsigned int used = 0;

	for (unsigned int i = 0; i < SIM_MAX_INFLIGHT; i++)
		used += s->req[i].used && !s->req[i].foreign;
	if (used >= SIM_CREDITS) {
		sim_fail(s, "more requests in flight than the IOC's %u credits", SIM_CREDITS);
		return NULL;
	}
	for (unsigned int i = 0; i < SIM_MAX_INFLIGHT; i++) {
		if (!s->req[i].used) {
			s->req[i] = (struct sim_req){ .used = true, .context = context,
						      .function = function,
						      .due_us = s->now_us + SIM_IO_US };
			return &s->req[i];
		}
	}
	sim_fail(s, "simulator: too many requests");
	return NULL;
}

struct sge_walk {
	__u8	*seg[8];
	__u32	len[8];
	unsigned int n;
	__u32	total;
	bool	to_ioc;
};

/* The S/G list at sgl: simple elements (32 or 64 bit) and chains, checked. */
static int walk_sgl(struct mpi_sim *s, const __u8 *sgl, unsigned int room, struct sge_walk *w)
{
	unsigned int pos = 0, hops = 0;

	memset(w, 0, sizeof(*w));
	for (;;) {
		__u32 fl, flags, len;
		__u64 addr;
		unsigned int bytes;
		bool is64;

		if (pos + 8 > room) {
			sim_fail(s, "S/G list runs past its frame");
			return -1;
		}
		fl = mpi_get32(sgl + pos);
		flags = fl >> MPI_SGE_FLAGS_SHIFT;
		len = fl & MPI_SGE_MAX_LEN;
		is64 = flags & MPI_SGE_64BIT;
		bytes = is64 ? 12 : 8;
		if (pos + bytes > room) {
			sim_fail(s, "S/G element runs past its frame");
			return -1;
		}
		addr = mpi_get32(sgl + pos + 4);
		if (is64)
			addr |= (__u64)mpi_get32(sgl + pos + 8) << 32;
		if ((flags & 0x30) == 0x30) {		/* a chain element */
			const __u8 *next = bus_to_cpu(s, addr, len);

			if (!next || ++hops > 4) {
				sim_fail(s, "chain element to %#llx (%u bytes) is not host memory",
					 (unsigned long long)addr, len);
				return -1;
			}
			sgl = next;
			room = len;
			pos = 0;
			continue;
		}
		if ((flags & 0x30) != MPI_SGE_SIMPLE) {
			sim_fail(s, "S/G element of type %#x", flags & 0x30);
			return -1;
		}
		if (flags & MPI_SGE_LOCAL_ADDRESS) {
			/* Only the SAS1078's erratum: bit 63 set, the buffer ending at 36-40 GB. */
			if (s->personality != SIM_SAS1078 || !(addr >> 63) ||
			    ((addr & ~(1ull << 63)) + len) >> 32 != 9) {
				sim_fail(s, "LocalAddress S/G element %#llx (%u bytes)",
					 (unsigned long long)addr, len);
				return -1;
			}
			addr &= ~(1ull << 63);
		} else if (s->personality == SIM_SAS1078 && len && (addr + len) >> 32 == 9) {
			sim_fail(s, "SAS1078: buffer %#llx (%u bytes) ends in the 36 GB window without the erratum's marking",
				 (unsigned long long)addr, len);
			return -1;
		}
		if (w->n && ((flags & MPI_SGE_HOST_TO_IOC) != 0) != w->to_ioc) {
			sim_fail(s, "S/G elements of both directions");
			return -1;
		}
		w->to_ioc = flags & MPI_SGE_HOST_TO_IOC;
		if (len) {
			void *cpu = bus_to_cpu(s, addr, len);

			if (!cpu || w->n == 8) {
				sim_fail(s, "data buffer %#llx (%u bytes) is not host memory",
					 (unsigned long long)addr, len);
				return -1;
			}
			w->seg[w->n] = cpu;
			w->len[w->n++] = len;
			w->total += len;
		}
		if (flags & MPI_SGE_END_OF_LIST) {
			if (!(flags & MPI_SGE_LAST))
				sim_fail(s, "EndOfList without LastElement");
			return 0;
		}
		pos += bytes;
	}
}

static void copy_data(struct mpi_sim *s, const struct sge_walk *w, __u64 lba, bool write)
{
	__u8 *disk = s->disk + lba * s->block_size;

	for (unsigned int i = 0; i < w->n; i++) {
		if (write)
			memcpy(disk, w->seg[i], w->len[i]);
		else
			memcpy(w->seg[i], disk, w->len[i]);
		disk += w->len[i];
	}
	if (write)
		s->writes++;
	else
		s->reads++;
}

static void fixed_sense(struct mpi_sim *s, __u64 sense_bus, unsigned int room, __u8 key,
			__u8 asc, __u8 ascq, struct sim_req *r)
{
	__u8 *p = bus_to_cpu(s, sense_bus, 18);

	r->scsi_status = DD_SCSI_CHECK_CONDITION;
	if (!p || room < 18)
		return;
	memset(p, 0, 18);
	p[0] = 0x70;
	p[2] = key;
	p[7] = 10;
	p[12] = asc;
	p[13] = ascq;
	r->scsi_state = MPI_SCSI_STATE_AUTOSENSE_VALID;
	r->sense_count = 18;
}

static void scsi_io(struct mpi_sim *s, const __u8 *f)
{
	__u64 sense_bus = f[MPI_MSG_FLAGS] & MPI_SCSIIO_MSGFLGS_SENSE_WIDTH_64 ?
			  (__u64)s->sense_high << 32 | mpi_get32(f + MPI_SCSIIO_SENSE_LOW) :
			  mpi_get32(f + MPI_SCSIIO_SENSE_LOW);
	__u32 control = mpi_get32(f + MPI_SCSIIO_CONTROL), dlen = mpi_get32(f + MPI_SCSIIO_DATA_LENGTH);
	unsigned int sense_len = f[MPI_SCSIIO_SENSE_LENGTH], cdb_len = f[MPI_SCSIIO_CDB_LENGTH];
	const __u8 *cdb = f + MPI_SCSIIO_CDB;
	struct sim_device *dev = NULL;
	struct sge_walk w;
	struct sim_req *r;
	__u64 lba = 0;
	__u32 blocks = 0;
	bool write = false, data = true;

	r = new_req(s, mpi_get32(f + MPI_MSG_CONTEXT), MPI_FUNC_SCSI_IO_REQUEST);
	if (!r)
		return;
	s->ios++;
	/* Real firmware writes the sense where MsgFlags says, whatever is there. */
	if (sense_len && !bus_to_cpu(s, sense_bus, sense_len)) {
		sim_fail(s, "sense buffer at %#llx (MsgFlags %#x) is not host memory",
			 (unsigned long long)sense_bus, f[MPI_MSG_FLAGS]);
		return;
	}
	if (walk_sgl(s, f + MPI_SCSIIO_SGL, SIM_REQUEST_FRAME_DWORDS * 4 - MPI_SCSIIO_SGL, &w))
		return;
	if (w.total != dlen) {
		sim_fail(s, "S/G list covers %u bytes, DataLength is %u", w.total, dlen);
		return;
	}
	switch (cdb[0]) {
	case DD_SCSI_WRITE_10:
	case DD_SCSI_READ_10:
		lba = dd_scsi_get_be32(cdb + 2);
		blocks = (__u32)cdb[7] << 8 | cdb[8];
		write = cdb[0] == DD_SCSI_WRITE_10;
		if (cdb_len != 10)
			sim_fail(s, "a 10-byte CDB said to be %u bytes", cdb_len);
		break;
	case DD_SCSI_WRITE_16:
	case DD_SCSI_READ_16:
		lba = dd_scsi_get_be64(cdb + 2);
		blocks = dd_scsi_get_be32(cdb + 10);
		write = cdb[0] == DD_SCSI_WRITE_16;
		if (cdb_len != 16)
			sim_fail(s, "a 16-byte CDB said to be %u bytes", cdb_len);
		break;
	case DD_SCSI_SYNC_CACHE_10:
	case DD_SCSI_SYNC_CACHE_16:
		data = false;
		break;
	default:
		sim_fail(s, "unexpected CDB %#x", cdb[0]);
		return;
	}
	if (data && (control & (MPI_SCSIIO_CONTROL_WRITE | MPI_SCSIIO_CONTROL_READ)) !=
		    (write ? MPI_SCSIIO_CONTROL_WRITE : MPI_SCSIIO_CONTROL_READ))
		sim_fail(s, "Control %#x for CDB %#x", control, cdb[0]);
	if (data && w.to_ioc != write)
		sim_fail(s, "S/G direction %s for CDB %#x", w.to_ioc ? "to the IOC" : "to the host",
			 cdb[0]);
	if (!data && dlen)
		sim_fail(s, "SYNCHRONIZE CACHE with %u bytes of data", dlen);
	if (data && (__u64)blocks * s->block_size != dlen)
		sim_fail(s, "CDB moves %u blocks, DataLength is %u bytes", blocks, dlen);
	if (data && (lba > s->nr_blocks || blocks > s->nr_blocks - lba))
		sim_fail(s, "LBA %llu + %u beyond the disk's %llu blocks", (unsigned long long)lba,
			 blocks, (unsigned long long)s->nr_blocks);
	if (s->error[0])
		return;
	for (unsigned int i = 0; i < s->nr_dev; i++)
		if (s->dev[i].bus == f[MPI_SCSIIO_BUS] && s->dev[i].target == f[MPI_SCSIIO_TARGET])
			dev = &s->dev[i];
	if (!dev) {
		r->ioc_status = MPI_IOCSTATUS_SCSI_DEVICE_NOT_THERE;
		return;
	}
	if (dev != &s->dev[s->disk_dev]) {
		sim_fail(s, "a command to bus %u target %u, another device than the disk",
			 dev->bus, dev->target);
		return;
	}
	for (unsigned int i = 0; i < 8; i++)
		if (f[MPI_SCSIIO_LUN + i])
			sim_fail(s, "LUN byte %u is %#x; the disk is LUN 0", i, f[MPI_SCSIIO_LUN + i]);
	/* The faults, at our n-th command. */
	if (s->fault.fault_nth == s->ios) {
		s->state = MPI_IOC_STATE_FAULT;
		s->fault_code = SIM_FAULT_CODE;
		memset(s->req, 0, sizeof(s->req));
		return;
	}
	if (s->fault.lose_nth == s->ios) {
		r->lost = true;
		return;
	}
	if (s->ua_pending) {
		s->ua_pending = false;
		fixed_sense(s, sense_bus, sense_len, DD_SENSE_UNIT_ATTENTION, 0x29, 0x00, r);
		return;
	}
	if (s->fault.sense_nth == s->ios) {
		fixed_sense(s, sense_bus, sense_len, s->fault.sense_key, s->fault.asc, s->fault.ascq, r);
		return;
	}
	if (s->fault.busy_nth == s->ios) {
		r->scsi_status = DD_SCSI_BUSY;
		return;
	}
	if (s->fault.ioc_status_nth == s->ios) {
		r->ioc_status = s->fault.ioc_status;
		return;
	}
	if (data)
		copy_data(s, &w, lba, write);
	else
		s->syncs++;
	r->transfer = dlen;
}

/* The page buffer of a read: one element, to the host, large enough. */
static __u8 *page_buffer(struct mpi_sim *s, const __u8 *f, unsigned int bytes)
{
	struct sge_walk w;

	if (walk_sgl(s, f + MPI_CONFIG_SGE, SIM_REQUEST_FRAME_DWORDS * 4 - MPI_CONFIG_SGE, &w))
		return NULL;
	if (w.n != 1 || w.len[0] < bytes || w.to_ioc) {
		sim_fail(s, "a page buffer of %u bytes for a %u-byte page", w.total, bytes);
		return NULL;
	}
	memset(w.seg[0], 0, w.len[0]);
	return w.seg[0];
}

/* A read must name the version and length the header gave. */
static bool read_matches(struct mpi_sim *s, const __u8 *f, const struct sim_req *r, bool ext)
{
	unsigned int len = ext ? mpi_get16(f + MPI_CONFIG_EXT_PAGE_LENGTH) : f[MPI_CONFIG_PAGE_LENGTH];
	unsigned int want = ext ? r->ext_len : r->page_len;

	if (f[MPI_CONFIG_PAGE_VERSION] != r->page_version || len != want) {
		sim_fail(s, "page read with version %u and length %u, the header said %u and %u",
			 f[MPI_CONFIG_PAGE_VERSION], len, r->page_version, want);
		return false;
	}
	return true;
}

static bool is_sas(const struct mpi_sim *s)
{
	return s->personality == SIM_SAS || s->personality == SIM_SAS1078;
}

/* SAS device page 0, by the next handle. */
static void sas_device_page(struct mpi_sim *s, const __u8 *f, struct sim_req *r)
{
	__u32 addr = mpi_get32(f + MPI_CONFIG_PAGE_ADDRESS);
	struct sim_device *next = NULL;
	__u8 *page;

	if ((addr & 0xf0000000u) != MPI_SAS_DEVICE_GET_NEXT) {
		sim_fail(s, "SAS device page address form %#x", addr);
		return;
	}
	for (unsigned int i = 0; i < s->nr_dev; i++)
		if ((addr & 0xffff) == 0xffff || s->dev[i].handle > (addr & 0xffff))
			if (!next || s->dev[i].handle < next->handle)
				next = &s->dev[i];
	r->page_version = 1;
	r->ext_len = MPI_SAS_DEV0_BYTES / 4;
	if (!next) {
		r->ioc_status = MPI_IOCSTATUS_CONFIG_INVALID_PAGE;
		return;
	}
	if (f[MPI_CONFIG_ACTION] == MPI_CONFIG_ACTION_HEADER || !read_matches(s, f, r, true))
		return;
	page = page_buffer(s, f, MPI_SAS_DEV0_BYTES);
	if (!page)
		return;
	put32(page + MPI_SAS_DEV0_SAS_ADDRESS, (__u32)next->sas_address);
	put32(page + MPI_SAS_DEV0_SAS_ADDRESS + 4, (__u32)(next->sas_address >> 32));
	mpi_put16(page + MPI_SAS_DEV0_DEV_HANDLE, next->handle);
	page[MPI_SAS_DEV0_TARGET_ID] = next->target;
	page[MPI_SAS_DEV0_BUS] = next->bus;
}

/* FC port page 0: the link, online once fc_link_up_ms have passed since PortEnable. */
static void fc_port_page(struct mpi_sim *s, const __u8 *f, struct sim_req *r)
{
	bool up = s->now_us - s->port_enabled_at_us >= (__u64)s->fault.fc_link_up_ms * 1000;
	__u8 *page;

	r->page_version = 2;
	r->page_len = MPI_FC_PORT0_BYTES / 4;
	if (mpi_get32(f + MPI_CONFIG_PAGE_ADDRESS) != 0 || f[MPI_CONFIG_PAGE_NUMBER]) {
		r->ioc_status = MPI_IOCSTATUS_CONFIG_INVALID_PAGE;
		return;
	}
	if (f[MPI_CONFIG_ACTION] == MPI_CONFIG_ACTION_HEADER || !read_matches(s, f, r, false))
		return;
	page = page_buffer(s, f, MPI_FC_PORT0_BYTES);
	if (!page)
		return;
	page[MPI_FC_PORT0_PORT_STATE] = up ? MPI_FC_PORTSTATE_ONLINE : 0x06;	/* link down */
	put32(page + MPI_FC_PORT0_FLAGS, up ? 0x00000100u : 0);	/* attached to a point-to-point */
}

/* FC device page 0, by the next port identifier after the one given. */
static void fc_device_page(struct mpi_sim *s, const __u8 *f, struct sim_req *r)
{
	__u32 addr = mpi_get32(f + MPI_CONFIG_PAGE_ADDRESS), after = addr & 0xffffff;
	struct sim_device *next = NULL;
	__u8 *page;

	if ((addr & 0x0f000000u) != MPI_FC_DEV_NEXT_DID) {
		sim_fail(s, "FC device page address form %#x", addr);
		return;
	}
	for (unsigned int i = 0; i < s->nr_dev; i++)
		if (after == 0xffffff || s->dev[i].port_id > after)
			if (!next || s->dev[i].port_id < next->port_id)
				next = &s->dev[i];
	r->page_version = 3;
	r->page_len = MPI_FC_DEV0_BYTES / 4;
	if (!next) {
		r->ioc_status = MPI_IOCSTATUS_CONFIG_INVALID_PAGE;
		return;
	}
	if (f[MPI_CONFIG_ACTION] == MPI_CONFIG_ACTION_HEADER || !read_matches(s, f, r, false))
		return;
	page = page_buffer(s, f, MPI_FC_DEV0_BYTES);
	if (!page)
		return;
	put32(page + MPI_FC_DEV0_WWPN, (__u32)next->sas_address);
	put32(page + MPI_FC_DEV0_WWPN + 4, (__u32)(next->sas_address >> 32));
	put32(page + MPI_FC_DEV0_PORT_ID, next->port_id);
	page[MPI_FC_DEV0_PROTOCOL] = s->fault.fc_not_target && next == &s->dev[s->disk_dev] ?
				     0x04 : MPI_FC_DEV0_PROT_FCP_TARGET;
	page[MPI_FC_DEV0_FLAGS] = MPI_FC_DEV0_TARGETID_BUS_VALID;
	page[MPI_FC_DEV0_TARGET_ID] = next->target;
	page[MPI_FC_DEV0_BUS] = next->bus;
}

static void config(struct mpi_sim *s, const __u8 *f)
{
	struct sim_req *r = new_req(s, mpi_get32(f + MPI_MSG_CONTEXT), MPI_FUNC_CONFIG);
	__u8 type = f[MPI_CONFIG_PAGE_TYPE] & 0x0f;

	if (!r)
		return;
	if (f[MPI_CONFIG_ACTION] != MPI_CONFIG_ACTION_HEADER &&
	    f[MPI_CONFIG_ACTION] != MPI_CONFIG_ACTION_READ_CURRENT) {
		sim_fail(s, "config action %#x", f[MPI_CONFIG_ACTION]);
		return;
	}
	if (type == MPI_PAGETYPE_EXTENDED && f[MPI_CONFIG_EXT_PAGE_TYPE] == MPI_EXTPAGETYPE_SAS_DEVICE &&
	    is_sas(s))
		sas_device_page(s, f, r);
	else if (type == MPI_PAGETYPE_FC_PORT && s->personality == SIM_FC)
		fc_port_page(s, f, r);
	else if (type == MPI_PAGETYPE_FC_DEVICE && s->personality == SIM_FC && !f[MPI_CONFIG_PAGE_NUMBER])
		fc_device_page(s, f, r);
	else
		r->ioc_status = MPI_IOCSTATUS_CONFIG_INVALID_PAGE;
}

static void request(struct mpi_sim *s, __u32 low)
{
	__u64 bus = (__u64)s->mfa_high << 32 | low;
	const __u8 *f;

	if (s->state != MPI_IOC_STATE_OPER || !s->inited) {
		sim_fail(s, "request %#x posted to an IOC in state %s%s", low, state_name(s->state),
			 s->inited ? "" : " (no IOCInit)");
		return;
	}
	if (low % 4) {
		sim_fail(s, "request frame %#x not aligned", low);
		return;
	}
	f = bus_to_cpu(s, bus, SIM_REQUEST_FRAME_DWORDS * 4);
	if (!f) {
		sim_fail(s, "request frame %#llx is not host memory", (unsigned long long)bus);
		return;
	}
	switch (f[MPI_MSG_FUNCTION]) {
	case MPI_FUNC_SCSI_IO_REQUEST:
		scsi_io(s, f);
		break;
	case MPI_FUNC_CONFIG:
		config(s, f);
		break;
	default:
		sim_fail(s, "request function %#x through the FIFO", f[MPI_MSG_FUNCTION]);
	}
}

/* ---- the registers ----------------------------------------------------------- */

static void hard_reset(struct mpi_sim *s)
{
	drop_everything(s);
	s->state = MPI_IOC_STATE_RESET;
	s->reset_to = MPI_IOC_STATE_READY;
	s->ready_at_us = s->now_us + (s->fault.hard_reset_us ? s->fault.hard_reset_us :
				      SIM_HARD_RESET_US);
	s->diag = MPI_DIAG_RESET_HISTORY;
	s->key_pos = 0;
	s->fault_code = 0;
	s->ua_pending = s->fault.unit_attention;
	s->hard_resets++;
}

static void doorbell_write(struct mpi_sim *s, __u32 v)
{
	__u32 fn = v >> MPI_DOORBELL_FUNC_SHIFT;

	switch (s->hs) {
	case HS_REQUEST:
		if (s->his & MPI_HIS_IOP_DOORBELL) {
			sim_fail(s, "handshake word %u written before the IOC took the last one",
				 s->hs_got);
			return;
		}
		s->hs_req[s->hs_got++] = v;
		s->his |= MPI_HIS_IOP_DOORBELL;
		s->iop_ack_at_us = s->now_us + 2;
		if (s->hs_got == s->hs_dwords) {
			handshake_message(s);
			s->hs = HS_REPLY;
			s->hs_pos = 0;
			s->his |= MPI_HIS_DOORBELL;	/* the first reply word */
		}
		return;
	case HS_REPLY:
	case HS_END:
		sim_fail(s, "doorbell written during the handshake's reply");
		return;
	case HS_STUCK:
		sim_fail(s, "doorbell written while a handshake is active");
		return;
	case HS_IDLE:
		break;
	}
	if (fn == MPI_FUNC_MSG_UNIT_RESET) {
		s->his |= MPI_HIS_IOP_DOORBELL;
		if (s->state == MPI_IOC_STATE_FAULT || s->state == MPI_IOC_STATE_RESET ||
		    s->fault.mur_ignored)
			return;		/* not taken: the host times out */
		s->iop_ack_at_us = s->now_us + 2;
		drop_everything(s);
		s->his = MPI_HIS_IOP_DOORBELL;
		s->state = MPI_IOC_STATE_RESET;
		s->reset_to = MPI_IOC_STATE_READY;
		s->ready_at_us = s->now_us + SIM_MUR_US;
		s->ua_pending = s->fault.unit_attention;
		s->murs++;
		return;
	}
	if (fn != MPI_FUNC_HANDSHAKE) {
		sim_fail(s, "doorbell function %#x", fn);
		return;
	}
	if (s->state != MPI_IOC_STATE_READY && s->state != MPI_IOC_STATE_OPER) {
		sim_fail(s, "handshake started in state %s", state_name(s->state));
		return;
	}
	s->hs_dwords = (v >> MPI_DOORBELL_DWORDS_SHIFT) & 0xff;
	if (!s->hs_dwords || s->hs_dwords > 64) {
		sim_fail(s, "handshake of %u dwords", s->hs_dwords);
		return;
	}
	s->hs = HS_REQUEST;
	s->hs_got = 0;
	s->his |= MPI_HIS_DOORBELL;
	s->handshakes++;
}

static void his_write(struct mpi_sim *s)
{
	bool presented = s->his & MPI_HIS_DOORBELL;

	s->his &= ~MPI_HIS_DOORBELL;
	if (!presented)
		return;
	if (s->hs == HS_REPLY) {
		if (++s->hs_pos < s->hs_words)
			s->his |= MPI_HIS_DOORBELL;
		else {
			s->hs = HS_END;
			s->his |= MPI_HIS_DOORBELL;
		}
	} else if (s->hs == HS_END) {
		s->hs = HS_IDLE;
	}
}

static void diag_write(struct mpi_sim *s, __u32 v)
{
	if (!(s->diag & MPI_DIAG_DRWE)) {
		sim_fail(s, "diagnostic register written while locked (%#x)", v);
		return;
	}
	if (v & MPI_DIAG_RESET_ADAPTER) {
		if (s->personality == SIM_SAS1078) {
			sim_fail(s, "SAS1078 reset through the diagnostic register, not its own");
			return;
		}
		if (!(s->diag & MPI_DIAG_DISABLE_ARM) && !(v & MPI_DIAG_DISABLE_ARM))
			sim_fail(s, "adapter reset without the ARM disabled first");
		hard_reset(s);
		return;
	}
	s->diag = (s->diag & ~(MPI_DIAG_DISABLE_ARM | MPI_DIAG_RESET_HISTORY)) |
		  (v & (MPI_DIAG_DISABLE_ARM | MPI_DIAG_RESET_HISTORY)) | MPI_DIAG_DRWE;
}

static void sequence_write(struct mpi_sim *s, __u32 v)
{
	if ((v & 0xff) == sim_keys[s->key_pos]) {
		if (++s->key_pos == sizeof(sim_keys)) {
			s->diag |= MPI_DIAG_DRWE;
			s->key_pos = 0;
		}
		return;
	}
	s->key_pos = 0;
	if (v == 0xffffffffu)
		s->diag &= ~MPI_DIAG_DRWE;	/* closed again */
}

static struct mpi_sim *sim_of(struct mpi_io *io)
{
	return io->sim;
}

__u32 mpi_rd(struct mpi_io *io, __u32 off)
{
	struct mpi_sim *s = sim_of(io);
	__u32 v = 0;

	tick(s);
	if (s->fault.gone)
		return ~0u;
	switch (off) {
	case MPI_DOORBELL:
		v = s->state;
		if (s->state == MPI_IOC_STATE_FAULT)
			v |= s->fault_code;
		if (s->hs != HS_IDLE)
			v |= MPI_DOORBELL_ACTIVE;
		if (s->hs == HS_REPLY) {
			if (!(s->his & MPI_HIS_DOORBELL))
				sim_fail(s, "reply word read before the IOC presented it");
			v |= s->hs_reply[s->hs_pos];
		}
		return v;
	case MPI_DIAGNOSTIC:
		return s->diag;
	case MPI_HOST_INT_STATUS:
		return s->his | (s->post_len ? MPI_HIS_REPLY : 0);
	case MPI_HOST_INT_MASK:
		return s->him;
	case MPI_REPLY_FIFO:
		if (!s->post_len)
			return MPI_REPLY_EMPTY;
		v = s->post_fifo[s->post_head];
		s->post_head = (s->post_head + 1) % SIM_FIFO_SIZE;
		s->post_len--;
		return v;
	default:
		sim_fail(s, "read of register %#x", off);
		return 0;
	}
}

void mpi_wr(struct mpi_io *io, __u32 off, __u32 v)
{
	struct mpi_sim *s = sim_of(io);

	tick(s);
	if (s->fault.gone)
		return;
	switch (off) {
	case MPI_DOORBELL:
		doorbell_write(s, v);
		break;
	case MPI_WRITE_SEQUENCE:
		sequence_write(s, v);
		break;
	case MPI_DIAGNOSTIC:
		diag_write(s, v);
		break;
	case MPI_HOST_INT_STATUS:
		his_write(s);
		break;
	case MPI_HOST_INT_MASK:
		s->him = v;
		break;
	case MPI_REQUEST_FIFO:
		request(s, v);
		break;
	case MPI_REPLY_FIFO:
		if (!s->inited) {
			sim_fail(s, "reply frame %#x given before IOCInit", v);
			break;
		}
		if (v % 4 || !bus_to_cpu(s, (__u64)s->mfa_high << 32 | v, s->reply_frame_size)) {
			sim_fail(s, "reply frame %#x (high %#x) is not host memory", v, s->mfa_high);
			break;
		}
		if (s->free_len == SIM_FIFO_SIZE)
			sim_fail(s, "reply free FIFO overflow");
		else
			s->free_fifo[s->free_len++] = v;
		break;
	case MPI_RESET_1078:
		if (s->personality != SIM_SAS1078) {
			sim_fail(s, "write of the SAS1078's reset register on another IOC");
			break;
		}
		if (v == MPI_RESET_1078_KEY)
			hard_reset(s);
		break;
	default:
		sim_fail(s, "write of register %#x", off);
	}
}

void mpi_mdelay(struct mpi_io *io, unsigned int ms)
{
	sim_advance(sim_of(io), (__u64)ms * 1000);
}

__u64 mpi_sim_now_us(struct mpi_io *io)
{
	return sim_of(io)->now_us;
}

void mpi_log(const struct mpi_ctl *c, int lvl, bool named, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void mpi_log(const struct mpi_ctl *c, int lvl, bool named, const char *fmt, ...)
{
	const char *level = lvl == MPI_LOG_ERR ? "error" : lvl == MPI_LOG_WARN ? "warning" : "info";
	struct mpi_sim *s = c->io.sim;
	va_list ap;
	int n;

	if (s->log_len + 2 >= sizeof(s->log))
		return;
	n = snprintf(s->log + s->log_len, sizeof(s->log) - s->log_len, "[%s] %s%s", level,
		     named ? c->name : "", named ? ": " : "");
	if (n > 0)
		s->log_len += (size_t)n;
	if (s->log_len >= sizeof(s->log))
		s->log_len = sizeof(s->log) - 1;
	va_start(ap, fmt);
	n = vsnprintf(s->log + s->log_len, sizeof(s->log) - s->log_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->log_len += (size_t)n;
	if (s->log_len >= sizeof(s->log))
		s->log_len = sizeof(s->log) - 1;
}
