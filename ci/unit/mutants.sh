#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Mutation check of the unit tests (not part of `make check`): each mutant
# is a one-line sed edit of a *copy* of kernel/core in a temporary tree; the
# unit tests must fail on every one.  kernel/ itself is never touched.
# Run from the repository root:  bash ci/unit/mutants.sh
# ROUNDS=n (default 10) random batches per mutant; MATCH=regex runs only the
# mutants whose description matches (grep -E).
set -u
cd "$(dirname "$0")/../.." || exit 1

# file :: sed expression :: what it breaks
MUTANTS=(
"page.c :: s/if (p >= NPAGES)\$/if (p > NPAGES)/ :: page_boot_mark accepts p == NPAGES"
"page.c :: s/if (pages\[p\].type >= PG_USER)/if (pages[p].type == PG_USER)/ :: page_boot_mark re-marks an owned table page"
"page.c :: s/struct page_info none = { NO_OWNER, PG_NONE, NO_PAGE, 0, NO_PAGE, 0 };/struct page_info none = { NO_OWNER, PG_NONE, 0, 0, NO_PAGE, 0 };/ :: page_table_init leaves every page bound to page 0"
"env.c :: s/if (id < NENV || id >= (GEN_MAX + 1) \* NENV)/if (id < NENV || id > (GEN_MAX + 1) * NENV)/ :: env_lookup accepts id (GEN_MAX+1)*NENV"
"env.c :: s/envs\[e\].gen == GEN_MAX ? 1 :/envs[e].gen >= GEN_MAX + 1 ? 1 :/ :: generation does not wrap at GEN_MAX"
"env.c :: s/woken = parent;/woken = parent; envs[parent].status = ENV_WAITING;/ :: env_destroy leaves the parent waiting"
"env.c :: s/if (envs\[i\].parent == e)/if (envs[i].parent == e \&\& i != 0)/ :: env_destroy does not orphan the child in slot 0"
"env.c :: s/if (envs\[i\].parent == e)/if (envs[i].parent == e || i == 0)/ :: env_destroy orphans slot 0 too"
"env.c :: s/if (envs\[child\].parent != e)/if (envs[child].parent != e \&\& child != 0)/ :: env_wait lets anyone wait for slot 0"
"env.c :: s/if (parent != NO_ENV \&\&/if (envs[slot].status == ENV_FREE \&\& parent != NO_ENV \&\&/ :: env_create checks busy before a bad parent"
"env.c :: s/pages\[i\] = freed;/{ pages[i].owner = freed.owner; pages[i].type = freed.type; }/ :: env_destroy frees pages but leaves their bindings"
"env.c :: /^int32_t env_destroy/,/^}/{/envs\[e\].root = NO_PAGE;/d} :: env_destroy leaves the dead slot's root set"
"env.c :: /vm_kernel_slot = 0;/d :: core_init keeps the old kernel slot (core_init's ensures allow it; the model does not)"
"vm.c :: s|(kslot / 4) % 2 == 1|(kslot / 2) % 2 == 1| :: vm_init tests the W bit of the kernel slot instead of U"
"vm.c :: /ptmem\[p\].e\[PML4_INFO\] = vm_info_slot;/d :: vm_root_create leaves out the page-info slot"
"vm.c :: /^int vm_root_create/,/^}/{/page_zero(p);/d} :: vm_root_create does not zero the new root"
"vm.c :: /^int vm_root_create/,/^}/s/if (envs\[e\].root != NO_PAGE)/if (0)/ :: vm_root_create gives an env a second root"
"vm.c :: /^int sys_page_alloc/,/^}/{/page_zero(p);/d} :: sys_page_alloc does not zero the page"
"vm.c :: /^int sys_page_free/,/^}/s/if (pages\[p\].bind_table != NO_PAGE || cap_on_page(p))/if (cap_on_page(p))/ :: sys_page_free frees a mapped page"
"vm.c :: /^int sys_page_free/,/^}/{/if (pages\[p\].bind_table != NO_PAGE || cap_on_page(p))/{n;s/return E_BUSY;/{ pages[p].bind_index++; return E_BUSY; }/}} :: sys_page_free writes the binding although it fails with E_BUSY"
"vm.c :: s/(i == 0 || i >= PML4_INFO)/(i >= PML4_INFO)/ :: PML4 slot 0 (the kernel's) can be linked over"
"vm.c :: s/(i == 0 || i >= PML4_INFO)/(i == 0 || i > PML4_INFO)/ :: PML4 slot 255 (page-info window) can be linked over"
"vm.c :: /^int sys_pt_link/,/^}/s/i >= NPTE/i > NPTE/ :: sys_pt_link accepts index 512 (writes the next page)"
"vm.c :: s/pages\[c\].type = pages\[t\].type - 1;/pages[c].type = pages[t].type;/ :: sys_pt_link makes the child the same level as its parent"
"vm.c :: /^int sys_pt_link/,/^}/{/page_zero(c);/d} :: sys_pt_link does not zero the new table"
"vm.c :: /^int sys_pt_link/,/^}/s/if (pages\[c\].type != PG_FREE)/if (pages[c].type == PG_USER)/ :: sys_pt_link takes a table page as the new table"
"vm.c :: /^int sys_pt_link/,/^}/s/if (ptmem\[t\].e\[i\] != 0)/if (c < NPAGES \&\& ptmem[t].e[i] != 0)/ :: sys_pt_link checks c's range before the entry (error order)"
"vm.c :: /^int sys_pt_link/,/^}/{/if (pages\[c\].type == PG_NONE || pages\[c\].type == PG_KERNEL)/{n;s/return E_RESERVED;/{ ptmem[c].e[0] = 0; return E_RESERVED; }/}} :: sys_pt_link writes a kernel page although it fails with E_RESERVED"
"vm.c :: s/if (pages\[c\].view_table != NO_PAGE || !table_empty(c))/if (pages[c].view_table != NO_PAGE || (!table_empty(c) \&\& 0))/ :: sys_pt_unlink frees a table that still has entries"
"vm.c :: /^int sys_pt_unlink/,/^}/{/hw_tlb_flush();/d} :: sys_pt_unlink does not flush the TLB"
"vm.c :: /^int sys_pt_unmap/,/^}/{/hw_tlb_flush();/d} :: sys_pt_unmap does not flush the TLB"
"vm.c :: /^int sys_pt_prot/,/^}/{/hw_tlb_flush();/d} :: sys_pt_prot does not flush the TLB"
"vm.c :: /^int sys_pt_map/,/^}/s/perm > PERM_ALL/perm > PERM_ALL + 1/ :: sys_pt_map accepts perm 4"
"vm.c :: /^int sys_pt_map/,/^}/s/if (pages\[p\].owner != e || pages\[p\].type != PG_USER)/if (pages[p].type != PG_USER)/ :: sys_pt_map maps another env's data page"
"vm.c :: /^int sys_pt_map/,/^}/s/if (pages\[p\].bind_table != NO_PAGE)/if (0)/ :: sys_pt_map maps a page twice"
"vm.c :: /^int sys_pt_unmap/,/^}/s/pages\[p\].bind_table = NO_PAGE;/(void)p;/ :: sys_pt_unmap leaves the page bound"
"vm.c :: /^int sys_pt_prot/,/^}/s/pte_leaf(p, perm, tag)/pte_leaf(p, PERM_ALL, tag)/ :: sys_pt_prot ignores perm"
"vm.c :: /^int sys_pt_map(/,/^}/s/pte_leaf(p, perm, 0)/pte_leaf(p, perm | PERM_X, 0)/ :: sys_pt_map maps every page executable (sys_pt_map's ensures allow it; the model does not)"
"vm.c :: s/pages\[t\].type >= PG_PT1 \&\& pages\[t\].type <= PG_PT4/pages[t].type >= PG_USER \&\& pages[t].type <= PG_PT4/ :: a data page passes as a table"
"pte.c :: s/if (perm == 0 || perm == PERM_W)/if (perm == 0)/ :: a writable (not executable) page is mapped executable (sys_pt_map's ensures allow it; pte_leaf's do not)"
"pte.c :: s/return c \* 4096 + 7;/return c * 4096 + 5;/ :: links are read-only"
"pte.c :: s/+ p \* 4096 + 5;/+ p * 4096 + 1;/ :: leaf entries are supervisor-only"
"pte.c :: s/+ p \* 4096 + 5;/+ p * 4096 + 5 + 128;/ :: leaf entries set the large-page bit"
"sched.c :: s/sched.excess\[o\]--;/;/ :: sched_next skips an owed slice without paying the debt (a proof mutant that survived until sched_next got ensures debts)"
"revoke.c :: /^void rev_init/,/^}/{/rev.rq\[v\].requester = NO_ENV;/d} :: rev_init leaves the requester of the boot window as it was (a proof mutant that survived until rev_init got ensures boot_abi)"
"revoke.c :: /^void rev_init/,/^}/{/rev.rq\[v\].outcome = REV_DONE_NONE;/d} :: rev_init leaves the outcome of the boot window as it was"
"revoke.c :: s/if (pages\[c - 1\].owner == v \&\& pages\[c - 1\].type == PG_USER)/if (pages[c - 1].owner != v \&\& pages[c - 1].type == PG_USER)/ :: rev_step's count scan stops at the first page that is not the victim's, so a forced count never takes anything (a proof mutant that survived until rev_step got its progress clauses)"
"revoke.c :: /^uint32_t rev_force/,/^}/s/cap_kill_page(p);/{ }/ :: rev_force leaves the capabilities on the page in hand alive, so a shared page is held for ever"
"revoke.c :: /^uint32_t rev_force/,/^}/s/rev.rq\[v\].cursor - 1;/rev.rq[v].cursor;/ :: rev_force unbinds the page above the one in hand"
"syscall.c :: s/if (va < USER_BASE || va > USER_TOP)/if (va < USER_BASE || va >= USER_TOP)/ :: user_range_ok rejects the empty range at USER_TOP"
"syscall.c :: s/if (len > USER_TOP - va)/if (va + len > USER_TOP)/ :: user_range_ok wraps around 2^64"
"syscall.c :: s/if (a0 > 255)/if (a0 > 256)/ :: syscall_check accepts exit code 256"
"syscall.c :: /case SYS_ENV_ROOT:/d :: syscall_check says E_NOSYS for SYS_ENV_ROOT"
# --- capabilities, views, env_target (kernel/core/cap.c, vm.c, env.c) ---
"cap.c :: /^int cap_grant/,/^}/s/k >= NCAP/k > NCAP/ :: cap_grant accepts slot NCAP"
"cap.c :: /^int cap_grant/,/^}/s/if (k \/ CAP_PER_ENV != (uint64_t)e)/if (0)/ :: cap_grant writes into another env's slot range"
"cap.c :: /^int cap_grant/,/^}/s/if (caps\[k\].status != CAP_FREE)/if (caps[k].status == CAP_LIVE)/ :: cap_grant reuses a DEAD slot before the sweep frees it"
"cap.c :: /^int cap_grant/,/^}/s/if (pages\[p\].owner != e || pages\[p\].type != PG_USER)/if (pages[p].type != PG_USER)/ :: cap_grant shares another env's page"
"cap.c :: /^int cap_grant/,/^}/s/pages\[p\].type != PG_USER)/pages[p].type < PG_USER)/ :: cap_grant shares a page-table page"
"cap.c :: /^int cap_grant/,/^}/s/if (!live(h) || r > PERM_ALL)/if (r > PERM_ALL)/ :: cap_grant to a dead holder"
"cap.c :: /^int cap_grant/,/^}/s/r > PERM_ALL/r > PERM_ALL + 4/ :: cap_grant accepts rights 4..7"
"cap.c :: /^int cap_grant/,/^}/s/h, NO_CAP, p, NO_PAGE, 0 }/h, 0, p, NO_PAGE, 0 }/ :: cap_grant records slot 0 as the parent"
"cap.c :: s/if (r % 2 > qr % 2 || r \/ 2 > qr \/ 2)/if (r \/ 2 > qr \/ 2)/ :: cap_derive amplifies W"
"cap.c :: s/if (r % 2 > qr % 2 || r \/ 2 > qr \/ 2)/if (r % 2 > qr % 2)/ :: cap_derive amplifies X"
"cap.c :: s/if (caps\[q\].status != CAP_LIVE || caps\[q\].holder != e)/if (caps[q].status != CAP_LIVE)/ :: cap_derive from a cap e does not hold"
"cap.c :: s/if (caps\[q\].status != CAP_LIVE || caps\[q\].holder != e)/if (caps[q].holder != e)/ :: cap_derive from a DEAD cap"
"cap.c :: /^int cap_derive/,/^}/s/if (q >= NCAP)/if (q > NCAP)/ :: cap_derive reads cap NCAP"
"cap.c :: s/h, (int32_t)q, caps\[q\].page, NO_PAGE, 0 }/h, NO_CAP, caps[q].page, NO_PAGE, 0 }/ :: cap_derive forgets the parent (derived caps survive revocation)"
"cap.c :: s/if (pages\[caps\[k\].page\].owner != e \&\& caps\[k\].holder != e \&\&/if (0 \&\&/ :: cap_revoke lets anyone revoke"
"cap.c :: s/caps\[q\].status == CAP_LIVE \&\& caps\[q\].holder == e))/caps[q].holder == e))/ :: cap_revoke lets the holder of a DEAD parent revoke"
"cap.c :: s/if (pages\[caps\[k\].page\].owner != e \&\& caps\[k\].holder != e \&\&/if (pages[caps[k].page].owner != e \&\&/ :: cap_revoke refuses the holder"
"cap.c :: /^int cap_revoke/,/^}/{/hw_tlb_flush();/d} :: cap_revoke does not flush the TLB"
"cap.c :: /^int cap_revoke/,/^}/{s/^\t\tcap_kill(k);\$/\t\tcap_kill(k); hw_tlb_flush();/;/^\thw_tlb_flush();\$/d} :: cap_revoke flushes before the sweep only (the old sweep_tlb bug)"
"cap.c :: s/} else if (sweep.phase == SWEEP_IDLE) {/} else if (1) {/ :: cap_revoke cannot continue the sweep (E_NOENT)"
"cap.c :: s/return sweep.phase == SWEEP_IDLE ? E_OK : E_AGAIN;/return E_OK;/ :: cap_revoke says E_OK while the sweep runs"
"cap.c :: s/n < SWEEP_BUDGET \&\&/n <= SWEEP_BUDGET \&\&/ :: the sweep examines SWEEP_BUDGET + 1 slots per call"
"cap.c :: /^static void cap_kill/,/^}/{/ptmem\[t\].e\[caps\[k\].bind_index\] = 0;/d} :: revocation leaves the mapping in place"
"cap.c :: /^static void cap_kill/,/^}/{/caps\[k\].bind_table = NO_PAGE;/d} :: revocation leaves the cap bound"
"cap.c :: /^static void sweep_mark_again/,/^}/{/sweep.changed = 1;/d} :: revocation does not make the sweep mark again"
"cap.c :: /^static void sweep_mark_again/,/^}/s/(sweep.phase == SWEEP_IDLE || sweep.cursor == 0)/(sweep.phase == SWEEP_IDLE)/ :: a kill at cursor 0 asks for a re-pass it does not need (too slow, not wrong: the model notices)"
"cap.c :: /^static uint32_t sweep_skip/,/^}/s/caps\[caps\[j\].parent\].status == CAP_DEAD))/0))/ :: sweep_skip passes over doomed capabilities"
"cap.c :: /^static uint32_t sweep_skip/,/^}/s/while (j < end \&\& caps\[j\].status != CAP_DEAD)/while (j < end)/ :: sweep_skip passes over DEAD slots in the freeing pass"
"cap.c :: /^static uint32_t sweep_some/,/^}/s/sweep_skip(most - 1)/sweep_skip(most)/ :: the sweep examines more than SWEEP_BUDGET slots per call"
"cap.c :: s/caps\[caps\[j\].parent\].status == CAP_DEAD)/caps[caps[j].parent].status == CAP_FREE)/ :: the sweep's doomed test never holds"
"cap.c :: s/caps\[j\].parent != NO_CAP \&\&/caps[j].parent != 0 \&\&/ :: the sweep spares children of slot 0 (and reads caps[-1])"
"cap.c :: s/} else if (sweep.changed) {/} else if (0) {/ :: the sweep makes a single marking pass"
"cap.c :: /^static void sweep_step/,/^}/s/if (caps\[j\].status == CAP_DEAD) {/if (caps[j].status != CAP_FREE) {/ :: the freeing pass frees live caps"
"cap.c :: /^static void sweep_step/,/^}/{/sweep.phase = SWEEP_IDLE;/d} :: the sweep never goes idle"
"cap.c :: s/(caps\[i\].holder == e || pages\[caps\[i\].page\].owner == e)/(caps[i].holder == e)/ :: cap_kill_env spares the caps on e's pages"
"cap.c :: s/(caps\[i\].holder == e || pages\[caps\[i\].page\].owner == e)/(pages[caps[i].page].owner == e)/ :: cap_kill_env spares the caps e holds"
"cap.c :: /^void cap_kill_env/,/^}/{/hw_tlb_flush();/d} :: cap_kill_env does not flush the TLB"
"cap.c :: s/if (caps\[i\].status == CAP_LIVE \&\& caps\[i\].page == p)/if (caps[i].page == p)/ :: cap_on_page counts DEAD and FREE slots"
"cap.c :: /^int cap_on_page/,/^}/s/m < NCAP \/ 4;/m < NCAP \/ 4 - 1;/ :: cap_on_page misses the last four slots"
"cap.c :: /^void cap_table_init/,/^}/{/sweep.phase = SWEEP_IDLE;/d} :: cap_table_init leaves the sweep running"
"vm.c :: /^int sys_pt_map_cap/,/^}/s/if (perm % 2 > caps\[k\].rights % 2 || perm \/ 2 > caps\[k\].rights \/ 2)/if (0)/ :: sys_pt_map_cap ignores the cap's rights"
"vm.c :: /^int sys_pt_map_cap/,/^}/s/if (caps\[k\].status != CAP_LIVE || caps\[k\].holder != e)/if (caps[k].status != CAP_LIVE)/ :: sys_pt_map_cap maps another env's cap"
"vm.c :: /^int sys_pt_map_cap/,/^}/s/if (caps\[k\].status != CAP_LIVE || caps\[k\].holder != e)/if (caps[k].holder != e)/ :: sys_pt_map_cap maps a DEAD cap"
"vm.c :: /^int sys_pt_map_cap/,/^}/s/if (caps\[k\].bind_table != NO_PAGE)/if (0)/ :: sys_pt_map_cap maps a cap twice"
"vm.c :: /^int sys_pt_map_cap/,/^}/s/|| k >= NCAP)/|| k > NCAP)/ :: sys_pt_map_cap reads cap NCAP"
"vm.c :: s/pte_leaf(caps\[k\].page, perm, k + 1)/pte_leaf(caps[k].page, perm, k)/ :: sys_pt_map_cap tags the entry with k instead of k + 1"
"vm.c :: /^int sys_pt_map_cap/,/^}/{/if (ptmem\[t\].e\[i\] != 0)/{n;s/return E_BUSY;/return E_PERM;/}} :: sys_pt_map_cap says E_PERM for a used entry"
"vm.c :: /^int sys_pt_view/,/^}/s/if (!table_of(e, v))/if (pages[v].owner != e)/ :: sys_pt_view maps a data page"
"vm.c :: /^int sys_pt_view/,/^}/s/if (pages\[v\].view_table != NO_PAGE)/if (0)/ :: sys_pt_view gives a table two views"
"vm.c :: s/pte_leaf(v, 0, PTE_TAG_VIEW)/pte_leaf(v, PERM_W, PTE_TAG_VIEW)/ :: views are writable"
"vm.c :: s/pte_leaf(v, 0, PTE_TAG_VIEW)/pte_leaf(v, PERM_X, PTE_TAG_VIEW)/ :: views are executable"
"vm.c :: s/if (pages\[c\].view_table != NO_PAGE || !table_empty(c))/if (!table_empty(c))/ :: sys_pt_unlink frees a viewed table"
"vm.c :: s/if (pages\[p\].bind_table != NO_PAGE || cap_on_page(p))/if (pages[p].bind_table != NO_PAGE)/ :: sys_page_free frees a page a live cap names"
"vm.c :: /^int sys_pt_unmap/,/^}/{/caps\[tag - 1\].bind_table = NO_PAGE;/d} :: unmapping a cap mapping leaves the cap bound"
"vm.c :: /^int sys_pt_unmap/,/^}/{/pages\[p\].view_table = NO_PAGE;/d} :: unmapping a view leaves the table viewed"
"vm.c :: /^int sys_pt_unmap/,/^}/s/if (tag == 0) {/if (1) {/ :: sys_pt_unmap takes every entry for an own mapping"
"vm.c :: s/if (tag == PTE_TAG_VIEW \&\& perm != 0)/if (0)/ :: sys_pt_prot makes a view writable or executable"
"vm.c :: s/if (tag != 0 \&\& tag != PTE_TAG_VIEW \&\&/if (0 \&\&/ :: sys_pt_prot ignores the cap's rights"
"vm.c :: /^int sys_pt_prot/,/^}/s/pte_leaf(p, perm, tag)/pte_leaf(p, perm, 0)/ :: sys_pt_prot drops the tag"
"vm.c :: /^int sys_pt_map(/,/^}/s/pte_leaf(p, perm, 0)/pte_leaf(p, perm, 1)/ :: sys_pt_map tags an own mapping as one of cap 0"
"env.c :: s/if (envs\[slot\].parent != caller)/if (0)/ :: env_target accepts any live env"
"env.c :: s/if (id == TARGET_SELF)/if (id == TARGET_SELF \&\& caller != 0)/ :: env_target refuses TARGET_SELF for slot 0"
"env.c :: /cap_kill_env(e);/d :: env_destroy leaves the dead env's capabilities live"
"env.c :: /^void core_init/,/^}/{/cap_table_init();/d} :: core_init keeps the old capabilities"
"env.c :: s/struct page_info freed = { NO_OWNER, PG_FREE, NO_PAGE, 0, NO_PAGE, 0 };/struct page_info freed = { NO_OWNER, PG_FREE, NO_PAGE, 0, 0, 0 };/ :: env_destroy leaves freed tables viewed from page 0"
"pte.c :: s/uint64_t v = tag \* 0x10000000000000ull + p/uint64_t v = 0 * tag + p/ :: leaf entries carry no tag"
"pte.c :: s/uint64_t v = tag \* 0x10000000000000ull/uint64_t v = tag * 0x8000000000000ull/ :: tags start at bit 51 (into the address)"
"syscall.c :: s/a1 % 16 != 0/a1 % 8 != 0/ :: syscall_check accepts an 8-byte aligned exception stack"
"syscall.c :: s/if (!user_range_ok(a0, 1) || a1 < USER_BASE/if (a1 < USER_BASE/ :: syscall_check accepts any exception handler address"
"syscall.c :: s/!user_range_ok(a1 - EXC_FRAME_SIZE, EXC_FRAME_SIZE)/!user_range_ok(a1 - EXC_FRAME_SIZE, 0)/ :: syscall_check accepts an exception stack above USER_TOP"
"syscall.c :: /case SYS_ENV_CREATE:/,/return E_OK;/s/if (a0 >= NENV)/if (a0 > NENV)/ :: syscall_check accepts SYS_ENV_CREATE slot NENV"
"syscall.c :: s/user_range_ok(a1, UREGS_SIZE)/user_range_ok(a1, UREGS_SIZE - 8)/ :: syscall_check checks too short a struct uregs"
"syscall.c :: /case SYS_PT_VIEW:/d :: syscall_check says E_NOSYS for SYS_PT_VIEW"
)

ROUNDS=${ROUNDS:-10}
caught=0; missed=0
for m in "${MUTANTS[@]}"; do
	file=${m%% :: *}; rest=${m#* :: }
	expr=${rest% :: *}; what=${rest##* :: }
	if [ -n "${MATCH:-}" ] && ! echo "$file: $what" | grep -Eq -- "$MATCH"; then
		continue
	fi
	tree=$(mktemp -d "${TMPDIR:-/tmp}/mutant.XXXXXX")
	mkdir -p "$tree/kernel"
	cp -r kernel/core kernel/include "$tree/kernel/"
	cp -r spec "$tree/"
	sed -i "$expr" "$tree/kernel/core/$file"
	if cmp -s "kernel/core/$file" "$tree/kernel/core/$file"; then
		echo "MUTANT NOT APPLIED ($file: $what)"; missed=$((missed + 1))
		rm -rf "$tree"; continue
	fi
	if out=$(CORE_DIR="$tree/kernel/core" ROUNDS=$ROUNDS timeout 900 bash ci/unit/run.sh 2>&1); then
		echo "survived: $file: $what"; missed=$((missed + 1))
	elif echo "$out" | grep -q '^FAIL \[build\]'; then
		echo "MUTANT DOES NOT COMPILE ($file: $what)"; missed=$((missed + 1))
		echo "$out" | grep -m 3 'error' | sed 's/^/          /'
	else
		echo "caught:   $file: $what  [$(echo "$out" | tail -n 1)]"
		# the first failure, or the sanitizer report if the binary died first
		echo "$out" | grep -m 1 -E '^FAIL \[[a-z_]+\]|runtime error|ERROR: AddressSanitizer' |
			cut -c1-200 | sed 's/^/          /'
		caught=$((caught + 1))
	fi
	rm -rf "$tree"
done
echo "mutants: $caught caught, $missed survived"
[ "$missed" -eq 0 ]
