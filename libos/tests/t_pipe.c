// SPDX-License-Identifier: MIT
/*
 * Pipes on a shared page and control transfer (lib/pipe.c): 64 KiB of
 * pseudo-random bytes through a 4 KiB ring to a child, in writes of
 * every size from 1 byte to 2 KiB; the child sends back the count and a
 * checksum through a second pipe; then 1000 one-byte round trips; then
 * end of file.  Also a pipe to a stale id fails and leaves nothing
 * behind.
 */
#include "../lib/lib.h"

#define TOTAL (64 * 1024)

static unsigned long fnv(unsigned long h, const unsigned char *b, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ul;
	return h;
}

/* The bytes sent: a generator, not a 64 KiB array (every writable page
 * of ours costs fork() a capability). */
static unsigned long gen_x = 12345;
static unsigned char gen(void)
{
	gen_x = gen_x * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned char)(gen_x >> 33);
}

static void child(long parent)
{
	struct pipe down, up;
	pipe_attach(0, parent, &down);
	pipe_attach(1, parent, &up);
	unsigned long total = 0, h = 0xcbf29ce484222325ul, len = 0;
	unsigned char buf[700];
	/* an 8-byte length, then that many bytes */
	while (total < 8) {
		long n = pipe_read(&down, (unsigned char *)&len + total, 8 - total);
		if (n <= 0)
			sys_exit(2);
		total += (unsigned long)n;
	}
	total = 0;
	while (total < len) {
		unsigned long want = len - total < sizeof buf ? len - total : sizeof buf;
		long n = pipe_read(&down, buf, want);
		if (n <= 0)
			sys_exit(3);
		h = fnv(h, buf, (unsigned long)n);
		total += (unsigned long)n;
	}
	unsigned long reply[2] = { total, h };
	pipe_write(&up, reply, sizeof reply);
	for (;;) {            /* echo single bytes until end of file */
		unsigned char c;
		long n = pipe_read(&down, &c, 1);
		if (n == 0)
			sys_exit(0);
		if (n < 0)
			sys_exit(4);
		c ^= 0xFF;
		pipe_write(&up, &c, 1);
	}
}

static inline unsigned long tsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (unsigned long)hi << 32 | lo;
}

int main(long envid)
{
	printf("t_pipe: env 0x%lx\n", envid);
	unsigned long want_h = 0xcbf29ce484222325ul;
	static unsigned char chunkbuf[2048];

	struct pipe bad;
	unsigned long before = count_free_pages();
	CHECK(pipe_open(0, 5 * NENV + 63, &bad) < 0, "a pipe to a stale id fails");
	CHECK(pipe_open(PIPE_MAX, envid, &bad) == E_INVAL, "pipe number out of range: E_INVAL");
	CHECK(count_free_pages() == before, "and leaves no page behind");

	long c = fork();
	if (c == 0)
		child(envid);
	CHECK(c > 0, "fork the reader");
	if (c < 0)
		return 1;
	struct pipe down, up;
	CHECK(pipe_open(0, c, &down) == E_OK && pipe_open(1, c, &up) == E_OK,
	      "two pipes to it, before it runs");

	unsigned long len = TOTAL;
	pipe_write(&down, &len, sizeof len);
	unsigned long off = 0, chunk = 1;
	while (off < TOTAL) {
		unsigned long n = TOTAL - off < chunk ? TOTAL - off : chunk;
		for (unsigned long i = 0; i < n; i++)
			chunkbuf[i] = gen();
		want_h = fnv(want_h, chunkbuf, n);
		if (pipe_write(&down, chunkbuf, n) != (long)n)
			break;
		off += n;
		chunk = chunk * 2 + 1 > 2048 ? 1 : chunk * 2 + 1;
	}
	CHECK(off == TOTAL, "64 KiB written in writes of 1 to 2047 bytes");
	unsigned long reply[2] = { 0, 0 }, got = 0;
	while (got < sizeof reply) {
		long n = pipe_read(&up, (unsigned char *)reply + got, sizeof reply - got);
		if (n <= 0)
			break;
		got += (unsigned long)n;
	}
	CHECK(reply[0] == TOTAL && reply[1] == want_h, "the reader got every byte, in order");

	static unsigned long rt[1001];
	int good = 1;
	for (int i = 0; i < 1001; i++) {
		unsigned char b = (unsigned char)i, r = 0;
		unsigned long t0 = tsc();
		pipe_write(&down, &b, 1);
		long n = pipe_read(&up, &r, 1);
		rt[i] = tsc() - t0;
		good &= n == 1 && r == (unsigned char)(b ^ 0xFF);
	}
	CHECK(good, "1001 one-byte round trips through the two pipes");
	for (int i = 1; i < 1001; i++) {       /* median, for the record */
		unsigned long v = rt[i];
		int j = i - 1;
		while (j >= 0 && rt[j] > v) {
			rt[j + 1] = rt[j];
			j--;
		}
		rt[j + 1] = v;
	}
	printf("t_pipe: one-byte round trip: median %lu TSC ticks\n", rt[500]);
	pipe_close(&down);
	CHECK(sys_env_run(c) == 0, "the reader sees end of file and exits 0");
	fork_reap();
	printf("t_pipe: %d failed\n", check_failures);
	return check_failures;
}
