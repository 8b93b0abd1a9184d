// SPDX-License-Identifier: MIT
/*
 * User-level exceptions: the SYS_EXC_SETUP stub and a C-level handler on a
 * libOS-managed exception stack.  The kernel delivers a ring-3 exception
 * to exc_entry (exc_entry.S), which calls the function registered here and
 * then resumes the frame it was given, as the handler left it.
 */
#include "lib.h"

void (*exc_user_fn)(struct exc_frame *);   /* called by exc_entry */
static int exc_stack_ready;

long sys_exc_setup(unsigned long handler, unsigned long stack_top)
{
	return sys_call3(SYS_EXC_SETUP, handler, stack_top, 0);
}

int exc_handler_set(void (*fn)(struct exc_frame *))
{
	if (!fn)
		return (int)sys_exc_setup(0, 0);
	/* One page at a fixed address, taken on first use and kept. */
	if (!exc_stack_ready) {
		long p = page_pick_free();
		if (p < 0)
			return E_NOMEM;
		long r = sys_page_alloc((unsigned long)p);
		if (r < 0)
			return (int)r;
		r = vm_map(EXC_STACK_TOP - PGSIZE, (unsigned long)p, PERM_W);
		if (r < 0) {
			sys_page_free((unsigned long)p);
			return (int)r;
		}
		exc_stack_ready = 1;
	}
	exc_user_fn = fn;
	return (int)sys_exc_setup((unsigned long)exc_entry, EXC_STACK_TOP);
}
