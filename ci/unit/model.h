/* SPDX-License-Identifier: MIT */
/*
 * Reference model of the verified core (kernel/core), written from the ACSL
 * contracts in kernel/core/{page,env,syscall}.h and spec/{page,env,inv}.acsl.
 *
 * It shares only the *constants* of the specification with the core
 * (NPAGES, NENV, GEN_MAX, page types, env states, error codes, syscall
 * numbers and limits, user layout).  It has its own state, laid out as
 * separate arrays per field (not struct page_info / struct env), it never
 * reads or writes pages[] / envs[], and it never calls a core function.
 *
 * Every model function takes arguments of the widest type that can carry
 * what the core's parameter can, and computes with int64_t / __int128 so
 * that the specification's mathematical integers are respected.
 */
#ifndef UNIT_MODEL_H
#define UNIT_MODEL_H

#include <stdint.h>
#include "types.h"   /* spec constants only */

struct model {
	/* pages, one array per field */
	int32_t  pg_owner[NPAGES];
	uint8_t  pg_type[NPAGES];
	/* environments, one array per field */
	uint8_t  ev_status[NENV];
	int32_t  ev_gen[NENV];
	int32_t  ev_parent[NENV];
	int32_t  ev_wait[NENV];
	uint64_t ev_root[NENV];
};

extern struct model M;

/* Spec predicates evaluated on the model state. */
int m_valid_slot(int64_t e);
int m_valid_ppn(uint64_t p);
int m_owned_type(uint64_t t);
int m_live(int64_t e);
int m_owned_by(uint64_t p, int64_t e);

/* The operations, same contracts as the core. */
void    m_page_table_init(void);
void    m_core_init(void);
int     m_page_boot_mark(uint64_t p, uint32_t type);
int     m_page_claim(int32_t e, uint64_t p, uint32_t type);
int     m_page_release(int32_t e, uint64_t p);
int32_t m_env_create(int32_t slot, int32_t parent);
int     m_env_set_root(int32_t e, uint64_t p);
int32_t m_env_lookup(int32_t id);
int     m_env_wait(int32_t e, int32_t child);
int32_t m_env_destroy(int32_t e);
int     m_user_range_ok(uint64_t va, uint64_t len);
int     m_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2);

#endif
