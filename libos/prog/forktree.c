// SPDX-License-Identifier: MIT
/*
 * A fork tree (lib/fork.c: copy-on-write fork in the libOS): every node
 * above depth D forks two children, one after the other, and runs each to
 * its end.  Each node writes its own pattern into a global page right after
 * each fork; a child checks that it sees its parent's bytes as they were
 * at fork time, the parent that its own survived the child.  A node's exit
 * status is the number of envs in its subtree (or 255 if a check failed).
 */
#include "../lib/lib.h"
#include "../lib/spawn.h"

static unsigned char page[PGSIZE] __attribute__((aligned(4096)));
static int depth, maxdepth;
static char path[32] = "root";

static void fill(unsigned seed)
{
	for (unsigned long j = 0; j < PGSIZE; j++)
		page[j] = (unsigned char)(seed * 31u + j * 7u + 1u);
}

static int same(unsigned seed)
{
	for (unsigned long j = 0; j < PGSIZE; j++)
		if (page[j] != (unsigned char)(seed * 31u + j * 7u + 1u))
			return 0;
	return 1;
}

static int node(unsigned seed)
{
	int count = 1;
	static const char indent[] = "          ";
	printf("forktree: %s%s (env %lx, depth %d)\n", indent + sizeof indent - 1 - 2 * depth,
	       path, sys_env_id(), depth);
	if (depth == maxdepth)
		return count;
	for (int side = 0; side < 2; side++) {
		long c = fork();
		if (c == 0) {
			if (!same(seed))
				sys_exit(255);             /* not what the parent had */
			unsigned long n = strlen(path);
			path[n] = '.';
			path[n + 1] = (char)('1' + side);
			path[n + 2] = 0;
			depth++;
			seed = seed * 2 + 1 + (unsigned)side;
			fill(seed);
			sys_exit(node(seed));
		}
		if (c < 0) {
			printf("forktree: fork failed at %s: error %ld\n", path, c);
			return 255;
		}
		long st = sys_env_run(c);
		if (st < 0 || st >= 255 || !same(seed))
			return 255;
		count += (int)st;
	}
	return count;
}

int main(long envid, long argc, char **argv)
{
	(void)envid;
	maxdepth = (int)arg_long(argc > 1 ? argv[1] : 0, 2, 0, 4);
	if (argc > 2 || (argc == 2 && arg_long(argv[1], -1, 0, 4) < 0)) {
		printf("forktree: usage: forktree [DEPTH], DEPTH from 0 to 4 (default 2)\n");
		return 1;
	}
	if (fork_init() != 0) {              /* its pages first: the count below is exact */
		printf("forktree: fork_init failed\n");
		return 1;
	}
	unsigned long before = count_free_pages();
	fill(1);
	int n = node(1);
	fork_reap();
	if (n >= 255) {
		printf("forktree: a check failed\n");
		return 1;
	}
	int want = (1 << (maxdepth + 1)) - 1;
	unsigned long after = count_free_pages();
	printf("forktree: %d envs, %s\n", n,
	       n == want && after == before ? "every check passed" : "WRONG");
	if (after != before)
		printf("forktree: %lu pages free before, %lu after\n", before, after);
	return n == want && after == before ? 0 : 1;
}
