// SPDX-License-Identifier: MIT
/* Raw system-call stubs (see kernel/include/uapi/syscall.h). */
#include "lib.h"

int check_failures;

/* Three arguments; r10 (the target env of memory calls) is 0: the caller. */
long sys_call3(unsigned long num, unsigned long a0, unsigned long a1, unsigned long a2)
{
	return sys_call4(num, a0, a1, a2, TARGET_SELF);
}

long sys_cons_write(const void *buf, unsigned long len)
{
	return sys_call3(SYS_CONS_WRITE, (unsigned long)buf, len, 0);
}

void sys_exit(int code)
{
	sys_call3(SYS_EXIT, (unsigned long)code, 0, 0);
	for (;;)
		;
}

long sys_env_id(void) { return sys_call3(SYS_ENV_ID, 0, 0, 0); }
long sys_ticks(void) { return sys_call3(SYS_TICKS, 0, 0, 0); }

long sys_mod_run(unsigned long slot, unsigned long mod)
{
	return sys_call3(SYS_MOD_RUN, slot, mod, 0);
}

long sys_mod_name(unsigned long mod, char *buf, unsigned long len)
{
	return sys_call3(SYS_MOD_NAME, mod, (unsigned long)buf, len);
}

long sys_page_alloc(unsigned long ppn) { return sys_call3(SYS_PAGE_ALLOC, ppn, 0, 0); }
long sys_page_free(unsigned long ppn) { return sys_call3(SYS_PAGE_FREE, ppn, 0, 0); }

long sys_pt_link(unsigned long table, unsigned long index, unsigned long ppn)
{
	return sys_call3(SYS_PT_LINK, table, index, ppn);
}

long sys_pt_unlink(unsigned long table, unsigned long index)
{
	return sys_call3(SYS_PT_UNLINK, table, index, 0);
}

long sys_pt_map(unsigned long table, unsigned long index, unsigned long ppn, unsigned long perm)
{
	return sys_call3(SYS_PT_MAP, table, index, MAP_ARG(ppn, perm));
}

long sys_pt_unmap(unsigned long table, unsigned long index)
{
	return sys_call3(SYS_PT_UNMAP, table, index, 0);
}

long sys_pt_prot(unsigned long table, unsigned long index, unsigned long perm)
{
	return sys_call3(SYS_PT_PROT, table, index, perm);
}

long sys_env_root(void) { return sys_call3(SYS_ENV_ROOT, 0, 0, 0); }

/* Four-argument form: the fourth goes in r10 (rcx is taken by `syscall`).
 * The memory calls take their target env there (TARGET_SELF or a child). */
long sys_call4(unsigned long num, unsigned long a0, unsigned long a1, unsigned long a2,
	       unsigned long a3)
{
	long r;
	register unsigned long r10 __asm__("r10") = a3;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(num), "D"(a0), "S"(a1), "d"(a2), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}
