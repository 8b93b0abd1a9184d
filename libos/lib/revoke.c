// SPDX-License-Identifier: MIT
/* Visible revocation, the libOS side (revoke.h). */
#include "lib.h"

long sys_rev_ask(long id, unsigned long kind, unsigned long what, unsigned long dt)
{
	return sys_call4(SYS_REV_ASK, (unsigned long)id, kind, what, dt);
}

long sys_rev_grant(long child)
{
	return sys_call3(SYS_REV_GRANT, (unsigned long)child, 0, 0);
}

const struct rev_info *revinfo(void)
{
	return (const struct rev_info *)USER_REVINFO;
}

int repo_read(int v, unsigned long *cursor, struct repo_entry *out, int max,
	      unsigned long *lost)
{
	const struct rev_info *ri = revinfo();
	unsigned long w = ri->written[v], c = *cursor;
	*lost = 0;
	if (w - c > REPO_RING) {           /* overwritten before we looked */
		*lost = w - c - REPO_RING;
		c = w - REPO_RING;
	}
	int n = 0;
	for (; c < w && n < max; c++, n++)
		out[n] = ri->ring[v][c % REPO_RING];
	*cursor = c;
	return n;
}
