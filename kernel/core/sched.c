// SPDX-License-Identifier: MIT
/*
 * The time-slice vector (contracts in sched.h).  The kernel enforces the
 * slices; which env owns which slice is the libOSes' business: they name
 * the slice they want.  Each loop walks the vector once (NSLICE steps) or
 * a wait chain once (NENV steps).
 */
#include "sched.h"

/* One whole page, placed by kernel.ld right after caps[] and mapped
 * read-only into every env at USER_SCHEDINFO. */
struct sched_info sched;

/* The page after it (kernel.ld), mapped read-only at USER_IPCINFO. */
struct ipc_info ipc __attribute__((section(".bss.ipc")));

void sched_init(void)
{
	/*@ loop invariant 0 <= i <= NSLICE;
	    loop invariant \forall integer s; 0 <= s < i ==> sched.owner[s] == NO_ENV;
	    loop assigns i, sched.owner[0 .. NSLICE-1];
	    loop variant NSLICE - i;
	*/
	for (int32_t i = 0; i < NSLICE; i++)
		sched.owner[i] = NO_ENV;
	/*@ loop invariant 0 <= i <= NENV;
	    loop invariant \forall integer s; 0 <= s < NSLICE ==> sched.owner[s] == NO_ENV;
	    loop invariant \forall integer e; 0 <= e < i ==>
	      sched.excess[e] == 0 && sched.forced[e] == 0 && sched.ran[e] == 0 &&
	      ipc.calling[e] == NO_ENV && ipc.caller[e] == NO_ENV && ipc.accept[e] == 0;
	    loop assigns i, sched.excess[0 .. NENV-1], sched.forced[0 .. NENV-1],
	                 sched.ran[0 .. NENV-1], ipc.calling[0 .. NENV-1],
	                 ipc.caller[0 .. NENV-1], ipc.accept[0 .. NENV-1];
	    loop variant NENV - i;
	*/
	for (int32_t i = 0; i < NENV; i++) {
		sched.excess[i] = 0;
		sched.forced[i] = 0;
		sched.ran[i] = 0;
		ipc.calling[i] = NO_ENV;
		ipc.caller[i] = NO_ENV;
		ipc.accept[i] = 0;
	}
	sched.cur = 0;
	sched.running = NO_ENV;
	sched.phase = SLICE_RUN;
	sched.left = SLICE_TICKS;
}

/*@ assigns \nothing;
    ensures \result != 0 <==> Live(e); */
static inline int live(int32_t e)
{
	return e >= 0 && e < NENV && envs[e].status != ENV_FREE;
}

int sys_slice_alloc(int32_t e, uint64_t s)
{
	if (!live(e))
		return E_INVAL;
	if (s >= NSLICE)
		return E_RANGE;
	if (sched.owner[s] != NO_ENV)
		return E_BUSY;
	sched.owner[s] = e;
	return E_OK;
}

int sys_slice_free(int32_t e, uint64_t s)
{
	if (!live(e))
		return E_INVAL;
	if (s >= NSLICE)
		return E_RANGE;
	if (sched.owner[s] != e)
		return E_PERM;
	sched.owner[s] = NO_ENV;
	return E_OK;
}

int32_t sched_runner(int32_t o)
{
	int32_t x = o;
	/*@ loop invariant 0 <= n <= NENV;
	    loop invariant Live(x);
	    loop invariant RunnerF(x, NENV - n) == RunnerF(o, NENV);
	    loop assigns n, x;
	    loop variant NENV - n;
	*/
	for (int32_t n = 0; n < NENV; n++) {
		if (envs[x].status == ENV_WAITING)
			x = envs[x].wait_child;
		else if (ipc.calling[x] != NO_ENV)
			x = ipc.calling[x];
		else
			break;
	}
	//@ assert end: RunnerF(o, NENV) == x;
	return envs[x].status == ENV_RUNNABLE && ipc.calling[x] == NO_ENV ? x : NO_ENV;
}

int32_t sched_next(void)
{
	uint32_t c = sched.cur;
	/*@ loop invariant 0 <= n <= NSLICE;
	    loop invariant c < NSLICE;
	    loop invariant SchedBase;
	    loop invariant \forall integer e; ValidSlot(e) ==> sched.excess[e] <= \at(sched.excess[e], Pre);
	    loop invariant c == (\at(sched.cur, Pre) + n) % NSLICE;
	    loop invariant \forall integer s; ValidSlice(s) && 1 <= Dist(\at(sched.cur, Pre), s) <= n ==>
	      Passed{Pre}(s);
	    loop invariant paid: \forall integer s; ValidSlice(s) && 1 <= Dist(\at(sched.cur, Pre), s) <= n ==>
	      Paid{Pre, Here}(s);
	    loop assigns n, c, sched.excess[0 .. NENV-1];
	    loop variant NSLICE - n;
	*/
	for (int32_t n = 0; n < NSLICE; n++) {
		c = c + 1 == NSLICE ? 0 : c + 1;
		int32_t o = sched.owner[c];
		if (o == NO_ENV)
			continue;
		if (sched.excess[o] > 0) {
			sched.excess[o]--;    /* the slice pays one owed */
			continue;
		}
		int32_t r = sched_runner(o);
		if (r != NO_ENV) {
			sched.cur = c;
			sched.running = r;
			sched.phase = SLICE_RUN;
			sched.left = SLICE_TICKS;
			return r;
		}
	}
	sched.cur = c;
	sched.running = NO_ENV;
	sched.phase = SLICE_RUN;
	sched.left = SLICE_TICKS;
	return NO_ENV;
}

int sched_tick(int has_handler)
{
	int32_t r = sched.running;
	if (r == NO_ENV)
		return TICK_SWITCH;
	if (sched.ran[r] < UINT32_MAX)
		sched.ran[r]++;
	if (sched.left > 1) {
		sched.left--;
		return TICK_STAY;
	}
	if (sched.phase == SLICE_RUN) {
		if (has_handler == 0)
			return TICK_SWITCH;
		sched.phase = SLICE_GRACE;
		sched.left = GRACE_TICKS;
		return TICK_UPCALL;
	}
	/* The grace is over and r still runs: the CPU is taken by force. */
	if (sched.excess[r] < EXCESS_MAX)
		sched.excess[r]++;
	if (sched.forced[r] < UINT32_MAX)
		sched.forced[r]++;
	return TICK_SWITCH;
}

int sys_yield(int32_t e, int32_t target)
{
	if (sched.running == NO_ENV || e != sched.running)
		return E_PERM;
	if (target != NO_ENV && !live(target))
		return E_INVAL;
	if (target != NO_ENV &&
	    (envs[target].status != ENV_RUNNABLE || ipc.calling[target] != NO_ENV))
		return E_BUSY;
	if (target == NO_ENV || sched.phase != SLICE_RUN) {
		sched_next();
		return E_OK;
	}
	sched.running = target;
	return E_OK;
}

int sys_yield_to(int32_t e, uint64_t id)
{
	if (id < NENV || id >= (uint64_t)(GEN_MAX + 1) * NENV)
		return E_INVAL;
	int32_t t = (int32_t)(id % NENV);
	if (envs[t].status == ENV_FREE || envs[t].gen != (int32_t)(id / NENV))
		return E_STALE;
	if (sched.running == NO_ENV || e != sched.running)
		return E_PERM;
	if (envs[t].status != ENV_RUNNABLE || ipc.calling[t] != NO_ENV)
		return E_BUSY;
	if (sched.phase != SLICE_RUN) {
		sched_next();
		return E_OK;
	}
	sched.running = t;
	return E_OK;
}

void sched_block(int32_t e)
{
	if (sched.running == e)
		sched.running = sched_runner(e);
}

void sched_env_gone(int32_t e)
{
	/*@ loop invariant 0 <= i <= NSLICE;
	    loop invariant \forall integer s; 0 <= s < i ==> sched.owner[s] != e;
	    loop invariant \forall integer s; ValidSlice(s) ==>
	      sched.owner[s] == \at(sched.owner[s], Pre) ||
	      (sched.owner[s] == NO_ENV && \at(sched.owner[s], Pre) == e);
	    loop invariant \forall integer s; i <= s < NSLICE ==>
	      sched.owner[s] == \at(sched.owner[s], Pre);
	    loop assigns i, sched.owner[0 .. NSLICE-1];
	    loop variant NSLICE - i;
	*/
	for (int32_t i = 0; i < NSLICE; i++)
		if (sched.owner[i] == e)
			sched.owner[i] = NO_ENV;
	sched.excess[e] = 0;
	sched.forced[e] = 0;
	sched.ran[e] = 0;
	/* Calls in flight: the env e calls serves on with nobody to reply to;
	 * the env that calls e gets its CPU back (the call fails). */
	int32_t b = ipc.calling[e];
	if (b >= 0 && b < NENV)
		ipc.caller[b] = IPC_ASYNC;
	int32_t a = ipc.caller[e];
	if (a >= 0 && a < NENV)
		ipc.calling[a] = NO_ENV;
	ipc.calling[e] = NO_ENV;
	ipc.caller[e] = NO_ENV;
	ipc.accept[e] = 0;
	if (sched.running == e)
		sched.running = NO_ENV;
}

int sys_ipc_accept(int32_t e, uint64_t on)
{
	if (!live(e) || on > 1)
		return E_INVAL;
	ipc.accept[e] = (uint32_t)on;
	return E_OK;
}

int sys_ipc_call(int32_t e, int32_t target, int sync)
{
	if (sched.running == NO_ENV || e != sched.running)
		return E_PERM;
	if (!live(target) || target == e)
		return E_INVAL;
	if (ipc.accept[target] == 0)
		return E_REFUSED;
	if (envs[target].status != ENV_RUNNABLE || ipc.calling[target] != NO_ENV ||
	    ipc.caller[target] != NO_ENV)
		return E_BUSY;
	if (sync) {
		ipc.calling[e] = target;
		ipc.caller[target] = e;
	} else {
		ipc.caller[target] = IPC_ASYNC;
	}
	/* The callee runs for the rest of the slice; once the slice has ended
	 * (its grace) there is none left to give: the vector moves on. */
	if (sched.phase == SLICE_RUN)
		sched.running = target;
	else
		sched_next();
	return E_OK;
}

int sys_ipc_reply(int32_t e)
{
	if (sched.running == NO_ENV || e != sched.running)
		return E_PERM;
	int32_t a = ipc.caller[e];
	if (a == NO_ENV)
		return E_INVAL;
	ipc.caller[e] = NO_ENV;
	if (a == IPC_ASYNC)
		return E_OK;    /* asynchronous, or the caller died: e goes on */
	/* else a is the caller's slot (IpcOk) */
	ipc.calling[a] = NO_ENV;
	if (sched.phase == SLICE_RUN)
		sched.running = a;
	else
		sched_next();
	return E_OK;
}
