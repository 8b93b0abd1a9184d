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

int my_slot(void)
{
	return (int)(sys_env_id() % 64);
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
static int slot_of(long target)
{
	return target == TARGET_SELF ? my_slot() : (int)(target % 64);
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

/* Find the leaf table and index for va in target's tables, linking
 * missing tables (from free pages we pick) when asked to. */
static long walk(long target, unsigned long va, int create, unsigned long *table,
		 unsigned long *index)
{
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
	*table = (unsigned long)t;
	*index = idx(va, 0);
	return 0;
}

long vm_leaf_in(long target, unsigned long va, unsigned long *table, unsigned long *index)
{
	return walk(target, va, 0, table, index);
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
