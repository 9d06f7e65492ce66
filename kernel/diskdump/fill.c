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
 * Workers share nothing but the slot's state: each has its own buffers
 * (struct dd_worker), and a slot belongs to the one that claimed it.
 */
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xxhash.h>

#include "diskdump.h"

/*
 * Take the oldest chunk listed and not yet taken, so that chunks are
 * filled about in the order they are written.  Returns its slot, or -1
 * when none is listed or another worker took it first.
 */
int dd_claim_oldest(struct dd_target *t)
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
 * One page into the payload at dst, where room bytes are left.  Some RAM
 * is not mapped (KFENCE guard pages, memory taken out of the direct map):
 * the fault is caught and the page recorded as unreadable rather than
 * taking the dump down with it.  Returns the bytes it takes.
 */
static size_t dd_fill_page(struct dd_target *t, struct dd_job *job,
			   struct dd_worker *wk, struct dd_page_desc *d,
			   void *dst, size_t room)
{
	unsigned long pfn = le64_to_cpu(d->pfn);
	void *copy = t->fill_compress ? wk->page : dst;
	size_t size = PAGE_SIZE, packed;
	u32 flags = DD_PAGE_RAW;

	d->size = 0;
	if (!pfn_valid(pfn) ||
	    copy_from_kernel_nofault(copy, pfn_to_kaddr(pfn), PAGE_SIZE)) {
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

/* Worker 0 is the panicking CPU, the others helper CPUs. */
void dd_fill_chunk(struct dd_target *t, unsigned int slot, unsigned int worker)
{
	struct dd_worker *wk = &t->worker[worker];
	struct dd_job *job = &t->job[slot];
	struct dd_chunk_header *ch = t->buf[dd_slot_owner(slot)].cpu;
	void *payload = (void *)ch + DD_BLOCK_SIZE;
	size_t room = DD_CHUNK_BYTES - DD_BLOCK_SIZE, len = 0;
	unsigned int i;

	job->by_helper = worker > 0;
	job->zero = 0;
	job->unreadable = 0;
	for (i = 0; i < job->nr_pages; i++)
		len += dd_fill_page(t, job, wk, &ch->pages[i], payload + len,
				    room - len);
	memset(payload + len, 0, ALIGN(len, DD_BLOCK_SIZE) - len);
	job->payload = len;
	job->payload_xxh64 = xxh64(payload, len, 0);
	/* The pages and counts above before the state that publishes them. */
	atomic_set_release(&job->state, DD_JOB_DONE);
}
