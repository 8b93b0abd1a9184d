#!/bin/bash
# SPDX-License-Identifier: MIT
# bench.sh BUILD QEMU -- `make bench`: primitive costs of the exokernel next
# to the same operations on Linux, both measured in the same QEMU (TCG,
# -icount shift=0: the guest TSC counts guest instructions exactly, so the
# figures are deterministic).  Boots BUILD/exo-bench.elf32 (libos/bench/
# bench.c), then the Linux baseline (ci/linux-bench.sh), and prints one
# table with the ratios; also written to BUILD/bench/results.md.
set -u
B=${1:-build}; QEMU=${2:-qemu-system-x86_64}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
out=$B/bench; mkdir -p "$out"
TIMEOUT=${BENCH_TIMEOUT:-300}

echo "bench: booting the exokernel bench image under TCG, -icount shift=0"
timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -icount shift=0 -m 128M \
	-display none -no-reboot -nic none -serial stdio -monitor none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$B/exo-bench.elf32" \
	</dev/null 2>&1 | tr -d '\r' >"$out/exo.log"
grep -a '^bench: ' "$out/exo.log" | tee "$out/exo.txt"
grep -q '^bench: done (0 failed' "$out/exo.txt" ||
	{ echo "bench: the exokernel bench did not finish cleanly (log: $out/exo.log)"; tail -20 "$out/exo.log"; exit 1; }

echo "bench: the Linux baseline (ci/linux-bench.sh)"
bash ci/linux-bench.sh "$out/linux.txt" || { echo "bench: the Linux baseline failed"; exit 1; }

med() { # med FILE PREFIX NAME
	sed -nE "s/^$2 $3 median=([0-9]+).*/\1/p" "$1" | head -1
}
row() { # row LABEL EXO LINUX_LABEL LINUX TARGET
	local r; r=$(awk -v a="$4" -v b="$2" 'BEGIN { printf "%.1f", a / b }')
	local met; met=$(awk -v r="$r" -v t="$5" 'BEGIN { print (r >= t) ? "yes" : "NO" }')
	printf '| %s | %s | %s | %s | %s× | ≥ %s× | %s |\n' "$1" "$2" "$3" "$4" "$r" "$5" "$met"
}
e_null=$(med "$out/exo.txt" bench: null_syscall); e_yield=$(med "$out/exo.txt" bench: yield)
e_ipc=$(med "$out/exo.txt" bench: ipc); e_send=$(med "$out/exo.txt" bench: ipc_send)
e_up=$(med "$out/exo.txt" bench: upcall); e_rev=$(med "$out/exo.txt" bench: rev_coop)
abort=$(grep -a '^\[kernel\] abort protocol:' "$out/exo.log" | head -1)
e_take=$(echo "$abort" | sed -nE 's/.* a take ([0-9]+) TSC on average, ([0-9]+) at most.*/\1/p')
e_takemax=$(echo "$abort" | sed -nE 's/.* a take ([0-9]+) TSC on average, ([0-9]+) at most.*/\2/p')
e_tick=$(echo "$abort" | sed -nE 's/.*longest timer-tick stretch ([0-9]+) TSC.*/\1/p')
e_big=$(sed -nE 's/^bench: rev_forced pages=([0-9]+) timer_ticks=([0-9]+).*/\1 pages in \2 timer ticks/p' "$out/exo.txt")
l_ppid=$(med "$out/linux.txt" linux-bench: getppid); l_yield=$(med "$out/linux.txt" linux-bench: sched_yield)
l_pipe=$(med "$out/linux.txt" linux-bench: pipe)
for v in e_null e_yield e_ipc e_send e_up e_rev e_take e_takemax e_tick e_big l_ppid l_yield l_pipe; do
	[ -n "${!v}" ] || { echo "bench: figure $v missing"; exit 1; }
done
{
	echo "Guest instructions per round trip (median of 2,001 samples, each timed by"
	echo "its own lfence;rdtsc pair, 4 instructions of which are the timer), QEMU"
	echo "$("$QEMU" --version | head -1 | sed 's/QEMU emulator version/QEMU/'), TCG, -icount shift=0."
	echo
	echo "| primitive | exo | Linux operation | Linux | Linux / exo | target | met |"
	echo "|---|---:|---|---:|---:|---:|---|"
	row "null system call (SYS_ENV_ID)" "$e_null" "getppid" "$l_ppid" 3
	row "directed yield there and back" "$e_yield" "sched_yield ping-pong" "$l_yield" 20
	row "synchronous call there and back (IPC)" "$e_ipc" "pipe ping-pong" "$l_pipe" 20
	echo
	echo "Also: asynchronous call (send; the callee returns at once) $e_send;"
	echo "ring-3 #UD delivered to our own handler and back $e_up."
	echo "seL4's published x86-64 IPC call cost is about 720-780 cycles on"
	echo "Skylake/Haswell hardware; ours is $e_ipc guest instructions under TCG,"
	echo "which is not hardware: the two are not the same unit."
	echo
	echo "Visible revocation (guest instructions; no Linux counterpart):"
	echo "- a cooperative revocation of one named page (the request, the"
	echo "  T_REVOKE upcall, the victim unmapping and freeing it, the yield"
	echo "  back): median $e_rev; the kernel notes the request met at its next"
	echo "  timer tick, which is not counted;"
	echo "- a forced repossession of one page (rev_step: every capability on"
	echo "  it killed, its mapping gone, TLB flush, freed, ring entry): $e_take on"
	echo "  average, $e_takemax at most: the longest non-preemptible step;"
	echo "- a victim ignoring a request for $e_big: the longest"
	echo "  timer tick with abort-protocol work (up to 64 steps) took $e_tick."
} | tee "$out/results.md"
echo "bench: results in $out/results.md"
