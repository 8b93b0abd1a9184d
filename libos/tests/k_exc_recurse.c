// SPDX-License-Identifier: MIT
/* A handler that faults every time: each fault nests one frame further
 * down the exception stack until it overflows; then the kernel kills us
 * with the vector it was delivering (#PF). */
#include "../lib/lib.h"

volatile unsigned long *volatile bad = (volatile unsigned long *)0x10;
static volatile int depth;

static void handler(struct exc_frame *f)
{
	depth++;
	*bad = (unsigned long)f;   /* kernel memory: #PF, nested */
}

int main(void)
{
	if (exc_handler_set(handler) != 0)
		return 98;
	printf("  k_exc_recurse: handler faults in itself\n");
	__asm__ volatile("ud2");
	printf("  k_exc_recurse: STILL RUNNING after %d nested faults\n", depth);
	return 99;
}
