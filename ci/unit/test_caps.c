// SPDX-License-Identifier: MIT
/*
 * Directed tests of the capability and view extension of the core:
 * env_target, cap_table_init, cap_on_page, cap_grant, cap_derive,
 * cap_revoke and its sweep, cap_kill_env, sys_pt_map_cap, sys_pt_view, and
 * the changed behaviors of sys_pt_unmap / sys_pt_prot (three kinds of
 * entries), sys_pt_unlink (viewed tables), sys_page_free (pages a live
 * capability names) and env_destroy (capabilities of the dead env).
 *
 * As in test_directed.c every call goes through a checked wrapper (model,
 * Inv, frame, TLB); the expected values here are written by hand from the
 * contracts in kernel/core/{cap,vm,env}.h and, for the number of calls a
 * sweep takes, from the algorithm uapi/cap.h documents: marking passes of
 * SWEEP_BUDGET slots per call until a whole pass revokes nothing, then a
 * freeing pass.
 */
#include <string.h>
#include "harness.h"

#define HUGE_PPN   UINT64_MAX
#define WRAP32(p)  ((1ull << 32) + (uint64_t)(p))
#define KS(e, j)   ((uint64_t)(e) * CAP_PER_ENV + (uint64_t)(j))   /* slot j of env e */

/* calls of a sweep that starts at cursor 0 and walks `passes` whole
 * passes (the freeing pass included) */
static unsigned sweep_calls(unsigned passes)
{
	return (passes * NCAP + SWEEP_BUDGET - 1) / SWEEP_BUDGET;
}

/* cap_revoke(e, k) exactly n times: E_AGAIN, ..., E_AGAIN, E_OK */
static void expect_sweep(int32_t e, uint64_t k, unsigned n, const char *what)
{
	for (unsigned c = 1; c <= n; c++) {
		int r = c_cap_revoke(e, k);
		int want = c < n ? E_AGAIN : E_OK;
		if (r != want) {
			failf("%s: call %u of %u returned %d, expected %d", what, c, n, r, want);
			return;
		}
	}
}

/* finish the sweep under way (any live env, any slot that is not live) */
static void finish(int32_t e, uint64_t k)
{
	int r = c_cap_revoke_all(e, k, 10 * sweep_calls(1), NULL);
	CHECK(r == E_OK, "finishing the sweep: %d", r);
}

static uint64_t leaf_entry(ppn_t t, unsigned i)
{
	return ptmem[t].e[i];
}

/* A small world: envs 0 (parent of 1 and 2), 1, 2, 3, 5 (child of 3),
 * each with a chain root -> PT3 -> PT2 -> PT1 and data pages:
 *   env 0: root 10, PT1 13, data 30 31 32
 *   env 1: root 20, PT1 23, data 40
 *   env 2: root 50, PT1 53, data 45
 *   env 3: root 54, PT1 57, data 46
 *   env 5: root 58, PT1 61, data 47
 * free: 0..9, 14..19, 24..29, 33..39, 41..44, 48, 49, 62, 63. */
static void world(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	mk(3, NO_ENV);
	mk(5, 3);
	tree(0, 10, 1, 11, 12, 13);
	tree(1, 20, 1, 21, 22, 23);
	tree(2, 50, 1, 51, 52, 53);
	tree(3, 54, 1, 55, 56, 57);
	tree(5, 58, 1, 59, 60, 61);
	for (ppn_t p = 30; p <= 32; p++)
		EXPECT_EQ(c_sys_page_alloc(0, p), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 40), E_OK);
	EXPECT_EQ(c_sys_page_alloc(2, 45), E_OK);
	EXPECT_EQ(c_sys_page_alloc(3, 46), E_OK);
	EXPECT_EQ(c_sys_page_alloc(5, 47), E_OK);
}

/* ---- env_target ------------------------------------------------------------ */

static void t_env_target(void)
{
	boot_small();
	envid_t a = c_env_create(0, NO_ENV);
	envid_t c1 = c_env_create(1, 0), c2 = c_env_create(2, 0);
	envid_t g = c_env_create(3, 1), o = c_env_create(4, NO_ENV);
	/* self: TARGET_SELF is the caller, whoever it is */
	EXPECT_EQ(TARGET_SELF, 0);
	EXPECT_EQ(c_env_target(0, TARGET_SELF), 0);
	EXPECT_EQ(c_env_target(4, TARGET_SELF), 4);
	EXPECT_EQ(c_env_target(3, TARGET_SELF), 3);
	/* child */
	EXPECT_EQ(c_env_target(0, c1), 1);
	EXPECT_EQ(c_env_target(0, c2), 2);
	EXPECT_EQ(c_env_target(1, g), 3);
	/* malformed: not an id of any generation (0 is TARGET_SELF) */
	EXPECT_EQ(c_env_target(0, 1), E_INVAL);
	EXPECT_EQ(c_env_target(0, NENV - 1), E_INVAL);
	EXPECT_EQ(c_env_target(0, -1), E_INVAL);
	EXPECT_EQ(c_env_target(0, -NENV), E_INVAL);
	EXPECT_EQ(c_env_target(0, INT32_MIN), E_INVAL);
	EXPECT_EQ(c_env_target(0, INT32_MAX), E_INVAL);
	EXPECT_EQ(c_env_target(0, (GEN_MAX + 1) * NENV), E_INVAL);
	EXPECT_EQ(c_env_target(0, (GEN_MAX + 1) * NENV + 1), E_INVAL);
	/* stale: a free slot, a wrong generation of a child (before foreign) */
	EXPECT_EQ(c_env_target(0, NENV + 9), E_STALE);
	EXPECT_EQ(c_env_target(0, c1 + NENV), E_STALE);
	EXPECT_EQ(c_env_target(0, GEN_MAX * NENV + 1), E_STALE);
	/* foreign: itself by id, its parent, a grandchild, a sibling, a stranger */
	EXPECT_EQ(c_env_target(0, a), E_PERM);
	EXPECT_EQ(c_env_target(1, a), E_PERM);
	EXPECT_EQ(c_env_target(0, g), E_PERM);
	EXPECT_EQ(c_env_target(1, c2), E_PERM);
	EXPECT_EQ(c_env_target(0, o), E_PERM);
	EXPECT_EQ(c_env_target(4, c1), E_PERM);
	/* a waiting caller, and a waiting child */
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(c_env_target(0, c2), 2);
	EXPECT_EQ(c_env_target(0, c1), 1);
	EXPECT_EQ(c_env_wait(1, 3), E_OK);
	EXPECT_EQ(c_env_target(1, g), 3);
	/* the child dies: its id goes stale; its own child is orphaned and
	 * nobody's target; the slot's next env is a new child */
	EXPECT_EQ(c_env_destroy(1), 0);
	EXPECT_EQ(c_env_target(0, c1), E_STALE);
	EXPECT_EQ(c_env_target(0, g), E_PERM);
	envid_t c1b = c_env_create(1, 0);
	EXPECT_EQ(c1b, c1 + NENV);
	EXPECT_EQ(c_env_target(0, c1b), 1);
	EXPECT_EQ(c_env_target(0, c1), E_STALE);
	envid_t c1c = c_env_create(6, 4);     /* another parent's child */
	EXPECT_EQ(c_env_target(0, c1c), E_PERM);
	EXPECT_EQ(c_env_target(4, c1c), 6);
}

/* ---- cap_table_init, core_init ------------------------------------------------ */

static void t_cap_table_init(void)
{
	world();
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, KS(0, 0), PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 0), KS(0, 0), 2, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 3, 0), E_OK);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 1)), E_AGAIN);   /* a sweep under way */
	/* not while an env is live; once all are gone, with DEAD caps and the
	 * sweep marking, the table is reset */
	for (int32_t e = 0; e < NENV; e++)
		if (envs[e].status != ENV_FREE)
			c_env_destroy(e);
	CHECK(sweep.phase != SWEEP_IDLE, "test setup: the sweep should be under way");
	c_cap_table_init();
	EXPECT_EQ(sweep.phase, SWEEP_IDLE);
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE) {
			failf("caps[%ld] not FREE", k);
			break;
		}
	/* core_init resets the capabilities too */
	world();
	EXPECT_EQ(c_cap_grant(0, KS(0, 2), 32, 5, PERM_X), E_OK);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 2)), E_AGAIN);
	c_core_init();
	EXPECT_EQ(caps[KS(0, 3)].status, CAP_FREE);
	EXPECT_EQ(sweep.phase, SWEEP_IDLE);
}

/* ---- cap_grant ---------------------------------------------------------------- */

static void t_cap_grant(void)
{
	world();
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 31, PERM_W), E_OK);
	/* bad_env, before anything */
	EXPECT_EQ(c_cap_grant(-1, KS(0, 0), 30, 1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(NENV, KS(0, 0), 30, 1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(INT32_MIN, 0, 30, 1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(9, KS(9, 0), 30, 1, 0), E_INVAL);           /* free slot */
	EXPECT_EQ(c_cap_grant(9, NCAP, HUGE_PPN, -1, 99), E_INVAL);
	/* bad_slot */
	EXPECT_EQ(c_cap_grant(0, NCAP, 30, 1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, NCAP + 1, 30, 1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, UINT64_MAX, 30, 1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, WRAP32(KS(0, 0)), 30, 1, 0), E_INVAL);   /* aliases slot 0 */
	EXPECT_EQ(c_cap_grant(1, WRAP32(KS(1, 0)), 40, 0, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, NCAP, HUGE_PPN, -1, 99), E_INVAL);       /* before the rest */
	/* not_mine: a slot of another env's range, even a free one */
	EXPECT_EQ(c_cap_grant(0, KS(1, 0), 30, 1, 0), E_PERM);
	EXPECT_EQ(c_cap_grant(0, KS(0, CAP_PER_ENV), 30, 1, 0), E_PERM);  /* one past */
	EXPECT_EQ(c_cap_grant(1, KS(1, 0) - 1, 40, 0, 0), E_PERM);        /* one before */
	EXPECT_EQ(c_cap_grant(0, NCAP - 1, 30, 1, 0), E_PERM);
	EXPECT_EQ(c_cap_grant(5, KS(0, 5), 47, 0, 0), E_PERM);
	EXPECT_EQ(c_cap_grant(1, KS(0, 0), HUGE_PPN, -1, 99), E_PERM);    /* before the rest */
	/* ok: the first and the last slot of the range */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_W), E_OK);
	EXPECT_EQ(caps[KS(0, 0)].status, CAP_LIVE);
	EXPECT_EQ(caps[KS(0, 0)].page, 30);
	EXPECT_EQ(caps[KS(0, 0)].holder, 1);
	EXPECT_EQ(caps[KS(0, 0)].rights, PERM_W);
	EXPECT_EQ(caps[KS(0, 0)].parent, NO_CAP);
	EXPECT_EQ(caps[KS(0, 0)].bind_table, NO_PAGE);
	EXPECT_EQ(pages[30].owner, 0);                 /* the page stays e's */
	EXPECT_EQ(c_cap_grant(0, KS(0, CAP_PER_ENV - 1), 30, 2, PERM_ALL), E_OK);  /* same page */
	/* busy: a live slot, before the page checks */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 31, 1, 0), E_BUSY);
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), HUGE_PPN, -1, 99), E_BUSY);
	/* range */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), NPAGES, 1, 0), E_RANGE);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), HUGE_PPN, 1, 0), E_RANGE);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), WRAP32(30), 1, 0), E_RANGE);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), NPAGES, -1, 99), E_RANGE);     /* before bad_arg */
	/* not_owner: free, kernel, none, own tables, others' pages */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 0, 1, 0), E_PERM);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 64, 1, 0), E_PERM);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 200, 1, 0), E_PERM);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 10, 1, 0), E_PERM);            /* root */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 13, 1, 0), E_PERM);            /* PT1 */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 40, 1, 0), E_PERM);            /* env 1's data */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 23, 1, 0), E_PERM);            /* env 1's PT1 */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 40, -1, 99), E_PERM);          /* before bad_arg */
	/* bad_arg: holder not live, rights not rights */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 9, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, -1, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, NENV, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, INT32_MIN, 0), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, 4), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, 7), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, WRAP32(PERM_W)), E_INVAL);
	/* ok: to itself, of a mapped page, to a waiting env, every right */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 0, PERM_X), E_OK);
	EXPECT_EQ(c_env_wait(3, 5), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 2), 32, 5, 0), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 3), 32, 3, PERM_ALL), E_OK);       /* a waiting holder */
	EXPECT_EQ(c_cap_grant(5, KS(5, 0), 47, 0, PERM_W), E_OK);         /* a child of a waiter */
	EXPECT_EQ(pages[31].bind_table, 13);
	/* busy: a DEAD slot (the sweep has not freed it yet) */
	EXPECT_EQ(c_cap_revoke(0, KS(0, 2)), E_AGAIN);
	EXPECT_EQ(caps[KS(0, 2)].status, CAP_DEAD);
	EXPECT_EQ(c_cap_grant(0, KS(0, 2), 32, 5, 0), E_BUSY);
	finish(0, KS(0, 2));
	EXPECT_EQ(c_cap_grant(0, KS(0, 2), 32, 5, 0), E_OK);
	/* every slot of the range can be used, then the range is full */
	for (unsigned j = 4; j < CAP_PER_ENV - 1; j++)
		EXPECT_EQ(c_cap_grant(0, KS(0, j), 30 + j % 3, 1 + j % 2, j % 4), E_OK);
	for (unsigned j = 0; j < CAP_PER_ENV; j++)
		EXPECT_EQ(c_cap_grant(0, KS(0, j), 30, 1, 0), E_BUSY);
}

/* ---- cap_derive -------------------------------------------------------------- */

static void t_cap_derive(void)
{
	world();
	const uint64_t A = KS(0, 0), W = KS(0, 1), X = KS(0, 2), Z = KS(0, 3);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);     /* env 1 holds A (ALL) */
	EXPECT_EQ(c_cap_grant(0, W, 31, 1, PERM_W), E_OK);       /* W only */
	EXPECT_EQ(c_cap_grant(0, X, 32, 1, PERM_X), E_OK);       /* X only */
	EXPECT_EQ(c_cap_grant(0, Z, 32, 1, 0), E_OK);            /* read only */
	EXPECT_EQ(c_cap_grant(0, KS(0, 4), 30, 2, PERM_ALL), E_OK);   /* held by env 2 */
	/* bad_env, bad_slot, not_mine, busy: as for cap_grant */
	EXPECT_EQ(c_cap_derive(-1, KS(1, 0), A, 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(9, KS(9, 0), A, 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, NCAP, A, 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, WRAP32(KS(1, 0)), A, 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, UINT64_MAX, NCAP, -1, 99), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(0, 9), A, 2, 0), E_PERM);        /* the owner's range */
	EXPECT_EQ(c_cap_derive(1, KS(2, 0), A, 2, 0), E_PERM);        /* the new holder's */
	EXPECT_EQ(c_cap_derive(1, KS(1, CAP_PER_ENV), A, 2, 0), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(2, 0), NCAP, -1, 99), E_PERM);   /* before the rest */
	EXPECT_EQ(c_cap_derive(1, KS(1, 0), A, 2, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 0), A, 2, PERM_W), E_BUSY);
	EXPECT_EQ(c_cap_derive(1, KS(1, 0), NCAP, -1, 99), E_BUSY);   /* before the rest */
	/* bad_parent */
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), NCAP, 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), UINT64_MAX, 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), WRAP32(A), 2, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), NCAP, -1, 99), E_INVAL);
	/* not_holder: free, held by another, granted by e (e owns, not holds) */
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), KS(0, 9), 2, 0), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), KS(0, 4), 2, 0), E_PERM);
	EXPECT_EQ(c_cap_derive(0, KS(0, 9), A, 2, 0), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), KS(1, 1), 2, 0), E_PERM); /* itself (free) */
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), KS(0, 4), -1, 99), E_PERM);   /* before bad_arg */
	/* bad_arg: holder not live, rights not rights (before amplify) */
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), A, 9, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), A, -1, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), A, NENV, 0), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), A, 2, 4), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), Z, 2, 7), E_INVAL);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), Z, 2, UINT64_MAX), E_INVAL);
	/* amplify: any right the parent lacks */
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), W, 2, PERM_X), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), W, 2, PERM_ALL), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), X, 2, PERM_W), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), X, 2, PERM_ALL), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), Z, 2, PERM_W), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), Z, 2, PERM_X), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), Z, 2, PERM_ALL), E_PERM);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), KS(1, 0), 2, PERM_ALL), E_PERM);   /* A's W child */
	/* ok: every subset; the page comes from the parent, the parent is q */
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), W, 2, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 2), W, 2, 0), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 3), X, 3, PERM_X), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 4), Z, 3, 0), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 5), A, 5, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 6), A, 1, PERM_X), E_OK);      /* for itself */
	EXPECT_EQ(caps[KS(1, 5)].page, 30);
	EXPECT_EQ(caps[KS(1, 5)].parent, (int32_t)A);
	EXPECT_EQ(caps[KS(1, 5)].holder, 5);
	EXPECT_EQ(caps[KS(1, 5)].rights, PERM_ALL);
	EXPECT_EQ(caps[KS(1, 3)].page, 32);
	EXPECT_EQ(caps[A].status, CAP_LIVE);                         /* parent unchanged */
	/* chains: env 5 derives from its derived cap, for env 3, then 3 on */
	EXPECT_EQ(c_cap_derive(5, KS(5, 0), KS(1, 5), 3, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(3, KS(3, 0), KS(5, 0), 2, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(3, KS(3, 1), KS(5, 0), 2, PERM_X), E_PERM);   /* W parent */
	EXPECT_EQ(caps[KS(3, 0)].page, 30);
	EXPECT_EQ(caps[KS(3, 0)].parent, (int32_t)KS(5, 0));
	/* a mapped parent can be derived from; the child is not mapped */
	EXPECT_EQ(c_sys_pt_map_cap(5, 61, 0, KS(1, 5), PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(5, KS(5, 1), KS(1, 5), 5, PERM_W), E_OK);
	EXPECT_EQ(caps[KS(5, 1)].bind_table, NO_PAGE);
	/* a DEAD parent is no parent */
	EXPECT_EQ(c_cap_revoke(0, Z), E_AGAIN);
	EXPECT_EQ(c_cap_derive(1, KS(1, 7), Z, 3, 0), E_PERM);
	finish(1, Z);
}

/* ---- cap_revoke: errors and who may revoke ------------------------------------------------ */

static void t_cap_revoke_rights(void)
{
	world();
	const uint64_t A = KS(0, 0), C = KS(1, 0), G = KS(2, 0), D = KS(5, 0), U = KS(0, 1);
	CHECK(G < SWEEP_BUDGET && D >= SWEEP_BUDGET,
	      "test setup: KS(2, 0) must be in the first budget, KS(5, 0) beyond it");
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);    /* owner 0, holder 1 */
	EXPECT_EQ(c_cap_derive(1, C, A, 2, PERM_W), E_OK);      /* holder 2, parent A */
	EXPECT_EQ(c_cap_derive(2, G, C, 3, PERM_W), E_OK);      /* holder 3, parent C */
	EXPECT_EQ(c_cap_grant(0, U, 31, 5, 0), E_OK);           /* unrelated */
	/* bad_arg: e not live, k out of range; before perm and nothing */
	EXPECT_EQ(c_cap_revoke(-1, A), E_INVAL);
	EXPECT_EQ(c_cap_revoke(NENV, A), E_INVAL);
	EXPECT_EQ(c_cap_revoke(9, A), E_INVAL);
	EXPECT_EQ(c_cap_revoke(INT32_MAX, A), E_INVAL);
	EXPECT_EQ(c_cap_revoke(0, NCAP), E_INVAL);
	EXPECT_EQ(c_cap_revoke(0, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_cap_revoke(0, WRAP32(A)), E_INVAL);
	EXPECT_EQ(c_cap_revoke(9, NCAP), E_INVAL);
	EXPECT_EQ(c_cap_revoke(9, KS(0, 9)), E_INVAL);
	/* nothing: a free slot while the sweep is idle */
	EXPECT_EQ(c_cap_revoke(0, KS(0, 9)), E_NOENT);
	EXPECT_EQ(c_cap_revoke(5, NCAP - 1), E_NOENT);
	/* perm: neither the owner, nor the holder, nor the live parent's holder */
	EXPECT_EQ(c_cap_revoke(5, A), E_PERM);    /* a stranger */
	EXPECT_EQ(c_cap_revoke(2, A), E_PERM);    /* holder of a child */
	EXPECT_EQ(c_cap_revoke(3, C), E_PERM);    /* holder of a child */
	EXPECT_EQ(c_cap_revoke(1, G), E_PERM);    /* holder of the grandparent */
	EXPECT_EQ(c_cap_revoke(1, U), E_PERM);
	EXPECT_EQ(c_cap_revoke(0, U), E_AGAIN);   /* the owner may */
	EXPECT_EQ(sweep.phase, SWEEP_MARK);
	finish(5, U);
	EXPECT_EQ(caps[U].status, CAP_FREE);
	/* the holder of the live parent */
	EXPECT_EQ(c_cap_revoke(2, G), E_AGAIN);
	finish(2, G);
	EXPECT_EQ(caps[G].status, CAP_FREE);
	EXPECT_EQ(caps[C].status, CAP_LIVE);
	/* the holder itself */
	EXPECT_EQ(c_cap_derive(2, G, C, 3, PERM_W), E_OK);
	EXPECT_EQ(c_cap_revoke(3, G), E_AGAIN);
	finish(3, G);
	/* the owner of the page, for a cap it neither holds nor derived */
	EXPECT_EQ(c_cap_derive(2, G, C, 5, PERM_W), E_OK);
	EXPECT_EQ(c_cap_revoke(0, G), E_AGAIN);
	finish(0, G);
	/* a doomed cap (parent DEAD, not swept yet): the parent's holder may
	 * no longer revoke it, its holder and the owner still may */
	EXPECT_EQ(c_cap_derive(2, G, C, 5, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(5, D, G, 3, 0), E_OK);
	EXPECT_EQ(c_cap_revoke(1, C), E_AGAIN);   /* 1 holds A, C's live parent */
	EXPECT_EQ(caps[C].status, CAP_DEAD);
	EXPECT_EQ(caps[G].status, CAP_DEAD);      /* in the first budget */
	EXPECT_EQ(caps[D].status, CAP_LIVE);      /* doomed, not swept yet */
	EXPECT_EQ(c_cap_revoke(5, D), E_PERM);    /* 5 holds G, which is DEAD */
	EXPECT_EQ(c_cap_revoke(2, D), E_PERM);
	EXPECT_EQ(c_cap_revoke(3, D), E_AGAIN);   /* the holder */
	EXPECT_EQ(caps[D].status, CAP_DEAD);
	finish(5, C);
	EXPECT_EQ(caps[C].status, CAP_FREE);
	EXPECT_EQ(caps[G].status, CAP_FREE);
	EXPECT_EQ(caps[D].status, CAP_FREE);
	EXPECT_EQ(caps[A].status, CAP_LIVE);
	/* revoked and freed: E_NOENT */
	EXPECT_EQ(c_cap_revoke(0, C), E_NOENT);
	EXPECT_EQ(c_cap_revoke(1, G), E_NOENT);
	/* a waiting env may revoke and continue */
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(c_cap_revoke(0, A), E_AGAIN);
	finish(0, A);
}

/* ---- cap_revoke: the sweep ---------------------------------------------------------------- */

static void t_sweep(void)
{
	world();
	const unsigned one = sweep_calls(1);
	CHECK(NCAP % SWEEP_BUDGET == 0, "the call counts below assume NCAP %% SWEEP_BUDGET == 0");
	/* a cap without descendants: the kill starts a marking pass at slot
	 * 0, which revokes nothing (clean), then the freeing pass */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_ALL), E_OK);
	expect_sweep(0, KS(0, 0), sweep_calls(2), "lone cap");
	EXPECT_EQ(caps[KS(0, 0)].status, CAP_FREE);
	EXPECT_EQ(sweep.cursor, 0);
	EXPECT_EQ(sweep.phase, SWEEP_IDLE);
	/* descendants in slots after their parents go in the first pass,
	 * which (having revoked) is followed by a clean one */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 0), KS(0, 0), 2, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(2, KS(2, 0), KS(1, 0), 3, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(3, KS(3, 0), KS(2, 0), 5, 0), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 1), KS(0, 0), 5, PERM_X), E_OK);
	expect_sweep(0, KS(0, 0), sweep_calls(3), "chain in slot order");
	for (int32_t e = 0; e <= 3; e++)
		EXPECT_EQ(caps[KS(e, 0)].status, CAP_FREE);
	EXPECT_EQ(caps[KS(1, 1)].status, CAP_FREE);
	/* a chain written against the slot order: one pass per level */
	EXPECT_EQ(c_cap_grant(5, KS(5, 0), 47, 3, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(3, KS(3, 0), KS(5, 0), 2, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(2, KS(2, 0), KS(3, 0), 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(1, KS(1, 0), KS(2, 0), 0, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(0, KS(0, 0), KS(1, 0), 0, PERM_ALL), E_OK);
	/* KS(3,0) dies in pass 1 (its parent is killed before the sweep),
	 * KS(2,0) in pass 2, KS(1,0) in 3, KS(0,0) in 4; KS(0,0) is slot 0,
	 * killed with the cursor at 0, so pass 4 still counts as clean; the
	 * freeing pass */
	expect_sweep(5, KS(5, 0), sweep_calls(5), "chain against slot order");
	for (int32_t e = 0; e <= 5; e++)
		EXPECT_EQ(caps[KS(e, 0)].status, CAP_FREE);
	/* anyone continues, with any slot that is not live: the DEAD one, a
	 * free one; a live one is revoked on the way, behind the cursor: one
	 * more marking pass */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 2, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 2), 32, 3, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 0)), E_AGAIN);           /* call 1 */
	EXPECT_EQ(c_cap_revoke(3, KS(0, 0)), E_AGAIN);           /* 2: the DEAD slot */
	EXPECT_EQ(c_cap_revoke(5, KS(9, 3)), E_AGAIN);           /* 3: a free slot */
	EXPECT_EQ(c_cap_revoke(2, KS(0, 1)), E_AGAIN);           /* 4: live, its holder */
	EXPECT_EQ(caps[KS(0, 1)].status, CAP_DEAD);
	EXPECT_EQ(c_cap_revoke(9, KS(0, 0)), E_INVAL);           /* errors do not advance */
	EXPECT_EQ(c_cap_revoke(0, NCAP), E_INVAL);
	EXPECT_EQ(c_cap_revoke(5, KS(0, 2)), E_PERM);
	EXPECT_EQ(sweep.cursor, 4 * SWEEP_BUDGET);
	expect_sweep(1, KS(0, 1), sweep_calls(3) - 4, "continued by anyone");
	EXPECT_EQ(caps[KS(0, 2)].status, CAP_LIVE);              /* unrelated: kept */
	/* a revoke in the clean pass, behind its cursor, costs one more pass */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 0)), E_AGAIN);           /* call 1 */
	EXPECT_EQ(sweep.phase, SWEEP_MARK);
	EXPECT_EQ(sweep.cursor, SWEEP_BUDGET);
	EXPECT_EQ(sweep.changed, 0);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 1)), E_AGAIN);           /* call 2 */
	EXPECT_EQ(sweep.changed, 1);
	EXPECT_EQ(sweep.cursor, 2 * SWEEP_BUDGET);
	expect_sweep(0, KS(0, 0), sweep_calls(3) - 2, "revoke in the clean pass");
	/* one in the freeing pass turns it back into marking, from the cursor
	 * on; a slot freed before is reusable at once, and its new cap kept */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, PERM_ALL), E_OK);
	for (unsigned c = 1; c <= one + 1; c++)
		EXPECT_EQ(c_cap_revoke(0, KS(0, 0)), E_AGAIN);
	EXPECT_EQ(sweep.phase, SWEEP_FREE);
	EXPECT_EQ(sweep.cursor, SWEEP_BUDGET);
	EXPECT_EQ(caps[KS(0, 0)].status, CAP_FREE);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 0)), E_AGAIN);           /* FREE slot: continue */
	EXPECT_EQ(c_cap_grant(0, KS(0, 0), 32, 2, PERM_X), E_OK);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 1)), E_AGAIN);           /* call one + 3 */
	EXPECT_EQ(sweep.phase, SWEEP_MARK);
	EXPECT_EQ(sweep.changed, 1);
	expect_sweep(0, KS(0, 1), sweep_calls(4) - one - 3, "revoke in the freeing pass");
	/* a kill with the freeing pass at slot 0 starts marking afresh there:
	 * nothing is behind the cursor, so no re-pass */
	EXPECT_EQ(c_cap_grant(0, KS(0, 1), 31, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_grant(0, KS(0, 3), 31, 1, PERM_ALL), E_OK);
	for (unsigned c = 1; c <= one; c++)
		EXPECT_EQ(c_cap_revoke(0, KS(0, 1)), E_AGAIN);
	EXPECT_EQ(sweep.phase, SWEEP_FREE);
	EXPECT_EQ(sweep.cursor, 0);
	EXPECT_EQ(c_cap_revoke(0, KS(0, 3)), E_AGAIN);           /* call one + 1 */
	EXPECT_EQ(sweep.phase, SWEEP_MARK);
	EXPECT_EQ(sweep.changed, 0);
	expect_sweep(0, KS(0, 3), sweep_calls(3) - one - 1, "revoke at the freeing pass's start");
	EXPECT_EQ(caps[KS(0, 1)].status, CAP_FREE);
	EXPECT_EQ(caps[KS(0, 3)].status, CAP_FREE);
	EXPECT_EQ(caps[KS(0, 0)].status, CAP_LIVE);
	EXPECT_EQ(caps[KS(0, 1)].status, CAP_FREE);
}

/* Doomed capabilities stay usable until the sweep reaches them, and
 * everything derived from them goes too; unrelated caps on the same page
 * stay. */
static void t_sweep_doomed(void)
{
	world();
	const uint64_t A = KS(0, 0), C = KS(1, 0), G = KS(5, 0), D = KS(3, 0), U = KS(0, 1);
	CHECK(C < SWEEP_BUDGET && G >= SWEEP_BUDGET && D >= SWEEP_BUDGET && D < G &&
	      G < 2 * SWEEP_BUDGET, "test setup: slots and budget do not fit this test");
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(1, C, A, 5, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_derive(5, G, C, 3, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(3, 57, 0, G, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, U, 30, 2, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 0, U, PERM_W), E_OK);
	EXPECT_EQ(c_cap_revoke(0, A), E_AGAIN);       /* A killed, C in this budget */
	EXPECT_EQ(caps[A].status, CAP_DEAD);
	EXPECT_EQ(caps[C].status, CAP_DEAD);
	EXPECT_EQ(caps[G].status, CAP_LIVE);          /* doomed */
	CHECK(ptmem[57].e[0] != 0, "the doomed cap's mapping is still there");
	/* still in use: named, mapped, derived from */
	EXPECT_EQ(c_cap_on_page(30) != 0, 1);
	EXPECT_EQ(c_sys_page_free(0, 30), E_BUSY);
	EXPECT_EQ(c_cap_derive(3, D, G, 2, 0), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 1, D, 0), E_OK);
	EXPECT_EQ(c_sys_pt_prot(3, 57, 0, 0), E_OK);
	/* call 2 reaches D first (its parent G still live), then G: D needs
	 * one more pass; with a clean pass and the freeing pass, 4 in all */
	expect_sweep(0, A, sweep_calls(4) - 1, "doomed caps");
	EXPECT_EQ(caps[G].status, CAP_FREE);
	EXPECT_EQ(caps[D].status, CAP_FREE);
	EXPECT_EQ(ptmem[57].e[0], 0);
	EXPECT_EQ(ptmem[53].e[1], 0);
	/* the unrelated cap on the same page and its mapping stay */
	EXPECT_EQ(caps[U].status, CAP_LIVE);
	CHECK(m_pte_p(ptmem[53].e[0]) && m_pte_tag(ptmem[53].e[0]) == U + 1,
	      "the unrelated cap's mapping is gone");
	EXPECT_EQ(c_sys_page_free(0, 30), E_BUSY);
	EXPECT_EQ(c_cap_revoke(2, U), E_AGAIN);
	finish(2, U);
	EXPECT_EQ(ptmem[53].e[0], 0);
	EXPECT_EQ(c_sys_page_free(0, 30), E_OK);
}

/* ---- cap_kill_env ---------------------------------------------------------------------------- */

static void t_cap_kill_env(void)
{
	world();
	const uint64_t A = KS(1, 0), B = KS(0, 0), C = KS(2, 0), D = KS(0, 1), E = KS(0, 2),
		       F = KS(3, 0);
	EXPECT_EQ(c_cap_grant(1, A, 40, 0, PERM_ALL), E_OK);     /* held by 0 */
	EXPECT_EQ(c_sys_pt_map_cap(0, 13, 0, A, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, B, 30, 2, PERM_W), E_OK);       /* names 0's page */
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 0, B, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(2, C, B, 3, 0), E_OK);            /* names 0's page */
	EXPECT_EQ(c_cap_derive(0, D, A, 5, PERM_X), E_OK);       /* held by 5, names 1's page */
	EXPECT_EQ(c_sys_pt_map_cap(5, 61, 0, D, PERM_X), E_OK);
	EXPECT_EQ(c_cap_grant(0, E, 31, 0, PERM_W), E_OK);       /* to itself */
	EXPECT_EQ(c_sys_pt_map_cap(0, 13, 1, E, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(3, F, 46, 2, PERM_ALL), E_OK);     /* unrelated */
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 1, F, PERM_ALL), E_OK);
	unsigned long f = tlb_flushes;
	c_cap_kill_env(0);
	CHECK(tlb_flushes > f, "cap_kill_env did not flush the TLB");
	EXPECT_EQ(caps[A].status, CAP_DEAD);
	EXPECT_EQ(caps[B].status, CAP_DEAD);
	EXPECT_EQ(caps[C].status, CAP_DEAD);
	EXPECT_EQ(caps[E].status, CAP_DEAD);
	EXPECT_EQ(caps[D].status, CAP_LIVE);                     /* left to the sweep */
	EXPECT_EQ(caps[F].status, CAP_LIVE);
	EXPECT_EQ(ptmem[13].e[0], 0);
	EXPECT_EQ(ptmem[13].e[1], 0);
	EXPECT_EQ(ptmem[53].e[0], 0);                            /* in env 2's table */
	CHECK(ptmem[61].e[0] != 0 && ptmem[53].e[1] != 0, "unkilled mappings gone");
	EXPECT_EQ(sweep.phase, SWEEP_MARK);
	/* the env lives on, its pages too; its DEAD slots are busy until the
	 * sweep frees them */
	EXPECT_EQ(pages[30].owner, 0);
	EXPECT_EQ(c_cap_grant(0, B, 30, 2, 0), E_BUSY);
	finish(2, B);
	EXPECT_EQ(caps[D].status, CAP_FREE);
	EXPECT_EQ(ptmem[61].e[0], 0);
	EXPECT_EQ(c_cap_grant(0, B, 30, 2, 0), E_OK);
	/* an env with nothing to kill: nothing changes but the flush */
	c_cap_kill_env(5);
	EXPECT_EQ(sweep.phase, SWEEP_IDLE);
	EXPECT_EQ(caps[B].status, CAP_LIVE);
	/* the holder's kill_env */
	c_cap_kill_env(2);
	EXPECT_EQ(caps[B].status, CAP_DEAD);
	EXPECT_EQ(caps[F].status, CAP_DEAD);
	finish(3, F);
}

/* ---- cap_on_page ------------------------------------------------------------------------------ */

static void t_cap_on_page(void)
{
	world();
	const uint64_t A = KS(0, 0), G = KS(5, 0);
	CHECK(G >= SWEEP_BUDGET, "test setup");
	EXPECT_EQ(c_cap_on_page(30), 0);
	EXPECT_EQ(c_cap_grant(0, A, 30, 5, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_on_page(30) != 0, 1);
	EXPECT_EQ(c_cap_on_page(31), 0);
	EXPECT_EQ(c_cap_on_page(0), 0);             /* free */
	EXPECT_EQ(c_cap_on_page(64), 0);            /* kernel */
	EXPECT_EQ(c_cap_on_page(10), 0);            /* a root */
	EXPECT_EQ(c_cap_on_page(NPAGES - 1), 0);
	EXPECT_EQ(c_sys_pt_map_cap(5, 61, 3, A, PERM_W), E_OK);
	EXPECT_EQ(c_cap_on_page(30) != 0, 1);       /* mapped or not */
	EXPECT_EQ(c_cap_derive(5, G, A, 3, 0), E_OK);
	EXPECT_EQ(c_cap_revoke(0, A), E_AGAIN);
	EXPECT_EQ(caps[G].status, CAP_LIVE);
	EXPECT_EQ(c_cap_on_page(30) != 0, 1);       /* a doomed cap names it */
	EXPECT_EQ(c_cap_revoke(3, G), E_AGAIN);
	EXPECT_EQ(c_cap_on_page(30), 0);            /* only DEAD ones do */
	finish(0, A);
	EXPECT_EQ(c_cap_on_page(30), 0);
	/* the last slot of the table: env NENV-1's last one */
	mk(NENV - 1, NO_ENV);
	EXPECT_EQ(c_sys_page_alloc(NENV - 1, 33), E_OK);
	EXPECT_EQ(KS(NENV - 1, CAP_PER_ENV - 1), NCAP - 1);
	EXPECT_EQ(c_cap_grant(NENV - 1, NCAP - 1, 33, 0, PERM_W), E_OK);
	EXPECT_EQ(c_cap_on_page(33) != 0, 1);
	EXPECT_EQ(c_sys_page_free(NENV - 1, 33), E_BUSY);
	EXPECT_EQ(c_cap_revoke(0, NCAP - 1), E_AGAIN);
	EXPECT_EQ(c_cap_on_page(33), 0);
	EXPECT_EQ(c_sys_page_free(NENV - 1, 33), E_OK);
	finish(0, NCAP - 1);
}

/* ---- sys_pt_map_cap ---------------------------------------------------------------------------- */

static void t_pt_map_cap(void)
{
	world();
	const uint64_t A = KS(0, 0), W = KS(0, 1), X = KS(0, 2), Z = KS(0, 3), O = KS(0, 4),
		       Q = KS(1, 0), S = KS(0, 5), V = KS(0, 6);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_cap_grant(0, W, 31, 1, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, X, 32, 1, PERM_X), E_OK);
	EXPECT_EQ(c_cap_grant(0, Z, 32, 1, 0), E_OK);
	EXPECT_EQ(c_cap_grant(0, O, 30, 2, PERM_ALL), E_OK);      /* held by 2 */
	EXPECT_EQ(c_cap_grant(1, Q, 40, 2, PERM_ALL), E_OK);      /* 1 owns, 2 holds */
	EXPECT_EQ(c_cap_grant(0, V, 31, 1, PERM_W), E_OK);
	/* bad_env, t_range, t_perm */
	EXPECT_EQ(c_sys_pt_map_cap(-1, 23, 0, A, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(9, 23, 0, A, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(NENV, HUGE_PPN, NPTE, NCAP, 9), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, NPAGES, 0, A, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map_cap(1, HUGE_PPN, 0, A, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map_cap(1, WRAP32(23), 0, A, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map_cap(1, NPAGES, NPTE, NCAP, 9), E_RANGE);
	EXPECT_EQ(c_sys_pt_map_cap(1, 13, 0, A, 0), E_PERM);          /* env 0's PT1 */
	EXPECT_EQ(c_sys_pt_map_cap(1, 40, 0, A, 0), E_PERM);          /* own data page */
	EXPECT_EQ(c_sys_pt_map_cap(1, 0, 0, A, 0), E_PERM);           /* free */
	EXPECT_EQ(c_sys_pt_map_cap(1, 64, 0, A, 0), E_PERM);          /* kernel */
	EXPECT_EQ(c_sys_pt_map_cap(0, 23, 0, A, 0), E_PERM);          /* the owner, 1's table */
	EXPECT_EQ(c_sys_pt_map_cap(1, 13, NPTE, NCAP, 9), E_PERM);
	/* bad_arg: not a leaf table, index, perm, k */
	EXPECT_EQ(c_sys_pt_map_cap(1, 20, 1, A, 0), E_INVAL);         /* PML4 */
	EXPECT_EQ(c_sys_pt_map_cap(1, 21, 0, A, 0), E_INVAL);         /* PT3 */
	EXPECT_EQ(c_sys_pt_map_cap(1, 22, 1, A, 0), E_INVAL);         /* PT2 */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, NPTE, A, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, UINT64_MAX, A, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, WRAP32(0), A, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, A, 4), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, A, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, A, WRAP32(PERM_W)), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, NCAP, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, UINT64_MAX, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, WRAP32(A), 0), E_INVAL);
	/* ok: the entry maps the cap's page, tagged k + 1, with W/NX from perm */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, A, PERM_ALL), E_OK);
	check_leaf(23, 0, 30, PERM_ALL);
	EXPECT_EQ(m_pte_tag(leaf_entry(23, 0)), A + 1);
	EXPECT_EQ(caps[A].bind_table, 23);
	EXPECT_EQ(caps[A].bind_index, 0);
	EXPECT_EQ(pages[30].bind_table, NO_PAGE);      /* the page is not bound by it */
	/* used: before every check of k; any kind of entry */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, W, PERM_W), E_BUSY);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, KS(0, 9), 0), E_BUSY);  /* free k */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, A, PERM_ALL), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(1, 23, 1, 40, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 1, W, PERM_W), E_BUSY);     /* own mapping */
	EXPECT_EQ(c_sys_pt_view(1, 23, 2, 22), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 2, W, PERM_W), E_BUSY);     /* a view */
	/* not_held: free, held by another, owned but not held, DEAD */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, KS(0, 9), 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, O, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, Q, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(0, 13, 3, O, 0), E_PERM);          /* the owner of the page */
	EXPECT_EQ(c_cap_revoke(0, V), E_AGAIN);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, V, 0), E_PERM);
	finish(0, V);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, O, PERM_ALL), E_PERM);   /* before amplify */
	/* cap_mapped: a cap is mapped once */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, A, PERM_ALL), E_BUSY);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, A, 0), E_BUSY);
	/* amplify */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, W, PERM_X), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, W, PERM_ALL), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, X, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, X, PERM_ALL), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, Z, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, Z, PERM_X), E_PERM);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, Z, PERM_ALL), E_PERM);
	/* ok within the rights, any index */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, W, PERM_W), E_OK);
	check_leaf(23, 3, 31, PERM_W);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 4, X, 0), E_OK);
	check_leaf(23, 4, 32, 0);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, NPTE - 1, Z, 0), E_OK);
	check_leaf(23, NPTE - 1, 32, 0);
	EXPECT_EQ(caps[Z].bind_index, NPTE - 1);
	/* the page is mapped twice in env 1's table (X and Z): two caps */
	EXPECT_EQ(m_pte_tag(leaf_entry(23, 4)), X + 1);
	EXPECT_EQ(m_pte_tag(leaf_entry(23, NPTE - 1)), Z + 1);
	/* the owner maps its own page too, and through a cap to itself */
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, S, 30, 0, PERM_X), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(0, 13, 1, S, PERM_X), E_OK);
	check_leaf(13, 1, 30, PERM_X);
	EXPECT_EQ(pages[30].bind_table, 13);
	EXPECT_EQ(pages[30].bind_index, 0);
	/* unmapped, a cap can be mapped again elsewhere */
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 3), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 5, W, 0), E_OK);
	EXPECT_EQ(caps[W].bind_index, 5);
	/* a waiting env maps too */
	EXPECT_EQ(c_env_wait(0, 2), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 0, O, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(0, 13, 2, O, PERM_W), E_PERM);
}

/* ---- sys_pt_view --------------------------------------------------------------------------------- */

static void t_pt_view(void)
{
	world();
	EXPECT_EQ(c_sys_pt_link(0, 12, 1, 14), E_OK);          /* a second, empty PT1 */
	/* bad_env, t_range, t_perm */
	EXPECT_EQ(c_sys_pt_view(-1, 13, 0, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(9, 13, 0, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(NENV, HUGE_PPN, NPTE, HUGE_PPN), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, NPAGES, 0, 12), E_RANGE);
	EXPECT_EQ(c_sys_pt_view(0, HUGE_PPN, 0, 12), E_RANGE);
	EXPECT_EQ(c_sys_pt_view(0, WRAP32(13), 0, 12), E_RANGE);
	EXPECT_EQ(c_sys_pt_view(0, 23, 0, 12), E_PERM);         /* env 1's PT1 */
	EXPECT_EQ(c_sys_pt_view(0, 30, 0, 12), E_PERM);         /* own data page */
	EXPECT_EQ(c_sys_pt_view(0, 0, 0, 12), E_PERM);          /* free */
	EXPECT_EQ(c_sys_pt_view(0, 23, NPTE, HUGE_PPN), E_PERM);
	/* bad_arg: not a leaf table, bad index */
	EXPECT_EQ(c_sys_pt_view(0, 10, 1, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, 11, 0, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, 12, 2, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, 13, NPTE, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, 13, UINT64_MAX, 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, 13, WRAP32(0), 12), E_INVAL);
	EXPECT_EQ(c_sys_pt_view(0, 13, NPTE, HUGE_PPN), E_INVAL);
	/* ok: read-only, no-execute, tagged PTE_TAG_VIEW */
	EXPECT_EQ(c_sys_pt_view(0, 13, 0, 12), E_OK);
	check_leaf(13, 0, 12, 0);
	EXPECT_EQ(m_pte_tag(leaf_entry(13, 0)), PTE_TAG_VIEW);
	EXPECT_EQ(pages[12].view_table, 13);
	EXPECT_EQ(pages[12].view_index, 0);
	EXPECT_EQ(pages[12].bind_table, 11);                   /* its link is unchanged */
	/* used, before the checks of v */
	EXPECT_EQ(c_sys_pt_view(0, 13, 0, 11), E_BUSY);
	EXPECT_EQ(c_sys_pt_view(0, 13, 0, HUGE_PPN), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 13, 1, 30, 0), E_OK);
	EXPECT_EQ(c_sys_pt_view(0, 13, 1, 11), E_BUSY);        /* an own mapping */
	/* v_range, v_perm */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, NPAGES), E_RANGE);
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, WRAP32(11)), E_RANGE);
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 31), E_PERM);        /* own data page */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 0), E_PERM);         /* free */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 64), E_PERM);        /* kernel */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 200), E_PERM);       /* none */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 20), E_PERM);        /* env 1's root */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 23), E_PERM);        /* env 1's PT1 */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 40), E_PERM);        /* env 1's data */
	/* viewed: one view per table */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 12), E_BUSY);
	EXPECT_EQ(c_sys_pt_view(0, 14, 0, 12), E_BUSY);
	/* ok: every level, the table itself, the last index, another leaf */
	EXPECT_EQ(c_sys_pt_view(0, 13, 2, 10), E_OK);          /* the root */
	EXPECT_EQ(c_sys_pt_view(0, 13, 3, 11), E_OK);          /* PT3 */
	EXPECT_EQ(c_sys_pt_view(0, 13, NPTE - 1, 13), E_OK);   /* itself */
	EXPECT_EQ(c_sys_pt_view(0, 14, 7, 14), E_OK);          /* the empty PT1, in itself */
	EXPECT_EQ(pages[13].view_index, NPTE - 1);
	/* prot: only perm 0 on a view */
	EXPECT_EQ(c_sys_pt_prot(0, 13, 2, 0), E_OK);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 2, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 2, PERM_X), E_PERM);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 2, PERM_ALL), E_PERM);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 2, 4), E_INVAL);
	check_leaf(13, 2, 10, 0);
	/* unlink refuses a viewed table, even an otherwise empty one */
	EXPECT_EQ(c_sys_pt_unmap(0, 14, 7), E_OK);             /* 14 is empty and unviewed */
	EXPECT_EQ(c_sys_pt_view(0, 13, 4, 14), E_OK);          /* viewed from 13 */
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 1), E_BUSY);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 4), E_OK);
	EXPECT_EQ(pages[14].view_table, NO_PAGE);
	EXPECT_EQ(pages[14].view_index, 4);                    /* not assigned by unmap */
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 1), E_OK);
	EXPECT_EQ(pages[14].type, PG_FREE);
	/* a view is no mapping of a page: the viewed table's own link and
	 * the data pages are unaffected; another env's tables are not viewable
	 * and it cannot touch the view */
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_view(1, 23, 0, 23), E_OK);
	/* destroying the env frees viewed tables with their views */
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	for (ppn_t p = 10; p <= 14; p++)
		EXPECT_EQ(pages[p].view_table, NO_PAGE);
	EXPECT_EQ(pages[23].view_table, 23);
}

/* ---- sys_pt_unmap / sys_pt_prot on the three kinds of entries ------------------------------- */

static void t_unmap_kinds(void)
{
	world();
	const uint64_t A = KS(0, 0);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 5, A, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 6, 40, PERM_ALL), E_OK);
	EXPECT_EQ(c_sys_pt_view(1, 23, 7, 22), E_OK);
	/* the owner of the page cannot unmap the holder's entry */
	EXPECT_EQ(c_sys_pt_unmap(0, 23, 5), E_PERM);
	unsigned long f = tlb_flushes;
	/* cap: its binding goes, the cap stays live, the page is untouched */
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 5), E_OK);
	CHECK(tlb_flushes > f, "no flush");
	EXPECT_EQ(ptmem[23].e[5], 0);
	EXPECT_EQ(caps[A].bind_table, NO_PAGE);
	EXPECT_EQ(caps[A].bind_index, 5);
	EXPECT_EQ(caps[A].status, CAP_LIVE);
	EXPECT_EQ(pages[30].owner, 0);
	/* own */
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 6), E_OK);
	EXPECT_EQ(pages[40].bind_table, NO_PAGE);
	/* view */
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 7), E_OK);
	EXPECT_EQ(pages[22].view_table, NO_PAGE);
	EXPECT_EQ(pages[22].bind_table, 21);
	/* all gone */
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 5), E_NOENT);
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 6), E_NOENT);
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 7), E_NOENT);
	/* and usable again */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 8, A, 0), E_OK);
	EXPECT_EQ(c_sys_pt_view(1, 23, 9, 22), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 10, 40, 0), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 40), E_BUSY);
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 10), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 40), E_OK);
	/* revoking a mapped cap removes its entry at once, then flushes */
	f = tlb_flushes;
	EXPECT_EQ(c_cap_revoke(0, A), E_AGAIN);
	CHECK(tlb_flushes > f, "revoke of a mapped cap: no flush");
	EXPECT_EQ(ptmem[23].e[8], 0);
	EXPECT_EQ(caps[A].bind_table, NO_PAGE);
	EXPECT_EQ(caps[A].status, CAP_DEAD);
	finish(1, A);
}

static void t_prot_kinds(void)
{
	world();
	const uint64_t W = KS(0, 0), X = KS(0, 1), N = KS(0, 2), A = KS(0, 3);
	EXPECT_EQ(c_cap_grant(0, W, 30, 1, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, W, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, X, 31, 1, PERM_X), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 1, X, PERM_X), E_OK);
	EXPECT_EQ(c_cap_grant(0, N, 32, 1, 0), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 2, N, 0), E_OK);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 3, A, 0), E_OK);
	EXPECT_EQ(c_sys_pt_view(1, 23, 4, 22), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 5, 40, 0), E_OK);
	/* per kind, which perms are allowed (bit p of the mask: perm p) */
	static const struct { unsigned i; unsigned mask; ppn_t page; } k[] = {
		{ 0, 0x3, 30 }, { 1, 0x5, 31 }, { 2, 0x1, 32 }, { 3, 0xf, 30 },
		{ 4, 0x1, 22 }, { 5, 0xf, 40 },
	};
	for (unsigned j = 0; j < sizeof k / sizeof k[0]; j++)
		for (uint64_t perm = 0; perm <= PERM_ALL; perm++) {
			uint64_t before = ptmem[23].e[k[j].i];
			int ok = (k[j].mask >> perm) & 1;
			EXPECT_EQ(c_sys_pt_prot(1, 23, k[j].i, perm), ok ? E_OK : E_PERM);
			if (ok)
				check_leaf(23, k[j].i, k[j].page, perm);
			else
				EXPECT_EQ(ptmem[23].e[k[j].i], before);
		}
	/* bad perm before denied; empty before denied */
	EXPECT_EQ(c_sys_pt_prot(1, 23, 2, 4), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(1, 23, 4, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(1, 23, 9, PERM_ALL), E_NOENT);
	/* prot keeps the tag: unmap still finds the cap and the view */
	EXPECT_EQ(c_sys_pt_prot(1, 23, 3, PERM_ALL), E_OK);
	EXPECT_EQ(m_pte_tag(ptmem[23].e[3]), A + 1);
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 3), E_OK);
	EXPECT_EQ(caps[A].bind_table, NO_PAGE);
	EXPECT_EQ(c_sys_pt_unmap(1, 23, 4), E_OK);
	EXPECT_EQ(pages[22].view_table, NO_PAGE);
}

/* ---- sys_page_free and capabilities --------------------------------------------------------------- */

static void t_page_free_caps(void)
{
	world();
	const uint64_t A = KS(0, 0), C = KS(1, 0), B = KS(0, 1), D = KS(5, 0);
	CHECK(C < SWEEP_BUDGET && D >= SWEEP_BUDGET, "test setup");
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);
	/* a live cap names it: busy, mapped or not; others: perm first */
	EXPECT_EQ(c_sys_page_free(0, 30), E_BUSY);
	EXPECT_EQ(c_sys_page_free(1, 30), E_PERM);
	EXPECT_EQ(c_cap_derive(1, C, A, 2, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 0, C, PERM_W), E_OK);
	EXPECT_EQ(c_sys_page_free(0, 30), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, 0), E_OK);            /* mapped and named */
	EXPECT_EQ(c_sys_page_free(0, 30), E_BUSY);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 0), E_OK);
	/* once no cap is live (DEAD ones may remain), it can go, and be
	 * taken by another env while the sweep still runs */
	EXPECT_EQ(c_cap_revoke(1, A), E_AGAIN);
	EXPECT_EQ(caps[A].status, CAP_DEAD);
	EXPECT_EQ(caps[C].status, CAP_DEAD);
	EXPECT_EQ(ptmem[53].e[0], 0);
	EXPECT_EQ(c_sys_page_free(0, 30), E_OK);
	EXPECT_EQ(c_sys_page_alloc(3, 30), E_OK);
	EXPECT_EQ(caps[A].page, 30);                                /* a DEAD cap names it */
	finish(3, A);
	EXPECT_EQ(caps[A].status, CAP_FREE);
	/* a doomed cap still blocks it */
	EXPECT_EQ(c_cap_grant(0, B, 31, 5, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(5, D, B, 3, PERM_W), E_OK);
	EXPECT_EQ(c_cap_revoke(0, B), E_AGAIN);
	EXPECT_EQ(caps[D].status, CAP_LIVE);
	EXPECT_EQ(c_sys_page_free(0, 31), E_BUSY);
	finish(0, B);
	EXPECT_EQ(c_sys_page_free(0, 31), E_OK);
	check_accounting("page_free_caps");
}

/* ---- env_destroy and capabilities ------------------------------------------------------------------ */

static void t_destroy_caps(void)
{
	world();
	const uint64_t A = KS(0, 0), B = KS(0, 1), C = KS(2, 0), E = KS(1, 0), F = KS(0, 2),
		       G = KS(3, 0);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, PERM_ALL), E_OK);       /* 0's page, held by 1 */
	EXPECT_EQ(c_sys_pt_map_cap(1, 23, 0, A, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(0, B, 31, 2, PERM_W), E_OK);         /* 0's page, held by 2 */
	EXPECT_EQ(c_cap_derive(2, C, B, 3, PERM_W), E_OK);         /* ... derived for 3 */
	EXPECT_EQ(c_sys_pt_map_cap(3, 57, 0, C, PERM_W), E_OK);
	EXPECT_EQ(c_cap_grant(1, E, 40, 0, PERM_X), E_OK);         /* 1's page, held by 0 */
	EXPECT_EQ(c_sys_pt_map_cap(0, 13, 0, E, PERM_X), E_OK);
	EXPECT_EQ(c_cap_derive(0, F, E, 5, PERM_X), E_OK);         /* derived by 0 for 5 */
	EXPECT_EQ(c_sys_pt_map_cap(5, 61, 0, F, PERM_X), E_OK);
	EXPECT_EQ(c_cap_grant(3, G, 46, 2, PERM_ALL), E_OK);       /* unrelated */
	EXPECT_EQ(c_sys_pt_view(0, 13, 1, 12), E_OK);
	check_accounting("before destroy");
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	/* every cap 0 held or that names 0's pages is DEAD and unmapped;
	 * F (held by 5, on 1's page, derived from E) is left to the sweep */
	EXPECT_EQ(caps[A].status, CAP_DEAD);
	EXPECT_EQ(caps[B].status, CAP_DEAD);
	EXPECT_EQ(caps[C].status, CAP_DEAD);
	EXPECT_EQ(caps[E].status, CAP_DEAD);
	EXPECT_EQ(caps[F].status, CAP_LIVE);
	EXPECT_EQ(caps[G].status, CAP_LIVE);
	EXPECT_EQ(ptmem[23].e[0], 0);
	EXPECT_EQ(ptmem[57].e[0], 0);
	CHECK(ptmem[61].e[0] != 0, "F's mapping went with the destroy");
	for (ppn_t p = 10; p <= 13; p++)
		EXPECT_EQ(pages[p].type, PG_FREE);
	EXPECT_EQ(pages[12].view_table, NO_PAGE);
	EXPECT_EQ(pages[30].type, PG_FREE);
	EXPECT_EQ(pages[40].owner, 1);
	check_accounting("after destroy");
	/* a new env in slot 0 finds its DEAD slots busy until the sweep ends */
	mk(0, NO_ENV);
	EXPECT_EQ(c_sys_page_alloc(0, 30), E_OK);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, 0), E_BUSY);
	EXPECT_EQ(c_cap_grant(0, KS(0, 3), 30, 1, 0), E_OK);
	EXPECT_EQ(c_cap_revoke(0, A), E_AGAIN);                     /* the new 0 continues */
	finish(2, A);
	EXPECT_EQ(caps[F].status, CAP_FREE);
	EXPECT_EQ(ptmem[61].e[0], 0);
	EXPECT_EQ(c_cap_grant(0, A, 30, 1, 0), E_OK);
	/* a destroy while a sweep runs; the sweep goes on after it */
	EXPECT_EQ(c_cap_revoke(3, G), E_AGAIN);
	EXPECT_EQ(c_env_destroy(1), NO_ENV);                        /* holds A and KS(0,3) */
	EXPECT_EQ(caps[A].status, CAP_DEAD);
	finish(2, G);
	EXPECT_EQ(caps[A].status, CAP_FREE);
	/* the last envs go with a sweep under way: it waits for a new env */
	EXPECT_EQ(c_cap_grant(3, G, 46, 5, PERM_W), E_OK);
	EXPECT_EQ(c_cap_revoke(3, G), E_AGAIN);
	for (int32_t e = 0; e < NENV; e++)
		if (envs[e].status != ENV_FREE)
			c_env_destroy(e);
	EXPECT_EQ(sweep.phase, SWEEP_MARK);
	mk(7, NO_ENV);
	finish(7, G);
	EXPECT_EQ(c_env_destroy(7), NO_ENV);
	long nfree = 0;
	for (long p = 0; p < NPAGES; p++)
		nfree += pages[p].type == PG_FREE;
	EXPECT_EQ(nfree, ram_pages);
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE) {
			failf("caps[%ld] not FREE at the end", k);
			break;
		}
}

/* ---- the sweep's unmaps are flushed ---------------------------------------------------------------- */

/* Regression test of a core bug these tests found (README.md, "Core bugs
 * found"): env 5 holds a capability derived (into its own range, beyond
 * the first SWEEP_BUDGET slots) from one env 0 granted it, and maps it.
 * Env 0 revokes the parent: E_AGAIN, the child is doomed but still mapped.
 * Env 5 itself continues the sweep, which clears env 5's PTE: cap_revoke
 * must flush the TLB after that (env 5's address space is the current
 * one), or env 5 keeps reaching env 0's page after E_OK, after env 0 frees
 * it and after another env takes it. */
static void t_sweep_tlb(void)
{
	world();
	const uint64_t K0 = KS(0, 0), K5 = KS(5, 0);
	CHECK(K5 >= SWEEP_BUDGET && K5 < 2 * SWEEP_BUDGET, "test setup");
	EXPECT_EQ(c_cap_grant(0, K0, 30, 5, PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(5, K5, K0, 5, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(5, 61, 0, K5, PERM_W), E_OK);
	EXPECT_EQ(c_cap_revoke(0, K0), E_AGAIN);
	EXPECT_EQ(caps[K5].status, CAP_LIVE);
	unsigned long f = tlb_flushes;
	EXPECT_EQ(c_cap_revoke(5, K0), E_AGAIN);      /* env 5 continues the sweep */
	EXPECT_EQ(caps[K5].status, CAP_DEAD);
	EXPECT_EQ(ptmem[61].e[0], 0);
	CHECK(tlb_flushes > f, "the sweep unmapped env 5's entry without a TLB flush");
	finish(5, K0);
	EXPECT_EQ(c_sys_page_free(0, 30), E_OK);
	EXPECT_EQ(c_sys_page_alloc(3, 30), E_OK);
}

/* ---- nothing lost ---------------------------------------------------------------------------------- */

/* Many capabilities, chains, mappings and views across five envs; then
 * every capability is revoked by the owner of its page (one call each,
 * then one sweep), every env destroyed: all RAM is free, every slot FREE. */
static void t_nothing_lost(void)
{
	world();
	static const int32_t ev[] = { 0, 1, 2, 3, 5 };
	static const ppn_t data[] = { 30, 40, 45, 46, 47 };
	static const ppn_t leaf[] = { 13, 23, 53, 57, 61 };
	unsigned next[NENV] = { 0 }, idx[NENV] = { 0 };
	long boot_free = 0;
	for (long p = 0; p < NPAGES; p++)
		boot_free += pages[p].type == PG_FREE;
	for (unsigned a = 0; a < 5; a++)
		for (unsigned b = 0; b < 5; b++) {
			int32_t o = ev[a], h = ev[b];
			uint64_t k = KS(o, next[o]++);
			EXPECT_EQ(c_cap_grant(o, k, data[a], h, PERM_ALL), E_OK);
			EXPECT_EQ(c_sys_pt_map_cap(h, leaf[b], 100 + idx[h]++, k, (a + b) % 4), E_OK);
			int32_t h2 = ev[(b + 1) % 5];
			uint64_t k2 = KS(h, next[h]++);
			EXPECT_EQ(c_cap_derive(h, k2, k, h2, (a + b) % 4), E_OK);
			EXPECT_EQ(c_sys_pt_map_cap(h2, leaf[(b + 1) % 5], 100 + idx[h2]++, k2,
						   (a + b) % 4), E_OK);
		}
	for (unsigned a = 0; a < 5; a++)
		EXPECT_EQ(c_sys_pt_view(ev[a], leaf[a], 300, leaf[a]), E_OK);
	for (unsigned a = 0; a < 5; a++)
		EXPECT_EQ(c_sys_page_free(ev[a], data[a]), E_BUSY);
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status == CAP_LIVE && caps[k].parent == NO_CAP) {
			int r = c_cap_revoke(pages[caps[k].page].owner, (uint64_t)k);
			CHECK(r == E_AGAIN || r == E_OK, "revoke %ld -> %d", k, r);
		}
	finish(0, 0);
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE) {
			failf("caps[%ld] not FREE after revoking every root cap", k);
			break;
		}
	for (unsigned a = 0; a < 5; a++)
		EXPECT_EQ(c_sys_page_free(ev[a], data[a]), E_OK);
	for (unsigned a = 0; a < 5; a++)
		c_env_destroy(ev[a]);
	long nfree = 0;
	for (long p = 0; p < NPAGES; p++)
		nfree += pages[p].type == PG_FREE;
	EXPECT_EQ(nfree, ram_pages);
	EXPECT_EQ(nfree, 65);
	CHECK(boot_free < nfree, "test setup");
	EXPECT_EQ(sweep.phase, SWEEP_IDLE);
}

const struct test cap_tests[] = {
	{ "env_target",                t_env_target },
	{ "cap_table_init",            t_cap_table_init },
	{ "cap_grant",                 t_cap_grant },
	{ "cap_derive",                t_cap_derive },
	{ "cap_revoke_rights",         t_cap_revoke_rights },
	{ "sweep",                     t_sweep },
	{ "sweep_doomed",              t_sweep_doomed },
	{ "cap_kill_env",              t_cap_kill_env },
	{ "cap_on_page",               t_cap_on_page },
	{ "sys_pt_map_cap",            t_pt_map_cap },
	{ "sys_pt_view",               t_pt_view },
	{ "unmap_kinds",               t_unmap_kinds },
	{ "prot_kinds",                t_prot_kinds },
	{ "page_free_caps",            t_page_free_caps },
	{ "destroy_caps",              t_destroy_caps },
	{ "sweep_tlb_flush",           t_sweep_tlb },
	{ "nothing_lost",              t_nothing_lost },
};
const size_t n_cap_tests = sizeof cap_tests / sizeof cap_tests[0];
