/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry and exit.  Every entry (exception, IRQ, syscall) builds the
 * same struct trapframe on the single kernel stack and calls C, which never
 * returns here: it picks the env to resume and leaves through iret_to() or
 * sysret_to().  The kernel itself runs with interrupts off.
 */
#include "../../include/uapi/syscall.h"
#define T_SYSCALL 0x100
#define T_YIELD   0x101

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
	cmp $SYS_YIELD, %rax
	jne 1f
	test %rdi, %rdi
	jnz yield_entry
1:	mov %rsp, syscall_user_rsp(%rip)
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

/* A directed yield (rax = SYS_YIELD, rdi = target id != 0).  Its ABI is
 * a function call's (uapi/syscall.h): the libOS keeps what it needs in
 * the callee-saved registers, and the kernel saves only those, with rip,
 * rflags and rsp.  Vector T_YIELD says the frame's other register slots
 * are not this entry's: the env is resumed through yield_resume(), never
 * from those slots.  rflags.DF is already clear (FMASK). */
yield_entry:
	mov cur_tf_end(%rip), %rax     /* frame end; the frame is 176 bytes */
	mov %rcx, -40(%rax)            /* rip */
	mov %r11, -24(%rax)            /* rflags */
	mov %rsp, -16(%rax)            /* rsp */
	movq $T_YIELD, -56(%rax)       /* vector */
	mov %rbx, -72(%rax)
	mov %rbp, -112(%rax)
	mov %r12, -152(%rax)
	mov %r13, -160(%rax)
	mov %r14, -168(%rax)
	mov %r15, -176(%rax)
	lea -176(%rax), %rsi           /* &env_tf[cur_env] */
	mov kstack_top(%rip), %rsp
	call yield_fast                /* (id, tf): never returns */
3:	hlt
	jmp 3b

/* yield_resume(tf): back to ring 3 after a yield, with tf's rip, rflags,
 * rsp, rax (the result) and callee-saved registers, and zero in rdx, rsi,
 * rdi and r8-r10 (rcx and r11 carry rip and rflags for sysret): nothing of
 * another env or of the kernel reaches the env.  The C caller checked
 * tf->rip. */
	.globl yield_resume
yield_resume:
	mov 112(%rdi), %rax            /* rax */
	mov 136(%rdi), %rcx            /* rip */
	mov 152(%rdi), %r11            /* rflags */
	mov 104(%rdi), %rbx
	mov 64(%rdi), %rbp
	mov 24(%rdi), %r12
	mov 16(%rdi), %r13
	mov 8(%rdi), %r14
	mov 0(%rdi), %r15
	mov 160(%rdi), %rsp            /* user stack */
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	sysretq

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
