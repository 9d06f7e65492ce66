// SPDX-License-Identifier: GPL-2.0
/*
 * Filling one chunk: the work the panicking CPU shares with the helper
 * CPUs.  The panicking CPU has listed the pages (their pfns in the chunk
 * header) and chosen the slot's buffer; a worker copies each page in,
 * records it as zero or unreadable where it is, compresses it straight
 * into the payload, pads the payload to a block and checksums it.  What
 * stays for the panicking CPU is the chunk's place in the dump: its
 * sequence number, its blocks on disk and its header checksum.
 *
 * In an uncompressed chunk the disk can take straight from RAM (hook.h,
 * pages_from_ram), the user, page-cache and free pages are not copied:
 * the worker lists the pages as segments and hashes them where they are.
 *
 * Workers share nothing but the slot's state: each has its own buffers
 * (struct dd_worker), and a slot belongs to the one that claimed it.
 */
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xxhash.h>

#include "diskdump.h"
#include "diskdump/seal.h"
#include "diskdump/xxh64_blocks.h"

/*
 * Take the oldest chunk listed and not yet taken, so that chunks are
 * filled about in the order they are written.  Returns its slot, or -1
 * when none is listed or another worker took it first.
 */
static int dd_claim_oldest(struct dd_target *t)
{
	unsigned int slot;
	int best = -1;

	for (slot = 0; slot < t->nr_slots; slot++) {
		if (atomic_read(&t->job[slot].state) != DD_JOB_TODO)
			continue;
		if (best < 0 || t->job[slot].seq < t->job[best].seq)
			best = slot;
	}
	if (best >= 0 && atomic_cmpxchg(&t->job[best].state, DD_JOB_TODO,
					DD_JOB_BUSY) != DD_JOB_TODO)
		return -1;
	return best;
}

/*
 * A page with a hardware memory error is not read: touching it again can
 * raise a machine check in the middle of the dump.
 */
static void *dd_page_mapping(unsigned long pfn)
{
	if (!pfn_valid(pfn) || PageHWPoison(pfn_to_page(pfn)))
		return NULL;
	return pfn_to_kaddr(pfn);
}

/*
 * A page of RAM into dst: 0, or an error when it cannot be read.  A page
 * out of the direct map faults (KFENCE guard pages, memfd_secret): the
 * probe of its first word catches that.  Where the kernel has a
 * machine-check-safe copy (x86-64: copy_mc_to_kernel()), an uncorrectable
 * memory error met while copying is recovered from, and the page counted
 * unreadable, instead of a machine check taking the dump down with it.
 */
static int dd_read_page(void *dst, const void *page)
{
	unsigned long word;

	if (copy_from_kernel_nofault(&word, page, sizeof(word)))
		return -EFAULT;
#ifdef CONFIG_ARCH_HAS_COPY_MC
	return copy_mc_to_kernel(dst, page, PAGE_SIZE) ? -EIO : 0;
#else
	return copy_from_kernel_nofault(dst, page, PAGE_SIZE) ? -EFAULT : 0;
#endif
}

/*
 * One page into the payload at dst, where room bytes are left.  Some RAM
 * is not mapped (KFENCE guard pages, memory taken out of the direct map):
 * the fault is caught and the page recorded as unreadable rather than
 * taking the dump down with it.  Returns the bytes it takes.
 */
static size_t dd_fill_page(struct dd_target *t, struct dd_job *job,
			   struct dd_worker *wk, struct dd_page_desc *d,
			   void *dst, size_t room)
{
	void *page = dd_page_mapping(le64_to_cpu(d->pfn));
	void *copy = t->fill_compress ? wk->page : dst;
	size_t size = PAGE_SIZE, packed;
	u32 flags = DD_PAGE_RAW;

	d->size = 0;
	if (!page || dd_read_page(copy, page)) {
		d->flags = cpu_to_le32(DD_PAGE_UNREADABLE);
		job->unreadable++;
		return 0;
	}
	if ((t->fill_level & DD_DL_ZERO) && !memchr_inv(copy, 0, PAGE_SIZE)) {
		d->flags = cpu_to_le32(DD_PAGE_ZERO);
		job->zero++;
		return 0;
	}
	if (t->fill_compress) {
		packed = dd_compress_page(wk, t->fill_compress, dst, room);
		if (packed) {
			size = packed;
			flags = t->fill_compress == DD_COMPRESS_ZSTD ?
				DD_PAGE_ZSTD : DD_PAGE_LZO;
		} else {
			memcpy(dst, copy, PAGE_SIZE);
		}
	}
	d->size = cpu_to_le32(size);
	d->flags = cpu_to_le32(flags);
	return size;
}

/* Through the buffer: copied, perhaps compressed, padded to a block. */
static void dd_fill_copy(struct dd_target *t, struct dd_job *job,
			 struct dd_worker *wk, struct dd_chunk_header *ch)
{
	void *payload = (void *)ch + DD_BLOCK_SIZE;
	size_t room = DD_CHUNK_BYTES - DD_BLOCK_SIZE, len = 0;
	unsigned int i;

	/* A sealed chunk lists a page less (writer.c): its tag fits. */
	if (t->seal.on)
		room -= DD_SEAL_TAG_SIZE;
	for (i = 0; i < job->nr_pages; i++)
		len += dd_fill_page(t, job, wk, &ch->pages[i], payload + len,
				    room - len);
	job->data_bytes = len;
	if (t->seal.on) {
		dd_seal_chunk(&t->seal, job->seq, job->nr_pages, ch->pages, payload, len);
		len += DD_SEAL_TAG_SIZE;
	}
	memset(payload + len, 0, ALIGN(len, DD_BLOCK_SIZE) - len);
	job->payload = len;
	job->payload_xxh64 = xxh64(payload, len, 0);
}

/* Can every page of the chunk go to the disk from where it is? */
static bool dd_chunk_from_ram(const struct dd_target *t, const struct dd_job *job,
			      const struct dd_chunk_header *ch)
{
	unsigned int i;

	if (!t->fill_from_ram)
		return false;
	for (i = 0; i < job->nr_pages; i++)
		if (le64_to_cpu(ch->pages[i].pfn) >= t->ram_pfn_limit)
			return false;
	return true;
}

/*
 * Straight from RAM: the segments are the header block in the slot's
 * buffer, then every page with data.  A user, page-cache or free page
 * goes from where it is; any other is copied into the payload at its
 * place and goes from there (dd_pages_left_alone(): one page, or the rest
 * of a free block).  A page must still be mapped for the CPU to test it
 * for zeroes and hash it; mapping is per page (KFENCE, pages out of the
 * direct map), so one word tells.
 */
static void dd_fill_from_ram(struct dd_target *t, struct dd_job *job,
			     const struct dd_buf *buf)
{
	struct dd_chunk_header *ch = buf->cpu;
	struct dd_seg *seg = buf->cpu + DD_CHUNK_BYTES;
	void *payload = buf->cpu + DD_BLOCK_SIZE, *page, *src;
	unsigned long pfn, word, alone_end = 0;
	struct dd_page_desc *d;
	struct dd_xxh64 hash;
	unsigned int i, nr;
	bool any_from_ram = false;
	u64 addr;

	dd_xxh64_start(&hash);
	bitmap_zero(job->copied, DD_CHUNK_MAX_PAGES);
	job->payload = 0;
	nr = dd_seg_add(seg, 0, buf->dma, DD_BLOCK_SIZE, t->seg_max_len);
	for (i = 0; i < job->nr_pages; i++) {
		d = &ch->pages[i];
		pfn = le64_to_cpu(d->pfn);
		page = dd_page_mapping(pfn);
		d->size = 0;
		if (!page || copy_from_kernel_nofault(&word, page, sizeof(word))) {
			d->flags = cpu_to_le32(DD_PAGE_UNREADABLE);
			job->unreadable++;
			continue;
		}
		if ((t->fill_level & DD_DL_ZERO) && !memchr_inv(page, 0, PAGE_SIZE)) {
			d->flags = cpu_to_le32(DD_PAGE_ZERO);
			job->zero++;
			continue;
		}
		src = page;
		addr = PFN_PHYS(pfn);
		if (pfn >= alone_end)
			alone_end = pfn + dd_pages_left_alone(pfn);
		if (pfn >= alone_end) {
			src = payload + job->payload;
			addr = buf->dma + DD_BLOCK_SIZE + job->payload;
			if (dd_read_page(src, page)) {
				d->flags = cpu_to_le32(DD_PAGE_UNREADABLE);
				job->unreadable++;
				continue;
			}
			__set_bit(i, job->copied);
		} else {
			any_from_ram = true;
		}
		dd_xxh64_add(&hash, src, PAGE_SIZE);
		nr = dd_seg_add(seg, nr, addr, PAGE_SIZE, t->seg_max_len);
		d->size = cpu_to_le32(PAGE_SIZE);
		d->flags = cpu_to_le32(DD_PAGE_RAW);
		job->payload += PAGE_SIZE;
	}
	job->nr_segs = nr;
	job->data_bytes = job->payload;
	job->payload_xxh64 = dd_xxh64_end(&hash);
	/*
	 * Every page copied after all (all kernel pages, as at level 31):
	 * the buffer holds the whole chunk, which goes as any copied chunk,
	 * with nothing to check once written.
	 */
	job->from_ram = any_from_ram;
}

static void dd_fill_chunk(struct dd_target *t, unsigned int slot, unsigned int worker)
{
	struct dd_job *job = &t->job[slot];
	const struct dd_buf *buf = &t->buf[dd_slot_owner(slot)];

	job->by_helper = worker > 0;
	job->zero = 0;
	job->unreadable = 0;
	job->from_ram = dd_chunk_from_ram(t, job, buf->cpu);
	if (job->from_ram)
		dd_fill_from_ram(t, job, buf);
	else
		dd_fill_copy(t, job, &t->worker[worker], buf->cpu);
	/* The pages and counts above before the state that publishes them. */
	atomic_set_release(&job->state, DD_JOB_DONE);
}

/*
 * After a chunk went to the disk from RAM: did a page change meanwhile?
 * The CPUs are stopped, but a device (a network card receiving, a CPU
 * that did not stop) may still write to RAM, and the dump changes its own
 * buffers and state; then what reached the disk may not be what was
 * hashed.
 */
static bool dd_chunk_changed(struct dd_target *t, unsigned int slot)
{
	const struct dd_chunk_header *ch = t->buf[dd_slot_owner(slot)].cpu;
	const void *payload = (const void *)ch + DD_BLOCK_SIZE;
	struct dd_job *job = &t->job[slot];
	struct dd_xxh64 hash;
	unsigned int i;
	size_t off = 0;

	dd_xxh64_start(&hash);
	for (i = 0; i < job->nr_pages; i++) {
		if (!ch->pages[i].size)
			continue;
		dd_xxh64_add(&hash, test_bit(i, job->copied) ? payload + off :
				    pfn_to_kaddr(le64_to_cpu(ch->pages[i].pfn)),
			     PAGE_SIZE);
		off += PAGE_SIZE;
	}
	return dd_xxh64_end(&hash) != job->payload_xxh64;
}

/* Its pages hashed again: FREE if unchanged, else CHANGED (written again). */
static void dd_check_written(struct dd_target *t, unsigned int slot)
{
	atomic_set_release(&t->job[slot].state, dd_chunk_changed(t, slot) ?
			   DD_JOB_CHANGED : DD_JOB_FREE);
}

/*
 * For tests only (test_wedge_helper): the first helper hangs in its Nth
 * chunk, holding it, as a wedged CPU would.
 */
static void dd_test_wedge(struct dd_target *t, unsigned int worker)
{
	unsigned int n = READ_ONCE(dd_test_wedge_helper);

	if (likely(!n) || worker != 1 || ++t->test_claims != n)
		return;
	for (;;)
		cpu_relax();
}

/* Take a chunk written from RAM, to hash its pages again; -1 if none. */
static int dd_claim_written(struct dd_target *t)
{
	unsigned int slot;

	for (slot = 0; slot < t->nr_slots; slot++)
		if (atomic_read(&t->job[slot].state) == DD_JOB_WRITTEN &&
		    atomic_cmpxchg(&t->job[slot].state, DD_JOB_WRITTEN,
				   DD_JOB_CHECKING) == DD_JOB_WRITTEN)
			return slot;
	return -1;
}

/*
 * One piece of work for worker (0 the panicking CPU, the others helper
 * CPUs): fill the oldest chunk listed, else check a chunk written from
 * RAM.  False when there was none.
 */
bool dd_work_one(struct dd_target *t, unsigned int worker)
{
	int slot;

	if (dd_worker_retired(t, worker))
		return false;
	slot = dd_claim_oldest(t);
	if (slot >= 0) {
		WRITE_ONCE(t->job[slot].worker, worker);
		dd_test_wedge(t, worker);
		dd_fill_chunk(t, slot, worker);
		return true;
	}
	slot = dd_claim_written(t);
	if (slot < 0)
		return false;
	WRITE_ONCE(t->job[slot].worker, worker);
	dd_check_written(t, slot);
	return true;
}

/*
 * A helper that claimed a chunk and made no progress on it for this long
 * is taken to be wedged (a machine check, an oops or a stack overflow in
 * NMI context): filling 1 MiB takes milliseconds, even compressed.
 */
#define DD_HELPER_STALL_MS	2000

/*
 * Called by the panicking CPU while it waits for helpers: take back every
 * chunk a helper has held unchanged for DD_HELPER_STALL_MS, finish it
 * here, and give that helper no more work.  Otherwise in-order writing
 * would wait behind it until dump_timeout.  Should the helper only have
 * been slow, it may still write into the chunk: the chunk's checksum
 * then tells savecore, which reports its pages missing.  Returns the
 * number of chunks taken back.
 */
unsigned int dd_take_back_stalled(struct dd_target *t)
{
	unsigned int slot, worker, n = 0;
	struct dd_job *job;
	int state;

	for (slot = 0; slot < t->nr_slots; slot++) {
		job = &t->job[slot];
		state = atomic_read(&job->state);
		worker = READ_ONCE(job->worker);
		if ((state != DD_JOB_BUSY && state != DD_JOB_CHECKING) || !worker)
			continue;
		if (job->watch_seq != job->seq || job->watch_state != state) {
			job->watch_seq = job->seq;
			job->watch_state = state;
			dd_deadline_start(&job->watch, DD_HELPER_STALL_MS);
			continue;
		}
		if (!dd_deadline_passed(&job->watch))
			continue;
		set_bit(worker, &t->retired);
		pr_emerg("helper %u made no progress on chunk %llu in %u ms: taken back; it gets no more work\n",
			 worker, job->seq, DD_HELPER_STALL_MS);
		job->watch_seq = U64_MAX;
		WRITE_ONCE(job->worker, 0);
		if (state == DD_JOB_BUSY)
			dd_fill_chunk(t, slot, 0);
		else
			dd_check_written(t, slot);
		n++;
	}
	return n;
}

bool dd_worker_retired(const struct dd_target *t, unsigned int worker)
{
	return worker && test_bit(worker, &t->retired);
}

/*
 * The chunk again, its pages copied into the buffer as they are now, so
 * that it is written again exactly as hashed: the same pages in the same
 * blocks (a page was readable when listed; should one not be now, its
 * block is zeroes and the chunk is still whole).
 */
void dd_chunk_copy(struct dd_target *t, unsigned int slot)
{
	struct dd_chunk_header *ch = t->buf[dd_slot_owner(slot)].cpu;
	void *payload = (void *)ch + DD_BLOCK_SIZE, *dst = payload;
	struct dd_job *job = &t->job[slot];
	unsigned int i;

	for (i = 0; i < job->nr_pages; i++) {
		if (!ch->pages[i].size)
			continue;
		if (dd_read_page(dst, pfn_to_kaddr(le64_to_cpu(ch->pages[i].pfn))))
			memset(dst, 0, PAGE_SIZE);
		dst += PAGE_SIZE;
	}
	job->from_ram = false;
	job->payload_xxh64 = xxh64(payload, job->payload, 0);
}
