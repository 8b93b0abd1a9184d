/* SPDX-License-Identifier: MIT */
/*
 * The libOS side of visible revocation (kernel/include/uapi/revoke.h),
 * included by lib.h.  The requests against every env and every env's
 * repossession ring are readable at USER_REVINFO.
 */
#ifndef LIBOS_REVOKE_H
#define LIBOS_REVOKE_H
#include "../../kernel/include/uapi/revoke.h"

/* Ask env `id` for resources back within dt timer ticks (needs the
 * revocation capability); hand the capability to a child. */
long sys_rev_ask(long id, unsigned long kind, unsigned long what, unsigned long dt);
long sys_rev_grant(long child);
const struct rev_info *revinfo(void);

/* Repossession ring of slot v: the entries written since *cursor, oldest
 * first, into out[0 .. max-1]; *cursor moves on.  Returns how many were
 * copied; *lost counts the entries the ring overwrote before we read them. */
int repo_read(int v, unsigned long *cursor, struct repo_entry *out, int max,
	      unsigned long *lost);
#endif
