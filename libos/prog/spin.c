// SPDX-License-Identifier: MIT
/* A program that never ends: it counts, yielding the rest of each slice,
 * until somebody kills it (try `spin &`, then `ps` and `kill`). */
#include "../lib/lib.h"

int main(long envid)
{
	printf("spin: running in the background as env %lx; end it with kill\n", envid);
	for (volatile unsigned long n = 0;; n++)
		if (n % 4096 == 0)
			sys_yield(0);
}
