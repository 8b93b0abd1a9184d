/* SPDX-License-Identifier: MIT */
/*
 * Virtual address layout seen by every environment.
 *
 * The lowest 512 GiB (PML4 slot 0) belong to the kernel: physical memory is
 * identity-mapped there, supervisor-only.  PML4 slot 255 is the page-info
 * window: the kernel's table of every physical page (owner, type, binding),
 * mapped read-only so a libOS can choose pages without asking.  User space
 * is slots 1..254: [USER_BASE, USER_TOP).
 */
#ifndef UAPI_LAYOUT_H
#define UAPI_LAYOUT_H

#define PGSIZE       4096ull
#define USER_BASE    0x0000008000000000ull   /* 512 GiB: PML4 slot 1        */
#define USER_TOP     0x00007F8000000000ull   /* PML4 slots 1..254 are user's */
#define PML4_USER_FIRST 1
#define PML4_USER_LAST  254
#define PML4_INFO    255                     /* read-only page-info window */
#define USER_PAGEINFO 0x00007F8000000000ull  /* pages[] mapped here, read-only */
#define USER_CAPINFO  0x00007F8000140000ull  /* caps[] right after (pages[] is 320 pages) */
#define USER_SCHEDINFO 0x00007F800014F000ull /* the slice vector (uapi/sched.h) after caps[] (15 pages) */
#define USER_IPCINFO  0x00007F8000150000ull  /* the calls in flight (uapi/sched.h), after it */
#define USER_REVINFO  0x00007F8000151000ull  /* requests and repossession rings
                                                (uapi/revoke.h), after it (10 pages) */
#define USER_TEXT    0x0000008000400000ull   /* where libOS programs link    */
#define USER_STACK_TOP  (USER_TOP - PGSIZE)  /* top page left as a guard     */
#define USER_STACK_PAGES 4u

#endif
