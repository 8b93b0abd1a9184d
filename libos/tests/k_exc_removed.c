// SPDX-License-Identifier: MIT
/* A handler registered, used once, then removed with (0, 0): the next
 * fault kills us as if there had never been one. */
#include "../lib/lib.h"

static volatile int calls;

static void handler(struct exc_frame *f)
{
	calls++;
	f->regs.rip += 2;
}

int main(void)
{
	if (exc_handler_set(handler) != 0)
		return 98;
	__asm__ volatile("ud2");
	if (calls != 1)
		return 97;
	if (exc_handler_set(0) != 0)
		return 96;
	printf("  k_exc_removed: handled one ud2, handler removed, faulting again\n");
	__asm__ volatile("ud2");
	printf("  k_exc_removed: STILL RUNNING (handler not removed)\n");
	return 99;
}
