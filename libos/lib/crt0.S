/* SPDX-License-Identifier: MIT */
/* Program entry: the kernel starts us with rdi = our env id, rsp = top of
 * the stack it mapped.  Call main(envid) and exit with its result. */
	.text
	.globl _start
_start:
	xor %rbp, %rbp
	and $-16, %rsp
	call main
	mov %rax, %rdi
	and $0xFF, %rdi
	mov $1, %eax            /* SYS_EXIT */
	syscall
1:	jmp 1b
