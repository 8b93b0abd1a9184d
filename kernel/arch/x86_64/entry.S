/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry and exit.  Every entry (exception, IRQ, syscall) builds the
 * same struct trapframe on the single kernel stack and calls C, which never
 * returns here: it picks the env to resume and leaves through iret_to() or
 * sysret_to().  The kernel itself runs with interrupts off.
 */
#include "../../include/uapi/syscall.h"
#include "exc_fast.h"
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

/* 48 stubs, 16 bytes apart: vectors 0..31 (exceptions), 32..47 (IRQs).
 * The exceptions a ring-3 handler may take (upcall.c, UPCALL_VECTORS) go
 * through exc_fast first. */
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
	.if (vec == 0) || (vec == 1) || (vec == 3) || (vec == 6) || (vec == 7) || (vec == 13) || (vec == 14)
	jmp exc_fast
	.else
	jmp trap_common
	.endif
	.set vec, vec + 1
	.endr

/* The exception fast path: a ring-3 exception, delivered to the env's
 * own handler (SYS_EXC_SETUP) without saving its registers in the
 * kernel.  It does what trap_handler -> upcall_deliver -> proc_run do
 * (upcall.c) in the common case: a handler is registered and the env was
 * not running on its exception stack, so the frame goes at the stack's
 * top.  The frame is written straight from the registers, through the
 * env's own page tables (CR3 is the env's): CR0.WP is set, so a store to
 * a page that is not mapped writable faults in ring 0 instead of
 * succeeding, and every present entry in the user slots has the U bit
 * (kernel/core/pte.c builds all of them; the range was checked by
 * upcall_setup).  Such a fault, at a store between exc_fast_store and
 * exc_fast_store_end, sends trap_handler back here to exc_fast_fail,
 * which takes the slow path from the start: it walks the tables, finds
 * the stack unusable and ends the env, with the report it always gave.
 * Everything else (ring 0, no handler, a fault in the handler) takes the
 * slow path too.
 * Stack on entry: vector, err, rip, cs, rflags, rsp, ss. */
exc_fast:
	testb $3, 24(%rsp)             /* from ring 3? */
	jz trap_common
	push %rax
	push %rcx
	push %rdx
	/* Now: 0 rdx, 8 rcx, 16 rax, 24 vector, 32 err, 40 rip, 48 cs,
	 * 56 rflags, 64 rsp, 72 ss. */
	movslq cur_env(%rip), %rax
	imul $UPCALL_ENT_SIZE, %rax, %rax
	lea upcall_tab(%rip), %rdx
	add %rax, %rdx
	mov UPCALL_ENT_HANDLER(%rdx), %rcx
	test %rcx, %rcx
	jz exc_fast_fail               /* no handler: the env dies (slow path) */
	mov UPCALL_ENT_TOP(%rdx), %rax
	/* Nested (upcall.c, frame_addr): rsp > lo && rsp - lo < stack + red
	 * zone, lo = top - stack, i.e. (rsp - lo - 1) mod 2^64 below
	 * stack + red zone - 1. */
	mov 64(%rsp), %rdx
	sub %rax, %rdx
	add $(EXC_STACK_BYTES - 1), %rdx
	cmp $(EXC_STACK_BYTES + EXC_RED_ZONE - 1), %rdx
	jb exc_fast_fail
	sub $XF_SIZE, %rax             /* the frame: top - 176 */
	xor %edx, %edx
	cmpq $14, 24(%rsp)
	jne 1f
	mov %cr2, %rdx                 /* #PF: the address; kept in case */
	mov %rdx, exc_fast_cr2(%rip)   /* a store below faults (CR2 moves) */
1:
	.globl exc_fast_store
exc_fast_store:
	mov %rdx, XF_ADDR(%rax)
	movq $0, XF_PAD(%rax)
	mov 24(%rsp), %rdx
	mov %rdx, XF_VECTOR(%rax)
	mov 32(%rsp), %rdx
	mov %rdx, XF_ERR(%rax)
	mov 16(%rsp), %rdx
	mov %rdx, XF_RAX(%rax)
	mov %rbx, XF_RBX(%rax)
	mov 8(%rsp), %rdx
	mov %rdx, XF_RCX(%rax)
	mov 0(%rsp), %rdx
	mov %rdx, XF_RDX(%rax)
	mov %rsi, XF_RSI(%rax)
	mov %rdi, XF_RDI(%rax)
	mov %rbp, XF_RBP(%rax)
	mov 64(%rsp), %rdx
	mov %rdx, XF_RSP(%rax)
	mov %r8, XF_R8(%rax)
	mov %r9, XF_R9(%rax)
	mov %r10, XF_R10(%rax)
	mov %r11, XF_R11(%rax)
	mov %r12, XF_R12(%rax)
	mov %r13, XF_R13(%rax)
	mov %r14, XF_R14(%rax)
	mov %r15, XF_R15(%rax)
	mov 40(%rsp), %rdx
	mov %rdx, XF_RIP(%rax)
	mov 56(%rsp), %rdx
	mov %rdx, XF_RFLAGS(%rax)
	.globl exc_fast_store_end
exc_fast_store_end:
	/* Enter the handler: rip = handler, rsp = rdi = the frame, the
	 * user segments, rflags as proc_run would give them. */
	mov %rcx, 40(%rsp)
	movq $XF_SEL_UCODE, 48(%rsp)
	andq $XF_RFLAGS_KEEP, 56(%rsp)
	orq $XF_RFLAGS_SET, 56(%rsp)
	mov %rax, 64(%rsp)
	movq $XF_SEL_UDATA, 72(%rsp)
	mov %rax, %rdi
	pop %rdx
	pop %rcx
	pop %rax
	add $16, %rsp                  /* vector, err */
	iretq
	.globl exc_fast_fail
exc_fast_fail:
	pop %rdx
	pop %rcx
	pop %rax
	jmp trap_common

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
	.globl exc_fast_cr2
exc_fast_cr2: .quad 0
	.balign 16
	.globl kstack
kstack:	.skip 16384
kstack_end:

	.data
	.balign 8
	.globl kstack_top
kstack_top: .quad kstack_end
