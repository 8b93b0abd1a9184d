// SPDX-License-Identifier: MIT
/*
 * Protected control transfer, the register side (Aegis Scall/Acall).  Who
 * may enter whom, who then runs and whose slices go where is decided by
 * the verified core (sys_ipc_accept, sys_ipc_call, sys_ipc_reply in
 * sched.c); this file only moves registers.
 *
 * A callee is entered at the entry point it registered, on its entry
 * stack, with the caller's id in rdi: the kernel writes it, so no env can
 * pose as another.  What the callee was doing when it was called is kept
 * here (one saved register set per env: an env serves one call at a
 * time) and comes back when it replies: the call is like an interrupt of
 * the callee that its libOS handles.
 */
#include "arch.h"
#include "../../core/env.h"
#include "../../core/sched.h"
#include "../../core/syscall.h"

static struct {
	uint64_t rip, rsp;       /* entry point and stack top; 0, 0: none */
} entry[NENV];
static struct trapframe before_call[NENV];

void ipc_reset(int32_t slot)
{
	entry[slot].rip = 0;
	entry[slot].rsp = 0;
}

/* SYS_IPC_ENTRY; syscall_check has checked the addresses (IpcEntryOk). */
int64_t ipc_entry_set(int32_t e, uint64_t rip, uint64_t rsp)
{
	int on = !(rip == 0 && rsp == 0);
	if (on && (!user_range_ok(rip, 1) || rsp % 16 != 0 || rsp < USER_BASE + IPC_STACK_MIN ||
		   !user_range_ok(rsp - IPC_STACK_MIN, IPC_STACK_MIN)))
		return E_INVAL;
	int r = sys_ipc_accept(e, (uint64_t)on);
	if (r != E_OK)
		return r;
	entry[e].rip = rip;
	entry[e].rsp = rsp;
	return E_OK;
}

/* SYS_IPC_CALL (sync) and SYS_IPC_SEND: the running env e calls env id
 * with the words in its rsi, rdx, r10, r8. */
int64_t ipc_call(int32_t e, uint64_t id, int sync)
{
	if (id > 0x7FFFFFFF)
		return E_INVAL;
	int32_t t = env_lookup((envid_t)id);
	if (t < 0)
		return t;
	if (t != e && upcall_held(t))
		return E_BUSY;     /* t is in a critical section (SYS_UPCALL_HOLD) */
	int r = sys_ipc_call(e, t, sync);
	if (r != E_OK)
		return r;
	/* The core accepted: t is live, accepts calls (so its entry is set),
	 * and serves no other call, so before_call[t] is free. */
	const struct trapframe *c = &env_tf[e];
	struct trapframe *tf = &env_tf[t];
	before_call[t] = *tf;
	tf->rip = entry[t].rip;
	tf->rsp = entry[t].rsp;
	tf->rdi = (uint64_t)(envs[e].gen * NENV + e);
	tf->rsi = c->rsi;
	tf->rdx = c->rdx;
	tf->r8 = c->r10;
	tf->r9 = c->r8;
	tf->rax = sync ? IPC_KIND_CALL : IPC_KIND_SEND;
	tf->rflags = RFLAGS_IF | 0x2;
	tf->vector = T_SYSCALL;   /* leave by sysret: rcx, r11 are not the callee's */
	return E_OK;
}

/* SYS_IPC_REPLY: the running env e ends the call it serves; its caller (if
 * synchronous and alive) gets rax = 0 and the words in rsi, rdx, r10, r8.
 * Returns SYSCALL_KEEP: e's registers are its own from before the call. */
int64_t ipc_reply(int32_t e)
{
	int32_t a = ipc.caller[e];
	int r = sys_ipc_reply(e);
	if (r != E_OK)
		return r;
	const struct trapframe *c = &env_tf[e];
	if (a >= 0 && a < NENV) {
		struct trapframe *tf = &env_tf[a];
		tf->rax = E_OK;
		tf->rsi = c->rdi;
		tf->rdx = c->rsi;
		tf->r10 = c->rdx;
		tf->r8 = c->r10;
	}
	env_tf[e] = before_call[e];
	return SYSCALL_KEEP;
}
