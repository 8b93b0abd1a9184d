// SPDX-License-Identifier: MIT
/*
 * Reference model: the intended semantics of kernel/core, re-derived from
 * the ACSL behaviors (which are complete and disjoint, so the order of the
 * tests below is the order in which the header comments list the errors).
 * Where a contract leaves a detail open (env_destroy only says "a new
 * generation"), the model follows the documented intent (types.h: GEN_MAX
 * wraps back to 1) and keeps every field not mentioned unchanged.
 */
#include "model.h"

struct model M;

/* ---- predicates (spec/page.acsl, spec/env.acsl) ------------------------ */

int m_valid_slot(int64_t e)   { return 0 <= e && e < NENV; }
int m_valid_ppn(uint64_t p)   { return p < (uint64_t)NPAGES; }
int m_owned_type(uint64_t t)  { return t == PG_USER || t == PG_PT; }

int m_live(int64_t e)
{
	return m_valid_slot(e) && M.ev_status[e] != ENV_FREE;
}

int m_owned_by(uint64_t p, int64_t e)
{
	return m_valid_ppn(p) && M.pg_owner[p] == e && m_owned_type(M.pg_type[p]);
}

static int m_page_free(uint64_t p)
{
	return m_valid_ppn(p) && M.pg_type[p] == PG_FREE;
}

/* ---- boot ---------------------------------------------------------------- */

void m_page_table_init(void)
{
	for (uint64_t p = 0; p < NPAGES; p++) {
		M.pg_type[p] = PG_NONE;
		M.pg_owner[p] = NO_OWNER;
	}
}

void m_core_init(void)
{
	for (int e = 0; e < NENV; e++) {
		M.ev_status[e] = ENV_FREE;
		M.ev_gen[e] = 1;
		M.ev_parent[e] = NO_ENV;
		M.ev_wait[e] = NO_ENV;
		M.ev_root[e] = NO_PAGE;
	}
	m_page_table_init();
}

/* ---- pages (kernel/core/page.h) ------------------------------------------ */

int m_page_boot_mark(uint64_t p, uint32_t type)
{
	if (!m_valid_ppn(p))                                /* range    */
		return E_RANGE;
	if (type != PG_FREE && type != PG_KERNEL)           /* bad_type */
		return E_INVAL;
	if (m_owned_type(M.pg_type[p]))                     /* owned    */
		return E_BUSY;
	M.pg_type[p] = (uint8_t)type;                       /* ok       */
	M.pg_owner[p] = NO_OWNER;
	return E_OK;
}

int m_page_claim(int32_t e, uint64_t p, uint32_t type)
{
	if (!m_live(e) || !m_owned_type(type))              /* bad_arg  */
		return E_INVAL;
	if (!m_valid_ppn(p))                                /* range    */
		return E_RANGE;
	if (M.pg_type[p] == PG_NONE || M.pg_type[p] == PG_KERNEL)
		return E_RESERVED;                          /* reserved */
	if (m_owned_type(M.pg_type[p]))                     /* busy     */
		return E_BUSY;
	/* ok: PageFree(p) is all that is left of a valid page type */
	if (!m_page_free(p))
		return -1000;  /* unreachable under Inv; flags a broken state */
	M.pg_owner[p] = e;
	M.pg_type[p] = (uint8_t)type;
	return E_OK;
}

int m_page_release(int32_t e, uint64_t p)
{
	if (!m_live(e))                                     /* bad_env   */
		return E_INVAL;
	if (!m_valid_ppn(p))                                /* range     */
		return E_RANGE;
	if (!m_owned_by(p, e))                              /* not_owner */
		return E_PERM;
	if (M.ev_root[e] == p)                              /* root      */
		return E_BUSY;
	M.pg_owner[p] = NO_OWNER;                           /* ok        */
	M.pg_type[p] = PG_FREE;
	return E_OK;
}

/* ---- environments (kernel/core/env.h) ------------------------------------ */

int32_t m_env_create(int32_t slot, int32_t parent)
{
	if (!m_valid_slot(slot) || (parent != NO_ENV && !m_live(parent)))
		return E_INVAL;                             /* bad_arg */
	if (M.ev_status[slot] != ENV_FREE)                  /* busy    */
		return E_BUSY;
	M.ev_status[slot] = ENV_RUNNABLE;                   /* ok      */
	M.ev_parent[slot] = parent;
	M.ev_wait[slot] = NO_ENV;
	M.ev_root[slot] = NO_PAGE;
	int64_t id = (int64_t)M.ev_gen[slot] * NENV + slot;  /* EnvId(slot) */
	return (int32_t)id;
}

int m_env_set_root(int32_t e, uint64_t p)
{
	if (!m_live(e))                                     /* bad_env */
		return E_INVAL;
	if (!m_valid_ppn(p))                                /* range   */
		return E_RANGE;
	if (!(m_owned_by(p, e) && M.pg_type[p] == PG_PT))   /* perm    */
		return E_PERM;
	if (M.ev_root[e] != NO_PAGE)                        /* busy    */
		return E_BUSY;
	M.ev_root[e] = p;                                   /* ok      */
	return E_OK;
}

int32_t m_env_lookup(int32_t id32)
{
	int64_t id = id32;
	if (id < NENV || id >= ((int64_t)GEN_MAX + 1) * NENV)   /* malformed */
		return E_INVAL;
	int64_t slot = id % NENV, gen = id / NENV;
	if (M.ev_status[slot] == ENV_FREE || M.ev_gen[slot] != gen)
		return E_STALE;                                 /* stale */
	return (int32_t)slot;                                   /* ok    */
}

int m_env_wait(int32_t e, int32_t child)
{
	if (!m_valid_slot(e) || M.ev_status[e] != ENV_RUNNABLE || !m_live(child))
		return E_INVAL;                             /* bad_arg */
	if (M.ev_parent[child] != e)                        /* perm    */
		return E_PERM;
	M.ev_status[e] = ENV_WAITING;                       /* ok      */
	M.ev_wait[e] = child;
	return E_OK;
}

/* requires Live(e) */
int32_t m_env_destroy(int32_t e)
{
	int32_t par = M.ev_parent[e];
	int32_t result = NO_ENV;

	/* wakes_parent / nobody_waits */
	if (m_live(par) && M.ev_status[par] == ENV_WAITING && M.ev_wait[par] == e) {
		M.ev_status[par] = ENV_RUNNABLE;
		M.ev_wait[par] = NO_ENV;     /* EnvOk: not waiting => NO_ENV */
		result = par;
	}
	/* freed / no_pages / others_pages */
	for (uint64_t p = 0; p < NPAGES; p++) {
		if (M.pg_owner[p] == e) {
			M.pg_owner[p] = NO_OWNER;
			M.pg_type[p] = PG_FREE;
		}
	}
	/* no_children: orphans keep everything but their parent */
	for (int c = 0; c < NENV; c++)
		if (M.ev_parent[c] == e)
			M.ev_parent[c] = NO_ENV;
	/* dead + EnvOk for a free slot; new_gen wraps after GEN_MAX */
	M.ev_status[e] = ENV_FREE;
	M.ev_parent[e] = NO_ENV;
	M.ev_wait[e] = NO_ENV;
	M.ev_root[e] = NO_PAGE;
	M.ev_gen[e] = M.ev_gen[e] >= GEN_MAX ? 1 : M.ev_gen[e] + 1;
	return result;
}

/* ---- system-call checks (kernel/core/syscall.h) -------------------------- */

int m_user_range_ok(uint64_t va, uint64_t len)
{
	/* UserRange(va, len) in mathematical integers */
	unsigned __int128 end = (unsigned __int128)va + len;
	return USER_BASE <= va && end <= (unsigned __int128)USER_TOP;
}

int m_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2)
{
	if (num >= SYS__COUNT)                              /* unknown */
		return E_NOSYS;
	if (num == SYS_CONS_WRITE) {
		if (a1 > CONS_WRITE_MAX)
			return E_INVAL;
		return m_user_range_ok(a0, a1) ? E_OK : E_FAULT;
	}
	if (num == SYS_EXIT)
		return a0 > 255 ? E_INVAL : E_OK;
	if (num == SYS_ENV_ID || num == SYS_TICKS)
		return E_OK;
	if (num == SYS_MOD_RUN)
		return a0 >= NENV ? E_INVAL : E_OK;
	if (num == SYS_MOD_NAME) {
		if (a2 > MOD_NAME_MAX)
			return E_INVAL;
		return m_user_range_ok(a1, a2) ? E_OK : E_FAULT;
	}
	return -1000;   /* a number below SYS__COUNT the contract does not cover */
}
