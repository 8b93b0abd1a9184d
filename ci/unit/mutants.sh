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
"page.c :: s/if (p >= NPAGES)\$/if (p > NPAGES)/ :: page_boot_mark/claim/release accept p == NPAGES"
"page.c :: s/if (envs\[e\].root == p)/if (0)/ :: page_release frees the root page table"
"page.c :: /!env_is_live(e) || (type != PG_USER/s/type != PG_USER \&\& type != PG_PT/type == PG_NONE/ :: page_claim accepts PG_FREE/PG_KERNEL types"
"page.c :: s/if (pages\[p\].type == PG_USER || pages\[p\].type == PG_PT)/if (pages[p].type == PG_USER)/ :: page_boot_mark re-marks an owned PT page"
"env.c :: s/if (id < NENV || id >= (GEN_MAX + 1) \* NENV)/if (id < NENV || id > (GEN_MAX + 1) * NENV)/ :: env_lookup accepts id (GEN_MAX+1)*NENV"
"env.c :: s/envs\[e\].gen == GEN_MAX ? 1 :/envs[e].gen >= GEN_MAX + 1 ? 1 :/ :: generation does not wrap at GEN_MAX"
"env.c :: s/woken = parent;/woken = parent; envs[parent].status = ENV_WAITING;/ :: env_destroy leaves the parent waiting"
"env.c :: s/if (envs\[i\].parent == e)/if (envs[i].parent == e \&\& i != 0)/ :: env_destroy does not orphan the child in slot 0"
"env.c :: s/if (envs\[i\].parent == e)/if (envs[i].parent == e || i == 0)/ :: env_destroy orphans slot 0 too (env_destroy's ensures allow it; the model does not)"
"env.c :: s/if (envs\[child\].parent != e)/if (envs[child].parent != e \&\& child != 0)/ :: env_wait lets anyone wait for slot 0"
"env.c :: /if (envs\[e\].root != NO_PAGE)/{n;s/return E_BUSY;/{ envs[e].root = p; return E_BUSY; }/} :: env_set_root changes the root although it fails with E_BUSY"
"env.c :: s/if (parent != NO_ENV \&\&/if (envs[slot].status == ENV_FREE \&\& parent != NO_ENV \&\&/ :: env_create checks busy before a bad parent"
"page.c :: s/if (pages\[p\].type == PG_NONE || pages\[p\].type == PG_KERNEL)/if (pages[p].type == PG_NONE)/ :: page_claim says E_BUSY for a kernel page"
"syscall.c :: s/if (va < USER_BASE || va > USER_TOP)/if (va < USER_BASE || va >= USER_TOP)/ :: user_range_ok rejects the empty range at USER_TOP"
"syscall.c :: s/if (len > USER_TOP - va)/if (va + len > USER_TOP)/ :: user_range_ok wraps around 2^64"
"syscall.c :: s/if (a0 > 255)/if (a0 > 256)/ :: syscall_check accepts exit code 256"
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
	else
		echo "caught:   $file: $what  [$(echo "$out" | tail -n 1)]"
		echo "$out" | grep -m 1 '^FAIL' | cut -c1-200 | sed 's/^/          /'
		caught=$((caught + 1))
	fi
	rm -rf "$tree"
done
echo "mutants: $caught caught, $missed survived"
[ "$missed" -eq 0 ]
