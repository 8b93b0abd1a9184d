// SPDX-License-Identifier: MIT
/* A handler whose exception stack is not mapped: the kernel cannot write
 * the frame, so the fault kills us (#PF, the vector being delivered). */
#include "../lib/lib.h"

static void handler(struct exc_frame *f)
{
	f->regs.rip += 2;
}

int main(void)
{
	exc_user_fn = handler;
	long r = sys_exc_setup((unsigned long)exc_entry, 0x0000030000000000ul);
	printf("  k_exc_nostack: handler with an unmapped stack registered (%ld), faulting\n", r);
	if (r != 0)
		return 98;
	volatile unsigned long *bad = (volatile unsigned long *)0x0000020000000000ul;
	*bad = 1;
	printf("  k_exc_nostack: STILL RUNNING (frame written to an unmapped stack?)\n");
	return 99;
}
