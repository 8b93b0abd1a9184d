// SPDX-License-Identifier: MIT
/*
 * The libOS heap (lib/malloc.c): 2,000 allocations of random sizes (1 B to
 * 12 KiB) interleaved with frees in random order, every block filled with
 * its own pattern and checked before it is freed (no two blocks overlap,
 * nothing is lost); then everything freed: the free list coalesces back
 * into one block, a large allocation reuses it, and malloc_trim gives
 * every heap page back to the kernel.  Hostile frees (a pointer that is
 * not a block, a double free, the middle of a block) are ignored and
 * counted; malloc(0) and an impossible size return NULL.
 */
#include "../lib/lib.h"
#include "../lib/malloc.h"

#define NSLOT 64
static unsigned char *slot[NSLOT];
static unsigned long len[NSLOT], seedof[NSLOT];
static unsigned long rng = 0x9e3779b97f4a7c15ul;

static unsigned long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fill(int k)
{
	for (unsigned long i = 0; i < len[k]; i++)
		slot[k][i] = (unsigned char)(seedof[k] + i * 31);
}

static int intact(int k)
{
	for (unsigned long i = 0; i < len[k]; i++)
		if (slot[k][i] != (unsigned char)(seedof[k] + i * 31))
			return 0;
	return 1;
}

int main(long envid)
{
	printf("t_malloc: env 0x%lx\n", envid);
	unsigned long free0 = count_free_pages();
	CHECK(malloc(0) == 0, "malloc(0): NULL");
	CHECK(malloc(1ul << 40) == 0, "an impossible size: NULL");
	int good = 1, aligned = 1;
	unsigned long allocs = 0;
	for (int round = 0; round < 2000; round++) {
		int k = (int)(next() % NSLOT);
		if (slot[k]) {
			good &= intact(k);
			free(slot[k]);
			slot[k] = 0;
		} else {
			len[k] = 1 + next() % (next() % 4 == 0 ? 12288 : 200);
			seedof[k] = next();
			slot[k] = malloc(len[k]);
			if (!slot[k]) {
				good = 0;
				break;
			}
			aligned &= ((unsigned long)slot[k] & 15) == 0;
			allocs++;
			fill(k);
		}
	}
	CHECK(good, "2000 rounds: every block kept its contents until freed");
	CHECK(aligned, "every block is 16-byte aligned");
	struct malloc_stats st;
	malloc_get_stats(&st);
	printf("t_malloc: %lu allocations, heap %lu pages, %lu blocks live\n", allocs, st.pages,
	       st.blocks);
	for (int k = 0; k < NSLOT; k++)
		if (slot[k]) {
			good &= intact(k);
			free(slot[k]);
			slot[k] = 0;
		}
	malloc_get_stats(&st);
	CHECK(good && st.blocks == 0 && st.used == 0, "everything freed");
	CHECK(st.free_bytes == st.pages * PGSIZE, "the free list covers the whole heap");
	unsigned long pages = st.pages;
	unsigned char *big = malloc(pages * PGSIZE - 64);
	malloc_get_stats(&st);
	CHECK(big && st.pages == pages, "coalesced: one allocation of almost the whole heap fits, no growth");
	/* hostile frees */
	free(big + 16);
	free((void *)0x1234);
	free(big);
	free(big);
	malloc_get_stats(&st);
	CHECK(st.bad_frees == 3 && st.blocks == 0, "a bad pointer, the middle of a block, a double free: ignored");
	unsigned long given = malloc_trim();
	malloc_get_stats(&st);
	CHECK(given == pages && st.pages == 0, "malloc_trim gives every heap page back");
	unsigned long free1 = count_free_pages();
	/* the leaf table and the tables above it stay ours */
	CHECK(free1 + 4 >= free0 && free1 <= free0, "the kernel has the pages again (tables aside)");
	char *c = calloc(100, 40);
	int zero = c != 0;
	for (int i = 0; c && i < 4000; i++)
		zero &= c[i] == 0;
	CHECK(zero, "calloc: zeroed");
	CHECK(calloc(1ul << 33, 1ul << 33) == 0, "calloc: an overflowing size: NULL");
	printf("t_malloc: %d failed\n", check_failures);
	return check_failures;
}
