// SPDX-License-Identifier: MIT
/*
 * In-QEMU test runner (root env of the test image).  Runs every other boot
 * module as a child in slot 1, compares how it ended with what the table
 * below expects, prints a verdict per test and closes with
 * "tests: N passed, N failed".  Tests named t_* must exit 0 (they count
 * their own failed checks); k_* tests must be killed by the kernel with the
 * CPU exception listed here.
 */
#include "../lib/lib.h"

static const struct { const char *name; long status; } expected[] = {
	{ "t_exit7",    7 },
	{ "k_null",     STATUS_KILLED + 14 },
	{ "k_kaddr",    STATUS_KILLED + 14 },
	{ "k_wtext",    STATUS_KILLED + 14 },
	{ "k_nx",       STATUS_KILLED + 14 },
	{ "k_ud2",      STATUS_KILLED + 6 },
	{ "k_div0",     STATUS_KILLED + 0 },
	{ "k_int3",     STATUS_KILLED + 3 },
	{ "k_cli",      STATUS_KILLED + 13 },
	{ "k_hlt",      STATUS_KILLED + 13 },
	{ "k_cr3",      STATUS_KILLED + 13 },
	{ "k_inb",      STATUS_KILLED + 13 },
	{ "k_int80",    STATUS_KILLED + 13 },
	{ "k_noncanon", STATUS_KILLED + 13 },
	{ "k_badstack", STATUS_KILLED + 14 },
	{ "k_prot",     STATUS_KILLED + 14 },
	{ "k_unmap",    STATUS_KILLED + 14 },
	{ "k_infowrite", STATUS_KILLED + 14 },
	{ "k_exc_nostack", STATUS_KILLED + 14 },
	{ "k_exc_recurse", STATUS_KILLED + 14 },
	{ "k_exc_badhandler", STATUS_KILLED + 14 },
	{ "k_exc_rostack", STATUS_KILLED + 6 },
	{ "k_exc_removed", STATUS_KILLED + 6 },
	{ "k_exc_halfstack", STATUS_KILLED + 6 },
};

static long expect(const char *name)
{
	for (unsigned i = 0; i < sizeof expected / sizeof expected[0]; i++)
		if (strcmp(expected[i].name, name) == 0)
			return expected[i].status;
	if (strncmp(name, "t_", 2) == 0)
		return 0;
	return -1000;   /* a k_ test nobody described: fail it */
}

static void describe(char *out, long st)
{
	/* small formatter for the verdict line */
	if (st >= STATUS_KILLED)
		printf("killed by vector %ld", st - STATUS_KILLED);
	else if (st >= 0)
		printf("exit %ld", st);
	else
		printf("error %ld", st);
	(void)out;
}

int main(long envid)
{
	char name[MOD_NAME_MAX];
	int passed = 0, failed = 0;

	printf("runner: env 0x%lx running the in-QEMU test suite\n", envid);
	for (unsigned long mod = 1;; mod++) {
		long n = sys_mod_name(mod, name, sizeof name);
		if (n == E_NOENT)
			break;
		if (n < 0) {
			printf("FAIL module %lu: sys_mod_name returned %ld\n", mod, n);
			failed++;
			continue;
		}
		long want = expect(name);
		printf("[test] %s\n", name);
		/* a test named t_rev* is a resource manager: it gets our
		 * revocation capability (uapi/revoke.h); so does t_fuzz, whose
		 * children ask for revocations within their own subtree */
		long st = sys_call3(SYS_MOD_RUN, 1, mod,
				    strncmp(name, "t_rev", 5) == 0 || strcmp(name, "t_fuzz") == 0);
		int ok = st == want;
		printf("%s %s: ", ok ? "PASS" : "FAIL", name);
		describe(0, st);
		if (!ok) {
			printf(", expected ");
			describe(0, want);
		}
		printf("\n");
		ok ? passed++ : failed++;
	}
	printf("tests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
