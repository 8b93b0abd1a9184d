// SPDX-License-Identifier: MIT
/*
 * Visible revocation and the abort protocol (contracts in revoke.h).  The
 * kernel keeps one request per victim env and moves it along: asked, then
 * met (the victim gave back enough), or at the deadline taken by force,
 * one bounded step at a time.  Taking a page by force is the composition
 * of calls already proved: kill the capabilities on it, unmap the
 * victim's own mapping, free it.
 */
#include "revoke.h"

/* Whole pages, placed by kernel.ld after ipc and mapped read-only into
 * every env at USER_REVINFO. */
struct rev_info rev;

void rev_init(void)
{
	/*@ loop invariant 0 <= v <= NENV;
	    loop invariant \forall integer x; 0 <= x < v ==>
	      rev.rq[x].state == RQ_IDLE && rev.holder[x] == 0 && rev.written[x] == 0;
	    loop invariant boot_abi: \forall integer x; 0 <= x < v ==>
	      rev.rq[x].requester == NO_ENV && rev.rq[x].kind == REV_NONE &&
	      rev.rq[x].outcome == REV_DONE_NONE && rev.rq[x].taken == 0;
	    loop assigns v, rev.rq[0 .. NENV-1], rev.holder[0 .. NENV-1], rev.written[0 .. NENV-1];
	    loop variant NENV - v;
	*/
	for (int32_t v = 0; v < NENV; v++) {
		rev.rq[v].requester = NO_ENV;
		rev.rq[v].state = RQ_IDLE;
		rev.rq[v].kind = REV_NONE;
		rev.rq[v].outcome = REV_DONE_NONE;
		rev.rq[v].taken = 0;
		rev.holder[v] = 0;
		rev.written[v] = 0;
	}
}

void rev_boot_holder(int32_t e)
{
	rev.holder[e] = 1;
}

/*@ assigns \nothing;
    ensures \result != 0 <==> Live(e); */
static inline int live(int32_t e)
{
	return e >= 0 && e < NENV && envs[e].status != ENV_FREE;
}

int sys_rev_grant(int32_t e, int32_t c)
{
	if (!live(e) || !live(c))
		return E_INVAL;
	if (rev.holder[e] == 0 || envs[c].parent != e)
		return E_PERM;
	rev.holder[c] = 1;
	return E_OK;
}

/* Does env v own a slice other than s?  One pass over the vector. */
/*@ requires ValidSlot(v) && s < NSLICE;
    assigns \nothing;
    ensures \result != 0 <==> OtherSlice(v, s);
*/
static int other_slice(int32_t v, uint64_t s)
{
	/*@ loop invariant 0 <= i <= NSLICE;
	    loop invariant \forall integer s2; 0 <= s2 < i && s2 != s ==> sched.owner[s2] != v;
	    loop assigns i;
	    loop variant NSLICE - i;
	*/
	for (uint32_t i = 0; i < NSLICE; i++)
		if (i != s && sched.owner[i] == v)
			return 1;
	return 0;
}

/* Append an entry to v's repossession ring (the newest overwrites the
 * oldest; written[v] stops at its maximum, 2^64 - 1 entries). */
/*@ requires RevInv && ValidSlot(v);
    assigns rev.ring[v][rev.written[v] % REPO_RING], rev.written[v];
    ensures RevInv;
    ensures \old(rev.written[v]) < UINT64_MAX ==> rev.written[v] == \old(rev.written[v]) + 1;
    ensures \old(rev.written[v]) == UINT64_MAX ==> rev.written[v] == UINT64_MAX;
    ensures rev.ring[v][\old(rev.written[v]) % REPO_RING].kind == kind &&
            rev.ring[v][\old(rev.written[v]) % REPO_RING].what == what &&
            rev.ring[v][\old(rev.written[v]) % REPO_RING].reason == reason &&
            rev.ring[v][\old(rev.written[v]) % REPO_RING].tick == now &&
            rev.ring[v][\old(rev.written[v]) % REPO_RING].seq == \old(rev.written[v]);
*/
static void repo_write(int32_t v, uint32_t kind, uint64_t what, uint32_t reason, uint64_t now)
{
	uint64_t n = rev.written[v];
	uint64_t j = n % REPO_RING;
	rev.ring[v][j].seq = n;
	rev.ring[v][j].what = what;
	rev.ring[v][j].kind = kind;
	rev.ring[v][j].reason = reason;
	rev.ring[v][j].tick = now;
	if (n < UINT64_MAX)
		rev.written[v] = n + 1;
}

int sys_rev_ask(int32_t e, int32_t v, uint64_t kind, uint64_t what, uint64_t dt, uint64_t now)
{
	if (!live(e) || !live(v) || v == e || kind < 1 || kind > REV_KIND_MAX || dt > REV_DT_MAX)
		return E_INVAL;
	if (rev.holder[e] == 0)
		return E_PERM;
	if (rev.rq[v].state != RQ_IDLE)
		return E_BUSY;
	if (kind == REV_SWAP) {
		repo_write(v, REV_SWAP, 0, REPO_NOTIFY, now);
		rev.rq[v].outcome = REV_DONE_NOTIFY;
		return E_OK;
	}
	if (kind == REV_PAGES) {
		if (what == 0)
			return E_INVAL;
		if (what > envs[v].npages || envs[v].npages - what < REV_MIN_PAGES)
			return E_MINIMUM;
	} else if (kind == REV_PAGE) {
		if (what >= NPAGES)
			return E_RANGE;
		if (pages[what].owner != v || pages[what].type != PG_USER)
			return E_NOENT;
		if (envs[v].npages < 1 + REV_MIN_PAGES)
			return E_MINIMUM;
	} else {
		if (what >= NSLICE)
			return E_RANGE;
		if (sched.owner[what] != v)
			return E_NOENT;
		if (!other_slice(v, what))
			return E_MINIMUM;
	}
	rev.rq[v].requester = e;
	rev.rq[v].requester_gen = envs[e].gen;
	rev.rq[v].victim_gen = envs[v].gen;
	rev.rq[v].state = RQ_ASKED;
	rev.rq[v].kind = (uint32_t)kind;
	rev.rq[v].reason = 0;
	rev.rq[v].what = what;
	rev.rq[v].target = kind == REV_PAGES ? envs[v].npages - what : 0;
	rev.rq[v].deadline = now > UINT64_MAX - dt ? UINT64_MAX : now + dt;
	rev.rq[v].cursor = NPAGES;
	rev.rq[v].taken = 0;
	return E_OK;
}

/*@ requires RevInv && ValidSlot(v) && rev.rq[v].state != RQ_IDLE;
    assigns \nothing;
    ensures \result != 0 <==> ReqLive(v);
*/
static int req_live(int32_t v)
{
	int32_t r = rev.rq[v].requester;
	return live(v) && envs[v].gen == rev.rq[v].victim_gen &&
	       live(r) && envs[r].gen == rev.rq[v].requester_gen;
}

/*@ requires RevInv && ValidSlot(v) && rev.rq[v].state != RQ_IDLE;
    assigns \nothing;
    ensures \result != 0 <==> ReqMet(v);
*/
static int req_met(int32_t v)
{
	uint64_t w = rev.rq[v].what;
	if (rev.rq[v].kind == REV_PAGES)
		return envs[v].npages <= rev.rq[v].target;
	if (rev.rq[v].kind == REV_PAGE)
		return !(pages[w].owner == v && pages[w].type == PG_USER);
	return sched.owner[w] != v;
}

/* The request against v ends with `outcome`. */
/*@ requires RevInv && ValidSlot(v);
    assigns rev.rq[v].state, rev.rq[v].outcome;
    ensures RevInv && rev.rq[v].state == RQ_IDLE && rev.rq[v].outcome == outcome;
*/
static void req_end(int32_t v, uint32_t outcome)
{
	rev.rq[v].state = RQ_IDLE;
	rev.rq[v].outcome = outcome;
}

uint32_t rev_poll(int32_t v, uint64_t now)
{
	uint32_t st = rev.rq[v].state;
	if (st == RQ_IDLE)
		return RQ_IDLE;
	if (!req_live(v)) {
		req_end(v, REV_DONE_GONE);
		return RQ_IDLE;
	}
	if (st == RQ_ASKED) {
		if (req_met(v)) {
			req_end(v, REV_DONE_COOP);
			return RQ_IDLE;
		}
		if (now >= rev.rq[v].deadline) {
			rev.rq[v].state = RQ_FORCE;
			rev.rq[v].reason = REPO_DEADLINE;
			return RQ_FORCE;
		}
	}
	return st;
}

void rev_abort(int32_t v)
{
	if (rev.rq[v].state == RQ_ASKED) {
		rev.rq[v].state = RQ_FORCE;
		rev.rq[v].reason = REPO_NO_HANDLER;
	}
}

void rev_take_page(int32_t v, ppn_t p)
{
	//@ assert ready: pages[p].bind_table == NO_PAGE && NoCapOn(p);
	sys_page_free(v, p);
}

uint32_t rev_step(int32_t v, uint64_t now)
{
	if (rev.rq[v].state != RQ_FORCE)
		return rev.rq[v].state;
	if (!req_live(v)) {
		req_end(v, REV_DONE_GONE);
		return RQ_IDLE;
	}
	uint64_t taken = rev.rq[v].taken;
	if (req_met(v)) {
		req_end(v, taken != 0 ? REV_DONE_FORCED : REV_DONE_COOP);
		return RQ_IDLE;
	}
	uint32_t why = rev.rq[v].reason;
	uint64_t w = rev.rq[v].what;
	if (rev.rq[v].kind == REV_SLICE) {
		if (!other_slice(v, w)) {
			req_end(v, REV_DONE_SHORT);
			return RQ_IDLE;
		}
		sys_slice_free(v, w);
		repo_write(v, REV_SLICE, w, why, now);
		/* Ended first: only an idle request may count a named resource
		 * as taken (RevInv). */
		req_end(v, REV_DONE_FORCED);
		rev.rq[v].taken = taken + 1;
		return RQ_IDLE;
	}
	if (envs[v].npages <= REV_MIN_PAGES) {
		req_end(v, REV_DONE_SHORT);
		return RQ_IDLE;
	}
	if (rev.rq[v].kind == REV_PAGE) {
		if (pages[w].bind_table != NO_PAGE || cap_on_page(w))
			return RQ_FORCE;   /* bound: the trap side unbinds it first */
		rev_take_page(v, w);
		repo_write(v, REV_PAGE, w, why, now);
		req_end(v, REV_DONE_FORCED);
		rev.rq[v].taken = taken + 1;
		return RQ_IDLE;
	}
	/* A count: v's data pages from the highest page number down, at most
	 * REV_SCAN examined per step. */
	uint64_t c = rev.rq[v].cursor;
	/*@ loop invariant 0 <= n <= REV_SCAN && 0 <= c && c + n <= rev.rq[v].cursor;
	    loop assigns n, c;
	    loop variant REV_SCAN - n;
	*/
	for (uint32_t n = 0; n < REV_SCAN && c > 0; n++) {
		if (pages[c - 1].owner == v && pages[c - 1].type == PG_USER)
			break;
		c--;
	}
	if (c == 0) {
		rev.rq[v].cursor = 0;
		req_end(v, REV_DONE_SHORT);
		return RQ_IDLE;
	}
	if (pages[c - 1].owner != v || pages[c - 1].type != PG_USER) {
		rev.rq[v].cursor = c;   /* not found yet: the next step goes on */
		return RQ_FORCE;
	}
	if (pages[c - 1].bind_table != NO_PAGE || cap_on_page(c - 1)) {
		rev.rq[v].cursor = c;   /* page c - 1 in hand, bound: the trap side unbinds it first */
		return RQ_FORCE;
	}
	rev_take_page(v, c - 1);
	repo_write(v, REV_PAGE, c - 1, why, now);
	rev.rq[v].cursor = c - 1;
	/* The force never takes more than the count asked, even from a victim
	 * that allocated pages meanwhile (RevInv: taken < what while the
	 * request lasts). */
	if (taken + 1 >= rev.rq[v].what) {
		req_end(v, REV_DONE_FORCED);
		rev.rq[v].taken = taken + 1;
		return RQ_IDLE;
	}
	rev.rq[v].taken = taken + 1;
	return RQ_FORCE;
}

uint32_t rev_force(int32_t v, uint64_t now)
{
	uint32_t st = rev_step(v, now);
	if (st != RQ_FORCE || rev.rq[v].kind == REV_SLICE)
		return st;
	if (rev.rq[v].kind == REV_PAGES && rev.rq[v].cursor == 0)
		return st;
	/* A valid page number: RevInv bounds a forced request's named page and
	 * cursor (a test of p against NPAGES here was dead code, which WP's
	 * smoke test found). */
	//@ assert req_ok: ReqOk(v);
	uint64_t p = rev.rq[v].kind == REV_PAGE ? rev.rq[v].what : rev.rq[v].cursor - 1;
	if (pages[p].owner != v || pages[p].type != PG_USER)
		return st;
	if (pages[p].bind_table != NO_PAGE)
		vm_unbind(p);
	if (cap_on_page(p))
		cap_kill_page(p);
	return st;
}
