// SPDX-License-Identifier: MIT
/*
 * Appel-Li primitives in the libOS (avm.c): protN + a write-barrier trap
 * handler that keeps a remembered set (as a generational collector does),
 * the dirty bit read from our own page table through a read-only view,
 * map2 (one page at two addresses, one of them read-only), and the cost of
 * the trap + prot1 + unprot round trip.
 */
#include "../lib/lib.h"

#define REGION  0x0000030000000000ul   /* 8 pages under the write barrier */
#define ALIAS   0x0000030000100000ul   /* map2 of REGION's first page */
#define NPG     8

static unsigned long remembered;       /* bit k: page k was written */
static unsigned long traps, alias_traps;

static int barrier(unsigned long va, int write)
{
	traps++;
	if (write && va >= REGION && va < REGION + NPG * PGSIZE) {
		remembered |= 1ul << ((va - REGION) / PGSIZE);
		return avm_unprot(va) == 0;
	}
	return 0;
}

/* Write through the alias: the store must fault (read-only mapping);
 * the handler below skips the 3-byte `mov %rax,(%rdi)`. */
static void alias_handler(struct exc_frame *f)
{
	if (f->vector == 14 && f->addr == ALIAS && (f->err & 7) == 7) {
		alias_traps++;
		f->regs.rip += 3;
		return;
	}
	sys_exit(214);
}

int main(void)
{
	unsigned long free0 = count_free_pages();
	long pg[NPG];
	for (int k = 0; k < NPG; k++) {
		pg[k] = page_pick_free();
		CHECK(sys_page_alloc(pg[k]) == 0 && vm_map(REGION + k * PGSIZE, pg[k], PERM_W) == 0,
		      "map a region page");
	}
	volatile unsigned long *w = (volatile unsigned long *)REGION;
	for (unsigned long n = 0; n < NPG * 512; n++)
		w[n] = n * 7;

	/* Dirty bits, read from the hardware PTE through a view. */
	CHECK(avm_protN(REGION, NPG) == 0, "protN: the region is read-only");
	CHECK(avm_dirty(REGION) == 0 && avm_dirty(REGION + 5 * PGSIZE) == 0,
	      "a protection change leaves the page clean");
	const volatile unsigned long *pte = avm_pte(REGION);
	CHECK(pte && (*pte & 1) && !(*pte & 2) && ((*pte >> 12) & 0xFFFFFFFFFFul) == (unsigned long)pg[0],
	      "the view shows our read-only PTE for the first page");
	CHECK(avm_trap_set(barrier) == 0, "install the write-barrier trap handler");

	/* Reads do not trap; writes to pages 1, 3, 6 do, once each. */
	unsigned long sum = 0;
	for (unsigned long n = 0; n < NPG * 512; n++)
		sum += w[n];
	CHECK(traps == 0 && sum == 7ul * (NPG * 512) * (NPG * 512 - 1) / 2, "reads of protected pages do not trap");
	w[1 * 512 + 5] = 11;
	w[3 * 512 + 0] = 33;
	w[6 * 512 + 511] = 66;
	w[1 * 512 + 6] = 12;   /* same page again: no second trap */
	CHECK(traps == 3 && remembered == ((1ul << 1) | (1ul << 3) | (1ul << 6)),
	      "remembered set = exactly the pages written");
	CHECK(w[1 * 512 + 5] == 11 && w[3 * 512] == 33 && w[6 * 512 + 511] == 66 && w[1 * 512 + 6] == 12,
	      "every write landed after its trap");
	CHECK(avm_dirty(REGION + 1 * PGSIZE) == 1 && avm_dirty(REGION + 3 * PGSIZE) == 1 &&
	      avm_dirty(REGION + 2 * PGSIZE) == 0 && avm_dirty(REGION + 7 * PGSIZE) == 0,
	      "dirty bits: set exactly on the written pages");
	CHECK(avm_dirty(0x0000050000000000ul) == E_NOENT, "dirty of an unmapped address: E_NOENT");

	/* map2: the first page again at ALIAS, read-only. */
	long cap = avm_map2(REGION, ALIAS);
	CHECK(cap >= 0, "map2: a capability to ourselves, mapped read-only at the alias");
	volatile unsigned long *a = (volatile unsigned long *)ALIAS;
	w[9] = 0xabcdef;
	CHECK(a[9] == 0xabcdef, "a write through the region is seen through the alias");
	CHECK(exc_handler_set(alias_handler) == 0, "handler that skips a faulting store");
	__asm__ volatile("mov %%rax, (%%rdi)" : : "a"(1ul), "D"(ALIAS) : "memory");
	CHECK(alias_traps == 1 && a[0] == 0 && w[0] == 0, "a write through the alias faults and changes nothing");
	CHECK(avm_unmap2(ALIAS, cap) == 0, "undo map2 (unmap, revoke)");

	/* Cost of trap + prot1 + unprot (Appel-Li's "trap+prot1+unprot"). */
	CHECK(avm_trap_set(barrier) == 0, "barrier handler again");
	unsigned long n0 = traps, t0, t1, lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t0 = hi << 32 | lo;
	for (int k = 0; k < 200; k++) {
		avm_prot1(REGION);
		w[0] = (unsigned long)k;
	}
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t1 = hi << 32 | lo;
	CHECK(traps - n0 == 200 && w[0] == 199, "200 prot1 + write traps, each handled");
	printf("  appel-li: trap+prot1+unprot %lu cycles per round (rdtsc; guest instructions under -icount shift=0)\n",
	       (t1 - t0) / 200);

	/* Cost of the kernel calls themselves, without the libOS walk. */
	unsigned long lt, li;
	CHECK(vm_leaf(REGION, &lt, &li) == 0 && sys_pt_unmap(lt, li) == 0, "unmap page 0 directly");
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t0 = hi << 32 | lo;
	for (int k = 0; k < 200; k++) {
		sys_pt_map(lt, li, pg[0], PERM_W);
		sys_pt_unmap(lt, li);
	}
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t1 = hi << 32 | lo;
	unsigned long mapun = (t1 - t0) / 200;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t0 = hi << 32 | lo;
	for (int k = 0; k < 200; k++)
		sys_pt_unmap(lt, li);   /* E_NOENT: a refused call, for scale */
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	t1 = hi << 32 | lo;
	printf("  sys_pt_map + sys_pt_unmap: %lu cycles per pair; a refused unmap: %lu\n",
	       mapun, (t1 - t0) / 200);
	CHECK(sys_pt_map(lt, li, pg[0], PERM_W) == 0, "map page 0 back");

	/* Clean up: nothing lost. */
	exc_handler_set(0);
	for (int k = 0; k < NPG; k++)
		CHECK(vm_unmap(REGION + k * PGSIZE) == 0 && sys_page_free(pg[k]) == 0, "unmap and free");
	CHECK(cap_sweep() == 0, "no sweep left");
	printf("  free pages: %lu before, %lu after (tables and the view stay ours until exit)\n",
	       free0, count_free_pages());
	return check_failures ? 1 : 0;
}
