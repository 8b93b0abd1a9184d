// SPDX-License-Identifier: MIT
/*
 * The time-slice vector from a libOS (uapi/sched.h): exposed allocation of
 * a named slice, the read-only view of the vector, hostile arguments
 * (out-of-range, taken and foreign slices, stale and bogus env ids,
 * yielding to a waiting env), handing a slice to a child, and the
 * clean-up when that child ends: its slices are free again and its
 * counters are zero.
 */
#include "../lib/lib.h"

static long child_main_status = 33;

#define NCOST 1000

static unsigned long rdtsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long)hi << 32) | lo;
}

/* yield_regs(id, out, seed): a directed yield to env id with seed + k in
 * every register but rax, rcx and r11 (which the syscall instruction and
 * the result use) and rsp (rdi holds id), then out[0] = the result and
 * out[1..12] = rbx, rbp, rdx, rsi, rdi, r8, r9, r10, r12, r13, r14, r15 as
 * they came back.  A yield is called like a C function (uapi/syscall.h):
 * rbx, rbp and r12-r15 come back as they were, and a directed yield
 * zeroes the other six, so neither the values of the env on the other
 * side nor kernel values can show through. */
#define STR_(x) #x
#define STR(x) STR_(x)
void yield_regs(long id, unsigned long *out, unsigned long seed);
__asm__(".text\n"
	".globl yield_regs\n"
	"yield_regs:\n"
	"	push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
	"	push %rsi\n"
	"	lea 1(%rdx), %rbx; lea 2(%rdx), %rbp; lea 4(%rdx), %rsi\n"
	"	lea 6(%rdx), %r8; lea 7(%rdx), %r9; lea 8(%rdx), %r10\n"
	"	lea 9(%rdx), %r12; lea 10(%rdx), %r13; lea 11(%rdx), %r14\n"
	"	lea 12(%rdx), %r15; lea 3(%rdx), %rdx\n"
	"	mov $" STR(SYS_YIELD) ", %eax\n"
	"	syscall\n"
	"	mov %rax, %rcx\n"
	"	mov (%rsp), %rax\n"
	"	mov %rcx, 0(%rax); mov %rbx, 8(%rax); mov %rbp, 16(%rax)\n"
	"	mov %rdx, 24(%rax); mov %rsi, 32(%rax); mov %rdi, 40(%rax)\n"
	"	mov %r8, 48(%rax); mov %r9, 56(%rax); mov %r10, 64(%rax)\n"
	"	mov %r12, 72(%rax); mov %r13, 80(%rax); mov %r14, 88(%rax)\n"
	"	mov %r15, 96(%rax)\n"
	"	pop %rsi; pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
	"	ret\n");

/* out[k] that a yield keeps: rbx, rbp, r12-r15 (k = 1, 2, 9-12). */
#define KEPT(k) ((k) <= 2 || (k) >= 9)

/* A directed yield there and back, many times, to a child that yields
 * back with its own marks in every register: each side gets its own
 * callee-saved registers and zero in the others, never the other side's
 * values; an error return does the same. */
static void yield_clears_registers(long envid)
{
	static unsigned long out[13];
	long c = fork();
	if (c == 0)
		for (;;)
			yield_regs(envid, out, 0xBAD00000ul);
	CHECK(c > 0, "fork a child that yields back with its registers marked");
	int bad = 0, iter;
	for (iter = 0; iter < 200 && c > 0; iter++) {
		unsigned long seed = 0x5EED0000ul + (unsigned long)iter * 0x100;
		yield_regs(c, out, seed);
		bad += out[0] != E_OK;
		for (int k = 1; k <= 12; k++)
			bad += out[k] != (KEPT(k) ? seed + (unsigned long)k : 0);
		if (bad) {
			printf("t_slice: iteration %d: result %ld rbx %lx rbp %lx rdx %lx r15 %lx (seed %lx)\n",
			       iter, (long)out[0], out[1], out[2], out[3], out[12], seed);
			break;
		}
	}
	CHECK(bad == 0, "200 directed yields there and back: callee-saved registers kept, "
	      "the rest zero, none with the other env's marks");
	yield_regs(NENV + 5, out, 0x5EED0000ul);
	bad = out[0] != (unsigned long)(long)E_STALE;
	for (int k = 1; k <= 12; k++)
		bad += out[k] != (KEPT(k) ? 0x5EED0000ul + (unsigned long)k : 0);
	CHECK(bad == 0, "a refused directed yield: E_STALE, callee-saved registers kept, the rest zero");
	CHECK(sys_env_kill(c) == E_OK, "kill the child");
	fork_reap();
}

int main(long envid)
{
	const struct sched_info *si = schedinfo();
	int me = slot_of(envid);
	printf("t_slice: env 0x%lx in slot %d; slice 0 owner %d\n", envid, me, si->owner[0]);

	CHECK(si->owner[0] == 0, "the root env owns slice 0 (boot policy)");
	CHECK(slices_of(me) == 0, "a new env owns no slice");
	/* The runner runs every test in the same slot, t_revoke and t_revstress
	 * (which it gave its revocation capability) before this one: the
	 * capability died with them and is not ours.  (0x40: the runner, the
	 * first env of slot 0.) */
	CHECK(revinfo()->holder[me] == 0 && sys_rev_ask(0x40, REV_PAGES, 1, 10) == E_PERM,
	      "a new env holds no revocation capability, whatever the slot's last env held");
	CHECK(si->running == me, "the vector says we are running");

	/* exposed allocation, and its errors */
	long s = slice_pick_free();
	CHECK(s > 0, "a free slice is visible in the window");
	CHECK(sys_slice_alloc(TARGET_SELF, NSLICE) == E_RANGE, "slice NSLICE: E_RANGE");
	CHECK(sys_slice_alloc(TARGET_SELF, ~0ul) == E_RANGE, "slice 2^64-1: E_RANGE");
	CHECK(sys_slice_alloc(TARGET_SELF, 0) == E_BUSY, "the root's slice 0: E_BUSY");
	CHECK(sys_slice_alloc(TARGET_SELF, (unsigned long)s) == E_OK, "take a named free slice");
	CHECK(si->owner[s] == me, "the window shows it as ours");
	CHECK(sys_slice_alloc(TARGET_SELF, (unsigned long)s) == E_BUSY, "take it twice: E_BUSY");
	CHECK(sys_slice_free(TARGET_SELF, 0) == E_PERM, "free the root's slice: E_PERM");
	CHECK(sys_slice_free(TARGET_SELF, NSLICE) == E_RANGE, "free slice NSLICE: E_RANGE");
	CHECK(sys_slice_alloc(0x12345678, (unsigned long)s) < 0, "a slice for a stranger: refused");
	CHECK(si->owner[s] == me, "... and the slice did not move");

	/* running in our own slice: ran[] grows */
	unsigned ran0 = si->ran[me];
	long t0 = sys_ticks();
	while (sys_ticks() < t0 + 5)
		;
	CHECK(si->ran[me] >= ran0 + 4, "ran[] counts the ticks we ran");

	/* yield, and its errors */
	CHECK(sys_yield(0) == E_OK, "yield to the next slice, and run again");
	CHECK(sys_yield(envid) == E_OK, "a directed yield to ourselves");
	CHECK(sys_yield(0x7FFFFFFF) == E_STALE || sys_yield(0x7FFFFFFF) == E_INVAL,
	      "yield to a bogus id: refused");
	CHECK(sys_yield(-5) == E_INVAL, "yield to a negative id: E_INVAL");
	CHECK(sys_yield(NENV + 5) == E_STALE, "yield to a free slot's id: E_STALE");
	long parent = NENV + 0;   /* the runner: slot 0, generation 1 */
	CHECK(sys_yield(parent) == E_BUSY, "yield to the runner, which waits for us: E_BUSY");
	CHECK(sys_slice_upcall(TARGET_SELF, 2) == E_INVAL, "slice upcall mode 2: E_INVAL");

	/* a slice for a child, freed when the child ends */
	long c = fork();
	if (c == 0)
		sys_exit((int)child_main_status);
	CHECK(c > 0, "fork a child");
	long cs = slice_pick_free();
	CHECK(cs > 0 && sys_slice_alloc(c, (unsigned long)cs) == E_OK, "give the child a slice");
	CHECK(si->owner[cs] == slot_of(c), "the window shows the child's slice");
	CHECK(sys_slice_free(TARGET_SELF, (unsigned long)cs) == E_PERM,
	      "we cannot free the child's slice as ours: E_PERM");
	CHECK(sys_env_run(c) == 33, "the child runs and exits 33");
	CHECK(si->owner[cs] == -1, "its slice is free after it ended");
	CHECK(si->ran[slot_of(c)] == 0 && si->excess[slot_of(c)] == 0 &&
	      si->forced[slot_of(c)] == 0, "its counters are cleared");
	CHECK(sys_slice_alloc(c, (unsigned long)cs) == E_STALE, "a slice for the dead child: E_STALE");
	fork_reap();

	yield_clears_registers(envid);

	/* What a yield costs (rdtsc; guest instructions under -icount shift=0):
	 * to ourselves (directed, no switch), and to the next slice when the
	 * vector comes back to us (a full walk of NSLICE slices). */
	unsigned long t0c = rdtsc();
	for (int i = 0; i < NCOST; i++)
		sys_yield(envid);
	unsigned long t1c = rdtsc();
	for (int i = 0; i < NCOST; i++)
		sys_yield(0);
	unsigned long t2c = rdtsc();
	for (int i = 0; i < NCOST; i++)
		sys_env_id();
	unsigned long t3c = rdtsc();
	printf("t_slice: directed yield to self %lu, yield round the vector %lu, "
	       "null syscall %lu cycles (rdtsc, %d calls each)\n",
	       (t1c - t0c) / NCOST, (t2c - t1c) / NCOST, (t3c - t2c) / NCOST, NCOST);

	CHECK(sys_slice_free(TARGET_SELF, (unsigned long)s) == E_OK, "give our slice back");
	CHECK(si->owner[s] == -1, "the window shows it free");
	CHECK(sys_slice_free(TARGET_SELF, (unsigned long)s) == E_PERM, "free it twice: E_PERM");
	printf("t_slice: %d failed\n", check_failures);
	return check_failures;
}
