// SPDX-License-Identifier: MIT
/*
 * fork() with copy-on-write, in the libOS (JOS's lib/fork.c and ExOS's
 * fork, on this kernel's interface).  The kernel knows nothing about it:
 * the parent builds the child with exofork (SYS_ENV_CREATE, page tables it
 * links for the child, SYS_ENV_REGS), shares pages through capabilities,
 * and both sides repair their own write faults in a user-level handler.
 *
 * fork(), in the parent:
 *  1. regs_save() (fork_entry.S) captures the registers the child starts
 *     from: it "returns" 1 there, and fork() returns 0.
 *  2. Snapshot: every mapping of ours, own pages and mappings made through
 *     capabilities alike, read from our page tables through read-only views
 *     (SYS_PT_VIEW): PML4 -> PDPT -> PD -> leaf tables, whose entries give
 *     the page, its rights and, in the tag, the capability it came through.
 *     Nothing is changed before the whole plan is known and fits (capability
 *     slots, room in our lists).
 *  3. For each mapping, at the same address in the child:
 *     - text and rodata: shared with their rights (read+execute, read-only),
 *       by a capability we grant (own page) or derive (page we hold);
 *     - the exception stack and this file's state: a fresh page of the child;
 *     - other read-only pages, and writable capability mappings that are
 *       not copy-on-write (explicitly shared memory): shared as they are;
 *     - every other writable page: copy-on-write.  The child maps a
 *       read-only capability; an own page of ours becomes read-only too and
 *       joins our copy-on-write list.  A page that is all zero, or a stack
 *       page wholly below the child's rsp (dead to it), is not shared: the
 *       child gets a fresh zero page and we keep ours writable.
 *  4. SYS_EXC_SETUP for the child, then its registers, last.
 *
 * The page-fault handler (fork_fault): a write to a present page that is
 * copy-on-write (an own page on our list, or a mapping through a capability
 * our parent marked copy-on-write) gets a private copy: a new page, mapped
 * at a scratch address, filled, then mapped writable where the old one was.
 * An own page nobody else names any more is simply made writable again.
 * An own page we stopped mapping but a child still names stays ours as an
 * "orphan" until fork_reap() frees it.  Anything else goes to
 * fork_fault_hook, or ends the env with a one-line report and status
 * FORK_FAULT_STATUS + vector.
 *
 * The handler runs on the exception stack and writes only this file's
 * private state (never shared, never read-only) and the pages it repairs,
 * so a fault taken while it runs (e.g. exc_resume writing the interrupted
 * stack) is handled by a nested call of the same code without recursion.
 * The child's copy of that state starts zeroed; what it must know from its
 * parent (which of its capabilities are copy-on-write, where its scratch
 * leaf table is) travels in fork_pass, an ordinary copy-on-write global
 * written before any page is shared, and is loaded at its first fault or
 * fork (state_ready).
 */
#include "lib.h"

extern char __text_start[], __text_end[], __rodata_end[];

typedef unsigned long u64;
typedef unsigned int u32;

#define NSLOT      (NCAP / CAP_PER_ENV)   /* env slots */
#define FORK_STATE_VA   (EXC_STACK_TOP + 2 * PGSIZE)   /* ST_PAGES pages */
#define FORK_SCRATCH_VA (EXC_STACK_TOP + 8 * PGSIZE)
#define VIEW_VA         (FORK_SCRATCH_VA + PGSIZE)   /* FORK_NVIEW pages */
#define NSNAP      256     /* mappings fork() can snapshot */
#define NCOW       256     /* own copy-on-write pages */
#define NORPHAN    256     /* replaced own pages still named by a child */
#define NCTAB      64      /* page tables fork() links for one child */
#define ST_PAGES   3
#define FORK_MAGIC 0x6b726f662d6f7865ul

#define REGION(va)   ((va) & ~((1ul << 21) - 1))
#define IDX1(va)     (((va) >> 12) & 511)
#define PTE_P        1ul
#define PTE_W        2ul
#define PTE_NX       (1ul << 63)
#define PTE_PPN(e)   (((e) >> 12) & 0xFFFFFFFFFFul)
#define PTE_TAGOF(e) (((e) >> PTE_TAG_SHIFT) & 2047)
#define BAD_BASE     1ul   /* never a region base */

enum { C_SKIP, C_PRIV, C_ZERO, C_SHARE, C_COW };

struct snap {
	u64 va;
	unsigned short leaf, idx;   /* which leaf view, which entry */
	unsigned char cls, pad;
	short k;                    /* capability slot planned for the child */
};

struct leafv {
	u64 base;    /* first address the leaf table maps */
	u64 view;    /* where we read it */
	u32 table;
	u32 made;    /* our view (to remove), or one that existed before */
};

struct fork_state {
	u64 ready;                  /* loaded from fork_pass */
	long self;                  /* our env id */
	int me;                     /* our slot */
	u32 views;                  /* view slots in use (bitmap) */
	u64 cursor;                 /* page picker */
	u64 low;                    /* where fork() starts picking a child's pages */
	u64 scratch_t;              /* our leaf table of FORK_SCRATCH_VA */
	u64 cow_caps[NCAP / 64];    /* capabilities we hold that are copy-on-write */
	u64 forks, copies, upgrades, lost;
	u32 ncow, norphan;
	u64 cow_va[NCOW];
	u32 cow_pp[NCOW];           /* ppn | restore perm << 24 */
	u32 orphan[NORPHAN];
	/* used inside fork() only */
	u32 nsnap, nleaf, nctab, pad;
	struct snap snap[NSNAP];
	struct leafv leaf[FORK_NVIEW];
	struct { u32 parent, index, ppn; } ctab[NCTAB];
};

/* Private: pages of their own at a fixed address, mapped by the first
 * fork_init() and given fresh (zeroed) to every child, never shared. */
#define S ((struct fork_state *)FORK_STATE_VA)
_Static_assert(sizeof(struct fork_state) <= ST_PAGES * PGSIZE, "fork state fits");
_Static_assert(FORK_STATE_VA >= FORK_AREA && FORK_STATE_VA + ST_PAGES * PGSIZE <= FORK_SCRATCH_VA &&
	       VIEW_VA + FORK_NVIEW * PGSIZE <= FORK_AREA_END &&
	       FORK_AREA_END <= USER_STACK_TOP - USER_STACK_PAGES * PGSIZE &&
	       REGION(FORK_AREA) == REGION(FORK_AREA_END - 1), "fork's area: one leaf table, below the stack");
static int fork_state_mapped;   /* inherited by children, whose state the parent maps */

/* From parent to child, through the child's copy-on-write view of this
 * page (written by the parent before it shares anything).  The non-zero
 * magic keeps it in .data and its page from ever looking all-zero. */
static struct {
	u64 magic;
	u64 scratch_t;
	u64 cursor;                 /* the child's page picker starts at its root */
	u64 cow_caps[NCAP / 64];
} fork_pass = { FORK_MAGIC, 0, 0, { 0 } };

void (*fork_fault_hook)(struct exc_frame *);

static long state_ready(void)
{
	if (!fork_state_mapped) {
		for (u64 i = 0; i < ST_PAGES; i++) {
			long p = page_pick_free();
			if (p < 0)
				return E_NOMEM;
			long r = sys_page_alloc((u64)p);
			if (r == 0)
				r = vm_map(FORK_STATE_VA + i * PGSIZE, (u64)p, PERM_W);
			if (r < 0)
				return r;
		}
		fork_state_mapped = 1;
	}
	if (S->ready)
		return 0;
	S->self = sys_env_id();
	S->me = (int)(S->self % NSLOT);
	S->scratch_t = fork_pass.scratch_t;
	for (u32 i = 0; i < NCAP / 64; i++)
		S->cow_caps[i] = fork_pass.cow_caps[i];
	/* A child takes its pages upwards from its root, next to the others
	 * its parent gave it (the lowest free pages: see fork_parent). */
	S->cursor = fork_pass.cursor;
	S->ready = 1;
	return 0;
}

/* ---- pages and tables ------------------------------------------------- */

static long pick(void)
{
	const struct page_info *pi = pageinfo();
	for (u64 n = 0; n < NPAGES; n++) {
		u64 p = (S->cursor + n) % NPAGES;
		if (pi[p].type == PG_FREE) {
			S->cursor = p + 1;
			return (long)p;
		}
	}
	return -1;
}

static long alloc_in(long target)
{
	for (int tries = 0; tries < 4; tries++) {
		long p = pick();
		if (p < 0)
			return E_NOMEM;
		long r = sys_on(target, SYS_PAGE_ALLOC, (u64)p, 0, 0);
		if (r == 0)
			return p;
		if (r != E_BUSY)
			return r;
	}
	return E_NOMEM;
}

/* The first address leaf table t of env slot `me` maps, from the bindings
 * of t, its PD and its PDPT; BAD_BASE if t is not such a table. */
static u64 leaf_base(u64 t, int me)
{
	const struct page_info *pi = pageinfo();
	u64 va = 0;
	for (u32 type = PG_PT1; type <= PG_PT3; type++) {
		if (t >= NPAGES || pi[t].owner != me || pi[t].type != type)
			return BAD_BASE;
		va |= pi[t].bind_index << (21 + 9 * (type - PG_PT1));
		t = pi[t].bind_table;
	}
	if (t >= NPAGES || pi[t].owner != me || pi[t].type != PG_PT4)
		return BAD_BASE;
	return va;
}

/* Our table linked at entry ix of our table t, or -1.  Read-only: the
 * handler may come here, and must not write a global that a child shares
 * copy-on-write (vm.c's walk keeps a cache, so it is not used here). */
static long own_child(u64 t, u64 ix)
{
	const struct page_info *pi = pageinfo();
	for (u64 p = 0; p < NPAGES; p++)
		if (pi[p].owner == S->me && pi[p].bind_table == t && pi[p].bind_index == ix &&
		    pi[p].type >= PG_PT1 && pi[p].type <= PG_PT3)
			return (long)p;
	return -1;
}

/* Our leaf table for FORK_SCRATCH_VA and the view window (the one that
 * maps the stack, normally): cached, checked on every use; found, or
 * linked, once per env (a child gets it from its parent in fork_pass). */
static long ensure_scratch(void)
{
	if (leaf_base(S->scratch_t, S->me) == REGION(FORK_SCRATCH_VA))
		return 0;
	long cur = sys_env_root();
	for (int level = 3; level > 0 && cur >= 0; level--) {
		u64 ix = (FORK_SCRATCH_VA >> (12 + 9 * level)) & 511;
		long c = own_child((u64)cur, ix);
		if (c < 0) {
			c = pick();
			if (c < 0)
				return E_NOMEM;
			long r = sys_pt_link((u64)cur, ix, (u64)c);
			if (r < 0)
				return r;
		}
		cur = c;
	}
	if (cur < 0)
		return cur;
	S->scratch_t = (u64)cur;
	return 0;
}

/* ---- the copy-on-write list, orphans, capabilities -------------------- */

static long cow_find(u64 va)
{
	for (u32 n = 0; n < S->ncow; n++)
		if (S->cow_va[n] == va)
			return n;
	return -1;
}

static void cow_del(long n)
{
	S->ncow--;
	S->cow_va[n] = S->cow_va[S->ncow];
	S->cow_pp[n] = S->cow_pp[S->ncow];
}

static long cow_set(u64 va, u64 ppn, u64 perm)
{
	long n = cow_find(va);
	if (n < 0) {
		if (S->ncow == NCOW)
			return E_NOMEM;
		n = S->ncow++;
	}
	S->cow_va[n] = va;
	S->cow_pp[n] = (u32)(ppn | perm << 24);
	return 0;
}

/* Is cow entry n still an own page mapped at its address? */
static int cow_valid(long n)
{
	const struct page_info *pi = pageinfo();
	u64 va = S->cow_va[n], p = S->cow_pp[n] & 0xFFFFFF;
	return p < NPAGES && pi[p].owner == S->me && pi[p].type == PG_USER &&
	       pi[p].bind_table != NO_PAGE && pi[p].bind_index == IDX1(va) &&
	       leaf_base(pi[p].bind_table, S->me) == REGION(va);
}

static void orphan_add(u64 p)
{
	if (S->norphan < NORPHAN)
		S->orphan[S->norphan++] = (u32)p;
	else
		S->lost++;
}

/* Does a live capability name our page p?  Every capability on a page of
 * ours descends from a grant in our own slot range: if no slot there names
 * p, or those that do are free, nothing else can (the sweep kills every
 * descendant of a DEAD capability before it frees any slot).  Only a DEAD
 * grant not yet swept needs the whole table. */
static int cap_names(u64 p)
{
	const struct cap *ci = capinfo();
	u64 base = (u64)S->me * CAP_PER_ENV;
	int dead = 0;
	for (u64 k = base; k < base + CAP_PER_ENV; k++) {
		if (ci[k].page != p)
			continue;
		if (ci[k].status == CAP_LIVE)
			return 1;
		dead |= ci[k].status == CAP_DEAD;
	}
	if (!dead)
		return 0;
	for (u64 k = 0; k < NCAP; k++)
		if (ci[k].status == CAP_LIVE && ci[k].page == p)
			return 1;
	return 0;
}

static int mask_has(const u64 *m, u64 k)
{
	return (int)((m[k / 64] >> (k % 64)) & 1);
}

static void copy_page(void *dst, const void *src)
{
	u64 n = PGSIZE / 8;
	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static int is_zero(u64 va)
{
	const volatile u64 *w = (const volatile u64 *)va;
	for (u32 i = 0; i < PGSIZE / 8; i++)
		if (w[i])
			return 0;
	return 1;
}

/* ---- the fault handler ------------------------------------------------ */

/* Give va a private writable copy of what (t, i) maps there now. */
static long cow_copy(u64 va, u64 t, u64 i, u64 perm)
{
	long r = ensure_scratch();
	if (r < 0)
		return r;
	long np = alloc_in(TARGET_SELF);
	if (np < 0)
		return np;
	u64 sc = S->scratch_t, si = IDX1(FORK_SCRATCH_VA);
	r = sys_pt_map(sc, si, (u64)np, PERM_W);
	if (r < 0) {
		sys_page_free((u64)np);
		return r;
	}
	copy_page((void *)FORK_SCRATCH_VA, (const void *)va);
	sys_pt_unmap(sc, si);
	/* Between the unmap and the map, va is absent: an upcall then (an IPC
	 * call, T_REVOKE, a slice end) would fault in its handler, which
	 * touches .bss, the very page this may be.  Hold them meanwhile. */
	long held = sys_upcall_hold(1);
	r = sys_pt_unmap(t, i);
	if (r == 0)
		r = sys_pt_map(t, i, (u64)np, perm);
	if (held == 0)
		sys_upcall_hold(0);
	if (r < 0)
		sys_page_free((u64)np);
	return r;
}

/* Repair a write fault at page va if it is copy-on-write: 0, or an error
 * (E_NOENT: not copy-on-write; others: the repair failed). */
static long cow_fix(u64 va)
{
	const struct page_info *pi = pageinfo();
	const struct cap *ci = capinfo();
	int me = S->me;
	long n = cow_find(va);
	if (n >= 0) {
		u64 p = S->cow_pp[n] & 0xFFFFFF, perm = S->cow_pp[n] >> 24;
		if (!cow_valid(n)) {
			cow_del(n);
			return E_NOENT;
		}
		u64 t = pi[p].bind_table, i = pi[p].bind_index;
		long r;
		if (!cap_names(p)) {
			r = sys_pt_prot(t, i, perm);     /* nobody else sees it */
			if (r == 0) {
				cow_del(n);
				S->upgrades++;
			}
			return r;
		}
		r = cow_copy(va, t, i, perm);
		if (r < 0)
			return r;
		cow_del(n);
		orphan_add(p);                       /* a child still names it */
		S->copies++;
		return 0;
	}
	/* Only the capabilities our parent marked copy-on-write qualify. */
	for (u64 w = 0; w < NCAP / 64; w++) {
		for (u64 bits = S->cow_caps[w]; bits; bits &= bits - 1) {
			u64 k = w * 64 + (u64)__builtin_ctzl(bits);
			if (ci[k].holder != me || ci[k].status != CAP_LIVE || ci[k].bind_table == NO_PAGE ||
			    ci[k].bind_index != IDX1(va) || leaf_base(ci[k].bind_table, me) != REGION(va))
				continue;
			long r = cow_copy(va, ci[k].bind_table, ci[k].bind_index,
					  PERM_W | (ci[k].rights & PERM_X));
			if (r == 0)
				S->copies++;
			return r;
		}
	}
	return E_NOENT;
}

static int in_text_rodata(u64 va)
{
	return va >= (u64)__text_start && va < (u64)__rodata_end;
}

static void fork_fault(struct exc_frame *f)
{
	state_ready();
	long r = E_NOENT;
	/* present | write | user, not an instruction fetch or reserved bit */
	if (f->vector == 14 && (f->err & 0x1F) == 7 && !in_text_rodata(f->addr)) {
		r = cow_fix(f->addr & ~(PGSIZE - 1));
		if (r == 0)
			return;
	}
	if (fork_fault_hook) {
		fork_fault_hook(f);
		return;
	}
	printf("fork: env 0x%lx: %s: vector %lu err 0x%lx addr 0x%lx rip 0x%lx; exit %lu\n",
	       S->self, r == E_NOENT ? "fault is not copy-on-write" : "copy-on-write repair failed",
	       f->vector, f->err, f->addr, f->regs.rip, FORK_FAULT_STATUS + f->vector);
	sys_exit((int)(FORK_FAULT_STATUS + f->vector));
}

int fork_init(void)
{
	long r0 = state_ready();
	if (r0 < 0)
		return (int)r0;
	if (exc_user_fn != fork_fault) {
		if (exc_user_fn && !fork_fault_hook)
			fork_fault_hook = exc_user_fn;   /* chain the handler we replace */
		int r = exc_handler_set(fork_fault);
		if (r < 0)
			return r;
	}
	return (int)ensure_scratch();
}

long fork_reap(void)
{
	long r = state_ready();
	if (r < 0)
		return r;
	r = cap_sweep();
	u32 keep = 0;
	for (u32 n = 0; n < S->norphan; n++) {
		u32 p = S->orphan[n];
		if (sys_page_free(p) == E_BUSY)
			S->orphan[keep++] = p;           /* still named by a live child */
	}
	S->norphan = keep;
	return r < 0 ? r : (long)keep;
}

void fork_get_stats(struct fork_stats *s)
{
	if (state_ready() < 0) {
		s->forks = s->copies = s->upgrades = s->orphans = s->lost = 0;
		return;
	}
	s->forks = S->forks;
	s->copies = S->copies;
	s->upgrades = S->upgrades;
	s->orphans = S->norphan;
	s->lost = S->lost;
}

/* ---- fork ------------------------------------------------------------- */

/* A read-only view of our table `table`: ours in the view window (1), one
 * that existed before (0), or an error. */
static long view_of(u64 table, u64 *va)
{
	const struct page_info *pi = pageinfo();
	if (table < NPAGES && pi[table].view_table != NO_PAGE) {
		u64 b = leaf_base(pi[table].view_table, S->me);
		if (b != BAD_BASE) {
			*va = b | pi[table].view_index << 12;
			return 0;
		}
	}
	for (u32 n = 0; n < FORK_NVIEW; n++) {
		if (S->views & (1u << n))
			continue;
		u64 v = VIEW_VA + n * PGSIZE;
		long r = sys_pt_view(S->scratch_t, IDX1(v), table);
		if (r < 0)
			return r;
		S->views |= 1u << n;
		*va = v;
		return 1;
	}
	return E_NOMEM;
}

static void view_release(u64 va, long made)
{
	if (made != 1)
		return;
	sys_pt_unmap(S->scratch_t, IDX1(va));
	S->views &= ~(1u << ((va - VIEW_VA) / PGSIZE));
}

static void release_leaves(void)
{
	for (u32 n = 0; n < S->nleaf; n++)
		view_release(S->leaf[n].view, S->leaf[n].made);
	S->nleaf = 0;
}

/* The first index in [j, NPTE) whose entry in view w is present, or
 * NPTE.  Tables are mostly empty: eight entries are tested at a time. */
static u32 next_present(const volatile u64 *w, u32 j)
{
	for (; j < NPTE && j % 8 != 0; j++)
		if (w[j] & PTE_P)
			return j;
	const volatile u64 *q = w + j, *end = w + NPTE;
	for (; q < end; q += 8)
		if ((q[0] | q[1] | q[2] | q[3] | q[4] | q[5] | q[6] | q[7]) & PTE_P)
			break;
	for (; q < end; q++)
		if (*q & PTE_P)
			return (u32)(q - w);
	return NPTE;
}

static u64 pte_at(const struct snap *s)
{
	return ((const volatile u64 *)S->leaf[s->leaf].view)[s->idx];
}

static u64 perm_of(u64 e)
{
	return ((e & PTE_W) ? PERM_W : 0) | ((e & PTE_NX) ? 0 : PERM_X);
}

/* Every leaf table of ours, kept viewed, and every mapping in them. */
static long snapshot(void)
{
	S->nsnap = 0;
	S->nleaf = 0;
	long root = sys_env_root();
	if (root < 0)
		return root;
	u64 v4, v3, v2, vl;
	long m4 = view_of((u64)root, &v4), m3 = 0, m2 = 0, ml = 0, r = 0;
	if (m4 < 0)
		return m4;
	for (u64 i4 = next_present((const volatile u64 *)v4, PML4_USER_FIRST);
	     r == 0 && i4 <= PML4_USER_LAST; i4 = next_present((const volatile u64 *)v4, (u32)i4 + 1)) {
		u64 e4 = ((const volatile u64 *)v4)[i4];
		if ((m3 = view_of(PTE_PPN(e4), &v3)) < 0) {
			r = m3;
			break;
		}
		for (u64 i3 = next_present((const volatile u64 *)v3, 0); r == 0 && i3 < NPTE;
		     i3 = next_present((const volatile u64 *)v3, (u32)i3 + 1)) {
			u64 e3 = ((const volatile u64 *)v3)[i3];
			if ((m2 = view_of(PTE_PPN(e3), &v2)) < 0) {
				r = m2;
				break;
			}
			for (u64 i2 = next_present((const volatile u64 *)v2, 0); r == 0 && i2 < NPTE;
			     i2 = next_present((const volatile u64 *)v2, (u32)i2 + 1)) {
				u64 e2 = ((const volatile u64 *)v2)[i2];
				if (S->nleaf == FORK_NVIEW || (ml = view_of(PTE_PPN(e2), &vl)) < 0) {
					r = S->nleaf == FORK_NVIEW ? E_NOMEM : ml;
					break;
				}
				struct leafv *l = &S->leaf[S->nleaf++];
				l->base = i4 << 39 | i3 << 30 | i2 << 21;
				l->view = vl;
				l->table = (u32)PTE_PPN(e2);
				l->made = (u32)ml;
			}
			view_release(v2, m2);
		}
		view_release(v3, m3);
	}
	view_release(v4, m4);
	if (r < 0)
		return r;
	for (u32 n = 0; n < S->nleaf; n++) {
		const volatile u64 *w = (const volatile u64 *)S->leaf[n].view;
		for (u32 j = next_present(w, 0); j < NPTE; j = next_present(w, j + 1)) {
			u64 e = w[j];
			if (PTE_TAGOF(e) == PTE_TAG_VIEW)
				continue;
			u64 va = S->leaf[n].base | (u64)j << 12;
			if (va >= FORK_SCRATCH_VA && va < VIEW_VA + FORK_NVIEW * PGSIZE)
				continue;
			if (S->nsnap == NSNAP)
				return E_NOMEM;
			struct snap *s = &S->snap[S->nsnap++];
			s->va = va;
			s->leaf = (unsigned short)n;
			s->idx = (unsigned short)j;
			s->cls = C_SKIP;
			s->k = -1;
		}
	}
	return 0;
}

static int in_private(u64 va)
{
	return va == EXC_STACK_TOP - PGSIZE ||
	       (va >= FORK_STATE_VA && va < FORK_STATE_VA + ST_PAGES * PGSIZE);
}

/* A page of the initial stack wholly below the child's rsp and red zone:
 * nothing the child can read (the ABI makes memory below rsp dead). */
static int dead_stack(u64 va, u64 rsp)
{
	u64 lo = USER_STACK_TOP - USER_STACK_PAGES * PGSIZE;
	return rsp > lo && rsp <= USER_STACK_TOP && va >= lo && va + PGSIZE + 128 <= rsp;
}

static unsigned char classify(const struct snap *s, u64 rsp)
{
	const struct cap *ci = capinfo();
	u64 e = pte_at(s), tag = PTE_TAGOF(e), perm = perm_of(e);
	unsigned char c;
	if (in_private(s->va))
		return C_PRIV;
	if (in_text_rodata(s->va))
		return C_SHARE;
	if (dead_stack(s->va, rsp))
		return C_ZERO;
	if (tag == 0) {
		c = (perm & PERM_W) || cow_find(s->va) >= 0 ? C_COW : C_SHARE;
	} else {
		u64 k = tag - 1;
		if (ci[k].status != CAP_LIVE || ci[k].holder != S->me)
			return C_SKIP;
		c = mask_has(S->cow_caps, k) ? C_COW : C_SHARE;
	}
	if (c == C_COW && is_zero(s->va))
		c = C_ZERO;
	return c;
}

/* The child's leaf table for va, linking missing tables (ours to choose,
 * the child's to own). */
static long child_leaf(long child, u64 root, u64 va, u64 *leaf)
{
	u64 cur = root;
	for (int level = 3; level > 0; level--) {
		u32 ix = (u32)((va >> (12 + 9 * level)) & 511);
		long nxt = -1;
		for (u32 n = 0; n < S->nctab; n++)
			if (S->ctab[n].parent == cur && S->ctab[n].index == ix) {
				nxt = S->ctab[n].ppn;
				break;
			}
		if (nxt < 0) {
			if (S->nctab == NCTAB)
				return E_NOMEM;
			long r = E_NOMEM;
			for (int tries = 0; tries < 4 && r < 0; tries++) {
				nxt = pick();
				if (nxt < 0)
					return E_NOMEM;
				r = sys_on(child, SYS_PT_LINK, cur, ix, (u64)nxt);
				if (r < 0 && r != E_BUSY)
					return r;
			}
			if (r < 0)
				return r;
			S->ctab[S->nctab].parent = (u32)cur;
			S->ctab[S->nctab].index = ix;
			S->ctab[S->nctab].ppn = (u32)nxt;
			S->nctab++;
		}
		cur = (u64)nxt;
	}
	*leaf = cur;
	return 0;
}

/* Give the child page s: a fresh page, or a capability over ours. */
static long share_one(long child, u64 croot, const struct snap *s, u64 rsp)
{
	u64 e = pte_at(s), tag = PTE_TAGOF(e), perm = perm_of(e), ppn = PTE_PPN(e), ct;
	if (!(e & PTE_P) || tag == PTE_TAG_VIEW)
		return 0;                            /* unmapped since the snapshot */
	long r = child_leaf(child, croot, s->va, &ct);
	if (r < 0)
		return r;
	if (s->cls == C_PRIV || s->cls == C_ZERO) {
		if (s->cls == C_ZERO && !dead_stack(s->va, rsp) && !is_zero(s->va))
			return E_AGAIN;                  /* written during fork: plan is stale */
		long np = alloc_in(child);
		if (np < 0)
			return np;
		u64 cperm = PERM_W | (s->cls == C_ZERO ? (perm & PERM_X) : 0);
		return sys_on(child, SYS_PT_MAP, ct, s->idx, MAP_ARG(np, cperm));
	}
	u64 rights = s->cls == C_COW ? (perm & PERM_X) : perm;
	u64 k = (u64)s->k;
	if (tag == 0)
		r = sys_cap_grant(k, ppn, child, rights);
	else
		r = sys_cap_derive(k, tag - 1, child, rights);
	if (r == 0)
		r = sys_on(child, SYS_PT_MAP_CAP, ct, s->idx, MAP_ARG(k, rights));
	if (r < 0 || s->cls != C_COW || tag != 0)
		return r;
	/* Our own page: on the list first, then read-only (a fault right
	 * after the downgrade, on the stack say, must find it listed). */
	r = cow_set(s->va, ppn, PERM_W | (perm & PERM_X));
	if (r == 0 && (perm & PERM_W))
		r = sys_pt_prot(S->leaf[s->leaf].table, s->idx, perm & PERM_X);
	return r;
}

/* A child we could not finish: run it into a fault so the kernel reclaims
 * it (there is no call to destroy a child). */
static void abort_child(long child)
{
	struct uregs z;
	u64 *w = (u64 *)&z;
	for (u32 i = 0; i < sizeof z / 8; i++)
		w[i] = 0;
	z.rflags = 0x202;
	sys_on(child, SYS_EXC_SETUP, 0, 0, 0);
	if (sys_env_regs(child, &z) == 0)
		sys_env_run(child);
	cap_sweep();
}

__attribute__((noinline)) static long fork_parent(const struct uregs *u)
{
	const struct cap *ci = capinfo();
	int me = S->me;
	long r;

	/* 1. Snapshot and plan; nothing has changed yet. */
	u64 kbase = (u64)me * CAP_PER_ENV, freek[CAP_PER_ENV];
	u32 nfree = 0, ndead = 0, need = 0, newcow = 0;
	for (u64 k = kbase; k < kbase + CAP_PER_ENV; k++)
		ndead += ci[k].status == CAP_DEAD;
	if (ndead)
		cap_sweep();                         /* slots of children that exited */
	for (u64 k = kbase; k < kbase + CAP_PER_ENV; k++)
		if (ci[k].status == CAP_FREE)
			freek[nfree++] = k;
	for (long n = (long)S->ncow - 1; n >= 0; n--)
		if (!cow_valid(n))
			cow_del(n);
	r = snapshot();
	if (r < 0) {
		release_leaves();
		return r;
	}
	for (u32 n = 0; n < S->nsnap; n++) {
		struct snap *s = &S->snap[n];
		s->cls = classify(s, u->rsp);
		if (s->cls == C_SHARE || s->cls == C_COW) {
			if (need < nfree)
				s->k = (short)freek[need];
			need++;
		}
		if (s->cls == C_COW && PTE_TAGOF(pte_at(s)) == 0 && cow_find(s->va) < 0)
			newcow++;
	}
	if (need > nfree || S->ncow + newcow > NCOW) {
		release_leaves();
		return E_NOMEM;
	}

	/* 2. The child: an empty env in the first free slot.  Its pages are
	 * the lowest free ones (first fit from where the last child's root
	 * was): the kernel frees a dead env's pages with a scan from page 0
	 * that stops at its last one, so low pages make exit cheap. */
	S->cursor = S->low;
	long root = pick(), child = E_BUSY;
	if (root < 0) {
		release_leaves();
		return E_NOMEM;
	}
	S->low = (u64)root;
	for (u64 slot = 0; slot < NSLOT && child == E_BUSY; slot++)
		child = sys_env_create(slot, (u64)root);
	if (child < 0) {
		release_leaves();
		return child;
	}
	S->nctab = 0;

	/* 3. What the child must know, before any page is shared. */
	u64 cscratch;
	r = child_leaf(child, (u64)root, FORK_SCRATCH_VA, &cscratch);
	if (r == 0) {
		fork_pass.scratch_t = cscratch;
		fork_pass.cursor = (u64)root;
		for (u32 i = 0; i < NCAP / 64; i++)
			fork_pass.cow_caps[i] = 0;
		for (u32 n = 0; n < S->nsnap; n++)
			if (S->snap[n].cls == C_COW)
				fork_pass.cow_caps[S->snap[n].k / 64] |= 1ul << (S->snap[n].k % 64);
	}

	/* 4. Share, copy-on-write, or give fresh pages. */
	for (u32 n = 0; r == 0 && n < S->nsnap; n++)
		if (S->snap[n].cls != C_SKIP)
			r = share_one(child, (u64)root, &S->snap[n], u->rsp);
	release_leaves();

	/* 5. Its exception handler, then its registers, last. */
	if (r == 0)
		r = sys_on(child, SYS_EXC_SETUP, (u64)exc_entry, EXC_STACK_TOP, 0);
	if (r == 0)
		r = sys_env_regs(child, u);
	if (r < 0) {
		abort_child(child);
		return r;
	}
	S->forks++;
	return child;
}

long fork(void)
{
	long r = fork_init();
	if (r < 0)
		return r;
	/* Make fork_pass's page our own and writable now, so that writing it
	 * below cannot replace a page after the snapshot has seen it. */
	*(volatile u64 *)&fork_pass.magic = FORK_MAGIC;
	struct uregs u;
	if (regs_save(&u))
		return 0;                            /* the child */
	return fork_parent(&u);
}
