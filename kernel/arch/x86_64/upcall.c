// SPDX-License-Identifier: MIT
/*
 * User-level exception upcalls (Aegis, JOS).  An env names a handler and an
 * exception stack with SYS_EXC_SETUP; a ring-3 #DE, #DB, #BP, #UD, #NM, #GP
 * or #PF then does not kill it: the kernel writes a struct exc_frame (the
 * vector, error code, CR2 and the interrupted registers) on the exception
 * stack and resumes the env at the handler.  Returning is the libOS's
 * business (libos/lib/exc_entry.S): it reloads the registers itself,
 * without entering the kernel.
 *
 * The exception stack is the page below stack_top.  A fault while running
 * on it (a fault in the handler) nests: the new frame goes below the
 * interrupted rsp and its 128-byte red zone.  This file (the slow path)
 * touches user memory only after mmu_user_range_ok() has walked the env's
 * page tables and found the whole frame mapped user-writable; anything
 * else (overflow, unmapped or read-only stack) ends the env, never the
 * kernel.  The common case, a handler and no nesting, is handled by the
 * fast path in entry.S (exc_fast), which writes the frame with the
 * hardware checking each store and falls back to this code when a store
 * faults (proofs/README.md, assumption 10).
 */
#include "arch.h"
#include "hw.h"
#include "../../core/syscall.h"
#include "exc_fast.h"

#define RED_ZONE     128ull
#define EXC_STACK    PGSIZE     /* the exception stack: [top - PGSIZE, top) */

#define RFLAGS_TF    0x100ull
#define RFLAGS_DF    0x400ull
#define RFLAGS_NT    0x4000ull
#define RFLAGS_RF    0x10000ull
#define RFLAGS_AC    0x40000ull

/* #DE, #DB, #BP, #UD, #NM, #GP, #PF: the exceptions a program can cause
 * and recover from.  Anything else still kills it. */
#define UPCALL_VECTORS ((1u << 0) | (1u << 1) | (1u << 3) | (1u << 6) | \
			(1u << 7) | (1u << 13) | (1u << 14))

_Static_assert(sizeof(struct exc_frame) == EXC_FRAME_SIZE, "EXC_FRAME_SIZE");
_Static_assert(EXC_FRAME_SIZE % 16 == 0, "frames keep the stack 16-byte aligned");

/* Per slot: handler == 0 means none.  Both values passed syscall_check
 * (ExcSetupOk): the handler is a user address, the stack top is 16-byte
 * aligned and [top - EXC_FRAME_SIZE, top) lies in user space. */
struct upcall_ent upcall_tab[NENV];

/* The fast path (entry.S, exc_fast) reads upcall_tab and writes struct
 * exc_frame by these offsets (exc_fast.h). */
_Static_assert(sizeof(struct upcall_ent) == UPCALL_ENT_SIZE, "UPCALL_ENT_SIZE");
_Static_assert(__builtin_offsetof(struct upcall_ent, handler) == UPCALL_ENT_HANDLER, "handler");
_Static_assert(__builtin_offsetof(struct upcall_ent, stack_top) == UPCALL_ENT_TOP, "stack_top");
_Static_assert(EXC_STACK == EXC_STACK_BYTES && RED_ZONE == EXC_RED_ZONE, "exception stack");
_Static_assert(EXC_FRAME_SIZE == XF_SIZE, "XF_SIZE");
#define XF_AT(f, off) _Static_assert(__builtin_offsetof(struct exc_frame, f) == off, #f)
XF_AT(vector, XF_VECTOR); XF_AT(err, XF_ERR); XF_AT(addr, XF_ADDR); XF_AT(pad, XF_PAD);
XF_AT(regs.rax, XF_RAX); XF_AT(regs.rbx, XF_RBX); XF_AT(regs.rcx, XF_RCX);
XF_AT(regs.rdx, XF_RDX); XF_AT(regs.rsi, XF_RSI); XF_AT(regs.rdi, XF_RDI);
XF_AT(regs.rbp, XF_RBP); XF_AT(regs.rsp, XF_RSP); XF_AT(regs.r8, XF_R8);
XF_AT(regs.r9, XF_R9); XF_AT(regs.r10, XF_R10); XF_AT(regs.r11, XF_R11);
XF_AT(regs.r12, XF_R12); XF_AT(regs.r13, XF_R13); XF_AT(regs.r14, XF_R14);
XF_AT(regs.r15, XF_R15); XF_AT(regs.rip, XF_RIP); XF_AT(regs.rflags, XF_RFLAGS);
_Static_assert(SEL_UCODE == XF_SEL_UCODE && SEL_UDATA == XF_SEL_UDATA, "user selectors");
_Static_assert(XF_RFLAGS_KEEP == (0x40DD5ull & ~(RFLAGS_TF | RFLAGS_DF | RFLAGS_AC)),
	       "fast-path rflags = proc_run's after deliver's");

static void upcall_clear(int32_t slot)
{
	upcall_tab[slot].handler = 0;
	upcall_tab[slot].stack_top = 0;
	upcall_tab[slot].slice_end = 0;
}

void upcall_reset(int32_t slot)
{
	upcall_clear(slot);
	upcall_tab[slot].hold = 0;
}

/* SYS_UPCALL_HOLD.  What is held: IPC calls into the env (ipc.c refuses
 * them E_BUSY), the end-of-slice upcall (the slice ends by a plain
 * preemption), T_REVOKE (repo.c tells the victim at the first tick after
 * it lets go; a request's deadline runs on, so a hold cannot stall the
 * abort protocol) and T_REPO (not sent for a loss during the hold: the
 * repossession ring records it).  Exceptions are synchronous and are
 * delivered as always. */
int64_t upcall_hold_set(int32_t slot, uint64_t on)
{
	if (on > 1)
		return E_INVAL;
	int64_t was = upcall_tab[slot].hold;
	upcall_tab[slot].hold = (int)on;
	return was;
}

int upcall_held(int32_t slot)
{
	return slot >= 0 && slot < NENV && upcall_tab[slot].hold;
}

int64_t upcall_slice_set(int32_t slot, uint64_t on)
{
	if (on > 1)
		return E_INVAL;
	upcall_tab[slot].slice_end = (int)on;
	return E_OK;
}

/* An env gets the end-of-slice upcall only if it asked and has a handler. */
int upcall_slice_wanted(int32_t slot)
{
	return slot >= 0 && slot < NENV && upcall_tab[slot].slice_end && upcall_tab[slot].handler &&
	       !upcall_tab[slot].hold;
}

int64_t upcall_setup(int32_t slot, uint64_t handler, uint64_t stack_top)
{
	/* Re-check what syscall_check promised: this state is trusted by
	 * upcall_deliver's arithmetic. */
	if (handler == 0 && stack_top == 0) {
		upcall_clear(slot);
		return E_OK;
	}
	if (!user_range_ok(handler, 1) || stack_top % 16 != 0 ||
	    stack_top < USER_BASE + EXC_FRAME_SIZE ||
	    !user_range_ok(stack_top - EXC_FRAME_SIZE, EXC_FRAME_SIZE))
		return E_INVAL;
	/* Whether the stack is mapped is checked at each delivery: the libOS
	 * may map it later, or change it at any time. */
	upcall_tab[slot].handler = handler;
	upcall_tab[slot].stack_top = stack_top;
	return E_OK;
}

/* Where the frame goes, or 0 when the exception stack has no room. */
static uint64_t frame_addr(uint64_t top, uint64_t rsp)
{
	uint64_t lo = top - EXC_STACK;   /* top >= USER_BASE + 176: no wrap */

	/* Interrupted on the exception stack, or with a red zone that reaches
	 * into it: nest below the red zone.  (rsp - lo is computed only when
	 * rsp > lo, so nothing wraps.) */
	if (rsp > lo && rsp - lo < EXC_STACK + RED_ZONE) {
		if (rsp - lo < RED_ZONE + EXC_FRAME_SIZE)
			return 0;
		uint64_t f = (rsp - RED_ZONE - EXC_FRAME_SIZE) & ~15ull;
		return f >= lo ? f : 0;
	}
	return top - EXC_FRAME_SIZE;
}

/* Write the frame for vector `vec` (tf->vector, T_SLICE_END, T_REVOKE or
 * T_REPO) and enter the handler.  Returns 0, or why it could not. */
static const char *deliver_err(int32_t slot, uint64_t vec, uint64_t err, uint64_t addr);
static const char *deliver(int32_t slot, uint64_t vec, uint64_t addr)
{
	return deliver_err(slot, vec, vec == T_SLICE_END ? 0 : env_tf[slot].err, addr);
}

static const char *deliver_err(int32_t slot, uint64_t vec, uint64_t err, uint64_t addr)
{
	struct trapframe *tf = &env_tf[slot];
	uint64_t handler = upcall_tab[slot].handler, top = upcall_tab[slot].stack_top;

	if (handler == 0)
		return "";
	uint64_t f = frame_addr(top, tf->rsp);
	if (f == 0 || !user_range_ok(f, EXC_FRAME_SIZE))
		return "exception stack overflow";
	if (!mmu_user_range_ok(envs[slot].root, f, EXC_FRAME_SIZE, 1))
		return "exception stack not mapped writable";

	/* The walk above found every byte of [f, f + 176) mapped user-writable
	 * in this env's tables, which are the ones loaded in CR3.  Written
	 * field by field, straight from the saved registers. */
	struct exc_frame *x = (struct exc_frame *)f;
	x->vector = vec;
	x->err = err;
	x->addr = vec == 14 || vec >= T_SLICE_END ? addr : 0;
	x->pad = 0;
	x->regs.rax = tf->rax;
	x->regs.rbx = tf->rbx;
	x->regs.rcx = tf->rcx;
	x->regs.rdx = tf->rdx;
	x->regs.rsi = tf->rsi;
	x->regs.rdi = tf->rdi;
	x->regs.rbp = tf->rbp;
	x->regs.rsp = tf->rsp;
	x->regs.r8 = tf->r8;
	x->regs.r9 = tf->r9;
	x->regs.r10 = tf->r10;
	x->regs.r11 = tf->r11;
	x->regs.r12 = tf->r12;
	x->regs.r13 = tf->r13;
	x->regs.r14 = tf->r14;
	x->regs.r15 = tf->r15;
	x->regs.rip = tf->rip;
	x->regs.rflags = tf->rflags;

	/* Enter the handler with the frame as its stack and first argument.
	 * TF off (or the handler would single-step itself), DF off as the C
	 * ABI wants; NT/RF/AC cleared; the arithmetic flags stay as they were. */
	tf->rip = handler;
	tf->rsp = f;
	tf->rdi = f;
	tf->rflags &= ~(RFLAGS_TF | RFLAGS_DF | RFLAGS_NT | RFLAGS_RF | RFLAGS_AC);
	return 0;
}

const char *upcall_deliver(int32_t slot, uint64_t addr)
{
	uint64_t v = env_tf[slot].vector;
	if (v >= 32 || !(UPCALL_VECTORS & (1u << v)))
		return "";
	return deliver(slot, v, addr);
}

const char *upcall_deliver_slice(int32_t slot)
{
	if (!upcall_slice_wanted(slot))
		return "";
	return deliver(slot, T_SLICE_END, 0);
}

/* The revocation upcalls (repo.c) go to an env that is not necessarily the
 * one running: its tables are loaded for the write, and a frame its last
 * directed yield saved (only the callee-saved registers) is resumed from
 * its register slots instead (sysret_to), since rdi now holds the frame. */
const char *upcall_deliver_to(int32_t slot, uint64_t vec, uint64_t err, uint64_t addr)
{
	uint64_t cr3 = hw_read_cr3(), want = envs[slot].root * PGSIZE;
	if (cr3 != want)
		hw_write_cr3(want);
	const char *why = deliver_err(slot, vec, err, addr);
	if (cr3 != want)
		hw_write_cr3(cr3);
	if (!why && env_tf[slot].vector == T_YIELD)
		env_tf[slot].vector = T_SYSCALL;
	return why;
}
