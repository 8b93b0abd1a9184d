/* SPDX-License-Identifier: MIT */
/* The libOS library: system-call stubs and a little libc. */
#ifndef LIBOS_LIB_H
#define LIBOS_LIB_H
#include "../../kernel/include/uapi/errno.h"
#include "../../kernel/include/uapi/syscall.h"
#include "../../kernel/include/uapi/layout.h"
#include "../../kernel/include/uapi/pageinfo.h"
#include "../../kernel/include/uapi/regs.h"
#include "exo.h"
#include "avm.h"
#include "sched.h"
#include "usched.h"
#include "ipc.h"
#include "pipe.h"
#include "revoke.h"
#include "malloc.h"

long sys_call3(unsigned long num, unsigned long a0, unsigned long a1, unsigned long a2);
long sys_call4(unsigned long num, unsigned long a0, unsigned long a1, unsigned long a2,
	       unsigned long a3);
long sys_cons_write(const void *buf, unsigned long len);
void sys_exit(int code) __attribute__((noreturn));
long sys_env_id(void);
long sys_ticks(void);
long sys_mod_run(unsigned long slot, unsigned long mod);
long sys_mod_name(unsigned long mod, char *buf, unsigned long len);

long sys_page_alloc(unsigned long ppn);
long sys_page_free(unsigned long ppn);
long sys_pt_link(unsigned long table, unsigned long index, unsigned long ppn);
long sys_pt_unlink(unsigned long table, unsigned long index);
long sys_pt_map(unsigned long table, unsigned long index, unsigned long ppn, unsigned long perm);
long sys_pt_unmap(unsigned long table, unsigned long index);
long sys_pt_prot(unsigned long table, unsigned long index, unsigned long perm);
long sys_env_root(void);

/* libos/lib/vm.c: address-space management in the libOS, from the
 * read-only page-info window and the page-table calls. */
const struct page_info *pageinfo(void);
int my_slot(void);
long page_pick_free(void);                  /* a free page, or -1 */
long vm_child(unsigned long table, unsigned long index);  /* linked table or -1 */
long vm_map(unsigned long va, unsigned long ppn, unsigned long perm);
long vm_leaf(unsigned long va, unsigned long *table, unsigned long *index);
long vm_unmap(unsigned long va);
long vm_prot(unsigned long va, unsigned long perm);
unsigned long count_free_pages(void);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned long strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, unsigned long n);

/* Test helpers: print "ok"/"not ok" and count failures. */
extern int check_failures;
#define CHECK(cond, what) do {                                              \
	if (cond) printf("  ok - %s\n", what);                             \
	else { printf("  not ok - %s (line %d)\n", what, __LINE__); check_failures++; } \
} while (0)

/* ---- user-level exceptions (libos/lib/exc.c, exc_entry.S) -------------
 * A ring-3 #DE, #DB, #BP, #UD, #NM, #GP or #PF is delivered to the handler
 * registered with SYS_EXC_SETUP, on the exception stack (the page below
 * its top), as a struct exc_frame (uapi/regs.h).  exc_handler_set() maps
 * that page at EXC_STACK_TOP - PGSIZE on first use and registers
 * exc_entry, which calls fn(frame) and then resumes frame->regs as fn left
 * them (change regs.rip to skip an instruction; return unchanged to retry
 * it); fn == 0 removes the handler.  exc_resume(frame) resumes any frame
 * directly.  Without a handler the kernel kills the env, as before. */
#define EXC_STACK_TOP  (USER_STACK_TOP - 64 * PGSIZE)
long sys_exc_setup(unsigned long handler, unsigned long stack_top);
int exc_handler_set(void (*fn)(struct exc_frame *));
void exc_entry(void);
void exc_resume(struct exc_frame *frame) __attribute__((noreturn));
extern void (*exc_user_fn)(struct exc_frame *);

/* ---- fork (libos/lib/fork.c, fork_entry.S) ----------------------------
 * fork(): copy-on-write fork built in the libOS from exofork, capabilities
 * and user-level page faults.  Returns the child's id in the parent (the
 * child exists but has not run: run it with sys_env_run(id), which returns
 * its exit status) and 0 in the child.  Text and read-only pages are shared
 * through capabilities; writable pages become copy-on-write; the exception
 * stack and fork's own state are private; zero pages and dead stack pages
 * are given fresh.  Every shared page costs one capability slot of the
 * parent's CAP_PER_ENV while the child lives, so children are forked and
 * run one after the other.  fork_reap(): after children exited, finish the
 * capability sweep and free the pages the parent replaced while children
 * still named them; returns how many such pages are still held.
 * fork_init() installs fork's page-fault handler (fork() does it too); a
 * handler registered before with exc_handler_set() becomes fork_fault_hook,
 * which receives every fault that is not copy-on-write.  Without a hook
 * such a fault prints one line and exits with FORK_FAULT_STATUS + vector.
 * Do not replace the handler with exc_handler_set() after fork_init(): set
 * fork_fault_hook instead.  fork reserves [FORK_AREA, FORK_AREA_END), between
 * the exception stack and the stack, for its state (private to each env),
 * a scratch page and read-only views of page tables. */
#define FORK_FAULT_STATUS 200
#define FORK_AREA         (EXC_STACK_TOP + PGSIZE)
#define FORK_AREA_END     (EXC_STACK_TOP + 48 * PGSIZE)
#define FORK_NVIEW        32
struct fork_stats {
	unsigned long forks;      /* successful fork() calls in this env */
	unsigned long copies;     /* copy-on-write faults that copied a page */
	unsigned long upgrades;   /* faults on own pages nobody else named: made writable */
	unsigned long orphans;    /* replaced own pages not yet freed (fork_reap) */
	unsigned long lost;       /* replaced pages the orphan list had no room for */
};
long fork(void);
long fork_reap(void);
int fork_init(void);
void fork_get_stats(struct fork_stats *s);
extern void (*fork_fault_hook)(struct exc_frame *);
int regs_save(struct uregs *u) __attribute__((returns_twice));

#endif
