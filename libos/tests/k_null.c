// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_null: about to misbehave\n");
	*(volatile int *)0 = 1;
	printf("  k_null: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
