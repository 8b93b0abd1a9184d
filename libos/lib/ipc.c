// SPDX-License-Identifier: MIT
/*
 * Protected control transfer and RPC from the libOS (lib/ipc.h).
 */
#include "lib.h"

/* The entry stack: IPC_STACK_PAGES pages below IPC_STACK_TOP, mapped by
 * the first ipc_serve() (a page of our own, not a .bss array: every
 * writable page of a program costs fork() a capability per child).  Used
 * by one call at a time. */
static void (*ipc_fn)(struct ipc_msg *);
static int ipc_stack_ready;

static long ipc_stack_map(void)
{
	for (unsigned long i = 1; i <= IPC_STACK_PAGES; i++) {
		unsigned long va = IPC_STACK_TOP - i * PGSIZE;
		long p = page_pick_free();
		if (p < 0)
			return E_NOMEM;
		long r = sys_page_alloc((unsigned long)p);
		if (r == E_OK)
			r = vm_map(va, (unsigned long)p, PERM_W);
		if (r < 0) {
			sys_page_free((unsigned long)p);
			return r;
		}
	}
	return E_OK;
}

long sys_ipc_entry(unsigned long rip, unsigned long stack_top)
{
	return sys_call3(SYS_IPC_ENTRY, rip, stack_top, 0);
}

long sys_env_kill(long child)
{
	return sys_call3(SYS_ENV_KILL, (unsigned long)child, 0, 0);
}

long sys_irq_count(unsigned long irq)
{
	return sys_call3(SYS_IRQ_COUNT, irq, 0, 0);
}

const struct ipc_info *ipcinfo(void)
{
	return (const struct ipc_info *)USER_IPCINFO;
}

void ipc_dispatch(struct ipc_msg *m)
{
	if (ipc_fn)
		ipc_fn(m);
}

long ipc_serve(void (*fn)(struct ipc_msg *))
{
	if (!ipc_stack_ready) {
		long r = ipc_stack_map();
		if (r < 0)
			return r;
		ipc_stack_ready = 1;
	}
	ipc_fn = fn;
	return sys_ipc_entry((unsigned long)ipc_entry, IPC_STACK_TOP);
}

long ipc_close(void)
{
	return sys_ipc_entry(0, 0);
}

static long ipc_raw(unsigned long num, long id, unsigned long w[4])
{
	register unsigned long r10 __asm__("r10") = w[2];
	register unsigned long r8 __asm__("r8") = w[3];
	unsigned long rax = num, rsi = w[0], rdx = w[1];
	__asm__ volatile("syscall"
			 : "+a"(rax), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8)
			 : "D"(id)
			 : "rcx", "r11", "r9", "memory");
	if ((long)rax == E_OK && num == SYS_IPC_CALL) {
		w[0] = rsi;
		w[1] = rdx;
		w[2] = r10;
		w[3] = r8;
	}
	return (long)rax;
}

long ipc_call(long id, unsigned long w[4])
{
	return ipc_raw(SYS_IPC_CALL, id, w);
}

long ipc_call_wait(long id, unsigned long w[4], unsigned long tries)
{
	long r = E_BUSY;
	for (unsigned long k = 0; k < tries && r == E_BUSY; k++) {
		if (k > 0 && sys_yield(id) != E_OK)   /* let it finish what it holds */
			sys_yield(0);
		r = ipc_call(id, w);
	}
	return r;
}

long ipc_send(long id, const unsigned long w[4])
{
	unsigned long c[4] = { w[0], w[1], w[2], w[3] };
	return ipc_raw(SYS_IPC_SEND, id, c);
}
