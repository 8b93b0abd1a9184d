// SPDX-License-Identifier: MIT
/*
 * Capabilities over pages (contracts in cap.h).  Grant and derive are
 * straight lines of checks followed by one write.  Revocation unmaps the
 * revoked capability at once and then advances the sweep, which walks the
 * table with a cursor kept here, SWEEP_BUDGET slots per call: marking
 * passes revoke every live capability whose parent is DEAD until a whole
 * pass revokes nothing, then a freeing pass returns the DEAD slots.
 */
#include "cap.h"
#include "hw.h"

/* A whole number of pages (NCAP * 40 bytes = 15 pages), page-aligned by
 * kernel.ld right after pages[]: the kernel maps both read-only into every
 * env.  The sweep state is in vm.c, outside that window. */
struct cap caps[NCAP];

/*@ ghost int tlb_stale; */   /* hw.h */

/*@ assigns \nothing;
    ensures \result != 0 <==> Live(e); */
static inline int live(int32_t e)
{
	return e >= 0 && e < NENV && envs[e].status != ENV_FREE;
}

void cap_table_init(void)
{
	/*@ loop invariant 0 <= i <= NCAP;
	    loop invariant \forall integer k; 0 <= k < i ==>
	      caps[k].status == CAP_FREE && caps[k].bind_table == NO_PAGE;
	    loop assigns i, caps[0 .. NCAP-1];
	    loop variant NCAP - i;
	*/
	for (int32_t i = 0; i < NCAP; i++) {
		struct cap none = { CAP_FREE, 0, NO_OWNER, NO_CAP, 0, NO_PAGE, 0 };
		caps[i] = none;
	}
	sweep.phase = SWEEP_IDLE;
	sweep.cursor = 0;
	sweep.changed = 0;
}

int cap_on_page(ppn_t p)
{
	/* Four slots a step (NCAP is a multiple of 4): sys_page_free asks
	 * this of every page it frees. */
	/*@ loop invariant 0 <= m <= NCAP / 4;
	    loop invariant \forall integer k; 0 <= k < 4 * m && caps[k].status == CAP_LIVE ==>
	      caps[k].page != p;
	    loop assigns m;
	    loop variant NCAP / 4 - m;
	*/
	for (int32_t m = 0; m < NCAP / 4; m++) {
		int32_t i = 4 * m;
		if (caps[i].status == CAP_LIVE && caps[i].page == p)
			return 1;
		if (caps[i + 1].status == CAP_LIVE && caps[i + 1].page == p)
			return 1;
		if (caps[i + 2].status == CAP_LIVE && caps[i + 2].page == p)
			return 1;
		if (caps[i + 3].status == CAP_LIVE && caps[i + 3].page == p)
			return 1;
	}
	return 0;
}

int cap_grant(int32_t e, uint64_t k, ppn_t p, int32_t h, uint64_t r)
{
	if (!live(e) || k >= NCAP)
		return E_INVAL;
	if (k / CAP_PER_ENV != (uint64_t)e)
		return E_PERM;
	if (caps[k].status != CAP_FREE)
		return E_BUSY;
	if (p >= NPAGES)
		return E_RANGE;
	if (pages[p].owner != e || pages[p].type != PG_USER)
		return E_PERM;
	if (!live(h) || r > PERM_ALL)
		return E_INVAL;
	//@ assert unmapped: NoCapMapping(k);
	struct cap c = { CAP_LIVE, (uint32_t)r, h, NO_CAP, p, NO_PAGE, 0 };
	caps[k] = c;
	//@ assert others: \forall integer j; ValidCap(j) && j != k ==> caps[j] == \at(caps[j], Pre);
	/*@ assert capmaps: \forall integer t, i; ValidPpn(t) && TableType(pages[t].type) &&
	      0 <= i < NPTE ==> EntryCap(t, i); */
	return E_OK;
}

int cap_derive(int32_t e, uint64_t k, uint64_t q, int32_t h, uint64_t r)
{
	if (!live(e) || k >= NCAP)
		return E_INVAL;
	if (k / CAP_PER_ENV != (uint64_t)e)
		return E_PERM;
	if (caps[k].status != CAP_FREE)
		return E_BUSY;
	if (q >= NCAP)
		return E_INVAL;
	if (caps[q].status != CAP_LIVE || caps[q].holder != e)
		return E_PERM;
	if (!live(h) || r > PERM_ALL)
		return E_INVAL;
	uint32_t qr = caps[q].rights;
	if (r % 2 > qr % 2 || r / 2 > qr / 2)
		return E_PERM;
	//@ assert unmapped: NoCapMapping(k);
	struct cap c = { CAP_LIVE, (uint32_t)r, h, (int32_t)q, caps[q].page, NO_PAGE, 0 };
	caps[k] = c;
	//@ assert others: \forall integer j; ValidCap(j) && j != k ==> caps[j] == \at(caps[j], Pre);
	/*@ assert capmaps: \forall integer t, i; ValidPpn(t) && TableType(pages[t].type) &&
	      0 <= i < NPTE ==> EntryCap(t, i); */
	return E_OK;
}

/* The sweep marks (again) after a kill: a new marking pass at slot 0 if
 * the sweep is idle or its cursor is at slot 0 (that pass will see every
 * slot, so it needs no re-pass), else a re-pass from where it is.  Apart
 * from cap_kill so that cap_kill's goals do not split on it. */
/*@ requires sweep.cursor < NCAP;
    assigns sweep.phase, sweep.changed, sweep.cursor;
    ensures sweep.phase == SWEEP_MARK && sweep.cursor < NCAP;
    ensures fresh: \old(sweep.phase) == SWEEP_IDLE || \old(sweep.cursor) == 0 ==>
      sweep.cursor == 0 && sweep.changed == 0;
    ensures repass: \old(sweep.phase) != SWEEP_IDLE && \old(sweep.cursor) != 0 ==>
      sweep.cursor == \old(sweep.cursor) && sweep.changed == 1;
*/
static void sweep_mark_again(void)
{
	if (sweep.phase == SWEEP_IDLE || sweep.cursor == 0) {
		sweep.cursor = 0;
		sweep.changed = 0;
	} else {
		sweep.changed = 1;
	}
	sweep.phase = SWEEP_MARK;
}

/* Revoke live capability k: clear the entry mapped through it, mark it
 * DEAD, and make the sweep mark again (its children are now doomed).  A
 * sweep that is idle, or whose cursor is at slot 0, now starts a marking
 * pass that will see every slot, so it needs no re-pass; a kill with the
 * cursor further on (its children may lie behind it) sets changed.  (An
 * env that dies kills its capabilities one by one; each kill used to cost
 * the sweep a whole extra pass of NCAP slots.)
 * The assigns clause names all of ptmem, not the one entry written (the
 * assertion mem_same below proves that no other changes): a location
 * that depends on caps[k].bind_table, which is NO_PAGE when nothing is
 * mapped, made every caller's loop-assigns goal an existential that the
 * provers failed on within the time limit. */
/*@ requires Inv && ValidCap(k) && caps[k].status == CAP_LIVE;
    assigns caps[k].status, caps[k].bind_table, sweep.phase, sweep.changed, sweep.cursor,
            ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures caps[k].status == CAP_DEAD && caps[k].bind_table == NO_PAGE;
    ensures sweep.phase == SWEEP_MARK;
    ensures fresh: \old(sweep.phase) == SWEEP_IDLE || \old(sweep.cursor) == 0 ==>
      sweep.cursor == 0 && sweep.changed == 0;
    ensures repass: \old(sweep.phase) != SWEEP_IDLE && \old(sweep.cursor) != 0 ==>
      sweep.cursor == \old(sweep.cursor) && sweep.changed == 1;
*/
static void cap_kill(uint64_t k)
{
	uint64_t t = caps[k].bind_table;
	/*@ assert only_binding: \forall integer t2, i2; ValidPpn(t2) && 0 <= i2 < NPTE &&
	      pages[t2].type == PG_PT1 && PteP(ptmem[t2].e[i2]) &&
	      PteTag(ptmem[t2].e[i2]) == k + 1 ==>
	      t2 == caps[k].bind_table && i2 == caps[k].bind_index; */
	if (t != NO_PAGE) {
		//@ assert entry: EntryOk(t, caps[k].bind_index);
		ptmem[t].e[caps[k].bind_index] = 0;
		//@ ghost tlb_stale = 1;
		caps[k].bind_table = NO_PAGE;
	}
	caps[k].status = CAP_DEAD;
	sweep_mark_again();
	//@ assert others: \forall integer j; ValidCap(j) && j != k ==> caps[j] == \at(caps[j], Pre);
	/*@ assert mem_same: \forall integer t2, i2; ValidPpn(t2) && 0 <= i2 < NPTE &&
	      !(t2 == \at(caps[k].bind_table, Pre) && i2 == \at(caps[k].bind_index, Pre)) ==>
	      ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre); */
	//@ assert no_k: NoCapMapping(k);
	/*@ assert capmaps_kept: \forall integer t2, i2; ValidPpn(t2) && TableType(pages[t2].type) &&
	      0 <= i2 < NPTE && ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre) &&
	      PteTag(ptmem[t2].e[i2]) != k + 1 ==> EntryCap(t2, i2); */
	/*@ assert capmaps: \forall integer t2, i2; ValidPpn(t2) && TableType(pages[t2].type) &&
	      0 <= i2 < NPTE ==> EntryCap(t2, i2); */
}

/* Examine the slot under the cursor and advance it.  Progress: the step
 * lowers SweepMeasure (spec/cap.acsl); the ghost loop at the end counts
 * the live capabilities before and after (at most slot j changed). */
/*@ requires Inv && sweep.phase != SWEEP_IDLE;
    assigns caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==>
      \old(caps[k].status) == CAP_LIVE;
    ensures counted: 0 <= NLive(NCAP) <= NCAP;
    ensures progress: 0 <= SweepMeasure < SweepMeasure{Pre};
    ensures idle_at_start: sweep.phase == SWEEP_IDLE ==> sweep.cursor == 0;
*/
static void sweep_step(void)
{
	uint32_t j = sweep.cursor;
	//@ ghost uint32_t was = caps[j].status;
	if (sweep.phase == SWEEP_MARK) {
		if (caps[j].status == CAP_LIVE && caps[j].parent != NO_CAP &&
		    caps[caps[j].parent].status == CAP_DEAD)
			cap_kill(j);
		if (j + 1 < NCAP) {
			sweep.cursor = j + 1;
		} else if (sweep.changed) {
			sweep.cursor = 0;
			sweep.changed = 0;
		} else {
			sweep.cursor = 0;
			sweep.phase = SWEEP_FREE;
		}
	} else {
		if (caps[j].status == CAP_DEAD) {
			//@ assert unmapped: NoCapMapping(j);
			struct cap none = { CAP_FREE, 0, NO_OWNER, NO_CAP, 0, NO_PAGE, 0 };
			caps[j] = none;
			//@ assert others: \forall integer k; ValidCap(k) && k != j ==> caps[k] == \at(caps[k], Pre);
			/*@ assert capmaps: \forall integer t, i; ValidPpn(t) && TableType(pages[t].type) &&
			      0 <= i < NPTE ==> EntryCap(t, i); */
		}
		if (j + 1 < NCAP) {
			sweep.cursor = j + 1;
		} else {
			sweep.cursor = 0;
			sweep.phase = SWEEP_IDLE;
		}
	}
	/*@ assert same_status: \forall integer k; ValidCap(k) && k != j ==>
	      caps[k].status == \at(caps[k].status, Pre); */
	/*@ ghost
	  /@ loop invariant 0 <= n <= NCAP;
	     loop invariant NLive(n) == NLive{Pre}(n) - (j < n &&
	       was == CAP_LIVE && caps[j].status != CAP_LIVE ? 1 : 0);
	     loop invariant 0 <= NLive(n) <= n && 0 <= NLive{Pre}(n) <= n;
	     loop assigns n;
	     loop variant NCAP - n; @/
	  for (uint32_t n = 0; n < NCAP; n++) ;
	*/
}

/* The slots from the cursor on that a sweep step would leave as they are
 * (marking: not doomed; freeing: not dead), passed over at most `most`
 * at a time and never the last slot, where a pass ends: the same as that
 * many sweep_step calls, in a few instructions a slot.  Returns how many. */
/*@ requires Inv && sweep.phase != SWEEP_IDLE && most < SWEEP_BUDGET;
    assigns sweep.cursor;
    ENSURES_INV
    ensures \result <= most && sweep.cursor == \old(sweep.cursor) + \result;
*/
static uint32_t sweep_skip(uint32_t most)
{
	uint32_t j = sweep.cursor, end = NCAP - 1;
	if (most < end - j)
		end = j + most;
	if (sweep.phase == SWEEP_MARK) {
		/*@ loop invariant sweep.cursor <= j <= end;
		    loop invariant \forall integer i; sweep.cursor <= i < j ==> !Doomed(i);
		    loop assigns j;
		    loop variant end - j;
		*/
		while (j < end && !(caps[j].status == CAP_LIVE && caps[j].parent != NO_CAP &&
				    caps[caps[j].parent].status == CAP_DEAD))
			j++;
	} else {
		/*@ loop invariant sweep.cursor <= j <= end;
		    loop invariant \forall integer i; sweep.cursor <= i < j ==> caps[i].status != CAP_DEAD;
		    loop assigns j;
		    loop variant end - j;
		*/
		while (j < end && caps[j].status != CAP_DEAD)
			j++;
	}
	uint32_t m = j - sweep.cursor;
	sweep.cursor = j;
	return m;
}

/* At most `most` slots of the sweep: those sweep_skip passes over, then
 * one step.  Returns how many it handled, each lowering SweepMeasure. */
/*@ requires Inv && sweep.phase != SWEEP_IDLE && 1 <= most <= SWEEP_BUDGET;
    assigns caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
    ENSURES_INV
    ensures 1 <= \result <= most;
    ensures \forall integer k; ValidCap(k) && caps[k].status == CAP_LIVE ==>
      \old(caps[k].status) == CAP_LIVE;
    ensures counted: 0 <= NLive(NCAP) <= NCAP;
    ensures progress: 0 <= SweepMeasure <= SweepMeasure{Pre} - \result;
*/
static uint32_t sweep_some(uint32_t most)
{
	uint32_t m = sweep_skip(most - 1);
	sweep_step();
	return m + 1;
}

int cap_revoke(int32_t e, uint64_t k)
{
	if (!live(e) || k >= NCAP)
		return E_INVAL;
	if (caps[k].status == CAP_LIVE) {
		int32_t q = caps[k].parent;
		if (pages[caps[k].page].owner != e && caps[k].holder != e &&
		    !(q != NO_CAP && caps[q].status == CAP_LIVE && caps[q].holder == e))
			return E_PERM;
		cap_kill(k);
		/* One live capability fewer (for the progress clause). */
		/*@ ghost
		  /@ loop invariant 0 <= n <= NCAP;
		     loop invariant NLive(n) == NLive{Pre}(n) - (k < n ? 1 : 0);
		     loop assigns n;
		     loop variant NCAP - n; @/
		  for (uint32_t n = 0; n < NCAP; n++) ;
		*/
	} else if (sweep.phase == SWEEP_IDLE) {
		return E_NOENT;
	}
	/*@ loop invariant 0 <= n <= SWEEP_BUDGET;
	    loop invariant Inv;
	    loop invariant caps[k].status != CAP_LIVE;
	    loop invariant measure: SweepMeasure + n <= SweepMeasure{LoopEntry};
	    loop invariant counted: n == 0 || 0 <= NLive(NCAP) <= NCAP;
	    loop assigns n, caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
	    loop variant SWEEP_BUDGET - n;
	*/
	for (uint32_t n = 0; n < SWEEP_BUDGET && sweep.phase != SWEEP_IDLE;)
		n += sweep_some(SWEEP_BUDGET - n);
	/* The revoked capability and any the sweep revoked may have been
	 * mapped in the caller's own address space. */
	hw_tlb_flush();
	return sweep.phase == SWEEP_IDLE ? E_OK : E_AGAIN;
}

void cap_kill_env(int32_t e)
{
	/*@ loop invariant 0 <= i <= NCAP;
	    loop invariant Inv;
	    loop invariant \forall integer k; 0 <= k < i && caps[k].status == CAP_LIVE ==>
	      caps[k].holder != e && pages[caps[k].page].owner != e;
	    loop invariant \forall integer k; i <= k < NCAP ==> caps[k] == \at(caps[k], Pre);
	    loop assigns i, caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
	    loop variant NCAP - i;
	*/
	for (int32_t i = 0; i < NCAP; i++) {
		if (caps[i].status == CAP_LIVE &&
		    (caps[i].holder == e || pages[caps[i].page].owner == e)) {
			cap_kill(i);
		}
	}
	hw_tlb_flush();
}

void cap_kill_page(ppn_t p)
{
	/*@ loop invariant 0 <= i <= NCAP;
	    loop invariant Inv;
	    loop invariant \forall integer k; 0 <= k < i && caps[k].status == CAP_LIVE ==>
	      caps[k].page != p;
	    loop invariant \forall integer k; i <= k < NCAP ==> caps[k] == \at(caps[k], Pre);
	    loop invariant \forall integer k; 0 <= k < i && \at(caps[k].page, Pre) != p ==>
	      caps[k] == \at(caps[k], Pre);
	    loop invariant \forall integer k; 0 <= k < NCAP ==> caps[k].page == \at(caps[k].page, Pre);
	    loop assigns i, caps[0 .. NCAP-1], sweep, ptmem[0 .. NPAGES-1].e[0 .. NPTE-1], tlb_stale;
	    loop variant NCAP - i;
	*/
	for (int32_t i = 0; i < NCAP; i++) {
		if (caps[i].status == CAP_LIVE && caps[i].page == p) {
			cap_kill(i);
		}
	}
	hw_tlb_flush();
}
