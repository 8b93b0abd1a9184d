// SPDX-License-Identifier: MIT
/*
 * exo's shell: the root env of the `make run` image.  It is an ordinary
 * libOS program: it reads lines from the console (lib/cons.c), loads
 * programs from the read-only file system of boot modules with the
 * libOS's own ELF loader (lib/spawn.c), and reads the kernel's exposed
 * tables (pages, capabilities, the slice vector) for ps and free.
 *
 * When the image holds a module named "tour" (make run DEMO=1), the shell
 * runs its lines as if typed, echoing each, then exits: a scripted tour.
 */
#include "../lib/lib.h"
#include "../lib/spawn.h"

#define LINE_MAX 256
#define NJOB     16

static struct job { long id; char name[32]; int bg; } jobs[NJOB];
static long me;
static int quit;

static void job_add(long id, const char *name, int bg)
{
	for (int j = 0; j < NJOB; j++)
		if (jobs[j].id == 0) {
			jobs[j].id = id;
			unsigned long n = 0;
			while (name[n] && n < sizeof jobs[j].name - 1) {
				jobs[j].name[n] = name[n];
				n++;
			}
			jobs[j].name[n] = 0;
			jobs[j].bg = bg;
			return;
		}
}

static struct job *job_of_slot(int slot)
{
	for (int j = 0; j < NJOB; j++)
		if (jobs[j].id && slot_of(jobs[j].id) == slot)
			return &jobs[j];
	return 0;
}

/* Forget jobs whose env is gone: their slot owns no page any more. */
static void jobs_reap(void)
{
	const struct page_info *pi = pageinfo();
	for (int j = 0; j < NJOB; j++) {
		if (!jobs[j].id)
			continue;
		int s = slot_of(jobs[j].id), alive = 0;
		for (unsigned long p = 0; p < NPAGES && !alive; p++)
			alive = pi[p].owner == s;
		if (!alive) {
			if (jobs[j].bg)
				printf("[%lx] %s: done\n", jobs[j].id, jobs[j].name);
			jobs[j].id = 0;
		}
	}
}

/* An env id as ps and the job lines show it: hexadecimal, 0x optional. */
static long parse_id(const char *s, int *ok)
{
	long v = 0;
	*ok = 0;
	if (s[0] == '0' && s[1] == 'x')
		s += 2;
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0'
		      : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
		if (d < 0 || v > 0x7FFFFFF) {
			*ok = 0;
			return 0;
		}
		v = v * 16 + d;
		*ok = 1;
	}
	return v;
}

static void status_line(const char *name, long st)
{
	if (st >= STATUS_KILLED)
		printf("%s: killed by CPU exception %ld\n", name, st - STATUS_KILLED);
	else if (st != 0)
		printf("%s: exit status %ld\n", name, st);
}

/* ---- built-in commands ------------------------------------------------ */

static void cmd_help(void)
{
	printf("built-in commands:\n"
	       "  help              this list\n"
	       "  ls                the programs in the read-only file system\n"
	       "  PROG [ARGS]       run a program and wait for it\n"
	       "  PROG [ARGS] &     run it in the background, on a slice of its own\n"
	       "  A [ARGS] | B [ARGS]  run two programs joined by a pipe\n"
	       "  ps                environments: pages, slices, what they run\n"
	       "  free              the exposed page table: free, kernel and owned pages\n"
	       "  kill ID           end a program this shell started (its id, as ps shows it)\n"
	       "  bench             time every exokernel primitive (a few samples each)\n"
	       "  echo ARGS         print the arguments\n"
	       "  exit              leave the shell (the machine halts)\n");
}

static void cmd_ls(void)
{
	char n[MOD_NAME_MAX];
	for (unsigned long m = 0; sys_mod_name(m, n, sizeof n) >= 0; m++) {
		unsigned long size = 0;
		char b[1];
		/* the size: the first offset that reads nothing */
		unsigned long lo = 0, hi = 1ul << 24;
		while (lo < hi) {
			unsigned long mid = (lo + hi) / 2;
			if (sys_mod_read(m, b, 1, mid) > 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		size = lo;
		printf("  %-12s %7lu bytes%s\n", n, size, m == 0 ? "  (this shell)" : "");
	}
}

static void cmd_ps(void)
{
	const struct page_info *pi = pageinfo();
	static unsigned npg[NENV];
	for (int s = 0; s < NENV; s++)
		npg[s] = 0;
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].owner >= 0 && pi[p].owner < NENV)
			npg[pi[p].owner]++;
	printf("  SLOT        ID  PAGES  SLICES  RAN(ticks)  WHAT\n");
	const struct sched_info *si = schedinfo();
	for (int s = 0; s < NENV; s++) {
		if (!npg[s])
			continue;
		struct job *j = job_of_slot(s);
		const char *what = s == slot_of(me) ? "sh (this shell)" : j ? j->name : "?";
		long id = s == slot_of(me) ? me : j ? j->id : 0;
		printf("  %4d  %8lx  %5u  %6d  %10u  %s%s\n", s, id, npg[s], slices_of(s),
		       si->ran[s], what, j && j->bg ? " &" : "");
	}
}

static void cmd_free(void)
{
	const struct page_info *pi = pageinfo();
	unsigned long nfree = 0, nkern = 0, nuser = 0, ntab = 0, nnone = 0;
	for (unsigned long p = 0; p < NPAGES; p++) {
		switch (pi[p].type) {
		case PG_FREE:   nfree++; break;
		case PG_KERNEL: nkern++; break;
		case PG_USER:   nuser++; break;
		case PG_NONE:   nnone++; break;
		default:        ntab++; break;
		}
	}
	printf("  pages of 4 KiB, read from the kernel's exposed page table:\n"
	       "  free %lu, kernel %lu, owned %lu (data %lu, page tables %lu), not RAM %lu;"
	       " total %lu\n", nfree, nkern, nuser + ntab, nuser, ntab, nnone,
	       nfree + nkern + nuser + ntab + nnone);
}

static void cmd_kill(int argc, char **argv)
{
	int ok;
	if (argc != 2) {
		printf("kill: usage: kill ID\n");
		return;
	}
	long id = parse_id(argv[1], &ok);
	if (!ok) {
		printf("kill: '%s' is not an env id (hexadecimal, as ps shows it)\n", argv[1]);
		return;
	}
	for (int j = 0; j < NJOB; j++)
		if (jobs[j].id && jobs[j].id == id) {
			long r = sys_call3(SYS_ENV_KILL, (unsigned long)jobs[j].id, 0, 0);
			if (r < 0)
				printf("kill: %lx: error %ld\n", jobs[j].id, r);
			else
				printf("[%lx] %s: killed\n", jobs[j].id, jobs[j].name);
			jobs[j].id = 0;
			return;
		}
	printf("kill: %s: no program of this shell has that id\n", argv[1]);
}

static void run(int argc, char **argv, int bg)
{
	long id = spawn(argv[0], argc, (const char *const *)argv);
	if (id == E_NOENT) {
		printf("%s: no such program (try ls)\n", argv[0]);
		return;
	}
	if (id < 0) {
		printf("%s: cannot start it: error %ld\n", argv[0], id);
		return;
	}
	/* Policy of this shell: the resource managers (revdemo, dbdemo, and
	 * bench, which measures a revocation) get our revocation capability. */
	if ((strncmp(argv[0], "rev", 3) == 0 || strcmp(argv[0], "dbdemo") == 0 ||
	     strcmp(argv[0], "bench") == 0) &&
	    revinfo()->holder[slot_of(me)] == 1) {
		long r = sys_rev_grant(id);
		if (r < 0)
			printf("%s: could not hand it the revocation capability: error %ld\n",
			       argv[0], r);
	}
	if (bg) {
		long s = slice_pick_free();
		long r = s < 0 ? E_NOMEM : spawn_bg(id, (unsigned long)s);
		if (r < 0) {
			printf("%s: no free slice for it (error %ld)\n", argv[0], r);
			sys_call3(SYS_ENV_KILL, (unsigned long)id, 0, 0);
			return;
		}
		job_add(id, argv[0], 1);
		printf("[%lx] %s: running in the background on slice %ld\n", id, argv[0], s);
		return;
	}
	job_add(id, argv[0], 0);
	long st = spawn_wait(id);
	status_line(argv[0], st);
}

/* a | b: both loaded first, then a pipe between them: a page of ours
 * mapped in each through a capability we grant it (lib/stdio.c attaches
 * them).  b runs on our slices, a on a slice of its own (and whenever b
 * waits for it: directed yields), so that whatever a waits for in turn
 * (e.g. children it forked) gets the CPU too.  The pipeline ends when b
 * does: what is left of a is killed. */
static void run_pipe(int ac, char **av, int bc, char **bv)
{
	struct stdio_cfg wr = { STDIO_MAGIC, -1, 0 }, rd = { STDIO_MAGIC, 0, -1 };
	long a = spawn_io(av[0], ac, (const char *const *)av, &wr);
	if (a < 0) {
		printf("%s: %s\n", av[0], a == E_NOENT ? "no such program (try ls)" : "cannot start it");
		return;
	}
	long b = spawn_io(bv[0], bc, (const char *const *)bv, &rd);
	if (b < 0) {
		printf("%s: %s\n", bv[0], b == E_NOENT ? "no such program (try ls)" : "cannot start it");
		sys_env_kill(a);
		return;
	}
	long pg = page_pick_free(), ka = -1, kb = -1, r = pg < 0 ? E_NOMEM : 0;
	int mapped = 0, owned = 0;
	if (r == 0)
		r = sys_page_alloc((unsigned long)pg);
	owned = r == 0;
	if (r == 0)
		r = vm_map(PIPE_VA, (unsigned long)pg, PERM_W);
	mapped = r == 0;
	if (r == 0 && (ka = cap_pick_free()) < 0)
		r = E_NOMEM;
	if (r == 0)
		r = sys_cap_grant((unsigned long)ka, (unsigned long)pg, a, PERM_W);
	if (r == 0 && (kb = cap_pick_free()) < 0)
		r = E_NOMEM;
	if (r == 0)
		r = sys_cap_grant((unsigned long)kb, (unsigned long)pg, b, PERM_W);
	if (r == 0)
		r = vm_map_cap_in(a, PIPE_VA, (unsigned long)ka, PERM_W);
	if (r == 0)
		r = vm_map_cap_in(b, PIPE_VA, (unsigned long)kb, PERM_W);
	if (r == 0) {
		struct pipe_ring *ring = (struct pipe_ring *)PIPE_VA;
		ring->rd = ring->wr = ring->closed = 0;
		ring->sleeper = 0;
		ring->pad[0] = (unsigned long)a;
		ring->pad[1] = (unsigned long)b;
		job_add(a, av[0], 0);
		job_add(b, bv[0], 0);
		long sl = slice_pick_free();
		if (sl >= 0)
			spawn_bg(a, (unsigned long)sl);
		status_line(bv[0], spawn_wait(b));
	} else {
		printf("sh: cannot make the pipe: error %ld\n", r);
		sys_env_kill(b);
	}
	sys_env_kill(a);          /* if it has not ended (E_STALE if it has) */
	if (ka >= 0)
		cap_revoke_all((unsigned long)ka);
	if (kb >= 0)
		cap_revoke_all((unsigned long)kb);
	cap_sweep();
	if (mapped)
		vm_unmap(PIPE_VA);
	if (owned)
		sys_page_free((unsigned long)pg);
	jobs_reap();
}

static void execute(char *line)
{
	char *argv[SPAWN_ARGMAX + 1];
	int argc = 0, bg = 0, bar = -1;
	static char spaced[2 * LINE_MAX];
	unsigned long n = 0;
	for (char *p = line; *p && n < sizeof spaced - 4; p++) {   /* "a|b" is "a | b" */
		if (*p == '|') {
			spaced[n++] = ' ';
			spaced[n++] = '|';
			spaced[n++] = ' ';
		} else {
			spaced[n++] = *p;
		}
	}
	spaced[n] = 0;
	for (char *p = spaced; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		if (argc == SPAWN_ARGMAX) {
			printf("sh: too many arguments (at most %d)\n", SPAWN_ARGMAX - 1);
			return;
		}
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "|") == 0) {
			if (bar >= 0 || i == 0 || i == argc - 1) {
				printf("sh: a pipe joins exactly two programs: A [ARGS] | B [ARGS]\n");
				return;
			}
			bar = i;
		}
	if (bar > 0) {
		if (strcmp(argv[argc - 1], "&") == 0) {
			printf("sh: a pipeline runs in the foreground only\n");
			return;
		}
		argv[bar] = 0;
		argv[argc] = 0;
		jobs_reap();
		run_pipe(bar, argv, argc - bar - 1, argv + bar + 1);
		return;
	}
	if (argc && strcmp(argv[argc - 1], "&") == 0) {
		bg = 1;
		argc--;
	}
	argv[argc] = 0;
	if (argc == 0)
		return;
	jobs_reap();
	if (strcmp(argv[0], "help") == 0)
		cmd_help();
	else if (strcmp(argv[0], "ls") == 0)
		cmd_ls();
	else if (strcmp(argv[0], "ps") == 0)
		cmd_ps();
	else if (strcmp(argv[0], "free") == 0)
		cmd_free();
	else if (strcmp(argv[0], "kill") == 0)
		cmd_kill(argc, argv);
	else if (strcmp(argv[0], "exit") == 0)
		quit = 1;
	else if (strcmp(argv[0], "echo") == 0) {
		for (int i = 1; i < argc; i++)
			printf("%s%s", argv[i], i + 1 < argc ? " " : "");
		printf("\n");
	} else if (strcmp(argv[0], "sh") == 0)
		printf("sh: the shell is already running\n");
	else
		run(argc, argv, bg);
}

/* The tour: each line of module "tour", echoed after the prompt. */
static int tour(void)
{
	long m = mod_find("tour");
	if (m < 0)
		return 0;
	static char text[4096];
	long n = sys_mod_read((unsigned long)m, text, sizeof text - 1, 0);
	if (n < 0)
		n = 0;
	text[n] = 0;
	for (char *p = text; *p && !quit;) {
		char *e = p;
		while (*e && *e != '\n')
			e++;
		int last = !*e;
		*e = 0;
		if (*p != '#' && *p) {
			printf("exo$ %s\n", p);
			execute(p);
		} else if (*p == '#') {
			printf("%s\n", p);
		}
		p = last ? e : e + 1;
	}
	return 1;
}

int main(long envid)
{
	static char line[LINE_MAX];
	me = envid;
	if (tour()) {
		printf("tour: done\n");
		return 0;
	}
	printf("\nexo shell: a libOS program on a formally verified exokernel (env %lx).\n"
	       "Things to try:  ls   hello   primes 30   hello | wc   forktree 3   revdemo   ps   free   help\n"
	       "Quit with 'exit' (or Ctrl-A x).\n", envid);
	while (!quit) {
		printf("exo$ ");
		readline(line, sizeof line);
		execute(line);
	}
	return 0;
}
