// SPDX-License-Identifier: MIT
/*
 * bench.c -- the Linux baseline: what the primitives we compare our kernel
 * against cost on Linux, measured in the same QEMU (TCG, one vCPU).  Under
 * -icount shift=0 the guest TSC advances by exactly one per guest
 * instruction, so every figure is a count of guest instructions and is
 * deterministic; without -icount it is TCG's host-time-based TSC (noisy).
 *
 * Built with `gcc -static -O2` and run as /init of an initramfs (see
 * ci/linux-bench.sh).  The same operations as libos/bench/bench.c:
 *
 *   getppid      the null system call: syscall(SYS_getppid)
 *   exc          a store to a read-only page; the SIGSEGV handler skips
 *                it by setting RIP in the ucontext past the store
 *   trap         a store to a read-only page; the SIGSEGV handler makes
 *                the page writable (mprotect) and the store is retried
 *   prot1/unprot1      mprotect of one page, PROT_READ / read+write
 *   prot100/unprot100  one mprotect of 100 pages
 *   dirty        is a page dirty?  The soft-dirty bit (55) of its
 *                /proc/self/pagemap entry, one pread (the closest Linux
 *                has: mincore tells residency, not dirtiness)
 *   appel1       a store to a protected page; the handler unprotects it
 *                and protects another (two pages, in turn)
 *   appel2       protect 100 pages (one mprotect), store to each in a
 *                fixed scrambled order, the handler unprotects the
 *                faulting page; the figure is per page (sample / 100)
 *   sched_yield  two processes on the one CPU: A yields to B, B yields
 *                back to A
 *   pipe         A writes 1 byte to pipe 1, B reads it and writes 1 byte
 *                to pipe 2, A reads it
 *   shm_yield    A writes a request word in a shared page and yields; B
 *                finds it, writes the reply and yields; A reads it
 *   fork         fork, the child calls _exit(0), the parent waitpid()s
 *   page         mmap one page MAP_POPULATE, write it, munmap
 *   page_touch   the same without MAP_POPULATE: the write faults it in
 *
 * For each it takes N (or NH for the heavy ones) per-operation samples
 * after warm-up rounds, each timed by its own pair of `lfence; rdtsc`, and
 * reports their median and minimum; the first three also time one loop
 * of N round trips and report its mean (loop_mean, no timer overhead).
 * The per-sample figures include one timer read, reported on its own line
 * as "rdtsc".  Output, one line each:
 *
 *   linux-bench: NAME median=M min=N n=S [loop_mean=L] [more key=value]
 *   linux-bench: done (F failed operations)
 *
 * The kernel command line word bench_smoke=1 (an environment variable of
 * /init) selects a smoke run: a few samples of each.  Then it powers the
 * VM off through QEMU's isa-debug-exit device (port 0xf4; writing 0 makes
 * QEMU exit with status 1), or, failing that, with reboot(RB_POWER_OFF).
 * As the init process it must never return.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <ucontext.h>
#include <unistd.h>

#define NMAX    2001	/* samples of a light primitive (odd: the median is one) */
#define EXIT_PORT 0xf4	/* QEMU -device isa-debug-exit,iobase=0xf4 */
#define PAGE    4096ul

static int N = 2001, NH = 201, NWARM = 1000, NHWARM = 20;
/* Warm-up of the two-process ping-pongs, also in a smoke run: CFS lets
 * sched_yield alternate only once the two vruntimes are close. */
#define NYWARM 1000
static uint64_t samples[NMAX];
static int bad;		/* failed operations */

/* The guest TSC; lfence keeps the read from moving ahead of earlier
 * instructions on real hardware (under TCG it costs one instruction). */
static inline uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sort samples[0..n) in place and print the standard line: median, min,
 * n, then `loop_total` / n as loop_mean (left out when loop_total is 0)
 * and `extra` (already formatted key=value pairs, or ""). */
static void report_n(const char *name, int n, uint64_t loop_total, const char *extra)
{
	qsort(samples, n, sizeof samples[0], cmp_u64);
	printf("linux-bench: %s median=%llu min=%llu n=%d", name,
	       (unsigned long long)samples[n / 2], (unsigned long long)samples[0], n);
	if (loop_total)
		printf(" loop_mean=%llu", (unsigned long long)((loop_total + n / 2) / n));
	printf("%s%s\n", *extra ? " " : "", extra);
	fflush(stdout);
}

static void report(const char *name, uint64_t loop_total, const char *extra)
{
	report_n(name, N, loop_total, extra);
}

static void fail(const char *what)
{
	printf("linux-bench: error: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	bad++;
}

/* Power the VM off; never returns. */
static void __attribute__((noreturn)) power_off(void)
{
	fflush(stdout);
	tcdrain(STDOUT_FILENO);	/* let the UART send the last lines */
	if (ioperm(EXIT_PORT, 4, 1) == 0)
		outb(0, EXIT_PORT);	/* QEMU exits with status (0<<1)|1 = 1 */
	else
		fail("ioperm");
	sync();
	reboot(RB_POWER_OFF);
	fail("reboot");
	for (;;)
		pause();
}

/* The kernel opens /dev/console from its built-in initramfs for us; if it
 * could not, mount devtmpfs and open the console ourselves. */
static void console(void)
{
	if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
		return;
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		power_off();	/* nowhere to report to */
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* ---- timer overhead, null system call --------------------------------- */

static void bench_rdtsc(void)
{
	for (int i = 0; i < N; i++) {
		uint64_t t0 = tsc();
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
	}
	report("rdtsc", 0, "");
}

static void bench_getppid(void)
{
	for (int i = 0; i < NWARM; i++)
		syscall(SYS_getppid);
	for (int i = 0; i < N; i++) {
		uint64_t t0 = tsc();
		syscall(SYS_getppid);
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
	}
	uint64_t t0 = tsc();
	for (int i = 0; i < N; i++)
		syscall(SYS_getppid);
	uint64_t t1 = tsc();
	report("getppid", t1 - t0, "");
}

/* ---- exceptions and the Appel-Li primitives ---------------------------- */

/* The faulting store: one instruction between two labels, so the handler
 * can skip it exactly (libos/bench/bench.c uses the same code). */
void probe_store(volatile char *p);
extern char probe_store_end[];
__asm__(".text\n"
	".globl probe_store\n"
	"probe_store:\n\tmovb $1, (%rdi)\n"
	".globl probe_store_end\n"
	"probe_store_end:\n\tret\n");

#define NVM 102		/* 0..99: the 100; 100, 101: appel1 */
static char *vm;	/* NVM pages, read+write, touched */
#define PG(i) (vm + (size_t)(i) * PAGE)
static volatile unsigned long nfault;
enum { M_SKIP, M_TRAP, M_APPEL1 };
static volatile int mode;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	ucontext_t *uc = ctx;
	char *pg = (char *)((uintptr_t)si->si_addr & ~(PAGE - 1));
	nfault++;
	switch (mode) {
	case M_SKIP:
		if (uc->uc_mcontext.gregs[REG_RIP] != (greg_t)(uintptr_t)probe_store)
			break;
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)probe_store_end;
		return;
	case M_TRAP:
		if (mprotect(pg, PAGE, PROT_READ | PROT_WRITE) != 0)
			break;
		return;
	case M_APPEL1:
		if (mprotect(pg, PAGE, PROT_READ | PROT_WRITE) != 0 ||
		    mprotect(pg == PG(100) ? PG(101) : PG(100), PAGE, PROT_READ) != 0)
			break;
		return;
	}
	static const char msg[] = "linux-bench: error: unexpected SIGSEGV\n";
	write(STDOUT_FILENO, msg, sizeof msg - 1);
	_exit(9);
}

static int vm_setup(void)
{
	vm = mmap(NULL, NVM * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm == MAP_FAILED) {
		fail("mmap");
		return -1;
	}
	for (int i = 0; i < NVM; i++)
		*PG(i) = 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0) {
		fail("sigaction");
		return -1;
	}
	return 0;
}

static int prot(void *p, size_t npages, int rw)
{
	return mprotect(p, npages * PAGE, rw ? PROT_READ | PROT_WRITE : PROT_READ);
}

static void bench_exc(void)
{
	mode = M_SKIP;
	bad += prot(PG(0), 1, 0) != 0;
	for (int i = -NWARM; i < N; i++) {
		unsigned long before = nfault;
		uint64_t t0 = tsc();
		probe_store(PG(0));
		uint64_t t1 = tsc();
		bad += nfault != before + 1;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report("exc", 0, "");
	bad += prot(PG(0), 1, 1) != 0;
}

static void bench_trap(void)
{
	mode = M_TRAP;
	for (int i = -NWARM; i < N; i++) {
		int r = prot(PG(0), 1, 0);
		unsigned long before = nfault;
		uint64_t t0 = tsc();
		probe_store(PG(0));
		uint64_t t1 = tsc();
		bad += r != 0 || nfault != before + 1;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report("trap", 0, "");
}

static void bench_prot(void)
{
	for (int i = -NWARM; i < N; i++) {
		uint64_t t0 = tsc();
		int r = prot(PG(0), 1, 0);
		uint64_t t1 = tsc();
		bad += r != 0 || prot(PG(0), 1, 1) != 0;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report("prot1", 0, "");
	for (int i = -NWARM; i < N; i++) {
		bad += prot(PG(0), 1, 0) != 0;
		uint64_t t0 = tsc();
		int r = prot(PG(0), 1, 1);
		uint64_t t1 = tsc();
		bad += r != 0;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report("unprot1", 0, "");
	for (int i = -NHWARM; i < NH; i++) {
		uint64_t t0 = tsc();
		int r = prot(PG(0), 100, 0);
		uint64_t t1 = tsc();
		bad += r != 0 || prot(PG(0), 100, 1) != 0;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report_n("prot100", NH, 0, "");
	for (int i = -NHWARM; i < NH; i++) {
		bad += prot(PG(0), 100, 0) != 0;
		uint64_t t0 = tsc();
		int r = prot(PG(0), 100, 1);
		uint64_t t1 = tsc();
		bad += r != 0;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report_n("unprot100", NH, 0, "");
}

/* Soft-dirty: bit 55 of the page's pagemap entry; writing "4" to
 * /proc/self/clear_refs clears it (and write-protects the PTEs, so the
 * next write sets it again). */
static void bench_dirty(void)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0) {
		fail("open /proc/self/pagemap");
		return;
	}
	int cr = open("/proc/self/clear_refs", O_WRONLY);
	uint64_t e = 0;
	off_t off = (off_t)((uintptr_t)PG(1) / PAGE * 8);
	int cleared = -1, written = -1;
	if (cr >= 0 && write(cr, "4", 1) == 1 && pread(fd, &e, 8, off) == 8)
		cleared = (int)(e >> 55 & 1);
	*(volatile char *)PG(1) = 2;
	if (pread(fd, &e, 8, off) == 8)
		written = (int)(e >> 55 & 1);
	if (cr >= 0)
		close(cr);
	for (int i = -NWARM; i < N; i++) {
		uint64_t t0 = tsc();
		ssize_t n = pread(fd, &e, 8, off);
		int d = (int)(e >> 55 & 1);
		uint64_t t1 = tsc();
		bad += n != 8 || d != 1;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	close(fd);
	char extra[64];
	snprintf(extra, sizeof extra, "soft_dirty_cleared=%d soft_dirty_written=%d", cleared,
		 written);
	bad += cleared != 0 || written != 1;
	report("dirty", 0, extra);
}

static void bench_appel(void)
{
	mode = M_APPEL1;
	bad += prot(PG(100), 1, 0) != 0;
	int cur = 100;
	for (int i = -NWARM; i < N; i++) {
		unsigned long before = nfault;
		uint64_t t0 = tsc();
		probe_store(PG(cur));
		uint64_t t1 = tsc();
		bad += nfault != before + 1;
		cur = cur == 100 ? 101 : 100;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report("appel1", 0, "");
	bad += prot(PG(cur), 1, 1) != 0;

	mode = M_TRAP;
	for (int i = -NHWARM; i < NH; i++) {
		unsigned long before = nfault;
		uint64_t t0 = tsc();
		int r = prot(PG(0), 100, 0);
		for (int k = 0; k < 100; k++)
			probe_store(PG(k * 37 % 100));
		uint64_t t1 = tsc();
		bad += r != 0 || nfault != before + 100;
		if (i >= 0)
			samples[i] = (t1 - t0 + 50) / 100;
	}
	report_n("appel2", NH, 0, "");
}

/* ---- sched_yield ping-pong ------------------------------------------- */

/* Shared by A (this process) and B (its child) through a MAP_SHARED page. */
struct yield_shared {
	volatile unsigned long b_turns;	/* rounds B has run */
	volatile int stop;		/* A tells B to exit */
	volatile unsigned long req, resp;	/* shm_yield: A's request, B's reply */
};

static void bench_yield(void)
{
	struct yield_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		fail("mmap");
		return;
	}
	sh->b_turns = 0;
	sh->stop = 0;

	pid_t b = fork();
	if (b < 0) {
		fail("fork");
		return;
	}
	if (b == 0) {
		/* B: count one turn, hand the CPU back, until told to stop. */
		while (!sh->stop) {
			sh->b_turns++;
			sched_yield();
		}
		_exit(0);
	}

	/* A: wait until B has run once, then warm up. */
	while (sh->b_turns == 0)
		sched_yield();
	for (int i = 0; i < NYWARM; i++)
		sched_yield();

	/* Per-sample round trips; each must have let B run exactly once,
	 * else this is not a ping-pong. */
	int alternated = 0;
	for (int i = 0; i < N; i++) {
		unsigned long before = sh->b_turns;
		uint64_t t0 = tsc();
		sched_yield();
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
		alternated += sh->b_turns == before + 1;
	}

	/* One timed loop of N round trips. */
	unsigned long before = sh->b_turns;
	uint64_t t0 = tsc();
	for (int i = 0; i < N; i++)
		sched_yield();
	uint64_t t1 = tsc();
	unsigned long loop_b = sh->b_turns - before;

	sh->stop = 1;
	waitpid(b, NULL, 0);
	munmap(sh, sizeof *sh);

	char extra[96];
	snprintf(extra, sizeof extra, "alternated=%d/%d loop_b_turns=%lu/%d", alternated, N,
		 loop_b, N);
	report("sched_yield", t1 - t0, extra);
}

/* ---- IPC: shared memory and sched_yield ------------------------------- */

static void bench_shm_yield(void)
{
	struct yield_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		fail("mmap");
		return;
	}
	sh->stop = 0;
	sh->req = sh->resp = 0;
	pid_t b = fork();
	if (b < 0) {
		fail("fork");
		return;
	}
	if (b == 0) {
		/* B: the server: answer each new request with request + 1. */
		unsigned long last = 0;
		while (!sh->stop) {
			unsigned long q = sh->req;
			if (q != last) {
				sh->resp = q + 1;
				last = q;
			}
			sched_yield();
		}
		_exit(0);
	}
	/* A: post a request, yield until the reply is there (once, when the
	 * yields alternate, as they do after the warm-up). */
	int once = 0;
	for (int i = -NYWARM; i < N; i++) {
		unsigned long q = (unsigned long)(i + NYWARM + 1), y = 0;
		uint64_t t0 = tsc();
		sh->req = q;
		do
			sched_yield();
		while (sh->resp != q + 1 && ++y < 1000000);
		uint64_t t1 = tsc();
		bad += y == 1000000;
		if (i >= 0) {
			samples[i] = t1 - t0;
			once += y == 0;
		}
	}
	sh->stop = 1;
	waitpid(b, NULL, 0);
	munmap(sh, sizeof *sh);
	char extra[64];
	snprintf(extra, sizeof extra, "one_yield=%d/%d", once, N);
	report("shm_yield", 0, extra);
}

/* ---- pipe ping-pong -------------------------------------------------- */

static void bench_pipe(void)
{
	int p1[2], p2[2];	/* A -> B, B -> A */
	if (pipe(p1) < 0 || pipe(p2) < 0) {
		fail("pipe");
		return;
	}
	pid_t b = fork();
	if (b < 0) {
		fail("fork");
		return;
	}
	if (b == 0) {
		/* B: echo every byte back until A sends 'q' or closes. */
		close(p1[1]);
		close(p2[0]);
		char c;
		while (read(p1[0], &c, 1) == 1 && c != 'q')
			if (write(p2[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(p1[0]);
	close(p2[1]);

	char c = 'x';
	int err = 0;
	for (int i = 0; i < NYWARM; i++)
		err |= write(p1[1], &c, 1) != 1 || read(p2[0], &c, 1) != 1;
	for (int i = 0; i < N; i++) {
		uint64_t t0 = tsc();
		err |= write(p1[1], &c, 1) != 1;
		err |= read(p2[0], &c, 1) != 1;
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
	}
	uint64_t t0 = tsc();
	for (int i = 0; i < N; i++) {
		err |= write(p1[1], &c, 1) != 1;
		err |= read(p2[0], &c, 1) != 1;
	}
	uint64_t t1 = tsc();

	c = 'q';
	err |= write(p1[1], &c, 1) != 1;
	waitpid(b, NULL, 0);
	close(p1[1]);
	close(p2[0]);
	if (err) {
		fail("pipe read/write");
		return;
	}
	report("pipe", t1 - t0, "");
}

/* ---- fork+exit+wait, page map+touch+unmap ------------------------------ */

static void bench_fork(void)
{
	for (int i = -NHWARM; i < NH; i++) {
		int st = -1;
		uint64_t t0 = tsc();
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		pid_t w = c < 0 ? c : waitpid(c, &st, 0);
		uint64_t t1 = tsc();
		if (c < 0 || w != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fail("fork/_exit/waitpid");
			return;
		}
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report_n("fork", NH, 0, "");
}

static void bench_page(int populate, const char *name)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0);
	for (int i = -NWARM; i < N; i++) {
		uint64_t t0 = tsc();
		char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, flags, -1, 0);
		int r = p == MAP_FAILED;
		if (!r) {
			*(volatile char *)p = 1;
			r = munmap(p, PAGE);
		}
		uint64_t t1 = tsc();
		bad += r != 0;
		if (i >= 0)
			samples[i] = t1 - t0;
	}
	report(name, 0, "");
}

int main(void)
{
	console();
	signal(SIGPIPE, SIG_IGN);
	const char *smoke = getenv("bench_smoke");
	if (smoke && *smoke == '1') {
		N = 21;
		NH = 5;
		NWARM = 5;
		NHWARM = 1;
	}
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		fail("mount /proc");

	/* Both processes of each ping-pong on one CPU (the VM has one, but
	 * pin anyway in case it is booted with more). */
	cpu_set_t cpus;
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof cpus, &cpus) < 0)
		fail("sched_setaffinity");

	/* Not as PID 1: for init, the kernel counts every SIGSEGV as
	 * unhandled and logs each one (show_unhandled_signals). */
	pid_t run = fork();
	if (run < 0) {
		fail("fork");
		power_off();
	}
	if (run > 0) {
		int st = 0;
		while (waitpid(run, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			printf("linux-bench: error: the bench process ended with status 0x%x\n", st);
		power_off();
	}
	printf("linux-bench: start (guest instructions per operation, "
	       "rdtsc under -icount shift=0)%s\n", N < NMAX ? "; smoke run" : "");
	fflush(stdout);
	bench_rdtsc();
	bench_getppid();
	if (vm_setup() == 0) {
		bench_exc();
		bench_trap();
		bench_prot();
		bench_dirty();
		bench_appel();
		munmap(vm, NVM * PAGE);	/* as on the exokernel: not under fork */
	}
	bench_page(1, "page");
	bench_page(0, "page_touch");
	bench_yield();
	bench_pipe();
	bench_shm_yield();
	bench_fork();
	printf("linux-bench: done (%d failed operations)\n", bad);
	fflush(stdout);
	_exit(0);
}
