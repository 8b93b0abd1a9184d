/* SPDX-License-Identifier: MIT */
/*
 * malloc/free over pages the libOS allocates itself (lib/malloc.c): the
 * heap is a run of the env's own data pages from HEAP_VA up, grown a page
 * at a time with the ordinary calls (a free page picked from the exposed
 * page table, SYS_PAGE_ALLOC, mapped writable).  First fit over an
 * address-ordered free list, blocks coalesced when freed, 16-byte
 * aligned.  malloc_trim gives the free pages at the top back to the
 * kernel.
 */
#ifndef LIBOS_MALLOC_H
#define LIBOS_MALLOC_H

#define HEAP_VA    0x0000500000000000ul
#define HEAP_MAX   (64ul << 20)            /* 64 MiB of address space */

void *malloc(unsigned long n);             /* NULL if no memory, or n == 0 */
void free(void *p);                        /* NULL is ignored */
void *calloc(unsigned long n, unsigned long size);
unsigned long malloc_trim(void);           /* pages given back */
struct malloc_stats { unsigned long pages, used, free_bytes, blocks, bad_frees; };
void malloc_get_stats(struct malloc_stats *s);
#endif
