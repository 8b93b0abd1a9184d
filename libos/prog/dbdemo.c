// SPDX-License-Identifier: MIT
/*
 * Two applications side by side, each with its own page-replacement
 * policy, under memory pressure that the kernel exposes (Engler et al.:
 * application-level resource management).  We are the resource manager:
 * we hold the revocation capability (the shell hands it to programs whose
 * name starts with "rev" or "db").  We fork two copies of a small
 * database; each gets a time slice of its own and runs the same workload
 * on a buffer pool of physical pages it allocated itself:
 *   - "db" brings its own policy: index pages stay resident, data pages
 *     are replaced least-recently-used, and the pages a table scan touches
 *     go to the cold end (a scan does not flush the hot set);
 *   - "default" uses the library's default policy: FIFO over every frame.
 * At each phase boundary an app calls us (IPC); we ask the kernel to take
 * POOL_STEP of its pages back (SYS_REV_ASK), the kernel tells the app
 * (T_REVOKE), and the app gives back the frames its policy values least.
 * Each app prints its disk reads per phase; every hit is checked against
 * the page's contents.
 */
#include "../lib/lib.h"
#include "../lib/spawn.h"

#define NINDEX     4          /* index pages of the table */
#define NDATA      64         /* data pages */
#define NHOT       4          /* data pages point lookups touch */
#define POOL0      24         /* frames at the start */
#define POOL_STEP  8          /* frames taken back at each phase boundary */
#define NPHASE     3
#define QUERIES    1500       /* per phase */
#define POOL_VA    (USER_BASE + 0x60000000ul)

enum { POL_DB, POL_DEFAULT };
static const char *const pol_name[] = { "db", "default" };

/* ---- one app ------------------------------------------------------------ */

static int policy;
static long manager;
static unsigned long frame_ppn[POOL0];
static int frame_page[POOL0];          /* disk page held, -1 none, -2 given back */
static unsigned long frame_stamp[POOL0];
static int where[NINDEX + NDATA];      /* frame holding a disk page, or -1 */
static unsigned long clock_, fifo_in;
static volatile unsigned long asked;
static unsigned long reads, bad;

static void hook(struct exc_frame *f)
{
	if (f->vector == T_REVOKE && f->err == REV_PAGES) {
		asked = f->addr;
		return;
	}
	if (f->vector == T_REPO)               /* taken by force: not expected */
		return;
	sys_exit(90);
}

static unsigned long word(int page, unsigned long i)
{
	return (unsigned long)page * 1000003ul + i * 7919ul + 17;
}

static volatile unsigned long *frame_va(int f)
{
	return (volatile unsigned long *)(POOL_VA + (unsigned long)f * PGSIZE);
}

/* The frame to reuse (or give back) by our policy.  Index pages are
 * disk pages 0 .. NINDEX-1. */
static int victim_frame(void)
{
	int best = -1;
	for (int f = 0; f < POOL0; f++) {
		if (frame_page[f] == -2)
			continue;
		if (frame_page[f] == -1)
			return f;                      /* an empty frame first */
		if (policy == POL_DB && frame_page[f] < NINDEX)
			continue;                      /* the index stays resident */
		if (best < 0 || frame_stamp[f] < frame_stamp[best])
			best = f;
	}
	return best;
}

/* Access disk page p; `scan`: part of a table scan. */
static void access_page(int p, int scan)
{
	int f = where[p];
	if (f < 0) {
		f = victim_frame();
		if (frame_page[f] >= 0)
			where[frame_page[f]] = -1;
		volatile unsigned long *w = frame_va(f);
		for (unsigned long i = 0; i < PGSIZE / 8; i++)   /* "read it from disk" */
			w[i] = word(p, i);
		frame_page[f] = p;
		where[p] = f;
		reads++;
		frame_stamp[f] = ++fifo_in;           /* FIFO: when it came in */
	} else {
		volatile unsigned long *w = frame_va(f);
		bad += w[(unsigned long)p % 512] != word(p, (unsigned long)p % 512);
	}
	++clock_;
	if (policy == POL_DB)                      /* LRU, scans at the cold end */
		frame_stamp[f] = scan ? 0 : clock_ + (1ul << 40);
}

/* Give back n frames, chosen by our policy. */
static void give_back(unsigned long n)
{
	for (unsigned long k = 0; k < n; k++) {
		int f = victim_frame();
		if (f < 0)
			return;
		if (frame_page[f] >= 0)
			where[frame_page[f]] = -1;
		if (vm_unmap(POOL_VA + (unsigned long)f * PGSIZE) == E_OK &&
		    sys_page_free(frame_ppn[f]) == E_OK)
			frame_page[f] = -2;
		else
			bad++;
	}
}

static unsigned long rng = 88172645463325252ul;
static unsigned long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int app(void)
{
	fork_fault_hook = hook;
	for (int p = 0; p < NINDEX + NDATA; p++)
		where[p] = -1;
	for (int f = 0; f < POOL0; f++) {
		long pg = page_pick_free();
		if (pg < 0 || sys_page_alloc((unsigned long)pg) != E_OK ||
		    vm_map(POOL_VA + (unsigned long)f * PGSIZE, (unsigned long)pg, PERM_W) != E_OK) {
			printf("dbdemo: %s: could not fill the buffer pool\n", pol_name[policy]);
			return 11;
		}
		frame_ppn[f] = (unsigned long)pg;
		frame_page[f] = -1;
	}
	unsigned long per[NPHASE];
	for (int ph = 0; ph < NPHASE; ph++) {
		if (ph > 0) {
			/* tell the manager; it asks the kernel for frames back */
			unsigned long w[4] = { (unsigned long)ph, 0, 0, 0 };
			if (ipc_call_wait(manager, w, 100000) != E_OK || w[0] != E_OK) {
				printf("dbdemo: %s: the manager refused phase %d: error %ld\n",
				       pol_name[policy], ph, (long)w[0]);
				return 12;
			}
			while (!asked)
				sys_yield(0);              /* the kernel tells us (T_REVOKE) */
			unsigned long n = asked;
			asked = 0;
			give_back(n);
			/* the kernel sees the request met at its next tick */
			while (*(const volatile uint32_t *)&revinfo()->rq[my_slot()].state != RQ_IDLE)
				sys_yield(0);
			if (revinfo()->rq[my_slot()].outcome != REV_DONE_COOP)
				bad++;
		}
		unsigned long r0 = reads;
		for (int q = 0; q < QUERIES; q++) {
			if (q % 500 == 250) {              /* a table scan */
				for (int d = 0; d < NDATA; d++)
					access_page(NINDEX + d, 1);
				continue;
			}
			unsigned long x = next();
			access_page((int)(x % NINDEX), 0);                       /* the index */
			access_page(NINDEX + (int)((x >> 8) % NHOT * 5 % NDATA), 0); /* a hot row */
		}
		per[ph] = reads - r0;
	}
	printf("dbdemo: %-7s policy: disk reads per phase (pool %d, %d, %d frames): %lu %lu %lu; "
	       "total %lu; contents %s\n", pol_name[policy], POOL0, POOL0 - POOL_STEP,
	       POOL0 - 2 * POOL_STEP, per[0], per[1], per[2], per[0] + per[1] + per[2],
	       bad ? "WRONG" : "intact");
	return bad ? 13 : 0;
}

/* ---- the manager -------------------------------------------------------- */

static volatile long ask_result;

static void on_phase(struct ipc_msg *m)
{
	/* an app reached a phase boundary: take POOL_STEP frames back */
	m->w[0] = (unsigned long)sys_rev_ask(m->caller, REV_PAGES, POOL_STEP, 200);
	if ((long)m->w[0] != E_OK)
		ask_result = (long)m->w[0];
}

static int alive(long id)
{
	const struct page_info *pi = pageinfo();
	int s = slot_of(id);
	for (unsigned long p = 0; p < NPAGES; p++)
		if (pi[p].owner == s)
			return 1;
	return 0;
}

int main(long envid)
{
	manager = envid;
	if (revinfo()->holder[my_slot()] != 1) {
		printf("dbdemo: this env holds no revocation capability\n");
		return 1;
	}
	if (fork_init() != 0 || ipc_serve(on_phase) != E_OK) {
		printf("dbdemo: could not set up fork or the IPC entry\n");
		return 1;
	}
	long kid[2];
	for (int i = 0; i < 2; i++) {
		policy = i;
		kid[i] = fork();
		if (kid[i] == 0)
			sys_exit(app());
		long s = kid[i] > 0 ? slice_pick_free() : -1;
		if (s < 0 || sys_slice_alloc(kid[i], (unsigned long)s) != E_OK) {
			printf("dbdemo: could not start app %d\n", i);
			return 1;
		}
	}
	printf("dbdemo: two apps side by side, each on a slice of its own, %d queries per phase; "
	       "at each phase boundary the kernel takes %d frames back and each app chooses which\n",
	       QUERIES, POOL_STEP);
	while (alive(kid[0]) || alive(kid[1]))
		sys_yield(0);
	fork_reap();
	if (ask_result != 0)
		printf("dbdemo: a request was refused: error %ld\n", ask_result);
	return ask_result != 0;
}
