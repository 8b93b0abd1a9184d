// SPDX-License-Identifier: MIT
/*
 * Running environments: the saved user registers of each slot, loading a
 * boot module (ELF64) into a new env, switching to an env, ending one, and
 * carrying out system calls that the verified core has already checked
 * (syscall_check).  Every decision about who owns what, and who runs, is
 * made by the core (env_create, vm_root_create, sys_page_alloc,
 * sys_pt_link, sys_pt_map, env_wait, env_destroy, the slice vector in
 * sched.c); this file only moves registers and bytes.
 */
#include "arch.h"
#include "hw.h"
#include "../../core/env.h"
#include "../../core/page.h"
#include "../../core/syscall.h"
#include "../../core/vm.h"
#include "../../core/cap.h"
#include "../../core/sched.h"
#include "../../core/revoke.h"
#include "../../drivers/console.h"

_Static_assert(sizeof(struct uregs) == UREGS_SIZE, "UREGS_SIZE");
_Static_assert(sizeof(struct exc_frame) == EXC_FRAME_SIZE, "EXC_FRAME_SIZE");

struct trapframe env_tf[NENV];
static const char *env_name[NENV];
int32_t cur_env = NO_ENV;     /* whose registers are live: sched.running, or NO_ENV idle */
uint64_t cur_tf_end;          /* (uint64_t)&env_tf[cur_env + 1]: entry.S saves a syscall there */
int32_t root_env = NO_ENV;    /* the first env: the machine stops when it ends */
uint64_t boot_free_pages;

const char *proc_name(int32_t slot)
{
	return slot >= 0 && slot < NENV && env_name[slot] ? env_name[slot] : "?";
}

void proc_save(const struct trapframe *tf)
{
	env_tf[cur_env] = *tf;
}

/* --- ELF64 loading --------------------------------------------------- */

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2

static void copy_bytes(uint8_t *dst, const uint8_t *src, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		dst[i] = src[i];
}

/* Check the headers of an ELF image completely before loading anything. */
static int elf_check(const uint8_t *img, uint64_t size)
{
	const struct elf64_ehdr *eh = (const void *)img;
	if (size < sizeof *eh || eh->ident[0] != 0x7F || eh->ident[1] != 'E' ||
	    eh->ident[2] != 'L' || eh->ident[3] != 'F' || eh->ident[4] != 2 ||
	    eh->ident[5] != 1 || eh->type != 2 || eh->machine != 62 ||
	    eh->phentsize != sizeof(struct elf64_phdr) || eh->phnum > 32 ||
	    eh->phoff > size || eh->phnum * sizeof(struct elf64_phdr) > size - eh->phoff)
		return E_INVAL;
	if (!user_range_ok(eh->entry, 1))
		return E_INVAL;
	const struct elf64_phdr *ph = (const void *)(img + eh->phoff);
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		if (ph[i].memsz == 0 && ph[i].filesz == 0)
			continue;   /* an empty segment (a program with no rodata) maps nothing */
		if (ph[i].filesz > ph[i].memsz || ph[i].offset > size ||
		    ph[i].filesz > size - ph[i].offset || ph[i].vaddr % PGSIZE ||
		    !user_range_ok(ph[i].vaddr, ph[i].memsz))
			return E_INVAL;
	}
	return E_OK;
}

static int elf_load(int32_t slot, ppn_t root, const uint8_t *img)
{
	const struct elf64_ehdr *eh = (const void *)img;
	const struct elf64_phdr *ph = (const void *)(img + eh->phoff);
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		for (uint64_t off = 0; off < ph[i].memsz; off += PGSIZE) {
			int64_t p = boot_pick_free_page();
			if (p < 0)
				return E_NOMEM;
			int r = sys_page_alloc(slot, (ppn_t)p);   /* zeroes it */
			if (r != E_OK)
				return r;
			uint8_t *dst = (uint8_t *)((uint64_t)p * PGSIZE);
			if (off < ph[i].filesz) {
				uint64_t n = ph[i].filesz - off;
				copy_bytes(dst, img + ph[i].offset + off, n < PGSIZE ? n : PGSIZE);
			}
			r = mmu_map_user(slot, root, ph[i].vaddr + off, (ppn_t)p,
					 ((ph[i].flags & PF_W) ? PERM_W : 0) |
					 ((ph[i].flags & PF_X) ? PERM_X : 0));
			if (r != E_OK)
				return r;
		}
	}
	return E_OK;
}

/* Create env `slot` (child of `parent`) running boot module `mod`.  Returns
 * the slot or an error; on error nothing of the new env remains. */
int32_t proc_spawn_module(int32_t slot, int32_t parent, uint64_t mod)
{
	if (mod >= module_count)
		return E_NOENT;
	const struct module *m = &module_table[mod];
	int r = elf_check(m->start, m->size);
	if (r != E_OK)
		return r;
	envid_t id = env_create(slot, parent);
	if (id < 0)
		return id;
	int64_t root = boot_pick_free_page();
	if (root < 0 || vm_root_create(slot, (ppn_t)root) != E_OK) {
		env_destroy(slot);
		return E_NOMEM;
	}
	r = E_OK;
	if (r == E_OK)
		r = elf_load(slot, (ppn_t)root, m->start);
	for (uint64_t i = 1; r == E_OK && i <= USER_STACK_PAGES; i++) {
		int64_t p = boot_pick_free_page();
		if (p < 0) {
			r = E_NOMEM;
			break;
		}
		r = sys_page_alloc(slot, (ppn_t)p);
		if (r == E_OK)
			r = mmu_map_user(slot, (ppn_t)root, USER_STACK_TOP - i * PGSIZE, (ppn_t)p, PERM_W);
	}
	if (r != E_OK) {
		env_destroy(slot);
		return r;
	}
	const struct elf64_ehdr *eh = (const void *)m->start;
	struct trapframe *tf = &env_tf[slot];
	*tf = (struct trapframe){0};
	tf->rip = eh->entry;
	tf->rsp = USER_STACK_TOP;
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	tf->rflags = RFLAGS_IF | 0x2;
	tf->rdi = (uint64_t)id;
	env_name[slot] = m->name;
	upcall_reset(slot);
	ipc_reset(slot);
	kprintf("[kernel] env 0x%x (%s) starts in ring 3: rip=0x%lx rsp=0x%lx\n",
		id, m->name, tf->rip, tf->rsp);
	return slot;
}

/* Nobody can run: wait for an interrupt with the kernel's tables loaded.
 * The timer's trap (trap.c) leaves this loop when the vector reaches an
 * env that can run. */
static void proc_idle(void)
{
	cur_env = NO_ENV;
	if (hw_read_cr3() != mmu_kernel_root())
		hw_write_cr3(mmu_kernel_root());
	for (;;)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* Run whoever the slice vector says runs now (sched.running), or idle. */
void proc_dispatch(void)
{
	if (sched.running != NO_ENV)
		proc_run(sched.running);
	proc_idle();
	__builtin_unreachable();
}

/* Resume env `slot` in ring 3 from its saved registers. */
void proc_run(int32_t slot)
{
	struct trapframe *tf = &env_tf[slot];
	cur_env = slot;
	cur_tf_end = (uint64_t)(tf + 1);
	uint64_t cr3 = envs[slot].root * PGSIZE;
	if (hw_read_cr3() != cr3)
		hw_write_cr3(cr3);
	/* A frame a system call saved (or a control transfer built): sysret
	 * takes cs and ss from STAR and masks rflags itself, and the user
	 * cannot clear IF, so only rip needs a look. */
	if (tf->vector == T_SYSCALL && tf->rip < USER_TOP)
		sysret_to(tf);
	/* A frame a directed yield saved: rip, rflags, rsp, rax and the
	 * callee-saved registers. */
	if (tf->vector == T_YIELD && tf->rip < USER_TOP)
		yield_resume(tf);
	/* Returning to a non-canonical rip would fault in ring 0 (sysret) or
	 * on the kernel stack (iret): end the env instead. */
	if (tf->rip >= USER_TOP) {
		kprintf("[kernel] env 0x%x (%s) killed: non-canonical return rip=0x%lx\n",
			envs[slot].gen * NENV + slot, proc_name(slot), tf->rip);
		proc_end(slot, STATUS_KILLED + 13);
	}
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	/* Keep arithmetic flags, TF, DF, AC; force IF on, IOPL 0. */
	tf->rflags = (tf->rflags & 0x40DD5ull) | RFLAGS_IF | 0x2;
	if (tf->vector == T_SYSCALL)
		sysret_to(tf);
	iret_to(tf);
}

static uint64_t count_free_pages(void)
{
	uint64_t n = 0;
	for (ppn_t p = 0; p < NPAGES; p++)
		n += pages[p].type == PG_FREE;
	return n;
}

/* Destroy env `slot` (env_destroy), and tell an env blocked in a call to
 * it that the call failed: E_STALE, the callee is gone. */
static int32_t proc_destroy(int32_t slot)
{
	int32_t a = ipc.caller[slot];
	env_name[slot] = 0;
	int32_t woken = env_destroy(slot);
	if (a >= 0 && a < NENV && envs[a].status != ENV_FREE && ipc.calling[a] == NO_ENV)
		env_tf[a].rax = (uint64_t)(int64_t)E_STALE;
	return woken;
}

/* Destroy every descendant of `slot`.  A child runs in slices its parent
 * gave it or donates (SYS_ENV_RUN); once the parent is gone nobody can
 * reclaim it, so it goes with the parent instead of leaking its pages. */
static void proc_reap_children(int32_t slot)
{
	for (int32_t c = 0; c < NENV; c++) {
		if (envs[c].status != ENV_FREE && envs[c].parent == slot) {
			proc_reap_children(c);
			proc_destroy(c);
		}
	}
}

/* End env `slot` with `status`: a parent waiting for it gets the status
 * and runs again when its slice comes; the machine stops when the root env
 * ends. */
void proc_end(int32_t slot, uint64_t status)
{
	hw_write_cr3(mmu_kernel_root());   /* its tables are about to be freed */
	cur_env = NO_ENV;
	proc_reap_children(slot);
	int32_t woken = proc_destroy(slot);
	if (woken != NO_ENV)
		env_tf[woken].rax = status;
	if (slot != root_env) {
		sched_next();
		proc_dispatch();
	}
	uint64_t nfree = count_free_pages();
	kprintf("[kernel] root env ended with status %lu; free pages %lu of %lu at boot (%s)\n",
		status, nfree, boot_free_pages, nfree == boot_free_pages ? "accounting exact" : "LEAK");
	repo_report();
	kprintf("[kernel] timer ticks: %lu; halting\n", ticks);
	qemu_exit(status == 0 && nfree == boot_free_pages ? EXIT_OK : EXIT_FAIL);
}

/* --- system calls ------------------------------------------------------ */

static int64_t sys_mod_name(uint64_t mod, uint64_t buf, uint64_t len)
{
	if (mod >= module_count)
		return E_NOENT;
	const char *name = module_table[mod].name;
	uint64_t n = 0;
	while (name[n])
		n++;
	if (len < n + 1)
		return E_INVAL;
	if (!mmu_user_range_ok(envs[cur_env].root, buf, n + 1, 1))
		return E_FAULT;
	copy_bytes((uint8_t *)buf, (const uint8_t *)name, n + 1);
	return (int64_t)n;
}

/* SYS_MOD_READ: up to len bytes (syscall_check: at most MOD_READ_MAX, in
 * user space) of module `mod` from `off` into the caller's buffer, checked
 * mapped and writable first.  Returns the bytes copied, 0 at or past the
 * module's end. */
static int64_t sys_mod_read(uint64_t mod, uint64_t buf, uint64_t len, uint64_t off)
{
	if (mod >= module_count)
		return E_NOENT;
	const struct module *m = &module_table[mod];
	if (off >= m->size)
		return 0;
	if (len > m->size - off)
		len = m->size - off;
	if (!mmu_user_range_ok(envs[cur_env].root, buf, len, 1))
		return E_FAULT;
	copy_bytes((uint8_t *)buf, m->start + off, len);
	return (int64_t)len;
}

/* SYS_CONS_READ: what the UART holds now, up to len bytes (syscall_check:
 * at most CONS_READ_MAX); the buffer is checked mapped and writable before
 * any byte is taken from the UART. */
static int64_t sys_cons_read(uint64_t buf, uint64_t len)
{
	if (len == 0)
		return 0;
	if (!mmu_user_range_ok(envs[cur_env].root, buf, len, 1))
		return E_FAULT;
	uint8_t tmp[CONS_READ_MAX];
	uint64_t n = 0;
	int c;
	while (n < len && (c = uart_getc()) >= 0)
		tmp[n++] = (uint8_t)c;
	copy_bytes((uint8_t *)buf, tmp, n);
	return (int64_t)n;
}

/* SYS_ENV_CREATE: an empty child of the caller in `slot`, whose PML4 is
 * the free page `root` named by the caller.  It runs only when its parent
 * has given it registers and calls SYS_ENV_RUN. */
static int64_t sys_env_create(uint64_t slot, uint64_t root)
{
	envid_t id = env_create((int32_t)slot, cur_env);
	if (id < 0)
		return id;
	int r = vm_root_create((int32_t)slot, root);
	if (r != E_OK) {
		env_destroy((int32_t)slot);
		return r;
	}
	env_tf[slot] = (struct trapframe){0};
	env_name[slot] = env_name[cur_env];
	upcall_reset((int32_t)slot);
	ipc_reset((int32_t)slot);
	return id;
}

/* A child of the caller, never the caller itself. */
static int32_t child_of_caller(uint64_t id)
{
	if (id == TARGET_SELF || id > 0x7FFFFFFF)
		return E_INVAL;
	return env_target(cur_env, (envid_t)id);
}

static int64_t sys_env_regs(uint64_t id, uint64_t ptr)
{
	int32_t c = child_of_caller(id);
	if (c < 0)
		return c;
	if (!mmu_user_range_ok(envs[cur_env].root, ptr, sizeof(struct uregs), 0))
		return E_FAULT;
	struct uregs u;
	copy_bytes((uint8_t *)&u, (const uint8_t *)ptr, sizeof u);
	struct trapframe *tf = &env_tf[c];
	*tf = (struct trapframe){0};
	tf->rax = u.rax; tf->rbx = u.rbx; tf->rcx = u.rcx; tf->rdx = u.rdx;
	tf->rsi = u.rsi; tf->rdi = u.rdi; tf->rbp = u.rbp; tf->rsp = u.rsp;
	tf->r8 = u.r8; tf->r9 = u.r9; tf->r10 = u.r10; tf->r11 = u.r11;
	tf->r12 = u.r12; tf->r13 = u.r13; tf->r14 = u.r14; tf->r15 = u.r15;
	tf->rip = u.rip;
	tf->rflags = u.rflags;   /* proc_run keeps only the user-settable flags */
	return E_OK;
}

/* Holder id and rights packed as in SYS_CAP_GRANT: id | rights << 56. */
static int32_t holder_slot(uint64_t arg)
{
	uint64_t id = arg & ((1ull << 56) - 1);
	if (id > 0x7FFFFFFF)
		return E_INVAL;
	return env_lookup((envid_t)id);
}

/* Every call but the hot ones (syscall_handler); kept out of line so that
 * its large stack frame is not paid by those. */
__attribute__((noinline))
static int64_t do_syscall(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	int32_t e = cur_env, h;

	/* The memory calls, and SYS_EXC_SETUP, act on the caller or on a
	 * child named in r10 (a parent sets up its child's handler). */
	if ((num >= SYS_PAGE_ALLOC && num <= SYS_EXC_SETUP) ||
	    (num >= SYS_CAP_GRANT && num <= SYS_PT_VIEW) ||
	    num == SYS_SLICE_ALLOC || num == SYS_SLICE_FREE || num == SYS_SLICE_UPCALL) {
		if (a3 > 0x7FFFFFFF)
			return E_INVAL;
		e = env_target(cur_env, (envid_t)a3);
		if (e < 0)
			return e;
	}
	switch (num) {
	case SYS_CONS_WRITE:
		if (!mmu_user_range_ok(envs[cur_env].root, a0, a1, 0))
			return E_FAULT;
		cons_write((const char *)a0, a1);
		return (int64_t)a1;
	case SYS_EXIT:
		proc_end(cur_env, a0);
	case SYS_TICKS:
		return (int64_t)ticks;
	case SYS_MOD_RUN: {
		/* a2 = 1: the child also gets our revocation capability */
		if (a2 > 1)
			return E_INVAL;
		if (a2 && !rev.holder[cur_env])
			return E_PERM;
		int32_t child = proc_spawn_module((int32_t)a0, cur_env, a1);
		if (child < 0)
			return child;
		if (a2 && sys_rev_grant(cur_env, child) != E_OK)
			panic("sys_rev_grant refused a fresh child of a holder", 0);
		/* The caller waits and donates its slices to the child (the
		 * child's exit status replaces this 0 in its rax). */
		if (env_wait(cur_env, child) != E_OK)
			panic("env_wait refused a fresh child", 0);
		return 0;
	}
	case SYS_MOD_NAME:
		return sys_mod_name(a0, a1, a2);
	case SYS_MOD_READ:
		return sys_mod_read(a0, a1, a2, a3);
	case SYS_CONS_READ:
		return sys_cons_read(a0, a1);
	case SYS_PAGE_ALLOC:
		return sys_page_alloc(e, a0);
	case SYS_PAGE_FREE:
		return sys_page_free(e, a0);
	case SYS_PT_LINK:
		return sys_pt_link(e, a0, a1, a2);
	case SYS_PT_UNLINK:
		return sys_pt_unlink(e, a0, a1);
	case SYS_PT_MAP:
		return sys_pt_map(e, a0, a1, a2 & ((1ull << 56) - 1), a2 >> 56);
	case SYS_PT_UNMAP:
		return sys_pt_unmap(e, a0, a1);
	case SYS_PT_PROT:
		return sys_pt_prot(e, a0, a1, a2);
	case SYS_ENV_ROOT:
		return (int64_t)envs[e].root;
	case SYS_EXC_SETUP:
		return upcall_setup(e, a0, a1);
	case SYS_ENV_CREATE:
		return sys_env_create(a0, a1);
	case SYS_ENV_REGS:
		return sys_env_regs(a0, a1);
	case SYS_ENV_RUN: {
		int32_t c = child_of_caller(a0);
		if (c < 0)
			return c;
		return env_wait(cur_env, c);   /* as SYS_MOD_RUN: the child runs */
	}
	case SYS_CAP_GRANT:
		if ((h = holder_slot(a2)) < 0)
			return h;
		return cap_grant(e, a0, a1, h, a2 >> 56);
	case SYS_CAP_DERIVE:
		if ((h = holder_slot(a2)) < 0)
			return h;
		return cap_derive(e, a0, a1, h, a2 >> 56);
	case SYS_CAP_REVOKE:
		return cap_revoke(e, a0);
	case SYS_PT_MAP_CAP:
		return sys_pt_map_cap(e, a0, a1, a2 & ((1ull << 56) - 1), a2 >> 56);
	case SYS_PT_VIEW:
		return sys_pt_view(e, a0, a1, a2);
	case SYS_SLICE_ALLOC:
		return sys_slice_alloc(e, a0);
	case SYS_SLICE_FREE:
		return sys_slice_free(e, a0);
	case SYS_SLICE_UPCALL:
		return upcall_slice_set(e, a0);
	case SYS_UPCALL_HOLD:
		return upcall_hold_set(cur_env, a0);
	case SYS_IPC_ENTRY:
		return ipc_entry_set(cur_env, a0, a1);
	case SYS_IPC_SEND:
		return ipc_call(cur_env, a0, 0);
	case SYS_ENV_KILL: {
		int32_t c = child_of_caller(a0);
		if (c < 0)
			return c;
		proc_reap_children(c);
		proc_destroy(c);
		/* Mappings of its pages in our tables (capabilities) are gone:
		 * flush the TLB. */
		hw_write_cr3(hw_read_cr3());
		return E_OK;
	}
	case SYS_IRQ_COUNT:
		return a0 < 16 ? (int64_t)irq_count[a0] : E_RANGE;
	case SYS_REV_ASK:
		return repo_ask(cur_env, a0, a1, a2, a3);
	case SYS_REV_GRANT: {
		int32_t c = child_of_caller(a0);
		if (c < 0)
			return c;
		return sys_rev_grant(cur_env, c);
	}
	}
	return E_NOSYS;
}

/* The directed yield, the hot path of a user-level scheduler, entered
 * from entry.S's yield_entry with only rip, rflags, rsp and the
 * callee-saved registers saved in u (&env_tf[cur_env], vector T_YIELD).
 * The verified sys_yield_to decides.  When the env that then runs last
 * left through a directed yield too, switching to it is a CR3 load and yield_resume(); a frame a
 * system call saved takes sysret_to(); anything else (the idle loop, a
 * frame saved by a trap) takes the general path.  An error returns to the
 * caller the same way, with the error in rax. */
_Static_assert(__builtin_offsetof(struct trapframe, rax) == 112, "entry.S: rax");
_Static_assert(__builtin_offsetof(struct trapframe, vector) == 120, "entry.S: vector");
_Static_assert(__builtin_offsetof(struct trapframe, rip) == 136, "entry.S: rip");
_Static_assert(__builtin_offsetof(struct trapframe, rflags) == 152, "entry.S: rflags");
_Static_assert(__builtin_offsetof(struct trapframe, rsp) == 160, "entry.S: rsp");
_Static_assert(__builtin_offsetof(struct trapframe, rbx) == 104 &&
	       __builtin_offsetof(struct trapframe, rbp) == 64 &&
	       __builtin_offsetof(struct trapframe, r12) == 24 &&
	       __builtin_offsetof(struct trapframe, r13) == 16 &&
	       __builtin_offsetof(struct trapframe, r14) == 8 &&
	       __builtin_offsetof(struct trapframe, r15) == 0, "entry.S: callee-saved");
_Static_assert(sizeof(struct trapframe) == 176, "entry.S: frame size");

__attribute__((noreturn))
void yield_fast(uint64_t id, struct trapframe *u)
{
	u->rax = (uint64_t)(int64_t)sys_yield_to(cur_env, id);
	int32_t n = sched.running;
	if (n == cur_env)
		yield_resume(u);   /* rip came from the syscall: a user address */
	if ((uint32_t)n < NENV) {
		struct trapframe *tf = &env_tf[n];
		/* A frame yield_entry saved holds the rcx of a syscall made in
		 * user space (below USER_TOP): no check needed.  n is not
		 * cur_env, so its root differs from the one loaded. */
		if (tf->vector == T_YIELD) {
			cur_env = n;
			cur_tf_end = (uint64_t)(tf + 1);
			hw_write_cr3(envs[n].root * PGSIZE);
			yield_resume(tf);
		}
		if (tf->vector == T_SYSCALL && tf->rip < USER_TOP) {
			cur_env = n;
			cur_tf_end = (uint64_t)(tf + 1);
			hw_write_cr3(envs[n].root * PGSIZE);
			sysret_to(tf);
		}
	}
	proc_dispatch();
}

/* u is &env_tf[cur_env]: entry.S saved the caller's registers there. */
void syscall_handler(struct trapframe *u)
{
	uint64_t num = u->rax;
	int64_t r = syscall_check(num, u->rdi, u->rsi, u->rdx);
	if (r == E_OK) {
		if (num == SYS_ENV_ID)
			r = envs[cur_env].gen * NENV + cur_env;
		else if (num == SYS_YIELD)   /* rdi == 0 (entry.S takes the rest) */
			r = sys_yield(cur_env, NO_ENV);   /* to the next slice */
		else if (num == SYS_IPC_CALL)
			r = ipc_call(cur_env, u->rdi, 1);
		else if (num == SYS_IPC_REPLY)
			r = ipc_reply(cur_env);
		else
			r = do_syscall(num, u->rdi, u->rsi, u->rdx, u->r10);
	}
	if (r != SYSCALL_KEEP)
		u->rax = (uint64_t)r;
	/* Same env, same frame: straight back (rip and rflags are what the
	 * syscall instruction saved, so sysret is safe with them).  Else a
	 * yield, a call, or a wait that donated the slice changed who runs. */
	if (sched.running == cur_env && u->vector == T_SYSCALL)
		sysret_to(u);
	proc_dispatch();
}
