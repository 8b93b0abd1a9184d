// SPDX-License-Identifier: MIT
/* A child env (slot 1) runs children of its own in slot 2: a fault in the
 * grandchild is reported to its parent, not to the kernel or the runner. */
#include "../lib/lib.h"

static long find(const char *want)
{
	char name[MOD_NAME_MAX];
	for (unsigned long m = 0; m < 64; m++) {
		long n = sys_mod_name(m, name, sizeof name);
		if (n == E_NOENT)
			break;
		if (n >= 0 && strcmp(name, want) == 0)
			return (long)m;
	}
	return -1;
}

int main(void)
{
	long ud2 = find("k_ud2"), exit7 = find("t_exit7");
	CHECK(ud2 > 0 && exit7 > 0, "found the modules to run");
	CHECK(sys_mod_run(64, exit7) == E_INVAL, "slot out of range: E_INVAL");
	CHECK(sys_mod_run(~0ul, exit7) == E_INVAL, "slot 2^64-1: E_INVAL");
	CHECK(sys_mod_run(1, exit7) == E_BUSY, "own slot: E_BUSY");
	CHECK(sys_mod_run(0, exit7) == E_BUSY, "the runner's slot: E_BUSY");
	CHECK(sys_mod_run(2, 1ul << 40) == E_NOENT, "module out of range: E_NOENT");
	CHECK(sys_mod_run(2, ud2) == STATUS_KILLED + 6, "grandchild killed by #UD, status to us");
	CHECK(sys_mod_run(2, exit7) == 7, "slot 2 reused after the kill: exit 7");
	CHECK(sys_mod_run(63, exit7) == 7, "last slot works");
	return check_failures;
}
