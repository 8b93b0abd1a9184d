// SPDX-License-Identifier: MIT
/*
 * Host tests of visible revocation and the abort protocol
 * (kernel/core/revoke.c), on the real core code:
 *   - sys_rev_ask's errors, in their order, change nothing (the whole
 *     request table, the rings and the core tables compared);
 *   - a forced page take (rev_take_page, cap_kill_page) is checked against
 *     the reference model like every other call (model.c: kill the
 *     capabilities on the page, unmap the owner's own entry, free), with
 *     Inv, the frame, the TLB flushes, and: the page is free, no live
 *     capability names it, no user entry of any table maps it;
 *   - every rev_step against a prediction of what it must do (harness.c:
 *     c_rev_step), the repossession ring included;
 *   - dialogues: cooperative, ignored (deadline), no handler (abort),
 *     slices, the guaranteed minimum, a victim or requester that dies;
 *   - random sequences of requests (from holders and non-holders, against
 *     live and dead slots), grants of the revocation capability, aborts
 *     (rev_abort), envs destroyed and re-created, frees, allocations,
 *     sharing, ticks and steps, with page accounting checked throughout,
 *     and the result of every request, grant and slice allocation predicted
 *     from its contract (an error changes nothing; an accepted request is
 *     recorded as asked; a grant sets only the child's holder bit; an abort
 *     forces an asked request and changes nothing else).
 *     The same sequences are a batch of the libFuzzer target (ci/fuzz):
 *     revoke_batch_bytes() reads their choices from the fuzzer's input.
 */
#include <string.h>
#include <stdio.h>
#include "harness.h"

int32_t mk(int32_t slot, int32_t parent);
void tree(int32_t e, ppn_t r, uint64_t ir, ppn_t a, ppn_t b, ppn_t c);

#define KS_(e, j) ((uint64_t)(e) * CAP_PER_ENV + (uint64_t)(j))   /* slot j of env e */

static struct rev_info rev_pre;

/* The test's own record of who holds the revocation capability, written
 * from the contracts alone: rev_boot_holder sets it, sys_rev_grant's `ok`
 * sets the child's, env_create's `no_revocation` clears the slot's, and
 * nothing else (env_destroy does not assign rev) changes it.  The
 * predictions read it, not rev.holder; holders_match() compares them. */
static uint8_t hold[NENV];

/* An error return must leave the requests, the rings and the core as they were. */
static struct snapshot refused_snap;
static struct sched_info refused_sched;

#define REFUSED(call, want) do { struct snapshot *s_ = &refused_snap; snap_take(s_); \
	rev_pre = rev; struct sched_info *sp_ = &refused_sched; *sp_ = sched; \
	long long g_ = (long long)(call); char b_[256]; \
	if (g_ != (long long)(want)) failf("%s:%d: %s == %lld, expected %lld", \
					   __FILE__, __LINE__, #call, g_, (long long)(want)); \
	if (memcmp(&rev_pre, &rev, sizeof rev) != 0) \
		failf("%s:%d: %s (an error) changed the requests or rings", __FILE__, __LINE__, #call); \
	if (memcmp(sp_, &sched, sizeof sched) != 0) \
		failf("%s:%d: %s (an error) changed the slice vector", __FILE__, __LINE__, #call); \
	if (!snap_same(s_, b_, sizeof b_)) \
		failf("%s:%d: %s (an error) changed %s", __FILE__, __LINE__, #call, b_); } while (0)

/* RevInv, executable. */
static void rev_inv(const char *when)
{
	for (int v = 0; v < NENV; v++) {
		const struct rev_req *q = &rev.rq[v];
		int ok = q->state <= RQ_FORCE && rev.holder[v] <= 1;
		if (ok && q->state != RQ_IDLE)
			ok = q->requester >= 0 && q->requester < NENV &&
			     (q->kind == REV_PAGES || q->kind == REV_PAGE || q->kind == REV_SLICE) &&
			     (q->kind != REV_PAGE || q->what < NPAGES) &&
			     (q->kind != REV_SLICE || q->what < NSLICE) && q->cursor <= NPAGES &&
			     (q->kind == REV_PAGES ? q->taken < q->what : q->taken == 0);
		if (!ok) {
			failf("%s: RevInv violated at rq[%d] (state %u kind %u what %llu)", when, v,
			      q->state, q->kind, (unsigned long long)q->what);
			return;
		}
	}
}

/* Requester 0 (the holder) and victim 1, child of 0: root 10, PT3 11, PT2
 * 12, PT1 13, data pages 30..39 mapped at 0..9 of table 13 (14 pages, the
 * minimum is 8).  Env 2 (child of 0) has root 50, PT1 53. */
static void setup(void)
{
	boot_small();
	rev_init();
	rev_inv("rev_init");
	mk(0, NO_ENV);
	mk(1, 0);
	mk(2, 0);
	tree(0, 20, 1, 21, 22, 23);
	tree(1, 10, 1, 11, 12, 13);
	tree(2, 50, 1, 51, 52, 53);
	for (ppn_t p = 30; p < 40; p++) {
		EXPECT_EQ(c_sys_page_alloc(1, p), E_OK);
		EXPECT_EQ(c_sys_pt_map(1, 13, p - 30, p, PERM_W), E_OK);
		mem_write(p, 0, 0xda7a0000 + p);
	}
	rev_boot_holder(0);
	memset(hold, 0, sizeof hold);
	hold[0] = 1;
	EXPECT_EQ(envs[1].npages, 14);
}

/* rev_init over a table full of junk: the read-only window every env maps
 * starts as uapi/revoke.h says (no requester, no kind, no outcome yet,
 * nothing taken, no holder, empty rings).  A proof mutant that dropped the
 * stores of requester, kind, outcome or taken survived until rev_init got
 * ensures boot_abi. */
static void t_rev_init_abi(void)
{
	memset(&rev, 0xa5, sizeof rev);
	rev_init();
	rev_inv("rev_init over junk");
	for (int v = 0; v < NENV; v++) {
		const struct rev_req *q = &rev.rq[v];
		if (q->state != RQ_IDLE || q->requester != NO_ENV || q->kind != REV_NONE ||
		    q->outcome != REV_DONE_NONE || q->taken != 0 || rev.holder[v] != 0 ||
		    rev.written[v] != 0) {
			failf("rev_init: rq[%d] starts as state %u requester %d kind %u outcome %u "
			      "taken %llu holder %u written %llu", v, q->state, q->requester, q->kind,
			      q->outcome, (unsigned long long)q->taken, rev.holder[v],
			      (unsigned long long)rev.written[v]);
			return;
		}
	}
}

static void t_rev_ask_errors(void)
{
	setup();
	/* bad_arg, in any combination, before anything else */
	REFUSED(sys_rev_ask(3, 1, REV_PAGES, 1, 10, 0), E_INVAL);          /* requester free */
	REFUSED(sys_rev_ask(-1, 1, REV_PAGES, 1, 10, 0), E_INVAL);
	REFUSED(sys_rev_ask(NENV, 1, REV_PAGES, 1, 10, 0), E_INVAL);
	REFUSED(sys_rev_ask(0, 4, REV_PAGES, 1, 10, 0), E_INVAL);          /* victim free */
	REFUSED(sys_rev_ask(0, 0, REV_PAGES, 1, 10, 0), E_INVAL);          /* itself */
	REFUSED(sys_rev_ask(0, 1, REV_NONE, 1, 10, 0), E_INVAL);
	REFUSED(sys_rev_ask(0, 1, REV_KIND_MAX + 1, 1, 10, 0), E_INVAL);
	REFUSED(sys_rev_ask(0, 1, (1ull << 32) | REV_PAGES, 1, 10, 0), E_INVAL);  /* no truncation */
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, 1, REV_DT_MAX + 1, 0), E_INVAL);
	REFUSED(sys_rev_ask(2, 1, REV_PAGES, 0, ~0ull, 0), E_INVAL);          /* before perm */
	/* perm: env 2 holds no revocation capability */
	REFUSED(sys_rev_ask(2, 1, REV_PAGES, 1, 10, 0), E_PERM);
	REFUSED(sys_rev_ask(2, 1, REV_PAGE, NPAGES, 10, 0), E_PERM);        /* before the rest */
	/* per kind */
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, 0, 10, 0), E_INVAL);
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, 7, 10, 0), E_MINIMUM);         /* 14 - 7 < 8 */
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, 15, 10, 0), E_MINIMUM);
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, ~0ull, 10, 0), E_MINIMUM);     /* no wrap */
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, (1ull << 32) + 1, 10, 0), E_MINIMUM);
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, NPAGES, 10, 0), E_RANGE);
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, (1ull << 32) + 30, 10, 0), E_RANGE);
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, 13, 10, 0), E_NOENT);           /* a table */
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, 45, 10, 0), E_NOENT);           /* free */
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, 64, 10, 0), E_NOENT);           /* kernel */
	REFUSED(sys_rev_ask(0, 1, REV_SLICE, NSLICE, 10, 0), E_RANGE);
	REFUSED(sys_rev_ask(0, 1, REV_SLICE, 3, 10, 0), E_NOENT);           /* free slice */
	EXPECT_EQ(sys_slice_alloc(1, 3), E_OK);
	REFUSED(sys_rev_ask(0, 1, REV_SLICE, 3, 10, 0), E_MINIMUM);         /* its only slice */
	/* ok, then busy for any kind */
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 6, 10, 5), E_OK);
	rev_inv("ask");
	CHECK(rev.rq[1].state == RQ_ASKED && rev.rq[1].requester == 0 && rev.rq[1].kind == REV_PAGES &&
	      rev.rq[1].what == 6 && rev.rq[1].target == 8 && rev.rq[1].deadline == 15 &&
	      rev.rq[1].cursor == NPAGES && rev.rq[1].taken == 0, "asked: the request as recorded");
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, 30, 10, 0), E_BUSY);
	REFUSED(sys_rev_ask(0, 1, REV_SWAP, 0, 0, 0), E_BUSY);
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, 0, 10, 0), E_BUSY);            /* before the kind's */
	/* the deadline saturates */
	EXPECT_EQ(sys_rev_ask(0, 2, REV_SWAP, 0, REV_DT_MAX, ~0ull - 3), E_OK);
	CHECK(rev.rq[2].state == RQ_IDLE && rev.rq[2].outcome == REV_DONE_NOTIFY &&
	      rev.written[2] == 1 && rev.ring[2][0].kind == REV_SWAP &&
	      rev.ring[2][0].reason == REPO_NOTIFY && rev.ring[2][0].tick == ~0ull - 3,
	      "swap: a notification in the ring, nothing pending");
	/* grant */
	REFUSED(sys_rev_grant(0, 5), E_INVAL);
	REFUSED(sys_rev_grant(2, 1), E_PERM);      /* 2 holds nothing */
	REFUSED(sys_rev_grant(0, 0), E_PERM);      /* not its own child */
	EXPECT_EQ(sys_rev_grant(0, 2), E_OK);
	CHECK(rev.holder[2] == 1, "grant: env 2 holds the capability");
	EXPECT_EQ(sys_rev_ask(2, 0, REV_PAGES, 1, 1, 0), E_MINIMUM);      /* env 0: 4 pages */
	rev_inv("end");
}

/* The forced take of one page, in each situation. */
static void t_rev_take(void)
{
	setup();
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 9), E_OK);  /* mapped by its owner: unmapped first */
	c_rev_take_page(1, 39);
	EXPECT_EQ(c_sys_page_alloc(1, 40), E_OK);
	c_rev_take_page(1, 40);                 /* never mapped */
	/* shared: a capability held by env 2 and mapped there, one derived from
	 * it (held by 0, unmapped); a capability on another page survives */
	EXPECT_EQ(c_cap_grant(1, KS_(1, 0), 38, 2, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 7, KS_(1, 0), PERM_W), E_OK);
	EXPECT_EQ(c_cap_derive(2, KS_(2, 0), KS_(1, 0), 0, 0), E_OK);
	EXPECT_EQ(c_cap_grant(1, KS_(1, 3), 38, 0, 0), E_OK);        /* and the first slot */
	EXPECT_EQ(c_cap_derive(0, KS_(0, 0), KS_(1, 3), 2, 0), E_OK);
	EXPECT_EQ(c_cap_grant(1, KS_(1, 2), 36, 2, 0), E_OK);      /* not mapped by env 2 */
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 6), E_OK);
	c_cap_kill_page(36);                    /* the trap side, before the take */
	c_rev_take_page(1, 36);
	EXPECT_EQ(c_cap_grant(1, KS_(1, 1), 37, 2, 0), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 8, KS_(1, 1), 0), E_OK);
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 8), E_OK);
	c_cap_kill_page(38);
	c_rev_take_page(1, 38);
	CHECK(ptmem[53].e[7] == 0 && ptmem[53].e[8] != 0, "the sharer's mapping of 38 went, of 37 stayed");
	CHECK(caps[KS_(1, 1)].status == CAP_LIVE, "the capability on 37 is live");
	/* cap_kill_page alone, on a page nobody names, and on a shared one */
	c_cap_kill_page(35);
	c_cap_kill_page(37);
	CHECK(ptmem[53].e[8] == 0, "killing the capability on 37 unmapped it in env 2");
	EXPECT_EQ(check_accounting("take"), 1);
}

/* What the trap side does after a step that took nothing (repo.c,
 * unbind_in_hand): the page in hand, if v maps it, is unmapped, and every
 * capability naming it is killed. */
static void unbind_in_hand(int32_t v)
{
	const struct rev_req *q = &rev.rq[v];
	uint64_t p = q->kind == REV_PAGE ? q->what : q->cursor - 1;
	if (q->state != RQ_FORCE || q->kind == REV_SLICE ||
	    (q->kind == REV_PAGES && q->cursor == 0) || p >= NPAGES)
		return;
	if (pages[p].owner != v || pages[p].type != PG_USER)
		return;
	if (pages[p].bind_table != NO_PAGE)
		c_sys_pt_unmap(v, pages[p].bind_table, pages[p].bind_index);
	if (!m_no_cap_on(p))
		c_cap_kill_page(p);
}

/* rev_step until the request is no longer forced (at most `max` steps),
 * with the trap side's unmapping between steps; returns the state and
 * counts the steps in *n. */
static uint32_t steps(int32_t v, uint64_t now, unsigned max, unsigned *n)
{
	uint32_t st = RQ_FORCE;
	unsigned k = 0;
	while (k < max && (st = c_rev_step(v, now)) == RQ_FORCE && !cur_failures) {
		unbind_in_hand(v);
		k++;
	}
	if (n)
		*n = k;
	return st;
}

/* Run rev_poll like the timer does, with the checks of its contract. */
static uint32_t poll(int32_t v, uint64_t now)
{
	struct rev_req q = rev.rq[v];
	uint32_t st = rev_poll(v, now);
	rev_inv("poll");
	CHECK(st == rev.rq[v].state, "poll returns the state after");
	if (q.state == RQ_ASKED && st == RQ_ASKED)
		CHECK(now < q.deadline, "poll: still asked after the deadline");
	if (q.state == RQ_ASKED && st == RQ_FORCE)
		CHECK(now >= q.deadline && rev.rq[v].reason == REPO_DEADLINE, "poll: forced early");
	return st;
}

static void t_rev_cooperative(void)
{
	setup();
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 2, 10, 100), E_OK);
	EXPECT_EQ(poll(1, 101), RQ_ASKED);
	/* the victim picks two pages of its own choosing */
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 2), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 32), E_OK);
	EXPECT_EQ(poll(1, 102), RQ_ASKED);
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 5), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 35), E_OK);
	EXPECT_EQ(poll(1, 103), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_COOP && rev.written[1] == 0, "met in time: nothing taken");
	EXPECT_EQ(c_rev_step(1, 200), RQ_IDLE);          /* nothing to do */
	/* a named page, given back */
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGE, 31, 10, 200), E_OK);
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 1), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 31), E_OK);
	EXPECT_EQ(poll(1, 210), RQ_IDLE);                /* checked before the deadline */
	CHECK(rev.rq[1].outcome == REV_DONE_COOP, "named page given back");
	/* the kept pages are untouched */
	for (ppn_t p = 30; p < 40; p++)
		if (pages[p].owner == 1)
			CHECK(ptmem[p].e[0] == 0xda7a0000 + p, "data of page %llu", (unsigned long long)p);
}

static void t_rev_forced(void)
{
	setup();
	/* the victim ignores a count: at the deadline the highest pages go */
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 3, 5, 0), E_OK);
	EXPECT_EQ(poll(1, 4), RQ_ASKED);
	EXPECT_EQ(poll(1, 5), RQ_FORCE);
	/* from page NPAGES - 1 down, REV_SCAN pages a step: 39, 38, 37 */
	unsigned n;
	EXPECT_EQ(steps(1, 6, 2 * NPAGES / REV_SCAN, &n), RQ_IDLE);
	/* each page is mapped by the victim: a step leaves it in hand, the
	 * trap side unmaps it, the next step takes it (unless the trap side
	 * unmapped it already, after a scan that stopped just above it); the
	 * third take ends it */
	CHECK(n >= (NPAGES - 40) / REV_SCAN + 2 && n <= (NPAGES - 40) / REV_SCAN + 5, "%u steps", n);
	CHECK(rev.rq[1].outcome == REV_DONE_FORCED && rev.rq[1].taken == 3 && rev.written[1] == 3,
	      "three pages taken by force");
	CHECK(rev.ring[1][0].what == 39 && rev.ring[1][1].what == 38 && rev.ring[1][2].what == 37 &&
	      rev.ring[1][2].reason == REPO_DEADLINE && rev.ring[1][2].tick == 6 &&
	      rev.ring[1][2].seq == 2,
	      "the ring names them, highest first");
	for (ppn_t p = 30; p < 37; p++)
		CHECK(ptmem[p].e[0] == 0xda7a0000 + p, "kept page %llu intact", (unsigned long long)p);
	/* a named page, by abort (no handler), then the minimum */
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGE, 30, 100, 10), E_OK);
	rev_abort(1);
	CHECK(rev.rq[1].state == RQ_FORCE && rev.rq[1].reason == REPO_NO_HANDLER, "abort: forced now");
	EXPECT_EQ(c_rev_step(1, 11), RQ_FORCE);        /* mapped: in hand */
	CHECK(rev.written[1] == 3 && rev.rq[1].taken == 0, "nothing taken while it is mapped");
	unsigned n2;
	uint32_t st2 = steps(1, 11, 4, &n2);
	CHECK(st2 == RQ_IDLE, "by abort: taken (state %u after %u steps, page 30 owner %d type %u bind %llu, npages %u)", st2, n2,
	      pages[30].owner, pages[30].type, (unsigned long long)pages[30].bind_table, envs[1].npages);
	CHECK(rev.written[1] == 4 && rev.ring[1][3].what == 30 && rev.ring[1][3].reason == REPO_NO_HANDLER,
	      "the named page, by abort");
	/* 10 pages left: asking 3 is refused; 2 then the victim allocates
	 * tables only: the count stops at the minimum */
	REFUSED(sys_rev_ask(0, 1, REV_PAGES, 3, 1, 20), E_MINIMUM);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 2, 1, 20), E_OK);
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 1), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 31), E_OK);       /* gives one back, then 9 pages */
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 2), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 32), E_OK);       /* then one more: 8, met */
	EXPECT_EQ(c_sys_page_alloc(1, 41), E_OK);      /* and takes one again: 9 */
	EXPECT_EQ(poll(1, 21), RQ_FORCE);              /* 9 > target 8 at the deadline */
	EXPECT_EQ(steps(1, 21, 2 * NPAGES / REV_SCAN, NULL), RQ_IDLE);   /* takes 41, met */
	CHECK(rev.written[1] == 5 && rev.ring[1][4].what == 41, "41 taken");
	CHECK(envs[1].npages == 8, "at the minimum (%u)", envs[1].npages);
	/* the minimum is never crossed: a named page at 8 is refused */
	REFUSED(sys_rev_ask(0, 1, REV_PAGE, 33, 1, 30), E_MINIMUM);
	/* ... nor by force: asked at 9, the victim frees another page
	 * meanwhile: at 8 the named page is not taken */
	EXPECT_EQ(c_sys_page_alloc(1, 42), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGE, 33, 1, 30), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 42), E_OK);
	EXPECT_EQ(poll(1, 31), RQ_FORCE);
	EXPECT_EQ(c_rev_step(1, 31), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_SHORT && pages[33].owner == 1 && envs[1].npages == 8,
	      "at the minimum, nothing is taken");
	/* and a count stops there too */
	EXPECT_EQ(c_sys_page_alloc(1, 42), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 1, 1, 40), E_OK);
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 4), E_OK);
	EXPECT_EQ(c_sys_page_free(1, 34), E_OK);
	EXPECT_EQ(c_sys_page_alloc(1, 34), E_OK);       /* gives one, takes one: 9 */
	EXPECT_EQ(c_sys_page_free(1, 42), E_OK);        /* 8: met after all */
	EXPECT_EQ(poll(1, 41), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_COOP && envs[1].npages == 8, "met at 8");
	EXPECT_EQ(check_accounting("forced"), 1);
}

/* A victim above its minimum with tables only: a count finds nothing. */
static void t_rev_count_short(void)
{
	setup();
	for (ppn_t p = 30; p < 40; p++) {
		EXPECT_EQ(c_sys_pt_unmap(1, 13, p - 30), E_OK);
		EXPECT_EQ(c_sys_page_free(1, p), E_OK);
	}
	for (uint64_t i = 1; i <= 5; i++)
		EXPECT_EQ(c_sys_pt_link(1, 12, i, 40 + i), E_OK);
	EXPECT_EQ(envs[1].npages, 9);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 1, 0, 0), E_OK);
	EXPECT_EQ(poll(1, 0), RQ_FORCE);
	unsigned n;
	EXPECT_EQ(steps(1, 0, 2 * NPAGES / REV_SCAN, &n), RQ_IDLE);
	CHECK(n == NPAGES / REV_SCAN - 1 && rev.rq[1].outcome == REV_DONE_SHORT &&
	      rev.rq[1].cursor == 0 && rev.written[1] == 0 && envs[1].npages == 9,
	      "a count with no data page to take ends short (%u steps)", n);
}

static void t_rev_slices_and_gone(void)
{
	setup();
	EXPECT_EQ(sys_slice_alloc(1, 3), E_OK);
	EXPECT_EQ(sys_slice_alloc(1, 9), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_SLICE, 9, 2, 0), E_OK);
	EXPECT_EQ(poll(1, 2), RQ_FORCE);
	EXPECT_EQ(c_rev_step(1, 2), RQ_IDLE);
	CHECK(sched.owner[9] == NO_ENV && sched.owner[3] == 1 && rev.written[1] == 1 &&
	      rev.ring[1][0].kind == REV_SLICE && rev.ring[1][0].what == 9, "slice 9 taken by force");
	/* the victim frees its other slice meanwhile: the last one is kept */
	EXPECT_EQ(sys_slice_alloc(1, 9), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_SLICE, 9, 2, 10), E_OK);
	EXPECT_EQ(sys_slice_free(1, 3), E_OK);
	EXPECT_EQ(poll(1, 12), RQ_FORCE);
	EXPECT_EQ(c_rev_step(1, 12), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_SHORT && sched.owner[9] == 1, "its last slice is not taken");
	/* a victim that dies: the request ends, its pages are free anyway */
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 1, 5, 20), E_OK);
	EXPECT_EQ(c_env_destroy(1), NO_ENV);
	EXPECT_EQ(poll(1, 21), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_GONE, "victim gone");
	/* ... also when its slot is reused before the next poll, and while forcing */
	mk(1, 0);
	tree(1, 10, 1, 11, 12, 13);
	for (ppn_t p = 30; p < 36; p++)
		EXPECT_EQ(c_sys_page_alloc(1, p), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 1, 0, 30), E_OK);
	EXPECT_EQ(poll(1, 30), RQ_FORCE);
	EXPECT_EQ(c_env_destroy(1), NO_ENV);
	mk(1, 0);
	EXPECT_EQ(c_rev_step(1, 31), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_GONE, "a new env in the victim's slot is not the victim");
	/* a requester that dies */
	tree(1, 10, 1, 11, 12, 13);
	for (ppn_t p = 30; p < 36; p++)
		EXPECT_EQ(c_sys_page_alloc(1, p), E_OK);
	EXPECT_EQ(sys_rev_grant(0, 2), E_OK);
	EXPECT_EQ(sys_rev_ask(2, 1, REV_PAGES, 1, 3, 40), E_OK);
	EXPECT_EQ(c_env_destroy(2), NO_ENV);
	EXPECT_EQ(poll(1, 41), RQ_IDLE);
	CHECK(rev.rq[1].outcome == REV_DONE_GONE, "requester gone");
	EXPECT_EQ(check_accounting("gone"), 1);
}

/* rev_force: the step and the trap side's unbinding in one verified call
 * (what repo_tick makes, REPO_STEPS times a tick).  A named page that is
 * mapped and shared: the first call unbinds it, the next takes it.  A
 * hostile victim that binds the page in hand again between ticks: with
 * two calls a tick, each tick still lowers the measure (2 * cursor + 1 if
 * the page in hand is bound) by at least 1, so the count ends within
 * 2 * NPAGES + 1 ticks; with one call a tick, the victim could hold it
 * forever, which is why a tick makes more than one.  c_rev_force checks
 * every call against the model and the contract (unbound, decrease). */
static void t_rev_force(void)
{
	setup();
	/* a named page, mapped by the victim and by env 2 through a capability */
	EXPECT_EQ(c_cap_grant(1, KS_(1, 0), 38, 2, PERM_W), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 7, KS_(1, 0), PERM_W), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGE, 38, 1, 0), E_OK);
	EXPECT_EQ(poll(1, 1), RQ_FORCE);
	EXPECT_EQ(force_measure(1), 1);
	EXPECT_EQ(c_rev_force(1, 2), RQ_FORCE);        /* in hand: unbound */
	CHECK(pages[38].bind_table == NO_PAGE && ptmem[13].e[8] == 0 && ptmem[53].e[7] == 0 &&
	      caps[KS_(1, 0)].status != CAP_LIVE && force_measure(1) == 0,
	      "both bindings of 38 broken, nothing taken yet (written %llu)",
	      (unsigned long long)rev.written[1]);
	/* the victim maps it again between ticks: held again, unbound again */
	EXPECT_EQ(c_sys_pt_map(1, 13, 8, 38, PERM_W), E_OK);
	EXPECT_EQ(force_measure(1), 1);
	EXPECT_EQ(c_rev_force(1, 3), RQ_FORCE);
	EXPECT_EQ(c_rev_force(1, 3), RQ_IDLE);         /* the next call takes it */
	CHECK(rev.rq[1].outcome == REV_DONE_FORCED && rev.written[1] == 1 &&
	      rev.ring[1][0].what == 38 && pages[38].type == PG_FREE, "38 taken by force");
	CHECK(ptmem[37].e[0] == 0xda7a0000 + 37, "the other pages are intact");

	/* a count of 3 against a victim that maps each page back at every
	 * tick; two calls a tick */
	EXPECT_EQ(c_cap_grant(1, KS_(1, 1), 36, 2, 0), E_OK);   /* a shared one too */
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 9, KS_(1, 1), 0), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGES, 3, 1, 10), E_OK);
	EXPECT_EQ(poll(1, 11), RQ_FORCE);
	uint32_t st = RQ_FORCE;
	unsigned ticks = 0, calls = 0;
	while (st == RQ_FORCE && ticks <= 2 * NPAGES + 1 && !cur_failures) {
		ticks++;
		for (unsigned n = 0; n < 2 && st == RQ_FORCE; n++, calls++)
			st = c_rev_force(1, 11 + ticks);
		/* the victim: every page of its own, if unmapped, mapped again */
		for (ppn_t p = 30; p < 40; p++)
			if (pages[p].owner == 1 && pages[p].type == PG_USER &&
			    pages[p].bind_table == NO_PAGE && ptmem[13].e[p - 30] == 0)
				EXPECT_EQ(c_sys_pt_map(1, 13, p - 30, p, PERM_W), E_OK);
	}
	CHECK(st == RQ_IDLE && rev.rq[1].outcome == REV_DONE_FORCED && rev.rq[1].taken == 3,
	      "the count ends, all three taken (state %u after %u ticks, %u calls)", st, ticks, calls);
	CHECK(rev.ring[1][1].what == 39 && rev.ring[1][2].what == 37 && rev.ring[1][3].what == 36,
	      "39, 37 and the shared 36 taken, highest first");
	/* scanning from NPAGES down costs a call per REV_SCAN pages; each
	 * page then takes two: one to unbind, one to take */
	CHECK(calls <= (NPAGES - 40) / REV_SCAN + 2 + 2 * 3, "%u calls", calls);
	CHECK(ptmem[53].e[9] == 0, "env 2's mapping of 36 went with it");

	/* one call a tick: the victim keeps the page in hand bound, the
	 * measure comes back to where it was, and nothing is taken */
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGE, 35, 1, 100), E_OK);
	EXPECT_EQ(poll(1, 101), RQ_FORCE);
	for (unsigned t = 0; t < 5; t++) {
		EXPECT_EQ(force_measure(1), 1);
		EXPECT_EQ(c_rev_force(1, 102 + t), RQ_FORCE);
		EXPECT_EQ(c_sys_pt_map(1, 13, 5, 35, PERM_W), E_OK);
	}
	CHECK(pages[35].owner == 1 && rev.rq[1].taken == 0, "held while rebound at every call");
	EXPECT_EQ(c_rev_force(1, 110), RQ_FORCE);
	EXPECT_EQ(c_rev_force(1, 110), RQ_IDLE);
	CHECK(pages[35].type == PG_FREE, "35 taken once two calls ran in a row");
	/* bound only through a capability: the victim unmapped it, env 2 maps it */
	EXPECT_EQ(c_sys_pt_unmap(1, 13, 4), E_OK);
	EXPECT_EQ(c_cap_grant(1, KS_(1, 2), 34, 2, 0), E_OK);
	EXPECT_EQ(c_sys_pt_map_cap(2, 53, 10, KS_(1, 2), 0), E_OK);
	EXPECT_EQ(sys_rev_ask(0, 1, REV_PAGE, 34, 1, 120), E_OK);
	EXPECT_EQ(poll(1, 121), RQ_FORCE);
	EXPECT_EQ(c_rev_force(1, 121), RQ_FORCE);
	CHECK(ptmem[53].e[10] == 0 && caps[KS_(1, 2)].status != CAP_LIVE, "the capability killed");
	EXPECT_EQ(c_rev_force(1, 122), RQ_IDLE);
	CHECK(pages[34].type == PG_FREE && envs[1].npages == REV_MIN_PAGES, "34 taken, at the minimum");
	/* a request that is not forced: nothing to do */
	EXPECT_EQ(c_rev_force(1, 123), RQ_IDLE);
	EXPECT_EQ(check_accounting("rev_force"), 1);
}

/* ---- random dialogues ------------------------------------------------------ */

/* Every choice of the random dialogues is a rng_below(&rng, n) and goes
 * through src_below (harness.h; the macro below), as in test_random.c.  Without an
 * input (t_rev_random) it is harness.h's PRNG, so the sequence is the one
 * it always was.  With one (revoke_batch_bytes, the libFuzzer target in
 * ci/fuzz) the choices are read from its bytes first, little-endian, as
 * few as n needs (1 for n <= 256, none for n <= 1); the PRNG takes over
 * when they run out. */
static struct byte_src in_src;

#define rng_below(s, n) src_below(&in_src, s, n)

/* what the random dialogues did, over all batches (ci/fuzz reports it):
 * requests accepted/refused (E_MINIMUM, E_INVAL, E_PERM among the
 * refused), grants by result (E_OK, E_INVAL, E_PERM), aborts (forced an
 * asked request / changed nothing), envs destroyed and re-created */
static unsigned long n_ask[2], n_ask_min, n_ask_inval, n_ask_perm, n_slice_alloc[2];
static unsigned long n_grant[3], n_abort[2], n_life, fuzz_gone, n_slice_free[2];

static void holders_match(const char *when)
{
	for (int32_t x = 0; x < NENV; x++)
		if (rev.holder[x] != hold[x]) {
			failf("%s: rev.holder[%d] == %u, the contracts say %u", when, x,
			      rev.holder[x], hold[x]);
			return;
		}
}

/* Inv (inv_check.c) and RevInv after a call that no checked wrapper ran. */
static void inv_after(const char *desc)
{
	struct inv_report r;
	char buf[256];
	if (!inv_check(&r)) {
		inv_describe(&r, buf, sizeof buf);
		failf("%s: Inv violated after it: %s", desc, buf);
	}
	rev_inv(desc);
}

/* sys_rev_ask with its result predicted from its contract (revoke.h), in
 * the order of its behaviors: an error changes nothing (requests, rings,
 * vector, core tables); an accepted request is recorded as asked, a
 * REV_SWAP only writes its notification. */
static int ask(int32_t e, int32_t v, uint64_t kind, uint64_t what, uint64_t dt, uint64_t now)
{
	int want;
	int live_e = m_live(e), live_v = m_live(v);
	if (!live_e || !live_v || v == e || kind < 1 || kind > REV_KIND_MAX || dt > REV_DT_MAX)
		want = E_INVAL;
	else if (hold[e] == 0)
		want = E_PERM;
	else if (rev.rq[v].state != RQ_IDLE)
		want = E_BUSY;
	else if (kind == REV_SWAP)
		want = E_OK;
	else if (kind == REV_PAGES)
		want = what == 0 ? E_INVAL :
		       (uint64_t)envs[v].npages < what + REV_MIN_PAGES || what > NPAGES ? E_MINIMUM : E_OK;
	else if (kind == REV_PAGE)
		want = what >= NPAGES ? E_RANGE :
		       !(pages[what].owner == v && pages[what].type == PG_USER) ? E_NOENT :
		       envs[v].npages < 1 + REV_MIN_PAGES ? E_MINIMUM : E_OK;
	else {
		int other = 0;
		for (unsigned s = 0; s < NSLICE && what < NSLICE; s++)
			other |= s != what && sched.owner[s] == v;
		want = what >= NSLICE ? E_RANGE : sched.owner[what] != v ? E_NOENT :
		       !other ? E_MINIMUM : E_OK;
	}
	char desc[160];
	snprintf(desc, sizeof desc, "sys_rev_ask(e=%d, v=%d, kind=%llu, what=%llu, dt=%llu, now=%llu)",
		 e, v, (unsigned long long)kind, (unsigned long long)what,
		 (unsigned long long)dt, (unsigned long long)now);
	if (want != E_OK) {
		unsigned f0 = cur_failures;
		REFUSED(sys_rev_ask(e, v, kind, what, dt, now), want);
		n_ask_min += want == E_MINIMUM;
		n_ask_inval += want == E_INVAL;
		n_ask_perm += want == E_PERM;
		n_ask[1]++;
		if (cur_failures != f0)
			failf("%s: the call above (v has %u pages)", desc, live_v ? envs[v].npages : 0);
		return want;
	}
	uint64_t wr = rev.written[v];
	uint32_t npages = envs[v].npages;
	int got = sys_rev_ask(e, v, kind, what, dt, now);
	rev_inv("ask");
	n_ask[0]++;
	if (got != want) {
		failf("%s == %d, expected %d (v has %u pages)", desc, got, want, npages);
		return got;
	}
	const struct rev_req *q = &rev.rq[v];
	if (kind == REV_SWAP)
		CHECK(q->state == RQ_IDLE && q->outcome == REV_DONE_NOTIFY && rev.written[v] == wr + 1 &&
		      rev.ring[v][wr % REPO_RING].kind == REV_SWAP &&
		      rev.ring[v][wr % REPO_RING].reason == REPO_NOTIFY,
		      "%s: not a notification in the ring", desc);
	else
		CHECK(q->state == RQ_ASKED && q->requester == e && q->kind == kind && q->what == what &&
		      q->taken == 0 && q->cursor == NPAGES && rev.written[v] == wr &&
		      q->requester_gen == envs[e].gen && q->victim_gen == envs[v].gen &&
		      q->target == (kind == REV_PAGES ? npages - what : 0) &&
		      q->deadline == (now > UINT64_MAX - dt ? UINT64_MAX : now + dt) &&
		      (kind != REV_PAGES || q->target >= REV_MIN_PAGES),
		      "%s: the request is not recorded as asked (state %u, target %llu, deadline %llu)",
		      desc, q->state, (unsigned long long)q->target,
		      (unsigned long long)q->deadline);
	return got;
}

/* sys_slice_alloc (alloc = 1) or sys_slice_free (alloc = 0) with its
 * result predicted (sched.h); an error changes nothing.  Frees matter to
 * the dialogues: a victim that gives up its other slices while a request
 * for one of them is under way leaves it its last one (rev_step's
 * slice_short). */
static void slice_call(int alloc, int32_t e, uint64_t s)
{
	const char *name = alloc ? "sys_slice_alloc" : "sys_slice_free";
	int want = !m_live(e) ? E_INVAL : s >= NSLICE ? E_RANGE :
		   alloc && sched.owner[s] != NO_ENV ? E_BUSY :
		   !alloc && sched.owner[s] != e ? E_PERM : E_OK;
	(alloc ? n_slice_alloc : n_slice_free)[want != E_OK]++;
	if (want != E_OK) {
		unsigned f0 = cur_failures;
		REFUSED(alloc ? sys_slice_alloc(e, s) : sys_slice_free(e, s), want);
		if (cur_failures != f0)
			failf("%s(e=%d, s=%llu): the call above", name, e, (unsigned long long)s);
		return;
	}
	EXPECT_EQ(alloc ? sys_slice_alloc(e, s) : sys_slice_free(e, s), E_OK);
	CHECK(sched.owner[s] == (alloc ? e : NO_ENV), "%s(%d, %llu): owner %d", name, e,
	      (unsigned long long)s, sched.owner[s]);
}

/* A victim that sheds a data page of its own (the first one at or after
 * `from`, wrapping, other than `keep`): unmapped if it maps it, then freed.  With it, and
 * with tables linked, a victim can fall to its guaranteed minimum while a
 * request is under way (rev_step's minimum), or keep more pages than the
 * count asks while having no data page left to take (count_short). */
static void shed(int32_t v, ppn_t from, ppn_t keep)
{
	for (ppn_t i = 0; i < 64; i++) {
		ppn_t p = (from + i) % 64;
		if (pages[p].owner != v || pages[p].type != PG_USER || p == keep)
			continue;
		if (pages[p].bind_table != NO_PAGE)
			c_sys_pt_unmap(v, pages[p].bind_table, pages[p].bind_index);
		c_sys_page_free(v, p);
		return;
	}
}

/* Snapshots of everything before a grant or an abort: the core tables
 * (snapshot), the slice vector, the calls, and the whole of rev. */
static struct snapshot ga_snap;
static struct sched_info ga_sched;
static struct ipc_info ga_ipc;
static struct rev_info ga_rev;

static void ga_take(void)
{
	snap_take(&ga_snap);
	ga_sched = sched;
	ga_ipc = ipc;
	ga_rev = rev;
}

/* Nothing but what ga_rev (edited to the expected rev) says changed. */
static void ga_check(const char *desc)
{
	char b[256];
	if (memcmp(&ga_rev, &rev, sizeof rev) != 0) {
		int v = 0;
		while (v < NENV && memcmp(&ga_rev.rq[v], &rev.rq[v], sizeof rev.rq[v]) == 0 &&
		       ga_rev.holder[v] == rev.holder[v] && ga_rev.written[v] == rev.written[v])
			v++;
		failf("%s: the requests, rings or holders differ from the contract's "
		      "(first at slot %d: state %u/%u, reason %u/%u, holder %u/%u; got/expected)",
		      desc, v, v < NENV ? rev.rq[v].state : 0, v < NENV ? ga_rev.rq[v].state : 0,
		      v < NENV ? rev.rq[v].reason : 0, v < NENV ? ga_rev.rq[v].reason : 0,
		      v < NENV ? rev.holder[v] : 0, v < NENV ? ga_rev.holder[v] : 0);
	}
	if (memcmp(&ga_sched, &sched, sizeof sched) != 0)
		failf("%s changed the slice vector", desc);
	if (memcmp(&ga_ipc, &ipc, sizeof ipc) != 0)
		failf("%s changed the calls in flight", desc);
	if (!snap_same(&ga_snap, b, sizeof b))
		failf("%s changed %s", desc, b);
	inv_after(desc);
}

/* sys_rev_grant (requires Inv only: any e and c) with its result predicted
 * from its contract (revoke.h): bad_env E_INVAL, perm E_PERM (e holds
 * nothing, or c is not e's child), ok: E_OK and rev.holder[c] == 1, and
 * nothing else changed (assigns rev.holder[c]); a refusal changes
 * nothing at all. */
static void grant(int32_t e, int32_t c)
{
	int want = !m_live(e) || !m_live(c) ? E_INVAL :
		   hold[e] == 0 || envs[c].parent != e ? E_PERM : E_OK;
	char desc[96];
	snprintf(desc, sizeof desc, "sys_rev_grant(e=%d, c=%d)", e, c);
	n_grant[want == E_OK ? 0 : want == E_INVAL ? 1 : 2]++;
	ga_take();
	int got = sys_rev_grant(e, c);
	if (got != want)
		failf("%s == %d, expected %d (holder of e %d, parent of c %d)", desc, got, want,
		      m_live(e) ? hold[e] : -1, m_live(c) ? envs[c].parent : -2);
	if (want == E_OK) {
		CHECK(rev.holder[c] == 1, "%s: rev.holder[c] == %u after E_OK", desc, rev.holder[c]);
		ga_rev.holder[c] = 1;
		hold[c] = 1;
	}
	ga_check(desc);
}

/* rev_abort (requires Inv && ValidSlot(v)), as the trap side calls it when
 * the victim cannot be told: `asked` moves an asked request to RQ_FORCE
 * with reason REPO_NO_HANDLER and assigns nothing else; `other` assigns
 * nothing. */
static void abort_req(int32_t v)
{
	char desc[64];
	snprintf(desc, sizeof desc, "rev_abort(v=%d) (state %u)", v, rev.rq[v].state);
	ga_take();
	int asked = rev.rq[v].state == RQ_ASKED;
	rev_abort(v);
	n_abort[!asked]++;
	if (asked) {
		CHECK(rev.rq[v].state == RQ_FORCE && rev.rq[v].reason == REPO_NO_HANDLER,
		      "%s: not forced (state %u, reason %u)", desc, rev.rq[v].state, rev.rq[v].reason);
		ga_rev.rq[v].state = RQ_FORCE;
		ga_rev.rq[v].reason = REPO_NO_HANDLER;
	}
	ga_check(desc);
}

/* The slots the random dialogues use: 0..4 from setup(), 5 and 6 created
 * (with a random parent, or none) and destroyed during the round; the
 * others stay free. */
#define RND_SLOTS 7

/* An env argument: mostly one of the slots in use (live or dead), else a
 * slot never used, or no slot at all. */
static int32_t any_env(uint64_t *rng)
{
	static const int32_t hostile[4] = { -1, NENV, INT32_MIN, INT32_MAX };
	switch (rng_below(rng, 8)) {
	case 0:
		return hostile[rng_below(rng, 4)];
	case 1:
		return RND_SLOTS + (int32_t)rng_below(rng, NENV - RND_SLOTS);
	default:
		return (int32_t)rng_below(rng, RND_SLOTS);
	}
}

/* The tables of envs 1..4 in the dialogues (setup, tree): level 2 (the
 * PD) or level 1 (the PT, where their data pages are mapped). */
static ppn_t tbl(int32_t v, int level)
{
	static const ppn_t pd[5] = { 0, 12, 52, 56, 60 };
	return v >= 1 && v <= 4 ? pd[v] + (level == 1) : NO_PAGE;
}

/* Random dialogues: env 0 (and whoever it or its children granted the
 * revocation capability to, and some that hold none) asks, envs 1..4
 * answer or not, share pages with each other, allocate and free, link
 * page tables and give slices back; a victim may race the kernel, giving
 * up other pages or slices as soon as it is asked; envs 5 and 6 come and
 * go; the clock runs, the steps run, and now and then a step or the trap
 * side's cap_kill_page runs where nothing is due.  One round: a
 * fresh setup and `ncalls` random calls. */
static void rev_round(uint64_t *rngp, unsigned ncalls)
{
	uint64_t rng = *rngp;
	setup();
	mk(3, 0);
	mk(4, 0);
	tree(3, 54, 1, 55, 56, 57);
	tree(4, 58, 1, 59, 60, 61);
	uint64_t now = 0;
	for (unsigned call = 0; call < ncalls; call++) {
		int32_t v = 1 + (int32_t)rng_below(&rng, 4);
		ppn_t p = (ppn_t)rng_below(&rng, 64);
		switch (rng_below(&rng, 14)) {
		case 12:                                    /* v sheds a data page */
			shed(v, p, NO_PAGE);
			break;
		case 13: {                                  /* v links a page table into its PD */
			ppn_t t = tbl(v, 2);
			c_sys_pt_link(v, t, rng_below(&rng, 16), p);
			break;
		}
		case 0:
		case 10: {
			uint64_t kind = 1 + rng_below(&rng, REV_KIND_MAX);
			uint64_t what = kind == REV_PAGES ? 1 + rng_below(&rng, 4) :
					kind == REV_SLICE ? rng_below(&rng, 8) : p;
			uint64_t dt = rng_below(&rng, 6);
			int32_t e = 0, w = v;
			if (kind == REV_PAGE && rng_below(&rng, 2))   /* one of v's data pages */
				for (ppn_t i = 0; i < 64; i++)
					if (pages[(p + i) % 64].owner == v &&
					    pages[(p + i) % 64].type == PG_USER) {
						what = (p + i) % 64;
						break;
					}
			switch (rng_below(&rng, 16)) {
			case 8: case 9: case 10: case 11:   /* another requester: holder or not, dead */
				e = 1 + (int32_t)rng_below(&rng, RND_SLOTS - 1);
				break;
			case 12:                            /* anyone against any slot in use */
				e = any_env(&rng);
				w = (int32_t)rng_below(&rng, RND_SLOTS);
				break;
			case 13:                            /* against itself, or a slot never used */
				e = (int32_t)rng_below(&rng, RND_SLOTS);
				w = rng_below(&rng, 2) ? e : RND_SLOTS + (int32_t)rng_below(&rng, NENV - RND_SLOTS);
				break;
			case 14:                            /* no such kind */
				kind = rng_below(&rng, 2) ? REV_NONE : REV_KIND_MAX + 1 + rng_below(&rng, 4);
				e = (int32_t)rng_below(&rng, RND_SLOTS);
				break;
			case 15:                            /* deadline too far */
				dt = rng_below(&rng, 2) ? REV_DT_MAX + 1 : UINT64_MAX - rng_below(&rng, 2);
				e = (int32_t)rng_below(&rng, RND_SLOTS);
				break;
			default:                            /* env 0, the first holder */
				break;
			}
			/* an accepted request whose victim cannot be told: abort
			 * (repo.c); or a victim that races the kernel: it gives up
			 * something else at once, a page (down to its minimum, if
			 * it had one more) or a slice (down to the one asked for) */
			if (ask(e, w, kind, what, dt, now) == E_OK && kind != REV_SWAP) {
				switch (rng_below(&rng, 8)) {
				case 0:
				case 1:
					abort_req(w);
					break;
				case 2:
					if (kind == REV_SLICE) {
						for (uint64_t s = 0; s < NSLICE; s++)
							if (s != what && sched.owner[s] == w) {
								slice_call(0, w, s);
								break;
							}
					} else if (kind == REV_PAGE) {
						ppn_t pd = tbl(w, 2);
						for (unsigned k = 0; k < 16 && envs[w].npages > REV_MIN_PAGES; k++) {
							uint32_t n = envs[w].npages;
							shed(w, p, (ppn_t)what);
							/* no data page to give: an empty page table */
							for (uint64_t i = 0; i < 16 && envs[w].npages == n; i++)
								c_sys_pt_unlink(w, pd, i);
						}
					} else {
						shed(w, p, NO_PAGE);
					}
					break;
				default:
					break;
				}
			}
			break;
		}
		case 1:
			if (m_live(v) && pages[p].type == PG_FREE)
				c_sys_page_alloc(v, p);
			break;
		case 2:
			if (pages[p].owner == v && pages[p].type == PG_USER &&
			    pages[p].bind_table != NO_PAGE)
				c_sys_pt_unmap(v, pages[p].bind_table, pages[p].bind_index);
			else if (pages[p].owner == v && pages[p].type == PG_USER)
				c_sys_page_free(v, p);
			break;
		case 3: {
			ppn_t t = tbl(v, 1);
			c_sys_pt_map(v, t, rng_below(&rng, 16), p, rng_below(&rng, 2) ? PERM_W : 0);
			break;
		}
		case 4: {
			int32_t h = 1 + (int32_t)rng_below(&rng, 4);
			uint64_t k = KS_(v, rng_below(&rng, 4));
			if (pages[p].owner == v && pages[p].type == PG_USER &&
			    caps[k].status == CAP_FREE)
				c_cap_grant(v, k, p, h, PERM_W);
			else if (caps[k].status == CAP_LIVE && m_live(caps[k].holder)) {
				int32_t hh = caps[k].holder;
				ppn_t t = tbl(hh, 1);
				c_sys_pt_map_cap(hh, t, 16 + rng_below(&rng, 16), k, 0);
			}
			break;
		}
		case 5:
			if (m_live(v))
				slice_call(1, v, rng_below(&rng, 8));
			break;
		case 11:
			switch (rng_below(&rng, 6)) {
			case 5:                             /* a step of any slot, whatever its state */
				c_rev_step((int32_t)rng_below(&rng, RND_SLOTS), now);
				break;
			case 3:                             /* v gives a slice back */
				slice_call(0, v, rng_below(&rng, 8));
				break;
			case 4:                             /* the trap side on any page */
				c_cap_kill_page(p);
				break;
			case 0: {                           /* grant, mostly by c's parent */
				int32_t c = any_env(&rng);
				int32_t e = rng_below(&rng, 2) && c >= 0 && c < NENV ?
					    envs[c].parent : any_env(&rng);
				grant(e, c);
				break;
			}
			case 1:                             /* abort, whatever the state */
				abort_req(rng_below(&rng, 4) ? v : (int32_t)rng_below(&rng, NENV));
				break;
			default: {                          /* env 5 or 6 goes, or comes back */
				int32_t x = 5 + (int32_t)rng_below(&rng, 2);
				int32_t par = (int32_t)rng_below(&rng, RND_SLOTS + 1);
				if (rng_below(&rng, 2))
					break;
				n_life++;
				if (m_live(x)) {
					c_env_destroy(x);
				} else {
					if (par >= RND_SLOTS || par == x || !m_live(par))
						par = NO_ENV;
					mk(x, par);
					hold[x] = 0;
				}
				break;
			}
			}
			break;
		case 6:
			now += rng_below(&rng, 3);
			/* fall through */
		default:
			for (int32_t x = 0; x < RND_SLOTS; x++)
				if (poll(x, now) == RQ_FORCE) {
					uint64_t w = rev.written[x];
					if (x & 1)              /* as repo_tick does */
						c_rev_force(x, now);
					else if (c_rev_step(x, now) == RQ_FORCE && rev.written[x] == w)
						unbind_in_hand(x);
				}
			break;
		}
		rev_inv("random");
		holders_match("random");
		if (cur_failures)
			break;
	}
	EXPECT_EQ(check_accounting("random"), 1);
	*rngp = rng;
}

/* What the random dialogues did so far (t_rev_random and ci/fuzz print it). */
static int rev_counts(char *buf, size_t n)
{
	return snprintf(buf, n, "%lu requests accepted, %lu refused (%lu of them E_MINIMUM, "
			"%lu E_INVAL, %lu E_PERM); %lu grants accepted, %lu E_INVAL, %lu E_PERM; "
			"%lu aborts forced a request, %lu changed nothing; %lu envs destroyed or "
			"created; %lu slice allocations, %lu refused; %lu slice frees, %lu refused; "
			"%lu requests ended by the teardown", n_ask[0], n_ask[1], n_ask_min,
			n_ask_inval, n_ask_perm, n_grant[0], n_grant[1], n_grant[2], n_abort[0],
			n_abort[1], n_life, n_slice_alloc[0] + n_slice_alloc[1], n_slice_alloc[1],
			n_slice_free[0] + n_slice_free[1], n_slice_free[1], fuzz_gone);
}

static void t_rev_random(void)
{
	uint64_t rng = 0x5eed0000de7ea11ull;
	unsigned long before[F_NFN][COV_MAXB];
	memcpy(before, cov, sizeof before);
	for (int round = 0; round < 8; round++) {
		rev_round(&rng, 1500);
		if (cur_failures) {
			printf("FAIL [revoke random] round %d\n", round);
			break;
		}
	}
	char line[512];
	rev_counts(line, sizeof line);
	printf("rev_random: 8 rounds: %s\n", line);
	/* what the dialogues alone reached of the abort protocol's behaviors */
	char got[512], never[256];
	int lg = 0, ln = 0;
	got[0] = never[0] = 0;
	for (int f = F_KILL_PAGE; f < F_NFN; f++)
		for (unsigned b = 0; cov_beh[f][b]; b++) {
			unsigned long d = cov[f][b] - before[f][b];
			if (d && lg < (int)sizeof got)
				lg += snprintf(got + lg, sizeof got - lg, " %s:%s=%lu", cov_fn_name[f],
					       cov_beh[f][b], d);
			else if (!d && ln < (int)sizeof never)
				ln += snprintf(never + ln, sizeof never - ln, " %s:%s", cov_fn_name[f],
					       cov_beh[f][b]);
		}
	printf("rev_random: behaviors taken:%s; never:%s\n", got, ln ? never : " none");
	/* the dialogues reach every outcome of rev_step but `gone` (a
	 * requester or victim that dies while the request is forced; the
	 * directed test t_rev_slices_and_gone has it), including the racing
	 * victims' slice_short, minimum and count_short */
	for (unsigned b = 0; cov_beh[F_REV_STEP][b]; b++)
		CHECK(strcmp(cov_beh[F_REV_STEP][b], "gone") == 0 ||
		      cov[F_REV_STEP][b] > before[F_REV_STEP][b],
		      "rev_random: the dialogues never reached rev_step -> %s", cov_beh[F_REV_STEP][b]);
	/* every behavior of sys_rev_ask's first checks, sys_rev_grant and
	 * rev_abort was taken */
	CHECK(n_ask_inval && n_ask_perm && n_grant[0] && n_grant[1] && n_grant[2] &&
	      n_abort[0] && n_abort[1],
	      "rev_random: a behavior was never taken (ask E_INVAL %lu, E_PERM %lu; grant ok %lu, "
	      "E_INVAL %lu, E_PERM %lu; abort asked %lu, other %lu)", n_ask_inval, n_ask_perm,
	      n_grant[0], n_grant[1], n_grant[2], n_abort[0], n_abort[1]);
}

/* ---- the libFuzzer batch ------------------------------------------------- */

static unsigned long fuzz_batches;

/* After the calls: every env goes (checked wrappers); then a request still
 * under way must end as GONE at its next poll or step, and every page must
 * be free again. */
static void rev_teardown(uint64_t now)
{
	for (int32_t e = 0; e < NENV && !cur_failures; e++)
		if (m_live(e))
			c_env_destroy(e);
	for (int32_t v = 0; v < NENV && !cur_failures; v++) {
		uint32_t st = rev.rq[v].state;
		if (st == RQ_IDLE)
			continue;
		/* a forced request ends at its next step or poll, an asked one
		 * at its next poll (a step leaves it alone) */
		if (st == RQ_ASKED)
			EXPECT_EQ(c_rev_step(v, now), RQ_ASKED);
		uint32_t got = st == RQ_FORCE && (v & 1) ? c_rev_step(v, now) : poll(v, now);
		CHECK(got == RQ_IDLE && rev.rq[v].outcome == REV_DONE_GONE,
		      "teardown: the request against %d (state %u) did not end as gone "
		      "(state %u, outcome %u)", v, st, rev.rq[v].state, rev.rq[v].outcome);
		fuzz_gone++;
	}
	rev_inv("teardown");
	check_accounting("after destroying every env");
}

size_t revoke_batch_bytes(uint64_t seed, const uint8_t *in, size_t len, unsigned ncalls)
{
	uint64_t rng = seed;
	src_open(&in_src, in, len);
	rev_round(&rng, ncalls);
	size_t used = src_close(&in_src);
	if (!cur_failures)
		rev_teardown(~0ull);
	fuzz_batches++;
	return used;
}

int revoke_batch_report(char *buf, size_t n)
{
	char c[512];
	rev_counts(c, sizeof c);
	return snprintf(buf, n, "%lu revocation batches (%s)", fuzz_batches, c);
}

/* Every behavior of cap_kill_page, rev_take_page, rev_step and rev_force
 * was taken by the tests above (the random batches do not call them). */
static void t_rev_coverage(void)
{
	printf("behaviors taken by the revocation tests (model-checked):\n");
	cov_print(F_KILL_PAGE, F_NFN);
	cov_complete_from(F_KILL_PAGE, "the revocation tests");
}

const struct test revoke_tests[] = {
	{ "rev_init_abi", t_rev_init_abi },
	{ "rev_ask_errors", t_rev_ask_errors },
	{ "rev_take", t_rev_take },
	{ "rev_cooperative", t_rev_cooperative },
	{ "rev_forced", t_rev_forced },
	{ "rev_count_short", t_rev_count_short },
	{ "rev_slices_and_gone", t_rev_slices_and_gone },
	{ "rev_force", t_rev_force },
	{ "rev_random", t_rev_random },
	{ "rev_coverage", t_rev_coverage },
};
const size_t n_revoke_tests = sizeof revoke_tests / sizeof revoke_tests[0];
