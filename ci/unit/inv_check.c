// SPDX-License-Identifier: MIT
/*
 * Inv, translated clause by clause from spec/inv.acsl.  ACSL integers are
 * mathematical, so every field is widened to int64_t before it is compared,
 * and every array access is guarded by the range predicate that precedes it
 * in the ACSL conjunction (Live(x) implies ValidSlot(x), etc.).
 */
#include <stdio.h>
#include "inv_check.h"

const char *const inv_clause_name[INV_NCLAUSES] = {
	[PAGE_TYPE_VALID]     = "PageOk: ValidPageType(pages[p].type)",
	[PAGE_OWNER_IFF_TYPE] = "PageOk: OwnedType(pages[p].type) <==> pages[p].owner != NO_OWNER",
	[PAGE_OWNER_LIVE]     = "PageOk: pages[p].owner != NO_OWNER ==> Live(pages[p].owner)",
	[ENV_STATUS_RANGE]    = "EnvOk: ENV_FREE <= envs[e].status <= ENV_WAITING",
	[ENV_GEN_RANGE]       = "EnvOk: 1 <= envs[e].gen <= GEN_MAX",
	[ENV_FREE_CLEAN]      = "EnvOk: status == ENV_FREE ==> parent == NO_ENV && wait_child == NO_ENV && root == NO_PAGE",
	[ENV_PARENT_LIVE]     = "EnvOk: status != ENV_FREE ==> parent == NO_ENV || Live(parent)",
	[ENV_PARENT_NOT_SELF] = "EnvOk: envs[e].parent != e",
	[ENV_WAIT_OWN_CHILD]  = "EnvOk: status == ENV_WAITING ==> Live(wait_child) && envs[wait_child].parent == e",
	[ENV_NOWAIT_NOCHILD]  = "EnvOk: status != ENV_WAITING ==> wait_child == NO_ENV",
	[ENV_ROOT_OWNED_PT]   = "EnvOk: root == NO_PAGE || (ValidPpn(root) && OwnedBy(root, e) && pages[root].type == PG_PT)",
};

/* spec/page.acsl, spec/env.acsl */
static int valid_page_type(int64_t t) { return PG_NONE <= t && t <= PG_PT; }
static int owned_type(int64_t t)      { return t == PG_USER || t == PG_PT; }
static int valid_ppn(uint64_t p)      { return p < (uint64_t)NPAGES; }
static int valid_slot(int64_t e)      { return 0 <= e && e < NENV; }

static int live(const struct env *ev, int64_t e)
{
	return valid_slot(e) && (int64_t)ev[e].status != ENV_FREE;
}

static int owned_by(const struct page_info *pg, uint64_t p, int64_t e)
{
	return valid_ppn(p) && (int64_t)pg[p].owner == e &&
	       owned_type((int64_t)pg[p].type);
}

static void violation(struct inv_report *r, int clause, long index)
{
	if (r->ok) {
		r->first_clause = clause;
		r->first_index = index;
	}
	r->ok = 0;
	r->nviol++;
	r->count[clause]++;
}

int inv_check_tables(const struct page_info *pg, const struct env *ev,
		     struct inv_report *r)
{
	*r = (struct inv_report){ .ok = 1, .first_clause = -1, .first_index = -1 };

	/* PagesInv = \forall p; ValidPpn(p) ==> PageOk(p) */
	for (long p = 0; p < NPAGES; p++) {
		int64_t type = pg[p].type, owner = pg[p].owner;
		if (!valid_page_type(type))
			violation(r, PAGE_TYPE_VALID, p);
		if (owned_type(type) != (owner != NO_OWNER))
			violation(r, PAGE_OWNER_IFF_TYPE, p);
		if (owner != NO_OWNER && !live(ev, owner))
			violation(r, PAGE_OWNER_LIVE, p);
	}

	/* EnvsInv = \forall e; ValidSlot(e) ==> EnvOk(e) */
	for (long e = 0; e < NENV; e++) {
		int64_t status = ev[e].status, gen = ev[e].gen;
		int64_t parent = ev[e].parent, wait = ev[e].wait_child;
		uint64_t root = ev[e].root;

		if (!(ENV_FREE <= status && status <= ENV_WAITING))
			violation(r, ENV_STATUS_RANGE, e);
		if (!(1 <= gen && gen <= GEN_MAX))
			violation(r, ENV_GEN_RANGE, e);
		if (status == ENV_FREE &&
		    !(parent == NO_ENV && wait == NO_ENV && root == (uint64_t)NO_PAGE))
			violation(r, ENV_FREE_CLEAN, e);
		if (status != ENV_FREE && !(parent == NO_ENV || live(ev, parent)))
			violation(r, ENV_PARENT_LIVE, e);
		if (parent == e)
			violation(r, ENV_PARENT_NOT_SELF, e);
		if (status == ENV_WAITING &&
		    !(live(ev, wait) && (int64_t)ev[wait].parent == e))
			violation(r, ENV_WAIT_OWN_CHILD, e);
		if (status != ENV_WAITING && wait != NO_ENV)
			violation(r, ENV_NOWAIT_NOCHILD, e);
		if (!(root == (uint64_t)NO_PAGE ||
		      (valid_ppn(root) && owned_by(pg, root, e) &&
		       (int64_t)pg[root].type == PG_PT)))
			violation(r, ENV_ROOT_OWNED_PT, e);
	}
	return r->ok;
}

int inv_check(struct inv_report *r)
{
	return inv_check_tables(pages, envs, r);
}

void inv_describe(const struct inv_report *r, char *buf, size_t n)
{
	if (r->ok) {
		snprintf(buf, n, "Inv holds");
		return;
	}
	snprintf(buf, n, "Inv violated (%u violation%s): first %s at %s %ld",
		 r->nviol, r->nviol == 1 ? "" : "s",
		 inv_clause_name[r->first_clause],
		 r->first_clause <= PAGE_OWNER_LIVE ? "page" : "env slot",
		 r->first_index);
}
