/* SPDX-License-Identifier: MIT */
/*
 * Visible revocation and the abort protocol (uapi/revoke.h): the requests,
 * their deadlines, the bounded steps of a forced repossession, and the
 * repossession rings.  Which env may ask is a capability (rev.holder);
 * what to ask for, from whom and when is the requester's policy.  Every
 * function checks all of its arguments before it writes, so a failing
 * call changes nothing; every loop is bounded by a constant.
 */
#ifndef CORE_REVOKE_H
#define CORE_REVOKE_H
#include "types.h"
#include "cap.h"
#include "vm.h"
#include "sched.h"

#define REV_DT_MAX  360000u   /* longest deadline: one hour of ticks */
#define REV_SCAN    512u      /* pages a forced count examines per step */

#include "../../spec/revoke.acsl"

/* Boot: no request, no holder, empty rings (core_init calls it).  The
 * tables are mapped read-only into every env, so their first contents are
 * part of the interface (uapi/revoke.h): no requester (-1), no kind, no
 * outcome yet (REV_DONE_NONE), nothing taken. */
/*@ assigns rev;
    ensures RevInv;
    ensures \forall integer v; ValidSlot(v) ==>
      rev.rq[v].state == RQ_IDLE && rev.holder[v] == 0 && rev.written[v] == 0;
    ensures boot_abi: \forall integer v; ValidSlot(v) ==>
      rev.rq[v].requester == NO_ENV && rev.rq[v].kind == REV_NONE &&
      rev.rq[v].outcome == REV_DONE_NONE && rev.rq[v].taken == 0;
*/
void rev_init(void);

/* Boot: env e (the root env) holds the revocation capability. */
/*@ requires Inv && ValidSlot(e);
    assigns rev.holder[e];
    ENSURES_INV
    ensures rev.holder[e] == 1;
*/
void rev_boot_holder(int32_t e);

/* Holder e hands the revocation capability to its child c.  Errors:
 * E_INVAL (e or c not live), E_PERM (e holds no capability, or c is not
 * e's child). */
/*@ requires Inv;
    assigns rev.holder[c];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e) || !Live(c);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior perm:
      assumes Live(e) && Live(c) && (rev.holder[e] == 0 || envs[c].parent != e);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior ok:
      assumes Live(e) && Live(c) && rev.holder[e] != 0 && envs[c].parent == e;
      ensures \result == E_OK && rev.holder[c] == 1;
    complete behaviors;
    disjoint behaviors;
*/
int sys_rev_grant(int32_t e, int32_t c);

/*@ // The checks every request passes before its kind's own.
    predicate AskOk(integer e, integer v, integer kind, integer dt) =
      Live(e) && Live(v) && v != e && 1 <= kind <= REV_KIND_MAX && dt <= REV_DT_MAX &&
      rev.holder[e] != 0 && rev.rq[v].state == RQ_IDLE;
*/

/* Env e asks for resources of env v back, within dt timer ticks from now
 * (uapi/revoke.h: kind, what).  The request is recorded (RQ_ASKED); the
 * trap code then tells v.  Every field of the request is set afresh: the
 * deadline (now + dt, saturated), a count's target (v's pages less the
 * count), and the cursor at NPAGES, so a forced count looks at every page
 * (a stale cursor would end it short without looking).  A REV_SWAP request
 * only writes its entry to v's ring.  Errors, in order: E_INVAL (e or v not
 * live, v == e, bad kind, dt too long), E_PERM (e holds no revocation
 * capability), E_BUSY (a request against v is under way); then by kind:
 * REV_PAGES: E_INVAL (count 0), E_MINIMUM (v would go below REV_MIN_PAGES);
 * REV_PAGE: E_RANGE, E_NOENT (not a data page of v), E_MINIMUM; REV_SLICE:
 * E_RANGE, E_NOENT (not v's slice), E_MINIMUM (v's last slice). */
/*@ requires Inv && ValidSlot(v);
    assigns rev.rq[v], rev.ring[v][rev.written[v] % REPO_RING], rev.written[v];
    ENSURES_INV
    behavior bad_arg:
      assumes !Live(e) || !Live(v) || v == e || kind < 1 || kind > REV_KIND_MAX ||
              dt > REV_DT_MAX;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior perm:
      assumes Live(e) && Live(v) && v != e && 1 <= kind <= REV_KIND_MAX && dt <= REV_DT_MAX &&
              rev.holder[e] == 0;
      assigns \nothing;
      ensures \result == E_PERM;
    behavior busy:
      assumes Live(e) && Live(v) && v != e && 1 <= kind <= REV_KIND_MAX && dt <= REV_DT_MAX &&
              rev.holder[e] != 0 && rev.rq[v].state != RQ_IDLE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior pages_zero:
      assumes AskOk(e, v, kind, dt) && kind == REV_PAGES && what == 0;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior pages_min:
      assumes AskOk(e, v, kind, dt) && kind == REV_PAGES && what != 0 &&
              envs[v].npages < what + REV_MIN_PAGES;
      assigns \nothing;
      ensures \result == E_MINIMUM;
    behavior page_range:
      assumes AskOk(e, v, kind, dt) && kind == REV_PAGE && !ValidPpn(what);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior page_noent:
      assumes AskOk(e, v, kind, dt) && kind == REV_PAGE && ValidPpn(what) &&
              !(pages[what].owner == v && pages[what].type == PG_USER);
      assigns \nothing;
      ensures \result == E_NOENT;
    behavior page_min:
      assumes AskOk(e, v, kind, dt) && kind == REV_PAGE && ValidPpn(what) &&
              pages[what].owner == v && pages[what].type == PG_USER &&
              envs[v].npages < 1 + REV_MIN_PAGES;
      assigns \nothing;
      ensures \result == E_MINIMUM;
    behavior slice_range:
      assumes AskOk(e, v, kind, dt) && kind == REV_SLICE && what >= NSLICE;
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior slice_noent:
      assumes AskOk(e, v, kind, dt) && kind == REV_SLICE && what < NSLICE &&
              sched.owner[what] != v;
      assigns \nothing;
      ensures \result == E_NOENT;
    behavior slice_min:
      assumes AskOk(e, v, kind, dt) && kind == REV_SLICE && what < NSLICE &&
              sched.owner[what] == v && !OtherSlice(v, what);
      assigns \nothing;
      ensures \result == E_MINIMUM;
    behavior asked:
      assumes AskOk(e, v, kind, dt) &&
              ((kind == REV_PAGES && what != 0 && envs[v].npages >= what + REV_MIN_PAGES) ||
               (kind == REV_PAGE && ValidPpn(what) && pages[what].owner == v &&
                pages[what].type == PG_USER && envs[v].npages >= 1 + REV_MIN_PAGES) ||
               (kind == REV_SLICE && what < NSLICE && sched.owner[what] == v &&
                OtherSlice(v, what)));
      assigns rev.rq[v];
      ensures \result == E_OK && rev.rq[v].state == RQ_ASKED && rev.rq[v].requester == e &&
              rev.rq[v].kind == kind && rev.rq[v].what == what && rev.rq[v].taken == 0 &&
              ReqLive(v) && !ReqMet(v);
      ensures rev.rq[v].deadline >= now;
      ensures deadline: rev.rq[v].deadline == (now > UINT64_MAX - dt ? UINT64_MAX : now + dt);
      ensures target: rev.rq[v].target == (kind == REV_PAGES ? envs[v].npages - what : 0);
      ensures fresh: rev.rq[v].cursor == NPAGES && rev.rq[v].reason == 0;
    behavior notify:
      assumes AskOk(e, v, kind, dt) && kind == REV_SWAP;
      assigns rev.rq[v].outcome, rev.ring[v][rev.written[v] % REPO_RING], rev.written[v];
      ensures \result == E_OK && rev.rq[v].state == RQ_IDLE && rev.rq[v].outcome == REV_DONE_NOTIFY;
      ensures \old(rev.written[v]) < UINT64_MAX ==> rev.written[v] == \old(rev.written[v]) + 1;
      ensures rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_SWAP;
    complete behaviors;
    disjoint behaviors;
*/
int sys_rev_ask(int32_t e, int32_t v, uint64_t kind, uint64_t what, uint64_t dt, uint64_t now);

/* The request against v as time passes: it ends when either side is gone
 * (REV_DONE_GONE) or, asked, when what it asks for is back
 * (REV_DONE_COOP); at the deadline the abort protocol starts (RQ_FORCE).
 * Returns the state after. */
/*@ requires Inv && ValidSlot(v);
    assigns rev.rq[v].state, rev.rq[v].outcome, rev.rq[v].reason;
    ENSURES_INV
    ensures \result == rev.rq[v].state;
    behavior idle:
      assumes rev.rq[v].state == RQ_IDLE;
      assigns \nothing;
      ensures \result == RQ_IDLE;
    behavior gone:
      assumes rev.rq[v].state != RQ_IDLE && !ReqLive(v);
      ensures rev.rq[v].state == RQ_IDLE && rev.rq[v].outcome == REV_DONE_GONE;
    behavior met:
      assumes rev.rq[v].state == RQ_ASKED && ReqLive(v) && ReqMet(v);
      ensures rev.rq[v].state == RQ_IDLE && rev.rq[v].outcome == REV_DONE_COOP;
    behavior deadline:
      assumes rev.rq[v].state == RQ_ASKED && ReqLive(v) && !ReqMet(v) &&
              now >= rev.rq[v].deadline;
      ensures rev.rq[v].state == RQ_FORCE && rev.rq[v].reason == REPO_DEADLINE;
    behavior wait:
      assumes rev.rq[v].state == RQ_ASKED && ReqLive(v) && !ReqMet(v) &&
              now < rev.rq[v].deadline;
      assigns \nothing;
      ensures \result == RQ_ASKED;
    behavior forcing:
      assumes rev.rq[v].state == RQ_FORCE && ReqLive(v);
      assigns \nothing;
      ensures \result == RQ_FORCE;
    complete behaviors;
    disjoint behaviors;
*/
uint32_t rev_poll(int32_t v, uint64_t now);

/* The victim could not be told (no handler, or no room for the upcall's
 * frame): an asked request goes to the abort protocol at once. */
/*@ requires Inv && ValidSlot(v);
    assigns rev.rq[v].state, rev.rq[v].reason;
    ENSURES_INV
    behavior asked:
      assumes rev.rq[v].state == RQ_ASKED;
      ensures rev.rq[v].state == RQ_FORCE && rev.rq[v].reason == REPO_NO_HANDLER;
    behavior other:
      assumes rev.rq[v].state != RQ_ASKED;
      assigns \nothing;
    complete behaviors;
    disjoint behaviors;
*/
void rev_abort(int32_t v);

/* Take data page p from env v by force: p is free after, and no user
 * entry of any table maps it.  Its bindings are broken already: v's own
 * mapping and every capability naming it (with the mappings made through
 * them) are removed by the trap side with the verified sys_pt_unmap and
 * cap_kill_page before rev_step takes the page (see rev_step).  Doing
 * either here left the assigns goals of those calls (the entry
 * sys_pt_unmap writes depends on the state; cap_kill_page's frame on the
 * exit path next to sys_page_free's) to the provers, which could not prove
 * them within any limit tried. */
/*@ requires Inv && Live(v) && ValidPpn(p) && pages[p].owner == v && pages[p].type == PG_USER &&
             pages[p].bind_table == NO_PAGE && NoCapOn(p);
    assigns pages[0 .. NPAGES-1], owner_g[p], envs[v].npages;
    ENSURES_INV
    ensures free: PageFree(p) && pages[p].owner == NO_OWNER;
    ensures no_cap: NoCapOn(p);
    ensures unmapped: Unmapped(p);
    ensures count: envs[v].npages == \old(envs[v].npages) - 1;
    ensures others: \forall integer q; ValidPpn(q) && q != p ==>
      pages[q].owner == \old(pages[q].owner) && pages[q].type == \old(pages[q].type);
*/
void rev_take_page(int32_t v, ppn_t p);

/* One bounded step of the abort protocol against env v (RQ_FORCE): at
 * most one page or slice is taken (written to v's ring), and a count
 * examines at most REV_SCAN pages.  The request ends (RQ_IDLE) when what
 * it asks for is back, when either side is gone, or when v has nothing
 * more it may lose (REV_DONE_SHORT); the guaranteed minimum is never
 * taken.  A page still bound (v maps it, or a live capability names it)
 * is not taken: the step leaves it in hand (a named page: `what`; a count:
 * page cursor - 1) and returns RQ_FORCE, the trap side breaks its
 * bindings (sys_pt_unmap, cap_kill_page: each proved on its own, each
 * keeps Inv) and the next step takes it.  A step that stays forced took
 * something or holds a page it can take next (progress_page,
 * progress_count).  A count looks at v's pages from the highest number
 * down: taking page p leaves the cursor at p (the next page looked at is
 * p - 1), and looking at page 0 without finding one of v's ends it with
 * the cursor at 0 (the read-only window shows both; uapi/revoke.h).
 * Returns the state after. */
/*@ requires Inv && ValidSlot(v);
    assigns pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1], envs[v].npages,
            sched.owner[0 .. NSLICE-1], rev.rq[v], rev.ring[v][0 .. REPO_RING-1],
            rev.written[v];
    ENSURES_INV
    ensures \result == rev.rq[v].state;
    ensures minimum: envs[v].npages == \old(envs[v].npages) ||
      (envs[v].npages == \old(envs[v].npages) - 1 && envs[v].npages >= REV_MIN_PAGES);
    ensures others: \forall integer x; ValidSlot(x) && x != v ==>
      envs[x].npages == \old(envs[x].npages);
    ensures one_entry: rev.written[v] == \old(rev.written[v]) ||
      rev.written[v] == \old(rev.written[v]) + 1;
    ensures taken_page: rev.written[v] == \old(rev.written[v]) + 1 &&
      rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_PAGE ==>
        \let w = rev.ring[v][\old(rev.written[v]) % REPO_RING].what;
        PageFree(w) && NoCapOn(w) && Unmapped(w) && \at(pages[w].owner, Pre) == v &&
        envs[v].npages == \old(envs[v].npages) - 1;
    ensures taken_slice: rev.written[v] == \old(rev.written[v]) + 1 &&
      rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_SLICE ==>
        sched.owner[rev.ring[v][\old(rev.written[v]) % REPO_RING].what] == NO_ENV &&
        OtherSlice(v, rev.ring[v][\old(rev.written[v]) % REPO_RING].what);
    ensures taken: rev.rq[v].taken == \old(rev.rq[v].taken) ||
      (\old(rev.rq[v].state) == RQ_FORCE && rev.rq[v].taken == \old(rev.rq[v].taken) + 1);
    ensures recorded: rev.rq[v].taken == \old(rev.rq[v].taken) + 1 ==>
      (rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_PAGE ||
       rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_SLICE) &&
      (\old(rev.written[v]) < UINT64_MAX ==> rev.written[v] == \old(rev.written[v]) + 1);
    ensures nothing_else: rev.rq[v].taken == \old(rev.rq[v].taken) ==>
      envs[v].npages == \old(envs[v].npages) &&
      \forall integer s; ValidSlice(s) ==> sched.owner[s] == \old(sched.owner[s]);
    ensures progress_page: \old(rev.rq[v].state) == RQ_FORCE && \result == RQ_FORCE &&
      rev.rq[v].kind == REV_PAGE ==> InHand(v, rev.rq[v].what);
    ensures progress_count: \old(rev.rq[v].state) == RQ_FORCE && \result == RQ_FORCE &&
      rev.rq[v].kind != REV_PAGE ==>
        rev.rq[v].taken == \old(rev.rq[v].taken) + 1 ||
        rev.rq[v].cursor < \old(rev.rq[v].cursor) ||
        (rev.rq[v].cursor >= 1 && InHand(v, rev.rq[v].cursor - 1));
    ensures scan_end: \old(rev.rq[v].state) == RQ_FORCE && \result == RQ_IDLE &&
      rev.rq[v].kind == REV_PAGES && rev.rq[v].outcome == REV_DONE_SHORT &&
      \old(envs[v].npages) > REV_MIN_PAGES ==> rev.rq[v].cursor == 0;
    ensures scan_taken: \old(rev.rq[v].state) == RQ_FORCE && rev.rq[v].kind == REV_PAGES &&
      rev.written[v] == \old(rev.written[v]) + 1 ==>
        rev.rq[v].cursor == rev.ring[v][\old(rev.written[v]) % REPO_RING].what;
    ensures measure: \old(rev.rq[v].state) == RQ_FORCE && \result == RQ_FORCE ==>
      ForceLeft(v) < \old(ForceLeft(v)) ||
      (ForceLeft(v) == \old(ForceLeft(v)) && HandBound(v) && \at(HandBound(v), Pre));
*/
uint32_t rev_step(int32_t v, uint64_t now);

/* One step of the abort protocol against env v with the trap side's part:
 * rev_step, then, if the request stays forced and the page in hand is
 * v's, unbind it (vm_unbind: v's own mapping; cap_kill_page: every
 * capability naming it, with the mappings made through them), so that the
 * next step can take it.  Each call that stays forced lowers
 * 2 * ForceLeft + (1 if HandBound) (spec/revoke.acsl), which is at most
 * 2 * NPAGES + 1 and never negative: a request stays forced for at most 2 * NPAGES + 1 calls
 * in a row, whatever the victim does between them except bind the page in
 * hand again (which raises the measure by 1; repo_tick makes REPO_STEPS
 * calls per victim and tick, the victim runs only between ticks).
 * Returns the state after. */
/*@ requires Inv && ValidSlot(v);
    assigns pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1], envs[v].npages,
            sched.owner[0 .. NSLICE-1], rev.rq[v], rev.ring[v][0 .. REPO_RING-1],
            rev.written[v], caps[0 .. NCAP-1], sweep,
            ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures \result == rev.rq[v].state;
    ensures minimum: envs[v].npages == \old(envs[v].npages) ||
      (envs[v].npages == \old(envs[v].npages) - 1 && envs[v].npages >= REV_MIN_PAGES);
    ensures one_entry: rev.written[v] == \old(rev.written[v]) ||
      rev.written[v] == \old(rev.written[v]) + 1;
    ensures recorded: rev.rq[v].taken == \old(rev.rq[v].taken) + 1 ==>
      (rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_PAGE ||
       rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == REV_SLICE) &&
      (\old(rev.written[v]) < UINT64_MAX ==> rev.written[v] == \old(rev.written[v]) + 1);
    ensures unbound: \result == RQ_FORCE ==> !HandBound(v);
    ensures decrease: \old(rev.rq[v].state) == RQ_FORCE && \result == RQ_FORCE ==>
      0 <= ForceLeft(v) <= NPAGES &&
      (ForceLeft(v) < \old(ForceLeft(v)) ||
       (ForceLeft(v) == \old(ForceLeft(v)) && \at(HandBound(v), Pre)));
*/
uint32_t rev_force(int32_t v, uint64_t now);

#endif
