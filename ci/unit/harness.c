// SPDX-License-Identifier: MIT
/* Checked wrappers around the core entry points (see harness.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

/* The harness's own full-table loops index only within the tables; they
 * run after every call, so they are left out of AddressSanitizer's
 * instrumentation (the core is instrumented). */
#define HOT __attribute__((no_sanitize("address")))

#define MAX_FAIL_LINES 8
#define MAXTRACK 2048           /* tracked ptmem pages per test / batch */
#define MODEL_SWEEP 64          /* every this many calls: all tracked pages vs model */

/* The kernel links ptmem at a window onto RAM (kernel.ld); on the host it
 * is plain memory, zero at start like RAM the tests have not yet dirtied. */
struct ptpage ptmem[NPAGES];

unsigned long tlb_flushes;
static void tlb_note_flush(void);
void hw_tlb_flush(void)
{
	tlb_flushes++;
	tlb_note_flush();
}

const char *cur_test = "?";
unsigned cur_failures;
char cur_ctx[192];

void failf(const char *fmt, ...)
{
	cur_failures++;
	if (cur_failures > MAX_FAIL_LINES) {
		if (cur_failures == MAX_FAIL_LINES + 1)
			printf("FAIL [%s] ... further failures of this test not shown\n",
			       cur_test);
		return;
	}
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printf("FAIL [%s]%s%s %s\n", cur_test, cur_ctx[0] ? " " : "", cur_ctx, msg);
	fflush(stdout);
}

/* ---- state ---------------------------------------------------------------- */

void snap_take(struct snapshot *s)
{
	memcpy(s->pg, pages, sizeof s->pg);
	memcpy(s->ev, envs, sizeof s->ev);
	memcpy(s->cp, caps, sizeof s->cp);
	s->sw = sweep;
	s->kslot = vm_kernel_slot;
	s->islot = vm_info_slot;
}

void snap_restore(const struct snapshot *s)
{
	memcpy(pages, s->pg, sizeof s->pg);
	memcpy(envs, s->ev, sizeof s->ev);
	memcpy(caps, s->cp, sizeof s->cp);
	sweep = s->sw;
	vm_kernel_slot = s->kslot;
	vm_info_slot = s->islot;
}

static void fmt_env(char *buf, size_t n, const struct env *v)
{
	snprintf(buf, n, "{status=%u gen=%d parent=%d wait_child=%d root=%llu npages=%u}",
		 v->status, v->gen, v->parent, v->wait_child,
		 (unsigned long long)v->root, v->npages);
}

static void fmt_page(char *buf, size_t n, const struct page_info *v)
{
	snprintf(buf, n, "{owner=%d type=%u bind_table=%llu bind_index=%llu view_table=%llu "
		 "view_index=%llu}", v->owner, v->type, (unsigned long long)v->bind_table,
		 (unsigned long long)v->bind_index, (unsigned long long)v->view_table,
		 (unsigned long long)v->view_index);
}

static void fmt_cap(char *buf, size_t n, const struct cap *c)
{
	snprintf(buf, n, "{status=%u rights=%u holder=%d parent=%d page=%llu bind_table=%llu "
		 "bind_index=%llu}", c->status, c->rights, c->holder, c->parent,
		 (unsigned long long)c->page, (unsigned long long)c->bind_table,
		 (unsigned long long)c->bind_index);
}

static void fmt_sweep(char *buf, size_t n, const struct cap_sweep *w)
{
	snprintf(buf, n, "{phase=%u cursor=%u changed=%u}", w->phase, w->cursor, w->changed);
}

HOT static inline int page_same(const struct page_info *a, const struct page_info *b)
{
	return a->owner == b->owner && a->type == b->type &&
	       a->bind_table == b->bind_table && a->bind_index == b->bind_index &&
	       a->view_table == b->view_table && a->view_index == b->view_index;
}

HOT static inline int cap_same(const struct cap *a, const struct cap *b)
{
	return a->status == b->status && a->rights == b->rights && a->holder == b->holder &&
	       a->parent == b->parent && a->page == b->page &&
	       a->bind_table == b->bind_table && a->bind_index == b->bind_index;
}

HOT static inline int sweep_same(const struct cap_sweep *a, const struct cap_sweep *b)
{
	return a->phase == b->phase && a->cursor == b->cursor && a->changed == b->changed;
}

HOT static inline int env_same(const struct env *a, const struct env *b)
{
	return a->status == b->status && a->gen == b->gen && a->parent == b->parent &&
	       a->wait_child == b->wait_child && a->root == b->root &&
	       a->npages == b->npages;
}

HOT int snap_same(const struct snapshot *s, char *buf, size_t n)
{
	if (memcmp(s->pg, pages, sizeof pages) == 0 && memcmp(s->ev, envs, sizeof envs) == 0 &&
	    memcmp(s->cp, caps, sizeof caps) == 0 && sweep_same(&s->sw, &sweep) &&
	    s->kslot == vm_kernel_slot && s->islot == vm_info_slot)
		return 1;
	for (long p = 0; p < NPAGES; p++) {
		if (!page_same(&pages[p], &s->pg[p])) {
			char x[192], y[192];
			fmt_page(x, sizeof x, &s->pg[p]);
			fmt_page(y, sizeof y, &pages[p]);
			snprintf(buf, n, "pages[%ld] was %s, now %s", p, x, y);
			return 0;
		}
	}
	for (long e = 0; e < NENV; e++) {
		if (!env_same(&s->ev[e], &envs[e])) {
			char x[192], y[192];
			fmt_env(x, sizeof x, &s->ev[e]);
			fmt_env(y, sizeof y, &envs[e]);
			snprintf(buf, n, "envs[%ld] was %s, now %s", e, x, y);
			return 0;
		}
	}
	for (long k = 0; k < NCAP; k++) {
		if (!cap_same(&s->cp[k], &caps[k])) {
			char x[192], y[192];
			fmt_cap(x, sizeof x, &s->cp[k]);
			fmt_cap(y, sizeof y, &caps[k]);
			snprintf(buf, n, "caps[%ld] was %s, now %s", k, x, y);
			return 0;
		}
	}
	if (!sweep_same(&s->sw, &sweep)) {
		char x[96], y[96];
		fmt_sweep(x, sizeof x, &s->sw);
		fmt_sweep(y, sizeof y, &sweep);
		snprintf(buf, n, "sweep was %s, now %s", x, y);
		return 0;
	}
	if (s->kslot != vm_kernel_slot || s->islot != vm_info_slot) {
		snprintf(buf, n, "PML4 slots were {%#llx, %#llx}, now {%#llx, %#llx}",
			 (unsigned long long)s->kslot, (unsigned long long)s->islot,
			 (unsigned long long)vm_kernel_slot, (unsigned long long)vm_info_slot);
		return 0;
	}
	return 1;
}

HOT int core_matches_model(char *buf, size_t n)
{
	for (long p = 0; p < NPAGES; p++) {
		const struct page_info *v = &pages[p];
		if ((int64_t)v->owner != M.pg_owner[p] || (int64_t)v->type != M.pg_type[p] ||
		    v->bind_table != M.pg_bt[p] ||
		    (M.pg_bi[p] != M_BI_UNKNOWN && v->bind_index != M.pg_bi[p]) ||
		    v->view_table != M.pg_vt[p] ||
		    (M.pg_vi[p] != M_BI_UNKNOWN && v->view_index != M.pg_vi[p])) {
			char x[192];
			fmt_page(x, sizeof x, v);
			snprintf(buf, n, "pages[%ld] core %s, model {owner=%d type=%u bind_table=%llu "
				 "bind_index=%lld view_table=%llu view_index=%lld} (-1: unknown)",
				 p, x, M.pg_owner[p], M.pg_type[p], (unsigned long long)M.pg_bt[p],
				 M.pg_bi[p] == M_BI_UNKNOWN ? -1ll : (long long)M.pg_bi[p],
				 (unsigned long long)M.pg_vt[p],
				 M.pg_vi[p] == M_BI_UNKNOWN ? -1ll : (long long)M.pg_vi[p]);
			return 0;
		}
	}
	for (long e = 0; e < NENV; e++) {
		const struct env *v = &envs[e];
		if ((int64_t)v->status != M.ev_status[e] || v->gen != M.ev_gen[e] ||
		    v->parent != M.ev_parent[e] || v->wait_child != M.ev_wait[e] ||
		    v->root != M.ev_root[e] || v->npages != M.ev_npages[e]) {
			char x[192];
			fmt_env(x, sizeof x, v);
			snprintf(buf, n, "envs[%ld] core %s, model {status=%u gen=%d parent=%d "
				 "wait_child=%d root=%llu npages=%u}", e, x, M.ev_status[e], M.ev_gen[e],
				 M.ev_parent[e], M.ev_wait[e],
				 (unsigned long long)M.ev_root[e], M.ev_npages[e]);
			return 0;
		}
	}
	for (long k = 0; k < NCAP; k++) {
		const struct cap *c = &caps[k];
		int st = M.cp_status[k];
		/* a FREE slot: status and bind_table; otherwise every field
		 * (bind_index when a contract fixed it) */
		if ((int64_t)c->status != st || c->bind_table != M.cp_bt[k] ||
		    (st != CAP_FREE &&
		     (c->rights != M.cp_rights[k] || c->holder != M.cp_holder[k] ||
		      c->parent != M.cp_parent[k] || c->page != M.cp_page[k] ||
		      (M.cp_bi[k] != M_BI_UNKNOWN && c->bind_index != M.cp_bi[k])))) {
			char x[192];
			fmt_cap(x, sizeof x, c);
			snprintf(buf, n, "caps[%ld] core %s, model {status=%d rights=%u holder=%d "
				 "parent=%d page=%llu bind_table=%llu bind_index=%lld}%s", k, x,
				 st, M.cp_rights[k], M.cp_holder[k], M.cp_parent[k],
				 (unsigned long long)M.cp_page[k], (unsigned long long)M.cp_bt[k],
				 M.cp_bi[k] == M_BI_UNKNOWN ? -1ll : (long long)M.cp_bi[k],
				 st == CAP_FREE ? " (FREE: only status and bind_table compared)" : "");
			return 0;
		}
	}
	if (sweep.phase != M.sw_phase || sweep.cursor != M.sw_cursor ||
	    sweep.changed != M.sw_changed) {
		char x[96];
		fmt_sweep(x, sizeof x, &sweep);
		snprintf(buf, n, "sweep core %s, model {phase=%u cursor=%u changed=%u}", x,
			 M.sw_phase, M.sw_cursor, M.sw_changed);
		return 0;
	}
	if (vm_kernel_slot != M.kslot || vm_info_slot != M.islot) {
		snprintf(buf, n, "PML4 slots core {%#llx, %#llx}, model {%#llx, %#llx}",
			 (unsigned long long)vm_kernel_slot, (unsigned long long)vm_info_slot,
			 (unsigned long long)M.kslot, (unsigned long long)M.islot);
		return 0;
	}
	return 1;
}

void poke_free_gen(int32_t slot, int32_t gen)
{
	if (!m_valid_slot(slot) || M.ev_status[slot] != ENV_FREE ||
	    envs[slot].status != ENV_FREE || gen < 1 || gen > GEN_MAX) {
		failf("test bug: poke_free_gen(%d, %d) on a live slot or bad gen", slot, gen);
		return;
	}
	envs[slot].gen = gen;
	M.ev_gen[slot] = gen;
}

/* ---- physical memory ------------------------------------------------------- */

static uint32_t trk_idx[NPAGES];        /* 0: untracked, else index + 1 */
static ppn_t trk[MAXTRACK];
static unsigned ntrk;
static struct ptpage shadow[MAXTRACK];  /* ptmem of tracked pages after the last call */
static int mem_dirty;                   /* some untracked page was written */
static const struct ptpage zero_page;

unsigned mem_tracked(void)
{
	return ntrk;
}

/* 1 when ptmem[p] satisfies the model's contents of p, else 0 and why */
static int page_matches_model(ppn_t p, char *buf, size_t n)
{
	char why[160];
	for (unsigned i = 0; i < NPTE; i++)
		if (!m_entry_accepts(p, i, ptmem[p].e[i], why, sizeof why)) {
			snprintf(buf, n, "ptmem[%llu].e[%u] == %#llx, model: %s",
				 (unsigned long long)p, i,
				 (unsigned long long)ptmem[p].e[i], why);
			return 0;
		}
	return 1;
}

void mem_reset(void)
{
	if (mem_dirty) {
		memset(ptmem, 0, sizeof ptmem);
		mem_dirty = 0;
	} else {
		for (unsigned k = 0; k < ntrk; k++)
			memset(&ptmem[trk[k]], 0, sizeof ptmem[0]);
	}
	for (unsigned k = 0; k < ntrk; k++)
		trk_idx[trk[k]] = 0;
	ntrk = 0;
	m_mem_reset();
}

void mem_track(ppn_t p)
{
	if (p >= NPAGES || trk_idx[p])
		return;
	if (ntrk >= MAXTRACK) {
		failf("test bug: more than %d tracked pages", MAXTRACK);
		return;
	}
	char buf[256];
	if (!page_matches_model(p, buf, sizeof buf))
		failf("page %llu, first looked at now, differs from the model: %s",
		      (unsigned long long)p, buf);
	trk[ntrk] = p;
	memcpy(&shadow[ntrk], &ptmem[p], sizeof shadow[0]);
	trk_idx[p] = ++ntrk;
}

void mem_write(ppn_t p, unsigned i, uint64_t v)
{
	if (p >= NPAGES || i >= NPTE)
		return;
	mem_track(p);
	if (!trk_idx[p])
		return;
	ptmem[p].e[i] = v;
	shadow[trk_idx[p] - 1].e[i] = v;
	m_poke(p, i, v);
}

void mem_fill_garbage(ppn_t p, uint64_t seed)
{
	for (unsigned i = 0; i < NPTE; i++)
		mem_write(p, i, rng_next(&seed));
}

void mem_full_check(void)
{
	char buf[256];
	unsigned bad = 0;
	if (M.mem_overflow)
		failf("test bug: the model ran out of page-content slots (M_MAXMEM)");
	for (long p = 0; p < NPAGES; p++) {
		if (trk_idx[p]) {
			if (memcmp(&ptmem[p], &shadow[trk_idx[p] - 1], sizeof ptmem[0]) != 0 &&
			    bad++ < 3)
				failf("ptmem[%ld] changed outside any call", p);
			if (!page_matches_model((ppn_t)p, buf, sizeof buf) && bad++ < 3)
				failf("end of test: %s", buf);
		} else if (memcmp(&ptmem[p], &zero_page, sizeof zero_page) != 0) {
			mem_dirty = 1;
			if (bad++ < 3)
				failf("ptmem[%ld] was written although no call named it", p);
		}
	}
}

/* ---- outcome coverage ------------------------------------------------------ */

static const char *const b_boot[] = { "range", "bad_type", "owned", "ok", NULL };
static const char *const b_create[] = { "bad_arg", "busy", "ok", NULL };
static const char *const b_lookup[] = { "malformed", "stale", "ok", NULL };
static const char *const b_wait[] = { "bad_arg", "perm", "ok", NULL };
static const char *const b_destroy[] = { "wakes_parent", "nobody_waits", "+gen_wrap",
	"+owned_tables", "+owned_mapped_pages", "+live_caps", "+cap_unmapped_elsewhere",
	"+doomed_left", "+sweep_under_way", NULL };
static const char *const b_vm_init[] = { "bad", "ok", NULL };
static const char *const b_root[] = { "bad_env", "has_root", "range", "reserved", "busy",
	"ok", "+dirty_page_zeroed", NULL };
static const char *const b_alloc[] = { "bad_env", "range", "reserved", "busy", "ok",
	"+dirty_page_zeroed", NULL };
static const char *const b_free[] = { "bad_env", "range", "perm", "mapped", "ok",
	"+cap_named_only", "+dead_cap_named", NULL };
static const char *const b_link[] = { "bad_env", "t_range", "t_perm", "t_leaf",
	"bad_index", "used", "c_range", "c_reserved", "c_busy", "ok", "+in_pt4", "+in_pt3",
	"+in_pt2", "+kernel_slot", "+dirty_page_zeroed", NULL };
static const char *const b_unlink[] = { "bad_env", "t_range", "t_perm", "t_leaf",
	"bad_index", "empty_entry", "child_busy", "ok", "+pt3_child", "+pt2_child",
	"+pt1_child", "+kernel_slot", "+viewed_empty_child", NULL };
static const char *const b_map[] = { "bad_env", "t_range", "t_perm", "bad_arg", "used",
	"p_range", "p_perm", "p_mapped", "ok", "+perm_0", "+perm_1", "+perm_2", "+perm_3",
	"+bad_perm", NULL };
static const char *const b_unmap[] = { "bad_env", "t_range", "t_perm", "bad_arg", "empty",
	"ok", "+own", "+cap", "+view", NULL };
static const char *const b_prot[] = { "bad_env", "t_range", "t_perm", "bad_arg", "empty",
	"denied", "ok", "+bad_perm", "+own", "+cap", "+view", "+denied_cap", "+denied_view", NULL };
static const char *const b_range[] = { "false", "true", NULL };
static const char *const b_sys[] = { "cons_write_len", "cons_write_fault", "cons_write_ok",
	"exit_bad", "exit_ok", "no_args", "mod_run_bad", "mod_run_ok", "mod_name_len",
	"mod_name_fault", "mod_name_ok", "vm_calls", "exc_setup_bad", "exc_setup_ok",
	"env_create_bad", "env_create_ok", "env_regs_fault", "env_regs_ok", "core_checked", "ipc_entry_bad", "ipc_entry_ok", "core_checked_ipc",
	"cons_read_len", "cons_read_fault", "cons_read_ok", "mod_read_len", "mod_read_fault",
	"mod_read_ok", "upcall_hold", "unknown", NULL };
static const char *const b_target[] = { "self", "malformed", "stale", "foreign", "child", NULL };
static const char *const b_on_page[] = { "named", "not_named", "+doomed_named",
	"+dead_only", NULL };
static const char *const b_grant[] = { "bad_env", "bad_slot", "not_mine", "busy", "range",
	"not_owner", "bad_arg", "ok", "+to_self", "+busy_dead", "+mapped_page", NULL };
static const char *const b_derive[] = { "bad_env", "bad_slot", "not_mine", "busy",
	"bad_parent", "not_holder", "bad_arg", "amplify", "ok", "+chain", "+from_doomed",
	"+dead_parent", NULL };
static const char *const b_revoke[] = { "bad_arg", "perm", "nothing", "revoke", "continue",
	"+done", "+again", "+by_owner", "+by_holder", "+by_parent_holder", "+mapped",
	"+sweep_killed", "+sweep_unmapped", "+sweep_freed", "+multi_pass", "+from_free_phase",
	"+doomed_revoked", NULL };
static const char *const b_kill_env[] = { "+killed", "+none", NULL };
static const char *const b_kill_page[] = { "+killed", "+none", NULL };
static const char *const b_take[] = { "+never_shared", "+was_shared", NULL };
static const char *const b_step[] = { "not_forcing", "gone", "met", "slice_short", "slice",
	"minimum", "page", "page_mapped", "count_page", "count_last", "count_mapped",
	"count_short", "count_on", NULL };
static const char *const b_force[] = { "ended", "no_hand", "unmap", "kill", "unmap_kill", NULL };
static const char *const b_map_cap[] = { "bad_env", "t_range", "t_perm", "bad_arg", "used",
	"not_held", "cap_mapped", "amplify", "ok", "+perm_0", "+perm_1", "+perm_2", "+perm_3",
	"+own_page", "+doomed", "+dead", NULL };
static const char *const b_view[] = { "bad_env", "t_range", "t_perm", "bad_arg", "used",
	"v_range", "v_perm", "viewed", "ok", "+of_pt4", "+of_pt3", "+of_pt2", "+of_pt1",
	"+of_itself", NULL };

unsigned long cov[F_NFN][COV_MAXB];
unsigned long stat_max_tables, stat_max_maps, stat_calls;
unsigned long stat_max_caps, stat_max_cap_maps, stat_max_passes, stat_sweeps;
const char *const cov_fn_name[F_NFN] = {
	"page_boot_mark", "env_create", "env_lookup", "env_wait", "env_destroy", "vm_init",
	"vm_root_create", "sys_page_alloc", "sys_page_free", "sys_pt_link", "sys_pt_unlink",
	"sys_pt_map", "sys_pt_unmap", "sys_pt_prot", "user_range_ok", "syscall_check",
	"env_target", "cap_on_page", "cap_grant", "cap_derive", "cap_revoke", "cap_kill_env",
	"sys_pt_map_cap", "sys_pt_view", "cap_kill_page", "rev_take_page", "rev_step",
	"rev_force",
};
const char *const *const cov_beh[F_NFN] = {
	b_boot, b_create, b_lookup, b_wait, b_destroy, b_vm_init, b_root, b_alloc, b_free,
	b_link, b_unlink, b_map, b_unmap, b_prot, b_range, b_sys, b_target, b_on_page,
	b_grant, b_derive, b_revoke, b_kill_env, b_map_cap, b_view, b_kill_page, b_take, b_step,
	b_force,
};

static void cov_note(enum cov_fn f, const char *name)
{
	if (name[0] == '<')
		return;          /* the model found no single behavior: reported already */
	for (unsigned b = 0; cov_beh[f][b]; b++)
		if (strcmp(cov_beh[f][b], name) == 0) {
			cov[f][b]++;
			return;
		}
	failf("test bug: %s has no behavior named '%s'", cov_fn_name[f], name);
}

void cov_reset(void)
{
	memset(cov, 0, sizeof cov);
}

void cov_print(int first, int end)
{
	for (int f = first; f < end; f++) {
		char line[1024];
		int len = snprintf(line, sizeof line, "  %-15s", cov_fn_name[f]);
		for (unsigned b = 0; cov_beh[f][b]; b++)
			if (len < (int)sizeof line)
				len += snprintf(line + len, sizeof line - len, " %s=%lu",
						cov_beh[f][b], cov[f][b]);
		printf("%s\n", line);
	}
}

int cov_complete(void)
{
	int ok = 1;
	/* the revocation calls are not in the random batches: test_revoke.c
	 * checks their coverage over its own tests (cov_complete_from) */
	for (int f = 0; f < F_KILL_PAGE; f++)
		for (unsigned b = 0; cov_beh[f][b]; b++)
			if (!cov[f][b]) {
				failf("random calls never reached %s -> %s", cov_fn_name[f],
				      cov_beh[f][b]);
				ok = 0;
			}
	return ok;
}

int cov_complete_from(int first, const char *who)
{
	int ok = 1;
	for (int f = first; f < F_NFN; f++)
		for (unsigned b = 0; cov_beh[f][b]; b++)
			if (!cov[f][b]) {
				failf("%s never reached %s -> %s", who, cov_fn_name[f], cov_beh[f][b]);
				ok = 0;
			}
	return ok;
}

/* ---- accounting ------------------------------------------------------------ */

long ram_pages;

int check_accounting(const char *when)
{
	long nfree = 0, owned = 0;
	for (long p = 0; p < NPAGES; p++) {
		if (pages[p].type == PG_FREE)
			nfree++;
		if (pages[p].owner != NO_OWNER) {
			int32_t o = pages[p].owner;
			if (o < 0 || o >= NENV || envs[o].status == ENV_FREE) {
				failf("accounting %s: page %ld owned by dead slot %d", when, p, o);
				return 0;
			}
			owned++;
		}
	}
	if (nfree != ram_pages - owned) {
		failf("accounting %s: %ld FREE pages, but boot RAM %ld - %ld owned = %ld",
		      when, nfree, ram_pages, owned, ram_pages - owned);
		return 0;
	}
	return 1;
}

/* ---- the common post-call checks ----------------------------------------- */

static struct snapshot pre;   /* core state before the current call */
static unsigned long pre_flushes;
static char call_desc[256];
static unsigned long call_count;

#define DESCRIBE(...) snprintf(call_desc, sizeof call_desc, __VA_ARGS__)

/* What a call may write (its assigns clause, for the behavior taken) and
 * which pages it names. */
struct frame {
	int nothing;                 /* failed, or pure: no change at all */
	int all_pages;               /* assigns pages[0 .. NPAGES-1] */
	int npg;   ppn_t pg[2];      /* pages[x] */
	int nwhole; ppn_t whole[2];  /* ptmem[x].e[0 .. NPTE-1] */
	int nent;  ppn_t et; uint64_t ei;   /* ptmem[et].e[ei] */
	int capents;                 /* zeroes entries bound by caps it unbinds */
	int all_caps;                /* assigns caps[0 .. NCAP-1] */
	int ncap; uint64_t capk;     /* assigns caps[capk] */
	int sweep;                   /* assigns sweep */
	int envs;                    /* assigns (some of) envs[] */
	int cnt; int32_t cnt_e;      /* assigns envs[cnt_e].npages */
	int nnamed; ppn_t named[4];  /* contents compared with the model after the call */
};

/* ---- TLB flushes: every present entry a call changes must be followed by
 * a flush.  start_call() lists the entries a call can clear or change: the
 * one it names (watch_entry) and every entry bound by a capability.  The
 * flush stub marks each listed entry that differs from its value before
 * the call as covered; after the call, a changed entry must be covered. */
#define MAXWATCH (NCAP + 1)
static struct watch { ppn_t t; unsigned i; uint64_t v; int covered; long cap; } watch[MAXWATCH];
static unsigned nwatch;
static int watching;
static ppn_t watch_t = NO_PAGE;
static uint64_t watch_i;

/* the entry a call names (only if it exists and is present) */
static void watch_entry(ppn_t t, uint64_t i)
{
	watch_t = t;
	watch_i = i;
}

static void watch_add(ppn_t t, uint64_t i, long cap)
{
	if (t >= NPAGES || i >= NPTE || !m_pte_p(ptmem[t].e[i]) || nwatch >= MAXWATCH)
		return;
	for (unsigned w = 0; w < nwatch; w++)
		if (watch[w].t == t && watch[w].i == i)
			return;
	watch[nwatch++] = (struct watch){ t, (unsigned)i, ptmem[t].e[i], 0, cap };
}

static void watch_start(void)
{
	nwatch = 0;
	for (long k = 0; k < NCAP; k++)
		if (caps[k].bind_table != NO_PAGE)
			watch_add(caps[k].bind_table, caps[k].bind_index, k);
	watch_add(watch_t, watch_i, -1);
	watch_t = NO_PAGE;
	watching = 1;
}

static void tlb_note_flush(void)
{
	if (!watching)
		return;
	for (unsigned w = 0; w < nwatch; w++)
		if (ptmem[watch[w].t].e[watch[w].i] != watch[w].v)
			watch[w].covered = 1;
}

/* was (t, i) bound by capability k before the call, and is k unbound now? */
static int capent_cleared(ppn_t t, unsigned i, uint64_t now)
{
	for (unsigned w = 0; w < nwatch; w++)
		if (watch[w].t == t && watch[w].i == i && watch[w].cap >= 0)
			return now == 0 && caps[watch[w].cap].bind_table == NO_PAGE;
	return 0;
}

static void name_page(struct frame *fr, ppn_t p)
{
	if (p >= NPAGES || fr->nnamed >= 4)
		return;
	fr->named[fr->nnamed++] = p;
	mem_track(p);
}

/* entry (t, i) of the core before the call, if it exists */
static uint64_t core_entry(ppn_t t, uint64_t i)
{
	return t < NPAGES && i < NPTE ? ptmem[t].e[i] : 0;
}

static void start_call(void)
{
	snap_take(&pre);
	pre_flushes = tlb_flushes;
	call_count++;
	stat_calls++;
	watch_start();
}

static void check_tlb_order(long long got)
{
	watching = 0;
	for (unsigned w = 0; w < nwatch; w++) {
		const struct watch *x = &watch[w];
		uint64_t now = ptmem[x->t].e[x->i];
		if (now == x->v || x->covered)
			continue;
		failf("%s (-> %lld) changed the present entry ptmem[%llu].e[%u] (%#llx -> %#llx%s) "
		      "and did not flush the TLB afterwards", call_desc, got,
		      (unsigned long long)x->t, x->i, (unsigned long long)x->v,
		      (unsigned long long)now, x->cap >= 0 ? ", a capability's mapping" : "");
	}
}

HOT static int in_list(ppn_t p, const ppn_t *l, int n)
{
	for (int k = 0; k < n; k++)
		if (l[k] == p)
			return 1;
	return 0;
}

static void check_ptmem_frame(const struct frame *fr, long long got)
{
	unsigned shown = 0;
	for (unsigned k = 0; k < ntrk; k++) {
		ppn_t p = trk[k];
		if (memcmp(&ptmem[p], &shadow[k], sizeof shadow[0]) == 0)
			continue;
		for (unsigned i = 0; i < NPTE; i++) {
			if (ptmem[p].e[i] == shadow[k].e[i])
				continue;
			int ok = !fr->nothing &&
				 (in_list(p, fr->whole, fr->nwhole) ||
				  (fr->nent && p == fr->et && i == fr->ei) ||
				  (fr->capents && capent_cleared(p, i, ptmem[p].e[i])));
			if (!ok && shown++ < 2)
				failf("%s (-> %lld) wrote ptmem[%llu].e[%u] (%#llx -> %#llx), "
				      "which its contract does not assign%s", call_desc, got,
				      (unsigned long long)p, i,
				      (unsigned long long)shadow[k].e[i],
				      (unsigned long long)ptmem[p].e[i],
				      fr->nothing ? " (assigns \\nothing)" : "");
		}
		memcpy(&shadow[k], &ptmem[p], sizeof shadow[0]);
	}
}

HOT static void after_call(long long got, long long want, const struct frame *fr)
{
	char buf[512];
	struct inv_report r;

	if (want == M_BROKEN)
		failf("%s: model: %s (contract or model bug)", call_desc, m_behavior);
	else if (got != want)
		failf("%s returned %lld, model (behavior %s) says %lld", call_desc, got,
		      m_behavior, want);
	if (!core_matches_model(buf, sizeof buf))
		failf("%s (-> %lld): state differs from model: %s", call_desc, got, buf);
	if (!inv_check(&r)) {
		inv_describe(&r, buf, sizeof buf);
		failf("%s (-> %lld): %s", call_desc, got, buf);
	}
	if (fr->nothing) {
		if (!snap_same(&pre, buf, sizeof buf))
			failf("%s (-> %lld, behavior %s) must change nothing but changed %s",
			      call_desc, got, m_behavior, buf);
		if (tlb_flushes != pre_flushes)
			failf("%s (-> %lld, behavior %s) flushed the TLB although it changed nothing",
			      call_desc, got, m_behavior);
	} else {
		if (!fr->all_pages && memcmp(pre.pg, pages, sizeof pages) != 0) {
			for (long p = 0; p < NPAGES; p++)
				if (!page_same(&pre.pg[p], &pages[p]) &&
				    !in_list((ppn_t)p, fr->pg, fr->npg)) {
					failf("%s (-> %lld) changed pages[%ld], which it does not "
					      "assign", call_desc, got, p);
					break;
				}
		}
		if (!fr->all_caps && memcmp(pre.cp, caps, sizeof caps) != 0) {
			for (long k = 0; k < NCAP; k++)
				if (!cap_same(&pre.cp[k], &caps[k]) &&
				    !(fr->ncap && (uint64_t)k == fr->capk)) {
					failf("%s (-> %lld) changed caps[%ld], which it does not "
					      "assign", call_desc, got, k);
					break;
				}
		}
		if (!fr->sweep && !sweep_same(&pre.sw, &sweep))
			failf("%s (-> %lld) changed the sweep, which it does not assign",
			      call_desc, got);
		/* only env_create/env_wait/vm_root_create/env_destroy/core_init
		 * assign envs[]; their wrappers check which fields */
		if (!fr->envs && memcmp(pre.ev, envs, sizeof envs) != 0) {
			for (long e = 0; e < NENV; e++) {
				struct env o = pre.ev[e];
				if (fr->cnt && e == fr->cnt_e)
					o.npages = envs[e].npages;
				if (!env_same(&o, &envs[e])) {
					failf("%s (-> %lld) changed envs[%ld], which it does "
					      "not assign", call_desc, got, e);
					break;
				}
			}
		}
	}
	check_ptmem_frame(fr, got);
	check_tlb_order(got);
	for (int k = 0; k < fr->nnamed; k++)
		if (!page_matches_model(fr->named[k], buf, sizeof buf))
			failf("%s (-> %lld): contents differ from model: %s", call_desc, got, buf);
	if (call_count % MODEL_SWEEP == 0)
		for (unsigned k = 0; k < ntrk; k++)
			if (!page_matches_model(trk[k], buf, sizeof buf)) {
				failf("after %s (-> %lld): contents differ from model: %s",
				      call_desc, got, buf);
				break;
			}
}

/* ---- wrappers ------------------------------------------------------------- */

void c_core_init(void)
{
	struct frame fr = { .all_pages = 1, .all_caps = 1, .sweep = 1, .envs = 1 };
	DESCRIBE("core_init()");
	start_call();
	m_core_init();
	core_init();
	after_call(0, 0, &fr);
	ram_pages = 0;
	for (long e = 0; e < NENV; e++)
		CHECK(envs[e].status == ENV_FREE, "core_init: envs[%ld] not free", e);
	for (long p = 0; p < NPAGES; p++)
		if (pages[p].type != PG_NONE) {
			failf("core_init: pages[%ld] not PG_NONE", p);
			break;
		}
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE) {
			failf("core_init: caps[%ld] not FREE", k);
			break;
		}
	CHECK(sweep.phase == SWEEP_IDLE, "core_init: sweep not idle");
}

void c_page_table_init(void)
{
	struct frame fr = { .all_pages = 1 };
	DESCRIBE("page_table_init()");
	for (int e = 0; e < NENV; e++)
		if (m_live(e)) {
			failf("test bug: page_table_init with live env %d", e);
			return;
		}
	start_call();
	m_page_table_init();
	page_table_init();
	after_call(0, 0, &fr);
	ram_pages = 0;
	/* assigns pages only */
	CHECK(memcmp(envs, pre.ev, sizeof envs) == 0, "page_table_init changed envs[]");
	for (long p = 0; p < NPAGES; p++)
		if (pages[p].type != PG_NONE || pages[p].owner != NO_OWNER ||
		    pages[p].bind_table != NO_PAGE || pages[p].view_table != NO_PAGE) {
			failf("page_table_init: ensures none violated at page %ld", p);
			break;
		}
}

int c_page_boot_mark(ppn_t p, uint32_t type)
{
	struct frame fr = { 0 };
	DESCRIBE("page_boot_mark(p=%#llx, type=%u)", (unsigned long long)p, type);
	name_page(&fr, p);
	start_call();
	int want = m_page_boot_mark(p, type);
	int got = page_boot_mark(p, type);
	cov_note(F_BOOT_MARK, m_behavior);
	fr.nothing = got != E_OK;
	fr.npg = 1; fr.pg[0] = p;
	after_call(got, want, &fr);
	if (got == E_OK && p < NPAGES) {
		CHECK(pages[p].type == type && pages[p].owner == NO_OWNER,
		      "%s: ensures of ok violated", call_desc);
		if (pre.pg[p].type == PG_FREE && type != PG_FREE)
			ram_pages--;
		if (pre.pg[p].type != PG_FREE && type == PG_FREE)
			ram_pages++;
	}
	return got;
}

envid_t c_env_create(int32_t slot, int32_t parent)
{
	struct frame fr = { 0 };
	DESCRIBE("env_create(slot=%d, parent=%d)", slot, parent);
	start_call();
	int32_t want = m_env_create(slot, parent);
	envid_t got = env_create(slot, parent);
	cov_note(F_CREATE, m_behavior);
	fr.nothing = got < 0;
	fr.envs = 1;
	after_call(got, want, &fr);
	if (got >= 0 && slot >= 0 && slot < NENV) {
		const struct env *v = &envs[slot];
		CHECK(v->status == ENV_RUNNABLE && v->parent == parent &&
		      v->root == NO_PAGE && v->gen == pre.ev[slot].gen &&
		      (int64_t)got == (int64_t)v->gen * NENV + slot && got >= NENV,
		      "%s -> %d: ensures of behavior ok violated", call_desc, got);
		for (long e = 0; e < NENV; e++)
			if (e != slot && !env_same(&envs[e], &pre.ev[e]))
				failf("%s: assigns envs[slot] only, changed envs[%ld]", call_desc, e);
	}
	return got;
}

int32_t c_env_lookup(envid_t id)
{
	struct frame fr = { .nothing = 1 };
	DESCRIBE("env_lookup(id=%d)", id);
	start_call();
	int32_t want = m_env_lookup(id);
	int32_t got = env_lookup(id);
	cov_note(F_LOOKUP, m_behavior);
	after_call(got, want, &fr);
	if (got >= 0)
		CHECK(got < NENV && got == id % NENV && envs[got].status != ENV_FREE &&
		      (int64_t)envs[got].gen * NENV + got == id,
		      "%s -> %d: ensures of behavior ok violated", call_desc, got);
	return got;
}

int c_env_wait(int32_t e, int32_t child)
{
	struct frame fr = { 0 };
	DESCRIBE("env_wait(e=%d, child=%d)", e, child);
	start_call();
	int want = m_env_wait(e, child);
	int got = env_wait(e, child);
	cov_note(F_WAIT, m_behavior);
	fr.nothing = got != E_OK;
	fr.envs = 1;
	after_call(got, want, &fr);
	if (got == E_OK)
		CHECK(e >= 0 && e < NENV && envs[e].status == ENV_WAITING &&
		      envs[e].wait_child == child,
		      "%s: ok but not waiting for child", call_desc);
	return got;
}

int32_t c_env_destroy(int32_t e)
{
	struct frame fr = { .all_pages = 1, .all_caps = 1, .sweep = 1, .capents = 1, .envs = 1 };
	DESCRIBE("env_destroy(e=%d)", e);
	if (!m_live(e)) {
		failf("test bug: %s outside its contract (requires Live(e))", call_desc);
		return NO_ENV;
	}
	start_call();
	int32_t want = m_env_destroy(e);
	int32_t got = env_destroy(e);
	cov_note(F_DESTROY, m_behavior);
	if (pre.ev[e].gen == GEN_MAX)
		cov_note(F_DESTROY, "+gen_wrap");
	int tables = 0, mapped = 0;
	for (long p = 0; p < NPAGES; p++)
		if (pre.pg[p].owner == e) {
			tables += pre.pg[p].type >= PG_PT1;
			mapped += pre.pg[p].type == PG_USER && pre.pg[p].bind_table != NO_PAGE;
		}
	if (tables > 1)
		cov_note(F_DESTROY, "+owned_tables");
	if (mapped)
		cov_note(F_DESTROY, "+owned_mapped_pages");
	int ncaps = 0, elsewhere = 0, doomed = 0;
	for (long k = 0; k < NCAP; k++) {
		const struct cap *c = &pre.cp[k];
		if (c->status == CAP_LIVE && c->page < NPAGES &&
		    (c->holder == e || pre.pg[c->page].owner == e)) {
			ncaps++;
			elsewhere += c->bind_table < NPAGES && pre.pg[c->bind_table].owner != e;
		}
		doomed += m_doomed((uint64_t)k);
	}
	if (ncaps)
		cov_note(F_DESTROY, "+live_caps");
	if (elsewhere)
		cov_note(F_DESTROY, "+cap_unmapped_elsewhere");
	if (doomed)
		cov_note(F_DESTROY, "+doomed_left");
	if (pre.sw.phase != SWEEP_IDLE)
		cov_note(F_DESTROY, "+sweep_under_way");
	after_call(got, want, &fr);

	/* The ensures clauses, checked against the snapshot directly. */
	CHECK(envs[e].status == ENV_FREE, "%s: ensures dead violated", call_desc);
	CHECK(envs[e].gen != pre.ev[e].gen, "%s: ensures new_gen violated", call_desc);
	CHECK(envs[e].npages == 0, "%s: ensures no_count violated", call_desc);
	unsigned bad = 0;
	for (long p = 0; p < NPAGES; p++) {
		if (pages[p].owner == e && bad++ < 2)
			failf("%s: ensures no_pages violated at page %ld", call_desc, p);
		if (pre.pg[p].owner == e && pages[p].type != PG_FREE && bad++ < 2)
			failf("%s: ensures freed violated at page %ld", call_desc, p);
		if (pre.pg[p].owner != e && !page_same(&pages[p], &pre.pg[p]) && bad++ < 2)
			failf("%s: ensures others_pages violated at page %ld", call_desc, p);
	}
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status == CAP_LIVE &&
		    (caps[k].holder == e ||
		     (caps[k].page < NPAGES && pre.pg[caps[k].page].owner == e))) {
			failf("%s: ensures no_caps (and cap_kill_env's gone) violated at caps[%ld]",
			      call_desc, k);
			break;
		}
	for (long c = 0; c < NENV; c++) {
		const struct env *o = &pre.ev[c], *v = &envs[c];
		if (v->parent == e)
			failf("%s: ensures no_children violated at slot %ld", call_desc, c);
		if (c == e)
			continue;
		if ((v->status == ENV_FREE) != (o->status == ENV_FREE))
			failf("%s: ensures others_live violated at slot %ld", call_desc, c);
		if (v->npages != o->npages)
			failf("%s: ensures others_count violated at slot %ld", call_desc, c);
		if (v->gen != o->gen || v->root != o->root ||
		    v->parent != (o->parent == e ? NO_ENV : o->parent))
			failf("%s: ensures others_kept violated at slot %ld", call_desc, c);
		if (c != got && (v->status != o->status || v->wait_child != o->wait_child))
			failf("%s: ensures others_state violated at slot %ld", call_desc, c);
	}
	int32_t par = pre.ev[e].parent;
	int wakes = par >= 0 && par < NENV && pre.ev[par].status == ENV_WAITING &&
		    pre.ev[par].wait_child == e;
	if (wakes)
		CHECK(got == par && envs[par].status == ENV_RUNNABLE &&
		      envs[par].wait_child == NO_ENV,
		      "%s -> %d: behavior wakes_parent violated (parent %d)", call_desc, got, par);
	else
		CHECK(got == NO_ENV, "%s -> %d: behavior nobody_waits violated", call_desc, got);
	return got;
}

int c_vm_init(uint64_t kslot, uint64_t islot)
{
	struct frame fr = { 0 };
	DESCRIBE("vm_init(kslot=%#llx, islot=%#llx)", (unsigned long long)kslot,
		 (unsigned long long)islot);
	for (ppn_t p = 0; p < NPAGES; p++)
		if (M.pg_type[p] == PG_PT4) {
			failf("test bug: %s outside its contract (page %llu is a PML4)",
			      call_desc, (unsigned long long)p);
			return E_INVAL;
		}
	start_call();
	int want = m_vm_init(kslot, islot);
	int got = vm_init(kslot, islot);
	cov_note(F_VM_INIT, m_behavior);
	fr.nothing = got != E_OK;
	after_call(got, want, &fr);
	if (got == E_OK)
		CHECK(vm_kernel_slot == kslot && vm_info_slot == islot,
		      "%s: ensures of ok violated", call_desc);
	return got;
}

int c_vm_root_create(int32_t e, ppn_t p)
{
	struct frame fr = { 0 };
	DESCRIBE("vm_root_create(e=%d, p=%#llx)", e, (unsigned long long)p);
	name_page(&fr, p);
	int dirty = p < NPAGES && memcmp(&ptmem[p], &zero_page, sizeof zero_page) != 0;
	start_call();
	int want = m_vm_root_create(e, p);
	int got = vm_root_create(e, p);
	cov_note(F_ROOT, m_behavior);
	fr.nothing = got != E_OK;
	fr.envs = 1;
	fr.npg = 1; fr.pg[0] = p;
	fr.nwhole = 1; fr.whole[0] = p;
	after_call(got, want, &fr);
	if (got == E_OK && p < NPAGES && e >= 0 && e < NENV) {
		if (dirty)
			cov_note(F_ROOT, "+dirty_page_zeroed");
		CHECK(envs[e].root == p && pages[p].owner == e && pages[p].type == PG_PT4,
		      "%s: ensures of ok violated (root/owner/type)", call_desc);
		CHECK(envs[e].npages == pre.ev[e].npages + 1,
		      "%s: ensures of ok violated (npages)", call_desc);
		for (long o = 0; o < NENV; o++)
			if (o != e && !env_same(&envs[o], &pre.ev[o]))
				failf("%s: assigns envs[e] only, changed envs[%ld]", call_desc, o);
		CHECK(ptmem[p].e[0] == vm_kernel_slot && ptmem[p].e[PML4_INFO] == vm_info_slot,
		      "%s: ensures of ok violated (kernel slots)", call_desc);
		for (unsigned i = 1; i < NPTE; i++)
			if (i != PML4_INFO && ptmem[p].e[i] != 0) {
				failf("%s: new root has entry %u == %#llx", call_desc, i,
				      (unsigned long long)ptmem[p].e[i]);
				break;
			}
	}
	return got;
}

int c_sys_page_alloc(int32_t e, ppn_t p)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_page_alloc(e=%d, p=%#llx)", e, (unsigned long long)p);
	name_page(&fr, p);
	int dirty = p < NPAGES && memcmp(&ptmem[p], &zero_page, sizeof zero_page) != 0;
	start_call();
	int want = m_sys_page_alloc(e, p);
	int got = sys_page_alloc(e, p);
	cov_note(F_ALLOC, m_behavior);
	fr.nothing = got != E_OK;
	fr.cnt = 1; fr.cnt_e = e;
	fr.npg = 1; fr.pg[0] = p;
	fr.nwhole = 1; fr.whole[0] = p;
	after_call(got, want, &fr);
	if (got == E_OK && p < NPAGES) {
		if (dirty)
			cov_note(F_ALLOC, "+dirty_page_zeroed");
		CHECK(pages[p].owner == e && pages[p].type == PG_USER &&
		      pages[p].bind_table == NO_PAGE && pages[p].view_table == NO_PAGE &&
		      memcmp(&ptmem[p], &zero_page, sizeof zero_page) == 0,
		      "%s: ensures of ok violated", call_desc);
		CHECK(e >= 0 && e < NENV && envs[e].npages == pre.ev[e].npages + 1,
		      "%s: ensures of ok violated (npages)", call_desc);
	}
	return got;
}

int c_sys_page_free(int32_t e, ppn_t p)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_page_free(e=%d, p=%#llx)", e, (unsigned long long)p);
	name_page(&fr, p);
	start_call();
	int want = m_sys_page_free(e, p);
	int got = sys_page_free(e, p);
	cov_note(F_FREE, m_behavior);
	if (strcmp(m_behavior, "mapped") == 0 && p < NPAGES && pre.pg[p].bind_table == NO_PAGE)
		cov_note(F_FREE, "+cap_named_only");
	if (got == E_OK)
		for (long k = 0; k < NCAP; k++)
			if (pre.cp[k].status == CAP_DEAD && pre.cp[k].page == p) {
				cov_note(F_FREE, "+dead_cap_named");
				break;
			}
	fr.nothing = got != E_OK;
	fr.cnt = 1; fr.cnt_e = e;
	fr.npg = 1; fr.pg[0] = p;
	after_call(got, want, &fr);
	if (got == E_OK)
		CHECK(p < NPAGES && pages[p].type == PG_FREE && pages[p].owner == NO_OWNER &&
		      e >= 0 && e < NENV && envs[e].npages + 1 == pre.ev[e].npages,
		      "%s: ensures of ok violated", call_desc);
	return got;
}

int c_sys_pt_link(int32_t e, ppn_t t, uint64_t i, ppn_t c)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_link(e=%d, t=%#llx, i=%#llx, c=%#llx)", e, (unsigned long long)t,
		 (unsigned long long)i, (unsigned long long)c);
	name_page(&fr, t);
	name_page(&fr, c);
	int dirty = c < NPAGES && memcmp(&ptmem[c], &zero_page, sizeof zero_page) != 0;
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_link(e, t, i, c);
	int got = sys_pt_link(e, t, i, c);
	cov_note(F_LINK, m_behavior);
	if (strcmp(m_behavior, "bad_index") == 0 && i < NPTE)
		cov_note(F_LINK, "+kernel_slot");
	fr.nothing = got != E_OK;
	fr.cnt = 1; fr.cnt_e = e;
	fr.npg = 1; fr.pg[0] = c;
	fr.nwhole = 1; fr.whole[0] = c;
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK && t < NPAGES && c < NPAGES && i < NPTE) {
		uint32_t tt = pre.pg[t].type;
		cov_note(F_LINK, tt == PG_PT4 ? "+in_pt4" : tt == PG_PT3 ? "+in_pt3" : "+in_pt2");
		if (dirty)
			cov_note(F_LINK, "+dirty_page_zeroed");
		uint64_t x = ptmem[t].e[i];
		CHECK(pages[c].owner == e && pages[c].type == tt - 1 &&
		      pages[c].bind_table == t && pages[c].bind_index == i &&
		      memcmp(&ptmem[c], &zero_page, sizeof zero_page) == 0 &&
		      m_pte_p(x) && m_pte_addr(x) == c &&
		      e >= 0 && e < NENV && envs[e].npages == pre.ev[e].npages + 1,
		      "%s: ensures of ok violated", call_desc);
	}
	return got;
}

int c_sys_pt_unlink(int32_t e, ppn_t t, uint64_t i)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_unlink(e=%d, t=%#llx, i=%#llx)", e, (unsigned long long)t,
		 (unsigned long long)i);
	uint64_t old = core_entry(t, i);
	ppn_t child = m_pte_addr(old);
	name_page(&fr, t);
	if (m_pte_p(old))
		name_page(&fr, child);
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_unlink(e, t, i);
	int got = sys_pt_unlink(e, t, i);
	cov_note(F_UNLINK, m_behavior);
	if (strcmp(m_behavior, "child_busy") == 0 && child < NPAGES &&
	    pre.pg[child].view_table != NO_PAGE && m_page_zero_p(child))
		cov_note(F_UNLINK, "+viewed_empty_child");
	if (strcmp(m_behavior, "bad_index") == 0 && i < NPTE)
		cov_note(F_UNLINK, "+kernel_slot");
	fr.nothing = got != E_OK;
	fr.cnt = 1; fr.cnt_e = e;
	fr.npg = 1; fr.pg[0] = child;
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK) {
		CHECK(tlb_flushes > pre_flushes, "%s: ok without a TLB flush", call_desc);
		if (child < NPAGES) {
			uint32_t ct = pre.pg[child].type;
			cov_note(F_UNLINK, ct == PG_PT3 ? "+pt3_child" : ct == PG_PT2 ?
				 "+pt2_child" : "+pt1_child");
		}
		CHECK(t < NPAGES && i < NPTE && ptmem[t].e[i] == 0 && child < NPAGES &&
		      pages[child].type == PG_FREE && pages[child].view_table == NO_PAGE &&
		      e >= 0 && e < NENV && envs[e].npages + 1 == pre.ev[e].npages,
		      "%s: ensures of ok violated", call_desc);
	}
	return got;
}

int c_sys_pt_map(int32_t e, ppn_t t, uint64_t i, ppn_t p, uint64_t perm)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_map(e=%d, t=%#llx, i=%#llx, p=%#llx, perm=%#llx)", e,
		 (unsigned long long)t, (unsigned long long)i, (unsigned long long)p,
		 (unsigned long long)perm);
	name_page(&fr, t);
	name_page(&fr, p);
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_map(e, t, i, p, perm);
	int got = sys_pt_map(e, t, i, p, perm);
	cov_note(F_MAP, m_behavior);
	if (strcmp(m_behavior, "bad_arg") == 0 && perm > PERM_ALL)
		cov_note(F_MAP, "+bad_perm");
	fr.nothing = got != E_OK;
	fr.npg = 1; fr.pg[0] = p;
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK && t < NPAGES && i < NPTE && p < NPAGES) {
		static const char *const pn[] = { "+perm_0", "+perm_1", "+perm_2", "+perm_3" };
		if (perm <= PERM_ALL)
			cov_note(F_MAP, pn[perm]);
		uint64_t x = ptmem[t].e[i];
		CHECK(pages[p].bind_table == t && pages[p].bind_index == i &&
		      m_pte_p(x) && m_pte_addr(x) == p &&
		      m_pte_w(x) == (perm == PERM_W || perm == PERM_ALL) &&
		      m_pte_nx(x) == (perm == 0 || perm == PERM_W) && m_pte_tag(x) == 0,
		      "%s: ensures of ok violated (entry %#llx)", call_desc, (unsigned long long)x);
		CHECK(pages[p].owner == pre.pg[p].owner && pages[p].type == pre.pg[p].type &&
		      pages[p].view_table == pre.pg[p].view_table &&
		      pages[p].view_index == pre.pg[p].view_index,
		      "%s: assigns only bind_table/bind_index of p", call_desc);
	}
	return got;
}

int c_sys_pt_unmap(int32_t e, ppn_t t, uint64_t i)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_unmap(e=%d, t=%#llx, i=%#llx)", e, (unsigned long long)t,
		 (unsigned long long)i);
	uint64_t old = core_entry(t, i);
	ppn_t p = m_pte_addr(old);
	uint64_t tag = m_pte_tag(old);
	name_page(&fr, t);
	if (m_pte_p(old))
		name_page(&fr, p);
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_unmap(e, t, i);
	int got = sys_pt_unmap(e, t, i);
	cov_note(F_UNMAP, m_behavior);
	fr.nothing = got != E_OK;
	if (tag == 0 || tag == PTE_TAG_VIEW) {
		fr.npg = 1; fr.pg[0] = p;
	} else {
		fr.ncap = 1; fr.capk = tag - 1;
	}
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK) {
		cov_note(F_UNMAP, tag == 0 ? "+own" : tag == PTE_TAG_VIEW ? "+view" : "+cap");
		CHECK(tlb_flushes > pre_flushes, "%s: ok without a TLB flush", call_desc);
		CHECK(t < NPAGES && i < NPTE && ptmem[t].e[i] == 0 && p < NPAGES,
		      "%s: ensures of ok violated", call_desc);
		if (p < NPAGES && tag == 0) {
			CHECK(pages[p].bind_table == NO_PAGE,
			      "%s: ensures of ok violated (own mapping still bound)", call_desc);
			struct page_info x = pre.pg[p];
			x.bind_table = NO_PAGE;
			CHECK(page_same(&pages[p], &x), "%s: assigns only pages[p].bind_table",
			      call_desc);
		} else if (p < NPAGES && tag == PTE_TAG_VIEW) {
			CHECK(pages[p].view_table == NO_PAGE,
			      "%s: ensures of ok violated (view still bound)", call_desc);
			struct page_info x = pre.pg[p];
			x.view_table = NO_PAGE;
			CHECK(page_same(&pages[p], &x), "%s: assigns only pages[p].view_table",
			      call_desc);
		} else if (tag >= 1 && tag <= NCAP) {
			CHECK(caps[tag - 1].bind_table == NO_PAGE,
			      "%s: ensures of ok violated (cap %llu still bound)", call_desc,
			      (unsigned long long)(tag - 1));
			struct cap x = pre.cp[tag - 1];
			x.bind_table = NO_PAGE;
			CHECK(cap_same(&caps[tag - 1], &x), "%s: assigns only caps[k].bind_table",
			      call_desc);
		}
	}
	return got;
}

int c_sys_pt_prot(int32_t e, ppn_t t, uint64_t i, uint64_t perm)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_prot(e=%d, t=%#llx, i=%#llx, perm=%#llx)", e, (unsigned long long)t,
		 (unsigned long long)i, (unsigned long long)perm);
	uint64_t old = core_entry(t, i);
	uint64_t tag = m_pte_tag(old);
	name_page(&fr, t);
	if (m_pte_p(old))
		name_page(&fr, m_pte_addr(old));
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_prot(e, t, i, perm);
	int got = sys_pt_prot(e, t, i, perm);
	cov_note(F_PROT, m_behavior);
	if (strcmp(m_behavior, "bad_arg") == 0 && perm > PERM_ALL)
		cov_note(F_PROT, "+bad_perm");
	if (strcmp(m_behavior, "denied") == 0)
		cov_note(F_PROT, tag == PTE_TAG_VIEW ? "+denied_view" : "+denied_cap");
	fr.nothing = got != E_OK;
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK) {
		cov_note(F_PROT, tag == 0 ? "+own" : tag == PTE_TAG_VIEW ? "+view" : "+cap");
		CHECK(tlb_flushes > pre_flushes, "%s: ok without a TLB flush", call_desc);
		uint64_t x = core_entry(t, i);
		CHECK(m_pte_p(x) && m_pte_addr(x) == m_pte_addr(old) && m_pte_tag(x) == tag &&
		      m_pte_w(x) == (perm == PERM_W || perm == PERM_ALL) &&
		      m_pte_nx(x) == (perm == 0 || perm == PERM_W),
		      "%s: ensures of ok violated (entry %#llx)", call_desc, (unsigned long long)x);
	}
	return got;
}

int c_user_range_ok(uint64_t va, uint64_t len)
{
	struct frame fr = { .nothing = 1 };
	DESCRIBE("user_range_ok(va=%#llx, len=%#llx)",
		 (unsigned long long)va, (unsigned long long)len);
	start_call();
	int want = m_user_range_ok(va, len);
	int got = user_range_ok(va, len);
	cov_note(F_RANGE_OK, m_behavior);
	after_call(got, want, &fr);
	CHECK(got == 0 || got == 1, "%s returned %d, not 0 or 1", call_desc, got);
	return got;
}

int c_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct frame fr = { .nothing = 1 };
	DESCRIBE("syscall_check(num=%#llx, a0=%#llx, a1=%#llx, a2=%#llx)",
		 (unsigned long long)num, (unsigned long long)a0,
		 (unsigned long long)a1, (unsigned long long)a2);
	start_call();
	int want = m_syscall_check(num, a0, a1, a2);
	int got = syscall_check(num, a0, a1, a2);
	if (want != M_BROKEN)
		cov_note(F_SYSCALL, m_behavior);
	after_call(got, want, &fr);
	return got;
}

/* ---- capabilities, views, env_target ------------------------------------- */

static unsigned long sweep_pass_acc;   /* mark passes of the sweep under way */

void c_cap_table_init(void)
{
	struct frame fr = { .all_caps = 1, .sweep = 1 };
	DESCRIBE("cap_table_init()");
	for (int e = 0; e < NENV; e++)
		if (m_live(e)) {
			failf("test bug: cap_table_init with live env %d", e);
			return;
		}
	start_call();
	m_cap_table_init();
	cap_table_init();
	after_call(0, 0, &fr);
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status != CAP_FREE || caps[k].bind_table != NO_PAGE) {
			failf("cap_table_init: ensures violated at caps[%ld]", k);
			break;
		}
	CHECK(sweep.phase == SWEEP_IDLE, "cap_table_init: sweep not idle");
}

int32_t c_env_target(int32_t caller, envid_t id)
{
	struct frame fr = { .nothing = 1 };
	DESCRIBE("env_target(caller=%d, id=%d)", caller, id);
	if (!m_live(caller)) {
		failf("test bug: %s outside its contract (requires Live(caller))", call_desc);
		return E_INVAL;
	}
	start_call();
	int32_t want = m_env_target(caller, id);
	int32_t got = env_target(caller, id);
	cov_note(F_TARGET, m_behavior);
	after_call(got, want, &fr);
	if (id == TARGET_SELF)
		CHECK(got == caller, "%s -> %d: behavior self violated", call_desc, got);
	else if (got >= 0)
		CHECK(got < NENV && got == id % NENV && envs[got].status != ENV_FREE &&
		      envs[got].parent == caller && (int64_t)envs[got].gen * NENV + got == id,
		      "%s -> %d: behavior child violated", call_desc, got);
	return got;
}

int c_cap_on_page(ppn_t p)
{
	struct frame fr = { .nothing = 1 };
	DESCRIBE("cap_on_page(p=%#llx)", (unsigned long long)p);
	if (p >= NPAGES) {
		failf("test bug: %s outside its contract (requires ValidPpn(p))", call_desc);
		return 0;
	}
	start_call();
	int want = m_cap_on_page(p);
	int got = cap_on_page(p);
	cov_note(F_ON_PAGE, m_behavior);
	int doomed = 0, dead = 0;
	for (long k = 0; k < NCAP; k++) {
		doomed += m_doomed((uint64_t)k) && M.cp_page[k] == p;
		dead += M.cp_status[k] == CAP_DEAD && M.cp_page[k] == p;
	}
	if (doomed)
		cov_note(F_ON_PAGE, "+doomed_named");
	if (!want && dead)
		cov_note(F_ON_PAGE, "+dead_only");
	/* ensures \result == 0 <==> NoCapOn(p): any non-zero value means "yes" */
	after_call(got != 0, want, &fr);
	return got;
}

int c_cap_grant(int32_t e, uint64_t k, ppn_t p, int32_t h, uint64_t r)
{
	struct frame fr = { 0 };
	DESCRIBE("cap_grant(e=%d, k=%#llx, p=%#llx, h=%d, r=%#llx)", e, (unsigned long long)k,
		 (unsigned long long)p, h, (unsigned long long)r);
	name_page(&fr, p);
	start_call();
	int want = m_cap_grant(e, k, p, h, r);
	int got = cap_grant(e, k, p, h, r);
	cov_note(F_GRANT, m_behavior);
	if (strcmp(m_behavior, "busy") == 0 && pre.cp[k].status == CAP_DEAD)
		cov_note(F_GRANT, "+busy_dead");
	fr.nothing = got != E_OK;
	fr.ncap = 1; fr.capk = k;
	after_call(got, want, &fr);
	if (got == E_OK && k < NCAP && p < NPAGES) {
		if (h == e)
			cov_note(F_GRANT, "+to_self");
		if (pre.pg[p].bind_table != NO_PAGE)
			cov_note(F_GRANT, "+mapped_page");
		const struct cap *c = &caps[k];
		CHECK(c->status == CAP_LIVE && c->page == p && c->holder == h && c->rights == r &&
		      c->parent == NO_CAP && c->bind_table == NO_PAGE,
		      "%s: ensures of ok violated", call_desc);
	}
	return got;
}

int c_cap_derive(int32_t e, uint64_t k, uint64_t q, int32_t h, uint64_t r)
{
	struct frame fr = { 0 };
	DESCRIBE("cap_derive(e=%d, k=%#llx, q=%#llx, h=%d, r=%#llx)", e, (unsigned long long)k,
		 (unsigned long long)q, h, (unsigned long long)r);
	int doomed = q < NCAP && m_doomed(q);
	start_call();
	int want = m_cap_derive(e, k, q, h, r);
	int got = cap_derive(e, k, q, h, r);
	cov_note(F_DERIVE, m_behavior);
	if (strcmp(m_behavior, "not_holder") == 0 && pre.cp[q].status == CAP_DEAD)
		cov_note(F_DERIVE, "+dead_parent");
	fr.nothing = got != E_OK;
	fr.ncap = 1; fr.capk = k;
	after_call(got, want, &fr);
	if (got == E_OK && k < NCAP && q < NCAP) {
		if (pre.cp[q].parent != NO_CAP)
			cov_note(F_DERIVE, "+chain");
		if (doomed)
			cov_note(F_DERIVE, "+from_doomed");
		const struct cap *c = &caps[k];
		CHECK(c->status == CAP_LIVE && c->page == pre.cp[q].page && c->holder == h &&
		      c->rights == r && c->parent == (int32_t)q && c->bind_table == NO_PAGE,
		      "%s: ensures of ok violated", call_desc);
	}
	return got;
}

int c_cap_revoke(int32_t e, uint64_t k)
{
	struct frame fr = { 0 };
	DESCRIBE("cap_revoke(e=%d, k=%#llx)", e, (unsigned long long)k);
	if (sweep.phase == SWEEP_IDLE)
		sweep_pass_acc = 0;
	start_call();
	int want = m_cap_revoke(e, k);
	int got = cap_revoke(e, k);
	const char *beh = m_behavior;
	cov_note(F_REVOKE, beh);
	int rev = strcmp(beh, "revoke") == 0, cont = strcmp(beh, "continue") == 0;
	fr.nothing = !rev && !cont;
	fr.all_caps = fr.sweep = fr.capents = 1;
	if (rev) {
		const struct cap *c = &pre.cp[k];
		int32_t q = c->parent;
		if (c->page < NPAGES && pre.pg[c->page].owner == e)
			cov_note(F_REVOKE, "+by_owner");
		else if (c->holder == e)
			cov_note(F_REVOKE, "+by_holder");
		else if (q >= 0 && q < NCAP && pre.cp[q].status == CAP_LIVE && pre.cp[q].holder == e)
			cov_note(F_REVOKE, "+by_parent_holder");
		if (c->bind_table != NO_PAGE)
			cov_note(F_REVOKE, "+mapped");
		if (pre.sw.phase == SWEEP_FREE)
			cov_note(F_REVOKE, "+from_free_phase");
		if (q >= 0 && q < NCAP && pre.cp[q].status == CAP_DEAD)
			cov_note(F_REVOKE, "+doomed_revoked");
	}
	if (rev || cont) {
		if (m_rev.sweep_killed)
			cov_note(F_REVOKE, "+sweep_killed");
		if (m_rev.sweep_unmapped)
			cov_note(F_REVOKE, "+sweep_unmapped");
		if (m_rev.freed)
			cov_note(F_REVOKE, "+sweep_freed");
		sweep_pass_acc += m_rev.passes;
	}
	after_call(got, want, &fr);
	if (rev && k < NCAP)
		CHECK(caps[k].status != CAP_LIVE && caps[k].bind_table == NO_PAGE,
		      "%s: ensures revoked violated", call_desc);
	if (rev || cont) {
		CHECK(got == E_OK || got == E_AGAIN, "%s -> %d: not E_OK or E_AGAIN", call_desc, got);
		CHECK((got == E_OK) == (sweep.phase == SWEEP_IDLE), "%s -> %d: ensures done violated",
		      call_desc, got);
		/* every live capability now was live before (the sweep only revokes) */
		for (long j = 0; j < NCAP; j++)
			if (caps[j].status == CAP_LIVE && pre.cp[j].status != CAP_LIVE) {
				failf("%s: caps[%ld] became live", call_desc, j);
				break;
			}
		if (got == E_OK) {
			cov_note(F_REVOKE, "+done");
			stat_sweeps++;
			if (sweep_pass_acc > stat_max_passes)
				stat_max_passes = sweep_pass_acc;
			if (sweep_pass_acc >= 3)
				cov_note(F_REVOKE, "+multi_pass");
			sweep_pass_acc = 0;
		} else if (got == E_AGAIN) {
			cov_note(F_REVOKE, "+again");
		}
	}
	return got;
}

int c_cap_revoke_all(int32_t e, uint64_t k, unsigned max, unsigned *ncalls)
{
	int r;
	unsigned n = 0;
	do {
		r = c_cap_revoke(e, k);
		n++;
	} while (r == E_AGAIN && n < max && cur_failures == 0);
	if (ncalls)
		*ncalls = n;
	return r;
}

void c_cap_kill_env(int32_t e)
{
	struct frame fr = { .all_caps = 1, .sweep = 1, .capents = 1 };
	DESCRIBE("cap_kill_env(e=%d)", e);
	if (!m_live(e)) {
		failf("test bug: %s outside its contract (requires Live(e))", call_desc);
		return;
	}
	start_call();
	int want = m_cap_kill_env(e);
	cap_kill_env(e);
	cov_note(F_KILL_ENV, m_rev.killed ? "+killed" : "+none");
	after_call(0, want, &fr);
	for (long k = 0; k < NCAP; k++)
		if (caps[k].status == CAP_LIVE &&
		    (caps[k].holder == e ||
		     (caps[k].page < NPAGES && pages[caps[k].page].owner == e))) {
			failf("%s: ensures gone violated at caps[%ld]", call_desc, k);
			break;
		}
}

void c_cap_kill_page(ppn_t p)
{
	struct frame fr = { .all_caps = 1, .sweep = 1, .capents = 1 };
	DESCRIBE("cap_kill_page(p=%#llx)", (unsigned long long)p);
	if (p >= NPAGES) {
		failf("test bug: %s outside its contract (requires ValidPpn(p))", call_desc);
		return;
	}
	start_call();
	int want = m_cap_kill_page(p);
	cap_kill_page(p);
	cov_note(F_KILL_PAGE, m_rev.killed ? "+killed" : "+none");
	after_call(0, want, &fr);
	CHECK(m_no_cap_on(p), "%s: ensures NoCapOn(p) violated", call_desc);
	for (long k = 0; k < NCAP; k++)
		if (pre.cp[k].page != p && !cap_same(&pre.cp[k], &caps[k])) {
			failf("%s: changed caps[%ld], which does not name p", call_desc, k);
			break;
		}
}

/* 1 when no user entry of any table maps page p (Unmapped(p)). */
static int unmapped(ppn_t p)
{
	for (ppn_t t = 0; t < NPAGES; t++) {
		if (!m_table_type(pages[t].type))
			continue;
		for (unsigned i = 0; i < NPTE; i++) {
			uint64_t x = ptmem[t].e[i];
			if (pages[t].type == PG_PT4 && (i == 0 || i == PML4_INFO))
				continue;   /* the kernel's slots */
			if (m_pte_p(x) && m_pte_addr(x) == p)
				return 0;
		}
	}
	return 1;
}

/* The model of one forced page (unbound already: no mapping of its owner,
 * no live capability): free it.  Returns 0, or M_BROKEN. */
static int m_take(int32_t v, ppn_t p)
{
	return m_sys_page_free(v, p) == E_OK ? 0 : M_BROKEN;
}

/* frame of a forced page take: the page and v's count, nothing else */
static void take_frame(struct frame *fr, int32_t v, ppn_t p)
{
	name_page(fr, p);
	fr->npg = 1; fr->pg[0] = p;
	fr->cnt = 1; fr->cnt_e = v;
	if (pages[p].bind_table != NO_PAGE) {
		name_page(fr, pages[p].bind_table);
		fr->nent = 1; fr->et = pages[p].bind_table; fr->ei = pages[p].bind_index;
		watch_entry(pages[p].bind_table, pages[p].bind_index);
	}
}

static void take_checks(int32_t v, ppn_t p)
{
	CHECK(pages[p].type == PG_FREE && pages[p].owner == NO_OWNER, "%s: page %#llx not free",
	      call_desc, (unsigned long long)p);
	CHECK(m_no_cap_on(p), "%s: a live capability still names page %#llx", call_desc,
	      (unsigned long long)p);
	CHECK(unmapped(p), "%s: a user entry still maps page %#llx", call_desc,
	      (unsigned long long)p);
	CHECK(envs[v].npages + 1 == pre.ev[v].npages, "%s: npages %u, was %u", call_desc,
	      envs[v].npages, pre.ev[v].npages);
}

void c_rev_take_page(int32_t v, ppn_t p)
{
	struct frame fr = { 0 };
	DESCRIBE("rev_take_page(v=%d, p=%#llx)", v, (unsigned long long)p);
	if (!m_live(v) || p >= NPAGES || pages[p].owner != v || pages[p].type != PG_USER ||
	    pages[p].bind_table != NO_PAGE || !m_no_cap_on(p)) {
		failf("test bug: %s outside its contract", call_desc);
		return;
	}
	int was_shared = 0;           /* a capability named it once (now dead) */
	for (long k = 0; k < NCAP; k++)
		was_shared |= caps[k].status == CAP_DEAD && caps[k].page == p;
	take_frame(&fr, v, p);
	start_call();
	int want = m_take(v, p);
	rev_take_page(v, p);
	cov_note(F_REV_TAKE, was_shared ? "+was_shared" : "+never_shared");
	after_call(0, want, &fr);
	take_checks(v, p);
}

/* What one rev_step against v must do, predicted from the state before
 * (uapi/revoke.h): the behavior, the state, outcome and cursor after, the
 * page or slice it takes. */
struct step_pred {
	struct rev_req q;          /* the state before the step */
	uint64_t wr;
	struct sched_info sch;
	const char *beh;
	uint32_t st, out;
	ppn_t take;
	long slice;
	uint64_t cursor;
};

static void step_predict(int32_t v, struct step_pred *sp)
{
	struct rev_req q = rev.rq[v];
	sp->q = q;
	sp->wr = rev.written[v];
	sp->sch = sched;
	const char *beh;
	uint32_t st = q.state, out = q.outcome;
	ppn_t take = NO_PAGE;
	long slice = -1;
	uint64_t cursor = q.cursor;
	int met = 0, alive = 0;
	if (st == RQ_FORCE) {
		int32_t r = q.requester;
		alive = m_live(v) && envs[v].gen == q.victim_gen && m_live(r) &&
			envs[r].gen == q.requester_gen;
		met = q.kind == REV_PAGES ? envs[v].npages <= q.target :
		      q.kind == REV_PAGE ? !(pages[q.what].owner == v && pages[q.what].type == PG_USER) :
		      sched.owner[q.what] != v;
	}
	if (st != RQ_FORCE) {
		beh = "not_forcing";
	} else if (!alive) {
		beh = "gone"; st = RQ_IDLE; out = REV_DONE_GONE;
	} else if (met) {
		beh = "met"; st = RQ_IDLE; out = q.taken ? REV_DONE_FORCED : REV_DONE_COOP;
	} else if (q.kind == REV_SLICE) {
		int other = 0;
		for (unsigned s = 0; s < NSLICE; s++)
			other |= s != q.what && sched.owner[s] == v;
		st = RQ_IDLE;
		if (!other) {
			beh = "slice_short"; out = REV_DONE_SHORT;
		} else {
			beh = "slice"; out = REV_DONE_FORCED; slice = (long)q.what;
		}
	} else if (envs[v].npages <= REV_MIN_PAGES) {
		beh = "minimum"; st = RQ_IDLE; out = REV_DONE_SHORT;
	} else if (q.kind == REV_PAGE) {
		if (pages[q.what].bind_table != NO_PAGE || !m_no_cap_on(q.what)) {
			beh = "page_mapped";            /* in hand: the trap side unbinds it */
		} else {
			beh = "page"; st = RQ_IDLE; out = REV_DONE_FORCED; take = q.what;
		}
	} else {
		uint64_t c = q.cursor;
		unsigned n = 0;
		while (n < REV_SCAN && c > 0 && !(pages[c - 1].owner == v && pages[c - 1].type == PG_USER)) {
			c--;
			n++;
		}
		if (c == 0) {
			beh = "count_short"; st = RQ_IDLE; out = REV_DONE_SHORT; cursor = 0;
		} else if (pages[c - 1].owner == v && pages[c - 1].type == PG_USER &&
			   (pages[c - 1].bind_table != NO_PAGE || !m_no_cap_on(c - 1))) {
			beh = "count_mapped"; cursor = c;  /* in hand: the trap side unbinds it */
		} else if (pages[c - 1].owner == v && pages[c - 1].type == PG_USER) {
			take = c - 1; cursor = c - 1;
			if (q.taken + 1 >= q.what) {        /* never more than asked */
				beh = "count_last"; st = RQ_IDLE; out = REV_DONE_FORCED;
			} else {
				beh = "count_page";
			}
		} else {
			beh = "count_on"; cursor = c;
		}
	}
	sp->beh = beh;
	sp->st = st;
	sp->out = out;
	sp->take = take;
	sp->slice = slice;
	sp->cursor = cursor;
}

/* After a step predicted by sp (state before the call): the state,
 * outcome, cursor, ring entry and slices, as c_rev_step and c_rev_force
 * check them. */
static void step_checks(int32_t v, uint64_t now, const struct step_pred *sp, uint32_t got)
{
	const char *beh = sp->beh;
	const struct rev_req *q = &sp->q;
	const struct sched_info *sch = &sp->sch;
	uint64_t wr = sp->wr;
	CHECK(got == sp->st && rev.rq[v].state == sp->st, "%s (%s): state %u, returned %u, want %u",
	      call_desc, beh, rev.rq[v].state, got, sp->st);
	CHECK(rev.rq[v].outcome == sp->out, "%s (%s): outcome %u, want %u", call_desc, beh,
	      rev.rq[v].outcome, sp->out);
	if (sp->st == RQ_FORCE || strcmp(beh, "count_short") == 0 || strcmp(beh, "count_last") == 0)
		CHECK(rev.rq[v].cursor == sp->cursor, "%s (%s): cursor %llu, want %llu", call_desc, beh,
		      (unsigned long long)rev.rq[v].cursor, (unsigned long long)sp->cursor);
	int wrote = sp->take != NO_PAGE || sp->slice >= 0;
	CHECK(rev.written[v] == wr + (uint64_t)wrote, "%s (%s): written %llu, was %llu",
	      call_desc, beh, (unsigned long long)rev.written[v], (unsigned long long)wr);
	if (wrote) {
		const struct repo_entry *x = &rev.ring[v][wr % REPO_RING];
		CHECK(x->seq == wr && x->tick == now && x->reason == q->reason &&
		      x->kind == (sp->take != NO_PAGE ? REV_PAGE : REV_SLICE) &&
		      x->what == (sp->take != NO_PAGE ? sp->take : (uint64_t)sp->slice),
		      "%s (%s): ring entry %llu wrong", call_desc, beh, (unsigned long long)wr);
		CHECK(rev.rq[v].taken == q->taken + 1, "%s: taken not counted", call_desc);
	}
	for (unsigned s = 0; s < NSLICE; s++)
		CHECK(sched.owner[s] == ((long)s == sp->slice ? NO_ENV : sch->owner[s]),
		      "%s (%s): slice %u owner %d", call_desc, beh, s, sched.owner[s]);
	if (sp->take != NO_PAGE)
		CHECK(envs[v].npages >= REV_MIN_PAGES, "%s: went below the minimum", call_desc);
}

/* The model of one rev_step, applied to the model; then the core, compared. */
uint32_t c_rev_step(int32_t v, uint64_t now)
{
	struct frame fr = { 0 };
	DESCRIBE("rev_step(v=%d, now=%llu)", v, (unsigned long long)now);
	if (v < 0 || v >= NENV) {
		failf("test bug: %s outside its contract", call_desc);
		return RQ_IDLE;
	}
	struct step_pred sp;
	step_predict(v, &sp);
	ppn_t take = sp.take;
	int want = 0;
	if (take != NO_PAGE)
		take_frame(&fr, v, take);
	else
		fr.nothing = 1;
	start_call();
	if (take != NO_PAGE)
		want = m_take(v, take);
	uint32_t got = rev_step(v, now);
	cov_note(F_REV_STEP, sp.beh);
	after_call(0, want, &fr);
	if (take != NO_PAGE)
		take_checks(v, take);
	step_checks(v, now, &sp, got);
	return got;
}

/* The page in hand of v's forced request (HandPage, spec/revoke.acsl) if
 * it is a data page of v, else NO_PAGE; and whether it is bound. */
static ppn_t hand_page(int32_t v)
{
	const struct rev_req *q = &rev.rq[v];
	uint64_t h;
	if (q->kind == REV_PAGE)
		h = q->what;
	else if (q->kind == REV_PAGES && q->cursor > 0)
		h = q->cursor - 1;
	else
		return NO_PAGE;
	return h < NPAGES && pages[h].owner == v && pages[h].type == PG_USER ? h : NO_PAGE;
}

static int hand_bound(int32_t v)
{
	ppn_t h = hand_page(v);
	return h != NO_PAGE && (pages[h].bind_table != NO_PAGE || !m_no_cap_on(h));
}

/* 2 * ForceLeft + (1 if HandBound): what each rev_force that stays forced
 * lowers (rev_force's decrease). */
uint64_t force_measure(int32_t v)
{
	uint64_t left = rev.rq[v].kind == REV_PAGES ? rev.rq[v].cursor : 0;
	return 2 * left + (uint64_t)hand_bound(v);
}

/* The model of one rev_force: the step as c_rev_step predicts it, then, if
 * the request stays forced, the page in hand unbound (its owner's mapping
 * removed as sys_pt_unmap removes it, every capability naming it killed as
 * cap_kill_page kills them); then the core, compared, and the contract's
 * unbound and decrease clauses. */
uint32_t c_rev_force(int32_t v, uint64_t now)
{
	struct frame fr = { 0 };
	DESCRIBE("rev_force(v=%d, now=%llu)", v, (unsigned long long)now);
	if (v < 0 || v >= NENV) {
		failf("test bug: %s outside its contract", call_desc);
		return RQ_IDLE;
	}
	uint64_t m0 = force_measure(v);
	struct step_pred sp;
	step_predict(v, &sp);
	const struct rev_req q = sp.q;
	ppn_t take = sp.take, hand = NO_PAGE;
	if (sp.st == RQ_FORCE && q.kind != REV_SLICE) {
		uint64_t h = q.kind == REV_PAGE ? q.what : sp.cursor - 1;
		if ((q.kind == REV_PAGE || sp.cursor > 0) && h < NPAGES && h != take &&
		    pages[h].owner == v && pages[h].type == PG_USER)
			hand = h;
	}
	int unmap = hand != NO_PAGE && pages[hand].bind_table != NO_PAGE;
	int kill = hand != NO_PAGE && !m_no_cap_on(hand);
	ppn_t ut = unmap ? pages[hand].bind_table : NO_PAGE;
	uint64_t ui = unmap ? pages[hand].bind_index : 0;
	if (take != NO_PAGE)
		take_frame(&fr, v, take);
	if (unmap) {
		name_page(&fr, hand);
		name_page(&fr, ut);
		fr.pg[fr.npg++] = hand;
		fr.nent = 1; fr.et = ut; fr.ei = ui;
		watch_entry(ut, ui);
	}
	if (kill) {
		fr.all_caps = 1; fr.sweep = 1; fr.capents = 1;
	}
	fr.nothing = take == NO_PAGE && !unmap && !kill;
	start_call();
	int want = 0;
	if (take != NO_PAGE)
		want = m_take(v, take);
	if (unmap && want == 0)
		want = m_sys_pt_unmap(v, ut, ui) == E_OK ? 0 : M_BROKEN;
	if (kill && want == 0)
		want = m_cap_kill_page(hand);
	uint32_t got = rev_force(v, now);
	cov_note(F_REV_STEP, sp.beh);      /* the step it made */
	cov_note(F_REV_FORCE, sp.st != RQ_FORCE ? "ended" : unmap && kill ? "unmap_kill" :
		 unmap ? "unmap" : kill ? "kill" : "no_hand");
	after_call(0, want, &fr);
	if (take != NO_PAGE)
		take_checks(v, take);
	step_checks(v, now, &sp, got);
	if (unmap || kill)
		CHECK(tlb_flushes > pre_flushes, "%s: unbound without a TLB flush", call_desc);
	if (got == RQ_FORCE) {
		CHECK(!hand_bound(v), "%s: ensures unbound violated (page in hand still bound)",
		      call_desc);
		uint64_t m1 = force_measure(v);
		if (q.state == RQ_FORCE)
			CHECK(m1 < m0, "%s (%s): ensures decrease violated: measure %llu, was %llu",
			      call_desc, sp.beh, (unsigned long long)m1, (unsigned long long)m0);
	}
	return got;
}

int c_sys_pt_map_cap(int32_t e, ppn_t t, uint64_t i, uint64_t k, uint64_t perm)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_map_cap(e=%d, t=%#llx, i=%#llx, k=%#llx, perm=%#llx)", e,
		 (unsigned long long)t, (unsigned long long)i, (unsigned long long)k,
		 (unsigned long long)perm);
	name_page(&fr, t);
	if (k < NCAP)
		name_page(&fr, caps[k].page);
	int doomed = k < NCAP && m_doomed(k);
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_map_cap(e, t, i, k, perm);
	int got = sys_pt_map_cap(e, t, i, k, perm);
	cov_note(F_MAP_CAP, m_behavior);
	if (strcmp(m_behavior, "not_held") == 0 && pre.cp[k].status == CAP_DEAD)
		cov_note(F_MAP_CAP, "+dead");
	fr.nothing = got != E_OK;
	fr.ncap = 1; fr.capk = k;
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK && t < NPAGES && i < NPTE && k < NCAP) {
		static const char *const pn[] = { "+perm_0", "+perm_1", "+perm_2", "+perm_3" };
		if (perm <= PERM_ALL)
			cov_note(F_MAP_CAP, pn[perm]);
		if (pre.cp[k].page < NPAGES && pre.pg[pre.cp[k].page].owner == e)
			cov_note(F_MAP_CAP, "+own_page");
		if (doomed)
			cov_note(F_MAP_CAP, "+doomed");
		uint64_t x = ptmem[t].e[i];
		CHECK(caps[k].bind_table == t && caps[k].bind_index == i && m_pte_p(x) &&
		      m_pte_addr(x) == caps[k].page && m_pte_tag(x) == k + 1 &&
		      m_pte_w(x) == (perm == PERM_W || perm == PERM_ALL) &&
		      m_pte_nx(x) == (perm == 0 || perm == PERM_W),
		      "%s: ensures of ok violated (entry %#llx)", call_desc, (unsigned long long)x);
		struct cap c = pre.cp[k];
		c.bind_table = t;
		c.bind_index = i;
		CHECK(cap_same(&caps[k], &c), "%s: assigns only caps[k].bind_table/bind_index",
		      call_desc);
	}
	return got;
}

int c_sys_pt_view(int32_t e, ppn_t t, uint64_t i, ppn_t v)
{
	struct frame fr = { 0 };
	DESCRIBE("sys_pt_view(e=%d, t=%#llx, i=%#llx, v=%#llx)", e, (unsigned long long)t,
		 (unsigned long long)i, (unsigned long long)v);
	name_page(&fr, t);
	name_page(&fr, v);
	watch_entry(t, i);
	start_call();
	int want = m_sys_pt_view(e, t, i, v);
	int got = sys_pt_view(e, t, i, v);
	cov_note(F_VIEW, m_behavior);
	fr.nothing = got != E_OK;
	fr.npg = 1; fr.pg[0] = v;
	fr.nent = 1; fr.et = t; fr.ei = i;
	after_call(got, want, &fr);
	if (got == E_OK && t < NPAGES && i < NPTE && v < NPAGES) {
		uint32_t vt = pre.pg[v].type;
		cov_note(F_VIEW, vt == PG_PT4 ? "+of_pt4" : vt == PG_PT3 ? "+of_pt3" :
			 vt == PG_PT2 ? "+of_pt2" : "+of_pt1");
		if (v == t)
			cov_note(F_VIEW, "+of_itself");
		uint64_t x = ptmem[t].e[i];
		CHECK(pages[v].view_table == t && pages[v].view_index == i && m_pte_p(x) &&
		      m_pte_addr(x) == v && !m_pte_w(x) && m_pte_nx(x) &&
		      m_pte_tag(x) == PTE_TAG_VIEW,
		      "%s: ensures of ok violated (entry %#llx)", call_desc, (unsigned long long)x);
		struct page_info y = pre.pg[v];
		y.view_table = t;
		y.view_index = i;
		CHECK(page_same(&pages[v], &y), "%s: assigns only pages[v].view_table/view_index",
		      call_desc);
	}
	return got;
}
