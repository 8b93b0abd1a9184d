// SPDX-License-Identifier: MIT
/*
 * Random-sequence tests.  A batch boots a random memory map, then makes
 * `ncalls` random calls, each through a checked wrapper (model comparison
 * of result and whole state, Inv, failing calls change nothing).  Arguments
 * are drawn with a heavy share of invalid and hostile values, but a
 * function is only called when its ACSL `requires` holds: env_destroy only
 * on a live env, page_table_init only when no env is live, and Inv itself is
 * established by the previous checked call.
 */
#include <stdio.h>
#include "harness.h"

#define POOL 128               /* most page numbers come from [0, POOL) */
#define HOT_SLOTS 12           /* most slot numbers come from [0, HOT_SLOTS) */

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

/* ---- argument generators ----------------------------------------------------- */

static int32_t any_live(void)
{
	int32_t live[NENV], n = 0;
	for (int32_t e = 0; e < NENV; e++)
		if (m_live(e))
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

/* a slot argument: mostly live, sometimes free, sometimes out of range */
static int32_t slot_arg(void)
{
	if (PCT(70)) {
		int32_t e = any_live();
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
		(uint64_t)INT32_MAX + 1, 0xffffffffull };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 65)
		return rng_below(&rs, POOL);
	if (r < 70)
		return NPAGES - 1 - rng_below(&rs, 2);
	if (r < 74)
		return rng_below(&rs, NPAGES);
	if (r < 80)   /* aliases a pool page when truncated to 32 or 15 bits */
		return ((rng_below(&rs, 4) + 1) << (PCT(50) ? 32 : 15)) + rng_below(&rs, POOL);
	if (r < 95)
		return PICK(v);
	return rng_next(&rs);
}

static uint32_t type_arg(void)
{
	static const uint32_t v[] = { PG_NONE, PG_FREE, PG_KERNEL, 5, 6, UINT32_MAX,
		0x100 + PG_USER, 0x100 + PG_PT, 0x80000000u + PG_USER };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 45)
		return PG_USER;
	if (r < 80)
		return PG_PT;
	if (r < 95)
		return PICK(v);
	return (uint32_t)rng_next(&rs);
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
		1ull << 32, (1ull << 32) + SYS_EXIT, (1ull << 32) + SYS_MOD_RUN,
		1ull << 63, (1ull << 63) + SYS_CONS_WRITE, UINT64_MAX - SYS__COUNT };
	unsigned r = (unsigned)rng_below(&rs, 100);
	if (r < 70)
		return rng_below(&rs, SYS__COUNT);
	if (r < 95)
		return PICK(v);
	return rng_next(&rs);
}

/* a pool page owned by e (of type `type` unless 0), else `dflt` */
static ppn_t owned_page(int32_t e, uint32_t type, ppn_t dflt)
{
	ppn_t mine[POOL];
	unsigned n = 0;
	for (ppn_t q = 0; q < POOL; q++)
		if (M.pg_owner[q] == e && (!type || M.pg_type[q] == type))
			mine[n++] = q;
	return n ? mine[rng_below(&rs, n)] : dflt;
}

/* ---- boot ------------------------------------------------------------------------- */

static void random_boot_map(void)
{
	/* most of the pool free, some kernel, some left PG_NONE */
	for (ppn_t p = 0; p < POOL; p++) {
		unsigned r = (unsigned)rng_below(&rs, 100);
		if (r < 75)
			c_page_boot_mark(p, PG_FREE);
		else if (r < 90)
			c_page_boot_mark(p, PG_KERNEL);
	}
	c_page_boot_mark(NPAGES - 1, PG_FREE);
	for (int i = 0; i < 8; i++)
		c_page_boot_mark(rng_below(&rs, NPAGES), PCT(50) ? PG_FREE : PG_KERNEL);
}

/* ---- one random call ---------------------------------------------------------------- */

static void random_call(void)
{
	unsigned r = (unsigned)rng_below(&rs, 1000);

	if (r < 2) {                                    /* rare: reboot */
		c_core_init();
		random_boot_map();
		return;
	}
	if (r < 12) {                                   /* rare: Inv-preserving gen edit */
		int32_t s = valid_slot();
		if (M.ev_status[s] == ENV_FREE) {
			static const int32_t g[] = { GEN_MAX, GEN_MAX, GEN_MAX - 1, 1, 2 };
			poke_free_gen(s, PCT(90) ? PICK(g) : 1 + (int32_t)rng_below(&rs, GEN_MAX));
		}
		return;
	}
	if (r < 14) {                                   /* page_table_init, when allowed */
		if (any_live() < 0) {
			c_page_table_init();
			random_boot_map();
			return;
		}
		r = 14;
	}
	if (r < 50) {
		ppn_t p = ppn_arg();
		if (PCT(20)) {                          /* a page some env owns */
			int32_t e = any_live();
			if (e >= 0)
				p = owned_page(e, 0, p);
		}
		c_page_boot_mark(p, PCT(70) ? (PCT(50) ? PG_FREE : PG_KERNEL) : type_arg());
	} else if (r < 230) {
		c_page_claim(slot_arg(), ppn_arg(), type_arg());
	} else if (r < 340) {
		int32_t e = slot_arg();
		ppn_t p = ppn_arg();
		if (PCT(50) && m_valid_slot(e)) {      /* a page e owns, maybe its root */
			if (PCT(25) && M.ev_root[e] != NO_PAGE)
				p = M.ev_root[e];
			else
				p = owned_page(e, 0, p);
		}
		c_page_release(e, p);
	} else if (r < 450) {
		int32_t slot = PCT(60) ? valid_slot() : slot_arg();
		int32_t parent = PCT(25) ? NO_ENV : slot_arg();
		envid_t id = c_env_create(slot, parent);
		if (id >= 0)
			remember_id(id);
	} else if (r < 530) {
		int32_t e = slot_arg();
		ppn_t p = ppn_arg();
		if (PCT(50)) {                          /* a live env without a root */
			int32_t f = any_live();
			if (f >= 0 && M.ev_root[f] == NO_PAGE)
				e = f;
		}
		if (PCT(60) && m_valid_slot(e))        /* a PT page e owns */
			p = owned_page(e, PG_PT, p);
		c_env_set_root(e, p);
	} else if (r < 630) {
		c_env_lookup(id_arg());
	} else if (r < 710) {
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
	} else if (r < 750) {
		int32_t e = any_live();                 /* requires Live(e) */
		if (e >= 0)
			c_env_destroy(e);
		else
			remember_id(c_env_create(valid_slot(), NO_ENV));
	} else if (r < 850) {
		uint64_t va = va_arg_();
		c_user_range_ok(va, len_arg(va));
	} else {
		uint64_t num = sysnum_arg();
		uint64_t a0, a1, a2;
		if (PCT(50)) {                          /* pointer-shaped arguments */
			a0 = va_arg_();
			a1 = PCT(50) ? len_arg(a0) : va_arg_();
			a2 = len_arg(a1);
		} else {
			a0 = scalar_arg();
			a1 = PCT(50) ? va_arg_() : scalar_arg();
			a2 = PCT(50) ? len_arg(a1) : scalar_arg();
		}
		c_syscall_check(num, a0, a1, a2);
	}
}

void random_batch(uint64_t seed, unsigned ncalls)
{
	rs = seed;
	n_ids = 0;
	c_core_init();
	random_boot_map();
	for (unsigned i = 0; i < ncalls && cur_failures == 0; i++) {
		size_t len = 0;
		while (cur_ctx[len] && cur_ctx[len] != '#')
			len++;
		snprintf(cur_ctx + len, sizeof cur_ctx - len, "#%u", i);
		random_call();
	}
}
