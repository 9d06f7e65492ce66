// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <string.h>
#include <time.h>
#include <uuid/uuid.h>

#include "ddformat.h"
#include "ddmsg.h"
#include "infofile.h"

#define FIELD(f, name, field) do {					\
	char buf_[4 * sizeof(field) + 1];				\
	dd_printable(buf_, sizeof(buf_), field, sizeof(field));		\
	fprintf(f, "%-22s%s\n", name, buf_);				\
} while (0)

/* The title and what identifies the dump: device, partition, dump id, status. */
static void write_head(FILE *f, const char *title, const char *device, const struct dump *d)
{
	char uuid[37];

	uuid_unparse(d->label.uuid, uuid);
	fprintf(f, "%s\n\n", title);
	fprintf(f, "%-22s%s\n", "Device:", device);
	fprintf(f, "%-22s%s\n", "Partition UUID:", uuid);
	fprintf(f, "%-22s%016llx\n", "Dump id:",
		(unsigned long long)dd_from_le64(d->header.dump_id));
	fprintf(f, "%-22s%s%s\n", "Status:", dd_status_name(dd_from_le32(d->final.status)),
		d->has_trailer ? "" : ", no valid trailer (cut short)");
}

static void write_panic_time(FILE *f, const struct dump *d)
{
	time_t t = (time_t)dd_from_le64(d->header.panic_time);
	char when[64];
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm))
		snprintf(when, sizeof(when), "(invalid)");
	fprintf(f, "%-22s%s (%llu)\n", "Panic time:", when,
		(unsigned long long)dd_from_le64(d->header.panic_time));
}

void infofile_write(FILE *f, const char *device, const struct dump *d,
		    const struct walk_stats *st, const char *vmcore_format,
		    int partial)
{
	const struct dd_dump_header *h = &d->final;

	write_head(f, "diskdump dump extracted by savecore", device, d);
	fprintf(f, "%-22s%s\n", "Extraction:", partial ? "PARTIAL" : "complete");
	write_panic_time(f, d);
	FIELD(f, "Panic string:", d->panic);
	FIELD(f, "System name:", d->header.sysname);
	FIELD(f, "Node name:", d->header.nodename);
	FIELD(f, "Release:", d->header.release);
	FIELD(f, "Version:", d->header.utsversion);
	FIELD(f, "Machine:", d->header.machine);
	fprintf(f, "%-22s%u (panic on CPU %u)\n", "CPUs:",
		dd_from_le32(d->header.nr_cpus), dd_from_le32(d->header.panic_cpu));
	fprintf(f, "%-22s%u\n", "Dump level:", dd_from_le32(d->header.dump_level));
	fprintf(f, "%-22s%.3f s\n", "Dump duration:",
		(double)dd_from_le64(h->dump_nsecs) / 1e9);
	fprintf(f, "%-22s%s\n", "vmcore format:", vmcore_format);
	fprintf(f, "\n%-22s%llu\n", "Pages in RAM ranges:",
		(unsigned long long)d->ranges.total_pages);
	fprintf(f, "%-22s%llu\n", "Pages written:",
		(unsigned long long)st->pages_written);
	fprintf(f, "%-22s%llu\n", "Zero pages:",
		(unsigned long long)st->pages_zero);
	fprintf(f, "%-22s%llu\n", "Pages unreadable:",
		(unsigned long long)st->pages_unreadable);
	fprintf(f, "%-22s%llu\n", "Pages corrupt:",
		(unsigned long long)(st->pages_corrupt + st->pages_bad_desc));
	fprintf(f, "%-22s%llu\n", "Pages excluded:",
		(unsigned long long)dd_from_le64(h->nr_pages_excluded));
	if (d->has_trailer)
		fprintf(f, "%-22s%llu chunks written by the kernel (%llu pages: %llu zero, %llu unreadable)\n", "Kernel's record:",
			(unsigned long long)dd_from_le64(h->nr_chunks),
			(unsigned long long)dd_from_le64(h->nr_pages_written),
			(unsigned long long)dd_from_le64(h->nr_pages_zero),
			(unsigned long long)dd_from_le64(h->nr_pages_unreadable));
	fprintf(f, "%-22s%llu good, %llu corrupt, %llu lost\n", "Chunks:",
		(unsigned long long)st->chunks_ok,
		(unsigned long long)st->chunks_corrupt,
		(unsigned long long)st->chunks_lost);
	fprintf(f, "%-22s%u NT_PRSTATUS, %s\n", "Notes:",
		d->notes_info.nr_prstatus,
		d->notes_info.has_vmcoreinfo ? "VMCOREINFO" : "no VMCOREINFO");

	fprintf(f, "\nProblems:\n");
	if (d->header_from_trailer)
		fprintf(f, "  dump header damaged (%s); the trailer's copy was used\n",
			d->header_problem);
	if (!d->has_trailer)
		fprintf(f, "  %s\n", d->trailer_problem);
	if (st->stop_reason[0])
		fprintf(f, "  chunks end: %s\n", st->stop_reason);
	if (st->resyncs)
		fprintf(f, "  %llu resynchronisations over %llu blocks\n",
			(unsigned long long)st->resyncs,
			(unsigned long long)st->blocks_skipped);
	if (d->notes_info.problem)
		fprintf(f, "  notes: %s at offset %zu\n", d->notes_info.problem,
			d->notes_info.problem_offset);
	if (d->dmesg_unreadable)
		fprintf(f, "  the log area is unreadable\n");
	if (d->dmesg_truncated)
		fprintf(f, "  log truncated to %u bytes\n", DUMP_MAX_DMESG_BYTES);
	if (st->nr_missing) {
		fprintf(f, "  pages missing (pfn spans; a span may include pages the dump level left out):\n");
		for (unsigned int i = 0; i < st->nr_missing; i++)
			fprintf(f, "    pfn %#llx-%#llx (physical %#llx-%#llx)\n",
				(unsigned long long)st->missing[i].first,
				(unsigned long long)st->missing[i].last,
				(unsigned long long)st->missing[i].first << DD_BLOCK_SHIFT,
				((unsigned long long)st->missing[i].last << DD_BLOCK_SHIFT) +
					DD_BLOCK_SIZE - 1);
		if (st->missing_spans_dropped)
			fprintf(f, "    and %llu more spans\n",
				(unsigned long long)st->missing_spans_dropped);
	}
	if (!partial)
		fprintf(f, "  none\n");
}

void infofile_write_sealed(FILE *f, const char *device, const struct dump *d,
			   const char *key_id, const char *image, uint64_t blocks)
{
	write_head(f, "diskdump dump saved sealed by savecore", device, d);
	fprintf(f, "%-22sfor key %s\n", "Sealed:", key_id);
	fprintf(f, "%-22s%s (%llu blocks of the dump area); open with: savecore -k KEY %s\n",
		"Sealed image:", image, (unsigned long long)blocks, image);
	write_panic_time(f, d);
	FIELD(f, "Node name:", d->header.nodename);
	FIELD(f, "Release:", d->header.release);
	fprintf(f, "%-22s%u\n", "Dump level:", dd_from_le32(d->header.dump_level));
}
