// SPDX-License-Identifier: MIT
/* Must be killed by the kernel with #PF (see runner.c). */
#include "../lib/lib.h"

int main(void)
{
	long p = page_pick_free(); sys_page_alloc(p); vm_map(0x10000000000ul, p, PERM_W); *(volatile long *)0x10000000000ul = 1; vm_unmap(0x10000000000ul); printf("  k_unmap: touching a page we unmapped\n"); (void)*(volatile long *)0x10000000000ul;
	printf("  k_unmap: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
