// SPDX-License-Identifier: MIT
/*
 * Page tables.  The kernel's own tables identity-map physical memory in
 * PML4 slot 0, supervisor-only: 4 KiB pages over the first 8 MiB (page 0
 * left unmapped to catch NULL, kernel text read-only and executable,
 * everything else no-execute), 2 MiB no-execute pages above.  The same
 * tables appear again at 1 GiB: that is `ptmem`, the window through which
 * the verified core reads and writes page-table pages.
 *
 * Every environment's PML4 shares slot 0, and slot 255 maps the page-info
 * table (pages[]) read-only for ring 3.  Everything else in an env's
 * tables is built through the verified calls of kernel/core/vm.c, by the
 * libOS itself or, for boot modules, by the loader below.  Which free page
 * the loader takes is bootstrap policy kept out of the core
 * (boot_pick_free_page).
 */
#include "arch.h"
#include "hw.h"
#include "../../core/page.h"
#include "../../core/vm.h"
#include "../../core/pte.h"
#include "../../core/revoke.h"

#define PTE_P   0x1ull
#define PTE_W   0x2ull
#define PTE_U   0x4ull
#define PTE_PS  0x80ull
#define PTE_NX  (1ull << 63)
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ull
#define KPT_N   4                      /* 4 KiB-mapped region: 8 MiB */

extern char __kernel_start[], __text_end[], __rodata_end[];
extern uint32_t boot_nx_enabled;
int nx_enabled;

static uint64_t kpml4[512] __attribute__((aligned(4096)));
static uint64_t kpdpt[512] __attribute__((aligned(4096)));
static uint64_t kpd[512] __attribute__((aligned(4096)));
static uint64_t kpt[KPT_N][512] __attribute__((aligned(4096)));
/* The page-info window: PDPT -> PD -> PT -> the pages of pages[]. */
static uint64_t kinfo_pdpt[512] __attribute__((aligned(4096)));
static uint64_t kinfo_pd[512] __attribute__((aligned(4096)));
static uint64_t kinfo_pt[512] __attribute__((aligned(4096)));

static inline uint64_t *phys(uint64_t pa) { return (uint64_t *)pa; }

void mmu_init(uint64_t ram_top)
{
	uint64_t nx = boot_nx_enabled ? PTE_NX : 0;
	nx_enabled = nx != 0;
	kpml4[0] = (uint64_t)kpdpt | PTE_P | PTE_W;
	kpdpt[0] = (uint64_t)kpd | PTE_P | PTE_W;
	for (int i = 0; i < KPT_N; i++)
		kpd[i] = (uint64_t)kpt[i] | PTE_P | PTE_W;
	for (uint64_t pg = 0; pg < KPT_N * 512; pg++) {
		uint64_t pa = pg * PGSIZE, e;
		if (pg == 0 || pa >= ram_top)
			e = 0;                                 /* NULL guard */
		else if (pa >= (uint64_t)__kernel_start && pa < (uint64_t)__text_end)
			e = pa | PTE_P;                        /* text: R X */
		else if (pa >= (uint64_t)__text_end && pa < (uint64_t)__rodata_end)
			e = pa | PTE_P | nx;                   /* rodata: R */
		else
			e = pa | PTE_P | PTE_W | nx;           /* data: RW */
		kpt[pg / 512][pg % 512] = e;
	}
	for (uint64_t i = KPT_N; i < 512; i++) {
		uint64_t pa = i << 21;
		kpd[i] = pa < ram_top ? (pa | PTE_P | PTE_W | PTE_PS | nx) : 0;
	}
	kpdpt[1] = (uint64_t)kpd | PTE_P | PTE_W;     /* ptmem window at 1 GiB */
	hw_write_cr3((uint64_t)kpml4);

	/* Read-only, no-execute view of pages[], caps[] (right after it), the
	 * slice vector, the calls in flight and the revocation requests and
	 * rings (after that) for ring 3. */
	if ((uint64_t)pages % PGSIZE || sizeof pages % PGSIZE || sizeof caps % PGSIZE ||
	    sizeof sched != PGSIZE || sizeof ipc != PGSIZE || sizeof rev % PGSIZE ||
	    (uint64_t)&ipc != (uint64_t)&sched + sizeof sched ||
	    (uint64_t)&rev != (uint64_t)&ipc + sizeof ipc ||
	    USER_IPCINFO != USER_SCHEDINFO + sizeof sched ||
	    USER_REVINFO != USER_IPCINFO + sizeof ipc ||
	    (uint64_t)caps != (uint64_t)pages + sizeof pages ||
	    (uint64_t)&sched != (uint64_t)caps + sizeof caps ||
	    USER_CAPINFO != USER_PAGEINFO + sizeof pages ||
	    USER_SCHEDINFO != USER_CAPINFO + sizeof caps)
		panic("pages[], caps[], sched, ipc and rev are not whole, adjacent pages (kernel.ld)", 0);
	uint64_t npg = (sizeof pages + sizeof caps + sizeof sched + sizeof ipc + sizeof rev) / PGSIZE;
	if (npg > 512)
		panic("info window larger than one page table", 0);
	for (uint64_t j = 0; j < npg; j++)
		kinfo_pt[j] = ((uint64_t)pages + j * PGSIZE) | PTE_P | PTE_U | nx;
	kinfo_pd[0] = (uint64_t)kinfo_pt | PTE_P | PTE_U;
	kinfo_pdpt[0] = (uint64_t)kinfo_pd | PTE_P | PTE_U;
	if (vm_init(kpml4[0], (uint64_t)kinfo_pdpt | PTE_P | PTE_U) != E_OK)
		panic("vm_init refused the kernel slots", 0);
}

uint64_t mmu_kernel_root(void) { return (uint64_t)kpml4; }

int64_t boot_pick_free_page(void)
{
	static ppn_t cursor;
	for (ppn_t n = 0; n < NPAGES; n++) {
		ppn_t p = (cursor + n) % NPAGES;
		if (pages[p].type == PG_FREE) {
			cursor = p + 1;
			return (int64_t)p;
		}
	}
	return -1;
}

static int va_index(uint64_t va, int level)
{
	return (int)((va >> (12 + 9 * level)) & 511);
}

/* Map data page ppn (owned by env) at va in the tables rooted at root,
 * linking missing tables from free pages.  Every change goes through the
 * verified calls, which check it. */
int mmu_map_user(int32_t env, ppn_t root, uint64_t va, ppn_t ppn, uint64_t perm)
{
	ppn_t t = root;
	for (int level = 3; level > 0; level--) {
		uint64_t i = (uint64_t)va_index(va, level);
		uint64_t e = ptmem[t].e[i];
		if (!PTE_PRESENT(e)) {
			int64_t c = boot_pick_free_page();
			if (c < 0)
				return E_NOMEM;
			int r = sys_pt_link(env, t, i, (ppn_t)c);
			if (r != E_OK)
				return r;
			e = ptmem[t].e[i];
		}
		t = PTE_ADDR(e);
	}
	return sys_pt_map(env, t, (uint64_t)va_index(va, 0), ppn, perm);
}

/* Is every page of [va, va+len) mapped user-accessible (and writable when
 * `write`) in the tables rooted at `root`?  The range itself was already
 * checked against the user half by the core (user_range_ok). */
int mmu_user_range_ok(ppn_t root, uint64_t va, uint64_t len, int write)
{
	if (len == 0)
		return 1;
	uint64_t first = va & ~(PGSIZE - 1), last = (va + len - 1) & ~(PGSIZE - 1);
	for (uint64_t pg = first;; pg += PGSIZE) {
		const uint64_t *table = phys(root * PGSIZE);
		for (int level = 3; level >= 0; level--) {
			uint64_t e = table[va_index(pg, level)];
			if (!(e & PTE_P) || !(e & PTE_U))
				return 0;
			if (level == 0 && write && !(e & PTE_W))
				return 0;
			table = phys(e & PTE_ADDR_MASK);
		}
		if (pg == last)
			break;
	}
	return 1;
}
