// SPDX-License-Identifier: MIT
/*
 * Thousands of random memory calls, valid and invalid, on a tree of our
 * own tables: every call must return 0 or a known error, mapped pages must
 * hold what we write, and after cleaning up, the free-page count and our
 * own set of pages must be exactly what they were at the start.
 */
#include "../lib/lib.h"

#define NCALLS 6000
#define NCAND  48
#define REGION 0x0000018000000000ul   /* PML4 slot 3 */

static unsigned long rng = 0x2545F4914F6CDD1Dul;
static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned char mine_at_start[NPAGES / 8];

int main(void)
{
	const struct page_info *pi = pageinfo();
	int me = my_slot();
	unsigned long free0 = count_free_pages();
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].owner == me)
			mine_at_start[p / 8] |= 1 << (p % 8);

	unsigned long root = (unsigned long)sys_env_root();
	long c1 = page_pick_free(), c2 = page_pick_free(), c3 = page_pick_free(), c4 = page_pick_free();
	CHECK(sys_pt_link(root, 3, c1) == 0 && sys_pt_link(c1, 0, c2) == 0 &&
	      sys_pt_link(c2, 0, c3) == 0 && sys_pt_link(c2, 1, c4) == 0, "build a table tree");
	unsigned long cand[NCAND];
	for (int k = 0; k < NCAND; k++)
		cand[k] = (unsigned long)page_pick_free();
	long foreign = -1, kpage = 1;
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].owner == 0 && pi[p].type == PG_USER) { foreign = (long)p; break; }
	unsigned long tables[6] = { (unsigned long)c3, (unsigned long)c4, (unsigned long)c2,
				    (unsigned long)c1, root, cand[0] };
	unsigned long hostile[6] = { (unsigned long)foreign, (unsigned long)kpage, NPAGES, ~0ul,
				     root, (unsigned long)c3 };

	unsigned long ok = 0, bad_code = 0, bad_data = 0;
	for (int n = 0; n < NCALLS; n++) {
		unsigned long r = rnd();
		unsigned long page = (r >> 8) % 8 ? cand[(r >> 12) % NCAND] : hostile[(r >> 12) % 6];
		unsigned long t = tables[(r >> 20) % 6];
		unsigned long i = (r >> 24) % 16 == 0 ? 512 + (r >> 28) % 8 : (r >> 28) % 8;
		unsigned long perm = (r >> 40) % 5;
		long res;
		switch (r % 7) {
		case 0: res = sys_page_alloc(page); break;
		case 1: res = sys_page_free(page); break;
		case 2: res = sys_pt_map(t, i, page, perm); break;
		case 3: res = sys_pt_unmap(t, i); break;
		case 4: res = sys_pt_prot(t, i, perm); break;
		case 5: res = sys_pt_link(t, i, page); break;
		default: res = sys_pt_unlink(t, i); break;
		}
		if (res == 0)
			ok++;
		else if (res >= 0 || res <= -E__COUNT)
			bad_code++;
		/* A fresh writable mapping in the leaf tables at known addresses
		 * must hold what we write. */
		if (r % 7 == 2 && res == 0 && (perm & PERM_W) && (t == (unsigned long)c3 || t == (unsigned long)c4)) {
			volatile unsigned long *v = (volatile unsigned long *)
				(REGION + (t == (unsigned long)c4 ? 512 * PGSIZE : 0) + i * PGSIZE);
			v[7] = r;
			bad_data += v[7] != r || pi[page].bind_table != t || pi[page].bind_index != i;
		}
	}
	printf("  vmstress: %d calls, %lu succeeded\n", NCALLS, ok);
	CHECK(bad_code == 0, "every result is 0 or a known error code");
	CHECK(bad_data == 0, "mapped pages hold what we wrote, bound where we mapped them");
	CHECK(ok > NCALLS / 20 && ok < NCALLS, "a mix of successes and refusals");
	CHECK(pi[foreign].owner == 0, "the runner's page is still the runner's");

	/* Clean up: unmap and free new data pages, unlink new tables
	 * bottom-up (a non-empty table refuses, so loop). */
	for (int pass = 0; pass < 8; pass++) {
		for (unsigned long p = 0; p < NPAGES; p++) {
			if (pi[p].owner != me || (mine_at_start[p / 8] & (1 << (p % 8))))
				continue;
			if (pi[p].type == PG_USER) {
				if (pi[p].bind_table != NO_PAGE)
					sys_pt_unmap(pi[p].bind_table, pi[p].bind_index);
				sys_page_free(p);
			} else {
				sys_pt_unlink(pi[p].bind_table, pi[p].bind_index);
			}
		}
	}
	int same = 1;
	for (unsigned long p = 0; p < NPAGES; p++)
		same &= (pi[p].owner == me) == !!(mine_at_start[p / 8] & (1 << (p % 8)));
	CHECK(same, "we own exactly the pages we owned at the start");
	CHECK(count_free_pages() == free0, "free count exactly as at the start");
	return check_failures;
}
