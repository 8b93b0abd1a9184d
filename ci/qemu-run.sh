#!/bin/bash
# SPDX-License-Identifier: MIT
# qemu-run.sh IMAGE QEMU ARGS... -- boot IMAGE with the serial console on
# this terminal and translate QEMU's isa-debug-exit status:
#   1 -> 0  the root env ended with status 0 and page accounting was exact
#   3 -> 1  the root env failed, or pages leaked
#   5 -> 2  kernel panic
#   0 -> 0  QEMU quit by the user (Ctrl-A x)
img=$1; shift
"$@" -kernel "$img"
rc=$?
case $rc in
	0|1) exit 0 ;;
	3) echo "qemu-run: the root environment failed (QEMU status 3)" >&2; exit 1 ;;
	5) echo "qemu-run: kernel panic (QEMU status 5)" >&2; exit 2 ;;
	*) echo "qemu-run: QEMU exited with status $rc" >&2; exit "$rc" ;;
esac
