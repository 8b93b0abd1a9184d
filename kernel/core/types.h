/* SPDX-License-Identifier: MIT */
/*
 * Types, sizes and the global tables of the verified core.
 *
 * Everything the core decides is held in two fixed tables indexed by
 * physical names: pages[] (one entry per physical page) and envs[] (one
 * entry per environment slot).  The ACSL logic that describes them lives in
 * spec/ and is included at the end of this header, after the C declarations
 * it talks about.  This header is shared, unchanged, by gcc (kernel and
 * host tests) and by Frama-C.
 */
#ifndef CORE_TYPES_H
#define CORE_TYPES_H

#include <stdint.h>
#include "../include/uapi/errno.h"
#include "../include/uapi/syscall.h"
#include "../include/uapi/layout.h"

#define NPAGES      32768      /* tracked physical pages: 128 MiB */
#define NENV        64         /* environment slots */
#define NO_OWNER    (-1)       /* pages[].owner of an unowned page */
#define NO_ENV      (-1)       /* no parent / no child */
#define NO_PAGE     NPAGES     /* envs[].root before a root table exists */
#define GEN_MAX     33554430   /* generations wrap back to 1 after this; the
                                  largest id, GEN_MAX * NENV + NENV - 1, fits int32 */

typedef uint64_t ppn_t;        /* physical page number */
typedef int32_t  envid_t;      /* generation * NENV + slot; always > 0 */

/* Page types.  Only USER and PT pages have an owner. */
enum page_type {
	PG_NONE   = 0,   /* not RAM, or not described by the boot map */
	PG_KERNEL = 1,   /* RAM the kernel keeps (image, stacks, BIOS area) */
	PG_FREE   = 2,   /* RAM available to environments */
	PG_USER   = 3,   /* data page owned by an environment */
	PG_PT     = 4    /* page-table page owned by an environment */
};

/* Environment states. */
enum env_status {
	ENV_FREE     = 0,   /* slot unused */
	ENV_RUNNABLE = 1,   /* may run */
	ENV_WAITING  = 2    /* blocked until child wait_child ends */
};

struct page_info {
	int32_t  owner;     /* env slot, or NO_OWNER */
	uint32_t type;      /* enum page_type */
};

struct env {
	uint32_t status;     /* enum env_status */
	int32_t  gen;        /* generation of the slot, 1 .. GEN_MAX */
	int32_t  parent;     /* slot of the parent, or NO_ENV */
	int32_t  wait_child; /* slot waited for when ENV_WAITING, else NO_ENV */
	ppn_t    root;       /* PML4 page (owned PG_PT page) or NO_PAGE */
};

extern struct page_info pages[NPAGES];
extern struct env envs[NENV];

#include "../../spec/page.acsl"
#include "../../spec/env.acsl"
#include "../../spec/inv.acsl"

#endif
