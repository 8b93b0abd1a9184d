// SPDX-License-Identifier: MIT
/*
 * Visible revocation, shown twice (the shell hands this program its
 * revocation capability).  Each time we fork a victim that takes NDATA
 * pages at the top of physical memory, fills them, and yields back; then
 * we ask for some of them back with a deadline:
 *   - cooperative: the victim's T_REVOKE handler gives back pages of its
 *     choice in time; nothing is taken by force;
 *   - forced: the victim ignores the request; at the deadline the kernel's
 *     abort protocol takes exactly the pages asked for (the highest first),
 *     writes each to the victim's repossession ring, and delivers T_REPO;
 *     the victim runs on with what it kept.
 * The victim checks its side (ring, pages kept intact) and exits 0.
 */
#include "../lib/lib.h"
#include "../lib/spawn.h"

#define NDATA   6
#define DATA_VA (USER_BASE + 0x40000000ul)

static int coop;
static unsigned long data[NDATA];
static int gone[NDATA];
static volatile int got_revoke, got_repo;

static void give_back(int i)
{
	if (!gone[i] && vm_unmap(DATA_VA + (unsigned long)i * PGSIZE) == E_OK &&
	    sys_page_free(data[i]) == E_OK)
		gone[i] = 1;
}

static void hook(struct exc_frame *f)
{
	if (f->vector == T_REVOKE) {
		got_revoke++;
		if (coop && f->err == REV_PAGES)   /* we choose: the highest ones */
			for (unsigned long n = 0; n < f->addr && n < NDATA; n++)
				give_back((int)n);
		return;
	}
	if (f->vector == T_REPO) {
		got_repo++;
		return;
	}
	sys_exit(90);
}

static void ready(struct ipc_msg *m)
{
	(void)m;
}

static int victim(long parent)
{
	const struct page_info *pi = pageinfo();
	const struct rev_info *ri = revinfo();
	int me = my_slot();
	unsigned long cursor = ri->written[me], lost;
	fork_fault_hook = hook;
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
	ipc_serve(ready);                        /* "done": the parent asks now */
	sys_yield(parent);
	while (*(const volatile uint32_t *)&ri->rq[me].state != RQ_IDLE)
		;                                /* the kernel moves it on, tick by tick */
	struct repo_entry e[REPO_RING];
	int n = repo_read(me, &cursor, e, REPO_RING, &lost);
	if (!got_revoke)
		return 20;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < NDATA; j++)
			if (e[i].kind == REV_PAGE && e[i].what == data[j])
				gone[j] = 1;
	if (n && !got_repo)
		return 24;
	for (int i = 0; i < NDATA; i++) {
		if (gone[i])
			continue;
		if (pi[data[i]].owner != me)
			return 27;
		for (unsigned k = 0; k < PGSIZE / 8; k += 61)
			if (((volatile unsigned long *)(DATA_VA + (unsigned long)i * PGSIZE))[k] !=
			    data[i] * 4096 + k)
				return 28;
	}
	return 0;
}

static int round_(int c_, unsigned long count, unsigned long dt)
{
	coop = c_;
	long me = sys_env_id();
	long c = fork();
	if (c == 0)
		sys_exit(victim(me));
	if (c < 0) {
		printf("revdemo: fork failed: %ld\n", c);
		return 1;
	}
	int cs = slot_of(c);
	const struct rev_info *ri = revinfo();
	/* It takes its pages, says so by accepting calls (visible to us in
	 * the read-only IPC table), and yields back.  A directed yield lends
	 * only the rest of our slice: if that ends first, we are back before
	 * it is done, and lend it more. */
	for (int tries = 0; tries < 100000 && !ipcinfo()->accept[cs]; tries++)
		sys_yield(c);
	unsigned long w0 = ri->written[cs];
	long r = sys_rev_ask(c, REV_PAGES, count, dt);
	if (r != E_OK) {
		printf("revdemo: the request was refused: error %ld%s\n", r,
		       r == E_PERM ? " (no revocation capability)" : "");
		sys_env_kill(c);
		return 1;
	}
	long st = sys_env_run(c);
	unsigned long ring = ri->written[cs] - w0;
	unsigned out = ri->rq[cs].outcome;
	if (coop)
		printf("revdemo: cooperative: asked for %lu pages within %lu ticks; the victim gave back "
		       "%lu of its choice, nothing was taken by force (outcome %s, ring +%lu); "
		       "its other pages intact: %s\n", count, dt, count,
		       out == REV_DONE_COOP ? "cooperative" : "OTHER", ring, st == 0 ? "yes" : "NO");
	else
		printf("revdemo: forced: asked for %lu pages within %lu ticks; the victim ignored it; "
		       "at the deadline the kernel took %lu pages (outcome %s), wrote each to its "
		       "repossession ring and sent T_REPO; the victim ran on with the rest intact: %s\n",
		       count, dt, ring, out == REV_DONE_FORCED ? "forced" : "OTHER",
		       st == 0 ? "yes" : "NO");
	fork_reap();
	int want = coop ? out == REV_DONE_COOP && ring == 0 : out == REV_DONE_FORCED && ring == count;
	return st == 0 && want ? 0 : 1;
}

int main(long envid)
{
	(void)envid;
	if (revinfo()->holder[my_slot()] != 1) {
		printf("revdemo: this env holds no revocation capability\n");
		return 1;
	}
	if (fork_init() != 0)
		return 1;
	int bad = round_(1, 2, 30);
	bad += round_(0, 3, 3);
	return bad ? 1 : 0;
}
