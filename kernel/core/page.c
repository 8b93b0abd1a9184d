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

void page_table_init(void)
{
	/*@ loop invariant 0 <= i <= NPAGES;
	    loop invariant \forall integer q; 0 <= q < i ==>
	      pages[q].type == PG_NONE && pages[q].owner == NO_OWNER &&
	      pages[q].bind_table == NO_PAGE && pages[q].view_table == NO_PAGE;
	    loop assigns i, pages[0 .. NPAGES-1];
	    loop variant NPAGES - i;
	*/
	for (int32_t i = 0; i < NPAGES; i++) {
		struct page_info none = { NO_OWNER, PG_NONE, NO_PAGE, 0, NO_PAGE, 0 };
		pages[i] = none;
	}
}

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
