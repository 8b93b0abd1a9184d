// SPDX-License-Identifier: MIT
/*
 * A fork tree (libos/lib/fork.c): every node above depth 3 forks two
 * children, one after the other (fork, write, run, check), so 15 envs in
 * all.  Each node writes its own pattern into a shared global buffer of
 * several pages and into a stack buffer right after each fork; each child
 * checks that it sees exactly its parent's bytes as they were at fork
 * time, and each parent checks that its own bytes survived the child.
 * Below depth 1 the shared pages reach a node through capabilities derived
 * from its parent's (a derivation chain as long as the node is deep).  At
 * the end the root checks that no page and no capability slot was lost.
 */
#include "../lib/lib.h"

#define NPG    3
#define SBUF   512
#define DEPTH  3

static unsigned char buf[NPG * PGSIZE] __attribute__((aligned(4096)));
static int node = 1, depth;

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

/* Node n's pattern after its g-th fork (g = 0: before the first). */
static unsigned tag(int n, int g)
{
	return (unsigned)(n * 4 + g);
}

/* The longest chain of derivations behind a capability we map. */
static int deepest_derivation(void)
{
	const struct cap *c = capinfo();
	int me = my_slot(), best = -1;
	for (int k = 0; k < NCAP; k++) {
		if (c[k].status != CAP_LIVE || c[k].holder != me || c[k].bind_table == NO_PAGE)
			continue;
		int len = 0;
		for (int q = c[k].parent; q != NO_CAP && len < 64; q = c[q].parent)
			len++;
		if (len > best)
			best = len;
	}
	return best;
}

static long free_caps(void)
{
	const struct cap *c = capinfo();
	long n = 0;
	for (int k = 0; k < NCAP; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

/* Returns 0 when this node and its whole subtree checked out. */
static int run_node(void)
{
	unsigned char sb[SBUF];
	int bad = 0, g = 0, kids = 0;
	fill(buf, sizeof buf, tag(node, 0));
	fill(sb, SBUF, tag(node, 0) + 100);
	for (int c = 0; c < 2 && depth < DEPTH; c++) {
		unsigned before = tag(node, g);
		long id = fork();
		if (id == 0) {
			int parent = node;
			node = 2 * node + c;
			depth++;
			int cbad = 0;
			if (bad_bytes(buf, sizeof buf, before) != 0)
				cbad |= 1;               /* not the parent's bytes at fork time */
			if (bad_bytes(sb, SBUF, before + 100) != 0)
				cbad |= 2;
			if (deepest_derivation() != depth - 1)
				cbad |= 4;               /* grants at depth 1, derived below */
			if (cbad) {
				printf("  forktree: node %d (child of %d) sees wrong state: %d\n", node, parent, cbad);
				sys_exit(cbad);
			}
			sys_exit(run_node() << 3);
		}
		if (id < 0) {
			printf("  forktree: node %d: fork failed: %ld\n", node, id);
			bad |= 1;
			break;
		}
		g++;
		fill(buf, sizeof buf, tag(node, g));     /* after fork, before the child runs */
		fill(sb, SBUF, tag(node, g) + 100);
		long st = sys_env_run(id);
		kids++;
		if (st != 0) {
			printf("  forktree: node %d: child %d ended with status %ld\n", node, 2 * node + c, st);
			bad |= 2;
		}
		if (bad_bytes(buf, sizeof buf, tag(node, g)) != 0 || bad_bytes(sb, SBUF, tag(node, g) + 100) != 0)
			bad |= 4;                        /* the child changed our bytes */
		if (fork_reap() != 0)
			bad |= 8;
	}
	struct fork_stats s;
	fork_get_stats(&s);
	printf("  forktree: node %2d depth %d: %d children, %lu copies, %lu upgrades: %s\n",
	       node, depth, kids, s.copies, s.upgrades, bad ? "FAILED" : "ok");
	return bad;
}

int main(void)
{
	CHECK(fork_init() == 0, "fork_init");
	unsigned long free0 = count_free_pages();
	long caps0 = free_caps();
	unsigned long t0 = sys_ticks();
	int bad = run_node();
	CHECK(bad == 0, "15 nodes, depth 3: every byte checked at every level");
	CHECK(fork_reap() == 0 && cap_sweep() == 0, "reaped, sweep finished");
	CHECK(count_free_pages() == free0, "free pages equal the starting count");
	CHECK(free_caps() == caps0, "free capability slots equal the starting count");
	printf("t_forktree: %lu timer ticks; %d failures\n", sys_ticks() - t0, check_failures);
	return check_failures ? 1 : 0;
}
