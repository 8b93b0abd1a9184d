#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Host unit tests of the verified core (see ci/unit/README.md).
# Run from the repository root:  bash ci/unit/run.sh
# Environment: SEED, ROUNDS, CALLS, ROUND (passed to the test binary);
#   CORE_DIR  directory of the core sources (default kernel/core), e.g. a
#             mutated copy; it must sit in a tree with ../include and ../../spec.
# Last line of output, always exactly one:  unit: N passed, N failed
set -u
cd "$(dirname "$0")/../.." || exit 1

CORE_DIR=${CORE_DIR:-kernel/core}
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/unit.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT

summary() { echo "unit: $1 passed, $2 failed"; }

shopt -s nullglob
core_srcs=("$CORE_DIR"/*.c)
unit_srcs=(ci/unit/*.c)
if [ ${#core_srcs[@]} -eq 0 ]; then
	echo "FAIL [build] no sources in $CORE_DIR"
	summary 0 1
	exit 1
fi

CFLAGS=(-std=gnu11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
	-fno-sanitize-recover=all -Wall -Wextra -Werror)
if ! gcc "${CFLAGS[@]}" -I"$CORE_DIR" -Ici/unit "${core_srcs[@]}" "${unit_srcs[@]}" \
	-o "$BUILD/unit" 2>"$BUILD/cc.log"; then
	cat "$BUILD/cc.log"
	echo "FAIL [build] compilation failed"
	summary 0 1
	exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
"$BUILD/unit" >"$BUILD/out" 2>&1
rc=$?
# everything but the RESULT line goes through unchanged
grep -v '^RESULT ' "$BUILD/out"
res=$(grep '^RESULT passed=[0-9]* failed=[0-9]*$' "$BUILD/out" | tail -n 1)
if [ -z "$res" ]; then
	echo "FAIL [run] test binary died (exit $rc) before reporting; see output above"
	summary 0 1
	exit 1
fi
p=${res#RESULT passed=}; p=${p%% *}
f=${res##*failed=}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
	echo "FAIL [run] test binary exited with $rc after reporting no failure (sanitizer at exit?)"
	f=1
fi
summary "$p" "$f"
[ "$f" -eq 0 ] && [ "$rc" -eq 0 ]
