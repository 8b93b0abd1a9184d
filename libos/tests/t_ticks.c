// SPDX-License-Identifier: MIT
/* The timer interrupt is counted and a spinning env is resumed after it. */
#include "../lib/lib.h"

int main(void)
{
	long t0 = sys_ticks(), t = t0;
	for (unsigned long i = 0; i < (1ul << 34) && t < t0 + 5; i++)
		t = sys_ticks();
	CHECK(t >= t0 + 5, "ticks advance while we spin in ring 3");
	volatile unsigned long spin = 0;
	long t1 = sys_ticks();
	while (sys_ticks() < t1 + 3)
		spin++;   /* interrupts arrive between system calls, registers survive */
	CHECK(spin > 0, "user registers survive timer interrupts");
	return check_failures;
}
