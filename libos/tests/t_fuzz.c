// SPDX-License-Identifier: MIT
/*
 * t_fuzz: random system calls from a hostile libOS.  The kernel must
 * survive them (a panic stops the machine, and the runner never prints its
 * verdict), and its page accounting must be exact afterwards.
 *
 * Three generations per round, so that no child can hang the suite:
 *   P (this env, the test) forks a monitor M and gives it a time slice of
 *     its own; P does not wait in SYS_ENV_RUN but polls, yielding the
 *     runner's slice, and kills M (and with it everything below) when a
 *     round takes longer than FUZZ_CHILD_TICKS: a watchdog;
 *   M forks the fuzzing child C and waits for it (SYS_ENV_RUN), so it gets
 *     C's status (an exit code, or STATUS_KILLED + vector), writes it to a
 *     page the three share (P maps it through a capability it holds, which
 *     fork shares as it is), and exits;
 *   C, seeded by P, makes FUZZ_CALLS_PER_CHILD random system calls with a
 *     deterministic xorshift generator, and counts them, and their results
 *     by kind and by call number, in the shared page.
 * Rounds go on until FUZZ_CALLS calls were made in all.  P then checks that
 * the kernel still answers, that no child hung, that every page and
 * capability slot came back (count_free_pages(), the capability window),
 * that its own pages, capabilities and memory are intact, and that calls
 * got past the argument checks; it prints one line per child (seed, calls,
 * how it ended) and a summary.
 *
 * C first makes every writable page of its own private (it writes each
 * one, so fork's copy-on-write is done with) and removes its exception
 * handler: from then on every fault of C is the kernel's to handle, and C
 * is killed with the vector.  It builds an IPC server (g0_main), a child
 * with one page of code, so that calls get past "accepts no calls", and
 * registers an IPC entry of its own (c_entry), which the server calls
 * back, so that C also replies (SYS_IPC_REPLY's success path) from
 * wherever its fuzzing was interrupted.
 *
 * What a call is made of.  The number: all of 0 .. SYS__COUNT + 3, and huge
 * ones (2^64 - 1, 2^63 + n, 2^32 + n, 0x100 + n, random).  rdi, rsi, rdx,
 * r10, r8 and r9: small integers and boundary values; page numbers (free,
 * C's own data and table pages, its children's, other envs', kernel and
 * non-RAM pages, around NPAGES); env ids (C's own, its parent's, its
 * grandparent's, the runner's, children C created, stale and malformed
 * ones); capability slots and capabilities held; slice numbers; table
 * indexes; addresses (kernel, non-canonical, the edges of user space, C's
 * text, rodata, data, stack, scratch pages, the read-only windows,
 * unmapped ones); lengths (0, limits +- 1, wrapping around 2^64); packed
 * page|perm and id|rights words.  Half of the calls get arguments drawn
 * for what the call means (a free page for SYS_PAGE_ALLOC, the exact
 * binding of a page for SYS_PT_UNMAP, a table of the child named in r10
 * for the exofork calls, ...), so that they get past the argument checks.
 * Now and then a call is repeated up to 64 times (a revocation sweep takes
 * many), made with a random rsp (kernel, non-canonical, unmapped) or with
 * DF, AC, NT or (rarely) TF set.
 *
 * Revocation.  The runner hands P the revocation capability; in every
 * other round P hands it to M and M to C before C runs.  Such a C (it
 * reads the read-only revocation window to know) asks for revocations
 * mostly of its own subtree: the server, which gets 6 to 15 data pages of
 * its own at birth so that it is above the guaranteed minimum, and the
 * children it created; kinds, pages, slices and deadlines drawn as for
 * any call, and now and then an unknown kind.  After an accepted request
 * with a near deadline it mostly yields until the request ends (or a few
 * ticks past the deadline), so that the timer's side runs: the victims
 * have no handler, so the abort protocol takes pages and slices by force.
 * C grants the capability on to its own children (SYS_REV_GRANT with
 * arguments as drawn).  A C without it gets E_PERM for every request.
 *
 * Left out or made harmless is only what would make the run meaningless,
 * flood the log, or let a child run code it did not write (which could
 * spin): SYS_EXIT with a valid code is rare (a legitimate end); SYS_MOD_RUN
 * always gets arguments it must refuse (an unknown module, or the
 * revocation flag when C does not hold it); a request for revocation by a
 * C that holds the capability never names an env outside its subtree
 * (M, P and the runner would lose pages by force, which ends the test,
 * not the kernel): such a victim becomes an id of no live env; a kernel write (SYS_MOD_NAME,
 * SYS_MOD_READ, SYS_CONS_READ) aimed at C's stack, data, the shared page
 * or the page of dots goes to C's scratch pages instead; SYS_CONS_WRITE
 * prints a few dots at most, from a page of dots; an exception handler C
 * sets for itself is this file's fuzz_handler (exits at once, status
 * HANDLER_STATUS + vector) or an address that never executes (rodata, the
 * page-info window), and its exception stack is never the shared page;
 * so is an IPC entry C registers (c_entry, or one that never executes);
 * three in four calls that would run a code-less child of C (SYS_ENV_RUN,
 * SYS_YIELD, a slice for it) go to the server instead, since each such run
 * is a kill and a line in the log.  The rest goes in as drawn.
 *
 * Reproducing: each child's seed and env id are printed.  FUZZ_TRACE_CHILD
 * set to a child's number prints every call of that child before it is
 * made (the last line before a panic names the call); the pools C draws
 * from are read from the page-info window, so rerun the same image (the
 * same earlier children) for the same calls.  FUZZ_SEED, FUZZ_CALLS,
 * FUZZ_CALLS_PER_CHILD, FUZZ_FIRST and FUZZ_CHILDREN can be set the same
 * way (-D in UCFLAGS, or here).
 */
#include "../lib/lib.h"
#include "../lib/revoke.h"

#ifndef FUZZ_SEED
#define FUZZ_SEED            0x7f1e5eed0c0ffee1ul   /* base: child i gets mix(FUZZ_SEED + i) */
#endif
#ifndef FUZZ_CALLS
#define FUZZ_CALLS           300000ul   /* calls in all: about 3 s of TCG */
#endif
#ifndef FUZZ_CALLS_PER_CHILD
#define FUZZ_CALLS_PER_CHILD 4000ul
#endif
#ifndef FUZZ_FIRST
#define FUZZ_FIRST           0          /* number of the first child (seed index) */
#endif
#ifndef FUZZ_CHILDREN
#define FUZZ_CHILDREN        1000       /* at most this many children */
#endif
#ifndef FUZZ_CHILD_TICKS
#define FUZZ_CHILD_TICKS     500        /* watchdog: ticks (10 ms) per round */
#endif
#ifndef FUZZ_TRACE_CHILD
#define FUZZ_TRACE_CHILD     (-1)       /* print every call of this child */
#endif
#define FUZZ_EXIT_ODDS       800        /* 1 in this many SYS_EXIT draws may exit */
#define PRINT_BUDGET         24         /* dots a child may print */
#define HANDLER_STATUS       100        /* + vector: C's own handler ran */
#define RUNNER_ID            (1 * NENV + 0)   /* the runner: slot 0, generation 1 */

typedef unsigned long u64;

/* ---- layout ------------------------------------------------------------ */

#define SH_VA         0x0000100000000000ul      /* P, M and C: the shared page */
#define SCRATCH_VA    0x0000200000000000ul      /* C: scratch pages, a guard after */
#define SCRATCH_PAGES 4
#define PRINT_VA      (SCRATCH_VA + 16 * PGSIZE) /* C: a page of dots, a guard after */
#define CENTRY_VA     (SCRATCH_VA + 32 * PGSIZE) /* C: c_entry's stack page, a guard after */
#define NBUCKET       (SYS__COUNT + 5)          /* 0 .. SYS__COUNT + 3, then the rest */
#define NRET          (E__COUNT + 2)            /* -r for E_OK .. E_MINIMUM, >0, other */
#define RET_POS       E__COUNT
#define RET_OTHER     (E__COUNT + 1)

struct shared {
	u64 served;            /* C: calls from its server that reached c_entry (first: c_entry's asm) */
	long p_id, m_id, c_id;
	long index;            /* P: number of the child */
	u64 seed;
	u64 calls;             /* C: calls issued (written before each) */
	long c_status;         /* M: how C ended (SYS_ENV_RUN's status) */
	long m_done;           /* M: c_status is valid */
	long m_err;            /* M: fork failed */
	long c_ready;          /* C: set up, fuzzing */
	long c_finished;       /* C: made all its calls */
	long c_holder;         /* C: it holds the revocation capability */
	u64 rev_out[6];        /* C: its requests seen ended, by REV_DONE_* */
	u64 printed;           /* C: dots printed */
	u64 ret[NRET];         /* C: results by kind */
	u64 ncall[NBUCKET];    /* C: calls by number */
	u64 nok[NBUCKET];      /* C: of which returned >= 0 */
};
_Static_assert(sizeof(struct shared) <= PGSIZE, "shared page");
_Static_assert(__builtin_offsetof(struct shared, served) == 0, "c_entry counts at SH_VA");
_Static_assert(SH_VA == 0x100000000000ul, "c_entry's SH_VA");
#define SH ((volatile struct shared *)SH_VA)

extern char __text_start[], __text_end[], __rodata_end[], __end[];

static const char dots_src[] = "................................";
static const unsigned long ro_words[8] = { 0x5a5a, 1, 2, 3, 4, 5, 6, 7 };  /* rodata: never executable */

/* ---- the raw call ------------------------------------------------------ */

/* mode bits: 1 = make the call with rsp = c->rsp, 2 = with rflags = c->rflags */
struct fzcall {
	u64 num, a0, a1, a2, a3, a4, a5;   /* rax; rdi, rsi, rdx, r10, r8, r9 */
	u64 rsp, rflags, mode;
	u64 ret;
};
_Static_assert(__builtin_offsetof(struct fzcall, ret) == 80, "fz_sys offsets");

/* fz_sys(c): every argument register is set, every caller-saved register
 * may change (SYS_YIELD, SYS_IPC_CALL), the callee-saved ones hold what
 * fz_sys needs afterwards (rbx: c, r12: rsp, r13: rflags), and flags are
 * restored (DF cleared) before any C code runs again. */
void fz_sys(struct fzcall *c);
__asm__(".text\n"
	".globl fz_sys\n"
	"fz_sys:\n"
	"	push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
	"	mov %rdi, %rbx\n"
	"	mov %rsp, %r12\n"
	"	pushfq; pop %r13\n"
	"	mov 0(%rbx), %rax\n"
	"	mov 8(%rbx), %rdi\n"
	"	mov 16(%rbx), %rsi\n"
	"	mov 24(%rbx), %rdx\n"
	"	mov 32(%rbx), %r10\n"
	"	mov 40(%rbx), %r8\n"
	"	mov 48(%rbx), %r9\n"
	"	testq $1, 72(%rbx)\n"
	"	jnz 2f\n"
	"	testq $2, 72(%rbx)\n"
	"	jz 1f\n"
	"	pushq 64(%rbx)\n"
	"	popfq\n"
	"1:	syscall\n"
	"	jmp 3f\n"
	"2:	mov 56(%rbx), %rsp\n"
	"	syscall\n"
	"3:	mov %r12, %rsp\n"
	"	push %r13; popfq\n"
	"	cld\n"
	"	mov %rax, 80(%rbx)\n"
	"	pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
	"	ret\n");

__attribute__((noreturn)) static void fz_exit(u64 code)
{
	__asm__ volatile("syscall" : : "a"((u64)SYS_EXIT), "D"(code) : "rcx", "r11", "memory");
	__builtin_trap();
}

/* C's own exception handler (the only user address C may register for
 * itself that executes): entered on the frame, exits at once. */
__attribute__((noreturn, used)) static void fuzz_handler(struct exc_frame *f)
{
	u64 v = f->vector;
	fz_exit(HANDLER_STATUS + (v < 64 ? v : 63));
}

/* An IPC server C builds (exofork) so that calls get past "accepts no
 * calls": a page of its own in the text, which C maps executable into an
 * otherwise empty env through a capability derived from its own.  At
 * g0_main it registers g0_entry (the stack is never touched) and yields,
 * by turns to C (r12 holds C's id: a directed yield, which leaves a frame
 * of the other kind for a call to interrupt) on odd turns; on the first
 * it yields to the next slice, on the other even ones it calls C
 * (SYS_IPC_CALL: C's entry, c_entry or whatever C last registered, runs
 * wherever C was interrupted and replies, so that the success path of
 * SYS_IPC_REPLY runs from a fuzzing child too); after 8 turns it exits,
 * so that SYS_ENV_RUN on it ends.  g0_entry replies with the four words it got. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define G0_STACK 0x0000300000000000ul
void g0_main(void);
__asm__(".section .text.fuzzsrv,\"ax\",@progbits\n"
	".balign 4096\n"
	".globl g0_main\n"
	"g0_main:\n"
	"	lea g0_entry(%rip), %rdi\n"
	"	mov %rsp, %rsi\n"
	"	mov $" STR(SYS_IPC_ENTRY) ", %eax\n"
	"	syscall\n"
	"	mov $8, %ebx\n"
	"1:	mov %r12, %rdi\n"             /* odd turns: a directed yield to C */
	"	test $1, %ebx\n"
	"	jnz 2f\n"
	"	cmp $8, %ebx\n"
	"	jne 3f\n"
	"	xor %edi, %edi\n"             /* the first turn: to the next slice */
	"2:	mov $" STR(SYS_YIELD) ", %eax\n"
	"	syscall\n"
	"	jmp 4f\n"
	"3:	mov %rbx, %rsi\n"             /* other even turns: a call to C, words n, r12, 0, 0 */
	"	mov %r12, %rdx\n"
	"	xor %r10d, %r10d\n"
	"	xor %r8d, %r8d\n"
	"	mov $" STR(SYS_IPC_CALL) ", %eax\n"
	"	syscall\n"
	"4:	dec %ebx\n"
	"	jnz 1b\n"
	"	xor %edi, %edi\n"
	"	mov $" STR(SYS_EXIT) ", %eax\n"
	"	syscall\n"
	"	ud2\n"
	"g0_entry:\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %r8, %rdx\n"
	"	mov %r9, %r10\n"
	"	mov $" STR(SYS_IPC_REPLY) ", %eax\n"
	"	syscall\n"
	"	ud2\n"
	".balign 4096\n"
	".text\n");

/* C's own IPC entry (registered at its start, and by one in two of its
 * SYS_IPC_ENTRY calls that name a user address; see sanitize): counts
 * the call in the shared page and replies with the words it got, through
 * the server's g0_entry (that page is in C's text too).  It never touches
 * its stack, so whatever stack C last registered will do. */
void c_entry(void);
__asm__(".text\n"
	".globl c_entry\n"
	"c_entry:\n"
	"	movabs $0x100000000000, %rax\n"    /* SH_VA */
	"	lock incq (%rax)\n"
	"	jmp g0_entry\n");

/* ---- the generator ----------------------------------------------------- */

#define POOL 48
struct pool { u64 v[POOL]; unsigned n; };

static struct fz {
	u64 rng;
	int me;
	long id, m_id, p_id;
	u64 root, nmods;
	u64 data_lo, data_hi;          /* our .data/.bss pages */
	struct pool tables, leaves, users_x, users_v, freep, others, kpages, nram, caps, mycaps, kids;
	struct pool ktables, kleaves, kroots, kusers, kcaps;   /* our children's (exofork) */
	long g0;                       /* the IPC server, or 0 */
	int holder;                    /* we hold the revocation capability */
	uint8_t asked[NENV];           /* victim slots of our accepted requests */
	u64 g0_built;
	u64 vital[64];                 /* our pages before fuzzing (stack, data, ...) */
	unsigned nvital;
	u64 scratch_pp[SCRATCH_PAGES + 1];   /* the scratch pages, then the page of dots */
	u64 pchain[4][2];              /* bindings from the page of dots up to the root */
} F;

static u64 mix(u64 x)          /* splitmix64: seeds from the base seed */
{
	x += 0x9E3779B97F4A7C15ul;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ul;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBul;
	return x ^ (x >> 31);
}

static u64 rnd(void)           /* xorshift64* */
{
	u64 x = F.rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	F.rng = x;
	return x * 0x2545F4914F6CDD1Dul;
}

static u64 below(u64 n) { return n ? rnd() % n : 0; }
static int chance(u64 n) { return below(n) == 0; }

static void pool_add(struct pool *p, u64 v)
{
	if (p->n < POOL)
		p->v[p->n++] = v;
	else
		p->v[below(POOL)] = v;       /* keep a sample */
}

static u64 pool_pick(const struct pool *p, u64 dflt)
{
	return p->n ? p->v[below(p->n)] : dflt;
}

static int is_vital(u64 p)
{
	for (unsigned i = 0; i < F.nvital; i++)
		if (F.vital[i] == p)
			return 1;
	return 0;
}

/* Pools from the read-only windows: what the kernel exposes to everyone. */
static void refresh(void)
{
	const struct page_info *pi = pageinfo();
	F.tables.n = F.leaves.n = F.users_x.n = F.users_v.n = F.freep.n = 0;
	F.others.n = F.kpages.n = F.nram.n = F.caps.n = 0;
	F.ktables.n = F.kleaves.n = F.kroots.n = F.kusers.n = F.kcaps.n = 0;
	u64 kslots = 0;                      /* slots of children we created */
	for (unsigned j = 0; j < F.kids.n; j++)
		kslots |= 1ul << (F.kids.v[j] % NENV);
	kslots &= ~(1ul << F.me);
	u64 start = below(NPAGES);
	for (u64 n = 0; n < NPAGES; n++) {
		u64 p = (start + n) % NPAGES;
		int32_t o = pi[p].owner;
		uint32_t t = pi[p].type;
		if (o == F.me) {
			if (t >= PG_PT1 && t <= PG_PT4) {
				pool_add(&F.tables, p);
				if (t == PG_PT1)
					pool_add(&F.leaves, p);
			} else if (t == PG_USER) {
				pool_add(is_vital(p) ? &F.users_v : &F.users_x, p);
			}
		} else if (t == PG_FREE) {
			if (F.freep.n < POOL)
				F.freep.v[F.freep.n++] = p;
		} else if (o >= 0 && o < NENV && (kslots >> o & 1)) {
			if (t == PG_USER)
				pool_add(&F.kusers, p);
			else if (t >= PG_PT1 && t <= PG_PT4)
				pool_add(t == PG_PT4 ? &F.kroots : t == PG_PT1 ? &F.kleaves : &F.ktables, p);
			if (t >= PG_PT1 && t <= PG_PT3 && chance(2))
				pool_add(&F.ktables, p);
			if (chance(8))
				pool_add(&F.others, p);
		} else if (o >= 0) {
			if (F.others.n < POOL)
				F.others.v[F.others.n++] = p;
		} else if (t == PG_KERNEL) {
			if (F.kpages.n < POOL)
				F.kpages.v[F.kpages.n++] = p;
		} else if (t == PG_NONE) {
			if (F.nram.n < POOL)
				F.nram.v[F.nram.n++] = p;
		}
	}
	const struct cap *ci = capinfo();
	F.mycaps.n = 0;
	for (u64 k = 0; k < NCAP; k++) {
		if (ci[k].status == CAP_LIVE && ci[k].holder == F.me)
			pool_add(&F.caps, k);
		if (ci[k].status != CAP_FREE && k / CAP_PER_ENV == (u64)F.me)
			pool_add(&F.mycaps, k);
		if (ci[k].status != CAP_FREE && ci[k].holder >= 0 && ci[k].holder < NENV &&
		    (kslots >> ci[k].holder & 1))
			pool_add(&F.kcaps, k);
	}
}

static u64 boundary(void)
{
	static const u64 b[] = {
		0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000ul,
		0xFFFFFFFFul, 0x100000000ul, 0x7FFFFFFFFFFFFFFFul, 0x8000000000000000ul,
		~0ul, ~0ul - 1, NPAGES, NPTE, NENV, NCAP, NSLICE, PGSIZE,
	};
	return b[below(sizeof b / sizeof b[0])];
}

static u64 gen_ppn(void)
{
	switch (below(16)) {
	case 0: return pool_pick(&F.tables, F.root);
	case 1: return F.root;
	case 2: case 3: return pool_pick(&F.users_x, F.root);
	case 4: return pool_pick(&F.users_v, F.root);
	case 5: case 6: return pool_pick(&F.freep, 0);
	case 7: return pool_pick(&F.others, 0);
	case 8: return pool_pick(&F.kpages, 0);
	case 9: return pool_pick(&F.nram, 0);
	case 10: return NPAGES - 1 + below(3);
	case 11: return below(4);
	case 12: return below(NPAGES);
	case 13: return boundary();
	case 14: return pool_pick(&F.leaves, F.root);
	default: return rnd();
	}
}

static u64 gen_id(void)
{
	switch (below(14)) {
	case 0: return 0;
	case 1: return (u64)F.id;
	case 2: return (u64)F.m_id;
	case 3: return (u64)F.p_id;
	case 4: return chance(2) && F.g0 ? (u64)F.g0 : RUNNER_ID;
	case 5: case 6: return pool_pick(&F.kids, (u64)F.id);
	case 7: return (u64)F.id + NENV;                    /* our slot, a later generation */
	case 8: return chance(2) ? (u64)F.m_id + NENV : (u64)F.p_id - NENV;
	case 9: return below(NENV);                         /* below NENV: never an id */
	case 10: return below(NENV * 4);
	case 11: return chance(2) ? (u64)F.id | 1ul << 32 : boundary();
	case 12: return (u64)(F.id % NENV) + NENV * below(2000);
	default: return rnd();
	}
}

static u64 gen_target(void)     /* r10 of the memory calls */
{
	u64 r = below(20);
	if (r < 12)
		return 0;
	if (r < 15)
		return pool_pick(&F.kids, 0);
	if (r < 17)
		return (u64)F.g0;
	return gen_id();
}

static u64 gen_cap(void)
{
	switch (below(8)) {
	case 0: case 1: case 2: return (u64)F.me * CAP_PER_ENV + below(CAP_PER_ENV);
	case 3: return pool_pick(&F.caps, 0);
	case 4: return below(NCAP);
	case 5: return NCAP - 1 + below(3);
	case 6: return (u64)((F.me + 1 + below(NENV - 1)) % NENV) * CAP_PER_ENV + below(CAP_PER_ENV);
	default: return rnd();
	}
}

static u64 gen_idx(void)
{
	u64 r = below(10);
	if (r < 7)
		return below(NPTE);
	if (r < 9)
		return NPTE - 1 + below(3);
	return chance(2) ? ~0ul : rnd();
}

static u64 gen_slice(void)
{
	u64 r = below(10);
	if (r < 8)
		return below(NSLICE);
	return r == 8 ? NSLICE + below(2) : rnd();
}

static u64 gen_perm(void)
{
	u64 r = below(10);
	if (r < 8)
		return below(4);
	return r == 8 ? below(256) : rnd();
}

static u64 stack_addr(void)
{
	u64 here = (u64)__builtin_frame_address(0);
	return (here & ~(PGSIZE - 1)) + below(PGSIZE);
}

static u64 gen_addr(void)
{
	switch (below(24)) {
	case 0: return 0;
	case 1: return 0x100000 + below(0x100000);               /* kernel image */
	case 2: return 0xFFFFFFFF80000000ul + below(0x100000);
	case 3: {                                                  /* non-canonical */
		static const u64 nc[] = { 0x0000800000000000ul, 0x8000000000000000ul,
					  0xFFFF7FFFFFFFF000ul, 0x0001000000000000ul };
		return nc[below(4)] + (chance(2) ? 0 : below(PGSIZE));
	}
	case 4: return USER_BASE - 8 + below(16);
	case 5: {
		static const u64 e[] = { USER_TOP, USER_STACK_TOP, USER_PAGEINFO };
		return e[below(3)] - 16 + below(32);
	}
	case 6: case 7: case 8: return SCRATCH_VA + below(SCRATCH_PAGES * PGSIZE + 64);
	case 9: return PRINT_VA + below(PGSIZE + 16);
	case 10: return (u64)__text_start + below((u64)(__text_end - __text_start));
	case 11: return (u64)__text_end + below((u64)(__rodata_end - __text_end));
	case 12: return F.data_lo + below(F.data_hi - F.data_lo);
	case 13: return stack_addr();
	case 14: {
		static const u64 w[] = { USER_PAGEINFO, USER_CAPINFO, USER_SCHEDINFO,
					 USER_IPCINFO, USER_REVINFO };
		return w[below(5)] + below(2 * PGSIZE);
	}
	case 15: return SH_VA + below(PGSIZE);
	case 16: return EXC_STACK_TOP - PGSIZE + below(64 * PGSIZE);   /* exc stack, fork's area */
	case 17: return USER_BASE + below(USER_TOP - USER_BASE);
	case 18: return (USER_BASE + below(USER_TOP - USER_BASE)) & ~(PGSIZE - 1);
	case 19: return rnd();
	case 20: return SCRATCH_VA + 1 + below(15);
	case 21: return USER_BASE + sizeof(struct exc_frame) - 16 + 16 * below(3);
	default: return SCRATCH_VA + PGSIZE * (1 + below(SCRATCH_PAGES));  /* 16-aligned stack tops */
	}
}

static u64 gen_len(u64 addr)
{
	switch (below(14)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return below(64);
	case 3: return below(PGSIZE + 1);
	case 4: return PGSIZE - 1 + below(3);
	case 5: return CONS_WRITE_MAX + below(2);
	case 6: return MOD_READ_MAX + below(2);
	case 7: return MOD_NAME_MAX - 1 + below(3);
	case 8: return ~0ul - below(8);
	case 9: return (0 - addr) + below(4);                   /* wraps around 2^64 */
	case 10: return USER_TOP - addr + below(3) - 1;
	case 11: return (1ul << 32) + below(2);
	case 12: return CONS_READ_MAX - 1 + below(3);
	default: return rnd();
	}
}

static u64 gen_any(void)
{
	switch (below(14)) {
	case 0: return below(17);
	case 1: return boundary();
	case 2: return gen_ppn();
	case 3: return gen_id();
	case 4: return gen_cap();
	case 5: return gen_idx();
	case 6: return gen_slice();
	case 7: case 8: return gen_addr();
	case 9: return gen_len(SCRATCH_VA);
	case 10: return MAP_ARG(gen_ppn() & ((1ul << 56) - 1), gen_perm());
	case 11: return (gen_id() & ((1ul << 56) - 1)) | gen_perm() << 56;
	case 12: return below(1024);
	default: return rnd();
	}
}

static u64 gen_num(void)
{
	u64 r = below(100);
	if (r < 92)
		return below(SYS__COUNT + 4);
	switch (r) {
	case 92: return ~0ul - below(2);
	case 93: return 1ul << 63 | below(SYS__COUNT);
	case 94: case 95: return 1ul << 32 | below(SYS__COUNT);   /* truncation */
	case 96: return 0x100 | below(SYS__COUNT);
	case 97: return SYS__COUNT + below(1000);
	default: return rnd();
	}
}

/* A page's binding (table, index), or random ones. */
static void binding_of(u64 p, u64 *t, u64 *i)
{
	const struct page_info *pi = pageinfo();
	if (p < NPAGES && pi[p].bind_table != NO_PAGE) {
		*t = pi[p].bind_table;
		*i = pi[p].bind_index;
	} else {
		*t = pool_pick(&F.leaves, F.root);
		*i = gen_idx();
	}
}

/* A mapping of ours to unmap or change: mostly expendable pages, rarely
 * a vital one (stack, data) or one mapped through a capability (text,
 * rodata, the shared page): those end the child. */
static void pick_mapping(u64 *t, u64 *i)
{
	u64 r = below(200);
	if (r < 196) {
		binding_of(pool_pick(&F.users_x, F.scratch_pp[below(SCRATCH_PAGES + 1)]), t, i);
	} else if (r < 198) {
		binding_of(pool_pick(&F.users_v, NPAGES), t, i);
	} else if (r < 199) {
		const struct cap *ci = capinfo();
		u64 k = pool_pick(&F.caps, 0);
		*t = ci[k].bind_table;
		*i = ci[k].bind_index;
	} else {
		*t = pool_pick(&F.leaves, F.root);
		*i = gen_idx();
	}
}

static u64 own_cap_slot(void)
{
	return chance(8) ? gen_cap() : (u64)F.me * CAP_PER_ENV + below(CAP_PER_ENV);
}

/* For the memory calls on target tg (0: us; a child's id: that child's,
 * exofork): a page of that env from the pool, or of any child, or ours. */
static u64 tpick(const struct pool *own, const struct pool *kid, u64 tg, u64 dflt)
{
	if (tg == 0 || chance(16))
		return pool_pick(own, dflt);
	const struct page_info *pi = pageinfo();
	for (int n = 0; n < 6 && kid->n; n++) {
		u64 p = kid->v[below(kid->n)];
		if (pi[p].owner == (int32_t)(tg % NENV))
			return p;
	}
	return pool_pick(kid, pool_pick(own, dflt));
}

static u64 troot(u64 tg)
{
	return tg == 0 ? F.root : tpick(&F.tables, &F.kroots, tg, F.root);
}

/* A capability held by tg, a slot of tg's range. */
static u64 tcap_held(u64 tg)
{
	if (tg == 0 || chance(16))
		return pool_pick(&F.caps, 0);
	const struct cap *ci = capinfo();
	for (int n = 0; n < 6 && F.kcaps.n; n++) {
		u64 k = F.kcaps.v[below(F.kcaps.n)];
		if (ci[k].holder == (int32_t)(tg % NENV))
			return k;
	}
	return pool_pick(&F.kcaps, 0);
}

static u64 tcap_slot(u64 tg)
{
	if (chance(8))
		return gen_cap();
	return (tg == 0 ? (u64)F.me : tg % NENV) * CAP_PER_ENV + below(CAP_PER_ENV);
}

/* Target of a memory call: mostly us, often a child we built (the
 * server or one from SYS_ENV_CREATE), sometimes anything. */
static u64 mem_target(void)
{
	u64 r = below(20);
	if (r < 11)
		return 0;
	if (r < 15)
		return pool_pick(&F.kids, 0);
	if (r < 18)
		return (u64)F.g0;
	return gen_id();
}

/* Arguments for what the call means (calls that get past the checks). */
static void gen_smart(struct fzcall *c)
{
	const struct page_info *pi = pageinfo();
	u64 t, i;
	switch (c->num) {
	case SYS_CONS_WRITE:
		c->a0 = gen_addr();
		c->a1 = gen_len(c->a0);
		break;
	case SYS_MOD_NAME:
		c->a0 = chance(4) ? gen_any() : below(F.nmods + 2);
		c->a1 = gen_addr();
		c->a2 = chance(2) ? MOD_NAME_MAX - below(3) + (chance(4) ? 2 : 0) : gen_len(c->a1);
		break;
	case SYS_MOD_READ:
		c->a0 = chance(4) ? gen_any() : below(F.nmods + 2);
		c->a1 = gen_addr();
		c->a2 = chance(2) ? below(SCRATCH_PAGES * PGSIZE + 2) : gen_len(c->a1);
		c->a3 = chance(2) ? below(0x4000) : gen_any();
		break;
	case SYS_CONS_READ:
		c->a0 = gen_addr();
		c->a1 = chance(2) ? below(CONS_READ_MAX + 2) : gen_len(c->a0);
		break;
	case SYS_PAGE_ALLOC:
		c->a3 = mem_target();
		c->a0 = chance(5) ? gen_ppn() : pool_pick(&F.freep, 0);
		break;
	case SYS_PAGE_FREE:
		c->a3 = mem_target();
		c->a0 = chance(4) ? gen_ppn() : tpick(&F.users_x, &F.kusers, c->a3, 0);
		break;
	case SYS_PT_LINK:
		c->a3 = mem_target();
		c->a0 = chance(3) ? troot(c->a3) : tpick(&F.tables, &F.ktables, c->a3, F.root);
		c->a1 = chance(2) && pi[c->a0 % NPAGES].type == PG_PT4 ?
			PML4_USER_FIRST + below(PML4_USER_LAST) : gen_idx();
		c->a2 = chance(5) ? gen_ppn() : pool_pick(&F.freep, 0);
		break;
	case SYS_PT_UNLINK: {
		c->a3 = mem_target();
		u64 p = tpick(&F.tables, chance(2) ? &F.kleaves : &F.ktables, c->a3, F.root);
		if (chance(4)) {
			c->a0 = tpick(&F.tables, &F.ktables, c->a3, F.root);
			c->a1 = gen_idx();
		} else {
			c->a0 = pi[p].bind_table;
			c->a1 = pi[p].bind_index;
		}
		break;
	}
	case SYS_PT_MAP:
		c->a3 = mem_target();
		c->a0 = chance(5) ? gen_ppn() : tpick(&F.leaves, &F.kleaves, c->a3, F.root);
		c->a1 = gen_idx();
		c->a2 = MAP_ARG((chance(5) ? gen_ppn() : tpick(&F.users_x, &F.kusers, c->a3, 0)) &
				((1ul << 56) - 1), gen_perm());
		break;
	case SYS_PT_UNMAP:
	case SYS_PT_PROT:
		c->a3 = chance(3) ? mem_target() : 0;
		if (c->a3 == 0) {
			pick_mapping(&t, &i);
		} else if (chance(3)) {
			const struct cap *ci = capinfo();
			u64 k = tcap_held(c->a3);
			t = ci[k].bind_table;
			i = ci[k].bind_index;
		} else {
			binding_of(tpick(&F.users_x, &F.kusers, c->a3, 0), &t, &i);
		}
		c->a0 = t;
		c->a1 = i;
		c->a2 = gen_perm();
		break;
	case SYS_ENV_ROOT:
		c->a3 = mem_target();
		break;
	case SYS_EXC_SETUP:
		c->a0 = chance(8) ? 0 : gen_addr();
		c->a1 = c->a0 == 0 && chance(2) ? 0 : gen_addr() & (chance(4) ? ~0ul : ~15ul);
		c->a3 = chance(2) ? pool_pick(&F.kids, 0) : gen_target();
		break;
	case SYS_ENV_CREATE:
		c->a0 = chance(8) ? gen_any() : below(NENV);
		c->a1 = chance(5) ? gen_ppn() : pool_pick(&F.freep, 0);
		break;
	case SYS_ENV_REGS:
	case SYS_ENV_RUN:
	case SYS_REV_GRANT: {
		/* (A child of ours that runs without code is killed, with a
		 * line in the log: the server, mostly, runs and exits.) */
		u64 r = below(80);
		c->a0 = r < 40 && F.g0 ? (u64)F.g0 : r < 41 ? pool_pick(&F.kids, 0) : gen_id();
		c->a1 = gen_addr();
		break;
	}
	case SYS_ENV_KILL:
		c->a0 = chance(2) ? pool_pick(&F.kids, 0) : chance(2) ? (u64)F.g0 : gen_id();
		break;
	case SYS_CAP_GRANT: {
		c->a3 = chance(4) ? mem_target() : 0;
		c->a0 = tcap_slot(c->a3);
		c->a1 = chance(4) ? gen_ppn() : tpick(&F.users_x, &F.kusers, c->a3, 0);
		u64 h = chance(3) ? pool_pick(&F.kids, (u64)F.id) : chance(2) ? (u64)F.id : gen_id();
		c->a2 = (h & ((1ul << 56) - 1)) | gen_perm() << 56;
		break;
	}
	case SYS_CAP_DERIVE: {
		c->a3 = chance(4) ? mem_target() : 0;
		c->a0 = tcap_slot(c->a3);
		c->a1 = chance(4) ? gen_cap() : tcap_held(c->a3);
		u64 h = chance(3) ? pool_pick(&F.kids, (u64)F.id) : chance(2) ? (u64)F.id : gen_id();
		c->a2 = (h & ((1ul << 56) - 1)) | gen_perm() << 56;
		break;
	}
	case SYS_CAP_REVOKE:
		c->a3 = chance(6) ? mem_target() : 0;
		if (c->a3)
			c->a0 = chance(2) ? tcap_held(c->a3) : tcap_slot(c->a3);
		else
			c->a0 = chance(40) ? pool_pick(&F.caps, 0) : chance(3) ? pool_pick(&F.mycaps, 0)
									 : own_cap_slot();
		break;
	case SYS_PT_MAP_CAP:
		c->a3 = chance(3) ? mem_target() : 0;
		c->a0 = chance(5) ? gen_ppn() : tpick(&F.leaves, &F.kleaves, c->a3, F.root);
		c->a1 = gen_idx();
		c->a2 = (chance(4) ? gen_cap() : tcap_held(c->a3)) | gen_perm() << 56;
		break;
	case SYS_PT_VIEW:
		c->a3 = chance(3) ? mem_target() : 0;
		c->a0 = chance(5) ? gen_ppn() : tpick(&F.leaves, &F.kleaves, c->a3, F.root);
		c->a1 = gen_idx();
		c->a2 = chance(4) ? gen_ppn() : tpick(&F.tables, &F.ktables, c->a3, F.root);
		break;
	case SYS_SLICE_ALLOC:
	case SYS_SLICE_FREE: {
		u64 r = below(80);
		c->a0 = gen_slice();
		c->a3 = r < 56 ? 0 : r < 70 ? (u64)F.g0 : r < 71 ? pool_pick(&F.kids, 0) : gen_id();
		break;
	}
	case SYS_YIELD:
		c->a0 = chance(2) ? 0 : F.g0 && !chance(3) ? (u64)F.g0 : gen_id();
		break;
	case SYS_SLICE_UPCALL:
	case SYS_UPCALL_HOLD:
		c->a0 = chance(4) ? gen_any() : below(2);
		c->a3 = gen_target();
		break;
	case SYS_IPC_ENTRY:
		c->a0 = chance(4) ? 0 : gen_addr();
		c->a1 = c->a0 == 0 && chance(2) ? 0 : gen_addr() & ~15ul;
		break;
	case SYS_IPC_CALL:
	case SYS_IPC_SEND:
		c->a0 = F.g0 && chance(2) ? (u64)F.g0 : gen_id();
		break;
	case SYS_IRQ_COUNT:
		c->a0 = chance(4) ? gen_any() : below(18);
		break;
	case SYS_REV_ASK: {
		/* Victims: mostly our own subtree (the server, the children we
		 * created); see sanitize() for the rest. */
		u64 r = below(8);
		c->a0 = r < 3 && F.g0 ? (u64)F.g0 : r < 6 ? pool_pick(&F.kids, (u64)F.id) : gen_id();
		c->a1 = chance(8) ? below(REV_KIND_MAX + 2) : 1 + below(REV_KIND_MAX);
		if (c->a1 == REV_PAGE && !chance(4))
			c->a2 = tpick(&F.users_x, &F.kusers, c->a0, 0);   /* one of the victim's */
		else if (c->a1 == REV_SLICE && !chance(4))
			c->a2 = gen_slice();
		else
			c->a2 = chance(2) ? below(16) : gen_ppn();
		c->a3 = chance(4) ? below(100) : chance(8) ? gen_any() : below(4);
		break;
	}
	default:
		break;
	}
}

/* Is n one of the calls s, read the way a kernel that truncated the
 * number would read it? */
static int is(u64 n, u64 s)
{
	return n == s || (uint32_t)n == s || (uint8_t)n == s;
}

static int overlaps(u64 a, u64 len, u64 lo, u64 hi)
{
	return len && a < hi && a + len > lo && a + len > a;
}

/* The ranges of C that must not be overwritten by the kernel on C's
 * behalf: its stack, fork's area and the exception stack, its data, the
 * shared page and the page of dots. */
static int vital_range(u64 a, u64 len)
{
	if (a + len < a)
		return 0;           /* wraps: the kernel refuses it */
	return overlaps(a, len, USER_STACK_TOP - USER_STACK_PAGES * PGSIZE, USER_STACK_TOP) ||
	       overlaps(a, len, EXC_STACK_TOP - PGSIZE, FORK_AREA_END) ||
	       overlaps(a, len, F.data_lo, F.data_hi) ||
	       overlaps(a, len, SH_VA, SH_VA + PGSIZE) ||
	       overlaps(a, len, PRINT_VA, PRINT_VA + PGSIZE);
}

static u64 to_scratch(u64 a)
{
	return SCRATCH_VA + a % (SCRATCH_PAGES * PGSIZE);
}

static int in_user(u64 a)
{
	return a >= USER_BASE - PGSIZE && a <= USER_TOP + PGSIZE;
}

/* The page of dots is still ours, mapped at PRINT_VA through the tables
 * it was mapped through at the start (each binding unchanged). */
static int print_ok(void)
{
	const struct page_info *pi = pageinfo();
	u64 p = F.scratch_pp[SCRATCH_PAGES];
	if (pi[p].owner != F.me || pi[p].type != PG_USER)
		return 0;
	for (int l = 0; l < 4; l++) {
		if (p >= NPAGES || pi[p].bind_table != F.pchain[l][0] || pi[p].bind_index != F.pchain[l][1])
			return 0;
		p = pi[p].bind_table;
	}
	return p == F.root;
}

/* Nothing is mapped in the page after it (own page, capability or view). */
static int guard_unmapped(void)
{
	const struct page_info *pi = pageinfo();
	u64 t = F.pchain[0][0], i = F.pchain[0][1] + 1;
	if (i >= NPTE)
		return 0;
	for (u64 p = 0; p < NPAGES; p++)
		if ((pi[p].bind_table == t && pi[p].bind_index == i) ||
		    (pi[p].view_table == t && pi[p].view_index == i))
			return 0;
	const struct cap *ci = capinfo();
	for (u64 k = 0; k < NCAP; k++)
		if (ci[k].status != CAP_FREE && ci[k].bind_table == t && ci[k].bind_index == i)
			return 0;
	return 1;
}

static int is_kid(u64 id)
{
	for (unsigned i = 0; i < F.kids.n; i++)
		if (F.kids.v[i] == id)
			return id != (u64)F.g0;
	return 0;
}

/* Our own id, or one of the children we created (the server included). */
static int in_subtree(u64 id)
{
	if (id == (u64)F.id)
		return 1;
	for (unsigned i = 0; i < F.kids.n; i++)
		if (F.kids.v[i] == id)
			return 1;
	return 0;
}

/* An env id that names no live env: our slot with another generation
 * (the slot is ours, so that generation is not alive), an index below
 * NENV (never an id), or our id with high bits that a kernel which
 * truncated it to 32 bits would read as the caller itself. */
static u64 dead_id(void)
{
	switch (below(4)) {
	case 0: return (u64)F.id + NENV * (1 + below(1000));
	case 1: return (u64)F.id - NENV * (1 + below((u64)F.id / NENV));
	case 2: return below(NENV);
	default: return (u64)F.id | (1ul + below(0xffff)) << 32;
	}
}

static void sanitize(struct fzcall *c)
{
	u64 n = c->num;
	/* A child of ours other than the server has no code: running it
	 * gets it killed, with a line in the log.  Keep a quarter of those
	 * (ids guessed right, too: small generations are common). */
	if ((is(n, SYS_ENV_RUN) || is(n, SYS_YIELD)) && is_kid(c->a0) && !chance(4))
		c->a0 = F.g0 ? (u64)F.g0 : c->a0 + NENV;
	if (is(n, SYS_SLICE_ALLOC) && is_kid(c->a3) && !chance(4))
		c->a3 = F.g0 ? (u64)F.g0 : c->a3 + NENV;
	/* SYS_EXIT: a valid code is a legitimate end, rarely. */
	if (is(n, SYS_EXIT) && c->a0 <= 255 && !chance(FUZZ_EXIT_ODDS))
		c->a0 = 256 + (chance(2) ? below(1000) : rnd() >> 1);
	/* SYS_MOD_RUN: never a module that exists with the flag clear, nor
	 * any module that exists when we hold the revocation capability. */
	if (is(n, SYS_MOD_RUN) && c->a1 < F.nmods && (c->a2 == 0 || F.holder)) {
		if (chance(2) || F.holder)
			c->a1 = F.nmods + (chance(2) ? below(4) : rnd() >> 1);
		else
			c->a2 = 1 + below(3);    /* 1: E_PERM (C holds no revocation capability) */
	}
	/* SYS_REV_ASK, when we hold the capability: victims only in our own
	 * subtree (our parent M, the test P and the runner must not lose
	 * pages by force: that would end the test, not the kernel), or ids
	 * of no live env.  Without it every victim is asked for (E_PERM). */
	if (is(n, SYS_REV_ASK) && F.holder && !in_subtree(c->a0))
		c->a0 = dead_id();
	/* Kernel writes: never into what C runs on. */
	if (is(n, SYS_MOD_NAME) && vital_range(c->a1, c->a2))
		c->a1 = to_scratch(c->a1);
	if (is(n, SYS_MOD_READ) && vital_range(c->a1, c->a2))
		c->a1 = to_scratch(c->a1);
	if (is(n, SYS_CONS_READ) && vital_range(c->a0, c->a1))
		c->a0 = to_scratch(c->a0);
	/* Console output: a few dots at most, from the page of dots while it
	 * is still mapped where we put it; else ranges the kernel refuses. */
	if (is(n, SYS_CONS_WRITE) && c->a1 > 0 && c->a1 <= CONS_WRITE_MAX && in_user(c->a0)) {
		u64 r = below(3);
		if (r == 0 && SH->printed < PRINT_BUDGET && print_ok()) {
			c->a1 = 1 + below(3);
			c->a0 = PRINT_VA + PGSIZE - c->a1 - below(2) * below(PGSIZE - 8);
		} else if (r == 1 && print_ok() && guard_unmapped()) {
			c->a0 = PRINT_VA + PGSIZE - below(8);              /* into the guard page */
			if (c->a1 <= PRINT_VA + PGSIZE - c->a0)
				c->a1 = PRINT_VA + PGSIZE - c->a0 + 1 + below(64);
		} else {
			c->a0 = USER_TOP - below(c->a1);                   /* past the top */
			if (c->a0 + c->a1 <= USER_TOP)
				c->a0 = USER_TOP - c->a1 + 1;
		}
	}
	/* Our own IPC entry (the server calls us): c_entry, or one that
	 * never runs. */
	if (is(n, SYS_IPC_ENTRY) && in_user(c->a0)) {
		u64 r = below(4);
		c->a0 = r < 2 ? (u64)c_entry : r == 2 ? (u64)&ro_words[below(8)]
						       : USER_PAGEINFO + below(PGSIZE);
	}
	/* Our own exception handler: this file's, or one that never runs;
	 * its frames (the page below the stack top) never on the shared page
	 * or the page of dots. */
	if (is(n, SYS_EXC_SETUP) && c->a3 == 0) {
		if (in_user(c->a0)) {
			u64 r = below(3);
			c->a0 = r == 0 ? (u64)fuzz_handler : r == 1 ? (u64)&ro_words[below(8)]
								    : USER_PAGEINFO + below(PGSIZE);
		}
		if (overlaps(c->a1 - PGSIZE, PGSIZE, SH_VA, SH_VA + PGSIZE) ||
		    overlaps(c->a1 - PGSIZE, PGSIZE, PRINT_VA, PRINT_VA + PGSIZE))
			c->a1 = SCRATCH_VA + PGSIZE * (1 + below(SCRATCH_PAGES));
	}
}

static void gen_call(struct fzcall *c)
{
	c->num = gen_num();
	c->a0 = gen_any();
	c->a1 = gen_any();
	c->a2 = gen_any();
	c->a3 = chance(2) ? gen_target() : gen_any();
	c->a4 = chance(2) ? below(4) : gen_any();
	c->a5 = chance(2) ? 0 : gen_any();
	c->mode = 0;
	c->rsp = 0;
	c->rflags = 0x202;
	if (c->num < SYS__COUNT && chance(2))
		gen_smart(c);
	if (chance(48)) {
		c->mode |= 1;
		c->rsp = chance(2) ? gen_addr() : boundary();
	} else if (chance(96)) {
		c->mode |= 2;
		/* CF PF AF ZF SF OF, DF, NT, AC; IF stays; TF rarely */
		c->rflags = 0x202 | (rnd() & (0x8D5 | 0x400 | 0x4000 | 0x40000)) |
			    (chance(512) ? 0x100 : 0);
	}
	sanitize(c);
	c->ret = 0;
}

/* ---- C: the fuzzing child ---------------------------------------------- */

static void touch_range(u64 lo, u64 hi)
{
	for (u64 va = lo & ~(PGSIZE - 1); va < hi; va += PGSIZE) {
		volatile u64 *w = (volatile u64 *)va;
		*w = *w;                /* a write: fork's copy-on-write is done with */
	}
}

static long map_fresh(u64 va)
{
	long p = page_pick_free();
	if (p < 0)
		return E_NOMEM;
	long r = sys_page_alloc((u64)p);
	if (r == 0)
		r = vm_map(va, (u64)p, PERM_W);
	return r < 0 ? r : p;
}

/* Build the IPC server (see g0_main): its id, or an error. */
static long g0_build(void)
{
	u64 va = (u64)g0_main, t, i;
	long root = page_pick_free(), id = E_BUSY;
	if (root < 0)
		return E_NOMEM;
	for (u64 n = 0, s0 = below(NENV); n < NENV && id == E_BUSY; n++)
		id = sys_env_create((s0 + n) % NENV, (u64)root);
	if (id < 0)
		return id;
	long r = vm_leaf_in(TARGET_SELF, va, &t, &i), kt = -1, k = cap_pick_free();
	const struct cap *ci = capinfo();
	for (u64 q = 0; r == 0 && q < NCAP; q++)
		if (ci[q].status == CAP_LIVE && ci[q].holder == F.me && ci[q].bind_table == t &&
		    ci[q].bind_index == i)
			kt = (long)q;
	if (r == 0 && (kt < 0 || k < 0))
		r = E_NOENT;
	if (r == 0)
		r = sys_cap_derive((u64)k, (u64)kt, id, PERM_X);
	if (r == 0)
		r = vm_map_cap_in(id, va, (u64)k, PERM_X);
	struct uregs u = { 0 };
	u.rip = va;
	u.rsp = G0_STACK;
	u.r12 = (u64)F.id;
	u.rflags = 0x202;
	if (r == 0)
		r = sys_env_regs(id, &u);
	if (r == 0)
		r = sys_yield(id);             /* it registers its entry, and yields back */
	if (r == 0 && !ipcinfo()->accept[id % NENV])
		r = E_REFUSED;
	if (r != 0) {
		sys_env_kill(id);
		return r;
	}
	pool_add(&F.kids, (u64)id);
	F.g0_built++;
	/* Data pages of its own, unmapped, so that it is above the
	 * guaranteed minimum and a request for pages can be met by force. */
	for (u64 n = 6 + below(10); n > 0; n--) {
		long p = page_pick_free();
		if (p < 0 || sys_on(id, SYS_PAGE_ALLOC, (u64)p, 0, 0) != 0)
			break;
	}
	return id;
}

/* Our accepted requests that have ended since we last looked: counted
 * in the shared page by outcome (the kernel's record in the read-only
 * window, REV_DONE_*). */
static void rev_collect(void)
{
	const struct rev_info *ri = revinfo();
	for (int v = 0; v < NENV; v++) {
		if (!F.asked[v] || ri->rq[v].state != RQ_IDLE)
			continue;
		u64 o = ri->rq[v].outcome;
		SH->rev_out[o < 6 ? o : 0]++;
		F.asked[v] = 0;
	}
}

__attribute__((noreturn)) static void fuzz_child(void)
{
	char name[MOD_NAME_MAX];
	F.rng = SH->seed ? SH->seed : 1;
	F.id = sys_env_id();
	F.me = (int)(F.id % NENV);
	F.m_id = SH->m_id;
	F.p_id = SH->p_id;
	F.root = (u64)sys_env_root();
	F.data_lo = (u64)__rodata_end;
	F.data_hi = ((u64)__end + PGSIZE - 1) & ~(PGSIZE - 1);
	F.kids.n = 0;

	touch_range(USER_STACK_TOP - USER_STACK_PAGES * PGSIZE, USER_STACK_TOP);
	touch_range(F.data_lo, F.data_hi);
	for (int i = 0; i <= SCRATCH_PAGES; i++) {
		long p = map_fresh(i < SCRATCH_PAGES ? SCRATCH_VA + i * PGSIZE : PRINT_VA);
		if (p < 0)
			fz_exit(90);
		F.scratch_pp[i] = (u64)p;
	}
	if (map_fresh(CENTRY_VA) < 0 || sys_ipc_entry((u64)c_entry, CENTRY_VA + PGSIZE) != 0)
		fz_exit(92);
	for (u64 j = 0; j < PGSIZE; j++)
		((volatile char *)PRINT_VA)[j] = dots_src[j % 32];
	for (u64 j = 0; j < SCRATCH_PAGES * PGSIZE / 8; j++)
		((volatile u64 *)SCRATCH_VA)[j] = mix(j);
	for (F.nmods = 0; F.nmods < 256 && sys_mod_name(F.nmods, name, sizeof name) >= 0; F.nmods++)
		;
	/* Vital: every data page we own now, but the scratch pages. */
	const struct page_info *pi = pageinfo();
	for (u64 p = 0; p < NPAGES && F.nvital < 64; p++) {
		int scratch = 0;
		for (int i = 0; i <= SCRATCH_PAGES; i++)
			scratch |= F.scratch_pp[i] == p;
		if (pi[p].owner == F.me && pi[p].type == PG_USER && !scratch)
			F.vital[F.nvital++] = p;
	}
	u64 q = F.scratch_pp[SCRATCH_PAGES];
	for (int l = 0; l < 4; l++) {
		F.pchain[l][0] = pi[q].bind_table;
		F.pchain[l][1] = pi[q].bind_index;
		q = pi[q].bind_table;
	}
	if (sys_exc_setup(0, 0) != 0)
		fz_exit(91);
	F.holder = revinfo()->holder[F.me] != 0;
	SH->c_holder = F.holder;
	F.g0 = g0_build();
	if (F.g0 < 0)
		F.g0 = 0;
	refresh();
	SH->c_ready = 1;
#ifdef FUZZ_TEST_WATCHDOG
	if (SH->seed % 4 == 0)
		for (;;)                       /* a child that never ends: the watchdog's test */
			;
#endif

	struct fzcall c;
	u64 repeat = 0;
	for (u64 n = 0; n < FUZZ_CALLS_PER_CHILD; n++) {
		if (n % 128 == 127) {
			if (F.g0 && sys_on(F.g0, SYS_ENV_ROOT, 0, 0, 0) < 0)
				F.g0 = 0;              /* gone (killed, or its turns are over) */
			if (!F.g0 && F.g0_built < 4) {
				F.g0 = g0_build();
				if (F.g0 < 0)
					F.g0 = 0;
			}
			refresh();
			rev_collect();
		}
		/* Now and then the same call again, up to 64 times (a sweep that
		 * needs many calls, a slice taken and given back, ...). */
		if (repeat > 0 && !is(c.num, SYS_CONS_WRITE))
			repeat--;
		else
			gen_call(&c), repeat = chance(64) ? below(64) : 0;
		if (repeat == 0 && c.num == SYS_CAP_REVOKE && chance(8))
			repeat = below(100);           /* most of a sweep (> 2 * NCAP / SWEEP_BUDGET calls) */
		if (SH->index == FUZZ_TRACE_CHILD)
			printf("  fz %lu: num 0x%lx (0x%lx, 0x%lx, 0x%lx, r10 0x%lx, r8 0x%lx, r9 0x%lx) "
			       "mode %lu rsp 0x%lx rflags 0x%lx\n", n, c.num, c.a0, c.a1, c.a2, c.a3,
			       c.a4, c.a5, c.mode, c.rsp, c.rflags);
		SH->calls = n + 1;
		if (is(c.num, SYS_CONS_WRITE) && c.a0 >= PRINT_VA && c.a0 < PRINT_VA + PGSIZE &&
		    c.a1 <= PRINT_VA + PGSIZE - c.a0)
			SH->printed += c.a1;
		fz_sys(&c);
		long r = (long)c.ret;
		u64 b = c.num < SYS__COUNT + 4 ? c.num : SYS__COUNT + 4;
		SH->ncall[b]++;
		if (r >= 0)
			SH->nok[b]++;
		if (r > 0)
			SH->ret[RET_POS]++;
		else if (r > -E__COUNT)
			SH->ret[-r]++;
		else
			SH->ret[RET_OTHER]++;
		/* Children we created: ids to aim at. */
		if (c.num == SYS_ENV_CREATE && r >= NENV)
			pool_add(&F.kids, (u64)r);
		if (c.num == SYS_REV_ASK && r == 0) {
			/* Accepted.  Mostly, let the clock run until it ends (the
			 * deadline, the abort protocol's steps at each tick), or a
			 * few ticks past a near deadline: a child's calls take only
			 * a few ticks in all. */
			u64 v = c.a0 % NENV, t0 = (u64)sys_ticks();
			F.asked[v] = 1;
			if (c.a3 <= 8 && !chance(4))
				while (revinfo()->rq[v].state != RQ_IDLE && (u64)sys_ticks() < t0 + c.a3 + 4)
					sys_yield(0);
		}
	}
	rev_collect();
	SH->c_finished = 1;
	fz_exit(0);
}

/* ---- M: the monitor ---------------------------------------------------- */

__attribute__((noreturn)) static void monitor(void)
{
	SH->m_id = sys_env_id();
	long c = fork();
	if (c == 0)
		fuzz_child();
	if (c < 0) {
		SH->m_err = c;
		sys_exit(1);
	}
	SH->c_id = c;
	/* Every other round P hands M the revocation capability, and M
	 * hands it on to C (before C runs: fork leaves the child stopped). */
	if (revinfo()->holder[SH->m_id % NENV] && sys_rev_grant(c) != 0) {
		SH->m_err = E_PERM;
		sys_exit(1);
	}
	long st = sys_env_run(c);
	SH->c_status = st;
	SH->m_done = 1;
	sys_exit(0);
}

/* ---- P: the test ------------------------------------------------------- */

static unsigned long canary[PGSIZE / 8];
static unsigned long total_ret[NRET], total_ncall[NBUCKET], total_nok[NBUCKET];
static unsigned long killed_by[64];
static unsigned long rev_out[6];
static unsigned long served;         /* calls C's entry replied to (c_entry) */

static long free_caps_mine(void)
{
	const struct cap *c = capinfo();
	long base = (long)my_slot() * CAP_PER_ENV, n = 0;
	for (long k = base; k < base + CAP_PER_ENV; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

static long free_caps_all(void)
{
	const struct cap *c = capinfo();
	long n = 0;
	for (long k = 0; k < NCAP; k++)
		n += c[k].status == CAP_FREE;
	return n;
}

static long pages_mine(void)
{
	const struct page_info *pi = pageinfo();
	long n = 0;
	int me = my_slot();
	for (long p = 0; p < NPAGES; p++)
		n += pi[p].owner == me;
	return n;
}

static int alive(long id)
{
	return sys_on(id, SYS_ENV_ROOT, 0, 0, 0) >= 0;
}

static const char *err_name(unsigned i)
{
	static const char *const n[] = { "E_OK", "E_INVAL", "E_NOSYS", "E_FAULT", "E_BUSY",
					 "E_RANGE", "E_RESERVED", "E_PERM", "E_STALE", "E_NOENT",
					 "E_NOMEM", "E_AGAIN", "E_REFUSED", "E_MINIMUM",
					 ">0", "other<0" };
	return i < sizeof n / sizeof n[0] ? n[i] : "?";
}

int main(long envid)
{
	printf("t_fuzz: env 0x%lx: %lu random system calls, %lu per child, base seed 0x%lx\n",
	       envid, FUZZ_CALLS, FUZZ_CALLS_PER_CHILD, FUZZ_SEED);
	CHECK(fork_init() == 0, "fork_init");
	CHECK(revinfo()->holder[my_slot()] != 0, "the runner handed us the revocation capability");

	/* The shared page: ours, mapped through a capability we hold, which
	 * fork() shares with M (and M with C) as it is. */
	long pg = page_pick_free(), k0 = cap_pick_free();
	CHECK(pg >= 0 && k0 >= 0 && sys_page_alloc((u64)pg) == 0 &&
	      sys_cap_grant((u64)k0, (u64)pg, envid, PERM_W) == 0 &&
	      vm_map_cap_in(TARGET_SELF, SH_VA, (u64)k0, PERM_W) == 0,
	      "a page shared with the children, mapped through a capability we hold");
	SH->p_id = envid;

	for (u64 j = 0; j < PGSIZE / 8; j++)
		canary[j] = mix(j ^ 0xca7a7);
	unsigned long free0 = count_free_pages();
	long caps0 = free_caps_mine(), all0 = free_caps_all(), mine0 = pages_mine();
	long root0 = sys_env_root();
	long t0 = sys_ticks();

	unsigned long calls = 0, children = 0, completed = 0, killed = 0, handled = 0, exited = 0,
		      hung = 0, mfail = 0, maxticks = 0, garbled = 0, holders = 0;
	for (long i = FUZZ_FIRST; calls < FUZZ_CALLS && children < FUZZ_CHILDREN; i++) {
		u64 seed = mix(FUZZ_SEED + (u64)i);
		volatile struct shared *s = SH;
		s->seed = seed;
		s->index = i;
		s->m_id = s->c_id = 0;
		s->calls = 0;
		s->c_status = -1000;
		s->m_done = s->m_err = s->c_ready = s->c_finished = s->c_holder = 0;
		for (int j = 0; j < 6; j++)
			s->rev_out[j] = 0;
		s->printed = 0;
		s->served = 0;
		for (int j = 0; j < NRET; j++)
			s->ret[j] = 0;
		for (int j = 0; j < NBUCKET; j++)
			s->ncall[j] = s->nok[j] = 0;

		long m = fork();
		if (m == 0)
			monitor();
		if (m < 0) {
			printf("  t_fuzz: fork of the monitor failed: %ld\n", m);
			mfail++;
			break;
		}
		children++;
		/* Every other round, C may ask for revocations (in its own
		 * subtree): P hands the capability to M, M to C. */
		if (i % 2 == 1 && sys_rev_grant(m) != 0) {
			printf("  t_fuzz: sys_rev_grant to the monitor failed\n");
			mfail++;
		}
		/* M gets a slice of its own (its wait donates it to C); we
		 * watch from the runner's slice, yielding it at once. */
		long sl = slice_pick_free();
		long r0 = sl >= 0 ? sys_slice_alloc(m, (u64)sl) : -1;
		long start = sys_ticks(), st;
		const char *how;
		if (r0 != 0) {
			printf("  t_fuzz: no slice for the monitor (%ld): waiting without a watchdog\n", r0);
			sys_env_run(m);
		} else {
			while (alive(m) && sys_ticks() - start < FUZZ_CHILD_TICKS)
				sys_yield(0);
		}
		long took = sys_ticks() - start;
		if ((u64)took > maxticks)
			maxticks = (u64)took;
		int was_hung = alive(m);
		if (was_hung)
			sys_env_kill(m);
		u64 nc = s->calls <= FUZZ_CALLS_PER_CHILD ? s->calls : FUZZ_CALLS_PER_CHILD;
		calls += nc;
		/* The counts are C's: a child that mapped the shared page's
		 * capability somewhere else may have written over them. */
		u64 sr = 0, sn = 0, sk = 0;
		for (int j = 0; j < NRET; j++)
			sr += s->ret[j] <= nc ? s->ret[j] : nc + 2;
		for (int j = 0; j < NBUCKET; j++) {
			sn += s->ncall[j] <= nc ? s->ncall[j] : nc + 2;
			sk += s->nok[j] <= s->ncall[j] ? 0 : 1;
		}
		/* (A child killed in the middle of counting a call leaves it
		 * counted in part: results <= calls counted <= calls issued.) */
		if (sr <= sn && sn <= nc && sr + 1 >= sn && sn + 1 >= nc && sk == 0) {
			for (int j = 0; j < NRET; j++)
				total_ret[j] += s->ret[j];
			for (int j = 0; j < NBUCKET; j++) {
				total_ncall[j] += s->ncall[j];
				total_nok[j] += s->nok[j];
			}
		} else {
			garbled++;
			printf("  t_fuzz: child %ld: its counts are garbled (%lu results, %lu calls counted, "
			       "%lu issued), left out\n", i, sr, sn, nc);
		}
		holders += s->c_holder == 1;
		/* (One call per server, up to 4 servers, and C's own sends.) */
		served += s->served <= nc + 4 ? s->served : 0;
		for (int j = 0; j < 6; j++)
			rev_out[j] += s->rev_out[j] <= nc ? s->rev_out[j] : 0;
		st = s->c_status;
		if (s->printed)
			printf("\n");
		if (was_hung) {
			hung++;
			how = "HUNG: killed by the watchdog";
		} else if (!s->m_done) {
			mfail++;
			how = "the monitor ended without a status";
		} else if (st == 0 && s->c_finished) {
			completed++;
			how = "completed";
		} else if (st >= STATUS_KILLED && st < STATUS_KILLED + 64) {
			killed++;
			killed_by[st - STATUS_KILLED]++;
			how = "killed by the kernel, vector";
		} else if (st >= HANDLER_STATUS && st < HANDLER_STATUS + 64) {
			handled++;
			how = "its own handler exited, vector";
		} else if (st >= 0 && st <= 255) {
			exited++;
			how = "exited (a SYS_EXIT it drew), code";
		} else {
			mfail++;
			how = "SYS_ENV_RUN failed in the monitor";
		}
		printf("  t_fuzz: child %ld (env 0x%lx) seed 0x%016lx: %lu calls, %s", i, s->c_id, seed, nc,
		       how);
		if (st >= STATUS_KILLED && !was_hung)
			printf(" %ld", st - STATUS_KILLED);
		else if (st >= 0 && !(st == 0 && s->c_finished) && !was_hung && s->m_done)
			printf(" %ld", st >= HANDLER_STATUS && st < HANDLER_STATUS + 64 ? st - HANDLER_STATUS : st);
		else if (!s->m_done && !was_hung)
			printf(" (m_err %ld, status %ld)", s->m_err, st);
		printf(" (%ld ticks)%s\n", took, s->c_holder == 1 ? " [revocation capability]" : "");
		if (fork_reap() != 0)
			printf("  t_fuzz: fork_reap: pages still named\n");
	}
	long t1 = sys_ticks();

	/* The kernel still answers, and everything came back. */
	CHECK(sys_env_id() == envid && t1 >= t0 && sys_env_root() == root0,
	      "the kernel still answers: our id, the clock, our root");
	CHECK(hung == 0, "no child hung");
	CHECK(mfail == 0, "every monitor reported its child's status");
	CHECK(calls >= FUZZ_CALLS || children >= FUZZ_CHILDREN, "all the calls were made");
	CHECK(fork_reap() == 0 && cap_sweep() == 0, "fork_reap and the capability sweep finish");
	unsigned long free1 = count_free_pages();
	CHECK(free1 == free0, "free pages after the children equal the count before");
	if (free1 != free0)
		printf("  t_fuzz: free pages %lu before, %lu after\n", free0, free1);
	CHECK(free_caps_mine() == caps0 && free_caps_all() == all0,
	      "every capability slot is free again, ours as before");
	CHECK(pages_mine() == mine0, "we own the same number of pages");
	unsigned long bad = 0;
	for (u64 j = 0; j < PGSIZE / 8; j++)
		bad += canary[j] != mix(j ^ 0xca7a7);
	CHECK(bad == 0, "our memory is intact");
	unsigned long oks = total_ret[0] + total_ret[RET_POS];
	unsigned long nums_ok = 0;
	for (int j = 0; j < SYS__COUNT; j++)
		nums_ok += total_nok[j] > 0;
	CHECK(oks > calls / 50 && nums_ok >= SYS__COUNT / 2,
	      "calls get past the argument checks (successes for most call numbers)");
	CHECK(holders > 0 && total_nok[SYS_REV_ASK] > 0 && total_nok[SYS_REV_GRANT] > 0,
	      "children that held the revocation capability had requests and grants accepted");
	CHECK(rev_out[REV_DONE_FORCED] + rev_out[REV_DONE_SHORT] > 0,
	      "some of their requests were met by force (the abort protocol ran)");
	CHECK(served > 0, "servers called their fuzzing child, and its entry replied");

	/* Summary. */
	printf("t_fuzz: %lu calls in %lu children (%lu killed by the kernel: vectors", calls, children,
	       killed);
	int any = 0;
	for (int v = 0; v < 64; v++)
		if (killed_by[v]) {
			printf("%s %d x%lu", any ? "," : "", v, killed_by[v]);
			any = 1;
		}
	printf("%s; %lu completed, %lu own handler, %lu drew SYS_EXIT, %lu hung), errors returned by kind:",
	       any ? "" : " none", completed, handled, exited, hung);
	for (unsigned j = 0; j < NRET; j++)
		if (total_ret[j])
			printf(" %s %lu", err_name(j), total_ret[j]);
	printf("; %lu returned E_OK or a value; %ld ticks (longest round %lu); %lu children held the "
	       "revocation capability", oks, t1 - t0, maxticks, holders);
	if (garbled)
		printf("; counts of %lu children garbled, left out", garbled);
	printf("\n");
	printf("t_fuzz: successes/calls by number:");
	for (int j = 0; j < NBUCKET; j++)
		printf(" %d:%lu/%lu", j, total_nok[j], total_ncall[j]);
	printf(" (last: huge numbers)\n");
	printf("t_fuzz: requests seen ended (a child killed early leaves some unseen): cooperative %lu, "
	       "forced %lu, short %lu, victim or requester gone %lu, notified %lu; "
	       "calls from a server that the fuzzing child's entry replied to %lu\n",
	       rev_out[REV_DONE_COOP], rev_out[REV_DONE_FORCED], rev_out[REV_DONE_SHORT],
	       rev_out[REV_DONE_GONE], rev_out[REV_DONE_NOTIFY], served);

	/* Give back the shared page. */
	CHECK(vm_unmap(SH_VA) == 0 && cap_revoke_all((u64)k0) == 0 && sys_page_free((u64)pg) == 0,
	      "the shared page is given back");
	return check_failures ? 1 : 0;
}
