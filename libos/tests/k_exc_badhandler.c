// SPDX-License-Identifier: MIT
/* The handler is a user address with nothing mapped: entering it faults
 * in ring 3, which nests on the exception stack until it overflows. */
#include "../lib/lib.h"

static void unused(struct exc_frame *f)
{
	(void)f;
}

int main(void)
{
	/* exc_handler_set maps the exception stack; then point the kernel at
	 * a handler address that is not mapped. */
	if (exc_handler_set(unused) != 0 || sys_exc_setup(0x9000000000ul, EXC_STACK_TOP) != 0)
		return 98;
	printf("  k_exc_badhandler: handler at unmapped 0x9000000000, faulting\n");
	__asm__ volatile("ud2");
	printf("  k_exc_badhandler: STILL RUNNING\n");
	return 99;
}
