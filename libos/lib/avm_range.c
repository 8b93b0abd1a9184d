// SPDX-License-Identifier: MIT
/* avm_prot_range (avm_range.h): one leaf-table lookup per 2 MiB, then one
 * SYS_PT_PROT per page. */
#include "lib.h"
#include "avm_range.h"

long avm_prot_range(unsigned long va, unsigned long n, unsigned long perm)
{
	unsigned long t = 0, i = NPTE;
	va &= ~(PGSIZE - 1);
	for (unsigned long k = 0; k < n; k++, va += PGSIZE, i++) {
		if (i >= NPTE) {      /* first page, or a new leaf table */
			long r = vm_leaf(va, &t, &i);
			if (r < 0)
				return r;
		}
		long r = sys_pt_prot(t, i, perm);
		if (r < 0)
			return r;
	}
	return 0;
}
