// SPDX-License-Identifier: GPL-2.0
/*
 * The Fusion-MPT message layer (kernel/drivers/mpt/proto.c) against the
 * MPI simulator (sim.c), in each personality the family has (SAS, the
 * SAS1078, SPI and FC), with every fault the simulator injects.  Each
 * check prints PASS or FAIL; a rule the layer breaks (the simulator's
 * error) fails the check it happened in.  Two checks run deliberately
 * wrong requests to show the simulator rejects what firmware would: a
 * 32-bit sense address (MsgFlags 0, as the hook once sent) and a SAS1078
 * buffer in the 36 GB window without the erratum's marking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "sim.h"
#include "../unit/test_check.h"

/* Bus addresses: our memory above 4 GiB, as on a large machine. */
#define MEM_BUS		0x412340000ull
#define DATA_BUS	0x200000000ull
#define DATA_BYTES	(1u << 20)
#define DISK_BLOCKS	4096

struct rig {
	struct mpi_sim	sim;
	struct mpi_ctl	ctl;
	void		*mem;
	__u8		*data;
	__u64		data_bus;
};

static __u8 port_type_of(enum sim_personality p)
{
	return p == SIM_SPI ? MPI_PORT_TYPE_SCSI : p == SIM_FC ? MPI_PORT_TYPE_FC : MPI_PORT_TYPE_SAS;
}

static const char *personality_name(enum sim_personality p)
{
	return p == SIM_SPI ? "spi" : p == SIM_FC ? "fc" : p == SIM_SAS1078 ? "sas1078" : "sas";
}

static void rig_up(struct rig *r, enum sim_personality p, __u64 mem_bus, __u64 data_bus)
{
	memset(r, 0, sizeof(*r));
	sim_init(&r->sim, p, DISK_BLOCKS);
	r->mem = aligned_alloc(4096, MPI_MEM_BYTES);
	r->data = aligned_alloc(4096, DATA_BYTES);
	memset(r->mem, 0xa5, MPI_MEM_BYTES);
	sim_dma_map(&r->sim, r->mem, MPI_MEM_BYTES, mem_bus);
	sim_dma_map(&r->sim, r->data, DATA_BYTES, data_bus);
	r->data_bus = data_bus;
	r->ctl.io.sim = &r->sim;
	r->ctl.mem = r->mem;
	r->ctl.mem_bus = mem_bus;
	r->ctl.name = "sim disk";
	r->ctl.is_1078 = p == SIM_SAS1078;
}

static void rig_down(struct rig *r)
{
	sim_free(&r->sim);
	free(r->mem);
	free(r->data);
}

static void show_log(const struct rig *r)
{
	if (r->sim.log_len)
		printf("# layer said:\n%s", r->sim.log);
}

/* One command to its end: its verdict (or -EINPROGRESS after a simulated second). */
static int run_io(struct rig *r, unsigned int tag, enum dd_mpi_dir dir, __u64 lba,
		  __u32 blocks, __u32 offset)
{
	__u8 cdb[DD_SCSI_MAX_CDB];
	const struct sim_device *d = &r->sim.dev[r->sim.disk_dev];
	struct dd_mpi_scsi_io io = {
		.bus = d->bus, .target = d->target, .cdb = cdb, .dir = dir,
		.data = r->data_bus + offset, .len = blocks * 512,
	};
	__u64 until;
	int ret;

	io.cdb_len = dir == DD_MPI_NO_DATA ? dd_scsi_sync_cdb(cdb, DISK_BLOCKS - 1) :
		     dd_scsi_rw_cdb(cdb, dir == DD_MPI_WRITE, lba, blocks);
	if (dir == DD_MPI_NO_DATA)
		io.len = 0;
	ret = mpi_scsi_submit(&r->ctl, tag, &io);
	if (ret)
		return ret;
	until = r->sim.now_us + 1000000;
	do
		ret = mpi_scsi_poll(&r->ctl, tag);
	while (ret == -EINPROGRESS && r->sim.now_us < until);
	return ret;
}

/* Take over, find the disk (SAS), write, read back, flush. */
static bool dump_cycle(struct rig *r, __u8 port_type, const char *name)
{
	char what[128];
	__u8 bus = 0, target = 0;
	int ret;

	ret = mpi_take_over(&r->ctl, port_type);
	snprintf(what, sizeof(what), "%s-takeover", name);
	if (!check(what, !ret && !r->sim.error[0], "ret %d, simulator: %s", ret, r->sim.error))
		return false;
	if (port_type == MPI_PORT_TYPE_FC) {
		ret = mpi_fc_wait_link(&r->ctl, MPI_FC_LINK_MS);
		snprintf(what, sizeof(what), "%s-link", name);
		if (!check(what, !ret && !r->sim.error[0], "ret %d, simulator: %s", ret, r->sim.error))
			return false;
	}
	if (port_type != MPI_PORT_TYPE_SCSI) {
		ret = port_type == MPI_PORT_TYPE_SAS ?
		      mpi_sas_find_target(&r->ctl, r->sim.dev[r->sim.disk_dev].sas_address,
					  &bus, &target) :
		      mpi_fc_find_target(&r->ctl, r->sim.dev[r->sim.disk_dev].sas_address,
					 &bus, &target);
		snprintf(what, sizeof(what), "%s-find-target", name);
		if (!check(what, !ret && bus == r->sim.dev[r->sim.disk_dev].bus &&
			   target == r->sim.dev[r->sim.disk_dev].target && !r->sim.error[0],
			   "ret %d bus %u target %u, simulator: %s", ret, bus, target, r->sim.error))
			return false;
	}
	for (unsigned int i = 0; i < 64 * 512; i++)
		r->data[i] = (__u8)(i * 7 + 3);
	ret = run_io(r, 0, DD_MPI_WRITE, 100, 32, 0);
	if (!ret)
		ret = run_io(r, 1, DD_MPI_WRITE, 132, 32, 32 * 512);
	if (!ret)
		ret = run_io(r, 2, DD_MPI_READ, 100, 64, 64 * 512);
	if (!ret)
		ret = run_io(r, 3, DD_MPI_NO_DATA, 0, 0, 0);
	snprintf(what, sizeof(what), "%s-write-read-flush", name);
	return check(what, !ret && !memcmp(r->data, r->data + 64 * 512, 64 * 512) &&
		     !memcmp(r->sim.disk + 100 * 512, r->data, 64 * 512) && r->sim.syncs == 1 &&
		     !r->sim.error[0], "ret %d, syncs %u, simulator: %s", ret, r->sim.syncs,
		     r->sim.error);
}

static void test_sas_from_operational(void)
{
	struct rig r;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	sim_left_operational(&r.sim);
	if (dump_cycle(&r, MPI_PORT_TYPE_SAS, "sas")) {
		check("sas-message-unit-reset-only", r.sim.murs == 1 && !r.sim.hard_resets,
		      "%u message unit resets, %u hard resets", r.sim.murs, r.sim.hard_resets);
		mpi_shutdown(&r.ctl);
		check("sas-shutdown-resets-the-unit", r.sim.murs == 2 && !r.sim.error[0],
		      "%u message unit resets, simulator: %s", r.sim.murs, r.sim.error);
	} else {
		show_log(&r);
	}
	rig_down(&r);
}

static void test_start_fault(const char *name, enum sim_personality p, struct sim_faults f,
			     unsigned int want_hard)
{
	char what[128];
	struct rig r;

	rig_up(&r, p, p == SIM_SAS1078 ? 0x12340000ull : MEM_BUS, DATA_BUS);
	sim_left_operational(&r.sim);
	r.sim.fault = f;
	sim_start_faults(&r.sim);
	if (dump_cycle(&r, port_type_of(p), name)) {
		snprintf(what, sizeof(what), "%s-hard-reset", name);
		check(what, r.sim.hard_resets == want_hard, "%u hard resets, want %u",
		      r.sim.hard_resets, want_hard);
	} else {
		show_log(&r);
	}
	rig_down(&r);
}

static void test_reset_too_slow(void)
{
	struct rig r;
	__u64 t0;
	int ret;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	r.sim.fault.fault_at_start = true;
	r.sim.fault.hard_reset_us = 90u * 1000 * 1000;
	sim_start_faults(&r.sim);
	t0 = r.sim.now_us;
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	check("slow-hard-reset-gives-up", ret == -ETIMEDOUT && !r.sim.error[0] &&
	      r.sim.now_us - t0 < (MPI_HARD_RESET_MS + 5000) * 1000ull,
	      "ret %d after %llu ms, simulator: %s", ret,
	      (unsigned long long)(r.sim.now_us - t0) / 1000, r.sim.error);
	rig_down(&r);
}

static void test_gone(void)
{
	struct rig r;
	int ret;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	r.sim.fault.gone = true;
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	check("gone-from-the-bus", ret == -ENODEV, "ret %d", ret);
	rig_down(&r);
}

/* The simulator rejects what firmware would: MsgFlags 0 with the sense above 4 GiB. */
static void test_msgflags_32bit_rejected(void)
{
	struct rig r;
	__u8 cdb[DD_SCSI_MAX_CDB], *frame;
	struct dd_mpi_scsi_io io = { .cdb = cdb, .dir = DD_MPI_WRITE, .len = 512,
				     .target = 2, .context = MPI_CONTEXT(0),
				     .sense = MEM_BUS + MPI_MEM_SENSE, .sense_len = 96 };

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	if (mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS)) {
		check("msgflags-32bit-rejected", 0, "no takeover: %s", r.sim.error);
		rig_down(&r);
		return;
	}
	io.data = r.data_bus;
	io.cdb_len = dd_scsi_rw_cdb(cdb, 1, 0, 1);
	frame = (__u8 *)r.mem + MPI_MEM_FRAMES;
	dd_mpi_build_scsi_io(frame, MPI_FRAME_BYTES, &io);
	frame[MPI_MSG_FLAGS] = 0;	/* the 32-bit sense address the hook once sent */
	mpi_wr(&r.ctl.io, MPI_REQUEST_FIFO, (__u32)((MEM_BUS + MPI_MEM_FRAMES) & 0xffffffffu));
	check("msgflags-32bit-rejected", strstr(r.sim.error, "sense buffer at 0x12340400") != NULL,
	      "simulator said: %s", r.sim.error[0] ? r.sim.error : "nothing");
	rig_down(&r);
}

/* The SAS1078's erratum: a buffer ending at 36-40 GB, marked by the layer; unmarked, rejected. */
static void test_1078_erratum(void)
{
	struct rig r;
	int ret;

	rig_up(&r, SIM_SAS1078, 0x12340000ull, 0x8fffff000ull);
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	if (!ret)
		ret = run_io(&r, 0, DD_MPI_WRITE, 0, 16, 0);
	check("sas1078-erratum-marked", !ret && !r.sim.error[0] && r.sim.writes == 1,
	      "ret %d, simulator: %s", ret, r.sim.error);
	r.ctl.is_1078 = 0;	/* as if the layer did not know the chip */
	ret = run_io(&r, 1, DD_MPI_WRITE, 0, 16, 0);
	check("sas1078-erratum-unmarked-rejected", strstr(r.sim.error, "36 GB window") != NULL,
	      "ret %d, simulator said: %s", ret, r.sim.error[0] ? r.sim.error : "nothing");
	rig_down(&r);
}

/* What the target or the IOC says about one command, and the verdict for the core. */
static void test_verdict(const char *name, struct sim_faults f, int want, const char *log_has)
{
	struct rig r;
	int ret;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	r.sim.fault = f;
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	if (!ret)
		ret = run_io(&r, 0, DD_MPI_WRITE, 8, 8, 0);
	if (!check(name, ret == want && !r.sim.error[0] && (!log_has || strstr(r.sim.log, log_has)),
		   "ret %d (want %d), simulator: %s", ret, want, r.sim.error))
		show_log(&r);
	rig_down(&r);
}

static void test_unit_attention_then_success(void)
{
	struct rig r;
	int first, second;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	sim_left_operational(&r.sim);
	r.sim.fault.unit_attention = true;
	first = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	if (!first)
		first = run_io(&r, 0, DD_MPI_WRITE, 8, 8, 0);
	second = run_io(&r, 0, DD_MPI_WRITE, 8, 8, 0);
	check("unit-attention-after-reset-retried", first == -EAGAIN && second == 0 &&
	      !r.sim.error[0], "first %d, second %d, simulator: %s", first, second, r.sim.error);
	rig_down(&r);
}

/* The IOC faults mid-dump: the command fails; a second takeover (hard reset) recovers. */
static void test_fault_mid_dump(enum sim_personality p)
{
	char name[64];
	struct rig r;
	int a, b, again = -1, c = -1;

	rig_up(&r, p, p == SIM_SAS1078 ? 0x12340000ull : MEM_BUS, DATA_BUS);
	r.sim.fault.fault_nth = 2;
	a = mpi_take_over(&r.ctl, port_type_of(p));
	if (!a)
		a = run_io(&r, 0, DD_MPI_WRITE, 8, 8, 0);
	b = run_io(&r, 1, DD_MPI_WRITE, 16, 8, 0);
	if (b == -EIO)
		again = mpi_take_over(&r.ctl, port_type_of(p));
	if (!again)
		c = run_io(&r, 1, DD_MPI_WRITE, 16, 8, 0);
	snprintf(name, sizeof(name), "%s-ioc-fault-mid-dump", personality_name(p));
	check(name, a == 0 && b == -EIO && again == 0 && c == 0 &&
	      r.sim.hard_resets == 1 && !r.sim.error[0],
	      "first %d, faulted %d, takeover %d, then %d; %u hard resets; simulator: %s",
	      a, b, again, c, r.sim.hard_resets, r.sim.error);
	rig_down(&r);
}

static void test_lost_reply(void)
{
	struct rig r;
	int ret;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	r.sim.fault.lose_nth = 1;
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	if (!ret)
		ret = run_io(&r, 0, DD_MPI_WRITE, 8, 8, 0);
	/* Still pending after a second: the core's deadline and retry decide. */
	check("lost-reply-stays-in-progress", ret == -EINPROGRESS && !r.sim.error[0],
	      "ret %d, simulator: %s", ret, r.sim.error);
	rig_down(&r);
}

static void test_unknown_sas_address(void)
{
	struct rig r;
	__u8 bus, target;
	int ret;

	rig_up(&r, SIM_SAS, MEM_BUS, DATA_BUS);
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	if (!ret)
		ret = mpi_sas_find_target(&r.ctl, 0x5000c5000badbadull, &bus, &target);
	check("sas-unknown-address", ret == -ENODEV && strstr(r.sim.log, "knows no device") &&
	      !r.sim.error[0], "ret %d, simulator: %s", ret, r.sim.error);
	rig_down(&r);
}

/* The other personalities: facts, IOCInit counts, SCSI IO by bus and target. */
static void test_personality(const char *name, enum sim_personality p, __u8 port_type)
{
	struct rig r;
	int ret;

	rig_up(&r, p, MEM_BUS, DATA_BUS);
	sim_left_operational(&r.sim);
	if (!dump_cycle(&r, port_type, name))
		show_log(&r);
	rig_down(&r);

	rig_up(&r, p, MEM_BUS, DATA_BUS);
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_SAS);
	if (p != SIM_SAS)
		check(p == SIM_SPI ? "spi-refused-as-sas" : "fc-refused-as-sas",
		      ret == -EOPNOTSUPP && strstr(r.sim.log, "port 0 is of type"),
		      "ret %d", ret);
	rig_down(&r);
}

/* FC: a link that comes up late is waited for; one that stays down ends the takeover. */
static void test_fc_link(const char *name, __u32 up_ms, int want)
{
	struct rig r;
	__u64 t0;
	int ret;

	rig_up(&r, SIM_FC, MEM_BUS, DATA_BUS);
	r.sim.fault.fc_link_up_ms = up_ms;
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_FC);
	t0 = r.sim.now_us;
	if (!ret)
		ret = mpi_fc_wait_link(&r.ctl, MPI_FC_LINK_MS);
	check(name, ret == want && !r.sim.error[0] &&
	      r.sim.now_us - t0 <= (MPI_FC_LINK_MS + 1000) * 1000ull &&
	      (want || r.sim.now_us - t0 >= up_ms * 1000ull),
	      "ret %d (want %d) after %llu ms, simulator: %s", ret, want,
	      (unsigned long long)(r.sim.now_us - t0) / 1000, r.sim.error);
	rig_down(&r);
}

static void test_fc_lookup(const char *name, bool not_target, __u64 wwpn)
{
	struct rig r;
	__u8 bus, target;
	int ret;

	rig_up(&r, SIM_FC, MEM_BUS, DATA_BUS);
	r.sim.fault.fc_not_target = not_target;
	ret = mpi_take_over(&r.ctl, MPI_PORT_TYPE_FC);
	if (!ret)
		ret = mpi_fc_find_target(&r.ctl, wwpn ? wwpn : r.sim.dev[r.sim.disk_dev].sas_address,
					 &bus, &target);
	check(name, ret == -ENODEV && !r.sim.error[0], "ret %d, simulator: %s", ret, r.sim.error);
	rig_down(&r);
}

/* SPI: which SCSI addresses mptspi gives are reachable, and which refused at arm time. */
static void test_spi_refusals(void)
{
	static const struct { unsigned int channel, id; __u64 lun; bool ok; const char *has; } t[] = {
		{ 0, 0, 0, true, NULL }, { 0, 15, 7, true, NULL },
		{ 1, 2, 0, false, "RAID volume" }, { 0, 16, 0, false, "16" },
		{ 0, 3, 8, false, "LUN" }, { 2, 0, 0, false, "channel" },
	};
	bool good = true;

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *why = mpi_spi_refusal(t[i].channel, t[i].id, t[i].lun);

		if ((why == NULL) != t[i].ok || (why && !strstr(why, t[i].has))) {
			check("spi-arm-refusals", 0, "channel %u id %u LUN %llu: %s", t[i].channel,
			      t[i].id, (unsigned long long)t[i].lun, why ? why : "accepted");
			good = false;
		}
	}
	if (good)
		check("spi-arm-refusals", 1, "%s", "");
}

int main(void)
{
	struct sim_faults none = { 0 };

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_sas_from_operational();
	test_start_fault("fault-at-start", SIM_SAS, (struct sim_faults){ .fault_at_start = true }, 1);
	test_start_fault("doorbell-stuck", SIM_SAS, (struct sim_faults){ .doorbell_stuck = true }, 1);
	test_start_fault("mur-ignored", SIM_SAS, (struct sim_faults){ .mur_ignored = true }, 1);
	test_start_fault("sas1078-reset-register", SIM_SAS1078,
			 (struct sim_faults){ .fault_at_start = true }, 1);
	test_reset_too_slow();
	test_gone();
	test_msgflags_32bit_rejected();
	test_1078_erratum();
	test_verdict("medium-error-fails", (struct sim_faults){ .sense_nth = 1,
		     .sense_key = DD_SENSE_MEDIUM_ERROR, .asc = 0x11 }, -EIO, "MEDIUM ERROR");
	test_verdict("not-ready-becoming-retried", (struct sim_faults){ .sense_nth = 1,
		     .sense_key = DD_SENSE_NOT_READY, .asc = 0x04, .ascq = 0x01 }, -EAGAIN, NULL);
	test_verdict("busy-retried", (struct sim_faults){ .busy_nth = 1 }, -EAGAIN, NULL);
	/* Aborted in transit: a few tries (-ECOMM), not the 30 s BUSY gets. */
	test_verdict("aborted-command-retried-few", (struct sim_faults){ .sense_nth = 1,
		     .sense_key = DD_SENSE_ABORTED_COMMAND, .asc = 0x47 }, -ECOMM, NULL);
	test_verdict("ioc-terminated-retried", (struct sim_faults){ .ioc_status_nth = 1,
		     .ioc_status = MPI_IOCSTATUS_SCSI_IOC_TERMINATED }, -EAGAIN, NULL);
	test_verdict("device-not-there-fails", (struct sim_faults){ .ioc_status_nth = 1,
		     .ioc_status = MPI_IOCSTATUS_SCSI_DEVICE_NOT_THERE }, -EIO, "not there");
	test_verdict("plain-success", none, 0, NULL);
	test_unit_attention_then_success();
	for (enum sim_personality p = SIM_SAS; p <= SIM_FC; p++)
		test_fault_mid_dump(p);
	test_start_fault("spi-fault-at-start", SIM_SPI, (struct sim_faults){ .fault_at_start = true }, 1);
	test_start_fault("spi-doorbell-stuck", SIM_SPI, (struct sim_faults){ .doorbell_stuck = true }, 1);
	test_start_fault("spi-mur-ignored", SIM_SPI, (struct sim_faults){ .mur_ignored = true }, 1);
	test_start_fault("fc-fault-at-start", SIM_FC, (struct sim_faults){ .fault_at_start = true }, 1);
	test_start_fault("fc-mur-ignored", SIM_FC, (struct sim_faults){ .mur_ignored = true }, 1);
	test_lost_reply();
	test_unknown_sas_address();
	test_personality("spi", SIM_SPI, MPI_PORT_TYPE_SCSI);
	test_spi_refusals();
	test_personality("fc", SIM_FC, MPI_PORT_TYPE_FC);
	test_fc_link("fc-link-up-late-waited-for", 3000, 0);
	test_fc_link("fc-link-down-gives-up", 1000000, -ENOLINK);
	test_fc_lookup("fc-not-an-fcp-target-refused", true, 0);
	test_fc_lookup("fc-unknown-wwpn", false, 0x21000024ffbadbadull);
	return test_exit_status();
}
