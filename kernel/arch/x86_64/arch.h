/* SPDX-License-Identifier: MIT */
/* Declarations shared by the unverified x86-64 layer. */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H
#include <stdint.h>
#include "../../core/types.h"

/* Segment selectors.  The order 0x18 (dummy 32-bit user code), 0x20 (user
 * data), 0x28 (user 64-bit code) is what sysret expects from STAR. */
#define SEL_KCODE   0x08
#define SEL_KDATA   0x10
#define SEL_UBASE   0x18
#define SEL_UDATA   (0x20 | 3)
#define SEL_UCODE   (0x28 | 3)
#define SEL_TSS     0x30

#define T_SYSCALL   0x100      /* trapframe "vector" of a syscall entry */
#define T_YIELD     0x101      /* ... of a directed yield (entry.S) */
#define RFLAGS_IF   0x200ull

/* Saved user state, in the order entry.S pushes it (lowest address first). */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, err;
	uint64_t rip, cs, rflags, rsp, ss;   /* hardware iret frame */
};

/* entry.S */
extern char vectors[];                  /* 48 stubs of 16 bytes each */
void syscall_entry(void);
__attribute__((noreturn)) void iret_to(const struct trapframe *tf);
__attribute__((noreturn)) void sysret_to(const struct trapframe *tf);
__attribute__((noreturn)) void yield_resume(const struct trapframe *tf);
extern uint64_t kstack_top;

/* cpu.c */
void gdt_init(void);
void idt_init(void);
void syscall_init(void);
void fpu_trap_init(void);

/* mmu.c */
extern int nx_enabled;
void mmu_init(uint64_t ram_top);
uint64_t mmu_kernel_root(void);
int mmu_map_user(int32_t env, ppn_t root, uint64_t va, ppn_t ppn, uint64_t perm);
int mmu_user_range_ok(ppn_t root, uint64_t va, uint64_t len, int write);
int64_t boot_pick_free_page(void);

/* trap.c */
__attribute__((noreturn)) void trap_handler(struct trapframe *tf);
__attribute__((noreturn)) void panic(const char *msg, const struct trapframe *tf);
extern volatile uint64_t ticks;
extern uint64_t irq_count[16];

/* proc.c */
extern struct trapframe env_tf[NENV];
extern int32_t cur_env;
extern int32_t root_env;
__attribute__((noreturn)) void proc_dispatch(void);
int32_t proc_spawn_module(int32_t slot, int32_t parent, uint64_t mod);
__attribute__((noreturn)) void proc_run(int32_t slot);
__attribute__((noreturn)) void proc_end(int32_t slot, uint64_t status);
__attribute__((noreturn)) void syscall_handler(struct trapframe *tf);
void proc_save(const struct trapframe *tf);
const char *proc_name(int32_t slot);

/* upcall.c: user-level exception delivery (SYS_EXC_SETUP). */
/* ipc.c: protected control transfer (the register side). */
#define SYSCALL_KEEP  (-0x7FFFFFFFFFFFFFFFll - 1)   /* do_syscall: rax already set */
void ipc_reset(int32_t slot);                    /* no entry point: at env creation */
int64_t ipc_entry_set(int32_t e, uint64_t rip, uint64_t rsp);
int64_t ipc_call(int32_t e, uint64_t id, int sync);
int64_t ipc_reply(int32_t e);

void upcall_reset(int32_t slot);                 /* no handler: at env creation */
int64_t upcall_setup(int32_t slot, uint64_t handler, uint64_t stack_top);
/* Deliver the exception saved in env_tf[slot] (addr: CR2 for #PF) to the
 * env's handler.  Returns 0 when the env now resumes at its handler, "" when
 * it has no handler for this vector, else why delivery failed. */
/* Per env: where its exceptions go (upcall.c; the fast path in entry.S
 * reads handler and stack_top, at the offsets in exc_fast.h). */
struct upcall_ent {
	uint64_t handler;
	uint64_t stack_top;
	int slice_end;      /* wants the end-of-slice upcall (SYS_SLICE_UPCALL) */
	int hold;           /* asynchronous upcalls held (SYS_UPCALL_HOLD) */
};
extern struct upcall_ent upcall_tab[NENV];
/* The exception fast path (entry.S): its frame stores, where a fault sends
 * trap_handler back to exc_fast_fail, and the CR2 it read. */
extern char exc_fast_store[], exc_fast_store_end[], exc_fast_fail[];
extern uint64_t exc_fast_cr2;
const char *upcall_deliver(int32_t slot, uint64_t addr);
/* SYS_SLICE_UPCALL: whether slot wants the end-of-slice upcall (a frame
 * with vector T_SLICE_END on its exception stack); and its delivery. */
int64_t upcall_slice_set(int32_t slot, uint64_t on);
int upcall_slice_wanted(int32_t slot);
/* SYS_UPCALL_HOLD: hold (1) or release (0) slot's asynchronous upcalls;
 * returns the previous setting.  upcall_held: whether they are held. */
int64_t upcall_hold_set(int32_t slot, uint64_t on);
int upcall_held(int32_t slot);
const char *upcall_deliver_slice(int32_t slot);
/* An upcall (T_REVOKE, T_REPO) to env slot, running or not. */
const char *upcall_deliver_to(int32_t slot, uint64_t vec, uint64_t err, uint64_t addr);

/* repo.c: the trap side of visible revocation (kernel/core/revoke.h). */
void repo_boot(int32_t root);               /* no request; the root holds the capability */
int64_t repo_ask(int32_t e, uint64_t id, uint64_t kind, uint64_t what, uint64_t dt);
void repo_tick(void);                       /* each timer tick */
void repo_report(void);                     /* at halt: what the abort protocol cost */

/* modules (generated) */
struct module { const char *name; const uint8_t *start; uint64_t size; };
extern const struct module module_table[];
extern const uint64_t module_count;

#endif
