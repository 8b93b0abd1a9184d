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
 * destroy.  A function is only called when its `requires` holds:
 * env_destroy on a live env, page_table_init when no env is live, vm_init
 * when no PML4 exists; Inv itself is established by the previous call.
 * Every 50 calls and at the end the page accounting is checked; at the end
 * every env is destroyed and all RAM must be free again.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define POOL 160               /* most page numbers come from [0, POOL) */
#define HOT_SLOTS 10           /* most slot numbers come from [0, HOT_SLOTS) */
#define MAXKNOWN 512

static uint64_t rs;            /* PRNG state of the batch */

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

static void random_call(void)
{
	unsigned r = (unsigned)rng_below(&rs, 1000);

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
		if (PCT(25)) {                          /* well-formed buffers */
			if (PCT(60))
				num = PICK(((const uint64_t[]){ SYS_CONS_WRITE, SYS_MOD_NAME,
							       SYS_EXIT, SYS_MOD_RUN }));
			a0 = PCT(30) ? rng_below(&rs, PCT(50) ? NENV : 300)
				     : USER_BASE + rng_below(&rs, USER_TOP - USER_BASE - PGSIZE);
			a1 = PCT(50) ? rng_below(&rs, CONS_WRITE_MAX + 1)
				     : USER_BASE + rng_below(&rs, USER_TOP - USER_BASE - PGSIZE);
			a2 = rng_below(&rs, MOD_NAME_MAX + 1);
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
		ppn_t p = k < 50 ? pick_page(unmapped_of, e, ppn_arg())
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
	unsigned long tables = 0, maps = 0;
	for (unsigned k = 0; k < n_known; k++) {
		ppn_t p = known[k];
		tables += M.pg_type[p] >= PG_PT1;
		maps += M.pg_type[p] == PG_USER && M.pg_bt[p] != NO_PAGE;
	}
	if (tables > stat_max_tables)
		stat_max_tables = tables;
	if (maps > stat_max_maps)
		stat_max_maps = maps;
}

void random_batch(uint64_t seed, unsigned ncalls)
{
	rs = seed;
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
	/* tear down: every env goes, with its trees; all RAM is free again */
	check_accounting("at the end of the batch");
	for (int32_t e = 0; e < NENV; e++)
		if (m_live(e))
			c_env_destroy(e);
	check_accounting("after destroying every env");
	long nfree = 0;
	for (long p = 0; p < NPAGES; p++) {
		nfree += pages[p].type == PG_FREE;
		if (pages[p].bind_table != NO_PAGE || pages[p].owner != NO_OWNER) {
			failf("page %ld still owned or bound after every env is gone", p);
			break;
		}
	}
	CHECK(nfree == ram_pages, "%ld FREE pages after every env is gone, boot RAM is %ld",
	      nfree, ram_pages);
	mem_full_check();
}
