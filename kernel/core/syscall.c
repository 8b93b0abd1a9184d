// SPDX-License-Identifier: MIT
/*
 * System-call argument validation.  Pointer arguments are checked against
 * the user half of the address space with arithmetic that cannot wrap;
 * whether the pages are actually mapped is checked afterwards by the MMU
 * code in arch/ (see spec/README.md, "What is not proved").
 */
#include "syscall.h"

int user_range_ok(uint64_t va, uint64_t len)
{
	if (va < USER_BASE || va > USER_TOP)
		return 0;
	if (len > USER_TOP - va)   /* va <= USER_TOP: no wrap here */
		return 0;
	return 1;
}

int syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2)
{
	switch (num) {
	case SYS_CONS_WRITE:
		if (a1 > CONS_WRITE_MAX)
			return E_INVAL;
		if (!user_range_ok(a0, a1))
			return E_FAULT;
		return E_OK;
	case SYS_EXIT:
		if (a0 > 255)
			return E_INVAL;
		return E_OK;
	case SYS_ENV_ID:
	case SYS_TICKS:
		return E_OK;
	case SYS_MOD_RUN:
		if (a0 >= NENV)
			return E_INVAL;
		return E_OK;
	case SYS_MOD_NAME:
		if (a2 > MOD_NAME_MAX)
			return E_INVAL;
		if (!user_range_ok(a1, a2))
			return E_FAULT;
		return E_OK;
	case SYS_PAGE_ALLOC:
	case SYS_PAGE_FREE:
	case SYS_PT_LINK:
	case SYS_PT_UNLINK:
	case SYS_PT_MAP:
	case SYS_PT_UNMAP:
	case SYS_PT_PROT:
	case SYS_ENV_ROOT:
		return E_OK;   /* no pointer arguments; vm.c checks the rest */
	case SYS_EXC_SETUP:
		if (a0 == 0 && a1 == 0)
			return E_OK;
		if (!user_range_ok(a0, 1) || a1 < USER_BASE + EXC_FRAME_SIZE ||
		    !user_range_ok(a1 - EXC_FRAME_SIZE, EXC_FRAME_SIZE) || a1 % 16 != 0)
			return E_INVAL;
		return E_OK;
	case SYS_ENV_CREATE:
		if (a0 >= NENV)
			return E_INVAL;
		return E_OK;
	case SYS_ENV_REGS:
		if (!user_range_ok(a1, UREGS_SIZE))
			return E_FAULT;
		return E_OK;
	case SYS_ENV_RUN:
	case SYS_CAP_GRANT:
	case SYS_CAP_DERIVE:
	case SYS_CAP_REVOKE:
	case SYS_PT_MAP_CAP:
	case SYS_PT_VIEW:
	case SYS_SLICE_ALLOC:
	case SYS_SLICE_FREE:
	case SYS_YIELD:
	case SYS_SLICE_UPCALL:
		return E_OK;   /* ids, caps, pages, slices are checked by the core */
	case SYS_IPC_ENTRY:
		if (a0 == 0 && a1 == 0)
			return E_OK;
		if (!user_range_ok(a0, 1) || a1 < USER_BASE + IPC_STACK_MIN ||
		    !user_range_ok(a1 - IPC_STACK_MIN, IPC_STACK_MIN) || a1 % 16 != 0)
			return E_INVAL;
		return E_OK;
	case SYS_IPC_CALL:
	case SYS_IPC_SEND:
	case SYS_IPC_REPLY:
	case SYS_ENV_KILL:
	case SYS_IRQ_COUNT:
	case SYS_REV_ASK:
	case SYS_REV_GRANT:
		return E_OK;   /* ids by the core (sched.c, revoke.c), the irq by trap.c */
	case SYS_CONS_READ:
		if (a1 > CONS_READ_MAX)
			return E_INVAL;
		if (!user_range_ok(a0, a1))
			return E_FAULT;
		return E_OK;
	case SYS_MOD_READ:
		if (a2 > MOD_READ_MAX)
			return E_INVAL;
		if (!user_range_ok(a1, a2))
			return E_FAULT;
		return E_OK;   /* the module number by proc.c */
	case SYS_UPCALL_HOLD:
		return E_OK;   /* on (0 or 1) by upcall.c */
	default:
		return E_NOSYS;
	}
}
