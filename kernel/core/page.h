/* SPDX-License-Identifier: MIT */
/*
 * The physical page table: owner and type of every physical page.
 * Callers name pages by number; nothing here searches for a free page.
 */
#ifndef CORE_PAGE_H
#define CORE_PAGE_H
#include "types.h"

/* Reset the table: every page becomes PG_NONE with no owner.  Boot-time
 * only, before any environment exists. */
/*@ requires no_env: \forall integer e; ValidSlot(e) ==> envs[e].status == ENV_FREE;
    assigns pages[0 .. NPAGES-1];
    ensures none: \forall integer p; ValidPpn(p) ==>
      pages[p].type == PG_NONE && pages[p].owner == NO_OWNER;
    ensures PagesInv;
*/
void page_table_init(void);

/* Boot-time classification of an unowned page as PG_FREE or PG_KERNEL,
 * from the firmware memory map.  Fails with E_RANGE for a page beyond the
 * table, E_INVAL for another type, E_BUSY for a page an env owns. */
/*@ requires Inv;
    assigns pages[p];
    ensures Inv;
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

/* Give the free page p to live env e as a data (PG_USER) or page-table
 * (PG_PT) page.  Errors, in the order checked: E_INVAL (e not live, or a
 * type other than USER/PT), E_RANGE (p beyond the table), E_RESERVED (p is
 * kernel or not RAM), E_BUSY (p is owned). */
/*@ requires Inv;
    assigns pages[p];
    ensures Inv;
    behavior bad_arg:
      assumes !Live(e) || !OwnedType(type);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior range:
      assumes Live(e) && OwnedType(type) && !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior reserved:
      assumes Live(e) && OwnedType(type) && ValidPpn(p) &&
              (pages[p].type == PG_NONE || pages[p].type == PG_KERNEL);
      assigns \nothing;
      ensures \result == E_RESERVED;
    behavior busy:
      assumes Live(e) && OwnedType(type) && ValidPpn(p) && OwnedType(pages[p].type);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && OwnedType(type) && PageFree(p);
      assigns pages[p];
      ensures \result == E_OK && OwnedBy(p, e) && pages[p].type == type;
    complete behaviors;
    disjoint behaviors;
*/
int page_claim(int32_t e, ppn_t p, uint32_t type);

/* Return page p, owned by live env e, to the free pool.  Errors: E_INVAL
 * (e not live), E_RANGE (p beyond the table), E_PERM (p not owned by e),
 * E_BUSY (p is e's root page table, which lives as long as e). */
/*@ requires Inv;
    assigns pages[p];
    ensures Inv;
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior range:
      assumes Live(e) && !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior not_owner:
      assumes Live(e) && ValidPpn(p) && !OwnedBy(p, e);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior root:
      assumes Live(e) && OwnedBy(p, e) && envs[e].root == p;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && OwnedBy(p, e) && envs[e].root != p;
      assigns pages[p];
      ensures \result == E_OK && PageFree(p) && pages[p].owner == NO_OWNER;
    complete behaviors;
    disjoint behaviors;
*/
int page_release(int32_t e, ppn_t p);

#endif
