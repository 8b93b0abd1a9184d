// SPDX-License-Identifier: MIT
/*
 * bench.c -- the Linux baseline: what the primitives we compare our kernel
 * against cost on Linux, measured in the same QEMU (TCG, -icount shift=0,
 * one vCPU).  Under -icount shift=0 the guest TSC advances by exactly one
 * per guest instruction, so every figure here is a count of guest
 * instructions and is deterministic.
 *
 * Built with `gcc -static -O2` and run as /init of an initramfs (see
 * ci/linux-bench.sh).  It measures three round trips:
 *
 *   getppid      one null system call: syscall(SYS_getppid)
 *   sched_yield  two processes on the one CPU: A yields to B, B yields
 *                back to A
 *   pipe         two processes: A writes 1 byte to pipe 1, B reads it and
 *                writes 1 byte to pipe 2, A reads it
 *
 * For each it takes NSAMPLE per-round-trip samples after NWARM warm-up
 * rounds (each sample timed by its own pair of `lfence; rdtsc`), and
 * reports their median and minimum; it also times one loop of NSAMPLE
 * round trips and reports the mean (loop_mean), which carries no timer
 * overhead.  The per-sample figures include the cost of one timer read,
 * reported on its own line as "rdtsc".  Output, one line each:
 *
 *   linux-bench: NAME median=M min=N n=S loop_mean=L [more key=value]
 *   linux-bench: done
 *
 * Then it powers the VM off through QEMU's isa-debug-exit device (port
 * 0xf4; writing 0 makes QEMU exit with status 1), or, failing that, with
 * reboot(RB_POWER_OFF).  As the init process it must never return.
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
#include <unistd.h>

#define NWARM   1000	/* warm-up round trips, not recorded */
#define NSAMPLE 2001	/* recorded samples (odd: the median is one of them) */

#define EXIT_PORT 0xf4	/* QEMU -device isa-debug-exit,iobase=0xf4 */

static uint64_t samples[NSAMPLE];

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

/* Sort samples[] in place and print the standard line: median, min, n,
 * then `loop_total` / NSAMPLE as loop_mean (left out when loop_total is 0)
 * and `extra` (already formatted key=value pairs, or ""). */
static void report(const char *name, uint64_t loop_total, const char *extra)
{
	qsort(samples, NSAMPLE, sizeof samples[0], cmp_u64);
	printf("linux-bench: %s median=%llu min=%llu n=%d", name,
	       (unsigned long long)samples[NSAMPLE / 2],
	       (unsigned long long)samples[0], NSAMPLE);
	if (loop_total)
		printf(" loop_mean=%llu",
		       (unsigned long long)((loop_total + NSAMPLE / 2) / NSAMPLE));
	printf("%s%s\n", *extra ? " " : "", extra);
	fflush(stdout);
}

static void fail(const char *what)
{
	printf("linux-bench: error: %s: %s\n", what, strerror(errno));
	fflush(stdout);
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

/* ---- timer overhead -------------------------------------------------- */

static void bench_rdtsc(void)
{
	for (int i = 0; i < NSAMPLE; i++) {
		uint64_t t0 = tsc();
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
	}
	report("rdtsc", 0, "");
}

/* ---- getppid: the null system call ----------------------------------- */

static void bench_getppid(void)
{
	for (int i = 0; i < NWARM; i++)
		syscall(SYS_getppid);
	for (int i = 0; i < NSAMPLE; i++) {
		uint64_t t0 = tsc();
		syscall(SYS_getppid);
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
	}
	uint64_t t0 = tsc();
	for (int i = 0; i < NSAMPLE; i++)
		syscall(SYS_getppid);
	uint64_t t1 = tsc();
	report("getppid", t1 - t0, "");
}

/* ---- sched_yield ping-pong ------------------------------------------- */

/* Shared by A (this process) and B (its child) through a MAP_SHARED page. */
struct yield_shared {
	volatile unsigned long b_turns;	/* rounds B has run */
	volatile int stop;		/* A tells B to exit */
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
	for (int i = 0; i < NWARM; i++)
		sched_yield();

	/* Per-sample round trips; each must have let B run exactly once,
	 * else this is not a ping-pong. */
	int alternated = 0;
	for (int i = 0; i < NSAMPLE; i++) {
		unsigned long before = sh->b_turns;
		uint64_t t0 = tsc();
		sched_yield();
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
		alternated += sh->b_turns == before + 1;
	}

	/* One timed loop of NSAMPLE round trips. */
	unsigned long before = sh->b_turns;
	uint64_t t0 = tsc();
	for (int i = 0; i < NSAMPLE; i++)
		sched_yield();
	uint64_t t1 = tsc();
	unsigned long loop_b = sh->b_turns - before;

	sh->stop = 1;
	waitpid(b, NULL, 0);
	munmap(sh, sizeof *sh);

	char extra[96];
	snprintf(extra, sizeof extra, "alternated=%d/%d loop_b_turns=%lu/%d",
		 alternated, NSAMPLE, loop_b, NSAMPLE);
	report("sched_yield", t1 - t0, extra);
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
	int bad = 0;
	for (int i = 0; i < NWARM; i++)
		bad |= write(p1[1], &c, 1) != 1 || read(p2[0], &c, 1) != 1;
	for (int i = 0; i < NSAMPLE; i++) {
		uint64_t t0 = tsc();
		bad |= write(p1[1], &c, 1) != 1;
		bad |= read(p2[0], &c, 1) != 1;
		uint64_t t1 = tsc();
		samples[i] = t1 - t0;
	}
	uint64_t t0 = tsc();
	for (int i = 0; i < NSAMPLE; i++) {
		bad |= write(p1[1], &c, 1) != 1;
		bad |= read(p2[0], &c, 1) != 1;
	}
	uint64_t t1 = tsc();

	c = 'q';
	bad |= write(p1[1], &c, 1) != 1;
	waitpid(b, NULL, 0);
	close(p1[1]);
	close(p2[0]);
	if (bad) {
		fail("pipe read/write");
		return;
	}
	report("pipe", t1 - t0, "");
}

int main(void)
{
	console();
	signal(SIGPIPE, SIG_IGN);

	/* Both processes of each ping-pong on one CPU (the VM has one, but
	 * pin anyway in case it is booted with more). */
	cpu_set_t cpus;
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof cpus, &cpus) < 0)
		fail("sched_setaffinity");

	printf("linux-bench: start (guest instructions per round trip, "
	       "rdtsc under -icount shift=0)\n");
	fflush(stdout);
	bench_rdtsc();
	bench_getppid();
	bench_yield();
	bench_pipe();
	printf("linux-bench: done\n");
	power_off();
}
