// SPDX-License-Identifier: GPL-2.0
/*
 * The only way the panic path reaches a disk.
 *
 * The core, not the hook, refuses any transfer outside the armed partition
 * (and any write to its label): a bad block number is a bug that must not
 * turn into a write over someone's filesystem.  It cuts transfers into
 * requests the controller can take (split.h), keeps up to queue_depth of
 * them in flight, completes them oldest first, owns every deadline, and
 * after a failure lets nothing but a reset through (hook.h).
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/nmi.h>
#include <linux/printk.h>

#include "diskdump.h"
#include "diskdump/retry.h"

#define DD_SECTORS_PER_BLOCK	(DD_BLOCK_SIZE / DD_SECTOR_SIZE)
/* Poll passes between two pats of the NMI and soft-lockup watchdogs. */
#define DD_WATCHDOG_PASSES	4096

/* room: blocks the data comes from or goes to can hold. */
static bool dd_io_in_bounds(const struct dd_target *t, enum dd_op op,
			    u64 block, u64 room, u64 nr_blocks)
{
	if (op == DD_OP_FLUSH)
		return true;
	/* Block 0 is the label or swap header: the core only ever reads it. */
	if (op == DD_OP_WRITE && block <= DD_LABEL_BLOCK)
		return false;
	return nr_blocks && nr_blocks <= room &&
	       block < t->nr_blocks && nr_blocks <= t->nr_blocks - block;
}

static int dd_io_refuse(const struct dd_target *t, enum dd_op op, u64 block,
			u64 nr_blocks)
{
	pr_emerg("refused %s of %llu blocks at block %llu of %llu\n",
		 op == DD_OP_WRITE ? "write" : "read", nr_blocks, block,
		 t->nr_blocks);
	return -EFAULT;
}

static void dd_io_pat_watchdogs(struct dd_target *t)
{
	if (++t->q.polls % DD_WATCHDOG_PASSES)
		return;
	touch_nmi_watchdog();
	touch_softlockup_watchdog();
}

static int dd_io_start(struct dd_target *t, unsigned int tag)
{
	struct dd_tag *tg = &t->q.tag[tag];
	int ret;

	dd_deadline_start(&tg->deadline, t->io_timeout_ms);
	ret = t->ops->submit(&t->disk, tag, &tg->rq);
	if (ret) {
		pr_emerg("%s: request refused by the hook: %d\n",
			 t->disk.description, ret);
		t->q.failed = true;
	}
	return ret;
}

/*
 * The hook answered why (-EAGAIN, or -ECOMM: aborted in transit, a few
 * tries only): submit it again at once or after a back-off (retry.h),
 * -EINPROGRESS; or why when its retries are spent.
 */
static int dd_io_retry(struct dd_target *t, unsigned int tag, int why)
{
	struct dd_tag *tg = &t->q.tag[tag];
	u32 delay;
	int ret;

	if (!tg->tries)
		dd_deadline_start(&tg->retry_budget, DD_RETRY_BUDGET_MS);
	if (!dd_retry_allowed(tg->tries, dd_deadline_passed(&tg->retry_budget), why == -ECOMM))
		return why;
	tg->tries++;
	t->q.retries++;
	delay = dd_retry_delay_ms(tg->tries);
	if (delay) {
		dd_deadline_start(&tg->resubmit_at, delay);
		tg->backing_off = true;
		return -EINPROGRESS;
	}
	ret = dd_io_start(t, tag);
	return ret ? ret : -EINPROGRESS;
}

/*
 * For tests only (module parameter test_eagain_ms, 0 unless a test sets
 * it): a device that answers BUSY for that long after each takeover.
 */
static bool dd_io_test_busy(const struct dd_target *t)
{
	u32 ms = READ_ONCE(dd_test_eagain_ms);

	return ms && dd_clock_ns() - t->q.reset_ns < (u64)ms * NSEC_PER_MSEC;
}

/*
 * One look at the request on tag: 0 when it is done, -EINPROGRESS when not
 * yet (or just submitted again, as the hook asked), else it failed.
 */
static int dd_io_check(struct dd_target *t, unsigned int tag)
{
	struct dd_tag *tg = &t->q.tag[tag];
	int ret;

	if (tg->backing_off) {
		if (!dd_deadline_passed(&tg->resubmit_at))
			return -EINPROGRESS;
		tg->backing_off = false;
		ret = dd_io_start(t, tag);
		return ret ? ret : -EINPROGRESS;
	}
	ret = t->ops->poll(&t->disk, tag);
	if (unlikely(!ret && dd_io_test_busy(t)))
		ret = -EAGAIN;
	if (ret == -EAGAIN || ret == -ECOMM)
		ret = dd_io_retry(t, tag, ret);
	if (ret == -EINPROGRESS && dd_deadline_passed(&tg->deadline))
		ret = -ETIMEDOUT;
	if (ret && ret != -EINPROGRESS) {
		pr_emerg("%s: %s of %u bytes at sector %llu failed: %d\n",
			 t->disk.description,
			 tg->rq.op == DD_OP_WRITE ? "write" :
			 tg->rq.op == DD_OP_READ ? "read" : "flush",
			 tg->rq.len, tg->rq.sector, ret);
		t->q.failed = true;
	}
	return ret;
}

/* Poll the request on tag until it is done, failed, or out of time. */
static int dd_io_poll(struct dd_target *t, unsigned int tag)
{
	int ret;

	while ((ret = dd_io_check(t, tag)) == -EINPROGRESS) {
		dd_io_pat_watchdogs(t);
		cpu_relax();
	}
	return ret;
}

/* The oldest request in flight is done: its tag and buffer are free. */
static void dd_io_retire_oldest(struct dd_target *t)
{
	struct dd_queue *q = &t->q;

	q->owner_busy[q->tag[q->head].owner]--;
	q->head = (q->head + 1) % q->depth;
	q->nr_busy--;
	touch_nmi_watchdog();
}

/* Complete the oldest request in flight. */
static int dd_io_complete_oldest(struct dd_target *t)
{
	int ret;

	if (!t->q.nr_busy)
		return 0;
	ret = dd_io_poll(t, t->q.head);
	if (!ret)
		dd_io_retire_oldest(t);
	return ret;
}

/* Complete, oldest first, the requests that are done already; never waits. */
int dd_io_reap(struct dd_target *t)
{
	int ret;

	while (t->q.nr_busy) {
		if (t->q.failed)
			return -EIO;
		ret = dd_io_check(t, t->q.head);
		if (ret == -EINPROGRESS)
			return 0;
		if (ret)
			return ret;
		dd_io_retire_oldest(t);
	}
	return 0;
}

/* Whether owner has requests in flight (as far as completions were seen). */
bool dd_io_owner_busy(const struct dd_target *t, unsigned int owner)
{
	return owner < DD_NR_OWNERS && t->q.owner_busy[owner];
}

static int dd_io_add(struct dd_target *t, unsigned int owner,
		     const struct dd_request *rq)
{
	struct dd_queue *q = &t->q;
	unsigned int tag;
	int ret;

	if (q->nr_busy == q->depth) {
		ret = dd_io_complete_oldest(t);
		if (ret)
			return ret;
	}
	tag = (q->head + q->nr_busy) % q->depth;
	q->tag[tag].rq = *rq;
	q->tag[tag].owner = owner;
	q->tag[tag].tries = 0;
	q->tag[tag].backing_off = false;
	q->nr_busy++;
	q->owner_busy[owner]++;
	return dd_io_start(t, tag);
}

int dd_io_queue(struct dd_target *t, unsigned int owner, enum dd_op op,
		u64 block, const struct dd_buf *buf, u64 nr_blocks)
{
	struct dd_request rq = { .op = op, .buf = buf };
	u64 first = t->start_sect + block * DD_SECTORS_PER_BLOCK, i, sector, offset;
	u64 bytes = nr_blocks * DD_BLOCK_SIZE;
	u32 len;
	int ret;

	if (t->q.failed)
		return -EIO;	/* only dd_io_reset() may follow a failure */
	if (owner >= DD_NR_OWNERS ||
	    !dd_io_in_bounds(t, op, block, buf ? buf->size / DD_BLOCK_SIZE : 0,
			     nr_blocks))
		return dd_io_refuse(t, op, block, nr_blocks);
	if (op == DD_OP_FLUSH)
		return dd_io_add(t, owner, &rq);
	for (i = 0; (len = dd_split_request(first, bytes, t->request_bytes, i,
					    &sector, &offset)); i++) {
		rq.sector = sector;
		rq.offset = offset;
		rq.len = len;
		ret = dd_io_add(t, owner, &rq);
		if (ret)
			return ret;
	}
	t->q.nr_requests += i;
	return 0;
}

/*
 * Write the nr segments at seg (split.h: pages straight from RAM, for a
 * hook with phys_segments) to the blocks from block on, in requests that
 * respect the hook's limits.  seg must stay as it is until they complete.
 */
int dd_io_queue_segs(struct dd_target *t, unsigned int owner, u64 block,
		     const struct dd_seg *seg, unsigned int nr)
{
	struct dd_request rq = { .op = DD_OP_WRITE };
	u64 sector = t->start_sect + block * DD_SECTORS_PER_BLOCK, blocks = 0, bytes;
	unsigned int i, n;
	int ret;

	if (t->q.failed)
		return -EIO;
	for (i = 0; i < nr; i++)
		blocks += seg[i].len / DD_BLOCK_SIZE;
	if (owner >= DD_NR_OWNERS || !t->disk.phys_segments ||
	    !dd_io_in_bounds(t, DD_OP_WRITE, block, blocks, blocks))
		return dd_io_refuse(t, DD_OP_WRITE, block, blocks);
	for (i = 0; i < nr; i += n) {
		n = dd_seg_request(&seg[i], nr - i, t->disk.max_segments,
				   t->request_bytes, &bytes);
		if (!n)
			return dd_io_refuse(t, DD_OP_WRITE, block, blocks);
		rq.sector = sector;
		rq.len = bytes;
		rq.seg = &seg[i];
		rq.nr_segs = n;
		ret = dd_io_add(t, owner, &rq);
		if (ret)
			return ret;
		sector += bytes / DD_SECTOR_SIZE;
		t->q.nr_requests++;
	}
	return 0;
}

/* Complete requests, oldest first, while *busy says some are in flight. */
static int dd_io_complete_while(struct dd_target *t, const unsigned int *busy)
{
	int ret;

	while (*busy) {
		if (t->q.failed)
			return -EIO;
		ret = dd_io_complete_oldest(t);
		if (ret)
			return ret;
	}
	return 0;
}

int dd_io_wait_owner(struct dd_target *t, unsigned int owner)
{
	if (owner >= DD_NR_OWNERS)
		return -EINVAL;
	return dd_io_complete_while(t, &t->q.owner_busy[owner]);
}

int dd_io_drain(struct dd_target *t)
{
	return dd_io_complete_while(t, &t->q.nr_busy);
}

/* One transfer on the meta buffer or slot 0, waited for. */
int dd_io_sync(struct dd_target *t, unsigned int owner, enum dd_op op,
	       u64 block, const struct dd_buf *buf, u64 nr_blocks)
{
	int ret = dd_io_queue(t, owner, op, block, buf, nr_blocks);

	return ret ? ret : dd_io_wait_owner(t, owner);
}

int dd_io_flush(struct dd_target *t)
{
	int ret = dd_io_queue(t, DD_OWNER_META, DD_OP_FLUSH, 0, NULL, 0);

	return ret ? ret : dd_io_drain(t);
}

/*
 * Take the controller over, at the start or after a failure: the hook
 * forgets every request, so every tag and buffer is ours again.
 */
int dd_io_reset(struct dd_target *t)
{
	u32 allowed = dd_reset_timeout_ms(t);
	struct dd_queue *q = &t->q;
	u64 start = dd_clock_ns(), ms;
	int ret;

	touch_nmi_watchdog();
	ret = dd_pci_takeover(t);
	if (!ret)
		ret = t->ops->quiesce(&t->disk);
	ms = div_u64(dd_clock_ns() - start, NSEC_PER_MSEC);
	if (ms > allowed)
		pr_emerg("%s: taking the controller over took %llu ms, more than the %u ms its hook declares\n",
			 t->disk.description, ms, allowed);
	else
		pr_emerg("%s: controller taken over in %llu ms (its hook allows %u)\n",
			 t->disk.description, ms, allowed);

	q->reset_ns = dd_clock_ns();
	memset(q->owner_busy, 0, sizeof(q->owner_busy));
	q->head = 0;
	q->nr_busy = 0;
	q->failed = ret != 0;
	q->depth = t->disk.queue_depth;
	return ret;
}
