/* SPDX-License-Identifier: MIT */
/*
 * Hardware hooks the verified core calls.  Their bodies are in
 * kernel/arch/x86_64/hw_core.c (unverified); WP takes these contracts as
 * given.  Each is listed in proofs/README.md, "Assumptions".
 */
#ifndef CORE_HW_H
#define CORE_HW_H
#include <stdint.h>

/* Ghost: 1 when the TLB may still hold a translation that the page
 * tables no longer give, because a present entry was removed or its
 * rights changed since the last flush.  The core sets it (ghost code)
 * right where it removes or changes a present entry; hw_tlb_flush clears
 * it.  Every system call that removes or changes an entry ensures it is
 * 0 when it succeeds: the TLB holds nothing the tables do not allow. */
/*@ ghost extern int tlb_stale; */

/* Invalidate every non-global TLB entry of the current address space
 * (reload CR3).  Called after each unmap or permission change. */
/*@ assigns tlb_stale;
    ensures tlb_stale == 0;
*/
void hw_tlb_flush(void);

#endif
