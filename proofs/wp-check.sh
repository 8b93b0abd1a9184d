#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# proofs/wp-check.sh -- the proof gate of the verified core (`make proofs`).
#
#   bash proofs/wp-check.sh                       # every kernel/core/*.c
#   bash proofs/wp-check.sh kernel/core/env.c     # only these files
#   FCT=env_destroy bash proofs/wp-check.sh kernel/core/env.c
#
# Steps: tool check, project-local Why3 config, banned-construct scan,
# parse-only Frama-C run, then Frama-C/WP on every file (JOBS files at a
# time): z3 with a short limit first, cvc5 on the goals z3 left, z3 with a
# longer limit on what is still open, smoke tests on, then z3 once more
# with a longer limit still on any *lemma* left open.  The verdict
# is read from the WP JSON reports, never from frama-c's exit status alone.
# The last line printed is always `proofs: N passed, M failed` (N, M count
# functions); it reads `0 passed, 1 failed` when the gate stops before WP.
# Exit status: 0 when every goal is proved and no smoke test failed.
#
# Environment (see proofs/README.md):
#   FCT=f1,f2   only these functions (the files defining them, or the
#               files given)
#   SMOKE=0     skip the smoke tests (quick iteration; the gate runs them)
#   JOBS=n      frama-c processes run at once (default 2)
#   WP_PAR=n    prover processes per frama-c (default 2)
#   WP_CACHE=0  no WP cache: every goal goes to the provers (a cold run)
#   WP_CACHE_DIR=d  the WP cache (default: proofs/wp-cache, committed, in
#               update mode: a goal found there with a proof is replayed,
#               any other goal goes to the provers and is added)
#
# A full run (no file argument, no FCT, smoke tests on) writes the committed
# results to proofs/results/; any other run writes to build/proofs/results/.

set -u -o pipefail

# ---------------------------------------------------------------- settings
# Every limit is CPU time, enforced by Why3 (the provers get no limit of
# their own; see make_why3_config): a verdict does not depend on the load.
WP_TIMEOUT=10                 # seconds per goal, first z3 pass (z3's slowest proof here: under 10 s)
CVC5_TIMEOUT=60               # seconds per goal, cvc5 pass (the goals z3 left)
Z3_LONG_TIMEOUT=30            # seconds per goal, last z3 pass (what cvc5 left)
LEMMA_TIMEOUT=120             # seconds, z3 on a lemma both passes left (see rescue_lemmas)
MEMLIMIT=2000                 # MB per prover process (Why3's default, 1000, made z3 fail on lemma_frame_own)
JOBS=${JOBS:-2}
WP_PAR=${WP_PAR:-2}
SMOKE=${SMOKE:-1}
WP_CACHE=${WP_CACHE:-1}
FCT=${FCT:-}

say()  { printf '[wp-check] %s\n' "$*"; }
warn() { printf '[wp-check] %s\n' "$*" >&2; }
# Stop before WP: explain, then the closing line make check reads.
stop() {
	warn "FAILED: $*"
	echo "proofs: 0 passed, 1 failed"
	exit 1
}

# Resolve file arguments against the caller's directory, then work from the
# repository root (the parent of this script's directory).
args=()
for a in "$@"; do
	case $a in
	-h|--help) awk 'NR > 3 && /^#/ {sub(/^# ?/, ""); print; next} NR > 3 {exit}' \
			"${BASH_SOURCE[0]}"; exit 0 ;;
	-*) stop "unknown option '$a' (usage: bash proofs/wp-check.sh [FILE.c ...])" ;;
	*.c) ;;
	*) stop "not a C file: $a" ;;
	esac
	[ -f "$a" ] || stop "no such file: $a"
	args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")")
done
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
rel() { case $1 in "$ROOT"/*) printf '%s' "${1#"$ROOT"/}" ;; *) printf '%s' "$1" ;; esac; }

case $JOBS in ''|*[!0-9]*|0) stop "JOBS must be a positive integer" ;; esac
case $WP_PAR in ''|*[!0-9]*|0) stop "WP_PAR must be a positive integer" ;; esac
case $SMOKE in 0|1) ;; *) stop "SMOKE must be 0 or 1" ;; esac
case $WP_CACHE in 0|1) ;; *) stop "WP_CACHE must be 0 or 1" ;; esac

# ------------------------------------------------------------------- tools
missing=()
for t in frama-c why3 z3 jq perl setsid flock; do
	command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
[ ${#missing[@]} -eq 0 ] ||
	stop "missing tool(s): ${missing[*]} -- install them with: bash ci/install-deps.sh"
HAVE_CVC5=1
command -v cvc5 >/dev/null 2>&1 || HAVE_CVC5=0

v_framac=$(frama-c -print-version 2>/dev/null | head -n1)
v_why3=$(why3 --version 2>/dev/null | awk '{print $NF; exit}')
v_z3=$(z3 --version 2>/dev/null | awk '{print $3; exit}')
v_cvc5=absent
[ $HAVE_CVC5 -eq 1 ] && v_cvc5=$(cvc5 --version 2>/dev/null | awk 'NR == 1 {print $NF}')
[ -n "$v_framac" ] || stop "frama-c does not run (frama-c -print-version failed)"

BUILD=$ROOT/build/proofs
RUN=$BUILD/run
mkdir -p "$BUILD" || stop "cannot create $BUILD"
# One run at a time per tree: a second one waits (they share build/proofs).
exec 9>"$BUILD/lock"
if ! flock -n 9; then
	say "another wp-check run holds $(rel "$BUILD/lock"); waiting"
	flock 9
fi
rm -rf "$RUN"
mkdir -p "$RUN"
CACHE_DIR=${WP_CACHE_DIR:-$ROOT/proofs/wp-cache}
[ "$WP_CACHE" = 1 ] && mkdir -p "$CACHE_DIR"

# ------------------------------------------------------ Why3 configuration
# Why3 1.5.1 detects z3 and cvc4 but not cvc5: add it by hand, with the
# CVC4 driver; cvc5 rejects the driver's ALL_SUPPORTED logic, hence
# --force-logic=ALL.  Written to a temporary name and renamed, so that a
# concurrent run never reads half a file.
WHY3CONFIG=$BUILD/why3.conf
export WHY3CONFIG
make_why3_config() {
	local tmp=$BUILD/why3.conf.$$ cvc5
	rm -f "$tmp"
	WHY3CONFIG=$tmp why3 config detect >"$BUILD/why3-detect.log" 2>&1 || return 1
	# Memory per prover: z3 needs about 1 GB on lemma_frame_own (vm.c) and
	# fails at Why3's default limit of 1000 MB; four provers at 2000 MB
	# fit the machine (24 GiB).
	sed -i "s/^memlimit = .*/memlimit = $MEMLIMIT/" "$tmp" || return 1
	# z3 by hand too, without its own -T:%t limit: z3 4.8.12 answers
	# "timeout" when that limit fires, which the Why3 driver does not know
	# and reports as a failure; WP's cache then keeps a failure with no
	# time, and never asks z3 again with a longer limit.  Without -T, Why3
	# stops z3 at the CPU-time limit and reports a timeout, which the
	# cache keeps with its limit.  The same for cvc5 (no --tlimit).
	perl -0777 -i -pe 's/\[partial_prover\]\nname = "Z3"\n(?:[a-z_]+ = [^\n]*\n)*//' "$tmp" ||
		return 1
	local z3
	z3=$(command -v z3)
	cat >>"$tmp" <<-EOF

	[prover]
	command = "$z3 -smt2 sat.random_seed=42 nlsat.randomize=false smt.random_seed=42 -st %f"
	command_steps = "$z3 -smt2 sat.random_seed=42 nlsat.randomize=false smt.random_seed=42 -st rlimit=%S %f"
	driver = "z3_471"
	name = "Z3"
	shortcut = "z3"
	version = "$v_z3"
	EOF
	if [ $HAVE_CVC5 -eq 1 ]; then
		cvc5=$(command -v cvc5)
		cat >>"$tmp" <<-EOF

		[prover]
		command = "$cvc5 --force-logic=ALL --lang=smt2 %f"
		command_steps = "$cvc5 --force-logic=ALL --rlimit=%S --lang=smt2 %f"
		driver = "cvc4_17"
		name = "CVC5"
		shortcut = "cvc5"
		version = "$v_cvc5"
		EOF
	fi
	mv -f "$tmp" "$WHY3CONFIG"
}
make_why3_config || stop "why3 config detect failed (see $BUILD/why3-detect.log)"
[ $HAVE_CVC5 -eq 1 ] ||
	warn "cvc5 not found: no fallback pass (install it with: bash ci/install-deps.sh)"

# ------------------------------------------------------------------- files
if [ ${#args[@]} -gt 0 ]; then
	files=("${args[@]}")
else
	shopt -s nullglob
	files=("$ROOT"/kernel/core/*.c)
	shopt -u nullglob
	[ ${#files[@]} -gt 0 ] || stop "no kernel/core/*.c file found"
fi

# Each file's reports are named after its base name: two files with the
# same base name cannot be checked in one run.
declare -A seen=()
for f in "${files[@]}"; do
	b=$(basename "$f" .c)
	[ "$b" != summary ] || stop "a file named summary.c would overwrite results/summary.json"
	[ -z "${seen[$b]:-}" ] || stop "two files named $b.c: check them in separate runs"
	seen[$b]=1
done

FULL=0
[ ${#args[@]} -eq 0 ] && [ -z "$FCT" ] && [ "$SMOKE" = 1 ] && FULL=1
if [ $FULL -eq 1 ]; then RESULTS=$ROOT/proofs/results; else RESULTS=$BUILD/results; fi

# With FCT, keep only the files that define one of the named functions
# (a name unknown to a file makes WP abort on that file).
declare -A fct_of=()
if [ -n "$FCT" ]; then
	case $FCT in *[!A-Za-z0-9_,]*) stop "FCT must be a comma-separated list of function names" ;; esac
	kept=()
	declare -A found=()
	for f in "${files[@]}"; do
		mine=()
		IFS=, read -r -a names <<<"$FCT"
		for n in "${names[@]}"; do
			[ -n "$n" ] || continue
			# A definition: a type at the line's start (indented for a
			# ghost function), the name then '(', no ';' after.
			if grep -Eq "^[[:space:]]*[A-Za-z_][A-Za-z0-9_ *]*[^A-Za-z0-9_]$n[[:space:]]*\\([^;]*\$" "$f"; then
				mine+=("$n"); found[$n]=1
			fi
		done
		if [ ${#mine[@]} -gt 0 ]; then
			kept+=("$f")
			fct_of[$f]=$(IFS=,; printf '%s' "${mine[*]}")
		fi
	done
	IFS=, read -r -a names <<<"$FCT"
	for n in "${names[@]}"; do
		[ -z "$n" ] || [ -n "${found[$n]:-}" ] || stop "FCT: no definition of '$n' in the selected files"
	done
	files=("${kept[@]}")
fi

# ------------------------------------------------- banned-construct scan
# Rules for the verified core (Frama-C models none of these soundly, or the
# core must not need them).  Comments, ACSL annotations and string/char
# literals are blanked first, keeping line numbers, so prose never trips a
# rule.  Recursion, function pointers and VLAs are not checked here.
scan_files=("${files[@]}")
shopt -s nullglob
scan_files+=("$ROOT"/kernel/core/*.h)
shopt -u nullglob
say "scan: banned constructs in ${#scan_files[@]} file(s)"
violations=$(
	for f in "${scan_files[@]}"; do
		perl -0777 -ne '
			my $src = $_;
			# Blank comments and literals, keeping the newlines.
			$src =~ s{(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27)}
			         { (my $m = $1) =~ s/[^\n]/ /g; $m }gse;
			my @rules = (
				[ qr/\b(?:asm|__asm|__asm__)\b/,
				  "inline assembly (keep asm out of kernel/core; expose a prototype with a contract)" ],
				[ qr/\b__builtin_\w*/,      "compiler builtin (__builtin_*)" ],
				[ qr/\bunion\b/,            "union (type punning defeats the Typed memory model)" ],
				[ qr/\b(?:malloc|calloc|realloc|free|alloca)\s*\(/,
				  "dynamic allocation (the core uses fixed tables)" ],
				[ qr/\bgoto\b/,             "goto" ],
				[ qr/\b(?:setjmp|longjmp)\b/, "setjmp/longjmp" ],
			);
			my $n = 0;
			for my $line (split /\n/, $src, -1) {
				$n++;
				for my $r (@rules) {
					print "$ARGV:$n: $r->[1]\n" if $line =~ $r->[0];
				}
			}' "$f"
	done
)
if [ -n "$violations" ]; then
	while IFS= read -r v; do warn "  $(rel "${v%%:*}"):${v#*:}"; done <<<"$violations"
	stop "banned construct(s) in the verified core (list above)"
fi

# ------------------------------------------------------------ parse check
# All files in one frama-c run: each must preprocess and type-check, and
# together they must link (no clashing definitions).
CPP="-I$ROOT/kernel/core"
FC_COMMON=(-machdep x86_64 -cpp-extra-args="$CPP"
	-kernel-warn-key typing:implicit-function-declaration=error)
say "parse: frama-c on ${#files[@]} file(s)"
if ! frama-c "${FC_COMMON[@]}" "${files[@]}" >"$BUILD/parse.log" 2>&1; then
	sed 's/^/  /' "$BUILD/parse.log" >&2
	stop "frama-c could not parse the core (log: $(rel "$BUILD/parse.log"))"
fi

# ---------------------------------------------------------------------- WP
# Pass 1: every goal with z3, WP_TIMEOUT.  Pass 2 (-then): cvc5 on the
# goals pass 1 left.  Pass 3: z3 again, Z3_LONG_TIMEOUT, on what is still
# open (WP's cache keeps a timeout with its limit, so a longer one asks
# again).  -then resets -wp and -wp-fct, so they are given again.  The
# JSON report, written at the end, holds the status of every goal.  Most
# goals z3 leaves are proved by cvc5 in under a second: the short first
# limit saves most of the time z3 spent failing on them.  Passes 2 and 3
# also let WP's own "split" strategy (-wp-auto wp:split) cut a goal both
# provers left into cases, each then proved by the prover: the frame
# (assigns) goals of a call on the paths where a later call exits are an
# if-then-else of two existentials, which no prover proves whole within
# 150 s but each branch in under a second.  The goal counts as proved only
# when every case is (WP reports it as "Script").
wp_cmd() { # file report fcts
	local f=$1 report=$2 fcts=$3 sel=() smoke=() cache=()
	[ "$WP_CACHE" = 1 ] && cache=(-wp-cache update -wp-cache-dir "$CACHE_DIR")
	[ -n "$fcts" ] && sel=(-wp-fct "$fcts")
	[ "$SMOKE" = 1 ] && smoke=(-wp-smoke-tests)
	cmd=(frama-c "${FC_COMMON[@]}"
		-wp -wp-rte -wp-model Typed -wp-prover z3 -wp-split
		-wp-timeout "$WP_TIMEOUT" -wp-par "$WP_PAR"
		-wp-warn-key pedantic-assigns=error
		"${smoke[@]}" "${sel[@]}" "${cache[@]}" "$f")
	if [ $HAVE_CVC5 -eq 1 ]; then
		cmd+=(-then -wp -wp-prover cvc5 -wp-split -wp-auto wp:split -wp-timeout "$CVC5_TIMEOUT"
			"${smoke[@]}" "${sel[@]}")
	fi
	cmd+=(-then -wp -wp-prover z3 -wp-split -wp-auto wp:split -wp-timeout "$Z3_LONG_TIMEOUT"
		"${smoke[@]}" "${sel[@]}")
	cmd+=(-wp-report-json "$report")
}

# Longest files first: a better packing of JOBS processes.
mapfile -t order < <(for f in "${files[@]}"; do
	printf '%s\t%s\n' "$(wc -c <"$f")" "$f"; done | sort -k1,1nr -k2 | cut -f2-)

declare -A pid_file=() start_of=()
running=0
cleanup() {
	local p
	for p in "${!pid_file[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
}
trap 'cleanup; warn "interrupted"; echo "proofs: 0 passed, 1 failed"; exit 130' INT TERM

t0=$EPOCHREALTIME
smoke_word=on; [ "$SMOKE" = 1 ] || smoke_word=off
say "wp: ${#files[@]} file(s), $JOBS at a time, z3 ${WP_TIMEOUT}s, $([ $HAVE_CVC5 -eq 1 ] && echo "cvc5 ${CVC5_TIMEOUT}s, " || echo 'no cvc5, ')z3 ${Z3_LONG_TIMEOUT}s, smoke tests $smoke_word${FCT:+, functions $FCT}"

# A lemma is proved once, in a context of every lemma before it, and every
# function goal of its file then uses it.  A lemma that both passes left
# open (typically z3 a few seconds over the timeout on a slower machine)
# gets one more z3 run of its own with LEMMA_TIMEOUT, without the cache
# (WP's cache keeps failed verdicts); when z3 proves it there, its entry
# in the report is replaced by that run's.  Function goals get no such
# second chance: they must be proved within the normal limits.
rescue_lemmas() { # file dir
	local f=$1 dir=$2 names
	names=$(jq -r '."wp:axiomatics" // {} | .[] | to_entries[]
		| select((.key | startswith("lemma_")) and
		         ((.value."wp:main".valid // 0) < (.value."wp:main".total // 0)))
		| .key | sub("^lemma_"; "")' "$dir/report.json" | paste -sd, -)
	[ -n "$names" ] || return 0
	say "rescue: z3 with ${LEMMA_TIMEOUT}s on lemma(s) $names ($(rel "$f"))"
	frama-c "${FC_COMMON[@]}" -wp -wp-model Typed -wp-prover z3 -wp-split \
		-wp-timeout "$LEMMA_TIMEOUT" -wp-par "$WP_PAR" -wp-cache none \
		-wp-prop "$names" -wp-report-json "$dir/rescue.json" "$f" \
		>"$dir/rescue.log" 2>&1 </dev/null || return 0
	grep -qF "[wp] Report '$dir/rescue.json'" "$dir/rescue.log" || return 0
	# Without -wp-rte WP warns "Missing RTE guards" (about the functions,
	# which this run does not prove): not a warning about the gate's proofs.
	grep -v 'Missing RTE guards' "$dir/rescue.log" >>"$dir/log"
	jq --slurpfile r "$dir/rescue.json" '
		reduce ($r[0]."wp:axiomatics" // {} | to_entries[] | .key as $a
		        | .value | to_entries[]
		        | select((.key | startswith("lemma_")) and
		                 (.value."wp:main".valid // 0) == (.value."wp:main".total // 0))
		        | {a: $a, k: .key, v: .value}) as $e
		  (.; ."wp:axiomatics"[$e.a][$e.k] = $e.v)' "$dir/report.json" >"$dir/report.rescued" &&
		mv -f "$dir/report.rescued" "$dir/report.json"
}

# WP's later passes (-then) regenerate the goals of every property not yet
# proved.  A goal's name carries its part number and the part count of its
# property (-wp-split); when a pass splits a property into a different
# number of parts than pass 1 did (WP's simplifier is not deterministic
# across passes of one process), the new goals get new names (`_2`) and
# the report adds them to the first generation's, whose open goals then
# stay counted although the property's latest goals are all proved.  Such
# a postcondition (an `ensures` with a name, still open after the passes)
# is proved once more on its own: one fresh frama-c run, one generation,
# z3 and cvc5 each on every goal with CVC5_TIMEOUT, the split strategy,
# the WP cache.  If every goal of that run is proved, its entry replaces
# the property's in the report; if not, the property stays open.  The
# run's log is appended to the file's log.
rescue_regen() { # file dir
	local f=$1 dir=$2 props names fcts cache=()
	[ "$WP_CACHE" = 1 ] && cache=(-wp-cache update -wp-cache-dir "$CACHE_DIR")
	# fct<TAB>key<TAB>label for each open postcondition with a name.
	props=$(jq -r '."wp:functions" // {} | to_entries[] | .key as $f | .value
		| to_entries[] | select(.key | startswith($f + "_ensures_"))
		| select((.value."wp:main".valid // 0) < (.value."wp:main".total // 0))
		| "\($f)\t\(.key)\t\(.key | ltrimstr($f + "_ensures_"))"' "$dir/report.json")
	[ -n "$props" ] || return 0
	names=$(cut -f3 <<<"$props" | sort -u | paste -sd, -)
	fcts=$(cut -f1 <<<"$props" | sort -u | paste -sd, -)
	say "rescue: one fresh pass, z3 and cvc5 ${CVC5_TIMEOUT}s, on postcondition(s) $names of $fcts ($(rel "$f"))"
	frama-c "${FC_COMMON[@]}" -wp -wp-rte -wp-model Typed -wp-prover z3,cvc5 -wp-split \
		-wp-auto wp:split -wp-timeout "$CVC5_TIMEOUT" -wp-par "$WP_PAR" \
		-wp-warn-key pedantic-assigns=error -wp-fct "$fcts" "${cache[@]}" \
		-wp-prop "$names" -wp-report-json "$dir/regen.json" "$f" \
		>"$dir/regen.log" 2>&1 </dev/null || return 0
	grep -qF "[wp] Report '$dir/regen.json'" "$dir/regen.log" || return 0
	cat "$dir/regen.log" >>"$dir/log"
	jq --slurpfile r "$dir/regen.json" --arg props "$props" '
		reduce ($props | split("\n")[] | select(length > 0) | split("\t")
		        | {f: .[0], k: .[1]}) as $p
		  (.; ($r[0]."wp:functions"[$p.f][$p.k] // null) as $v
		      | if $v != null and ($v."wp:main".valid // 0) == ($v."wp:main".total // -1)
		        then ."wp:functions"[$p.f][$p.k] = $v else . end)' \
		"$dir/report.json" >"$dir/report.regen" &&
		mv -f "$dir/report.regen" "$dir/report.json"
}

finish() { # pid rc: summarise one finished file into its meta.json
	local p=$1 rc=$2 f=${pid_file[$1]} b dir wall ok=true
	b=$(basename "$f" .c); dir=$RUN/$b
	wall=$(awk -v a="${start_of[$p]}" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
	unset "pid_file[$p]" "start_of[$p]"
	running=$((running - 1))
	# The report is trusted only if frama-c wrote it in this run.
	if [ "$rc" -ne 0 ] || ! grep -qF "[wp] Report '$dir/report.json'" "$dir/log" ||
	   ! jq -e '."wp:global"' "$dir/report.json" >/dev/null 2>&1; then
		ok=false
	fi
	$ok && rescue_lemmas "$f" "$dir"
	$ok && rescue_regen "$f" "$dir"
	# Per-goal times from the log, in seconds: Qed time plus prover time
	# (a result read from the WP cache costs no prover time).
	perl -ne '
		next unless /^\[wp\] \[[^\]]+\] Goal typed_(\S+) : \w+(.*)$/;
		my ($g, $rest, $t) = ($1, $2, 0);
		my $cached = $rest =~ /\(cached\)/;
		while ($rest =~ /\((Qed:)?(?:(\d+)\x27)?(\d+(?:\.\d+)?)(ms|s)?\)/g) {
			next unless defined $4;          # a step count, not a time
			next if $cached && !defined $1;  # the cached prover time
			$t += ($2 // 0) * 60 + ($4 eq "ms" ? $3 / 1000 : $3);
		}
		printf "%s\t%.4f\n", $g, $t;' "$dir/log" >"$dir/times.tsv"
	# Failed smoke tests and the source line WP gives for each.
	ROOT=$ROOT perl -ne '
		if (/^\[wp\] \[Failed\] Smoke-test typed_(\S+)/) { $last = $1; next }
		if (defined $last && /^\[wp\] (\S+:\d+): Warning: Failed smoke-test/) {
			(my $loc = $1) =~ s{^\Q$ENV{ROOT}\E/}{};
			print "$last\t$loc\n"; undef $last;
		}' "$dir/log" >"$dir/smoke.tsv"
	# Other warnings (with their continuation lines), shown, not fatal.
	ROOT=$ROOT perl -ne '
		sub flush { if (defined $w) { $w =~ s{\Q$ENV{ROOT}\E/}{}g; print "$w\n" } undef $w }
		if (/^\[[\w:-]+\] .*Warning:/) {
			flush();
			$w = $_ =~ s/\s+$//r
				unless /No goal generated|Failed smoke-test/;
			next;
		}
		if (defined $w && /^\s+(\S.*)$/) { $w .= " $1"; next }
		flush();
		END { flush() }' "$dir/log" >"$dir/warnings.txt"
	jq -n --arg file "$(rel "$f")" --arg name "$b" --argjson rc "$rc" \
		--argjson ok "$ok" --argjson wall "$wall" \
		--rawfile times "$dir/times.tsv" --rawfile smoke "$dir/smoke.tsv" \
		--rawfile warnings "$dir/warnings.txt" \
		--slurpfile report <( $ok && cat "$dir/report.json" || echo null ) '
		{file: $file, name: $name, rc: $rc, ok: $ok, wall: $wall,
		 report: $report[0],
		 warnings: [$warnings | split("\n")[] | select(length > 0)],
		 times: [$times | split("\n")[] | select(length > 0) | split("\t")
		         | {goal: .[0], t: (.[1] | tonumber)}],
		 smoke_at: ([$smoke | split("\n")[] | select(length > 0) | split("\t")
		             | {key: .[0], value: .[1]}] | from_entries)}' >"$dir/meta.json"
	if $ok; then
		say "done  $(rel "$f") in ${wall}s: $(jq -r '
			[.report."wp:functions" // {} | .[] | to_entries[]
			 | select(.key | startswith("wp:") | not)] as $p
			| ($p | map(select(.key | test("_wp_smoke_") | not) | .value."wp:main")) as $g
			| ($p | map(select(.key | test("_wp_smoke_")) | .value."wp:main")) as $s
			| "\($g | map(.valid // 0) | add // 0)/\($g | map(.total) | add // 0) goals proved"
			  + (if ($s | length) > 0
			     then ", \($s | map(.valid // 0) | add)/\($s | map(.total) | add) smoke tests passed"
			     else "" end)' "$dir/meta.json")"
	else
		warn "done  $(rel "$f") in ${wall}s: FAILED, frama-c exit $rc, no usable WP report:"
		# Each error or warning with its continuation lines.
		awk '/Error|error|aborted|Warning/ {p = 1; print; next}
		     p && /^[ \t]/ {print; next} {p = 0}' "$dir/log" |
			head -n 30 | sed 's/^/  /' >&2
		warn "  (log: $(rel "$dir/log"))"
	fi
}

reap() {
	local p rc
	wait -n -p p "${!pid_file[@]}"
	rc=$?
	finish "$p" "$rc"
}

n=0
for f in "${order[@]}"; do
	while [ $running -ge "$JOBS" ]; do reap; done
	n=$((n + 1))
	b=$(basename "$f" .c); dir=$RUN/$b
	mkdir -p "$dir"
	# Seed the report with the committed one: WP reads an existing report to
	# keep its "rank" fields stable (deterministic committed artefacts).
	[ -f "$RESULTS/$b.json" ] && cp "$RESULTS/$b.json" "$dir/report.json"
	wp_cmd "$f" "$dir/report.json" "${fct_of[$f]:-}"
	printf '%q ' "${cmd[@]}" >"$dir/cmd"
	setsid "${cmd[@]}" >"$dir/log" 2>&1 </dev/null &
	pid_file[$!]=$f; start_of[$!]=$EPOCHREALTIME
	running=$((running + 1))
	say "start $(rel "$f") ($n/${#files[@]})"
done
while [ $running -gt 0 ]; do reap; done
trap - INT TERM
wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')

# ----------------------------------------------------------------- results
smoke_state=skipped; [ "$SMOKE" = 1 ] && smoke_state=run
opts="-machdep x86_64 -cpp-extra-args=-Ikernel/core -kernel-warn-key typing:implicit-function-declaration=error -wp -wp-rte -wp-model Typed -wp-prover z3 -wp-split -wp-timeout $WP_TIMEOUT -wp-warn-key pedantic-assigns=error"
[ "$SMOKE" = 1 ] && opts+=" -wp-smoke-tests"
[ $HAVE_CVC5 -eq 1 ] && opts+=" -then -wp -wp-prover cvc5 -wp-split -wp-auto wp:split -wp-timeout $CVC5_TIMEOUT"
opts+=" -then -wp -wp-prover z3 -wp-split -wp-auto wp:split -wp-timeout $Z3_LONG_TIMEOUT"
opts+="; lemmas still open: -wp -wp-prover z3 -wp-timeout $LEMMA_TIMEOUT -wp-cache none -wp-prop NAMES (no -wp-rte)"
opts+="; named postconditions still open: -wp -wp-rte -wp-prover z3,cvc5 -wp-split -wp-auto wp:split -wp-timeout $CVC5_TIMEOUT -wp-fct FCTS -wp-prop NAMES"
jq -s -S --arg framac "$v_framac" --arg why3 "$v_why3" --arg z3 "$v_z3" \
	--arg cvc5 "$v_cvc5" --argjson wall "$wall" --arg smoke "$smoke_state" \
	--arg opts "$opts" --argjson jobs "$JOBS" --argjson par "$WP_PAR" \
	--arg fct "$FCT" --argjson timeout "$WP_TIMEOUT" --arg cache "$WP_CACHE" \
	-f "$ROOT/proofs/summary.jq" "$RUN"/*/meta.json \
	>"$BUILD/summary.json" || stop "could not build the summary (jq)"

mkdir -p "$RESULTS"
# Replace the previous results wholesale, so a removed file leaves no
# stale report behind.
rm -f "$RESULTS"/*.json
rm -rf "$RESULTS/times"
mkdir -p "$RESULTS/times"
cp "$BUILD/summary.json" "$RESULTS/summary.json"
for d in "$RUN"/*/; do
	b=$(basename "$d")
	if jq -e '.ok' "$d/meta.json" >/dev/null; then
		jq -S . "$d/report.json" >"$RESULTS/$b.json"
		# Per-goal proof times, tied to this report by its hash (the
		# audit report's time column; the log holds the rescue passes too).
		bash "$ROOT/proofs/goal-times.sh" "$RESULTS/$b.json" "$d/log" >"$RESULTS/times/$b.tsv"
	fi
done

jq -r -f "$ROOT/proofs/table.jq" "$BUILD/summary.json"
say "results: $(rel "$RESULTS")/"
jq -r '.totals | "proofs: \(.functions_passed) passed, \(.functions_failed) failed"' \
	"$BUILD/summary.json"
jq -e '.totals.gate == "pass"' "$BUILD/summary.json" >/dev/null
