// SPDX-License-Identifier: MIT
/*
 * Page-table entry encoders.  Kept apart so that the arithmetic facts about
 * the encoding are proved once, here, and used everywhere else through the
 * contracts in pte.h.
 */
#include "pte.h"

uint64_t pte_link(ppn_t c)
{
	return c * 4096 + 7;            /* P | W | U */
}

uint64_t pte_leaf(ppn_t p, uint64_t perm, uint64_t tag)
{
	uint64_t v = tag * 0x10000000000000ull + p * 4096 + 5;   /* tag | P | U */
	if (perm == PERM_W || perm == PERM_ALL)
		v += 2;                 /* W */
	if (perm == 0 || perm == PERM_W)
		v += 0x8000000000000000ull;  /* NX */
	return v;
}
