// SPDX-License-Identifier: MIT
/*
 * The physical page table.  Each entry records who owns a physical page and
 * what it is used for.  The table is the single source of truth for
 * ownership: the MMU code in arch/ only maps pages this table says the env
 * owns.  Every function checks all of its arguments before it writes, so a
 * failing call changes nothing (contracts in page.h).
 */
#include "page.h"

struct page_info pages[NPAGES];

void page_table_init(void)
{
	/*@ loop invariant 0 <= i <= NPAGES;
	    loop invariant \forall integer q; 0 <= q < i ==>
	      pages[q].type == PG_NONE && pages[q].owner == NO_OWNER;
	    loop assigns i, pages[0 .. NPAGES-1];
	    loop variant NPAGES - i;
	*/
	for (int32_t i = 0; i < NPAGES; i++) {
		pages[i].owner = NO_OWNER;
		pages[i].type = PG_NONE;
	}
}

int page_boot_mark(ppn_t p, uint32_t type)
{
	if (p >= NPAGES)
		return E_RANGE;
	if (type != PG_FREE && type != PG_KERNEL)
		return E_INVAL;
	if (pages[p].type == PG_USER || pages[p].type == PG_PT)
		return E_BUSY;
	pages[p].owner = NO_OWNER;
	pages[p].type = type;
	return E_OK;
}

/* Is slot e a live environment?  Used by every check below. */
/*@ assigns \nothing;
    ensures \result != 0 <==> Live(e); */
static inline int env_is_live(int32_t e)
{
	return e >= 0 && e < NENV && envs[e].status != ENV_FREE;
}

int page_claim(int32_t e, ppn_t p, uint32_t type)
{
	if (!env_is_live(e) || (type != PG_USER && type != PG_PT))
		return E_INVAL;
	if (p >= NPAGES)
		return E_RANGE;
	if (pages[p].type == PG_NONE || pages[p].type == PG_KERNEL)
		return E_RESERVED;
	if (pages[p].type != PG_FREE)
		return E_BUSY;
	pages[p].owner = e;
	pages[p].type = type;
	return E_OK;
}

int page_release(int32_t e, ppn_t p)
{
	if (!env_is_live(e))
		return E_INVAL;
	if (p >= NPAGES)
		return E_RANGE;
	/* Under Inv an owned page is USER or PT: the owner test suffices
	 * (a separate type test here would be dead code, see the smoke tests). */
	if (pages[p].owner != e)
		return E_PERM;
	if (envs[e].root == p)
		return E_BUSY;
	pages[p].owner = NO_OWNER;
	pages[p].type = PG_FREE;
	return E_OK;
}
