// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_int80: about to misbehave\n");
	__asm__ volatile("int $0x80");
	printf("  k_int80: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
