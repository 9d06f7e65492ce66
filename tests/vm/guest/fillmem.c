// SPDX-License-Identifier: GPL-2.0
/*
 * fillmem: put known patterns at known physical addresses before a crash.
 *
 *   fillmem MIB SAMPLE_FILE
 *
 * Locks MIB MiB of anonymous memory, and for every page: faults it in, reads
 * its page frame number from /proc/self/pagemap and fills it with a pattern
 * derived from its physical address (see pattern_word(); the host checker
 * tests/vm/vmcore.py computes the same).  Then it reads every PFN again to
 * be sure no page moved while it worked, writes every 16th page's PFN to
 * SAMPLE_FILE (one decimal per line), prints "ready" and sleeps until the
 * machine dies.  Static, so the initramfs needs no libraries for it.
 *
 *   fillmem secret PAGES
 *
 * Fills PAGES pages of memfd_secret() memory, which the kernel takes out
 * of its direct map: pages that a dump cannot read (the dump must count
 * them unreadable and go on).  Prints "ready" and sleeps likewise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE_SIZE	4096ul
#define SAMPLE_EVERY	16
#define PATTERN_BASE	0xD15CD0D000000000ull

#define PM_PRESENT	(1ull << 63)
#define PM_PFN_MASK	((1ull << 55) - 1)

/* Word i (0..511) of the page at physical frame pfn. */
static uint64_t pattern_word(uint64_t pfn, unsigned int i)
{
	return PATTERN_BASE ^ ((pfn << 12) | (uint64_t)i * 8);
}

static uint64_t page_pfn(int pagemap, const void *addr)
{
	uint64_t entry;
	off_t off = (off_t)((uintptr_t)addr / PAGE_SIZE) * sizeof(entry);

	if (pread(pagemap, &entry, sizeof(entry), off) != sizeof(entry)) {
		perror("fillmem: pread /proc/self/pagemap");
		exit(1);
	}
	if (!(entry & PM_PRESENT) || !(entry & PM_PFN_MASK)) {
		/* PFN reads as 0 without CAP_SYS_ADMIN. */
		fprintf(stderr, "fillmem: page %p not present or PFN hidden\n", addr);
		exit(1);
	}
	return entry & PM_PFN_MASK;
}

static int secret_pages(unsigned long nr_pages)
{
	size_t len = nr_pages * PAGE_SIZE;
	uint8_t *mem;
	int fd;

	fd = (int)syscall(SYS_memfd_secret, 0);
	if (fd < 0) {
		perror("fillmem: memfd_secret (secretmem.enable=1?)");
		return 1;
	}
	if (ftruncate(fd, (off_t)len) < 0) {
		perror("fillmem: ftruncate");
		return 1;
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED) {
		perror("fillmem: mmap secret memory");
		return 1;
	}
	memset(mem, 0x5e, len);
	printf("ready: %lu secret pages\n", nr_pages);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	unsigned long mib, nr_pages, n;
	uint64_t *pfns;
	uint8_t *mem;
	int pagemap;
	FILE *out;

	if (argc == 3 && !strcmp(argv[1], "secret"))
		return secret_pages(strtoul(argv[2], NULL, 0));
	if (argc != 3) {
		fprintf(stderr, "usage: fillmem MIB SAMPLE_FILE | fillmem secret PAGES\n");
		return 2;
	}
	mib = strtoul(argv[1], NULL, 0);
	nr_pages = mib * (1ul << 20) / PAGE_SIZE;
	pfns = calloc(nr_pages, sizeof(*pfns));
	pagemap = open("/proc/self/pagemap", O_RDONLY);
	if (!pfns || pagemap < 0) {
		perror("fillmem: setup");
		return 1;
	}

	mem = mmap(NULL, nr_pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("fillmem: mmap");
		return 1;
	}
	/* A huge page collapse would move our pages to new frames. */
	madvise(mem, nr_pages * PAGE_SIZE, MADV_NOHUGEPAGE);
	/* mlock faults every page in and keeps it from swap and reclaim. */
	if (mlock(mem, nr_pages * PAGE_SIZE)) {
		perror("fillmem: mlock");
		return 1;
	}

	for (n = 0; n < nr_pages; n++) {
		uint64_t *page = (uint64_t *)(mem + n * PAGE_SIZE);
		unsigned int i;

		pfns[n] = page_pfn(pagemap, page);
		for (i = 0; i < PAGE_SIZE / 8; i++)
			page[i] = pattern_word(pfns[n], i);
	}

	/* Compaction may migrate even mlocked pages; check none moved. */
	for (n = 0; n < nr_pages; n++) {
		if (page_pfn(pagemap, mem + n * PAGE_SIZE) != pfns[n]) {
			fprintf(stderr, "fillmem: page %lu moved from pfn %llu\n",
				n, (unsigned long long)pfns[n]);
			return 1;
		}
	}

	out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	for (n = 0; n < nr_pages; n += SAMPLE_EVERY)
		fprintf(out, "%llu\n", (unsigned long long)pfns[n]);
	if (fflush(out) || fsync(fileno(out)) || fclose(out)) {
		perror(argv[2]);
		return 1;
	}

	printf("fillmem: %lu pages filled, %lu sampled\n", nr_pages,
	       (nr_pages + SAMPLE_EVERY - 1) / SAMPLE_EVERY);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
