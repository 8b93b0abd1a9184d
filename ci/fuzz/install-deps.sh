#!/bin/bash
# SPDX-License-Identifier: MIT
# ci/fuzz/install-deps.sh -- what the libFuzzer harness (ci/fuzz) needs, from
# Debian 12's own packages: clang-14 and its libFuzzer/sanitizer runtimes
# (libclang-rt-14-dev).  Idempotent, and no apt-get at all when a test
# program builds with -fsanitize=fuzzer,address,undefined already.
set -eu
probe() {
	echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)
	      { (void)d; (void)n; return 0; }' |
		clang-14 -x c -fsanitize=fuzzer,address,undefined -o /dev/null - >/dev/null 2>&1
}
if command -v clang-14 >/dev/null 2>&1 && probe; then
	exit 0
fi
echo "install-deps (fuzz): installing clang-14 libclang-rt-14-dev"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
echo "install-deps (fuzz): done"
