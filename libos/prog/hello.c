// SPDX-License-Identifier: MIT
/* The first libOS program: greet through the console system call, and
 * show the arguments the shell's loader put on our stack. */
#include "../lib/lib.h"

int main(long envid, long argc, char **argv)
{
	printf("hello from libOS program 'hello' in ring 3, env id 0x%lx\n", envid);
	for (long i = 0; i < argc; i++)
		printf("hello: argv[%ld] = %s\n", i, argv[i]);
	printf("hello: this line travelled through sys_cons_write; timer ticks so far: %ld\n",
	       sys_ticks());
	long r = sys_call3(SYS__COUNT + 7, 0, 0, 0);
	printf("hello: an unknown system call returns %ld (E_NOSYS = %d)\n", r, E_NOSYS);
	printf("hello: goodbye, exiting with status 0\n");
	return 0;
}
