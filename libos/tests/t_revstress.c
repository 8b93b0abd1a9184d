// SPDX-License-Identifier: MIT
/*
 * Random rounds of visible revocation and the abort protocol.  NVICTIM
 * victims, one after the other, each live for NROUND rounds.  A victim
 * keeps NDATA data pages at the top of physical memory, filled with a
 * pattern.  Each round we ask it, at random, for a count of 1..3 pages or
 * for one named data page, with a deadline of 0..3 ticks; the victim, at
 * random, gives back what was asked (in its T_REVOKE handler) or ignores
 * it, and an ignoring one is at random greedy: it allocates one page more
 * (so a force that went by the page count alone would take more than was
 * asked).  When the request has ended we check, before the victim runs again:
 *   - the outcome is COOP or FORCED, and COOP took nothing;
 *   - at most what was asked was taken (a count), or at most the named
 *     page (and then exactly it);
 *   - the victim's ring grew by exactly the pages taken, and each one it
 *     names is free now;
 *   - the victim no longer owns the page asked for, or owns at least as
 *     many fewer pages as the count asked.
 * Then a REV_SWAP notification tells the victim to reconcile: it reads its
 * ring, checks that every page it still believes it holds is its own and
 * intact, refills to NDATA, and counts the round on a page we share with
 * it.  At the end every victim has exited 0 and every page is back.
 */
#include "../lib/lib.h"

#define NVICTIM 3
#define NROUND  12
#define NDATA   8                       /* data pages a victim keeps */
#define NSLOT   (NDATA + 4)             /* and room for the pages it grabs */
#define DATA_VA (USER_BASE + 0x40000000ul)
#define SIG_VA  (USER_BASE + 0x48000000ul)

static unsigned long rng = 0x2545F4914F6CDD1Dul;
static unsigned long rnd(unsigned long n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static long parent_id;
static unsigned long sig_page;          /* the page we share with a victim */

/* ---- the victim ------------------------------------------------------ */
struct sig { volatile unsigned long rounds, status, grabs; };
#define SIG ((struct sig *)SIG_VA)

static unsigned long data[NSLOT];       /* page held in slot i, or NPAGES */
static volatile unsigned long swaps, coop, ignored, repos;
static volatile int in_reconcile;
static volatile unsigned long pend_kind, pend_what;

static void fill(int i)
{
	volatile unsigned long *w = (volatile unsigned long *)(DATA_VA + (unsigned long)i * PGSIZE);
	for (unsigned k = 0; k < PGSIZE / 8; k++)
		w[k] = data[i] * 4096 + k;
}

static void give_back(int i)
{
	if (i < 0 || data[i] == NPAGES)
		return;
	if (vm_unmap(DATA_VA + (unsigned long)i * PGSIZE) == E_OK && sys_page_free(data[i]) == E_OK)
		data[i] = NPAGES;
}

/* Give back what was asked: the `what` highest data pages, or page what. */
static void answer(unsigned long kind, unsigned long what)
{
	if (kind == REV_PAGES) {
		for (unsigned long n = 0; n < what; n++) {
			int best = -1;
			for (int i = 0; i < NSLOT; i++)
				if (data[i] != NPAGES && (best < 0 || data[i] > data[best]))
					best = i;
			give_back(best);
		}
	} else {
		for (int i = 0; i < NSLOT; i++)
			if (data[i] == what)
				give_back(i);
	}
}

static int grab(void);

static void victim_hook(struct exc_frame *f)
{
	if (f->vector == T_REVOKE) {
		if (f->err == REV_SWAP) {
			swaps++;
			return;
		}
		if (rnd(2)) {
			ignored++;
			/* half the time a greedy one: it takes one more page (the
			 * force still takes no more than was asked) */
			if (rnd(2) && !in_reconcile && grab() == 0)
				SIG->grabs++;
			return;
		}
		coop++;
		if (in_reconcile) {            /* answered when the reconcile ends */
			pend_kind = f->err;
			pend_what = f->addr;
		} else {
			answer(f->err, f->addr);
		}
		return;
	}
	if (f->vector == T_REPO) {
		repos++;
		return;
	}
	printf("t_revstress: victim: unexpected vector %lu at rip 0x%lx addr 0x%lx\n",
	       f->vector, f->regs.rip, f->addr);
	sys_exit(90);
}

/* Put the highest free page in empty slot i. */
static int take_top(int i)
{
	const struct page_info *pi = pageinfo();
	long p = NPAGES;
	while (--p >= 0 && pi[p].type != PG_FREE)
		;
	if (p < 0 || sys_page_alloc((unsigned long)p) != E_OK ||
	    vm_map(DATA_VA + (unsigned long)i * PGSIZE, (unsigned long)p, PERM_W) != E_OK)
		return 11;
	data[i] = (unsigned long)p;
	fill(i);
	return 0;
}

static int held(void)
{
	int n = 0;
	for (int i = 0; i < NSLOT; i++)
		n += data[i] != NPAGES;
	return n;
}

/* Hold at least NDATA data pages again. */
static int refill(void)
{
	for (int i = 0; i < NSLOT && held() < NDATA; i++)
		if (data[i] == NPAGES && take_top(i) != 0)
			return 11;
	return 0;
}

/* One more page, in the first empty slot; 0 when done. */
static int grab(void)
{
	for (int i = 0; i < NSLOT; i++)
		if (data[i] == NPAGES)
			return take_top(i);
	return 1;
}

/* After a round: forget the pages the kernel took (named in our ring),
 * check the rest, refill. */
static int reconcile(unsigned long *cursor)
{
	const struct page_info *pi = pageinfo();
	int me = my_slot();
	struct repo_entry e[REPO_RING];
	unsigned long lost;
	int n = repo_read(me, cursor, e, REPO_RING, &lost);
	if (lost != 0)
		return 12;
	for (int j = 0; j < n; j++) {
		if (e[j].kind == REV_SWAP)
			continue;
		if (e[j].kind != REV_PAGE || e[j].reason != REPO_DEADLINE)
			return 13;
		int found = 0;
		for (int i = 0; i < NSLOT; i++)
			if (data[i] == e[j].what) {
				data[i] = NPAGES;   /* the kernel unmapped it */
				found = 1;
			}
		if (!found)
			return 14;                  /* taken: a page that was not a data page */
	}
	for (int i = 0; i < NSLOT; i++) {
		if (data[i] == NPAGES)
			continue;
		if (pi[data[i]].owner != me || pi[data[i]].type != PG_USER)
			return 15;
		volatile unsigned long *w = (volatile unsigned long *)(DATA_VA + (unsigned long)i * PGSIZE);
		for (unsigned k = 0; k < PGSIZE / 8; k += 61)
			if (w[k] != data[i] * 4096 + k)
				return 16;
	}
	return refill();
}

static int victim(void)
{
	const struct cap *ct = (const struct cap *)USER_CAPINFO;
	int me = my_slot();
	unsigned long cursor = revinfo()->written[me];
	fork_fault_hook = victim_hook;
	for (int i = 0; i < NSLOT; i++)
		data[i] = NPAGES;
	/* the page our parent shares with us: the round counter */
	long k = -1;
	for (long j = 0; j < NCAP; j++)
		if (ct[j].status == CAP_LIVE && ct[j].holder == me && ct[j].page == sig_page)
			k = j;
	if (k < 0 || vm_map_cap_in(TARGET_SELF, SIG_VA, (unsigned long)k, PERM_W) != E_OK)
		return 10;
	int r = refill();
	if (r)
		return r;
	SIG->rounds = 0;
	unsigned long done = 0;
	for (;;) {
		sys_yield(parent_id);
		if (swaps == done)
			continue;
		in_reconcile = 1;
		r = reconcile(&cursor);
		in_reconcile = 0;
		if (pend_kind) {
			answer(pend_kind, pend_what);
			pend_kind = 0;
		}
		if (r) {
			SIG->status = (unsigned long)r;
			return r;
		}
		done++;
		SIG->rounds = done;
		if (done == NROUND) {
			sys_yield(parent_id);   /* our exit status goes to sys_env_run */
			return 0;
		}
	}
}

/* ---- our side -------------------------------------------------------- */
static unsigned long owned(int s)
{
	const struct page_info *pi = pageinfo();
	unsigned long n = 0;
	for (long p = 0; p < NPAGES; p++)
		n += pi[p].owner == s && pi[p].type == PG_USER;
	return n;
}

static int failures_before;
static int stats[8];
enum { S_COOP, S_FORCED, S_TAKEN, S_ROUNDS };

static void round_once(long c, int cs, int round)
{
	const struct rev_info *ri = revinfo();
	const struct page_info *pi = pageinfo();
	/* the victim's data pages are its highest ones */
	unsigned long top[NDATA];
	int n = 0;
	for (long p = NPAGES - 1; p >= 0 && n < NDATA; p--)
		if (pi[p].owner == cs && pi[p].type == PG_USER)
			top[n++] = (unsigned long)p;
	int page = (int)rnd(2);
	unsigned long what = page ? top[rnd(NDATA)] : 1 + rnd(3);
	unsigned long kind = page ? REV_PAGE : REV_PAGES, dt = rnd(4);
	unsigned long w0 = ri->written[cs], own0 = owned(cs), g0 = SIG->grabs;
	int bad = 0;
	if (n < NDATA) {
		CHECK(0, "round: the victim's data pages are its highest");
		return;
	}
	if (sys_rev_ask(c, kind, what, dt) != E_OK) {
		CHECK(0, "round: the request is accepted");
		return;
	}
	unsigned long spins = 0;
	while (*(const volatile uint32_t *)&ri->rq[cs].state != RQ_IDLE && spins++ < 1000000)
		sys_yield(c);
	unsigned out = ri->rq[cs].outcome;
	unsigned long taken = ri->rq[cs].taken, grew = ri->written[cs] - w0;
	bad |= (spins >= 1000000) << 0;
	bad |= (out != REV_DONE_COOP && out != REV_DONE_FORCED) << 1;
	bad |= (out == REV_DONE_COOP && taken != 0) << 2;
	bad |= (taken > (page ? 1 : what)) << 3;
	bad |= (grew != taken) << 4;
	for (unsigned long j = w0; j < w0 + grew && j < w0 + REPO_RING; j++) {
		const struct repo_entry *e = &ri->ring[cs][j % REPO_RING];
		bad |= (e->kind != REV_PAGE || e->seq != j || pi[e->what].type != PG_FREE) << 5;
		bad |= (page && e->what != what) << 6;
	}
	/* met (cooperatively, or by force short of the count): the victim
	 * has `what` pages fewer than it had, counting the ones it grabbed */
	if (page)
		bad |= (pi[what].owner == cs && pi[what].type == PG_USER) << 7;
	else if (out == REV_DONE_COOP || taken < what)
		bad |= (owned(cs) + what > own0 + (SIG->grabs - g0)) << 8;
	stats[out == REV_DONE_COOP ? S_COOP : S_FORCED]++;
	stats[S_TAKEN] += (int)taken;
	if (bad) {
		printf("t_revstress: round %d: %s %lu dt %lu: outcome %u taken %lu ring +%lu own %lu -> %lu, bad 0x%x\n",
		       round, page ? "page" : "count", what, dt, out, taken, grew, own0, owned(cs), bad);
		CHECK(0, "round: outcome, pages taken and ring as the protocol says");
	}
	/* tell the victim to reconcile, and wait until it has */
	if (sys_rev_ask(c, REV_SWAP, 0, 0) != E_OK) {
		CHECK(0, "round: the swap notification");
		return;
	}
	spins = 0;
	while (SIG->rounds < (unsigned long)round + 1 && spins++ < 1000000)
		sys_yield(c);
	if (SIG->rounds < (unsigned long)round + 1) {
		CHECK(0, "round: the victim reconciles");
		return;
	}
	stats[S_ROUNDS]++;
}

int main(long envid)
{
	parent_id = envid;
	CHECK(revinfo()->holder[my_slot()] == 1, "the runner gave us the revocation capability");
	CHECK(fork_init() == 0, "fork's handler");
	/* the shared page and the tables for its window, before counting */
	long sp = page_pick_free();
	CHECK(sp >= 0 && sys_page_alloc((unsigned long)sp) == E_OK &&
	      vm_map(SIG_VA, (unsigned long)sp, PERM_W) == E_OK, "a page to share with the victims");
	sig_page = (unsigned long)sp;
	unsigned long free0 = count_free_pages();
	failures_before = check_failures;
	for (int v = 0; v < NVICTIM; v++) {
		/* unmapped while we fork: the child gets it through a capability,
		 * not as a copy-on-write page */
		CHECK(vm_unmap(SIG_VA) == E_OK, "unmap the shared page for the fork");
		long c = fork();
		if (c == 0)
			sys_exit(victim());
		CHECK(c > 0 && vm_map(SIG_VA, sig_page, PERM_W) == E_OK, "fork a victim");
		if (c <= 0)
			break;
		int cs = slot_of(c);
		long k = cap_pick_free();
		CHECK(k >= 0 && sys_cap_grant((unsigned long)k, sig_page, c, PERM_W) == E_OK,
		      "share the round counter with it");
		SIG->rounds = ~0ul;
		SIG->status = 0;
		SIG->grabs = 0;
		for (long n = 0; SIG->rounds != 0 && n < 1000000; n++)
			sys_yield(c);           /* it maps the page, takes its data pages */
		CHECK(SIG->rounds == 0, "the victim is ready");
		int before = check_failures;
		for (int r = 0; r < NROUND && check_failures == before; r++)
			round_once(c, cs, r);
		long st = sys_env_run(c);
		printf("t_revstress: victim %d: exit %ld (its own verdict %lu)\n", v, st, SIG->status);
		CHECK(st == 0, "the victim's own checks: taken pages named in its ring, kept pages intact");
		fork_reap();
	}
	printf("t_revstress: %d rounds: %d cooperative, %d forced, %d pages taken\n",
	       stats[S_ROUNDS], stats[S_COOP], stats[S_FORCED], stats[S_TAKEN]);
	CHECK(stats[S_ROUNDS] == NVICTIM * NROUND, "every round ran");
	CHECK(stats[S_COOP] > 0 && stats[S_FORCED] > 0, "both outcomes happened");
	CHECK(check_failures == failures_before, "every round as the protocol says");
	CHECK(vm_unmap(SIG_VA) == E_OK && sys_page_free(sig_page) == E_OK, "the shared page back");
	CHECK(count_free_pages() == free0 + 1, "every page is back: nothing lost, nothing duplicated");
	printf("t_revstress: %d failed\n", check_failures);
	return check_failures;
}
