// SPDX-License-Identifier: MIT
/*
 * Console line input for libOS programs (spawn.h).  The kernel only hands
 * over what the UART received (SYS_CONS_READ never blocks); waiting, echo
 * and line editing are ours.  While nothing is typed we give the CPU away
 * with a yield to the next slice.
 */
#include "lib.h"
#include "spawn.h"

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
