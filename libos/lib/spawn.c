// SPDX-License-Identifier: MIT
/*
 * The libOS's program loader (spawn.h): ELF64 executables from the boot
 * modules, loaded into a child env built page by page from user space.
 * Everything is checked before the child is created; if anything fails
 * after, the child is killed, which frees every page it was given.
 */
#include "lib.h"
#include "spawn.h"

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;

struct elf_ehdr {
	unsigned char ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};
#define PT_LOAD 1
#define PF_X    1
#define PF_W    2

/* Where we see a page of the child while we fill it (one page of ours,
 * clear of the pipes, fork's areas and the exception stack). */
#define SCRATCH_VA  (USER_STACK_TOP - 120 * PGSIZE)
#define STACK_LOW   (USER_STACK_TOP - SPAWN_STACK * PGSIZE)

long mod_find(const char *name)
{
	char n[MOD_NAME_MAX];
	for (u64 m = 0;; m++) {
		long r = sys_mod_name(m, n, sizeof n);
		if (r == E_NOENT)
			return E_NOENT;
		if (r >= 0 && strcmp(n, name) == 0)
			return (long)m;
	}
}

/* Read exactly len bytes of module mod at off (in MOD_READ_MAX pieces). */
static long mod_read_all(u64 mod, void *buf, u64 len, u64 off)
{
	char *b = buf;
	while (len) {
		u64 n = len < MOD_READ_MAX ? len : MOD_READ_MAX;
		long r = sys_mod_read(mod, b, n, off);
		if (r <= 0)
			return r < 0 ? r : E_INVAL;   /* short: the file ends early */
		b += r; off += (u64)r; len -= (u64)r;
	}
	return 0;
}

/* A fresh zero page of the child, mapped at va with perm. */
static long child_page(long child, u64 va, u64 perm, u64 *ppn)
{
	long p = page_pick_free();
	if (p < 0)
		return E_NOMEM;
	long r = sys_on(child, SYS_PAGE_ALLOC, (u64)p, 0, 0);
	if (r == 0)
		r = vm_map_in(child, va, (u64)p, perm);
	*ppn = (u64)p;
	return r;
}

/* Show the child's page p at SCRATCH_VA, writable, through capability k
 * (a slot of the child's) that the child grants us; undone by unshow. */
static long show(long child, u64 k, u64 p)
{
	long r = sys_on(child, SYS_CAP_GRANT, k, p, (u64)sys_env_id() | ((u64)PERM_W << 56));
	if (r == 0)
		r = vm_map_cap_in(TARGET_SELF, SCRATCH_VA, k, PERM_W);
	return r;
}

static long unshow(long child, u64 k)
{
	vm_unmap(SCRATCH_VA);
	long r = sys_on(child, SYS_CAP_REVOKE, k, 0, 0);
	for (int n = 0; r == E_AGAIN && n < 10000; n++)
		r = sys_on(child, SYS_CAP_REVOKE, k, 0, 0);
	return r == E_NOENT ? 0 : r;
}

/* Is [va, va + len) inside the part of user space a program may load
 * into (below its stack)? */
static int load_range_ok(u64 va, u64 len)
{
	return va >= USER_BASE && len <= STACK_LOW - USER_BASE && va <= STACK_LOW - len;
}

long spawn(const char *name, int argc, const char *const *argv)
{
	return spawn_io(name, argc, argv, 0);
}

long spawn_io(const char *name, int argc, const char *const *argv, const struct stdio_cfg *io)
{
	struct elf_ehdr eh;
	struct elf_phdr ph[SPAWN_SEGMAX];
	int nph = 0;

	/* 1. Check everything: the file, its segments, the arguments. */
	if (argc < 0 || argc > SPAWN_ARGMAX)
		return E_INVAL;
	if (io && (io->magic != STDIO_MAGIC || io->in_pipe < -1 || io->in_pipe >= PIPE_MAX ||
		   io->out_pipe < -1 || io->out_pipe >= PIPE_MAX))
		return E_INVAL;
	u64 strbytes = 0;
	for (int i = 0; i < argc; i++)
		strbytes += strlen(argv[i]) + 1;
	if (strbytes > SPAWN_ARGBYTES)
		return E_INVAL;
	long mod = mod_find(name);
	if (mod < 0)
		return mod;
	if (mod_read_all((u64)mod, &eh, sizeof eh, 0) < 0)
		return E_INVAL;
	if (eh.ident[0] != 0x7f || eh.ident[1] != 'E' || eh.ident[2] != 'L' || eh.ident[3] != 'F' ||
	    eh.ident[4] != 2 || eh.ident[5] != 1 || eh.type != 2 || eh.machine != 62 ||
	    eh.phentsize != sizeof(struct elf_phdr) || eh.phnum > 32)
		return E_INVAL;
	for (u64 i = 0; i < eh.phnum; i++) {
		struct elf_phdr p;
		if (eh.phoff > (1ul << 32) ||
		    mod_read_all((u64)mod, &p, sizeof p, eh.phoff + i * sizeof p) < 0)
			return E_INVAL;
		if (p.type != PT_LOAD || p.memsz == 0)
			continue;
		if (nph == SPAWN_SEGMAX || p.filesz > p.memsz || p.offset > (1ul << 32) ||
		    p.filesz > (1ul << 32) || !load_range_ok(p.vaddr, p.memsz))
			return E_INVAL;
		/* segments may not share a page (user.ld aligns them) */
		for (int j = 0; j < nph; j++)
			if ((p.vaddr & ~(PGSIZE - 1)) < ph[j].vaddr + ph[j].memsz &&
			    ph[j].vaddr < ((p.vaddr + p.memsz + PGSIZE - 1) & ~(PGSIZE - 1)))
				return E_INVAL;
		ph[nph++] = p;
	}
	if (nph == 0 || !load_range_ok(eh.entry, 1))
		return E_INVAL;

	/* 2. The child, in the first free slot. */
	long root = page_pick_free(), child = E_BUSY;
	if (root < 0)
		return E_NOMEM;
	for (u64 slot = 0; slot < NENV && child == E_BUSY; slot++)
		child = sys_env_create(slot, (u64)root);
	if (child < 0)
		return child == E_BUSY ? E_NOMEM : child;
	const struct cap *ci = capinfo();
	u64 kbase = (u64)slot_of(child) * CAP_PER_ENV, k = kbase;
	while (k < kbase + CAP_PER_ENV && ci[k].status != CAP_FREE)
		k++;
	long r = k < kbase + CAP_PER_ENV ? 0 : E_NOMEM;

	/* 3. Its segments, page by page: own pages of the child, filled from
	 * the file where the segment has bytes, zero beyond. */
	for (int s = 0; r == 0 && s < nph; s++) {
		u64 perm = (ph[s].flags & PF_W ? PERM_W : 0) | (ph[s].flags & PF_X ? PERM_X : 0);
		u64 lo = ph[s].vaddr & ~(PGSIZE - 1);
		u64 fend = ph[s].vaddr + ph[s].filesz;
		for (u64 va = lo; r == 0 && va < ph[s].vaddr + ph[s].memsz; va += PGSIZE) {
			u64 p;
			r = child_page(child, va, perm, &p);
			u64 a = va > ph[s].vaddr ? va : ph[s].vaddr;
			u64 b = va + PGSIZE < fend ? va + PGSIZE : fend;
			if (r == 0 && a < b) {
				r = show(child, k, p);
				if (r == 0)
					r = mod_read_all((u64)mod, (char *)SCRATCH_VA + (a - va), b - a,
							 ph[s].offset + (a - ph[s].vaddr));
				long u = unshow(child, k);
				if (r == 0)
					r = u;
			}
		}
	}

	/* 4. The stack; argc and argv at its top. */
	u64 top_ppn = 0;
	for (u64 i = 1; r == 0 && i <= SPAWN_STACK; i++) {
		u64 p;
		r = child_page(child, USER_STACK_TOP - i * PGSIZE, PERM_W, &p);
		if (i == 1)
			top_ppn = p;
	}
	u64 base = USER_STACK_TOP - PGSIZE, sp = 0, argv_va = 0, io_va = 0;
	if (r == 0)
		r = show(child, k, top_ppn);
	if (r == 0) {
		char *page = (char *)SCRATCH_VA;
		u64 off = PGSIZE, ptrs[SPAWN_ARGMAX + 1];
		if (io) {                           /* its stdio, at the very top */
			off -= sizeof *io;
			*(struct stdio_cfg *)(page + off) = *io;
			io_va = base + off;
		}
		for (int i = argc - 1; i >= 0; i--) {
			u64 n = strlen(argv[i]) + 1;
			off -= n;
			for (u64 j = 0; j < n; j++)
				page[off + j] = argv[i][j];
			ptrs[i] = base + off;
		}
		ptrs[argc] = 0;
		off = (off - (u64)(argc + 1) * 8) & ~15ul;
		for (int i = 0; i <= argc; i++)
			((u64 *)(page + off))[i] = ptrs[i];
		argv_va = base + off;
		sp = argv_va - 16;
		long u = unshow(child, k);
		r = u;
	}

	/* 5. Its registers, last. */
	if (r == 0) {
		struct uregs u = { 0 };
		u.rip = eh.entry;
		u.rsp = sp;
		u.rdi = (u64)child;
		u.rsi = (u64)argc;
		u.rdx = argv_va;
		u.rcx = io_va;
		u.rflags = 0x202;
		r = sys_env_regs(child, &u);
	}
	if (r < 0) {
		sys_call3(SYS_ENV_KILL, (u64)child, 0, 0);
		return r == E_BUSY || r == E_NOMEM ? E_NOMEM : r;
	}
	return child;
}

long spawn_wait(long id)
{
	return sys_env_run(id);
}

long spawn_bg(long id, unsigned long slice)
{
	return sys_slice_alloc(id, slice);
}
