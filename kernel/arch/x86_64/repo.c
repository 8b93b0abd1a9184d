// SPDX-License-Identifier: MIT
/*
 * The trap side of visible revocation (uapi/revoke.h).  The verified core
 * (kernel/core/revoke.c) decides everything: whether a request is allowed,
 * when it is met, when the deadline has passed, what one step of the
 * abort protocol takes.  This file only tells the envs:
 *   - the victim of a new request gets the T_REVOKE upcall (err = kind,
 *     addr = what); when it cannot be told (no handler, no room for the
 *     frame), the request goes to the abort protocol at once (rev_abort);
 *     a victim blocked in a call or a wait is not told: its deadline runs;
 *   - at each timer tick every request is polled, and a forced one gets up
 *     to REPO_STEPS steps (rev_force: a step, then the page it holds is
 *     unbound so that the next step takes it; each call that stays forced
 *     lowers a measure of at most 2 * NPAGES + 1, proved, and the victim,
 *     which runs only between ticks, can raise it by 1 a tick at most, by
 *     binding that page again);
 *   - a victim that lost something gets the T_REPO upcall (err = entries
 *     written this tick, addr = written[v]), so it can read its ring.
 */
#include "arch.h"
#include "hw.h"
#include "../../core/env.h"
#include "../../core/revoke.h"
#include "../../include/uapi/regs.h"
#include "../../drivers/console.h"

#define REPO_STEPS 64   /* steps of the abort protocol per victim and tick */

/* Has the victim of the request against v been told (T_REVOKE)?  Trap-side
 * bookkeeping only: the verified core's state is rev.rq[v]. */
static uint8_t told[NENV];

extern volatile uint64_t ticks;

/* Can env v be told now?  Not while it waits for a child or a reply: its
 * saved registers are the blocked call's, which the kernel completes; nor
 * while it holds its upcalls (SYS_UPCALL_HOLD).  Its deadline runs. */
static int reachable(int32_t v)
{
	return envs[v].status == ENV_RUNNABLE && ipc.calling[v] == NO_ENV && !upcall_held(v);
}

void repo_boot(int32_t root)
{
	rev_boot_holder(root);
}

/* Tell the victim of a request (kind, what), if it can be told now. */
static void tell(int32_t v, uint64_t kind, uint64_t what)
{
	if (told[v] || !reachable(v))
		return;
	told[v] = 1;
	if (upcall_deliver_to(v, T_REVOKE, kind, what) && kind != REV_SWAP &&
	    rev.rq[v].state == RQ_ASKED)
		rev_abort(v);      /* no handler or no room: the abort protocol now */
}

int64_t repo_ask(int32_t e, uint64_t id, uint64_t kind, uint64_t what, uint64_t dt)
{
	if (id > 0x7FFFFFFF)
		return E_INVAL;
	int32_t v = env_lookup((envid_t)id);
	if (v < 0)
		return v;
	int r = sys_rev_ask(e, v, kind, what, dt, ticks);
	if (r != E_OK)
		return r;
	told[v] = 0;
	tell(v, kind, what);
	return E_OK;
}

/* What the abort protocol costs, in TSC ticks (guest instructions under
 * -icount shift=0): each step that took a page or slice, and each
 * repo_tick that had a request to move, the longest non-preemptible
 * stretch it adds to the timer interrupt.  Printed at halt (make bench). */
static uint64_t cost_takes, cost_take_sum, cost_take_max, cost_tick_max, cost_ticks;

void repo_tick(void)
{
	uint64_t t0 = hw_rdtsc();
	int busy = 0;
	for (int32_t v = 0; v < NENV; v++) {
		if (rev.rq[v].state == RQ_IDLE)
			continue;
		busy = 1;
		uint64_t w0 = rev.written[v];
		uint32_t st = rev_poll(v, ticks);
		if (st == RQ_ASKED)
			tell(v, rev.rq[v].kind, rev.rq[v].what);   /* blocked when asked */
		for (unsigned n = 0; st == RQ_FORCE && n < REPO_STEPS; n++) {
			uint64_t w1 = rev.written[v], s0 = hw_rdtsc();
			st = rev_force(v, ticks);   /* a step, then unbind the page in hand */
			uint64_t dt = hw_rdtsc() - s0;
			if (rev.written[v] != w1) {
				cost_takes++;
				cost_take_sum += dt;
				if (dt > cost_take_max)
					cost_take_max = dt;
			}
		}
		if (rev.written[v] != w0 && reachable(v))
			upcall_deliver_to(v, T_REPO, rev.written[v] - w0, rev.written[v]);
	}
	if (busy) {
		uint64_t dt = hw_rdtsc() - t0;
		cost_ticks++;
		if (dt > cost_tick_max)
			cost_tick_max = dt;
	}
}

void repo_report(void)
{
	if (cost_ticks == 0)
		return;
	kprintf("[kernel] abort protocol: %lu pages or slices taken by force, a take %lu TSC "
		"on average, %lu at most; longest timer-tick stretch %lu TSC over %lu busy ticks "
		"(%u steps at most per victim and tick)\n",
		cost_takes, cost_takes ? cost_take_sum / cost_takes : 0, cost_take_max,
		cost_tick_max, cost_ticks, REPO_STEPS);
}
