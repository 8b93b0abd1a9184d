#!/bin/bash
# SPDX-License-Identifier: MIT
# qemu-test.sh BUILD QEMU ARGS... -- the in-QEMU test suite, host side.
#
# Boots the test image (runner + every libos/tests program) and the run
# image, each under a timeout, and fails on a hang, a panic, a missing
# verdict or a wrong exit status.  Also boots the kernel with
# selftest=panic to check that a kernel fault dumps registers and stops
# QEMU with the panic status.  Closes with "qemu: N passed, N failed".
set -u
B=$1; shift
QEMU=("$@")
TIMEOUT=${QEMU_TIMEOUT:-120}
mkdir -p "$B/logs"
pass=0; fail=0

boot() {  # boot LOG IMAGE [extra qemu args] -> sets rc
	local log=$1 img=$2; shift 2
	timeout --foreground -k 5 "$TIMEOUT" "${QEMU[@]}" -kernel "$img" "$@" \
		</dev/null >"$log" 2>&1
	rc=$?
}
ok()  { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# 1. The test image: per-test verdicts from the runner inside the guest.
log=$B/logs/qemu-test.log
echo "qemu-test: booting the test image (timeout ${TIMEOUT}s, log $log)"
start=$(date +%s%N)
boot "$log" "$B/exo-test.elf32"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
tr -d '\r' <"$log" >"$log.txt"
grep -E '^(PASS|FAIL) |^\[kernel\] env .* killed' "$log.txt" | grep -v '(t_fuzz) killed'
line=$(grep -E '^tests: [0-9]+ passed, [0-9]+ failed$' "$log.txt" | tail -1)
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	bad "test image: hung (no exit after ${TIMEOUT}s)"
elif grep -q 'PANIC' "$log.txt"; then
	bad "test image: kernel panic"; sed -n '/PANIC/,$p' "$log.txt"
elif [ -z "$line" ]; then
	bad "test image: no closing verdict line (QEMU status $rc)"; tail -20 "$log.txt"
else
	gp=$(echo "$line" | sed -E 's/tests: ([0-9]+) passed.*/\1/')
	gf=$(echo "$line" | sed -E 's/.* ([0-9]+) failed/\1/')
	pass=$((pass + gp)); fail=$((fail + gf))
	nprog=$(ls libos/tests/t_*.c libos/tests/k_*.c | wc -l)
	[ $((gp + gf)) -eq "$nprog" ] && ok "every test program ran ($nprog)" \
		|| bad "ran $((gp + gf)) of $nprog test programs"
	# QEMU status 1 = root env exit 0 with exact page accounting.
	if [ "$gf" -eq 0 ]; then
		[ "$rc" -eq 1 ] && ok "test image exit status (QEMU 1), pages accounted exactly" \
			|| bad "test image: QEMU status $rc, expected 1"
	fi
	grep -q 'accounting exact' "$log.txt" && ok "no page leaked across $nprog envs" \
		|| bad "page accounting after the test run"
	# The in-guest fuzzer's figures, recorded in the repository for the
	# report of a fresh checkout (make audit): when, at which commit
	# (-dirty: the kernel or the libOS differed from it), its summary lines.
	# Only on request (RECORD=1), so that `make check` leaves a checkout
	# clean; the audit report also quotes this machine's last run from
	# build/logs/qemu-test.log.txt.
	fz=$(grep -E '^t_fuzz: .*(calls in|requests seen)' "$log.txt")
	if [ "${RECORD:-0}" = 1 ] && [ -n "$fz" ] && grep -qE '^PASS .*t_fuzz' "$log.txt"; then
		rev=$(git rev-parse --short=8 HEAD 2>/dev/null || echo unknown)
		git diff --quiet HEAD -- kernel libos 2>/dev/null || rev+=-dirty
		{ echo "$(date -u +%Y-%m-%dT%H:%MZ) commit $rev"; echo "$fz"; } \
			>proofs/audit/fuzz-guest.txt 2>/dev/null || true
	fi
	# The exception fast path (kernel/arch/x86_64/entry.S, exc_fast) hands
	# every case it cannot finish to the slow path, which reports why it
	# killed the env: with the env's own fault address (CR2, which a fault
	# of the fast path's own stores overwrites and must put back).
	for pat in '\(k_exc_nostack\) killed: #PF page fault, vector 14, .*addr=0x20000000000, err=0x6; exception stack not mapped writable$' \
		   '\(k_exc_rostack\) killed: #UD .*; exception stack not mapped writable$' \
		   '\(k_exc_halfstack\) killed: #UD .*; exception stack not mapped writable$' \
		   '\(k_exc_badhandler\) killed: #PF .*addr=0x9000000000, .*; exception stack overflow$' \
		   '\(k_exc_recurse\) killed: #PF .*; exception stack overflow$'; do
		grep -qE "$pat" "$log.txt" && ok "kill report /$pat/" || bad "no kill report /$pat/"
	done
fi
echo "qemu-test: test image took ${ms} ms"

# 2. The demo image (`make run DEMO=1`): the shell runs its scripted tour
# (libos/prog/tour) and halts: banner, memory line, and each demo's output.
log=$B/logs/qemu-run.log
boot "$log" "$B/exo-demo.elf32"
tr -d '\r' <"$log" >"$log.txt"
for pat in '^\[kernel\] exo: ' '^\[kernel\] memory: [0-9]+ KiB usable RAM' \
	   '\(sh\) starts in ring 3' \
	   "^hello from libOS program 'hello' in ring 3" '^hello: argv\[2\] = two$' \
	   '^primes: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47$' \
	   '^wc: 5 lines, 42 words, [0-9]+ bytes$' '^wc: 1 lines, 26 words, 79 bytes$' \
	   '^forktree: 7 envs, every check passed$' \
	   '^pingpong: 1000 round trips, 1000 answered right' \
	   '^appel: .*every check passed$' \
	   '^revdemo: cooperative: .*outcome cooperative, ring \+0.*intact: yes$' \
	   '^revdemo: forced: .*took 3 pages \(outcome forced\).*intact: yes$' \
	   '^dbdemo: db +policy: .*; contents intact$' '^dbdemo: default policy: .*; contents intact$' \
	   '^tour: done$' 'accounting exact'; do
	grep -qE "$pat" "$log.txt" && ok "make run DEMO=1 shows /$pat/" || bad "make run DEMO=1 lacks /$pat/"
done
if grep -qE 'exit status|killed by CPU exception|no such program|cannot start' "$log.txt"; then
	bad "a program of the tour failed; what each failing command printed:"
	# the lines since the prompt that started it, so that CI shows why
	awk '/^exo\$ /{blk=""} {blk=blk "  | " $0 "\n"}
	     /exit status|killed by|no such|cannot start/{printf "%s", blk; blk=""}' "$log.txt"
else
	ok "every program of the tour ended with status 0"
fi
db=$(sed -nE 's/^dbdemo: db +policy: .* total ([0-9]+);.*/\1/p' "$log.txt")
df=$(sed -nE 's/^dbdemo: default policy: .* total ([0-9]+);.*/\1/p' "$log.txt")
if [ -n "$db" ] && [ -n "$df" ] && [ "$db" -lt "$df" ]; then
	ok "dbdemo: the database's own replacement policy reads less from disk ($db) than the default ($df)"
else
	bad "dbdemo: own policy ${db:-?} disk reads, default ${df:-?}"
fi
[ "$rc" -eq 1 ] && ok "make run DEMO=1: QEMU exits by itself with success" \
	|| bad "make run DEMO=1: QEMU status $rc, expected 1"

# 2b. The interactive shell (`make run`), typed at through a pseudo-terminal.
echo "qemu-test: the interactive shell, driven through its serial console (ci/shell-test.py)"
SHELL_LOG=$B/logs/shell-test.log python3 ci/shell-test.py "$B/exo.elf32" "${QEMU[@]}" \
	>"$B/logs/shell-test.out" 2>&1
cat "$B/logs/shell-test.out"
line=$(grep -E '^shell: [0-9]+ passed, [0-9]+ failed$' "$B/logs/shell-test.out" | tail -1)
if [ -z "$line" ]; then
	bad "shell test: no result line"
else
	pass=$((pass + $(echo "$line" | sed -E 's/shell: ([0-9]+) passed.*/\1/')))
	fail=$((fail + $(echo "$line" | sed -E 's/.* ([0-9]+) failed/\1/')))
fi

# 3. A kernel fault: register dump and the panic status (5).
log=$B/logs/qemu-panic.log
boot "$log" "$B/exo.elf32" -append "selftest=panic"
tr -d '\r' <"$log" >"$log.txt"
if [ "$rc" -eq 5 ] && grep -q 'PANIC: exception in kernel mode' "$log.txt" &&
   grep -qE 'rip=0x[0-9a-f]{16} cs=0x8' "$log.txt" && grep -q 'rax=' "$log.txt"; then
	ok "kernel panic dumps registers and exits with status 5"
else
	bad "kernel panic path (QEMU status $rc)"; tail -12 "$log.txt"
fi

echo "qemu: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
