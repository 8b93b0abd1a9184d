/* SPDX-License-Identifier: MIT */
/*
 * Secure bindings for physical memory: exposed allocation of named pages,
 * and page tables that the libOS builds itself through typed, O(1) calls
 * in which the caller names every page and index (Hyperkernel, Xok).  The
 * kernel checks each call against the page table (pages[]) and the
 * invariant VmInv (spec/inv.acsl): every user mapping points to a page the
 * env owns, tables match their level, and no page is referenced by more
 * than the one entry its binding names.
 *
 * Every call takes the caller's slot e first.  Errors, in the order
 * checked, are listed above each function; a failing call changes nothing.
 */
#ifndef CORE_VM_H
#define CORE_VM_H
#include "types.h"
#include "cap.h"

/*@ // t is a page-table page owned by e.
    predicate TableOf(integer e, integer t) =
      ValidPpn(t) && pages[t].owner == e && TableType(pages[t].type);

    // Every entry of table page c is zero.
    predicate TableEmpty(integer c) =
      \forall integer j; 0 <= j < NPTE ==> ptmem[c].e[j] == 0;

    // Entry i of table t is an own entry (a link, or a leaf entry with
    // tag 0) that refers to page p.  Capability mappings and table views
    // are tracked by their own bindings.
    predicate RefersTo(integer t, integer i, integer p) =
      ValidPpn(t) && TableType(pages[t].type) && 0 <= i < NPTE &&
      !KernelSlot(t, i) && PteP(ptmem[t].e[i]) && PteAddr(ptmem[t].e[i]) == p &&
      (pages[t].type != PG_PT1 || PteTag(ptmem[t].e[i]) == 0);

    // (t, i) is the only entry referring to p, and p the only page bound there.
    predicate SoleRef(integer p, integer t, integer i) =
      (\forall integer t2, i2; RefersTo(t2, i2, p) ==> t2 == t && i2 == i) &&
      (\forall integer q; ValidPpn(q) && pages[q].bind_table == t &&
         pages[q].bind_index == i ==> q == p);

    // Entry x may get permissions perm: any for an own mapping, none but
    // read for a view, at most the capability's rights for the rest.
    predicate ProtAllowed(integer x, integer perm) =
      (PteTag(x) == PTE_TAG_VIEW ==> perm == 0) &&
      (PteTag(x) != 0 && PteTag(x) != PTE_TAG_VIEW ==> SubRights(perm, caps[PteTag(x) - 1].rights));

    // No own entry refers to c.
    predicate Unreferenced(integer c) = \forall integer t2, i2; !RefersTo(t2, i2, c);
*/

/* Boot: record the PML4 entries for kernel slot 0 (must be supervisor-only)
 * and the page-info slot (must be read-only).  E_INVAL otherwise. */
/*@ requires Inv;
    requires no_root: \forall integer p; ValidPpn(p) ==> pages[p].type != PG_PT4;
    assigns vm_kernel_slot, vm_info_slot;
    ENSURES_INV
    behavior bad:
      assumes PteU(kslot) || PteW(islot);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior ok:
      assumes !PteU(kslot) && !PteW(islot);
      ensures \result == E_OK && vm_kernel_slot == kslot && vm_info_slot == islot;
    complete behaviors;
    disjoint behaviors;
*/
int vm_init(uint64_t kslot, uint64_t islot);

/* Make the free page p the root page table (PML4) of live env e, which has
 * none yet: zeroed, with the kernel's two slots filled in.  Errors:
 * E_INVAL (e not live), E_BUSY (e has a root), E_RANGE, E_RESERVED (p is
 * kernel or not RAM), E_BUSY (p is owned). */
/*@ requires Inv;
    assigns pages[p], envs[e].root, envs[e].npages, owner_g[p], ptmem[p].e[0 .. NPTE-1];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior has_root:
      assumes Live(e) && envs[e].root != NO_PAGE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior range:
      assumes Live(e) && envs[e].root == NO_PAGE && !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior reserved:
      assumes Live(e) && envs[e].root == NO_PAGE && ValidPpn(p) &&
              (pages[p].type == PG_NONE || pages[p].type == PG_KERNEL);
      assigns \nothing;
      ensures \result == E_RESERVED;
    behavior busy:
      assumes Live(e) && envs[e].root == NO_PAGE && ValidPpn(p) &&
              OwnedType(pages[p].type);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && envs[e].root == NO_PAGE && PageFree(p);
      ensures \result == E_OK && envs[e].root == p;
      ensures pages[p].owner == e && pages[p].type == PG_PT4;
      ensures envs[e].npages == \old(envs[e].npages) + 1;
      ensures ptmem[p].e[0] == vm_kernel_slot && ptmem[p].e[PML4_INFO] == vm_info_slot;
    complete behaviors;
    disjoint behaviors;
*/
int vm_root_create(int32_t e, ppn_t p);

/* Allocate the free page p, named by the caller, as a zeroed data page of
 * e.  Errors: E_INVAL (e not live), E_RANGE (p beyond the table),
 * E_RESERVED (kernel page or not RAM), E_BUSY (p is owned). */
/*@ requires Inv;
    assigns pages[p], envs[e].npages, owner_g[p], ptmem[p].e[0 .. NPTE-1];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior range:
      assumes Live(e) && !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior reserved:
      assumes Live(e) && ValidPpn(p) &&
              (pages[p].type == PG_NONE || pages[p].type == PG_KERNEL);
      assigns \nothing;
      ensures \result == E_RESERVED;
    behavior busy:
      assumes Live(e) && ValidPpn(p) && OwnedType(pages[p].type);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && PageFree(p);
      ensures \result == E_OK && pages[p].owner == e && pages[p].type == PG_USER;
      ensures pages[p].bind_table == NO_PAGE && TableEmpty(p);
      ensures envs[e].npages == \old(envs[e].npages) + 1;
    complete behaviors;
    disjoint behaviors;
*/
int sys_page_alloc(int32_t e, ppn_t p);

/* Free e's data page p.  Errors: E_INVAL (e not live), E_RANGE, E_PERM (p
 * is not a data page of e: tables go with sys_pt_unlink, the root with
 * the env), E_BUSY (p is still mapped, or a live capability names it:
 * unmap it or revoke first). */
/*@ requires Inv;
    assigns pages[p], envs[e].npages, owner_g[p];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior range:
      assumes Live(e) && !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior perm:
      assumes Live(e) && ValidPpn(p) && !(pages[p].owner == e && pages[p].type == PG_USER);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior mapped:
      assumes Live(e) && ValidPpn(p) && pages[p].owner == e && pages[p].type == PG_USER &&
              (pages[p].bind_table != NO_PAGE || !NoCapOn(p));
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && ValidPpn(p) && pages[p].owner == e && pages[p].type == PG_USER &&
              pages[p].bind_table == NO_PAGE && NoCapOn(p);
      ensures \result == E_OK && PageFree(p) && pages[p].owner == NO_OWNER;
      ensures envs[e].npages == \old(envs[e].npages) - 1;
    complete behaviors;
    disjoint behaviors;
*/
int sys_page_free(int32_t e, ppn_t p);

/* Make the free page c a zeroed table one level below e's table t and link
 * it at index i of t.  Errors: E_INVAL (e not live), E_RANGE (t), E_PERM
 * (t is not a table of e), E_INVAL (t is a leaf table, or i is out of range
 * or a kernel slot), E_BUSY (entry i in use), E_RANGE (c), E_RESERVED (c),
 * E_BUSY (c is owned). */
/*@ requires Inv;
    assigns pages[c], envs[e].npages, owner_g[c], ptmem[c].e[0 .. NPTE-1], ptmem[t].e[i];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior t_leaf:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior bad_index:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              (i >= NPTE || KernelSlot(t, i));
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior used:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && ptmem[t].e[i] != 0;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior c_range:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && ptmem[t].e[i] == 0 && !ValidPpn(c);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior c_reserved:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && ptmem[t].e[i] == 0 && ValidPpn(c) &&
              (pages[c].type == PG_NONE || pages[c].type == PG_KERNEL);
      assigns \nothing;
      ensures \result == E_RESERVED;
    behavior c_busy:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && ptmem[t].e[i] == 0 && ValidPpn(c) &&
              OwnedType(pages[c].type);
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && ptmem[t].e[i] == 0 && PageFree(c);
      ensures \result == E_OK;
      ensures pages[c].owner == e && pages[c].type == \old(pages[t].type) - 1;
      ensures pages[c].bind_table == t && pages[c].bind_index == i && TableEmpty(c);
      ensures envs[e].npages == \old(envs[e].npages) + 1;
      ensures PteP(ptmem[t].e[i]) && PteAddr(ptmem[t].e[i]) == c;
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_link(int32_t e, ppn_t t, uint64_t i, ppn_t c);

/* Unlink the empty table linked at index i of e's table t and free it.
 * Errors: E_INVAL (e), E_RANGE (t), E_PERM (t), E_INVAL (t is a leaf
 * table, or bad index), E_NOENT (nothing linked there), E_BUSY (the child
 * table still has entries). */
/*@ requires Inv;
    assigns pages[PteAddr(ptmem[t].e[i])], envs[e].npages, owner_g[PteAddr(ptmem[t].e[i])],
            ptmem[t].e[i], tlb_stale;
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior t_leaf:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1;
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior bad_index:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              (i >= NPTE || KernelSlot(t, i));
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior empty_entry:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && !PteP(ptmem[t].e[i]);
      assigns \nothing;
      ensures \result == E_NOENT;
    behavior child_busy:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && PteP(ptmem[t].e[i]) &&
              (pages[PteAddr(ptmem[t].e[i])].view_table != NO_PAGE ||
               !TableEmpty(PteAddr(ptmem[t].e[i])));
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type != PG_PT1 &&
              i < NPTE && !KernelSlot(t, i) && PteP(ptmem[t].e[i]) &&
              pages[PteAddr(ptmem[t].e[i])].view_table == NO_PAGE &&
              TableEmpty(PteAddr(ptmem[t].e[i]));
      ensures \result == E_OK && ptmem[t].e[i] == 0;
      ensures tlb: tlb_stale == 0;
      ensures PageFree(PteAddr(\old(ptmem[t].e[i])));
      ensures envs[e].npages == \old(envs[e].npages) - 1;
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_unlink(int32_t e, ppn_t t, uint64_t i);

/* Map e's unmapped data page p at index i of e's leaf table t, with
 * permissions perm (PERM_W, PERM_X).  Errors: E_INVAL (e), E_RANGE (t),
 * E_PERM (t), E_INVAL (t not a leaf table, bad index, bad perm), E_BUSY
 * (entry in use), E_RANGE (p), E_PERM (p is not a data page of e: free,
 * kernel, a table, another env's), E_BUSY (p is mapped elsewhere). */
/*@ requires Inv;
    assigns pages[p].bind_table, pages[p].bind_index, ptmem[t].e[i];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && TableOf(e, t) &&
              (pages[t].type != PG_PT1 || i >= NPTE || perm > PERM_ALL);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior used:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && ptmem[t].e[i] != 0;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior p_range:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && ptmem[t].e[i] == 0 && !ValidPpn(p);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior p_perm:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && ptmem[t].e[i] == 0 && ValidPpn(p) &&
              !(pages[p].owner == e && pages[p].type == PG_USER);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior p_mapped:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && ptmem[t].e[i] == 0 && ValidPpn(p) &&
              pages[p].owner == e && pages[p].type == PG_USER &&
              pages[p].bind_table != NO_PAGE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && ptmem[t].e[i] == 0 && ValidPpn(p) &&
              pages[p].owner == e && pages[p].type == PG_USER &&
              pages[p].bind_table == NO_PAGE;
      ensures \result == E_OK && pages[p].bind_table == t && pages[p].bind_index == i;
      ensures PteP(ptmem[t].e[i]) && PteAddr(ptmem[t].e[i]) == p;
      ensures PteW(ptmem[t].e[i]) <==> (perm == PERM_W || perm == PERM_ALL);
      ensures PteNX(ptmem[t].e[i]) <==> (perm == 0 || perm == PERM_W);
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_map(int32_t e, ppn_t t, uint64_t i, ppn_t p, uint64_t perm);

/* Remove the mapping at index i of e's leaf table t, whatever its kind
 * (own, through a capability, table view), and flush the TLB.  Errors:
 * E_INVAL (e), E_RANGE (t), E_PERM (t), E_INVAL (t not a leaf table, bad
 * index), E_NOENT (nothing mapped there). */
/*@ requires Inv;
    assigns pages[PteAddr(ptmem[t].e[i])].bind_table,
            pages[PteAddr(ptmem[t].e[i])].view_table,
            caps[PteTag(ptmem[t].e[i]) - 1].bind_table, ptmem[t].e[i], tlb_stale;
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && TableOf(e, t) && (pages[t].type != PG_PT1 || i >= NPTE);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior empty:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              !PteP(ptmem[t].e[i]);
      assigns \nothing;
      ensures \result == E_NOENT;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              PteP(ptmem[t].e[i]);
      ensures \result == E_OK && ptmem[t].e[i] == 0;
      ensures tlb: tlb_stale == 0;
      ensures PteTag(\old(ptmem[t].e[i])) == 0 ==>
              pages[PteAddr(\old(ptmem[t].e[i]))].bind_table == NO_PAGE;
      ensures PteTag(\old(ptmem[t].e[i])) == PTE_TAG_VIEW ==>
              pages[PteAddr(\old(ptmem[t].e[i]))].view_table == NO_PAGE;
      ensures 1 <= PteTag(\old(ptmem[t].e[i])) <= NCAP ==>
              caps[PteTag(\old(ptmem[t].e[i])) - 1].bind_table == NO_PAGE;
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_unmap(int32_t e, ppn_t t, uint64_t i);

/* The abort protocol's trap side (rev_force): remove the mapping that binds
 * data page p, its owner's own leaf entry (tag 0), as sys_pt_unmap does for
 * that entry, and flush the TLB.  Its frame names only that entry, where
 * sys_pt_unmap's names whatever entry it is given. */
/*@ requires Inv && ValidPpn(p) && pages[p].type == PG_USER && pages[p].bind_table != NO_PAGE;
    assigns ptmem[pages[p].bind_table].e[pages[p].bind_index], pages[p].bind_table, tlb_stale;
    ENSURES_INV
    ensures unbound: pages[p].bind_table == NO_PAGE;
    ensures tlb: tlb_stale == 0;
*/
void vm_unbind(ppn_t p);

/* Change the permissions of the mapping at index i of e's leaf table t and
 * flush the TLB.  Errors as sys_pt_unmap, plus E_INVAL for a bad perm and
 * E_PERM for rights beyond those of the capability it was mapped through,
 * or any right on a table view (views stay read-only, no-execute). */
/*@ requires Inv;
    assigns ptmem[t].e[i], tlb_stale;
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && TableOf(e, t) &&
              (pages[t].type != PG_PT1 || i >= NPTE || perm > PERM_ALL);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior empty:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && !PteP(ptmem[t].e[i]);
      assigns \nothing;
      ensures \result == E_NOENT;
    behavior denied:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && PteP(ptmem[t].e[i]) && !ProtAllowed(ptmem[t].e[i], perm);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && PteP(ptmem[t].e[i]) && ProtAllowed(ptmem[t].e[i], perm);
      ensures \result == E_OK && PteP(ptmem[t].e[i]);
      ensures tlb: tlb_stale == 0;
      ensures PteTag(ptmem[t].e[i]) == PteTag(\old(ptmem[t].e[i]));
      ensures PteAddr(ptmem[t].e[i]) == PteAddr(\old(ptmem[t].e[i]));
      ensures PteW(ptmem[t].e[i]) <==> (perm == PERM_W || perm == PERM_ALL);
      ensures PteNX(ptmem[t].e[i]) <==> (perm == 0 || perm == PERM_W);
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_prot(int32_t e, ppn_t t, uint64_t i, uint64_t perm);

/* Map the page of capability k, held by e and not mapped yet, at index i
 * of e's leaf table t with permissions perm within the capability's
 * rights.  Errors: E_INVAL (e), E_RANGE (t), E_PERM (t), E_INVAL (t not a
 * leaf table, bad index, bad perm, k out of range), E_BUSY (entry in use),
 * E_PERM (k is not a live capability of e), E_BUSY (k already mapped),
 * E_PERM (perm exceeds its rights). */
/*@ requires Inv;
    assigns caps[k].bind_table, caps[k].bind_index, ptmem[t].e[i];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && TableOf(e, t) &&
              (pages[t].type != PG_PT1 || i >= NPTE || perm > PERM_ALL || k >= NCAP);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior used:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && k < NCAP && ptmem[t].e[i] != 0;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior not_held:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && k < NCAP && ptmem[t].e[i] == 0 &&
              !(caps[k].status == CAP_LIVE && caps[k].holder == e);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior cap_mapped:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && k < NCAP && ptmem[t].e[i] == 0 &&
              caps[k].status == CAP_LIVE && caps[k].holder == e &&
              caps[k].bind_table != NO_PAGE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior amplify:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && k < NCAP && ptmem[t].e[i] == 0 &&
              caps[k].status == CAP_LIVE && caps[k].holder == e &&
              caps[k].bind_table == NO_PAGE && !SubRights(perm, caps[k].rights);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              perm <= PERM_ALL && k < NCAP && ptmem[t].e[i] == 0 &&
              caps[k].status == CAP_LIVE && caps[k].holder == e &&
              caps[k].bind_table == NO_PAGE && SubRights(perm, caps[k].rights);
      ensures \result == E_OK && caps[k].bind_table == t && caps[k].bind_index == i;
      ensures PteP(ptmem[t].e[i]) && PteAddr(ptmem[t].e[i]) == caps[k].page;
      ensures PteTag(ptmem[t].e[i]) == k + 1;
      ensures PteW(ptmem[t].e[i]) <==> (perm == PERM_W || perm == PERM_ALL);
      ensures PteNX(ptmem[t].e[i]) <==> (perm == 0 || perm == PERM_W);
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_map_cap(int32_t e, ppn_t t, uint64_t i, uint64_t k, uint64_t perm);

/* Map e's table page v read-only and no-execute at index i of e's leaf
 * table t, so the libOS can read its own page tables (accessed and dirty
 * bits included).  One view per table page.  Errors: E_INVAL (e),
 * E_RANGE (t), E_PERM (t), E_INVAL (t not a leaf table, bad index),
 * E_BUSY (entry in use), E_RANGE (v), E_PERM (v is not a table of e),
 * E_BUSY (v already has a view). */
/*@ requires Inv;
    assigns pages[v].view_table, pages[v].view_index, ptmem[t].e[i];
    ENSURES_INV
    behavior bad_env:
      assumes !Live(e);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior t_range:
      assumes Live(e) && !ValidPpn(t);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior t_perm:
      assumes Live(e) && ValidPpn(t) && !TableOf(e, t);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior bad_arg:
      assumes Live(e) && TableOf(e, t) && (pages[t].type != PG_PT1 || i >= NPTE);
      assigns \nothing;
      ensures \result == E_INVAL;
    behavior used:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              ptmem[t].e[i] != 0;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior v_range:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              ptmem[t].e[i] == 0 && !ValidPpn(v);
      assigns \nothing;
      ensures \result == E_RANGE;
    behavior v_perm:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              ptmem[t].e[i] == 0 && ValidPpn(v) && !TableOf(e, v);
      assigns \nothing;
      ensures \result == E_PERM;
    behavior viewed:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              ptmem[t].e[i] == 0 && TableOf(e, v) && pages[v].view_table != NO_PAGE;
      assigns \nothing;
      ensures \result == E_BUSY;
    behavior ok:
      assumes Live(e) && TableOf(e, t) && pages[t].type == PG_PT1 && i < NPTE &&
              ptmem[t].e[i] == 0 && TableOf(e, v) && pages[v].view_table == NO_PAGE;
      ensures \result == E_OK && pages[v].view_table == t && pages[v].view_index == i;
      ensures PteP(ptmem[t].e[i]) && PteAddr(ptmem[t].e[i]) == v;
      ensures !PteW(ptmem[t].e[i]) && PteNX(ptmem[t].e[i]);
    complete behaviors;
    disjoint behaviors;
*/
int sys_pt_view(int32_t e, ppn_t t, uint64_t i, ppn_t v);

#endif
