// SPDX-License-Identifier: MIT
/* An exception stack whose frame straddles two pages, the lower mapped
 * writable and the upper not mapped: the kernel's fast path (entry.S,
 * exc_fast) starts writing the frame, faults half-way in ring 0, and must
 * fall back to the slow path, which finds the stack unusable and kills us
 * with the vector being delivered (#UD), never the kernel. */
#include "../lib/lib.h"

#define LOW_VA 0x0000030000000000ul   /* mapped; LOW_VA + PGSIZE is not */

static void handler(struct exc_frame *f)
{
	f->regs.rip += 2;
}

int main(void)
{
	long p = page_pick_free();
	if (p < 0 || sys_page_alloc((unsigned long)p) != 0 || vm_map(LOW_VA, (unsigned long)p, PERM_W) != 0)
		return 97;
	*(volatile unsigned long *)LOW_VA = 1;   /* the lower page is writable */
	exc_user_fn = handler;
	/* The frame is [top - 176, top): 112 bytes in the mapped page, 64 in
	 * the unmapped one above it. */
	long r = sys_exc_setup((unsigned long)exc_entry, LOW_VA + PGSIZE + 64);
	printf("  k_exc_halfstack: frame half in an unmapped page (%ld), faulting\n", r);
	if (r != 0)
		return 98;
	__asm__ volatile("ud2");
	printf("  k_exc_halfstack: STILL RUNNING (frame written to an unmapped page?)\n");
	return 99;
}
