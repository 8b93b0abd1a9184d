// SPDX-License-Identifier: MIT
/* Checked wrappers around the core entry points (see harness.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define MAX_FAIL_LINES 8

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
}

void snap_restore(const struct snapshot *s)
{
	memcpy(pages, s->pg, sizeof s->pg);
	memcpy(envs, s->ev, sizeof s->ev);
}

static void fmt_env(char *buf, size_t n, const struct env *v)
{
	snprintf(buf, n, "{status=%u gen=%d parent=%d wait_child=%d root=%llu}",
		 v->status, v->gen, v->parent, v->wait_child,
		 (unsigned long long)v->root);
}

int snap_same(const struct snapshot *s, char *buf, size_t n)
{
	for (long p = 0; p < NPAGES; p++) {
		if (pages[p].owner != s->pg[p].owner || pages[p].type != s->pg[p].type) {
			snprintf(buf, n, "pages[%ld] was {owner=%d type=%u}, now {owner=%d type=%u}",
				 p, s->pg[p].owner, s->pg[p].type,
				 pages[p].owner, pages[p].type);
			return 0;
		}
	}
	for (long e = 0; e < NENV; e++) {
		const struct env *a = &s->ev[e], *b = &envs[e];
		if (a->status != b->status || a->gen != b->gen || a->parent != b->parent ||
		    a->wait_child != b->wait_child || a->root != b->root) {
			char x[128], y[128];
			fmt_env(x, sizeof x, a);
			fmt_env(y, sizeof y, b);
			snprintf(buf, n, "envs[%ld] was %s, now %s", e, x, y);
			return 0;
		}
	}
	return 1;
}

int core_matches_model(char *buf, size_t n)
{
	for (long p = 0; p < NPAGES; p++) {
		if ((int64_t)pages[p].owner != M.pg_owner[p] ||
		    (int64_t)pages[p].type != M.pg_type[p]) {
			snprintf(buf, n, "pages[%ld] core {owner=%d type=%u}, model {owner=%d type=%u}",
				 p, pages[p].owner, pages[p].type,
				 M.pg_owner[p], M.pg_type[p]);
			return 0;
		}
	}
	for (long e = 0; e < NENV; e++) {
		const struct env *v = &envs[e];
		if ((int64_t)v->status != M.ev_status[e] || v->gen != M.ev_gen[e] ||
		    v->parent != M.ev_parent[e] || v->wait_child != M.ev_wait[e] ||
		    v->root != M.ev_root[e]) {
			char x[128];
			fmt_env(x, sizeof x, v);
			snprintf(buf, n, "envs[%ld] core %s, model {status=%u gen=%d parent=%d "
				 "wait_child=%d root=%llu}", e, x, M.ev_status[e], M.ev_gen[e],
				 M.ev_parent[e], M.ev_wait[e],
				 (unsigned long long)M.ev_root[e]);
			return 0;
		}
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

/* ---- outcome coverage ------------------------------------------------------ */

unsigned long cov[F_NFN][COV_NB];
const char *const cov_fn_name[F_NFN] = {
	"page_boot_mark", "page_claim", "page_release", "env_create", "env_set_root",
	"env_lookup", "env_wait", "env_destroy", "user_range_ok", "syscall_check",
};

static void cov_note(enum cov_fn f, long long result)
{
	unsigned b;
	if (result > 0)
		b = COV_POS;
	else if (result == 0)
		b = 0;
	else if (-result < E__COUNT)
		b = (unsigned)-result;
	else
		b = COV_POS;   /* not an error code: shows up as a model mismatch anyway */
	cov[f][b]++;
}

void cov_reset(void)
{
	memset(cov, 0, sizeof cov);
}

static const char *bucket_name(enum cov_fn f, unsigned b)
{
	if (f == F_DESTROY && b == (unsigned)-NO_ENV)
		return "NO_ENV";
	if (f == F_DESTROY && b == COV_POS)
		return "woke";
	if ((f == F_CREATE || f == F_LOOKUP) && b == COV_POS)
		return f == F_CREATE ? "id" : "slot";
	if (f == F_RANGE_OK)
		return b ? "1" : "0";
	static const char *const n[COV_NB] = { "ok", "INVAL", "NOSYS", "FAULT", "BUSY",
		"RANGE", "RESERVED", "PERM", "STALE", "NOENT", "NOMEM", ">0", "wrap" };
	return n[b];
}

void cov_print(void)
{
	for (int f = 0; f < F_NFN; f++) {
		char line[512];
		int len = snprintf(line, sizeof line, "  %-15s", cov_fn_name[f]);
		for (unsigned b = 0; b < COV_NB; b++)
			if (cov[f][b] && len < (int)sizeof line)
				len += snprintf(line + len, sizeof line - len, " %s=%lu",
						bucket_name(f, b), cov[f][b]);
		printf("%s\n", line);
	}
}

int cov_complete(void)
{
	/* the outcome buckets each contract's behaviors lead to */
	static const struct { enum cov_fn f; unsigned b; } need[] = {
		{ F_BOOT_MARK, 0 }, { F_BOOT_MARK, -E_RANGE }, { F_BOOT_MARK, -E_INVAL },
		{ F_BOOT_MARK, -E_BUSY },
		{ F_CLAIM, 0 }, { F_CLAIM, -E_INVAL }, { F_CLAIM, -E_RANGE },
		{ F_CLAIM, -E_RESERVED }, { F_CLAIM, -E_BUSY },
		{ F_RELEASE, 0 }, { F_RELEASE, -E_INVAL }, { F_RELEASE, -E_RANGE },
		{ F_RELEASE, -E_PERM }, { F_RELEASE, -E_BUSY },
		{ F_CREATE, COV_POS }, { F_CREATE, -E_INVAL }, { F_CREATE, -E_BUSY },
		{ F_SET_ROOT, 0 }, { F_SET_ROOT, -E_INVAL }, { F_SET_ROOT, -E_RANGE },
		{ F_SET_ROOT, -E_PERM }, { F_SET_ROOT, -E_BUSY },
		{ F_LOOKUP, COV_POS }, { F_LOOKUP, -E_INVAL }, { F_LOOKUP, -E_STALE },
		{ F_WAIT, 0 }, { F_WAIT, -E_INVAL }, { F_WAIT, -E_PERM },
		{ F_DESTROY, COV_POS }, { F_DESTROY, -NO_ENV },
		{ F_DESTROY, COV_WRAP },
		{ F_RANGE_OK, 0 }, { F_RANGE_OK, COV_POS },
		{ F_SYSCALL, 0 }, { F_SYSCALL, -E_INVAL }, { F_SYSCALL, -E_FAULT },
		{ F_SYSCALL, -E_NOSYS },
	};
	int ok = 1;
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!cov[need[i].f][need[i].b]) {
			failf("random calls never reached %s -> %s", cov_fn_name[need[i].f],
			      bucket_name(need[i].f, need[i].b));
			ok = 0;
		}
	return ok;
}

/* ---- the common post-call checks ----------------------------------------- */

static struct snapshot pre;   /* core state before the current call */
static char call_desc[256];

#define DESCRIBE(...) snprintf(call_desc, sizeof call_desc, __VA_ARGS__)

/* kind of call, for the "failing calls change nothing" check */
enum { MAY_CHANGE, PURE };

static void after_call(long long got, long long want, int failed, int pure)
{
	char buf[512];
	struct inv_report r;

	if (got != want)
		failf("%s returned %lld, model says %lld", call_desc, got, want);
	if (!core_matches_model(buf, sizeof buf))
		failf("%s (-> %lld): state differs from model: %s", call_desc, got, buf);
	if (!inv_check(&r)) {
		inv_describe(&r, buf, sizeof buf);
		failf("%s (-> %lld): %s", call_desc, got, buf);
	}
	if ((failed || pure) && !snap_same(&pre, buf, sizeof buf))
		failf("%s (-> %lld) %s but changed the state: %s", call_desc, got,
		      pure ? "assigns \\nothing" : "failed", buf);
}

/* ---- wrappers ------------------------------------------------------------- */

void c_core_init(void)
{
	DESCRIBE("core_init()");
	snap_take(&pre);
	m_core_init();
	core_init();
	after_call(0, 0, 0, MAY_CHANGE);
	for (long e = 0; e < NENV; e++)
		CHECK(envs[e].status == ENV_FREE, "core_init: envs[%ld] not free", e);
	for (long p = 0; p < NPAGES; p++)
		CHECK(pages[p].type == PG_NONE, "core_init: pages[%ld] not PG_NONE", p);
}

void c_page_table_init(void)
{
	DESCRIBE("page_table_init()");
	for (int e = 0; e < NENV; e++)
		if (m_live(e)) {
			failf("test bug: page_table_init with live env %d", e);
			return;
		}
	snap_take(&pre);
	m_page_table_init();
	page_table_init();
	after_call(0, 0, 0, MAY_CHANGE);
	/* assigns pages only */
	CHECK(memcmp(envs, pre.ev, sizeof envs) == 0, "page_table_init changed envs[]");
}

int c_page_boot_mark(ppn_t p, uint32_t type)
{
	DESCRIBE("page_boot_mark(p=%#llx, type=%u)", (unsigned long long)p, type);
	snap_take(&pre);
	int want = m_page_boot_mark(p, type);
	int got = page_boot_mark(p, type);
	cov_note(F_BOOT_MARK, got);
	after_call(got, want, got != E_OK, MAY_CHANGE);
	return got;
}

int c_page_claim(int32_t e, ppn_t p, uint32_t type)
{
	DESCRIBE("page_claim(e=%d, p=%#llx, type=%u)", e, (unsigned long long)p, type);
	snap_take(&pre);
	int want = m_page_claim(e, p, type);
	int got = page_claim(e, p, type);
	cov_note(F_CLAIM, got);
	after_call(got, want, got != E_OK, MAY_CHANGE);
	if (got == E_OK)   /* ensures OwnedBy(p, e) && pages[p].type == type */
		CHECK(p < NPAGES && pages[p].owner == e && pages[p].type == type,
		      "%s: ok but page not owned as requested", call_desc);
	return got;
}

int c_page_release(int32_t e, ppn_t p)
{
	DESCRIBE("page_release(e=%d, p=%#llx)", e, (unsigned long long)p);
	snap_take(&pre);
	int want = m_page_release(e, p);
	int got = page_release(e, p);
	cov_note(F_RELEASE, got);
	after_call(got, want, got != E_OK, MAY_CHANGE);
	if (got == E_OK)
		CHECK(p < NPAGES && pages[p].owner == NO_OWNER && pages[p].type == PG_FREE,
		      "%s: ok but page not free", call_desc);
	return got;
}

envid_t c_env_create(int32_t slot, int32_t parent)
{
	DESCRIBE("env_create(slot=%d, parent=%d)", slot, parent);
	snap_take(&pre);
	int32_t want = m_env_create(slot, parent);
	envid_t got = env_create(slot, parent);
	cov_note(F_CREATE, got);
	after_call(got, want, got < 0, MAY_CHANGE);
	if (got >= 0 && slot >= 0 && slot < NENV) {
		const struct env *v = &envs[slot];
		CHECK(v->status == ENV_RUNNABLE && v->parent == parent &&
		      v->root == NO_PAGE && v->gen == pre.ev[slot].gen &&
		      (int64_t)got == (int64_t)v->gen * NENV + slot && got >= NENV,
		      "%s -> %d: ensures of behavior ok violated", call_desc, got);
	}
	return got;
}

int c_env_set_root(int32_t e, ppn_t p)
{
	DESCRIBE("env_set_root(e=%d, p=%#llx)", e, (unsigned long long)p);
	snap_take(&pre);
	int want = m_env_set_root(e, p);
	int got = env_set_root(e, p);
	cov_note(F_SET_ROOT, got);
	after_call(got, want, got != E_OK, MAY_CHANGE);
	if (got == E_OK)
		CHECK(e >= 0 && e < NENV && envs[e].root == p,
		      "%s: ok but root not set", call_desc);
	return got;
}

int32_t c_env_lookup(envid_t id)
{
	DESCRIBE("env_lookup(id=%d)", id);
	snap_take(&pre);
	int32_t want = m_env_lookup(id);
	int32_t got = env_lookup(id);
	cov_note(F_LOOKUP, got >= 0 ? 1 : got);
	after_call(got, want, got < 0, PURE);
	if (got >= 0)
		CHECK(got < NENV && got == id % NENV && envs[got].status != ENV_FREE &&
		      (int64_t)envs[got].gen * NENV + got == id,
		      "%s -> %d: ensures of behavior ok violated", call_desc, got);
	return got;
}

int c_env_wait(int32_t e, int32_t child)
{
	DESCRIBE("env_wait(e=%d, child=%d)", e, child);
	snap_take(&pre);
	int want = m_env_wait(e, child);
	int got = env_wait(e, child);
	cov_note(F_WAIT, got);
	after_call(got, want, got != E_OK, MAY_CHANGE);
	if (got == E_OK)
		CHECK(e >= 0 && e < NENV && envs[e].status == ENV_WAITING &&
		      envs[e].wait_child == child,
		      "%s: ok but not waiting for child", call_desc);
	return got;
}

int32_t c_env_destroy(int32_t e)
{
	DESCRIBE("env_destroy(e=%d)", e);
	if (!m_live(e)) {
		failf("test bug: %s outside its contract (requires Live(e))", call_desc);
		return NO_ENV;
	}
	snap_take(&pre);
	int32_t want = m_env_destroy(e);
	int32_t got = env_destroy(e);
	cov_note(F_DESTROY, got >= 0 ? 1 : got);
	if (pre.ev[e].gen == GEN_MAX)
		cov[F_DESTROY][COV_WRAP]++;
	after_call(got, want, 0, MAY_CHANGE);

	/* The ensures clauses, checked against the snapshot directly. */
	CHECK(envs[e].status == ENV_FREE, "%s: ensures dead violated", call_desc);
	CHECK(envs[e].gen != pre.ev[e].gen, "%s: ensures new_gen violated", call_desc);
	for (long p = 0; p < NPAGES; p++) {
		if (pages[p].owner == e)
			failf("%s: ensures no_pages violated at page %ld", call_desc, p);
		if (pre.pg[p].owner == e && pages[p].type != PG_FREE)
			failf("%s: ensures freed violated at page %ld", call_desc, p);
		if (pre.pg[p].owner != e && (pages[p].owner != pre.pg[p].owner ||
					     pages[p].type != pre.pg[p].type))
			failf("%s: ensures others_pages violated at page %ld", call_desc, p);
	}
	for (long c = 0; c < NENV; c++) {
		if (envs[c].parent == e)
			failf("%s: ensures no_children violated at slot %ld", call_desc, c);
		if (c != e && (envs[c].status == ENV_FREE) != (pre.ev[c].status == ENV_FREE))
			failf("%s: ensures others_live violated at slot %ld", call_desc, c);
	}
	int32_t par = pre.ev[e].parent;
	int wakes = par >= 0 && par < NENV && pre.ev[par].status == ENV_WAITING &&
		    pre.ev[par].wait_child == e;
	if (wakes)
		CHECK(got == par && envs[par].status == ENV_RUNNABLE,
		      "%s -> %d: behavior wakes_parent violated (parent %d)", call_desc, got, par);
	else
		CHECK(got == NO_ENV, "%s -> %d: behavior nobody_waits violated", call_desc, got);
	return got;
}

int c_user_range_ok(uint64_t va, uint64_t len)
{
	DESCRIBE("user_range_ok(va=%#llx, len=%#llx)",
		 (unsigned long long)va, (unsigned long long)len);
	snap_take(&pre);
	int want = m_user_range_ok(va, len);
	int got = user_range_ok(va, len);
	cov_note(F_RANGE_OK, got);
	after_call(got, want, 0, PURE);
	CHECK(got == 0 || got == 1, "%s returned %d, not 0 or 1", call_desc, got);
	return got;
}

int c_syscall_check(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2)
{
	DESCRIBE("syscall_check(num=%#llx, a0=%#llx, a1=%#llx, a2=%#llx)",
		 (unsigned long long)num, (unsigned long long)a0,
		 (unsigned long long)a1, (unsigned long long)a2);
	snap_take(&pre);
	int want = m_syscall_check(num, a0, a1, a2);
	int got = syscall_check(num, a0, a1, a2);
	cov_note(F_SYSCALL, got);
	after_call(got, want, 0, PURE);
	return got;
}
