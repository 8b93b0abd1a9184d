// SPDX-License-Identifier: MIT
/* The exception stack is our own read-only text: mapped, but not
 * writable, so the kernel refuses to write the frame and kills us with the
 * vector of the fault (#UD). */
#include "../lib/lib.h"

static void handler(struct exc_frame *f)
{
	f->regs.rip += 2;
}

int main(void)
{
	exc_user_fn = handler;
	if (sys_exc_setup((unsigned long)exc_entry, USER_TEXT + PGSIZE) != 0)
		return 98;
	printf("  k_exc_rostack: exception stack on the text page, faulting\n");
	__asm__ volatile("ud2");
	printf("  k_exc_rostack: STILL RUNNING (kernel wrote into our text?)\n");
	return 99;
}
