// SPDX-License-Identifier: MIT
/* Unknown system-call numbers and bad exit codes are refused. */
#include "../lib/lib.h"

int main(void)
{
	CHECK(sys_call3(SYS__COUNT, 0, 0, 0) == E_NOSYS, "first unused number: E_NOSYS");
	CHECK(sys_call3(1000, 1, 2, 3) == E_NOSYS, "number 1000: E_NOSYS");
	CHECK(sys_call3(~0ul, 0, 0, 0) == E_NOSYS, "number 2^64-1: E_NOSYS");
	CHECK(sys_call3(1ul << 32, 0, 0, 0) == E_NOSYS, "number 2^32 (truncates to SYS_CONS_WRITE): E_NOSYS");
	CHECK(sys_call3(SYS_EXIT, 256, 0, 0) == E_INVAL, "exit code 256: E_INVAL, still running");
	CHECK(sys_call3(SYS_EXIT, ~0ul, 0, 0) == E_INVAL, "exit code 2^64-1: E_INVAL, still running");
	return check_failures;
}
