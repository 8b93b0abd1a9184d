// SPDX-License-Identifier: MIT
/*
 * The legacy 8259 PIC pair, remapped to vectors 32..47 with every line but
 * the timer masked, and the 8254 PIT channel 0 as a periodic HZ tick.
 */
#include "console.h"
#include "../arch/x86_64/hw.h"

#define PIC1 0x20
#define PIC2 0xA0
#define PIT_HZ 1193182u

void pic_init(void)
{
	hw_outb(PIC1, 0x11);          /* ICW1: init, ICW4 follows */
	hw_outb(PIC2, 0x11);
	hw_outb(PIC1 + 1, IRQ_BASE);  /* ICW2: vector offsets */
	hw_outb(PIC2 + 1, IRQ_BASE + 8);
	hw_outb(PIC1 + 1, 4);         /* ICW3: slave on IRQ2 */
	hw_outb(PIC2 + 1, 2);
	hw_outb(PIC1 + 1, 0x01);      /* ICW4: 8086 mode */
	hw_outb(PIC2 + 1, 0x01);
	hw_outb(PIC1 + 1, 0xFE);      /* only IRQ0 (timer) */
	hw_outb(PIC2 + 1, 0xFF);
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		hw_outb(PIC2, 0x20);
	hw_outb(PIC1, 0x20);
}

void pit_init(void)
{
	uint32_t div = PIT_HZ / HZ;
	hw_outb(0x43, 0x34);          /* channel 0, lo/hi, rate generator */
	hw_outb(0x40, (uint8_t)(div & 0xFF));
	hw_outb(0x40, (uint8_t)(div >> 8));
}

void qemu_exit(uint32_t code)
{
	hw_outl(0xF4, code);
	/* Not under QEMU (or no isa-debug-exit): stop here. */
	hw_halt_forever();
	__builtin_unreachable();
}
