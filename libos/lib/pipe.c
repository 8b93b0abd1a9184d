// SPDX-License-Identifier: MIT
/*
 * Pipes on a shared page and control transfer (lib/pipe.h).  One writer,
 * one reader per pipe.  rd and wr only grow; wr - rd bytes are in the
 * ring.  Each side writes only its own counter, and x86 keeps stores in
 * order, so the reader never sees a count before the bytes it covers.
 */
#include "lib.h"

static void pipe_wake(struct ipc_msg *m)
{
	(void)m;   /* nothing to do: the call only hands us the CPU */
}

long pipe_open(int n, long child, struct pipe *p)
{
	if (n < 0 || n >= PIPE_MAX)
		return E_INVAL;
	unsigned long va = PIPE_VA + (unsigned long)n * PGSIZE;
	long pg = page_pick_free(), k = cap_pick_free();
	if (pg < 0 || k < 0)
		return E_NOMEM;
	long r = sys_page_alloc((unsigned long)pg);
	if (r != E_OK)
		return r;
	/* Undo on the way out: a failed open leaves nothing behind. */
	int granted = 0, mine = 0;
	r = sys_cap_grant((unsigned long)k, (unsigned long)pg, child, PERM_W);
	granted = r == E_OK;
	if (r == E_OK)
		r = vm_map_cap_in(child, va, (unsigned long)k, PERM_W);
	if (r == E_OK)
		r = vm_map(va, (unsigned long)pg, PERM_W);
	mine = r == E_OK;
	if (r == E_OK)
		r = ipc_serve(pipe_wake);
	if (r != E_OK) {
		if (mine)
			vm_unmap(va);
		if (granted)
			cap_revoke_all((unsigned long)k);
		sys_page_free((unsigned long)pg);
		return r;
	}
	p->ring = (struct pipe_ring *)va;
	p->ring->rd = p->ring->wr = p->ring->closed = 0;
	p->ring->sleeper = 0;
	p->peer = child;
	return E_OK;
}

void pipe_attach(int n, long parent, struct pipe *p)
{
	p->ring = (struct pipe_ring *)(PIPE_VA + (unsigned long)n * PGSIZE);
	p->peer = parent;
	ipc_serve(pipe_wake);
}

/* Wait for the other side: give it the CPU, saying we sleep. */
static void pipe_wait(struct pipe *p)
{
	p->ring->sleeper = sys_env_id();
	if (sys_yield(p->peer) != E_OK)
		sys_yield(0);     /* it is blocked elsewhere: next slice */
	p->ring->sleeper = 0;
}

/* We made progress: if the other side sleeps, hand it the CPU now. */
static void pipe_kick(struct pipe *p)
{
	if (p->ring->sleeper == p->peer) {
		unsigned long w[4] = { 0, 0, 0, 0 };
		ipc_send(p->peer, w);
	}
}

long pipe_write(struct pipe *p, const void *buf, unsigned long len)
{
	const unsigned char *b = buf;
	struct pipe_ring *r = p->ring;
	unsigned long done = 0;
	while (done < len) {
		unsigned long room = PIPE_BUF - (r->wr - r->rd);
		if (room == 0) {
			pipe_kick(p);
			pipe_wait(p);
			continue;
		}
		unsigned long n = len - done < room ? len - done : room;
		unsigned long w = r->wr;
		for (unsigned long i = 0; i < n; i++)
			r->buf[(w + i) % PIPE_BUF] = b[done + i];
		__asm__ volatile("" ::: "memory");
		r->wr = w + n;
		done += n;
		pipe_kick(p);
	}
	return (long)done;
}

long pipe_read(struct pipe *p, void *buf, unsigned long len)
{
	unsigned char *b = buf;
	struct pipe_ring *r = p->ring;
	while (r->wr == r->rd) {
		if (r->closed)
			return 0;
		pipe_wait(p);
	}
	unsigned long avail = r->wr - r->rd, rd = r->rd;
	unsigned long n = len < avail ? len : avail;
	for (unsigned long i = 0; i < n; i++)
		b[i] = r->buf[(rd + i) % PIPE_BUF];
	__asm__ volatile("" ::: "memory");
	r->rd = rd + n;
	pipe_kick(p);
	return (long)n;
}

void pipe_close(struct pipe *p)
{
	p->ring->closed = 1;
	pipe_kick(p);
}
