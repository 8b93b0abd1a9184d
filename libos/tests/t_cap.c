// SPDX-License-Identifier: MIT
/*
 * Capabilities and exofork: a child env built entirely by its parent
 * (root, tables, registers), a page shared with it through a capability,
 * derived rights, revocation that removes the mapping, and every hostile
 * use refused: amplified rights, foreign slots, revoked or stale
 * capabilities, stale and foreign env ids, freeing a shared page.
 */
#include "../lib/lib.h"

#define SHARED_VA  0x0000018000000000ul   /* where the child sees the page */
#define CHILD_STACK 0x0000018000200000ul  /* top of the child's stack page */

extern char __text_start[], __text_end[];

/* Runs in the child, on its own stack, with the parent's text mapped
 * through capabilities: only registers, the stack and system calls. */
__attribute__((noreturn, noinline)) static void child_main(unsigned long va, unsigned long add)
{
	volatile unsigned long *w = (volatile unsigned long *)va;
	unsigned long sum = 0;
	for (int k = 0; k < 512; k++)
		sum += w[k];
	if (add)
		w[1] += add;        /* writable only if the capability says so */
	sys_call3(SYS_EXIT, sum % 251, 0, 0);
	for (;;)
		;
}

static long nfree_caps(void)
{
	const struct cap *c = capinfo();
	long n = 0;
	for (unsigned long k = 0; k < NCAP; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

/* A child whose text is ours (shared read/execute through capabilities)
 * and whose stack is its own page.  Returns its id. */
static long make_child(unsigned long slot, long *text_caps, int *ntext)
{
	long root = page_pick_free();
	long id = sys_env_create(slot, root);
	if (id < 0)
		return id;
	*ntext = 0;
	for (unsigned long va = (unsigned long)__text_start; va < (unsigned long)__text_end;
	     va += PGSIZE) {
		unsigned long t, i;
		long p = -1, k = cap_pick_free();
		if (vm_leaf(va, &t, &i) == 0)
			p = vm_child(t, i);
		if (p < 0 || k < 0 || sys_cap_grant(k, p, id, PERM_X) != 0 ||
		    vm_map_cap_in(id, va, k, PERM_X) != 0)
			return E_INVAL;
		text_caps[(*ntext)++] = k;
	}
	long s = page_pick_free();
	if (sys_on(id, SYS_PAGE_ALLOC, s, 0, 0) != 0 || vm_map_in(id, CHILD_STACK - PGSIZE, s, PERM_W) != 0)
		return E_INVAL;
	return id;
}

static long run_child(long id, unsigned long add)
{
	struct uregs u = { 0 };
	u.rip = (unsigned long)child_main;
	u.rsp = CHILD_STACK - 8;
	u.rdi = SHARED_VA;
	u.rsi = add;
	u.rflags = 0x202;
	long r = sys_env_regs(id, &u);
	return r < 0 ? r : sys_env_run(id);
}

int main(long envid)
{
	const struct page_info *pi = pageinfo();
	const struct cap *ci = capinfo();
	unsigned long free0 = count_free_pages();
	long caps0 = nfree_caps();
	int me = my_slot();
	long text_caps[16];
	int ntext;

	/* A page of ours with known contents. */
	long p = page_pick_free();
	CHECK(sys_page_alloc(p) == 0 && vm_map(SHARED_VA, p, PERM_W) == 0, "our page, mapped");
	volatile unsigned long *w = (volatile unsigned long *)SHARED_VA;
	unsigned long sum = 0;
	for (int k = 0; k < 512; k++)
		sum += (w[k] = 1000 + 3 * k);

	/* Exofork: the child exists, empty, until we build it. */
	long child = make_child(5, text_caps, &ntext);
	CHECK(child > 0 && ntext >= 1, "create a child and share our text with it");
	CHECK(sys_env_create(5, page_pick_free()) == E_BUSY, "env slot in use: E_BUSY");
	CHECK(sys_env_create(64, page_pick_free()) == E_INVAL, "env slot out of range: E_INVAL");
	long croot = sys_on(child, SYS_ENV_ROOT, 0, 0, 0);
	CHECK(croot > 0 && pi[croot].type == PG_PT4 && pi[croot].owner == (int)(child % 64),
	      "the child's root is a PML4 it owns");

	/* Grant read-only, map in the child, run it: it reads our bytes. */
	long k = cap_pick_free();
	CHECK(k >= 0 && (unsigned long)k / CAP_PER_ENV == (unsigned long)me, "a free capability slot of ours");
	CHECK(sys_cap_grant(k, p, child, PERM_W | PERM_X | 4) == E_INVAL, "grant with bad rights: E_INVAL");
	CHECK(sys_cap_grant(k, p, child, 0) == 0, "grant read-only to the child");
	CHECK(ci[k].status == CAP_LIVE && ci[k].page == (unsigned long)p && ci[k].holder == (int)(child % 64) &&
	      ci[k].rights == 0 && ci[k].parent == NO_CAP, "capinfo shows the capability");
	CHECK(sys_cap_grant(k, p, child, 0) == E_BUSY, "grant into a used slot: E_BUSY");
	CHECK(sys_cap_grant((me + 1) * CAP_PER_ENV, p, child, 0) == E_PERM, "grant into another env's slot range: E_PERM");
	CHECK(sys_cap_grant(NCAP, p, child, 0) == E_INVAL, "capability slot out of range: E_INVAL");
	CHECK(vm_map_cap_in(child, SHARED_VA, k, PERM_W) == E_PERM, "child maps read-only capability writable: E_PERM");
	CHECK(vm_map_cap_in(TARGET_SELF, SHARED_VA + 0x10000000, k, 0) == E_PERM, "non-holder maps it: E_PERM");
	CHECK(vm_map_cap_in(child, SHARED_VA, k, 0) == 0, "child maps it read-only");
	CHECK(ci[k].bind_table != NO_PAGE, "capinfo records the mapping");
	CHECK(vm_map_cap_in(child, SHARED_VA + PGSIZE, k, 0) == E_BUSY, "a second mapping through it: E_BUSY");
	CHECK(sys_page_free(p) == E_BUSY, "free a page others hold a capability to: E_BUSY");
	unsigned long t, i;
	CHECK(vm_leaf_in(child, SHARED_VA, &t, &i) == 0 && sys_on(child, SYS_PT_PROT, t, i, PERM_W) == E_PERM,
	      "upgrade the child's mapping to writable: E_PERM");
	long st = run_child(child, 0);
	CHECK(st == (long)(sum % 251), "child read every word of the shared page");
	CHECK(ci[k].status != CAP_LIVE, "the child's capabilities died with it");
	CHECK(cap_sweep() == 0, "finish the sweep");

	/* A new child, a writable capability, and a derived read-only one. */
	child = make_child(5, text_caps, &ntext);
	CHECK(child > 0, "second child (slot reused, new generation)");
	long k2 = cap_pick_free();
	CHECK(sys_cap_grant(k2, p, child, PERM_W) == 0 && vm_map_cap_in(child, SHARED_VA, k2, PERM_W) == 0,
	      "grant read/write and map it in the child");
	st = run_child(child, 7);
	CHECK(st == (long)(sum % 251) && w[1] == 1003 + 7, "child wrote through its writable capability");
	CHECK(cap_sweep() == 0, "finish the sweep");

	/* Stale ids: the first child is gone. */
	long old = child;
	CHECK(sys_on(old, SYS_ENV_ROOT, 0, 0, 0) == E_STALE, "memory call on a dead child: E_STALE");
	CHECK(sys_env_run(old) == E_STALE, "run a dead child: E_STALE");
	CHECK(sys_cap_grant(cap_pick_free(), p, old, 0) == E_STALE, "grant to a dead env: E_STALE");
	CHECK(sys_on(envid, SYS_ENV_ROOT, 0, 0, 0) == E_PERM, "target ourselves by id (not a child): E_PERM");
	CHECK(sys_on(0x7FFFFFFF0ul, SYS_ENV_ROOT, 0, 0, 0) == E_INVAL, "malformed target id: E_INVAL");
	CHECK(sys_on(64 + 0, SYS_ENV_ROOT, 0, 0, 0) == E_PERM &&
	      sys_on(64 + 0, SYS_PAGE_ALLOC, page_pick_free(), 0, 0) == E_PERM,
	      "act on the runner (not our child): E_PERM");

	/* Derivation: rights never grow; revocation reaches derived capabilities. */
	child = make_child(6, text_caps, &ntext);
	long k3 = cap_pick_free();
	CHECK(sys_cap_grant(k3, p, child, 0) == 0, "grant read-only to a third child");
	long kd = (child % 64) * CAP_PER_ENV;
	CHECK(sys_on(child, SYS_CAP_DERIVE, kd, k3, (unsigned long)child | (unsigned long)PERM_W << 56) == E_PERM,
	      "derive read/write from read-only: E_PERM");
	CHECK(sys_on(child, SYS_CAP_DERIVE, kd, k3, (unsigned long)child) == 0, "the child derives read-only");
	CHECK(ci[kd].parent == k3 && ci[kd].holder == (int)(child % 64), "derived capability records its parent");
	CHECK(sys_cap_derive(cap_pick_free(), k3, child, 0) == E_PERM, "derive from a capability we do not hold: E_PERM");
	CHECK(vm_map_cap_in(child, SHARED_VA, kd, 0) == 0, "the child maps the derived capability");
	long r = cap_revoke_all(k3);
	CHECK(r == 0, "revoke the parent capability, sweep finished");
	CHECK(ci[k3].status != CAP_LIVE && ci[kd].status != CAP_LIVE, "both parent and derived capability are gone");
	CHECK(vm_leaf_in(child, SHARED_VA, &t, &i) == 0 && sys_on(child, SYS_PT_UNMAP, t, i, 0) == E_NOENT,
	      "the mapping made through the derived capability is gone");
	CHECK(vm_map_cap_in(child, SHARED_VA, kd, 0) == E_PERM, "map through a revoked capability: E_PERM");
	CHECK(ci[k3].status == CAP_FREE && sys_cap_revoke(k3) == E_NOENT, "revoke it again: E_NOENT");
	CHECK(sys_cap_revoke(NCAP) == E_INVAL, "revoke out of range: E_INVAL");
	st = run_child(child, 0);
	CHECK(st == STATUS_KILLED + 14, "the child touching the revoked page faults");

	/* Table views: read-only, and the entries read back are real. */
	long vt;
	CHECK(vm_leaf(SHARED_VA, &t, &i) == 0, "find our leaf table");
	vt = (long)t;
	CHECK(vm_leaf(SHARED_VA + 2 * PGSIZE, &t, &i) == 0, "a free entry beside it");
	CHECK(sys_pt_view(t, i, vt) == 0, "view our leaf table");
	const unsigned long *view = (const unsigned long *)(SHARED_VA + 2 * PGSIZE);
	unsigned long e0 = view[(SHARED_VA >> 12) & 511];
	CHECK((e0 & 1) && ((e0 >> 12) & 0xFFFFFFFFFFul) == (unsigned long)p && (e0 & 2), "view shows our writable PTE for the page");
	CHECK(sys_pt_prot(t, i, PERM_W) == E_PERM, "make the view writable: E_PERM");
	CHECK(sys_pt_view(t, i + 1, vt) == E_BUSY, "a second view of the same table: E_BUSY");
	CHECK(sys_pt_view(t, i + 1, p) == E_PERM, "view a data page: E_PERM");
	CHECK(sys_pt_unmap(t, i) == 0, "remove the view");
	/* An empty leaf table with a view cannot be unlinked. */
	unsigned long t2, i2, va2 = 0x0000020000000000ul;
	long q = page_pick_free();
	CHECK(sys_page_alloc(q) == 0 && vm_map(va2, q, 0) == 0 && vm_leaf(va2, &t2, &i2) == 0 &&
	      vm_unmap(va2) == 0 && sys_page_free(q) == 0, "an empty leaf table");
	CHECK(sys_pt_view(t, i, t2) == 0, "view it");
	CHECK(sys_pt_unlink(pi[t2].bind_table, pi[t2].bind_index) == E_BUSY, "unlink a viewed table: E_BUSY");
	CHECK(sys_pt_unmap(t, i) == 0 && pi[t2].view_table == NO_PAGE, "remove the view");
	CHECK(sys_pt_unlink(pi[t2].bind_table, pi[t2].bind_index) == 0, "now it unlinks");

	/* Clean up: revoke everything, free everything. */
	for (unsigned long c = (unsigned long)me * CAP_PER_ENV; c < (unsigned long)(me + 1) * CAP_PER_ENV; c++)
		if (ci[c].status == CAP_LIVE)
			cap_revoke_all(c);
	CHECK(cap_sweep() == 0, "finish the sweep");
	CHECK(vm_unmap(SHARED_VA) == 0 && sys_page_free(p) == 0, "unmap and free the shared page");
	CHECK(nfree_caps() == caps0, "every capability slot is free again");
	(void)free0;
	printf("t_cap: %d failures\n", check_failures);
	return check_failures ? 1 : 0;
}
