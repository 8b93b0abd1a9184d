// SPDX-License-Identifier: MIT
/* Exposed allocation: specific pages by number, with hostile numbers. */
#include "../lib/lib.h"

static long find(unsigned type, int owner)
{
	const struct page_info *pi = pageinfo();
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].type == type && (owner == -2 || pi[p].owner == owner))
			return (long)p;
	return -1;
}

int main(void)
{
	long p = page_pick_free();
	long kpage = find(PG_KERNEL, -2), runner_page = find(PG_USER, 0);
	long root = sys_env_root();
	CHECK(sys_page_alloc(p) == 0, "allocate a named free page");
	CHECK(sys_page_alloc(p) == E_BUSY, "allocate it again: E_BUSY");
	CHECK(sys_page_alloc(kpage) == E_RESERVED, "a kernel page: E_RESERVED");
	CHECK(sys_page_alloc(0) == E_RESERVED, "page 0: E_RESERVED");
	CHECK(sys_page_alloc(NPAGES) == E_RANGE, "page NPAGES: E_RANGE");
	CHECK(sys_page_alloc(~0ul) == E_RANGE, "page 2^64-1: E_RANGE");
	CHECK(runner_page > 0 && sys_page_alloc(runner_page) == E_BUSY,
	      "the runner's page: E_BUSY");
	CHECK(sys_page_free(runner_page) == E_PERM, "free the runner's page: E_PERM");
	CHECK(sys_page_free(root) == E_PERM, "free our own root table: E_PERM");
	CHECK(sys_page_free(kpage) == E_PERM, "free a kernel page: E_PERM");
	CHECK(sys_page_free(NPAGES + 5) == E_RANGE, "free out of range: E_RANGE");
	CHECK(sys_page_free(p) == 0, "free it");
	CHECK(sys_page_free(p) == E_PERM, "double free: E_PERM");
	CHECK(pageinfo()[runner_page].owner == 0, "the runner still owns its page");
	return check_failures;
}
