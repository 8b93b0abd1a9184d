/* SPDX-License-Identifier: MIT */
/*
 * regs_save(struct uregs *u): a setjmp for fork() (libos/lib/fork.c).
 *
 * Fills *u with the registers a child needs to continue from this call as
 * if it had returned 1: the callee-saved registers (rbx, rbp, r12-r15) as
 * they are now, rsp as it will be after `ret`, rip = the return address,
 * rax = 1 and rflags = IF | bit 1.  The caller-saved registers are dead
 * across a call, so they are zero.  Returns 0 to the caller now; the child,
 * started from *u with SYS_ENV_REGS, "returns" 1.
 *
 * Offsets: struct uregs in kernel/include/uapi/regs.h.
 */
#define U_RAX     0
#define U_RBX     8
#define U_RCX    16
#define U_RDX    24
#define U_RSI    32
#define U_RDI    40
#define U_RBP    48
#define U_RSP    56
#define U_R8     64
#define U_R9     72
#define U_R10    80
#define U_R11    88
#define U_R12    96
#define U_R13   104
#define U_R14   112
#define U_R15   120
#define U_RIP   128
#define U_RFLAGS 136

	.text
	.globl regs_save
	.type regs_save, @function
regs_save:
	movq $1, U_RAX(%rdi)
	movq %rbx, U_RBX(%rdi)
	movq $0, U_RCX(%rdi)
	movq $0, U_RDX(%rdi)
	movq $0, U_RSI(%rdi)
	movq $0, U_RDI(%rdi)
	movq %rbp, U_RBP(%rdi)
	leaq 8(%rsp), %rax              /* rsp after our ret */
	movq %rax, U_RSP(%rdi)
	movq $0, U_R8(%rdi)
	movq $0, U_R9(%rdi)
	movq $0, U_R10(%rdi)
	movq $0, U_R11(%rdi)
	movq %r12, U_R12(%rdi)
	movq %r13, U_R13(%rdi)
	movq %r14, U_R14(%rdi)
	movq %r15, U_R15(%rdi)
	movq (%rsp), %rax               /* the return address */
	movq %rax, U_RIP(%rdi)
	movq $0x202, U_RFLAGS(%rdi)     /* IF, and the always-one bit 1 */
	xorl %eax, %eax
	ret
	.size regs_save, . - regs_save
