// SPDX-License-Identifier: MIT
/*
 * Time slices from the libOS (lib/sched.h).  Which slice to take is the
 * libOS's choice; it reads the vector through the read-only window.
 */
#include "lib.h"

long sys_slice_alloc(long target, unsigned long slice)
{
	return sys_call4(SYS_SLICE_ALLOC, slice, 0, 0, (unsigned long)target);
}

long sys_slice_free(long target, unsigned long slice)
{
	return sys_call4(SYS_SLICE_FREE, slice, 0, 0, (unsigned long)target);
}

long sys_slice_upcall(long target, unsigned long on)
{
	return sys_call4(SYS_SLICE_UPCALL, on, 0, 0, (unsigned long)target);
}

long sys_upcall_hold(unsigned long on)
{
	return sys_call3(SYS_UPCALL_HOLD, on, 0, 0);
}

const struct sched_info *schedinfo(void)
{
	return (const struct sched_info *)USER_SCHEDINFO;
}

long slice_pick_free(void)
{
	for (int s = 0; s < NSLICE; s++)
		if (schedinfo()->owner[s] == -1)
			return s;
	return -1;
}

int slices_of(int slot)
{
	int n = 0;
	for (int s = 0; s < NSLICE; s++)
		n += schedinfo()->owner[s] == slot;
	return n;
}

static void (*slice_fn)(struct exc_frame *);
static void (*fault_fn)(struct exc_frame *);

static void slice_dispatch(struct exc_frame *f)
{
	if (f->vector == T_SLICE_END) {
		if (slice_fn)
			slice_fn(f);
		else
			sys_yield(0);
		return;
	}
	if (fault_fn) {
		fault_fn(f);
		return;
	}
	printf("unhandled exception %lu at rip=0x%lx\n", f->vector, f->regs.rip);
	sys_exit(150 + (int)f->vector);
}

int slice_upcall_on(void (*fn)(struct exc_frame *))
{
	slice_fn = fn;
	if (exc_user_fn != slice_dispatch) {
		fault_fn = exc_user_fn;
		if (exc_handler_set(slice_dispatch) != 0)
			return -1;
	}
	return sys_slice_upcall(TARGET_SELF, 1) == E_OK ? 0 : -1;
}
