#!/bin/bash
# SPDX-License-Identifier: MIT
# boot-time.sh IMAGE [RUNS] -- wall time from starting QEMU (TCG) to the
# first line a libOS program prints from ring 3, median of RUNS boots.
img=${1:-build/exo.elf32}; runs=${2:-5}
for i in $(seq "$runs"); do
	python3 - "$img" <<'PY'
import subprocess, sys, time
t0 = time.monotonic()
p = subprocess.Popen(["qemu-system-x86_64", "-accel", "tcg", "-m", "128M", "-display", "none",
    "-serial", "stdio", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    "-kernel", sys.argv[1]], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
ring3 = user = None
for line in p.stdout:
    t = (time.monotonic() - t0) * 1000
    if ring3 is None and b"starts in ring 3" in line: ring3 = t
    if user is None and line.startswith(b"hello from libOS"): user = t
p.wait()
print(f"{ring3:.0f} {user:.0f}")
PY
done | sort -n -k2 | awk '{a[NR]=$1; b[NR]=$2} END {m=int((NR+1)/2); printf "boot: ring-3 start announced at %d ms, first libOS line at %d ms (median of %d)\n", a[m], b[m], NR}'
