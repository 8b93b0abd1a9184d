/* SPDX-License-Identifier: MIT */
/* Serial console (COM1) and the kernel's printf.  Unverified driver. */
#ifndef DRIVERS_CONSOLE_H
#define DRIVERS_CONSOLE_H
#include <stdint.h>
#include <stdarg.h>

void uart_init(void);
void uart_putc(char c);
void cons_write(const char *s, uint64_t n);
int uart_getc(void);   /* a received byte, or -1 if none is waiting */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/* Timer: legacy PIC remapped to vectors 32..47, PIT channel 0 at HZ. */
#define HZ 100
#define IRQ_BASE 32
void pic_init(void);
void pit_init(void);
void pic_eoi(int irq);

/* QEMU isa-debug-exit at port 0xf4: QEMU exits with (code << 1) | 1. */
#define EXIT_OK        0   /* host sees 1 */
#define EXIT_FAIL      1   /* host sees 3: the root env exited non-zero */
#define EXIT_PANIC     2   /* host sees 5: kernel panic */
__attribute__((noreturn)) void qemu_exit(uint32_t code);

#endif
