// SPDX-License-Identifier: MIT
/* Must be killed by the kernel with #PF (see runner.c). */
#include "../lib/lib.h"

int main(void)
{
	long p = page_pick_free(); sys_page_alloc(p); vm_map(0x10000000000ul, p, PERM_W); *(volatile long *)0x10000000000ul = 1; vm_prot(0x10000000000ul, 0); printf("  k_prot: writing a page we made read-only\n"); *(volatile long *)0x10000000000ul = 2;
	printf("  k_prot: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
