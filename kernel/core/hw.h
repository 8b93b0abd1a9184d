/* SPDX-License-Identifier: MIT */
/*
 * Hardware hooks the verified core calls.  Their bodies are in
 * kernel/arch/x86_64/hw_core.c (unverified); WP takes these contracts as
 * given.  Each is listed in proofs/README.md, "Assumptions".
 */
#ifndef CORE_HW_H
#define CORE_HW_H
#include <stdint.h>

/* Invalidate every non-global TLB entry of the current address space
 * (reload CR3).  Called after each unmap or permission change. */
/*@ assigns \nothing; */
void hw_tlb_flush(void);

#endif
