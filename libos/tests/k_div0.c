// SPDX-License-Identifier: MIT
/* Must be killed by #DE (divide error). */
#include "../lib/lib.h"

int main(void)
{
	volatile long zero = 0, x = 42;
	printf("  k_div0: about to divide by zero\n");
	x = x / zero;
	printf("  k_div0: STILL RUNNING (kernel did not stop us)\n");
	return 99;
}
