// SPDX-License-Identifier: MIT
/* The console system call with good and boundary arguments. */
#include "../lib/lib.h"

static char big[CONS_WRITE_MAX + 1];

int main(long envid)
{
	CHECK(envid >= 64 && envid % 64 == 1, "env id names slot 1 with a generation");
	CHECK(sys_env_id() == envid, "sys_env_id agrees with the id given at start");
	CHECK(sys_cons_write("  console: hi\n", 14) == 14, "write returns its length");
	CHECK(sys_cons_write(big, 0) == 0, "empty write returns 0");
	for (unsigned i = 0; i < sizeof big; i++)
		big[i] = i % 64 == 63 ? '\n' : '.';
	big[CONS_WRITE_MAX - 1] = '\n';
	CHECK(sys_cons_write(big, CONS_WRITE_MAX) == CONS_WRITE_MAX, "write of exactly the limit");
	CHECK(sys_cons_write(big, CONS_WRITE_MAX + 1) == E_INVAL, "write over the limit: E_INVAL");
	return check_failures;
}
