/* SPDX-License-Identifier: MIT */
/*
 * Capabilities over physical pages (ABI shared with libOSes).
 *
 * Capability k lets env `holder` map page `page` with at most `rights`
 * (PERM_W, PERM_X; read is implied), once: the one mapping made through it
 * is recorded in (bind_table, bind_index).  A capability is granted by the
 * page's owner or derived from another one by its holder, with rights
 * that never exceed the parent's.  Slots are named by the caller: env e
 * creates capabilities only in its own range
 * [e * CAP_PER_ENV, (e + 1) * CAP_PER_ENV).  The table is mapped read-only
 * at USER_CAPINFO in every env.
 *
 * Revoking k removes its mapping at once and marks it DEAD; a sweep then
 * revokes, level by level, every capability derived from a DEAD one, and
 * finally frees the DEAD slots.  The sweep does a bounded amount of work
 * per call; SYS_CAP_REVOKE returns E_AGAIN while it is not finished.
 */
#ifndef UAPI_CAP_H
#define UAPI_CAP_H
#include <stdint.h>

#define CAP_PER_ENV  24
#define NCAP         1536      /* NENV * CAP_PER_ENV; caps[] is 15 whole pages */
#define NO_CAP       (-1)

enum cap_status {
	CAP_FREE = 0,   /* slot unused */
	CAP_LIVE = 1,   /* may be mapped */
	CAP_DEAD = 2    /* revoked, unmapped; freed when the sweep finishes */
};

struct cap {
	uint32_t status;      /* enum cap_status */
	uint32_t rights;      /* PERM_W | PERM_X */
	int32_t  holder;      /* env slot that may map it */
	int32_t  parent;      /* capability it was derived from, or NO_CAP */
	uint64_t page;        /* the physical page */
	uint64_t bind_table;  /* leaf table of the mapping made through it, or NO_PAGE */
	uint64_t bind_index;
};

/* Sweep phases. */
#define SWEEP_IDLE  0   /* no DEAD capability */
#define SWEEP_MARK  1   /* revoking capabilities derived from DEAD ones */
#define SWEEP_FREE  2   /* freeing DEAD slots */
#define SWEEP_BUDGET 64 /* slots examined per call */

#endif
