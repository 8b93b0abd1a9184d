// SPDX-License-Identifier: MIT
/*
 * Reference model: the intended semantics of kernel/core, re-derived from
 * the ACSL contracts.  Every operation lists the behaviors of its contract
 * with their `assumes` written out literally (in C, && short-circuits, so
 * an array is only indexed after the range test that precedes it in the
 * ACSL conjunction), picks the one that holds, and applies its ensures and
 * assigns.  Where a contract leaves a detail open (env_destroy only says
 * "a new generation", core_init only that the slots satisfy SlotsOk) the
 * model follows the documented intent (GEN_MAX wraps back to 1; core_init
 * resets the slots to 0; PERM_X means executable; the revocation sweep of
 * uapi/cap.h, see model.h) and keeps every location not assigned unchanged.
 */
#include <stdio.h>
#include <string.h>
#include "model.h"
#include "syscall.h"   /* UREGS_SIZE, EXC_FRAME_SIZE: constants only */

struct model M;
const char *m_behavior = "?";
struct m_revstats m_rev;
static struct mpage mem[M_MAXMEM];

#define T(p)  (M.pg_type[(p)])
#define N(b)  ((int)(sizeof(b) / sizeof((b)[0])))

/* ---- spec/pte.acsl ------------------------------------------------------ */

int      m_pte_p(uint64_t x)    { return x % 2 == 1; }
int      m_pte_w(uint64_t x)    { return (x / 2) % 2 == 1; }
int      m_pte_u(uint64_t x)    { return (x / 4) % 2 == 1; }
int      m_pte_ps(uint64_t x)   { return (x / 128) % 2 == 1; }
int      m_pte_nx(uint64_t x)   { return x >= 0x8000000000000000ull; }
uint64_t m_pte_addr(uint64_t x) { return (x / 4096) % 0x10000000000ull; }
uint64_t m_pte_tag(uint64_t x)  { return (x / 0x10000000000000ull) % 2048; }

/* ---- spec/page.acsl, spec/env.acsl, vm.h -------------------------------- */

int m_valid_slot(int64_t e)   { return 0 <= e && e < NENV; }
int m_valid_ppn(uint64_t p)   { return p < (uint64_t)NPAGES; }
int m_owned_type(uint64_t t)  { return PG_USER <= t && t <= PG_PT4; }
int m_table_type(uint64_t t)  { return PG_PT1 <= t && t <= PG_PT4; }

int m_live(int64_t e)
{
	return m_valid_slot(e) && M.ev_status[e] != ENV_FREE;
}

static int m_page_free(uint64_t p)
{
	return m_valid_ppn(p) && T(p) == PG_FREE;
}

int m_table_of(int64_t e, uint64_t t)
{
	return m_valid_ppn(t) && M.pg_owner[t] == e && m_table_type(T(t));
}

static int m_kernel_slot(uint64_t t, uint64_t i)
{
	return T(t) == PG_PT4 && (i == 0 || i >= PML4_INFO);
}

/* ---- spec/cap.acsl, cap.h -------------------------------------------------- */

int m_valid_cap(uint64_t k)  { return k < NCAP; }

int m_sub_rights(uint64_t a, uint64_t b)
{
	return a <= PERM_ALL && b <= PERM_ALL && a % 2 <= b % 2 && a / 2 <= b / 2;
}

/* Doomed(k), for a valid k (a parent out of range is never DEAD here) */
int m_doomed(uint64_t k)
{
	int32_t q = M.cp_parent[k];
	return M.cp_status[k] == CAP_LIVE && q != NO_CAP && q >= 0 && q < NCAP &&
	       M.cp_status[q] == CAP_DEAD;
}

int m_no_cap_on(uint64_t p)
{
	for (unsigned k = 0; k < NCAP; k++)
		if (M.cp_status[k] == CAP_LIVE && M.cp_page[k] == p)
			return 0;
	return 1;
}

/* MayRevoke(e, k), for a live k */
int m_may_revoke(int64_t e, uint64_t k)
{
	int32_t q = M.cp_parent[k];
	uint64_t p = M.cp_page[k];
	return (m_valid_ppn(p) && M.pg_owner[p] == e) || M.cp_holder[k] == e ||
	       (q != NO_CAP && q >= 0 && q < NCAP && M.cp_status[q] == CAP_LIVE &&
		M.cp_holder[q] == e);
}

/* ---- behavior selection -------------------------------------------------- */

struct beh { const char *name; int holds; };

/* index of the one behavior that holds, or -1 (and a note in m_behavior) */
static int choose(const struct beh *b, int n)
{
	int k = -1, cnt = 0;
	for (int j = 0; j < n; j++)
		if (b[j].holds) {
			cnt++;
			k = j;
		}
	if (cnt != 1) {
		m_behavior = cnt ? "<behaviors not disjoint>" : "<behaviors not complete>";
		return -1;
	}
	m_behavior = b[k].name;
	return k;
}

/* ---- page contents ------------------------------------------------------- */

static const struct mpage *mp(uint64_t p)
{
	return M.mem_idx[p] ? &mem[M.mem_idx[p] - 1] : NULL;
}

static struct mpage *mp_w(uint64_t p)
{
	static struct mpage sink;
	if (!M.mem_idx[p]) {
		if (M.mem_n >= M_MAXMEM) {
			M.mem_overflow = 1;
			return &sink;
		}
		memset(&mem[M.mem_n], 0, sizeof mem[0]);
		M.mem_idx[p] = ++M.mem_n;
	}
	return &mem[M.mem_idx[p] - 1];
}

void m_mem_reset(void)
{
	memset(M.mem_idx, 0, sizeof M.mem_idx);
	M.mem_n = 0;
	M.mem_overflow = 0;
}

int m_entry_kind(uint64_t p, unsigned i)
{
	const struct mpage *m = mp(p);
	return m ? m->kind[i] : MK_RAW;
}

uint64_t m_entry_val(uint64_t p, unsigned i)
{
	const struct mpage *m = mp(p);
	return m ? m->val[i] : 0;
}

int m_entry_present(uint64_t p, unsigned i)
{
	return m_entry_kind(p, i) == MK_RAW ? m_pte_p(m_entry_val(p, i)) : 1;
}

int m_entry_nonzero(uint64_t p, unsigned i)
{
	return m_entry_kind(p, i) == MK_RAW ? m_entry_val(p, i) != 0 : 1;
}

uint64_t m_entry_addr(uint64_t p, unsigned i)
{
	return m_entry_kind(p, i) == MK_RAW ? m_pte_addr(m_entry_val(p, i)) : m_entry_val(p, i);
}

uint64_t m_entry_tag(uint64_t p, unsigned i)
{
	int k = m_entry_kind(p, i);
	if (k == MK_RAW)
		return m_pte_tag(m_entry_val(p, i));
	return k == MK_LINK ? 0 : mp(p)->tag[i];
}

int m_page_zero_p(uint64_t p)
{
	if (!m_valid_ppn(p))
		return 1;
	for (unsigned i = 0; i < NPTE; i++)
		if (m_entry_nonzero(p, i))
			return 0;
	return 1;
}

static void set_entry_tag(uint64_t p, unsigned i, int kind, uint64_t val, uint64_t tag)
{
	if (!M.mem_idx[p] && kind == MK_RAW && val == 0)
		return;                         /* untouched pages are zero already */
	struct mpage *m = mp_w(p);
	m->kind[i] = (uint8_t)kind;
	m->val[i] = val;
	m->tag[i] = (uint16_t)tag;
}

static void set_entry(uint64_t p, unsigned i, int kind, uint64_t val)
{
	set_entry_tag(p, i, kind, val, 0);
}

void m_poke(uint64_t p, unsigned i, uint64_t v)
{
	set_entry(p, i, MK_RAW, v);
}

static void zero_page(uint64_t p)
{
	if (M.mem_idx[p]) {
		struct mpage *m = mp_w(p);
		memset(m, 0, sizeof *m);
	}
}

int m_entry_accepts(uint64_t p, unsigned i, uint64_t raw, char *why, unsigned n)
{
	int k = m_entry_kind(p, i);
	uint64_t v = m_entry_val(p, i);
	const char *bad = NULL;

	if (k == MK_RAW) {
		if (raw != v) {
			snprintf(why, n, "expected exactly %#llx", (unsigned long long)v);
			return 0;
		}
		return 1;
	}
	/* EntryOk + pte_link / pte_leaf ensures */
	if (!m_pte_p(raw))
		bad = "not present";
	else if (!m_pte_u(raw))
		bad = "not user";
	else if (m_pte_ps(raw))
		bad = "large page bit set";
	else if (m_pte_addr(raw) != v)
		bad = "wrong address";
	else if (k == MK_LINK && !m_pte_w(raw))
		bad = "link not writable";
	else if (k == MK_LINK && m_pte_tag(raw) != 0)
		bad = "link with a tag (pte_link ensures PteTag == 0)";
	else if (k >= MK_LEAF && m_pte_tag(raw) != mp(p)->tag[i])
		bad = "wrong tag";
	else if (k >= MK_LEAF) {
		uint64_t perm = (uint64_t)(k - MK_LEAF);
		if (m_pte_w(raw) != (perm == PERM_W || perm == PERM_ALL))
			bad = "W bit does not match perm";
		else if (m_pte_nx(raw) != (perm == 0 || perm == PERM_W))
			bad = "NX bit does not match perm (pte_leaf contract, PERM_X doc)";
	}
	if (bad) {
		if (k == MK_LINK)
			snprintf(why, n, "expected LINK(%llu): %s", (unsigned long long)v, bad);
		else
			snprintf(why, n, "expected LEAF(%llu, perm %d, tag %u): %s",
				 (unsigned long long)v, k - MK_LEAF, (unsigned)mp(p)->tag[i], bad);
		return 0;
	}
	return 1;
}

/* ---- boot ---------------------------------------------------------------- */

void m_page_table_init(void)
{
	m_behavior = "-";
	for (uint64_t p = 0; p < NPAGES; p++) {
		T(p) = PG_NONE;
		M.pg_owner[p] = NO_OWNER;
		M.pg_bt[p] = NO_PAGE;
		M.pg_bi[p] = M_BI_UNKNOWN;
		M.pg_vt[p] = NO_PAGE;
		M.pg_vi[p] = M_BI_UNKNOWN;
	}
}

/* the slot as the sweep and cap_table_init leave it: FREE, unbound, the
 * rest unknown (kept, but never compared) */
static void cap_free_slot(unsigned k)
{
	M.cp_status[k] = CAP_FREE;
	M.cp_bt[k] = NO_PAGE;
	M.cp_bi[k] = M_BI_UNKNOWN;
	M.cp_rev[k] = 0;
}

void m_cap_table_init(void)
{
	m_behavior = "-";
	for (unsigned k = 0; k < NCAP; k++)
		cap_free_slot(k);
	M.sw_phase = SWEEP_IDLE;
	M.sw_cursor = 0;
	M.sw_changed = 0;
}

void m_core_init(void)
{
	for (int e = 0; e < NENV; e++) {
		M.ev_status[e] = ENV_FREE;
		M.ev_gen[e] = 1;
		M.ev_parent[e] = NO_ENV;
		M.ev_wait[e] = NO_ENV;
		M.ev_root[e] = NO_PAGE;
		M.ev_npages[e] = 0;          /* CountsOk, nobody owns a page */
	}
	M.kslot = 0;
	M.islot = 0;
	m_page_table_init();   /* page contents survive */
	m_cap_table_init();
}

/* ---- page.h ---------------------------------------------------------------- */

int m_page_boot_mark(uint64_t p, uint32_t type)
{
	int ft = type == PG_FREE || type == PG_KERNEL;
	const struct beh b[] = {
		{ "range",    !m_valid_ppn(p) },
		{ "bad_type", m_valid_ppn(p) && !ft },
		{ "owned",    m_valid_ppn(p) && ft && m_owned_type(T(p)) },
		{ "ok",       m_valid_ppn(p) && ft && !m_owned_type(T(p)) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_RANGE;
	case 1: return E_INVAL;
	case 2: return E_BUSY;
	case 3:
		T(p) = (uint8_t)type;
		M.pg_owner[p] = NO_OWNER;
		M.pg_bi[p] = M_BI_UNKNOWN;   /* assigns pages[p]; bind_table stays NO_PAGE (Inv) */
		return E_OK;
	}
	return M_BROKEN;
}

/* ---- env.h ------------------------------------------------------------------- */

int32_t m_env_create(int32_t slot, int32_t parent)
{
	int pok = parent == NO_ENV || m_live(parent);
	const struct beh b[] = {
		{ "bad_arg", !m_valid_slot(slot) || (parent != NO_ENV && !m_live(parent)) },
		{ "busy",    m_valid_slot(slot) && pok && M.ev_status[slot] != ENV_FREE },
		{ "ok",      m_valid_slot(slot) && pok && M.ev_status[slot] == ENV_FREE },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_BUSY;
	case 2:
		M.ev_status[slot] = ENV_RUNNABLE;
		M.ev_parent[slot] = parent;
		M.ev_wait[slot] = NO_ENV;    /* EnvOk: not waiting => NO_ENV */
		M.ev_root[slot] = NO_PAGE;
		M.ev_npages[slot] = 0;       /* ok: npages == 0 */
		return (int32_t)((int64_t)M.ev_gen[slot] * NENV + slot);   /* EnvId(slot) */
	}
	return M_BROKEN;
}

int32_t m_env_lookup(int32_t id32)
{
	int64_t id = id32;
	int wf = NENV <= id && id < ((int64_t)GEN_MAX + 1) * NENV;
	int64_t s = wf ? id % NENV : 0, g = id / NENV;
	const struct beh b[] = {
		{ "malformed", id < NENV || id >= ((int64_t)GEN_MAX + 1) * NENV },
		{ "stale",     wf && (M.ev_status[s] == ENV_FREE || M.ev_gen[s] != g) },
		{ "ok",        wf && M.ev_status[s] != ENV_FREE && M.ev_gen[s] == g },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_STALE;
	case 2: return (int32_t)s;
	}
	return M_BROKEN;
}

int m_env_wait(int32_t e, int32_t child)
{
	int run = m_valid_slot(e) && M.ev_status[e] == ENV_RUNNABLE;
	const struct beh b[] = {
		{ "bad_arg", !m_valid_slot(e) || M.ev_status[e] != ENV_RUNNABLE || !m_live(child) },
		{ "perm",    run && m_live(child) && M.ev_parent[child] != e },
		{ "ok",      run && m_live(child) && M.ev_parent[child] == e },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_PERM;
	case 2:
		M.ev_status[e] = ENV_WAITING;
		M.ev_wait[e] = child;
		return E_OK;
	}
	return M_BROKEN;
}

/* requires Live(e).  cap_kill_env first (its mappings in other envs'
 * tables go before e's pages do), then the pages, the children, the slot. */
int32_t m_env_destroy(int32_t e)
{
	int kbad = m_cap_kill_env(e) == M_BROKEN;
	const char *kbeh = m_behavior;
	int32_t par = M.ev_parent[e];
	int w = m_live(par) && M.ev_status[par] == ENV_WAITING && M.ev_wait[par] == e;
	const struct beh b[] = {
		{ "wakes_parent", w },
		{ "nobody_waits", !w },
	};
	int k = choose(b, N(b));
	int32_t result = NO_ENV;

	if (k == 0) {
		M.ev_status[par] = ENV_RUNNABLE;
		M.ev_wait[par] = NO_ENV;
		result = par;
	}
	/* freed / no_pages / others_pages; page contents are not assigned */
	for (uint64_t p = 0; p < NPAGES; p++) {
		if (M.pg_owner[p] == e) {
			M.pg_owner[p] = NO_OWNER;
			T(p) = PG_FREE;
			M.pg_bt[p] = NO_PAGE;          /* BindOk of a free page */
			M.pg_bi[p] = M_BI_UNKNOWN;
			M.pg_vt[p] = NO_PAGE;
			M.pg_vi[p] = M_BI_UNKNOWN;
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
	M.ev_npages[e] = 0;                    /* no_count */
	M.ev_gen[e] = M.ev_gen[e] >= GEN_MAX ? 1 : M.ev_gen[e] + 1;
	if (kbad) {
		m_behavior = kbeh;
		return M_BROKEN;
	}
	return k < 0 ? M_BROKEN : result;
}

int32_t m_env_target(int32_t caller, int32_t id32)
{
	int64_t id = id32;
	int wf = NENV <= id && id < ((int64_t)GEN_MAX + 1) * NENV;
	int64_t s = wf ? id % NENV : 0, g = id / NENV;
	int lv = wf && M.ev_status[s] != ENV_FREE && M.ev_gen[s] == g;
	const struct beh b[] = {
		{ "self",      id == TARGET_SELF },
		{ "malformed", id != TARGET_SELF && (id < NENV || id >= ((int64_t)GEN_MAX + 1) * NENV) },
		{ "stale",     wf && (M.ev_status[s] == ENV_FREE || M.ev_gen[s] != g) },
		{ "foreign",   lv && M.ev_parent[s] != caller },
		{ "child",     lv && M.ev_parent[s] == caller },
	};
	switch (choose(b, N(b))) {
	case 0: return caller;
	case 1: return E_INVAL;
	case 2: return E_STALE;
	case 3: return E_PERM;
	case 4: return (int32_t)s;
	}
	return M_BROKEN;
}

/* ---- vm.h -------------------------------------------------------------------- */

int m_vm_init(uint64_t kslot, uint64_t islot)
{
	const struct beh b[] = {
		{ "bad", m_pte_u(kslot) || m_pte_w(islot) },
		{ "ok",  !m_pte_u(kslot) && !m_pte_w(islot) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1:
		M.kslot = kslot;
		M.islot = islot;
		return E_OK;
	}
	return M_BROKEN;
}

int m_vm_root_create(int32_t e, uint64_t p)
{
	int L = m_live(e), nr = L && M.ev_root[e] == NO_PAGE;
	const struct beh b[] = {
		{ "bad_env",  !L },
		{ "has_root", L && M.ev_root[e] != NO_PAGE },
		{ "range",    nr && !m_valid_ppn(p) },
		{ "reserved", nr && m_valid_ppn(p) && (T(p) == PG_NONE || T(p) == PG_KERNEL) },
		{ "busy",     nr && m_valid_ppn(p) && m_owned_type(T(p)) },
		{ "ok",       nr && m_page_free(p) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_BUSY;
	case 2: return E_RANGE;
	case 3: return E_RESERVED;
	case 4: return E_BUSY;
	case 5:
		zero_page(p);
		set_entry(p, 0, MK_RAW, M.kslot);
		set_entry(p, PML4_INFO, MK_RAW, M.islot);
		M.pg_owner[p] = e;
		M.ev_npages[e]++;
		T(p) = PG_PT4;
		M.pg_bt[p] = NO_PAGE;        /* BindOk: a PML4 is never bound */
		M.pg_bi[p] = M_BI_UNKNOWN;
		M.ev_root[e] = p;
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_page_alloc(int32_t e, uint64_t p)
{
	int L = m_live(e);
	const struct beh b[] = {
		{ "bad_env",  !L },
		{ "range",    L && !m_valid_ppn(p) },
		{ "reserved", L && m_valid_ppn(p) && (T(p) == PG_NONE || T(p) == PG_KERNEL) },
		{ "busy",     L && m_valid_ppn(p) && m_owned_type(T(p)) },
		{ "ok",       L && m_page_free(p) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_RESERVED;
	case 3: return E_BUSY;
	case 4:
		zero_page(p);
		M.pg_owner[p] = e;
		M.ev_npages[e]++;
		T(p) = PG_USER;
		M.pg_bt[p] = NO_PAGE;
		M.pg_bi[p] = M_BI_UNKNOWN;
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_page_free(int32_t e, uint64_t p)
{
	int L = m_live(e), V = L && m_valid_ppn(p);
	int mine = V && M.pg_owner[p] == e && T(p) == PG_USER;
	int nocap = V && m_no_cap_on(p);
	const struct beh b[] = {
		{ "bad_env", !L },
		{ "range",   L && !m_valid_ppn(p) },
		{ "perm",    V && !(M.pg_owner[p] == e && T(p) == PG_USER) },
		{ "mapped",  mine && (M.pg_bt[p] != NO_PAGE || !nocap) },
		{ "ok",      mine && M.pg_bt[p] == NO_PAGE && nocap },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_BUSY;
	case 4:
		T(p) = PG_FREE;
		M.pg_owner[p] = NO_OWNER;
		M.ev_npages[e]--;
		M.pg_bt[p] = NO_PAGE;
		M.pg_bi[p] = M_BI_UNKNOWN;
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_pt_link(int32_t e, uint64_t t, uint64_t i, uint64_t c)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int NL = TO && T(t) != PG_PT1;
	int IX = NL && i < NPTE && !m_kernel_slot(t, i);
	int EM = IX && !m_entry_nonzero(t, (unsigned)i);
	const struct beh b[] = {
		{ "bad_env",    !L },
		{ "t_range",    L && !m_valid_ppn(t) },
		{ "t_perm",     L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "t_leaf",     TO && T(t) == PG_PT1 },
		{ "bad_index",  NL && (i >= NPTE || m_kernel_slot(t, i)) },
		{ "used",       IX && m_entry_nonzero(t, (unsigned)i) },
		{ "c_range",    EM && !m_valid_ppn(c) },
		{ "c_reserved", EM && m_valid_ppn(c) && (T(c) == PG_NONE || T(c) == PG_KERNEL) },
		{ "c_busy",     EM && m_valid_ppn(c) && m_owned_type(T(c)) },
		{ "ok",         EM && m_page_free(c) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_INVAL;
	case 5: return E_BUSY;
	case 6: return E_RANGE;
	case 7: return E_RESERVED;
	case 8: return E_BUSY;
	case 9:
		zero_page(c);
		M.pg_owner[c] = e;
		M.ev_npages[e]++;
		T(c) = (uint8_t)(T(t) - 1);
		M.pg_bt[c] = t;
		M.pg_bi[c] = i;
		set_entry(t, (unsigned)i, MK_LINK, c);
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_pt_unlink(int32_t e, uint64_t t, uint64_t i)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int NL = TO && T(t) != PG_PT1;
	int IX = NL && i < NPTE && !m_kernel_slot(t, i);
	int PR = IX && m_entry_present(t, (unsigned)i);
	uint64_t c = PR ? m_entry_addr(t, (unsigned)i) : 0;
	const struct beh b[] = {
		{ "bad_env",     !L },
		{ "t_range",     L && !m_valid_ppn(t) },
		{ "t_perm",      L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "t_leaf",      TO && T(t) == PG_PT1 },
		{ "bad_index",   NL && (i >= NPTE || m_kernel_slot(t, i)) },
		{ "empty_entry", IX && !m_entry_present(t, (unsigned)i) },
		{ "child_busy",  PR && ((m_valid_ppn(c) && M.pg_vt[c] != NO_PAGE) || !m_page_zero_p(c)) },
		{ "ok",          PR && !(m_valid_ppn(c) && M.pg_vt[c] != NO_PAGE) && m_page_zero_p(c) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_INVAL;
	case 5: return E_NOENT;
	case 6: return E_BUSY;
	case 7:
		if (!m_valid_ppn(c))
			return M_BROKEN;         /* not under Inv */
		set_entry(t, (unsigned)i, MK_RAW, 0);
		T(c) = PG_FREE;
		M.pg_owner[c] = NO_OWNER;
		M.ev_npages[e]--;
		M.pg_bt[c] = NO_PAGE;
		M.pg_bi[c] = M_BI_UNKNOWN;
		M.pg_vt[c] = NO_PAGE;            /* BindOk of a free page */
		M.pg_vi[c] = M_BI_UNKNOWN;
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_pt_map(int32_t e, uint64_t t, uint64_t i, uint64_t p, uint64_t perm)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int GA = TO && T(t) == PG_PT1 && i < NPTE && perm <= PERM_ALL;
	int EM = GA && !m_entry_nonzero(t, (unsigned)i);
	int VP = EM && m_valid_ppn(p);
	int MINE = VP && M.pg_owner[p] == e && T(p) == PG_USER;
	const struct beh b[] = {
		{ "bad_env",  !L },
		{ "t_range",  L && !m_valid_ppn(t) },
		{ "t_perm",   L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "bad_arg",  TO && (T(t) != PG_PT1 || i >= NPTE || perm > PERM_ALL) },
		{ "used",     GA && m_entry_nonzero(t, (unsigned)i) },
		{ "p_range",  EM && !m_valid_ppn(p) },
		{ "p_perm",   VP && !(M.pg_owner[p] == e && T(p) == PG_USER) },
		{ "p_mapped", MINE && M.pg_bt[p] != NO_PAGE },
		{ "ok",       MINE && M.pg_bt[p] == NO_PAGE },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_BUSY;
	case 5: return E_RANGE;
	case 6: return E_PERM;
	case 7: return E_BUSY;
	case 8:
		M.pg_bt[p] = t;
		M.pg_bi[p] = i;
		set_entry(t, (unsigned)i, MK_LEAF + (int)perm, p);
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_pt_unmap(int32_t e, uint64_t t, uint64_t i)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int GA = TO && T(t) == PG_PT1 && i < NPTE;
	const struct beh b[] = {
		{ "bad_env", !L },
		{ "t_range", L && !m_valid_ppn(t) },
		{ "t_perm",  L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "bad_arg", TO && (T(t) != PG_PT1 || i >= NPTE) },
		{ "empty",   GA && !m_entry_present(t, (unsigned)i) },
		{ "ok",      GA && m_entry_present(t, (unsigned)i) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_NOENT;
	case 5: {
		uint64_t p = m_entry_addr(t, (unsigned)i), tag = m_entry_tag(t, (unsigned)i);
		if (!m_valid_ppn(p) || (tag > NCAP && tag != PTE_TAG_VIEW))
			return M_BROKEN;         /* not under Inv */
		set_entry(t, (unsigned)i, MK_RAW, 0);
		if (tag == 0)
			M.pg_bt[p] = NO_PAGE;    /* assigns bind_table only */
		else if (tag == PTE_TAG_VIEW)
			M.pg_vt[p] = NO_PAGE;    /* view_table only */
		else
			M.cp_bt[tag - 1] = NO_PAGE;   /* the capability's bind_table only */
		return E_OK;
	}
	}
	return M_BROKEN;
}

int m_sys_pt_prot(int32_t e, uint64_t t, uint64_t i, uint64_t perm)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int GA = TO && T(t) == PG_PT1 && i < NPTE && perm <= PERM_ALL;
	int PR = GA && m_entry_present(t, (unsigned)i);
	uint64_t tag = PR ? m_entry_tag(t, (unsigned)i) : 0;
	/* ProtAllowed(ptmem[t].e[i], perm) */
	int allowed = PR && (tag != PTE_TAG_VIEW || perm == 0) &&
		      (tag == 0 || tag == PTE_TAG_VIEW ||
		       (tag <= NCAP && m_sub_rights(perm, M.cp_rights[tag - 1])));
	const struct beh b[] = {
		{ "bad_env", !L },
		{ "t_range", L && !m_valid_ppn(t) },
		{ "t_perm",  L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "bad_arg", TO && (T(t) != PG_PT1 || i >= NPTE || perm > PERM_ALL) },
		{ "empty",   GA && !m_entry_present(t, (unsigned)i) },
		{ "denied",  PR && !allowed },
		{ "ok",      PR && allowed },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_NOENT;
	case 5: return E_PERM;
	case 6:
		set_entry_tag(t, (unsigned)i, MK_LEAF + (int)perm, m_entry_addr(t, (unsigned)i), tag);
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_pt_map_cap(int32_t e, uint64_t t, uint64_t i, uint64_t k, uint64_t perm)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int GA = TO && T(t) == PG_PT1 && i < NPTE && perm <= PERM_ALL && k < NCAP;
	int EM = GA && !m_entry_nonzero(t, (unsigned)i);
	int HE = EM && M.cp_status[k] == CAP_LIVE && M.cp_holder[k] == e;
	int UN = HE && M.cp_bt[k] == NO_PAGE;
	const struct beh b[] = {
		{ "bad_env",    !L },
		{ "t_range",    L && !m_valid_ppn(t) },
		{ "t_perm",     L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "bad_arg",    TO && (T(t) != PG_PT1 || i >= NPTE || perm > PERM_ALL || k >= NCAP) },
		{ "used",       GA && m_entry_nonzero(t, (unsigned)i) },
		{ "not_held",   EM && !(M.cp_status[k] == CAP_LIVE && M.cp_holder[k] == e) },
		{ "cap_mapped", HE && M.cp_bt[k] != NO_PAGE },
		{ "amplify",    UN && !m_sub_rights(perm, M.cp_rights[k]) },
		{ "ok",         UN && m_sub_rights(perm, M.cp_rights[k]) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_BUSY;
	case 5: return E_PERM;
	case 6: return E_BUSY;
	case 7: return E_PERM;
	case 8:
		M.cp_bt[k] = t;
		M.cp_bi[k] = i;
		set_entry_tag(t, (unsigned)i, MK_LEAF + (int)perm, M.cp_page[k], k + 1);
		return E_OK;
	}
	return M_BROKEN;
}

int m_sys_pt_view(int32_t e, uint64_t t, uint64_t i, uint64_t v)
{
	int L = m_live(e);
	int TO = L && m_table_of(e, t);
	int GA = TO && T(t) == PG_PT1 && i < NPTE;
	int EM = GA && !m_entry_nonzero(t, (unsigned)i);
	int VT = EM && m_table_of(e, v);
	const struct beh b[] = {
		{ "bad_env", !L },
		{ "t_range", L && !m_valid_ppn(t) },
		{ "t_perm",  L && m_valid_ppn(t) && !m_table_of(e, t) },
		{ "bad_arg", TO && (T(t) != PG_PT1 || i >= NPTE) },
		{ "used",    GA && m_entry_nonzero(t, (unsigned)i) },
		{ "v_range", EM && !m_valid_ppn(v) },
		{ "v_perm",  EM && m_valid_ppn(v) && !m_table_of(e, v) },
		{ "viewed",  VT && M.pg_vt[v] != NO_PAGE },
		{ "ok",      VT && M.pg_vt[v] == NO_PAGE },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_RANGE;
	case 2: return E_PERM;
	case 3: return E_INVAL;
	case 4: return E_BUSY;
	case 5: return E_RANGE;
	case 6: return E_PERM;
	case 7: return E_BUSY;
	case 8:
		M.pg_vt[v] = t;
		M.pg_vi[v] = i;
		set_entry_tag(t, (unsigned)i, MK_LEAF + 0, v, PTE_TAG_VIEW);
		return E_OK;
	}
	return M_BROKEN;
}


/* ---- cap.h ------------------------------------------------------------------ */

/* The oracle's verdict: 0 while eager revocation and the sweep agree. */
static const char *oracle_bad;

/* Eager recursive revocation: every live capability derived, directly or
 * not, from a revoked one is revoked with it. */
static void oracle_close(void)
{
	for (int changed = 1; changed;) {
		changed = 0;
		for (unsigned j = 0; j < NCAP; j++) {
			int32_t q = M.cp_parent[j];
			if (M.cp_status[j] == CAP_LIVE && !M.cp_rev[j] && q != NO_CAP &&
			    q >= 0 && q < NCAP && M.cp_rev[q]) {
				M.cp_rev[j] = 1;
				changed = 1;
			}
		}
	}
}

/* cap.c's cap_kill, as uapi/cap.h describes revocation: the mapping goes
 * at once, the capability becomes DEAD, and the sweep marks (again: a new
 * pass, unless the pass starts at slot 0 now). */
static void kill(unsigned k, int by_sweep)
{
	if (M.cp_bt[k] != NO_PAGE) {
		set_entry(M.cp_bt[k], (unsigned)M.cp_bi[k], MK_RAW, 0);
		M.cp_bt[k] = NO_PAGE;
		m_rev.unmapped++;
		m_rev.sweep_unmapped += by_sweep;
	}
	M.cp_status[k] = CAP_DEAD;
	/* a pass from slot 0 sees every slot; one under way may have passed
	 * k's children already */
	if (M.sw_phase == SWEEP_IDLE || M.sw_cursor == 0) {
		M.sw_cursor = 0;
		M.sw_changed = 0;
	} else {
		M.sw_changed = 1;
	}
	M.sw_phase = SWEEP_MARK;
	m_rev.killed++;
	m_rev.sweep_killed += by_sweep;
}

/* One slot of the sweep (uapi/cap.h: marking passes revoke every live
 * capability whose parent is DEAD until a whole pass revokes nothing, then
 * a freeing pass frees the DEAD slots), checked against the oracle. */
static void sweep_step(void)
{
	unsigned j = M.sw_cursor;
	if (M.sw_phase == SWEEP_MARK) {
		if (m_doomed(j)) {
			if (!M.cp_rev[j] && !oracle_bad)
				oracle_bad = "<oracle: the sweep revokes a capability that eager "
					     "revocation keeps>";
			kill(j, 1);
		}
		if (j + 1 < NCAP) {
			M.sw_cursor = j + 1;
		} else if (M.sw_changed) {
			M.sw_cursor = 0;
			M.sw_changed = 0;
			m_rev.passes++;
		} else {
			M.sw_cursor = 0;
			M.sw_phase = SWEEP_FREE;
			m_rev.passes++;
		}
	} else {
		if (M.cp_status[j] == CAP_DEAD) {
			if (!M.cp_rev[j] && !oracle_bad)
				oracle_bad = "<oracle: the sweep frees a DEAD capability that eager "
					     "revocation never revoked>";
			cap_free_slot(j);
			m_rev.freed++;
		}
		if (j + 1 < NCAP) {
			M.sw_cursor = j + 1;
		} else {
			M.sw_cursor = 0;
			M.sw_phase = SWEEP_IDLE;
			for (unsigned k = 0; k < NCAP; k++)
				if (M.cp_rev[k] && !oracle_bad)
					oracle_bad = "<oracle: the sweep went idle, but a capability "
						     "eager revocation revoked is not FREE>";
		}
	}
}

int m_cap_on_page(uint64_t p)
{
	int r = !m_no_cap_on(p);
	m_behavior = r ? "named" : "not_named";
	return r;
}

int m_cap_grant(int32_t e, uint64_t k, uint64_t p, int32_t h, uint64_t r)
{
	int L = m_live(e);
	int MINE = L && k < NCAP && k / CAP_PER_ENV == (uint64_t)e;
	int FR = MINE && M.cp_status[k] == CAP_FREE;
	int PG = FR && m_valid_ppn(p) && M.pg_owner[p] == e && T(p) == PG_USER;
	const struct beh b[] = {
		{ "bad_env",   !L },
		{ "bad_slot",  L && k >= NCAP },
		{ "not_mine",  L && k < NCAP && k / CAP_PER_ENV != (uint64_t)e },
		{ "busy",      MINE && M.cp_status[k] != CAP_FREE },
		{ "range",     FR && !m_valid_ppn(p) },
		{ "not_owner", FR && m_valid_ppn(p) && !(M.pg_owner[p] == e && T(p) == PG_USER) },
		{ "bad_arg",   PG && (!m_live(h) || r > PERM_ALL) },
		{ "ok",        PG && m_live(h) && r <= PERM_ALL },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_INVAL;
	case 2: return E_PERM;
	case 3: return E_BUSY;
	case 4: return E_RANGE;
	case 5: return E_PERM;
	case 6: return E_INVAL;
	case 7:
		M.cp_status[k] = CAP_LIVE;
		M.cp_page[k] = p;
		M.cp_holder[k] = h;
		M.cp_rights[k] = (uint32_t)r;
		M.cp_parent[k] = NO_CAP;
		M.cp_bt[k] = NO_PAGE;
		M.cp_bi[k] = M_BI_UNKNOWN;
		M.cp_rev[k] = 0;
		return E_OK;
	}
	return M_BROKEN;
}

int m_cap_derive(int32_t e, uint64_t k, uint64_t q, int32_t h, uint64_t r)
{
	int L = m_live(e);
	int MINE = L && k < NCAP && k / CAP_PER_ENV == (uint64_t)e;
	int FR = MINE && M.cp_status[k] == CAP_FREE;
	int HQ = FR && q < NCAP && M.cp_status[q] == CAP_LIVE && M.cp_holder[q] == e;
	int AR = HQ && m_live(h) && r <= PERM_ALL;
	const struct beh b[] = {
		{ "bad_env",    !L },
		{ "bad_slot",   L && k >= NCAP },
		{ "not_mine",   L && k < NCAP && k / CAP_PER_ENV != (uint64_t)e },
		{ "busy",       MINE && M.cp_status[k] != CAP_FREE },
		{ "bad_parent", FR && q >= NCAP },
		{ "not_holder", FR && q < NCAP && !(M.cp_status[q] == CAP_LIVE && M.cp_holder[q] == e) },
		{ "bad_arg",    HQ && (!m_live(h) || r > PERM_ALL) },
		{ "amplify",    AR && !m_sub_rights(r, M.cp_rights[q]) },
		{ "ok",         AR && m_sub_rights(r, M.cp_rights[q]) },
	};
	switch (choose(b, N(b))) {
	case 0: return E_INVAL;
	case 1: return E_INVAL;
	case 2: return E_PERM;
	case 3: return E_BUSY;
	case 4: return E_INVAL;
	case 5: return E_PERM;
	case 6: return E_INVAL;
	case 7: return E_PERM;
	case 8:
		M.cp_status[k] = CAP_LIVE;
		M.cp_page[k] = M.cp_page[q];
		M.cp_holder[k] = h;
		M.cp_rights[k] = (uint32_t)r;
		M.cp_parent[k] = (int32_t)q;
		M.cp_bt[k] = NO_PAGE;
		M.cp_bi[k] = M_BI_UNKNOWN;
		M.cp_rev[k] = M.cp_rev[q];   /* derived from a doomed one: doomed too */
		return E_OK;
	}
	return M_BROKEN;
}

int m_cap_revoke(int32_t e, uint64_t k)
{
	int L = m_live(e), V = L && k < NCAP;
	int LV = V && M.cp_status[k] == CAP_LIVE;
	const struct beh b[] = {
		{ "bad_arg",  !L || k >= NCAP },
		{ "perm",     LV && !m_may_revoke(e, k) },
		{ "nothing",  V && M.cp_status[k] != CAP_LIVE && M.sw_phase == SWEEP_IDLE },
		{ "revoke",   LV && m_may_revoke(e, k) },
		{ "continue", V && M.cp_status[k] != CAP_LIVE && M.sw_phase != SWEEP_IDLE },
	};
	memset(&m_rev, 0, sizeof m_rev);
	int c = choose(b, N(b));
	switch (c) {
	case 0: return E_INVAL;
	case 1: return E_PERM;
	case 2: return E_NOENT;
	case 3:
		M.cp_rev[k] = 1;
		oracle_close();
		kill((unsigned)k, 0);
		/* fall through */
	case 4:
		oracle_bad = NULL;
		for (unsigned n = 0; n < SWEEP_BUDGET && M.sw_phase != SWEEP_IDLE; n++)
			sweep_step();
		if (oracle_bad) {
			m_behavior = oracle_bad;
			return M_BROKEN;
		}
		return M.sw_phase == SWEEP_IDLE ? E_OK : E_AGAIN;
	}
	return M_BROKEN;
}

int m_cap_kill_env(int32_t e)
{
	memset(&m_rev, 0, sizeof m_rev);
	m_behavior = "-";
	for (unsigned k = 0; k < NCAP; k++)
		if (M.cp_status[k] == CAP_LIVE &&
		    (M.cp_holder[k] == e ||
		     (m_valid_ppn(M.cp_page[k]) && M.pg_owner[M.cp_page[k]] == e)))
			M.cp_rev[k] = 1;
	oracle_close();
	for (unsigned k = 0; k < NCAP; k++)
		if (M.cp_status[k] == CAP_LIVE &&
		    (M.cp_holder[k] == e ||
		     (m_valid_ppn(M.cp_page[k]) && M.pg_owner[M.cp_page[k]] == e)))
			kill(k, 0);
	return 0;
}

int m_cap_kill_page(uint64_t p)
{
	memset(&m_rev, 0, sizeof m_rev);
	m_behavior = "-";
	for (unsigned k = 0; k < NCAP; k++)
		if (M.cp_status[k] == CAP_LIVE && M.cp_page[k] == p)
			M.cp_rev[k] = 1;
	oracle_close();
	for (unsigned k = 0; k < NCAP; k++)
		if (M.cp_status[k] == CAP_LIVE && M.cp_page[k] == p)
			kill(k, 0);
	return 0;
}

/* ---- syscall.h ------------------------------------------------------------ */

int m_user_range_ok(uint64_t va, uint64_t len)
{
	/* UserRange(va, len) in mathematical integers */
	unsigned __int128 end = (unsigned __int128)va + len;
	int r = USER_BASE <= va && end <= (unsigned __int128)USER_TOP;
	m_behavior = r ? "true" : "false";
	return r;
}

/* UserRange over mathematical integers (va may be "negative" here) */
static int urange(__int128 va, __int128 len)
{
	return (__int128)USER_BASE <= va && va + len <= (__int128)USER_TOP;
}

/* ExcSetupOk(handler, stack) */
static int exc_setup_ok(uint64_t h, uint64_t s)
{
	return (h == 0 && s == 0) ||
	       (urange(h, 1) && urange((__int128)s - EXC_FRAME_SIZE, EXC_FRAME_SIZE) &&
		s % 16 == 0);
}

/* IpcEntryOk(rip, stack) */
static int ipc_entry_ok(uint64_t r, uint64_t s)
{
	return (r == 0 && s == 0) ||
	       (urange(r, 1) && urange((__int128)s - IPC_STACK_MIN, IPC_STACK_MIN) &&
		s % 16 == 0);
}

int m_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const struct beh b[] = {
		{ "cons_write_len",   num == SYS_CONS_WRITE && a1 > CONS_WRITE_MAX },
		{ "cons_write_fault", num == SYS_CONS_WRITE && a1 <= CONS_WRITE_MAX &&
				      !m_user_range_ok(a0, a1) },
		{ "cons_write_ok",    num == SYS_CONS_WRITE && a1 <= CONS_WRITE_MAX &&
				      m_user_range_ok(a0, a1) },
		{ "exit_bad",         num == SYS_EXIT && a0 > 255 },
		{ "exit_ok",          num == SYS_EXIT && a0 <= 255 },
		{ "no_args",          num == SYS_ENV_ID || num == SYS_TICKS },
		{ "mod_run_bad",      num == SYS_MOD_RUN && a0 >= NENV },
		{ "mod_run_ok",       num == SYS_MOD_RUN && a0 < NENV },
		{ "mod_name_len",     num == SYS_MOD_NAME && a2 > MOD_NAME_MAX },
		{ "mod_name_fault",   num == SYS_MOD_NAME && a2 <= MOD_NAME_MAX &&
				      !m_user_range_ok(a1, a2) },
		{ "mod_name_ok",      num == SYS_MOD_NAME && a2 <= MOD_NAME_MAX &&
				      m_user_range_ok(a1, a2) },
		{ "vm_calls",         SYS_PAGE_ALLOC <= num && num <= SYS_ENV_ROOT },
		{ "exc_setup_bad",    num == SYS_EXC_SETUP && !exc_setup_ok(a0, a1) },
		{ "exc_setup_ok",     num == SYS_EXC_SETUP && exc_setup_ok(a0, a1) },
		{ "env_create_bad",   num == SYS_ENV_CREATE && a0 >= NENV },
		{ "env_create_ok",    num == SYS_ENV_CREATE && a0 < NENV },
		{ "env_regs_fault",   num == SYS_ENV_REGS && !urange(a1, UREGS_SIZE) },
		{ "env_regs_ok",      num == SYS_ENV_REGS && urange(a1, UREGS_SIZE) },
		{ "core_checked",     SYS_ENV_RUN <= num && num <= SYS_SLICE_UPCALL },
		{ "ipc_entry_bad",    num == SYS_IPC_ENTRY && !ipc_entry_ok(a0, a1) },
		{ "ipc_entry_ok",     num == SYS_IPC_ENTRY && ipc_entry_ok(a0, a1) },
		{ "core_checked_ipc", SYS_IPC_CALL <= num && num <= SYS_REV_GRANT },
		{ "cons_read_len",    num == SYS_CONS_READ && a1 > CONS_READ_MAX },
		{ "cons_read_fault",  num == SYS_CONS_READ && a1 <= CONS_READ_MAX &&
				      !m_user_range_ok(a0, a1) },
		{ "cons_read_ok",     num == SYS_CONS_READ && a1 <= CONS_READ_MAX &&
				      m_user_range_ok(a0, a1) },
		{ "mod_read_len",     num == SYS_MOD_READ && a2 > MOD_READ_MAX },
		{ "mod_read_fault",   num == SYS_MOD_READ && a2 <= MOD_READ_MAX &&
				      !m_user_range_ok(a1, a2) },
		{ "mod_read_ok",      num == SYS_MOD_READ && a2 <= MOD_READ_MAX &&
				      m_user_range_ok(a1, a2) },
		{ "upcall_hold",      num == SYS_UPCALL_HOLD },
		{ "unknown",          num >= SYS__COUNT },
	};
	static const int res[] = { E_INVAL, E_FAULT, E_OK, E_INVAL, E_OK, E_OK, E_INVAL,
				   E_OK, E_INVAL, E_FAULT, E_OK, E_OK, E_INVAL, E_OK, E_INVAL,
				   E_OK, E_FAULT, E_OK, E_OK, E_INVAL, E_OK, E_OK,
				   E_INVAL, E_FAULT, E_OK, E_INVAL, E_FAULT, E_OK, E_OK, E_NOSYS };
	int k = choose(b, N(b));
	return k < 0 ? M_BROKEN : res[k];
}
