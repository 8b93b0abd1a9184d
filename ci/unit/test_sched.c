// SPDX-License-Identifier: MIT
/*
 * Host tests of the time-slice vector (kernel/core/sched.c), run on the
 * real core code:
 *   - an executable SchedInv (spec/sched.acsl), checked after every call;
 *   - every error behavior changes nothing (whole `sched` compared);
 *   - directed tests: exposed allocation, round robin by slices (1:3),
 *     the end-of-slice grace and the forced preemption with its charge,
 *     donation through env_wait, clean-up in env_destroy;
 *   - random sequences of slice, tick, yield, wait, call, reply and
 *     destroy calls against a reference model of the vector and of the
 *     calls in flight written from the prose of uapi/sched.h (round robin,
 *     owed slices skipped and paid; a synchronous call donates the
 *     caller's slices until the reply; destroy fails calls in flight).
 *     The same sequences are a batch of the libFuzzer target (ci/fuzz):
 *     sched_batch_bytes() reads their choices from the fuzzer's input.
 */
#include <string.h>
#include <stdio.h>
#include "harness.h"
#include "sched.h"

/* ---- SchedInv, executable ------------------------------------------------ */

static int live_slot(long e)
{
	return e >= 0 && e < NENV && envs[e].status != ENV_FREE;
}

/* Returns 1 when SchedInv holds; else 0 with the failed clause in buf. */
static int sched_inv(char *buf, size_t n)
{
	if (sched.cur >= NSLICE) {
		snprintf(buf, n, "cur %u out of range", sched.cur);
		return 0;
	}
	if (sched.phase != SLICE_RUN && sched.phase != SLICE_GRACE) {
		snprintf(buf, n, "phase %u", sched.phase);
		return 0;
	}
	if (sched.left < 1 || sched.left > SLICE_TICKS + GRACE_TICKS) {
		snprintf(buf, n, "left %u", sched.left);
		return 0;
	}
	if (sched.running != NO_ENV &&
	    !(live_slot(sched.running) && envs[sched.running].status == ENV_RUNNABLE &&
	      ipc.calling[sched.running] == NO_ENV)) {
		snprintf(buf, n, "running %d is not a live runnable env", sched.running);
		return 0;
	}
	/* IpcOk: CallOk(e) for every slot */
	for (long e = 0; e < NENV; e++) {
		int32_t b = ipc.calling[e], a = ipc.caller[e];
		if (b != NO_ENV && !(live_slot(e) && envs[e].status == ENV_RUNNABLE &&
				     live_slot(b) && b != e && ipc.caller[b] == e)) {
			snprintf(buf, n, "calling[%ld] = %d is not a call in flight", e, b);
			return 0;
		}
		if (a != NO_ENV && a != IPC_ASYNC &&
		    !(live_slot(e) && a >= 0 && a < NENV && ipc.calling[a] == e)) {
			snprintf(buf, n, "caller[%ld] = %d is not a call in flight", e, a);
			return 0;
		}
		if (envs[e].status == ENV_FREE && (b != NO_ENV || a != NO_ENV || ipc.accept[e])) {
			snprintf(buf, n, "free slot %ld takes part in calls", e);
			return 0;
		}
	}
	for (long s = 0; s < NSLICE; s++)
		if (sched.owner[s] != NO_ENV && !live_slot(sched.owner[s])) {
			snprintf(buf, n, "slice %ld owned by %d, not live", s, sched.owner[s]);
			return 0;
		}
	for (long e = 0; e < NENV; e++) {
		if (sched.excess[e] > EXCESS_MAX) {
			snprintf(buf, n, "excess[%ld] = %u", e, sched.excess[e]);
			return 0;
		}
		if (envs[e].status == ENV_FREE &&
		    (sched.excess[e] || sched.forced[e] || sched.ran[e])) {
			snprintf(buf, n, "free slot %ld has counters", e);
			return 0;
		}
	}
	return 1;
}

#define INV(what) do { char b_[160]; \
	if (!sched_inv(b_, sizeof b_)) failf("%s: SchedInv violated: %s", (what), b_); } while (0)

/* An error return must leave the whole state as it was. */
#define UNCHANGED(call, want) do { struct sched_info pre_ = sched; struct ipc_info ipre_ = ipc; \
	long long g_ = (long long)(call); \
	if (g_ != (long long)(want)) failf("%s:%d: %s == %lld, expected %lld", \
					   __FILE__, __LINE__, #call, g_, (long long)(want)); \
	if (memcmp(&pre_, &sched, sizeof sched) != 0 || memcmp(&ipre_, &ipc, sizeof ipc) != 0) \
		failf("%s:%d: %s (an error) changed the vector", __FILE__, __LINE__, #call); \
	INV(#call); } while (0)

/* ---- directed ------------------------------------------------------------ */

static void t_sched_alloc(void)
{
	boot_small();
	INV("core_init");
	CHECK(sched.running == NO_ENV, "boot: nobody runs");
	for (long s = 0; s < NSLICE; s++)
		CHECK(sched.owner[s] == NO_ENV, "boot: slice %ld not free", s);
	mk(0, NO_ENV);
	mk(1, 0);
	UNCHANGED(sys_slice_alloc(2, 0), E_INVAL);          /* free slot */
	UNCHANGED(sys_slice_alloc(-1, 0), E_INVAL);
	UNCHANGED(sys_slice_alloc(NENV, 0), E_INVAL);
	UNCHANGED(sys_slice_alloc(0, NSLICE), E_RANGE);
	UNCHANGED(sys_slice_alloc(0, ~0ull), E_RANGE);
	UNCHANGED(sys_slice_alloc(0, 1ull << 32), E_RANGE);  /* no truncation */
	EXPECT_EQ(sys_slice_alloc(0, 5), E_OK);
	CHECK(sched.owner[5] == 0, "slice 5 is env 0's");
	INV("alloc");
	UNCHANGED(sys_slice_alloc(1, 5), E_BUSY);
	UNCHANGED(sys_slice_alloc(0, 5), E_BUSY);
	UNCHANGED(sys_slice_free(1, 5), E_PERM);
	UNCHANGED(sys_slice_free(2, 5), E_INVAL);
	UNCHANGED(sys_slice_free(0, NSLICE), E_RANGE);
	UNCHANGED(sys_slice_free(0, 6), E_PERM);            /* a free slice */
	EXPECT_EQ(sys_slice_free(0, 5), E_OK);
	CHECK(sched.owner[5] == NO_ENV, "slice 5 free again");
	INV("free");
	UNCHANGED(sys_slice_free(0, 5), E_PERM);
}

/* Run `ticks` timer ticks with no handler; count who ran. */
static void run_ticks(unsigned ticks, unsigned *count)
{
	for (unsigned t = 0; t < ticks; t++) {
		if (sched.running != NO_ENV)
			count[sched.running]++;
		int r = sched_tick(0);
		INV("tick");
		if (r == TICK_SWITCH) {
			sched_next();
			INV("next");
		} else {
			CHECK(r == TICK_STAY, "tick without a handler: %d", r);
		}
	}
}

static void t_sched_round_robin(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	mk(2, NO_ENV);
	EXPECT_EQ(sys_slice_alloc(1, 3), E_OK);
	EXPECT_EQ(sys_slice_alloc(2, 10), E_OK);
	EXPECT_EQ(sys_slice_alloc(2, 11), E_OK);
	EXPECT_EQ(sys_slice_alloc(2, 30), E_OK);
	EXPECT_EQ(sched_next(), 1);                 /* from slice 0: slice 3 */
	CHECK(sched.cur == 3 && sched.phase == SLICE_RUN && sched.left == SLICE_TICKS,
	      "next: slice 3, fresh");
	unsigned count[NENV] = { 0 };
	run_ticks(400, count);
	CHECK(count[0] == 0, "env 0 has no slice and never runs (%u)", count[0]);
	CHECK(count[1] == 100 && count[2] == 300, "1:3 slices gave %u:%u ticks", count[1], count[2]);
	for (long e = 0; e < 3; e++)
		CHECK(sched.ran[e] == count[e], "ran[%ld] = %u, counted %u", e, sched.ran[e], count[e]);
	/* nobody with a slice can run: idle */
	EXPECT_EQ(sys_slice_free(1, 3), E_OK);
	EXPECT_EQ(sys_slice_free(2, 10), E_OK);
	EXPECT_EQ(sys_slice_free(2, 11), E_OK);
	EXPECT_EQ(sys_slice_free(2, 30), E_OK);
	EXPECT_EQ(sched_next(), NO_ENV);
	INV("idle");
	EXPECT_EQ(sched_tick(0), TICK_SWITCH);
}

static void t_sched_grace_and_force(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, NO_ENV);
	EXPECT_EQ(sys_slice_alloc(0, 0), E_OK);
	EXPECT_EQ(sys_slice_alloc(1, 1), E_OK);
	EXPECT_EQ(sched_next(), 1);
	/* env 1 has a handler and never yields */
	EXPECT_EQ(sched_tick(1), TICK_UPCALL);
	CHECK(sched.phase == SLICE_GRACE && sched.left == GRACE_TICKS, "grace begins");
	INV("upcall");
	EXPECT_EQ(sched_tick(1), TICK_SWITCH);
	CHECK(sched.forced[1] == 1 && sched.excess[1] == 1, "forced once, owes one slice");
	INV("force");
	EXPECT_EQ(sched_next(), 0);                 /* slice 0 */
	EXPECT_EQ(sched_tick(0), TICK_SWITCH);
	EXPECT_EQ(sched_next(), 0);                 /* slice 1 paid the debt: env 0 again */
	CHECK(sched.excess[1] == 0, "the debt is paid");
	EXPECT_EQ(sched_tick(0), TICK_SWITCH);
	EXPECT_EQ(sched_next(), 1);                 /* then env 1 has its slice back */
	/* this time it yields in its grace: no charge */
	EXPECT_EQ(sched_tick(1), TICK_UPCALL);
	UNCHANGED(sys_yield(0, NO_ENV), E_PERM);   /* only the running env yields */
	EXPECT_EQ(sys_yield(1, NO_ENV), E_OK);
	CHECK(sched.forced[1] == 1 && sched.excess[1] == 0 && sched.running == 0,
	      "a yield in the grace costs nothing");
	INV("yield");
	/* a directed yield during the grace does not stretch the slice */
	EXPECT_EQ(sched_tick(1), TICK_UPCALL);
	EXPECT_EQ(sys_yield(0, 1), E_OK);
	CHECK(sched.phase == SLICE_RUN && sched.running == 1 && sched.cur == 1,
	      "directed yield after the slice ended acts as a plain yield");
	/* the debt saturates */
	for (unsigned k = 0; k < EXCESS_MAX + 5; k++) {
		sched.running = 1;
		sched.phase = SLICE_GRACE;
		sched.left = 1;
		EXPECT_EQ(sched_tick(1), TICK_SWITCH);
	}
	CHECK(sched.excess[1] == EXCESS_MAX, "excess saturates at EXCESS_MAX (%u)", sched.excess[1]);
	INV("saturate");
}

static void t_sched_yield_errors(void)
{
	boot_small();
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, NO_ENV);
	EXPECT_EQ(sys_slice_alloc(0, 4), E_OK);
	EXPECT_EQ(sched_next(), 0);
	UNCHANGED(sys_yield(1, NO_ENV), E_PERM);
	UNCHANGED(sys_yield(0, 7), E_INVAL);        /* free slot */
	UNCHANGED(sys_yield(0, -3), E_INVAL);
	UNCHANGED(sys_yield(0, NENV), E_INVAL);
	/* the directed yield by env id (the trap code's fast path): the
	 * lookup's errors first, then the yield's */
	uint64_t id2 = (uint64_t)envs[2].gen * NENV + 2;
	UNCHANGED(sys_yield_to(0, 0), E_INVAL);
	UNCHANGED(sys_yield_to(0, NENV - 1), E_INVAL);
	UNCHANGED(sys_yield_to(0, (uint64_t)(GEN_MAX + 1) * NENV), E_INVAL);
	UNCHANGED(sys_yield_to(0, UINT64_MAX), E_INVAL);
	UNCHANGED(sys_yield_to(0, (uint64_t)1 << 32 | id2), E_INVAL);   /* no truncation */
	UNCHANGED(sys_yield_to(0, id2 + NENV), E_STALE);              /* next generation */
	UNCHANGED(sys_yield_to(0, NENV + 7), E_STALE);                /* free slot */
	UNCHANGED(sys_yield_to(1, NENV + 7), E_STALE);                /* lookup before E_PERM */
	UNCHANGED(sys_yield_to(1, id2), E_PERM);                      /* env 1 is not running */
	UNCHANGED(sys_yield_to(NO_ENV, id2), E_PERM);
	EXPECT_EQ(sys_yield_to(0, id2), E_OK);
	CHECK(sched.running == 2 && sched.cur == 4, "env 2 runs the rest of env 0's slice");
	INV("directed by id");
	EXPECT_EQ(sys_yield_to(2, (uint64_t)envs[0].gen * NENV), E_OK);
	CHECK(sched.running == 0 && sched.cur == 4, "and back to env 0, same slice");
	EXPECT_EQ(sys_yield(0, 2), E_OK);           /* directed */
	CHECK(sched.running == 2 && sched.cur == 4, "env 2 runs the rest of env 0's slice");
	INV("directed");
	EXPECT_EQ(c_env_wait(2, 1), E_PERM);        /* not its child: nothing */
	/* env 0 waits for child 1: runs in env 0's slices (donation) */
	EXPECT_EQ(sys_yield(2, 0), E_OK);
	EXPECT_EQ(c_env_wait(0, 1), E_OK);
	CHECK(sched.running == 1, "wait donates the slice to the child (running %d)", sched.running);
	INV("donate");
	UNCHANGED(sys_yield(1, 0), E_BUSY);         /* env 0 waits */
	UNCHANGED(sys_yield_to(1, (uint64_t)envs[0].gen * NENV), E_BUSY);
	EXPECT_EQ(sys_yield(1, NO_ENV), E_OK);
	CHECK(sched.running == 1, "the child runs in its parent's slice again");
	EXPECT_EQ(sched_runner(0), 1);
	/* the child ends: its parent wakes, the vector forgets the child */
	EXPECT_EQ(sys_slice_alloc(1, 9), E_OK);
	EXPECT_EQ(c_env_destroy(1), 0);
	CHECK(sched.owner[9] == NO_ENV && sched.owner[4] == 0, "destroy frees only its slices");
	CHECK(sched.running == NO_ENV, "the destroyed env no longer runs");
	INV("destroy");
	EXPECT_EQ(sched_next(), 0);
}

/* ---- random sequences against a reference model -------------------------- */

/* Every choice of the random sequences is a rng_below(&rng, n) and goes
 * through src_below (harness.h; the macro below), as in test_random.c.  Without an
 * input (t_sched_random) it is harness.h's PRNG, so the sequence is the
 * one it always was.  With one (sched_batch_bytes, the libFuzzer target in
 * ci/fuzz) the choices are read from its bytes first, little-endian, as few
 * as n needs (1 for n <= 256, none for n <= 1); the PRNG takes over when
 * they run out. */
static struct byte_src in_src;

#define rng_below(s, n) src_below(&in_src, s, n)

struct rmodel {
	int32_t owner[NSLICE];
	uint32_t excess[NENV], forced[NENV], ran[NENV];
	uint32_t cur, phase, left;
	int32_t running;
	int32_t calling[NENV], caller[NENV];
	uint32_t accept[NENV];
};
static struct rmodel R;

static int r_runs(long e)
{
	return live_slot(e) && envs[e].status == ENV_RUNNABLE && R.calling[e] == NO_ENV;
}

/* o, or the env its waits and calls donate its slices to */
static int32_t r_runner(int32_t o)
{
	int32_t x = o;
	for (int n = 0; n < NENV; n++) {
		if (envs[x].status == ENV_WAITING)
			x = envs[x].wait_child;
		else if (R.calling[x] != NO_ENV)
			x = R.calling[x];
		else
			break;
	}
	return envs[x].status == ENV_RUNNABLE && R.calling[x] == NO_ENV ? x : NO_ENV;
}

/* round robin from the slice after cur; owed slices skipped and paid */
static void r_next(void)
{
	for (int n = 0; n < NSLICE; n++) {
		R.cur = (R.cur + 1) % NSLICE;
		int32_t o = R.owner[R.cur];
		if (o == NO_ENV)
			continue;
		if (R.excess[o]) {
			R.excess[o]--;
			continue;
		}
		int32_t r = r_runner(o);
		if (r != NO_ENV) {
			R.running = r;
			R.phase = SLICE_RUN;
			R.left = SLICE_TICKS;
			return;
		}
	}
	R.running = NO_ENV;
	R.phase = SLICE_RUN;
	R.left = SLICE_TICKS;
}

static void r_load(void)
{
	memcpy(R.owner, sched.owner, sizeof R.owner);
	memcpy(R.excess, sched.excess, sizeof R.excess);
	memcpy(R.forced, sched.forced, sizeof R.forced);
	memcpy(R.ran, sched.ran, sizeof R.ran);
	R.cur = sched.cur; R.phase = sched.phase; R.left = sched.left; R.running = sched.running;
	memcpy(R.calling, ipc.calling, sizeof R.calling);
	memcpy(R.caller, ipc.caller, sizeof R.caller);
	memcpy(R.accept, ipc.accept, sizeof R.accept);
}

static int r_same(void)
{
	return !memcmp(R.owner, sched.owner, sizeof R.owner) &&
	       !memcmp(R.excess, sched.excess, sizeof R.excess) &&
	       !memcmp(R.forced, sched.forced, sizeof R.forced) &&
	       !memcmp(R.ran, sched.ran, sizeof R.ran) &&
	       R.cur == sched.cur && R.phase == sched.phase && R.left == sched.left &&
	       R.running == sched.running &&
	       !memcmp(R.calling, ipc.calling, sizeof R.calling) &&
	       !memcmp(R.caller, ipc.caller, sizeof R.caller) &&
	       !memcmp(R.accept, ipc.accept, sizeof R.accept);
}

/* what the random steps did (the counters t_sched_random requires) */
struct sched_counts {
	unsigned long steps, switches, forced, waits, destroys;
	unsigned long calls, sends, replies, failed_calls, orphans;
};

#define OP(...) snprintf(op, sizeof op, __VA_ARGS__)

/* Boot, 8 envs, then `nsteps` random steps, each checked against the
 * model R, SchedInv and (errors) the whole vector; stops at the first
 * failure. */
static void sched_steps(uint64_t *rngp, unsigned nsteps, struct sched_counts *k)
{
	uint64_t rng = *rngp;
	unsigned long switches = 0, forced = 0, waits = 0, destroys = 0;
	unsigned long calls = 0, sends = 0, replies = 0, failed_calls = 0, orphans = 0;
	unsigned step;
	boot_small();
	for (int32_t e = 0; e < 8; e++)
		mk(e, e == 0 ? NO_ENV : (int32_t)rng_below(&rng, (uint64_t)e));
	char op[96] = "";    /* the step's call, for the failure messages */
	for (step = 0; step < nsteps && !cur_failures; step++) {
		r_load();
		int32_t e = (int32_t)rng_below(&rng, 10) - 1;       /* -1 .. 8 */
		uint64_t s = rng_below(&rng, 4) == 0 ? rng_below(&rng, 3) + NSLICE - 1
						    : rng_below(&rng, NSLICE);
		long got, want;
		switch (rng_below(&rng, 12)) {
		case 0:
		case 1:
			want = !live_slot(e) ? E_INVAL : s >= NSLICE ? E_RANGE :
			       R.owner[s] != NO_ENV ? E_BUSY : E_OK;
			if (want == E_OK)
				R.owner[s] = e;
			OP("sys_slice_alloc(%d, %llu)", e, (unsigned long long)s);
			got = sys_slice_alloc(e, s);
			break;
		case 2:
			want = !live_slot(e) ? E_INVAL : s >= NSLICE ? E_RANGE :
			       R.owner[s] != e ? E_PERM : E_OK;
			if (want == E_OK)
				R.owner[s] = NO_ENV;
			OP("sys_slice_free(%d, %llu)", e, (unsigned long long)s);
			got = sys_slice_free(e, s);
			break;
		case 3:
		case 4: {
			int h = (int)rng_below(&rng, 2);
			int32_t r = R.running;
			if (r == NO_ENV) {
				want = TICK_SWITCH;
			} else {
				R.ran[r]++;
				if (R.left > 1) {
					R.left--;
					want = TICK_STAY;
				} else if (R.phase == SLICE_RUN && h) {
					R.phase = SLICE_GRACE;
					R.left = GRACE_TICKS;
					want = TICK_UPCALL;
				} else {
					if (R.phase == SLICE_GRACE) {
						R.excess[r] += R.excess[r] < EXCESS_MAX;
						R.forced[r]++;
						forced++;
					}
					want = TICK_SWITCH;
				}
			}
			OP("sched_tick(%d) (running %d)", h, R.running);
			got = sched_tick(h);
			if (got == want && !r_same())
				failf("step %u: %s: the tick left the vector unlike the model", step, op);
			if (got == TICK_SWITCH) {
				r_next();
				sched_next();
				switches++;
			}
			break;
		}
		case 5: {
			int32_t t = rng_below(&rng, 3) == 0 ? NO_ENV : (int32_t)rng_below(&rng, 9);
			int32_t who = rng_below(&rng, 4) ? R.running : e;
			/* half of the directed ones by env id, the current
			 * generation's or (1 in 4) the next one's */
			int by_id = t != NO_ENV && rng_below(&rng, 2);
			uint64_t id = by_id ? (uint64_t)(envs[t].gen + (rng_below(&rng, 4) == 0)) * NENV +
					      (uint64_t)t : 0;
			int names = by_id && live_slot(t) && id / NENV == (uint64_t)envs[t].gen;
			if (by_id && !names)
				want = E_STALE;
			else if (R.running == NO_ENV || who != R.running)
				want = E_PERM;
			else if (t != NO_ENV && !live_slot(t))
				want = E_INVAL;
			else if (t != NO_ENV && !r_runs(t))
				want = E_BUSY;
			else {
				want = E_OK;
				if (t == NO_ENV || R.phase != SLICE_RUN)
					r_next();
				else
					R.running = t;
			}
			if (by_id)
				OP("sys_yield_to(%d, %#llx)", who, (unsigned long long)id);
			else
				OP("sys_yield(%d, %d)", who, t);
			got = by_id ? sys_yield_to(who, id) : sys_yield(who, t);
			break;
		}
		case 6: {
			/* a running env waits for one of its children */
			int32_t r = R.running, c = NO_ENV;
			for (int32_t k = 0; k < NENV && r != NO_ENV; k++)
				if (live_slot(k) && envs[k].parent == r && k != r)
					c = k;
			if (c == NO_ENV)
				continue;
			want = E_OK;
			waits++;
			OP("env_wait(%d, %d)", r, c);
			got = c_env_wait(r, c);
			if (got == E_OK)
				CHECK(sched.running == r_runner(r), "wait: running %d, runner %d",
				      sched.running, r_runner(r));
			R.running = sched.running;   /* Runner(r) after the wait */
			break;
		}
		case 8: {
			/* open or close to calls (also on behalf of a dead slot) */
			uint64_t on = rng_below(&rng, 5) == 0 ? 2 : rng_below(&rng, 4) != 0;
			want = !live_slot(e) || on > 1 ? E_INVAL : E_OK;
			if (want == E_OK)
				R.accept[e] = (uint32_t)on;
			OP("sys_ipc_accept(%d, %llu)", e, (unsigned long long)on);
			got = sys_ipc_accept(e, on);
			break;
		}
		case 9: {
			/* a call: usually from the running env, to 0 .. 8 */
			int32_t t = (int32_t)rng_below(&rng, 10) - 1;
			int32_t who = rng_below(&rng, 5) ? R.running : e;
			int sync = (int)rng_below(&rng, 3) != 0;
			if (R.running == NO_ENV || who != R.running)
				want = E_PERM;
			else if (!live_slot(t) || t == who)
				want = E_INVAL;
			else if (!R.accept[t])
				want = E_REFUSED;
			else if (!r_runs(t) || R.caller[t] != NO_ENV)
				want = E_BUSY;
			else {
				want = E_OK;
				if (sync) {
					R.calling[who] = t;
					R.caller[t] = who;
					calls++;
				} else {
					R.caller[t] = IPC_ASYNC;
					sends++;
				}
				if (R.phase == SLICE_RUN)
					R.running = t;
				else
					r_next();
			}
			OP("sys_ipc_call(%d, %d, %d)", who, t, sync);
			got = sys_ipc_call(who, t, sync);
			break;
		}
		case 10: {
			/* the running env (or another) ends the call it serves */
			int32_t who = rng_below(&rng, 5) ? R.running : e;
			if (R.running == NO_ENV || who != R.running)
				want = E_PERM;
			else if (R.caller[who] == NO_ENV)
				want = E_INVAL;
			else {
				want = E_OK;
				int32_t a = R.caller[who];
				R.caller[who] = NO_ENV;
				if (a >= 0) {
					R.calling[a] = NO_ENV;
					replies++;
					if (R.phase == SLICE_RUN)
						R.running = a;
					else
						r_next();
				}
			}
			OP("sys_ipc_reply(%d)", who);
			got = sys_ipc_reply(who);
			break;
		}
		default: {
			/* destroy a live env other than 0 (and re-create it) */
			int32_t d = (int32_t)rng_below(&rng, 7) + 1;
			if (!live_slot(d) || envs[d].status == ENV_WAITING)
				continue;
			for (long k = 0; k < NSLICE; k++)
				if (R.owner[k] == d)
					R.owner[k] = NO_ENV;
			R.excess[d] = R.forced[d] = R.ran[d] = 0;
			if (R.running == d)
				R.running = NO_ENV;
			/* its calls in flight: its callee serves on, orphaned; its
			 * caller's call fails */
			if (R.calling[d] != NO_ENV) {
				R.caller[R.calling[d]] = IPC_ASYNC;
				orphans++;
			}
			if (R.caller[d] >= 0) {
				R.calling[R.caller[d]] = NO_ENV;
				failed_calls++;
			}
			R.calling[d] = R.caller[d] = NO_ENV;
			R.accept[d] = 0;
			want = got = 0;
			OP("env_destroy(%d) and env_create", d);
			c_env_destroy(d);
			destroys++;
			mk(d, 0);
			break;
		}
		}
		if (got != want)
			failf("step %u: %s == %ld, model %ld", step, op, got, want);
		INV("random");
		if (!r_same())
			failf("step %u: %s: the vector differs from the model", step, op);
	}
	*rngp = rng;
	k->steps += step;
	k->switches += switches;
	k->forced += forced;
	k->waits += waits;
	k->destroys += destroys;
	k->calls += calls;
	k->sends += sends;
	k->replies += replies;
	k->failed_calls += failed_calls;
	k->orphans += orphans;
}

static void t_sched_random(void)
{
	uint64_t rng = 0x5c4ed0001ull;
	struct sched_counts k = { 0 };
	sched_steps(&rng, 20000, &k);
	printf("  sched random: %lu switches, %lu forced, %lu waits, %lu destroys\n",
	       k.switches, k.forced, k.waits, k.destroys);
	printf("  ipc random: %lu calls, %lu sends, %lu replies, %lu calls failed by destroy, "
	       "%lu orphaned\n", k.calls, k.sends, k.replies, k.failed_calls, k.orphans);
	CHECK(k.switches > 1000 && k.forced > 10 && k.waits > 10 && k.destroys > 100,
	      "random sequences reached every path");
	CHECK(k.calls > 50 && k.sends > 20 && k.replies > 20 && k.failed_calls > 5 && k.orphans > 5,
	      "random sequences reached every call path");
}

/* ---- the libFuzzer batch ------------------------------------------------- */

static struct sched_counts fuzz_total;
static unsigned long fuzz_batches;

/* After the steps: every env goes (checked wrappers, SchedInv after each);
 * then no slice has an owner, nobody runs or owes, no call is in flight,
 * every page is free again, and the vector idles. */
static void sched_teardown(void)
{
	for (int32_t e = 0; e < NENV && !cur_failures; e++)
		if (live_slot(e)) {
			c_env_destroy(e);
			INV("teardown destroy");
		}
	if (cur_failures)
		return;
	CHECK(sched.running == NO_ENV, "teardown: env %d runs after every env is gone",
	      sched.running);
	for (long s = 0; s < NSLICE; s++)
		CHECK(sched.owner[s] == NO_ENV, "teardown: slice %ld still owned by %d", s,
		      sched.owner[s]);
	for (long e = 0; e < NENV; e++)
		CHECK(ipc.calling[e] == NO_ENV && ipc.caller[e] == NO_ENV && ipc.accept[e] == 0 &&
		      sched.excess[e] == 0 && sched.forced[e] == 0 && sched.ran[e] == 0,
		      "teardown: slot %ld keeps calls or counters", e);
	EXPECT_EQ(sched_next(), NO_ENV);
	INV("teardown");
	check_accounting("after destroying every env");
}

size_t sched_batch_bytes(uint64_t seed, const uint8_t *in, size_t len, unsigned nsteps)
{
	uint64_t rng = seed;
	src_open(&in_src, in, len);
	sched_steps(&rng, nsteps, &fuzz_total);
	size_t used = src_close(&in_src);
	if (!cur_failures)
		sched_teardown();
	fuzz_batches++;
	return used;
}

int sched_batch_report(char *buf, size_t n)
{
	return snprintf(buf, n, "%lu scheduler+IPC batches (%lu steps: %lu switches, %lu forced, "
			"%lu waits, %lu destroys; %lu calls, %lu sends, %lu replies, %lu calls "
			"failed by destroy, %lu orphaned)", fuzz_batches, fuzz_total.steps,
			fuzz_total.switches, fuzz_total.forced, fuzz_total.waits,
			fuzz_total.destroys, fuzz_total.calls, fuzz_total.sends,
			fuzz_total.replies, fuzz_total.failed_calls, fuzz_total.orphans);
}

const struct test sched_tests[] = {
	{ "sched_alloc", t_sched_alloc },
	{ "sched_round_robin", t_sched_round_robin },
	{ "sched_grace_and_force", t_sched_grace_and_force },
	{ "sched_yield_errors", t_sched_yield_errors },
	{ "sched_random", t_sched_random },
};
const size_t n_sched_tests = sizeof sched_tests / sizeof sched_tests[0];
