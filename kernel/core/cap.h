/* SPDX-License-Identifier: MIT */
/*
 * Capabilities over physical pages: sharing with a subset of the rights,
 * derivation, and revocation that is bounded per call and restartable
 * (uapi/cap.h describes the table).  Every function takes the acting env's
 * slot e first; a failing call changes nothing.
 */
#ifndef CORE_CAP_H
#define CORE_CAP_H
#include "types.h"
#include "hw.h"

/*@ // Env e may revoke live capability k: it owns the page, holds k, or
    // holds the live capability k was derived from.
    predicate MayRevoke(integer e, integer k) =
      pages[caps[k].page].owner == e || caps[k].holder == e ||
      (caps[k].parent != NO_CAP && caps[caps[k].parent].status == CAP_LIVE &&
       caps[caps[k].parent].holder == e);

    // No live capability names page p.
    predicate NoCapOn(integer p) =
      \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==> caps[k].page != p;
*/

/* Boot: every slot free, the sweep idle. */
/*@ requires PagesInv && EnvsInv && VmInv && OwnerGhostOk && CountsOk && SchedInv && RevInv;
    requires \forall integer e; ValidSlot(e) ==> envs[e].status == ENV_FREE;
    assigns caps[0 .. NCAP-1], sweep;
    ENSURES_INV
    ensures \forall integer k; ValidCap(k) ==> caps[k].status == CAP_FREE;
*/
void cap_table_init(void);

/* Kill every live capability that names page p, with the mapping made
 * through it, and flush the TLB: what the abort protocol does to a page it
 * takes (revoke.c).  One pass over the table: NCAP steps.  Capabilities
 * derived from the killed ones name p too, so none is left live; the
 * sweep frees the DEAD slots later. */
/*@ requires Inv && ValidPpn(p);
    assigns caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures gone: NoCapOn(p);
    ensures tlb: tlb_stale == 0;
    ensures others: \forall integer k; ValidCap(k) && \old(caps[k].page) != p ==>
      caps[k] == \old(caps[k]);
    ensures pages_of: \forall integer k; ValidCap(k) ==> caps[k].page == \old(caps[k].page);
*/
void cap_kill_page(ppn_t p);

/* Does a live capability name page p?  (sys_page_free refuses to free a
 * shared page.)  One pass over the table: NCAP / 4 steps. */
/*@ requires Inv && ValidPpn(p);
    assigns \nothing;
    ensures \result == 0 <==> NoCapOn(p);
*/
int cap_on_page(ppn_t p);

/* Grant capability k (a free slot of e's range) over e's data page p to
 * live env h with rights r.  Errors, in order: E_INVAL (e not live, k out
 * of range), E_PERM (k not in e's range), E_BUSY (slot in use), E_RANGE,
 * E_PERM (p not a data page of e), E_INVAL (h not live, r not rights). */
/*@ requires Inv;
    assigns caps[k];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior bad_slot:
      assumes Live(e) && k >= NCAP;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior not_mine:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV != e;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior busy:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status != CAP_FREE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior range:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior not_owner:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              ValidPpn(p) && !(pages[p].owner == e && pages[p].type == PG_USER);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              ValidPpn(p) && pages[p].owner == e && pages[p].type == PG_USER &&
              (!Live(h) || r > PERM_ALL);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior ok:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              ValidPpn(p) && pages[p].owner == e && pages[p].type == PG_USER &&
              Live(h) && r <= PERM_ALL;
      ensures \result == E_OK && caps[k].status == CAP_LIVE && caps[k].page == p &&
              caps[k].holder == h && caps[k].rights == r && caps[k].parent == NO_CAP &&
              caps[k].bind_table == NO_PAGE;
    complete behaviors;
    disjoint behaviors;
*/
int cap_grant(int32_t e, uint64_t k, ppn_t p, int32_t h, uint64_t r);

/* Derive capability k (a free slot of e's range) from live capability q
 * that e holds, for live env h, with rights r within q's.  Errors, in
 * order: E_INVAL (e not live, k out of range), E_PERM (k not in e's
 * range), E_BUSY (slot in use), E_INVAL (q out of range), E_PERM (q not a
 * live capability of e), E_INVAL (h not live, r not rights), E_PERM (r
 * exceeds q's rights). */
/*@ requires Inv;
    assigns caps[k];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior bad_slot:
      assumes Live(e) && k >= NCAP;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior not_mine:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV != e;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior busy:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status != CAP_FREE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior bad_parent:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              q >= NCAP;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior not_holder:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              q < NCAP && !(caps[q].status == CAP_LIVE && caps[q].holder == e);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              q < NCAP && caps[q].status == CAP_LIVE && caps[q].holder == e &&
              (!Live(h) || r > PERM_ALL);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior amplify:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              q < NCAP && caps[q].status == CAP_LIVE && caps[q].holder == e &&
              Live(h) && r <= PERM_ALL && !SubRights(r, caps[q].rights);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior ok:
      assumes Live(e) && k < NCAP && k / CAP_PER_ENV == e && caps[k].status == CAP_FREE &&
              q < NCAP && caps[q].status == CAP_LIVE && caps[q].holder == e &&
              Live(h) && r <= PERM_ALL && SubRights(r, caps[q].rights);
      ensures \result == E_OK && caps[k].status == CAP_LIVE &&
              caps[k].page == \old(caps[q].page) && caps[k].holder == h &&
              caps[k].rights == r && caps[k].parent == q && caps[k].bind_table == NO_PAGE;
    complete behaviors;
    disjoint behaviors;
*/
int cap_derive(int32_t e, uint64_t k, uint64_t q, int32_t h, uint64_t r);

/* Revoke capability k: its mapping goes at once, it becomes DEAD, and the
 * sweep (at most SWEEP_BUDGET slots per call) revokes everything derived
 * from it, then frees the DEAD slots.  Returns E_OK when the sweep has
 * finished, E_AGAIN when the caller must call again (with any k; a k that
 * is no longer live just continues the sweep).  Errors: E_INVAL (e not
 * live, k out of range), E_PERM (k live but e may not revoke it), E_NOENT
 * (k not live and no sweep under way).  Progress: a call that returns
 * E_AGAIN lowers SweepMeasure (spec/cap.acsl) by at least SWEEP_BUDGET,
 * and the measure is never negative, so calls that continue a sweep
 * reach E_OK within SweepMeasure / SWEEP_BUDGET + 1 calls. */
/*@ requires Inv;
    assigns caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures progress: \result == E_AGAIN ==>
      0 <= SweepMeasure <= SweepMeasure{Pre} - SWEEP_BUDGET;
    behavior bad_arg:
      assumes !Live(e) || k >= NCAP;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior perm:
      assumes Live(e) && k < NCAP && caps[k].status == CAP_LIVE && !MayRevoke(e, k);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior nothing:
      assumes Live(e) && k < NCAP && caps[k].status != CAP_LIVE && sweep.phase == SWEEP_IDLE;
      assigns \nothing;
      ensures \result == E_NOENT;
    behavior revoke:
      assumes Live(e) && k < NCAP && caps[k].status == CAP_LIVE && MayRevoke(e, k);
      ensures revoked: caps[k].status != CAP_LIVE && caps[k].bind_table == NO_PAGE;
      ensures tlb: tlb_stale == 0;
      ensures \result == E_OK || \result == E_AGAIN;
      ensures done: \result == E_OK <==> sweep.phase == SWEEP_IDLE;
    behavior continue:
      assumes Live(e) && k < NCAP && caps[k].status != CAP_LIVE && sweep.phase != SWEEP_IDLE;
      ensures tlb: tlb_stale == 0;
      ensures \result == E_OK || \result == E_AGAIN;
      ensures done: \result == E_OK <==> sweep.phase == SWEEP_IDLE;
    complete behaviors;
    disjoint behaviors;
*/
int cap_revoke(int32_t e, uint64_t k);

/* Env e is being destroyed: revoke every live capability it holds or that
 * names one of its pages (their mappings in other envs' tables go), and
 * leave the rest to the sweep. */
/*@ requires Inv && Live(e);
    assigns caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures tlb: tlb_stale == 0;
    ensures gone: \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==>
      caps[k].holder != e && pages[caps[k].page].owner != e;
*/
void cap_kill_env(int32_t e);

#endif
