// SPDX-License-Identifier: MIT
/*
 * Directed tests: every error path of every core function, the order in
 * which errors are checked, and the scenarios named in the contracts.  All
 * calls go through the checked wrappers, so each one is also compared with
 * the model (result, state, page contents), checked against Inv, for its
 * frame ("failing call changes nothing", "writes only what it assigns") and
 * for TLB flushes; the expected values below are written by hand from the
 * ACSL contracts, which in turn checks the model.
 */
#include <string.h>
#include "harness.h"

#define HUGE_PPN   UINT64_MAX
#define WRAP32(p)  ((1ull << 32) + (uint64_t)(p))   /* aliases p if truncated */
#define WRAP40(p)  ((1ull << 40) + (uint64_t)(p))   /* aliases p in a PTE address */


/* Boot map used by most tests: pages 0..63 free, 64..71 kernel, NPAGES-1
 * free, everything else PG_NONE; pages 0..71 and NPAGES-1 hold garbage
 * (so every page the core hands out must be zeroed by it); PML4 slots set. */
void boot_small(void)
{
	c_core_init();
	for (ppn_t p = 0; p < 72; p++)
		mem_fill_garbage(p, 0x5eed0000 + p);
	mem_fill_garbage(NPAGES - 1, 0x5eedffff);
	for (ppn_t p = 0; p < 64; p++)
		EXPECT_EQ(c_page_boot_mark(p, PG_FREE), E_OK);
	for (ppn_t p = 64; p < 72; p++)
		EXPECT_EQ(c_page_boot_mark(p, PG_KERNEL), E_OK);
	EXPECT_EQ(c_page_boot_mark(NPAGES - 1, PG_FREE), E_OK);
	EXPECT_EQ(c_vm_init(KSLOT, ISLOT), E_OK);
}

/* env_create that must succeed; returns the slot. */
int32_t mk(int32_t slot, int32_t parent)
{
	envid_t id = c_env_create(slot, parent);
	CHECK(id >= NENV && id % NENV == slot, "env_create(%d, %d) -> %d", slot, parent, id);
	return slot;
}

/* Root r for env e and a chain r[ir] -> a (PT3), a[0] -> b (PT2),
 * b[0] -> c (PT1); any of a, b, c may be NO_PAGE to stop earlier. */
void tree(int32_t e, ppn_t r, uint64_t ir, ppn_t a, ppn_t b, ppn_t c)
{
	EXPECT_EQ(c_vm_root_create(e, r), E_OK);
	if (a != NO_PAGE)
		EXPECT_EQ(c_sys_pt_link(e, r, ir, a), E_OK);
	if (b != NO_PAGE)
		EXPECT_EQ(c_sys_pt_link(e, a, 0, b), E_OK);
	if (c != NO_PAGE)
		EXPECT_EQ(c_sys_pt_link(e, b, 0, c), E_OK);
}

int page_is_zero(ppn_t p)
{
	for (unsigned i = 0; i < NPTE; i++)
		if (ptmem[p].e[i])
			return 0;
	return 1;
}

/* ---- boot ------------------------------------------------------------------ */

static void t_core_init(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	tree(0, 3, 1, 4, 5, 6);
	EXPECT_EQ(c_sys_page_alloc(1, 7), E_OK);
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
		if (pages[p].type != PG_NONE || pages[p].owner != NO_OWNER ||
		    pages[p].bind_table != NO_PAGE) {
			failf("pages[%ld] not reset", p);
			break;
		}
	EXPECT_EQ(vm_kernel_slot, 0);
	EXPECT_EQ(vm_info_slot, 0);
	/* memory keeps its contents (the harness checks that nothing else
	 * changed); a reboot can use the old tables' pages afresh */
	EXPECT_EQ(ptmem[3].e[0], KSLOT);
	EXPECT_EQ(c_page_boot_mark(3, PG_FREE), E_OK);
	EXPECT_EQ(c_page_boot_mark(4, PG_FREE), E_OK);
	mk(0, NO_ENV);
	EXPECT_EQ(c_vm_init(1, 0), E_OK);      /* allowed: no PML4 exists again */
	EXPECT_EQ(c_vm_root_create(0, 4), E_OK);
	EXPECT_EQ(ptmem[4].e[0], 1);
	EXPECT_EQ(ptmem[4].e[PML4_INFO], 0);
	CHECK(ptmem[4].e[1] == 0 && ptmem[4].e[2] == 0, "old PT3 contents survived in a new root");
	EXPECT_EQ(c_sys_pt_link(0, 4, 1, 3), E_OK);
	CHECK(page_is_zero(3), "old root contents survived in a new PT3");
}

static void t_page_table_init(void)
{
	boot_small();
	poke_free_gen(5, 77);
	mk(0, NO_ENV);
	tree(0, 1, 1, 2, 3, 4);
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	c_page_table_init();
	EXPECT_EQ(envs[5].gen, 77);      /* envs untouched */
	EXPECT_EQ(envs[0].gen, 2);
	EXPECT_EQ(pages[0].type, PG_NONE);
	EXPECT_EQ(pages[1].type, PG_NONE);
	EXPECT_EQ(pages[64].type, PG_NONE);
	EXPECT_EQ(pages[NPAGES - 1].type, PG_NONE);
	EXPECT_EQ(vm_kernel_slot, KSLOT);  /* not assigned by page_table_init */
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
	/* bad_type: every type but FREE and KERNEL */
	EXPECT_EQ(c_page_boot_mark(0, PG_NONE), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_USER), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_PT1), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_PT2), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_PT3), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, PG_PT4), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(0, 8), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(NPAGES - 1, UINT32_MAX), E_INVAL);
	EXPECT_EQ(c_page_boot_mark(100, 0x100 + PG_FREE), E_INVAL);
	/* owned: a data page and a table of every level */
	mk(0, NO_ENV);
	tree(0, 2, 1, 3, 4, 5);
	EXPECT_EQ(c_sys_page_alloc(0, 1), E_OK);
	for (ppn_t p = 1; p <= 5; p++) {
		EXPECT_EQ(c_page_boot_mark(p, PG_FREE), E_BUSY);
		EXPECT_EQ(c_page_boot_mark(p, PG_KERNEL), E_BUSY);
	}
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
	EXPECT_EQ(pages[101].bind_table, NO_PAGE);
	/* a page freed by the env's destruction can be re-marked */
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	EXPECT_EQ(c_page_boot_mark(5, PG_KERNEL), E_OK);
	check_accounting("boot_mark");
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
	/* ok; a revocation capability an earlier env of the slot held is gone */
	rev.holder[NENV - 1] = 1;
	EXPECT_EQ(c_env_create(0, NO_ENV), 1 * NENV + 0);
	EXPECT_EQ(rev.holder[NENV - 1], 1);          /* a failed or other create: untouched */
	EXPECT_EQ(c_env_create(NENV - 1, 0), 1 * NENV + NENV - 1);
	EXPECT_EQ(rev.holder[NENV - 1], 0);
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
	tree(1, 10, 3, 12, NO_PAGE, NO_PAGE);
	EXPECT_EQ(c_sys_page_alloc(2, 11), E_OK);
	EXPECT_EQ(c_env_wait(1, 3), E_OK);
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	EXPECT_EQ(envs[1].parent, NO_ENV);
	EXPECT_EQ(envs[2].parent, NO_ENV);
	EXPECT_EQ(envs[1].status, ENV_WAITING);      /* keeps waiting for 3 */
	EXPECT_EQ(envs[1].wait_child, 3);
	EXPECT_EQ(envs[1].root, 10);
	EXPECT_EQ(envs[3].parent, 1);                /* grandchild untouched */
	EXPECT_EQ(pages[10].owner, 1);               /* children keep pages */
	EXPECT_EQ(pages[12].bind_table, 10);
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
	/* the first and the last slot are orphaned like any other */
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	mk(6, NO_ENV);
	mk(0, 6);
	mk(NENV - 1, 6);
	mk(7, NO_ENV);
	EXPECT_EQ(c_env_destroy(7), NO_ENV);      /* not their parent: no change */
	EXPECT_EQ(envs[0].parent, 6);
	EXPECT_EQ(c_env_destroy(6), NO_ENV);
	EXPECT_EQ(envs[0].parent, NO_ENV);
	EXPECT_EQ(envs[NENV - 1].parent, NO_ENV);
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

/* ---- vm_init -------------------------------------------------------------------------------- */

static void t_vm_init(void)
{
	c_core_init();
	EXPECT_EQ(vm_kernel_slot, 0);
	EXPECT_EQ(vm_info_slot, 0);
	/* bad: a user-accessible kernel slot, a writable info slot, or both */
	EXPECT_EQ(c_vm_init(4, 0), E_INVAL);
	EXPECT_EQ(c_vm_init(KSLOT | 4, ISLOT), E_INVAL);
	EXPECT_EQ(c_vm_init(KSLOT, ISLOT | 2), E_INVAL);
	EXPECT_EQ(c_vm_init(0, 2), E_INVAL);
	EXPECT_EQ(c_vm_init(7, 7), E_INVAL);
	EXPECT_EQ(c_vm_init(UINT64_MAX, 0), E_INVAL);
	EXPECT_EQ(c_vm_init(0, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_vm_init(UINT64_MAX, UINT64_MAX), E_INVAL);
	/* ok: whatever the other bits */
	EXPECT_EQ(c_vm_init(~4ull, ~2ull), E_OK);
	EXPECT_EQ(vm_kernel_slot, ~4ull);
	EXPECT_EQ(vm_info_slot, ~2ull);
	EXPECT_EQ(c_vm_init(0, 0), E_OK);
	EXPECT_EQ(c_vm_init(3, 5), E_OK);
	EXPECT_EQ(c_vm_init(KSLOT, ISLOT), E_OK);
	EXPECT_EQ(c_vm_init(KSLOT | 4, 0), E_INVAL);   /* a refused call keeps the old values */
	EXPECT_EQ(vm_kernel_slot, KSLOT);
	EXPECT_EQ(vm_info_slot, ISLOT);
	/* every root made afterwards carries them */
	for (ppn_t p = 0; p < 10; p++)
		EXPECT_EQ(c_page_boot_mark(p, PG_FREE), E_OK);
	mk(0, NO_ENV);
	EXPECT_EQ(c_vm_root_create(0, 1), E_OK);
	EXPECT_EQ(ptmem[1].e[0], KSLOT);
	EXPECT_EQ(ptmem[1].e[PML4_INFO], ISLOT);
	/* when the last PML4 is gone, vm_init may run again */
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	EXPECT_EQ(c_vm_init(0x1003, 0x2005), E_OK);
	mk(1, NO_ENV);
	EXPECT_EQ(c_vm_root_create(1, 1), E_OK);
	EXPECT_EQ(ptmem[1].e[0], 0x1003);
	EXPECT_EQ(ptmem[1].e[PML4_INFO], 0x2005);
}

/* ---- vm_root_create ------------------------------------------------------------------------- */

static void t_root_create(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	mk(2, 1);
	EXPECT_EQ(c_sys_page_alloc(0, 1), E_OK);
	tree(1, 2, 1, 3, NO_PAGE, NO_PAGE);
	EXPECT_EQ(c_sys_page_alloc(1, 4), E_OK);
	/* bad_env, before everything else */
	EXPECT_EQ(c_vm_root_create(-1, 10), E_INVAL);
	EXPECT_EQ(c_vm_root_create(NENV, 10), E_INVAL);
	EXPECT_EQ(c_vm_root_create(INT32_MIN, 10), E_INVAL);
	EXPECT_EQ(c_vm_root_create(9, 10), E_INVAL);          /* free slot */
	EXPECT_EQ(c_vm_root_create(9, HUGE_PPN), E_INVAL);
	EXPECT_EQ(c_vm_root_create(9, 64), E_INVAL);
	/* has_root, before the page checks */
	EXPECT_EQ(c_vm_root_create(1, 10), E_BUSY);
	EXPECT_EQ(c_vm_root_create(1, HUGE_PPN), E_BUSY);
	EXPECT_EQ(c_vm_root_create(1, 64), E_BUSY);
	EXPECT_EQ(c_vm_root_create(1, 2), E_BUSY);           /* its own root again */
	/* range */
	EXPECT_EQ(c_vm_root_create(0, NPAGES), E_RANGE);
	EXPECT_EQ(c_vm_root_create(0, NO_PAGE), E_RANGE);
	EXPECT_EQ(c_vm_root_create(0, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_vm_root_create(0, WRAP32(10)), E_RANGE);
	EXPECT_EQ(c_vm_root_create(0, WRAP40(10)), E_RANGE);
	/* reserved: kernel and not-RAM pages */
	EXPECT_EQ(c_vm_root_create(0, 64), E_RESERVED);
	EXPECT_EQ(c_vm_root_create(0, 71), E_RESERVED);
	EXPECT_EQ(c_vm_root_create(0, 200), E_RESERVED);
	EXPECT_EQ(c_vm_root_create(0, NPAGES - 2), E_RESERVED);
	/* busy: own data page, another env's root, table, data page */
	EXPECT_EQ(c_vm_root_create(0, 1), E_BUSY);
	EXPECT_EQ(c_vm_root_create(0, 2), E_BUSY);
	EXPECT_EQ(c_vm_root_create(0, 3), E_BUSY);
	EXPECT_EQ(c_vm_root_create(0, 4), E_BUSY);
	EXPECT_EQ(envs[0].root, NO_PAGE);
	/* ok: the garbage in page 10 is gone, the kernel's slots are in */
	EXPECT_EQ(c_vm_root_create(0, 10), E_OK);
	EXPECT_EQ(envs[0].root, 10);
	EXPECT_EQ(pages[10].owner, 0);
	EXPECT_EQ(pages[10].type, PG_PT4);
	EXPECT_EQ(pages[10].bind_table, NO_PAGE);
	EXPECT_EQ(ptmem[10].e[0], KSLOT);
	EXPECT_EQ(ptmem[10].e[PML4_INFO], ISLOT);
	for (unsigned i = 1; i < NPTE; i++)
		if (i != PML4_INFO && ptmem[10].e[i])
			failf("new root: entry %u not zero", i);
	/* a second root is refused */
	EXPECT_EQ(c_vm_root_create(0, 11), E_BUSY);
	EXPECT_EQ(c_vm_root_create(0, 10), E_BUSY);
	/* the root lives as long as its env: it cannot be freed, mapped,
	 * linked as a new table, or unlinked (its kernel slots are no links) */
	EXPECT_EQ(c_sys_pt_link(0, 10, 1, 11), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 11, 0, 12), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 12, 0, 13), E_OK);
	EXPECT_EQ(c_sys_page_free(0, 10), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 10, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 10), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 11, 1, 10), E_BUSY);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, PML4_INFO), E_INVAL);
	EXPECT_EQ(c_env_destroy(2), NO_ENV);      /* env 1's child: no change to roots */
	EXPECT_EQ(envs[1].root, 2);
	/* a waiting env may create its root; the last page may be a root */
	mk(6, NO_ENV);
	mk(7, 6);
	EXPECT_EQ(c_env_wait(6, 7), E_OK);
	EXPECT_EQ(c_vm_root_create(6, 14), E_OK);
	EXPECT_EQ(c_vm_root_create(7, NPAGES - 1), E_OK);
	EXPECT_EQ(ptmem[NPAGES - 1].e[PML4_INFO], ISLOT);
	/* after a destroy the slot's new env starts without a root and may
	 * take any free page, even a former table of the old env */
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	EXPECT_EQ(pages[10].type, PG_FREE);
	mk(0, NO_ENV);
	EXPECT_EQ(envs[0].root, NO_PAGE);
	EXPECT_EQ(c_vm_root_create(0, 13), E_OK);
	EXPECT_EQ(c_vm_root_create(1, 10), E_BUSY);
	check_accounting("root_create");
}

/* ---- sys_page_alloc / sys_page_free ------------------------------------------------------------ */

static void t_page_alloc(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	/* bad_env, before range */
	EXPECT_EQ(c_sys_page_alloc(-1, 0), E_INVAL);
	EXPECT_EQ(c_sys_page_alloc(NENV, 0), E_INVAL);
	EXPECT_EQ(c_sys_page_alloc(INT32_MAX, 0), E_INVAL);
	EXPECT_EQ(c_sys_page_alloc(9, 0), E_INVAL);
	EXPECT_EQ(c_sys_page_alloc(9, HUGE_PPN), E_INVAL);
	/* range */
	EXPECT_EQ(c_sys_page_alloc(0, NPAGES), E_RANGE);
	EXPECT_EQ(c_sys_page_alloc(0, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_sys_page_alloc(0, WRAP32(0)), E_RANGE);
	EXPECT_EQ(c_sys_page_alloc(0, NO_PAGE), E_RANGE);
	/* reserved */
	EXPECT_EQ(c_sys_page_alloc(0, 64), E_RESERVED);
	EXPECT_EQ(c_sys_page_alloc(0, 100), E_RESERVED);
	EXPECT_EQ(c_sys_page_alloc(0, NPAGES - 2), E_RESERVED);
	/* ok: zeroed (page 0 held garbage), unbound */
	CHECK(!page_is_zero(0), "test setup: page 0 should hold garbage");
	EXPECT_EQ(c_sys_page_alloc(0, 0), E_OK);
	CHECK(page_is_zero(0), "allocated page not zeroed");
	EXPECT_EQ(pages[0].owner, 0);
	EXPECT_EQ(pages[0].type, PG_USER);
	EXPECT_EQ(pages[0].bind_table, NO_PAGE);
	EXPECT_EQ(c_sys_page_alloc(1, NPAGES - 1), E_OK);
	/* busy: own page again, another env's page, tables */
	EXPECT_EQ(c_sys_page_alloc(0, 0), E_BUSY);
	EXPECT_EQ(c_sys_page_alloc(1, 0), E_BUSY);
	tree(1, 5, 1, 6, NO_PAGE, NO_PAGE);
	EXPECT_EQ(c_sys_page_alloc(0, 5), E_BUSY);
	EXPECT_EQ(c_sys_page_alloc(1, 5), E_BUSY);
	EXPECT_EQ(c_sys_page_alloc(1, 6), E_BUSY);
	/* a waiting env is live and may allocate */
	mk(2, 0);
	EXPECT_EQ(c_env_wait(0, 2), E_OK);
	EXPECT_EQ(c_sys_page_alloc(0, 7), E_OK);
}

static void t_page_free(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	tree(0, 1, 1, 2, 3, 4);
	EXPECT_EQ(c_sys_page_alloc(0, 5), E_OK);
	EXPECT_EQ(c_sys_page_alloc(0, 6), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 7), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 4, 0, 5, PERM_W), E_OK);
	tree(1, 8, 1, 9, 10, 11);
	EXPECT_EQ(c_sys_page_alloc(1, 12), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 11, 3, 12, 0), E_OK);
	/* bad_env, before range */
	EXPECT_EQ(c_sys_page_free(-1, 6), E_INVAL);
	EXPECT_EQ(c_sys_page_free(NENV, 6), E_INVAL);
	EXPECT_EQ(c_sys_page_free(9, 6), E_INVAL);
	EXPECT_EQ(c_sys_page_free(9, HUGE_PPN), E_INVAL);
	/* range */
	EXPECT_EQ(c_sys_page_free(0, NPAGES), E_RANGE);
	EXPECT_EQ(c_sys_page_free(0, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_sys_page_free(0, WRAP32(6)), E_RANGE);
	/* perm: free, kernel, none, another env's (even mapped) page, tables */
	EXPECT_EQ(c_sys_page_free(0, 20), E_PERM);
	EXPECT_EQ(c_sys_page_free(0, 64), E_PERM);
	EXPECT_EQ(c_sys_page_free(0, 200), E_PERM);
	EXPECT_EQ(c_sys_page_free(0, 7), E_PERM);
	EXPECT_EQ(c_sys_page_free(0, 12), E_PERM);         /* perm before mapped */
	for (ppn_t p = 1; p <= 4; p++)
		EXPECT_EQ(c_sys_page_free(0, p), E_PERM);   /* root and tables */
	EXPECT_EQ(c_sys_page_free(1, 8), E_PERM);
	EXPECT_EQ(c_sys_page_free(1, 11), E_PERM);
	/* mapped: unmap it first */
	EXPECT_EQ(c_sys_page_free(0, 5), E_BUSY);
	EXPECT_EQ(c_sys_page_free(1, 12), E_BUSY);
	/* ok */
	EXPECT_EQ(c_sys_page_free(0, 6), E_OK);
	EXPECT_EQ(pages[6].type, PG_FREE);
	EXPECT_EQ(pages[6].owner, NO_OWNER);
	EXPECT_EQ(pages[6].bind_table, NO_PAGE);
	/* double free */
	EXPECT_EQ(c_sys_page_free(0, 6), E_PERM);
	/* unmapped, a page can go */
	EXPECT_EQ(c_sys_pt_unmap(0, 4, 0), E_OK);
	EXPECT_EQ(c_sys_page_free(0, 5), E_OK);
	/* a freed page can be taken by someone else */
	EXPECT_EQ(c_sys_page_alloc(1, 6), E_OK);
	/* freeing leaves user data in the page (contents are not assigned),
	 * the next allocation zeroes it */
	mem_write(7, 3, 0xdeadbeef);
	EXPECT_EQ(c_sys_page_free(1, 7), E_OK);
	EXPECT_EQ(ptmem[7].e[3], 0xdeadbeef);
	EXPECT_EQ(c_sys_page_alloc(0, 7), E_OK);
	EXPECT_EQ(ptmem[7].e[3], 0);
	check_accounting("page_free");
}

/* ---- sys_pt_link ------------------------------------------------------------------------------------ */

static void t_pt_link(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	EXPECT_EQ(c_vm_root_create(0, 10), E_OK);
	tree(1, 20, 7, 21, 22, 23);
	EXPECT_EQ(c_sys_page_alloc(0, 30), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 31), E_OK);
	/* bad_env, before anything */
	EXPECT_EQ(c_sys_pt_link(-1, 10, 1, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(NENV, 10, 1, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(9, 10, 1, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(9, HUGE_PPN, HUGE_PPN, HUGE_PPN), E_INVAL);
	/* t_range, before index and c */
	EXPECT_EQ(c_sys_pt_link(0, NPAGES, 1, 11), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, HUGE_PPN, 1, 11), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, WRAP32(10), 1, 11), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, NO_PAGE, 1, 11), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, NPAGES, NPTE, NPAGES), E_RANGE);
	/* t_perm: not a table of e, before index and c */
	EXPECT_EQ(c_sys_pt_link(0, 11, 1, 12), E_PERM);      /* free */
	EXPECT_EQ(c_sys_pt_link(0, 64, 1, 11), E_PERM);      /* kernel */
	EXPECT_EQ(c_sys_pt_link(0, 200, 1, 11), E_PERM);     /* none */
	EXPECT_EQ(c_sys_pt_link(0, 30, 1, 11), E_PERM);      /* own data page */
	EXPECT_EQ(c_sys_pt_link(0, 31, 1, 11), E_PERM);      /* another env's data */
	EXPECT_EQ(c_sys_pt_link(0, 20, 1, 11), E_PERM);      /* another env's root */
	EXPECT_EQ(c_sys_pt_link(0, 21, 0, 11), E_PERM);      /* another env's PT3 */
	EXPECT_EQ(c_sys_pt_link(0, 20, 0, 11), E_PERM);      /* t_perm before bad_index */
	EXPECT_EQ(c_sys_pt_link(0, 22, 0, 11), E_PERM);      /* t_perm before used */
	/* bad_index on the PML4: kernel slots 0 and 255.., and 512 on */
	EXPECT_EQ(c_sys_pt_link(0, 10, 0, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, PML4_INFO, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, PML4_INFO + 1, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, 300, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, NPTE - 1, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, NPTE, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, UINT64_MAX, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, WRAP32(1), 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, (1ull << 63) | 1, 11), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 10, 0, NPAGES), E_INVAL);   /* before c checks */
	EXPECT_EQ(c_sys_pt_link(0, 10, NPTE, 64), E_INVAL);
	/* ok in the PML4, first and last user slots; c is zeroed */
	CHECK(!page_is_zero(11), "test setup: page 11 should hold garbage");
	EXPECT_EQ(c_sys_pt_link(0, 10, PML4_USER_FIRST, 11), E_OK);
	CHECK(page_is_zero(11), "new PT3 not zeroed");
	EXPECT_EQ(pages[11].owner, 0);
	EXPECT_EQ(pages[11].type, PG_PT3);
	EXPECT_EQ(pages[11].bind_table, 10);
	EXPECT_EQ(pages[11].bind_index, 1);
	{
		uint64_t x = ptmem[10].e[1];
		CHECK(m_pte_p(x) && m_pte_u(x) && m_pte_w(x) && !m_pte_ps(x) && m_pte_addr(x) == 11,
		      "link entry %#llx: not P|U|W, !PS, address 11", (unsigned long long)x);
	}
	EXPECT_EQ(c_sys_pt_link(0, 10, PML4_USER_LAST, 12), E_OK);
	EXPECT_EQ(pages[12].type, PG_PT3);
	/* used: before every check of c, even a bad c */
	EXPECT_EQ(c_sys_pt_link(0, 10, 1, 13), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 1, NPAGES), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 1, 64), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, PML4_USER_LAST, 11), E_BUSY);
	/* c_range */
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, NPAGES), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, HUGE_PPN), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, WRAP32(13)), E_RANGE);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, WRAP40(13)), E_RANGE);
	/* c_reserved */
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 64), E_RESERVED);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 200), E_RESERVED);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, NPAGES - 2), E_RESERVED);
	/* c_busy: own data page, own tables (t itself, the root), others' pages */
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 30), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 11), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 10), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 11, 0, 11), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 20), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 23), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 31), E_BUSY);
	/* a PT3 has no kernel slots: 0, 255 and 511 are ordinary */
	EXPECT_EQ(c_sys_pt_link(0, 11, 0, 13), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 11, PML4_INFO, 14), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 11, NPTE - 1, 15), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 11, NPTE, 16), E_INVAL);
	EXPECT_EQ(pages[13].type, PG_PT2);
	EXPECT_EQ(pages[15].bind_index, NPTE - 1);
	/* PT2 -> PT1 */
	EXPECT_EQ(c_sys_pt_link(0, 13, 0, 16), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 13, NPTE - 1, 17), E_OK);
	EXPECT_EQ(pages[16].type, PG_PT1);
	EXPECT_EQ(pages[17].bind_table, 13);
	/* t_leaf: nothing is linked below a PT1, whatever i and c */
	EXPECT_EQ(c_sys_pt_link(0, 16, 0, 18), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 16, NPTE, 18), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(0, 16, 0, NPAGES), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(1, 23, 0, 18), E_INVAL);
	/* a waiting env links too; the last page can be a table */
	mk(2, 0);
	EXPECT_EQ(c_env_wait(0, 2), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 14, 3, 18), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 12, 0, NPAGES - 1), E_OK);
	EXPECT_EQ(pages[NPAGES - 1].type, PG_PT2);
	/* env 1's tree is untouched by all this */
	EXPECT_EQ(pages[21].bind_table, 20);
	EXPECT_EQ(pages[21].bind_index, 7);
	check_accounting("pt_link");
}

/* ---- sys_pt_unlink ---------------------------------------------------------------------------------- */

static void t_pt_unlink(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	tree(0, 10, 1, 11, 12, 13);
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 14), E_OK);     /* empty PT3 */
	EXPECT_EQ(c_sys_pt_link(0, 11, 5, 15), E_OK);     /* empty PT2 */
	EXPECT_EQ(c_sys_pt_link(0, 12, 6, 16), E_OK);     /* empty PT1 */
	EXPECT_EQ(c_sys_page_alloc(0, 17), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 4, 17, PERM_ALL), E_OK);
	tree(1, 20, 1, 21, NO_PAGE, NO_PAGE);
	/* bad_env, t_range, t_perm */
	EXPECT_EQ(c_sys_pt_unlink(-1, 10, 2), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(9, 10, 2), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(NENV, HUGE_PPN, HUGE_PPN), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, NPAGES, 2), E_RANGE);
	EXPECT_EQ(c_sys_pt_unlink(0, HUGE_PPN, 2), E_RANGE);
	EXPECT_EQ(c_sys_pt_unlink(0, WRAP32(10), 2), E_RANGE);
	EXPECT_EQ(c_sys_pt_unlink(0, 20, 1), E_PERM);     /* another env's root */
	EXPECT_EQ(c_sys_pt_unlink(0, 21, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_unlink(0, 17, 0), E_PERM);     /* own data page */
	EXPECT_EQ(c_sys_pt_unlink(0, 30, 0), E_PERM);     /* free */
	EXPECT_EQ(c_sys_pt_unlink(0, 64, 0), E_PERM);     /* kernel */
	EXPECT_EQ(c_sys_pt_unlink(1, 10, 2), E_PERM);
	/* t_leaf */
	EXPECT_EQ(c_sys_pt_unlink(0, 13, 4), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 16, 0), E_INVAL);
	/* bad_index: PML4 kernel slots, and 512 on */
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, PML4_INFO), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 400), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, NPTE), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, WRAP32(2)), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 11, NPTE), E_INVAL);
	/* empty_entry */
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 3), E_NOENT);
	EXPECT_EQ(c_sys_pt_unlink(0, 11, 1), E_NOENT);
	EXPECT_EQ(c_sys_pt_unlink(0, 11, PML4_INFO), E_NOENT);   /* an ordinary PT3 entry */
	EXPECT_EQ(c_sys_pt_unlink(0, 12, NPTE - 1), E_NOENT);
	/* child_busy: the child holds a link or a mapping */
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 1), E_BUSY);
	EXPECT_EQ(c_sys_pt_unlink(0, 11, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 0), E_BUSY);
	/* ok at each level: the child is free and unbound, the entry zero */
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 6), E_OK);
	EXPECT_EQ(c_sys_pt_unlink(0, 11, 5), E_OK);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 2), E_OK);
	for (ppn_t p = 14; p <= 16; p++) {
		EXPECT_EQ(pages[p].type, PG_FREE);
		EXPECT_EQ(pages[p].owner, NO_OWNER);
		EXPECT_EQ(pages[p].bind_table, NO_PAGE);
	}
	EXPECT_EQ(ptmem[12].e[6], 0);
	EXPECT_EQ(ptmem[10].e[2], 0);
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 6), E_NOENT);
	/* a whole branch: unmap, then unlink bottom-up */
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 4), E_OK);
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 0), E_OK);
	EXPECT_EQ(c_sys_pt_unlink(0, 11, 0), E_OK);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 1), E_OK);
	for (ppn_t p = 11; p <= 13; p++)
		EXPECT_EQ(pages[p].type, PG_FREE);
	EXPECT_EQ(pages[17].owner, 0);              /* the data page stays e's */
	for (unsigned i = 1; i < PML4_INFO; i++)
		if (ptmem[10].e[i])
			failf("root entry %u not empty after teardown", i);
	/* the freed tables are anyone's again, and the index can be reused */
	EXPECT_EQ(c_sys_pt_link(1, 21, 0, 13), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 10, 1, 11), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 11, 0, 12), E_OK);
	check_accounting("pt_unlink");
}

/* ---- sys_pt_map ---------------------------------------------------------------------------------- */

void check_leaf(ppn_t t, unsigned i, ppn_t p, uint64_t perm)
{
	uint64_t x = ptmem[t].e[i];
	CHECK(m_pte_p(x) && m_pte_u(x) && !m_pte_ps(x) && m_pte_addr(x) == p &&
	      m_pte_w(x) == (perm == PERM_W || perm == PERM_ALL) &&
	      m_pte_nx(x) == (perm == 0 || perm == PERM_W),
	      "ptmem[%llu].e[%u] == %#llx: not a user leaf of page %llu with perm %llu",
	      (unsigned long long)t, i, (unsigned long long)x, (unsigned long long)p,
	      (unsigned long long)perm);
}

static void t_pt_map(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	tree(0, 10, 1, 11, 12, 13);
	tree(1, 20, 1, 21, 22, 23);
	for (ppn_t p = 30; p <= 34; p++)
		EXPECT_EQ(c_sys_page_alloc(0, p), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 40), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 0, 40, PERM_W), E_OK);
	/* bad_env, t_range, t_perm */
	EXPECT_EQ(c_sys_pt_map(-1, 13, 0, 30, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(9, 13, 0, 30, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(9, HUGE_PPN, HUGE_PPN, HUGE_PPN, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, NPAGES, 0, 30, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map(0, HUGE_PPN, 0, 30, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map(0, WRAP32(13), 0, 30, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map(0, NPAGES, 0, 30, 99), E_RANGE);       /* before perm */
	EXPECT_EQ(c_sys_pt_map(0, 23, 0, 30, 0), E_PERM);             /* foreign PT1 */
	EXPECT_EQ(c_sys_pt_map(0, 23, 5, 30, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 30, 0, 31, 0), E_PERM);             /* own data page */
	EXPECT_EQ(c_sys_pt_map(0, 50, 0, 30, 0), E_PERM);             /* free */
	EXPECT_EQ(c_sys_pt_map(0, 64, 0, 30, 0), E_PERM);             /* kernel */
	EXPECT_EQ(c_sys_pt_map(0, 23, NPTE, 30, 9), E_PERM);          /* t_perm first */
	/* bad_arg: not a leaf table, bad index, bad perm */
	EXPECT_EQ(c_sys_pt_map(0, 10, 1, 30, 0), E_INVAL);            /* PML4 */
	EXPECT_EQ(c_sys_pt_map(0, 10, 0, 30, 0), E_INVAL);            /* PML4 kernel slot */
	EXPECT_EQ(c_sys_pt_map(0, 11, 0, 30, 0), E_INVAL);            /* PT3 */
	EXPECT_EQ(c_sys_pt_map(0, 12, 1, 30, 0), E_INVAL);            /* PT2 */
	EXPECT_EQ(c_sys_pt_map(0, 13, NPTE, 30, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, UINT64_MAX, 30, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, WRAP32(0), 30, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, 4), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, 7), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, 1ull << 56), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, WRAP32(PERM_W)), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, NPAGES, 4), E_INVAL);        /* before p checks */
	EXPECT_EQ(c_sys_pt_map(0, 12, 0, 64, 0), E_INVAL);
	/* ok with every perm: W and NX follow perm */
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, 0), E_OK);
	check_leaf(13, 0, 30, 0);
	EXPECT_EQ(pages[30].bind_table, 13);
	EXPECT_EQ(pages[30].bind_index, 0);
	EXPECT_EQ(c_sys_pt_map(0, 13, 1, 31, PERM_W), E_OK);
	check_leaf(13, 1, 31, PERM_W);
	EXPECT_EQ(c_sys_pt_map(0, 13, 2, 32, PERM_X), E_OK);
	check_leaf(13, 2, 32, PERM_X);
	EXPECT_EQ(c_sys_pt_map(0, 13, NPTE - 1, 33, PERM_ALL), E_OK);
	check_leaf(13, NPTE - 1, 33, PERM_ALL);
	EXPECT_EQ(pages[33].bind_index, NPTE - 1);
	/* used: before every check of p, even a bad one */
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 34, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, NPAGES, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 64, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, 0), E_BUSY);             /* the same mapping again */
	/* p_range */
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, NPAGES, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, HUGE_PPN, 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, WRAP32(34), 0), E_RANGE);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, WRAP40(34), 0), E_RANGE);
	/* p_perm: free, kernel, none, tables (the leaf itself, the root), others' pages */
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 50, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 64, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 200, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 13, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 10, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 11, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 12, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 40, 0), E_PERM);             /* perm before mapped */
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 20, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 23, 0), E_PERM);
	/* p_mapped: a data page is mapped at most once */
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 30, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 13, 3, 31, PERM_W), E_BUSY);
	EXPECT_EQ(c_sys_pt_link(0, 12, 1, 14), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 14, 4, 30, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_map(0, 14, 3, 34, PERM_W), E_OK);
	/* mapped pages cannot be freed */
	EXPECT_EQ(c_sys_page_free(0, 30), E_BUSY);
	EXPECT_EQ(c_sys_page_free(0, 34), E_BUSY);
	/* env 1's mapping is untouched */
	check_leaf(23, 0, 40, PERM_W);
}

/* ---- sys_pt_unmap / sys_pt_prot ------------------------------------------------------------------------ */

static void t_pt_unmap(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	tree(0, 10, 1, 11, 12, 13);
	tree(1, 20, 1, 21, 22, 23);
	EXPECT_EQ(c_sys_page_alloc(0, 30), E_OK);
	EXPECT_EQ(c_sys_page_alloc(0, 31), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 40), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 7, 30, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 8, 31, 0), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 7, 40, 0), E_OK);
	/* bad_env, t_range, t_perm */
	EXPECT_EQ(c_sys_pt_unmap(-1, 13, 7), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(9, 13, 7), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(NENV, HUGE_PPN, HUGE_PPN), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, NPAGES, 7), E_RANGE);
	EXPECT_EQ(c_sys_pt_unmap(0, HUGE_PPN, 7), E_RANGE);
	EXPECT_EQ(c_sys_pt_unmap(0, WRAP32(13), 7), E_RANGE);
	EXPECT_EQ(c_sys_pt_unmap(0, 23, 7), E_PERM);          /* foreign PT1, mapped entry */
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 7), E_PERM);
	EXPECT_EQ(c_sys_pt_unmap(0, 30, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_unmap(0, 50, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_unmap(0, 64, 0), E_PERM);
	/* bad_arg: not a leaf table, bad index */
	EXPECT_EQ(c_sys_pt_unmap(0, 10, 1), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 10, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 11, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 12, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, NPTE), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, WRAP32(7)), E_INVAL);
	/* empty */
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 0), E_NOENT);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, NPTE - 1), E_NOENT);
	/* ok: entry zero, page unbound (bind_index is not assigned), TLB flushed */
	unsigned long f = tlb_flushes;
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 7), E_OK);
	CHECK(tlb_flushes > f, "unmap did not flush the TLB");
	EXPECT_EQ(ptmem[13].e[7], 0);
	EXPECT_EQ(pages[30].bind_table, NO_PAGE);
	EXPECT_EQ(pages[30].bind_index, 7);
	EXPECT_EQ(pages[30].owner, 0);
	EXPECT_EQ(pages[30].type, PG_USER);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 7), E_NOENT);
	/* now it can be freed or mapped again */
	EXPECT_EQ(c_sys_pt_map(0, 13, 9, 30, PERM_ALL), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 10, 31, 0), E_BUSY);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 8), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 10, 31, 0), E_OK);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 10), E_OK);
	EXPECT_EQ(c_sys_page_free(0, 31), E_OK);
	/* env 1's mapping is untouched */
	check_leaf(23, 7, 40, 0);
}

static void t_pt_prot(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	tree(0, 10, 1, 11, 12, 13);
	tree(1, 20, 1, 21, 22, 23);
	EXPECT_EQ(c_sys_page_alloc(0, 30), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 40), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 5, 30, 0), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 5, 40, PERM_ALL), E_OK);
	/* bad_env, t_range, t_perm */
	EXPECT_EQ(c_sys_pt_prot(-1, 13, 5, PERM_W), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(9, 13, 5, PERM_W), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(9, HUGE_PPN, HUGE_PPN, HUGE_PPN), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, NPAGES, 5, PERM_W), E_RANGE);
	EXPECT_EQ(c_sys_pt_prot(0, HUGE_PPN, 5, 9), E_RANGE);
	EXPECT_EQ(c_sys_pt_prot(0, 23, 5, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_prot(0, 30, 0, PERM_W), E_PERM);
	EXPECT_EQ(c_sys_pt_prot(0, 23, 5, 9), E_PERM);        /* t_perm before perm */
	/* bad_arg */
	EXPECT_EQ(c_sys_pt_prot(0, 12, 0, PERM_W), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 10, 1, PERM_W), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 10, 0, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 13, NPTE, PERM_W), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 5, 4), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 5, UINT64_MAX), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 5, WRAP32(PERM_ALL)), E_INVAL);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 6, 4), E_INVAL);        /* bad perm before empty */
	/* empty */
	EXPECT_EQ(c_sys_pt_prot(0, 13, 6, PERM_W), E_NOENT);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 0, 0), E_NOENT);
	/* ok, every perm, and the same perm again: address and binding kept */
	static const uint64_t perms[] = { PERM_W, PERM_X, PERM_ALL, 0, 0, PERM_ALL };
	for (unsigned k = 0; k < sizeof perms / sizeof perms[0]; k++) {
		unsigned long f = tlb_flushes;
		EXPECT_EQ(c_sys_pt_prot(0, 13, 5, perms[k]), E_OK);
		CHECK(tlb_flushes > f, "prot did not flush the TLB");
		check_leaf(13, 5, 30, perms[k]);
		EXPECT_EQ(pages[30].bind_table, 13);
		EXPECT_EQ(pages[30].bind_index, 5);
	}
	check_leaf(23, 5, 40, PERM_ALL);
}

static void t_tlb_flush(void)
{
	boot_small();
	mk(0, NO_ENV);
	tree(0, 10, 1, 11, 12, 13);
	EXPECT_EQ(c_sys_page_alloc(0, 30), E_OK);
	unsigned long f = tlb_flushes;
	/* failures never flush */
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 0), E_NOENT);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 0, PERM_W), E_NOENT);
	EXPECT_EQ(c_sys_pt_prot(0, 13, 0, 4), E_INVAL);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 2), E_NOENT);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 1), E_BUSY);
	EXPECT_EQ(c_sys_pt_unlink(0, 10, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 31, 0), E_PERM);
	EXPECT_EQ(tlb_flushes, f);
	/* each successful unmap, prot and unlink does */
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, PERM_W), E_OK);
	f = tlb_flushes;
	EXPECT_EQ(c_sys_pt_prot(0, 13, 0, 0), E_OK);
	CHECK(tlb_flushes > f, "prot: no flush");
	f = tlb_flushes;
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 0), E_OK);
	CHECK(tlb_flushes > f, "unmap: no flush");
	f = tlb_flushes;
	EXPECT_EQ(c_sys_pt_unlink(0, 12, 0), E_OK);
	CHECK(tlb_flushes > f, "unlink: no flush");
}

/* ---- env_destroy with page tables ----------------------------------------------------------------------- */

static void t_destroy_tree(void)
{
	boot_small();
	EXPECT_EQ(ram_pages, 65);
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	mk(2, 0);
	tree(0, 10, 1, 11, 12, 13);
	EXPECT_EQ(c_sys_pt_link(0, 10, PML4_USER_LAST, 14), E_OK);
	EXPECT_EQ(c_sys_pt_link(0, 14, 9, 15), E_OK);
	for (ppn_t p = 30; p <= 33; p++)
		EXPECT_EQ(c_sys_page_alloc(0, p), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 0, 30, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, 1, 31, PERM_ALL), E_OK);
	EXPECT_EQ(c_sys_pt_map(0, 13, NPTE - 1, 32, 0), E_OK);
	EXPECT_EQ(c_sys_page_alloc(0, NPAGES - 1), E_OK);
	mem_write(30, 0, 0x1234);                      /* user data */
	tree(1, 20, 1, 21, 22, 23);
	EXPECT_EQ(c_sys_page_alloc(1, 40), E_OK);
	EXPECT_EQ(c_sys_pt_map(1, 23, 0, 40, PERM_W), E_OK);
	EXPECT_EQ(c_env_wait(0, 2), E_OK);
	check_accounting("before destroy");
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	static const ppn_t gone[] = { 10, 11, 12, 13, 14, 15, 30, 31, 32, 33, NPAGES - 1 };
	for (unsigned k = 0; k < sizeof gone / sizeof gone[0]; k++) {
		ppn_t p = gone[k];
		EXPECT_EQ(pages[p].type, PG_FREE);
		EXPECT_EQ(pages[p].owner, NO_OWNER);
		EXPECT_EQ(pages[p].bind_table, NO_PAGE);
	}
	EXPECT_EQ(envs[2].parent, NO_ENV);
	EXPECT_EQ(envs[2].status, ENV_RUNNABLE);
	/* env 1's tree is untouched */
	EXPECT_EQ(pages[21].bind_table, 20);
	EXPECT_EQ(pages[23].bind_table, 22);
	EXPECT_EQ(pages[40].bind_table, 23);
	EXPECT_EQ(envs[1].root, 20);
	check_leaf(23, 0, 40, PERM_W);
	/* page contents are not assigned: the dead tree's entries and the
	 * user data are still in memory (nobody can reach them) */
	check_leaf(13, 1, 31, PERM_ALL);
	EXPECT_EQ(ptmem[30].e[0], 0x1234);
	check_accounting("after destroy");
	/* stale: the dead slot and its old table numbers */
	EXPECT_EQ(c_sys_pt_link(0, 10, 2, 16), E_INVAL);
	EXPECT_EQ(c_sys_pt_map(0, 13, 2, 33, 0), E_INVAL);
	EXPECT_EQ(c_sys_pt_unmap(0, 13, 0), E_INVAL);
	EXPECT_EQ(c_sys_page_free(0, 33), E_INVAL);
	EXPECT_EQ(c_sys_pt_link(1, 13, 0, 16), E_PERM);
	EXPECT_EQ(c_sys_pt_link(1, 10, 2, 16), E_PERM);
	EXPECT_EQ(c_sys_pt_map(1, 13, 2, 40, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_prot(1, 13, 0, 0), E_PERM);
	EXPECT_EQ(c_sys_pt_unlink(1, 10, 1), E_PERM);
	EXPECT_EQ(c_sys_page_free(1, 30), E_PERM);
	EXPECT_EQ(c_sys_pt_map(1, 23, 1, 30, 0), E_PERM);
	/* env 1 takes the old pages: each comes back zeroed */
	EXPECT_EQ(c_sys_pt_link(1, 22, 1, 13), E_OK);
	CHECK(page_is_zero(13), "old PT1 reused as a table but not zeroed");
	EXPECT_EQ(c_sys_page_alloc(1, 30), E_OK);
	EXPECT_EQ(ptmem[30].e[0], 0);
	EXPECT_EQ(c_sys_pt_map(1, 13, 0, 30, 0), E_OK);
	EXPECT_EQ(c_sys_pt_link(1, 20, 2, 10), E_OK);      /* old root as a PT3 */
	CHECK(page_is_zero(10), "old root reused as a table but not zeroed");
	/* a new env in slot 0 starts from nothing */
	mk(0, NO_ENV);
	EXPECT_EQ(envs[0].root, NO_PAGE);
	EXPECT_EQ(c_sys_pt_link(0, 10, 1, 16), E_PERM);
	EXPECT_EQ(c_vm_root_create(0, 11), E_OK);
	EXPECT_EQ(ptmem[11].e[0], KSLOT);
	EXPECT_EQ(ptmem[11].e[1], 0);
	/* everybody goes: all RAM is free again */
	EXPECT_EQ(c_env_destroy(1), NO_ENV);
	EXPECT_EQ(c_env_destroy(2), NO_ENV);
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	long nfree = 0;
	for (long p = 0; p < NPAGES; p++)
		nfree += pages[p].type == PG_FREE;
	EXPECT_EQ(nfree, 65);
	check_accounting("after destroying all");
}

static void t_accounting(void)
{
	boot_small();
	EXPECT_EQ(ram_pages, 65);
	mk(0, NO_ENV);
	mk(1, 0);
	tree(0, 0, 1, 1, 2, 3);
	for (ppn_t p = 4; p <= 20; p++)
		EXPECT_EQ(c_sys_page_alloc(0, p), E_OK);
	for (ppn_t p = 4; p <= 12; p++)
		EXPECT_EQ(c_sys_pt_map(0, 3, p, p, p % 4), E_OK);
	for (ppn_t p = 21; p <= 30; p++)
		EXPECT_EQ(c_sys_page_alloc(1, p), E_OK);
	long nfree = 0;
	for (long p = 0; p < NPAGES; p++)
		nfree += pages[p].type == PG_FREE;
	EXPECT_EQ(nfree, 65 - 4 - 17 - 10);
	check_accounting("after allocations");
	EXPECT_EQ(c_page_boot_mark(40, PG_KERNEL), E_OK);   /* RAM shrinks */
	EXPECT_EQ(ram_pages, 64);
	EXPECT_EQ(c_page_boot_mark(100, PG_FREE), E_OK);    /* and grows */
	EXPECT_EQ(ram_pages, 65);
	check_accounting("after re-marking");
	EXPECT_EQ(c_sys_page_free(1, 21), E_OK);
	EXPECT_EQ(c_sys_pt_unmap(0, 3, 4), E_OK);
	EXPECT_EQ(c_sys_page_free(0, 4), E_OK);
	check_accounting("after frees");
	EXPECT_EQ(c_env_destroy(1), NO_ENV);
	check_accounting("after destroying 1");
	EXPECT_EQ(c_env_destroy(0), NO_ENV);
	nfree = 0;
	for (long p = 0; p < NPAGES; p++)
		nfree += pages[p].type == PG_FREE;
	EXPECT_EQ(nfree, 65);
	check_accounting("after destroying all");
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
	/* vm_calls: no pointer arguments, anything goes (vm.c checks them) */
	for (uint64_t n = SYS_PAGE_ALLOC; n <= SYS_ENV_ROOT; n++) {
		EXPECT_EQ(c_syscall_check(n, 0, 0, 0), E_OK);
		EXPECT_EQ(c_syscall_check(n, X, X, X), E_OK);
		EXPECT_EQ(c_syscall_check(n, 0, B - 1, CONS_WRITE_MAX + 1), E_OK);
	}
	EXPECT_EQ(c_syscall_check(SYS_PT_MAP, 5, 3, MAP_ARG(7, PERM_ALL)), E_OK);
	/* exc_setup: (0, 0) removes the handler; otherwise a user handler byte
	 * and a 16-byte aligned stack top with EXC_FRAME_SIZE bytes below it */
	const uint64_t F = EXC_FRAME_SIZE;
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, 0, 0, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, B + F, 0), E_OK);         /* lowest */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, T - 1, T, 0), E_OK);         /* highest */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, USER_TEXT, USER_STACK_TOP, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, 0, B + F, 0), E_INVAL);      /* no handler */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, 0, 0), E_INVAL);          /* no stack */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B - 1, B + F, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, T, T, 0), E_INVAL);          /* handler at USER_TOP */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, X, T, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, B + F - 16, 0), E_INVAL); /* frame below USER_BASE */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, B + F + 8, 0), E_INVAL);  /* misaligned */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, T + 16, 0), E_INVAL);     /* above USER_TOP */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, F - 16, 0), E_INVAL);     /* would wrap below 0 */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, 0x10, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, X - 15, 0), E_INVAL);     /* aligned, huge */
	EXPECT_EQ(c_syscall_check(SYS_EXC_SETUP, B, (1ull << 63), 0), E_INVAL);
	/* env_create: slot a0 < NENV; env_regs: a struct uregs at a1 */
	EXPECT_EQ(c_syscall_check(SYS_ENV_CREATE, 0, X, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_ENV_CREATE, NENV - 1, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_ENV_CREATE, NENV, 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_ENV_CREATE, (1ull << 32), 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_ENV_CREATE, X, 0, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_ENV_REGS, X, B, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_ENV_REGS, 0, T - UREGS_SIZE, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_ENV_REGS, 0, T - UREGS_SIZE + 1, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_ENV_REGS, 0, B - 1, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_ENV_REGS, 0, 0, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_ENV_REGS, 0, X - 100, 0), E_FAULT);    /* wraps */
	/* core_checked: ids, caps and pages go to the core unchecked */
	for (uint64_t n = SYS_ENV_RUN; n <= SYS_SLICE_UPCALL; n++) {
		EXPECT_EQ(c_syscall_check(n, 0, 0, 0), E_OK);
		EXPECT_EQ(c_syscall_check(n, X, X, X), E_OK);
		EXPECT_EQ(c_syscall_check(n, NCAP, B - 1, MAP_ARG(NPAGES, 9)), E_OK);
	}
	/* ipc_entry: (0, 0) closes; else a user rip and an aligned stack top
	 * with IPC_STACK_MIN bytes of user space below it */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, 0, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B, B + IPC_STACK_MIN, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, T - 1, T, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, T, T, 0), E_INVAL);            /* rip past the end */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B - 1, T, 0), E_INVAL);        /* rip below */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B, B, 0), E_INVAL);            /* no room below */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B, T - 8, 0), E_INVAL);        /* misaligned */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B, T + 16, 0), E_INVAL);       /* above user space */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B, 0, 0), E_INVAL);            /* wraps */
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, 0, T, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_IPC_ENTRY, B, 8, 0), E_INVAL);
	/* core_checked_ipc */
	for (uint64_t n = SYS_IPC_CALL; n <= SYS_REV_GRANT; n++) {
		EXPECT_EQ(c_syscall_check(n, 0, 0, 0), E_OK);
		EXPECT_EQ(c_syscall_check(n, X, X, X), E_OK);
	}
	/* cons_read_*, mod_read_* */
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, B, CONS_READ_MAX, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, B, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, B, CONS_READ_MAX + 1, 0), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, X, CONS_READ_MAX + 1, 0), E_INVAL);  /* length first */
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, T - 1, 2, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, B - 1, 1, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_CONS_READ, 0, 1, 0), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_MOD_READ, X, B, MOD_READ_MAX), E_OK);     /* module: proc.c */
	EXPECT_EQ(c_syscall_check(SYS_MOD_READ, 0, T - 1, 1), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_MOD_READ, 0, B, MOD_READ_MAX + 1), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_MOD_READ, 0, X, X), E_INVAL);
	EXPECT_EQ(c_syscall_check(SYS_MOD_READ, 0, T - 1, 2), E_FAULT);
	EXPECT_EQ(c_syscall_check(SYS_MOD_READ, 0, X - 1, 2), E_FAULT);         /* wraps */
	/* unknown */
	EXPECT_EQ(c_syscall_check(SYS__COUNT, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(SYS__COUNT, 38);
	/* SYS_UPCALL_HOLD: its one argument is checked by upcall.c */
	EXPECT_EQ(c_syscall_check(SYS_UPCALL_HOLD, 0, 0, 0), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_UPCALL_HOLD, UINT64_MAX, X, X), E_OK);
	EXPECT_EQ(c_syscall_check(SYS_UPCALL_HOLD + 1, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check((1ull << 32) + SYS_PT_MAP, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check((1ull << 63) + SYS_PAGE_ALLOC, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(SYS__COUNT + 1, B, 1, 1), E_NOSYS);
	EXPECT_EQ(c_syscall_check(255, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(X, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(1ull << 32, 0, 0, 0), E_NOSYS);            /* 0 if truncated */
	EXPECT_EQ(c_syscall_check((1ull << 32) + SYS_EXIT, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(1ull << 63, 0, 0, 0), E_NOSYS);
	EXPECT_EQ(c_syscall_check(X - SYS__COUNT + 1, 0, 0, 0), E_NOSYS);
}

/* ---- the Inv checker itself ------------------------------------------------------------------ */

static struct snapshot good;
static struct { ppn_t p; unsigned i; uint64_t v; } undo[8];
static unsigned nundo;
static int hit[INV_NCLAUSES];

/* edit ptmem behind the core's back, to be undone by restore() */
static void set_e(ppn_t p, unsigned i, uint64_t v)
{
	undo[nundo].p = p;
	undo[nundo].i = i;
	undo[nundo].v = ptmem[p].e[i];
	nundo++;
	ptmem[p].e[i] = v;
}

static void restore(void)
{
	snap_restore(&good);
	while (nundo) {
		nundo--;
		ptmem[undo[nundo].p].e[undo[nundo].i] = undo[nundo].v;
	}
}

#define BIT(c) ((unsigned __int128)1 << (c))

/* env 1's first two capability slots */
#define K16 ((uint64_t)CAP_PER_ENV)
#define K17 ((uint64_t)CAP_PER_ENV + 1)

/* The checker must report `clause` on the (broken) current state, and no
 * clause outside `also`; then the state is restored. */
static void expect_clauses(int clause, unsigned __int128 also, const char *what)
{
	struct inv_report r;
	inv_check(&r);
	unsigned __int128 seen = 0;
	for (int c = 0; c < INV_NCLAUSES; c++)
		if (r.count[c])
			seen |= BIT(c);
	if (r.ok || !(seen & BIT(clause)) || (seen & ~(BIT(clause) | also))) {
		char buf[512];
		inv_describe(&r, buf, sizeof buf);
		failf("checker on '%s': expected [%s]%s, got %s (%u of that clause)",
		      what, inv_clause_name[clause], also ? " (and some related ones)" : " only",
		      buf, r.count[clause]);
	}
	hit[clause] = 1;
	restore();
}

#define ONLY(c, what) expect_clauses((c), 0, (what))

/* Change page p's owner and keep the per-env counts (CountsOk) exact, so
 * that only the clause under test breaks. */
static void set_owner(long p, int32_t o)
{
	int32_t old = pages[p].owner;
	if (old >= 0 && old < NENV)
		envs[old].npages--;
	if (o >= 0 && o < NENV)
		envs[o].npages++;
	pages[p].owner = o;
}

static void t_inv_checker(void)
{
	/* a rich valid state: two trees, a mapped and an unmapped data page,
	 * waits, free / kernel / none pages; capabilities (mapped, derived,
	 * unmapped) and table views (another table, a table itself) */
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	mk(3, NO_ENV);
	tree(0, 1, 1, 2, 3, 4);                          /* R=1 A=2 B=3 C=4 */
	EXPECT_EQ(c_sys_pt_link(0, 3, 1, 5), E_OK);      /* C2=5, empty PT1 */
	EXPECT_EQ(c_sys_page_alloc(0, 6), E_OK);         /* D=6, mapped at C[5] */
	EXPECT_EQ(c_sys_pt_map(0, 4, 5, 6, PERM_W), E_OK);
	EXPECT_EQ(c_sys_page_alloc(0, 7), E_OK);         /* E=7, unmapped */
	tree(1, 10, 2, 11, 12, 13);                      /* R1=10 .. C1=13 */
	EXPECT_EQ(c_sys_page_alloc(1, 14), E_OK);        /* D1=14 */
	EXPECT_EQ(c_sys_pt_map(1, 13, 0, 14, PERM_ALL), E_OK);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	EXPECT_EQ(c_sys_pt_link(1, 12, 1, 15), E_OK);      /* C1b=15, env 1's second PT1 */
	EXPECT_EQ(c_sys_page_alloc(0, 20), E_OK);          /* P=20, shared with env 1 */
	EXPECT_EQ(c_sys_page_alloc(0, 21), E_OK);          /* Q=21 */
	EXPECT_EQ(c_cap_grant(0, 0, 20, 1, PERM_ALL), E_OK);       /* cap 0: P to env 1 */
	EXPECT_EQ(c_sys_pt_map_cap(1, 13, 1, 0, PERM_W), E_OK);    /* at C1[1], W */
	EXPECT_EQ(c_cap_derive(1, K16, 0, 1, PERM_W), E_OK);        /* cap K16 <- 0, W */
	EXPECT_EQ(c_sys_pt_map_cap(1, 13, 2, K16, PERM_W), E_OK);   /* at C1[2] */
	EXPECT_EQ(c_cap_derive(1, K17, 0, 1, PERM_X), E_OK);        /* cap K17 <- 0, X */
	EXPECT_EQ(c_sys_pt_map_cap(1, 13, 4, K17, PERM_X), E_OK);   /* at C1[4] */
	EXPECT_EQ(c_cap_grant(0, 1, 21, 0, PERM_W), E_OK);         /* cap 1: Q to env 0 */
	EXPECT_EQ(c_cap_derive(0, 2, 1, 3, 0), E_OK);              /* cap 2 <- 1, for env 3 */
	EXPECT_EQ(c_cap_grant(0, 3, 21, 2, 0), E_OK);              /* cap 3: Q to env 2 */
	EXPECT_EQ(c_sys_pt_view(0, 4, 6, 3), E_OK);                /* view of B at C[6] */
	EXPECT_EQ(c_sys_pt_view(1, 13, 3, 13), E_OK);              /* C1 views itself */
	snap_take(&good);
	memset(hit, 0, sizeof hit);
	nundo = 0;
	struct inv_report r;
	CHECK(inv_check(&r), "checker rejects a valid state");

	/* PagesInv */
	pages[100].type = 8;                      ONLY(PAGE_TYPE_VALID, "type 8");
	pages[100].type = UINT32_MAX;             ONLY(PAGE_TYPE_VALID, "type UINT32_MAX");
	set_owner(30, 3);                         ONLY(PAGE_OWNER_IFF_TYPE, "free page with owner");
	set_owner(64, 0);                         ONLY(PAGE_OWNER_IFF_TYPE, "kernel page with owner");
	set_owner(7, NO_OWNER);                   ONLY(PAGE_OWNER_IFF_TYPE, "data page without owner");
	set_owner(7, 9);                          ONLY(PAGE_OWNER_LIVE, "page of a free slot");
	set_owner(7, NENV);                       ONLY(PAGE_OWNER_LIVE, "owner NENV");
	set_owner(7, -2);                         ONLY(PAGE_OWNER_LIVE, "owner -2");
	set_owner(7, INT32_MIN);                  ONLY(PAGE_OWNER_LIVE, "owner INT32_MIN");
	/* EnvsInv */
	envs[3].status = 3;                       ONLY(ENV_STATUS_RANGE, "status 3");
	envs[3].status = UINT32_MAX;              ONLY(ENV_STATUS_RANGE, "status UINT32_MAX");
	envs[9].gen = 0;                          ONLY(ENV_GEN_RANGE, "gen 0");
	envs[3].gen = GEN_MAX + 1;                ONLY(ENV_GEN_RANGE, "gen GEN_MAX+1");
	envs[3].gen = -1;                         ONLY(ENV_GEN_RANGE, "gen -1");
	envs[9].parent = 0;                       ONLY(ENV_FREE_CLEAN, "free slot with parent");
	envs[3].parent = 9;                       ONLY(ENV_PARENT_LIVE, "parent free");
	envs[3].parent = NENV;                    ONLY(ENV_PARENT_LIVE, "parent NENV");
	envs[3].parent = -5;                      ONLY(ENV_PARENT_LIVE, "parent -5");
	envs[3].parent = 3;                       ONLY(ENV_PARENT_NOT_SELF, "live env its own parent");
	envs[0].wait_child = 3;                   ONLY(ENV_WAIT_OWN_CHILD, "waits for a non-child");
	envs[0].wait_child = 0;                   ONLY(ENV_WAIT_OWN_CHILD, "waits for itself");
	envs[0].wait_child = NO_ENV;              ONLY(ENV_WAIT_OWN_CHILD, "waits for nobody");
	envs[0].wait_child = NENV;                ONLY(ENV_WAIT_OWN_CHILD, "waits for slot NENV");
	envs[3].wait_child = 0;                   ONLY(ENV_NOWAIT_NOCHILD, "runnable with wait_child");
	envs[3].root = 6;                         ONLY(ENV_ROOT_OWNED_PT4, "root is another env's data page");
	envs[3].root = 1;                         ONLY(ENV_ROOT_OWNED_PT4, "root is another env's root");
	envs[3].root = 30;                        ONLY(ENV_ROOT_OWNED_PT4, "root is a free page");
	envs[3].root = NPAGES + 1;                ONLY(ENV_ROOT_OWNED_PT4, "root beyond the table");
	envs[3].root = UINT64_MAX;                ONLY(ENV_ROOT_OWNED_PT4, "root UINT64_MAX");
	envs[0].root = 2;
	expect_clauses(ENV_ROOT_OWNED_PT4, BIT(BIND_ROOT), "root is its own PT3");
	envs[3].npages++;                         ONLY(ENV_COUNT_EXACT, "count one too high");
	envs[0].npages--;                         ONLY(ENV_COUNT_EXACT, "count one too low");
	envs[9].npages = 1;                       ONLY(ENV_COUNT_EXACT, "free slot with a count");
	pages[7].owner = 1;
	expect_clauses(ENV_COUNT_EXACT, BIT(ENV_COUNT_EXACT), "page moved, counts not");
	/* SlotsOk (the PML4s follow, so only SlotsOk breaks) */
	vm_kernel_slot |= 4; set_e(1, 0, vm_kernel_slot); set_e(10, 0, vm_kernel_slot);
	ONLY(SLOTS_KERNEL_SUPER, "user kernel slot");
	vm_info_slot |= 2; set_e(1, PML4_INFO, vm_info_slot); set_e(10, PML4_INFO, vm_info_slot);
	ONLY(SLOTS_INFO_RO, "writable info slot");
	/* EntryOk */
	set_e(1, 300, 1);
	inv_check(&r);
	CHECK(r.first_clause == ENTRY_KSLOT_VALUE && r.first_index == 1 && r.first_entry == 300,
	      "checker: wrong location for a kernel-slot violation");
	ONLY(ENTRY_KSLOT_VALUE, "PML4 entry 300 used");
	set_e(1, 0, KSLOT ^ 1);                   ONLY(ENTRY_KSLOT_VALUE, "PML4 entry 0 changed");
	set_e(10, PML4_INFO, 0);                  ONLY(ENTRY_KSLOT_VALUE, "info slot cleared");
	set_e(1, NPTE - 1, ptmem[1].e[1]);        ONLY(ENTRY_KSLOT_VALUE, "PML4 entry 511 used");
	vm_kernel_slot = KSLOT + 4096;            ONLY(ENTRY_KSLOT_VALUE, "kernel slot moved, PML4s not");
	set_e(2, 7, 2);                           ONLY(ENTRY_EMPTY_ZERO, "non-present, non-zero entry");
	set_e(4, 9, 1ull << 63);                  ONLY(ENTRY_EMPTY_ZERO, "NX-only entry");
	set_e(4, 5, ptmem[4].e[5] & ~4ull);       ONLY(ENTRY_USER, "supervisor leaf");
	set_e(3, 0, ptmem[3].e[0] & ~4ull);       ONLY(ENTRY_USER, "supervisor link");
	set_e(3, 0, ptmem[3].e[0] | 128);         ONLY(ENTRY_NOT_LARGE, "large-page link");
	set_e(4, 5, ptmem[4].e[5] | 128);         ONLY(ENTRY_NOT_LARGE, "large-page leaf");
	set_e(2, 0, ptmem[2].e[0] & ~2ull);       ONLY(ENTRY_LINK_WRITABLE, "read-only link");
	set_e(4, 5, ptmem[4].e[5] & ~2ull);       /* a read-only leaf is fine */
	CHECK(inv_check(&r), "checker rejects a read-only leaf");
	restore();
	set_e(4, 9, ((uint64_t)NPAGES << 12) | 5);  ONLY(ENTRY_ADDR_VALID, "leaf to page NPAGES");
	set_e(2, 9, (UINT64_C(0xffffffffff) << 12) | 7); ONLY(ENTRY_ADDR_VALID, "link to page 2^40-1");
	set_owner(6, 1);
	expect_clauses(ENTRY_SAME_OWNER, BIT(BIND_SAME_OWNER), "mapped page of another env");
	set_owner(6, 1);
	expect_clauses(BIND_SAME_OWNER, BIT(ENTRY_SAME_OWNER), "mapped page of another env");
	pages[6].type = PG_PT1;
	expect_clauses(ENTRY_CHILD_TYPE, BIT(BIND_PARENT_TYPE), "leaf maps a table");
	pages[6].type = PG_PT1;
	expect_clauses(BIND_PARENT_TYPE, BIT(ENTRY_CHILD_TYPE), "leaf maps a table");
	pages[6].bind_table = NO_PAGE;            ONLY(ENTRY_BIND_TABLE, "mapped page unbound");
	pages[6].bind_index = 6;                  /* C[6] holds the view of B */
	expect_clauses(ENTRY_BIND_INDEX, BIT(BIND_ENTRY_ADDR) | BIT(BIND_ENTRY_TAG),
		       "wrong bind_index");
	pages[6].bind_index = 7;
	expect_clauses(ENTRY_BIND_INDEX, BIT(BIND_ENTRY_PRESENT) | BIT(BIND_ENTRY_ADDR),
		       "wrong bind_index");
	/* BindOk */
	pages[1].bind_table = 1; pages[1].bind_index = 1;
	expect_clauses(BIND_OWNED_NOT_ROOT, BIT(BIND_PARENT_TYPE) | BIT(BIND_ENTRY_ADDR),
		       "bound root");
	pages[30].bind_table = 4; pages[30].bind_index = 5;
	expect_clauses(BIND_OWNED_NOT_ROOT, BIT(BIND_SAME_OWNER) | BIT(BIND_PARENT_TYPE) |
		       BIT(BIND_ENTRY_ADDR), "bound free page");
	pages[7].bind_table = NPAGES + 1;         ONLY(BIND_TABLE_VALID, "bind_table NPAGES + 1");
	pages[7].bind_table = UINT64_MAX;         ONLY(BIND_TABLE_VALID, "bind_table UINT64_MAX");
	pages[7].bind_table = 4; pages[7].bind_index = NPTE;
	ONLY(BIND_TABLE_VALID, "bind_index NPTE");
	set_e(4, 5, 0);
	expect_clauses(BIND_ENTRY_PRESENT, BIT(BIND_ENTRY_ADDR), "binding to an empty entry");
	set_e(4, 5, ptmem[4].e[5] & ~1ull);
	expect_clauses(BIND_ENTRY_PRESENT, BIT(ENTRY_EMPTY_ZERO), "binding to a non-present entry");
	set_e(4, 5, (ptmem[4].e[5] % 4096) + 7 * 4096);
	expect_clauses(BIND_ENTRY_ADDR, BIT(ENTRY_BIND_TABLE) | BIT(ENTRY_BIND_INDEX),
		       "entry maps another page than the bound one");
	set_e(3, 1, 0); pages[5].bind_table = NO_PAGE;
	ONLY(BIND_TABLE_LINKED, "unlinked PT1");
	envs[0].root = NO_PAGE;                   ONLY(BIND_ROOT, "PML4 that is nobody's root");
	envs[1].root = NO_PAGE;                   ONLY(BIND_ROOT, "PML4 that is nobody's root");
	set_e(2, 0, ptmem[2].e[0] | (5ull << 52)); ONLY(BIND_ENTRY_TAG, "link with a tag");
	set_e(4, 5, ptmem[4].e[5] | (1ull << 52));
	expect_clauses(BIND_ENTRY_TAG, BIT(CAPENT_LIVE) | BIT(CAPENT_HOLDER) | BIT(CAPENT_PAGE) |
		       BIT(CAPENT_BIND_TABLE) | BIT(CAPENT_BIND_INDEX),
		       "own mapping retagged as one of cap 0");

	/* EntryOk on leaves: tags */
	{
		uint64_t x14 = ptmem[13].e[0];           /* D1's own mapping */
		set_e(13, 9, (x14 & ~(2047ull << 52)) | ((uint64_t)(NCAP + 1) << 52));
		ONLY(ENTRY_TAG_VALID, "leaf tagged NCAP + 1");
		set_e(13, 9, (x14 & ~(2047ull << 52)) | (2046ull << 52));
		ONLY(ENTRY_TAG_VALID, "leaf tagged 2046");
	}
	/* CapEntry */
	caps[0].status = CAP_DEAD; sweep.phase = SWEEP_MARK; sweep.changed = 1;
	expect_clauses(CAPENT_LIVE, BIT(CAP_BOUND_LIVE), "mapping through a DEAD cap");
	caps[0].status = CAP_DEAD; sweep.phase = SWEEP_MARK; sweep.changed = 1;
	expect_clauses(CAP_BOUND_LIVE, BIT(CAPENT_LIVE), "mapping through a DEAD cap");
	caps[0].holder = 3;
	expect_clauses(CAPENT_HOLDER, BIT(CAP_BOUND_HOLDER), "mapping through a cap env 1 does not hold");
	caps[0].holder = 3;
	expect_clauses(CAP_BOUND_HOLDER, BIT(CAPENT_HOLDER), "mapping through a cap env 1 does not hold");
	set_e(13, 1, ptmem[13].e[1] - 20 * 4096 + 21 * 4096);
	ONLY(CAPENT_PAGE, "cap mapping of another page than the cap's");
	set_e(15, 1, ptmem[13].e[1]);             ONLY(CAPENT_BIND_TABLE, "cap mapped twice, other table");
	set_e(13, 5, ptmem[13].e[1]);             ONLY(CAPENT_BIND_INDEX, "cap mapped twice, same table");
	set_e(13, 4, ptmem[13].e[4] | 2);         ONLY(CAPENT_W, "writable mapping of an X-only cap");
	set_e(13, 2, ptmem[13].e[2] & ~(1ull << 63)); ONLY(CAPENT_X, "executable mapping of a W-only cap");
	caps[K16].rights = PERM_X;
	expect_clauses(CAPENT_W, BIT(CAPENT_X), "cap rights lowered under its mapping");
	{
		struct inv_report q;
		set_e(13, 1, ptmem[13].e[1] & ~(2ull | (1ull << 63)));   /* within ALL: fine */
		CHECK(inv_check(&q), "checker rejects a lower-rights mapping of a cap");
		restore();
	}
	/* ViewEntry */
	set_e(4, 6, ptmem[4].e[6] | 2);           ONLY(VIEWENT_RO, "writable view");
	set_e(4, 6, ptmem[4].e[6] & ~(1ull << 63)); ONLY(VIEWENT_NX, "executable view");
	set_e(4, 6, (ptmem[4].e[6] & ~(0xffffffffffull << 12)) | ((uint64_t)NPAGES << 12));
	expect_clauses(VIEWENT_ADDR_VALID, BIT(VBIND_ADDR), "view of page NPAGES");
	set_e(4, 6, ptmem[4].e[6] - 3 * 4096 + 12 * 4096);
	pages[12].view_table = 4; pages[12].view_index = 6; pages[3].view_table = NO_PAGE;
	expect_clauses(VIEWENT_SAME_OWNER, BIT(VBIND_SAME_OWNER), "view of another env's table");
	set_e(4, 6, ptmem[4].e[6] - 3 * 4096 + 12 * 4096);
	pages[12].view_table = 4; pages[12].view_index = 6; pages[3].view_table = NO_PAGE;
	expect_clauses(VBIND_SAME_OWNER, BIT(VIEWENT_SAME_OWNER), "view of another env's table");
	set_e(4, 6, ptmem[4].e[6] - 3 * 4096 + 21 * 4096);
	pages[21].view_table = 4; pages[21].view_index = 6; pages[3].view_table = NO_PAGE;
	expect_clauses(VIEWENT_TABLE, BIT(VBIND_TABLE_TYPE), "view of a data page");
	set_e(4, 6, ptmem[4].e[6] - 3 * 4096 + 21 * 4096);
	pages[21].view_table = 4; pages[21].view_index = 6; pages[3].view_table = NO_PAGE;
	expect_clauses(VBIND_TABLE_TYPE, BIT(VIEWENT_TABLE), "view of a data page");
	pages[3].view_table = 5;
	expect_clauses(VIEWENT_VIEW_TABLE, BIT(VBIND_PRESENT) | BIT(VBIND_ADDR) | BIT(VBIND_TAG),
		       "viewed table names the wrong view table");
	pages[3].view_index = 7;
	expect_clauses(VIEWENT_VIEW_INDEX, BIT(VBIND_PRESENT) | BIT(VBIND_ADDR) | BIT(VBIND_TAG),
		       "viewed table names the wrong view index");
	/* BindOk of views */
	pages[2].view_table = NPAGES + 1;         ONLY(VBIND_VALID, "view_table NPAGES + 1");
	pages[2].view_table = 4; pages[2].view_index = NPTE;
	ONLY(VBIND_VALID, "view_index NPTE");
	pages[2].view_table = 3; pages[2].view_index = 0;
	expect_clauses(VBIND_LEAF, BIT(VBIND_ADDR) | BIT(VBIND_TAG), "view in a PT2");
	pages[2].view_table = 4; pages[2].view_index = 9;
	expect_clauses(VBIND_PRESENT, BIT(VBIND_ADDR) | BIT(VBIND_TAG), "view at an empty entry");
	pages[2].view_table = 4; pages[2].view_index = 6;
	ONLY(VBIND_ADDR, "two tables claim the same view entry");
	set_e(13, 3, (ptmem[13].e[3] & ~(2047ull << 52)) | ((uint64_t)(K17 + 1) << 52));
	expect_clauses(VBIND_TAG, BIT(CAPENT_PAGE) | BIT(CAPENT_BIND_INDEX),
		       "view entry retagged as cap K17's");

	/* CapOk */
	caps[5].status = 3;                       ONLY(CAP_STATUS_RANGE, "cap status 3");
	caps[5].status = UINT32_MAX;              ONLY(CAP_STATUS_RANGE, "cap status UINT32_MAX");
	caps[1].bind_table = NPAGES + 1;          ONLY(CAP_BOUND_VALID, "cap bind_table NPAGES + 1");
	caps[1].bind_table = 4; caps[1].bind_index = NPTE;
	ONLY(CAP_BOUND_VALID, "cap bind_index NPTE");
	caps[1].bind_table = 2; caps[1].bind_index = 0;
	expect_clauses(CAP_BOUND_LEAF, BIT(CAP_BOUND_TAG), "cap bound in a PT3");
	caps[1].bind_table = 4; caps[1].bind_index = 9;
	expect_clauses(CAP_BOUND_PRESENT, BIT(CAP_BOUND_TAG), "cap bound to an empty entry");
	set_e(13, 1, ptmem[13].e[1] & ~1ull);
	expect_clauses(CAP_BOUND_PRESENT, BIT(ENTRY_EMPTY_ZERO), "cap mapping made non-present");
	caps[K16].bind_index = 1;
	expect_clauses(CAP_BOUND_TAG, BIT(CAPENT_BIND_INDEX), "cap bound to another cap's entry");
	caps[5] = caps[1]; caps[5].bind_table = 4; caps[5].bind_index = 5;
	expect_clauses(CAP_BOUND_TAG, 0, "free-range copy of cap 1 bound to an own mapping");
	caps[3].page = 30;                        ONLY(CAP_PAGE_USER, "cap on a free page");
	caps[3].page = NPAGES;                    ONLY(CAP_PAGE_USER, "cap on page NPAGES");
	caps[3].page = 4;                         ONLY(CAP_PAGE_USER, "cap on a table");
	caps[3].holder = 9;                       ONLY(CAP_HOLDER_LIVE, "cap held by a free slot");
	caps[3].holder = NENV;                    ONLY(CAP_HOLDER_LIVE, "cap held by slot NENV");
	caps[3].holder = -1;                      ONLY(CAP_HOLDER_LIVE, "cap held by -1");
	caps[3].rights = 4;                       ONLY(CAP_RIGHTS, "cap rights 4");
	caps[3].rights = UINT32_MAX;              ONLY(CAP_RIGHTS, "cap rights UINT32_MAX");
	caps[3].parent = 5;                       ONLY(CAP_PARENT_VALID, "parent a FREE slot");
	caps[3].parent = NCAP;                    ONLY(CAP_PARENT_VALID, "parent NCAP");
	caps[3].parent = -2;                      ONLY(CAP_PARENT_VALID, "parent -2");
	caps[2].page = 20;                        ONLY(CAP_PARENT_PAGE, "derived cap on another page");
	caps[2].rights = PERM_ALL;                ONLY(CAP_PARENT_RIGHTS, "derived cap with more rights");
	caps[2].rights = PERM_X;                  ONLY(CAP_PARENT_RIGHTS, "derived X from a W-only cap");
	caps[K16].rights = PERM_ALL; caps[0].rights = PERM_W;   /* child's mapping is W: fine */
	ONLY(CAP_PARENT_RIGHTS, "parent rights lowered below the child's");
	{
		/* a DEAD parent, a DEAD cap with no mapping, a sweep under way:
		 * all fine while the sweep is marking */
		struct inv_report q;
		caps[1].status = CAP_DEAD; sweep.phase = SWEEP_MARK; sweep.changed = 1;
		sweep.cursor = 500;
		CHECK(inv_check(&q), "checker rejects a sweep under way with a doomed cap");
		sweep.changed = 0; sweep.cursor = 2;
		CHECK(inv_check(&q), "checker rejects a doomed cap ahead of the cursor");
		restore();
	}

	/* SweepOk */
	sweep.phase = 3;                          ONLY(SWEEP_PHASE_RANGE, "sweep phase 3");
	sweep.cursor = NCAP;                      ONLY(SWEEP_CURSOR_RANGE, "cursor NCAP");
	sweep.cursor = UINT32_MAX;                ONLY(SWEEP_CURSOR_RANGE, "cursor UINT32_MAX");
	caps[5].status = CAP_DEAD;                ONLY(SWEEP_IDLE_NO_DEAD, "idle with a DEAD cap");
	caps[1].status = CAP_DEAD; sweep.phase = SWEEP_MARK; sweep.cursor = 3;
	ONLY(SWEEP_MARK_CLEAN, "clean marking pass left a doomed cap behind");
	caps[1].status = CAP_DEAD; sweep.phase = SWEEP_FREE;
	ONLY(SWEEP_FREE_NO_DOOMED, "freeing pass with a doomed cap");
	caps[5].status = CAP_DEAD; sweep.phase = SWEEP_FREE; sweep.cursor = 6;
	ONLY(SWEEP_FREE_FREED, "freeing pass left a DEAD cap behind");
	{
		struct inv_report q;
		caps[5].status = CAP_DEAD; sweep.phase = SWEEP_FREE; sweep.cursor = 5;
		CHECK(inv_check(&q), "checker rejects a DEAD cap ahead of the freeing cursor");
		restore();
	}

	for (int c = 0; c < INV_NCLAUSES; c++)
		CHECK(hit[c], "self-test never breaks [%s]", inv_clause_name[c]);

	/* the state is whole again */
	CHECK(inv_check(&r), "restored state fails Inv");
	envs[3].parent = 3;
	CHECK(!inv_check(&r) && r.first_clause == ENV_PARENT_NOT_SELF && r.first_index == 3,
	      "inv_check misses a broken core state");
	restore();
}

const struct test directed_tests[] = {
	{ "core_init",                 t_core_init },
	{ "page_table_init",           t_page_table_init },
	{ "page_boot_mark",            t_boot_mark },
	{ "env_create",                t_env_create },
	{ "env_lookup",                t_env_lookup },
	{ "env_wait",                  t_env_wait },
	{ "destroy_wakes_parent",      t_destroy_wakes_parent },
	{ "destroy_parent_waits_other", t_destroy_parent_waits_other },
	{ "destroy_orphans",           t_destroy_orphans },
	{ "destroy_waiting_env",       t_destroy_waiting_env },
	{ "stale_after_destroy",       t_stale_after_destroy },
	{ "gen_wrap",                  t_gen_wrap },
	{ "vm_init",                   t_vm_init },
	{ "vm_root_create",            t_root_create },
	{ "sys_page_alloc",            t_page_alloc },
	{ "sys_page_free",             t_page_free },
	{ "sys_pt_link",               t_pt_link },
	{ "sys_pt_unlink",             t_pt_unlink },
	{ "sys_pt_map",                t_pt_map },
	{ "sys_pt_unmap",              t_pt_unmap },
	{ "sys_pt_prot",               t_pt_prot },
	{ "tlb_flush",                 t_tlb_flush },
	{ "destroy_tree",              t_destroy_tree },
	{ "accounting",                t_accounting },
	{ "user_range_ok",             t_user_range_ok },
	{ "syscall_check",             t_syscall_check },
	{ "inv_checker",               t_inv_checker },
};
const size_t n_directed_tests = sizeof directed_tests / sizeof directed_tests[0];
