/* SPDX-License-Identifier: MIT */
/*
 * User-level exception entry and return (see kernel/arch/x86_64/upcall.c).
 *
 * The kernel enters exc_entry with rsp = rdi = a struct exc_frame
 * (uapi/regs.h) on the exception stack, 16-byte aligned.  exc_entry calls
 * the libOS handler, then exc_resume reloads every register from the
 * (possibly modified) frame and jumps back without entering the kernel.
 *
 * Two ways back, both in ring 3:
 *  - usually: rflags and rip are stored just below the interrupted code's
 *    128-byte red zone, at regs.rsp - 144; then popfq; ret $128.  The red
 *    zone itself is never written.
 *  - when the saved rflags has TF set (single-stepping): iretq.  After
 *    popfq the CPU would trap after `ret`, before the target instruction,
 *    and a stepper would never advance; iretq lets exactly one target
 *    instruction run before the #DB.  The iret frame is built inside the
 *    exception frame itself, so nothing below it is touched either.
 * In ring 3 neither popfq nor iretq can change IF or IOPL.
 *
 * A handler that changes regs.rsp must leave [regs.rsp - 144, regs.rsp -
 * 128) outside the frame's register fields (it is where rip/rflags go).
 */
#define F_RAX     32
#define F_RBX     40
#define F_RCX     48
#define F_RDX     56
#define F_RSI     64
#define F_RDI     72
#define F_RBP     80
#define F_RSP     88
#define F_R8      96
#define F_R9     104
#define F_R10    112
#define F_R11    120
#define F_R12    128
#define F_R13    136
#define F_R14    144
#define F_R15    152
#define F_RIP    160
#define F_RFLAGS 168
#define RFLAGS_TF 0x100
#define RED_ZONE  128

/* Every general register but rax and rsp, from the frame at rsp. */
.macro LOAD_GPRS
	mov F_RBX(%rsp), %rbx
	mov F_RCX(%rsp), %rcx
	mov F_RDX(%rsp), %rdx
	mov F_RSI(%rsp), %rsi
	mov F_RDI(%rsp), %rdi
	mov F_RBP(%rsp), %rbp
	mov F_R8(%rsp), %r8
	mov F_R9(%rsp), %r9
	mov F_R10(%rsp), %r10
	mov F_R11(%rsp), %r11
	mov F_R12(%rsp), %r12
	mov F_R13(%rsp), %r13
	mov F_R14(%rsp), %r14
	mov F_R15(%rsp), %r15
.endm

	.text
	.globl exc_entry
exc_entry:
	cld
	mov %rdi, %rbx                  /* callee-saved: the frame survives the call */
	call *exc_user_fn(%rip)         /* fn(frame); rsp is 16-byte aligned here */
	mov %rbx, %rdi

/* exc_resume(frame): resume the registers of *frame; never returns.  Every
 * register is reloaded, so exc_entry may clobber any of them. */
	.globl exc_resume
exc_resume:
	mov %rdi, %rsp
	testq $RFLAGS_TF, F_RFLAGS(%rsp)
	jnz 1f

	/* Both values are read before either slot is written: in a nested
	 * frame the slots may be the frame's own rip/rflags fields. */
	mov F_RSP(%rsp), %rax
	mov F_RIP(%rsp), %rcx
	mov F_RFLAGS(%rsp), %rdx
	sub $(RED_ZONE + 16), %rax
	mov %rdx, (%rax)                /* popped by popfq */
	mov %rcx, 8(%rax)               /* popped by ret */
	mov %rax, F_RSP(%rsp)
	LOAD_GPRS
	mov F_RAX(%rsp), %rax
	mov F_RSP(%rsp), %rsp
	popfq
	ret $RED_ZONE

	/* Single-step: iretq from a frame at the start of the exc_frame
	 * (rip, cs, rflags, rsp, ss over vector, err, addr, pad, regs.rax);
	 * regs.rax moves to the regs.rip field, already read. */
1:	mov F_RIP(%rsp), %rax
	mov F_RFLAGS(%rsp), %rcx
	mov F_RSP(%rsp), %rdx
	mov F_RAX(%rsp), %rsi
	mov %rsi, F_RIP(%rsp)
	mov %rax, 0(%rsp)
	mov %cs, %rax
	mov %rax, 8(%rsp)
	mov %rcx, 16(%rsp)
	mov %rdx, 24(%rsp)
	mov %ss, %rax
	mov %rax, 32(%rsp)
	LOAD_GPRS
	mov F_RIP(%rsp), %rax
	iretq
