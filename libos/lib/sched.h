/* SPDX-License-Identifier: MIT */
/*
 * The libOS side of the time-slice vector (kernel/include/uapi/sched.h),
 * included by lib.h.  The vector, who owns each slice, and how much each
 * env ran, owes and lost by force, are readable at USER_SCHEDINFO.
 */
#ifndef LIBOS_SCHED_H
#define LIBOS_SCHED_H
#include "../../kernel/include/uapi/sched.h"

/* Raw calls.  target: TARGET_SELF or a child's id (the parent hands out
 * slices).  sys_yield(0): to the next slice; sys_yield(id): the rest of
 * this slice to env id. */
long sys_slice_alloc(long target, unsigned long slice);
long sys_slice_free(long target, unsigned long slice);
long sys_slice_upcall(long target, unsigned long on);
/* Hold (1) or release (0) our asynchronous upcalls (SYS_UPCALL_HOLD): IPC
 * calls into us fail E_BUSY, a slice end is a plain preemption, T_REVOKE
 * waits (its deadline does not).  Returns the previous setting.  For the
 * short windows in which a page the handlers touch is absent. */
long sys_upcall_hold(unsigned long on);

/* Inline: the hot call of a user-level scheduler.  A yield is called like
 * a C function (uapi/syscall.h): it keeps rsp and the callee-saved
 * registers, and the compiler saves whatever else is live. */
static inline long sys_yield(long id)
{
	long r;
	__asm__ volatile("syscall"
			 : "=a"(r), "+D"(id)
			 : "a"((long)SYS_YIELD)
			 : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory", "cc");
	return r;
}

const struct sched_info *schedinfo(void);
long slice_pick_free(void);        /* a free slice, or -1 (no policy: the first) */
int slices_of(int slot);           /* how many slices env slot owns */
int slot_of(long id);              /* the slot of an env id (TARGET_SELF: ours; lib/vm.c) */

/* Ask for the end-of-slice upcall: fn runs on the exception stack when a
 * slice ends (frame->vector == T_SLICE_END) and must yield within
 * GRACE_TICKS; the default (fn == 0) yields at once.  Faults still go to
 * the handler set with exc_handler_set() (installed here if none). */
int slice_upcall_on(void (*fn)(struct exc_frame *));
#endif
