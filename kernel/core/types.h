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
#include "../include/uapi/pageinfo.h"
#include "../include/uapi/cap.h"
#include "../include/uapi/sched.h"
#include "../include/uapi/revoke.h"

#define NO_ENV      (-1)       /* no parent / no child */
#define GEN_MAX     33554430   /* generations wrap back to 1 after this; the
                                  largest id, GEN_MAX * NENV + NENV - 1, fits int32 */

typedef uint64_t ppn_t;        /* physical page number (NPAGES etc.: uapi/pageinfo.h) */
typedef int32_t  envid_t;      /* generation * NENV + slot; always > 0 */

/* Environment states. */
enum env_status {
	ENV_FREE     = 0,   /* slot unused */
	ENV_RUNNABLE = 1,   /* may run */
	ENV_WAITING  = 2    /* blocked until child wait_child ends */
};

/* A physical page seen as a table of 512 64-bit entries. */
struct ptpage {
	uint64_t e[NPTE];
};

struct env {
	uint32_t status;     /* enum env_status */
	int32_t  gen;        /* generation of the slot, 1 .. GEN_MAX */
	int32_t  parent;     /* slot of the parent, or NO_ENV */
	int32_t  wait_child; /* slot waited for when ENV_WAITING, else NO_ENV */
	ppn_t    root;       /* PML4 page (owned PG_PT4 page) or NO_PAGE */
	uint32_t npages;     /* pages it owns (USER and tables); Inv: exact */
};

extern struct page_info pages[NPAGES];
extern struct env envs[NENV];

/* Proof-only copy of pages[].owner (Inv keeps them equal), in an array of
 * its own so that the count of each env's pages (spec/count.acsl) reads
 * nothing that the page-table calls change.  Ghost: not compiled. */
/*@ ghost extern int32_t owner_g[NPAGES]; */

/* Capabilities (uapi/cap.h), and the state of the revocation sweep:
 * phase SWEEP_IDLE/MARK/FREE, the next slot to examine, and whether the
 * current marking pass has revoked anything. */
struct cap_sweep {
	uint32_t phase;
	uint32_t cursor;
	uint32_t changed;
};
extern struct cap caps[NCAP];
extern struct cap_sweep sweep;

/* The time-slice vector and who runs (uapi/sched.h, core/sched.h). */
extern struct sched_info sched;
extern struct ipc_info ipc;   /* calls in flight (protected control transfer) */

/* Physical memory, one struct ptpage per physical page: ptmem[p] is page p.
 * The kernel links this symbol at a window that maps all RAM (kernel.ld);
 * the core reads and writes only pages whose type is USER or a table type,
 * never the PG_KERNEL pages that hold the kernel's own variables (see
 * proofs/README.md, "Assumptions"). */
extern struct ptpage ptmem[NPAGES];

/* The PML4 entry that maps the kernel (slot 0) in every address space, and
 * the one that maps the read-only page-info window (slot PML4_INFO).
 * Both are supervisor-set at boot by vm_init and never change. */
extern uint64_t vm_kernel_slot;
extern uint64_t vm_info_slot;

/* Visible revocation (uapi/revoke.h, core/revoke.h): the request against
 * each env, the repossession rings, and who holds the revocation
 * capability.  Inv covers it (RevInv, spec/revinv.acsl). */
extern struct rev_info rev;

#include "../../spec/page.acsl"
#include "../../spec/env.acsl"
#include "../../spec/count.acsl"
#include "../../spec/sched.acsl"
#include "../../spec/pte.acsl"
#include "../../spec/cap.acsl"
#include "../../spec/revinv.acsl"
#include "../../spec/inv.acsl"

#endif
