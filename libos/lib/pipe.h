/* SPDX-License-Identifier: MIT */
/*
 * Pipes between a parent and its child, built from a shared page and
 * protected control transfer (lib/pipe.c), included by lib.h.
 *
 * The data goes through a ring in one physical page that the parent owns
 * and maps, and that the child maps through a capability the parent
 * grants it: no copy through the kernel.  Control goes by transfer: a
 * side that must wait (empty ring for the reader, full for the writer)
 * gives its CPU to the other side with a directed yield, and a side that
 * makes progress while the other sleeps hands it the rest of the slice
 * with an asynchronous call (the sleeper runs its empty handler, then
 * goes on from where it waited).  Both sides must therefore be able to
 * run: pipe_open() before the child first runs, ipc_serve() on both.
 */
#ifndef LIBOS_PIPE_H
#define LIBOS_PIPE_H

#define PIPE_VA     (USER_STACK_TOP - 96 * PGSIZE)   /* first pipe's page */
#define PIPE_MAX    4                                /* pipes at once */
#define PIPE_BUF    (4096 - 64)                      /* ring bytes */

struct pipe_ring {
	volatile unsigned long rd;      /* bytes read so far */
	volatile unsigned long wr;      /* bytes written so far */
	volatile unsigned long closed;  /* the writer closed its end */
	volatile long sleeper;          /* id of a side waiting, or 0 */
	unsigned long pad[4];
	volatile unsigned char buf[PIPE_BUF];
};

struct pipe {
	struct pipe_ring *ring;
	long peer;                      /* the other side's env id */
};

/* Parent: a pipe `n` (0 .. PIPE_MAX-1) shared with child `child`, which
 * has not run since fork (both sides find it at PIPE_VA + n pages).
 * Returns 0 or an error; the child calls pipe_attach(n, parent id). */
long pipe_open(int n, long child, struct pipe *p);
void pipe_attach(int n, long parent, struct pipe *p);
long pipe_write(struct pipe *p, const void *buf, unsigned long len);   /* all of it */
long pipe_read(struct pipe *p, void *buf, unsigned long len);   /* >= 1 byte, 0 at end */
void pipe_close(struct pipe *p);   /* the writer: no more data */
#endif
