// SPDX-License-Identifier: GPL-2.0
/*
 * Arming and disarming a partition.  Everything that can fail fails here,
 * in process context, so that the panic path only has to run.
 */
#define pr_fmt(fmt) "diskdump: " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/cc_platform.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/pm_runtime.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/xxhash.h>

#include "diskdump.h"
#include "diskdump/seal.h"
#include "diskdump/swap.h"

static struct dd_target *dd_find_target(dev_t devt)
{
	int i;

	for (i = 0; i < DD_MAX_TARGETS; i++)
		if (dd_targets[i] && dd_targets[i]->devt == devt)
			return dd_targets[i];
	return NULL;
}

/* Read block 0 through the block layer: at arm time that is the right way. */
static int dd_read_block0(struct block_device *bdev, u8 *block0)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct bio_vec bvec;
	struct bio bio;
	int ret;

	if (!page)
		return -ENOMEM;
	bio_init(&bio, bdev, &bvec, 1, REQ_OP_READ);
	bio.bi_iter.bi_sector = DD_LABEL_BLOCK;
	__bio_add_page(&bio, page, DD_BLOCK_SIZE, 0);
	ret = submit_bio_wait(&bio);
	bio_uninit(&bio);
	if (!ret)
		memcpy(block0, page_address(page), DD_BLOCK_SIZE);
	__free_page(page);
	return ret;
}

static int dd_alloc_buf(struct dd_target *t, struct dd_buf *b, size_t size)
{
	b->size = size;
	if (t->disk.dma_dev) {
		b->cpu = dma_alloc_coherent(t->disk.dma_dev, size, &b->dma,
					    GFP_KERNEL);
	} else {
		b->cpu = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
		if (b->cpu)
			b->dma = virt_to_phys(b->cpu);
	}
	return b->cpu ? 0 : -ENOMEM;
}

static void dd_free_buf(struct dd_target *t, struct dd_buf *b)
{
	if (!b->cpu)
		return;
	if (t->disk.dma_dev)
		dma_free_coherent(t->disk.dma_dev, b->size, b->cpu, b->dma);
	else
		free_pages_exact(b->cpu, b->size);
	b->cpu = NULL;
}

static void dd_free_bufs(struct dd_target *t)
{
	unsigned int i;

	for (i = 0; i < DD_NR_OWNERS; i++)
		dd_free_buf(t, &t->buf[i]);
	for (i = 0; i < DD_MAX_WORKERS; i++)
		dd_worker_free(&t->worker[i]);
}

/*
 * The meta block, and chunk slots for the disk and for every worker: the
 * panicking CPU and the helper CPUs there may be (helper_cpus, bounded by
 * the other CPUs online now; CPUs added later stop without helping), and
 * with helpers one more, so that a chunk is listed for the next helper
 * done while the panicking CPU fills one itself.
 */
static int dd_alloc_bufs(struct dd_target *t)
{
	unsigned int i, helpers = min(READ_ONCE(dd_helper_cpus), num_online_cpus() - 1);
	int ret;

	t->nr_workers = 1 + min_t(unsigned int, helpers, DD_MAX_HELPERS);
	t->nr_slots = DD_IO_SLOTS + t->nr_workers + (t->nr_workers > 1);
	ret = dd_alloc_buf(t, &t->buf[DD_OWNER_META], DD_BLOCK_SIZE);
	for (i = 0; !ret && i < t->nr_slots; i++)
		ret = dd_alloc_buf(t, &t->buf[dd_slot_owner(i)], DD_SLOT_BYTES);
	for (i = 0; !ret && i < t->nr_workers; i++)
		ret = dd_worker_init(&t->worker[i]);
	if (ret)
		dd_free_bufs(t);
	return ret;
}

/*
 * The frames the device can be given straight (hook.h), up to the end of
 * RAM now: all when it sees physical addresses as they are, none when
 * anything stands between (an IOMMU, DMA ops, a DMA offset, bounce
 * buffers, encrypted memory).  0: none.
 */
static u64 dd_ram_pfn_limit(const struct dd_target *t, const struct dd_sysinfo *s)
{
	struct device *dev = t->disk.dma_dev;
	u64 end = 0;
	unsigned int r;

	if (!t->disk.phys_segments || cc_platform_has(CC_ATTR_MEM_ENCRYPT))
		return 0;
	for (r = 0; r < s->nr_ranges; r++)
		end = max(end, s->ranges[r].start_pfn + s->ranges[r].nr_pages);
	if (!dev)
		return end;
	if (device_iommu_mapped(dev) || get_dma_ops(dev) || dev->dma_range_map ||
	    is_swiotlb_force_bounce(dev))
		return 0;
	return min(end, (dma_get_mask(dev) >> PAGE_SHIFT) + 1);
}

/*
 * Can the core drive the disk within the limits its hook declared?  Then
 * remember the largest request and the per-request deadline.
 */
static int dd_check_limits(struct dd_target *t)
{
	const struct dd_disk *d = &t->disk;
	struct dd_io_limits l = {
		.max_transfer = d->max_transfer,
		.max_segments = d->max_segments,
		.max_segment_size = d->max_segment_size,
		.logical_block_size = d->logical_block_size,
		.queue_depth = d->queue_depth,
	};
	const char *why = dd_io_limits_problem(&l, t->start_sect, DD_MAX_QUEUE);

	if (why) {
		pr_err("%pg: hook %s (%s): %s\n", t->bdev, t->ops->name,
		       d->description, why);
		return -EOPNOTSUPP;
	}
	t->request_bytes = dd_request_bytes(&l);
	t->io_timeout_ms = d->io_timeout_ms ? d->io_timeout_ms : DD_IO_TIMEOUT_MS;
	t->ram_pfn_limit = dd_ram_pfn_limit(t, dd_sys);
	t->seg_max_len = t->ram_pfn_limit ? dd_seg_max_len(&l) : 0;
	return 0;
}

/* Where the areas of format.h go on this partition. */
static int dd_plan_layout(struct dd_target *t, const struct dd_sysinfo *s)
{
	size_t notes = dd_notes_max_size(s);

	if (notes > DD_CHUNK_BYTES) {
		pr_err("notes of %u CPUs do not fit one transfer\n", s->nr_cpus);
		return -E2BIG;
	}
	/* A sealed notes area ends with its tag. */
	t->notes_blocks = DIV_ROUND_UP(notes + (t->seal.on ? DD_SEAL_TAG_SIZE : 0), DD_BLOCK_SIZE);
	if (DD_HEADER_BLOCK + 1 + t->notes_blocks + DD_DMESG_BLOCKS +
	    DD_CHUNK_BLOCKS + 1 > t->nr_blocks) {
		pr_err("partition too small for even one chunk\n");
		return -ENOSPC;
	}
	return 0;
}

/*
 * Whole disk or too small?  Asked before claiming the device exclusively,
 * because claiming a disk whose partition is armed fails with -EBUSY and
 * would hide the real reason.  Also tells a swap area (which is not
 * claimed: it may be in use) by its signature in block 0.
 */
static int dd_check_partition(dev_t devt, u8 *block0, bool *swap)
{
	struct dd_bdev_ref ref;
	struct block_device *bdev;
	u64 bytes;
	int ret = 0;

	if (dd_bdev_open(devt, false, NULL, &ref)) {
		pr_err("no block device %u:%u\n", MAJOR(devt), MINOR(devt));
		return -ENXIO;
	}
	bdev = ref.bdev;
	bytes = bdev_nr_bytes(bdev);
	if (!bdev_is_partition(bdev)) {
		pr_err("%pg is a whole disk; arm a partition\n", bdev);
		ret = -ENOTBLK;
	} else if (bytes < DD_MIN_PARTITION_BYTES) {
		pr_err("%pg is %llu bytes; at least %llu are needed\n",
		       bdev, bytes, DD_MIN_PARTITION_BYTES);
		ret = -ENOSPC;
	} else {
		ret = dd_read_block0(bdev, block0);
		if (ret)
			pr_err("%pg: cannot read block 0: %d\n", bdev, ret);
		*swap = !ret && dd_swap_signature(block0);
	}
	dd_bdev_close(&ref);
	return ret;
}

static int dd_open_target(struct dd_target *t)
{
	const char *why;
	int ret;

	t->start_sect = t->bdev->bd_start_sect;
	/* Compared at panic: a partition resized since is not written to. */
	t->armed_bytes = bdev_nr_bytes(t->bdev);
	t->nr_blocks = t->armed_bytes / DD_BLOCK_SIZE;

	/* Again, now that it is held: what is compared at panic is this. */
	ret = dd_read_block0(t->bdev, t->block0);
	if (ret) {
		pr_err("%pg: cannot read block 0: %d\n", t->bdev, ret);
		return ret;
	}
	if (t->swap != dd_swap_signature(t->block0)) {
		pr_err("%pg: changed while being armed\n", t->bdev);
		return -EAGAIN;
	}
	if (t->swap) {
		why = dd_swap_problem(t->block0, t->nr_blocks, &t->label);
	} else {
		memcpy(&t->label, t->block0, sizeof(t->label));
		why = dd_label_problem(&t->label,
				       xxh64(&t->label, offsetof(struct dd_label, checksum), 0),
				       t->nr_blocks);
	}
	if (why) {
		pr_err("%pg: %s%s\n", t->bdev, why, t->swap ? "" : " (run diskdumpfmt)");
		return -EMEDIUMTYPE;
	}
	/*
	 * The label's size bounds the dump too: a partition that grew since
	 * it was formatted is used as far as the label describes it.
	 */
	t->nr_blocks = min_t(u64, t->nr_blocks, le64_to_cpu(t->label.nr_blocks));
	ret = dd_probe_hooks(t, t->bdev->bd_disk);
	if (ret) {
		pr_err("%pg: no hook can drive %s: %d\n", t->bdev,
		       t->bdev->bd_disk->disk_name, ret);
		return ret;
	}
	ret = dd_check_limits(t);
	if (ret)
		goto put_hook;
	if (!t->disk.dev) {
		pr_err("%pg: hook %s names no controller device\n", t->bdev, t->ops->name);
		ret = -EINVAL;
		goto put_hook;
	}
	ret = dd_alloc_bufs(t);
	if (ret) {
		pr_err("%pg: cannot reserve the dump buffers\n", t->bdev);
		goto put_hook;
	}
	if (t->ops->prepare) {
		ret = t->ops->prepare(&t->disk, t->buf, 1 + t->nr_slots);
		if (ret) {
			pr_err("%pg: hook %s cannot prepare its requests: %d\n",
			       t->bdev, t->ops->name, ret);
			dd_free_bufs(t);
			goto put_hook;
		}
	}
	/*
	 * Held while armed; the PCI bus notifier disarms if it goes away.
	 * A runtime-PM reference too: a suspended controller cannot be
	 * taken over at panic (its registers read all ones).
	 */
	get_device(t->disk.dev);
	if (t->disk.dev)
		pm_runtime_get_sync(t->disk.dev);
	return 0;

put_hook:
	dd_put_hook(t);
	return ret;
}

static void dd_close_target(struct dd_target *t)
{
	if (t->disk.dev)
		pm_runtime_put(t->disk.dev);
	put_device(t->disk.dev);
	dd_free_bufs(t);
	dd_put_hook(t);
}

/* Publish a fresh picture of the system; the old one may be in use by a
 * panic on another CPU until a grace period has passed.
 */
int dd_update_sysinfo(void)
{
	struct dd_sysinfo *new = dd_sysinfo_collect(), *old = dd_sys;

	if (IS_ERR(new))
		return PTR_ERR(new);
	/* Pairs with READ_ONCE() in disk_dump(): a whole struct or none. */
	smp_store_release(&dd_sys, new);
	synchronize_rcu();
	dd_sysinfo_free(old);
	return 0;
}

int dd_arm(dev_t devt)
{
	struct dd_target *t;
	bool swap = false;
	int slot, ret;
	u8 *block0;

	block0 = kmalloc(DD_BLOCK_SIZE, GFP_KERNEL);
	if (!block0)
		return -ENOMEM;
	mutex_lock(&dd_lock);
	ret = -EEXIST;
	if (dd_find_target(devt))
		goto unlock;
	for (slot = 0; slot < DD_MAX_TARGETS && dd_targets[slot]; slot++)
		;
	ret = -ENOSPC;
	if (slot == DD_MAX_TARGETS)
		goto unlock;
	ret = dd_check_partition(devt, block0, &swap);
	if (ret)
		goto unlock;
	ret = dd_update_sysinfo();
	if (ret)
		goto unlock;
	ret = -ENOMEM;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		goto unlock;
	t->devt = devt;
	t->swap = swap;
	/*
	 * A partition exclusively: nothing can mount it or swap to it while
	 * armed.  A swap area only by reference: it may be in use, and swapon
	 * must keep working; that it is still the same swap area is checked
	 * at panic (block 0).
	 */
	if (swap)
		ret = dd_bdev_open(devt, false, NULL, &t->bdev_ref);
	else
		ret = dd_bdev_open(devt, true, dd_targets, &t->bdev_ref);
	if (ret) {
		pr_err("cannot claim %u:%u (mounted or in use?): %d\n",
		       MAJOR(devt), MINOR(devt), ret);
		goto free;
	}
	t->bdev = t->bdev_ref.bdev;
	ret = dd_open_target(t);
	if (ret)
		goto put_bdev;
	ret = dd_seal_arm(&t->seal);
	if (ret)
		goto close;
	ret = dd_plan_layout(t, dd_sys);
	if (ret)
		goto close;
	t->reserved_bytes = sizeof(*t) + t->disk.reserved_bytes +
			    t->nr_workers * dd_worker_reserved() +
			    PAGE_ALIGN(t->buf[DD_OWNER_META].size) +
			    t->nr_slots * PAGE_ALIGN(DD_SLOT_BYTES);
	t->dump_id_seed = get_random_u64();
	/* Pairs with smp_load_acquire() in the panic notifier. */
	smp_store_release(&dd_targets[slot], t);
	mutex_unlock(&dd_lock);
	pr_info("armed %pg (%s%s, %s): %llu blocks from sector %llu; requests of up to %u KiB, %u in flight, %u-byte logical blocks; %u helper CPUs; pages from RAM: %s; sealed: %s%*phN\n",
		t->bdev, t->swap ? "swap area, " : "", t->ops->name,
		t->disk.description, t->nr_blocks,
		(unsigned long long)t->start_sect, t->request_bytes >> 10,
		t->disk.queue_depth, t->disk.logical_block_size,
		t->nr_workers - 1,
		t->seg_max_len && !t->seal.on ? "possible" : "no",
		t->seal.on ? "for key " : "no", t->seal.on ? 8 : 0, t->seal.key_id);
	kfree(block0);
	return 0;

close:
	dd_close_target(t);
put_bdev:
	dd_bdev_close(&t->bdev_ref);
free:
	kfree_sensitive(t);
unlock:
	mutex_unlock(&dd_lock);
	kfree(block0);
	return ret;
}

int dd_disarm(dev_t devt)
{
	struct dd_target *t;
	int i;

	mutex_lock(&dd_lock);
	t = dd_find_target(devt);
	if (!t) {
		mutex_unlock(&dd_lock);
		return -ENOENT;
	}
	for (i = 0; i < DD_MAX_TARGETS; i++)
		if (dd_targets[i] == t)
			WRITE_ONCE(dd_targets[i], NULL);
	/* A panic already running on another CPU may still use it. */
	synchronize_rcu();
	pr_info("disarmed %pg\n", t->bdev);
	dd_close_target(t);
	dd_bdev_close(&t->bdev_ref);
	kfree_sensitive(t);
	mutex_unlock(&dd_lock);
	return 0;
}
