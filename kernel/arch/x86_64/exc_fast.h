/* SPDX-License-Identifier: MIT */
/*
 * Constants shared by the exception fast path (entry.S, exc_fast) and
 * upcall.c, which checks every one of them against the C layouts with
 * _Static_assert.  Plain #defines: this header is included by assembly.
 */
#ifndef ARCH_EXC_FAST_H
#define ARCH_EXC_FAST_H

/* upcall_tab[slot] (upcall.c): handler at 0, stack_top at 8. */
#define UPCALL_ENT_SIZE     24
#define UPCALL_ENT_HANDLER  0
#define UPCALL_ENT_TOP      8

/* The exception stack and the red zone kept below an interrupted rsp. */
#define EXC_STACK_BYTES     4096
#define EXC_RED_ZONE        128

/* struct exc_frame (uapi/regs.h): 176 bytes. */
#define XF_SIZE     176
#define XF_VECTOR   0
#define XF_ERR      8
#define XF_ADDR     16
#define XF_PAD      24
#define XF_RAX      32
#define XF_RBX      40
#define XF_RCX      48
#define XF_RDX      56
#define XF_RSI      64
#define XF_RDI      72
#define XF_RBP      80
#define XF_RSP      88
#define XF_R8       96
#define XF_R9       104
#define XF_R10      112
#define XF_R11      120
#define XF_R12      128
#define XF_R13      136
#define XF_R14      144
#define XF_R15      152
#define XF_RIP      160
#define XF_RFLAGS   168

/* The user segments (arch.h SEL_UCODE, SEL_UDATA) and the rflags an env
 * resumes with (proc_run: arithmetic flags kept, IF on, IOPL 0; on
 * entry to a handler TF, DF and AC are cleared too). */
#define XF_SEL_UCODE      0x2B
#define XF_SEL_UDATA      0x23
#define XF_RFLAGS_KEEP    0x8D5
#define XF_RFLAGS_SET     0x202

#endif
