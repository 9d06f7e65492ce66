// SPDX-License-Identifier: GPL-2.0
/*
 * Writing one dump to one armed target, at panic time.
 *
 * Order on the partition (format.h): the header goes first with status
 * IN_PROGRESS so an older dump is invalidated before anything of it is
 * overwritten; then notes and log; then chunks of pages, each a header
 * block plus payload, kept in flight on several slots while the CPU fills
 * the next one; then the trailer, and the header again with the final
 * status.  A dump cut short anywhere is still readable up to the last
 * chunk whose checksum holds.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/kmsg_dump.h>
#include <linux/nmi.h>
#include <linux/mm.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/xxhash.h>
#include <asm/page.h>

#include "diskdump.h"
#include "diskdump/seal.h"

/*
 * Panic-time state.  There is one panic, so it lives here, not on a stack.
 * What the writer counts and places is kept here in CPU byte order; the
 * header (little-endian, format.h) is brought up to date from it before
 * each time it is written.
 */
struct dd_writer {
	struct dd_target	*t;
	const struct dd_sysinfo	*s;
	u64			dump_id;
	u64			notes_block, dmesg_block, data_block;
	u64			next_block;	/* where the next chunk goes */
	u64			seq;		/* chunks queued */
	u64			listed;		/* chunks listed for workers */
	struct dd_chunk_header	*ch;		/* being listed, or NULL */
	u64			written, zero, excluded, unreadable;	/* pages */
	u64			select_ns;	/* choosing and listing pages */
	u64			advance_ns;	/* meanwhile, filling and writing */
	unsigned int		helpers;	/* helper CPUs at work */
	u64			by_helpers;	/* chunks they filled */
	bool			from_ram;	/* uncompressed pages from RAM */
	u64			rewritten;	/* chunks whose pages changed */
	unsigned int		taken_back;	/* from wedged helpers */
	u64			wait_passes;	/* for helpers, in dd_advance() */
	u32			status;
	unsigned int		level;		/* dump_level for this dump */
	unsigned int		compress;	/* DD_COMPRESS_* */
	struct dd_deadline	deadline;	/* of the whole dump */
};

/* Passes of the wait for helpers between two looks for a wedged one. */
#define DD_TAKE_BACK_PASSES	4096

static struct dd_writer dd_w;
static struct dd_dump_header dd_hdr;

static void dd_fill_header(struct dd_dump_header *h, const struct dd_writer *w,
			   const struct dd_panic_info *pi)
{
	const struct new_utsname *uts = init_utsname();
	const struct dd_sysinfo *s = w->s;
	const struct dd_target *t = w->t;
	unsigned int r;

	memset(h, 0, sizeof(*h));
	memcpy(h->magic, DD_HEADER_MAGIC, DD_MAGIC_LEN);
	h->version = cpu_to_le32(DD_FORMAT_VERSION);
	h->header_size = cpu_to_le32(sizeof(*h));
	memcpy(h->uuid, t->label.uuid, sizeof(h->uuid));
	h->dump_id = cpu_to_le64(w->dump_id);
	h->status = cpu_to_le32(DD_STATUS_IN_PROGRESS);
	if (t->swap)
		h->flags = cpu_to_le32(DD_FLAG_SWAP);
	h->panic_time = cpu_to_le64(ktime_get_real_fast_ns() / NSEC_PER_SEC);
	h->page_size = cpu_to_le32(PAGE_SIZE);
	h->nr_cpus = cpu_to_le32(s->nr_cpus);
	h->panic_cpu = cpu_to_le32(pi->cpu);
	h->dump_level = cpu_to_le32(w->level);
	h->compression = cpu_to_le32(w->compress);
	h->nr_ranges = cpu_to_le32(s->nr_ranges);
	h->phys_base = cpu_to_le64(phys_base);
	h->page_offset = cpu_to_le64(PAGE_OFFSET);
	if (s->kernel_text_size) {
		h->kernel_text_paddr = cpu_to_le64(s->kernel_text_paddr);
		h->kernel_text_size = cpu_to_le64(s->kernel_text_size);
		h->kernel_text_vaddr = cpu_to_le64(__START_KERNEL_map +
						   s->kernel_text_paddr - phys_base);
	}
	h->vmcoreinfo_paddr = cpu_to_le64(paddr_vmcoreinfo_note());
	h->vmcoreinfo_size = cpu_to_le64(VMCOREINFO_NOTE_SIZE);
	h->partition_blocks = cpu_to_le64(t->nr_blocks);
	h->notes_block = cpu_to_le64(w->notes_block);
	h->dmesg_block = cpu_to_le64(w->dmesg_block);
	h->data_block = cpu_to_le64(w->data_block);
	h->nr_pages_total = cpu_to_le64(s->nr_pages);
	for (r = 0; r < s->nr_ranges; r++) {
		h->ranges[r].start_pfn = cpu_to_le64(s->ranges[r].start_pfn);
		h->ranges[r].nr_pages = cpu_to_le64(s->ranges[r].nr_pages);
	}
	strscpy(h->sysname, uts->sysname, sizeof(h->sysname));
	strscpy(h->nodename, uts->nodename, sizeof(h->nodename));
	strscpy(h->release, uts->release, sizeof(h->release));
	strscpy(h->utsversion, uts->version, sizeof(h->utsversion));
	strscpy(h->machine, uts->machine, sizeof(h->machine));
	strscpy(h->domainname, uts->domainname, sizeof(h->domainname));
	strscpy(h->panic_string, pi->msg ? pi->msg : "", sizeof(h->panic_string));
	if (t->seal.on)
		dd_seal_header(&t->seal, h);
}

/* Write hdr (header or trailer) to block through the meta buffer. */
static int dd_write_header_block(struct dd_target *t, struct dd_dump_header *h,
				 const char *magic, u64 block)
{
	memcpy(h->magic, magic, DD_MAGIC_LEN);
	h->checksum = cpu_to_le64(xxh64(h, offsetof(struct dd_dump_header, checksum), 0));
	memset(t->buf[DD_OWNER_META].cpu, 0, DD_BLOCK_SIZE);
	memcpy(t->buf[DD_OWNER_META].cpu, h, sizeof(*h));
	return dd_io_sync(t, DD_OWNER_META, DD_OP_WRITE, block, &t->buf[DD_OWNER_META], 1);
}

/* Refuse to write over anything but the partition that was armed. */
static int dd_verify_identity(struct dd_target *t)
{
	int ret = dd_io_sync(t, DD_OWNER_META, DD_OP_READ, DD_LABEL_BLOCK,
			     &t->buf[DD_OWNER_META], 1);

	if (ret) {
		pr_emerg("%s: cannot read the label back: %d\n",
			 t->disk.description, ret);
		return ret;
	}
	if (memcmp(t->buf[DD_OWNER_META].cpu, t->block0, DD_BLOCK_SIZE)) {
		pr_emerg("%s: %s differs from the armed one; not writing\n",
			 t->disk.description, t->swap ? "swap header" : "label");
		return -EMEDIUMTYPE;
	}
	return 0;
}

/* The first chunk slot's buffer, which carries notes and log before them. */
static struct dd_buf *dd_area_buf(struct dd_target *t)
{
	return &t->buf[dd_slot_owner(0)];
}

/* Write len bytes of dd_area_buf() at block, zero-padding the last block. */
static int dd_write_area(struct dd_target *t, u64 block, size_t len)
{
	struct dd_buf *b = dd_area_buf(t);
	size_t padded = ALIGN(len, DD_BLOCK_SIZE);

	if (!len)
		return 0;
	memset(b->cpu + len, 0, padded - len);
	return dd_io_sync(t, dd_slot_owner(0), DD_OP_WRITE, block, b,
			  padded / DD_BLOCK_SIZE);
}

static int dd_write_notes(struct dd_target *t, struct dd_dump_header *h,
			  const struct dd_panic_info *pi)
{
	bool others_saved;
	size_t len;

	u32 nr_cpus;

	len = dd_notes_build(dd_area_buf(t)->cpu,
			     t->notes_blocks * DD_BLOCK_SIZE - (t->seal.on ? DD_SEAL_TAG_SIZE : 0),
			     dd_w.s, &pi->regs, pi->cpu,
			     le64_to_cpu(h->panic_time), &others_saved, &nr_cpus);
	h->nr_cpus = cpu_to_le32(nr_cpus);
	h->notes_size = cpu_to_le64(len);
	if (others_saved)
		h->flags |= cpu_to_le32(DD_FLAG_CPU_NOTES);
	if (t->seal.on)
		len = dd_seal_area(&t->seal, dd_w.dump_id, DD_SEAL_NONCE_NOTES,
				   dd_area_buf(t)->cpu, len);
	return dd_write_area(t, dd_w.notes_block, len);
}

static int dd_write_dmesg(struct dd_target *t, struct dd_dump_header *h)
{
	struct kmsg_dump_iter iter;
	size_t len = 0;

	kmsg_dump_rewind(&iter);
	kmsg_dump_get_buffer(&iter, false, dd_area_buf(t)->cpu,
			     DD_DMESG_BLOCKS * DD_BLOCK_SIZE - (t->seal.on ? DD_SEAL_TAG_SIZE : 0),
			     &len);
	h->dmesg_size = cpu_to_le64(len);
	if (t->seal.on && len)
		len = dd_seal_area(&t->seal, dd_w.dump_id, DD_SEAL_NONCE_DMESG,
				   dd_area_buf(t)->cpu, len);
	return dd_write_area(t, dd_w.dmesg_block, len);
}

/*
 * The memory, in chunks.  This CPU chooses the pages (select.c) and lists
 * them in a free chunk slot; the workers (helper CPUs, helpers.c, and this
 * CPU when it would otherwise wait) fill listed slots in any order
 * (fill.c); this CPU writes the filled chunks in the order they were
 * listed, which keeps pfns ascending on disk, while up to DD_IO_SLOTS are
 * on their way to the disk.
 */
static int dd_job_state(struct dd_target *t, unsigned int slot)
{
	/* Pairs with the release in dd_fill_chunk(). */
	return atomic_read_acquire(&t->job[slot].state);
}

/* Blocks a filled chunk takes on disk: its header block and payload. */
static u64 dd_chunk_blocks(const struct dd_job *job)
{
	return 1 + DIV_ROUND_UP(job->payload, DD_BLOCK_SIZE);
}

/* The chunk header of slot, completed for its place in the dump. */
static void dd_chunk_seal(struct dd_writer *w, unsigned int slot)
{
	struct dd_job *job = &w->t->job[slot];
	struct dd_chunk_header *ch = w->t->buf[dd_slot_owner(slot)].cpu;

	memcpy(ch->magic, DD_CHUNK_MAGIC, DD_MAGIC_LEN);
	ch->dump_id = cpu_to_le64(w->dump_id);
	ch->seq = cpu_to_le64(job->seq);
	ch->nr_pages = cpu_to_le32(job->nr_pages);
	ch->payload_blocks = cpu_to_le32(dd_chunk_blocks(job) - 1);
	ch->payload_bytes = cpu_to_le64(job->data_bytes);
	ch->payload_xxh64 = cpu_to_le64(job->payload_xxh64);
	ch->header_xxh64 = 0;
	ch->header_xxh64 = cpu_to_le64(xxh64(ch, sizeof(*ch), 0));
}

/* Seal the filled chunk in slot and queue it at the next block. */
static int dd_chunk_submit(struct dd_writer *w, unsigned int slot)
{
	struct dd_target *t = w->t;
	struct dd_job *job = &t->job[slot];
	unsigned int owner = dd_slot_owner(slot);
	u64 blocks = dd_chunk_blocks(job);
	int ret;

	/* The last block of the partition is kept for the trailer. */
	if (w->next_block + blocks >= t->nr_blocks) {
		w->status = DD_STATUS_SHORT_AREA;
		return -ENOSPC;
	}
	dd_chunk_seal(w, slot);
	job->block = w->next_block;
	if (job->from_ram)
		ret = dd_io_queue_segs(t, owner, job->block,
				       t->buf[owner].cpu + DD_CHUNK_BYTES,
				       job->nr_segs);
	else
		ret = dd_io_queue(t, owner, DD_OP_WRITE, job->block,
				  &t->buf[owner], blocks);
	if (ret) {
		w->status = DD_STATUS_IO_ERROR;
		return ret;
	}
	atomic_set(&job->state, DD_JOB_INFLIGHT);
	w->next_block += blocks;
	w->seq++;
	w->written += job->nr_pages;
	w->zero += job->zero;
	w->unreadable += job->unreadable;
	w->by_helpers += job->by_helper;
	return 0;
}

/*
 * A chunk written from RAM whose pages changed before the disk had them:
 * written again, in the same blocks, from a copy of the pages taken now.
 */
static int dd_chunk_rewrite(struct dd_writer *w, unsigned int slot)
{
	struct dd_target *t = w->t;
	struct dd_job *job = &t->job[slot];
	unsigned int owner = dd_slot_owner(slot);
	int ret;

	dd_chunk_copy(t, slot);
	dd_chunk_seal(w, slot);
	ret = dd_io_queue(t, owner, DD_OP_WRITE, job->block, &t->buf[owner],
			  dd_chunk_blocks(job));
	if (ret) {
		w->status = DD_STATUS_IO_ERROR;
		return ret;
	}
	atomic_set(&job->state, DD_JOB_INFLIGHT);
	w->rewritten++;
	return 0;
}

/*
 * Every chunk the disk is done with: free, or, written from RAM, WRITTEN
 * for a worker to check that its pages did not change meanwhile.
 */
static void dd_chunks_written(struct dd_writer *w)
{
	struct dd_target *t = w->t;
	unsigned int slot;

	for (slot = 0; slot < t->nr_slots; slot++) {
		if (dd_job_state(t, slot) != DD_JOB_INFLIGHT ||
		    dd_io_owner_busy(t, dd_slot_owner(slot)))
			continue;
		/* from_ram before the state that offers the chunk to a worker. */
		atomic_set_release(&t->job[slot].state, t->job[slot].from_ram ?
				   DD_JOB_WRITTEN : DD_JOB_FREE);
	}
}

/* Queue every filled chunk that is next in order. */
static int dd_submit_filled(struct dd_writer *w)
{
	unsigned int slot;
	int ret;

	while (w->seq < w->listed) {
		slot = w->seq % w->t->nr_slots;
		if (dd_job_state(w->t, slot) != DD_JOB_DONE)
			return 0;
		ret = dd_chunk_submit(w, slot);
		if (ret)
			return ret;
	}
	return 0;
}

/* Past the whole dump's deadline: record it and stop. */
static int dd_check_timeout(struct dd_writer *w)
{
	if (!dd_deadline_passed(&w->deadline))
		return 0;
	pr_emerg("dump_timeout reached; the dump stops here\n");
	w->status = DD_STATUS_TIMED_OUT;
	return -ETIME;
}

/*
 * Keep the chunks moving until slot is free, or, with slot ==
 * nr_slots, until every listed chunk is queued: queue what is filled,
 * take back the buffers the disk is done with, and only when the slot is
 * still not free fill what no helper took (listing more first keeps the
 * helpers busy), and wait for the disk only when there is nothing else to
 * do.
 */
static int dd_advance(struct dd_writer *w, unsigned int slot)
{
	struct dd_target *t = w->t;
	unsigned int oldest;
	int ret, state;

	for (;;) {
		/* After the partition filled up, nothing more is queued. */
		ret = w->status == DD_STATUS_COMPLETE ? dd_submit_filled(w) : 0;
		if (!ret)
			ret = dd_io_reap(t);
		if (ret) {
			if (w->status == DD_STATUS_COMPLETE)
				w->status = DD_STATUS_IO_ERROR;
			return ret;
		}
		dd_chunks_written(w);
		if (slot < t->nr_slots) {
			state = dd_job_state(t, slot);
			if (state == DD_JOB_FREE)
				return 0;
			if (state == DD_JOB_CHANGED) {
				ret = dd_chunk_rewrite(w, slot);
				if (ret)
					return ret;
				continue;
			}
		} else if (w->seq == w->listed) {
			return 0;
		}
		if (dd_work_one(t, 0)) {
			touch_nmi_watchdog();
			continue;
		}
		oldest = slot < t->nr_slots ? slot : w->seq % t->nr_slots;
		if (dd_job_state(t, oldest) == DD_JOB_INFLIGHT) {
			ret = dd_io_wait_owner(t, dd_slot_owner(oldest));
			if (ret) {
				w->status = DD_STATUS_IO_ERROR;
				return ret;
			}
			continue;
		}
		/*
		 * A helper is filling or checking it, or one listed before it.
		 * Look for a wedged helper only now and then: the scan costs
		 * this loop, which must notice filled chunks and a free disk
		 * at once (scanning every pass cost 15 % at -d 0 with LZO).
		 */
		if (!(++w->wait_passes % DD_TAKE_BACK_PASSES))
			w->taken_back += dd_take_back_stalled(t);
		ret = dd_check_timeout(w);
		if (ret)
			return ret;
		cpu_relax();
	}
}

/* Hand the chunk being listed to the workers. */
static void dd_list_done(struct dd_writer *w)
{
	unsigned int slot = w->listed % w->t->nr_slots;

	w->t->job[slot].seq = w->listed;
	w->t->job[slot].nr_pages = le32_to_cpu(w->ch->nr_pages);
	/* The page list before the state that offers it. */
	atomic_set_release(&w->t->job[slot].state, DD_JOB_TODO);
	w->listed++;
	w->ch = NULL;
}

/* List pfn in the next chunk, first waiting for its slot to be free. */
static int dd_list_page(struct dd_writer *w, unsigned long pfn)
{
	unsigned int slot = w->listed % w->t->nr_slots, n;
	int ret;

	if (!w->ch) {
		u64 t0 = dd_clock_ns();

		ret = dd_advance(w, slot);
		w->advance_ns += dd_clock_ns() - t0;
		if (!ret)
			ret = dd_check_timeout(w);
		if (ret)
			return ret;
		w->ch = w->t->buf[dd_slot_owner(slot)].cpu;
		memset(w->ch, 0, sizeof(*w->ch));
	}
	n = le32_to_cpu(w->ch->nr_pages);
	w->ch->pages[n].pfn = cpu_to_le64(pfn);
	w->ch->nr_pages = cpu_to_le32(n + 1);
	/* A sealed chunk's tag takes the room of a page (fill.c). */
	if (n + 1 == DD_CHUNK_MAX_PAGES - (w->t->seal.on ? 1 : 0))
		dd_list_done(w);
	return 0;
}

static int dd_list_memory(struct dd_writer *w)
{
	u64 pfn, end, start_ns = dd_clock_ns();
	unsigned long skip;
	unsigned int r;
	int ret;

	for (r = 0; r < w->s->nr_ranges; r++) {
		pfn = w->s->ranges[r].start_pfn;
		end = pfn + w->s->ranges[r].nr_pages;
		while (pfn < end) {
			skip = dd_pages_to_skip(pfn, w->level);
			if (skip) {
				skip = min_t(u64, skip, end - pfn);
				w->excluded += skip;
				pfn += skip;
				continue;
			}
			ret = dd_list_page(w, pfn);
			if (ret)
				return ret;
			pfn++;
		}
	}
	if (w->ch)
		dd_list_done(w);
	w->select_ns = dd_clock_ns() - start_ns - w->advance_ns;
	return dd_advance(w, w->t->nr_slots);
}

static int dd_drain(struct dd_writer *w)
{
	int ret = dd_io_drain(w->t);

	if (ret && w->status == DD_STATUS_COMPLETE)
		w->status = DD_STATUS_IO_ERROR;
	return ret;
}

/*
 * Once every chunk is queued, or the dump stopped early: wait until every
 * slot is free, which for a chunk written from RAM means checked (and
 * written again if its pages changed), so that none stays on the disk
 * with pages that changed under it.
 */
static int dd_settle(struct dd_writer *w)
{
	struct dd_target *t = w->t;
	unsigned int slot;
	int ret;

	for (slot = 0; slot < t->nr_slots; slot++) {
		switch (dd_job_state(t, slot)) {
		case DD_JOB_INFLIGHT:
		case DD_JOB_WRITTEN:
		case DD_JOB_CHECKING:
		case DD_JOB_CHANGED:
			ret = dd_advance(w, slot);
			if (ret)
				return ret;
			break;
		default:	/* free, or never queued: the dump stopped first */
			break;
		}
	}
	return 0;
}

static int dd_write_memory(struct dd_writer *w)
{
	struct dd_target *t = w->t;
	unsigned int slot;
	int ret;

	for (slot = 0; slot < t->nr_slots; slot++) {
		atomic_set(&t->job[slot].state, DD_JOB_FREE);
		t->job[slot].worker = 0;
		t->job[slot].watch_seq = U64_MAX;
	}
	t->retired = 0;
	t->test_claims = 0;
	t->fill_level = w->level;
	t->fill_compress = w->compress;
	/* A sealed chunk is encrypted in its buffer: never from RAM. */
	t->fill_from_ram = t->seg_max_len && !w->compress && !t->seal.on &&
			   READ_ONCE(dd_pages_from_ram);
	w->from_ram = t->fill_from_ram;
	w->helpers = min(dd_helpers_arrived(), t->nr_workers - 1);
	dd_helpers_start(t);
	ret = dd_list_memory(w);
	/* Not after a failed request (only a reset may follow) or the deadline. */
	if (!t->q.failed && (!ret || ret == -ENOSPC)) {
		int settled = dd_settle(w);

		ret = ret ? ret : settled;
	}
	dd_helpers_stop();
	return ret;
}

static void dd_report(const struct dd_writer *w, u64 nsecs)
{
	const struct dd_target *t = w->t;
	u64 bytes = w->next_block * DD_BLOCK_SIZE;
	u64 ms = div_u64(nsecs, NSEC_PER_MSEC);

	pr_emerg("dump %s on %s: %llu MiB in %llu.%03llu s (%llu MB/s), level %u%s, %llu pages written (%llu zero), %llu excluded, %llu unreadable, %llu requests of up to %u KiB; %u helper CPUs (filled %llu of %llu chunks), pages chosen in %llu ms; %llu chunks written again; %llu requests retried, %u chunks taken back from helpers\n",
		 w->status == DD_STATUS_COMPLETE ? "complete" : "INCOMPLETE",
		 t->disk.description, bytes >> 20, ms / 1000, ms % 1000,
		 ms ? div_u64(bytes, ms * 1000) : 0, w->level,
		 w->compress == DD_COMPRESS_ZSTD ? " zstd" :
		 w->compress ? " lzo" : w->from_ram ? " from RAM" : "",
		 w->written, w->zero, w->excluded,
		 w->unreadable, t->q.nr_requests, t->request_bytes >> 10,
		 w->helpers, w->by_helpers, w->seq,
		 div_u64(w->select_ns, NSEC_PER_MSEC), w->rewritten,
		 t->q.retries, w->taken_back);
}

/* The whole dump's time limit: dump_timeout, or scaled to the RAM. */
static u64 dd_dump_timeout_ms(const struct dd_target *t,
			      const struct dd_sysinfo *s)
{
	unsigned int secs = READ_ONCE(dd_dump_timeout);

	if (secs)
		return (u64)secs * MSEC_PER_SEC;
	/*
	 * 60 s, plus the takeover the hook declares (an MPT hard reset and
	 * port enable take minutes), plus what 20 MB/s takes for every
	 * page of RAM.
	 */
	return 60 * MSEC_PER_SEC + dd_reset_timeout_ms(t) +
	       div_u64(s->nr_pages * PAGE_SIZE, 20 * 1000);
}

/*
 * The trailer and the final header, after the memory or a failure; nsecs
 * is how long the dump took, for the header.
 */
static int dd_finish(struct dd_target *t, struct dd_dump_header *h,
		     const struct dd_writer *w, u64 nsecs)
{
	int ret;

	h->status = cpu_to_le32(w->status);
	h->end_block = cpu_to_le64(w->next_block);
	h->dump_nsecs = cpu_to_le64(nsecs);
	h->nr_chunks = cpu_to_le64(w->seq);
	h->nr_pages_written = cpu_to_le64(w->written);
	h->nr_pages_zero = cpu_to_le64(w->zero);
	h->nr_pages_excluded = cpu_to_le64(w->excluded);
	h->nr_pages_unreadable = cpu_to_le64(w->unreadable);
	ret = dd_write_header_block(t, h, DD_TRAILER_MAGIC, w->next_block);
	if (!ret)
		ret = dd_io_flush(t);
	if (!ret)
		ret = dd_write_header_block(t, h, DD_HEADER_MAGIC,
					    DD_HEADER_BLOCK);
	if (!ret)
		ret = dd_io_flush(t);
	return ret;
}

static noinline int dd_write_dump(struct dd_target *t,
				  const struct dd_panic_info *pi)
{
	struct dd_dump_header *h = &dd_hdr;
	struct dd_writer *w = &dd_w;
	u64 nsecs;
	int ret;

	/* Resized since it was armed?  Then the bounds are stale: write nothing. */
	if (bdev_nr_bytes(t->bdev) != t->armed_bytes ||
	    t->bdev->bd_start_sect != t->start_sect) {
		pr_emerg("%pg changed size or place since it was armed; not writing to it\n",
			 t->bdev);
		return -ESTALE;
	}
	memset(w, 0, sizeof(*w));
	w->t = t;
	w->s = READ_ONCE(dd_sys);
	w->dump_id = t->dump_id_seed ^ pi->start_ns;
	w->level = READ_ONCE(dd_dump_level) & DD_DL_ALL;
	w->compress = READ_ONCE(dd_compress_alg);
	w->notes_block = DD_HEADER_BLOCK + 1;
	w->dmesg_block = w->notes_block + t->notes_blocks;
	w->data_block = w->dmesg_block + DD_DMESG_BLOCKS;
	dd_fill_header(h, w, pi);
	dd_deadline_start(&w->deadline, dd_dump_timeout_ms(t, w->s));

	ret = dd_io_reset(t);
	if (ret) {
		pr_emerg("%s: cannot take the controller over: %d\n",
			 t->disk.description, ret);
		goto out;
	}
	ret = dd_verify_identity(t);
	if (ret)
		goto out;
	ret = dd_write_header_block(t, h, DD_HEADER_MAGIC, DD_HEADER_BLOCK);
	if (!ret)
		ret = dd_write_notes(t, h, pi);
	if (!ret)
		ret = dd_write_dmesg(t, h);
	if (!ret)
		ret = dd_write_header_block(t, h, DD_HEADER_MAGIC,
					    DD_HEADER_BLOCK);
	if (ret) {
		pr_emerg("%s: cannot write the dump header: %d\n",
			 t->disk.description, ret);
		goto out;
	}

	w->next_block = w->data_block;
	w->status = DD_STATUS_COMPLETE;
	dd_write_memory(w);
	dd_drain(w);
	/*
	 * After a failed request the device may still own buffers: only a
	 * reset lets the trailer through, so that savecore knows the status.
	 */
	if (t->q.failed) {
		ret = dd_io_reset(t);
		if (ret) {
			pr_emerg("%s: reset after the failure failed: %d; no trailer\n",
				 t->disk.description, ret);
			goto out;
		}
	}
	nsecs = dd_clock_ns() - pi->start_ns;
	ret = dd_finish(t, h, w, nsecs);
	dd_report(w, nsecs);
out:
	t->ops->shutdown(&t->disk);
	return ret ? ret : (w->status == DD_STATUS_COMPLETE ? 0 : -EIO);
}

/*
 * A frame of its own that crash can start from (see diskdump.h): a plain
 * call and return, so that unwinding it needs nothing but the stack
 * pointer, unlike dd_write_dump(), whose frame GCC addresses through rbp.
 */
int disk_dump(struct dd_target *t, const struct dd_panic_info *pi)
{
	int ret = dd_write_dump(t, pi);

	barrier();	/* keep the call from becoming a tail jump */
	return ret;
}
