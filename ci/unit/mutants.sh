#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Mutation check of the unit tests (not part of `make check`): each mutant
# is a one-line sed edit of a *copy* of kernel/core in a temporary tree; the
# unit tests must fail on every one.  kernel/ itself is never touched.
# Run from the repository root:  bash ci/unit/mutants.sh
set -u
cd "$(dirname "$0")/../.." || exit 1

# file :: sed expression :: what it breaks
MUTANTS=(
"page.c :: s/if (p >= NPAGES)\$/if (p > NPAGES)/ :: page_boot_mark accepts p == NPAGES"
"page.c :: s/if (pages\[p\].type >= PG_USER)/if (pages[p].type == PG_USER)/ :: page_boot_mark re-marks an owned table page"
"page.c :: s/struct page_info none = { NO_OWNER, PG_NONE, NO_PAGE, 0 };/struct page_info none = { NO_OWNER, PG_NONE, 0, 0 };/ :: page_table_init leaves every page bound to page 0"
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
"vm.c :: /^int sys_page_free/,/^}/s/if (pages\[p\].bind_table != NO_PAGE)/if (0)/ :: sys_page_free frees a mapped page"
"vm.c :: /^int sys_page_free/,/^}/{/if (pages\[p\].bind_table != NO_PAGE)/{n;s/return E_BUSY;/{ pages[p].bind_index++; return E_BUSY; }/}} :: sys_page_free writes the binding although it fails with E_BUSY"
"vm.c :: s/(i == 0 || i >= PML4_INFO)/(i >= PML4_INFO)/ :: PML4 slot 0 (the kernel's) can be linked over"
"vm.c :: s/(i == 0 || i >= PML4_INFO)/(i == 0 || i > PML4_INFO)/ :: PML4 slot 255 (page-info window) can be linked over"
"vm.c :: /^int sys_pt_link/,/^}/s/i >= NPTE/i > NPTE/ :: sys_pt_link accepts index 512 (writes the next page)"
"vm.c :: s/pages\[c\].type = pages\[t\].type - 1;/pages[c].type = pages[t].type;/ :: sys_pt_link makes the child the same level as its parent"
"vm.c :: /^int sys_pt_link/,/^}/{/page_zero(c);/d} :: sys_pt_link does not zero the new table"
"vm.c :: /^int sys_pt_link/,/^}/s/if (pages\[c\].type != PG_FREE)/if (pages[c].type == PG_USER)/ :: sys_pt_link takes a table page as the new table"
"vm.c :: /^int sys_pt_link/,/^}/s/if (ptmem\[t\].e\[i\] != 0)/if (c < NPAGES \&\& ptmem[t].e[i] != 0)/ :: sys_pt_link checks c's range before the entry (error order)"
"vm.c :: /^int sys_pt_link/,/^}/{/if (pages\[c\].type == PG_NONE || pages\[c\].type == PG_KERNEL)/{n;s/return E_RESERVED;/{ ptmem[c].e[0] = 0; return E_RESERVED; }/}} :: sys_pt_link writes a kernel page although it fails with E_RESERVED"
"vm.c :: s/if (!table_empty(c))/if (!table_empty(c) \&\& 0)/ :: sys_pt_unlink frees a table that still has entries"
"vm.c :: /^int sys_pt_unlink/,/^}/{/hw_tlb_flush();/d} :: sys_pt_unlink does not flush the TLB"
"vm.c :: /^int sys_pt_unmap/,/^}/{/hw_tlb_flush();/d} :: sys_pt_unmap does not flush the TLB"
"vm.c :: /^int sys_pt_prot/,/^}/{/hw_tlb_flush();/d} :: sys_pt_prot does not flush the TLB"
"vm.c :: /^int sys_pt_map/,/^}/s/perm > PERM_ALL/perm > PERM_ALL + 1/ :: sys_pt_map accepts perm 4"
"vm.c :: /^int sys_pt_map/,/^}/s/if (pages\[p\].owner != e || pages\[p\].type != PG_USER)/if (pages[p].type != PG_USER)/ :: sys_pt_map maps another env's data page"
"vm.c :: /^int sys_pt_map/,/^}/s/if (pages\[p\].bind_table != NO_PAGE)/if (0)/ :: sys_pt_map maps a page twice"
"vm.c :: /^int sys_pt_unmap/,/^}/s/pages\[p\].bind_table = NO_PAGE;/(void)p;/ :: sys_pt_unmap leaves the page bound"
"vm.c :: /^int sys_pt_prot/,/^}/s/pte_leaf(p, perm)/pte_leaf(p, PERM_ALL)/ :: sys_pt_prot ignores perm"
"vm.c :: /^int sys_pt_map/,/^}/s/pte_leaf(p, perm)/pte_leaf(p, perm | PERM_X)/ :: sys_pt_map maps every page executable (sys_pt_map's ensures allow it; the model does not)"
"vm.c :: s/pages\[t\].type >= PG_PT1 \&\& pages\[t\].type <= PG_PT4/pages[t].type >= PG_USER \&\& pages[t].type <= PG_PT4/ :: a data page passes as a table"
"pte.c :: s/if (perm == 0 || perm == PERM_W)/if (perm == 0)/ :: a writable (not executable) page is mapped executable (sys_pt_map's ensures allow it; pte_leaf's do not)"
"pte.c :: s/return c \* 4096 + 7;/return c * 4096 + 5;/ :: links are read-only"
"pte.c :: s/uint64_t v = p \* 4096 + 5;/uint64_t v = p * 4096 + 1;/ :: leaf entries are supervisor-only"
"pte.c :: s/uint64_t v = p \* 4096 + 5;/uint64_t v = p * 4096 + 5 + 128;/ :: leaf entries set the large-page bit"
"syscall.c :: s/if (va < USER_BASE || va > USER_TOP)/if (va < USER_BASE || va >= USER_TOP)/ :: user_range_ok rejects the empty range at USER_TOP"
"syscall.c :: s/if (len > USER_TOP - va)/if (va + len > USER_TOP)/ :: user_range_ok wraps around 2^64"
"syscall.c :: s/if (a0 > 255)/if (a0 > 256)/ :: syscall_check accepts exit code 256"
"syscall.c :: /case SYS_ENV_ROOT:/d :: syscall_check says E_NOSYS for SYS_ENV_ROOT"
)

ROUNDS=${ROUNDS:-10}
caught=0; missed=0
for m in "${MUTANTS[@]}"; do
	file=${m%% :: *}; rest=${m#* :: }
	expr=${rest% :: *}; what=${rest##* :: }
	tree=$(mktemp -d "${TMPDIR:-/tmp}/mutant.XXXXXX")
	mkdir -p "$tree/kernel"
	cp -r kernel/core kernel/include "$tree/kernel/"
	cp -r spec "$tree/"
	sed -i "$expr" "$tree/kernel/core/$file"
	if cmp -s "kernel/core/$file" "$tree/kernel/core/$file"; then
		echo "MUTANT NOT APPLIED ($file: $what)"; missed=$((missed + 1))
		rm -rf "$tree"; continue
	fi
	if out=$(CORE_DIR="$tree/kernel/core" ROUNDS=$ROUNDS bash ci/unit/run.sh 2>&1); then
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
