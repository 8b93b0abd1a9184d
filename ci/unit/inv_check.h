/* SPDX-License-Identifier: MIT */
/*
 * Executable form of Inv (spec/inv.acsl): PagesInv && EnvsInv && VmInv,
 * clause by clause.  The checker works on any state (the core's globals,
 * or hand-edited copies), so it can itself be tested on broken states.
 */
#ifndef UNIT_INV_CHECK_H
#define UNIT_INV_CHECK_H

#include <stddef.h>
#include "types.h"

/* The clauses of PageOk(p), EnvOk(e), SlotsOk, EntryOk(t, i) and BindOk(p),
 * in the order spec/inv.acsl writes them. */
enum inv_clause {
	/* PagesInv: PageOk(p) */
	PAGE_TYPE_VALID,       /* ValidPageType(pages[p].type)                     */
	PAGE_OWNER_IFF_TYPE,   /* OwnedType(pages[p].type) <==> owner != NO_OWNER  */
	PAGE_OWNER_LIVE,       /* owner != NO_OWNER ==> Live(owner)                */
	/* EnvsInv: EnvOk(e) */
	ENV_STATUS_RANGE,      /* ENV_FREE <= status <= ENV_WAITING                */
	ENV_GEN_RANGE,         /* 1 <= gen <= GEN_MAX                              */
	ENV_FREE_CLEAN,        /* FREE ==> parent, wait_child NO_ENV, root NO_PAGE */
	ENV_PARENT_LIVE,       /* !FREE ==> parent == NO_ENV || Live(parent)       */
	ENV_PARENT_NOT_SELF,   /* parent != e                                      */
	ENV_WAIT_OWN_CHILD,    /* WAITING ==> Live(wait_child) && its parent == e  */
	ENV_NOWAIT_NOCHILD,    /* !WAITING ==> wait_child == NO_ENV                */
	ENV_ROOT_OWNED_PT4,    /* root == NO_PAGE || a PG_PT4 page owned by e      */
	/* VmInv: SlotsOk */
	SLOTS_KERNEL_SUPER,    /* !PteU(vm_kernel_slot)                            */
	SLOTS_INFO_RO,         /* !PteW(vm_info_slot)                              */
	/* VmInv: TableOk(t) = TableType ==> EntryOk(t, i) for every i */
	ENTRY_KSLOT_VALUE,     /* KernelSlot(t,i) ==> e[i] == KernelSlotValue(i)   */
	ENTRY_EMPTY_ZERO,      /* !KernelSlot && !PteP(e[i]) ==> e[i] == 0         */
	ENTRY_USER,            /* !KernelSlot && PteP ==> PteU                     */
	ENTRY_NOT_LARGE,       /*   ... ==> !PtePS                                 */
	ENTRY_ADDR_VALID,      /*   ... ==> ValidPpn(PteAddr(e[i]))                */
	ENTRY_SAME_OWNER,      /*   ... ==> pages[a].owner == pages[t].owner       */
	ENTRY_CHILD_TYPE,      /*   ... ==> pages[a].type == ChildType(pages[t].type) */
	ENTRY_BIND_TABLE,      /*   ... ==> pages[a].bind_table == t               */
	ENTRY_BIND_INDEX,      /*   ... ==> pages[a].bind_index == i               */
	ENTRY_LINK_WRITABLE,   /*   ... ==> (pages[t].type != PG_PT1 ==> PteW)     */
	/* VmInv: BindOk(p) */
	BIND_OWNED_NOT_ROOT,   /* bound ==> OwnedType(type) && type != PG_PT4      */
	BIND_TABLE_VALID,      /* bound ==> ValidPpn(bind_table) && 0 <= bind_index < NPTE */
	BIND_SAME_OWNER,       /* bound ==> pages[bt].owner == pages[p].owner      */
	BIND_PARENT_TYPE,      /* bound ==> ChildType(pages[bt].type) == type && TableType(pages[bt].type) */
	BIND_ENTRY_PRESENT,    /* bound ==> PteP(ptmem[bt].e[bi])                  */
	BIND_ENTRY_ADDR,       /* bound ==> PteAddr(ptmem[bt].e[bi]) == p         */
	BIND_TABLE_LINKED,     /* PG_PT1 <= type <= PG_PT3 ==> bound               */
	BIND_ROOT,             /* type == PG_PT4 ==> envs[owner].root == p         */
	INV_NCLAUSES
};

extern const char *const inv_clause_name[INV_NCLAUSES];

/* the state Inv talks about */
struct inv_state {
	const struct page_info *pg;
	const struct env *ev;
	const struct ptpage *mem;
	uint64_t kslot, islot;
};

struct inv_report {
	int ok;                       /* Inv holds                                */
	unsigned nviol;               /* number of (clause, place) violations     */
	unsigned count[INV_NCLAUSES]; /* violations per clause                    */
	int first_clause;             /* first violation found, or -1             */
	long first_index;             /* its page number or env slot (-1: global) */
	long first_entry;             /* its entry index for ENTRY_*, else -1     */
};

/* Evaluate Inv on *s; fills *r, returns r->ok. */
int inv_check_state(const struct inv_state *s, struct inv_report *r);

/* Evaluate Inv on the core's pages[], envs[], ptmem[], vm_*_slot. */
int inv_check(struct inv_report *r);

/* One-line description of a failing report, for failure messages. */
void inv_describe(const struct inv_report *r, char *buf, size_t n);

#endif
