/* SPDX-License-Identifier: MIT */
/*
 * Executable form of Inv (spec/inv.acsl, spec/cap.acsl):
 * PagesInv && EnvsInv && VmInv && CapsInv, clause by clause.  The checker
 * works on any state (the core's globals, or hand-edited copies), so it
 * can itself be tested on broken states.
 */
#ifndef UNIT_INV_CHECK_H
#define UNIT_INV_CHECK_H

#include <stddef.h>
#include "types.h"

/* The clauses of PageOk(p), EnvOk(e), SlotsOk, EntryOk(t, i) (its four
 * parts: EntryShape, and EntryOwn / EntryCap / EntryView, i.e. OwnEntry,
 * CapEntry, ViewEntry chosen by the tag), BindOk(p), CapOk(k) and SweepOk,
 * in the order spec/inv.acsl and spec/cap.acsl write them. */
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
	ENV_COUNT_EXACT,       /* CountsOk: npages == pages whose owner is e       */
	/* VmInv: SlotsOk */
	SLOTS_KERNEL_SUPER,    /* !PteU(vm_kernel_slot)                            */
	SLOTS_INFO_RO,         /* !PteW(vm_info_slot)                              */
	/* VmInv: TableOk(t) = TableType ==> EntryOk(t, i) for every i;
	 * EntryShape(t, i): */
	ENTRY_KSLOT_VALUE,     /* KernelSlot(t,i) ==> e[i] == KernelSlotValue(i)   */
	ENTRY_EMPTY_ZERO,      /* !KernelSlot && !PteP(e[i]) ==> e[i] == 0         */
	ENTRY_USER,            /* !KernelSlot && PteP ==> PteU                     */
	ENTRY_NOT_LARGE,       /*   ... ==> !PtePS                                 */
	ENTRY_LINK_WRITABLE,   /*   ... ==> (pages[t].type != PG_PT1 ==> PteW)     */
	/* EntryOwn: OwnEntry(t, i, x) for links, and leaves with tag 0 */
	ENTRY_ADDR_VALID,      /* ValidPpn(PteAddr(x))                             */
	ENTRY_SAME_OWNER,      /* pages[a].owner == pages[t].owner                 */
	ENTRY_CHILD_TYPE,      /* pages[a].type == ChildType(pages[t].type)        */
	ENTRY_BIND_TABLE,      /* pages[a].bind_table == t                         */
	ENTRY_BIND_INDEX,      /* pages[a].bind_index == i                         */
	ENTRY_TAG_VALID,       /* EntryShape, leaf: PteTag(x) <= NCAP || == PTE_TAG_VIEW */
	/* EntryCap: CapEntry(t, i, x) for leaves with 1 <= tag <= NCAP, k = tag - 1 */
	CAPENT_LIVE,           /* caps[k].status == CAP_LIVE                       */
	CAPENT_HOLDER,         /* caps[k].holder == pages[t].owner                 */
	CAPENT_PAGE,           /* caps[k].page == PteAddr(x)                       */
	CAPENT_BIND_TABLE,     /* caps[k].bind_table == t                          */
	CAPENT_BIND_INDEX,     /* caps[k].bind_index == i                          */
	CAPENT_W,              /* PteW(x) ==> caps[k].rights % 2 == 1              */
	CAPENT_X,              /* !PteNX(x) ==> caps[k].rights / 2 == 1            */
	/* EntryView: ViewEntry(t, i, x) for leaves with tag PTE_TAG_VIEW */
	VIEWENT_RO,            /* !PteW(x)                                         */
	VIEWENT_NX,            /* PteNX(x)                                         */
	VIEWENT_ADDR_VALID,    /* ValidPpn(PteAddr(x))                             */
	VIEWENT_SAME_OWNER,    /* pages[a].owner == pages[t].owner                 */
	VIEWENT_TABLE,         /* TableType(pages[a].type)                         */
	VIEWENT_VIEW_TABLE,    /* pages[a].view_table == t                         */
	VIEWENT_VIEW_INDEX,    /* pages[a].view_index == i                         */
	/* VmInv: BindOk(p) */
	BIND_OWNED_NOT_ROOT,   /* bound ==> OwnedType(type) && type != PG_PT4      */
	BIND_TABLE_VALID,      /* bound ==> ValidPpn(bind_table) && 0 <= bind_index < NPTE */
	BIND_SAME_OWNER,       /* bound ==> pages[bt].owner == pages[p].owner      */
	BIND_PARENT_TYPE,      /* bound ==> ChildType(pages[bt].type) == type && TableType(pages[bt].type) */
	BIND_ENTRY_PRESENT,    /* bound ==> PteP(ptmem[bt].e[bi])                  */
	BIND_ENTRY_ADDR,       /* bound ==> PteAddr(ptmem[bt].e[bi]) == p         */
	BIND_ENTRY_TAG,        /* bound ==> PteTag(ptmem[bt].e[bi]) == 0          */
	VBIND_TABLE_TYPE,      /* viewed ==> TableType(pages[p].type)              */
	VBIND_VALID,           /* viewed ==> ValidPpn(view_table) && 0 <= view_index < NPTE */
	VBIND_SAME_OWNER,      /* viewed ==> pages[vt].owner == pages[p].owner     */
	VBIND_LEAF,            /* viewed ==> pages[vt].type == PG_PT1              */
	VBIND_PRESENT,         /* viewed ==> PteP(ptmem[vt].e[vi])                 */
	VBIND_ADDR,            /* viewed ==> PteAddr(ptmem[vt].e[vi]) == p        */
	VBIND_TAG,             /* viewed ==> PteTag(ptmem[vt].e[vi]) == PTE_TAG_VIEW */
	BIND_TABLE_LINKED,     /* PG_PT1 <= type <= PG_PT3 ==> bound               */
	BIND_ROOT,             /* type == PG_PT4 ==> envs[owner].root == p         */
	/* CapsInv: CapOk(k) */
	CAP_STATUS_RANGE,      /* CAP_FREE <= status <= CAP_DEAD                   */
	CAP_BOUND_LIVE,        /* bound ==> status == CAP_LIVE                     */
	CAP_BOUND_VALID,       /* bound ==> ValidPpn(bind_table) && 0 <= bind_index < NPTE */
	CAP_BOUND_LEAF,        /* bound ==> pages[bt].type == PG_PT1               */
	CAP_BOUND_HOLDER,      /* bound ==> pages[bt].owner == holder              */
	CAP_BOUND_PRESENT,     /* bound ==> PteP(ptmem[bt].e[bi])                  */
	CAP_BOUND_TAG,         /* bound ==> PteTag(ptmem[bt].e[bi]) == k + 1       */
	CAP_PAGE_USER,         /* live ==> ValidPpn(page) && pages[page].type == PG_USER */
	CAP_HOLDER_LIVE,       /* live ==> Live(holder)                            */
	CAP_RIGHTS,            /* live ==> 0 <= rights <= PERM_ALL                 */
	CAP_PARENT_VALID,      /* live ==> parent == NO_CAP || (ValidCap(parent) && its status != FREE) */
	CAP_PARENT_PAGE,       /*   ... && caps[parent].page == page               */
	CAP_PARENT_RIGHTS,     /*   ... && SubRights(rights, caps[parent].rights)  */
	/* CapsInv: SweepOk */
	SWEEP_PHASE_RANGE,     /* SWEEP_IDLE <= phase <= SWEEP_FREE                */
	SWEEP_CURSOR_RANGE,    /* cursor < NCAP                                    */
	SWEEP_IDLE_NO_DEAD,    /* IDLE ==> no DEAD capability                      */
	SWEEP_MARK_CLEAN,      /* MARK && changed == 0 ==> nothing doomed below the cursor */
	SWEEP_FREE_NO_DOOMED,  /* FREE ==> nothing doomed                          */
	SWEEP_FREE_FREED,      /* FREE ==> nothing DEAD below the cursor           */
	INV_NCLAUSES
};

extern const char *const inv_clause_name[INV_NCLAUSES];

/* the state Inv talks about */
struct inv_state {
	const struct page_info *pg;
	const struct env *ev;
	const struct ptpage *mem;
	const struct cap *cp;
	const struct cap_sweep *sw;
	uint64_t kslot, islot;
};

struct inv_report {
	int ok;                       /* Inv holds                                */
	unsigned nviol;               /* number of (clause, place) violations     */
	unsigned count[INV_NCLAUSES]; /* violations per clause                    */
	int first_clause;             /* first violation found, or -1             */
	long first_index;             /* its page, env slot or cap (-1: global)   */
	long first_entry;             /* its entry index for entry clauses, else -1 */
};

/* Evaluate Inv on *s; fills *r, returns r->ok. */
int inv_check_state(const struct inv_state *s, struct inv_report *r);

/* Evaluate Inv on the core's pages[], envs[], ptmem[], caps[], sweep,
 * vm_*_slot. */
int inv_check(struct inv_report *r);

/* One-line description of a failing report, for failure messages. */
void inv_describe(const struct inv_report *r, char *buf, size_t n);

#endif
