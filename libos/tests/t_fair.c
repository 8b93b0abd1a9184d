// SPDX-License-Identifier: MIT
/*
 * Slices are the unit of CPU: two children that spin, holding 1 and 3
 * slices, get the CPU in about that ratio (ran[] in the read-only vector),
 * while the parent, which owns no slice of its own, runs only in the
 * slice its runner donates and yields it at once.  Then a child that
 * asked for the end-of-slice upcall and never yields in its handler is
 * preempted by force: forced[] counts it, it owes a slice (excess[]) and
 * pays it, and everybody else still progresses.
 */
#include "../lib/lib.h"

#define RUN_TICKS 80

static volatile unsigned long spins;

/* The spinners never end on their own: under host load the parent may
 * get the CPU back only after any given tick, and a spinner that had
 * already exited (freeing its slices) would break the count below. */
static void spin(void)
{
	for (;;)
		spins++;
}

/* The stubborn child's end-of-slice handler: it never yields, so the
 * kernel takes the CPU back by force; after two of those it exits. */
static void stubborn(struct exc_frame *f)
{
	(void)f;
	const struct sched_info *si = schedinfo();
	int me = slot_of(sys_env_id());
	while (si->forced[me] < 2)
		spins++;
	sys_exit(si->excess[me] <= 1 ? 0 : 9);
}

int main(long envid)
{
	const struct sched_info *si = schedinfo();
	printf("t_fair: env 0x%lx\n", envid);

	long end = sys_ticks() + RUN_TICKS;
	long a = fork();
	if (a == 0)
		spin();
	long b = fork();
	if (b == 0)
		spin();
	CHECK(a > 0 && b > 0, "fork two spinners");
	int sa = slot_of(a), sb = slot_of(b);
	int ok = 1;
	for (int k = 0; k < 4 && ok; k++) {
		long s = slice_pick_free();
		ok = s > 0 && sys_slice_alloc(k == 0 ? a : b, (unsigned long)s) == E_OK;
	}
	CHECK(ok && slices_of(sa) == 1 && slices_of(sb) == 3, "A holds 1 slice, B holds 3");

	/* Yield our donated slice until the spinners' time is nearly up. */
	while (sys_ticks() < end - 5)
		sys_yield(0);
	unsigned ra = si->ran[sa], rb = si->ran[sb];
	printf("t_fair: ticks run: A (1 slice) %u, B (3 slices) %u\n", ra, rb);
	CHECK(ra >= 8, "A ran");
	CHECK(rb >= 2 * ra && rb <= 4 * ra, "B ran about 3 times as long as A (2x..4x)");
	/* Take their slices back (a parent may free its child's slices), then
	 * end them. */
	int freed = 0;
	for (int k = 0; k < NSLICE; k++)
		if (si->owner[k] == sa || si->owner[k] == sb)
			freed += sys_slice_free(si->owner[k] == sa ? a : b, (unsigned long)k) == E_OK;
	CHECK(freed == 4 && slices_of(sa) == 0 && slices_of(sb) == 0,
	      "take the 4 slices back from the children");
	CHECK(sys_env_kill(a) == E_OK && sys_env_kill(b) == E_OK && sys_env_kill(a) == E_STALE,
	      "the parent ends both spinners (a second kill: E_STALE)");
	fork_reap();

	/* The stubborn child: one slice, the end-of-slice upcall, no yield. */
	long c = fork();
	if (c == 0) {
		if (slice_upcall_on(stubborn) != 0)
			sys_exit(8);
		for (;;)
			spins++;
	}
	CHECK(c > 0, "fork the stubborn child");
	int sc = slot_of(c);
	long s = slice_pick_free();
	CHECK(s > 0 && sys_slice_alloc(c, (unsigned long)s) == E_OK, "give it one slice");
	unsigned long mine = 0, seen_excess = 0;
	long deadline = sys_ticks() + 400;
	while (si->forced[sc] < 2 && sys_ticks() < deadline) {
		if (si->excess[sc] > 0)
			seen_excess = 1;
		mine++;
		sys_yield(0);
	}
	printf("t_fair: stubborn child forced %u times; we yielded %lu times meanwhile\n",
	       si->forced[sc], mine);
	CHECK(si->forced[sc] >= 1, "the kernel took the CPU from it by force");
	CHECK(seen_excess, "and charged it a slice (excess)");
	CHECK(mine >= 2, "we kept running between the forced preemptions");
	CHECK(sys_env_run(c) == 0, "it ends after the second forced preemption");
	CHECK(slices_of(sc) == 0, "its slice is free again");
	fork_reap();
	printf("t_fair: %d failed\n", check_failures);
	return check_failures;
}
