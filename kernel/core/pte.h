/* SPDX-License-Identifier: MIT */
/*
 * Building and reading page-table entries.  Fields are read with unsigned
 * division and remainder by powers of two (WP has no bit-vector model);
 * gcc turns them into the usual shifts and masks.
 */
#ifndef CORE_PTE_H
#define CORE_PTE_H
#include "types.h"

#define PTE_PRESENT(x) ((x) % 2 == 1)
#define PTE_ADDR(x)    (((x) / 4096) % 0x10000000000ull)
#define PTE_TAG(x)     (((x) / 0x10000000000000ull) % 2048)

/* A link from a table to the next-level table c: present, writable, user. */
/*@ requires ValidPpn(c);
    assigns \nothing;
    ensures PteP(\result) && PteU(\result) && PteW(\result) && !PtePS(\result);
    ensures PteAddr(\result) == c && PteTag(\result) == 0;
*/
uint64_t pte_link(ppn_t c);

/* A leaf entry mapping page p for ring 3 with permissions perm (PERM_W,
 * PERM_X), tagged with the kind of mapping (uapi/pageinfo.h). */
/*@ requires ValidPpn(p) && perm <= PERM_ALL && tag <= PTE_TAG_VIEW;
    assigns \nothing;
    ensures PteP(\result) && PteU(\result) && !PtePS(\result);
    ensures PteAddr(\result) == p && PteTag(\result) == tag;
    ensures PteW(\result) <==> (perm == PERM_W || perm == PERM_ALL);
    ensures PteNX(\result) <==> (perm == 0 || perm == PERM_W);
*/
uint64_t pte_leaf(ppn_t p, uint64_t perm, uint64_t tag);

#endif
