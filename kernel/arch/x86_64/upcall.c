// SPDX-License-Identifier: MIT
/* User-level exception upcalls: placeholder until delivery is written. */
#include "arch.h"

void upcall_reset(int32_t slot)
{
	(void)slot;
}

int64_t upcall_setup(int32_t slot, uint64_t handler, uint64_t stack_top)
{
	(void)slot; (void)handler; (void)stack_top;
	return E_NOSYS;
}
