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
    assigns pages[0 .. NPAGES-1];
    ensures none: \forall integer p; ValidPpn(p) ==>
      pages[p].type == PG_NONE && pages[p].owner == NO_OWNER &&
      pages[p].bind_table == NO_PAGE && pages[p].view_table == NO_PAGE;
    ensures PagesInv;
*/
void page_table_init(void);

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
