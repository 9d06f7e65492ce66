// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The mptsas hook's SCSI IO request frames (kernel/drivers/mpt/
 * mpi_scsi_io.h), decoded as the firmware reads them (MPI 1.5): where
 * the autosense lands given MsgFlags and IOCInit's SenseBufferHighAddr
 * (sense buffers above 4 GiB included: QEMU ignores the width, real
 * firmware writes to the truncated address), the S/G element's flags,
 * direction and address, and the SAS1078's 36 GB erratum.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mpi_scsi_io.h"
#include "test_check.h"

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Where the firmware writes the sense data of this frame. */
static uint64_t sense_target(const uint8_t *f, uint32_t sense_high)
{
	uint64_t low = get32(f + 0x2c);

	return f[0x07] & 0x01 ? (uint64_t)sense_high << 32 | low : low;
}

struct sge {
	uint8_t		flags;
	uint32_t	len;
	uint64_t	addr;	/* as the chip reads it, flag bits included */
};

static struct sge sge_of(const uint8_t *f)
{
	uint32_t fl = get32(f + 0x30);
	struct sge s = { fl >> 24, fl & 0xffffff,
			 (uint64_t)get32(f + 0x38) << 32 | get32(f + 0x34) };

	return s;
}

static const uint8_t cdb10[10] = { 0x2a, 0, 0, 0, 0x10, 0, 0, 0, 8, 0 };

static struct dd_mpi_scsi_io request(uint64_t data, uint32_t len, uint64_t sense)
{
	struct dd_mpi_scsi_io r = {
		.bus = 0, .target = 5, .lun = { 0, 1 }, .context = 0x0dd00002,
		.cdb = cdb10, .cdb_len = 10, .dir = DD_MPI_WRITE,
		.data = data, .len = len, .sense = sense, .sense_len = 96,
	};

	return r;
}

static void test_sense_address(void)
{
	/* The hook's block above 4 GiB: IOCInit names its upper half. */
	uint64_t block = 0x0000000412345000ull, sense = block + 1024;
	struct dd_mpi_scsi_io r = request(0x20000000, 4096, sense);
	uint8_t f[128];
	int ret = dd_mpi_build_scsi_io(f, sizeof(f), &r);

	check("mpi-scsi-io-built", ret == 0 && f[0x03] == 0x00 && f[0] == 5 &&
	      f[0x04] == 10 && f[0x05] == 96 && get32(f + 0x08) == 0x0dd00002 &&
	      f[0x0d] == 1 && !memcmp(f + 0x18, cdb10, 10),
	      "ret %d function %#x target %u", ret, f[0x03], f[0]);
	check("mpi-sense-above-4g-lands-there",
	      sense_target(f, (uint32_t)(block >> 32)) == sense,
	      "MsgFlags %#x: the firmware writes sense to %#" PRIx64 ", not %#" PRIx64,
	      f[0x07], sense_target(f, (uint32_t)(block >> 32)), sense);
	/* Below 4 GiB, IOCInit's high half is 0 and the width changes nothing. */
	r.sense = 0x7f000400;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	check("mpi-sense-below-4g-lands-there", sense_target(f, 0) == r.sense,
	      "sense to %#" PRIx64, sense_target(f, 0));
}

static void test_sge(void)
{
	struct dd_mpi_scsi_io r = request(0x0000000123456000ull, 65536, 0x1000);
	uint8_t f[128];
	struct sge s;

	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-write-sge", s.flags == 0xd7 && s.len == 65536 &&
	      s.addr == r.data && get32(f + 0x14) == 0x01000000 &&
	      get32(f + 0x28) == 65536,
	      "flags %#x len %u addr %#" PRIx64 " control %#x", s.flags, s.len,
	      s.addr, get32(f + 0x14));
	r.dir = DD_MPI_READ;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-read-sge", s.flags == 0xd3 && get32(f + 0x14) == 0x02000000,
	      "flags %#x control %#x", s.flags, get32(f + 0x14));
	r.dir = DD_MPI_NO_DATA;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-no-data-empty-sge", s.len == 0 && s.addr == 0 &&
	      get32(f + 0x14) == 0 && get32(f + 0x28) == 0,
	      "len %u addr %#" PRIx64, s.len, s.addr);
	r = request(0x1000, 0x1000000, 0x1000);
	check("mpi-refuses-16mib", dd_mpi_build_scsi_io(f, sizeof(f), &r) == -1,
	      "a 16 MiB element built");
	r = request(0x1000, 4096, 0x1000);
	check("mpi-refuses-small-frame", dd_mpi_build_scsi_io(f, 40, &r) == -1,
	      "built into 40 bytes");
}

/* mptbase's workaround: an element ending between 36 and 40 GB. */
static void test_sas1078_erratum(void)
{
	struct dd_mpi_scsi_io r = request(0x0000000900001000ull, 4096, 0x1000);
	uint8_t f[128];
	struct sge s;

	r.sas1078 = 1;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-1078-36gb-local-address", (s.flags & 0x08) &&
	      s.addr == (r.data | 0x8000000000000000ull),
	      "flags %#x addr %#" PRIx64, s.flags, s.addr);
	/* Ending a page below 36 GB (mptbase tests address + length). */
	r.data = 0x0000000900000000ull - 8192;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-1078-below-window-plain", !(s.flags & 0x08) && s.addr == r.data,
	      "flags %#x addr %#" PRIx64, s.flags, s.addr);
	r.data = 0x0000000a00000000ull;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-1078-above-window-plain", !(s.flags & 0x08) && s.addr == r.data,
	      "flags %#x addr %#" PRIx64, s.flags, s.addr);
	/* Other chips never get it. */
	r.data = 0x0000000900001000ull;
	r.sas1078 = 0;
	dd_mpi_build_scsi_io(f, sizeof(f), &r);
	s = sge_of(f);
	check("mpi-1068-no-erratum", !(s.flags & 0x08) && s.addr == r.data,
	      "flags %#x addr %#" PRIx64, s.flags, s.addr);
}

int main(void)
{
	test_sense_address();
	test_sge();
	test_sas1078_erratum();
	return test_exit_status();
}
