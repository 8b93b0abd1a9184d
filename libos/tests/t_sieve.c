// SPDX-License-Identifier: MIT
/*
 * A primes sieve pipeline over protected control transfer (after McIlroy's
 * and Plan 9's): NSTAGE environments in a chain, each the child of the one
 * before (each env forks only one: fork's capabilities per env are few).
 * The test calls stage 0 with every number from 2 up; a stage keeps the
 * first number it sees as its prime, drops its multiples, and passes the
 * rest on with a nested synchronous call to the next stage.  The reply
 * travels back down the chain.  Every stage also checks that the kernel
 * named the stage before it as the caller.
 */
#include "../lib/lib.h"

#define NSTAGE 16
#define LAST   53          /* the 16th prime */

static int stage;          /* our place in the pipeline */
static long up_id;         /* the env before us (our parent) */
static long next_id;       /* the env after us, or 0 */
static unsigned long prime;

enum { R_FILTERED = 0, R_OVERFLOW = 1, R_BADCALLER = 2, R_CALLFAIL = 3 };

static void filter(struct ipc_msg *m)
{
	unsigned long n = m->w[0];
	if (m->caller != up_id) {
		m->w[0] = 0; m->w[1] = R_BADCALLER;
		return;
	}
	if (prime == 0) {
		prime = n;
		m->w[1] = (unsigned long)stage + 16;   /* found here */
		return;
	}
	if (n % prime == 0) {
		m->w[0] = 0; m->w[1] = R_FILTERED;
		return;
	}
	if (next_id == 0) {
		m->w[0] = 0; m->w[1] = R_OVERFLOW;
		return;
	}
	if (ipc_call(next_id, m->w) != E_OK) {   /* the reply comes back in w[] */
		m->w[0] = 0; m->w[1] = R_CALLFAIL;
	}
}

/* Become stage 0, fork the rest of the chain, serve. */
static void stages(void)
{
	for (;;) {
		next_id = 0;
		if (stage + 1 < NSTAGE) {
			long me = sys_env_id();
			long c = fork();
			if (c == 0) {          /* the child: one stage further */
				up_id = me;
				stage++;
				continue;
			}
			if (c < 0)
				sys_exit(20 + stage);
			next_id = c;
		}
		break;
	}
	/* Let the rest of the chain set itself up first (it runs only when
	 * we give it the CPU), then accept calls: a stage that accepts has a
	 * complete chain behind it.  Then hand the CPU back up. */
	if (next_id)
		while (!ipcinfo()->accept[slot_of(next_id)])
			if (sys_yield(next_id) != E_OK)
				sys_exit(60 + stage);
	if (ipc_serve(filter) != E_OK)
		sys_exit(40 + stage);
	for (;;)
		sys_yield(up_id);
}

static int is_prime(unsigned long n)
{
	for (unsigned long d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return n >= 2;
}

int main(long envid)
{
	printf("t_sieve: env 0x%lx, %d stages\n", envid, NSTAGE);
	up_id = envid;
	long s0 = fork();
	if (s0 == 0)
		stages();
	CHECK(s0 > 0, "fork stage 0");
	/* Give stage 0 the CPU until it accepts calls: then so does the
	 * whole chain. */
	for (int i = 0; i < 5000 && !ipcinfo()->accept[slot_of(s0)]; i++)
		sys_yield(s0);
	int ready = 0;
	for (int e = 0; e < NENV; e++)
		ready += ipcinfo()->accept[e] != 0;
	CHECK(ready == NSTAGE, "all 16 stages accept calls");

	unsigned long found[NSTAGE + 1], nfound = 0;
	int order_ok = 1, wrong = 0;
	long t0 = sys_ticks();
	for (unsigned long n = 2; n <= LAST; n++) {
		unsigned long w[4] = { n, 0, 0, 0 };
		long r = ipc_call(s0, w);
		if (r != E_OK) {
			printf("t_sieve: call(%lu) failed: %ld\n", n, r);
			wrong++;
			continue;
		}
		if (w[0] == n && w[1] >= 16) {          /* a new prime */
			order_ok &= w[1] - 16 == nfound;    /* at the next free stage */
			if (nfound <= NSTAGE)
				found[nfound] = n;
			nfound++;
		} else if (w[0] != 0 || w[1] != R_FILTERED) {
			printf("t_sieve: %lu: reply %lu, %lu\n", n, w[0], w[1]);
			wrong++;
		}
		wrong += (w[0] == n) != is_prime(n);
	}
	printf("t_sieve: %lu primes up to %d through the pipeline (%ld ticks):",
	       nfound, LAST, sys_ticks() - t0);
	for (unsigned long i = 0; i < nfound && i < NSTAGE; i++)
		printf(" %lu", found[i]);
	printf("\n");
	CHECK(wrong == 0, "every number: prime iff a stage kept it, else filtered");
	CHECK(nfound == NSTAGE, "16 primes, one per stage");
	CHECK(order_ok, "the k-th prime stops at stage k");
	int busy = 0;
	for (int e = 0; e < NENV; e++)
		busy += ipcinfo()->calling[e] != -1 || ipcinfo()->caller[e] != -1;
	CHECK(busy == 0, "no call left in flight");

	/* Killing stage 0 takes the whole chain (its descendants) with it. */
	CHECK(sys_env_kill(s0) == E_OK, "kill stage 0");
	int open = 0;
	for (int e = 0; e < NENV; e++)
		open += ipcinfo()->accept[e] != 0;
	CHECK(open == 0, "every stage is gone");
	unsigned long w[4] = { 2, 0, 0, 0 };
	CHECK(ipc_call(s0, w) == E_STALE, "a call to the dead pipeline: E_STALE");
	fork_reap();
	printf("t_sieve: %d failed\n", check_failures);
	return check_failures;
}
