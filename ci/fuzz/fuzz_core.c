// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the verified core (see ci/fuzz/README.md).
 *
 * One input is one random batch of ci/unit/test_random.c: boot a random
 * memory map, make FUZZ_CALLS calls (default 250) through the checked
 * wrappers of ci/unit/harness.c, then revoke everything, destroy every env
 * and check that all RAM and every capability slot came back.  The input's
 * bytes are the batch's choices (random_batch_bytes): each rng_below(n)
 * takes one byte, or as many as n needs, each rng_next eight; when they run
 * out, a PRNG seeded from a hash of the whole input makes the rest.  Every
 * call is compared with the reference model (result, whole state, page
 * contents), and checked for Inv, its frame and its TLB flushes; any
 * discrepancy is a failf() of the harness, and the target then aborts, so
 * that libFuzzer keeps the input as a crash.  ASan and UBSan abort on their
 * own.
 *
 * Feedback: the core and the model are compiled with coverage
 * instrumentation (ci/fuzz/run.sh), and the contract behaviors and
 * scenarios each batch took (harness.c's cov[][]) are handed to libFuzzer as
 * extra counters, so that an input reaching a new behavior, or reaching one
 * more often, is kept too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "harness.h"

#ifndef FUZZ_CORE_DIR
#define FUZZ_CORE_DIR "kernel/core"
#endif

static unsigned calls = 250;
static unsigned long inputs, input_bytes, used_bytes;
static time_t last_status;

/* Per input: how often each behavior of each contract was taken (saturated).
 * Not ASan-instrumented: libFuzzer reads and clears the whole section. */
__attribute__((section("__libfuzzer_extra_counters"), used, no_sanitize("address")))
static uint8_t behavior_counters[F_NFN][COV_MAXB];

static unsigned long cov_before[F_NFN][COV_MAXB];

static uint64_t input_seed(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ull ^ size;    /* FNV-1a, then splitmix */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ull;
	return rng_next(&h);
}

/* at exit: which behaviors and scenarios the inputs of this process took */
static void report(void)
{
	unsigned reached = 0, total = 0;
	char missing[2048];
	if (!inputs)    /* -merge's outer process, or a crash before any */
		return;
	int len = 0;
	missing[0] = 0;
	for (int f = 0; f < F_KILL_PAGE; f++)      /* the random calls' functions */
		for (unsigned b = 0; cov_beh[f][b]; b++) {
			total++;
			if (cov[f][b])
				reached++;
			else if (len < (int)sizeof missing)
				len += snprintf(missing + len, sizeof missing - len, " %s:%s",
						cov_fn_name[f], cov_beh[f][b]);
		}
	printf("fuzz-target: %lu inputs (%lu bytes, %lu of them used as choices), "
	       "%lu checked calls; %u of %u behaviors and scenarios reached%s%s\n",
	       inputs, input_bytes, used_bytes, stat_calls, reached, total,
	       reached < total ? "; never:" : "", missing);
	fflush(stdout);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *s = getenv("FUZZ_CALLS");
	if (s && *s) {
		char *end;
		unsigned long v = strtoul(s, &end, 0);
		if (*end || v == 0 || v > 100000) {
			fprintf(stderr, "fuzz-target: bad FUZZ_CALLS=%s\n", s);
			exit(2);
		}
		calls = (unsigned)v;
	}
	printf("fuzz-target: core %s, %u calls per input\n", FUZZ_CORE_DIR, calls);
	cov_reset();
	stat_calls = 0;
	last_status = time(NULL);
	atexit(report);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t seed = input_seed(data, size);

	cur_test = "fuzz";
	cur_failures = 0;
	snprintf(cur_ctx, sizeof cur_ctx, "input %#llx (%zu bytes) call",
		 (unsigned long long)seed, size);
	memcpy(cov_before, cov, sizeof cov_before);

	size_t used = random_batch_bytes(seed, data, size, calls);

	inputs++;
	input_bytes += size;
	used_bytes += used;
	time_t now = time(NULL);
	if (now - last_status >= 10) {   /* libFuzzer's own lines come at NEW inputs only */
		last_status = now;
		printf("fuzz-target: status: %lu inputs run\n", inputs);
	}
	for (int f = 0; f < F_NFN; f++)
		for (unsigned b = 0; b < COV_MAXB; b++) {
			unsigned long d = cov[f][b] - cov_before[f][b];
			behavior_counters[f][b] = d > 255 ? 255 : (uint8_t)d;
		}
	if (cur_failures) {
		printf("FAIL [fuzz] %u failure(s) in the batch of this input (%zu bytes, "
		       "%zu used as choices, then the PRNG from seed %#llx); libFuzzer "
		       "saves it (crash-<sha1>); reproduce: bash ci/fuzz/run.sh FILE\n",
		       cur_failures, size, used, (unsigned long long)seed);
		fflush(stdout);
		abort();
	}
	return 0;
}
