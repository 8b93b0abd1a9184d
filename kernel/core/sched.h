/* SPDX-License-Identifier: MIT */
/*
 * The CPU as an exposed resource: the time-slice vector (uapi/sched.h).
 * An env names the slice it wants; the kernel never picks one for it.
 * The trap code asks this module who runs next and never decides itself.
 * Every function checks all of its arguments before it writes, so a
 * failing call changes nothing; every loop is bounded by NSLICE or NENV.
 */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H
#include "types.h"

/* Boot: every slice free, nobody running, nothing owed. */
/*@ requires \forall integer e; ValidSlot(e) ==> envs[e].status == ENV_FREE;
    assigns sched, ipc;
    ensures SchedInv;
    ensures \forall integer s; ValidSlice(s) ==> sched.owner[s] == NO_ENV;
    ensures \forall integer e; ValidSlot(e) ==>
      ipc.calling[e] == NO_ENV && ipc.caller[e] == NO_ENV && ipc.accept[e] == 0;
    ensures sched.running == NO_ENV;
*/
void sched_init(void);

/* Env e takes the free slice s.  Errors: E_INVAL (e not live), E_RANGE
 * (no such slice), E_BUSY (the slice has an owner). */
/*@ requires Inv;
    assigns sched.owner[s];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior range:
      assumes Live(e) && s >= NSLICE;
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior busy:
      assumes Live(e) && s < NSLICE && sched.owner[s] != NO_ENV;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && s < NSLICE && sched.owner[s] == NO_ENV;
      ensures \result == E_OK && sched.owner[s] == e;
    complete behaviors;
    disjoint behaviors;
*/
int sys_slice_alloc(int32_t e, uint64_t s);

/* Env e gives back its slice s.  Errors: E_INVAL (e not live), E_RANGE,
 * E_PERM (s is not e's). */
/*@ requires Inv;
    assigns sched.owner[s];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior range:
      assumes Live(e) && s >= NSLICE;
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior perm:
      assumes Live(e) && s < NSLICE && sched.owner[s] != e;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior ok:
      assumes Live(e) && s < NSLICE && sched.owner[s] == e;
      ensures \result == E_OK && sched.owner[s] == NO_ENV;
    complete behaviors;
    disjoint behaviors;
*/
int sys_slice_free(int32_t e, uint64_t s);

/* The env that runs in a slice of o: o itself, or, while o waits for a
 * child, the child it donates to (followed for at most NENV steps);
 * NO_ENV when that env cannot run. */
/*@ requires EnvsInv && IpcOk && Live(o);
    assigns \nothing;
    ensures \result == Runner(o);
    ensures \result == NO_ENV || Runs(\result);
    ensures Runs(o) ==> \result == o;
*/
int32_t sched_runner(int32_t o);

/* The current turn is over: move along the vector to the next slice whose
 * owner is owed nothing and whose runner can run, and run it for a fresh
 * slice.  A slice whose owner owes one is skipped and the debt paid.  One
 * round at most: NSLICE steps.  Returns the env now running, or NO_ENV
 * when nobody can run (the CPU idles until the next tick). */
/*@ requires EnvsInv && SchedBase;
    assigns sched.cur, sched.running, sched.phase, sched.left, sched.excess[0 .. NENV-1];
    ensures SchedInv;
    ensures \result == sched.running;
    ensures sched.phase == SLICE_RUN && sched.left == SLICE_TICKS;
    ensures paid: \forall integer e; ValidSlot(e) ==> sched.excess[e] <= \old(sched.excess[e]);
    ensures round_robin: \forall integer s; ValidSlice(s) &&
      Dist(\old(sched.cur), s) < Dist(\old(sched.cur), sched.cur) ==> Passed{Pre}(s);
    ensures debts: \forall integer s; ValidSlice(s) &&
      Dist(\old(sched.cur), s) < Dist(\old(sched.cur), sched.cur) ==> Paid{Pre, Here}(s);
    ensures idle: \result == NO_ENV ==> sched.cur == \old(sched.cur) &&
      \forall integer s; ValidSlice(s) ==> Passed{Pre}(s) && Paid{Pre, Here}(s);
    ensures \result != NO_ENV ==>
      sched.owner[sched.cur] != NO_ENV &&
      sched.excess[sched.owner[sched.cur]] == 0 &&
      \result == Runner(sched.owner[sched.cur]);
*/
int32_t sched_next(void);

/* The timer tick.  has_handler: the running env registered an
 * end-of-slice handler.  Counts the tick for the running env (ran[]) and
 * against the slice; when it ends,
 * an env with a handler gets the upcall and GRACE_TICKS more ticks, and
 * one that is still running when those are over is preempted by force:
 * forced[] counts it and it owes one slice (excess[], at most EXCESS_MAX).
 * An env without a handler is simply preempted.  On TICK_SWITCH the caller
 * saves the env's registers and calls sched_next(). */
/*@ requires Inv;
    assigns sched.phase, sched.left, sched.excess[0 .. NENV-1], sched.forced[0 .. NENV-1],
            sched.ran[0 .. NENV-1];
    ENSURES_INV
    ensures counted: sched.running != NO_ENV ==> sched.ran[sched.running] ==
      (\old(sched.ran[sched.running]) < UINT32_MAX ?
         \old(sched.ran[sched.running]) + 1 : UINT32_MAX);
    behavior idle:
      assumes sched.running == NO_ENV;
      assigns \nothing;
      ensures \result == TICK_SWITCH;
    behavior stay:
      assumes sched.running != NO_ENV && sched.left > 1;
      assigns sched.left, sched.ran[sched.running];
      ensures \result == TICK_STAY && sched.left == \old(sched.left) - 1;
    behavior upcall:
      assumes sched.running != NO_ENV && sched.left <= 1 && sched.phase == SLICE_RUN &&
              has_handler != 0;
      assigns sched.phase, sched.left, sched.ran[sched.running];
      ensures \result == TICK_UPCALL && sched.phase == SLICE_GRACE &&
              sched.left == GRACE_TICKS;
    behavior preempt:
      assumes sched.running != NO_ENV && sched.left <= 1 && sched.phase == SLICE_RUN &&
              has_handler == 0;
      assigns sched.ran[sched.running];
      ensures \result == TICK_SWITCH;
    behavior force:
      assumes sched.running != NO_ENV && sched.left <= 1 && sched.phase == SLICE_GRACE;
      assigns sched.excess[sched.running], sched.forced[sched.running],
              sched.ran[sched.running];
      ensures \result == TICK_SWITCH;
      ensures sched.excess[sched.running] ==
        (\old(sched.excess[sched.running]) < EXCESS_MAX ?
           \old(sched.excess[sched.running]) + 1 : EXCESS_MAX);
      ensures sched.forced[sched.running] ==
        (\old(sched.forced[sched.running]) < UINT32_MAX ?
           \old(sched.forced[sched.running]) + 1 : UINT32_MAX);
    complete behaviors;
    disjoint behaviors;
*/
int sched_tick(int has_handler);

/* The running env e gives up the CPU: to the next slice (target ==
 * NO_ENV), or for the rest of this slice to the named env target (a
 * directed yield).  Once the slice has ended (the grace after the
 * end-of-slice upcall) there is nothing left to give, and a directed yield
 * acts as a plain one: no env can stretch a slice by yielding it on.
 * Errors: E_PERM (e is not the running env), E_INVAL (target neither
 * NO_ENV nor live), E_BUSY (target waits for a child or a reply). */
/*@ requires Inv;
    assigns sched.cur, sched.running, sched.phase, sched.left, sched.excess[0 .. NENV-1];
    ENSURES_INV
    behavior not_running:
      assumes sched.running == NO_ENV || e != sched.running;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_target:
      assumes sched.running != NO_ENV && e == sched.running &&
              target != NO_ENV && !Live(target);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior blocked:
      assumes sched.running != NO_ENV && e == sched.running &&
              Live(target) && !Runs(target);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior next:
      assumes sched.running != NO_ENV && e == sched.running &&
              (target == NO_ENV || (Runs(target) && sched.phase != SLICE_RUN));
      ensures \result == E_OK;
      ensures sched.phase == SLICE_RUN && sched.left == SLICE_TICKS;
    behavior directed:
      assumes sched.running != NO_ENV && e == sched.running &&
              Runs(target) && sched.phase == SLICE_RUN;
      assigns sched.running;
      ensures \result == E_OK && sched.running == target;
    complete behaviors;
    disjoint behaviors;
*/
int sys_yield(int32_t e, int32_t target);

/* The directed yield named by env id, the hot path of a user-level
 * scheduler: env_lookup's checks, then sys_yield's, in one call (the
 * trap code's fast path makes no other).  Errors, in this order: E_INVAL
 * (not an id any generation could have produced), E_STALE (no such env
 * now), E_PERM (e is not the running env), E_BUSY (the target waits for a
 * child or a reply). */
/*@ requires Inv;
    assigns sched.cur, sched.running, sched.phase, sched.left, sched.excess[0 .. NENV-1];
    ENSURES_INV
    behavior malformed:
      assumes id < NENV || id >= (GEN_MAX + 1) * NENV;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior stale:
      assumes NENV <= id < (GEN_MAX + 1) * NENV && !IdNames(id);
      assigns \nothing;
      ensures \result == E_STALE;
    behavior not_running:
      assumes NENV <= id < (GEN_MAX + 1) * NENV && IdNames(id) &&
              (sched.running == NO_ENV || e != sched.running);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior blocked:
      assumes NENV <= id < (GEN_MAX + 1) * NENV && IdNames(id) &&
              sched.running != NO_ENV && e == sched.running && !Runs(id % NENV);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior next:
      assumes NENV <= id < (GEN_MAX + 1) * NENV && IdNames(id) &&
              sched.running != NO_ENV && e == sched.running && Runs(id % NENV) &&
              sched.phase != SLICE_RUN;
      ensures \result == E_OK;
      ensures sched.phase == SLICE_RUN && sched.left == SLICE_TICKS;
    behavior directed:
      assumes NENV <= id < (GEN_MAX + 1) * NENV && IdNames(id) &&
              sched.running != NO_ENV && e == sched.running && Runs(id % NENV) &&
              sched.phase == SLICE_RUN;
      assigns sched.running;
      ensures \result == E_OK && sched.running == id % NENV;
    complete behaviors;
    disjoint behaviors;
*/
int sys_yield_to(int32_t e, uint64_t id);

/* The running env e has just blocked (env_wait made it wait for a child):
 * its runner, the child it donates to, takes the rest of the slice, or
 * nobody (NO_ENV).  Nothing changes when e is not the running env. */
/*@ requires EnvsInv && SchedBase && ValidSlot(e);
    requires sched.running == NO_ENV || sched.running == e || Runs(sched.running);
    requires Live(e);
    assigns sched.running;
    ensures SchedInv;
    ensures \old(sched.running) == e ==> sched.running == Runner(e);
    ensures \old(sched.running) != e ==> sched.running == \old(sched.running);
*/
void sched_block(int32_t e);

/* Env e is being destroyed (still live): its slices become free, it owes
 * nothing, its record of forced preemption is cleared, and it stops
 * running. */
/*@ requires EnvsInv && SchedInv && Live(e);
    assigns sched.owner[0 .. NSLICE-1], sched.excess[e], sched.forced[e], sched.ran[e],
            ipc.calling[0 .. NENV-1], ipc.caller[0 .. NENV-1], ipc.accept[e],
            sched.running;
    ensures SchedInv;
    ensures ipc_gone: ipc.calling[e] == NO_ENV && ipc.caller[e] == NO_ENV &&
      ipc.accept[e] == 0 &&
      \forall integer x; ValidSlot(x) ==> ipc.calling[x] != e && ipc.caller[x] != e;
    ensures call_failed: \forall integer x; ValidSlot(x) && \old(ipc.calling[x]) == e ==>
      ipc.calling[x] == NO_ENV;
    ensures orphaned: \forall integer x; ValidSlot(x) && \old(ipc.caller[x]) == e ==>
      ipc.caller[x] == IPC_ASYNC;
    ensures ipc_kept: \forall integer x; ValidSlot(x) && x != e ==>
      (\old(ipc.calling[x]) != e ==> ipc.calling[x] == \old(ipc.calling[x])) &&
      (\old(ipc.caller[x]) != e ==> ipc.caller[x] == \old(ipc.caller[x]));
    ensures gone: \forall integer s; ValidSlice(s) ==> sched.owner[s] != e;
    ensures others: \forall integer s; ValidSlice(s) && \old(sched.owner[s]) != e ==>
      sched.owner[s] == \old(sched.owner[s]);
    ensures sched.excess[e] == 0 && sched.forced[e] == 0 && sched.ran[e] == 0;
    ensures sched.running == (\old(sched.running) == e ? NO_ENV : \old(sched.running));
*/
void sched_env_gone(int32_t e);

/* Protected control transfer (Aegis Scall/Acall).  The kernel decides only
 * who may enter whom; the entry point, the stack and the registers are
 * set by the trap code (arch/x86_64/ipc.c), which also hands the callee
 * the caller's id: no env can name another as the caller. */

/* Env e opens itself to calls (on = 1) or closes (on = 0); closing does not
 * end a call it serves.  Errors: E_INVAL (e not live, on > 1). */
/*@ requires Inv;
    assigns ipc.accept[e];
    ENSURES_INV
    behavior bad:
      assumes !Live(e) || on > 1;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior ok:
      assumes Live(e) && on <= 1;
      ensures \result == E_OK && ipc.accept[e] == on;
    complete behaviors;
    disjoint behaviors;
*/
int sys_ipc_accept(int32_t e, uint64_t on);

/* The running env e calls env target: synchronously (sync != 0: e blocks
 * and its slices go to target until the reply) or asynchronously (e stays
 * runnable).  Target runs for the rest of the slice (once the slice has
 * ended, the vector moves on instead).  Errors: E_PERM (e is not the
 * running env), E_INVAL (target not live, or e itself), E_REFUSED (target
 * accepts no calls), E_BUSY (target waits for a child or a reply, or
 * already serves a call). */
/*@ requires Inv;
    assigns ipc.calling[e], ipc.caller[target], sched.cur, sched.running, sched.phase,
            sched.left, sched.excess[0 .. NENV-1];
    ENSURES_INV
    behavior not_running:
      assumes sched.running == NO_ENV || e != sched.running;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_target:
      assumes sched.running != NO_ENV && e == sched.running && (!Live(target) || target == e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior refused:
      assumes sched.running != NO_ENV && e == sched.running && Live(target) && target != e &&
              ipc.accept[target] == 0;
      assigns \nothing;
      ensures \result == E_REFUSED;
    behavior busy:
      assumes sched.running != NO_ENV && e == sched.running && Live(target) && target != e &&
              ipc.accept[target] != 0 &&
              (!Runs(target) || ipc.caller[target] != NO_ENV);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior call:
      assumes sched.running != NO_ENV && e == sched.running && Live(target) && target != e &&
              ipc.accept[target] != 0 && Runs(target) && ipc.caller[target] == NO_ENV &&
              sync != 0;
      ensures \result == E_OK && ipc.calling[e] == target && ipc.caller[target] == e;
      ensures donated: \old(sched.phase) == SLICE_RUN ==> sched.running == target;
      ensures \old(sched.phase) != SLICE_RUN ==> sched.phase == SLICE_RUN;
    behavior send:
      assumes sched.running != NO_ENV && e == sched.running && Live(target) && target != e &&
              ipc.accept[target] != 0 && Runs(target) && ipc.caller[target] == NO_ENV &&
              sync == 0;
      ensures \result == E_OK && ipc.caller[target] == IPC_ASYNC &&
              ipc.calling[e] == NO_ENV;
      ensures donated: \old(sched.phase) == SLICE_RUN ==> sched.running == target;
      ensures \old(sched.phase) != SLICE_RUN ==> sched.phase == SLICE_RUN;
    complete behaviors;
    disjoint behaviors;
*/
int sys_ipc_call(int32_t e, int32_t target, int sync);

/* The running env e ends the call it serves.  A synchronous caller gets
 * the CPU back for the rest of the slice (once the slice has ended, the
 * vector moves on); after an asynchronous call, or when the caller has
 * died, e goes on.  Errors: E_PERM (e is not the running env), E_INVAL
 * (e serves no call). */
/*@ requires Inv;
    assigns ipc.caller[e], ipc.calling[0 .. NENV-1], sched.cur, sched.running,
            sched.phase, sched.left, sched.excess[0 .. NENV-1];
    ENSURES_INV
    behavior not_running:
      assumes sched.running == NO_ENV || e != sched.running;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior not_serving:
      assumes sched.running != NO_ENV && e == sched.running && ipc.caller[e] == NO_ENV;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior async:
      assumes sched.running != NO_ENV && e == sched.running && ipc.caller[e] == IPC_ASYNC;
      assigns ipc.caller[e];
      ensures \result == E_OK && ipc.caller[e] == NO_ENV;
    behavior reply:
      assumes sched.running != NO_ENV && e == sched.running && ipc.caller[e] >= 0;
      assigns ipc.caller[e], ipc.calling[\old(ipc.caller[e])], sched.cur, sched.running,
              sched.phase, sched.left, sched.excess[0 .. NENV-1];
      ensures \result == E_OK && ipc.caller[e] == NO_ENV;
      ensures resumed: ipc.calling[\old(ipc.caller[e])] == NO_ENV &&
              Runs(\old(ipc.caller[e]));
      ensures returned: \old(sched.phase) == SLICE_RUN ==>
              sched.running == \old(ipc.caller[e]);
      ensures \old(sched.phase) != SLICE_RUN ==> sched.phase == SLICE_RUN;
    complete behaviors;
    disjoint behaviors;
*/
int sys_ipc_reply(int32_t e);

#endif
