#!/bin/bash
# SPDX-License-Identifier: MIT
# check.sh -- the whole test suite behind `make check`:
#   1. host unit tests of kernel/core against a reference model (sanitizers),
#      and a short libFuzzer run of the same checks (ci/fuzz)
#   2. in-QEMU tests (hostile libOS programs, run image, panic path)
#   3. the Frama-C WP proof check of kernel/core
#   4. tests of the assurance report (make audit) on the results of 3,
#      with each kind of bad evidence planted in a scratch copy
# Each suite ends with "<name>: N passed, N failed"; this script sums them
# and closes with one "N passed, N failed" line.  Exit status is non-zero
# if anything failed or a suite did not report.
set -u
cd "$(dirname "$0")/.."
total_p=0; total_f=0; status=0
t0=$(date +%s)

suite() {  # suite NAME COMMAND...
	local name=$1; shift
	local log=build/logs/check-$name.log
	mkdir -p build/logs
	echo "== $name: $*"
	local s=$(date +%s)
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local line
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "== $name: no result line (exit $rc): counted as 1 failure"
		total_f=$((total_f + 1)); status=1
		return
	fi
	local p f
	p=$(echo "$line" | sed -E 's/^[a-z-]+: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	total_p=$((total_p + p)); total_f=$((total_f + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "== $name: exited $rc with no failed test: counted as 1 failure"
		total_f=$((total_f + 1))
	fi
	[ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || status=1
	echo "== $name: $p passed, $f failed ($(( $(date +%s) - s )) s)"
}

suite unit bash ci/unit/run.sh
suite fuzz make --no-print-directory fuzz-smoke
suite build bash -c 'if make --no-print-directory all; then
	echo "build: 1 passed, 0 failed"; else echo "build: 0 passed, 1 failed"; exit 1; fi'
suite qemu make --no-print-directory qemu-test
suite bench-smoke make --no-print-directory bench-smoke
suite proofs bash proofs/wp-check.sh
suite audit bash ci/audit-test.sh

echo "== make check took $(( $(date +%s) - t0 )) s"
echo "$total_p passed, $total_f failed"
exit $status
