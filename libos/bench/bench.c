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

	printf("bench: %s (%d failed operations)\n", bad ? "FAILED" : "done", bad);
	return bad != 0;
}
