/* SPDX-License-Identifier: MIT */
/*
 * A range form of the Appel-Li protection primitives (libos/lib/avm_range.c):
 * the kernel changes one leaf entry per SYS_PT_PROT, so what a library can
 * save on n pages is the table lookup, done once per 2 MiB leaf table
 * instead of once per page.
 */
#ifndef LIBOS_AVM_RANGE_H
#define LIBOS_AVM_RANGE_H

/* Set the rights of the n pages from va (read is implied; perm: 0 for
 * read-only, PERM_W for read/write, | PERM_X): 0, or the first error. */
long avm_prot_range(unsigned long va, unsigned long n, unsigned long perm);

#endif
