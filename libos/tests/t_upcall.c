// SPDX-License-Identifier: MIT
/*
 * User-level exception upcalls (SYS_EXC_SETUP, libos/lib/exc.c): each
 * recoverable exception reaches our handler with the right frame, the
 * handler can skip the instruction or repair the cause and retry, every
 * register and arithmetic flag survives the round trip, single-stepping
 * works, faults inside the handler nest, bad arguments are refused, and
 * what one upcall costs.
 */
#include "../lib/lib.h"

#define VA_PF    0x0000020000000000ul   /* PML4 slot 4: nothing mapped there */
#define VA_NONE  0x0000030000000000ul   /* never mapped */

/* Set by FAULT() just before the instruction: where it is, and where the
 * next one starts (the handler resumes there after a fault). */
unsigned long exp_rip, next_rip;

#define FAULT_PRE(pre, insn) __asm__ volatile(                              \
	"leaq 1f(%%rip), %%rax\n\tmovq %%rax, exp_rip(%%rip)\n\t"          \
	"leaq 2f(%%rip), %%rax\n\tmovq %%rax, next_rip(%%rip)\n\t"         \
	pre "\n1:\t" insn "\n2:"                                           \
	: : : "rax", "rcx", "rdx", "memory", "cc")
#define FAULT(insn) FAULT_PRE("", insn)

enum mode { M_SKIP, M_MAP, M_PROT, M_RET, M_NEST, M_STEP, M_PROBE, M_PROBE_TF };
static volatile int mode;

/* What the handler saw last. */
static volatile struct {
	unsigned long vector, err, addr, rip, rflags, frame;
	int n;                 /* upcalls so far */
} seen;

/* M_NEST: the #BP raised inside the #PF handler. */
static volatile unsigned long nest_outer, nest_inner, nest_inner_vector, nest_depth;

/* M_STEP: the rip of each #DB. */
static volatile unsigned long steps[40];
static volatile int nsteps;

/* M_PROBE: expected registers, and whether the frame matched them. */
static struct uregs probe_in;
static volatile int probe_frame_ok;

#define FLAGS_ARITH 0x8D5ul   /* CF PF AF ZF SF OF */
#define FLAGS_DF    0x400ul
#define FLAGS_TF    0x100ul

extern char step_probe[], step_1[], step_2[], step_3[], step_end[];
extern char step_sys[], step_sys_after[];

static int regs_match(const struct uregs *a, const struct uregs *b)
{
	return a->rax == b->rax && a->rbx == b->rbx && a->rcx == b->rcx && a->rdx == b->rdx &&
	       a->rsi == b->rsi && a->rdi == b->rdi && a->rbp == b->rbp && a->r8 == b->r8 &&
	       a->r9 == b->r9 && a->r10 == b->r10 && a->r11 == b->r11 && a->r12 == b->r12 &&
	       a->r13 == b->r13 && a->r14 == b->r14 && a->r15 == b->r15;
}

static void handler(struct exc_frame *f)
{
	unsigned long v = f->vector;
	seen.vector = v;
	seen.err = f->err;
	seen.addr = f->addr;
	seen.rip = f->regs.rip;
	seen.rflags = f->regs.rflags;
	seen.frame = (unsigned long)f;
	seen.n++;

	switch (mode) {
	case M_SKIP:
		/* Faults report the instruction itself; traps (#BP, #DB) the
		 * next one already. */
		if (v != 3 && v != 1)
			f->regs.rip = next_rip;
		break;
	case M_MAP: {
		/* Demand paging: back the faulting page and retry. */
		long p = page_pick_free();
		if (p < 0 || sys_page_alloc(p) < 0 || vm_map(f->addr & ~(PGSIZE - 1), p, PERM_W) < 0)
			f->regs.rip = next_rip;   /* give up: skip it, checks fail */
		break;
	}
	case M_PROT:
		/* Copy-on-write style: upgrade the mapping and retry. */
		if (vm_prot(f->addr & ~(PGSIZE - 1), PERM_W) < 0)
			f->regs.rip = next_rip;
		break;
	case M_RET:
		/* A call into a no-execute page: return to the caller, as if
		 * the callee had executed `ret`. */
		f->regs.rip = *(unsigned long *)f->regs.rsp;
		f->regs.rsp += 8;
		break;
	case M_NEST:
		nest_depth++;
		if (v == 14) {
			unsigned long skip = next_rip;
			nest_outer = (unsigned long)f;
			FAULT("int3");            /* a fault inside the handler */
			long p = page_pick_free();
			if (p < 0 || sys_page_alloc(p) < 0 ||
			    vm_map(f->addr & ~(PGSIZE - 1), p, PERM_W) < 0)
				f->regs.rip = skip;
		} else {
			nest_inner = (unsigned long)f;
			nest_inner_vector = v;
		}
		nest_depth--;
		break;
	case M_STEP:
		if (v != 1) {
			f->regs.rip = next_rip;
			break;
		}
		if (nsteps < 40)
			steps[nsteps++] = f->regs.rip;
		/* Stop at the end of the probe, or if stepping never ends. */
		if (f->regs.rip == (unsigned long)step_end || nsteps >= 40)
			f->regs.rflags &= ~FLAGS_TF;
		break;
	case M_PROBE:
	case M_PROBE_TF:
		if (v == 1) {
			f->regs.rflags &= ~FLAGS_TF;
			steps[0] = f->regs.rip;
			break;
		}
		probe_frame_ok = regs_match(&f->regs, &probe_in) &&
			((f->regs.rflags ^ probe_in.rflags) & (FLAGS_ARITH | FLAGS_DF)) == 0;
		if (v != 3)
			f->regs.rip = next_rip;
		if (mode == M_PROBE_TF)
			f->regs.rflags |= FLAGS_TF;   /* step the next instruction */
		break;
	}
}

/* Records rsp and rdi exactly as the kernel entered the handler. */
unsigned long raw_rsp, raw_rdi;
void raw_entry(void);
__asm__(".text\n"
	"raw_entry:\n\t"
	"movq %rsp, raw_rsp(%rip)\n\t"
	"movq %rdi, raw_rdi(%rip)\n\t"
	"jmp exc_entry\n");

/*
 * probe_<kind>(in, out): load every general register and rflags from *in,
 * fill the 128-byte red zone below rsp with copies of them, raise the
 * exception, then store every register and rflags in *out, the red zone in
 * probe_red[], and rsp before/after in probe_rsp[].  Only movs, xchg and
 * lea run between loading and storing, so no flag changes on the way.
 */
unsigned long probe_red[16], probe_rsp[2];
void probe_ud2(const struct uregs *in, struct uregs *out);
void probe_pf(const struct uregs *in, struct uregs *out);
void probe_int3(const struct uregs *in, struct uregs *out);
__asm__(
	".macro PROBE name, insn\n"
	".text\n"
	".globl \\name\n"
	"\\name:\n\t"
	"push %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n\t"
	"push %rsi\n\t"                            /* out, at 0(%rsp) */
	"leaq 1f(%rip), %rax\n\tmovq %rax, exp_rip(%rip)\n\t"
	"leaq 2f(%rip), %rax\n\tmovq %rax, next_rip(%rip)\n\t"
	"pushq 136(%rdi)\n\tpopfq\n\t"              /* in->rflags */
	"movq 0(%rdi), %rax\n\tmovq 8(%rdi), %rbx\n\tmovq 16(%rdi), %rcx\n\t"
	"movq 24(%rdi), %rdx\n\tmovq 32(%rdi), %rsi\n\tmovq 48(%rdi), %rbp\n\t"
	"movq 64(%rdi), %r8\n\tmovq 72(%rdi), %r9\n\tmovq 80(%rdi), %r10\n\t"
	"movq 88(%rdi), %r11\n\tmovq 96(%rdi), %r12\n\tmovq 104(%rdi), %r13\n\t"
	"movq 112(%rdi), %r14\n\tmovq 120(%rdi), %r15\n\tmovq 40(%rdi), %rdi\n\t"
	"movq %rax, -8(%rsp)\n\tmovq %rbx, -16(%rsp)\n\tmovq %rcx, -24(%rsp)\n\t"
	"movq %rdx, -32(%rsp)\n\tmovq %rsi, -40(%rsp)\n\tmovq %rdi, -48(%rsp)\n\t"
	"movq %rbp, -56(%rsp)\n\tmovq %r8, -64(%rsp)\n\tmovq %r9, -72(%rsp)\n\t"
	"movq %r10, -80(%rsp)\n\tmovq %r11, -88(%rsp)\n\tmovq %r12, -96(%rsp)\n\t"
	"movq %r13, -104(%rsp)\n\tmovq %r14, -112(%rsp)\n\tmovq %r15, -120(%rsp)\n\t"
	"movq %rax, -128(%rsp)\n\t"
	"movq %rsp, probe_rsp(%rip)\n"
	"1:\t\\insn\n"
	"2:\tnop\n\t"                               /* stepped over in M_PROBE_TF */
	"movq %rsp, probe_rsp+8(%rip)\n\t"
	"xchgq %rax, (%rsp)\n\t"                    /* rax = out; in->rax parked */
	"movq %rbx, 8(%rax)\n\tmovq %rcx, 16(%rax)\n\tmovq %rdx, 24(%rax)\n\t"
	"movq %rsi, 32(%rax)\n\tmovq %rdi, 40(%rax)\n\tmovq %rbp, 48(%rax)\n\t"
	"movq %r8, 64(%rax)\n\tmovq %r9, 72(%rax)\n\tmovq %r10, 80(%rax)\n\t"
	"movq %r11, 88(%rax)\n\tmovq %r12, 96(%rax)\n\tmovq %r13, 104(%rax)\n\t"
	"movq %r14, 112(%rax)\n\tmovq %r15, 120(%rax)\n\t"
	"leaq -256(%rsp), %rsp\n\tpushfq\n\tpopq 136(%rax)\n\tleaq 256(%rsp), %rsp\n\t"
	"cld\n\t"
	"movq (%rsp), %rbx\n\tmovq %rbx, 0(%rax)\n\t"
	"movq -8(%rsp), %rbx\n\tmovq %rbx, probe_red+0(%rip)\n\t"
	"movq -16(%rsp), %rbx\n\tmovq %rbx, probe_red+8(%rip)\n\t"
	"movq -24(%rsp), %rbx\n\tmovq %rbx, probe_red+16(%rip)\n\t"
	"movq -32(%rsp), %rbx\n\tmovq %rbx, probe_red+24(%rip)\n\t"
	"movq -40(%rsp), %rbx\n\tmovq %rbx, probe_red+32(%rip)\n\t"
	"movq -48(%rsp), %rbx\n\tmovq %rbx, probe_red+40(%rip)\n\t"
	"movq -56(%rsp), %rbx\n\tmovq %rbx, probe_red+48(%rip)\n\t"
	"movq -64(%rsp), %rbx\n\tmovq %rbx, probe_red+56(%rip)\n\t"
	"movq -72(%rsp), %rbx\n\tmovq %rbx, probe_red+64(%rip)\n\t"
	"movq -80(%rsp), %rbx\n\tmovq %rbx, probe_red+72(%rip)\n\t"
	"movq -88(%rsp), %rbx\n\tmovq %rbx, probe_red+80(%rip)\n\t"
	"movq -96(%rsp), %rbx\n\tmovq %rbx, probe_red+88(%rip)\n\t"
	"movq -104(%rsp), %rbx\n\tmovq %rbx, probe_red+96(%rip)\n\t"
	"movq -112(%rsp), %rbx\n\tmovq %rbx, probe_red+104(%rip)\n\t"
	"movq -120(%rsp), %rbx\n\tmovq %rbx, probe_red+112(%rip)\n\t"
	"movq -128(%rsp), %rbx\n\tmovq %rbx, probe_red+120(%rip)\n\t"
	"addq $8, %rsp\n\t"
	"pop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n\t"
	"ret\n"
	".endm\n"
	"PROBE probe_ud2, ud2\n"
	"PROBE probe_pf, \"movq %rax, 0x10\"\n"
	"PROBE probe_int3, int3\n"
	".purgem PROBE\n");

/* Single-step: set TF with popfq; a #DB follows every instruction from
 * the one after popfq on, until the handler clears TF at step_end. */
__asm__(".text\n"
	".globl step_probe, step_1, step_2, step_3, step_end\n"
	"step_probe:\n\t"
	"pushfq\n\t"
	"orq $0x100, (%rsp)\n\t"
	"popfq\n\t"
	"nop\n"
	"step_1:\tmovl $1, %eax\n"
	"step_2:\taddl $2, %eax\n"
	"step_3:\tnop\n"
	"step_end:\tret\n");

/* Single-step across a system call: the kernel must neither trap on the
 * way in nor lose TF on the way out. */
__asm__(".text\n"
	".globl step_sys_probe, step_sys, step_sys_after\n"
	"step_sys_probe:\n\t"
	"pushfq\n\t"
	"orq $0x100, (%rsp)\n\t"
	"popfq\n\t"
	"movl $2, %eax\n"                 /* SYS_ENV_ID */
	"step_sys:\tsyscall\n\t"
	"nop\n"
	"step_sys_after:\tnop\n\t"
	"pushfq\n\t"
	"andq $~0x100, (%rsp)\n\t"
	"popfq\n\t"
	"ret\n");
long step_sys_probe(void);

/* on_stack(sp): run ud2 with rsp = sp and a patterned red zone below it,
 * copy the red zone to probe_red[], return to the caller's stack. */
unsigned long saved_sp;
void on_stack(unsigned long sp);
__asm__(".text\n"
	".globl on_stack\n"
	"on_stack:\n\t"
	"movq %rsp, saved_sp(%rip)\n\t"
	"leaq 1f(%rip), %rax\n\tmovq %rax, exp_rip(%rip)\n\t"
	"leaq 2f(%rip), %rax\n\tmovq %rax, next_rip(%rip)\n\t"
	"movq %rdi, %rsp\n\t"
	"movabsq $0x5a5a5a5a00000000, %rax\n\t"
	"movq $16, %rcx\n"
	"3:\tmovq %rcx, %rdx\n\tnegq %rdx\n\tleaq (%rax,%rcx), %rsi\n\t"
	"movq %rsi, (%rsp,%rdx,8)\n\tdecq %rcx\n\tjnz 3b\n"
	"1:\tud2\n"
	"2:\tmovq $16, %rcx\n"
	"4:\tmovq %rcx, %rdx\n\tnegq %rdx\n\tmovq (%rsp,%rdx,8), %rsi\n\t"
	"leaq probe_red(%rip), %rdi\n\tmovq %rsi, -8(%rdi,%rcx,8)\n\t"
	"decq %rcx\n\tjnz 4b\n\t"
	"movq saved_sp(%rip), %rsp\n\t"
	"ret\n");

static void fill_regs(struct uregs *r, unsigned long seed, unsigned long flags)
{
	unsigned long *w = (unsigned long *)r;
	for (int i = 0; i < 16; i++)
		w[i] = seed ^ ((unsigned long)(i + 1) * 0x0101010101010101ul);
	r->rsp = 0;
	r->rip = 0;
	r->rflags = flags | 0x2;
}

static void probe(const char *what, void (*fn)(const struct uregs *, struct uregs *),
		  int m, unsigned long seed, unsigned long flags, unsigned long vector)
{
	struct uregs out;
	fill_regs(&probe_in, seed, flags);
	for (int i = 0; i < 16; i++)
		probe_red[i] = 0;
	probe_frame_ok = 0;
	steps[0] = 0;
	mode = m;
	int n0 = seen.n;
	fn(&probe_in, &out);
	mode = M_SKIP;

	unsigned long red_ok = 1, order[16] = {
		probe_in.rax, probe_in.rbx, probe_in.rcx, probe_in.rdx, probe_in.rsi,
		probe_in.rdi, probe_in.rbp, probe_in.r8, probe_in.r9, probe_in.r10,
		probe_in.r11, probe_in.r12, probe_in.r13, probe_in.r14, probe_in.r15,
		probe_in.rax };
	for (int i = 0; i < 16; i++)
		red_ok &= probe_red[i] == order[i];
	printf("  %s:\n", what);
	CHECK(seen.n == n0 + (m == M_PROBE_TF ? 2 : 1) && seen.vector == (m == M_PROBE_TF ? 1 : vector),
	      "    delivered to the handler");
	CHECK(probe_frame_ok, "    frame holds the interrupted registers and flags");
	CHECK(regs_match(&out, &probe_in), "    all 15 general registers survive the round trip");
	CHECK((out.rflags & (FLAGS_ARITH | FLAGS_DF)) == (probe_in.rflags & (FLAGS_ARITH | FLAGS_DF)),
	      "    CF PF AF ZF SF OF DF survive");
	CHECK(probe_rsp[0] == probe_rsp[1], "    rsp unchanged");
	CHECK(red_ok, "    the 128-byte red zone below rsp is intact");
	if (m == M_PROBE_TF)
		CHECK(steps[0] == next_rip + 1 && !(out.rflags & FLAGS_TF),
		      "    TF set by the handler: exactly one instruction ran, then #DB");
}

static unsigned long rdtsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long)hi << 32) | lo;
}

static void cost_handler(struct exc_frame *f)
{
	f->regs.rip = next_rip;
}

#define NCOST 1000

static void measure(void)
{
	CHECK(exc_handler_set(cost_handler) == 0, "cost: minimal handler (skip the instruction)");
	unsigned long t0 = rdtsc();
	for (int i = 0; i < NCOST; i++)
		FAULT_PRE("movabsq $0x0000030000000000, %%rcx", "movq (%%rcx), %%rcx");
	unsigned long t1 = rdtsc();
	for (int i = 0; i < NCOST; i++)
		FAULT("ud2");
	unsigned long t2 = rdtsc();
	for (int i = 0; i < NCOST; i++)
		FAULT_PRE("movabsq $0x0000030000000000, %%rcx", "nop");
	unsigned long t3 = rdtsc();
	for (int i = 0; i < NCOST; i++)
		sys_env_id();
	unsigned long t4 = rdtsc();
	unsigned long pf = (t1 - t0) - (t3 - t2), ud = (t2 - t1) - (t3 - t2), sys = t4 - t3;
	printf("  upcall round trip: %lu.%lu cycles per fault (#PF, %d faults, rdtsc)\n",
	       pf / NCOST, pf * 10 / NCOST % 10, NCOST);
	printf("  upcall round trip: %lu.%lu cycles per fault (#UD, %d faults, rdtsc)\n",
	       ud / NCOST, ud * 10 / NCOST % 10, NCOST);
	printf("  for comparison: %lu.%lu cycles per null system call (sys_env_id); "
	       "loop overhead %lu.%lu per iteration, subtracted above\n",
	       sys / NCOST, sys * 10 / NCOST % 10, (t3 - t2) / NCOST, (t3 - t2) * 10 / NCOST % 10);
	CHECK(exc_handler_set(handler) == 0, "cost: main handler back");
}

int main(void)
{
	unsigned long frame0 = EXC_STACK_TOP - sizeof(struct exc_frame);

	/* Arguments the kernel must refuse, before anything is registered. */
	CHECK(sys_exc_setup(0x100000, EXC_STACK_TOP) == E_INVAL, "handler in kernel memory: E_INVAL");
	CHECK(sys_exc_setup(0x0000800000000000ul, EXC_STACK_TOP) == E_INVAL,
	      "non-canonical handler: E_INVAL");
	CHECK(sys_exc_setup((unsigned long)exc_entry, 0x0000800000000000ul) == E_INVAL,
	      "non-canonical stack top: E_INVAL");
	CHECK(sys_exc_setup((unsigned long)exc_entry, 0xFFFF800000010000ul) == E_INVAL,
	      "stack top in the kernel half: E_INVAL");
	CHECK(sys_exc_setup((unsigned long)exc_entry, EXC_STACK_TOP - 8) == E_INVAL,
	      "stack top not 16-byte aligned: E_INVAL");
	CHECK(sys_exc_setup((unsigned long)exc_entry, USER_BASE + 16) == E_INVAL,
	      "stack top without room for a frame: E_INVAL");
	CHECK(sys_exc_setup(0, EXC_STACK_TOP) == E_INVAL, "no handler but a stack: E_INVAL");
	CHECK(sys_exc_setup((unsigned long)exc_entry, 0) == E_INVAL, "a handler but no stack: E_INVAL");
	CHECK(sys_exc_setup(0, 0) == 0, "(0, 0) with no handler: E_OK");

	CHECK(exc_handler_set(handler) == 0, "register a handler and its exception stack");

	/* The entry ABI, seen by a raw entry stub. */
	mode = M_SKIP;
	CHECK(sys_exc_setup((unsigned long)raw_entry, EXC_STACK_TOP) == 0, "register a raw entry stub");
	FAULT("ud2");
	CHECK(seen.vector == 6 && raw_rsp == frame0 && raw_rdi == raw_rsp && raw_rsp % 16 == 0,
	      "entry: rsp = rdi = the frame, 16-byte aligned, at the stack top");
	CHECK(sys_exc_setup(0x100000, EXC_STACK_TOP) == E_INVAL &&
	      sys_exc_setup((unsigned long)exc_entry, EXC_STACK_TOP - 8) == E_INVAL,
	      "bad arguments again: E_INVAL ...");
	raw_rsp = 0;
	FAULT("ud2");
	CHECK(raw_rsp == frame0, "... and the registered handler is unchanged");
	CHECK(exc_handler_set(handler) == 0, "back to the C handler");

	/* Each recoverable exception, skipped or retried. */
	int n = seen.n;
	FAULT("ud2");
	CHECK(seen.n == n + 1 && seen.vector == 6 && seen.err == 0 && seen.addr == 0 &&
	      seen.rip == exp_rip && next_rip - exp_rip == 2 && seen.frame == frame0,
	      "#UD: vector 6 at the ud2, skipped with rip += 2");
	FAULT("int3");
	CHECK(seen.vector == 3 && seen.rip == next_rip, "#BP: vector 3, rip after the int3 (trap)");
	FAULT_PRE("xorl %%ecx, %%ecx", "divl %%ecx");
	CHECK(seen.vector == 0 && seen.rip == exp_rip && seen.err == 0, "#DE: vector 0 at the div");
	FAULT("cli");
	CHECK(seen.vector == 13 && seen.rip == exp_rip && seen.err == 0, "#GP: cli in ring 3");
	FAULT("hlt");
	CHECK(seen.vector == 13 && seen.rip == exp_rip, "#GP: hlt in ring 3");
	FAULT_PRE("movabsq $0x8000000000000000, %%rcx", "movq (%%rcx), %%rcx");
	CHECK(seen.vector == 13 && seen.rip == exp_rip && seen.addr == 0,
	      "#GP: non-canonical address, addr 0");
	FAULT("pxor %%xmm0, %%xmm0");
	CHECK(seen.vector == 7 && seen.rip == exp_rip, "#NM: SSE (pxor) traps, no FPU state to leak");
	FAULT("fninit");
	CHECK(seen.vector == 7 && seen.rip == exp_rip, "#NM: x87 (fninit)");
	FAULT("fwait");
	CHECK(seen.vector == 7 && seen.rip == exp_rip, "#NM: fwait (CR0.MP)");
	FAULT("movq 0x100000, %%rax");
	CHECK(seen.vector == 14 && seen.addr == 0x100000 && seen.err == 0x5 && seen.rip == exp_rip,
	      "#PF: read of kernel memory (supervisor page), addr 0x100000, err P|U");
	FAULT("movq %%rax, 0x10");
	CHECK(seen.vector == 14 && seen.addr == 0x10 && seen.err == 0x6 && seen.rip == exp_rip,
	      "#PF: write to address 0x10 (nothing mapped), err W|U");

	/* Demand paging: map a fresh page at the faulting address and retry. */
	volatile unsigned long *w = (volatile unsigned long *)(VA_PF + 0x128);
	mode = M_MAP;
	n = seen.n;
	*w = 0xfeedface12345678ul;
	CHECK(seen.n == n + 1 && seen.vector == 14 && seen.addr == VA_PF + 0x128 && seen.err == 0x6,
	      "#PF write to an unmapped page: addr exact, err W|U (not present)");
	CHECK(*w == 0xfeedface12345678ul && seen.n == n + 1, "retried after mapping: the data is there");
	volatile unsigned long *r = (volatile unsigned long *)(VA_PF + 5 * PGSIZE + 0x40);
	unsigned long v = *r;
	CHECK(seen.n == n + 2 && seen.addr == VA_PF + 5 * PGSIZE + 0x40 && seen.err == 0x4 && v == 0,
	      "#PF read of an unmapped page: err U, retried, reads a zeroed page");
	for (int i = 0; i < 8; i++)
		w[512 * 8 + i * 512] = (unsigned long)i * 3;
	int good = 1;
	for (int i = 0; i < 8; i++)
		good &= w[512 * 8 + i * 512] == (unsigned long)i * 3;
	CHECK(good && seen.n == n + 10, "eight more pages on demand, each written once and read back");

	/* Protection: write a read-only page, upgrade it, retry. */
	CHECK(vm_prot(VA_PF, 0) == 0, "make the first page read-only");
	mode = M_PROT;
	n = seen.n;
	*w = 42;
	CHECK(seen.n == n + 1 && seen.addr == VA_PF + 0x128 && seen.err == 0x7 && *w == 42,
	      "#PF write to a read-only page: err P|W|U, made writable, retried");

	/* No-execute: call into a data page; the handler returns for it. */
	mode = M_RET;
	n = seen.n;
	((void (*)(void))(VA_PF + PGSIZE * 5))();
	CHECK(seen.n == n + 1 && seen.addr == VA_PF + PGSIZE * 5 && seen.err == 0x15 &&
	      seen.rip == VA_PF + PGSIZE * 5, "#PF executing a no-execute page: err P|U|I; handler returned for the callee");

	/* A fault inside the handler nests below the red zone. */
	mode = M_NEST;
	n = seen.n;
	*(volatile unsigned long *)(VA_PF + 20 * PGSIZE) = 7;
	CHECK(seen.n == n + 2 && nest_inner_vector == 3 && nest_outer == frame0,
	      "nested: #BP inside the #PF handler delivered");
	CHECK(nest_inner % 16 == 0 && nest_inner + sizeof(struct exc_frame) + 128 < nest_outer &&
	      nest_inner >= EXC_STACK_TOP - PGSIZE, "nested frame lies below the handler's red zone, 16-byte aligned");
	CHECK(*(volatile unsigned long *)(VA_PF + 20 * PGSIZE) == 7 && nest_depth == 0,
	      "outer handler finished after the inner one: page mapped, write retried");

	/* Interrupted with rsp just above the exception stack, so that its
	 * red zone reaches into it: the frame must go below the red zone. */
	mode = M_SKIP;
	long pa = page_pick_free();
	CHECK(pa >= 0 && sys_page_alloc(pa) == 0 && vm_map(EXC_STACK_TOP, pa, PERM_W) == 0,
	      "map the page above the exception stack");
	n = seen.n;
	on_stack(EXC_STACK_TOP + 64);
	int red_ok = 1;
	for (int i = 0; i < 16; i++)
		red_ok &= probe_red[i] == 0x5a5a5a5a00000000ul + (unsigned long)i + 1;
	CHECK(seen.n == n + 1 && seen.vector == 6 && seen.frame == EXC_STACK_TOP + 64 - 128 - 176,
	      "rsp = top + 64: frame nests below its red zone (top - 240)");
	CHECK(red_ok, "that red zone, half on the exception stack, is intact");
	CHECK(vm_unmap(EXC_STACK_TOP) == 0 && sys_page_free(pa) == 0, "unmap it again");

	/* Single-step. */
	mode = M_STEP;
	nsteps = 0;
	n = seen.n;
	((void (*)(void))step_probe)();
	CHECK(seen.vector == 1 && seen.n == n + 4 && nsteps == 4, "#DB: four single-step traps, then TF off");
	CHECK(steps[0] == (unsigned long)step_1 && steps[1] == (unsigned long)step_2 &&
	      steps[2] == (unsigned long)step_3 && steps[3] == (unsigned long)step_end,
	      "#DB: each trap one instruction further (the stepper advances)");
	mode = M_STEP;
	nsteps = 0;
	long id = step_sys_probe();
	CHECK(id == sys_env_id() && nsteps >= 2 && steps[0] == (unsigned long)step_sys,
	      "#DB: stepping over a syscall: no trap in the kernel, result intact");
	CHECK(nsteps >= 2 && steps[1] >= (unsigned long)step_sys + 2 && steps[1] <= (unsigned long)step_sys_after + 8,
	      "#DB: stepping continues after the syscall returns");
	mode = M_SKIP;

	/* Every register and the arithmetic flags, through each return path. */
	probe("probe #UD, all flags set", probe_ud2, M_PROBE, 0x1122334455667788ul, FLAGS_ARITH | FLAGS_DF, 6);
	probe("probe #UD, all flags clear", probe_ud2, M_PROBE, 0x8877665544332211ul, 0, 6);
	probe("probe #PF (kernel address 0x10)", probe_pf, M_PROBE, 0xa5a5a5a5deadbeeful, 0x8C5, 14);
	probe("probe #BP", probe_int3, M_PROBE, 0x0123456789abcdeful, 0x14, 3);
	probe("probe #UD, then TF: iretq path and one step", probe_ud2, M_PROBE_TF,
	      0xfedcba9876543210ul, FLAGS_ARITH, 6);

	measure();

	/* Removing the handler: (0, 0), then register again. */
	CHECK(exc_handler_set(0) == 0, "remove the handler with (0, 0)");
	CHECK(exc_handler_set(handler) == 0, "register it again");
	n = seen.n;
	FAULT("ud2");
	CHECK(seen.n == n + 1 && seen.vector == 6, "delivered again after re-registering");
	CHECK(sys_exc_setup(0, 0) == 0, "remove it for good (k_exc_removed checks that faults kill)");
	return check_failures;
}
