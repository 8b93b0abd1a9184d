#!/bin/bash
# SPDX-License-Identifier: MIT
# install-deps.sh -- install what building, booting, testing and proving
# need, from Debian 12's own packages.  Idempotent, and quick when
# everything is already there (no apt-get at all then).
set -eu
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have gcc                || need+=(gcc)
have make               || need+=(make)
have objcopy            || need+=(binutils)
have qemu-system-x86_64 || need+=(qemu-system-x86)
have frama-c            || need+=(frama-c-base)
have why3               || need+=(why3)
have z3                 || need+=(z3)
have cvc4               || need+=(cvc4)
have cvc5               || need+=(cvc5)
have jq                 || need+=(jq)
have python3            || need+=(python3)      # ci/shell-test.py (drives the shell on a pty)
have timeout            || need+=(coreutils)
have strace             || need+=(strace)       # proofs/cache-forget.sh, proofs/cache-prune.sh
have gnuplot            || need+=(gnuplot-nox)  # make bench: bench/ratios.svg
# ASan/UBSan runtimes for the host unit tests (normally pulled in by gcc)
if have gcc && ! echo 'int main(void){return 0;}' |
	gcc -x c -fsanitize=address,undefined -o /dev/null - >/dev/null 2>&1; then
	need+=(libasan8 libubsan1)
fi
if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
echo "install-deps: installing ${need[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-deps: done"
