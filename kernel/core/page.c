// SPDX-License-Identifier: MIT
/*
 * The physical page table.  Each entry records who owns a physical page and
 * what it is used for.  The table is the single source of truth for
 * ownership.  This file sets it up at boot; vm.c changes it afterwards.
 * Every function checks all of its arguments before it writes, so a
 * failing call changes nothing (contracts in page.h).
 */
#include "page.h"

/* A whole number of pages (NPAGES * 40 bytes = 320 pages), placed on a
 * page boundary by kernel.ld (page.o's .bss comes first, aligned): the
 * kernel maps exactly this array read-only into every env. */
struct page_info pages[NPAGES];

/*@ ghost int32_t owner_g[NPAGES]; */

void page_table_init(void)
{
	/*@ loop invariant 0 <= i <= NPAGES;
	    loop invariant \forall integer q; 0 <= q < i ==>
	      pages[q].type == PG_NONE && pages[q].owner == NO_OWNER &&
	      pages[q].bind_table == NO_PAGE && pages[q].view_table == NO_PAGE &&
	      owner_g[q] == NO_OWNER;
	    loop assigns i, pages[0 .. NPAGES-1], owner_g[0 .. NPAGES-1];
	    loop variant NPAGES - i;
	*/
	for (int32_t i = 0; i < NPAGES; i++) {
		struct page_info none = { NO_OWNER, PG_NONE, NO_PAGE, 0, NO_PAGE, 0 };
		pages[i] = none;
		//@ ghost owner_g[i] = NO_OWNER;
	}
	/* Every count is zero: induction over the pages, as a ghost loop. */
	/*@ ghost
	  /@ loop invariant 0 <= n <= NPAGES;
	     loop invariant \forall integer e; 0 <= e ==> Owned(e, n) == 0;
	     loop assigns n;
	     loop variant NPAGES - n;
	  @/
	  for (int32_t n = 0; n < NPAGES; n++) ;
	*/
}

/*@ ghost
  void owner_g_set(ppn_t p, int32_t o)
  {
    owner_g[p] = o;
    /@ loop invariant 0 <= n <= NPAGES;
       loop invariant \forall integer f; Owned(f, n) == Owned{Pre}(f, n) +
         (p < n && f == o ? 1 : 0) - (p < n && f == \at(owner_g[p], Pre) ? 1 : 0);
       loop invariant \forall integer f; 0 <= Owned{Pre}(f, n) <= n && 0 <= Owned(f, n) <= n;
       loop assigns n;
       loop variant NPAGES - n;
    @/
    for (int32_t n = 0; n < NPAGES; n++) ;
  }

  void pages_conserved(void)
  {
    /@ loop invariant 0 <= m <= NENV;
       loop invariant CountSum(m) == OwnedBySlots(m, NPAGES);
       loop assigns m;
       loop variant NENV - m;
    @/
    for (int32_t m = 0; m < NENV; m++) ;
    /@ loop invariant 0 <= n <= NPAGES;
       loop invariant Owned(NO_OWNER, n) + OwnedBySlots(NENV, n) == n;
       loop assigns n;
       loop variant NPAGES - n;
    @/
    for (int32_t n = 0; n < NPAGES; n++) {
      /@ assert one: owner_g[n] == NO_OWNER || 0 <= owner_g[n] < NENV; @/
      /@ loop invariant 0 <= m <= NENV;
         loop invariant OwnedBySlots(m, n + 1) ==
           OwnedBySlots(m, n) + (0 <= owner_g[n] < m ? 1 : 0);
         loop assigns m;
         loop variant NENV - m;
      @/
      for (int32_t m = 0; m < NENV; m++) ;
    }
  }

  void owned_none(int32_t e)
  {
    /@ loop invariant 0 <= n <= NPAGES && Owned(e, n) == 0;
       loop assigns n;
       loop variant NPAGES - n;
    @/
    for (int32_t n = 0; n < NPAGES; n++) ;
  }

  void owned_zero(int32_t e)
  {
    /@ loop invariant 0 <= n <= NPAGES && Owned(e, n) >= 0;
       loop invariant Owned(e, n) == 0 <==>
         (\forall integer q; 0 <= q < n ==> owner_g[q] != e);
       loop assigns n;
       loop variant NPAGES - n;
    @/
    for (int32_t n = 0; n < NPAGES; n++) ;
  }
*/

int page_boot_mark(ppn_t p, uint32_t type)
{
	if (p >= NPAGES)
		return E_RANGE;
	if (type != PG_FREE && type != PG_KERNEL)
		return E_INVAL;
	if (pages[p].type >= PG_USER)
		return E_BUSY;
	//@ assert unviewed: Unviewed(p);
	pages[p].owner = NO_OWNER;
	pages[p].type = type;
	return E_OK;
}
