// SPDX-License-Identifier: MIT
/*
 * Host unit tests of kernel/core: directed tests, then random-sequence
 * batches.  Environment:
 *   SEED=<n>     master seed (decimal or 0x...); default: from the clock
 *   ROUNDS=<n>   number of random batches (default 40)
 *   CALLS=<n>    random calls per batch (default 1000)
 *   ROUND=<r>    run only random batch r (with the same SEED) and no
 *                directed tests, to reproduce a failure quickly
 * Prints one line per failure, and ends with "RESULT passed=N failed=M"
 * (ci/unit/run.sh turns that into the summary line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"

static unsigned passed, failed;

static void finish_test(void)
{
	if (cur_failures)
		failed++;
	else
		passed++;
}

static uint64_t env_u64(const char *name, uint64_t dflt, int *given)
{
	const char *s = getenv(name);
	if (given)
		*given = s && *s;
	if (!s || !*s)
		return dflt;
	char *end;
	uint64_t v = strtoull(s, &end, 0);
	if (*end) {
		fprintf(stderr, "unit: bad %s=%s\n", name, s);
		exit(2);
	}
	return v;
}

/* seed of batch `round`: a fixed function of the master seed */
static uint64_t batch_seed(uint64_t master, uint64_t round)
{
	uint64_t s = master ^ (round * 0xd1342543de82ef95ull);
	return rng_next(&s);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);

	int seed_given, only_given;
	uint64_t clock_seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
	uint64_t seed = env_u64("SEED", clock_seed, &seed_given);
	uint64_t rounds = env_u64("ROUNDS", 40, NULL);
	uint64_t calls = env_u64("CALLS", 1000, NULL);
	uint64_t only = env_u64("ROUND", 0, &only_given);

	printf("unit tests: SEED=%#llx ROUNDS=%llu CALLS=%llu%s\n",
	       (unsigned long long)seed, (unsigned long long)rounds,
	       (unsigned long long)calls, seed_given ? " (seed from environment)" : "");

	if (!only_given) {
		const struct test *suites[] = { directed_tests, cap_tests, sched_tests,
						revoke_tests };
		const size_t sizes[] = { n_directed_tests, n_cap_tests, n_sched_tests,
					 n_revoke_tests };
		for (size_t s = 0; s < 4; s++)
			for (size_t i = 0; i < sizes[s]; i++) {
				cur_test = suites[s][i].name;
				cur_failures = 0;
				cur_ctx[0] = 0;
				mem_reset();
				suites[s][i].fn();
				mem_full_check();
				finish_test();
			}
	}

	cov_reset();
	stat_calls = 0;
	for (uint64_t r = only_given ? only : 0; r < (only_given ? only + 1 : rounds); r++) {
		cur_test = "random";
		cur_failures = 0;
		snprintf(cur_ctx, sizeof cur_ctx, "SEED=%#llx ROUND=%llu call",
			 (unsigned long long)seed, (unsigned long long)r);
		random_batch(batch_seed(seed, r), (unsigned)calls);
		if (cur_failures)
			printf("FAIL [random] reproduce: SEED=%#llx ROUND=%llu CALLS=%llu bash ci/unit/run.sh\n",
			       (unsigned long long)seed, (unsigned long long)r,
			       (unsigned long long)calls);
		finish_test();
	}

	printf("behaviors taken by the random calls (model-checked, %lu checked calls; "
	       "at most %lu tables, %lu mapped pages, %lu live capabilities and %lu capability "
	       "mappings at once; %lu sweeps finished, the longest in %lu marking passes):\n",
	       stat_calls, stat_max_tables, stat_max_maps, stat_max_caps, stat_max_cap_maps,
	       stat_sweeps, stat_max_passes);
	cov_print(0, F_KILL_PAGE);    /* the revocation calls: test_revoke.c */
	/* every behavior of every contract must have been exercised */
	if (!only_given && rounds * calls >= 20000) {
		cur_test = "random_coverage";
		cur_failures = 0;
		cur_ctx[0] = 0;
		cov_complete();
		finish_test();
	}

	printf("RESULT passed=%u failed=%u\n", passed, failed);
	return failed ? 1 : 0;
}
