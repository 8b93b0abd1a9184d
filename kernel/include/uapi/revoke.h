/* SPDX-License-Identifier: MIT */
/*
 * Visible revocation and the abort protocol (ABI shared with libOSes),
 * after the exokernel paper (Engler, Kaashoek, O'Toole, SOSP 1995).
 *
 * Policy stays out of the kernel.  An env that holds the revocation
 * capability (the root env at boot; it can hand it to a child) asks the
 * kernel to recover resources from a victim env, with a deadline:
 *   REV_PAGES  `what` pages, any of them (a count);
 *   REV_PAGE   data page `what`;
 *   REV_SLICE  time slice `what`;
 *   REV_SWAP   nothing: tells the victim that memory is needed that only a
 *              swap server could free (it is at its guaranteed minimum).
 * The victim is told through an upcall (vector T_REVOKE) naming what is
 * asked, and answers with ordinary calls: it frees pages or slices of its
 * choice.  When enough is back before the deadline the request ends
 * (REV_DONE_COOP).  At the deadline, or at once when the victim has no
 * handler, the kernel repossesses by force (the abort protocol), one
 * bounded step per page: every capability on the page dies (so every
 * mapping made through one goes), the victim's own mapping goes, the TLB
 * is flushed, and the page becomes free.  For a count, the kernel takes
 * the victim's data pages from the highest page number down; it never
 * takes a page table, and never goes below the guaranteed minimum
 * (REV_MIN_PAGES pages, tables included, and the last slice).  Each page
 * or slice taken by force is written to the victim's repossession ring,
 * and the victim then gets the repossession exception (T_REPO).
 *
 * Requests are one per victim: rq[v].  Both tables are mapped read-only in
 * every env at USER_REVINFO, so the whole dialogue is visible to both
 * sides: the requester sees the request's state and outcome, the victim
 * what is asked and what was taken.
 *
 * The repossession ring of env v: entry n (n = 0, 1, 2, ...) is at
 * ring[v][n % REPO_RING]; `written[v]` counts the entries ever written.
 * Overflow rule: the newest entry overwrites the oldest; a libOS that
 * reads from its own cursor c has lost written[v] - REPO_RING - c entries
 * when that is positive.  Each entry carries its number (`seq`).
 */
#ifndef UAPI_REVOKE_H
#define UAPI_REVOKE_H
#include <stdint.h>
#include "sched.h"

#define REPO_RING      16        /* entries in each env's repossession ring */
#define REV_MIN_PAGES  8         /* pages (tables included) never taken */

/* kind of a request, and of a repossession entry */
#define REV_NONE   0
#define REV_PAGES  1             /* a count of pages */
#define REV_PAGE   2             /* one named data page */
#define REV_SLICE  3             /* one named slice */
#define REV_SWAP   4             /* notification only: supply a swap server */
#define REV_KIND_MAX REV_SWAP

/* state of a request */
#define RQ_IDLE    0             /* none (outcome says how the last one ended) */
#define RQ_ASKED   1             /* the victim was asked; the deadline runs */
#define RQ_FORCE   2             /* the abort protocol is taking it by force */

/* outcome of the last request against an env */
#define REV_DONE_NONE    0       /* no request yet */
#define REV_DONE_COOP    1       /* the victim gave back enough in time */
#define REV_DONE_FORCED  2       /* taken by force (all of it) */
#define REV_DONE_SHORT   3       /* by force, but the victim had no more
                                    data pages above its minimum */
#define REV_DONE_GONE    4       /* the victim or the requester ended */
#define REV_DONE_NOTIFY  5       /* REV_SWAP delivered */

/* reason of a repossession entry */
#define REPO_DEADLINE    1       /* the deadline passed */
#define REPO_NO_HANDLER  2       /* the victim could not be told */
#define REPO_NOTIFY      3       /* not a loss: a REV_SWAP notification */

struct rev_req {
	int32_t  requester;          /* slot of the requester, or -1 */
	int32_t  requester_gen;      /* its generation when it asked */
	int32_t  victim_gen;         /* the victim's generation when asked */
	uint32_t state;              /* RQ_* */
	uint32_t kind;               /* REV_* */
	uint32_t outcome;            /* REV_DONE_* of the last request */
	uint32_t reason;             /* REPO_* once forced */
	uint32_t pad;
	uint64_t what;               /* count, page or slice */
	uint64_t target;             /* REV_PAGES: done when npages <= target */
	uint64_t deadline;           /* timer tick */
	uint64_t cursor;             /* REV_PAGES: the force looks at the pages below it,
	                              * highest first; NPAGES when asked (all of them),
	                              * p after taking page p, 0 once every page has
	                              * been looked at (REV_DONE_SHORT) */
	uint64_t taken;              /* pages or slices taken by force */
};

struct repo_entry {
	uint64_t seq;                /* entry number: written[v] when written */
	uint64_t what;               /* page or slice taken */
	uint32_t kind;               /* REV_PAGE (a page) or REV_SLICE or REV_SWAP */
	uint32_t reason;             /* REPO_* */
	uint64_t tick;               /* timer tick it was taken at */
};

struct rev_info {
	struct rev_req   rq[NENV];                /* the request against each env */
	uint64_t         written[NENV];           /* entries ever written per env */
	struct repo_entry ring[NENV][REPO_RING];  /* repossession rings */
	uint32_t         holder[NENV];            /* 1: holds the revocation capability */
	uint8_t          pad[(4096 - (NENV * (sizeof(struct rev_req) + 8 +
	                      sizeof(struct repo_entry) * REPO_RING + 4)) % 4096) % 4096];
};

#endif
