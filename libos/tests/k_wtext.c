// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_wtext: about to misbehave\n");
	*(volatile unsigned char *)(unsigned long)main = 0xC3;
	printf("  k_wtext: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
