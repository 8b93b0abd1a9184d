// SPDX-License-Identifier: MIT
/*
 * The environment table.  An env id is generation * NENV + slot, so an id
 * kept after its env died no longer matches the slot's generation and is
 * rejected as stale.  Destroying an env gives back every page it owns; the
 * loops that do so are bounded by the table sizes and proved to keep Inv at
 * every step (contracts in env.h).
 */
#include "env.h"
#include "page.h"
#include "cap.h"
#include "sched.h"
#include "revoke.h"
#include "../../spec/free.acsl"

struct env envs[NENV];

void core_init(void)
{
	/*@ loop invariant 0 <= i <= NENV;
	    loop invariant \forall integer e; 0 <= e < i ==>
	      envs[e].status == ENV_FREE && envs[e].gen == 1 &&
	      envs[e].parent == NO_ENV && envs[e].wait_child == NO_ENV &&
	      envs[e].root == NO_PAGE && envs[e].npages == 0;
	    loop assigns i, envs[0 .. NENV-1];
	    loop variant NENV - i;
	*/
	for (int32_t i = 0; i < NENV; i++) {
		envs[i].status = ENV_FREE;
		envs[i].gen = 1;
		envs[i].parent = NO_ENV;
		envs[i].wait_child = NO_ENV;
		envs[i].root = NO_PAGE;
		envs[i].npages = 0;
	}
	vm_kernel_slot = 0;
	vm_info_slot = 0;
	page_table_init();
	sched_init();
	rev_init();
	cap_table_init();
}

envid_t env_create(int32_t slot, int32_t parent)
{
	if (slot < 0 || slot >= NENV)
		return E_INVAL;
	if (parent != NO_ENV &&
	    (parent < 0 || parent >= NENV || envs[parent].status == ENV_FREE))
		return E_INVAL;
	if (envs[slot].status != ENV_FREE)
		return E_BUSY;
	//@ ghost owned_none(slot);
	envs[slot].status = ENV_RUNNABLE;
	envs[slot].parent = parent;
	envs[slot].wait_child = NO_ENV;
	envs[slot].root = NO_PAGE;
	rev.holder[slot] = 0;      /* the capability does not outlive its holder */
	return envs[slot].gen * NENV + slot;
}

int32_t env_lookup(envid_t id)
{
	if (id < NENV || id >= (GEN_MAX + 1) * NENV)
		return E_INVAL;
	int32_t slot = id % NENV;
	if (envs[slot].status == ENV_FREE || envs[slot].gen != id / NENV)
		return E_STALE;
	return slot;
}

int32_t env_target(int32_t caller, envid_t id)
{
	if (id == TARGET_SELF)
		return caller;
	int32_t slot = env_lookup(id);
	if (slot < 0)
		return slot;
	if (envs[slot].parent != caller)
		return E_PERM;
	return slot;
}

int env_wait(int32_t e, int32_t child)
{
	if (e < 0 || e >= NENV || envs[e].status != ENV_RUNNABLE)
		return E_INVAL;
	if (child < 0 || child >= NENV || envs[child].status == ENV_FREE)
		return E_INVAL;
	if (ipc.calling[e] != NO_ENV)
		return E_BUSY;
	if (envs[child].parent != e)
		return E_PERM;
	envs[e].status = ENV_WAITING;
	envs[e].wait_child = child;
	sched_block(e);   /* e's slice goes on in the child it waits for */
	return E_OK;
}

/* Free every page owned by e.  e is live and has no root any more; its
 * tables may refer to pages already freed, so only VmInvExcept(e) holds
 * during the loop, and all of Inv once e owns nothing.
 *
 * The scan goes up from page 0 and stops as soon as e's count reaches 0:
 * by CountsOk, a count of 0 means e owns nothing more (owned_zero).  So
 * it costs as many steps as e's highest page, not NPAGES: a libOS that
 * gives short-lived envs low pages has them freed quickly (fork does). */
/*@ requires PagesInv && EnvsInv && VmInvExcept(e) && CapsInv && OwnerGhostOk && CountsOk;
    requires SchedInv && RevInv;
    requires Live(e) && envs[e].root == NO_PAGE;
    requires \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==>
      caps[k].holder != e && pages[caps[k].page].owner != e;
    assigns pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1], envs[e].npages;
    ENSURES_INV
    ensures envs[e].npages == 0;
    ensures \forall integer p; ValidPpn(p) ==> pages[p].owner != e;
    ensures \forall integer p; ValidPpn(p) && \old(pages[p].owner) == e ==> PageFree(p);
    ensures \forall integer p; ValidPpn(p) && \old(pages[p].owner) != e ==>
      pages[p] == \old(pages[p]);
*/
static void env_free_pages(int32_t e)
{
	/*@ loop invariant 0 <= i <= NPAGES;
	    loop invariant PagesInv && EnvsInv && VmInvExcept(e) && CapsInv;
	    loop invariant OwnerGhostOk && CountsOk && SchedInv;
	    loop invariant \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==>
	      caps[k].holder != e && pages[caps[k].page].owner != e;
	    loop invariant \forall integer q; 0 <= q < i ==> pages[q].owner != e;
	    loop invariant \forall integer q; 0 <= q < i && \at(pages[q].owner, Pre) == e ==>
	      PageFree(q);
	    loop invariant \forall integer q; ValidPpn(q) &&
	      (i <= q || \at(pages[q].owner, Pre) != e) ==> pages[q] == \at(pages[q], Pre);
	    loop assigns i, pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1], envs[e].npages;
	    loop variant NPAGES - i;
	*/
	for (int32_t i = 0; i < NPAGES && envs[e].npages > 0; i++) {
		if (pages[i].owner == e) {
			struct page_info freed = { NO_OWNER, PG_FREE, NO_PAGE, 0, NO_PAGE, 0 };
			pages[i] = freed;
			//@ ghost owner_g_set(i, NO_OWNER);
			envs[e].npages--;
			/*@ assert frame: \forall integer q; ValidPpn(q) && q != i ==>
			      pages[q] == \at(pages[q], LoopCurrent); */
			//@ assert free_frame: FreeFrame{LoopCurrent,Here}(e, i);
			/*@ assert others: \forall integer t, j; Others(e, t, j) ==>
			      EntryShape(t, j) && EntryOwn(t, j) && EntryCap(t, j) && EntryView(t, j); */
			//@ assert binds: \forall integer q; ValidPpn(q) && pages[q].owner != e ==> BindOk(q);
			//@ assert except: VmInvExcept(e);
		}
	}
	/*@ ghost
	  if (envs[e].npages == 0)
	    owned_zero(e);
	  else
	    owned_none(e);
	*/
}

/* Orphan every child of e (e is live, not waiting). */
/*@ requires Inv && Live(e) && envs[e].status == ENV_RUNNABLE;
    assigns envs[0 .. NENV-1];
    ENSURES_INV
    ensures \forall integer c; ValidSlot(c) ==> envs[c].parent != e;
    ensures \forall integer c; ValidSlot(c) && \old(envs[c].parent) != e ==>
      envs[c] == \old(envs[c]);
    ensures \forall integer c; ValidSlot(c) && \old(envs[c].parent) == e ==>
      envs[c].parent == NO_ENV && envs[c].status == \old(envs[c].status) &&
      envs[c].gen == \old(envs[c].gen) && envs[c].root == \old(envs[c].root) &&
      envs[c].wait_child == \old(envs[c].wait_child) &&
      envs[c].npages == \old(envs[c].npages);
*/
static void env_orphan_children(int32_t e)
{
	/*@ loop invariant 0 <= i <= NENV;
	    loop invariant PagesInv && EnvsInv && SlotsOk;
	    loop invariant TablesShape && TablesOwn && TablesCap && TablesView;
	    loop invariant \forall integer q; ValidPpn(q) ==> BindOk(q);
	    loop invariant CapsInv && OwnerGhostOk && CountsOk && SchedInv;
	    loop invariant \forall integer c; 0 <= c < i ==> envs[c].parent != e;
	    loop invariant \forall integer c; ValidSlot(c) &&
	      (i <= c || \at(envs[c].parent, Pre) != e) ==> envs[c] == \at(envs[c], Pre);
	    loop invariant \forall integer c; 0 <= c < i && \at(envs[c].parent, Pre) == e ==>
	      envs[c].parent == NO_ENV && envs[c].status == \at(envs[c].status, Pre) &&
	      envs[c].gen == \at(envs[c].gen, Pre) && envs[c].root == \at(envs[c].root, Pre) &&
	      envs[c].wait_child == \at(envs[c].wait_child, Pre) &&
	      envs[c].npages == \at(envs[c].npages, Pre);
	    loop assigns i, envs[0 .. NENV-1];
	    loop variant NENV - i;
	*/
	for (int32_t i = 0; i < NENV; i++) {
		if (envs[i].parent == e)
			envs[i].parent = NO_ENV;
	}
}

int32_t env_destroy(int32_t e)
{
	int32_t parent = envs[e].parent;
	int32_t woken = NO_ENV;

	/* First every capability e holds or that names e's pages: their
	 * mappings in other envs' tables go before the pages do. */
	cap_kill_env(e);

	/* A parent blocked on e resumes; nobody else can be waiting for e. */
	if (parent >= 0 && parent < NENV && envs[parent].status == ENV_WAITING &&
	    envs[parent].wait_child == e) {
		envs[parent].status = ENV_RUNNABLE;
		envs[parent].wait_child = NO_ENV;
		woken = parent;
	}
	envs[e].status = ENV_RUNNABLE;
	envs[e].wait_child = NO_ENV;
	envs[e].root = NO_PAGE;
	sched_env_gone(e);
	env_free_pages(e);
	env_orphan_children(e);
	envs[e].parent = NO_ENV;
	envs[e].status = ENV_FREE;
	envs[e].gen = envs[e].gen == GEN_MAX ? 1 : envs[e].gen + 1;
	return woken;
}
