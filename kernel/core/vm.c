// SPDX-License-Identifier: MIT
/*
 * Secure bindings for physical memory (contracts in vm.h).  Each call is a
 * straight line of checks that return an error and change nothing,
 * followed by the commit.  The only loops zero a page or test a table for
 * emptiness: 512 iterations, bounded by NPTE.
 */
#include "vm.h"
#include "page.h"
#include "pte.h"
#include "hw.h"
#include "cap.h"
#include "../../spec/frame.acsl"

uint64_t vm_kernel_slot;
uint64_t vm_info_slot;
struct cap_sweep sweep;   /* cap.c's revocation sweep (kept out of cap.o's .bss) */

/*@ assigns \nothing;
    ensures \result != 0 <==> Live(e); */
static inline int live(int32_t e)
{
	return e >= 0 && e < NENV && envs[e].status != ENV_FREE;
}

/* Zero the free page p (it is nobody's, so Inv says nothing of its
 * contents and keeps holding while it changes). */
/*@ requires Inv && PageFree(p);
    assigns ptmem[p].e[0 .. NPTE-1];
    ensures Inv && TableEmpty(p);
*/
static void page_zero(ppn_t p)
{
	/* Eight entries a step (NPTE is a multiple of 8): a page is zeroed on
	 * every allocation and table link, and this is a quarter of the
	 * instructions of one store a step. */
	/*@ loop invariant 0 <= m <= NPTE / 8;
	    loop invariant \forall integer k; 0 <= k < 8 * m ==> ptmem[p].e[k] == 0;
	    loop assigns m, ptmem[p].e[0 .. NPTE-1];
	    loop variant NPTE / 8 - m;
	*/
	for (uint32_t m = 0; m < NPTE / 8; m++) {
		uint32_t j = 8 * m;
		ptmem[p].e[j] = 0;
		ptmem[p].e[j + 1] = 0;
		ptmem[p].e[j + 2] = 0;
		ptmem[p].e[j + 3] = 0;
		ptmem[p].e[j + 4] = 0;
		ptmem[p].e[j + 5] = 0;
		ptmem[p].e[j + 6] = 0;
		ptmem[p].e[j + 7] = 0;
	}
	//@ assert same_entries: EntriesSameBut{Pre,Here}(p, 0, p);
	//@ assert pre_parts: \at(TablesShape && TablesOwn && TablesCap && TablesView, Pre);
	//@ assert shape: FrameShape{Pre,Here}(p, 0, NO_PAGE, p);
	//@ assert own: FrameOwn{Pre,Here}(p, 0, NO_PAGE, p);
	//@ assert capmaps: FrameCap{Pre,Here}(p, 0, NO_PAGE, p, NCAP);
	//@ assert views: FrameView{Pre,Here}(p, 0, NO_PAGE, p);
	//@ assert binds: \forall integer q; ValidPpn(q) ==> BindOk(q);
	//@ assert caps_ok: CapsInv;
	//@ assert vm: VmInv;
}

/* Is every entry of page c zero? */
/*@ requires ValidPpn(c);
    assigns \nothing;
    ensures \result != 0 <==> TableEmpty(c);
*/
static int table_empty(ppn_t c)
{
	/*@ loop invariant 0 <= j <= NPTE;
	    loop invariant \forall integer k; 0 <= k < j ==> ptmem[c].e[k] == 0;
	    loop assigns j;
	    loop variant NPTE - j;
	*/
	for (uint32_t j = 0; j < NPTE; j++)
		if (ptmem[c].e[j] != 0)
			return 0;
	return 1;
}

/* Is page t a page-table page owned by e? */
/*@ requires ValidPpn(t);
    assigns \nothing;
    ensures \result != 0 <==> TableOf(e, t); */
static inline int table_of(int32_t e, ppn_t t)
{
	return pages[t].owner == e && pages[t].type >= PG_PT1 && pages[t].type <= PG_PT4;
}

/* Is index i of table t one the kernel fills (PML4 slot 0, 255 and up)? */
/*@ requires ValidPpn(t);
    assigns \nothing;
    ensures \result != 0 <==> KernelSlot(t, i); */
static inline int kernel_slot(ppn_t t, uint64_t i)
{
	return pages[t].type == PG_PT4 && (i == 0 || i >= PML4_INFO);
}

int vm_init(uint64_t kslot, uint64_t islot)
{
	if ((kslot / 4) % 2 == 1 || (islot / 2) % 2 == 1)
		return E_INVAL;
	vm_kernel_slot = kslot;
	vm_info_slot = islot;
	return E_OK;
}

int vm_root_create(int32_t e, ppn_t p)
{
	if (!live(e))
		return E_INVAL;
	if (envs[e].root != NO_PAGE)
		return E_BUSY;
	if (p >= NPAGES)
		return E_RANGE;
	if (pages[p].type == PG_NONE || pages[p].type == PG_KERNEL)
		return E_RESERVED;
	if (pages[p].type != PG_FREE)
		return E_BUSY;
	//@ assert nobody_refers: Unreferenced(p);
	//@ assert only_ref: OnlyRef(p, p, 0);
	//@ assert pre_own: TablesOwn;
	page_zero(p);
	//@ assert unviewed: Unviewed(p);
	ptmem[p].e[0] = vm_kernel_slot;
	ptmem[p].e[PML4_INFO] = vm_info_slot;
	pages[p].owner = e;
	pages[p].type = PG_PT4;
	envs[e].root = p;
	//@ ghost owner_g_set(p, e);
	envs[e].npages++;
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
	//@ assert frame_mem: \forall integer t2, i2; ValidPpn(t2) && t2 != p && 0 <= i2 < NPTE ==> ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre);
	//@ assert same_pages: PagesSameBut{Pre,Here}(p);
	//@ assert same_entries: EntriesSameBut{Pre,Here}(p, 0, p);
	//@ assert fresh: FreshTable(p);
	//@ assert new_entry: EntryOwn(p, 0);
	//@ assert own: FrameOwn{Pre,Here}(p, 0, p, p);
	return E_OK;
}

int sys_page_alloc(int32_t e, ppn_t p)
{
	if (!live(e))
		return E_INVAL;
	if (p >= NPAGES)
		return E_RANGE;
	if (pages[p].type == PG_NONE || pages[p].type == PG_KERNEL)
		return E_RESERVED;
	if (pages[p].type != PG_FREE)
		return E_BUSY;
	page_zero(p);
	//@ assert unviewed: Unviewed(p);
	pages[p].owner = e;
	pages[p].type = PG_USER;
	//@ ghost owner_g_set(p, e);
	envs[e].npages++;
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
	//@ assert frame_mem: \forall integer t2, i2; ValidPpn(t2) && t2 != p && 0 <= i2 < NPTE ==> ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre);
	return E_OK;
}

int sys_page_free(int32_t e, ppn_t p)
{
	if (!live(e))
		return E_INVAL;
	if (p >= NPAGES)
		return E_RANGE;
	if (pages[p].owner != e || pages[p].type != PG_USER)
		return E_PERM;
	if (pages[p].bind_table != NO_PAGE || cap_on_page(p))
		return E_BUSY;
	//@ assert unviewed: Unviewed(p);
	pages[p].owner = NO_OWNER;
	pages[p].type = PG_FREE;
	//@ ghost owner_g_set(p, NO_OWNER);
	envs[e].npages--;
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
	return E_OK;
}

int sys_pt_link(int32_t e, ppn_t t, uint64_t i, ppn_t c)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type == PG_PT1 || i >= NPTE || kernel_slot(t, i))
		return E_INVAL;
	if (ptmem[t].e[i] != 0)
		return E_BUSY;
	if (c >= NPAGES)
		return E_RANGE;
	if (pages[c].type == PG_NONE || pages[c].type == PG_KERNEL)
		return E_RESERVED;
	if (pages[c].type != PG_FREE)
		return E_BUSY;
	//@ assert nobody_refers: Unreferenced(c);
	//@ assert unviewed: Unviewed(c);
	//@ assert nobody_bound: NobodyAt(t, i);
	//@ assert only_ref: OnlyRef(c, t, i);
	//@ assert only_view: OnlyView(c, t, i);
	//@ assert pre_parts: TablesShape && TablesOwn && TablesCap && TablesView;
	//@ assert distinct: t != c;
	page_zero(c);
	pages[c].owner = e;
	pages[c].type = pages[t].type - 1;
	pages[c].bind_table = t;
	pages[c].bind_index = i;
	ptmem[t].e[i] = pte_link(c);
	//@ ghost owner_g_set(c, e);
	envs[e].npages++;
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != c ==> pages[q] == \at(pages[q], Pre);
	//@ assert frame_mem: \forall integer t2, i2; ValidPpn(t2) && t2 != t && t2 != c && 0 <= i2 < NPTE ==> ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre);
	//@ assert same_pages: PagesSameBut{Pre,Here}(c);
	//@ assert same_entries: EntriesSameBut{Pre,Here}(t, i, c);
	//@ assert c_empty: TableEmpty(c) && PG_PT1 <= pages[c].type <= PG_PT3;
	//@ assert fresh: FreshTable(c);
	//@ assert c_shape: \forall integer j; 0 <= j < NPTE ==> EntryShape(c, j);
	//@ assert new_entry: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, c, c);
	//@ assert own: FrameOwn{Pre,Here}(t, i, c, c);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, c, c, NCAP);
	//@ assert views: FrameView{Pre,Here}(t, i, c, c);
	return E_OK;
}

int sys_pt_unlink(int32_t e, ppn_t t, uint64_t i)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type == PG_PT1 || i >= NPTE || kernel_slot(t, i))
		return E_INVAL;
	if (!PTE_PRESENT(ptmem[t].e[i]))
		return E_NOENT;
	ppn_t c = PTE_ADDR(ptmem[t].e[i]);
	//@ assert entry: EntryOk(t, i);
	//@ assert only_ref: OnlyRef(c, t, i);
	/*@ assert sole_bind: \forall integer q; ValidPpn(q) && pages[q].bind_table == t &&
	      pages[q].bind_index == i ==> q == c; */
	//@ assert sole: SoleRef(c, t, i);
	if (pages[c].view_table != NO_PAGE || !table_empty(c))
		return E_BUSY;
	//@ assert unviewed: Unviewed(c);
	//@ assert only_ref: OnlyRef(c, t, i);
	//@ assert only_view: OnlyView(c, t, i);
	//@ assert pre_parts: TablesShape && TablesOwn && TablesCap && TablesView;
	ptmem[t].e[i] = 0;
	//@ ghost tlb_stale = 1;
	//@ assert cleared: !PteP(ptmem[t].e[i]);
	//@ assert mid_same: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert now_unreferenced: Unreferenced(c);
	//@ assert child: PG_PT1 <= pages[c].type <= PG_PT3 && c != t;
	/*@ assert others_parts: \forall integer t2, i2; ValidPpn(t2) && t2 != c &&
	      TableType(pages[t2].type) && 0 <= i2 < NPTE ==>
	      EntryShape(t2, i2) && EntryOwn(t2, i2) && EntryCap(t2, i2) && EntryView(t2, i2); */
	//@ assert others_ok: \forall integer t2; ValidPpn(t2) && t2 != c ==> TableOk(t2);
	struct page_info freed = { NO_OWNER, PG_FREE, NO_PAGE, 0, NO_PAGE, 0 };
	pages[c] = freed;
	//@ ghost owner_g_set(c, NO_OWNER);
	envs[e].npages--;
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != c ==> pages[q] == \at(pages[q], Pre);
	/*@ assert frame_entry: \forall integer t2, i2; ValidPpn(t2) && 0 <= i2 < NPTE && !(t2 == t && i2 == i) ==>
	      ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre); */
	//@ assert same_pages: PagesSameBut{Pre,Here}(c);
	//@ assert same_entries: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert freed_c: pages[c].type == PG_FREE;
	//@ assert new_entry: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, c, NO_PAGE);
	//@ assert own: FrameOwn{Pre,Here}(t, i, c, NO_PAGE);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, c, NO_PAGE, NCAP);
	//@ assert views: FrameView{Pre,Here}(t, i, c, NO_PAGE);
	hw_tlb_flush();
	return E_OK;
}

int sys_pt_map(int32_t e, ppn_t t, uint64_t i, ppn_t p, uint64_t perm)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type != PG_PT1 || i >= NPTE || perm > PERM_ALL)
		return E_INVAL;
	if (ptmem[t].e[i] != 0)
		return E_BUSY;
	if (p >= NPAGES)
		return E_RANGE;
	if (pages[p].owner != e || pages[p].type != PG_USER)
		return E_PERM;
	if (pages[p].bind_table != NO_PAGE)
		return E_BUSY;
	//@ assert nobody_refers: Unreferenced(p);
	//@ assert nobody_bound: NobodyAt(t, i);
	//@ assert only_ref: OnlyRef(p, t, i);
	//@ assert pre_own: TablesOwn;
	pages[p].bind_table = t;
	pages[p].bind_index = i;
	ptmem[t].e[i] = pte_leaf(p, perm, 0);
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
	/*@ assert frame_entry: \forall integer t2, i2; ValidPpn(t2) && 0 <= i2 < NPTE && !(t2 == t && i2 == i) ==>
	      ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre); */
	//@ assert same_pages: PagesSameBut{Pre,Here}(p);
	//@ assert same_entries: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert kind_p: KindSame{Pre,Here}(p);
	//@ assert new_own: EntryOwn(t, i);
	//@ assert own: FrameOwn{Pre,Here}(t, i, p, NO_PAGE);
	//@ assert own_ok: TablesOwn;
	//@ assert same_p: ViewSame{Pre,Here}(p);
	//@ assert pre_parts: \at(TablesShape && TablesCap && TablesView, Pre);
	//@ assert new_entry: EntryShape(t, i) && EntryCap(t, i) && EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, p, NO_PAGE);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, p, NO_PAGE, NCAP);
	//@ assert views: FrameView{Pre,Here}(t, i, p, NO_PAGE);
	return E_OK;
}

int sys_pt_unmap(int32_t e, ppn_t t, uint64_t i)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type != PG_PT1 || i >= NPTE)
		return E_INVAL;
	if (!PTE_PRESENT(ptmem[t].e[i]))
		return E_NOENT;
	ppn_t p = PTE_ADDR(ptmem[t].e[i]);
	uint64_t tag = PTE_TAG(ptmem[t].e[i]);
	//@ assert entry: EntryOk(t, i);
	//@ assert pre_parts: TablesShape && TablesOwn && TablesCap && TablesView;
	if (tag == 0) {
		//@ assert only_ref: OnlyRef(p, t, i);
		//@ assert sole_bind: \forall integer q; ValidPpn(q) && pages[q].bind_table == t && pages[q].bind_index == i ==> q == p;
		//@ assert sole: SoleRef(p, t, i);
		ptmem[t].e[i] = 0;
		pages[p].bind_table = NO_PAGE;
		//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
		//@ assert same_pages: PagesSameBut{Pre,Here}(p);
		//@ assert same_entries: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
		//@ assert same_p: ViewSame{Pre,Here}(p);
		//@ assert new_entry: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
		//@ assert shape: FrameShape{Pre,Here}(t, i, p, NO_PAGE);
		//@ assert own: FrameOwn{Pre,Here}(t, i, p, NO_PAGE);
		//@ assert capmaps: FrameCap{Pre,Here}(t, i, p, NO_PAGE, NCAP);
		//@ assert views: FrameView{Pre,Here}(t, i, p, NO_PAGE);
	} else if (tag == PTE_TAG_VIEW) {
		//@ assert only_view: OnlyView(p, t, i);
		ptmem[t].e[i] = 0;
		pages[p].view_table = NO_PAGE;
		//@ assert frame_pages_v: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
		//@ assert same_pages_v: PagesSameBut{Pre,Here}(p);
		//@ assert same_entries_v: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
		//@ assert same_p_v: OwnSame{Pre,Here}(p);
		//@ assert new_entry_v: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
		//@ assert shape_v: FrameShape{Pre,Here}(t, i, p, NO_PAGE);
		//@ assert own_v: FrameOwn{Pre,Here}(t, i, p, NO_PAGE);
		//@ assert capmaps_v: FrameCap{Pre,Here}(t, i, p, NO_PAGE, NCAP);
		//@ assert views_v: FrameView{Pre,Here}(t, i, p, NO_PAGE);
	} else {
		//@ assert cap_bound: 1 <= tag <= NCAP && caps[tag - 1].bind_table == t && caps[tag - 1].bind_index == i;
		//@ assert only_map: OnlyCapMap(tag - 1, t, i);
		ptmem[t].e[i] = 0;
		caps[tag - 1].bind_table = NO_PAGE;
		//@ assert frame_caps: CapsSameBut{Pre,Here}(tag - 1);
		//@ assert same_pages_c: PagesSameBut{Pre,Here}(NO_PAGE);
		//@ assert same_entries_c: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
		//@ assert new_entry_c: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
		//@ assert shape_c: FrameShape{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
		//@ assert own_c: FrameOwn{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
		//@ assert capmaps_c: FrameCap{Pre,Here}(t, i, NO_PAGE, NO_PAGE, tag - 1);
		//@ assert views_c: FrameView{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	}
	//@ ghost tlb_stale = 1;   /* each branch above removed the entry */
	/*@ assert frame_entry: \forall integer t2, i2; ValidPpn(t2) && 0 <= i2 < NPTE && !(t2 == t && i2 == i) ==>
	      ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre); */
	hw_tlb_flush();
	return E_OK;
}

void vm_unbind(ppn_t p)
{
	ppn_t t = pages[p].bind_table;
	uint64_t i = pages[p].bind_index;
	//@ assert bind: BindOk(p);
	//@ assert entry: EntryOk(t, i);
	//@ assert pre_parts: TablesShape && TablesOwn && TablesCap && TablesView;
	//@ assert only_ref: OnlyRef(p, t, i);
	//@ assert sole_bind: \forall integer q; ValidPpn(q) && pages[q].bind_table == t && pages[q].bind_index == i ==> q == p;
	//@ assert sole: SoleRef(p, t, i);
	ptmem[t].e[i] = 0;
	pages[p].bind_table = NO_PAGE;
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != p ==> pages[q] == \at(pages[q], Pre);
	//@ assert same_pages: PagesSameBut{Pre,Here}(p);
	//@ assert same_entries: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert same_p: ViewSame{Pre,Here}(p);
	//@ assert new_entry: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, p, NO_PAGE);
	//@ assert own: FrameOwn{Pre,Here}(t, i, p, NO_PAGE);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, p, NO_PAGE, NCAP);
	//@ assert views: FrameView{Pre,Here}(t, i, p, NO_PAGE);
	//@ ghost tlb_stale = 1;
	hw_tlb_flush();
}

int sys_pt_prot(int32_t e, ppn_t t, uint64_t i, uint64_t perm)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type != PG_PT1 || i >= NPTE || perm > PERM_ALL)
		return E_INVAL;
	if (!PTE_PRESENT(ptmem[t].e[i]))
		return E_NOENT;
	ppn_t p = PTE_ADDR(ptmem[t].e[i]);
	uint64_t tag = PTE_TAG(ptmem[t].e[i]);
	//@ assert entry: EntryOk(t, i);
	if (tag == PTE_TAG_VIEW && perm != 0)
		return E_PERM;
	if (tag != 0 && tag != PTE_TAG_VIEW &&
	    (perm % 2 > caps[tag - 1].rights % 2 || perm / 2 > caps[tag - 1].rights / 2))
		return E_PERM;
	ptmem[t].e[i] = pte_leaf(p, perm, tag);
	//@ ghost tlb_stale = 1;
	//@ assert frame_entry: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert frame_pages: PagesSameBut{Pre,Here}(NO_PAGE);
	//@ assert frame_caps: CapsSameBut{Pre,Here}(NCAP);
	//@ assert pre_parts: \at(TablesShape && TablesOwn && TablesCap && TablesView, Pre);
	//@ assert new_shape: EntryShape(t, i);
	//@ assert new_own: EntryOwn(t, i);
	//@ assert new_cap: EntryCap(t, i);
	//@ assert new_view: EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	//@ assert own: FrameOwn{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, NO_PAGE, NO_PAGE, NCAP);
	//@ assert views: FrameView{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	hw_tlb_flush();
	return E_OK;
}

int sys_pt_map_cap(int32_t e, ppn_t t, uint64_t i, uint64_t k, uint64_t perm)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type != PG_PT1 || i >= NPTE || perm > PERM_ALL || k >= NCAP)
		return E_INVAL;
	if (ptmem[t].e[i] != 0)
		return E_BUSY;
	if (caps[k].status != CAP_LIVE || caps[k].holder != e)
		return E_PERM;
	if (caps[k].bind_table != NO_PAGE)
		return E_BUSY;
	if (perm % 2 > caps[k].rights % 2 || perm / 2 > caps[k].rights / 2)
		return E_PERM;
	//@ assert nobody_bound: NobodyAt(t, i);
	//@ assert unmapped: NoCapMapping(k);
	caps[k].bind_table = t;
	caps[k].bind_index = i;
	ptmem[t].e[i] = pte_leaf(caps[k].page, perm, k + 1);
	//@ assert frame_caps: CapsSameBut{Pre,Here}(k);
	/*@ assert same_status: \forall integer j; ValidCap(j) ==>
	      caps[j].status == \at(caps[j].status, Pre) && caps[j].parent == \at(caps[j].parent, Pre); */
	//@ assert sweep_ok: SweepOk;
	//@ assert frame_entry: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert frame_pages: PagesSameBut{Pre,Here}(NO_PAGE);
	//@ assert only_map: \at(OnlyCapMap(k, t, i), Pre);
	//@ assert pre_parts: \at(TablesShape && TablesOwn && TablesCap && TablesView, Pre);
	//@ assert new_shape: EntryShape(t, i);
	//@ assert new_entry: EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	//@ assert own: FrameOwn{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, NO_PAGE, NO_PAGE, k);
	//@ assert views: FrameView{Pre,Here}(t, i, NO_PAGE, NO_PAGE);
	return E_OK;
}

int sys_pt_view(int32_t e, ppn_t t, uint64_t i, ppn_t v)
{
	if (!live(e))
		return E_INVAL;
	if (t >= NPAGES)
		return E_RANGE;
	if (!table_of(e, t))
		return E_PERM;
	if (pages[t].type != PG_PT1 || i >= NPTE)
		return E_INVAL;
	if (ptmem[t].e[i] != 0)
		return E_BUSY;
	if (v >= NPAGES)
		return E_RANGE;
	if (!table_of(e, v))
		return E_PERM;
	if (pages[v].view_table != NO_PAGE)
		return E_BUSY;
	//@ assert nobody_bound: NobodyAt(t, i);
	//@ assert unviewed: Unviewed(v);
	//@ assert only_view: OnlyView(v, t, i);
	//@ assert pre_parts: TablesShape && TablesOwn && TablesCap && TablesView;
	pages[v].view_table = t;
	pages[v].view_index = i;
	ptmem[t].e[i] = pte_leaf(v, 0, PTE_TAG_VIEW);
	//@ assert frame_pages: \forall integer q; ValidPpn(q) && q != v ==> pages[q] == \at(pages[q], Pre);
	/*@ assert frame_entry: \forall integer t2, i2; ValidPpn(t2) && 0 <= i2 < NPTE && !(t2 == t && i2 == i) ==>
	      ptmem[t2].e[i2] == \at(ptmem[t2].e[i2], Pre); */
	//@ assert same_pages: PagesSameBut{Pre,Here}(v);
	//@ assert same_entries: EntriesSameBut{Pre,Here}(t, i, NO_PAGE);
	//@ assert same_v: OwnSame{Pre,Here}(v) && KindSame{Pre,Here}(v);
	//@ assert frame_caps: CapsSameBut{Pre,Here}(NCAP);
	//@ assert new_entry: EntryShape(t, i) && EntryOwn(t, i) && EntryCap(t, i) && EntryView(t, i);
	//@ assert shape: FrameShape{Pre,Here}(t, i, v, NO_PAGE);
	//@ assert own: FrameOwn{Pre,Here}(t, i, v, NO_PAGE);
	//@ assert capmaps: FrameCap{Pre,Here}(t, i, v, NO_PAGE, NCAP);
	//@ assert views: FrameView{Pre,Here}(t, i, v, NO_PAGE);
	return E_OK;
}
