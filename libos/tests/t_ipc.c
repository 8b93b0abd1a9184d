// SPDX-License-Identifier: MIT
/*
 * Protected control transfer (SYS_IPC_*): ping-pong with a server child,
 * the caller id the kernel hands the callee (a caller cannot forge it),
 * asynchronous calls, and the hostile cases: calls to malformed, stale,
 * dead and non-accepting envs, to a busy server, to ourselves; a reply
 * with no call; bad entry points; a callee that faults in the middle of a
 * call; destroying an env blocked in a call, and destroying the callee
 * of a call in flight; a server that holds its upcalls (SYS_UPCALL_HOLD).
 * Also the per-IRQ interrupt counts.
 */
#include "../lib/lib.h"

enum { OP_ECHO = 1, OP_COUNT = 2, OP_HOLD = 3 };

static long parent_id;
static volatile unsigned long sends_seen, hold_left;

static void echo(struct ipc_msg *m)
{
	if (m->kind == IPC_KIND_SEND) {
		sends_seen++;
		return;
	}
	if (m->w[0] == OP_ECHO) {
		m->w[1] += 1;
		m->w[2] = (unsigned long)m->caller;   /* who the kernel says called */
	} else if (m->w[0] == OP_COUNT) {
		m->w[1] = sends_seen;
	} else if (m->w[0] == OP_HOLD) {       /* hold our upcalls for w[1] loops */
		hold_left = m->w[1];
		m->w[1] = (unsigned long)sys_upcall_hold(1);
	}
}

/* Serve a call without replying until the caller is gone (our caller[]
 * entry is no longer an env), giving the CPU to the parent meanwhile. */
static void hold(struct ipc_msg *m)
{
	(void)m;
	int me = slot_of(TARGET_SELF);
	while (ipcinfo()->caller[me] >= 0)
		sys_yield(parent_id);
}

static void fault(struct ipc_msg *m)
{
	(void)m;
	__asm__ volatile("ud2");
}

static void server_main(void (*fn)(struct ipc_msg *))
{
	if (ipc_serve(fn) != E_OK)
		sys_exit(3);
	for (;;) {
		if (hold_left && --hold_left == 0)
			sys_upcall_hold(0);
		sys_yield(parent_id);
	}
}

/* Fork a server child running fn and let it register. */
static long spawn_server(void (*fn)(struct ipc_msg *))
{
	long s = fork();
	if (s == 0)
		server_main(fn);
	if (s <= 0)
		return s;
	int slot = slot_of(s);
	for (int i = 0; i < 100 && !ipcinfo()->accept[slot]; i++)
		sys_yield(s);
	return ipcinfo()->accept[slot] ? s : -1;
}

int main(long envid)
{
	parent_id = envid;
	int me = slot_of(envid);
	printf("t_ipc: env 0x%lx\n", envid);

	/* Bad entry points are refused and change nothing. */
	CHECK(sys_ipc_entry(0x1000, USER_STACK_TOP) == E_INVAL, "entry in kernel space: E_INVAL");
	CHECK(sys_ipc_entry(USER_TEXT, USER_STACK_TOP - 8) == E_INVAL,
	      "misaligned entry stack: E_INVAL");
	CHECK(sys_ipc_entry(USER_TEXT, 0) == E_INVAL, "entry without a stack: E_INVAL");
	CHECK(ipcinfo()->accept[me] == 0, "so we accept no calls");
	unsigned long w[4] = { 0, 0, 0, 0 };
	CHECK(sys_call3(SYS_IPC_REPLY, 1, 2, 3) == E_INVAL, "reply while serving no call: E_INVAL");

	/* Ping-pong. */
	long s = spawn_server(echo);
	CHECK(s > 0, "fork a server; it accepts calls");
	int ss = slot_of(s);
	int good = 1;
	for (unsigned long i = 0; i < 1000 && good; i++) {
		w[0] = OP_ECHO; w[1] = i; w[2] = 0; w[3] = 0x5EC2E7;
		good = ipc_call(s, w) == E_OK && w[1] == i + 1 && w[2] == (unsigned long)envid;
	}
	CHECK(good, "1000 synchronous calls: each reply is the request + 1");
	/* The caller id is the kernel's: whatever we put in registers. */
	w[0] = OP_ECHO; w[1] = 7; w[2] = (unsigned long)s; w[3] = (unsigned long)s;
	CHECK(ipc_call(s, w) == E_OK && w[2] == (unsigned long)envid,
	      "forged caller id in every word: the callee still sees our id");
	CHECK(ipcinfo()->calling[me] == -1 && ipcinfo()->caller[ss] == -1,
	      "after the reply no call is in flight");

	/* Asynchronous calls: the server runs at once, we get no reply.  A
	 * timer tick can preempt the server inside its handler; a send then
	 * gets E_BUSY (and does not run), so a refused send is retried after
	 * a directed yield, as ipc_call_wait does for calls. */
	w[0] = OP_ECHO;
	int sent = 0;
	for (int i = 0; i < 5; i++) {
		long r = ipc_send(s, w);
		for (int k = 0; k < 100 && r == E_BUSY; k++) {
			if (sys_yield(s) != E_OK)
				sys_yield(0);
			r = ipc_send(s, w);
		}
		sent += r == E_OK;
	}
	w[0] = OP_COUNT; w[1] = 0;
	CHECK(sent == 5 && ipc_call_wait(s, w, 100) == E_OK && w[1] == 5,
	      "5 asynchronous calls all ran in the server");

	/* A server in a critical section (SYS_UPCALL_HOLD): calls fail E_BUSY
	 * and change nothing, until it lets go. */
	CHECK(sys_upcall_hold(2) == E_INVAL && sys_upcall_hold(0) == 0 &&
	      sys_upcall_hold(1) == 0 && sys_upcall_hold(1) == 1 && sys_upcall_hold(0) == 1 &&
	      sys_upcall_hold(~0ul) == E_INVAL && sys_upcall_hold(0) == 0,
	      "upcall hold: 0 or 1, returns the previous setting; anything else E_INVAL");
	w[0] = OP_HOLD; w[1] = 3;
	CHECK(ipc_call(s, w) == E_OK && w[1] == 0, "the server holds its upcalls (for 3 of its loops)");
	w[0] = OP_ECHO; w[1] = 5; w[2] = 0;
	CHECK(ipc_call(s, w) == E_BUSY && w[1] == 5 && w[2] == 0,
	      "a call into it: E_BUSY, w[] untouched");
	CHECK(ipcinfo()->caller[ss] == -1 && ipcinfo()->calling[me] == -1 && ipcinfo()->accept[ss] == 1,
	      "no call in flight, and it still accepts calls");
	w[0] = OP_COUNT; w[1] = 0;
	CHECK(ipc_send(s, w) == E_BUSY, "an asynchronous call into it: E_BUSY");
	CHECK(ipc_call_wait(s, w, 100) == E_OK && w[1] == 5,
	      "once it lets go the call goes through; the refused send never ran (5 seen)");
	w[0] = OP_ECHO; w[1] = 8;
	CHECK(ipc_call(s, w) == E_OK && w[1] == 9, "and it answers at once again");

	/* Hostile targets. */
	w[0] = OP_ECHO;
	CHECK(ipc_call(5, w) == E_INVAL, "malformed id: E_INVAL");
	CHECK(ipc_call(-3, w) == E_INVAL, "negative id: E_INVAL");
	CHECK(ipc_call(envid, w) == E_INVAL, "calling ourselves: E_INVAL");
	CHECK(ipc_call(s + NENV, w) == E_STALE, "a later generation of the server's slot: E_STALE");
	CHECK(ipc_call(1 * NENV + 63, w) == E_STALE || 63 == ss, "an empty slot: E_STALE");
	long n = fork();
	if (n == 0)
		for (;;)
			sys_yield(parent_id);
	CHECK(n > 0 && ipc_call(n, w) == E_REFUSED, "a child that never opened: E_REFUSED");
	CHECK(sys_env_kill(n) == E_OK && ipc_call(n, w) == E_STALE, "after it is killed: E_STALE");
	CHECK(sys_env_kill(n) == E_STALE, "killing it again: E_STALE");
	fork_reap();
	CHECK(sys_env_kill(parent_id) == E_INVAL || sys_env_kill(parent_id) == E_PERM,
	      "killing ourselves through SYS_ENV_KILL is refused");

	/* A callee that faults in the middle of a call dies; the call fails. */
	long f = spawn_server(fault);
	CHECK(f > 0, "fork a server whose handler faults");
	w[0] = OP_ECHO; w[1] = 1;
	CHECK(ipc_call(f, w) == E_STALE && w[1] == 1, "its call fails with E_STALE, w[] untouched");
	CHECK(ipc_call(f, w) == E_STALE, "and it is gone");
	w[0] = OP_ECHO; w[1] = 41;
	CHECK(ipc_call(s, w) == E_OK && w[1] == 42, "the other server still answers");
	w[0] = OP_ECHO;
	CHECK(sys_env_kill(s) == E_OK && ipc_call(s, w) == E_STALE, "kill the echo server");
	CHECK(ipcinfo()->accept[ss] == 0, "its slot accepts nothing");
	/* (fork shares pages through our capabilities, CAP_PER_ENV of them:
	 * keep few children alive at once.) */
	fork_reap();

	/* Destroy an env blocked in a call: the server serves on, orphaned. */
	long h = spawn_server(hold);
	CHECK(h > 0, "fork a server that holds its calls");
	int hs = slot_of(h);
	long c = fork();
	if (c < 0)
		printf("t_ipc: fork: error %ld, free pages %lu\n", c, count_free_pages());
	if (c == 0) {
		unsigned long v[4] = { OP_ECHO, 0, 0, 0 };
		sys_exit(ipc_call(h, v) == E_OK ? 0 : 1);
	}
	int cs = slot_of(c);
	for (int i = 0; i < 100 && ipcinfo()->calling[cs] != hs; i++)
		sys_yield(c);
	CHECK(ipcinfo()->calling[cs] == hs && ipcinfo()->caller[hs] == cs,
	      "a child is blocked in a call the server holds");
	CHECK(schedinfo()->running == me, "and we run (the server gave us the CPU)");
	w[0] = OP_ECHO;
	CHECK(ipc_call(h, w) == E_BUSY, "a second call to the busy server: E_BUSY");
	CHECK(sys_yield(c) == E_BUSY, "a directed yield to the blocked caller: E_BUSY");
	CHECK(sys_env_kill(c) == E_OK, "kill the blocked caller");
	CHECK(ipcinfo()->caller[hs] == IPC_ASYNC && ipcinfo()->calling[cs] == -1,
	      "the server now serves nobody's call; the dead slot calls nobody");
	for (int i = 0; i < 100 && ipcinfo()->caller[hs] != -1; i++)
		sys_yield(h);
	CHECK(ipcinfo()->caller[hs] == -1, "the server ends the orphaned call");
	CHECK(ipcinfo()->accept[hs] == 1, "and accepts calls again");
	CHECK(sys_env_kill(h) == E_OK, "kill the holding server");
	fork_reap();

	/* Destroy the callee of a call in flight: the caller gets E_STALE. */
	long h2 = spawn_server(hold);
	int h2s = slot_of(h2);
	long c2 = fork();
	if (c2 == 0) {
		unsigned long v[4] = { OP_ECHO, 0, 0, 0 };
		long r = ipc_call(h2, v);
		sys_exit(r == E_STALE ? 0 : 10);
	}
	int c2s = slot_of(c2);
	for (int i = 0; i < 100 && ipcinfo()->calling[c2s] != h2s; i++)
		sys_yield(c2);
	CHECK(ipcinfo()->calling[c2s] == h2s, "a second child is blocked in a call");
	CHECK(sys_env_kill(h2) == E_OK, "kill the server it waits on");
	CHECK(ipcinfo()->calling[c2s] == -1 && ipcinfo()->caller[h2s] == -1,
	      "no call is left in flight");
	CHECK(sys_env_run(c2) == 0, "the caller wakes with E_STALE and exits 0");


	/* Interrupt counts per IRQ line: the timer (IRQ 0) ticks. */
	long i0 = sys_irq_count(0), t0 = sys_ticks();
	CHECK(i0 > 0 && t0 > 0 && i0 >= t0 - 1, "IRQ 0 count follows the tick count");
	CHECK(sys_irq_count(16) == E_RANGE, "IRQ 16: E_RANGE");
	fork_reap();
	printf("t_ipc: %d failed\n", check_failures);
	return check_failures;
}
