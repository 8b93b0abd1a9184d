#!/bin/bash
# SPDX-License-Identifier: MIT
# ci/audit-test.sh -- tests of `make audit` (proofs/audit/audit.sh): the
# report of the repository as it stands must pass, and each kind of bad
# evidence must make it fail or show up in the report.  Every case runs
# on a scratch copy of the sources, results and audit files (never on the
# repository's own), with one thing broken:
#   - a goal left unproved, a required goal absent, a smoke test failed,
#     a results file that does not parse: FAIL, and the report says which;
#   - a surviving mutant without an "equivalent" triage: FAIL;
#   - an axiom added to spec/: counted as a trust point in the report;
#   - a times file that belongs to another report: its times are not used.
# Closes with "audit: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

for t in python3 jq; do
	command -v "$t" >/dev/null 2>&1 || { echo "audit-test: $t missing (bash ci/install-deps.sh)"; echo "audit: 0 passed, 1 failed"; exit 1; }
done
[ -f build/exo.elf ] || make --no-print-directory build/exo.elf32 >/dev/null 2>&1 ||
	{ echo "audit-test: cannot build build/exo.elf"; echo "audit: 0 passed, 1 failed"; exit 1; }

SCRATCH=$(mktemp -d /tmp/audit-test.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

# fresh NAME: a scratch copy in $SCRATCH/NAME, printed.
fresh() {
	local d=$SCRATCH/$1
	mkdir -p "$d/build" "$d/proofs"
	cp -a kernel spec "$d/"
	cp -a proofs/audit proofs/results proofs/README.md "$d/proofs/"
	cp build/exo.elf "$d/build/"
	rm -f "$d"/proofs/audit/report.* "$d/proofs/audit/goals.tsv"
	echo "$d"
}

# audit DIR: run the audit there; its output in DIR/out, its status in DIR/rc.
audit() {
	(cd "$1" && bash proofs/audit/audit.sh >out 2>&1; echo $? >rc)
}

# jqedit FILE FILTER: rewrite a JSON file with a jq filter.
jqedit() {
	jq "$2" "$1" >"$1.new" && mv "$1.new" "$1"
}

# 1. The repository's own evidence passes.
d=$(fresh base); audit "$d"
if [ "$(cat "$d/rc")" = 0 ] && grep -q '^audit: PASS' "$d/out" &&
   grep -q '^| \[Abort protocol' "$d/proofs/audit/report.md" && [ -s "$d/proofs/audit/report.html" ]; then
	ok "the committed evidence passes ($(grep -o '[0-9]* properties: [0-9]* proved' "$d/out"))"
else
	bad "the committed evidence does not pass: $(tail -n 1 "$d/out")"
fi
if grep -q '; every file timed\.' "$d/proofs/audit/report.md" &&
   [ "$(awk -F'\t' 'NR > 1 && $8 == "-"' "$d/proofs/audit/goals.tsv" | wc -l)" -eq 0 ] &&
   [ "$(awk -F'\t' 'NR > 1' "$d/proofs/audit/goals.tsv" | wc -l)" -gt 1000 ]; then
	ok "every goal of goals.tsv has a proof time ($(($(wc -l <"$d/proofs/audit/goals.tsv") - 1)) rows)"
else
	bad "goals.tsv lacks times or rows (or the report is not fully timed)"
fi

# 2. One part of a proved goal left unproved.
d=$(fresh unproved)
jqedit "$d/proofs/results/revoke.json" \
	'."wp:functions".rev_step.rev_step_ensures_minimum."wp:main".valid -= 1'
audit "$d"
if [ "$(cat "$d/rc")" = 1 ] && grep -q '^audit: FAIL: not fully proved: .*minimum' "$d/out" &&
   grep -q 'rev_step_ensures_minimum' "$d/proofs/audit/report.md" &&
   grep -q '^| \[Guaranteed minimum\].*partly proved' "$d/proofs/audit/report.md"; then
	ok "an unproved goal fails the audit and is listed"
else
	bad "an unproved goal: $(tail -n 1 "$d/out")"
fi

# 3. A goal a property requires, absent from the reports.
d=$(fresh absent)
jqedit "$d/proofs/results/revoke.json" \
	'del(."wp:functions".rev_step.rev_step_ensures_recorded)'
audit "$d"
if [ "$(cat "$d/rc")" = 1 ] && grep -q 'not fully proved: .*abort' "$d/out" &&
   grep -q 'Absent goals' "$d/proofs/audit/report.md"; then
	ok "an absent required goal fails the audit"
else
	bad "an absent required goal: $(tail -n 1 "$d/out")"
fi

# 4. A failed smoke test (a contradictory precondition).
d=$(fresh smoke)
key=$(jq -r '."wp:functions".rev_force | keys[] | select(test("_wp_smoke_"))' \
	"$d/proofs/results/revoke.json" | head -n 1)
jqedit "$d/proofs/results/revoke.json" \
	".\"wp:functions\".rev_force.\"$key\".\"wp:main\".valid = 0"
audit "$d"
if [ -n "$key" ] && [ "$(cat "$d/rc")" = 1 ] && grep -q 'smoke test(s) failed' "$d/out"; then
	ok "a failed smoke test fails the audit ($key)"
else
	bad "a failed smoke test ($key): $(tail -n 1 "$d/out")"
fi

# 5. A results file that does not parse.
d=$(fresh unreadable)
head -c 1000 "$d/proofs/results/cap.json" >"$d/proofs/results/cap.json.new"
mv "$d/proofs/results/cap.json.new" "$d/proofs/results/cap.json"
audit "$d"
if [ "$(cat "$d/rc")" != 0 ] && grep -q 'unreadable' "$d/proofs/audit/report.md" 2>/dev/null; then
	ok "an unreadable results file fails the audit"
else
	bad "an unreadable results file: $(tail -n 1 "$d/out")"
fi

# 6. A surviving mutant nobody explained.
d=$(fresh survivor)
k=$(awk -F'\t' '$2 == "killed" {print $1; exit}' "$d/proofs/audit/mutants.tsv")
awk -F'\t' -v OFS='\t' -v k="$k" '$1 == k {$2 = "survived"; $7 = "-"} {print}' \
	"$d/proofs/audit/mutants.tsv" >"$d/m.tsv" && mv "$d/m.tsv" "$d/proofs/audit/mutants.tsv"
grep -v "^$k	" "$d/proofs/audit/mutants-triage.tsv" >"$d/t.tsv"; mv "$d/t.tsv" "$d/proofs/audit/mutants-triage.tsv"
audit "$d"
if [ -n "$k" ] && [ "$(cat "$d/rc")" = 1 ] && grep -q 'surviving mutant(s) not equivalent' "$d/out" &&
   grep -qF "\`$k\`): " "$d/proofs/audit/report.md" && grep -q "^- .*$k.*unexplained" "$d/proofs/audit/report.md"; then
	ok "an unexplained surviving mutant fails the audit ($k)"
else
	bad "an unexplained surviving mutant ($k): $(tail -n 1 "$d/out")"
fi
# ... and "equivalent" is accepted only as a reason given.
printf '%s\tequivalent: test row\n' "$k" >>"$d/proofs/audit/mutants-triage.tsv"
audit "$d"
if [ "$(cat "$d/rc")" = 0 ]; then
	ok "the same survivor triaged as equivalent passes"
else
	bad "the same survivor triaged as equivalent: $(tail -n 1 "$d/out")"
fi

# 7. An axiom in the specification is a trust point.
d=$(fresh axiom)
printf '/*@ axiomatic Test { axiom everything_free: \\forall integer p; p == p; } */\n' >>"$d/spec/page.acsl"
audit "$d"
if grep -q '^audit: trust points: [1-9][0-9]* axiom' "$d/out" && grep -q 'everything_free' "$d/proofs/audit/report.md"; then
	ok "an axiom added to spec/ is reported as a trust point"
else
	bad "an axiom added to spec/: $(grep 'trust points' "$d/out")"
fi

# 8. Times of another run are not used.
d=$(fresh times)
sed -i '1s/^# sha256 [0-9a-f]*/# sha256 0000/' "$d/proofs/results/times/revoke.tsv"
audit "$d"
if grep -q 'no matching times for revoke' "$d/proofs/audit/report.md" &&
   [ "$(awk -F'\t' '$2 == "revoke" && $8 != "-"' "$d/proofs/audit/goals.tsv" | wc -l)" -eq 0 ] &&
   [ "$(awk -F'\t' '$2 == "cap" && $8 != "-"' "$d/proofs/audit/goals.tsv" | wc -l)" -gt 0 ]; then
	ok "a times file whose hash does not match its report is ignored"
else
	bad "a times file with a wrong hash is used"
fi

echo "audit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
