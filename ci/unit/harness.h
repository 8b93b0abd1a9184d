/* SPDX-License-Identifier: MIT */
/*
 * Test harness shared by the directed and the random-sequence tests.
 *
 * Every core entry point is called through a checked wrapper (c_*) that
 *   1. runs the reference model on the same arguments,
 *   2. runs the core,
 *   3. compares the results, and the whole of pages[], envs[], caps[], the
 *      sweep and the two PML4 slot values with the model, and the contents
 *      of the pages the call names with the model's page contents,
 *   4. checks Inv (inv_check.c), page-table entries included,
 *   5. checks the frame: a failing (or pure) call changed nothing at all
 *      (full before/after snapshot of pages[], envs[], caps[], the sweep,
 *      the slots and every tracked page of ptmem[]), and a successful call
 *      wrote only what its `assigns` clause lists (pages[], caps[], the
 *      sweep and ptmem[] entries),
 *   6. checks the TLB flushes (host stub of hw_tlb_flush counts them): a
 *      failing call never flushes; a successful unmap/prot/unlink does;
 *      every present entry a call changes is followed by a flush (the
 *      stub records which changed entries each flush covered),
 *   7. checks the `ensures` clauses of the behavior taken directly, from
 *      the snapshot, independently of the model.
 * Any discrepancy is reported with failf() and marks the current test as
 * failed.
 *
 * ptmem[] (128 MiB, defined in harness.c) is compared page by page only on
 * the pages the harness tracks: every page ever named in a call or written
 * by the harness since the last mem_reset().  mem_full_check() (end of
 * every test and batch) also checks that every other page is still zero.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <stdint.h>
#include <stddef.h>
#include "types.h"
#include "page.h"
#include "env.h"
#include "vm.h"
#include "hw.h"
#include "cap.h"
#include "syscall.h"
#include "revoke.h"
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
	struct cap cp[NCAP];
	struct cap_sweep sw;
	uint64_t kslot, islot;
};

void snap_take(struct snapshot *s);
void snap_restore(const struct snapshot *s);   /* core tables and slots only */
/* 1 when the core tables equal *s, else 0 with the first difference in buf. */
int snap_same(const struct snapshot *s, char *buf, size_t n);
/* 1 when the core tables equal the model state, else 0 with the first
 * difference in buf. */
int core_matches_model(char *buf, size_t n);

/* Apply the same Inv-preserving edit to the core and the model: give the
 * free slot `slot` generation `gen` (1 .. GEN_MAX). */
void poke_free_gen(int32_t slot, int32_t gen);

/* ---- physical memory -------------------------------------------------------- */

/* Start of a test or batch: every page tracked so far is zeroed again, the
 * model forgets all page contents, nothing is tracked. */
void mem_reset(void);
/* Track page p (no-op for p >= NPAGES): its contents are checked against
 * the model now, and compared before/after every later call. */
void mem_track(ppn_t p);
/* Writes from outside the core, mirrored into the model: firmware garbage
 * in a page, a user store (any page: the harness plays the hardware). */
void mem_fill_garbage(ppn_t p, uint64_t seed);
void mem_write(ppn_t p, unsigned i, uint64_t v);
/* Every tracked page against the model, every other page still zero. */
void mem_full_check(void);
/* Number of tracked pages. */
unsigned mem_tracked(void);

extern unsigned long tlb_flushes;     /* calls of the hw_tlb_flush stub */

/* ---- checked calls ------------------------------------------------------- */

void    c_core_init(void);
void    c_page_table_init(void);        /* requires: no live env */
void    c_cap_table_init(void);         /* requires: no live env */
int     c_page_boot_mark(ppn_t p, uint32_t type);
envid_t c_env_create(int32_t slot, int32_t parent);
int32_t c_env_lookup(envid_t id);
int     c_env_wait(int32_t e, int32_t child);
int32_t c_env_destroy(int32_t e);       /* requires: Live(e) */
int     c_vm_init(uint64_t kslot, uint64_t islot);   /* requires: no PG_PT4 page */
int     c_vm_root_create(int32_t e, ppn_t p);
int     c_sys_page_alloc(int32_t e, ppn_t p);
int     c_sys_page_free(int32_t e, ppn_t p);
int     c_sys_pt_link(int32_t e, ppn_t t, uint64_t i, ppn_t c);
int     c_sys_pt_unlink(int32_t e, ppn_t t, uint64_t i);
int     c_sys_pt_map(int32_t e, ppn_t t, uint64_t i, ppn_t p, uint64_t perm);
int     c_sys_pt_unmap(int32_t e, ppn_t t, uint64_t i);
int     c_sys_pt_prot(int32_t e, ppn_t t, uint64_t i, uint64_t perm);
int     c_sys_pt_map_cap(int32_t e, ppn_t t, uint64_t i, uint64_t k, uint64_t perm);
int     c_sys_pt_view(int32_t e, ppn_t t, uint64_t i, ppn_t v);
int32_t c_env_target(int32_t caller, envid_t id);   /* requires: Live(caller) */
int     c_cap_on_page(ppn_t p);                     /* requires: ValidPpn(p) */
int     c_cap_grant(int32_t e, uint64_t k, ppn_t p, int32_t h, uint64_t r);
int     c_cap_derive(int32_t e, uint64_t k, uint64_t q, int32_t h, uint64_t r);
int     c_cap_revoke(int32_t e, uint64_t k);
void    c_cap_kill_env(int32_t e);                  /* requires: Live(e) */
void    c_cap_kill_page(ppn_t p);                   /* requires: ValidPpn(p) */
void    c_rev_take_page(int32_t v, ppn_t p);        /* requires: p a data page of live v */
uint32_t c_rev_step(int32_t v, uint64_t now);       /* requires: ValidSlot(v) */
uint32_t c_rev_force(int32_t v, uint64_t now);      /* requires: ValidSlot(v) */
uint64_t force_measure(int32_t v);   /* 2 * ForceLeft(v) + (1 if HandBound(v)) */
/* cap_revoke(e, k) until it stops returning E_AGAIN (at most `max` calls);
 * returns the last result, and the number of calls in *ncalls if given. */
int     c_cap_revoke_all(int32_t e, uint64_t k, unsigned max, unsigned *ncalls);
int     c_user_range_ok(uint64_t va, uint64_t len);
int     c_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2);

/* ---- accounting ------------------------------------------------------------- */

/* RAM pages as the boot map made them: PG_FREE marks minus PG_KERNEL
 * re-marks of free pages, kept by c_page_boot_mark from the snapshot. */
extern long ram_pages;
/* FREE pages == ram_pages - pages owned by live envs, and no page owned by
 * a dead env; reports a failure and returns 0 otherwise. */
int check_accounting(const char *when);

/* ---- outcome coverage -------------------------------------------------- */

enum cov_fn { F_BOOT_MARK, F_CREATE, F_LOOKUP, F_WAIT, F_DESTROY, F_VM_INIT,
	      F_ROOT, F_ALLOC, F_FREE, F_LINK, F_UNLINK, F_MAP, F_UNMAP, F_PROT,
	      F_RANGE_OK, F_SYSCALL, F_TARGET, F_ON_PAGE, F_GRANT, F_DERIVE, F_REVOKE,
	      F_KILL_ENV, F_MAP_CAP, F_VIEW, F_KILL_PAGE, F_REV_TAKE, F_REV_STEP,
	      F_REV_FORCE, F_NFN };
#define COV_MAXB 32
/* cov[f][b]: how often function f took behavior b of its contract (the
 * names in cov_beh[f]; names starting with '+' are scenarios the random
 * tests must also reach, e.g. a link at each level). */
extern unsigned long cov[F_NFN][COV_MAXB];
extern const char *const cov_fn_name[F_NFN];
extern const char *const *const cov_beh[F_NFN];
void cov_reset(void);
/* one line per function first .. end-1: each behavior and its count */
void cov_print(int first, int end);
/* 1 when every behavior of every contract has been seen; else 0 and a
 * failure per missing behavior. */
int cov_complete(void);
/* the same for functions first .. F_NFN-1, over whatever ran so far */
int cov_complete_from(int first, const char *who);
/* counters the random tests print */
extern unsigned long stat_max_tables, stat_max_maps, stat_calls;
extern unsigned long stat_max_caps, stat_max_cap_maps, stat_max_passes, stat_sweeps;

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

/* The fuzz targets' byte source (ci/fuzz): a random batch reads its choices
 * from an input's bytes first, little-endian, as few as the choice needs
 * (1 for n <= 256, none for n <= 1; 8 for a whole word), and from the PRNG
 * once they run out.  Without bytes it is the PRNG alone, so a SEED's
 * sequence does not change.  test_random.c, test_sched.c and test_revoke.c
 * each route their rng_* through one (a macro after this header). */
struct byte_src {
	const uint8_t *buf;
	size_t len, pos;
};

static inline uint64_t src_take(struct byte_src *b, unsigned nbytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < nbytes && b->pos < b->len; i++)
		v |= (uint64_t)b->buf[b->pos++] << (8 * i);
	return v;
}

static inline uint64_t src_next(struct byte_src *b, uint64_t *s)
{
	return b->pos < b->len ? src_take(b, 8) : rng_next(s);
}

static inline uint64_t src_below(struct byte_src *b, uint64_t *s, uint64_t n)   /* n > 0 */
{
	if (b->pos >= b->len)
		return rng_next(s) % n;
	if (n <= 1)
		return 0;
	unsigned nbytes = 1;
	while (nbytes < 8 && ((n - 1) >> (8 * nbytes)))
		nbytes++;
	return src_take(b, nbytes) % n;
}

static inline void src_open(struct byte_src *b, const uint8_t *in, size_t len)
{
	b->buf = in;
	b->len = in ? len : 0;
	b->pos = 0;
}

static inline size_t src_close(struct byte_src *b)   /* bytes used */
{
	size_t used = b->pos;
	src_open(b, NULL, 0);
	return used;
}

/* ---- test suites --------------------------------------------------------- */

typedef void (*test_fn)(void);
struct test { const char *name; test_fn fn; };

extern const struct test directed_tests[];       /* test_directed.c */
extern const size_t n_directed_tests;
extern const struct test cap_tests[];            /* test_caps.c */
extern const size_t n_cap_tests;
extern const struct test sched_tests[];          /* test_sched.c */
extern const size_t n_sched_tests;
extern const struct test revoke_tests[];         /* test_revoke.c */
extern const size_t n_revoke_tests;

/* Helpers of the directed tests (test_directed.c). */
/* PML4 slot values used by most tests: kernel slot present+writable,
 * supervisor; info slot present+user, read-only, no-execute. */
#define KSLOT ((100ull << 12) | 3)
#define ISLOT ((200ull << 12) | 5 | (1ull << 63))
/* Boot map: pages 0..63 free, 64..71 kernel, NPAGES-1 free, everything
 * else PG_NONE; pages 0..71 and NPAGES-1 hold garbage; slots set. */
void    boot_small(void);
int32_t mk(int32_t slot, int32_t parent);       /* env_create that must succeed */
/* root r for env e and a chain r[ir] -> a (PT3), a[0] -> b (PT2),
 * b[0] -> c (PT1); a, b, c may be NO_PAGE to stop earlier */
void    tree(int32_t e, ppn_t r, uint64_t ir, ppn_t a, ppn_t b, ppn_t c);
int     page_is_zero(ppn_t p);
/* ptmem[t].e[i] is a present user leaf of page p with perm (W, NX) */
void    check_leaf(ppn_t t, unsigned i, ppn_t p, uint64_t perm);

/* One batch of `ncalls` random calls from a fresh boot; seeded by `seed`. */
void random_batch(uint64_t seed, unsigned ncalls);
/* The same batch, its choices read from in[0 .. len-1] first and from the
 * PRNG seeded by `seed` when those run out (ci/fuzz); returns the number of
 * input bytes the batch used. */
size_t random_batch_bytes(uint64_t seed, const uint8_t *in, size_t len, unsigned ncalls);
/* The random steps of test_sched.c (time-slice vector and IPC against its
 * model and SchedInv), `nsteps` of them from boot_small() and 8 envs, then
 * every env destroyed; choices from in[0 .. len-1] first, then the PRNG
 * seeded by `seed`; returns the number of input bytes used.  Without bytes
 * these are t_sched_random's steps (seed 0x5c4ed0001, 20000 steps, no
 * teardown there). */
size_t sched_batch_bytes(uint64_t seed, const uint8_t *in, size_t len, unsigned nsteps);
/* One round of test_revoke.c's random dialogues (requests, frees,
 * allocations, sharing, ticks, forced steps), `ncalls` calls from its
 * setup(), then every env destroyed and every request ended; choices as
 * above.  Without bytes, the calls are those of t_rev_random's first round
 * for seed 0x5eed0000de7ea11 and 1500 calls (no teardown there). */
size_t revoke_batch_bytes(uint64_t seed, const uint8_t *in, size_t len, unsigned ncalls);
/* What those batches did so far (counts), as one line into buf. */
int sched_batch_report(char *buf, size_t n);
int revoke_batch_report(char *buf, size_t n);

#endif
