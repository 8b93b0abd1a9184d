/* SPDX-License-Identifier: MIT */
/*
 * System-call decoding: the checks every call passes before the kernel
 * acts on it.  syscall_check() changes nothing; the arch dispatcher runs a
 * call only when it returns E_OK (seL4's decode/invoke split).
 */
#ifndef CORE_SYSCALL_H
#define CORE_SYSCALL_H
#include "types.h"
#include "../include/uapi/regs.h"

#define UREGS_SIZE      144   /* sizeof(struct uregs) */
#define EXC_FRAME_SIZE  176   /* sizeof(struct exc_frame) */

/*@ // [va, va+len) lies inside user space, computed without overflow.
    predicate UserRange(integer va, integer len) =
      USER_BASE <= va && va + len <= USER_TOP;

    // SYS_EXC_SETUP: no handler at all, or a user handler address and a
    // 16-byte aligned exception stack top with room for one frame.
    predicate ExcSetupOk(integer handler, integer stack) =
      (handler == 0 && stack == 0) ||
      (UserRange(handler, 1) && UserRange(stack - EXC_FRAME_SIZE, EXC_FRAME_SIZE) &&
       stack % 16 == 0);

    // SYS_IPC_ENTRY: no entry point, or a user entry address and a
    // 16-byte aligned stack top with user space below it.
    predicate IpcEntryOk(integer rip, integer stack) =
      (rip == 0 && stack == 0) ||
      (UserRange(rip, 1) && UserRange(stack - IPC_STACK_MIN, IPC_STACK_MIN) &&
       stack % 16 == 0);
*/

/* Is [va, va+len) inside the user half?  Never overflows: a range that
 * would wrap around 2^64 is rejected.  An empty range counts if va is in
 * [USER_BASE, USER_TOP]. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> UserRange(va, len);
*/
int user_range_ok(uint64_t va, uint64_t len);

/* Check number and arguments of a system call.  Returns E_OK when the call
 * may proceed, else the error the caller gets:
 *   E_NOSYS  unknown number;
 *   E_INVAL  a length over its limit, an exit code over 255, a slot out of
 *            range;
 *   E_FAULT  a buffer outside user space or wrapping around.
 * The memory calls take no pointers; vm.c checks their arguments. */
/*@ assigns \nothing;
    behavior cons_write_len:
      assumes num == SYS_CONS_WRITE && a1 > CONS_WRITE_MAX;
      ensures \result == E_INVAL;
    behavior cons_write_fault:
      assumes num == SYS_CONS_WRITE && a1 <= CONS_WRITE_MAX && !UserRange(a0, a1);
      ensures \result == E_FAULT;
    behavior cons_write_ok:
      assumes num == SYS_CONS_WRITE && a1 <= CONS_WRITE_MAX && UserRange(a0, a1);
      ensures \result == E_OK;
    behavior exit_bad:
      assumes num == SYS_EXIT && a0 > 255;
      ensures \result == E_INVAL;
    behavior exit_ok:
      assumes num == SYS_EXIT && a0 <= 255;
      ensures \result == E_OK;
    behavior no_args:
      assumes num == SYS_ENV_ID || num == SYS_TICKS;
      ensures \result == E_OK;
    behavior mod_run_bad:
      assumes num == SYS_MOD_RUN && a0 >= NENV;
      ensures \result == E_INVAL;
    behavior mod_run_ok:
      assumes num == SYS_MOD_RUN && a0 < NENV;
      ensures \result == E_OK;
    behavior mod_name_len:
      assumes num == SYS_MOD_NAME && a2 > MOD_NAME_MAX;
      ensures \result == E_INVAL;
    behavior mod_name_fault:
      assumes num == SYS_MOD_NAME && a2 <= MOD_NAME_MAX && !UserRange(a1, a2);
      ensures \result == E_FAULT;
    behavior mod_name_ok:
      assumes num == SYS_MOD_NAME && a2 <= MOD_NAME_MAX && UserRange(a1, a2);
      ensures \result == E_OK;
    behavior vm_calls:
      assumes SYS_PAGE_ALLOC <= num <= SYS_ENV_ROOT;
      ensures \result == E_OK;
    behavior exc_setup_bad:
      assumes num == SYS_EXC_SETUP && !ExcSetupOk(a0, a1);
      ensures \result == E_INVAL;
    behavior exc_setup_ok:
      assumes num == SYS_EXC_SETUP && ExcSetupOk(a0, a1);
      ensures \result == E_OK;
    behavior env_create_bad:
      assumes num == SYS_ENV_CREATE && a0 >= NENV;
      ensures \result == E_INVAL;
    behavior env_create_ok:
      assumes num == SYS_ENV_CREATE && a0 < NENV;
      ensures \result == E_OK;
    behavior env_regs_fault:
      assumes num == SYS_ENV_REGS && !UserRange(a1, UREGS_SIZE);
      ensures \result == E_FAULT;
    behavior env_regs_ok:
      assumes num == SYS_ENV_REGS && UserRange(a1, UREGS_SIZE);
      ensures \result == E_OK;
    behavior core_checked:
      assumes SYS_ENV_RUN <= num <= SYS_SLICE_UPCALL;
      ensures \result == E_OK;
    behavior ipc_entry_bad:
      assumes num == SYS_IPC_ENTRY && !IpcEntryOk(a0, a1);
      ensures \result == E_INVAL;
    behavior ipc_entry_ok:
      assumes num == SYS_IPC_ENTRY && IpcEntryOk(a0, a1);
      ensures \result == E_OK;
    behavior core_checked_ipc:
      assumes SYS_IPC_CALL <= num <= SYS_REV_GRANT;
      ensures \result == E_OK;
    behavior cons_read_len:
      assumes num == SYS_CONS_READ && a1 > CONS_READ_MAX;
      ensures \result == E_INVAL;
    behavior cons_read_fault:
      assumes num == SYS_CONS_READ && a1 <= CONS_READ_MAX && !UserRange(a0, a1);
      ensures \result == E_FAULT;
    behavior cons_read_ok:
      assumes num == SYS_CONS_READ && a1 <= CONS_READ_MAX && UserRange(a0, a1);
      ensures \result == E_OK;
    behavior mod_read_len:
      assumes num == SYS_MOD_READ && a2 > MOD_READ_MAX;
      ensures \result == E_INVAL;
    behavior mod_read_fault:
      assumes num == SYS_MOD_READ && a2 <= MOD_READ_MAX && !UserRange(a1, a2);
      ensures \result == E_FAULT;
    behavior mod_read_ok:
      assumes num == SYS_MOD_READ && a2 <= MOD_READ_MAX && UserRange(a1, a2);
      ensures \result == E_OK;
    behavior upcall_hold:
      assumes num == SYS_UPCALL_HOLD;
      ensures \result == E_OK;
    behavior unknown:
      assumes num >= SYS__COUNT;
      ensures \result == E_NOSYS;
    complete behaviors;
    disjoint behaviors;
*/
int syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2);

#endif
