// SPDX-License-Identifier: MIT
/*
 * Address-space management in the libOS.  The kernel exposes every page's
 * owner, type and binding (the one table entry that refers to it) in the
 * read-only page-info window, so the libOS finds its own page tables
 * without asking, and chooses which free page to use itself: that choice
 * is policy, and policy lives here, not in the kernel.
 */
#include "lib.h"

const struct page_info *pageinfo(void)
{
	return (const struct page_info *)USER_PAGEINFO;
}

/* Our slot, without a system call: whichever env reads the slice vector's
 * `running` from ring 3 is the one running (the kernel refuses every call
 * from an env that is not sched.running, so they are the same). */
int my_slot(void)
{
	int32_t r = *(const volatile int32_t *)&schedinfo()->running;
	if (r >= 0 && r < NENV)
		return (int)r;
	return (int)(sys_env_id() % NENV);
}

/* First-fit from a moving cursor: a simple policy, replaceable per app. */
long page_pick_free(void)
{
	static unsigned long cursor = NPAGES / 2;
	const struct page_info *pi = pageinfo();
	for (unsigned long n = 0; n < NPAGES; n++) {
		unsigned long p = (cursor + n) % NPAGES;
		if (pi[p].type == PG_FREE) {
			cursor = p + 1;
			return (long)p;
		}
	}
	return -1;
}

/* The slot of env `target` (TARGET_SELF: the caller). */
int slot_of(long target)
{
	return target == TARGET_SELF ? my_slot() : (int)(target % NENV);
}

long vm_child_in(long target, unsigned long table, unsigned long index)
{
	const struct page_info *pi = pageinfo();
	int owner = slot_of(target);
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].owner == owner && pi[p].bind_table == table && pi[p].bind_index == index)
			return (long)p;
	return -1;
}

long vm_child(unsigned long table, unsigned long index)
{
	return vm_child_in(TARGET_SELF, table, index);
}

static unsigned long idx(unsigned long va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* The virtual address that entry `index` of leaf table `leaf` maps, from
 * the bindings in the page-info window (leaf -> PD -> PDPT -> PML4). */
unsigned long vm_va_of(unsigned long leaf, unsigned long index)
{
	const struct page_info *pi = pageinfo();
	unsigned long pd = pi[leaf].bind_table, pdpt = pi[pd].bind_table;
	return pi[pdpt].bind_index << 39 | pi[pd].bind_index << 30 |
	       pi[leaf].bind_index << 21 | index << 12;
}

/* A small cache of leaf tables by 2 MiB region.  An entry is only a hint:
 * it is used after the page-info window confirms that the page is still
 * a leaf table of that env, linked where the region says. */
#define LEAF_CACHE 16
static struct { int slot; unsigned long region; unsigned long leaf; } leaf_cache[LEAF_CACHE];

static long cached_leaf(int slot, unsigned long va)
{
	const struct page_info *pi = pageinfo();
	unsigned long region = va >> 21, t = leaf_cache[region % LEAF_CACHE].leaf;
	if (leaf_cache[region % LEAF_CACHE].region != region ||
	    leaf_cache[region % LEAF_CACHE].slot != slot || t >= NPAGES ||
	    pi[t].type != PG_PT1 || pi[t].owner != slot || pi[t].bind_table >= NPAGES ||
	    pi[pi[t].bind_table].bind_table >= NPAGES || vm_va_of(t, 0) >> 21 != region)
		return -1;
	return (long)t;
}

/* Find the leaf table and index for va in target's tables, linking
 * missing tables (from free pages we pick) when asked to. */
static long walk(long target, unsigned long va, int create, unsigned long *table,
		 unsigned long *index)
{
	int slot = slot_of(target);
	long leaf = cached_leaf(slot, va);
	if (leaf >= 0) {
		*table = (unsigned long)leaf;
		*index = idx(va, 0);
		return 0;
	}
	long t = sys_on(target, SYS_ENV_ROOT, 0, 0, 0);
	if (t < 0)
		return t;
	for (int level = 3; level > 0; level--) {
		long c = vm_child_in(target, (unsigned long)t, idx(va, level));
		if (c < 0) {
			if (!create)
				return E_NOENT;
			c = page_pick_free();
			if (c < 0)
				return E_NOMEM;
			long r = sys_on(target, SYS_PT_LINK, (unsigned long)t, idx(va, level),
					(unsigned long)c);
			if (r < 0)
				return r;
		}
		t = c;
	}
	unsigned long region = va >> 21;
	leaf_cache[region % LEAF_CACHE].slot = slot;
	leaf_cache[region % LEAF_CACHE].region = region;
	leaf_cache[region % LEAF_CACHE].leaf = (unsigned long)t;
	*table = (unsigned long)t;
	*index = idx(va, 0);
	return 0;
}

long vm_leaf_in(long target, unsigned long va, unsigned long *table, unsigned long *index)
{
	return walk(target, va, 0, table, index);
}

long vm_leaf_create(long target, unsigned long va, unsigned long *table, unsigned long *index)
{
	return walk(target, va, 1, table, index);
}

long vm_map_in(long target, unsigned long va, unsigned long ppn, unsigned long perm)
{
	unsigned long t, i;
	long r = walk(target, va, 1, &t, &i);
	return r < 0 ? r : sys_on(target, SYS_PT_MAP, t, i, MAP_ARG(ppn, perm));
}

long vm_map_cap_in(long target, unsigned long va, unsigned long k, unsigned long perm)
{
	unsigned long t, i;
	long r = walk(target, va, 1, &t, &i);
	return r < 0 ? r : sys_on(target, SYS_PT_MAP_CAP, t, i, MAP_ARG(k, perm));
}

long vm_unmap_in(long target, unsigned long va)
{
	unsigned long t, i;
	long r = walk(target, va, 0, &t, &i);
	return r < 0 ? r : sys_on(target, SYS_PT_UNMAP, t, i, 0);
}

long vm_prot_in(long target, unsigned long va, unsigned long perm)
{
	unsigned long t, i;
	long r = walk(target, va, 0, &t, &i);
	return r < 0 ? r : sys_on(target, SYS_PT_PROT, t, i, perm);
}

long vm_leaf(unsigned long va, unsigned long *table, unsigned long *index)
{
	return vm_leaf_in(TARGET_SELF, va, table, index);
}

long vm_map(unsigned long va, unsigned long ppn, unsigned long perm)
{
	return vm_map_in(TARGET_SELF, va, ppn, perm);
}

long vm_unmap(unsigned long va)
{
	return vm_unmap_in(TARGET_SELF, va);
}

long vm_prot(unsigned long va, unsigned long perm)
{
	return vm_prot_in(TARGET_SELF, va, perm);
}

unsigned long count_free_pages(void)
{
	const struct page_info *pi = pageinfo();
	unsigned long n = 0;
	for (unsigned long p = 0; p < NPAGES; p++)
		n += pi[p].type == PG_FREE;
	return n;
}
