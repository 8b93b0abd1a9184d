// SPDX-License-Identifier: MIT
/* Application-managed page tables: build a tree, map, protect, unmap,
 * unlink; and every way of mapping what is not ours is refused. */
#include "../lib/lib.h"

#define VA 0x0000010000000000ul   /* PML4 slot 2: nothing there yet */

int main(void)
{
	const struct page_info *pi = pageinfo();
	unsigned long free0 = count_free_pages();
	long root = sys_env_root();
	long p = page_pick_free();
	CHECK(sys_page_alloc(p) == 0, "allocate a data page");
	CHECK(vm_map(VA, p, PERM_W) == 0, "map it read/write at a fresh address");
	volatile unsigned long *w = (volatile unsigned long *)VA;
	for (int k = 0; k < 512; k++)
		w[k] = 0x5eed0000ul + k;
	int good = 1;
	for (int k = 0; k < 512; k++)
		good &= w[k] == 0x5eed0000ul + k;
	CHECK(good, "every word written reads back");
	unsigned long t, i;
	CHECK(vm_leaf(VA, &t, &i) == 0 && pi[p].bind_table == t && pi[p].bind_index == i,
	      "info: the page is bound to exactly our leaf entry");
	CHECK(pi[t].type == PG_PT1 && pi[pi[t].bind_table].type == PG_PT2, "tables typed by level");
	CHECK(vm_map(VA + PGSIZE, p, PERM_W) == E_BUSY, "map the same page twice: E_BUSY");
	CHECK(sys_page_free(p) == E_BUSY, "free while mapped: E_BUSY");
	CHECK(sys_pt_map(t, i, p, PERM_W) == E_BUSY, "entry in use: E_BUSY");

	/* Hostile targets. */
	long q = page_pick_free(), kpage = 0, runner_page = -1;
	for (unsigned long n = 0; n < NPAGES; n++)
		if (pi[n].type == PG_USER && pi[n].owner == 0) { runner_page = (long)n; break; }
	CHECK(sys_pt_map(t, i + 1, q, PERM_W) == E_PERM, "map a free page: E_PERM");
	CHECK(sys_pt_map(t, i + 1, kpage, 0) == E_PERM, "map a kernel page: E_PERM");
	CHECK(sys_pt_map(t, i + 1, runner_page, 0) == E_PERM, "map another env's page: E_PERM");
	CHECK(sys_pt_map(t, i + 1, root, 0) == E_PERM, "map our own PML4 (read-only even): E_PERM");
	CHECK(sys_pt_map(t, i + 1, t, PERM_W) == E_PERM, "map our own leaf table writable: E_PERM");
	CHECK(sys_pt_map(t, i + 1, NPAGES, 0) == E_RANGE, "map page NPAGES: E_RANGE");
	CHECK(sys_pt_map(t, 512, p, 0) == E_INVAL, "index 512: E_INVAL");
	CHECK(sys_pt_map(t, i + 1, p, 4) == E_INVAL, "unknown permission bits: E_INVAL");
	CHECK(sys_pt_map(root, 3, p, 0) == E_INVAL, "map into a PML4: E_INVAL");
	CHECK(sys_pt_map(p, 0, p, 0) == E_PERM, "use a data page as a table: E_PERM");
	long rroot = -1;
	for (unsigned long n = 0; n < NPAGES; n++)
		if (pi[n].type == PG_PT4 && pi[n].owner == 0) rroot = (long)n;
	CHECK(rroot > 0 && sys_pt_link(rroot, 7, q) == E_PERM, "link into the runner's PML4: E_PERM");
	CHECK(sys_pt_link(root, 0, q) == E_INVAL, "link over the kernel slot 0: E_INVAL");
	CHECK(sys_pt_link(root, PML4_INFO, q) == E_INVAL, "link over the info slot: E_INVAL");
	CHECK(sys_pt_link(root, 300, q) == E_INVAL, "link in the kernel half: E_INVAL");
	CHECK(sys_pt_link(t, 9, q) == E_INVAL, "link below a leaf table: E_INVAL");
	CHECK(sys_pt_link(root, 2, q) == E_BUSY, "link over a used entry: E_BUSY");
	CHECK(sys_pt_link(root, 9, kpage) == E_RESERVED, "link a kernel page as table: E_RESERVED");
	CHECK(sys_pt_link(root, 9, p) == E_BUSY, "link an owned data page as table: E_BUSY");
	CHECK(sys_pt_unlink(root, 2) == E_BUSY, "unlink a non-empty table: E_BUSY");
	CHECK(sys_pt_unlink(root, 9) == E_NOENT, "unlink an empty entry: E_NOENT");
	CHECK(sys_pt_unmap(t, i + 1) == E_NOENT, "unmap an empty entry: E_NOENT");

	/* Downgrade, then tear everything down. */
	CHECK(vm_prot(VA, 0) == 0 && w[3] == 0x5eed0003ul, "read-only: still readable");
	CHECK(vm_unmap(VA) == 0 && pi[p].bind_table == NO_PAGE, "unmap: binding cleared");
	CHECK(sys_page_free(p) == 0, "free after unmap");
	unsigned long pd = pi[t].bind_table, pdpt = pi[pd].bind_table;
	CHECK(sys_pt_unlink(pd, pi[t].bind_index) == 0 && pi[t].type == PG_FREE, "unlink the leaf table");
	CHECK(sys_pt_unlink(pdpt, pi[pd].bind_index) == 0, "unlink the PD");
	CHECK(sys_pt_unlink(root, 2) == 0, "unlink the PDPT");
	CHECK(count_free_pages() == free0, "every page back: free count as at start");
	return check_failures;
}
