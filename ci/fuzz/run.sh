#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# libFuzzer harness of the verified core (see ci/fuzz/README.md).
#
#   bash ci/fuzz/run.sh            build, then fuzz for FUZZ_SECONDS
#   bash ci/fuzz/run.sh FILE...    build, then run each input once (reproduce)
#
# Environment:
#   FUZZ_SECONDS  how long to fuzz (default 600)
#   FUZZ_RUNS     stop after this many inputs instead (libFuzzer -runs)
#   FUZZ_CALLS    random calls per memory-core input (default 250, passed to
#                 the target); FUZZ_SCHED_STEPS (1500) and FUZZ_REV_CALLS
#                 (1500) likewise for scheduler+IPC and revocation inputs
#   FUZZ_SMOKE=1  start from the seeds only: a fresh corpus in
#                 $FUZZ_DIR/smoke-corpus instead of $FUZZ_DIR/corpus
#   FUZZ_DIR      binary, log, corpus and crash inputs (default build/fuzz)
#   FUZZ_FLAGS    more libFuzzer flags, e.g. "-seed=1"
#   KEEP_GOING=1  after a crash, fuzz on until the time is up (more crashes;
#                 libFuzzer's -fork=1 mode)
#   PROGRESS      seconds between progress lines (default 30)
#   CORE_DIR      directory of the core sources (default kernel/core), e.g. a
#                 mutated copy; it must sit in a tree with ../include and ../../spec.
# Last line of output, always exactly one:  fuzz: N passed, N failed
# (fuzzing: 1 passed when nothing was found, else 0 passed and one failure
# per crashing input; FILE mode: one test per file).
set -u
caller_dir=$PWD
cd "$(dirname "$0")/../.." || exit 1

CORE_DIR=${CORE_DIR:-kernel/core}
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZ_RUNS=${FUZZ_RUNS:-}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
PROGRESS=${PROGRESS:-30}
CC=${FUZZ_CC:-clang-14}

summary() { echo "fuzz: $1 passed, $2 failed"; }
fail_build() { echo "FAIL [build] $*"; summary 0 1; exit 1; }

for v in FUZZ_SECONDS PROGRESS ${FUZZ_RUNS:+FUZZ_RUNS}; do
	if ! [[ ${!v} =~ ^[0-9]+$ ]] || [ "${!v}" -eq 0 ]; then fail_build "bad $v=${!v}"; fi
done

# Inputs named on the command line, resolved before anything else.
files=()
for f in "$@"; do
	case $f in /*) ;; *) f=$caller_dir/$f ;; esac
	[ -f "$f" ] || fail_build "no such input file: $f"
	files+=("$f")
done

# ---- build ------------------------------------------------------------------

command -v "$CC" >/dev/null 2>&1 ||
	fail_build "$CC not found (bash ci/fuzz/install-deps.sh installs clang-14 and libclang-rt-14-dev)"
shopt -s nullglob
core_srcs=("$CORE_DIR"/*.c)
[ ${#core_srcs[@]} -gt 0 ] || fail_build "no sources in $CORE_DIR"
mkdir -p "$FUZZ_DIR" || fail_build "cannot create $FUZZ_DIR"
OBJ=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
fpid=
cleanup() {
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null
	rm -rf "$OBJ"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The core and the models get coverage instrumentation (the feedback: the
# core's branches and the models', i.e. which behavior of which contract):
# model.c, and test_sched.c and test_revoke.c, whose random loops compute
# the scheduler's and the revocation's expected results inline; the
# checkers (harness, Inv, the memory generator, the directed helpers such
# as boot_small) only the sanitizers.
CFLAGS=(-std=gnu11 -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
	-Wall -Wextra -Werror -I"$CORE_DIR" -Ici/unit
	-DFUZZ_CORE_DIR="\"$CORE_DIR\"")
SAN=-fsanitize=address,undefined
BIN=$FUZZ_DIR/fuzz_core
t0=$(date +%s)
objs=()
for src in "${core_srcs[@]}" ci/unit/model.c ci/unit/harness.c ci/unit/inv_check.c \
	   ci/unit/test_random.c ci/unit/test_directed.c ci/unit/test_sched.c \
	   ci/unit/test_revoke.c ci/fuzz/fuzz_core.c; do
	case $src in
	ci/unit/harness.c|ci/unit/inv_check.c|ci/unit/test_random.c|ci/unit/test_directed.c|ci/fuzz/*)
		san=$SAN ;;
	*) san=-fsanitize=fuzzer-no-link,address,undefined ;;
	esac
	o=$OBJ/$(echo "$src" | tr / _).o
	if ! nice "$CC" "${CFLAGS[@]}" "$san" -c "$src" -o "$o" 2>"$OBJ/cc.log"; then
		cat "$OBJ/cc.log"
		fail_build "compilation of $src failed"
	fi
	objs+=("$o")
done
if ! nice "$CC" -fsanitize=fuzzer,address,undefined "${objs[@]}" -o "$BIN" 2>"$OBJ/cc.log"; then
	cat "$OBJ/cc.log"
	fail_build "link failed"
fi
echo "fuzz: built $BIN from $CORE_DIR ($CC, -O1 -g, -fsanitize=fuzzer,address,undefined; $(( $(date +%s) - t0 )) s)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# the lines of a log that say what went wrong: the harness's FAIL lines
# (the abort's stack trace says nothing more), else the sanitizer's report
show_failure() {
	if grep -q '^FAIL \[' "$1"; then
		grep -E '^FAIL \[|Test unit written' "$1" | head -n 40
	elif grep -qE 'ERROR: |runtime error' "$1"; then
		awk '/ERROR: |runtime error/ { on = 1 } on' "$1" | grep -v '^Base64: ' | head -n 60
	else
		tail -n 30 "$1"
	fi
}

# ---- reproduce: each input once ----------------------------------------------

if [ ${#files[@]} -gt 0 ]; then
	p=0; f=0
	for in in "${files[@]}"; do
		log=$OBJ/run.log
		"$BIN" -timeout=300 "$in" >"$log" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && ! grep -q 'FAIL \[' "$log"; then
			echo "fuzz: $in: no failure"
			p=$((p + 1))
		else
			show_failure "$log"
			echo "FAIL [fuzz] $in (exit $rc)"
			f=$((f + 1))
		fi
	done
	summary "$p" "$f"
	[ "$f" -eq 0 ]
	exit
fi

# ---- fuzz --------------------------------------------------------------------

if [ "${FUZZ_SMOKE:-0}" = 1 ]; then
	CORPUS=$FUZZ_DIR/smoke-corpus
	rm -rf "$CORPUS"
else
	CORPUS=$FUZZ_DIR/corpus
fi
mkdir -p "$CORPUS"
LOG=$FUZZ_DIR/fuzz.log
STAMP=$FUZZ_DIR/.start
: >"$LOG"
touch "$STAMP"
seeds=()
[ -d ci/fuzz/seeds ] && seeds=(ci/fuzz/seeds)

# Inputs are a batch kind (first byte) and a byte string of choices: a
# memory-core batch of 250 calls reads about 5 KB of them (the boot about
# 1 KB), 1500 scheduler steps about 7.5 KB, 1500 revocation calls about
# 6 KB, so inputs may have 8 KB from the start.
ARGS=(-max_len=8192 -len_control=0 -timeout=120 -rss_limit_mb=4096
      -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/")
# libFuzzer's coverage report at exit (function by function, in the log):
# summed per source file below (not in fork mode, whose parent has none)
[ "${KEEP_GOING:-0}" = 1 ] || ARGS+=(-print_coverage=1)

artifacts() {
	find "$FUZZ_DIR" -maxdepth 1 -type f -newer "$STAMP" \
		\( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort
}
# "<execs> <cov> <ft> <corpus>" from the last status line of a libFuzzer log
status_of() {
	grep -aE '^#[0-9]+' "$1" | tail -n 1 |
		sed -nE 's/^#([0-9]+).*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 \2 \3 \4/p'
}

start=$(date +%s)
if [ -n "$FUZZ_RUNS" ]; then
	goal="of runs=$FUZZ_RUNS"; what="$FUZZ_RUNS inputs"; ARGS+=(-runs="$FUZZ_RUNS")
else
	goal="of $FUZZ_SECONDS s"; what="$FUZZ_SECONDS s"; ARGS+=(-max_total_time="$FUZZ_SECONDS")
fi
# KEEP_GOING: libFuzzer's fork mode, which fuzzes on in a new child process
# after each crash (a crashing seed or corpus input is merely skipped)
[ "${KEEP_GOING:-0}" = 1 ] && ARGS+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
echo "fuzz: fuzzing for $what, per input ${FUZZ_CALLS:-250} calls (memory core)," \
     "${FUZZ_SCHED_STEPS:-1500} steps (scheduler+IPC) or ${FUZZ_REV_CALLS:-1500} calls (revocation);" \
     "corpus $CORPUS${seeds:+ (seeds ci/fuzz/seeds)}, crash inputs to $FUZZ_DIR/, log $LOG"
# shellcheck disable=SC2086  # FUZZ_FLAGS: words on purpose
nice "$BIN" "${ARGS[@]}" $FUZZ_FLAGS "$CORPUS" "${seeds[@]}" >"$LOG" 2>&1 &
fpid=$!
last=$start; stopped=0
while kill -0 "$fpid" 2>/dev/null; do
	sleep 1
	now=$(date +%s)
	if [ $((now - last)) -ge "$PROGRESS" ]; then
		last=$now
		read -r n c f k <<<"$(status_of "$LOG")"
		t=$(sed -nE 's/^fuzz-target: status: ([0-9]+) inputs run$/\1/p' "$LOG" | tail -n 1)
		[ "${t:-0}" -gt "${n:-0}" ] && n=$t
		echo "fuzz: progress $((now - start)) s $goal: ${n:-0} inputs run," \
		     "cov ${c:-?}, ft ${f:-?}, corpus ${k:-?}, crashing inputs $(artifacts | wc -l)"
	fi
	# libFuzzer looks at the clock only after re-running the corpus it
	# starts from (a grown one takes minutes): stop it 60 s late
	if [ -z "$FUZZ_RUNS" ] && [ $((now - start)) -ge $((FUZZ_SECONDS + 60)) ] &&
	   [ "$stopped" = 0 ]; then
		echo "fuzz: still re-running the corpus after $((now - start)) s: interrupted" \
		     "(rm -r $CORPUS to start again from the seeds)"
		kill -INT "$fpid" 2>/dev/null
		stopped=1
	fi
done
wait "$fpid"
rc=$?
fpid=
[ "$stopped" = 1 ] && [ "$rc" -eq 72 ] && rc=0   # libFuzzer's exit code on SIGINT
secs=$(( $(date +%s) - start ))

n=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$LOG" | tail -n 1)
read -r n2 cov ft corp <<<"$(status_of "$LOG")"
execs=${n:-${n2:-0}}
behaviors=$(sed -nE 's/.* ([0-9]+ of [0-9]+) behaviors and scenarios reached.*/\1/p' "$LOG" | tail -n 1)
edges=$(sed -nE 's/^INFO: Loaded 1 modules +\(([0-9]+) inline 8-bit counters\).*/\1/p' "$LOG" | head -n 1)
mapfile -t found < <(artifacts)
abnormal=0
if [ "${KEEP_GOING:-0}" = 1 ]; then
	# fork mode keeps the children's output to itself: run each crash again
	for a in "${found[@]:0:10}"; do
		echo "fuzz: $a:"
		"$BIN" -timeout=300 "$a" >"$OBJ/run.log" 2>&1
		show_failure "$OBJ/run.log" | head -n 12
	done
elif [ ${#found[@]} -gt 0 ] || [ "$rc" -ne 0 ]; then
	show_failure "$LOG"
fi
if [ "$rc" -ne 0 ] && [ ${#found[@]} -eq 0 ]; then
	echo "FAIL [fuzz] libFuzzer exited with $rc without writing a crash input (log $LOG)"
	abnormal=1
fi
core_env=
[ "$CORE_DIR" = kernel/core ] || core_env="CORE_DIR=$CORE_DIR "
for a in "${found[@]}"; do
	echo "FAIL [fuzz] crashing input: $a  (reproduce: ${core_env}bash ci/fuzz/run.sh $a)"
done
# edges covered per source file, from libFuzzer's coverage report (it
# prints one at the end and after a crash, none when interrupted)
percore=$(printf '%s\n' "${core_srcs[@]##*/}")
byfile=$(grep -aE '^(UN)?COVERED_FUNC: hits: [0-9]+ edges: [0-9]+/[0-9]+ ' "$LOG" |
	awk -v core="$percore" '
	BEGIN { n = split(core, c, "\n"); for (i = 1; i <= n; i++) iscore[c[i]] = 1 }
	{ split($5, e, "/"); f = $NF; sub(/:[0-9]+$/, "", f); sub(/.*\//, "", f)
	  if (f !~ /\.c$/) next
	  if (!(f in tot)) order[++m] = f
	  got[f] += e[1]; tot[f] += e[2] }
	END {
	  out = ""
	  for (pass = 1; pass <= 2; pass++)
	    for (i = 1; i <= m; i++) {
	      f = order[i]
	      if ((pass == 1) != (f in iscore)) continue
	      out = out (out == "" ? "" : ", ") f " " got[f] "/" tot[f]
	    }
	  print out
	}')
[ -n "$byfile" ] && echo "fuzz: edges covered by file (core, then models and tests): $byfile"
rate=$(awk -v n="$execs" -v s="$secs" 'BEGIN { printf "%.1f", (s > 0 ? n / s : n) }')
covtext="cov ${cov:-0} of ${edges:-?} edges (core and models)"
# fork mode's "cov" counts something else (more than there are edges)
[ "${KEEP_GOING:-0}" = 1 ] && covtext="cov ? (fork mode)"
sumline="fuzz-summary: $execs inputs in $secs s ($rate exec/s), $covtext, ft ${ft:-0},"
sumline+=" corpus ${corp:-0} inputs, behaviors reached ${behaviors:-?}, ${#found[@]} distinct crashing inputs"
echo "$sumline"
# for make audit: the last run's figures, with when and on what
[ "${CORE_DIR:-kernel/core}" = kernel/core ] &&
	echo "$(date -u +%Y-%m-%dT%H:%MZ) $([ "${FUZZ_SMOKE:-0}" = 1 ] && echo smoke || echo long) $sumline" \
		>"$FUZZ_DIR/last-summary.txt" 2>/dev/null || true
# A long run of the real core is also recorded in the repository
# (proofs/audit/fuzz-host.txt, committed), so that the report of a fresh
# checkout quotes it: when, at which commit (-dirty: kernel/core or ci/
# differed from it), how long, and the figures.
if [ "${CORE_DIR:-kernel/core}" = kernel/core ] && [ "${FUZZ_SMOKE:-0}" != 1 ] &&
   [ -z "$FUZZ_RUNS" ] && [ "${KEEP_GOING:-0}" != 1 ]; then
	rev=$(git rev-parse --short=8 HEAD 2>/dev/null || echo unknown)
	git diff --quiet HEAD -- kernel/core ci 2>/dev/null || rev+=-dirty
	echo "$(date -u +%Y-%m-%dT%H:%MZ) commit $rev FUZZ_SECONDS=$FUZZ_SECONDS $sumline" \
		>proofs/audit/fuzz-host.txt 2>/dev/null || true
fi
nf=$(( ${#found[@]} + abnormal ))
if [ "$nf" -eq 0 ]; then
	summary 1 0
else
	summary 0 "$nf"
	exit 1
fi
