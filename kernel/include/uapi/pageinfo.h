/* SPDX-License-Identifier: MIT */
/*
 * The page-info table: one entry per physical page, kept by the kernel and
 * mapped read-only into every environment at USER_PAGEINFO, so a libOS can
 * see which pages are free, who owns what, and which entry maps each page
 * (Aegis/Xok expose the same information).
 */
#ifndef UAPI_PAGEINFO_H
#define UAPI_PAGEINFO_H
#include <stdint.h>

#define NPAGES      32768      /* tracked physical pages: 128 MiB */
#define NPTE        512        /* entries per page-table page */
#define NO_OWNER    (-1)       /* owner of an unowned page */
#define NO_PAGE     NPAGES     /* "no page" in bind_table and env roots */

/* Page types.  USER and the four table types have an owner.  A table of
 * level L (PG_PT1 = leaf table .. PG_PT4 = PML4) links only to tables of
 * level L-1, or, at level 1, maps only USER pages. */
enum page_type {
	PG_NONE   = 0,   /* not RAM, or not described by the boot map */
	PG_KERNEL = 1,   /* RAM the kernel keeps (image, stacks, BIOS area) */
	PG_FREE   = 2,   /* RAM available to environments */
	PG_USER   = 3,   /* data page owned by an environment */
	PG_PT1    = 4,   /* level-1 page table (PT): maps USER pages */
	PG_PT2    = 5,   /* level-2 page table (PD) */
	PG_PT3    = 6,   /* level-3 page table (PDPT) */
	PG_PT4    = 7    /* level-4 page table (PML4): an env's root */
};

/* A page's binding is the one owner entry that refers to it: the link of
 * a table, or its owner's mapping of a data page: (bind_table, bind_index),
 * or bind_table == NO_PAGE when none does.  A table page may also have one
 * read-only view (SYS_PT_VIEW) at (view_table, view_index).  Mappings made
 * through capabilities are recorded in the capability (uapi/cap.h). */
struct page_info {
	int32_t  owner;       /* env slot, or NO_OWNER */
	uint32_t type;        /* enum page_type */
	uint64_t bind_table;  /* table holding the entry that maps/links it */
	uint64_t bind_index;  /* index of that entry, 0 .. NPTE-1 */
	uint64_t view_table;  /* leaf table holding its read-only view, or NO_PAGE */
	uint64_t view_index;  /* index of that entry */
};

/* Bits 52..62 of a leaf entry, which the MMU ignores, say what the
 * mapping is: 0 the owner's own mapping, k + 1 a mapping made through
 * capability k, PTE_TAG_VIEW a read-only view of a table page. */
#define PTE_TAG_SHIFT 52
#define PTE_TAG_VIEW  2047u

/* Permissions for SYS_PT_MAP / SYS_PT_PROT: read is implied. */
#define PERM_W  1u   /* writable */
#define PERM_X  2u   /* executable (otherwise no-execute) */
#define PERM_ALL 3u

#endif
