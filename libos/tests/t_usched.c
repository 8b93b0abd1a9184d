// SPDX-License-Identifier: MIT
/*
 * A user-level scheduler on top of the slices (lib/usched.c): the kernel
 * enforces this env's slices, and inside them the libOS decides which of
 * its children runs, by directed yields.  Three spinning children with
 * 1, 2 and 3 tickets get turns 1:2:3 under stride scheduling (exactly,
 * up to one turn) and about that under lottery; round robin gives them
 * equal turns.  The children hold no slice: they run only when we say.
 */
#include "../lib/lib.h"

#define TURNS 120

static volatile unsigned long spins;

static void run_policy(enum usched_policy p, const char *name, const long *kid)
{
	const struct sched_info *si = schedinfo();
	struct usched us;
	usched_init(&us, p);
	unsigned ran0[3];
	for (int i = 0; i < 3; i++) {
		CHECK(usched_add(&us, kid[i], (unsigned long)(i + 1)) == 0, "add a child");
		ran0[i] = si->ran[slot_of(kid[i])];
	}
	int given = 0;
	for (int t = 0; t < TURNS; t++)
		given += usched_turn(&us) >= 0;
	unsigned long turns[3] = { 0 }, ran[3];
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < us.n; j++)
			if (us.id[j] == kid[i])
				turns[i] = us.turns[j];
		ran[i] = si->ran[slot_of(kid[i])] - ran0[i];
	}
	printf("t_usched: %s: turns %lu %lu %lu, ticks run %lu %lu %lu\n", name,
	       turns[0], turns[1], turns[2], ran[0], ran[1], ran[2]);
	CHECK(given == TURNS, "every turn went to a child");
	if (p == US_ROUND_ROBIN) {
		CHECK(turns[0] == TURNS / 3 && turns[1] == TURNS / 3 && turns[2] == TURNS / 3,
		      "round robin: equal turns");
	} else if (p == US_STRIDE) {
		int ok = 1;
		for (int i = 0; i < 3; i++) {
			long want = (long)TURNS * (i + 1) / 6, d = (long)turns[i] - want;
			ok &= d >= -1 && d <= 1;
		}
		CHECK(ok, "stride: turns 1:2:3 within one");
		CHECK(ran[2] > ran[0], "stride: 3 tickets ran longer than 1");
	} else {
		CHECK(turns[0] < turns[2] && turns[0] + turns[1] + turns[2] == TURNS,
		      "lottery: 1 ticket won less than 3");
	}
}

int main(long envid)
{
	printf("t_usched: env 0x%lx\n", envid);
	long kid[3];
	for (int i = 0; i < 3; i++) {
		kid[i] = fork();
		if (kid[i] == 0)
			for (;;)
				spins++;
		CHECK(kid[i] > 0, "fork a spinner");
		CHECK(slices_of(slot_of(kid[i])) == 0, "it holds no slice");
	}
	int mine = 0;
	for (int k = 0; k < 3; k++) {
		long s = slice_pick_free();
		mine += s > 0 && sys_slice_alloc(TARGET_SELF, (unsigned long)s) == E_OK;
	}
	CHECK(mine == 3, "we take 3 slices");
	run_policy(US_ROUND_ROBIN, "round robin", kid);
	run_policy(US_STRIDE, "stride 1:2:3", kid);
	run_policy(US_LOTTERY, "lottery 1:2:3", kid);
	/* The spinners never exit: they run only when we yield to them, and
	 * they go with us when we exit (the kernel reclaims the children of an
	 * env that ends).  Our slices are freed then too. */
	printf("t_usched: %d failed\n", check_failures);
	return check_failures;
}
