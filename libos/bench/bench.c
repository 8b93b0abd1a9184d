// SPDX-License-Identifier: MIT
/*
 * Primitive costs on the exokernel, measured from inside the guest (root
 * env of the bench image, `make bench`).  Run under -icount shift=0 the
 * TSC counts guest instructions, one per instruction, so the figures are
 * exact and repeatable; run without -icount they are TCG's host-time-based
 * TSC (noisy).  Same method and same operations as the Linux baseline
 * (ci/linux-bench/bench.c): every sample is one operation timed by its own
 * `lfence; rdtsc` pair (4 instructions of timer included on both sides),
 * N samples after NWARM warm-up rounds, median and minimum.  Names:
 *
 *   null_syscall   SYS_ENV_ID (Linux: getppid)
 *   exc            a store to a read-only page (#PF in ring 3) delivered
 *                  to our handler (SYS_EXC_SETUP), which skips the store
 *                  by moving regs.rip past it (Linux: SIGSEGV handler that
 *                  advances RIP in the ucontext)
 *   exc_ud2        the same with ud2 (#UD), for reference
 *   trap           a store to a read-only page; the handler (avm_trap_set)
 *                  makes the page writable (avm_unprot) and the store is
 *                  retried (Linux: mprotect in the SIGSEGV handler)
 *   prot1/unprot1  one page read-only / writable again (avm_prot1,
 *                  avm_unprot: SYS_PT_PROT; Linux: mprotect of one page)
 *   prot100/unprot100  100 pages: avm_prot_range (one leaf lookup, then
 *                  a SYS_PT_PROT per page; Linux: one mprotect of 100
 *                  pages); prot100_protN: avm_protN, a lookup per page
 *   dirty          is a page dirty?  avm_dirty: the hardware D bit of the
 *                  PTE, read through the read-only view of our own leaf
 *                  table (SYS_PT_VIEW), no system call (Linux: the soft-
 *                  dirty bit of /proc/self/pagemap, one pread)
 *   appel1         a store to a protected page; the handler unprotects it
 *                  and protects another (two pages, in turn)
 *   appel2         protect 100 pages, store to each in a fixed scrambled
 *                  order, the handler unprotects the faulting page; the
 *                  figure is per page (the sample / 100)
 *   yield          directed yield to a child that yields straight back
 *                  (Linux: sched_yield ping-pong between two processes)
 *   ipc            synchronous call to a child that replies at once
 *                  (Linux: pipe ping-pong, and shared memory + sched_yield)
 *   ipc_send       asynchronous call, the callee returns at once
 *   fork           fork() (libos/lib/fork.c: copy-on-write, in the libOS),
 *                  the child exits at once, the parent runs it to its end
 *                  (sys_env_run: the wait) and reaps (fork_reap)
 *                  (Linux: fork, _exit, waitpid)
 *   page           take a free page, map it, write it, unmap it, free it
 *                  (Linux: mmap MAP_POPULATE, write, munmap)
 *   rev_coop       visible revocation of one named page, cooperative: the
 *                  request (SYS_REV_ASK, which writes the T_REVOKE frame),
 *                  the switch to the victim, its handler unmapping and
 *                  freeing the page, and the yield back (NREV samples; the
 *                  kernel notes the request met at its next timer tick,
 *                  which is not counted)
 *   rev_forced     a victim that ignores a request for NBIG pages loses them
 *                  by force; the kernel prints what each forced take and
 *                  the longest timer tick cost (repo.c, at halt)
 *
 * Built twice: the bench image, and with -DBENCH_SMOKE a small one for
 * `make check` (few samples; only that every primitive runs is checked).
 */
#include "../lib/lib.h"
#include "../lib/avm_range.h"

#ifdef BENCH_SMOKE
#define N      21      /* samples of a light primitive (odd: the median is one) */
#define NH     5       /* samples of a heavy one (fork, appel2, prot100) */
#define NWARM  5
#define NHWARM 1
#define NREV   5
#define RVWARM 1
#define NBIG   64
#else
#define N      2001
#define NH     201
#define NWARM  200
#define NHWARM 20
#define NREV   51
#define RVWARM 5
#define NBIG   1024
#endif

typedef unsigned long u64;
typedef unsigned int u32;

static inline u64 tsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (u64)hi << 32 | lo;
}

/* u32: half the pages of u64, and each writable page of ours costs fork()
 * a capability per child. */
static u32 sample[N];
static int bad;   /* failed operations */
static int bad_reported;

static void report(const char *name, int n)
{
	/* insertion sort: small n, no libc */
	for (int i = 1; i < n; i++) {
		u32 v = sample[i];
		int j = i - 1;
		while (j >= 0 && sample[j] > v) {
			sample[j + 1] = sample[j];
			j--;
		}
		sample[j + 1] = v;
	}
	printf("bench: %s median=%u min=%u n=%d", name, sample[n / 2], sample[0], n);
	if (bad != bad_reported)
		printf(" failed=%d", bad - bad_reported);
	bad_reported = bad;
	printf("\n");
}

static void fail(const char *what, long r)
{
	printf("bench: error: %s: %ld\n", what, r);
	bad++;
}

/* The faulting store: one instruction between two labels, so a handler
 * can skip it exactly (the Linux baseline uses the same code). */
void probe_store(volatile char *p);
extern char probe_store_end[];
__asm__(".text\n"
	".globl probe_store\n"
	"probe_store:\n\tmovb $1, (%rdi)\n"
	".globl probe_store_end\n"
	"probe_store_end:\n\tret\n");

static long parent_id;

/* ---- the virtual-memory primitives (before any fork) ------------------ */

#define VM_VA  (USER_BASE + 0x60000000ul)   /* 2 MiB aligned: one leaf table */
#define NVM    102                          /* 0..99: the 100; 100, 101: appel1 */
#define PG(i)  ((volatile char *)(VM_VA + (u64)(i) * PGSIZE))
#define PAGE_VA (VM_VA + 200 * PGSIZE)      /* the page primitive's address */
static u32 vm_ppn[NVM];
static volatile u64 nfault;

static int vm_setup(void)
{
	for (int i = 0; i < NVM; i++) {
		long p = page_pick_free();
		if (p < 0 || sys_page_alloc((u64)p) != E_OK)
			return -1;
		if (vm_map((u64)PG(i), (u64)p, PERM_W) != E_OK)
			return -1;
		vm_ppn[i] = (u32)p;
		*PG(i) = 1;
	}
	return 0;
}

static void vm_teardown(void)
{
	for (int i = 0; i < NVM; i++) {
		long r = vm_unmap((u64)PG(i));
		if (r == E_OK)
			r = sys_page_free(vm_ppn[i]);
		if (r != E_OK)
			fail("vm teardown", r);
	}
}

static void on_skip(struct exc_frame *f)
{
	nfault++;
	if (f->vector == 14 && f->regs.rip == (u64)probe_store)
		f->regs.rip = (u64)probe_store_end;
	else if (f->vector == 6)
		f->regs.rip += 2;           /* ud2 */
	else {
		printf("bench: unexpected exception %lu at 0x%lx\n", f->vector, f->regs.rip);
		sys_exit(9);
	}
}

static void on_unexpected(struct exc_frame *f)
{
	printf("bench: unexpected exception %lu at rip 0x%lx addr 0x%lx\n", f->vector,
	       f->regs.rip, f->addr);
	sys_exit(8);
}

static int on_trap(u64 va, int write)
{
	nfault++;
	return write && avm_unprot(va) == E_OK;
}

static int on_appel1(u64 va, int write)
{
	nfault++;
	u64 pg = va & ~(PGSIZE - 1);
	u64 other = pg == (u64)PG(100) ? (u64)PG(101) : (u64)PG(100);
	return write && avm_unprot(pg) == E_OK && avm_prot1(other) == E_OK;
}

static void bench_exc(void)
{
	volatile char *p = PG(0);
	int r = exc_handler_set(on_skip);
	if (r != E_OK)
		fail("exc_handler_set", r);
	if (avm_prot1((u64)p) != E_OK)
		fail("avm_prot1", -1);
	for (int i = -NWARM; i < N; i++) {
		u64 before = nfault;
		u64 t0 = tsc();
		probe_store(p);
		u64 t1 = tsc();
		bad += nfault != before + 1;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("exc", N);
	bad += *p != 1;                     /* every store was skipped */
	for (int i = -NWARM; i < N; i++) {
		u64 before = nfault;
		u64 t0 = tsc();
		__asm__ volatile("ud2" ::: "memory");
		u64 t1 = tsc();
		bad += nfault != before + 1;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("exc_ud2", N);
	if (avm_unprot((u64)p) != E_OK)
		fail("avm_unprot", -1);
}

static void bench_trap(void)
{
	volatile char *p = PG(0);
	avm_trap_set(on_trap);
	for (int i = -NWARM; i < N; i++) {
		long r = avm_prot1((u64)p);
		u64 before = nfault;
		u64 t0 = tsc();
		probe_store(p);
		u64 t1 = tsc();
		bad += r != E_OK || nfault != before + 1;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("trap", N);
}

static void bench_prot(void)
{
	u64 p = (u64)PG(0);
	for (int i = -NWARM; i < N; i++) {
		u64 t0 = tsc();
		long r = avm_prot1(p);
		u64 t1 = tsc();
		bad += r != E_OK || avm_unprot(p) != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("prot1", N);
	for (int i = -NWARM; i < N; i++) {
		bad += avm_prot1(p) != E_OK;
		u64 t0 = tsc();
		long r = avm_unprot(p);
		u64 t1 = tsc();
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("unprot1", N);

	for (int i = -NHWARM; i < NH; i++) {
		u64 t0 = tsc();
		long r = avm_prot_range(p, 100, 0);
		u64 t1 = tsc();
		bad += r != E_OK || avm_prot_range(p, 100, PERM_W) != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("prot100", NH);
	for (int i = -NHWARM; i < NH; i++) {
		bad += avm_prot_range(p, 100, 0) != E_OK;
		u64 t0 = tsc();
		long r = avm_prot_range(p, 100, PERM_W);
		u64 t1 = tsc();
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("unprot100", NH);
	/* For reference: the same with avm_protN, a lookup per page. */
	for (int i = -NHWARM; i < NH; i++) {
		u64 t0 = tsc();
		long r = avm_protN(p, 100);
		u64 t1 = tsc();
		bad += r != E_OK || avm_prot_range(p, 100, PERM_W) != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("prot100_protN", NH);
}

static void bench_dirty(void)
{
	volatile char *p = PG(1);
	*p = 2;                             /* written: the MMU set D */
	for (int i = -NWARM; i < N; i++) {
		u64 t0 = tsc();
		int d = avm_dirty((u64)p);
		u64 t1 = tsc();
		bad += d != 1;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("dirty", N);
}

static void bench_appel(void)
{
	/* appel1: pages 100 and 101, one protected at a time. */
	avm_trap_set(on_appel1);
	bad += avm_prot1((u64)PG(100)) != E_OK;
	int cur = 100;
	for (int i = -NWARM; i < N; i++) {
		u64 before = nfault;
		u64 t0 = tsc();
		probe_store(PG(cur));
		u64 t1 = tsc();
		bad += nfault != before + 1;
		cur = cur == 100 ? 101 : 100;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("appel1", N);
	bad += avm_unprot((u64)PG(cur)) != E_OK;

	/* appel2: protect 100 pages, touch each in a scrambled order (k * 37
	 * mod 100 visits all); the handler unprotects the faulting page. */
	avm_trap_set(on_trap);
	for (int i = -NHWARM; i < NH; i++) {
		u64 before = nfault;
		u64 t0 = tsc();
		long r = avm_prot_range((u64)PG(0), 100, 0);
		for (int k = 0; k < 100; k++)
			probe_store(PG(k * 37 % 100));
		u64 t1 = tsc();
		bad += r != E_OK || nfault != before + 100;
		if (i >= 0)
			sample[i] = (u32)((t1 - t0 + 50) / 100);
	}
	report("appel2", NH);
}

/* ---- page: take, map, write, unmap, free ------------------------------ */

static void bench_page(void)
{
	for (int i = -NWARM; i < N; i++) {
		u64 t0 = tsc();
		long p = page_pick_free();
		long r = p < 0 ? E_NOMEM : sys_page_alloc((u64)p);
		if (r == E_OK)
			r = vm_map(PAGE_VA, (u64)p, PERM_W);
		if (r == E_OK) {
			*(volatile char *)PAGE_VA = 1;
			r = vm_unmap(PAGE_VA);
		}
		if (r == E_OK)
			r = sys_page_free((u64)p);
		u64 t1 = tsc();
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("page", N);
}

/* ---- yield, IPC, fork ------------------------------------------------- */

static void echo(struct ipc_msg *m)
{
	m->w[0] += 1;
}

static void bench_yield_ipc(void)
{
	/* A child that yields straight back to us, forever. */
	long y = fork();
	if (y == 0)
		for (;;)
			sys_yield(parent_id);
	if (y < 0) {
		fail("fork", y);
		return;
	}
	for (int i = -NWARM; i < N; i++) {
		u64 t0 = tsc();
		long r = sys_yield(y);
		u64 t1 = tsc();
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("yield", N);
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
	if (s < 0) {
		fail("fork", s);
		return;
	}
	for (int i = 0; i < 100 && !ipcinfo()->accept[slot_of(s)]; i++)
		sys_yield(s);
	unsigned long w[4] = { 0, 0, 0, 0 };
	for (int i = -NWARM; i < N; i++) {
		w[0] = (u64)i;
		u64 t0 = tsc();
		long r = ipc_call(s, w);
		u64 t1 = tsc();
		bad += r != E_OK || w[0] != (u64)i + 1;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("ipc", N);
	/* A timer tick during the callee's run ends the slice: the callee
	 * is then still in the call (E_BUSY) until it runs again. */
	int busy = 0;
	for (int i = -NWARM; i < N; i++) {
		u64 t0 = tsc();
		long r = ipc_send(s, w);
		u64 t1 = tsc();
		if (r == E_BUSY && busy < 1000) {
			busy++;
			sys_yield(s);
			i--;
			continue;
		}
		bad += r != E_OK;
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("ipc_send", N);
	if (busy)
		printf("bench: ipc_send found the callee busy %d times (a timer tick)\n", busy);
	sys_env_kill(s);
	fork_reap();
}

/* Where a fork's instructions go: fork() in the parent, the child's run
 * to its exit (its copy-on-write fault, SYS_EXIT, the kernel's teardown),
 * and fork_reap(). */
static u32 fork_part[3][NH];

static void bench_fork(void)
{
	for (int i = -NHWARM; i < NH; i++) {
		u64 t0 = tsc();
		long c = fork();
		if (c == 0)
			sys_exit(0);
		u64 ta = tsc();
		long st = c < 0 ? c : sys_env_run(c);
		u64 tb = tsc();
		long r = fork_reap();
		u64 t1 = tsc();
		if (c < 0 || st != 0 || r != 0) {
			fail("fork/run/reap", c < 0 ? c : st != 0 ? st : r);
			return;
		}
		if (i >= 0) {
			sample[i] = (u32)(t1 - t0);
			fork_part[0][i] = (u32)(ta - t0);
			fork_part[1][i] = (u32)(tb - ta);
			fork_part[2][i] = (u32)(t1 - tb);
		}
	}
	report("fork", NH);
	static const char *const part[3] = { "fork_parent", "fork_child_run", "fork_reap" };
	for (int k = 0; k < 3; k++) {
		for (int i = 0; i < NH; i++)
			sample[i] = fork_part[k][i];
		report(part[k], NH);
	}
}

/* ---- visible revocation ----------------------------------------------- */

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
	/* Set up: say so by a call (what the parent sees after a yield is no
	 * proof that we are done, as our slice may have ended mid-way). */
	unsigned long w[4] = { 0, 0, 0, 0 };
	if (ipc_call_wait(parent_id, w, 1000) != E_OK)
		sys_exit(6);
	for (;;)
		sys_yield(parent_id);
}

static volatile long rv_ready;
static void rv_on_ready(struct ipc_msg *m)
{
	rv_ready = m->caller;
}

/* Run victim v until it has taken (and recorded) all its pages. */
static int rv_wait_ready(long v)
{
	for (int i = 0; i < 100000 && rv_ready != v; i++)
		sys_yield(v);
	return rv_ready == v;
}

/* Wait (yielding to the victim) until the request against slot cs ends. */
static void rv_wait(long v, int cs)
{
	while (*(const volatile uint32_t *)&revinfo()->rq[cs].state != RQ_IDLE)
		sys_yield(v);
}

static void bench_revoke(void)
{
	if (ipc_serve(rv_on_ready) != E_OK) {
		fail("ipc_serve", -1);
		return;
	}
	long v = fork();
	if (v == 0)
		rv_victim(1, NREV + RVWARM);
	if (v < 0) {
		fail("fork", v);
		return;
	}
	int cs = slot_of(v);
	if (!rv_wait_ready(v)) {            /* it takes its pages and tells us */
		fail("rev victim setup", -1);
		return;
	}
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
			sample[i] = (u32)(t1 - t0);
	}
	report("rev_coop", NREV);
	sys_env_kill(v);
	fork_reap();

	v = fork();
	if (v == 0)
		rv_victim(0, NBIG);
	if (v < 0) {
		fail("fork", v);
		return;
	}
	cs = slot_of(v);
	if (!rv_wait_ready(v)) {
		fail("rev victim setup", -1);
		return;
	}
	u64 t0 = (u64)sys_ticks();
	long r = sys_rev_ask(v, REV_PAGES, NBIG, 1);
	rv_wait(v, cs);
	u64 t1 = (u64)sys_ticks();
	bad += r != E_OK || revinfo()->rq[cs].outcome != REV_DONE_FORCED ||
	       revinfo()->rq[cs].taken != NBIG;
	printf("bench: rev_forced pages=%lu timer_ticks=%lu\n", revinfo()->rq[cs].taken, t1 - t0);
	sys_env_kill(v);
	fork_reap();
}

int main(long envid)
{
	parent_id = envid;
	printf("bench: exokernel primitives, TSC ticks per operation (guest instructions "
	       "when QEMU runs with -icount shift=0, as make bench does)%s\n",
#ifdef BENCH_SMOKE
	       "; smoke run"
#else
	       ""
#endif
	);
	/* Our own slice: the timer then never finds the vector empty. */
	long sl = slice_pick_free();
	if (sl >= 0)
		sys_slice_alloc(TARGET_SELF, (u64)sl);

	for (int i = 0; i < N; i++) {
		u64 t0 = tsc(), t1 = tsc();
		sample[i] = (u32)(t1 - t0);
	}
	report("rdtsc", N);

	for (int i = -NWARM; i < N; i++) {
		u64 t0 = tsc();
		sys_env_id();
		u64 t1 = tsc();
		if (i >= 0)
			sample[i] = (u32)(t1 - t0);
	}
	report("null_syscall", N);

	/* The virtual-memory primitives first, with our own handlers: after
	 * a fork the handler must be fork's, which passes on only faults
	 * that are not copy-on-write. */
	if (vm_setup() != 0) {
		fail("vm setup", -1);
	} else {
		bench_exc();
		bench_trap();
		bench_prot();
		bench_dirty();
		bench_appel();
		vm_teardown();     /* fork() would share all 102 pages */
	}
	bench_page();
	exc_handler_set(on_unexpected);     /* fork_init() keeps it as its hook */
	nfault = 0;

	bench_yield_ipc();
	bench_fork();
	/* Last: its victims ignore or meet revocation requests. */
	bench_revoke();

	printf("bench: %s (%d failed operations)\n", bad ? "FAILED" : "done", bad);
	return bad != 0;
}
