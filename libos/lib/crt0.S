/* SPDX-License-Identifier: MIT */
/* Program entry: we start with rdi = our env id, rsp = top of our stack;
 * a program its parent's libOS loaded (lib/spawn.c) also has rsi = argc,
 * rdx = argv, rcx = its stdio configuration (lib/stdio.c checks it: what
 * the kernel's loader leaves there is not one).  Call main(envid, argc, argv) and exit with its result through
 * libos_exit (lib/stdio.c), which closes a piped standard output. */
	.text
	.globl _start
_start:
	xor %rbp, %rbp
	and $-16, %rsp
	mov %rcx, __stdio_arg(%rip)
	call main
	mov %rax, %rdi
	and $0xFF, %rdi
	call libos_exit
1:	jmp 1b
