// SPDX-License-Identifier: MIT
/*
 * Descriptor tables and the syscall MSRs: GDT with a 64-bit TSS (its rsp0
 * is the kernel stack used on every trap from ring 3), an IDT with a gate
 * for each of the 32 exception vectors and the 16 legacy IRQs,
 * STAR/LSTAR/FMASK for syscall/sysret, and the FPU trap (CR0.TS).
 */
#include "arch.h"
#include "hw.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

struct dtr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static uint64_t gdt[8];
static struct tss tss;
static struct gate idt[256];

void gdt_init(void)
{
	gdt[0] = 0;
	gdt[1] = 0x00AF9A000000FFFFull;  /* 0x08 kernel code, 64-bit */
	gdt[2] = 0x00CF92000000FFFFull;  /* 0x10 kernel data */
	gdt[3] = 0x00CFFA000000FFFFull;  /* 0x18 user code, 32-bit (unused) */
	gdt[4] = 0x00CFF2000000FFFFull;  /* 0x20 user data */
	gdt[5] = 0x00AFFA000000FFFFull;  /* 0x28 user code, 64-bit */
	uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
	gdt[6] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
		 (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[7] = base >> 32;
	tss.rsp0 = kstack_top;
	tss.iomap_base = sizeof tss;     /* no I/O bitmap: every port traps */

	struct dtr d = { sizeof gdt - 1, (uint64_t)gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"mov %1, %%ds\n\tmov %1, %%es\n\tmov %1, %%ss\n\t"
		"pushq %2\n\tleaq 1f(%%rip), %%rax\n\tpushq %%rax\n\tlretq\n1:\n\t"
		"ltr %w3"
		: : "m"(d), "r"((uint64_t)SEL_KDATA), "i"(SEL_KCODE), "r"(SEL_TSS)
		: "rax", "memory");
}

static void set_gate(int v, uint64_t handler, int dpl)
{
	idt[v].off_lo = handler & 0xFFFF;
	idt[v].sel = SEL_KCODE;
	idt[v].ist = 0;
	idt[v].type = (uint8_t)(0x8E | (dpl << 5));  /* present interrupt gate */
	idt[v].off_mid = (handler >> 16) & 0xFFFF;
	idt[v].off_hi = (uint32_t)(handler >> 32);
	idt[v].zero = 0;
}

void idt_init(void)
{
	for (int v = 0; v < 48; v++)
		set_gate(v, (uint64_t)(vectors + 16 * v), 0);
	/* int3 and into may be used from ring 3 (breakpoints, overflow). */
	set_gate(3, (uint64_t)(vectors + 16 * 3), 3);
	set_gate(4, (uint64_t)(vectors + 16 * 4), 3);
	/* Vectors 48..255 stay not-present: `int n` from user gives #GP. */
	struct dtr d = { sizeof idt - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(d));
}

void syscall_init(void)
{
	hw_wrmsr(MSR_EFER, hw_rdmsr(MSR_EFER) | EFER_SCE);
	hw_wrmsr(MSR_STAR, ((uint64_t)SEL_UBASE << 48) | ((uint64_t)SEL_KCODE << 32));
	hw_wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Clear IF, TF, DF, NT and AC on entry. */
	hw_wrmsr(MSR_FMASK, 0x200 | 0x100 | 0x400 | 0x4000 | 0x40000);
}

#define CR0_MP      (1ull << 1)
#define CR0_EM      (1ull << 2)
#define CR0_TS      (1ull << 3)
#define CR4_OSFXSR  (1ull << 9)

/* The kernel never saves x87/SSE state between envs (it and the libOS are
 * built -mgeneral-regs-only), so that state must never be used at all:
 * with CR0.TS set and never cleared, every x87, MMX and SSE instruction
 * raises #NM (CR0.MP makes WAIT/FWAIT trap too).  CR4.OSFXSR is set so
 * that SSE instructions reach that #NM check instead of stopping at #UD;
 * the registers they would touch stay unreachable either way. */
void fpu_trap_init(void)
{
	hw_write_cr0((hw_read_cr0() | CR0_MP | CR0_TS) & ~CR0_EM);
	hw_write_cr4(hw_read_cr4() | CR4_OSFXSR);
}
