// SPDX-License-Identifier: MIT
/* Must be killed by the kernel (see runner.c for the expected vector). */
#include "../lib/lib.h"

int main(void)
{
	printf("  k_inb: about to misbehave\n");
	unsigned char v; __asm__ volatile("inb $0x60, %0" : "=a"(v)); (void)v;
	printf("  k_inb: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
