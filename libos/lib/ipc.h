/* SPDX-License-Identifier: MIT */
/*
 * Protected control transfer from the libOS (kernel/include/uapi/sched.h,
 * SYS_IPC_*), included by lib.h, and a small RPC layer on top of it.
 *
 * A server calls ipc_serve(fn): from then on any env may call it; each
 * call runs fn(msg) on the library's entry stack, with msg->caller the
 * caller's id as the kernel gave it (it cannot be forged) and msg->w[] the
 * four words sent; the words fn leaves in msg->w[] are the reply.  When fn
 * returns, the library replies, and the server goes on with whatever it
 * was doing when the call came in.  A server serves one call at a time; a
 * caller that finds it busy gets E_BUSY.
 */
#ifndef LIBOS_IPC_H
#define LIBOS_IPC_H
#include "../../kernel/include/uapi/sched.h"

struct ipc_msg {
	long caller;               /* the caller's env id, from the kernel */
	unsigned long kind;        /* IPC_KIND_CALL or IPC_KIND_SEND */
	unsigned long w[4];        /* the words: in, then the reply out */
};

/* Where ipc_serve() puts the entry stack (below the exception stack). */
#define IPC_STACK_TOP    (USER_STACK_TOP - 80 * PGSIZE)
#define IPC_STACK_PAGES  2

/* Raw calls. */
long sys_ipc_entry(unsigned long rip, unsigned long stack_top);
long sys_env_kill(long child);
long sys_irq_count(unsigned long irq);

const struct ipc_info *ipcinfo(void);   /* read-only, at USER_IPCINFO */

long ipc_serve(void (*fn)(struct ipc_msg *));   /* accept calls: 0 or error */
long ipc_close(void);                           /* accept none */
/* Synchronous: E_OK and the reply in w[], or an error (w[] unchanged):
 * E_STALE (dead or stale id, or the callee died during the call),
 * E_REFUSED (it accepts no calls), E_BUSY (it serves another call or is
 * blocked, or holds its upcalls), E_INVAL (not an id, or ourselves). */
long ipc_call(long id, unsigned long w[4]);
/* ipc_call, retried while the callee is busy (E_BUSY), yielding between
 * tries, at most `tries` times; then E_BUSY. */
long ipc_call_wait(long id, unsigned long w[4], unsigned long tries);
/* Asynchronous: the callee runs fn for the rest of our slice; no reply. */
long ipc_send(long id, const unsigned long w[4]);

/* Entry point the kernel enters (ipc_entry.S); it calls ipc_dispatch. */
void ipc_entry(void);
void ipc_dispatch(struct ipc_msg *m);
#endif
