// SPDX-License-Identifier: MIT
/*
 * Ping-pong over protected control transfer (SYS_IPC_CALL): we fork a
 * server child that accepts calls and answers each with the number + 1;
 * we call it N times, check every reply and the caller id the kernel
 * hands the server, and report the round trip's median cost in TSC ticks.
 */
#include "../lib/lib.h"
#include "../lib/spawn.h"

static long parent;
static volatile unsigned long bad_caller;

static void serve(struct ipc_msg *m)
{
	if (m->caller != parent)
		bad_caller++;
	m->w[1] = m->w[0] + 1;
	m->w[2] = bad_caller;
}

static inline unsigned long tsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (unsigned long)hi << 32 | lo;
}

int main(long envid, long argc, char **argv)
{
	long n = arg_long(argc > 1 ? argv[1] : 0, 1000, 1, 100000);
	if (argc > 2 || (argc == 2 && arg_long(argv[1], -1, 1, 100000) < 0)) {
		printf("pingpong: usage: pingpong [N], N from 1 to 100000 (default 1000)\n");
		return 1;
	}
	parent = envid;
	long s = fork();
	if (s == 0) {
		if (ipc_serve(serve) != E_OK)
			sys_exit(3);
		for (;;)
			sys_yield(parent);
	}
	if (s < 0) {
		printf("pingpong: fork failed: %ld\n", s);
		return 1;
	}
	for (int i = 0; i < 100 && !ipcinfo()->accept[slot_of(s)]; i++)
		sys_yield(s);
	static unsigned long t[1001];
	long ok = 0;
	for (long i = 0; i < n; i++) {
		unsigned long w[4] = { (unsigned long)i, 0, 0, 0 };
		unsigned long t0 = tsc();
		long r = ipc_call(s, w);
		unsigned long dt = tsc() - t0;
		if (i < 1001)
			t[i] = dt;
		ok += r == E_OK && w[1] == (unsigned long)i + 1 && w[2] == 0;
	}
	long m = n < 1001 ? n : 1001;
	for (long i = 1; i < m; i++) {          /* insertion sort, for the median */
		unsigned long v = t[i];
		long j = i - 1;
		while (j >= 0 && t[j] > v) {
			t[j + 1] = t[j];
			j--;
		}
		t[j + 1] = v;
	}
	sys_env_kill(s);
	fork_reap();
	printf("pingpong: %ld round trips, %ld answered right, median %lu TSC ticks each\n",
	       n, ok, t[m / 2]);
	return ok == n ? 0 : 1;
}
