/* SPDX-License-Identifier: MIT */
/*
 * Executable form of Inv (spec/inv.acsl): PagesInv && EnvsInv, clause by
 * clause.  The checker works on any pair of tables (the core's globals or a
 * scratch copy), so it can itself be tested on hand-broken states.
 */
#ifndef UNIT_INV_CHECK_H
#define UNIT_INV_CHECK_H

#include <stddef.h>
#include "types.h"

/* Clauses of PageOk(p) and EnvOk(e), in the order spec/inv.acsl writes them. */
enum inv_clause {
	PAGE_TYPE_VALID,       /* ValidPageType(pages[p].type)                     */
	PAGE_OWNER_IFF_TYPE,   /* OwnedType(pages[p].type) <==> owner != NO_OWNER  */
	PAGE_OWNER_LIVE,       /* owner != NO_OWNER ==> Live(owner)                */
	ENV_STATUS_RANGE,      /* ENV_FREE <= status <= ENV_WAITING                */
	ENV_GEN_RANGE,         /* 1 <= gen <= GEN_MAX                              */
	ENV_FREE_CLEAN,        /* FREE ==> parent, wait_child NO_ENV, root NO_PAGE */
	ENV_PARENT_LIVE,       /* !FREE ==> parent == NO_ENV || Live(parent)       */
	ENV_PARENT_NOT_SELF,   /* parent != e                                      */
	ENV_WAIT_OWN_CHILD,    /* WAITING ==> Live(wait_child) && its parent == e  */
	ENV_NOWAIT_NOCHILD,    /* !WAITING ==> wait_child == NO_ENV                */
	ENV_ROOT_OWNED_PT,     /* root == NO_PAGE || owned PG_PT page of e         */
	INV_NCLAUSES
};

extern const char *const inv_clause_name[INV_NCLAUSES];

struct inv_report {
	int ok;                       /* Inv holds                                */
	unsigned nviol;               /* number of (clause, index) violations     */
	unsigned count[INV_NCLAUSES]; /* violations per clause                    */
	int first_clause;             /* first violation found, or -1             */
	long first_index;             /* its page number or env slot              */
};

/* Evaluate Inv on the given tables; fills *r, returns r->ok. */
int inv_check_tables(const struct page_info *pg, const struct env *ev,
		     struct inv_report *r);

/* Evaluate Inv on the core's pages[] / envs[]. */
int inv_check(struct inv_report *r);

/* One-line description of a failing report, for failure messages. */
void inv_describe(const struct inv_report *r, char *buf, size_t n);

#endif
