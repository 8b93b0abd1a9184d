/* SPDX-License-Identifier: MIT */
/*
 * Programs from the read-only file system, loaded by the libOS
 * (lib/spawn.c), and console line input (lib/cons.c).
 *
 * The file system is the set of boot modules: SYS_MOD_NAME lists them and
 * SYS_MOD_READ reads their bytes; the kernel does nothing else with them
 * after boot.  spawn() is an ELF loader in user space: it creates an empty
 * child env (SYS_ENV_CREATE), gives it the pages it needs as its own
 * (SYS_PAGE_ALLOC on the child's behalf, so that killing the child frees
 * them all), fills each one through a short-lived capability the child
 * grants us, builds the stack with argc and argv, and sets the registers.
 * The child is then started with spawn_wait() (it runs on our slices until
 * it exits) or spawn_bg() (it gets a slice of its own).
 *
 * A program's main is `int main(long envid, long argc, char **argv)`;
 * programs the kernel starts at boot get argc 0 and argv NULL.
 */
#ifndef LIBOS_SPAWN_H
#define LIBOS_SPAWN_H

#define SPAWN_ARGMAX   16       /* arguments, the program name included */
#define SPAWN_ARGBYTES 1024     /* bytes of argument strings */
#define SPAWN_STACK    8        /* stack pages of a spawned program */
#define SPAWN_SEGMAX   8        /* PT_LOAD segments */

long sys_cons_read(void *buf, unsigned long len);
long sys_mod_read(unsigned long mod, void *buf, unsigned long len, unsigned long off);

long mod_find(const char *name);          /* module number, or E_NOENT */

/* Standard input and output.  A program's fd 0 and 1 are the console,
 * unless its spawner joined it to another program by a pipe: then the
 * spawner maps the pipe's ring at PIPE_VA + n pages in both, writes both
 * ids into the ring (pipe_ring.pad[0]: the writer, pad[1]: the reader),
 * and passes a struct stdio_cfg to each (crt0 keeps the pointer, rcx at
 * entry).  printf writes to fd 1; at exit (crt0 -> libos_exit) a piped
 * fd 1 is closed, so the reader sees the end. */
#define STDIO_MAGIC 0x6f6964747320786ful
struct stdio_cfg {
	unsigned long magic;
	int in_pipe, out_pipe;     /* pipe number (0 .. PIPE_MAX-1), or -1: console */
};
long stdout_write(const void *buf, unsigned long len);
long stdin_read(void *buf, unsigned long len);   /* >= 1 byte, 0 at end of input */
void libos_exit(int code) __attribute__((noreturn));

/* Load program `name` with arguments argv[0 .. argc-1] into a new child env
 * (not yet running).  Returns its env id, or an error: E_NOENT (no such
 * program), E_INVAL (not an ELF program we can load, or too many / too
 * long arguments), E_NOMEM (no free page, slot or capability); on error
 * nothing of the child remains. */
long spawn(const char *name, int argc, const char *const *argv);
/* The same, with standard input/output as io says (NULL: the console). */
long spawn_io(const char *name, int argc, const char *const *argv, const struct stdio_cfg *io);
/* Run child `id` on our slices until it exits; its exit status (0 .. 255,
 * or STATUS_KILLED + vector). */
long spawn_wait(long id);
/* Let child `id` run on its own: give it the free slice `slice`. */
long spawn_bg(long id, unsigned long slice);

/* A decimal argument (or 0x hex) in [lo, hi], else dflt. */
long arg_long(const char *s, long dflt, long lo, long hi);

/* Console input.  cons_getc waits (yielding the CPU) for one byte;
 * readline reads one line with echo and backspace, without the newline,
 * NUL-terminated; returns its length. */
int cons_getc(void);
long readline(char *buf, long max);
#endif
