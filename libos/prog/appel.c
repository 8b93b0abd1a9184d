// SPDX-License-Identifier: MIT
/*
 * Application-level virtual memory (Appel and Li, ASPLOS 1991), done by
 * the libOS on the exposed page tables (lib/avm.c): a generational
 * collector's write barrier.  An 8-page "old generation" is protected
 * (protN); each first write to a page traps to our handler, which records
 * the page in a remembered set and unprotects it (trap + unprot1), so
 * later writes run at full speed.  The dirty bits, read from our own PTEs
 * through a read-only view, must agree with the remembered set.
 */
#include "../lib/lib.h"

#define REGION 0x0000030000000000ul
#define NPG    8

static unsigned long remembered, traps;

static int barrier(unsigned long va, int write)
{
	if (!write || va < REGION || va >= REGION + NPG * PGSIZE)
		return 0;
	traps++;
	remembered |= 1ul << ((va - REGION) / PGSIZE);
	return avm_unprot(va) == 0;
}

int main(void)
{
	unsigned long free0 = count_free_pages();
	int bad = 0;
	long pg[NPG];
	for (int k = 0; k < NPG; k++) {
		pg[k] = page_pick_free();
		if (pg[k] < 0 || sys_page_alloc((unsigned long)pg[k]) != 0 ||
		    vm_map(REGION + (unsigned long)k * PGSIZE, (unsigned long)pg[k], PERM_W) != 0) {
			printf("appel: cannot map the region\n");
			return 1;
		}
	}
	volatile unsigned long *w = (volatile unsigned long *)REGION;
	for (unsigned long n = 0; n < NPG * 512; n++)
		w[n] = n;
	if (avm_protN(REGION, NPG) != 0 || avm_trap_set(barrier) != 0) {
		printf("appel: protN or the trap handler failed\n");
		return 1;
	}
	/* the mutator writes pages 1, 4 and 6, several times each */
	static const int hit[] = { 1, 4, 4, 6, 1, 6, 6 };
	for (unsigned i = 0; i < sizeof hit / sizeof hit[0]; i++)
		w[(unsigned long)hit[i] * 512 + i] = 1000 + i;
	unsigned long want = (1ul << 1) | (1ul << 4) | (1ul << 6);
	printf("appel: protected %d pages; the mutator made 7 writes; %lu traps, remembered set",
	       NPG, traps);
	for (int k = 0; k < NPG; k++)
		if (remembered & (1ul << k))
			printf(" %d", k);
	printf("\n");
	bad += remembered != want || traps != 3;
	for (int k = 0; k < NPG; k++)
		bad += avm_dirty(REGION + (unsigned long)k * PGSIZE) != !!(want & (1ul << k));
	/* the collector scans the remembered pages, then protects them again */
	for (int k = 0; k < NPG; k++) {
		if (!(remembered & (1ul << k)))
			continue;
		unsigned long sum = 0;
		for (unsigned long n = 0; n < 512; n++)
			sum += w[(unsigned long)k * 512 + n];
		(void)sum;
		bad += avm_prot1(REGION + (unsigned long)k * PGSIZE) != 0;
	}
	remembered = 0;
	w[2 * 512] = 7;
	bad += remembered != (1ul << 2) || traps != 4;
	for (int k = 0; k < NPG; k++) {
		vm_unmap(REGION + (unsigned long)k * PGSIZE);
		sys_page_free((unsigned long)pg[k]);
	}
	bad += count_free_pages() < free0 - 8;   /* the view and tables may stay */
	printf("appel: dirty bits agree with the remembered set; after a collection one more "
	       "write trapped once; %s\n", bad ? "SOME CHECKS FAILED" : "every check passed");
	return bad ? 1 : 0;
}
