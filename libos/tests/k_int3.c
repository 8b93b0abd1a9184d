// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_int3: about to misbehave\n");
	__asm__ volatile("int3");
	printf("  k_int3: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
