/* SPDX-License-Identifier: MIT */
/*
 * The CPU as an exposed resource (ABI shared with libOSes), after Aegis.
 *
 * The processor is a vector of NSLICE time slices, run round-robin by the
 * timer.  An env allocates a *specific* free slice and frees it; whoever
 * owns the slice the vector has reached runs for SLICE_TICKS timer ticks.
 * An env that waits for a child (SYS_ENV_RUN) donates its slices to that
 * child.  At the end of a slice an env that registered an end-of-slice
 * handler gets it as an upcall and GRACE_TICKS more ticks to save what it
 * needs and yield; if it does not, the kernel takes the CPU by force,
 * counts it in forced[], and charges it one slice in excess[]: the next
 * slice it owns is skipped (at most EXCESS_MAX owed at once).
 *
 * Protected control transfer (Aegis Scall/Acall): an env that registered
 * an entry point (SYS_IPC_ENTRY) can be called.  A synchronous call
 * (SYS_IPC_CALL) blocks the caller and donates its slices to the callee
 * until the reply (ipc.calling[caller] == callee, ipc.caller[callee] == caller); an
 * asynchronous one (SYS_IPC_SEND) gives the callee the rest of the slice
 * only (ipc.caller[callee] == IPC_ASYNC).  A callee serves one call at a time.
 *
 * Both tables are mapped read-only in every env: USER_SCHEDINFO,
 * USER_IPCINFO.
 */
#ifndef UAPI_SCHED_H
#define UAPI_SCHED_H
#include <stdint.h>

#define NENV         64        /* environment slots */
#define NSLICE       32        /* slices in one round of the vector */
#define SLICE_TICKS  1         /* timer ticks in a slice (HZ = 100: 10 ms) */
#define GRACE_TICKS  1         /* ticks to yield after the end-of-slice upcall */
#define EXCESS_MAX   NSLICE    /* most slices an env can owe */

/* Phases of the current slice. */
#define SLICE_RUN    0         /* the slice is running */
#define SLICE_GRACE  1         /* ended; the end-of-slice upcall was delivered */

/* What the timer tick tells the trap code to do (sched_tick). */
#define TICK_STAY    0         /* keep running the same env */
#define TICK_UPCALL  1         /* deliver the end-of-slice upcall, then run it */
#define TICK_SWITCH  2         /* run sched.running (NO_ENV: nobody: idle) */

/* caller[] of an env serving an asynchronous call, or a synchronous call
 * whose caller has died (nobody to reply to). */
#define IPC_ASYNC    (-2)

struct sched_info {
	int32_t  owner[NSLICE];    /* env slot owning each slice, or -1 (free) */
	uint32_t excess[NENV];     /* slices each env owes (skipped in turn) */
	uint32_t forced[NENV];     /* times the CPU was taken from it by force */
	uint32_t ran[NENV];        /* timer ticks it was running at */
	uint32_t cur;              /* the slice the vector is at */
	int32_t  running;          /* env on the CPU, or -1 (idle) */
	uint32_t phase;            /* SLICE_RUN or SLICE_GRACE */
	uint32_t left;             /* ticks left in this phase, >= 1 */
	uint8_t  pad[4096 - 4 * (NSLICE + 3 * NENV + 4)];   /* one whole page */
};

/* The calls in flight, mapped read-only at USER_IPCINFO (the page after
 * the slice vector).  A table of its own: the proof of who runs reads it
 * without the slice state (spec/sched.acsl). */
struct ipc_info {
	int32_t  calling[NENV];    /* env it waits on in a synchronous call, or -1 */
	int32_t  caller[NENV];     /* env whose call it serves, IPC_ASYNC, or -1 */
	uint32_t accept[NENV];     /* 1: it registered an entry point: callable */
	uint8_t  pad[4096 - 4 * 3 * NENV];   /* one whole page */
};

#endif
