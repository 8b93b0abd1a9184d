// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_badstack: about to misbehave\n");
	__asm__ volatile("mov $0x200000, %%rsp; push %%rax" : : : "memory");
	printf("  k_badstack: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
