// SPDX-License-Identifier: MIT
/* Standard input (spawn.h): the pipe lib/stdio.c attached, or the console.
 * A file of its own: a program that only prints does not link the console
 * reader (each page of code costs a forking program capabilities). */
#include "lib.h"
#include "spawn.h"

extern struct pipe stdio_in;
extern int stdio_in_piped;
void stdio_setup(void);

/* From the console: what is typed, echoed, up to and including a newline;
 * ^D at the start of a read is the end of input. */
long stdin_read(void *buf, unsigned long len)
{
	stdio_setup();
	if (stdio_in_piped)
		return pipe_read(&stdio_in, buf, len);
	char *b = buf;
	unsigned long n = 0;
	while (n < len) {
		int c = cons_getc();
		if (c == 0x04) {
			if (n == 0)
				return 0;
			break;
		}
		if (c == '\r')
			c = '\n';
		b[n++] = (char)c;
		sys_cons_write(c == '\n' ? "\n" : &b[n - 1], 1);
		if (c == '\n')
			break;
	}
	return (long)n;
}
