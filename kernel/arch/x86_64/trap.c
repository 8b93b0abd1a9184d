// SPDX-License-Identifier: MIT
/*
 * Traps.  IRQs are counted; the timer also advances `ticks` and drives the
 * slice vector (sched_tick, sched_next in the verified core): the env runs
 * on, gets its end-of-slice upcall, or gives way to the next slice.  A CPU exception in ring 3 never reaches the
 * panic path: it is delivered to the env's own handler if it registered
 * one (upcall.c), else the env is killed with a one-line report and its
 * parent resumes.  An exception in ring 0 is a kernel bug: panic() dumps
 * the registers and stops QEMU with a non-zero status.
 */
#include "arch.h"
#include "../../core/sched.h"
#include "hw.h"
#include "../../drivers/console.h"

volatile uint64_t ticks;
uint64_t irq_count[16];

static const char *const exc_name[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection", "reserved", "reserved",
	"reserved", "reserved", "reserved", "reserved",
	"reserved", "reserved", "#SX security", "reserved",
};

void panic(const char *msg, const struct trapframe *tf)
{
	kprintf("\n[kernel] PANIC: %s\n", msg);
	if (tf) {
		kprintf("  vector %lu (%s) err=0x%lx cr2=0x%lx cr3=0x%lx\n", tf->vector,
			tf->vector < 32 ? exc_name[tf->vector] : "irq/syscall", tf->err,
			hw_read_cr2(), hw_read_cr3());
		kprintf("  rip=0x%016lx cs=0x%lx rflags=0x%lx rsp=0x%016lx ss=0x%lx\n",
			tf->rip, tf->cs, tf->rflags, tf->rsp, tf->ss);
		kprintf("  rax=0x%016lx rbx=0x%016lx rcx=0x%016lx rdx=0x%016lx\n",
			tf->rax, tf->rbx, tf->rcx, tf->rdx);
		kprintf("  rsi=0x%016lx rdi=0x%016lx rbp=0x%016lx r8 =0x%016lx\n",
			tf->rsi, tf->rdi, tf->rbp, tf->r8);
		kprintf("  r9 =0x%016lx r10=0x%016lx r11=0x%016lx r12=0x%016lx\n",
			tf->r9, tf->r10, tf->r11, tf->r12);
		kprintf("  r13=0x%016lx r14=0x%016lx r15=0x%016lx\n", tf->r13, tf->r14, tf->r15);
	}
	kprintf("[kernel] halted\n");
	qemu_exit(EXIT_PANIC);
}

void trap_handler(struct trapframe *tf)
{
	int from_user = (tf->cs & 3) == 3;

	if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16) {
		int irq = (int)(tf->vector - IRQ_BASE);
		irq_count[irq]++;
		pic_eoi(irq);
		if (irq != 0) {
			if (!from_user)
				iret_to(tf);
			proc_save(tf);
			proc_run(cur_env);
		}
		ticks++;
		if (!from_user) {
			/* Only the idle loop runs with IF=1 in ring 0. */
			if (cur_env != NO_ENV)
				iret_to(tf);
			repo_tick();
			sched_tick(0);
			if (sched_next() != NO_ENV)
				proc_dispatch();
			iret_to(tf);   /* still nobody: back to hlt */
		}
		proc_save(tf);
		repo_tick();
		switch (sched_tick(upcall_slice_wanted(cur_env))) {
		case TICK_STAY:
			proc_run(cur_env);
		case TICK_UPCALL:
			/* The end of the slice, told to the env: it has
			 * GRACE_TICKS to yield.  If the frame cannot be written,
			 * it is simply preempted now. */
			if (!upcall_deliver_slice(cur_env))
				proc_run(cur_env);
			break;
		}
		sched_next();
		proc_dispatch();
	}
	/* The exception fast path (entry.S) faulted writing a frame to an
	 * exception stack that is not mapped writable: resume it at
	 * exc_fast_fail, which takes the slow path below for the env's own
	 * exception, with CR2 as that exception left it. */
	if (!from_user && (tf->vector == 14 || tf->vector == 13) &&
	    tf->rip >= (uint64_t)exc_fast_store && tf->rip < (uint64_t)exc_fast_store_end) {
		hw_write_cr2(exc_fast_cr2);
		tf->rip = (uint64_t)exc_fast_fail;
		iret_to(tf);
	}
	if (!from_user)
		panic("exception in kernel mode", tf);

	uint64_t addr = tf->vector == 14 ? hw_read_cr2() : 0;
	proc_save(tf);
	/* An env that registered a handler gets the exception as an upcall. */
	const char *why = upcall_deliver(cur_env, addr);
	if (!why)
		proc_run(cur_env);
	const struct trapframe *u = &env_tf[cur_env];
	kprintf("[kernel] env 0x%x (%s) killed: %s, vector %lu, rip=0x%lx, addr=0x%lx, err=0x%lx%s%s\n",
		envs[cur_env].gen * NENV + cur_env, proc_name(cur_env),
		u->vector < 32 ? exc_name[u->vector] : "?", u->vector, u->rip,
		addr, u->err, *why ? "; " : "", why);
	proc_end(cur_env, STATUS_KILLED + u->vector);
}
