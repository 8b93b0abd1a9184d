// SPDX-License-Identifier: MIT
/*
 * kmain: from the multiboot hand-off to the first environment in ring 3.
 * Reads the firmware memory map into the verified page table, installs the
 * kernel's descriptor tables, page tables, syscall MSRs and timer, then
 * starts boot module 0 as the root environment.
 */
#include "arch.h"
#include "../../core/sched.h"
#include "hw.h"
#include "../../core/env.h"
#include "../../core/page.h"
#include "../../drivers/console.h"

#define MB_BOOT_MAGIC 0x2BADB002u

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
} __attribute__((packed));
struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

extern char __kernel_start[], __kernel_end[];
extern uint64_t boot_free_pages;

static int str_has(const char *s, const char *w)
{
	for (; *s; s++) {
		int i = 0;
		while (w[i] && s[i] == w[i])
			i++;
		if (!w[i])
			return 1;
	}
	return 0;
}

void kmain(uint32_t magic, uint64_t info)
{
	uart_init();
	kprintf("\n[kernel] exo: formally verified x86-64 exokernel, booting\n");
	if (magic != MB_BOOT_MAGIC)
		panic("not started by a multiboot loader", 0);
	const struct mb_info *mbi = (const void *)info;
	if (!(mbi->flags & (1u << 6)))
		panic("no memory map from the boot loader", 0);
	const char *cmdline = (mbi->flags & (1u << 2)) ? (const char *)(uint64_t)mbi->cmdline : "";

	gdt_init();
	idt_init();
	core_init();

	/* Usable RAM becomes PG_FREE; the low 1 MiB, the kernel image and
	 * anything the table cannot name stay out of the free pool. */
	uint64_t usable = 0, ram_top = 0, untracked = 0;
	for (uint64_t off = 0; off < mbi->mmap_length;) {
		const struct mb_mmap *m = (const void *)(uint64_t)(mbi->mmap_addr + off);
		if (m->type == 1) {
			uint64_t first = (m->addr + PGSIZE - 1) / PGSIZE;
			uint64_t end = (m->addr + m->len) / PGSIZE;
			for (uint64_t p = first; p < end; p++) {
				usable++;
				if (page_boot_mark(p, PG_FREE) != E_OK)
					untracked++;
			}
			if (m->addr + m->len > ram_top)
				ram_top = m->addr + m->len;
		}
		off += m->size + 4;
	}
	uint64_t kfirst = (uint64_t)__kernel_start / PGSIZE;
	uint64_t kend = ((uint64_t)__kernel_end + PGSIZE - 1) / PGSIZE;
	for (uint64_t p = 0; p < kend; p++)
		if (p < 256 || p >= kfirst)
			page_boot_mark(p, PG_KERNEL);
	if (ram_top < 8 * 1024 * 1024)
		panic("need at least 8 MiB of RAM", 0);
	if (ram_top > (1ull << 30))
		ram_top = 1ull << 30;    /* the kernel maps only the first GiB */

	mmu_init(ram_top);
	syscall_init();
	fpu_trap_init();
	pic_init();
	pit_init();

	uint64_t nkernel = 0, nfree = 0;
	for (ppn_t p = 0; p < NPAGES; p++) {
		nkernel += pages[p].type == PG_KERNEL;
		nfree += pages[p].type == PG_FREE;
	}
	boot_free_pages = nfree;
	kprintf("[kernel] memory: %lu KiB usable RAM (%lu pages); kernel reserved %lu pages; "
		"%lu pages handed to user space; %lu untracked\n",
		usable * 4, usable, nkernel, nfree, untracked);
	kprintf("[kernel] cpu: long mode, NX %s, syscall/sysret, PIT timer at %d Hz, %lu boot modules\n",
		nx_enabled ? "on" : "off", HZ, module_count);

	if (str_has(cmdline, "selftest=panic")) {
		kprintf("[kernel] selftest: executing ud2 in ring 0\n");
		__asm__ volatile("ud2");
	}
	if (module_count == 0)
		panic("no boot module to run", 0);
	int32_t s = proc_spawn_module(0, NO_ENV, 0);
	if (s < 0)
		panic("cannot start the root environment", 0);
	/* Boot policy: the root env gets slice 0.  Every other slice is free
	 * for the envs to take (SYS_SLICE_ALLOC). */
	root_env = s;
	repo_boot(s);   /* and the revocation capability (uapi/revoke.h) */
	if (sys_slice_alloc(s, 0) != E_OK)
		panic("cannot give slice 0 to the root environment", 0);
	sched_next();
	proc_dispatch();
}
