// SPDX-License-Identifier: MIT
/* Must be killed by the kernel with #PF (see runner.c). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_infowrite: writing the read-only page-info window\n"); *(volatile int *)USER_PAGEINFO = 1;
	printf("  k_infowrite: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
