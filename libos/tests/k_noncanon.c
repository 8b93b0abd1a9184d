// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_noncanon: about to misbehave\n");
	__asm__ volatile("jmp *%0" : : "r"(0x0000800000000000ul));
	printf("  k_noncanon: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
