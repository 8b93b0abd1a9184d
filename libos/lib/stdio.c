// SPDX-License-Identifier: MIT
/*
 * Standard input and output of a libOS program (spawn.h): the console, or
 * a pipe its spawner set up (lib/pipe.c), found through the struct
 * stdio_cfg crt0 was handed.  Nothing here is known to the kernel.
 */
#include "lib.h"
#include "spawn.h"

const struct stdio_cfg *__stdio_arg;   /* from crt0: rcx at entry */

struct pipe stdio_in;                  /* fd 0 when piped (stdin.c reads it) */
int stdio_in_piped;
static struct pipe out_p;
static int out_piped, ready;
static long out_owner;                 /* the env that attached out_p */

static int cfg_ok(const struct stdio_cfg *c)
{
	/* Only a spawned program's rcx points at a cfg (on its stack's top
	 * page); anything else the register may hold fails the checks. */
	unsigned long a = (unsigned long)c;
	return a >= USER_STACK_TOP - PGSIZE && a <= USER_STACK_TOP - sizeof *c &&
	       c->magic == STDIO_MAGIC;
}

void stdio_setup(void)
{
	if (ready)
		return;
	ready = 1;
	const struct stdio_cfg *c = __stdio_arg;
	if (!cfg_ok(c))
		return;
	if (c->out_pipe >= 0 && c->out_pipe < PIPE_MAX) {
		struct pipe_ring *r = (struct pipe_ring *)(PIPE_VA + (unsigned long)c->out_pipe * PGSIZE);
		pipe_attach(c->out_pipe, (long)r->pad[1], &out_p);
		out_piped = 1;
		out_owner = sys_env_id();
	}
	if (c->in_pipe >= 0 && c->in_pipe < PIPE_MAX) {
		struct pipe_ring *r = (struct pipe_ring *)(PIPE_VA + (unsigned long)c->in_pipe * PGSIZE);
		pipe_attach(c->in_pipe, (long)r->pad[0], &stdio_in);
		stdio_in_piped = 1;
	}
}

long stdout_write(const void *buf, unsigned long len)
{
	stdio_setup();
	if (out_piped)
		return pipe_write(&out_p, buf, len);
	return sys_cons_write(buf, len);
}

/* The end of a piped output is the end of the env that was given it: a
 * child forked from it writes to the same pipe but does not close it. */
void libos_exit(int code)
{
	stdio_setup();
	if (out_piped && out_owner == sys_env_id())
		pipe_close(&out_p);
	sys_exit(code);
}
