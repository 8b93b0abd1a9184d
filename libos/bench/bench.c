// SPDX-License-Identifier: MIT
/*
 * Primitive costs on the exokernel, measured from inside the guest (root
 * env of the bench image, `make bench`).  Run under -icount shift=0 the
 * TSC counts guest instructions, one per instruction, so the figures are
 * exact and repeatable.  Same method as the Linux baseline
 * (ci/linux-bench/bench.c): every sample is one round trip timed by its
 * own `lfence; rdtsc` pair (4 instructions of timer included on both
 * sides), NSAMPLE samples after NWARM warm-up rounds, median and minimum.
 *
 *   null_syscall   SYS_ENV_ID (Linux: getppid)
 *   yield          directed yield to a child that yields straight back
 *                  (Linux: sched_yield ping-pong between two processes)
 *   ipc            synchronous call to a child that replies at once
 *                  (Linux: pipe ping-pong)
 *   ipc_send       asynchronous call, the callee returns at once
 *   upcall         #UD in ring 3 delivered to our handler, which skips it
 *                  (Linux: a signal handler for an exception)
 *   rev_coop       visible revocation of one named page, cooperative: the
 *                  request (SYS_REV_ASK, which writes the T_REVOKE frame),
 *                  the switch to the victim, its handler unmapping and
 *                  freeing the page, and the yield back (NREV samples; the
 *                  kernel notes the request met at its next timer tick,
 *                  which is not counted)
 *   rev_forced     a victim that ignores a request for NBIG pages loses them
 *                  by force; the kernel prints what each forced take and
 *                  the longest timer tick cost (repo.c, at halt)
 */
#include "../lib/lib.h"

#define NSAMPLE 2001
#define NWARM   200

typedef unsigned long u64;

static inline u64 tsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (u64)hi << 32 | lo;
}

static u64 sample[NSAMPLE];

static void report(const char *name)
{
	/* insertion sort: small n, no libc */
	for (int i = 1; i < NSAMPLE; i++) {
		u64 v = sample[i];
		int j = i - 1;
		while (j >= 0 && sample[j] > v) {
			sample[j + 1] = sample[j];
			j--;
		}
		sample[j + 1] = v;
	}
	printf("bench: %s median=%lu min=%lu n=%d\n", name, sample[NSAMPLE / 2], sample[0],
	       NSAMPLE);
}

static long parent_id;

static void echo(struct ipc_msg *m)
{
	m->w[0] += 1;
}

static void skip_ud2(struct exc_frame *f)
{
	f->regs.rip += 2;
}

/* Visible revocation: the victim's side. */
#define NREV   51
#define RVWARM 5
#define NBIG   1024
#define RV_VA  (USER_BASE + 0x40000000ul)
static unsigned long rv_page[NREV + RVWARM];
static int rv_coop;

static void rv_hook(struct exc_frame *f)
{
	if (f->vector == T_REVOKE && rv_coop && f->err == REV_PAGE)
		for (int i = 0; i < NREV + RVWARM; i++)
			if (rv_page[i] == f->addr) {
				vm_unmap(RV_VA + (unsigned long)i * PGSIZE);
				sys_page_free(f->addr);
			}
	/* T_REPO, and a request ignored: nothing to do */
}

static void rv_victim(int coop, int n)
{
	fork_fault_hook = rv_hook;
	rv_coop = coop;
	for (int i = 0; i < n; i++) {
		long p = page_pick_free();
		if (p < 0 || sys_page_alloc((unsigned long)p) != E_OK)
			sys_exit(4);
		if (coop) {
			rv_page[i] = (unsigned long)p;
			if (vm_map(RV_VA + (unsigned long)i * PGSIZE, (unsigned long)p, PERM_W) != E_OK)
				sys_exit(5);
		}
	}
	for (;;)
		sys_yield(parent_id);
}

/* Wait (yielding to the victim) until the request against slot cs ends. */
static void rv_wait(long v, int cs)
{
	while (*(const volatile uint32_t *)&revinfo()->rq[cs].state != RQ_IDLE)
		sys_yield(v);
}

static int bench_revoke(void)
{
	int bad = 0;
	if (fork_init() != 0)
		return 1;
	long v = fork();
	if (v == 0)
		rv_victim(1, NREV + RVWARM);
	if (v < 0)
		return 1;
	int cs = slot_of(v);
	sys_yield(v);                       /* it takes its pages and yields back */
	const struct page_info *pi = pageinfo();
	long p = NPAGES;
	for (int i = -RVWARM; i < NREV; i++) {
		while (--p >= 0 && !(pi[p].owner == cs && pi[p].type == PG_USER))
			;
		if (p < 0) {
			bad++;
			break;
		}
		u64 t0 = tsc();
		long r = sys_rev_ask(v, REV_PAGE, (u64)p, 1000);
		sys_yield(v);
		u64 t1 = tsc();
		bad += r != E_OK || pi[p].type != PG_FREE;
		rv_wait(v, cs);
		bad += revinfo()->rq[cs].outcome != REV_DONE_COOP;
		if (i >= 0)
			sample[i] = t1 - t0;
	}
	/* report() sorts NSAMPLE entries; these are NREV */
	for (int i = 1; i < NREV; i++)
		for (int j = i; j > 0 && sample[j - 1] > sample[j]; j--) {
			u64 t = sample[j]; sample[j] = sample[j - 1]; sample[j - 1] = t;
		}
	printf("bench: rev_coop median=%lu min=%lu n=%d\n", sample[NREV / 2], sample[0], NREV);
	sys_env_kill(v);
	fork_reap();

	v = fork();
	if (v == 0)
		rv_victim(0, NBIG);
	if (v < 0)
		return bad + 1;
	cs = slot_of(v);
	sys_yield(v);
	u64 t0 = (u64)sys_ticks();
	long r = sys_rev_ask(v, REV_PAGES, NBIG, 1);
	rv_wait(v, cs);
	u64 t1 = (u64)sys_ticks();
	bad += r != E_OK || revinfo()->rq[cs].outcome != REV_DONE_FORCED ||
	       revinfo()->rq[cs].taken != NBIG;
	printf("bench: rev_forced pages=%lu timer_ticks=%lu\n", revinfo()->rq[cs].taken, t1 - t0);
	sys_env_kill(v);
	fork_reap();
	return bad;
}

int main(long envid)
{
	parent_id = envid;
	printf("bench: exokernel primitives, guest instructions per round trip "
	       "(rdtsc under -icount shift=0)\n");
	/* Our own slice: the timer then never finds the vector empty. */
	long sl = slice_pick_free();
	if (sl >= 0)
		sys_slice_alloc(TARGET_SELF, (u64)sl);

	for (int i = 0; i < NSAMPLE; i++) {
		u64 t0 = tsc(), t1 = tsc();
		sample[i] = t1 - t0;
	}
	report("rdtsc");

	for (int i = -NWARM; i < NSAMPLE; i++) {
		u64 t0 = tsc();
		sys_env_id();
		u64 t1 = tsc();
		if (i >= 0)
			sample[i] = t1 - t0;
	}
	report("null_syscall");

	/* A child that yields straight back to us, forever. */
	long y = fork();
	if (y == 0)
		for (;;)
			sys_yield(parent_id);
	if (y < 0) {
		printf("bench: fork failed: %ld\n", y);
		return 1;
	}
	int bad = 0;
	for (int i = -NWARM; i < NSAMPLE; i++) {
		u64 t0 = tsc();
		long r = sys_yield(y);
		u64 t1 = tsc();
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = t1 - t0;
	}
	report("yield");
	sys_env_kill(y);
	fork_reap();

	/* A server child that answers every call at once. */
	long s = fork();
	if (s == 0) {
		if (ipc_serve(echo) != E_OK)
			sys_exit(3);
		for (;;)
			sys_yield(parent_id);
	}
	for (int i = 0; i < 100 && s > 0 && !ipcinfo()->accept[slot_of(s)]; i++)
		sys_yield(s);
	unsigned long w[4] = { 0, 0, 0, 0 };
	for (int i = -NWARM; i < NSAMPLE; i++) {
		w[0] = (u64)i;
		u64 t0 = tsc();
		long r = ipc_call(s, w);
		u64 t1 = tsc();
		bad += r != E_OK || w[0] != (u64)i + 1;
		if (i >= 0)
			sample[i] = t1 - t0;
	}
	report("ipc");
	for (int i = -NWARM; i < NSAMPLE; i++) {
		u64 t0 = tsc();
		long r = ipc_send(s, w);
		u64 t1 = tsc();
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = t1 - t0;
	}
	report("ipc_send");
	sys_env_kill(s);
	fork_reap();

	exc_handler_set(skip_ud2);
	for (int i = -NWARM; i < NSAMPLE; i++) {
		u64 t0 = tsc();
		__asm__ volatile("ud2" ::: "memory");
		u64 t1 = tsc();
		if (i >= 0)
			sample[i] = t1 - t0;
	}
	report("upcall");
	exc_handler_set(0);

	/* Last: its forks leave our pages copy-on-write, and the ud2 handler
	 * above would take such a write fault for its own. */
	bad += bench_revoke();

	printf("bench: %s (%d failed operations)\n", bad ? "FAILED" : "done", bad);
	return bad != 0;
}
