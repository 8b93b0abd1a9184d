// SPDX-License-Identifier: MIT
/* Hostile pointers handed to the kernel: each gets an error, and the
 * program goes on. */
#include "../lib/lib.h"

int main(void)
{
	char buf[MOD_NAME_MAX];
	CHECK(sys_cons_write((void *)0, 8) == E_FAULT, "NULL buffer: E_FAULT");
	CHECK(sys_cons_write((void *)0x100000, 8) == E_FAULT, "kernel text address: E_FAULT");
	CHECK(sys_cons_write((void *)0xFFFFFFFF80000000ul, 8) == E_FAULT, "upper-half address: E_FAULT");
	CHECK(sys_cons_write((void *)(USER_BASE + 0x40000000ul), 8) == E_FAULT,
	      "unmapped user address: E_FAULT");
	CHECK(sys_cons_write((void *)0xFFFFFFFFFFFFFF00ul, 0x200) == E_FAULT,
	      "pointer+length wrapping around 2^64: E_FAULT");
	CHECK(sys_cons_write((void *)(USER_TOP - 16), 32) == E_FAULT,
	      "range crossing the top of user space: E_FAULT");
	CHECK(sys_cons_write((void *)(USER_BASE - 8), 16) == E_FAULT,
	      "range crossing into the kernel half: E_FAULT");
	CHECK(sys_cons_write((void *)(USER_STACK_TOP - 8), 16) == E_FAULT,
	      "range running into the unmapped guard page: E_FAULT");
	CHECK(sys_mod_name(0, (char *)main, MOD_NAME_MAX) == E_FAULT,
	      "kernel writing into read-only text: E_FAULT");
	CHECK(sys_mod_name(0, (char *)0x100000, MOD_NAME_MAX) == E_FAULT,
	      "kernel writing to a kernel address: E_FAULT");
	CHECK(sys_mod_name(0, buf, 2) == E_INVAL, "name buffer too short: E_INVAL");
	CHECK(sys_mod_name(0, buf, MOD_NAME_MAX + 1) == E_INVAL, "name length over limit: E_INVAL");
	CHECK(sys_mod_name(0, buf, MOD_NAME_MAX) == 6 && strcmp(buf, "runner") == 0,
	      "a good buffer still works after all that");
	CHECK(sys_mod_name(1ul << 40, buf, MOD_NAME_MAX) == E_NOENT, "module out of range: E_NOENT");
	return check_failures;
}
