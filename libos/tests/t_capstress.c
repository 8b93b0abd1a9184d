// SPDX-License-Identifier: MIT
/*
 * Thousands of random capability calls, valid and invalid, between us and
 * two children we manage (exofork, never started): grant, derive, map
 * through a capability, unmap, protect, revoke, alloc and free, with bad
 * slots, foreign and stale env ids, amplified rights, hostile pages.
 * After each call the capability table, read through the read-only
 * window, must satisfy the invariants the kernel proves (rights monotone
 * along derivation, live capabilities only on data pages, mapped only in
 * the holder's leaf tables).  At the end the children die, every
 * capability slot is free and the free-page count is exactly as at the
 * start: nothing lost.
 */
#include "../lib/lib.h"

#define NCALLS 5000
#define NCAND  16
#define REGION 0x0000018000000000ul   /* PML4 slot 3 in every env here */

static unsigned long rng = 0x9E3779B97F4A7C15ul;
static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long nfree_caps(void)
{
	const struct cap *c = capinfo();
	long n = 0;
	for (unsigned long k = 0; k < NCAP; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

/* An env's leaf table for REGION, linked from free pages we pick. */
static long leaf_of(long target)
{
	unsigned long t, i;
	return vm_leaf_create(target, REGION, &t, &i) < 0 ? -1 : (long)t;
}

/* The invariants the kernel proves about capabilities, checked through
 * the read-only windows.  Returns the number of violations. */
static int cap_violations(void)
{
	const struct cap *c = capinfo();
	const struct page_info *pi = pageinfo();
	int bad = 0;
	for (unsigned long k = 0; k < NCAP; k++) {
		if (c[k].status > CAP_DEAD)
			bad++;
		if (c[k].status != CAP_LIVE) {
			bad += c[k].bind_table != NO_PAGE;
			continue;
		}
		bad += c[k].page >= NPAGES || pi[c[k].page].type != PG_USER || c[k].rights > PERM_ALL;
		if (c[k].bind_table != NO_PAGE)
			bad += c[k].bind_table >= NPAGES || pi[c[k].bind_table].type != PG_PT1 ||
			       pi[c[k].bind_table].owner != c[k].holder;
		if (c[k].parent != NO_CAP) {
			const struct cap *q = &c[c[k].parent];
			bad += q->status == CAP_FREE || q->page != c[k].page ||
			       (c[k].rights & ~q->rights) != 0;
		}
	}
	return bad;
}

static unsigned char mine_at_start[NPAGES / 8];

int main(void)
{
	const struct cap *ci = capinfo();
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pageinfo()[p].owner == my_slot())
			mine_at_start[p / 8] |= 1 << (p % 8);
	unsigned long free0 = count_free_pages();
	long caps0 = nfree_caps();
	int me = my_slot();
	long self = sys_env_id();

	/* A stale id: a child that has died. */
	long dead = sys_env_create(7, page_pick_free());
	CHECK(dead > 0 && sys_env_run(dead) == STATUS_KILLED + 14, "a child with nothing mapped dies at once");

	long kid[2] = { sys_env_create(8, page_pick_free()), sys_env_create(9, page_pick_free()) };
	CHECK(kid[0] > 0 && kid[1] > 0, "two children, built but never started");
	long who[3] = { TARGET_SELF, kid[0], kid[1] };
	long leaf[3];
	for (int x = 0; x < 3; x++)
		leaf[x] = leaf_of(who[x]);
	CHECK(leaf[0] >= 0 && leaf[1] >= 0 && leaf[2] >= 0, "a leaf table in each env");

	long cand[3][NCAND];   /* data pages of each env */
	for (int x = 0; x < 3; x++)
		for (int k = 0; k < NCAND; k++) {
			cand[x][k] = page_pick_free();
			sys_on(who[x], SYS_PAGE_ALLOC, (unsigned long)cand[x][k], 0, 0);
		}
	long holders[5] = { self, kid[0], kid[1], dead, 0x7FFFFFFF };
	unsigned long ok = 0, again = 0, bad_code = 0, violations = 0;
	for (int n = 0; n < NCALLS; n++) {
		unsigned long r = rnd();
		int x = (int)((r >> 8) % 3);                    /* acting env */
		int slot = x == 0 ? me : (int)(who[x] % 64);
		unsigned long k = (r >> 12) % 8 == 0 ? (r >> 16) % (NCAP + 4)
			: (unsigned long)slot * CAP_PER_ENV + (r >> 16) % CAP_PER_ENV;
		/* Mostly a live capability the acting env holds, else anything. */
		unsigned long q = (r >> 32) % (NCAP + 4);
		if ((r >> 28) % 4 != 0)
			for (unsigned long j = 0; j < NCAP; j++) {
				unsigned long c = (q + j) % NCAP;
				if (ci[c].status == CAP_LIVE && ci[c].holder == slot) {
					q = c;
					break;
				}
			}
		unsigned long page = (r >> 40) % 8 ? (unsigned long)cand[(r >> 43) % 4 ? x : (x + 1) % 3][(r >> 45) % NCAND]
			: ((r >> 44) % 2 ? (unsigned long)leaf[0] : NPAGES + 1);
		long h = holders[(r >> 48) % 5];
		unsigned long rights = (r >> 52) % 5;
		unsigned long t = (r >> 56) % 8 ? (unsigned long)leaf[x] : (unsigned long)leaf[(x + 1) % 3];
		unsigned long i = (r >> 59) % 8 == 7 ? 600 : (r >> 59) % 8;
		long res;
		switch (r % 8) {
		case 0: res = sys_on(who[x], SYS_CAP_GRANT, k, page, (unsigned long)h | rights << 56); break;
		case 1: res = sys_on(who[x], SYS_CAP_DERIVE, k, q, (unsigned long)h | rights << 56); break;
		case 2: res = sys_on(who[x], SYS_PT_MAP_CAP, t, i, MAP_ARG(q, rights)); break;
		case 3: res = sys_on(who[x], SYS_PT_UNMAP, t, i, 0); break;
		case 4: res = sys_on(who[x], SYS_PT_PROT, t, i, rights); break;
		case 5: res = sys_on(who[x], SYS_CAP_REVOKE, q, 0, 0); break;
		case 6: res = sys_on(who[x], (r >> 50) % 2 ? SYS_PAGE_FREE : SYS_PAGE_ALLOC, page, 0, 0); break;
		default: res = sys_on(who[x], SYS_PT_MAP, t, i, MAP_ARG(page, rights)); break;
		}
		if (res == 0)
			ok++;
		else if (res == E_AGAIN)
			again++;
		else if (res >= 0 || res <= -E__COUNT)
			bad_code++;
		if (n % 50 == 0 || r % 8 == 5)
			violations += cap_violations();
	}
	printf("  capstress: %d calls, %lu succeeded, %lu E_AGAIN\n", NCALLS, ok, again);
	CHECK(bad_code == 0, "every result is 0 or a known error code");
	CHECK(violations == 0, "the capability invariants held throughout");
	CHECK(ok > NCALLS / 20, "a fair number of calls succeeded");

	/* Clean up: finish any sweep, end the children, free our pages. */
	CHECK(cap_sweep() == 0, "sweep finished");
	CHECK(sys_env_run(kid[0]) == STATUS_KILLED + 14 && sys_env_run(kid[1]) == STATUS_KILLED + 14,
	      "the children die (nothing of ours is mapped for them to run)");
	CHECK(cap_sweep() == 0, "sweep after their deaths finished");
	for (unsigned long c = (unsigned long)me * CAP_PER_ENV; c < (unsigned long)(me + 1) * CAP_PER_ENV; c++)
		if (ci[c].status == CAP_LIVE)
			cap_revoke_all(c);
	CHECK(cap_sweep() == 0 && nfree_caps() == caps0, "every capability slot is free again");
	CHECK(cap_violations() == 0, "and the table is consistent");
	const struct page_info *pi = pageinfo();
	for (unsigned long ix = 0; ix < NPTE; ix++)
		(void)sys_pt_unmap((unsigned long)leaf[0], ix);
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].owner == me && pi[p].type == PG_USER && !(mine_at_start[p / 8] & (1 << (p % 8))))
			CHECK(sys_page_free(p) == 0, "free a data page we took");
	unsigned long t1 = (unsigned long)leaf[0], t2 = pi[t1].bind_table, t3 = pi[t2].bind_table;
	CHECK(sys_pt_unlink(t2, pi[t1].bind_index) == 0 && sys_pt_unlink(t3, pi[t2].bind_index) == 0 &&
	      sys_pt_unlink(pi[t3].bind_table, pi[t3].bind_index) == 0, "unlink our tables");
	CHECK(count_free_pages() == free0, "free count exactly as at the start: nothing lost");
	return check_failures ? 1 : 0;
}
