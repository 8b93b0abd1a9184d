// SPDX-License-Identifier: MIT
/* The first libOS program: greet through the console system call. */
#include "../lib/lib.h"


int main(long envid)
{
	printf("hello from libOS program 'hello' in ring 3, env id 0x%lx\n", envid);
	printf("hello: this line travelled through sys_cons_write; timer ticks so far: %ld\n",
	       sys_ticks());
	long r = sys_call3(SYS__COUNT + 7, 0, 0, 0);
	printf("hello: an unknown system call returns %ld (E_NOSYS = %d)\n", r, E_NOSYS);
	printf("hello: goodbye, exiting with status 0\n");
	return 0;
}
