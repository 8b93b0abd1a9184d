/* SPDX-License-Identifier: MIT */
/*
 * Where the kernel enters a callee (SYS_IPC_ENTRY): rsp = the entry stack
 * top (16-byte aligned), rdi = the caller's id, rsi, rdx, r8, r9 = the four
 * words, rax = IPC_KIND_CALL or IPC_KIND_SEND.  Builds a struct ipc_msg on
 * the stack, calls ipc_dispatch(msg), and replies with the words it left
 * there.  The reply does not return: the kernel gives back the registers
 * the env had when the call came in.
 */
#include "../../kernel/include/uapi/syscall.h"

	.text
	.globl ipc_entry
ipc_entry:
	sub $48, %rsp               /* struct ipc_msg; rsp stays 16-aligned */
	mov %rdi, 0(%rsp)           /* caller */
	mov %rax, 8(%rsp)           /* kind */
	mov %rsi, 16(%rsp)          /* w[0..3] */
	mov %rdx, 24(%rsp)
	mov %r8, 32(%rsp)
	mov %r9, 40(%rsp)
	mov %rsp, %rdi
	movabs $ipc_dispatch, %rax
	call *%rax
	mov 16(%rsp), %rdi          /* the reply: w[0..3] */
	mov 24(%rsp), %rsi
	mov 32(%rsp), %rdx
	mov 40(%rsp), %r10
	mov $SYS_IPC_REPLY, %eax
	syscall
	ud2                         /* a refused reply cannot happen: fault */
