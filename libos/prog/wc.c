// SPDX-License-Identifier: MIT
/* Count the lines, words and bytes of standard input (a pipe, or the
 * console until ^D): try `hello | wc` or `primes 100 | wc`. */
#include "../lib/lib.h"
#include "../lib/spawn.h"

int main(void)
{
	static char buf[512];
	unsigned long lines = 0, words = 0, bytes = 0;
	int inword = 0;
	long n;
	while ((n = stdin_read(buf, sizeof buf)) > 0) {
		for (long i = 0; i < n; i++) {
			char c = buf[i];
			bytes++;
			lines += c == '\n';
			int sp = c == ' ' || c == '\n' || c == '\t';
			words += !sp && !inword;
			inword = !sp;
		}
	}
	printf("wc: %lu lines, %lu words, %lu bytes\n", lines, words, bytes);
	return 0;
}
