/* SPDX-License-Identifier: MIT */
/*
 * Multiboot (v1) entry.  QEMU's -kernel loader starts us in 32-bit protected
 * mode with paging off, eax = multiboot magic, ebx = multiboot info.  This
 * shim clears .bss, identity-maps the first 1 GiB with 2 MiB pages, turns on
 * PAE + long mode (+ NX when the CPU has it) and jumps to kmain() in 64-bit
 * mode.  kmain() then replaces these tables with the real kernel ones.
 */
#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00000003      /* page-aligned modules, memory info */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	mov %eax, %ebp                 /* keep magic and info pointer */
	mov %ebx, %esi

	mov $__bss_start, %edi         /* zero .bss (boot stack included) */
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb
	mov $boot_stack_top, %esp

	/* PML4[0] -> PDPT[0] -> PD: 512 x 2 MiB identity pages */
	mov $boot_pdpt, %eax
	or $3, %eax
	mov %eax, boot_pml4
	mov $boot_pd, %eax
	or $3, %eax
	mov %eax, boot_pdpt
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax                 /* present, writable, 2 MiB */
	mov %eax, boot_pd(,%ecx,8)
	inc %ecx
	cmp $512, %ecx
	jne 1b

	mov %cr4, %eax
	or $0x20, %eax                 /* PAE */
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3

	/* EFER: LME, SCE, and NXE if CPUID says NX exists */
	mov $0x80000001, %eax
	cpuid
	xor %edi, %edi
	bt $20, %edx
	jnc 2f
	mov $0x800, %edi
2:	mov %edi, boot_nx_enabled
	mov $0xC0000080, %ecx
	rdmsr
	or $0x101, %eax
	or %edi, %eax
	wrmsr

	mov %cr0, %eax
	or $0x80010001, %eax           /* PG, WP, PE */
	mov %eax, %cr0

	lgdt boot_gdtr
	ljmp $0x08, $long_entry

	.code64
long_entry:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	mov $boot_stack_top, %rsp
	mov %ebp, %edi                 /* zero-extends: magic */
	mov %esi, %esi                 /* info pointer (cpuid clobbered ebx) */
	call kmain
3:	hlt
	jmp 3b

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF       /* 0x08: 64-bit code */
	.quad 0x00CF92000000FFFF       /* 0x10: data */
boot_gdtr:
	.word 3 * 8 - 1
	.long boot_gdt

	.section .bss
	.balign 4096
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
	.globl boot_nx_enabled
boot_nx_enabled: .long 0
