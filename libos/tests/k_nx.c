// SPDX-License-Identifier: MIT
/* Jumping into the (no-execute) stack must fault with #PF. */
#include "../lib/lib.h"

int main(void)
{
	volatile unsigned char code[16] = { 0xC3 };   /* ret */
	printf("  k_nx: about to execute the stack\n");
	((void (*)(void))(unsigned long)code)();
	printf("  k_nx: STILL RUNNING (stack was executable)\n");
	return 99;
}
