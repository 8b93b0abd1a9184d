// SPDX-License-Identifier: MIT
/*
 * The primes sieve over pipes (McIlroy; Hoare's CSP; the Unix classic):
 * a chain of environments joined by pipes (lib/pipe.c: a shared page and
 * control transfer).  Stage 0 writes 2 .. N into the first pipe; each
 * stage prints the first number it reads (a prime), forks the next stage
 * when a number passes its filter, and passes on the numbers its prime
 * does not divide.  At the end of the input every stage closes its output
 * and waits for the stage after it.
 *
 * Pipe numbers alternate: stage k reads pipe 2 + k % 2 and writes
 * 2 + (k+1) % 2 (0 and 1 are left to standard input and output, so that
 * `primes 100 | wc` works).  A forked stage also inherits its parent's
 * input mapping at 2 + (k+1) % 2, which it drops before it opens its own
 * output there.
 */
#include "../lib/lib.h"
#include "../lib/spawn.h"

static int read_word(struct pipe *p, unsigned long *w)
{
	unsigned long got = 0;
	while (got < sizeof *w) {
		long n = pipe_read(p, (unsigned char *)w + got, sizeof *w - got);
		if (n <= 0)
			return 0;
		got += (unsigned long)n;
	}
	return 1;
}

static int stage;
static long up;              /* the stage before us */

/* Fork the next stage with a pipe to it; 0 or an error. */
static long next_stage(struct pipe *out, long *child)
{
	long me = sys_env_id();
	long c = fork();
	if (c == 0) {
		stage++;
		up = me;
		return 1;            /* we are the new stage */
	}
	if (c < 0)
		return c;
	*child = c;
	return pipe_open(2 + (stage + 1) % 2, c, out);
}

int main(long envid, long argc, char **argv)
{
	long max = arg_long(argc > 1 ? argv[1] : 0, 30, 2, 200);
	if (argc > 2 || (argc == 2 && arg_long(argv[1], -1, 2, 200) < 0)) {
		printf("primes: usage: primes [N], N from 2 to 200 (default 30)\n");
		return 1;
	}
	(void)envid;
	printf("primes:");
	struct pipe in, out;
	long child = 0, r;
	unsigned long prime = 0, n;
restart:
	prime = 0;
	if (stage > 0) {
		vm_unmap(PIPE_VA + (unsigned long)(2 + (stage + 1) % 2) * PGSIZE);
		pipe_attach(2 + stage % 2, up, &in);
	}
	child = 0;
	for (unsigned long i = 2;; i++) {
		if (stage == 0) {
			if (i > (unsigned long)max)
				break;
			n = i;
		} else if (!read_word(&in, &n)) {
			break;
		}
		if (stage > 0 && prime == 0) {
			prime = n;
			printf(" %lu", n);
			continue;
		}
		if (stage > 0 && n % prime == 0)
			continue;
		if (child == 0) {
			r = next_stage(&out, &child);
			if (r == 1)
				goto restart;
			if (r < 0) {
				printf("\nprimes: stage %d cannot start the next one: error %ld\n", stage, r);
				return 2;
			}
		}
		pipe_write(&out, &n, sizeof n);
	}
	long st = 0;
	if (child) {
		pipe_close(&out);
		st = sys_env_run(child);
	}
	if (stage == 0) {
		printf("\n");
		fork_reap();
	}
	return st ? 3 : 0;
}
