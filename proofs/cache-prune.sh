#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# proofs/cache-prune.sh -- run the full proof gate once and keep only the
# WP cache entries that run used.
#
# The committed cache (proofs/wp-cache, one JSON file per goal and prover)
# only grows: every changed contract adds entries for its new goals and
# leaves the old ones behind, which no later run reads.  This script runs
# `bash proofs/wp-check.sh` (all files, the settings it is given in the
# environment: JOBS, WP_PAR) under `strace -e openat`, notes
# every cache file a frama-c process opened (read or written), and then
# deletes the others.  Entries written during the run count as used too,
# by their modification time, in case a writer renames a temporary file.
#
# Nothing is pruned unless the gate passed: a failed or interrupted run
# may not have read every entry a passing run needs.  PRUNE_DRY=1 runs the
# gate and reports what would go, without deleting anything.
#
# Cost: one full gate run (about 16 minutes on the 2-core VM with a warm
# cache), plus strace's overhead.  Needs strace (ci/install-deps.sh
# installs it).  Prints `cache-prune: kept K of N entries ...`.

set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
stop() { echo "cache-prune: $*" >&2; exit 2; }
[ $# -eq 0 ] || stop "usage: bash proofs/cache-prune.sh (no arguments; PRUNE_DRY=1 to only report)"
[ -z "${FCT:-}" ] || stop "FCT=$FCT: a partial run does not read every entry the full gate needs"
[ "${SMOKE:-1}" = 1 ] || stop "SMOKE=$SMOKE: the smoke tests' entries would be pruned"
[ "${WP_CACHE:-1}" = 1 ] || stop "WP_CACHE=${WP_CACHE} runs the gate without the cache: nothing to prune by"
command -v strace >/dev/null || stop "strace is not installed (bash ci/install-deps.sh installs it)"
CACHE=${WP_CACHE_DIR:-$ROOT/proofs/wp-cache}
[ -d "$CACHE" ] || stop "no cache directory: $CACHE"
CACHE=$(cd "$CACHE" && pwd -P)
DRY=${PRUNE_DRY:-0}
case $DRY in 0|1) ;; *) stop "PRUNE_DRY must be 0 or 1" ;; esac

mkdir -p "$ROOT/build" || stop "cannot create build/"
tmp=$(mktemp -d "$ROOT/build/cache-prune.XXXXXX") || stop "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
before=$(find "$CACHE" -maxdepth 1 -name '*.json' | wc -l)
kb_before=$(du -sk "$CACHE" | cut -f1)
touch "$tmp/start"
sleep 1   # mtimes have 1 s granularity on some filesystems: strictly after

echo "cache-prune: running the full gate under strace ($before entries in $(realpath --relative-to="$ROOT" "$CACHE" 2>/dev/null || echo "$CACHE"))"
# The trace is filtered as it is written: only the cache's file names are
# kept (a full trace of the gate is several hundred MB).
WP_CACHE_DIR=$CACHE strace -f -qq -e trace=openat,open,creat,rename,renameat,renameat2 -e signal=none \
	-o "|grep -aoE '$CACHE/[0-9a-f]+\\.json' > '$tmp/opened'" \
	bash proofs/wp-check.sh
rc=$?
sleep 1   # let strace's output pipe drain
if [ "$rc" -ne 0 ]; then
	echo "cache-prune: the gate failed (exit $rc): nothing pruned" >&2
	exit 1
fi

sed "s|^$CACHE/||" "$tmp/opened" | sort -u >"$tmp/used"
find "$CACHE" -maxdepth 1 -name '*.json' -newer "$tmp/start" -printf '%f\n' | sort -u >>"$tmp/used"
sort -u -o "$tmp/used" "$tmp/used"
find "$CACHE" -maxdepth 1 -name '*.json' -printf '%f\n' | sort -u >"$tmp/all"
comm -23 "$tmp/all" "$tmp/used" >"$tmp/unused"
n_all=$(wc -l <"$tmp/all")
n_unused=$(wc -l <"$tmp/unused")
n_used=$((n_all - n_unused))
# A run that read (almost) nothing means the trace did not work: keep all.
if [ "$n_used" -lt $((n_all / 10)) ]; then
	echo "cache-prune: the trace names only $n_used of $n_all entries; that looks like a tracing failure: nothing pruned" >&2
	exit 1
fi
if [ "$DRY" = 1 ]; then
	echo "cache-prune: dry run: would keep $n_used of $n_all entries and remove $n_unused"
	exit 0
fi
while read -r f; do
	rm -f "$CACHE/$f"
done <"$tmp/unused"
kb_after=$(du -sk "$CACHE" | cut -f1)
echo "cache-prune: kept $n_used of $n_all entries, removed $n_unused ($((kb_before / 1024)) MB -> $((kb_after / 1024)) MB)"
