// SPDX-License-Identifier: MIT
/*
 * Inv, translated clause by clause from spec/inv.acsl (with spec/page.acsl,
 * spec/env.acsl, spec/pte.acsl, spec/cap.acsl).  ACSL integers are mathematical, so every
 * field is widened to int64_t before it is compared, and every array access
 * is guarded by the range predicate that precedes it in the ACSL
 * conjunction (Live(x) implies ValidSlot(x), ValidPpn(PteAddr(..)) comes
 * before pages[PteAddr(..)], etc.).  When such a guard fails, the clauses
 * after it in the same conjunction are not evaluated: the conjunction is
 * false already and the guard's own clause is the one reported.
 */
#include <string.h>
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
	[ENV_COUNT_EXACT]     = "CountsOk: envs[e].npages == Owned(e, NPAGES)",
	[SLOTS_KERNEL_SUPER]  = "SlotsOk: !PteU(vm_kernel_slot)",
	[SLOTS_INFO_RO]       = "SlotsOk: !PteW(vm_info_slot)",
	[ENTRY_KSLOT_VALUE]   = "EntryShape: KernelSlot(t, i) ==> ptmem[t].e[i] == KernelSlotValue(i)",
	[ENTRY_EMPTY_ZERO]    = "EntryShape: !KernelSlot(t, i) && !PteP(e) ==> e == 0",
	[ENTRY_USER]          = "EntryShape: !KernelSlot(t, i) && PteP(e) ==> PteU(e)",
	[ENTRY_NOT_LARGE]     = "EntryShape: !KernelSlot(t, i) && PteP(e) ==> !PtePS(e)",
	[ENTRY_LINK_WRITABLE] = "EntryShape: PteP(e) ==> (pages[t].type != PG_PT1 ==> PteW(e))",
	[ENTRY_ADDR_VALID]    = "EntryOwn / OwnEntry (link, or leaf with tag 0): ValidPpn(PteAddr(e))",
	[ENTRY_SAME_OWNER]    = "OwnEntry: pages[PteAddr(e)].owner == pages[t].owner",
	[ENTRY_CHILD_TYPE]    = "OwnEntry: pages[PteAddr(e)].type == ChildType(pages[t].type)",
	[ENTRY_BIND_TABLE]    = "OwnEntry: pages[PteAddr(e)].bind_table == t",
	[ENTRY_BIND_INDEX]    = "OwnEntry: pages[PteAddr(e)].bind_index == i",
	[ENTRY_TAG_VALID]     = "EntryShape: leaf ==> PteTag(e) <= NCAP || PteTag(e) == PTE_TAG_VIEW",
	[CAPENT_LIVE]         = "EntryCap / CapEntry (leaf, 1 <= tag <= NCAP, k = tag - 1): caps[k].status == CAP_LIVE",
	[CAPENT_HOLDER]       = "CapEntry: caps[k].holder == pages[t].owner",
	[CAPENT_PAGE]         = "CapEntry: caps[k].page == PteAddr(e)",
	[CAPENT_BIND_TABLE]   = "CapEntry: caps[k].bind_table == t",
	[CAPENT_BIND_INDEX]   = "CapEntry: caps[k].bind_index == i",
	[CAPENT_W]            = "CapEntry: PteW(e) ==> caps[k].rights % 2 == 1",
	[CAPENT_X]            = "CapEntry: !PteNX(e) ==> caps[k].rights / 2 == 1",
	[VIEWENT_RO]          = "EntryView / ViewEntry (leaf, tag PTE_TAG_VIEW): !PteW(e)",
	[VIEWENT_NX]          = "ViewEntry: PteNX(e)",
	[VIEWENT_ADDR_VALID]  = "ViewEntry: ValidPpn(PteAddr(e))",
	[VIEWENT_SAME_OWNER]  = "ViewEntry: pages[PteAddr(e)].owner == pages[t].owner",
	[VIEWENT_TABLE]       = "ViewEntry: TableType(pages[PteAddr(e)].type)",
	[VIEWENT_VIEW_TABLE]  = "ViewEntry: pages[PteAddr(e)].view_table == t",
	[VIEWENT_VIEW_INDEX]  = "ViewEntry: pages[PteAddr(e)].view_index == i",
	[BIND_OWNED_NOT_ROOT] = "BindOk: bind_table != NO_PAGE ==> OwnedType(pages[p].type) && pages[p].type != PG_PT4",
	[BIND_TABLE_VALID]    = "BindOk: bind_table != NO_PAGE ==> ValidPpn(bind_table) && 0 <= bind_index < NPTE",
	[BIND_SAME_OWNER]     = "BindOk: bind_table != NO_PAGE ==> pages[bind_table].owner == pages[p].owner",
	[BIND_PARENT_TYPE]    = "BindOk: bind_table != NO_PAGE ==> ChildType(pages[bind_table].type) == pages[p].type && TableType(pages[bind_table].type)",
	[BIND_ENTRY_PRESENT]  = "BindOk: bind_table != NO_PAGE ==> PteP(ptmem[bind_table].e[bind_index])",
	[BIND_ENTRY_ADDR]     = "BindOk: bind_table != NO_PAGE ==> PteAddr(ptmem[bind_table].e[bind_index]) == p",
	[BIND_ENTRY_TAG]      = "BindOk: bind_table != NO_PAGE ==> PteTag(ptmem[bind_table].e[bind_index]) == 0",
	[VBIND_TABLE_TYPE]    = "BindOk: view_table != NO_PAGE ==> TableType(pages[p].type)",
	[VBIND_VALID]         = "BindOk: view_table != NO_PAGE ==> ValidPpn(view_table) && 0 <= view_index < NPTE",
	[VBIND_SAME_OWNER]    = "BindOk: view_table != NO_PAGE ==> pages[view_table].owner == pages[p].owner",
	[VBIND_LEAF]          = "BindOk: view_table != NO_PAGE ==> pages[view_table].type == PG_PT1",
	[VBIND_PRESENT]       = "BindOk: view_table != NO_PAGE ==> PteP(ptmem[view_table].e[view_index])",
	[VBIND_ADDR]          = "BindOk: view_table != NO_PAGE ==> PteAddr(ptmem[view_table].e[view_index]) == p",
	[VBIND_TAG]           = "BindOk: view_table != NO_PAGE ==> PteTag(ptmem[view_table].e[view_index]) == PTE_TAG_VIEW",
	[BIND_TABLE_LINKED]   = "BindOk: PG_PT1 <= pages[p].type <= PG_PT3 ==> bind_table != NO_PAGE",
	[BIND_ROOT]           = "BindOk: pages[p].type == PG_PT4 ==> envs[pages[p].owner].root == p",
	[CAP_STATUS_RANGE]    = "CapOk: CAP_FREE <= caps[k].status <= CAP_DEAD",
	[CAP_BOUND_LIVE]      = "CapOk: bind_table != NO_PAGE ==> status == CAP_LIVE",
	[CAP_BOUND_VALID]     = "CapOk: bind_table != NO_PAGE ==> ValidPpn(bind_table) && 0 <= bind_index < NPTE",
	[CAP_BOUND_LEAF]      = "CapOk: bind_table != NO_PAGE ==> pages[bind_table].type == PG_PT1",
	[CAP_BOUND_HOLDER]    = "CapOk: bind_table != NO_PAGE ==> pages[bind_table].owner == holder",
	[CAP_BOUND_PRESENT]   = "CapOk: bind_table != NO_PAGE ==> PteP(ptmem[bind_table].e[bind_index])",
	[CAP_BOUND_TAG]       = "CapOk: bind_table != NO_PAGE ==> PteTag(ptmem[bind_table].e[bind_index]) == k + 1",
	[CAP_PAGE_USER]       = "CapOk: live ==> ValidPpn(page) && pages[page].type == PG_USER",
	[CAP_HOLDER_LIVE]     = "CapOk: live ==> Live(holder)",
	[CAP_RIGHTS]          = "CapOk: live ==> 0 <= rights <= PERM_ALL",
	[CAP_PARENT_VALID]    = "CapOk: live ==> parent == NO_CAP || (ValidCap(parent) && caps[parent].status != CAP_FREE)",
	[CAP_PARENT_PAGE]     = "CapOk: live, parent != NO_CAP ==> caps[parent].page == page",
	[CAP_PARENT_RIGHTS]   = "CapOk: live, parent != NO_CAP ==> SubRights(rights, caps[parent].rights)",
	[SWEEP_PHASE_RANGE]   = "SweepOk: SWEEP_IDLE <= phase <= SWEEP_FREE",
	[SWEEP_CURSOR_RANGE]  = "SweepOk: cursor < NCAP",
	[SWEEP_IDLE_NO_DEAD]  = "SweepOk: phase == SWEEP_IDLE ==> no capability is DEAD",
	[SWEEP_MARK_CLEAN]    = "SweepOk: phase == SWEEP_MARK && changed == 0 ==> !Doomed(k) for k < cursor",
	[SWEEP_FREE_NO_DOOMED] = "SweepOk: phase == SWEEP_FREE ==> !Doomed(k) for every k",
	[SWEEP_FREE_FREED]    = "SweepOk: phase == SWEEP_FREE ==> caps[k].status != CAP_DEAD for k < cursor",
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
HOT static inline int pte_nx(uint64_t x)        { return x >= 0x8000000000000000ull; }
HOT static inline uint64_t pte_addr(uint64_t x) { return (x / 4096) % 0x10000000000ull; }
HOT static inline uint64_t pte_tag(uint64_t x)  { return (x / 0x10000000000000ull) % 2048; }

/* spec/inv.acsl */
HOT static inline int64_t child_type(int64_t tt) { return tt == PG_PT1 ? PG_USER : tt - 1; }

HOT static inline int live(const struct env *ev, int64_t e)
{
	return valid_slot(e) && (int64_t)ev[e].status != ENV_FREE;
}

/* spec/cap.acsl */
HOT static inline int sub_rights(int64_t a, int64_t b)
{
	return 0 <= a && a <= PERM_ALL && 0 <= b && b <= PERM_ALL && a % 2 <= b % 2 &&
	       a / 2 <= b / 2;
}

/* Doomed(k); a parent outside the table is reported by CapOk, and is not
 * DEAD here */
HOT static inline int doomed(const struct cap *cp, long k)
{
	int64_t q = cp[k].parent;
	return cp[k].status == CAP_LIVE && q != NO_CAP && 0 <= q && q < NCAP &&
	       cp[q].status == CAP_DEAD;
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

/* OwnEntry(t, i, x) */
HOT static void own_entry(const struct inv_state *s, long t, long i, uint64_t x,
			  struct inv_report *r)
{
	const struct page_info *pg = s->pg;
	uint64_t a = pte_addr(x);
	if (!valid_ppn(a)) {
		violation(r, ENTRY_ADDR_VALID, t, i);
		return;
	}
	if ((int64_t)pg[a].owner != (int64_t)pg[t].owner)
		violation(r, ENTRY_SAME_OWNER, t, i);
	if ((int64_t)pg[a].type != child_type(pg[t].type))
		violation(r, ENTRY_CHILD_TYPE, t, i);
	if (pg[a].bind_table != (uint64_t)t)
		violation(r, ENTRY_BIND_TABLE, t, i);
	if (pg[a].bind_index != (uint64_t)i)
		violation(r, ENTRY_BIND_INDEX, t, i);
}

/* CapEntry(t, i, x), 1 <= PteTag(x) <= NCAP */
HOT static void cap_entry(const struct inv_state *s, long t, long i, uint64_t x,
			  struct inv_report *r)
{
	const struct cap *c = &s->cp[pte_tag(x) - 1];
	if (c->status != CAP_LIVE)
		violation(r, CAPENT_LIVE, t, i);
	if ((int64_t)c->holder != (int64_t)s->pg[t].owner)
		violation(r, CAPENT_HOLDER, t, i);
	if (c->page != pte_addr(x))
		violation(r, CAPENT_PAGE, t, i);
	if (c->bind_table != (uint64_t)t)
		violation(r, CAPENT_BIND_TABLE, t, i);
	if (c->bind_index != (uint64_t)i)
		violation(r, CAPENT_BIND_INDEX, t, i);
	if (pte_w(x) && c->rights % 2 != 1)
		violation(r, CAPENT_W, t, i);
	if (!pte_nx(x) && c->rights / 2 != 1)
		violation(r, CAPENT_X, t, i);
}

/* ViewEntry(t, i, x) */
HOT static void view_entry(const struct inv_state *s, long t, long i, uint64_t x,
			   struct inv_report *r)
{
	const struct page_info *pg = s->pg;
	uint64_t a = pte_addr(x);
	if (pte_w(x))
		violation(r, VIEWENT_RO, t, i);
	if (!pte_nx(x))
		violation(r, VIEWENT_NX, t, i);
	if (!valid_ppn(a)) {
		violation(r, VIEWENT_ADDR_VALID, t, i);
		return;
	}
	if ((int64_t)pg[a].owner != (int64_t)pg[t].owner)
		violation(r, VIEWENT_SAME_OWNER, t, i);
	if (!table_type(pg[a].type))
		violation(r, VIEWENT_TABLE, t, i);
	if (pg[a].view_table != (uint64_t)t)
		violation(r, VIEWENT_VIEW_TABLE, t, i);
	if (pg[a].view_index != (uint64_t)i)
		violation(r, VIEWENT_VIEW_INDEX, t, i);
}

/* TableOk(t) for a page of table type */
HOT static void table_ok(const struct inv_state *s, long t, struct inv_report *r)
{
	int64_t tt = s->pg[t].type;
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
		if (tt != PG_PT1) {
			if (!pte_w(x))
				violation(r, ENTRY_LINK_WRITABLE, t, i);
			own_entry(s, t, i, x, r);
			continue;
		}
		uint64_t tag = pte_tag(x);
		if (tag == 0)
			own_entry(s, t, i, x, r);
		else if (tag <= NCAP)
			cap_entry(s, t, i, x, r);
		else if (tag == PTE_TAG_VIEW)
			view_entry(s, t, i, x, r);
		else
			violation(r, ENTRY_TAG_VALID, t, i);
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
			if (pte_tag(x) != 0)
				violation(r, BIND_ENTRY_TAG, p, -1);
		}
	}
	uint64_t vt = pg[p].view_table, vi = pg[p].view_index;
	if (vt != (uint64_t)NO_PAGE) {
		if (!table_type(type))
			violation(r, VBIND_TABLE_TYPE, p, -1);
		if (!(valid_ppn(vt) && vi < NPTE)) {
			violation(r, VBIND_VALID, p, -1);
		} else {
			uint64_t x = s->mem[vt].e[vi];
			if ((int64_t)pg[vt].owner != owner)
				violation(r, VBIND_SAME_OWNER, p, -1);
			if (pg[vt].type != PG_PT1)
				violation(r, VBIND_LEAF, p, -1);
			if (!pte_p(x))
				violation(r, VBIND_PRESENT, p, -1);
			if (pte_addr(x) != (uint64_t)p)
				violation(r, VBIND_ADDR, p, -1);
			if (pte_tag(x) != PTE_TAG_VIEW)
				violation(r, VBIND_TAG, p, -1);
		}
	}
	if (PG_PT1 <= type && type <= PG_PT3 && bt == (uint64_t)NO_PAGE)
		violation(r, BIND_TABLE_LINKED, p, -1);
	/* envs[owner] is only defined for a valid slot; PageOk reports the
	 * owner too, but without a root to look at BindOk cannot hold */
	if (type == PG_PT4 && !(valid_slot(owner) && s->ev[owner].root == (uint64_t)p))
		violation(r, BIND_ROOT, p, -1);
}

/* CapOk(k) */
HOT static void cap_ok(const struct inv_state *s, long k, struct inv_report *r)
{
	const struct cap *cp = s->cp, *c = &cp[k];
	const struct page_info *pg = s->pg;
	if (c->status > CAP_DEAD)
		violation(r, CAP_STATUS_RANGE, k, -1);
	if (c->bind_table != (uint64_t)NO_PAGE) {
		uint64_t bt = c->bind_table, bi = c->bind_index;
		if (c->status != CAP_LIVE)
			violation(r, CAP_BOUND_LIVE, k, -1);
		if (!(valid_ppn(bt) && bi < NPTE)) {
			violation(r, CAP_BOUND_VALID, k, -1);
		} else {
			uint64_t x = s->mem[bt].e[bi];
			if (pg[bt].type != PG_PT1)
				violation(r, CAP_BOUND_LEAF, k, -1);
			if ((int64_t)pg[bt].owner != (int64_t)c->holder)
				violation(r, CAP_BOUND_HOLDER, k, -1);
			if (!pte_p(x))
				violation(r, CAP_BOUND_PRESENT, k, -1);
			if (pte_tag(x) != (uint64_t)k + 1)
				violation(r, CAP_BOUND_TAG, k, -1);
		}
	}
	if (c->status != CAP_LIVE)
		return;
	if (!(valid_ppn(c->page) && pg[c->page].type == PG_USER))
		violation(r, CAP_PAGE_USER, k, -1);
	if (!live(s->ev, c->holder))
		violation(r, CAP_HOLDER_LIVE, k, -1);
	if (c->rights > PERM_ALL)
		violation(r, CAP_RIGHTS, k, -1);
	int64_t q = c->parent;
	if (q == NO_CAP)
		return;
	if (!(0 <= q && q < NCAP && cp[q].status != CAP_FREE)) {
		violation(r, CAP_PARENT_VALID, k, -1);
		return;
	}
	if (cp[q].page != c->page)
		violation(r, CAP_PARENT_PAGE, k, -1);
	if (!sub_rights(c->rights, cp[q].rights))
		violation(r, CAP_PARENT_RIGHTS, k, -1);
}

/* SweepOk */
HOT static void sweep_ok(const struct inv_state *s, struct inv_report *r)
{
	const struct cap_sweep *w = s->sw;
	const struct cap *cp = s->cp;
	long below = w->cursor < NCAP ? (long)w->cursor : NCAP;
	if (w->phase > SWEEP_FREE)
		violation(r, SWEEP_PHASE_RANGE, -1, -1);
	if (w->cursor >= NCAP)
		violation(r, SWEEP_CURSOR_RANGE, -1, -1);
	if (w->phase == SWEEP_IDLE)
		for (long k = 0; k < NCAP; k++)
			if (cp[k].status == CAP_DEAD) {
				violation(r, SWEEP_IDLE_NO_DEAD, k, -1);
				break;
			}
	if (w->phase == SWEEP_MARK && w->changed == 0)
		for (long k = 0; k < below; k++)
			if (doomed(cp, k)) {
				violation(r, SWEEP_MARK_CLEAN, k, -1);
				break;
			}
	if (w->phase == SWEEP_FREE) {
		for (long k = 0; k < NCAP; k++)
			if (doomed(cp, k)) {
				violation(r, SWEEP_FREE_NO_DOOMED, k, -1);
				break;
			}
		for (long k = 0; k < below; k++)
			if (cp[k].status == CAP_DEAD) {
				violation(r, SWEEP_FREE_FREED, k, -1);
				break;
			}
	}
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

	/* CountsOk (OwnerGhostOk is about the ghost copy, which has no
	 * executable counterpart: the count is taken over pages[].owner) */
	{
		static uint32_t owned[NENV];
		memset(owned, 0, sizeof owned);
		for (long p = 0; p < NPAGES; p++)
			if (pg[p].owner >= 0 && pg[p].owner < NENV)
				owned[pg[p].owner]++;
		for (long e = 0; e < NENV; e++)
			if (ev[e].npages != owned[e])
				violation(r, ENV_COUNT_EXACT, e, -1);
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

	/* CapsInv = (\forall k; ValidCap(k) ==> CapOk(k)) && SweepOk */
	for (long k = 0; k < NCAP; k++)
		cap_ok(s, k, r);
	sweep_ok(s, r);
	return r->ok;
}

int inv_check(struct inv_report *r)
{
	const struct inv_state s = { pages, envs, ptmem, caps, &sweep, vm_kernel_slot,
				     vm_info_slot };
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
	if (c >= ENV_STATUS_RANGE && c <= ENV_COUNT_EXACT)
		snprintf(where, sizeof where, "env slot %ld", r->first_index);
	else if (c == SLOTS_KERNEL_SUPER || c == SLOTS_INFO_RO)
		snprintf(where, sizeof where, "the PML4 slot values");
	else if (c >= ENTRY_KSLOT_VALUE && c <= VIEWENT_VIEW_INDEX)
		snprintf(where, sizeof where, "table %ld entry %ld", r->first_index, r->first_entry);
	else if (c >= CAP_STATUS_RANGE && c <= CAP_PARENT_RIGHTS)
		snprintf(where, sizeof where, "cap %ld", r->first_index);
	else if (c >= SWEEP_PHASE_RANGE)
		snprintf(where, sizeof where, "the sweep (cap %ld)", r->first_index);
	else
		snprintf(where, sizeof where, "page %ld", r->first_index);
	snprintf(buf, n, "Inv violated (%u violation%s): first [%s] at %s",
		 r->nviol, r->nviol == 1 ? "" : "s", inv_clause_name[c], where);
}
