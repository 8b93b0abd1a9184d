// SPDX-License-Identifier: MIT
/*
 * Directed tests: every error path of every core function, the order in
 * which errors are checked, and the scenarios named in the contracts.  All
 * calls go through the checked wrappers, so each one is also compared with
 * the model, checked against Inv, and checked for "failing call changes
 * nothing"; the expected values below are written by hand from the ACSL
 * contracts, which in turn checks the model.
 */
#include <string.h>
#include "harness.h"

#define HUGE_PPN   UINT64_MAX
#define WRAP32(p)  ((1ull << 32) + (uint64_t)(p))   /* aliases p if truncated */

/* Boot map used by most tests: pages 0..63 free, 64..71 kernel, NPAGES-1
 * free, everything else PG_NONE. */
static void boot_small(void)
{
	c_core_init();
	for (ppn_t p = 0; p < 64; p++)
		EXPECT_EQ(c_page_boot_mark(p, PG_FREE), E_OK);
	for (ppn_t p = 64; p < 72; p++)
		EXPECT_EQ(c_page_boot_mark(p, PG_KERNEL), E_OK);
	EXPECT_EQ(c_page_boot_mark(NPAGES - 1, PG_FREE), E_OK);
}

/* env_create that must succeed; returns the slot. */
static int32_t mk(int32_t slot, int32_t parent)
{
	envid_t id = c_env_create(slot, parent);
	CHECK(id >= NENV && id % NENV == slot, "env_create(%d, %d) -> %d", slot, parent, id);
	return slot;
}

/* ---- boot ------------------------------------------------------------------ */

static void t_core_init(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	EXPECT_EQ(c_page_claim(0, 3, PG_PT), E_OK);
	EXPECT_EQ(c_env_set_root(0, 3), E_OK);
	EXPECT_EQ(c_page_claim(1, 4, PG_USER), E_OK);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	poke_free_gen(9, GEN_MAX);
	c_core_init();
	for (int e = 0; e < NENV; e++) {
		EXPECT_EQ(envs[e].status, ENV_FREE);
		EXPECT_EQ(envs[e].gen, 1);
		EXPECT_EQ(envs[e].parent, NO_ENV);
		EXPECT_EQ(envs[e].wait_child, NO_ENV);
		EXPECT_EQ(envs[e].root, NO_PAGE);
	}
	for (long p = 0; p < NPAGES; p++)
		if (pages[p].type != PG_NONE || pages[p].owner != NO_OWNER)
			failf("pages[%ld] not reset", p);
}

static void t_page_table_init(void)
{
	boot_small();
	poke_free_gen(5, 77);
	c_page_table_init();
	EXPECT_EQ(envs[5].gen, 77);      /* envs untouched */
	EXPECT_EQ(pages[0].type, PG_NONE);
	EXPECT_EQ(pages[64].type, PG_NONE);
	EXPECT_EQ(pages[NPAGES - 1].type, PG_NONE);
}

/* ---- page_boot_mark ---------------------------------------------------------- */

static void t_boot_mark(void)
{
	boot_small();
	/* range, and range before bad_type */
	EXPECT_EQ(c_page_boot_mark(NPAGES, PG_FREE), E_RANGE);
	EXPECT_EQ(c_page_boot_mark(NPAGES + 1, PG_KERNEL), E_RANGE);
	EXPECT_EQ(c_page_boot_mark(HUGE_PPN, PG_FREE), E_RANGE);
	EXPECT_EQ(c_page_boot_mark(WRAP32(5), PG_FREE), E_RANGE);
	EXPECT_EQ(c_page_boot_mark(1ull << 63, PG_FREE), E_RANGE);
	EXPECT_EQ(c_page_boot_mark(HUGE_PPN, 99), E_RANGE);
	EXPECT_EQ(c_page_boot_mark(NPAGES, PG_USER), E_RANGE);
	/* bad_type */
	EXPECT_EQ(c_page_boot_mark(0, PG_NONE), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_USER), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_PT), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, 5), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(NPAGES - 1, UINT32_MAX), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(100, 0x100 + PG_FREE), E_INVAL);
	/* owned */
	mk(0, NO_ENV);
	EXPECT_EQ(c_page_claim(0, 1, PG_USER), E_OK);
	EXPECT_EQ(c_page_claim(0, 2, PG_PT), E_OK);
	EXPECT_EQ(c_page_boot_mark(1, PG_FREE), E_BUSY);
	EXPECT_EQ(c_page_boot_mark(1, PG_KERNEL), E_BUSY);
	EXPECT_EQ(c_page_boot_mark(2, PG_FREE), E_BUSY);
	EXPECT_EQ(c_page_boot_mark(2, PG_USER), E_INVAL);   /* bad_type before owned */
	EXPECT_EQ(pages[1].owner, 0);
	/* ok: every unowned starting type, both target types */
	EXPECT_EQ(c_page_boot_mark(100, PG_FREE), E_OK);     /* NONE -> FREE    */
	EXPECT_EQ(c_page_boot_mark(101, PG_KERNEL), E_OK);   /* NONE -> KERNEL  */
	EXPECT_EQ(c_page_boot_mark(100, PG_KERNEL), E_OK);   /* FREE -> KERNEL  */
	EXPECT_EQ(c_page_boot_mark(101, PG_FREE), E_OK);     /* KERNEL -> FREE  */
	EXPECT_EQ(c_page_boot_mark(101, PG_FREE), E_OK);     /* FREE -> FREE    */
	EXPECT_EQ(c_page_boot_mark(0, PG_KERNEL), E_OK);
	EXPECT_EQ(c_page_boot_mark(NPAGES - 1, PG_KERNEL), E_OK);
	EXPECT_EQ(pages[100].type, PG_KERNEL);
	EXPECT_EQ(pages[101].type, PG_FREE);
	EXPECT_EQ(pages[101].owner, NO_OWNER);
}

/* ---- page_claim ---------------------------------------------------------------- */

static void t_page_claim(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	/* bad_arg: env not live */
	EXPECT_EQ(c_page_claim(-1, 0, PG_USER), E_INVAL);
	EXPECT_EQ(c_page_claim(NENV, 0, PG_USER), E_INVAL);
	EXPECT_EQ(c_page_claim(INT32_MIN, 0, PG_USER), E_INVAL);
	EXPECT_EQ(c_page_claim(INT32_MAX, 0, PG_PT), E_INVAL);
	EXPECT_EQ(c_page_claim(5, 0, PG_USER), E_INVAL);              /* free slot */
	/* bad_arg: type */
	EXPECT_EQ(c_page_claim(0, 0, PG_NONE), E_INVAL);
	EXPECT_EQ(c_page_claim(0, 0, PG_FREE), E_INVAL);
	EXPECT_EQ(c_page_claim(0, 0, PG_KERNEL), E_INVAL);
	EXPECT_EQ(c_page_claim(0, 0, 5), E_INVAL);
	EXPECT_EQ(c_page_claim(0, 0, UINT32_MAX), E_INVAL);
	EXPECT_EQ(c_page_claim(0, 0, 0x100 + PG_USER), E_INVAL);
	/* bad_arg comes before range */
	EXPECT_EQ(c_page_claim(-1, HUGE_PPN, PG_USER), E_INVAL);
	EXPECT_EQ(c_page_claim(0, HUGE_PPN, PG_KERNEL), E_INVAL);
	/* range */
	EXPECT_EQ(c_page_claim(0, NPAGES, PG_USER), E_RANGE);
	EXPECT_EQ(c_page_claim(0, HUGE_PPN, PG_PT), E_RANGE);
	EXPECT_EQ(c_page_claim(0, WRAP32(3), PG_USER), E_RANGE);
	EXPECT_EQ(c_page_claim(0, NO_PAGE, PG_USER), E_RANGE);
	/* reserved: PG_NONE and PG_KERNEL */
	EXPECT_EQ(c_page_claim(0, 100, PG_USER), E_RESERVED);
	EXPECT_EQ(c_page_claim(0, 64, PG_PT), E_RESERVED);
	EXPECT_EQ(c_page_claim(0, NPAGES - 2, PG_USER), E_RESERVED);
	/* ok */
	EXPECT_EQ(c_page_claim(0, 3, PG_USER), E_OK);
	EXPECT_EQ(c_page_claim(1, 4, PG_PT), E_OK);
	EXPECT_EQ(c_page_claim(1, NPAGES - 1, PG_USER), E_OK);
	EXPECT_EQ(pages[3].owner, 0);
	EXPECT_EQ(pages[3].type, PG_USER);
	EXPECT_EQ(pages[4].owner, 1);
	EXPECT_EQ(pages[4].type, PG_PT);
	/* busy: owned by itself, owned by another, any requested type */
	EXPECT_EQ(c_page_claim(0, 3, PG_USER), E_BUSY);
	EXPECT_EQ(c_page_claim(0, 3, PG_PT), E_BUSY);
	EXPECT_EQ(c_page_claim(0, 4, PG_USER), E_BUSY);
	EXPECT_EQ(c_page_claim(1, 3, PG_PT), E_BUSY);
	/* a waiting env is live and may claim */
	mk(2, 0);
	EXPECT_EQ(c_env_wait(0, 2), E_OK);
	EXPECT_EQ(c_page_claim(0, 5, PG_USER), E_OK);
}

/* ---- page_release ---------------------------------------------------------------- */

static void t_page_release(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	EXPECT_EQ(c_page_claim(0, 1, PG_USER), E_OK);
	EXPECT_EQ(c_page_claim(0, 2, PG_PT), E_OK);
	EXPECT_EQ(c_page_claim(0, 3, PG_PT), E_OK);
	EXPECT_EQ(c_page_claim(1, 4, PG_USER), E_OK);
	EXPECT_EQ(c_env_set_root(0, 2), E_OK);
	/* bad_env, before range */
	EXPECT_EQ(c_page_release(-1, 1), E_INVAL);
	EXPECT_EQ(c_page_release(NENV, 1), E_INVAL);
	EXPECT_EQ(c_page_release(INT32_MIN, 1), E_INVAL);
	EXPECT_EQ(c_page_release(7, 1), E_INVAL);
	EXPECT_EQ(c_page_release(7, HUGE_PPN), E_INVAL);
	/* range */
	EXPECT_EQ(c_page_release(0, NPAGES), E_RANGE);
	EXPECT_EQ(c_page_release(0, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_page_release(0, WRAP32(1)), E_RANGE);
	/* not_owner: free, kernel, none, another env's page, another env's root */
	EXPECT_EQ(c_page_release(0, 10), E_PERM);
	EXPECT_EQ(c_page_release(0, 64), E_PERM);
	EXPECT_EQ(c_page_release(0, 200), E_PERM);
	EXPECT_EQ(c_page_release(0, 4), E_PERM);
	EXPECT_EQ(c_page_release(1, 1), E_PERM);
	EXPECT_EQ(c_page_release(1, 2), E_PERM);
	/* root: the root page table cannot be released */
	EXPECT_EQ(c_page_release(0, 2), E_BUSY);
	EXPECT_EQ(pages[2].owner, 0);
	EXPECT_EQ(envs[0].root, 2);
	/* ok: data page and non-root page-table page */
	EXPECT_EQ(c_page_release(0, 1), E_OK);
	EXPECT_EQ(c_page_release(0, 3), E_OK);
	EXPECT_EQ(pages[1].type, PG_FREE);
	EXPECT_EQ(pages[3].type, PG_FREE);
	/* double release */
	EXPECT_EQ(c_page_release(0, 1), E_PERM);
	/* a released page can be claimed again by someone else */
	EXPECT_EQ(c_page_claim(1, 1, PG_PT), E_OK);
}

/* ---- env_create ------------------------------------------------------------------- */

static void t_env_create(void)
{
	boot_small();
	/* bad_arg: slot */
	EXPECT_EQ(c_env_create(-1, NO_ENV), E_INVAL);
	EXPECT_EQ(c_env_create(NENV, NO_ENV), E_INVAL);
	EXPECT_EQ(c_env_create(INT32_MIN, NO_ENV), E_INVAL);
	EXPECT_EQ(c_env_create(INT32_MAX, NO_ENV), E_INVAL);
	/* bad_arg: parent */
	EXPECT_EQ(c_env_create(0, -2), E_INVAL);
	EXPECT_EQ(c_env_create(0, NENV), E_INVAL);
	EXPECT_EQ(c_env_create(0, INT32_MIN), E_INVAL);
	EXPECT_EQ(c_env_create(0, 3), E_INVAL);      /* free parent slot */
	EXPECT_EQ(c_env_create(0, 0), E_INVAL);      /* itself, free      */
	/* ok */
	EXPECT_EQ(c_env_create(0, NO_ENV), 1 * NENV + 0);
	EXPECT_EQ(c_env_create(NENV - 1, 0), 1 * NENV + NENV - 1);
	EXPECT_EQ(envs[NENV - 1].parent, 0);
	EXPECT_EQ(envs[NENV - 1].status, ENV_RUNNABLE);
	EXPECT_EQ(envs[NENV - 1].root, NO_PAGE);
	/* busy, with a good parent of either kind */
	EXPECT_EQ(c_env_create(0, NO_ENV), E_BUSY);
	EXPECT_EQ(c_env_create(0, NENV - 1), E_BUSY);
	EXPECT_EQ(c_env_create(0, 0), E_BUSY);       /* live itself: busy */
	/* bad_arg comes before busy */
	EXPECT_EQ(c_env_create(0, 5), E_INVAL);
	EXPECT_EQ(c_env_create(0, -7), E_INVAL);
	/* a waiting env may be a parent */
	EXPECT_EQ(c_env_wait(0, NENV - 1), E_OK);
	EXPECT_EQ(c_env_create(10, 0), 1 * NENV + 10);
	/* the id follows the slot's generation */
	poke_free_gen(20, 12345);
	EXPECT_EQ(c_env_create(20, 10), 12345 * NENV + 20);
}

/* ---- env_set_root -------------------------------------------------------------------- */

static void t_env_set_root(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	EXPECT_EQ(c_page_claim(0, 1, PG_USER), E_OK);
	EXPECT_EQ(c_page_claim(0, 2, PG_PT), E_OK);
	EXPECT_EQ(c_page_claim(0, 3, PG_PT), E_OK);
	EXPECT_EQ(c_page_claim(1, 4, PG_PT), E_OK);
	/* bad_env, before range */
	EXPECT_EQ(c_env_set_root(-1, 2), E_INVAL);
	EXPECT_EQ(c_env_set_root(NENV, 2), E_INVAL);
	EXPECT_EQ(c_env_set_root(INT32_MAX, 2), E_INVAL);
	EXPECT_EQ(c_env_set_root(9, 2), E_INVAL);
	EXPECT_EQ(c_env_set_root(9, HUGE_PPN), E_INVAL);
	/* range */
	EXPECT_EQ(c_env_set_root(0, NPAGES), E_RANGE);
	EXPECT_EQ(c_env_set_root(0, NO_PAGE), E_RANGE);
	EXPECT_EQ(c_env_set_root(0, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_env_set_root(0, WRAP32(2)), E_RANGE);
	/* perm: data page, another env's page table, free/kernel/none pages */
	EXPECT_EQ(c_env_set_root(0, 1), E_PERM);
	EXPECT_EQ(c_env_set_root(0, 4), E_PERM);
	EXPECT_EQ(c_env_set_root(0, 10), E_PERM);
	EXPECT_EQ(c_env_set_root(0, 64), E_PERM);
	EXPECT_EQ(c_env_set_root(0, 300), E_PERM);
	/* ok */
	EXPECT_EQ(c_env_set_root(0, 2), E_OK);
	EXPECT_EQ(envs[0].root, 2);
	/* busy: a second root, or the same one again */
	EXPECT_EQ(c_env_set_root(0, 3), E_BUSY);
	EXPECT_EQ(c_env_set_root(0, 2), E_BUSY);
	/* perm comes before busy */
	EXPECT_EQ(c_env_set_root(0, 1), E_PERM);
	EXPECT_EQ(c_env_set_root(0, 4), E_PERM);
	/* root page cannot be released, the other PT page can */
	EXPECT_EQ(c_page_release(0, 2), E_BUSY);
	EXPECT_EQ(c_page_release(0, 3), E_OK);
	/* the root page is given back when its env is destroyed */
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	EXPECT_EQ(pages[2].type, PG_FREE);
	EXPECT_EQ(pages[2].owner, NO_OWNER);
	EXPECT_EQ(envs[0].root, NO_PAGE);
	/* and a new env in the slot starts without a root */
	mk(0, NO_ENV);
	EXPECT_EQ(envs[0].root, NO_PAGE);
	EXPECT_EQ(c_env_set_root(0, 2), E_PERM);
	EXPECT_EQ(c_page_claim(0, 2, PG_PT), E_OK);
	EXPECT_EQ(c_env_set_root(0, 2), E_OK);
}

/* ---- env_lookup ------------------------------------------------------------------------ */

static void t_env_lookup(void)
{
	boot_small();
	envid_t a = c_env_create(3, NO_ENV);
	EXPECT_EQ(a, NENV + 3);
	/* malformed */
	EXPECT_EQ(c_env_lookup(0), E_INVAL);
	EXPECT_EQ(c_env_lookup(3), E_INVAL);           /* slot 3, generation 0 */
	EXPECT_EQ(c_env_lookup(NENV - 1), E_INVAL);
	EXPECT_EQ(c_env_lookup(-1), E_INVAL);
	EXPECT_EQ(c_env_lookup(-NENV - 3), E_INVAL);
	EXPECT_EQ(c_env_lookup(INT32_MIN), E_INVAL);
	EXPECT_EQ(c_env_lookup((GEN_MAX + 1) * NENV), E_INVAL);
	EXPECT_EQ(c_env_lookup((GEN_MAX + 1) * NENV + 3), E_INVAL);
	EXPECT_EQ(c_env_lookup(INT32_MAX), E_INVAL);
	/* stale: free slot, wrong generation of a live slot */
	EXPECT_EQ(c_env_lookup(NENV + 4), E_STALE);
	EXPECT_EQ(c_env_lookup(NENV), E_STALE);
	EXPECT_EQ(c_env_lookup(2 * NENV + 3), E_STALE);
	EXPECT_EQ(c_env_lookup(GEN_MAX * NENV + 3), E_STALE);
	/* ok */
	EXPECT_EQ(c_env_lookup(a), 3);
	/* the largest well-formed id */
	poke_free_gen(NENV - 1, GEN_MAX);
	envid_t z = c_env_create(NENV - 1, 3);
	EXPECT_EQ(z, (GEN_MAX + 1) * NENV - 1);
	EXPECT_EQ(c_env_lookup(z), NENV - 1);
	EXPECT_EQ(c_env_lookup(z + 1), E_INVAL);
	EXPECT_EQ(c_env_lookup(z - NENV), E_STALE);
	/* a waiting env is found too */
	EXPECT_EQ(c_env_wait(3, NENV - 1), E_OK);
	EXPECT_EQ(c_env_lookup(a), 3);
}

/* ---- env_wait ----------------------------------------------------------------------------- */

static void t_env_wait(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	mk(3, 1);
	mk(4, NO_ENV);
	/* bad_arg: e */
	EXPECT_EQ(c_env_wait(-1, 1), E_INVAL);
	EXPECT_EQ(c_env_wait(NENV, 1), E_INVAL);
	EXPECT_EQ(c_env_wait(INT32_MIN, 1), E_INVAL);
	EXPECT_EQ(c_env_wait(9, 1), E_INVAL);          /* free */
	/* bad_arg: child */
	EXPECT_EQ(c_env_wait(0, -1), E_INVAL);
	EXPECT_EQ(c_env_wait(0, NENV), E_INVAL);
	EXPECT_EQ(c_env_wait(0, INT32_MAX), E_INVAL);
	EXPECT_EQ(c_env_wait(0, 9), E_INVAL);          /* free */
	/* perm: not a child, itself, its parent, a grandchild */
	EXPECT_EQ(c_env_wait(0, 4), E_PERM);
	EXPECT_EQ(c_env_wait(0, 0), E_PERM);
	EXPECT_EQ(c_env_wait(1, 0), E_PERM);
	EXPECT_EQ(c_env_wait(0, 3), E_PERM);
	EXPECT_EQ(c_env_wait(4, 1), E_PERM);
	/* bad_arg before perm */
	EXPECT_EQ(c_env_wait(9, 4), E_INVAL);
	/* ok */
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(envs[0].status, ENV_WAITING);
	EXPECT_EQ(envs[0].wait_child, 1);
	/* a waiting env cannot wait again (not runnable) */
	EXPECT_EQ(c_env_wait(0, 2), E_INVAL);
	EXPECT_EQ(c_env_wait(0, 1), E_INVAL);
	/* the awaited child is live and may wait for its own child */
	EXPECT_EQ(c_env_wait(1, 3), E_OK);
	/* a waiting env is still a live child */
	EXPECT_EQ(c_env_wait(0, 1), E_INVAL);
	EXPECT_EQ(c_env_wait(4, 0), E_PERM);
}

/* ---- env_destroy ---------------------------------------------------------------------------- */

static void t_destroy_wakes_parent(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(c_env_destroy(1), 0);
	EXPECT_EQ(envs[0].status, ENV_RUNNABLE);
	EXPECT_EQ(envs[0].wait_child, NO_ENV);
	EXPECT_EQ(envs[1].status, ENV_FREE);
	/* the woken parent can wait again */
	mk(1, 0);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(c_env_destroy(1), 0);
}

static void t_destroy_parent_waits_other(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(c_env_destroy(2), NO_ENV);
	EXPECT_EQ(envs[0].status, ENV_WAITING);
	EXPECT_EQ(envs[0].wait_child, 1);
	/* a runnable parent is not "woken" either */
	mk(2, 1);
	EXPECT_EQ(c_env_destroy(2), NO_ENV);
	EXPECT_EQ(envs[1].status, ENV_RUNNABLE);
	/* nor is a non-parent that happens to be waiting */
	mk(5, NO_ENV);
	mk(6, 5);
	EXPECT_EQ(c_env_wait(5, 6), E_OK);
	EXPECT_EQ(c_env_destroy(1), 0);
	EXPECT_EQ(envs[5].status, ENV_WAITING);
}

static void t_destroy_orphans(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	mk(3, 1);                      /* grandchild */
	mk(4, NO_ENV);
	EXPECT_EQ(c_page_claim(1, 10, PG_PT), E_OK);
	EXPECT_EQ(c_env_set_root(1, 10), E_OK);
	EXPECT_EQ(c_page_claim(2, 11, PG_USER), E_OK);
	EXPECT_EQ(c_env_wait(1, 3), E_OK);
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	EXPECT_EQ(envs[1].parent, NO_ENV);
	EXPECT_EQ(envs[2].parent, NO_ENV);
	EXPECT_EQ(envs[1].status, ENV_WAITING);      /* keeps waiting for 3 */
	EXPECT_EQ(envs[1].wait_child, 3);
	EXPECT_EQ(envs[1].root, 10);
	EXPECT_EQ(envs[3].parent, 1);                /* grandchild untouched */
	EXPECT_EQ(pages[10].owner, 1);               /* children keep pages */
	EXPECT_EQ(pages[11].owner, 2);
	/* orphans are still fully functional */
	EXPECT_EQ(c_env_destroy(3), 1);
	EXPECT_EQ(c_env_wait(1, 2), E_PERM);
	EXPECT_EQ(c_env_lookup(NENV + 0), E_STALE);
	EXPECT_EQ(c_env_lookup(2 * NENV + 0), E_STALE);
	/* a recycled slot 0 does not adopt the old children */
	mk(0, NO_ENV);
	EXPECT_EQ(c_env_wait(0, 1), E_PERM);
	EXPECT_EQ(c_env_wait(0, 2), E_PERM);
}

static void t_destroy_waiting_env(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 1);
	EXPECT_EQ(c_env_wait(1, 2), E_OK);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	/* 1 is waiting for 2 and is waited for by 0 */
	EXPECT_EQ(c_env_destroy(1), 0);
	EXPECT_EQ(envs[0].status, ENV_RUNNABLE);
	EXPECT_EQ(envs[1].status, ENV_FREE);
	EXPECT_EQ(envs[1].wait_child, NO_ENV);
	EXPECT_EQ(envs[2].parent, NO_ENV);
	EXPECT_EQ(envs[2].status, ENV_RUNNABLE);
	/* the last env goes, slot by slot */
	EXPECT_EQ(c_env_destroy(2), NO_ENV);
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	for (int e = 0; e < NENV; e++)
		EXPECT_EQ(envs[e].status, ENV_FREE);
	c_page_table_init();   /* allowed again: no env is live */
}

static void t_destroy_frees_pages(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	for (ppn_t p = 0; p < 20; p++)
		EXPECT_EQ(c_page_claim(0, p, p % 3 ? PG_USER : PG_PT), E_OK);
	for (ppn_t p = 20; p < 30; p++)
		EXPECT_EQ(c_page_claim(1, p, PG_USER), E_OK);
	EXPECT_EQ(c_page_claim(0, NPAGES - 1, PG_USER), E_OK);
	EXPECT_EQ(c_env_set_root(0, 0), E_OK);
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	for (ppn_t p = 0; p < 20; p++) {
		EXPECT_EQ(pages[p].type, PG_FREE);
		EXPECT_EQ(pages[p].owner, NO_OWNER);
	}
	EXPECT_EQ(pages[NPAGES - 1].type, PG_FREE);
	for (ppn_t p = 20; p < 30; p++)
		EXPECT_EQ(pages[p].owner, 1);
	for (ppn_t p = 64; p < 72; p++)
		EXPECT_EQ(pages[p].type, PG_KERNEL);
	/* freed pages are claimable at once */
	EXPECT_EQ(c_page_claim(1, 0, PG_PT), E_OK);
	EXPECT_EQ(c_page_release(0, 5), E_INVAL);   /* 0 is dead now */
}

static void t_stale_after_destroy(void)
{
	boot_small();
	envid_t a = c_env_create(5, NO_ENV);
	EXPECT_EQ(c_env_lookup(a), 5);
	EXPECT_EQ(c_env_destroy(5), NO_ENV);
	EXPECT_EQ(c_env_lookup(a), E_STALE);
	EXPECT_EQ(envs[5].gen, 2);
	envid_t b = c_env_create(5, NO_ENV);
	EXPECT_EQ(b, a + NENV);
	EXPECT_EQ(c_env_lookup(a), E_STALE);        /* earlier generation */
	EXPECT_EQ(c_env_lookup(b), 5);
	EXPECT_EQ(c_env_destroy(5), NO_ENV);
	envid_t c = c_env_create(5, NO_ENV);
	EXPECT_EQ(c_env_lookup(a), E_STALE);
	EXPECT_EQ(c_env_lookup(b), E_STALE);
	EXPECT_EQ(c_env_lookup(c), 5);
	EXPECT_EQ(c_env_lookup(c + NENV), E_STALE);  /* a future generation */
}

static void t_gen_wrap(void)
{
	boot_small();
	envid_t first = c_env_create(7, NO_ENV);     /* generation 1 */
	EXPECT_EQ(first, NENV + 7);
	EXPECT_EQ(c_env_destroy(7), NO_ENV);
	poke_free_gen(7, GEN_MAX - 1);
	envid_t a = c_env_create(7, NO_ENV);
	EXPECT_EQ(a, (GEN_MAX - 1) * NENV + 7);
	EXPECT_EQ(c_env_destroy(7), NO_ENV);
	EXPECT_EQ(envs[7].gen, GEN_MAX);
	envid_t b = c_env_create(7, NO_ENV);
	EXPECT_EQ(b, GEN_MAX * NENV + 7);
	EXPECT_EQ(c_env_lookup(b), 7);
	EXPECT_EQ(c_env_lookup(a), E_STALE);
	EXPECT_EQ(c_env_lookup(first), E_STALE);
	EXPECT_EQ(c_env_destroy(7), NO_ENV);
	EXPECT_EQ(envs[7].gen, 1);                    /* wrapped */
	EXPECT_EQ(c_env_lookup(b), E_STALE);
	envid_t c = c_env_create(7, NO_ENV);
	EXPECT_EQ(c, NENV + 7);
	EXPECT_EQ(c_env_lookup(c), 7);
	EXPECT_EQ(c_env_lookup(b), E_STALE);
	/* wrap-around reuses generation 1: the id handed out a million
	 * generations ago is the current id again (by design of GEN_MAX) */
	EXPECT_EQ(c_env_lookup(first), 7);
	/* wrap on the last slot, with a parent waiting */
	mk(0, NO_ENV);
	poke_free_gen(NENV - 1, GEN_MAX);
	EXPECT_EQ(c_env_create(NENV - 1, 0), (GEN_MAX + 1) * NENV - 1);
	EXPECT_EQ(c_env_wait(0, NENV - 1), E_OK);
	EXPECT_EQ(c_env_destroy(NENV - 1), 0);
	EXPECT_EQ(envs[NENV - 1].gen, 1);
	EXPECT_EQ(c_env_lookup((GEN_MAX + 1) * NENV - 1), E_STALE);
}

/* ---- user_range_ok / syscall_check ------------------------------------------------------------ */

static void t_user_range_ok(void)
{
	const uint64_t B = USER_BASE, T = USER_TOP;
	EXPECT_EQ(c_user_range_ok(B - 1, 0), 0);
	EXPECT_EQ(c_user_range_ok(B - 1, 1), 0);
	EXPECT_EQ(c_user_range_ok(B - 1, 2), 0);
	EXPECT_EQ(c_user_range_ok(0, B + 1), 0);
	EXPECT_EQ(c_user_range_ok(0, 0), 0);
	EXPECT_EQ(c_user_range_ok(B, 0), 1);
	EXPECT_EQ(c_user_range_ok(B, 1), 1);
	EXPECT_EQ(c_user_range_ok(B, T - B), 1);
	EXPECT_EQ(c_user_range_ok(B, T - B + 1), 0);
	EXPECT_EQ(c_user_range_ok(B, UINT64_MAX), 0);
	EXPECT_EQ(c_user_range_ok(B, 0 - B), 0);          /* va + len == 2^64 */
	EXPECT_EQ(c_user_range_ok(B, 0 - B + 1), 0);      /* wraps to 1 */
	EXPECT_EQ(c_user_range_ok(T - 1, 1), 1);
	EXPECT_EQ(c_user_range_ok(T - 1, 2), 0);
	EXPECT_EQ(c_user_range_ok(T - 1, UINT64_MAX), 0); /* wraps below T */
	EXPECT_EQ(c_user_range_ok(T, 0), 1);              /* empty range at the top */
	EXPECT_EQ(c_user_range_ok(T, 1), 0);
	EXPECT_EQ(c_user_range_ok(T, UINT64_MAX), 0);
	EXPECT_EQ(c_user_range_ok(T + 1, 0), 0);
	EXPECT_EQ(c_user_range_ok(UINT64_MAX, 0), 0);
	EXPECT_EQ(c_user_range_ok(UINT64_MAX, 1), 0);     /* wraps to 0 */
	EXPECT_EQ(c_user_range_ok(UINT64_MAX, UINT64_MAX), 0);
	EXPECT_EQ(c_user_range_ok(1ull << 63, 0), 0);
	EXPECT_EQ(c_user_range_ok(USER_TEXT, PGSIZE), 1);
	EXPECT_EQ(c_user_range_ok(USER_STACK_TOP, PGSIZE), 1);
	EXPECT_EQ(c_user_range_ok(USER_STACK_TOP, PGSIZE + 1), 0);
	EXPECT_EQ(c_user_range_ok(0, UINT64_MAX), 0);
}

static void t_syscall_check(void)
{
	const uint64_t B = USER_BASE, T = USER_TOP, X = UINT64_MAX;
	/* cons_write: length first, then range */
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, B, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, B, CONS_WRITE_MAX, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, T - CONS_WRITE_MAX, CONS_WRITE_MAX, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, B, CONS_WRITE_MAX + 1, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, B, X, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, 0, X, 0), E_INVAL);      /* len before range */
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, 0, 1, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, B - 1, 1, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, T - 1, 2, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, X - 10, 100, 0), E_FAULT); /* wraps */
	EXPECT_EQ(c_syscall_check(SYS_CONS_WRITE, X, 0, 0), E_FAULT);
	/* exit */
	EXPECT_EQ(c_syscall_check(SYS_EXIT, 0, X, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_EXIT, 255, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_EXIT, 256, 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_EXIT, X, 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_EXIT, (1ull << 32) + 1, 0, 0), E_INVAL);
	/* no_args: anything in the argument registers */
	EXPECT_EQ(c_syscall_check(SYS_ENV_ID, X, X, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_TICKS, X, 0, X), E_OK);
	/* mod_run */
	EXPECT_EQ(c_syscall_check(SYS_MOD_RUN, 0, X, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_MOD_RUN, NENV - 1, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_MOD_RUN, NENV, 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_MOD_RUN, X, 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_MOD_RUN, (1ull << 32), 0, 0), E_INVAL);
	/* mod_name: length (a2) first, then range (a1, a2); a0 unchecked */
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, X, B, MOD_NAME_MAX), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, T - MOD_NAME_MAX, MOD_NAME_MAX), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, T, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, B, MOD_NAME_MAX + 1), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, 0, X), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, T - MOD_NAME_MAX + 1, MOD_NAME_MAX), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, B - 1, 1), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, 0, X, 1), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_MOD_NAME, B, 0, 0), E_FAULT);   /* a1 is the buffer */
	/* unknown */
	EXPECT_EQ(c_syscall_check(SYS__COUNT, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(SYS__COUNT + 1, B, 1, 1), E_NOSYS);
	EXPECT_EQ(c_syscall_check(255, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(X, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(1ull << 32, 0, 0, 0), E_NOSYS);            /* 0 if truncated */
	EXPECT_EQ(c_syscall_check((1ull << 32) + SYS_EXIT, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(1ull << 63, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(X - SYS__COUNT + 1, 0, 0, 0), E_NOSYS);
}

/* ---- the Inv checker itself --------------------------------------------------------------------- */

static struct snapshot good, bad;

/* Check that the checker reports exactly `clause` on state `bad`. */
static void expect_clause(int clause, const char *what)
{
	struct inv_report r;
	inv_check_tables(bad.pg, bad.ev, &r);
	if (r.ok || r.count[clause] == 0 || r.nviol != r.count[clause]) {
		char buf[512];
		inv_describe(&r, buf, sizeof buf);
		failf("checker on '%s': expected only [%s], got %s (%u of that clause)",
		      what, inv_clause_name[clause], buf, r.count[clause]);
	}
	bad = good;
}

static void t_inv_checker(void)
{
	/* a rich valid state: roots, waits, orphans, kernel/none/free pages */
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	mk(3, NO_ENV);
	EXPECT_EQ(c_page_claim(0, 1, PG_PT), E_OK);
	EXPECT_EQ(c_env_set_root(0, 1), E_OK);
	EXPECT_EQ(c_page_claim(0, 2, PG_USER), E_OK);
	EXPECT_EQ(c_page_claim(1, 3, PG_PT), E_OK);
	EXPECT_EQ(c_page_claim(1, 4, PG_USER), E_OK);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	snap_take(&good);
	struct inv_report r;
	CHECK(inv_check_tables(good.pg, good.ev, &r), "checker rejects a valid state");
	bad = good;

	bad.pg[100].type = 5;                     expect_clause(PAGE_TYPE_VALID, "type 5");
	bad.pg[100].type = UINT32_MAX;            expect_clause(PAGE_TYPE_VALID, "type UINT32_MAX");
	bad.pg[10].owner = 3;                     expect_clause(PAGE_OWNER_IFF_TYPE, "free page with owner");
	bad.pg[64].owner = 0;                     expect_clause(PAGE_OWNER_IFF_TYPE, "kernel page with owner");
	bad.pg[2].owner = NO_OWNER;               expect_clause(PAGE_OWNER_IFF_TYPE, "user page without owner");
	bad.pg[2].owner = 9;                      expect_clause(PAGE_OWNER_LIVE, "page of a free slot");
	bad.pg[2].owner = NENV;                   expect_clause(PAGE_OWNER_LIVE, "owner NENV");
	bad.pg[2].owner = -2;                     expect_clause(PAGE_OWNER_LIVE, "owner -2");
	bad.pg[2].owner = INT32_MIN;              expect_clause(PAGE_OWNER_LIVE, "owner INT32_MIN");
	bad.ev[3].status = 3;                     expect_clause(ENV_STATUS_RANGE, "status 3");
	bad.ev[3].status = UINT32_MAX;            expect_clause(ENV_STATUS_RANGE, "status UINT32_MAX");
	bad.ev[9].gen = 0;                        expect_clause(ENV_GEN_RANGE, "gen 0");
	bad.ev[3].gen = GEN_MAX + 1;              expect_clause(ENV_GEN_RANGE, "gen GEN_MAX+1");
	bad.ev[3].gen = -1;                       expect_clause(ENV_GEN_RANGE, "gen -1");
	bad.ev[9].parent = 0;                     expect_clause(ENV_FREE_CLEAN, "free slot with parent");
	bad.ev[3].parent = 9;                     expect_clause(ENV_PARENT_LIVE, "parent free");
	bad.ev[3].parent = NENV;                  expect_clause(ENV_PARENT_LIVE, "parent NENV");
	bad.ev[3].parent = -5;                    expect_clause(ENV_PARENT_LIVE, "parent -5");
	bad.ev[3].parent = 3;                     expect_clause(ENV_PARENT_NOT_SELF, "live env its own parent");
	bad.ev[0].wait_child = 3;                 expect_clause(ENV_WAIT_OWN_CHILD, "waits for a non-child");
	bad.ev[0].wait_child = 0;                 expect_clause(ENV_WAIT_OWN_CHILD, "waits for itself");
	bad.ev[0].wait_child = NO_ENV;            expect_clause(ENV_WAIT_OWN_CHILD, "waits for nobody");
	bad.ev[0].wait_child = NENV;              expect_clause(ENV_WAIT_OWN_CHILD, "waits for slot NENV");
	bad.ev[3].wait_child = 0;                 expect_clause(ENV_NOWAIT_NOCHILD, "runnable with wait_child");
	bad.ev[3].root = 2;                       expect_clause(ENV_ROOT_OWNED_PT, "root is another env's page");
	bad.ev[0].root = 2;                       expect_clause(ENV_ROOT_OWNED_PT, "root is a data page");
	bad.ev[1].root = 1;                       expect_clause(ENV_ROOT_OWNED_PT, "root is another env's PT");
	bad.ev[3].root = 10;                      expect_clause(ENV_ROOT_OWNED_PT, "root is a free page");
	bad.ev[3].root = NPAGES + 1;              expect_clause(ENV_ROOT_OWNED_PT, "root beyond the table");
	bad.ev[3].root = UINT64_MAX;              expect_clause(ENV_ROOT_OWNED_PT, "root UINT64_MAX");

	/* states that break two clauses at once */
	bad.ev[9].root = 5;                       /* free slot with a dangling root */
	inv_check_tables(bad.pg, bad.ev, &r);
	CHECK(!r.ok && r.nviol == 2 && r.count[ENV_FREE_CLEAN] && r.count[ENV_ROOT_OWNED_PT],
	      "free slot with a root: both clauses expected");
	bad = good;
	bad.ev[9].wait_child = 3;                 /* free slot waiting for someone */
	inv_check_tables(bad.pg, bad.ev, &r);
	CHECK(!r.ok && r.nviol == 2 && r.count[ENV_FREE_CLEAN] && r.count[ENV_NOWAIT_NOCHILD],
	      "free slot with wait_child: both clauses expected");
	bad = good;

	/* the checker must also see the real tables (inv_check) */
	snap_restore(&good);
	CHECK(inv_check(&r), "inv_check rejects the valid core state");
	envs[3].parent = 3;
	CHECK(!inv_check(&r) && r.first_clause == ENV_PARENT_NOT_SELF && r.first_index == 3,
	      "inv_check misses a broken core state");
	snap_restore(&good);
}

const struct test directed_tests[] = {
	{ "core_init",                 t_core_init },
	{ "page_table_init",           t_page_table_init },
	{ "page_boot_mark",            t_boot_mark },
	{ "page_claim",                t_page_claim },
	{ "page_release",              t_page_release },
	{ "env_create",                t_env_create },
	{ "env_set_root",              t_env_set_root },
	{ "env_lookup",                t_env_lookup },
	{ "env_wait",                  t_env_wait },
	{ "destroy_wakes_parent",      t_destroy_wakes_parent },
	{ "destroy_parent_waits_other", t_destroy_parent_waits_other },
	{ "destroy_orphans",           t_destroy_orphans },
	{ "destroy_waiting_env",       t_destroy_waiting_env },
	{ "destroy_frees_pages",       t_destroy_frees_pages },
	{ "stale_after_destroy",       t_stale_after_destroy },
	{ "gen_wrap",                  t_gen_wrap },
	{ "user_range_ok",             t_user_range_ok },
	{ "syscall_check",             t_syscall_check },
	{ "inv_checker",               t_inv_checker },
};
const size_t n_directed_tests = sizeof directed_tests / sizeof directed_tests[0];
