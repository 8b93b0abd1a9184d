/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry and exit.  Every entry (exception, IRQ, syscall) builds the
 * same struct trapframe on the single kernel stack and calls C, which never
 * returns here: it picks the env to resume and leaves through iret_to() or
 * sysret_to().  The kernel itself runs with interrupts off.
 */
#define T_SYSCALL 0x100

/* The general registers, in struct trapframe order (r15 lowest). */
.macro PUSH_GPRS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm
.macro POP_GPRS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

	.text
	.code64

/* 48 stubs, 16 bytes apart: vectors 0..31 (exceptions), 32..47 (IRQs). */
	.balign 16
	.globl vectors
vectors:
	.set vec, 0
	.rept 48
	.balign 16
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	pushq $vec                  /* CPU pushed an error code */
	.else
	pushq $0
	pushq $vec
	.endif
	jmp trap_common
	.set vec, vec + 1
	.endr

trap_common:
	PUSH_GPRS
	mov %rsp, %rdi
	cld
	call trap_handler
1:	hlt
	jmp 1b

/* syscall: rcx = user rip, r11 = user rflags, IF/TF/DF/AC cleared by FMASK.
 * The frame is built in place in the running env's saved registers
 * (env_tf[cur_env]: cur_tf_end is its end), not on the kernel stack: a
 * system call then needs no copy of it. */
	.globl syscall_entry
syscall_entry:
	mov %rsp, syscall_user_rsp(%rip)
	mov cur_tf_end(%rip), %rsp
	pushq $0x23                    /* ss */
	pushq syscall_user_rsp(%rip)   /* rsp */
	pushq %r11                     /* rflags */
	pushq $0x2B                    /* cs */
	pushq %rcx                     /* rip */
	pushq $0                       /* err */
	pushq $T_SYSCALL               /* vector */
	PUSH_GPRS
	mov %rsp, %rdi                 /* &env_tf[cur_env] */
	mov kstack_top(%rip), %rsp
	cld
	call syscall_handler
2:	hlt
	jmp 2b

/* iret_to(tf): restore everything from *tf and iretq. */
	.globl iret_to
iret_to:
	mov %rdi, %rsp
	POP_GPRS
	add $16, %rsp                  /* vector, err */
	iretq

/* sysret_to(tf): fast return for a syscall.  The C caller has checked that
 * tf->rip is a canonical user address: sysret with a non-canonical rcx
 * would fault in ring 0 on the user's stack. */
	.globl sysret_to
sysret_to:
	mov %rdi, %rsp
	POP_GPRS
	mov 16(%rsp), %rcx             /* rip */
	mov 32(%rsp), %r11             /* rflags */
	mov 40(%rsp), %rsp             /* user stack */
	sysretq

	.bss
	.balign 8
syscall_user_rsp: .quad 0
	.balign 16
	.globl kstack
kstack:	.skip 16384
kstack_end:

	.data
	.balign 8
	.globl kstack_top
kstack_top: .quad kstack_end
