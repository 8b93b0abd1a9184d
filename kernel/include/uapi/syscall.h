/* SPDX-License-Identifier: MIT */
/*
 * System-call numbers and calling convention (ABI shared with libOSes).
 *
 * Convention: `syscall` with the number in rax and arguments in rdi, rsi,
 * rdx; the result comes back in rax (>= 0 success, < 0 a code from
 * errno.h).  rcx and r11 are clobbered by the instruction itself; every
 * other register is preserved, except by SYS_YIELD.
 *
 * SYS_YIELD is called like a C function instead: it keeps rsp and the
 * callee-saved registers (rbx, rbp, r12-r15) and may change the others,
 * since context saving is the libOS's job and the kernel saves only what
 * a function call keeps.  A directed yield returns with the result in
 * rax, rip in rcx, rflags in r11 and zero in rdx, rsi, rdi and r8-r10; a
 * yield to the next slice (id 0) may return them as they were.  No
 * register ever carries another env's value.
 */
#ifndef UAPI_SYSCALL_H
#define UAPI_SYSCALL_H

#define SYS_CONS_WRITE   0  /* (buf, len) -> len: write bytes to the console  */
#define SYS_EXIT         1  /* (code): end the calling env; never returns     */
#define SYS_ENV_ID       2  /* () -> env id of the caller                     */
#define SYS_TICKS        3  /* () -> timer ticks since boot                   */
#define SYS_MOD_RUN      4  /* (slot, module) -> status: run a boot module as
                               a child env in `slot` and wait for it           */
#define SYS_MOD_NAME     5  /* (module, buf, len) -> name length              */
/* Physical memory (kernel/core/vm.h): the caller names every page/index. */
#define SYS_PAGE_ALLOC   6  /* (ppn): take the free page ppn as a data page   */
#define SYS_PAGE_FREE    7  /* (ppn): give back an unmapped data page         */
#define SYS_PT_LINK      8  /* (table, index, ppn): free ppn becomes a table
                               one level down, linked at table[index]         */
#define SYS_PT_UNLINK    9  /* (table, index): unlink and free an empty table */
#define SYS_PT_MAP      10  /* (table, index, ppn | perm << 56): map data page
                               ppn at leaf table[index]; perm: PERM_W|PERM_X  */
#define SYS_PT_UNMAP    11  /* (table, index): remove a leaf mapping          */
#define SYS_PT_PROT     12  /* (table, index, perm): change a leaf's rights   */
#define SYS_ENV_ROOT    13  /* () -> ppn of the caller's PML4                 */
/* User-level exceptions (uapi/regs.h: struct exc_frame). */
#define SYS_EXC_SETUP   14  /* (handler, stack_top): where ring-3 exceptions
                               are delivered; (0, 0) removes the handler     */
/* Environments as resources of their parent (exofork). */
#define SYS_ENV_CREATE  15  /* (slot, root ppn) -> id: an empty child env in
                               slot, with the free page root as its PML4     */
#define SYS_ENV_REGS    16  /* (child id, struct uregs *): set its registers  */
#define SYS_ENV_RUN     17  /* (child id) -> status: run it and wait for it   */
/* Capabilities over pages (kernel/core/cap.h). */
#define SYS_CAP_GRANT   18  /* (cap slot, ppn, holder id | rights << 56)      */
#define SYS_CAP_DERIVE  19  /* (cap slot, parent cap, holder id | rights << 56) */
#define SYS_CAP_REVOKE  20  /* (cap) -> E_OK, or E_AGAIN: the sweep is not
                               finished, call again with the same cap        */
#define SYS_PT_MAP_CAP  21  /* (table, index, cap | perm << 56): map the page
                               of a capability held by the target env        */
#define SYS_PT_VIEW     22  /* (table, index, table ppn): map one of the
                               target's own table pages read-only            */
/* The CPU as a vector of time slices (kernel/core/sched.h, uapi/sched.h). */
#define SYS_SLICE_ALLOC 23  /* (slice): take the free slice (r10: self/child)  */
#define SYS_SLICE_FREE  24  /* (slice): give back a slice of ours (or child's) */
#define SYS_YIELD       25  /* (id): 0: to the next slice; else the rest of this
                               slice to env id (a directed yield)            */
#define SYS_SLICE_UPCALL 26 /* (on): 1: deliver the end-of-slice upcall
                               (vector T_SLICE_END) to the exception handler */
/* Protected control transfer (kernel/core/sched.h, uapi/sched.h). */
#define SYS_IPC_ENTRY   27  /* (rip, stack top): accept calls there; (0, 0):
                               accept none                                   */
#define SYS_IPC_CALL    28  /* (id, w0, w1, w2 = r10, w3 = r8): synchronous
                               call; returns the callee's reply: rax = 0,
                               rsi, rdx, r10, r8 = its four words            */
#define SYS_IPC_SEND    29  /* (id, w0, w1, w2 = r10, w3 = r8): asynchronous
                               call: the callee gets the rest of the slice   */
#define SYS_IPC_REPLY   30  /* (w0, w1, w2, w3 = r10): end the call we serve
                               (the caller gets the words); never returns:
                               our registers from before the call come back  */
#define SYS_ENV_KILL    31  /* (child id): destroy a child and its children */
#define SYS_IRQ_COUNT   32  /* (irq 0..15) -> interrupts counted on it       */
/* Visible revocation (kernel/core/revoke.h, uapi/revoke.h). */
#define SYS_REV_ASK     33  /* (victim id, kind, what, dt = r10): ask for
                               resources back within dt timer ticks          */
#define SYS_REV_GRANT   34  /* (child id): hand the revocation capability on  */
/* The console's input and the boot modules' bytes (a read-only file
 * system a libOS loads programs from). */
#define SYS_CONS_READ   35  /* (buf, len) -> bytes read, 0 if none is waiting:
                               never blocks                                  */
#define SYS_MOD_READ    36  /* (module, buf, len, offset = r10) -> bytes
                               copied, 0 at or past the module's end         */
/* Upcall hold: a critical section of the libOS (the window of a remap in
 * which a page its upcall handlers touch is briefly absent, say). */
#define SYS_UPCALL_HOLD 37  /* (on): 1: hold the asynchronous upcalls: IPC
                               calls into the caller fail E_BUSY, the end of
                               its slice is a plain preemption, T_REVOKE waits
                               (the deadline runs), a T_REPO is not sent (the
                               ring still names the loss); 0: release.
                               Returns the previous setting (0 or 1).
                               Exceptions are delivered as always.        */
#define SYS__COUNT      38  /* sentinel */

/* How a callee is entered at its entry point (SYS_IPC_ENTRY): rsp = its
 * stack top, rdi = the caller's id (set by the kernel: unforgeable),
 * rsi, rdx, r8, r9 = the four words, rax = IPC_KIND_CALL or IPC_KIND_SEND. */
#define IPC_KIND_CALL    0
#define IPC_KIND_SEND    1
#define IPC_STACK_MIN    16u    /* the stack top must have this much below it */

/* Target env of the memory calls (SYS_PAGE_ALLOC .. SYS_ENV_ROOT,
 * SYS_CAP_GRANT .. SYS_PT_VIEW) and of SYS_EXC_SETUP: register r10 holds 0 for the caller
 * itself, or the id of a child of the caller, which the caller then manages
 * as its own (exofork).  A stale or foreign id is refused. */
#define TARGET_SELF      0

/* SYS_PT_MAP packs the page number and the permissions in one argument. */
#define MAP_ARG(ppn, perm)  ((unsigned long)(ppn) | ((unsigned long)(perm) << 56))

/* Limits checked by the kernel before any work is done. */
#define CONS_WRITE_MAX   4096u  /* longest single console write             */
#define MOD_NAME_MAX     64u    /* longest module name copied out           */
#define CONS_READ_MAX    64u    /* longest single console read              */
#define MOD_READ_MAX     65536u /* longest single module read               */

/* Child status returned by SYS_MOD_RUN:
 *   0 .. 255                 the child called SYS_EXIT with that code
 *   STATUS_KILLED + vector   the child was killed by CPU exception `vector` */
#define STATUS_KILLED    256

#endif
