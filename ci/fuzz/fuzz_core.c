// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the verified core (see ci/fuzz/README.md).
 *
 * The first byte of an input chooses one of three batches (byte % 3); the
 * rest are the batch's choices.  The empty input is a memory-core batch.
 *
 *   0  memory core: one random batch of ci/unit/test_random.c
 *      (random_batch_bytes): boot a random memory map, make FUZZ_CALLS
 *      calls (default 250) of page.c, env.c, vm.c, cap.c, pte.c and
 *      syscall.c through the checked wrappers of ci/unit/harness.c, then
 *      revoke everything, destroy every env and check that all RAM and
 *      every capability slot came back.  Every call is compared with the
 *      reference model (result, whole state, page contents), and checked
 *      for Inv, its frame and its TLB flushes.
 *   1  scheduler and IPC: the random steps of ci/unit/test_sched.c
 *      (sched_batch_bytes), FUZZ_SCHED_STEPS of them (default 1500): slice
 *      allocation and freeing, ticks, yields (by slot and by id), waits,
 *      IPC accept, call and reply, destroy and re-create, each against the
 *      test's model of the vector and of the calls in flight, with
 *      SchedInv after every step and the whole vector unchanged by every
 *      error; then every env is destroyed and the vector must be empty.
 *   2  revocation: one round of ci/unit/test_revoke.c's random dialogues
 *      (revoke_batch_bytes), FUZZ_REV_CALLS calls (default 1500): requests
 *      (result predicted from sys_rev_ask's contract, an error changes
 *      nothing), allocations, frees, sharing through capabilities, slices,
 *      the clock, rev_poll, and the forced steps (rev_step through its
 *      checked wrapper, cap_kill_page and sys_pt_unmap by the trap side's
 *      rules), with RevInv and the page accounting; then every env is
 *      destroyed and every request must end as gone.
 *
 * Each rng_below(n) of a batch takes one byte, or as many as n needs, each
 * rng_next eight; when the bytes run out, a PRNG seeded from a hash of the
 * whole input makes the rest.  Any discrepancy is a failf() of the
 * harness, and the target then aborts, so that libFuzzer keeps the input
 * as a crash.  ASan and UBSan abort on their own.
 *
 * Feedback: the core, the model and the two test files whose loops hold
 * the scheduler's and the revocation's models are compiled with coverage
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

enum { B_MEM, B_SCHED, B_REV, B_NKIND };
static const char *const kind_name[B_NKIND] = { "memory core", "scheduler+IPC", "revocation" };

static unsigned calls = 250, sched_steps = 1500, rev_calls = 1500;
static unsigned long inputs, input_bytes, used_bytes, kind_inputs[B_NKIND];
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
	for (int f = 0; f < F_NFN; f++)            /* the functions the batches call */
		for (unsigned b = 0; f != F_REV_TAKE && cov_beh[f][b]; b++) {
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
	char line[512];
	printf("fuzz-target: batches: %lu %s, %lu %s, %lu %s\n", kind_inputs[B_MEM],
	       kind_name[B_MEM], kind_inputs[B_SCHED], kind_name[B_SCHED], kind_inputs[B_REV],
	       kind_name[B_REV]);
	sched_batch_report(line, sizeof line);
	printf("fuzz-target: %s\n", line);
	revoke_batch_report(line, sizeof line);
	printf("fuzz-target: %s\n", line);
	fflush(stdout);
}

/* a count from the environment, 1 .. 100000 */
static void env_count(const char *name, unsigned *v)
{
	const char *s = getenv(name);
	if (s && *s) {
		char *end;
		unsigned long x = strtoul(s, &end, 0);
		if (*end || x == 0 || x > 100000) {
			fprintf(stderr, "fuzz-target: bad %s=%s\n", name, s);
			exit(2);
		}
		*v = (unsigned)x;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setvbuf(stdout, NULL, _IOLBF, 0);
	env_count("FUZZ_CALLS", &calls);
	env_count("FUZZ_SCHED_STEPS", &sched_steps);
	env_count("FUZZ_REV_CALLS", &rev_calls);
	printf("fuzz-target: core %s; per input (first byte %% 3): %u calls (memory core), "
	       "%u steps (scheduler+IPC) or %u calls (revocation)\n", FUZZ_CORE_DIR, calls,
	       sched_steps, rev_calls);
	cov_reset();
	stat_calls = 0;
	last_status = time(NULL);
	atexit(report);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t seed = input_seed(data, size);

	int kind = size ? data[0] % B_NKIND : B_MEM;
	const uint8_t *in = size ? data + 1 : data;
	size_t len = size ? size - 1 : 0, used;

	cur_test = "fuzz";
	cur_failures = 0;
	memcpy(cov_before, cov, sizeof cov_before);
	if (kind == B_MEM) {
		snprintf(cur_ctx, sizeof cur_ctx, "input %#llx (%zu bytes) call",
			 (unsigned long long)seed, size);
		used = random_batch_bytes(seed, in, len, calls);
	} else {
		snprintf(cur_ctx, sizeof cur_ctx, "input %#llx (%zu bytes, %s batch)",
			 (unsigned long long)seed, size, kind_name[kind]);
		mem_reset();
		if (kind == B_SCHED)
			used = sched_batch_bytes(seed, in, len, sched_steps);
		else
			used = revoke_batch_bytes(seed, in, len, rev_calls);
		mem_full_check();
	}
	used += size != 0;    /* the first byte */

	inputs++;
	kind_inputs[kind]++;
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
		printf("FAIL [fuzz] %u failure(s) in the %s batch of this input (%zu bytes, "
		       "%zu used as choices, then the PRNG from seed %#llx); libFuzzer "
		       "saves it (crash-<sha1>); reproduce: bash ci/fuzz/run.sh FILE\n",
		       cur_failures, kind_name[kind], size, used, (unsigned long long)seed);
		fflush(stdout);
		abort();
	}
	return 0;
}
