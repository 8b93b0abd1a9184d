#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# proofs/cache-forget.sh FILE.c FUNCTION -- forget the WP cache's failed
# verdicts for one function, so that the next run of the gate asks the
# provers again.
#
# WP's cache (proofs/wp-cache, one file per goal and prover, named by
# a hash of the goal) keeps failures as well as proofs: a goal that timed
# out once, on a loaded machine, stays failed.  This script replays the
# function from the cache (no prover runs), notes which cache files WP
# reads (strace), and deletes those whose verdict is not `valid`.  The
# proved entries stay.  Needs strace (ci/install-deps.sh installs it).

set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
[ $# -eq 2 ] || { echo "usage: bash proofs/cache-forget.sh kernel/core/FILE.c FUNCTION" >&2; exit 2; }
file=$1 fct=$2
[ -f "$file" ] || { echo "cache-forget: no such file: $file" >&2; exit 2; }
command -v strace >/dev/null || { echo "cache-forget: strace is not installed" >&2; exit 2; }
CACHE=${WP_CACHE_DIR:-$ROOT/proofs/wp-cache}
[ -f "$ROOT/build/proofs/why3.conf" ] || { echo "cache-forget: run the gate once first (no why3.conf)" >&2; exit 2; }
export WHY3CONFIG=$ROOT/build/proofs/why3.conf

tmp=$(mktemp -d "${TMPDIR:-/tmp}/forget.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The same three passes as the gate (wp-check.sh), replayed, one function.
strace -f -e trace=openat -o "$tmp/trace" \
	frama-c -machdep x86_64 -cpp-extra-args=-I"$ROOT/kernel/core" \
	-wp -wp-rte -wp-model Typed -wp-prover z3 -wp-split -wp-timeout 10 -wp-par 2 \
	-wp-cache replay -wp-cache-dir "$CACHE" -wp-fct "$fct" "$ROOT/$file" \
	-then -wp -wp-fct "$fct" -wp-prover cvc5 -wp-split -wp-auto wp:split -wp-timeout 60 \
	-then -wp -wp-fct "$fct" -wp-prover z3 -wp-split -wp-auto wp:split -wp-timeout 30 \
	>"$tmp/log" 2>&1
n=0
for f in $(grep -o 'wp-cache/[0-9a-f]*\.json' "$tmp/trace" | sort -u); do
	p=$CACHE/${f#wp-cache/}
	[ -f "$p" ] || continue
	if ! grep -q '"verdict": "valid"' "$p"; then
		rm -f "$p"
		n=$((n + 1))
	fi
done
echo "cache-forget: $fct ($file): $n cached verdict(s) that were not proofs removed"
