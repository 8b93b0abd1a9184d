// SPDX-License-Identifier: MIT
/*
 * Console line input for libOS programs (spawn.h), the raw calls for the
 * console and the boot modules, and argument parsing (apart from spawn.c,
 * so that a program that only prints does not link the loader).  The kernel only hands
 * over what the UART received (SYS_CONS_READ never blocks); waiting, echo
 * and line editing are ours.  While nothing is typed we give the CPU away
 * with a yield to the next slice.
 */
#include "lib.h"
#include "spawn.h"

long sys_cons_read(void *buf, unsigned long len)
{
	return sys_call3(SYS_CONS_READ, (unsigned long)buf, len, 0);
}

long sys_mod_read(unsigned long mod, void *buf, unsigned long len, unsigned long off)
{
	return sys_call4(SYS_MOD_READ, mod, (unsigned long)buf, len, off);
}

/* A decimal (or 0x hexadecimal) argument in [lo, hi], else dflt. */
long arg_long(const char *s, long dflt, long lo, long hi)
{
	long v = 0, base = 10;
	if (!s || !*s)
		return dflt;
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0'
		      : base == 16 && *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
		if (d < 0 || v > (hi - d) / base)
			return dflt;
		v = v * base + d;
	}
	return v < lo ? dflt : v;
}

static char pend[CONS_READ_MAX];
static long npend, ipend;

int cons_getc(void)
{
	while (ipend == npend) {
		long n = sys_cons_read(pend, sizeof pend);
		if (n > 0) {
			npend = n;
			ipend = 0;
			break;
		}
		sys_yield(0);
	}
	return (unsigned char)pend[ipend++];
}

long readline(char *buf, long max)
{
	long n = 0;
	for (;;) {
		int c = cons_getc();
		if (c == '\r' || c == '\n') {
			sys_cons_write("\n", 1);
			break;
		}
		if (c == 0x7f || c == 0x08) {          /* backspace / delete */
			if (n > 0) {
				n--;
				sys_cons_write("\b \b", 3);
			}
			continue;
		}
		if (c == 0x15) {                       /* ^U: the whole line */
			while (n > 0) {
				n--;
				sys_cons_write("\b \b", 3);
			}
			continue;
		}
		if (c < 0x20 || c > 0x7e || n >= max - 1)
			continue;                      /* other control bytes, or full */
		buf[n++] = (char)c;
		sys_cons_write(&buf[n - 1], 1);
	}
	buf[n] = 0;
	return n;
}
