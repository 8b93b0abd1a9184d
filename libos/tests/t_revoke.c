// SPDX-License-Identifier: MIT
/*
 * Visible revocation and the abort protocol (uapi/revoke.h), seen from both
 * sides.  The runner hands this test its revocation capability; each
 * scenario forks a victim that takes NDATA data pages at the top of
 * physical memory (the abort protocol takes a count from the highest page
 * number down, so these are the ones it takes), fills them, yields back,
 * and then answers the request its own way:
 *   - coop:   gives back the pages asked for: nothing is taken by force,
 *             the kept pages are intact;
 *   - ignore: does nothing: at the deadline exactly the pages asked for go,
 *             the ring names them, the T_REPO upcall comes, it runs on;
 *   - loop:   its handler spins until the T_REPO upcall ends it;
 *   - fault:  its handler faults (ud2) and gives nothing back;
 *   - wrong:  asked for one named page, it gives back another one;
 *   - shared: the named page is shared with us through a capability: its
 *             mapping in our tables goes too;
 *   - held:   holds its upcalls (SYS_UPCALL_HOLD) when asked: it is not
 *             told while it holds them, is told at the first tick after it
 *             lets go, and then gives back in time;
 *   - held-long: holds them past the deadline: a hold does not stall the
 *             abort protocol, the pages go, and neither upcall comes.
 * Each victim checks its side (the request's outcome, its ring, its pages)
 * and exits 0; we check ours.  Also: refusals (no capability, below the
 * guaranteed minimum, bad and stale ids, a request already under way).
 */
#include "../lib/lib.h"

#define NDATA    6
#define DATA_VA  (USER_BASE + 0x40000000ul)
#define SHARE_VA (USER_BASE + 0x50000000ul)

enum { M_COOP, M_IGNORE, M_LOOP, M_FAULT, M_WRONG, M_SHARED, M_HELD, M_HELDLONG };
static const char *const mode_name[] = { "coop", "ignore", "loop", "fault", "wrong", "shared",
					 "held", "held-long" };

static int mode;
static long parent_id;
static unsigned long data[NDATA];      /* our data pages, highest first */
static int gone[NDATA];                /* given back by us */
static volatile int got_revoke, got_repo, faulted;
static volatile unsigned long asked_kind, asked_what;

/* The index of page p in data[], or -1. */
static int data_index(unsigned long p)
{
	for (int i = 0; i < NDATA; i++)
		if (data[i] == p)
			return i;
	return -1;
}

static void give_back(int i)
{
	if (i < 0 || gone[i])
		return;
	if (vm_unmap(DATA_VA + (unsigned long)i * PGSIZE) == E_OK &&
	    sys_page_free(data[i]) == E_OK)
		gone[i] = 1;
}

/* Every exception and upcall of the victim (after fork's own handler). */
static void victim_hook(struct exc_frame *f)
{
	if (f->vector == T_REVOKE) {
		got_revoke++;
		asked_kind = f->err;
		asked_what = f->addr;
		if ((mode == M_COOP || mode == M_HELD) && f->err == REV_PAGES)
			for (unsigned long n = 0; n < f->addr && n < NDATA; n++)
				give_back((int)n);             /* the highest ones */
		else if (mode == M_WRONG)
			give_back(data_index(f->addr) == 0 ? 1 : 0);   /* not that one */
		else if (mode == M_LOOP)
			while (!got_repo)
				;
		else if (mode == M_FAULT)
			__asm__ volatile("ud2");
		return;
	}
	if (f->vector == T_REPO) {
		got_repo++;
		return;
	}
	if (f->vector == 6 && mode == M_FAULT) {
		faulted++;
		f->regs.rip += 2;
		return;
	}
	printf("t_revoke: victim: unexpected vector %lu at rip 0x%lx addr 0x%lx\n",
	       f->vector, f->regs.rip, f->addr);
	sys_exit(90);
}

/* Tell the parent we are set up (its ready_id), by a call: what the
 * parent sees after a yield is no proof, as the slice may have ended. */
static int ready(void)
{
	unsigned long w[4] = { 0, 0, 0, 0 };
	return ipc_call(parent_id, w) != E_OK;
}

static int victim(void)
{
	const struct page_info *pi = pageinfo();
	const struct rev_info *ri = revinfo();
	int me = my_slot();
	/* the ring counts per slot: start from what earlier envs in this slot left */
	unsigned long cursor = ri->written[me], cursor0 = cursor, lost;
	fork_fault_hook = victim_hook;
	/* no capability here: a refusal that changes nothing */
	if (sys_rev_ask(parent_id, REV_PAGES, 1, 10) != E_PERM)
		return 10;
	/* data pages at the top of physical memory */
	long p = NPAGES;
	for (int i = 0; i < NDATA; i++) {
		while (--p >= 0 && pi[p].type != PG_FREE)
			;
		if (p < 0 || sys_page_alloc((unsigned long)p) != E_OK ||
		    vm_map(DATA_VA + (unsigned long)i * PGSIZE, (unsigned long)p, PERM_W) != E_OK)
			return 11;
		data[i] = (unsigned long)p;
		for (unsigned k = 0; k < PGSIZE / 8; k++)
			((volatile unsigned long *)(DATA_VA + (unsigned long)i * PGSIZE))[k] = p * 4096 + k;
	}
	if (mode == M_SHARED) {
		long k = cap_pick_free();
		if (k < 0 || sys_cap_grant((unsigned long)k, data[0], parent_id, PERM_W) != E_OK)
			return 12;
	}
	int held = mode == M_HELD || mode == M_HELDLONG, told_held = 0;
	if (held && sys_upcall_hold(1) != 0)
		return 13;
	if (ready())
		return 15;
	sys_yield(parent_id);              /* the parent asks now */
	if (mode == M_HELD) {
		unsigned long t0 = (unsigned long)sys_ticks();
		while ((unsigned long)sys_ticks() < t0 + 3)
			;                  /* three ticks, in which we are not told */
		told_held = got_revoke + got_repo;
		if (sys_upcall_hold(0) != 1)
			return 14;
	}
	while (*(const volatile uint32_t *)&ri->rq[me].state != RQ_IDLE)
		;                          /* the kernel moves it on, tick by tick */
	if (mode == M_HELDLONG) {
		told_held = got_revoke + got_repo;
		if (sys_upcall_hold(0) != 1)
			return 14;
	}
	if (told_held)
		return 29;                 /* an upcall came through the hold */
	struct repo_entry e[REPO_RING];
	int n = repo_read(me, &cursor, e, REPO_RING, &lost);
	unsigned out = ri->rq[me].outcome;
	if (!got_revoke && mode != M_HELDLONG)
		return 20;
	int want_taken = mode == M_COOP || mode == M_HELD ? 0 :
			 mode == M_IGNORE || mode == M_LOOP || mode == M_FAULT || mode == M_HELDLONG ? 3 : 1;
	if (n != want_taken || lost != 0)
		return 21;
	if (out != (want_taken ? REV_DONE_FORCED : REV_DONE_COOP))
		return 22;
	for (int i = 0; i < n; i++) {
		/* a count takes data[0], data[1], ... (highest first); a named
		 * page is what was asked */
		unsigned long want = want_taken == 3 ? data[i] : asked_what;
		if (e[i].kind != REV_PAGE || e[i].what != want || e[i].seq != cursor0 + (unsigned long)i ||
		    e[i].reason != REPO_DEADLINE || pi[want].type != PG_FREE)
			return 23;
		gone[data_index(want)] = 1;
	}
	if (want_taken && !got_repo && mode != M_HELDLONG)
		return 24;
	if (mode == M_LOOP && got_repo != 1)
		return 25;
	if (mode == M_FAULT && faulted != 1)
		return 26;
	/* what we kept is ours and intact */
	for (int i = 0; i < NDATA; i++) {
		if (gone[i])
			continue;
		if (pi[data[i]].owner != me)
			return 27;
		for (unsigned k = 0; k < PGSIZE / 8; k += 97)
			if (((volatile unsigned long *)(DATA_VA + (unsigned long)i * PGSIZE))[k] !=
			    data[i] * 4096 + k)
				return 28;
	}
	return 0;
}

/* Shared scenario, our side: the page the victim granted us, mapped. */
static long shared_k = -1;
static volatile int share_faults;
static void parent_hook(struct exc_frame *f)
{
	if (f->vector == 14 && f->addr >= SHARE_VA && f->addr < SHARE_VA + PGSIZE) {
		share_faults++;
		f->regs.rip += 3;          /* the 3-byte load below */
		return;
	}
	printf("t_revoke: unexpected vector %lu at rip 0x%lx\n", f->vector, f->regs.rip);
	sys_exit(91);
}

static unsigned long load_shared(void)
{
	unsigned long v = 0;
	/* mov (%rdx), %rax: 3 bytes; a fault leaves rax = 0 */
	__asm__ volatile("xor %%eax, %%eax; mov (%%rdx), %%rax" : "=a"(v) : "d"(SHARE_VA) : "memory");
	return v;
}

static volatile long ready_id;
static void on_ready(struct ipc_msg *m)
{
	ready_id = m->caller;
}

static void wait_ready(long c)
{
	for (int i = 0; i < 10000 && ready_id != c; i++)
		sys_yield(c);
	CHECK(ready_id == c, "the victim is set up and says so");
}

static void scenario(int m, unsigned long kind, unsigned long what_index, unsigned long dt)
{
	mode = m;
	long c = fork();
	if (c == 0)
		sys_exit(victim());
	CHECK(c > 0, "fork a victim");
	if (c <= 0)
		return;
	int cs = slot_of(c);
	const struct rev_info *ri = revinfo();
	wait_ready(c);                     /* it takes its pages and tells us */
	const struct page_info *pi = pageinfo();
	unsigned long top[NDATA];
	int n = 0;
	for (long p = NPAGES - 1; p >= 0 && n < NDATA; p--)
		if (pi[p].owner == cs && pi[p].type == PG_USER)
			top[n++] = (unsigned long)p;
	CHECK(n == NDATA, "the victim owns its data pages at the top");
	if (m == M_SHARED) {
		const struct cap *ct = (const struct cap *)USER_CAPINFO;
		for (long k = 0; k < NCAP; k++)
			if (ct[k].status == CAP_LIVE && ct[k].page == top[0] && ct[k].holder == my_slot())
				shared_k = k;
		CHECK(shared_k >= 0 && vm_map_cap_in(TARGET_SELF, SHARE_VA, (unsigned long)shared_k, 0) == E_OK,
		      "shared: we map the victim's page through its capability");
		CHECK(load_shared() == top[0] * 4096, "shared: and read it");
	}
	unsigned long what = kind == REV_PAGES ? what_index : top[what_index];
	unsigned long w0 = ri->written[cs];
	CHECK(sys_rev_ask(c, kind, what, dt) == E_OK, "ask");
	CHECK(sys_rev_ask(c, REV_PAGES, 1, dt) == E_BUSY, "a second request meanwhile: E_BUSY");
	CHECK(ri->rq[cs].state == RQ_ASKED && ri->rq[cs].requester == my_slot() &&
	      ri->rq[cs].kind == kind && ri->rq[cs].what == what,
	      "the request is visible to both sides");
	long st = sys_env_run(c);
	printf("t_revoke: %s: victim exit %ld, outcome %u, taken %lu, ring +%lu\n", mode_name[m], st,
	       ri->rq[cs].outcome, ri->rq[cs].taken, ri->written[cs] - w0);
	CHECK(st == 0, m == M_COOP ? "coop: the victim gave back what was asked, kept the rest intact" :
	      m == M_IGNORE ? "ignore: exactly the pages asked for taken by force, named in its ring, T_REPO delivered" :
	      m == M_LOOP ? "loop: a handler that never returns loses them at the deadline" :
	      m == M_FAULT ? "fault: a handler that faults loses them at the deadline" :
	      m == M_WRONG ? "wrong: the named page is taken although another one was given" :
	      m == M_HELD ? "held: not told while it holds its upcalls, told after, gave back in time" :
	      m == M_HELDLONG ? "held-long: a hold past the deadline loses the pages, no upcall comes through" :
	      "shared: the named shared page is taken");
	if (m == M_SHARED) {
		CHECK(load_shared() == 0 && share_faults == 1, "shared: our mapping of it is gone (a fault now)");
		const struct cap *ct = (const struct cap *)USER_CAPINFO;
		CHECK(ct[shared_k].status != CAP_LIVE, "shared: the capability is dead");
	}
	fork_reap();
}

int main(long envid)
{
	parent_id = envid;
	printf("t_revoke: env 0x%lx, holder %u\n", envid, revinfo()->holder[my_slot()]);
	CHECK(revinfo()->holder[my_slot()] == 1, "the runner gave us the revocation capability");
	CHECK(fork_init() == 0, "fork's handler");
	CHECK(ipc_serve(on_ready) == E_OK, "an entry point for the victims' ready calls");
	fork_fault_hook = parent_hook;
	/* the tables for SHARE_VA, made now so that the count below is exact */
	long sp = page_pick_free();
	CHECK(sp >= 0 && sys_page_alloc((unsigned long)sp) == E_OK &&
	      vm_map(SHARE_VA, (unsigned long)sp, 0) == E_OK && vm_unmap(SHARE_VA) == E_OK &&
	      sys_page_free((unsigned long)sp) == E_OK, "tables for the shared window");
	unsigned long free0 = count_free_pages();

	/* refusals */
	CHECK(sys_rev_ask(envid, REV_PAGES, 1, 10) == E_INVAL, "ourselves: E_INVAL");
	CHECK(sys_rev_ask(0x7FFFFFFF, REV_PAGES, 1, 10) == E_STALE ||
	      sys_rev_ask(0x7FFFFFFF, REV_PAGES, 1, 10) == E_INVAL, "a bogus id: refused");
	CHECK(sys_rev_ask(-1, REV_PAGES, 1, 10) == E_INVAL, "a negative id: E_INVAL");
	CHECK(sys_rev_ask(1, REV_PAGES, 1, 10) == E_INVAL, "an id no generation has: E_INVAL");

	scenario(M_COOP, REV_PAGES, 2, 30);
	scenario(M_IGNORE, REV_PAGES, 3, 3);
	scenario(M_LOOP, REV_PAGES, 3, 3);
	scenario(M_FAULT, REV_PAGES, 3, 3);
	scenario(M_WRONG, REV_PAGE, 2, 3);
	scenario(M_SHARED, REV_PAGE, 0, 3);
	scenario(M_HELD, REV_PAGES, 2, 30);
	scenario(M_HELDLONG, REV_PAGES, 3, 3);

	/* the guaranteed minimum */
	mode = M_IGNORE;
	long c = fork();
	if (c == 0) {
		fork_fault_hook = victim_hook;
		if (ready())
			sys_exit(31);
		sys_yield(parent_id);
		sys_exit(got_revoke == 1 && asked_kind == REV_SWAP ? 0 : 30);
	}
	wait_ready(c);
	CHECK(sys_rev_ask(c, REV_PAGES, 100000, 10) == E_MINIMUM, "below the guaranteed minimum: E_MINIMUM");
	CHECK(sys_rev_ask(c, REV_PAGES, 0, 10) == E_INVAL, "a count of 0: E_INVAL");
	CHECK(sys_rev_ask(c, REV_PAGE, NPAGES, 10) == E_RANGE, "page NPAGES: E_RANGE");
	CHECK(sys_rev_ask(c, 99, 1, 10) == E_INVAL, "an unknown kind: E_INVAL");
	CHECK(sys_rev_ask(c, REV_SLICE, 0, 10) == E_NOENT, "a slice it does not own: E_NOENT");
	CHECK(revinfo()->rq[slot_of(c)].state == RQ_IDLE, "no request recorded by the refusals");
	CHECK(sys_rev_ask(c, REV_SWAP, 0, 0) == E_OK &&
	      revinfo()->rq[slot_of(c)].outcome == REV_DONE_NOTIFY,
	      "the swap-server notification");
	CHECK(sys_env_run(c) == 0, "and the victim runs on, told (T_REVOKE, REV_SWAP)");
	fork_reap();
	CHECK(sys_rev_ask(c, REV_PAGES, 1, 10) == E_STALE, "a victim that has ended: E_STALE");
	CHECK(count_free_pages() == free0, "every page is back: nothing lost, nothing duplicated");
	printf("t_revoke: %d failed\n", check_failures);
	return check_failures;
}
