// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_cr3: about to misbehave\n");
	__asm__ volatile("mov %%rax, %%cr3" : : "a"(0ul));
	printf("  k_cr3: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
