// SPDX-License-Identifier: MIT
/* The read-only page-info window shows the real page table. */
#include "../lib/lib.h"

int main(void)
{
	const struct page_info *pi = pageinfo();
	int me = my_slot();
	long root = sys_env_root();
	CHECK(root > 0 && root < NPAGES, "sys_env_root names a page");
	CHECK(pi[root].type == PG_PT4 && pi[root].owner == me, "info: root is our PML4");
	CHECK(pi[root].bind_table == NO_PAGE, "info: a root is bound to no entry");
	unsigned long mine = 0, tables = 0, nfree = 0, kern = 0;
	for (unsigned long p = 0; p < NPAGES; p++) {
		mine += pi[p].owner == me;
		tables += pi[p].owner == me && pi[p].type >= PG_PT1;
		nfree += pi[p].type == PG_FREE;
		kern += pi[p].type == PG_KERNEL;
	}
	printf("  pageinfo: %lu pages ours (%lu tables), %lu free, %lu kernel\n", mine, tables, nfree, kern);
	CHECK(mine >= 8 && tables >= 4, "info: our text, stack and tables are listed");
	CHECK(pi[0].type == PG_KERNEL && kern > 256, "info: low memory and the kernel are reserved");
	long p = page_pick_free();
	CHECK(p >= 0 && sys_page_alloc(p) == 0, "allocate a page we chose from the info");
	CHECK(pi[p].type == PG_USER && pi[p].owner == me && pi[p].bind_table == NO_PAGE,
	      "info shows it ours, unmapped, at once");
	CHECK(count_free_pages() == nfree - 1, "free count dropped by one");
	CHECK(sys_page_free(p) == 0 && pi[p].type == PG_FREE && pi[p].owner == NO_OWNER,
	      "freed: info shows it free");
	return check_failures;
}
