// SPDX-License-Identifier: MIT
/*
 * Appel-Li virtual-memory primitives in the libOS (avm.h).  Nothing here
 * needs kernel support beyond the exposed page tables: the kernel checks
 * each protection change and each mapping, and the policy is all ours.
 */
#include "lib.h"
#include "avm.h"

long avm_prot1(unsigned long va)
{
	return vm_prot(va & ~(PGSIZE - 1), 0);
}

long avm_protN(unsigned long va, unsigned long n)
{
	for (unsigned long k = 0; k < n; k++) {
		long r = avm_prot1(va + k * PGSIZE);
		if (r < 0)
			return r;
	}
	return 0;
}

long avm_unprot(unsigned long va)
{
	return vm_prot(va & ~(PGSIZE - 1), PERM_W);
}

const volatile unsigned long *avm_pte(unsigned long va)
{
	const struct page_info *pi = pageinfo();
	unsigned long t, i;
	if (vm_leaf(va, &t, &i) < 0)
		return 0;
	if (pi[t].view_table == NO_PAGE) {
		/* Views live at AVM_VIEW_BASE + table * PGSIZE; linking tables
		 * for them needs no view of those tables. */
		unsigned long vt, vi;
		if (vm_leaf_create(TARGET_SELF, AVM_VIEW_BASE + t * PGSIZE, &vt, &vi) < 0 ||
		    sys_pt_view(vt, vi, t) < 0)
			return 0;
	}
	unsigned long view = vm_va_of(pi[t].view_table, pi[t].view_index);
	return (const volatile unsigned long *)view + i;
}

int avm_dirty(unsigned long va)
{
	const volatile unsigned long *pte = avm_pte(va);
	if (!pte || !(*pte & 1))
		return E_NOENT;
	return (*pte >> 6) & 1;   /* D, set by the MMU on the first write */
}

long avm_map2(unsigned long va, unsigned long va2)
{
	unsigned long t, i;
	long p, k = cap_pick_free();
	if (k < 0)
		return E_BUSY;
	if (vm_leaf(va, &t, &i) < 0 || (p = vm_child(t, i)) < 0)
		return E_NOENT;
	long r = sys_cap_grant((unsigned long)k, (unsigned long)p, sys_env_id(), 0);
	if (r < 0)
		return r;
	r = vm_map_cap_in(TARGET_SELF, va2, (unsigned long)k, 0);
	if (r < 0) {
		cap_revoke_all((unsigned long)k);
		return r;
	}
	return k;
}

long avm_unmap2(unsigned long va2, long cap)
{
	long r = vm_unmap(va2);
	return r < 0 ? r : cap_revoke_all((unsigned long)cap);
}

static int (*avm_fn)(unsigned long va, int write);

static void avm_exc(struct exc_frame *f)
{
	if (f->vector == 14 && (f->err & 1) && avm_fn && avm_fn(f->addr, (f->err & 2) != 0))
		return;   /* retry the access */
	printf("avm: unhandled exception %lu at rip 0x%lx addr 0x%lx err 0x%lx\n",
	       f->vector, f->regs.rip, f->addr, f->err);
	sys_exit(200 + (int)f->vector);
}

int avm_trap_set(int (*fn)(unsigned long va, int write))
{
	avm_fn = fn;
	return exc_handler_set(avm_exc);
}
