/* SPDX-License-Identifier: MIT */
/*
 * The libOS side of capabilities, exofork and the target-env memory calls
 * (included by lib.h).
 */
#ifndef LIBOS_EXO_H
#define LIBOS_EXO_H
#include "../../kernel/include/uapi/cap.h"

/* Raw calls (kernel/include/uapi/syscall.h). */
long sys_env_create(unsigned long slot, unsigned long root);
long sys_env_regs(long child, const struct uregs *regs);
long sys_env_run(long child);
long sys_cap_grant(unsigned long k, unsigned long ppn, long holder, unsigned long rights);
long sys_cap_derive(unsigned long k, unsigned long from, long holder, unsigned long rights);
long sys_cap_revoke(unsigned long k);
long sys_pt_map_cap(unsigned long table, unsigned long index, unsigned long k,
		    unsigned long perm);
long sys_pt_view(unsigned long table, unsigned long index, unsigned long ptppn);
/* Any memory call on env `target` (TARGET_SELF or a child's id). */
long sys_on(long target, unsigned long num, unsigned long a0, unsigned long a1,
	    unsigned long a2);

/* Capabilities, seen through the read-only window. */
const struct cap *capinfo(void);
long cap_pick_free(void);                   /* a free slot of ours, or -1 */
long cap_revoke_all(unsigned long k);       /* revoke and finish the sweep */
long cap_sweep(void);                       /* finish any sweep under way: 0 */

/* Address spaces of the caller (target 0) or of a child. */
long vm_child_in(long target, unsigned long table, unsigned long index);
long vm_leaf_in(long target, unsigned long va, unsigned long *table, unsigned long *index);
/* ... linking the missing tables on the way, from free pages we pick. */
long vm_leaf_create(long target, unsigned long va, unsigned long *table, unsigned long *index);
unsigned long vm_va_of(unsigned long leaf, unsigned long index);  /* va an entry maps */
long vm_map_in(long target, unsigned long va, unsigned long ppn, unsigned long perm);
long vm_map_cap_in(long target, unsigned long va, unsigned long k, unsigned long perm);
long vm_unmap_in(long target, unsigned long va);
long vm_prot_in(long target, unsigned long va, unsigned long perm);

#endif
