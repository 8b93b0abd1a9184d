/* SPDX-License-Identifier: MIT */
/*
 * Virtual address layout seen by every environment.
 *
 * The lowest 512 GiB (PML4 slot 0) belong to the kernel: physical memory is
 * identity-mapped there, supervisor-only.  User space is the rest of the
 * canonical lower half: [USER_BASE, USER_TOP).
 */
#ifndef UAPI_LAYOUT_H
#define UAPI_LAYOUT_H

#define PGSIZE       4096ull
#define USER_BASE    0x0000008000000000ull   /* 512 GiB: PML4 slot 1        */
#define USER_TOP     0x0000800000000000ull   /* end of the canonical half    */
#define USER_TEXT    0x0000008000400000ull   /* where libOS programs link    */
#define USER_STACK_TOP  (USER_TOP - PGSIZE)  /* top page left as a guard     */
#define USER_STACK_PAGES 4u

#endif
