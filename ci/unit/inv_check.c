// SPDX-License-Identifier: MIT
/*
 * Inv, translated clause by clause from spec/inv.acsl (with spec/page.acsl,
 * spec/env.acsl, spec/pte.acsl).  ACSL integers are mathematical, so every
 * field is widened to int64_t before it is compared, and every array access
 * is guarded by the range predicate that precedes it in the ACSL
 * conjunction (Live(x) implies ValidSlot(x), ValidPpn(PteAddr(..)) comes
 * before pages[PteAddr(..)], etc.).  When such a guard fails, the clauses
 * after it in the same conjunction are not evaluated: the conjunction is
 * false already and the guard's own clause is the one reported.
 */
#include <stdio.h>
#include "inv_check.h"

/* The checker only reads arrays at indices it has range-checked itself.
 * AddressSanitizer is for the core; instrumenting the checker (run after
 * every call) would dominate the run time, and gcc does not inline a
 * sanitized helper into an unsanitized caller, so all of it is HOT. */
#define HOT __attribute__((no_sanitize("address")))

const char *const inv_clause_name[INV_NCLAUSES] = {
	[PAGE_TYPE_VALID]     = "PageOk: ValidPageType(pages[p].type)",
	[PAGE_OWNER_IFF_TYPE] = "PageOk: OwnedType(pages[p].type) <==> pages[p].owner != NO_OWNER",
	[PAGE_OWNER_LIVE]     = "PageOk: pages[p].owner != NO_OWNER ==> Live(pages[p].owner)",
	[ENV_STATUS_RANGE]    = "EnvOk: ENV_FREE <= envs[e].status <= ENV_WAITING",
	[ENV_GEN_RANGE]       = "EnvOk: 1 <= envs[e].gen <= GEN_MAX",
	[ENV_FREE_CLEAN]      = "EnvOk: status == ENV_FREE ==> parent == NO_ENV && wait_child == NO_ENV && root == NO_PAGE",
	[ENV_PARENT_LIVE]     = "EnvOk: status != ENV_FREE ==> parent == NO_ENV || Live(parent)",
	[ENV_PARENT_NOT_SELF] = "EnvOk: envs[e].parent != e",
	[ENV_WAIT_OWN_CHILD]  = "EnvOk: status == ENV_WAITING ==> Live(wait_child) && envs[wait_child].parent == e",
	[ENV_NOWAIT_NOCHILD]  = "EnvOk: status != ENV_WAITING ==> wait_child == NO_ENV",
	[ENV_ROOT_OWNED_PT4]  = "EnvOk: root == NO_PAGE || (ValidPpn(root) && pages[root].owner == e && pages[root].type == PG_PT4)",
	[SLOTS_KERNEL_SUPER]  = "SlotsOk: !PteU(vm_kernel_slot)",
	[SLOTS_INFO_RO]       = "SlotsOk: !PteW(vm_info_slot)",
	[ENTRY_KSLOT_VALUE]   = "EntryOk: KernelSlot(t, i) ==> ptmem[t].e[i] == KernelSlotValue(i)",
	[ENTRY_EMPTY_ZERO]    = "EntryOk: !KernelSlot(t, i) && !PteP(e) ==> e == 0",
	[ENTRY_USER]          = "EntryOk: !KernelSlot(t, i) && PteP(e) ==> PteU(e)",
	[ENTRY_NOT_LARGE]     = "EntryOk: !KernelSlot(t, i) && PteP(e) ==> !PtePS(e)",
	[ENTRY_ADDR_VALID]    = "EntryOk: !KernelSlot(t, i) && PteP(e) ==> ValidPpn(PteAddr(e))",
	[ENTRY_SAME_OWNER]    = "EntryOk: PteP(e) ==> pages[PteAddr(e)].owner == pages[t].owner",
	[ENTRY_CHILD_TYPE]    = "EntryOk: PteP(e) ==> pages[PteAddr(e)].type == ChildType(pages[t].type)",
	[ENTRY_BIND_TABLE]    = "EntryOk: PteP(e) ==> pages[PteAddr(e)].bind_table == t",
	[ENTRY_BIND_INDEX]    = "EntryOk: PteP(e) ==> pages[PteAddr(e)].bind_index == i",
	[ENTRY_LINK_WRITABLE] = "EntryOk: PteP(e) ==> (pages[t].type != PG_PT1 ==> PteW(e))",
	[BIND_OWNED_NOT_ROOT] = "BindOk: bind_table != NO_PAGE ==> OwnedType(pages[p].type) && pages[p].type != PG_PT4",
	[BIND_TABLE_VALID]    = "BindOk: bind_table != NO_PAGE ==> ValidPpn(bind_table) && 0 <= bind_index < NPTE",
	[BIND_SAME_OWNER]     = "BindOk: bind_table != NO_PAGE ==> pages[bind_table].owner == pages[p].owner",
	[BIND_PARENT_TYPE]    = "BindOk: bind_table != NO_PAGE ==> ChildType(pages[bind_table].type) == pages[p].type && TableType(pages[bind_table].type)",
	[BIND_ENTRY_PRESENT]  = "BindOk: bind_table != NO_PAGE ==> PteP(ptmem[bind_table].e[bind_index])",
	[BIND_ENTRY_ADDR]     = "BindOk: bind_table != NO_PAGE ==> PteAddr(ptmem[bind_table].e[bind_index]) == p",
	[BIND_TABLE_LINKED]   = "BindOk: PG_PT1 <= pages[p].type <= PG_PT3 ==> bind_table != NO_PAGE",
	[BIND_ROOT]           = "BindOk: pages[p].type == PG_PT4 ==> envs[pages[p].owner].root == p",
};

/* spec/page.acsl, spec/env.acsl */
HOT static inline int valid_page_type(int64_t t) { return PG_NONE <= t && t <= PG_PT4; }
HOT static inline int owned_type(int64_t t)      { return PG_USER <= t && t <= PG_PT4; }
HOT static inline int table_type(int64_t t)      { return PG_PT1 <= t && t <= PG_PT4; }
HOT static inline int valid_ppn(uint64_t p)      { return p < (uint64_t)NPAGES; }
HOT static inline int valid_slot(int64_t e)      { return 0 <= e && e < NENV; }

/* spec/pte.acsl */
HOT static inline int pte_p(uint64_t x)         { return x % 2 == 1; }
HOT static inline int pte_w(uint64_t x)         { return (x / 2) % 2 == 1; }
HOT static inline int pte_u(uint64_t x)         { return (x / 4) % 2 == 1; }
HOT static inline int pte_ps(uint64_t x)        { return (x / 128) % 2 == 1; }
HOT static inline uint64_t pte_addr(uint64_t x) { return (x / 4096) % 0x10000000000ull; }

/* spec/inv.acsl */
HOT static inline int64_t child_type(int64_t tt) { return tt == PG_PT1 ? PG_USER : tt - 1; }

HOT static inline int live(const struct env *ev, int64_t e)
{
	return valid_slot(e) && (int64_t)ev[e].status != ENV_FREE;
}

HOT static void violation(struct inv_report *r, int clause, long index, long entry)
{
	if (r->ok) {
		r->first_clause = clause;
		r->first_index = index;
		r->first_entry = entry;
	}
	r->ok = 0;
	r->nviol++;
	r->count[clause]++;
}

/* TableOk(t) for a page of table type */
HOT static void table_ok(const struct inv_state *s, long t, struct inv_report *r)
{
	const struct page_info *pg = s->pg;
	int64_t tt = pg[t].type, towner = pg[t].owner;
	for (long i = 0; i < NPTE; i++) {
		uint64_t x = s->mem[t].e[i];
		int ks = tt == PG_PT4 && (i == 0 || i >= PML4_INFO);   /* KernelSlot(t, i) */
		if (ks) {
			uint64_t want = i == 0 ? s->kslot : (i == PML4_INFO ? s->islot : 0);
			if (x != want)
				violation(r, ENTRY_KSLOT_VALUE, t, i);
			continue;
		}
		if (!pte_p(x)) {
			if (x != 0)
				violation(r, ENTRY_EMPTY_ZERO, t, i);
			continue;
		}
		if (!pte_u(x))
			violation(r, ENTRY_USER, t, i);
		if (pte_ps(x))
			violation(r, ENTRY_NOT_LARGE, t, i);
		if (tt != PG_PT1 && !pte_w(x))
			violation(r, ENTRY_LINK_WRITABLE, t, i);
		uint64_t a = pte_addr(x);
		if (!valid_ppn(a)) {
			violation(r, ENTRY_ADDR_VALID, t, i);
			continue;
		}
		if ((int64_t)pg[a].owner != towner)
			violation(r, ENTRY_SAME_OWNER, t, i);
		if ((int64_t)pg[a].type != child_type(tt))
			violation(r, ENTRY_CHILD_TYPE, t, i);
		if (pg[a].bind_table != (uint64_t)t)
			violation(r, ENTRY_BIND_TABLE, t, i);
		if (pg[a].bind_index != (uint64_t)i)
			violation(r, ENTRY_BIND_INDEX, t, i);
	}
}

/* BindOk(p) */
HOT static void bind_ok(const struct inv_state *s, long p, struct inv_report *r)
{
	const struct page_info *pg = s->pg;
	int64_t type = pg[p].type, owner = pg[p].owner;
	uint64_t bt = pg[p].bind_table, bi = pg[p].bind_index;

	if (bt != (uint64_t)NO_PAGE) {
		if (!(owned_type(type) && type != PG_PT4))
			violation(r, BIND_OWNED_NOT_ROOT, p, -1);
		if (!(valid_ppn(bt) && bi < NPTE)) {
			violation(r, BIND_TABLE_VALID, p, -1);
		} else {
			int64_t btt = pg[bt].type;
			uint64_t x = s->mem[bt].e[bi];
			if ((int64_t)pg[bt].owner != owner)
				violation(r, BIND_SAME_OWNER, p, -1);
			if (!(child_type(btt) == type && table_type(btt)))
				violation(r, BIND_PARENT_TYPE, p, -1);
			if (!pte_p(x))
				violation(r, BIND_ENTRY_PRESENT, p, -1);
			if (pte_addr(x) != (uint64_t)p)
				violation(r, BIND_ENTRY_ADDR, p, -1);
		}
	}
	if (PG_PT1 <= type && type <= PG_PT3 && bt == (uint64_t)NO_PAGE)
		violation(r, BIND_TABLE_LINKED, p, -1);
	/* envs[owner] is only defined for a valid slot; PageOk reports the
	 * owner too, but without a root to look at BindOk cannot hold */
	if (type == PG_PT4 && !(valid_slot(owner) && s->ev[owner].root == (uint64_t)p))
		violation(r, BIND_ROOT, p, -1);
}

HOT int inv_check_state(const struct inv_state *s, struct inv_report *r)
{
	const struct page_info *pg = s->pg;
	const struct env *ev = s->ev;
	*r = (struct inv_report){ .ok = 1, .first_clause = -1, .first_index = -1,
				  .first_entry = -1 };

	/* PagesInv = \forall p; ValidPpn(p) ==> PageOk(p) */
	for (long p = 0; p < NPAGES; p++) {
		int64_t type = pg[p].type, owner = pg[p].owner;
		if (!valid_page_type(type))
			violation(r, PAGE_TYPE_VALID, p, -1);
		if (owned_type(type) != (owner != NO_OWNER))
			violation(r, PAGE_OWNER_IFF_TYPE, p, -1);
		if (owner != NO_OWNER && !live(ev, owner))
			violation(r, PAGE_OWNER_LIVE, p, -1);
	}

	/* EnvsInv = \forall e; ValidSlot(e) ==> EnvOk(e) */
	for (long e = 0; e < NENV; e++) {
		int64_t status = ev[e].status, gen = ev[e].gen;
		int64_t parent = ev[e].parent, wait = ev[e].wait_child;
		uint64_t root = ev[e].root;

		if (!(ENV_FREE <= status && status <= ENV_WAITING))
			violation(r, ENV_STATUS_RANGE, e, -1);
		if (!(1 <= gen && gen <= GEN_MAX))
			violation(r, ENV_GEN_RANGE, e, -1);
		if (status == ENV_FREE &&
		    !(parent == NO_ENV && wait == NO_ENV && root == (uint64_t)NO_PAGE))
			violation(r, ENV_FREE_CLEAN, e, -1);
		if (status != ENV_FREE && !(parent == NO_ENV || live(ev, parent)))
			violation(r, ENV_PARENT_LIVE, e, -1);
		if (parent == e)
			violation(r, ENV_PARENT_NOT_SELF, e, -1);
		if (status == ENV_WAITING &&
		    !(live(ev, wait) && (int64_t)ev[wait].parent == e))
			violation(r, ENV_WAIT_OWN_CHILD, e, -1);
		if (status != ENV_WAITING && wait != NO_ENV)
			violation(r, ENV_NOWAIT_NOCHILD, e, -1);
		if (!(root == (uint64_t)NO_PAGE ||
		      (valid_ppn(root) && (int64_t)pg[root].owner == e &&
		       (int64_t)pg[root].type == PG_PT4)))
			violation(r, ENV_ROOT_OWNED_PT4, e, -1);
	}

	/* VmInv = SlotsOk && (\forall t; TableOk(t)) && (\forall p; BindOk(p)) */
	if (pte_u(s->kslot))
		violation(r, SLOTS_KERNEL_SUPER, -1, -1);
	if (pte_w(s->islot))
		violation(r, SLOTS_INFO_RO, -1, -1);
	for (long t = 0; t < NPAGES; t++)
		if (table_type((int64_t)pg[t].type))
			table_ok(s, t, r);
	for (long p = 0; p < NPAGES; p++)
		bind_ok(s, p, r);
	return r->ok;
}

int inv_check(struct inv_report *r)
{
	const struct inv_state s = { pages, envs, ptmem, vm_kernel_slot, vm_info_slot };
	return inv_check_state(&s, r);
}

void inv_describe(const struct inv_report *r, char *buf, size_t n)
{
	if (r->ok) {
		snprintf(buf, n, "Inv holds");
		return;
	}
	int c = r->first_clause;
	char where[64];
	if (c >= ENV_STATUS_RANGE && c <= ENV_ROOT_OWNED_PT4)
		snprintf(where, sizeof where, "env slot %ld", r->first_index);
	else if (c == SLOTS_KERNEL_SUPER || c == SLOTS_INFO_RO)
		snprintf(where, sizeof where, "the PML4 slot values");
	else if (c >= ENTRY_KSLOT_VALUE && c <= ENTRY_LINK_WRITABLE)
		snprintf(where, sizeof where, "table %ld entry %ld", r->first_index, r->first_entry);
	else
		snprintf(where, sizeof where, "page %ld", r->first_index);
	snprintf(buf, n, "Inv violated (%u violation%s): first [%s] at %s",
		 r->nviol, r->nviol == 1 ? "" : "s", inv_clause_name[c], where);
}
