/* SPDX-License-Identifier: MIT */
/*
 * Test harness shared by the directed and the random-sequence tests.
 *
 * Every core entry point is called through a checked wrapper (c_*) that
 *   1. runs the reference model on the same arguments,
 *   2. runs the core,
 *   3. compares the results and the whole state (pages[], envs[]) with the
 *      model,
 *   4. checks Inv (inv_check.c),
 *   5. checks that a failing (or pure) call changed nothing, by comparing a
 *      full snapshot taken before the call,
 *   6. checks a few `ensures` clauses directly (independently of the model).
 * Any discrepancy is reported with failf() and marks the current test as
 * failed.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <stdint.h>
#include <stddef.h>
#include "types.h"
#include "page.h"
#include "env.h"
#include "syscall.h"
#include "model.h"
#include "inv_check.h"

/* ---- test bookkeeping ---------------------------------------------------- */

extern const char *cur_test;     /* name of the running test             */
extern unsigned cur_failures;    /* failures recorded in the running test */
extern char cur_ctx[192];        /* extra context (seed, round, call #)   */

void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(cond, ...) \
	do { if (!(cond)) failf(__VA_ARGS__); } while (0)

#define EXPECT_EQ(got, want) \
	do { long long g_ = (long long)(got), w_ = (long long)(want); \
	     if (g_ != w_) failf("%s:%d: %s == %lld, expected %s == %lld", \
				 __FILE__, __LINE__, #got, g_, #want, w_); } while (0)

/* ---- state ---------------------------------------------------------------- */

struct snapshot {
	struct page_info pg[NPAGES];
	struct env ev[NENV];
};

void snap_take(struct snapshot *s);
void snap_restore(const struct snapshot *s);   /* core tables only */
/* 1 when the core tables equal *s, else 0 with the first difference in buf. */
int snap_same(const struct snapshot *s, char *buf, size_t n);
/* 1 when the core tables equal the model state, else 0 with the first
 * difference in buf. */
int core_matches_model(char *buf, size_t n);

/* Apply the same Inv-preserving edit to the core and the model: give the
 * free slot `slot` generation `gen` (1 .. GEN_MAX).  Lets tests reach
 * generation wrap-around without a million create/destroy cycles. */
void poke_free_gen(int32_t slot, int32_t gen);

/* ---- checked calls ------------------------------------------------------- */

void    c_core_init(void);
void    c_page_table_init(void);        /* requires: no live env */
int     c_page_boot_mark(ppn_t p, uint32_t type);
int     c_page_claim(int32_t e, ppn_t p, uint32_t type);
int     c_page_release(int32_t e, ppn_t p);
envid_t c_env_create(int32_t slot, int32_t parent);
int     c_env_set_root(int32_t e, ppn_t p);
int32_t c_env_lookup(envid_t id);
int     c_env_wait(int32_t e, int32_t child);
int32_t c_env_destroy(int32_t e);       /* requires: Live(e) */
int     c_user_range_ok(uint64_t va, uint64_t len);
int     c_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2);

/* ---- outcome coverage -------------------------------------------------- */

enum cov_fn { F_BOOT_MARK, F_CLAIM, F_RELEASE, F_CREATE, F_SET_ROOT, F_LOOKUP,
	      F_WAIT, F_DESTROY, F_RANGE_OK, F_SYSCALL, F_NFN };
#define COV_POS    E__COUNT       /* bucket of results > 0 (ids, slots, 1) */
#define COV_WRAP   (E__COUNT + 1) /* env_destroy of a slot at GEN_MAX      */
#define COV_NB     (E__COUNT + 2)
/* cov[f][b]: how often function f ended in bucket b (-result for errors,
 * 0 for E_OK / 0, COV_POS for positive results). */
extern unsigned long cov[F_NFN][COV_NB];
extern const char *const cov_fn_name[F_NFN];
void cov_reset(void);
void cov_print(void);
/* 1 when every outcome of every contract behavior has been seen; else 0
 * and a failure per missing outcome. */
int cov_complete(void);

/* ---- PRNG (splitmix64) --------------------------------------------------- */

static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t rng_below(uint64_t *s, uint64_t n)   /* n > 0 */
{
	return rng_next(s) % n;
}

/* ---- test suites --------------------------------------------------------- */

typedef void (*test_fn)(void);
struct test { const char *name; test_fn fn; };

extern const struct test directed_tests[];
extern const size_t n_directed_tests;

/* One batch of `ncalls` random calls from a fresh boot; seeded by `seed`. */
void random_batch(uint64_t seed, unsigned ncalls);

#endif
