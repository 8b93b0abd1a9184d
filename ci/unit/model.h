/* SPDX-License-Identifier: MIT */
/*
 * Reference model of the verified core (kernel/core), written from the ACSL
 * contracts in kernel/core/{page,env,vm,pte,cap,syscall}.h and
 * spec/{page,env,pte,cap,inv}.acsl.
 *
 * It shares only the *constants* of the specification with the core
 * (NPAGES, NPTE, NENV, NCAP, CAP_PER_ENV, SWEEP_BUDGET, GEN_MAX, page and
 * capability types, env states, error codes, syscall numbers and limits,
 * user layout, PML4 slots, PTE tags).  It has its own state, laid out as
 * separate arrays per field (not struct page_info / struct env / struct
 * cap / struct ptpage), it never reads or writes pages[] / envs[] / caps[]
 * / sweep / ptmem[] / vm_*_slot, and it never calls a core function.
 *
 * Page contents are kept abstractly: each entry of a page the model has
 * written is either RAW (an exact 64-bit value: zero, a kernel slot, user
 * data) or an abstract LINK(c) / LEAF(p, perm, tag), which stands for any
 * value that the contracts allow for such an entry (m_entry_accepts).
 * Pages the model has never written are all zero.
 *
 * Revocation: the contract of cap_revoke only says that the revoked
 * capability is no longer live and that E_OK means "the sweep is idle".
 * The model mirrors the sweep that uapi/cap.h and cap.c document (mark
 * passes of SWEEP_BUDGET slots per call that revoke every live capability
 * whose parent is DEAD, until a whole pass revokes nothing; then a freeing
 * pass), so that the whole state -- sweep cursor included -- is compared
 * after every call.  On top of it the model runs an independent oracle,
 * eager recursive revocation: when a capability is revoked, it and all of
 * its live descendants (and everything later derived from one of them)
 * join the set the eager semantics revokes at once.  The mirrored sweep
 * may only ever revoke or free members of that set, and when it goes idle
 * the set must be empty (every member FREE): both are checked at each
 * step, and a violation makes the operation "broken" (M_BROKEN).
 *
 * Each operation evaluates the `assumes` clause of every behavior of its
 * contract literally, checks that exactly one holds (complete and
 * disjoint, on the states reached), records its name in m_behavior, and
 * applies that behavior.  Where a contract leaves a detail open the model
 * says so: bind_index becomes "unknown" (M_BI_UNKNOWN) wherever the
 * contract assigns it without fixing it, and it is not compared then.
 */
#ifndef UNIT_MODEL_H
#define UNIT_MODEL_H

#include <stdint.h>
#include "types.h"   /* spec constants only */

#define M_BI_UNKNOWN UINT64_MAX     /* bind_index not fixed by any contract */
#define M_BROKEN     (-1000)        /* result: no behavior (or several) applies */
#define M_MAXMEM     2048           /* pages whose contents the model holds */

/* kinds of a model page entry */
enum { MK_RAW = 0, MK_LINK = 1, MK_LEAF = 2 /* MK_LEAF + perm, perm 0..3 */ };

struct mpage {
	uint8_t  kind[NPTE];
	uint16_t tag[NPTE];   /* LEAF: the PteTag (0 own, k + 1 cap k, PTE_TAG_VIEW) */
	uint64_t val[NPTE];   /* RAW: the value; LINK/LEAF: the page referred to */
};

struct model {
	/* pages, one array per field */
	int32_t  pg_owner[NPAGES];
	uint8_t  pg_type[NPAGES];
	uint64_t pg_bt[NPAGES];
	uint64_t pg_bi[NPAGES];
	uint64_t pg_vt[NPAGES];       /* view_table */
	uint64_t pg_vi[NPAGES];       /* view_index, or M_BI_UNKNOWN */
	/* environments, one array per field */
	uint8_t  ev_status[NENV];
	int32_t  ev_gen[NENV];
	int32_t  ev_parent[NENV];
	int32_t  ev_wait[NENV];
	uint64_t ev_root[NENV];
	uint32_t ev_npages[NENV];     /* CountsOk: pages owned */
	/* the two PML4 slot values */
	uint64_t kslot, islot;
	/* capabilities, one array per field; for a FREE slot only status and
	 * bind_table are known (no contract fixes the rest) */
	uint8_t  cp_status[NCAP];
	uint32_t cp_rights[NCAP];
	int32_t  cp_holder[NCAP];
	int32_t  cp_parent[NCAP];
	uint64_t cp_page[NCAP];
	uint64_t cp_bt[NCAP];
	uint64_t cp_bi[NCAP];         /* or M_BI_UNKNOWN */
	/* the revocation sweep (mirrored, see above) */
	uint32_t sw_phase, sw_cursor, sw_changed;
	/* the eager-revocation oracle: capabilities eager recursive revocation
	 * has revoked, which the sweep has not freed yet */
	uint8_t  cp_rev[NCAP];
	/* page contents: mem_idx[p] == 0: never written (all zero), else
	 * mem[mem_idx[p] - 1] */
	uint32_t mem_idx[NPAGES];
	uint32_t mem_n;
	int      mem_overflow;
};

extern struct model M;
extern const char *m_behavior;    /* behavior taken by the last operation */

/* What the last revoking operation (cap_revoke, cap_kill_env, env_destroy)
 * did, for the coverage counters. */
struct m_revstats {
	unsigned killed;          /* capabilities made DEAD, by any means    */
	unsigned sweep_killed;    /* ... of them by the sweep (doomed ones)  */
	unsigned unmapped;        /* entries cleared                         */
	unsigned sweep_unmapped;  /* ... of them by the sweep                */
	unsigned freed;           /* DEAD slots freed by the sweep           */
	unsigned passes;          /* mark passes completed                   */
};
extern struct m_revstats m_rev;

/* spec/pte.acsl, on mathematical (here: uint64) values */
int      m_pte_p(uint64_t x);
int      m_pte_w(uint64_t x);
int      m_pte_u(uint64_t x);
int      m_pte_ps(uint64_t x);
int      m_pte_nx(uint64_t x);
uint64_t m_pte_addr(uint64_t x);
uint64_t m_pte_tag(uint64_t x);

/* Spec predicates evaluated on the model state. */
int m_valid_slot(int64_t e);
int m_valid_ppn(uint64_t p);
int m_owned_type(uint64_t t);
int m_table_type(uint64_t t);
int m_live(int64_t e);
int m_table_of(int64_t e, uint64_t t);
int m_valid_cap(uint64_t k);
int m_sub_rights(uint64_t a, uint64_t b);
int m_doomed(uint64_t k);
int m_no_cap_on(uint64_t p);
int m_may_revoke(int64_t e, uint64_t k);

/* Page contents. */
void     m_mem_reset(void);                 /* every page all zero again */
int      m_entry_kind(uint64_t p, unsigned i);
uint64_t m_entry_val(uint64_t p, unsigned i);
int      m_entry_present(uint64_t p, unsigned i);
int      m_entry_nonzero(uint64_t p, unsigned i);
uint64_t m_entry_addr(uint64_t p, unsigned i);
uint64_t m_entry_tag(uint64_t p, unsigned i);
int      m_page_zero_p(uint64_t p);          /* TableEmpty */
/* An outside write to memory (firmware garbage, a user store to a data
 * page): the model takes the value as RAW. */
void     m_poke(uint64_t p, unsigned i, uint64_t v);
/* Does the raw value `raw` of ptmem[p].e[i] satisfy the model's entry?
 * 1 if so; else 0 and a reason in why. */
int      m_entry_accepts(uint64_t p, unsigned i, uint64_t raw, char *why, unsigned n);

/* The operations, same contracts as the core. */
void    m_page_table_init(void);
void    m_core_init(void);
int     m_page_boot_mark(uint64_t p, uint32_t type);
int32_t m_env_create(int32_t slot, int32_t parent);
int32_t m_env_lookup(int32_t id);
int     m_env_wait(int32_t e, int32_t child);
int32_t m_env_destroy(int32_t e);
int     m_vm_init(uint64_t kslot, uint64_t islot);
int     m_vm_root_create(int32_t e, uint64_t p);
int     m_sys_page_alloc(int32_t e, uint64_t p);
int     m_sys_page_free(int32_t e, uint64_t p);
int     m_sys_pt_link(int32_t e, uint64_t t, uint64_t i, uint64_t c);
int     m_sys_pt_unlink(int32_t e, uint64_t t, uint64_t i);
int     m_sys_pt_map(int32_t e, uint64_t t, uint64_t i, uint64_t p, uint64_t perm);
int     m_sys_pt_unmap(int32_t e, uint64_t t, uint64_t i);
int     m_sys_pt_prot(int32_t e, uint64_t t, uint64_t i, uint64_t perm);
int     m_sys_pt_map_cap(int32_t e, uint64_t t, uint64_t i, uint64_t k, uint64_t perm);
int     m_sys_pt_view(int32_t e, uint64_t t, uint64_t i, uint64_t v);
int32_t m_env_target(int32_t caller, int32_t id);   /* requires Live(caller) */
void    m_cap_table_init(void);
int     m_cap_on_page(uint64_t p);                  /* requires ValidPpn(p) */
int     m_cap_grant(int32_t e, uint64_t k, uint64_t p, int32_t h, uint64_t r);
int     m_cap_derive(int32_t e, uint64_t k, uint64_t q, int32_t h, uint64_t r);
int     m_cap_revoke(int32_t e, uint64_t k);
int     m_cap_kill_env(int32_t e);                  /* requires Live(e); 0 or M_BROKEN */
int     m_cap_kill_page(uint64_t p);                /* requires ValidPpn(p); 0 or M_BROKEN */
int     m_user_range_ok(uint64_t va, uint64_t len);
int     m_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2);

#endif
