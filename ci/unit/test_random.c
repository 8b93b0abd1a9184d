// SPDX-License-Identifier: MIT
/*
 * Random-sequence tests.  A batch boots a random memory map (with garbage
 * left in many pages), sets the PML4 slots, then makes `ncalls` random
 * calls, each through a checked wrapper (model comparison of result, whole
 * state and page contents, Inv, frame, TLB flushes).  The calls build real
 * page-table trees -- roots, links down to leaf tables, data pages mapped,
 * re-protected, unmapped, freed, tables unlinked, envs destroyed with their
 * trees -- while a large share of the arguments is hostile: foreign tables,
 * kernel slots 0 and 255+, index 512 and beyond, perm 4 and up, pages of
 * other envs, free / kernel / table pages as map targets, double frees,
 * frees of mapped pages, unlinks of non-empty tables, stale slots after a
 * destroy.  Capabilities are granted, derived (in chains, for the holder
 * itself or others, from doomed parents during a sweep), mapped through
 * sys_pt_map_cap, re-protected, unmapped, revoked by the page owner, the
 * holder or the parent's holder (and refused to anyone else), and the
 * sweep is continued by any env until it finishes; tables get read-only
 * views; env_destroy runs with live, mapped and derived capabilities and
 * with a sweep under way.  A function is only called when its `requires`
 * holds: env_destroy and cap_kill_env on a live env, page_table_init and
 * cap_table_init when no env is live, vm_init when no PML4 exists,
 * env_target for a live caller, cap_on_page on a valid page; Inv itself is
 * established by the previous call.  Every 50 calls and at the end the
 * page accounting is checked; at the end every capability is revoked and
 * every env destroyed (in one of two orders), and all RAM must be free and
 * every capability slot FREE again.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define POOL 160               /* most page numbers come from [0, POOL) */
#define HOT_SLOTS 10           /* most slot numbers come from [0, HOT_SLOTS) */
#define MAXKNOWN 512

static uint64_t rs;            /* PRNG state of the batch */

/* Every choice of a batch is a rng_next(&rs) or rng_below(&rs, n) below,
 * and both go through src_next / src_below (harness.h) (the macros after them).
 * Without an input (random_batch) they are harness.h's PRNG on rs, so the
 * sequence of a SEED is unchanged.  With one (random_batch_bytes, the
 * libFuzzer target in ci/fuzz) they read the choices from its bytes first,
 * little-endian: rng_below(n) takes as few bytes as n needs (1 for n <= 256,
 * none for n <= 1), rng_next 8; the PRNG takes over when the bytes run out. */
static struct byte_src in_src;

#define rng_next(s) src_next(&in_src, s)
#define rng_below(s, n) src_below(&in_src, s, n)

#define PCT(n) (rng_below(&rs, 100) < (n))
#define PICK(arr) ((arr)[rng_below(&rs, sizeof(arr) / sizeof((arr)[0]))])

/* ids handed out by env_create in this batch: live, stale, old generations */
static envid_t id_hist[512];
static unsigned n_ids;

static void remember_id(envid_t id)
{
	id_hist[n_ids++ % (sizeof id_hist / sizeof id_hist[0])] = id;
}

/* pages the boot map described in this batch: the only ones that can be
 * free, owned or tables */
static ppn_t known[MAXKNOWN];
static unsigned n_known;
static uint8_t is_known[NPAGES];

/* tables of envs destroyed in this batch: stale table numbers */
static ppn_t ghost[64];
static unsigned n_ghost;

static void know(ppn_t p)
{
	if (p < NPAGES && !is_known[p] && n_known < MAXKNOWN) {
		is_known[p] = 1;
		known[n_known++] = p;
	}
}

/* ---- argument generators ----------------------------------------------------- */

static int32_t any_live(void)
{
	int32_t live[NENV], n = 0;
	for (int32_t e = 0; e < NENV; e++)
		if (m_live(e))
			live[n++] = e;
	return n ? live[rng_below(&rs, (uint64_t)n)] : -1;
}

static int32_t live_with_root(int want_root)
{
	int32_t live[NENV], n = 0;
	for (int32_t e = 0; e < NENV; e++)
		if (m_live(e) && (M.ev_root[e] != NO_PAGE) == want_root)
			live[n++] = e;
	return n ? live[rng_below(&rs, (uint64_t)n)] : -1;
}

static int32_t hostile_slot(void)
{
	static const int32_t v[] = { -1, -2, -NENV, NENV, NENV + 1, 2 * NENV,
		INT32_MIN, INT32_MIN + 1, INT32_MAX, 1000, NO_PAGE, (int32_t)0x80000040 };
	return PCT(80) ? PICK(v) : (int32_t)rng_next(&rs);
}

static int32_t valid_slot(void)
{
	return (int32_t)(PCT(80) ? rng_below(&rs, HOT_SLOTS) : rng_below(&rs, NENV));
}

/* the env most memory calls act for, so that its trees grow deep */
static int32_t focus = -1;

/* a slot argument: mostly live, sometimes free (stale), sometimes out of range */
static int32_t slot_arg(void)
{
	if (focus < 0 || !m_live(focus) || PCT(3))
		focus = live_with_root(1);
	if (focus >= 0 && PCT(55))
		return focus;
	if (PCT(88)) {
		int32_t e = PCT(80) ? live_with_root(1) : any_live();
		if (e >= 0)
			return e;
	}
	return PCT(60) ? valid_slot() : hostile_slot();
}

static ppn_t ppn_arg(void)
{
	static const uint64_t v[] = { NPAGES, NPAGES + 1, NO_PAGE, UINT64_MAX,
		UINT64_MAX - 1, 1ull << 63, (1ull << 32), (1ull << 32) + 1,
		(1ull << 32) + NPAGES - 1, (uint64_t)-NPAGES, (uint64_t)INT32_MAX,
		(uint64_t)INT32_MAX + 1, 0xffffffffull, 1ull << 40, (1ull << 40) + 1 };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 60)
		return rng_below(&rs, POOL);
	if (r < 68)
		return NPAGES - 1 - rng_below(&rs, 2);
	if (r < 72)
		return rng_below(&rs, NPAGES);
	if (r < 80)   /* aliases a pool page when truncated to 32, 15 or 40 bits */
		return ((rng_below(&rs, 4) + 1) << PICK(((const int[]){ 15, 32, 40 }))) +
		       rng_below(&rs, POOL);
	if (r < 95)
		return PICK(v);
	return rng_next(&rs);
}

/* a known page with model property pred(p, e), or dflt */
typedef int (*page_pred)(ppn_t p, int32_t e);
static ppn_t pick_page(page_pred pred, int32_t e, ppn_t dflt)
{
	ppn_t c[MAXKNOWN];
	unsigned n = 0;
	for (unsigned k = 0; k < n_known; k++)
		if (pred(known[k], e))
			c[n++] = known[k];
	return n ? c[rng_below(&rs, n)] : dflt;
}

static int is_free(ppn_t p, int32_t e)      { (void)e; return M.pg_type[p] == PG_FREE; }
static int is_reserved(ppn_t p, int32_t e)  { (void)e; return M.pg_type[p] <= PG_KERNEL; }
static int data_of(ppn_t p, int32_t e)      { return M.pg_owner[p] == e && M.pg_type[p] == PG_USER; }
static int unmapped_of(ppn_t p, int32_t e)  { return data_of(p, e) && M.pg_bt[p] == NO_PAGE; }
static int mapped_of(ppn_t p, int32_t e)    { return data_of(p, e) && M.pg_bt[p] != NO_PAGE; }
static int table_of(ppn_t p, int32_t e)     { return M.pg_owner[p] == e && M.pg_type[p] >= PG_PT1; }
static int inner_of(ppn_t p, int32_t e)     { return M.pg_owner[p] == e && M.pg_type[p] >= PG_PT2; }
static int leaf_of(ppn_t p, int32_t e)      { return M.pg_owner[p] == e && M.pg_type[p] == PG_PT1; }
static int owned_other(ppn_t p, int32_t e)  { return M.pg_owner[p] != NO_OWNER && M.pg_owner[p] != e; }
static int table_other(ppn_t p, int32_t e)  { return owned_other(p, e) && M.pg_type[p] >= PG_PT1; }
static int leaf_other(ppn_t p, int32_t e)   { return owned_other(p, e) && M.pg_type[p] == PG_PT1; }
static int data_other(ppn_t p, int32_t e)   { return owned_other(p, e) && M.pg_type[p] == PG_USER; }
static int any_data(ppn_t p, int32_t e)     { (void)e; return M.pg_type[p] == PG_USER; }
static int unviewed_table_of(ppn_t p, int32_t e) { return table_of(p, e) && M.pg_vt[p] == NO_PAGE; }
static int viewed_table_of(ppn_t p, int32_t e) { return table_of(p, e) && M.pg_vt[p] != NO_PAGE; }
static int empty_unviewed_of(ppn_t p, int32_t e)
{
	return unviewed_table_of(p, e) && M.pg_type[p] <= PG_PT3 && m_page_zero_p(p);
}
static int cap_named_of(ppn_t p, int32_t e)  { return data_of(p, e) && !m_no_cap_on(p); }

/* a live env that owns a known page with property pred, or slot_arg() */
static int32_t env_with(page_pred pred)
{
	int32_t c[NENV], n = 0;
	for (int32_t e = 0; e < NENV; e++) {
		if (!m_live(e))
			continue;
		for (unsigned k = 0; k < n_known; k++)
			if (pred(known[k], e)) {
				c[n++] = e;
				break;
			}
	}
	return n ? c[rng_below(&rs, (uint64_t)n)] : slot_arg();
}

/* a page that should be refused as a new page (link's c, root, alloc) or
 * as a target: owned by e or others, a table, kernel, none, out of range */
static ppn_t hostile_page(int32_t e)
{
	switch (rng_below(&rs, 9)) {
	case 0: return pick_page(data_of, e, ppn_arg());
	case 1: return pick_page(table_of, e, ppn_arg());
	case 2: return pick_page(owned_other, e, ppn_arg());
	case 3: return pick_page(is_reserved, e, ppn_arg());
	case 4: return e >= 0 && e < NENV && M.ev_root[e] != NO_PAGE ? M.ev_root[e] : ppn_arg();
	case 5: return pick_page(is_free, e, ppn_arg());
	default: return ppn_arg();
	}
}

static int pt2_of(ppn_t p, int32_t e)       { return M.pg_owner[p] == e && M.pg_type[p] == PG_PT2; }
static int pt3_of(ppn_t p, int32_t e)       { return M.pg_owner[p] == e && M.pg_type[p] == PG_PT3; }

/* a non-leaf table of e, often one of the deepest level it has (to grow trees) */
static ppn_t inner_table(int32_t e)
{
	if (PCT(70)) {
		ppn_t t = pick_page(pt2_of, e, NO_PAGE);
		if (t == NO_PAGE)
			t = pick_page(pt3_of, e, NO_PAGE);
		if (t != NO_PAGE)
			return t;
	}
	return pick_page(inner_of, e, ppn_arg());
}

/* a table argument: kind 0 = inner table of e, 1 = leaf table of e */
static ppn_t table_arg(int32_t e, int leaf)
{
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 78)
		return leaf ? pick_page(leaf_of, e, inner_table(e)) : inner_table(e);
	if (r < 84)
		return leaf ? inner_table(e) : pick_page(leaf_of, e, ppn_arg());
	if (r < 88)
		return pick_page(leaf ? leaf_other : table_other, e, ppn_arg());
	if (r < 92)
		return pick_page(data_of, e, ppn_arg());
	if (r < 96 && n_ghost)
		return ghost[rng_below(&rs, n_ghost < 64 ? n_ghost : 64)];
	return hostile_page(e);
}

static uint64_t hostile_index(void)
{
	static const uint64_t v[] = { NPTE, NPTE + 1, 2 * NPTE - 1, 2 * NPTE, UINT64_MAX,
		UINT64_MAX - 1, 1ull << 32, (1ull << 32) + 1, 1ull << 63, (1ull << 63) + 1,
		0x100000000ull + NPTE - 1, 1000 };
	return PICK(v);
}

static uint64_t kernel_index(void)
{
	static const uint64_t v[] = { 0, PML4_INFO, PML4_INFO + 1, 300, NPTE - 2, NPTE - 1 };
	return PICK(v);
}

/* an index of table t: want 0 = empty entry, 1 = present entry */
static uint64_t index_in(ppn_t t, int want)
{
	int pml4 = t < NPAGES && M.pg_type[t] == PG_PT4;
	uint64_t lo = pml4 ? 1 : 0, hi = pml4 ? PML4_INFO : NPTE;   /* [lo, hi) */
	if (t < NPAGES) {
		uint64_t c[NPTE];
		unsigned n = 0;
		for (uint64_t i = lo; i < hi; i++)
			if (m_entry_present(t, (unsigned)i) == want)
				c[n++] = i;
		if (n) {
			/* mostly the low indices, so the trees stay dense */
			if (!want && PCT(70))
				for (unsigned k = 0; k < n; k++)
					if (c[k] < lo + 8 && PCT(50))
						return c[k];
			return c[rng_below(&rs, n)];
		}
	}
	return lo + rng_below(&rs, PCT(70) ? 8 : hi - lo);
}

static uint64_t index_arg(ppn_t t, int want, int kernel_too)
{
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 74)
		return index_in(t, want);
	if (r < 86)
		return index_in(t, !want);
	if (r < 93 && kernel_too)
		return kernel_index();
	return hostile_index();
}

static uint64_t perm_arg(void)
{
	static const uint64_t v[] = { 4, 5, 7, 8, 0x100, 1ull << 32, (1ull << 32) + 1,
		1ull << 56, UINT64_MAX, 1ull << 63, (1ull << 63) + PERM_W };
	return PCT(91) ? rng_below(&rs, PERM_ALL + 1) : PICK(v);
}

static envid_t id_arg(void)
{
	static const envid_t v[] = { 0, -1, 1, NENV - 1, NENV, INT32_MIN, INT32_MAX,
		(GEN_MAX + 1) * NENV, (GEN_MAX + 1) * NENV - 1, (GEN_MAX + 1) * NENV + 1,
		GEN_MAX * NENV, -NENV, E_STALE, E_INVAL };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 45 && n_ids) {
		unsigned n = n_ids < 512 ? n_ids : 512;
		return id_hist[rng_below(&rs, n)];
	}
	if (r < 65) {                          /* the current id of a slot */
		int32_t e = valid_slot();
		return (envid_t)((int64_t)M.ev_gen[e] * NENV + e);
	}
	if (r < 75) {                          /* a neighbouring generation */
		int32_t e = valid_slot();
		int64_t g = (int64_t)M.ev_gen[e] + (PCT(50) ? 1 : -1);
		return (envid_t)(g * NENV + e);
	}
	if (r < 85) {                          /* any generation */
		int64_t g = (int64_t)rng_below(&rs, GEN_MAX + 2);
		return (envid_t)(g * NENV + (int64_t)rng_below(&rs, NENV));
	}
	if (r < 95)
		return PICK(v);
	return (envid_t)rng_next(&rs);
}

/* ---- capabilities ------------------------------------------------------------------ */

typedef int (*cap_pred)(uint64_t k, int32_t e);
/* a capability slot with model property pred(k, e), or dflt */
static uint64_t pick_cap(cap_pred pred, int32_t e, uint64_t dflt)
{
	uint64_t c[NCAP];
	unsigned n = 0;
	for (uint64_t k = 0; k < NCAP; k++)
		if (pred(k, e))
			c[n++] = k;
	return n ? c[rng_below(&rs, n)] : dflt;
}

static int cap_live(uint64_t k, int32_t e)     { (void)e; return M.cp_status[k] == CAP_LIVE; }
static int cap_held(uint64_t k, int32_t e)     { return cap_live(k, e) && M.cp_holder[k] == e; }
static int cap_held_unmapped(uint64_t k, int32_t e) { return cap_held(k, e) && M.cp_bt[k] == NO_PAGE; }
static int cap_not_live(uint64_t k, int32_t e) { (void)e; return M.cp_status[k] != CAP_LIVE; }
static int cap_dead(uint64_t k, int32_t e)     { (void)e; return M.cp_status[k] == CAP_DEAD; }
static int cap_doomed(uint64_t k, int32_t e)   { (void)e; return m_doomed(k); }
static int cap_live_parent(uint64_t k, int32_t e)
{
	int32_t q = M.cp_parent[k];
	(void)e;
	return cap_live(k, e) && q != NO_CAP && M.cp_status[q] == CAP_LIVE;
}
static int cap_free_mine(uint64_t k, int32_t e)
{
	return m_valid_slot(e) && k / CAP_PER_ENV == (uint64_t)e && M.cp_status[k] == CAP_FREE;
}

static uint64_t hostile_cap(int32_t e)
{
	static const uint64_t v[] = { NCAP, NCAP + 1, 2 * NCAP, UINT64_MAX, UINT64_MAX - 1,
		1ull << 32, 1ull << 63, (uint64_t)INT32_MAX, (uint64_t)NO_CAP, NO_PAGE };
	if (PCT(40) && m_valid_slot(e)) {      /* aliases e's range when truncated */
		static const uint64_t hi[] = { 1ull << 32, 1ull << 40, 1ull << 63 };
		return PICK(hi) + (uint64_t)e * CAP_PER_ENV + rng_below(&rs, CAP_PER_ENV);
	}
	return PCT(80) ? PICK(v) : rng_next(&rs);
}

/* a slot argument for a new capability of e: mostly a free slot of its
 * range; else busy slots of its range, neighbours, others' slots, hostile */
static uint64_t new_cap_slot(int32_t e)
{
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 72)
		return pick_cap(cap_free_mine, e, m_valid_slot(e) ?
				(uint64_t)e * CAP_PER_ENV + rng_below(&rs, CAP_PER_ENV) :
				rng_below(&rs, NCAP));
	if (r < 80 && m_valid_slot(e))
		return (uint64_t)e * CAP_PER_ENV + rng_below(&rs, CAP_PER_ENV);
	if (r < 86 && m_valid_slot(e))
		return PCT(50) ? (uint64_t)e * CAP_PER_ENV + CAP_PER_ENV
			       : (uint64_t)e * CAP_PER_ENV - 1;   /* NCAP-1+1 wraps for e = 0 */
	if (r < 93)
		return rng_below(&rs, NCAP);
	return hostile_cap(e);
}

/* a live holder: mostly a live env, sometimes a free slot or a hostile one */
static int32_t holder_arg(int32_t e)
{
	if (PCT(15) && m_live(e))
		return e;
	if (PCT(85)) {
		int32_t h = any_live();
		if (h >= 0)
			return h;
	}
	return PCT(50) ? valid_slot() : hostile_slot();
}

static uint64_t rights_arg(void)
{
	return PCT(90) ? rng_below(&rs, PERM_ALL + 1) : perm_arg();
}

/* rights within r (mostly), or any */
static uint64_t sub_rights_of(uint32_t r)
{
	if (PCT(70)) {
		uint64_t c[4];
		unsigned n = 0;
		for (uint64_t x = 0; x <= PERM_ALL; x++)
			if (m_sub_rights(x, r))
				c[n++] = x;
		return c[rng_below(&rs, n)];
	}
	return rights_arg();
}

/* a live env holding a live capability with property pred, or slot_arg() */
static int32_t env_with_cap(cap_pred pred)
{
	int32_t c[NENV], n = 0;
	for (int32_t e = 0; e < NENV; e++)
		if (m_live(e) && pick_cap(pred, e, NCAP) != NCAP)
			c[n++] = e;
	return n ? c[rng_below(&rs, (uint64_t)n)] : slot_arg();
}

/* a live env with a leaf table, holding a capability that is not mapped */
static int32_t env_to_map_cap(void)
{
	int32_t c[NENV], n = 0;
	for (int32_t e = 0; e < NENV; e++)
		if (m_live(e) && pick_page(leaf_of, e, NO_PAGE) != NO_PAGE &&
		    pick_cap(cap_held_unmapped, e, NCAP) != NCAP)
			c[n++] = e;
	return n ? c[rng_below(&rs, (uint64_t)n)] : env_with_cap(cap_held_unmapped);
}

/* an empty entry of a leaf table of e, or NPTE */
static uint64_t free_leaf_entry(int32_t e, ppn_t *t)
{
	*t = pick_page(leaf_of, e, NO_PAGE);
	if (*t == NO_PAGE)
		return NPTE;
	for (unsigned j = 0; j < 8; j++) {
		uint64_t i = PCT(70) ? rng_below(&rs, 16) : rng_below(&rs, NPTE);
		if (!m_entry_nonzero(*t, (unsigned)i))
			return i;
	}
	return NPTE;
}

/* a valid sharing chain: a data page granted to an env with a leaf table,
 * mapped there, derived on (to itself or another env) and mapped again */
static void sharing_chain(void)
{
	int32_t o = env_with(data_of);
	ppn_t p = pick_page(data_of, o, NO_PAGE);
	uint64_t k = pick_cap(cap_free_mine, o, NCAP);
	int32_t h = env_with(leaf_of);
	if (!m_live(o) || p == NO_PAGE || k == NCAP || !m_live(h))
		return;
	uint64_t r = rng_below(&rs, PERM_ALL + 1);
	if (c_cap_grant(o, k, p, h, r) != E_OK)
		return;
	ppn_t t;
	uint64_t i = free_leaf_entry(h, &t);
	if (i < NPTE && PCT(70))
		c_sys_pt_map_cap(h, t, i, k, sub_rights_of(r));
	for (int depth = 0; depth < 3 && PCT(75); depth++) {
		int32_t h2 = PCT(30) ? h : env_with(leaf_of);
		uint64_t k2 = pick_cap(cap_free_mine, h, NCAP);
		if (k2 == NCAP || !m_live(h2))
			return;
		uint64_t r2 = sub_rights_of((uint32_t)r);
		if (c_cap_derive(h, k2, k, h2, r2) != E_OK)
			return;
		i = free_leaf_entry(h2, &t);
		if (i < NPTE && PCT(75))
			c_sys_pt_map_cap(h2, t, i, k2, sub_rights_of((uint32_t)r2));
		h = h2;
		k = k2;
		r = r2;
	}
}

/* a value for a pointer / address argument */
static uint64_t va_arg_(void)
{
	static const uint64_t v[] = { 0, 1, USER_BASE - 1, USER_BASE, USER_BASE + 1,
		USER_TEXT, USER_STACK_TOP, USER_TOP - 1, USER_TOP, USER_TOP + 1,
		USER_TOP - CONS_WRITE_MAX, USER_TOP - MOD_NAME_MAX, 1ull << 63,
		UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - CONS_WRITE_MAX,
		0xffff800000000000ull, 0x00007fffffffffffull };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 40)
		return PICK(v);
	if (r < 55)
		return PICK(v) + rng_below(&rs, 9) - 4;
	if (r < 85)
		return USER_BASE + rng_below(&rs, USER_TOP - USER_BASE + 1);
	return rng_next(&rs);
}

/* a value for a length argument, often right at a boundary for va */
static uint64_t len_arg(uint64_t va)
{
	static const uint64_t v[] = { 0, 1, 2, CONS_WRITE_MAX - 1, CONS_WRITE_MAX,
		CONS_WRITE_MAX + 1, MOD_NAME_MAX - 1, MOD_NAME_MAX, MOD_NAME_MAX + 1,
		PGSIZE, UINT64_MAX, UINT64_MAX - 1, 1ull << 63, USER_TOP, USER_TOP - USER_BASE };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 35)
		return PICK(v);
	if (r < 55)                            /* end exactly at / around USER_TOP */
		return USER_TOP - va + rng_below(&rs, 3) - 1;
	if (r < 65)                            /* wraps to (around) exactly 2^64 */
		return 0 - va + rng_below(&rs, 3) - 1;
	if (r < 85)
		return rng_below(&rs, (PCT(50) ? CONS_WRITE_MAX : MOD_NAME_MAX) + 2);
	return rng_next(&rs);
}

static uint64_t scalar_arg(void)
{
	static const uint64_t v[] = { 0, 1, 254, 255, 256, 257, NENV - 1, NENV, NENV + 1,
		UINT64_MAX, 1ull << 32, (1ull << 32) + 1, 1ull << 63, (uint64_t)-1 - 255 };
	return PCT(80) ? PICK(v) : rng_next(&rs);
}

static uint64_t sysnum_arg(void)
{
	static const uint64_t v[] = { SYS__COUNT, SYS__COUNT + 1, 255, 256, UINT64_MAX,
		1ull << 32, (1ull << 32) + SYS_EXIT, (1ull << 32) + SYS_PT_MAP,
		1ull << 63, (1ull << 63) + SYS_CONS_WRITE, UINT64_MAX - SYS__COUNT };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 70)
		return rng_below(&rs, SYS__COUNT);
	if (r < 95)
		return PICK(v);
	return rng_next(&rs);
}

/* ---- boot ------------------------------------------------------------------------- */

static void random_vm_init(void)
{
	if (PCT(30))   /* a refused value first: user kernel slot or writable info slot */
		c_vm_init(rng_next(&rs) | 4, rng_next(&rs) & ~2ull);
	if (PCT(20))
		c_vm_init(rng_next(&rs) & ~4ull, rng_next(&rs) | 2);
	uint64_t k = PCT(70) ? (rng_below(&rs, NPAGES) << 12) | 3 : rng_next(&rs) & ~4ull;
	uint64_t i = PCT(70) ? (rng_below(&rs, NPAGES) << 12) | 5 | (1ull << 63)
			     : rng_next(&rs) & ~2ull;
	EXPECT_EQ(c_vm_init(k, i), E_OK);
}

static void random_boot_map(void)
{
	/* most of the pool free, some kernel, some left PG_NONE */
	for (ppn_t p = 0; p < POOL; p++) {
		unsigned r = (unsigned)rng_below(&rs, 100);
		know(p);
		if (r < 75)
			c_page_boot_mark(p, PG_FREE);
		else if (r < 90)
			c_page_boot_mark(p, PG_KERNEL);
	}
	know(NPAGES - 1);
	c_page_boot_mark(NPAGES - 1, PG_FREE);
	for (int i = 0; i < 8; i++) {
		ppn_t p = rng_below(&rs, NPAGES);
		know(p);
		c_page_boot_mark(p, PCT(50) ? PG_FREE : PG_KERNEL);
	}
}

/* RAM as the firmware leaves it: garbage in about half of the pool */
static void random_garbage(void)
{
	for (unsigned k = 0; k < n_known; k++)
		if (PCT(50))
			mem_fill_garbage(known[k], rng_next(&rs));
}

/* ---- one random call ---------------------------------------------------------------- */

/* one burst of calls that continue the sweep under way */
static void sweep_burst(unsigned max)
{
	unsigned n = 1 + (unsigned)rng_below(&rs, max);
	for (unsigned j = 0; j < n && M.sw_phase != SWEEP_IDLE; j++) {
		int32_t e = PCT(95) ? any_live() : slot_arg();
		if (e < 0)
			e = slot_arg();
		uint64_t k = PCT(40) ? pick_cap(cap_dead, e, rng_below(&rs, NCAP))
			   : PCT(80) ? pick_cap(cap_not_live, e, rng_below(&rs, NCAP))
			   : rng_below(&rs, NCAP);
		if (c_cap_revoke(e, k) == E_OK)
			break;
	}
}

/* the capability calls */
static void random_cap_call(unsigned r)
{
	if (r < 45) {                                   /* cap_grant */
		int32_t e = PCT(80) ? env_with(data_of) : slot_arg();
		uint64_t k = new_cap_slot(e);
		ppn_t p = PCT(80) ? pick_page(data_of, e, ppn_arg()) : hostile_page(e);
		c_cap_grant(e, k, p, holder_arg(e), rights_arg());
	} else if (r < 80) {                            /* cap_derive */
		int32_t e;
		uint64_t q;
		if (PCT(25) && (q = pick_cap(cap_doomed, -1, NCAP)) < NCAP) {
			e = M.cp_holder[q];
		} else {
			e = PCT(80) ? env_with_cap(cap_held) : slot_arg();
			unsigned w = (unsigned)rng_below(&rs, 100);
			q = w < 75 ? pick_cap(cap_held, e, rng_below(&rs, NCAP))
			  : w < 83 ? pick_cap(cap_live, e, rng_below(&rs, NCAP))
			  : w < 88 ? pick_cap(cap_dead, e, rng_below(&rs, NCAP))
			  : w < 92 ? rng_below(&rs, NCAP)
			  : hostile_cap(e);
		}
		uint64_t k = new_cap_slot(e);
		uint64_t rr = q < NCAP && M.cp_status[q] != CAP_FREE ? sub_rights_of(M.cp_rights[q])
								      : rights_arg();
		c_cap_derive(e, k, q, holder_arg(e), rr);
	} else if (r < 140) {                           /* cap_revoke */
		if (M.sw_phase != SWEEP_IDLE && PCT(65)) {
			sweep_burst(24);
			return;
		}
		unsigned w = (unsigned)rng_below(&rs, 100);
		unsigned how = (unsigned)rng_below(&rs, 3);
		uint64_t k = PCT(20) ? pick_cap(cap_doomed, -1, NCAP) : NCAP;
		if (k == NCAP && how == 2)
			k = pick_cap(cap_live_parent, -1, NCAP);
		if (k == NCAP)
			k = pick_cap(cap_live, -1, NCAP);
		int32_t e = -1;
		if (w < 60 && k < NCAP) {               /* someone MayRevoke allows */
			int32_t q = M.cp_parent[k];
			if (how == 2 && q != NO_CAP && M.cp_status[q] == CAP_LIVE)
				e = M.cp_holder[q];
			else if (how >= 1)
				e = M.cp_holder[k];
			else
				e = M.pg_owner[M.cp_page[k]];
		} else if (w < 75 && k < NCAP) {       /* anyone: mostly refused */
			e = any_live();
		} else if (w < 88) {                    /* a slot that is not live */
			e = slot_arg();
			k = pick_cap(cap_not_live, e, rng_below(&rs, NCAP));
		} else {
			e = slot_arg();
			k = PCT(50) ? hostile_cap(e) : rng_below(&rs, NCAP);
		}
		if (e < 0)
			e = slot_arg();
		c_cap_revoke(e, k);
	} else if (r < 200) {                           /* sys_pt_map_cap */
		int32_t e = PCT(85) ? env_to_map_cap() : slot_arg();
		if (m_live(e) && pick_page(leaf_of, e, NO_PAGE) == NO_PAGE && PCT(60)) {
			ppn_t t = inner_table(e);        /* no leaf table yet: grow one */
			c_sys_pt_link(e, t, index_in(t, 0), pick_page(is_free, e, ppn_arg()));
			return;
		}
		ppn_t t = table_arg(e, 1);
		uint64_t i = index_arg(t, 0, 0);
		unsigned w = (unsigned)rng_below(&rs, 100);
		uint64_t d = pick_cap(cap_doomed, -1, NCAP);
		if (d < NCAP && M.cp_bt[d] == NO_PAGE && PCT(40)) {   /* a doomed one */
			e = M.cp_holder[d];
			uint64_t j = free_leaf_entry(e, &t);
			if (j < NPTE) {
				c_sys_pt_map_cap(e, t, j, d, sub_rights_of(M.cp_rights[d]));
				return;
			}
		}
		uint64_t k = w < 65 ? pick_cap(cap_held_unmapped, e, new_cap_slot(e))
			   : w < 73 ? pick_cap(cap_held, e, new_cap_slot(e))
			   : w < 80 ? pick_cap(cap_live, e, new_cap_slot(e))
			   : w < 86 ? pick_cap(cap_dead, e, new_cap_slot(e))
			   : w < 93 ? rng_below(&rs, NCAP)
			   : hostile_cap(e);
		uint64_t perm = k < NCAP && PCT(75) ? sub_rights_of(M.cp_rights[k]) : perm_arg();
		c_sys_pt_map_cap(e, t, i, k, perm);
	} else if (r < 230) {                           /* sys_pt_view */
		int32_t e = PCT(85) ? env_with(leaf_of) : slot_arg();
		ppn_t t = table_arg(e, 1);
		uint64_t i = index_arg(t, 0, 0);
		unsigned w = (unsigned)rng_below(&rs, 100);
		ppn_t v = w < 20 ? pick_page(empty_unviewed_of, e, ppn_arg())
			: w < 60 ? pick_page(unviewed_table_of, e, ppn_arg())
			: w < 68 ? pick_page(viewed_table_of, e, ppn_arg())
			: w < 73 ? t
			: w < 80 ? pick_page(table_other, e, ppn_arg())
			: w < 85 ? pick_page(data_of, e, ppn_arg())
			: hostile_page(e);
		c_sys_pt_view(e, t, i, v);
	} else if (r < 250) {                           /* env_target */
		int32_t caller = any_live();
		if (caller < 0)
			return;
		envid_t id = id_arg();
		unsigned w = (unsigned)rng_below(&rs, 100);
		if (w < 35) {
			int32_t kids[NENV], n = 0;
			for (int32_t c = 0; c < NENV; c++)
				if (m_live(c) && M.ev_parent[c] == caller)
					kids[n++] = c;
			if (n) {
				int32_t c = kids[rng_below(&rs, (uint64_t)n)];
				id = (envid_t)((int64_t)M.ev_gen[c] * NENV + c);
			}
		} else if (w < 45) {
			id = TARGET_SELF;
		} else if (w < 55) {
			id = (envid_t)((int64_t)M.ev_gen[caller] * NENV + caller);
		}
		c_env_target(caller, id);
	} else if (r < 265) {                           /* cap_on_page */
		unsigned w = (unsigned)rng_below(&rs, 100);
		uint64_t k = w < 20 ? pick_cap(cap_doomed, -1, NCAP) : NCAP;
		if (k == NCAP)
			k = w < 40 ? pick_cap(cap_live, -1, NCAP)
			  : w < 55 ? pick_cap(cap_dead, -1, NCAP) : NCAP;
		ppn_t p = k < NCAP ? M.cp_page[k] : PCT(80) ? rng_below(&rs, POOL) : NPAGES - 1;
		c_cap_on_page(p < NPAGES ? p : 0);
	} else if (r < 271) {                           /* cap_kill_env */
		int32_t e = any_live();
		if (e >= 0)
			c_cap_kill_env(e);
	} else if (r < 274) {                           /* cap_table_init, when allowed */
		if (any_live() < 0)
			c_cap_table_init();
	} else if (r < 300) {                           /* a valid sharing chain */
		sharing_chain();
	} else if (r < 320) {                           /* prot of a cap mapping or view */
		int32_t e = env_with(leaf_of);
		ppn_t t = pick_page(leaf_of, e, NO_PAGE);
		if (t == NO_PAGE)
			return;
		uint64_t c[NPTE];
		unsigned n = 0;
		for (unsigned i = 0; i < NPTE; i++)
			if (m_entry_present(t, i) && m_entry_tag(t, i) != 0)
				c[n++] = i;
		uint64_t i = n ? c[rng_below(&rs, n)] : index_arg(t, 1, 0);
		c_sys_pt_prot(e, t, i, perm_arg());
	} else {                                        /* unmap of a cap mapping or view */
		int32_t e = env_with(leaf_of);
		ppn_t t = pick_page(leaf_of, e, NO_PAGE);
		if (t == NO_PAGE)
			return;
		uint64_t c[NPTE];
		unsigned n = 0;
		for (unsigned i = 0; i < NPTE; i++)
			if (m_entry_present(t, i) && m_entry_tag(t, i) != 0)
				c[n++] = i;
		uint64_t i = n ? c[rng_below(&rs, n)] : index_arg(t, 1, 0);
		c_sys_pt_unmap(e, t, i);
	}
}

static void random_call(void)
{
	unsigned r = (unsigned)rng_below(&rs, 1340);

	if (r >= 1000) {
		random_cap_call(r - 1000);
		return;
	}

	if (r < 2) {                                    /* rare: reboot */
		c_core_init();
		random_boot_map();
		random_vm_init();
		return;
	}
	if (r < 8) {                                    /* rare: Inv-preserving gen edit */
		int32_t s = valid_slot();
		if (M.ev_status[s] == ENV_FREE) {
			static const int32_t g[] = { GEN_MAX, GEN_MAX, GEN_MAX - 1, 1, 2 };
			poke_free_gen(s, PCT(90) ? PICK(g) : 1 + (int32_t)rng_below(&rs, GEN_MAX));
		}
		return;
	}
	if (r < 10) {                                   /* page_table_init, when allowed */
		if (any_live() < 0) {
			c_page_table_init();
			random_boot_map();
			return;
		}
		r = 10;
	}
	if (r < 14) {                                   /* vm_init, when no PML4 exists */
		int roots = 0;
		for (int32_t e = 0; e < NENV; e++)
			roots += M.ev_root[e] != NO_PAGE;
		if (!roots) {
			random_vm_init();
			return;
		}
		r = 14;
	}
	if (r < 34) {                                   /* a user store to a data page */
		ppn_t p = pick_page(any_data, -1, NO_PAGE);
		if (p != NO_PAGE) {
			unsigned n = 1 + (unsigned)rng_below(&rs, 8);
			for (unsigned k = 0; k < n; k++)
				mem_write(p, (unsigned)rng_below(&rs, NPTE), rng_next(&rs));
			return;
		}
		r = 34;
	}
	if (r < 60) {
		ppn_t p = ppn_arg();
		if (PCT(30)) {                          /* a page some env owns */
			int32_t e = any_live();
			if (e >= 0)
				p = pick_page(PCT(50) ? table_of : data_of, e, p);
		}
		know(p);
		c_page_boot_mark(p, PCT(75) ? (PCT(50) ? PG_FREE : PG_KERNEL)
				 : PICK(((const uint32_t[]){ PG_NONE, PG_USER, PG_PT1, PG_PT4,
						8, UINT32_MAX, 0x100 + PG_FREE })));
	} else if (r < 125) {
		int32_t slot = PCT(60) ? valid_slot() : slot_arg();
		int32_t parent = PCT(25) ? NO_ENV : slot_arg();
		envid_t id = c_env_create(slot, parent);
		if (id >= 0)
			remember_id(id);
	} else if (r < 150) {
		c_env_lookup(id_arg());
	} else if (r < 180) {
		int32_t e = slot_arg(), child = slot_arg();
		if (PCT(60) && m_valid_slot(e)) {       /* one of e's children */
			int32_t kids[NENV], n = 0;
			for (int32_t c = 0; c < NENV; c++)
				if (m_live(c) && M.ev_parent[c] == e)
					kids[n++] = c;
			if (n)
				child = kids[rng_below(&rs, (uint64_t)n)];
		}
		c_env_wait(e, child);
	} else if (r < 198) {
		int nlive = 0;
		for (int32_t c = 0; c < NENV; c++)
			nlive += m_live(c);
		int32_t e = PCT(70) ? live_with_root(1) : any_live();   /* requires Live(e) */
		if (e < 0)
			e = any_live();
		if (e >= 0 && (nlive > 3 || PCT(10))) {
			for (unsigned k = 0; k < n_known; k++)
				if (table_of(known[k], e))
					ghost[n_ghost++ % 64] = known[k];
			c_env_destroy(e);
		} else {
			int32_t s = valid_slot();
			remember_id(c_env_create(s, PCT(50) ? NO_ENV : slot_arg()));
			if (m_live(s) && M.ev_root[s] == NO_PAGE)
				c_vm_root_create(s, pick_page(is_free, s, ppn_arg()));
		}
	} else if (r < 225) {
		uint64_t va = va_arg_();
		c_user_range_ok(va, len_arg(va));
	} else if (r < 255) {
		uint64_t num = sysnum_arg();
		uint64_t a0, a1, a2;
		if (PCT(10)) {                          /* SYS_EXC_SETUP or SYS_IPC_ENTRY near their limits */
			num = PCT(50) ? SYS_EXC_SETUP : SYS_IPC_ENTRY;
			a0 = PCT(10) ? 0 : PCT(80) ? USER_BASE + rng_below(&rs, USER_TOP - USER_BASE)
					   : va_arg_();
			a1 = PCT(10) ? 0 : PCT(30) ? USER_BASE + EXC_FRAME_SIZE + rng_below(&rs, 64)
				   : PCT(40) ? USER_TOP - rng_below(&rs, 64)
				   : PCT(70) ? (USER_BASE + rng_below(&rs, USER_TOP - USER_BASE)) & ~15ull
				   : va_arg_();
			a2 = scalar_arg();
		} else if (PCT(8)) {                    /* the calls with one scalar check, in range */
			num = PICK(((const uint64_t[]){ SYS_EXIT, SYS_MOD_RUN, SYS_ENV_CREATE,
						       SYS_ENV_REGS, SYS_UPCALL_HOLD, SYS_ENV_ID }));
			a0 = rng_below(&rs, PCT(50) ? NENV : 256);
			a1 = USER_BASE + rng_below(&rs, USER_TOP - USER_BASE - PGSIZE);
			a2 = rng_below(&rs, 64);
		} else if (PCT(15)) {                   /* a buffer call: too long, bad pointer, good */
			num = PICK(((const uint64_t[]){ SYS_CONS_WRITE, SYS_CONS_READ,
						       SYS_MOD_NAME, SYS_MOD_READ }));
			uint64_t max = num == SYS_CONS_WRITE ? CONS_WRITE_MAX
				     : num == SYS_CONS_READ ? CONS_READ_MAX
				     : num == SYS_MOD_NAME ? MOD_NAME_MAX : MOD_READ_MAX;
			uint64_t shape = rng_below(&rs, 3);
			uint64_t len = shape == 0 ? max + 1 + rng_below(&rs, 1000) : rng_below(&rs, max + 1);
			uint64_t buf = shape == 1 ? (PCT(50) ? rng_below(&rs, USER_BASE)
							     : USER_TOP - rng_below(&rs, len + 1) + 1)
					 : USER_BASE + rng_below(&rs, USER_TOP - USER_BASE - max);
			uint64_t mod = rng_below(&rs, 300);
			if (num == SYS_CONS_WRITE || num == SYS_CONS_READ) {
				a0 = buf; a1 = len; a2 = scalar_arg();
			} else {
				a0 = mod; a1 = buf; a2 = len;
			}
		} else if (PCT(25)) {                   /* well-formed buffers */
			if (PCT(60))
				num = PICK(((const uint64_t[]){ SYS_CONS_WRITE, SYS_MOD_NAME,
							       SYS_EXIT, SYS_MOD_RUN,
							       SYS_ENV_CREATE, SYS_ENV_REGS,
							       SYS_CONS_READ, SYS_MOD_READ }));
			a0 = PCT(30) ? rng_below(&rs, PCT(50) ? NENV : 300)
				     : USER_BASE + rng_below(&rs, USER_TOP - USER_BASE - PGSIZE);
			a1 = PCT(50) ? rng_below(&rs, (num == SYS_CONS_READ ? CONS_READ_MAX
							  : CONS_WRITE_MAX) + 1)
				     : USER_BASE + rng_below(&rs, USER_TOP - USER_BASE - PGSIZE);
			a2 = rng_below(&rs, (num == SYS_MOD_READ ? MOD_READ_MAX : MOD_NAME_MAX) + 1);
		} else if (PCT(50)) {                   /* pointer-shaped arguments */
			a0 = va_arg_();
			a1 = PCT(50) ? len_arg(a0) : va_arg_();
			a2 = len_arg(a1);
		} else {
			a0 = scalar_arg();
			a1 = PCT(50) ? va_arg_() : scalar_arg();
			a2 = PCT(50) ? len_arg(a1) : scalar_arg();
		}
		c_syscall_check(num, a0, a1, a2);
	} else if (r < 320) {                           /* vm_root_create */
		int32_t e = PCT(65) ? live_with_root(0) : slot_arg();
		if (e < 0)
			e = slot_arg();
		c_vm_root_create(e, PCT(75) ? pick_page(is_free, e, ppn_arg()) : hostile_page(e));
	} else if (r < 420) {                           /* sys_page_alloc */
		int32_t e = slot_arg();
		c_sys_page_alloc(e, PCT(75) ? pick_page(is_free, e, ppn_arg()) : hostile_page(e));
	} else if (r < 480) {                           /* sys_page_free */
		int32_t e = PCT(50) ? env_with(data_of) : slot_arg();
		unsigned k = (unsigned)rng_below(&rs, 100);
		ppn_t p = k < 45 ? pick_page(unmapped_of, e, ppn_arg())
			: k < 52 ? pick_page(cap_named_of, e, ppn_arg())
			: k < 65 ? pick_page(mapped_of, e, ppn_arg())
			: k < 75 ? pick_page(table_of, e, ppn_arg())
			: k < 85 ? pick_page(data_other, e, ppn_arg())
			: hostile_page(e);
		c_sys_page_free(e, p);
	} else if (r < 630) {                           /* sys_pt_link */
		int32_t e = slot_arg();
		ppn_t t = table_arg(e, 0);
		uint64_t i = index_arg(t, 0, 1);
		c_sys_pt_link(e, t, i, PCT(78) ? pick_page(is_free, e, ppn_arg()) : hostile_page(e));
	} else if (r < 700) {                           /* sys_pt_unlink */
		int32_t e = PCT(50) ? env_with(PCT(50) ? pt2_of : pt3_of) : slot_arg();
		ppn_t t = table_arg(e, 0);
		uint64_t i = index_arg(t, 1, 1);
		if (PCT(40) && t < NPAGES && M.pg_type[t] >= PG_PT2) {   /* an empty child */
			for (unsigned k = 0; k < NPTE; k++)
				if (m_entry_kind(t, k) == MK_LINK &&
				    m_page_zero_p(m_entry_val(t, k)) && PCT(50)) {
					i = k;
					break;
				}
		}
		if (PCT(15)) {                          /* an empty child with a view */
			for (unsigned k = 0; k < n_known; k++) {
				ppn_t c = known[k];
				if (M.pg_type[c] >= PG_PT1 && M.pg_type[c] <= PG_PT3 &&
				    M.pg_vt[c] != NO_PAGE && m_page_zero_p(c) && PCT(50)) {
					e = M.pg_owner[c];
					t = M.pg_bt[c];
					i = M.pg_bi[c];
					break;
				}
			}
		}
		c_sys_pt_unlink(e, t, i);
	} else if (r < 860) {                           /* sys_pt_map */
		int32_t e = PCT(82) ? env_with(leaf_of) : slot_arg();
		if (m_live(e) && pick_page(leaf_of, e, NO_PAGE) == NO_PAGE && PCT(60)) {
			ppn_t t = inner_table(e);        /* no leaf table yet: grow one */
			c_sys_pt_link(e, t, index_in(t, 0), pick_page(is_free, e, ppn_arg()));
			return;
		}
		ppn_t t = table_arg(e, 1);
		uint64_t i = index_arg(t, 0, 0);
		unsigned k = (unsigned)rng_below(&rs, 100);
		ppn_t p = k < 65 ? pick_page(unmapped_of, e, ppn_arg())
			: k < 75 ? pick_page(mapped_of, e, ppn_arg())
			: k < 83 ? pick_page(data_other, e, ppn_arg())
			: hostile_page(e);
		c_sys_pt_map(e, t, i, p, perm_arg());
	} else if (r < 930) {                           /* sys_pt_unmap */
		int32_t e = PCT(82) ? env_with(leaf_of) : slot_arg();
		ppn_t t = table_arg(e, 1);
		c_sys_pt_unmap(e, t, index_arg(t, 1, 0));
	} else {                                        /* sys_pt_prot */
		int32_t e = PCT(82) ? env_with(leaf_of) : slot_arg();
		ppn_t t = table_arg(e, 1);
		c_sys_pt_prot(e, t, index_arg(t, 1, 0), perm_arg());
	}
}

static void note_tree_stats(void)
{
	unsigned long tables = 0, maps = 0, ncaps = 0, cmaps = 0;
	for (unsigned k = 0; k < n_known; k++) {
		ppn_t p = known[k];
		tables += M.pg_type[p] >= PG_PT1;
		maps += M.pg_type[p] == PG_USER && M.pg_bt[p] != NO_PAGE;
	}
	for (unsigned k = 0; k < NCAP; k++) {
		ncaps += M.cp_status[k] == CAP_LIVE;
		cmaps += M.cp_bt[k] != NO_PAGE;
	}
	if (tables > stat_max_tables)
		stat_max_tables = tables;
	if (maps > stat_max_maps)
		stat_max_maps = maps;
	if (ncaps > stat_max_caps)
		stat_max_caps = ncaps;
	if (cmaps > stat_max_cap_maps)
		stat_max_cap_maps = cmaps;
}

/* Finish the sweep under way, with some live env (creating one if there is
 * none: nobody else could continue it). */
static void finish_sweep(void)
{
	if (M.sw_phase == SWEEP_IDLE)
		return;
	int32_t e = any_live();
	if (e < 0) {
		for (e = 0; e < NENV && M.ev_status[e] != ENV_FREE; e++)
			;
		remember_id(c_env_create(e, NO_ENV));
	}
	unsigned n;
	/* any slot that is not live continues it (a DEAD one exists) */
	int r = c_cap_revoke_all(e, pick_cap(cap_not_live, e, 0), 4 * NCAP, &n);
	CHECK(r == E_OK, "finishing the sweep: cap_revoke -> %d after %u calls", r, n);
}

/* Revoke every live capability (by the owner of its page or the holder),
 * then finish the sweep; then every slot is FREE. */
static void revoke_everything(void)
{
	for (uint64_t k = 0; k < NCAP && cur_failures == 0; k++) {
		if (M.cp_status[k] != CAP_LIVE)
			continue;
		int32_t e = PCT(50) ? M.pg_owner[M.cp_page[k]] : M.cp_holder[k];
		int r = c_cap_revoke(e, k);
		CHECK(r == E_OK || r == E_AGAIN, "revoking cap %llu: cap_revoke -> %d",
		      (unsigned long long)k, r);
	}
	finish_sweep();
	for (uint64_t k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE) {
			failf("cap %llu not FREE after revoking everything",
			      (unsigned long long)k);
			break;
		}
	CHECK(sweep.phase == SWEEP_IDLE, "sweep not idle after revoking everything");
}

static void batch(unsigned ncalls)
{
	n_ids = 0;
	n_ghost = 0;
	focus = -1;
	for (unsigned k = 0; k < n_known; k++)
		is_known[known[k]] = 0;
	n_known = 0;
	mem_reset();
	c_core_init();
	random_boot_map();
	random_garbage();
	random_vm_init();
	int32_t first = (int32_t)rng_below(&rs, 4);  /* a few envs to start with, */
	for (int32_t k = 0; k < 4; k++) {            /* the others children of one */
		int32_t e = (first + k) % 4;
		remember_id(c_env_create(e, k ? first : NO_ENV));
		if (k < 3)
			c_vm_root_create(e, pick_page(is_free, e, 0));
	}
	for (unsigned i = 0; i < ncalls && cur_failures == 0; i++) {
		size_t len = 0;
		while (cur_ctx[len] && cur_ctx[len] != '#')
			len++;
		snprintf(cur_ctx + len, sizeof cur_ctx - len, "#%u", i);
		random_call();
		if (i % 50 == 49) {
			check_accounting("during the batch");
			note_tree_stats();
		}
	}
	if (cur_failures)
		return;
	size_t len = 0;
	while (cur_ctx[len] && cur_ctx[len] != '#')
		len++;
	snprintf(cur_ctx + len, sizeof cur_ctx - len, "#end");
	/* tear down: every capability is revoked and every env goes, with its
	 * trees; all RAM is free again and every capability slot FREE */
	check_accounting("at the end of the batch");
	note_tree_stats();
	if (PCT(50)) {
		/* revoke everything first, then destroy */
		revoke_everything();
		for (int32_t e = 0; e < NENV; e++)
			if (m_live(e))
				c_env_destroy(e);
	} else {
		/* destroy all envs but one with their capabilities live (and
		 * maybe a sweep under way); the last one finishes the sweep,
		 * revokes what is left, and goes too */
		int32_t last = any_live();
		for (int32_t e = 0; e < NENV; e++)
			if (m_live(e) && e != last)
				c_env_destroy(e);
		revoke_everything();
		for (int32_t e = 0; e < NENV; e++)
			if (m_live(e))
				c_env_destroy(e);
	}
	check_accounting("after destroying every env");
	CHECK(sweep.phase == SWEEP_IDLE, "sweep not idle after the teardown");
	for (uint64_t k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE) {
			failf("cap %llu not FREE after the teardown", (unsigned long long)k);
			break;
		}
	long nfree = 0;
	for (long p = 0; p < NPAGES; p++) {
		nfree += pages[p].type == PG_FREE;
		if (pages[p].bind_table != NO_PAGE || pages[p].owner != NO_OWNER ||
		    pages[p].view_table != NO_PAGE) {
			failf("page %ld still owned or bound after every env is gone", p);
			break;
		}
	}
	CHECK(nfree == ram_pages, "%ld FREE pages after every env is gone, boot RAM is %ld",
	      nfree, ram_pages);
	mem_full_check();
}

void random_batch(uint64_t seed, unsigned ncalls)
{
	random_batch_bytes(seed, NULL, 0, ncalls);
}

size_t random_batch_bytes(uint64_t seed, const uint8_t *in, size_t len, unsigned ncalls)
{
	rs = seed;
	src_open(&in_src, in, len);
	batch(ncalls);
	return src_close(&in_src);
}
