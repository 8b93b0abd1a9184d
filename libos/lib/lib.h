/* SPDX-License-Identifier: MIT */
/* The libOS library: system-call stubs and a little libc. */
#ifndef LIBOS_LIB_H
#define LIBOS_LIB_H
#include "../../kernel/include/uapi/errno.h"
#include "../../kernel/include/uapi/syscall.h"
#include "../../kernel/include/uapi/layout.h"

long sys_call3(unsigned long num, unsigned long a0, unsigned long a1, unsigned long a2);
long sys_cons_write(const void *buf, unsigned long len);
void sys_exit(int code) __attribute__((noreturn));
long sys_env_id(void);
long sys_ticks(void);
long sys_mod_run(unsigned long slot, unsigned long mod);
long sys_mod_name(unsigned long mod, char *buf, unsigned long len);

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

#endif
