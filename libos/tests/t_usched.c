// SPDX-License-Identifier: MIT
/*
 * A user-level scheduler on top of the slices (lib/usched.c): the kernel
 * enforces this env's slices, and inside them the libOS decides which of
 * its children runs, by directed yields.  Three spinning children with
 * 1, 2 and 3 tickets get turns 1:2:3 under stride scheduling (exactly,
 * up to one turn) and about that under lottery; round robin gives them
 * equal turns.  The children hold no slice: they run only when we say.
 * (Each spinner forks the next: see spinner().)
 */
#include "../lib/lib.h"

#define TURNS 120

static volatile unsigned long spins;
static long parent_id;

/* The spinners.  Each fork shares our pages through capabilities of our
 * own (CAP_PER_ENV of them, about 9 per child of a program this size), so
 * we fork one and each spinner forks the next: the cost falls on a
 * different env each time.  Each reports its child's id by a call. */
static volatile long reported[2];
static volatile int nreported;
static void on_report(struct ipc_msg *m)
{
	if (nreported < 2)
		reported[nreported++] = (long)m->w[0];
}

__attribute__((noreturn)) static void spinner(int more)
{
	if (more > 0) {
		long c = fork();
		if (c == 0)
			spinner(more - 1);
		unsigned long w[4] = { (unsigned long)c, 0, 0, 0 };
		ipc_call_wait(parent_id, w, 1000);
	}
	for (;;)
		spins++;
}

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
	parent_id = envid;
	CHECK(fork_init() == 0 && ipc_serve(on_report) == E_OK, "fork's handler, an IPC entry");
	kid[0] = fork();
	if (kid[0] == 0)
		spinner(2);
	for (int i = 0; i < 1000 && kid[0] > 0 && nreported < 2; i++)
		sys_yield(nreported == 0 ? kid[0] : reported[0]);   /* it forks the next */
	kid[1] = nreported > 0 ? reported[0] : -1;
	kid[2] = nreported > 1 ? reported[1] : -1;
	for (int i = 0; i < 3; i++) {
		if (kid[i] <= 0)
			printf("t_usched: spinner %d: fork: error %ld\n", i, kid[i]);
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
