/* SPDX-License-Identifier: MIT */
/*
 * The environment table: slots, generations, the parent/child relation,
 * the root page table of each env, and the wait relation.  Callers name
 * the slot they want; nothing here searches for a free one.
 */
#ifndef CORE_ENV_H
#define CORE_ENV_H
#include "types.h"
#include "hw.h"

/* Boot-time reset of every table: no environment, every page PG_NONE, no
 * capability, no slice given, no revocation request or holder. */
/*@ assigns envs[0 .. NENV-1], pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1],
            vm_kernel_slot, vm_info_slot, caps[0 .. NCAP-1], sweep, sched, ipc, rev;
    ENSURES_INV
    ensures sched.running == NO_ENV;
    ensures \forall integer e; ValidSlot(e) ==> envs[e].status == ENV_FREE;
    ensures \forall integer p; ValidPpn(p) ==> pages[p].type == PG_NONE;
    ensures vm_kernel_slot == 0 && vm_info_slot == 0;
*/
void core_init(void);

/* Create a runnable environment in the free slot `slot`, child of `parent`
 * (a live slot, or NO_ENV).  Returns its env id.  It holds no revocation
 * capability, whatever an earlier env in the slot held.  Errors: E_INVAL
 * (slot out of range, or parent neither NO_ENV nor live), E_BUSY (slot in
 * use). */
/*@ requires Inv;
    assigns envs[slot], rev.holder[slot];
    ENSURES_INV
    behavior bad_arg:
      assumes !ValidSlot(slot) || (parent != NO_ENV && !Live(parent));
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior busy:
      assumes ValidSlot(slot) && (parent == NO_ENV || Live(parent)) &&
              envs[slot].status != ENV_FREE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes ValidSlot(slot) && (parent == NO_ENV || Live(parent)) &&
              envs[slot].status == ENV_FREE;
      assigns envs[slot], rev.holder[slot];
      ensures envs[slot].status == ENV_RUNNABLE && envs[slot].parent == parent;
      ensures no_revocation: rev.holder[slot] == 0;
      ensures envs[slot].npages == 0;
      ensures envs[slot].root == NO_PAGE && envs[slot].gen == \old(envs[slot].gen);
      ensures \result == EnvId(slot) && \result >= NENV;
    complete behaviors;
    disjoint behaviors;
*/
envid_t env_create(int32_t slot, int32_t parent);

/* Translate an env id into its slot.  Errors: E_INVAL (not an id any
 * generation could have produced), E_STALE (the slot is free or has moved
 * on to another generation). */
/*@ requires Inv;
    assigns \nothing;
    behavior malformed:
      assumes id < NENV || id >= (GEN_MAX + 1) * NENV;
      ensures \result == E_INVAL;
    behavior stale:
      assumes NENV <= id < (GEN_MAX + 1) * NENV &&
              (envs[id % NENV].status == ENV_FREE || envs[id % NENV].gen != id / NENV);
      ensures \result == E_STALE;
    behavior ok:
      assumes NENV <= id < (GEN_MAX + 1) * NENV &&
              envs[id % NENV].status != ENV_FREE && envs[id % NENV].gen == id / NENV;
      ensures \result == id % NENV && Live(\result) && EnvId(\result) == id;
    complete behaviors;
    disjoint behaviors;
*/
int32_t env_lookup(envid_t id);

/* Block runnable env e until its child `child` ends.  Errors: E_INVAL (e
 * not runnable, or child not a live slot), E_BUSY (e is blocked in a
 * call), E_PERM (child is not e's). */
/*@ requires Inv;
    assigns envs[e].status, envs[e].wait_child, sched.running;
    ENSURES_INV
    behavior bad_arg:
      assumes !ValidSlot(e) || envs[e].status != ENV_RUNNABLE || !Live(child);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior calling:
      assumes ValidSlot(e) && envs[e].status == ENV_RUNNABLE && Live(child) &&
              ipc.calling[e] != NO_ENV;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior perm:
      assumes ValidSlot(e) && envs[e].status == ENV_RUNNABLE && Live(child) &&
              ipc.calling[e] == NO_ENV && envs[child].parent != e;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior ok:
      assumes ValidSlot(e) && envs[e].status == ENV_RUNNABLE && Live(child) &&
              ipc.calling[e] == NO_ENV && envs[child].parent == e;
      assigns envs[e].status, envs[e].wait_child, sched.running;
      ensures \result == E_OK && envs[e].status == ENV_WAITING &&
              envs[e].wait_child == child;
      ensures donated: \old(sched.running) == e ==> sched.running == Runner(e);
      ensures \old(sched.running) != e ==> sched.running == \old(sched.running);
    complete behaviors;
    disjoint behaviors;
*/
int env_wait(int32_t e, int32_t child);

/* The env a memory call acts on: the caller itself for TARGET_SELF, or a
 * child of the caller named by its id (exofork: the parent manages its
 * child's pages and tables as its own).  Errors: E_INVAL (not an id),
 * E_STALE (dead env or older generation), E_PERM (not the caller's
 * child). */
/*@ requires Inv && Live(caller);
    assigns \nothing;
    behavior self:
      assumes id == TARGET_SELF;
      ensures \result == caller;
    behavior malformed:
      assumes id != TARGET_SELF && (id < NENV || id >= (GEN_MAX + 1) * NENV);
      ensures \result == E_INVAL;
    behavior stale:
      assumes NENV <= id < (GEN_MAX + 1) * NENV &&
              (envs[id % NENV].status == ENV_FREE || envs[id % NENV].gen != id / NENV);
      ensures \result == E_STALE;
    behavior foreign:
      assumes NENV <= id < (GEN_MAX + 1) * NENV &&
              envs[id % NENV].status != ENV_FREE && envs[id % NENV].gen == id / NENV &&
              envs[id % NENV].parent != caller;
      ensures \result == E_PERM;
    behavior child:
      assumes NENV <= id < (GEN_MAX + 1) * NENV &&
              envs[id % NENV].status != ENV_FREE && envs[id % NENV].gen == id / NENV &&
              envs[id % NENV].parent == caller;
      ensures \result == id % NENV && Live(\result) && envs[\result].parent == caller;
    complete behaviors;
    disjoint behaviors;
*/
int32_t env_target(int32_t caller, envid_t id);

/* Destroy live env e: every page it owns returns to the free pool, its
 * children are orphaned, its slot becomes free under a new generation (so
 * old ids go stale), a parent that was waiting for it becomes runnable,
 * an env blocked in a call to it gets the CPU back (the call fails), and
 * an env serving its call serves on with nobody to reply to.
 * Returns that parent's slot, or NO_ENV when nobody was waiting. */
/*@ requires Inv;
    requires Live(e);
    assigns pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1], envs[0 .. NENV-1],
            caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale,
            sched.owner[0 .. NSLICE-1], sched.excess[e], sched.forced[e], sched.ran[e],
            ipc.calling[0 .. NENV-1], ipc.caller[0 .. NENV-1], ipc.accept[e],
            sched.running;
    ENSURES_INV
    ensures no_calls: \forall integer x; ValidSlot(x) ==>
      ipc.calling[x] != e && ipc.caller[x] != e;
    ensures call_failed: \forall integer x; ValidSlot(x) && \old(ipc.calling[x]) == e ==>
      ipc.calling[x] == NO_ENV;
    ensures no_slices: \forall integer s; ValidSlice(s) ==> sched.owner[s] != e;
    ensures others_slices: \forall integer s; ValidSlice(s) && \old(sched.owner[s]) != e ==>
      sched.owner[s] == \old(sched.owner[s]);
    ensures not_running: sched.running == (\old(sched.running) == e ? NO_ENV : \old(sched.running));
    ensures dead: envs[e].status == ENV_FREE;
    ensures no_count: envs[e].npages == 0;
    ensures new_gen: envs[e].gen != \old(envs[e].gen);
    ensures no_pages: \forall integer p; ValidPpn(p) ==> pages[p].owner != e;
    ensures freed: \forall integer p; ValidPpn(p) && \old(pages[p].owner) == e ==>
      PageFree(p);
    ensures others_pages: \forall integer p; ValidPpn(p) && \old(pages[p].owner) != e ==>
      pages[p] == \old(pages[p]);
    ensures no_children: \forall integer c; ValidSlot(c) ==> envs[c].parent != e;
    ensures no_caps: \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==>
      caps[k].holder != e;
    ensures others_live: \forall integer c; ValidSlot(c) && c != e ==>
      (envs[c].status == ENV_FREE <==> \old(envs[c].status) == ENV_FREE);
    ensures others_kept: \forall integer c; ValidSlot(c) && c != e ==>
      envs[c].gen == \old(envs[c].gen) && envs[c].root == \old(envs[c].root) &&
      envs[c].parent == (\old(envs[c].parent) == e ? NO_ENV : \old(envs[c].parent));
    ensures others_count: \forall integer c; ValidSlot(c) && c != e ==>
      envs[c].npages == \old(envs[c].npages);
    ensures others_state: \forall integer c; ValidSlot(c) && c != e && c != \result ==>
      envs[c].status == \old(envs[c].status) &&
      envs[c].wait_child == \old(envs[c].wait_child);
    behavior wakes_parent:
      assumes Live(envs[e].parent) && envs[envs[e].parent].status == ENV_WAITING &&
              envs[envs[e].parent].wait_child == e;
      ensures \result == \old(envs[e].parent) && envs[\result].status == ENV_RUNNABLE &&
              envs[\result].wait_child == NO_ENV;
    behavior nobody_waits:
      assumes !(Live(envs[e].parent) && envs[envs[e].parent].status == ENV_WAITING &&
                envs[envs[e].parent].wait_child == e);
      ensures \result == NO_ENV;
    complete behaviors;
    disjoint behaviors;
*/
int32_t env_destroy(int32_t e);

#endif
