// SPDX-License-Identifier: GPL-2.0
/*
 * benchfill: give the benchmark guest a realistic mix of memory before it
 * crashes, in the two kinds the page cache reader (the guest /init) cannot
 * make:
 *
 *   benchfill ANON_MIB NR_FILES DIR
 *
 *   anonymous memory  ANON_MIB MiB of private anonymous pages, a mix of
 *                     what a server's heap holds: 30 % incompressible
 *                     (random), 50 % structured records that compress the
 *                     way heap data does, 20 % written zeroes (allocated
 *                     but cleared buffers).  Zero pages are what dump level
 *                     bit 1 drops; the rest is what bit 8 drops.
 *   kernel slab       NR_FILES empty files created in DIR (a tmpfs: each
 *                     costs a dentry and an inode, slab that every dump
 *                     level keeps), and as many lookups of names that do not
 *                     exist (negative dentries).
 *
 * Prints what it did, then "ready", and sleeps until the machine dies, so
 * its memory is still mapped at the crash.  Static: no libraries in the
 * initramfs.  Not locked: without swap nothing can take anonymous pages
 * away, and a real heap is not mlocked either.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_SIZE	4096ul

/* xorshift64*: cheap under TCG, and LZO finds nothing to shrink in it. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

static void fill_random(uint64_t *page)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / 8; i++)
		page[i] = rng();
}

/*
 * 64-byte records like a heap's objects: an increasing id, a pointer into
 * a small region, a few small counters, a name from a short list, padding.
 */
struct record {
	uint64_t id;
	uint64_t next;
	uint32_t refcount;
	uint32_t state;
	uint64_t stamp;
	char name[24];
	uint64_t pad;
};

static void fill_records(void *page, uint64_t *id)
{
	static const char *const names[] = {
		"session", "request", "buffer", "socket", "timer", "cache-entry",
		"connection", "worker",
	};
	struct record *r = page;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*r); i++, r++) {
		uint64_t x = rng();

		memset(r, 0, sizeof(*r));
		r->id = ++*id;
		r->next = 0x55d0c0000000ull + ((x & 0xffff) << 6);
		r->refcount = 1 + (x >> 16) % 4;
		r->state = (x >> 20) % 3;
		r->stamp = 1700000000ull + *id / 64;
		strcpy(r->name, names[(x >> 24) % 8]);
	}
}

static int fill_anon(unsigned long mib)
{
	unsigned long nr_pages = mib * (1ul << 20) / PAGE_SIZE, n;
	unsigned long kinds[3] = { 0, 0, 0 };
	uint64_t id = 0;
	uint8_t *mem;

	mem = mmap(NULL, nr_pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("benchfill: mmap");
		return -1;
	}
	for (n = 0; n < nr_pages; n++) {
		void *page = mem + n * PAGE_SIZE;
		unsigned int kind = n % 10;

		if (kind < 3) {
			fill_random(page);
			kinds[0]++;
		} else if (kind < 8) {
			fill_records(page, &id);
			kinds[1]++;
		} else {
			/* Fault the page in and clear it, as calloc'd memory is. */
			memset(page, 0, PAGE_SIZE);
			kinds[2]++;
		}
	}
	printf("benchfill: anon %lu MiB: %lu random, %lu record, %lu zero pages\n",
	       mib, kinds[0], kinds[1], kinds[2]);
	return 0;
}

static int fill_slab(unsigned long nr_files, const char *dir)
{
	char path[4096];
	struct stat st;
	unsigned long n, missing = 0;

	for (n = 0; n < nr_files; n++) {
		int fd;

		snprintf(path, sizeof(path), "%s/f%08lu", dir, n);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		if (fd < 0) {
			perror(path);
			return -1;
		}
		close(fd);
	}
	/* Each failed lookup leaves a negative dentry behind. */
	for (n = 0; n < nr_files; n++) {
		snprintf(path, sizeof(path), "%s/missing%08lu", dir, n);
		if (stat(path, &st) != 0)
			missing++;
	}
	printf("benchfill: %lu files in %s, %lu negative lookups\n",
	       nr_files, dir, missing);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: benchfill ANON_MIB NR_FILES DIR\n");
		return 2;
	}
	if (fill_anon(strtoul(argv[1], NULL, 0)) ||
	    fill_slab(strtoul(argv[2], NULL, 0), argv[3]))
		return 1;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
