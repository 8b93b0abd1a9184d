// SPDX-License-Identifier: MIT
/*
 * 16550 UART on COM1, polled both ways.  "\n" is sent as "\r\n" so that
 * a raw terminal shows lines properly.  Input is read only when a libOS
 * asks (SYS_CONS_READ), from the UART's 16-byte receive FIFO.
 */
#include "console.h"
#include "../arch/x86_64/hw.h"

#define COM1 0x3F8

void uart_init(void)
{
	hw_outb(COM1 + 1, 0x00);  /* no interrupts */
	hw_outb(COM1 + 3, 0x80);  /* DLAB */
	hw_outb(COM1 + 0, 0x01);  /* 115200 baud */
	hw_outb(COM1 + 1, 0x00);
	hw_outb(COM1 + 3, 0x03);  /* 8N1 */
	hw_outb(COM1 + 2, 0xC7);  /* FIFO on, cleared */
	hw_outb(COM1 + 4, 0x03);  /* DTR, RTS */
}

void uart_putc(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(hw_inb(COM1 + 5) & 0x20); i++)
		;
	hw_outb(COM1, (uint8_t)c);
}

int uart_getc(void)
{
	if (!(hw_inb(COM1 + 5) & 0x01))   /* LSR: data ready */
		return -1;
	return hw_inb(COM1);
}

void cons_write(const char *s, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}
