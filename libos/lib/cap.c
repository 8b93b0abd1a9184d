// SPDX-License-Identifier: MIT
/* Capability, exofork and target-env system-call stubs. */
#include "lib.h"

long sys_on(long target, unsigned long num, unsigned long a0, unsigned long a1,
	    unsigned long a2)
{
	return sys_call4(num, a0, a1, a2, (unsigned long)target);
}

long sys_env_create(unsigned long slot, unsigned long root)
{
	return sys_call3(SYS_ENV_CREATE, slot, root, 0);
}

long sys_env_regs(long child, const struct uregs *regs)
{
	return sys_call3(SYS_ENV_REGS, (unsigned long)child, (unsigned long)regs, 0);
}

long sys_env_run(long child)
{
	return sys_call3(SYS_ENV_RUN, (unsigned long)child, 0, 0);
}

long sys_cap_grant(unsigned long k, unsigned long ppn, long holder, unsigned long rights)
{
	return sys_call3(SYS_CAP_GRANT, k, ppn, (unsigned long)holder | rights << 56);
}

long sys_cap_derive(unsigned long k, unsigned long from, long holder, unsigned long rights)
{
	return sys_call3(SYS_CAP_DERIVE, k, from, (unsigned long)holder | rights << 56);
}

long sys_cap_revoke(unsigned long k)
{
	return sys_call3(SYS_CAP_REVOKE, k, 0, 0);
}

long sys_pt_map_cap(unsigned long table, unsigned long index, unsigned long k,
		    unsigned long perm)
{
	return sys_call3(SYS_PT_MAP_CAP, table, index, k | perm << 56);
}

long sys_pt_view(unsigned long table, unsigned long index, unsigned long ptppn)
{
	return sys_call3(SYS_PT_VIEW, table, index, ptppn);
}

const struct cap *capinfo(void)
{
	return (const struct cap *)USER_CAPINFO;
}

long cap_pick_free(void)
{
	const struct cap *c = capinfo();
	unsigned long base = (unsigned long)my_slot() * CAP_PER_ENV;
	for (unsigned long k = base; k < base + CAP_PER_ENV; k++)
		if (c[k].status == CAP_FREE)
			return (long)k;
	return -1;
}

long cap_revoke_all(unsigned long k)
{
	long r = sys_cap_revoke(k);
	for (int n = 0; r == E_AGAIN && n < 10000; n++)
		r = sys_cap_revoke(k);
	return r;
}

long cap_sweep(void)
{
	const struct cap *c = capinfo();
	for (unsigned long k = 0; k < NCAP; k++) {
		if (c[k].status != CAP_LIVE) {
			long r = cap_revoke_all(k);
			return r == E_NOENT ? 0 : r;
		}
	}
	return 0;
}
