/* SPDX-License-Identifier: MIT */
/*
 * Register sets exchanged with the kernel: the initial registers a parent
 * gives a child (SYS_ENV_REGS), and the frame the kernel pushes on an
 * env's exception stack when it delivers a ring-3 exception to the env's
 * handler (SYS_EXC_SETUP).
 */
#ifndef UAPI_REGS_H
#define UAPI_REGS_H
#include <stdint.h>

struct uregs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
};

/* The "vector" of the end-of-slice upcall (SYS_SLICE_UPCALL): the slice is
 * over; yield within GRACE_TICKS (uapi/sched.h) or lose the CPU by force. */
#define T_SLICE_END 32
/* Visible revocation (uapi/revoke.h): a request against this env (err =
 * its kind, addr = what it names), and resources taken by force (err =
 * entries added to the repossession ring, addr = written[] now). */
#define T_REVOKE    33
#define T_REPO      34

/* Pushed on the exception stack; the handler is entered with rsp pointing
 * at it (16-byte aligned) and rdi = rsp. */
struct exc_frame {
	uint64_t vector;   /* CPU exception number (0 #DE, 1 #DB, 3 #BP, 6 #UD,
			      7 #NM, 13 #GP, 14 #PF), T_SLICE_END, T_REVOKE
			      or T_REPO */
	uint64_t err;      /* error code, 0 when the CPU gives none */
	uint64_t addr;     /* faulting address (CR2) for #PF, else 0 */
	uint64_t pad;
	struct uregs regs; /* the interrupted registers */
};

#endif
