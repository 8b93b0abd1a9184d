// SPDX-License-Identifier: MIT
/* The libOS heap (malloc.h). */
#include "lib.h"
#include "malloc.h"

typedef unsigned long u64;

struct blk {                 /* header of every block, 16 bytes */
	u64 size;                /* bytes, header included, multiple of 16 */
	u64 tag;                 /* MAGIC_USED, or the next free block's address */
};
#define MAGIC_USED 0x55534544ul   /* "USED" */
#define HDR        sizeof(struct blk)

static u64 top = HEAP_VA;         /* end of the mapped heap */
static struct blk *free_list;     /* address order; tag = next */
static u64 st_used, st_blocks, st_bad;

/* Map one more page at the top of the heap.  0 or an error. */
static long grow(void)
{
	if (top + PGSIZE > HEAP_VA + HEAP_MAX)
		return E_NOMEM;
	long p = page_pick_free();
	if (p < 0)
		return E_NOMEM;
	long r = sys_page_alloc((u64)p);
	if (r != E_OK)
		return r;
	r = vm_map(top, (u64)p, PERM_W);
	if (r != E_OK) {
		sys_page_free((u64)p);
		return r;
	}
	top += PGSIZE;
	return 0;
}

/* Put block b (size set) on the free list, merging it with its neighbours. */
static void insert(struct blk *b)
{
	struct blk *prev = 0, *cur = free_list;
	while (cur && cur < b) {
		prev = cur;
		cur = (struct blk *)cur->tag;
	}
	b->tag = (u64)cur;
	if (cur && (u64)b + b->size == (u64)cur) {          /* merge with the next */
		b->size += cur->size;
		b->tag = cur->tag;
	}
	if (prev && (u64)prev + prev->size == (u64)b) {     /* and the previous */
		prev->size += b->size;
		prev->tag = b->tag;
	} else if (prev) {
		prev->tag = (u64)b;
	} else {
		free_list = b;
	}
}

void *malloc(unsigned long n)
{
	if (n == 0 || n > HEAP_MAX)
		return 0;
	u64 need = (n + HDR + 15) & ~15ul;
	for (;;) {
		struct blk *prev = 0, *b = free_list;
		while (b && b->size < need) {
			prev = b;
			b = (struct blk *)b->tag;
		}
		if (b) {
			struct blk *next = (struct blk *)b->tag;
			if (b->size - need >= HDR + 16) {             /* split */
				struct blk *rest = (struct blk *)((u64)b + need);
				rest->size = b->size - need;
				rest->tag = (u64)next;
				next = rest;
				b->size = need;
			}
			if (prev)
				prev->tag = (u64)next;
			else
				free_list = next;
			b->tag = MAGIC_USED;
			st_used += b->size;
			st_blocks++;
			return (char *)b + HDR;
		}
		/* nothing fits: one more page at the top, then look again */
		u64 old = top;
		if (grow() != 0)
			return 0;
		struct blk *fresh = (struct blk *)old;
		fresh->size = PGSIZE;
		insert(fresh);
	}
}

void free(void *p)
{
	if (!p)
		return;
	struct blk *b = (struct blk *)((char *)p - HDR);
	if ((u64)b < HEAP_VA || (u64)b >= top || ((u64)b & 15) || b->tag != MAGIC_USED ||
	    b->size < HDR + 16 || (u64)b + b->size > top) {
		st_bad++;            /* not a block of ours, or freed twice: ignored */
		return;
	}
	st_used -= b->size;
	st_blocks--;
	insert(b);
}

void *calloc(unsigned long n, unsigned long size)
{
	if (size && n > HEAP_MAX / size)
		return 0;
	char *p = malloc(n * size);
	if (p)
		for (u64 i = 0; i < n * size; i++)
			p[i] = 0;
	return p;
}

/* The page mapped at va by our own mapping: the page whose binding is
 * that leaf entry (read from the exposed page table), or -1. */
static long page_at(u64 va)
{
	unsigned long t, i;
	if (vm_leaf(va, &t, &i) != 0)
		return -1;
	const struct page_info *pi = pageinfo();
	int me = my_slot();
	for (u64 p = 0; p < NPAGES; p++)
		if (pi[p].owner == me && pi[p].type == PG_USER && pi[p].bind_table == t &&
		    pi[p].bind_index == i)
			return (long)p;
	return -1;
}

unsigned long malloc_trim(void)
{
	unsigned long given = 0;
	struct blk *prev = 0, *b = free_list;
	while (b && b->tag) {
		prev = b;
		b = (struct blk *)b->tag;
	}
	/* b: the last free block; give back the whole pages it ends with.  The
	 * header goes last: when the page that holds it goes, so does b. */
	while (b && (u64)b + b->size == top && top - PGSIZE >= (u64)b) {
		u64 pg = top - PGSIZE;
		long ppn = page_at(pg);
		if (ppn < 0)
			break;
		int whole = pg == (u64)b;
		if (whole) {
			if (prev)
				prev->tag = 0;
			else
				free_list = 0;
		} else {
			b->size -= PGSIZE;
		}
		if (vm_unmap(pg) != E_OK || sys_page_free((u64)ppn) != E_OK) {
			st_bad++;                  /* cannot happen: our own page */
			break;
		}
		top = pg;
		given++;
		if (whole)
			break;
	}
	return given;
}

void malloc_get_stats(struct malloc_stats *s)
{
	u64 fb = 0;
	for (struct blk *b = free_list; b; b = (struct blk *)b->tag)
		fb += b->size;
	s->pages = (top - HEAP_VA) / PGSIZE;
	s->used = st_used;
	s->free_bytes = fb;
	s->blocks = st_blocks;
	s->bad_frees = st_bad;
}
