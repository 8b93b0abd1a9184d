/* SPDX-License-Identifier: MIT */
/*
 * Application-level virtual memory (libos/lib/avm.c): the primitives of
 * Appel and Li, "Virtual Memory Primitives for User Programs" (ASPLOS
 * 1991), built from the exposed page tables: protections are changed with
 * SYS_PT_PROT, faults come back as user-level exceptions, the dirty bit is
 * read from the hardware PTE through a read-only view of the leaf table,
 * and map2 maps a page a second time through a capability granted to
 * ourselves.
 */
#ifndef LIBOS_AVM_H
#define LIBOS_AVM_H

#define AVM_VIEW_BASE 0x0000640000000000ul   /* views of our leaf tables */

long avm_prot1(unsigned long va);                     /* read-only */
long avm_protN(unsigned long va, unsigned long n);    /* n pages read-only */
long avm_unprot(unsigned long va);                    /* read/write again */
int avm_dirty(unsigned long va);      /* 1 written since the last protection change, 0 not, < 0 error */
long avm_map2(unsigned long va, unsigned long va2);   /* same page at va2, read-only: cap slot */
long avm_unmap2(unsigned long va2, long cap);         /* undo avm_map2 */
/* The trap handler: fn(va, write) is called for a fault on a present page;
 * it returns 1 to retry the access, or 0 to let the env die with status
 * 200 + vector.  Faults on absent pages and other exceptions also end the
 * env that way. */
int avm_trap_set(int (*fn)(unsigned long va, int write));
const volatile unsigned long *avm_pte(unsigned long va);   /* our leaf PTE, read-only */

#endif
