// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_hlt: about to misbehave\n");
	__asm__ volatile("hlt");
	printf("  k_hlt: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
