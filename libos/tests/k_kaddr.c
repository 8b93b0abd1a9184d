// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_kaddr: about to misbehave\n");
	(void)*(volatile int *)0x100000;
	printf("  k_kaddr: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
