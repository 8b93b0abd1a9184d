/* SPDX-License-Identifier: MIT */
/*
 * The physical page table: owner and type of every physical page.
 * This file holds its boot-time set-up; allocation, freeing and mapping
 * are in vm.c.  Callers name pages by number; nothing searches.
 */
#ifndef CORE_PAGE_H
#define CORE_PAGE_H
#include "types.h"

/* Reset the table: every page becomes PG_NONE with no owner.  Boot-time
 * only, before any environment exists. */
/*@ requires no_env: \forall integer e; ValidSlot(e) ==> envs[e].status == ENV_FREE;
    assigns pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1];
    ensures none: \forall integer p; ValidPpn(p) ==>
      pages[p].type == PG_NONE && pages[p].owner == NO_OWNER &&
      pages[p].bind_table == NO_PAGE && pages[p].view_table == NO_PAGE;
    ensures PagesInv;
    ensures OwnerGhostOk;
    ensures no_counts: \forall integer e; 0 <= e ==> Owned(e, NPAGES) == 0;
*/
void page_table_init(void);

/* Ghost (proof-only, not compiled): the one writer of owner_g after boot.
 * Its ghost loop proves, by induction over the pages, that giving page p
 * to o moves o's count up by one and the old owner's down by one, and
 * that every count lies in 0 .. NPAGES. */
/*@ ghost
  /@ requires ValidPpn(p);
     assigns owner_g[p];
     ensures set: owner_g[p] == o;
     ensures delta: \forall integer f; Owned(f, NPAGES) ==
       Owned{Pre}(f, NPAGES) + (f == o ? 1 : 0) - (f == \old(owner_g[p]) ? 1 : 0);
     ensures bounds: \forall integer f;
       0 <= Owned{Pre}(f, NPAGES) <= NPAGES && 0 <= Owned(f, NPAGES) <= NPAGES;
  @/
  void owner_g_set(ppn_t p, int32_t o);
*/

/* Ghost: an env that owns no page has a count of zero (induction). */
/*@ ghost
  /@ requires \forall integer q; ValidPpn(q) ==> owner_g[q] != e;
     assigns \nothing;
     ensures Owned(e, NPAGES) == 0;
  @/
  void owned_none(int32_t e);
*/

/* Ghost: and conversely, a count of zero means no page is owned. */
/*@ ghost
  /@ requires Owned(e, NPAGES) == 0;
     assigns \nothing;
     ensures \forall integer q; ValidPpn(q) ==> owner_g[q] != e;
  @/
  void owned_zero(int32_t e);
*/

/* Ghost lemma, proved by WP and never compiled: in any state that keeps
 * the page-ownership parts of Inv (so in every state the core reaches),
 * the pages nobody owns (free, kernel or absent: owner NO_OWNER) plus the
 * kernel's per-env page counters add up to NPAGES.  Nothing is lost and
 * nothing is counted twice, whatever calls led there (allocation, frees,
 * env_destroy, a cooperative give-back or a forced repossession).  Its
 * ghost loops are the induction over the pages and over the slots. */
/*@ ghost
  /@ requires PagesInv && OwnerGhostOk && CountsOk;
     assigns \nothing;
     ensures total: Owned(NO_OWNER, NPAGES) + CountSum(NENV) == NPAGES;
  @/
  void pages_conserved(void);
*/

/* Boot-time classification of an unowned page as PG_FREE or PG_KERNEL,
 * from the firmware memory map.  Fails with E_RANGE for a page beyond the
 * table, E_INVAL for another type, E_BUSY for a page an env owns. */
/*@ requires Inv;
    assigns pages[p];
    ENSURES_INV
    behavior range:
      assumes !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior bad_type:
      assumes ValidPpn(p) && type != PG_FREE && type != PG_KERNEL;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior owned:
      assumes ValidPpn(p) && (type == PG_FREE || type == PG_KERNEL) &&
              OwnedType(pages[p].type);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes ValidPpn(p) && (type == PG_FREE || type == PG_KERNEL) &&
              !OwnedType(pages[p].type);
      assigns pages[p];
      ensures \result == E_OK;
      ensures pages[p].type == type && pages[p].owner == NO_OWNER;
    complete behaviors;
    disjoint behaviors;
*/
int page_boot_mark(ppn_t p, uint32_t type);

#endif
