// SPDX-License-Identifier: MIT
/*
 * fork() with copy-on-write (libos/lib/fork.c): the child sees every byte
 * of the parent's data, bss and stack as they were at fork time, however
 * either side writes afterwards; the parent's bytes never change when the
 * child writes; nothing leaks (pages, capability slots) once the child has
 * exited and fork_reap() has run.  Hostile children: writing text or
 * rodata, writing a page the parent had made read-only, touching unmapped
 * memory and ud2 all end with fork's fault status instead of succeeding.
 * Prints what one fork() and one copy-on-write fault cost (rdtsc; guest
 * instructions when QEMU runs with -icount shift=0).
 */
#include "../lib/lib.h"

#define NPG    3                          /* pages of .bss in gbuf */
#define SBUF   2048                       /* bytes of stack buffer */
#define RO_VA  0x0000008000500000ul       /* a page we map read-only on purpose, in
					     the leaf table of our text and data */
#define BIG_VA 0x0000008000510000ul       /* CAP_PER_ENV more pages, same leaf table */
#define STATUS_FORK_PF (FORK_FAULT_STATUS + 14)

static unsigned char gbuf[NPG * PGSIZE] __attribute__((aligned(4096)));
static unsigned long gdata[32] = { 11, 22, 33, 44 };    /* .data */
/* A page of .data of its own that nobody writes until the upgrade check. */
static unsigned long quiet[PGSIZE / 8] __attribute__((aligned(4096))) = { 1, 2, 3 };
static const char rodata_msg[] = "fork: rodata must stay read-only";
static long parent_id = -1;                    /* .data */
extern char __end[];

static unsigned char pat(unsigned seed, unsigned long j)
{
	return (unsigned char)(seed * 37u + j * 7u + (j >> 9) * 13u + 1u);
}

static void fill(unsigned char *b, unsigned long n, unsigned seed)
{
	for (unsigned long j = 0; j < n; j++)
		b[j] = pat(seed, j);
}

static unsigned long bad_bytes(const unsigned char *b, unsigned long n, unsigned seed)
{
	unsigned long bad = 0;
	for (unsigned long j = 0; j < n; j++)
		bad += b[j] != pat(seed, j);
	return bad;
}


static unsigned long rdtsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((unsigned long)hi << 32) | lo;
}

static long free_caps_mine(void)
{
	const struct cap *c = capinfo();
	long base = (long)my_slot() * CAP_PER_ENV, n = 0;
	for (long k = base; k < base + CAP_PER_ENV; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

static long free_caps_all(void)
{
	const struct cap *c = capinfo();
	long n = 0;
	for (long k = 0; k < NCAP; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

/* The child of the main test: exit status 0 when every check passes,
 * otherwise a bit per failed check. */
__attribute__((noinline, noreturn)) static void simple_child(unsigned char *sbuf)
{
	int bad = 0;
	if (sys_env_id() == parent_id)
		bad |= 1;
	if (bad_bytes(gbuf, sizeof gbuf, 1) != 0)
		bad |= 2;                        /* pre-fork .bss */
	if (bad_bytes(sbuf, SBUF, 2) != 0)
		bad |= 4;                        /* pre-fork stack */
	if (gdata[0] != 11 || gdata[3] != 44 || gdata[31] != 31)
		bad |= 8;                        /* pre-fork .data */
	volatile unsigned char *vg = gbuf;
	unsigned long c0 = rdtsc();
	vg[0] = pat(5, 0);
	unsigned long c1 = rdtsc();
	printf("  fork: in the child, copy-on-write fault round trip (page mapped through "
	       "a capability): %lu cycles\n", c1 - c0);
	fill(gbuf, sizeof gbuf, 5);
	fill(sbuf, SBUF, 6);
	gdata[0] = 55;
	if (bad_bytes(gbuf, sizeof gbuf, 5) != 0 || bad_bytes(sbuf, SBUF, 6) != 0 || gdata[0] != 55)
		bad |= 16;                       /* our own writes */
	struct fork_stats s;
	fork_get_stats(&s);
	if (s.copies < NPG + 2)
		bad |= 32;                       /* gbuf, stack, data were copied */
	sys_exit(bad);
}

/* Children that misbehave: each must end with fork's fault status. */
enum { H_TEXT, H_RODATA, H_ROPAGE, H_UNMAPPED, H_UD2, H_HOOK };

static void skip_ud2(struct exc_frame *f)
{
	if (f->vector == 6) {
		f->regs.rip += 2;
		return;
	}
	sys_exit(99);
}

__attribute__((noinline, noreturn)) static void hostile_child(int what)
{
	switch (what) {
	case H_TEXT:
		*(volatile unsigned char *)(unsigned long)hostile_child = 0xC3;
		break;
	case H_RODATA:
		*(volatile char *)rodata_msg = 'X';
		break;
	case H_ROPAGE:
		if (*(volatile unsigned long *)RO_VA != 0x1234)
			sys_exit(98);                /* it must still read */
		*(volatile unsigned long *)RO_VA = 1;
		break;
	case H_UNMAPPED:
		(void)*(volatile unsigned long *)0x0000030000000000ul;
		break;
	case H_UD2:
		__asm__ volatile("ud2");
		break;
	case H_HOOK:
		__asm__ volatile("ud2");         /* the hook skips it */
		sys_exit(0);
	}
	sys_exit(97);                            /* it succeeded: wrong */
}

static long run_hostile(int what)
{
	long id = fork();
	if (id == 0)
		hostile_child(what);
	if (id < 0)
		return id;
	long st = sys_env_run(id);
	fork_reap();
	return st;
}

int main(void)
{
	unsigned char sbuf[SBUF];
	struct fork_stats s0, s1, s2;

	CHECK(fork_init() == 0, "fork_init: copy-on-write handler, exception stack, state");
	parent_id = sys_env_id();
	for (int i = 4; i < 32; i++)
		gdata[i] = (unsigned long)i;
	unsigned long free0 = count_free_pages();
	long caps0 = free_caps_mine(), all0 = free_caps_all();
	CHECK(caps0 == CAP_PER_ENV, "all our capability slots are free before fork");

	fill(gbuf, sizeof gbuf, 1);
	fill(sbuf, SBUF, 2);
	fork_get_stats(&s0);

	unsigned long t0 = rdtsc();
	long id = fork();
	unsigned long t1 = rdtsc();
	if (id == 0)
		simple_child(sbuf);
	CHECK(id > 0 && id != parent_id, "fork returns the child's id in the parent");
	printf("  fork: one fork() took %lu cycles (rdtsc)\n", t1 - t0);
	CHECK(free_caps_mine() < CAP_PER_ENV, "the child holds capabilities from our slots");

	/* Write after fork, before the child runs: copy-on-write faults. */
	volatile unsigned char *vg = gbuf;
	unsigned long c0 = rdtsc();
	vg[100] = 0xAB;
	unsigned long c1 = rdtsc();
	vg[PGSIZE + 100] = 0xAB;
	unsigned long c2 = rdtsc();
	vg[PGSIZE + 101] = 0xAB;                     /* no fault: already ours */
	unsigned long c3 = rdtsc();
	printf("  fork: copy-on-write fault round trip (copy): %lu and %lu cycles; "
	       "a store to a page already copied: %lu\n", c1 - c0, c2 - c1, c3 - c2);
	fill(gbuf, sizeof gbuf, 3);
	fill(sbuf, SBUF, 4);
	gdata[0] = 66;
	fork_get_stats(&s1);
	CHECK(s1.copies >= s0.copies + NPG + 1 && s1.orphans >= NPG + 1,
	      "our writes copied the shared pages; the old ones wait as orphans");

	long st = sys_env_run(id);
	CHECK(st == 0, "the child saw every pre-fork byte (.bss, .data, stack) and its own writes");
	if (st != 0)
		printf("  fork: child status %ld\n", st);
	CHECK(bad_bytes(gbuf, sizeof gbuf, 3) == 0, "our .bss is unchanged by the child");
	CHECK(bad_bytes(sbuf, SBUF, 4) == 0, "our stack buffer is unchanged by the child");
	CHECK(gdata[0] == 66 && gdata[31] == 31, "our .data is unchanged by the child");
	CHECK(fork_reap() == 0, "fork_reap: every orphan freed");
	CHECK(cap_sweep() == 0, "sweep finished");
	CHECK(count_free_pages() == free0, "free pages equal the count before fork (nothing leaked)");
	CHECK(free_caps_mine() == caps0 && free_caps_all() == all0, "every capability slot is free again");

	/* A page made read-only by fork, nobody else naming it now: one
	 * fault makes it writable again, without a copy. */
	fork_get_stats(&s1);
	volatile unsigned long *vq = quiet;
	unsigned long u0 = rdtsc();
	vq[5] = 77;
	unsigned long u1 = rdtsc();
	fork_get_stats(&s2);
	CHECK(vq[5] == 77 && vq[0] == 1 && s2.upgrades == s1.upgrades + 1 && s2.copies == s1.copies,
	      "a copy-on-write page no child names is made writable, not copied");
	printf("  fork: copy-on-write fault round trip (no copy needed): %lu cycles\n", u1 - u0);

	/* Hostile children. */
	unsigned char text0 = *(volatile unsigned char *)(unsigned long)hostile_child;
	st = run_hostile(H_TEXT);
	CHECK(st == STATUS_FORK_PF || st == STATUS_KILLED + 14, "a child writing its text is stopped");
	CHECK(*(volatile unsigned char *)(unsigned long)hostile_child == text0, "our text is intact");
	st = run_hostile(H_RODATA);
	CHECK(st == STATUS_FORK_PF || st == STATUS_KILLED + 14, "a child writing rodata is stopped");
	CHECK(rodata_msg[0] == 'f', "our rodata is intact");
	long rp = page_pick_free();
	CHECK((unsigned long)__end <= RO_VA && rp >= 0 && sys_page_alloc(rp) == 0 && vm_map(RO_VA, rp, PERM_W) == 0,
	      "a page of ours ...");
	*(volatile unsigned long *)RO_VA = 0x1234;
	CHECK(vm_prot(RO_VA, 0) == 0, "... made read-only on purpose");
	st = run_hostile(H_ROPAGE);
	CHECK(st == STATUS_FORK_PF, "a child writing it is stopped (read-only pages are shared, not copied)");
	CHECK(*(volatile unsigned long *)RO_VA == 0x1234, "its contents are intact");
	CHECK(vm_unmap(RO_VA) == 0 && sys_page_free(rp) == 0, "unmap and free it");
	st = run_hostile(H_UNMAPPED);
	CHECK(st == STATUS_FORK_PF, "a child reading unmapped memory: fork's #PF status");
	st = run_hostile(H_UD2);
	CHECK(st == FORK_FAULT_STATUS + 6, "a child executing ud2: fork's #UD status");
	fork_fault_hook = skip_ud2;
	st = run_hostile(H_HOOK);
	fork_fault_hook = 0;
	CHECK(st == 0, "faults that are not copy-on-write go to fork_fault_hook");

	/* More pages to share than we have capability slots: fork refuses
	 * before it changes anything. */
	long bigp[CAP_PER_ENV];
	int mapped = 1;
	for (int i = 0; i < CAP_PER_ENV; i++) {
		bigp[i] = page_pick_free();
		mapped &= bigp[i] >= 0 && sys_page_alloc(bigp[i]) == 0 &&
			  vm_map(BIG_VA + i * PGSIZE, bigp[i], PERM_W) == 0;
		if (mapped)
			*(volatile unsigned long *)(BIG_VA + i * PGSIZE) = (unsigned long)i + 1;
	}
	CHECK(mapped, "map CAP_PER_ENV more writable pages");
	unsigned long f1 = count_free_pages();
	fork_get_stats(&s1);
	id = fork();
	fork_get_stats(&s2);
	CHECK(id == E_NOMEM, "fork needing more capabilities than our slots: E_NOMEM");
	CHECK(count_free_pages() == f1 && free_caps_mine() == caps0 && s2.forks == s1.forks,
	      "... and nothing changed: no child, no page, no capability");
	for (int i = 0; i < CAP_PER_ENV; i++)
		*(volatile unsigned long *)(BIG_VA + i * PGSIZE) += 1;
	fork_get_stats(&s1);
	CHECK(s1.copies == s2.copies && s1.upgrades == s2.upgrades, "... our pages are still writable");
	for (int i = 0; i < CAP_PER_ENV; i++)
		mapped &= vm_unmap(BIG_VA + i * PGSIZE) == 0 && sys_page_free(bigp[i]) == 0;
	CHECK(mapped, "unmap and free them");

	CHECK(fork_reap() == 0 && cap_sweep() == 0, "reap after the hostile children");
	CHECK(free_caps_mine() == caps0 && free_caps_all() == all0, "every capability slot is free again");
	CHECK(count_free_pages() == free0, "free pages equal the starting count");
	fork_get_stats(&s2);
	printf("t_fork: %lu forks, %lu copies, %lu upgrades, %lu orphans, %lu lost; %d failures\n",
	       s2.forks, s2.copies, s2.upgrades, s2.orphans, s2.lost, check_failures);
	return check_failures ? 1 : 0;
}
