#!/bin/bash
# SPDX-License-Identifier: MIT
# bench.sh [--smoke] [BUILD] [QEMU] -- `make bench`: primitive costs of the
# exokernel next to the same operations on Linux, both measured in the
# same QEMU under TCG.
#
# Full run (`make bench`):
#  1. BUILD/exo-bench.elf32 (libos/bench/bench.c as the root env) with
#     -icount shift=0: the guest TSC counts guest instructions exactly, so
#     the figures are deterministic;
#  2. the Linux baseline, the same way (ci/linux-bench.sh);
#  3. both again without -icount (skip with BENCH_TSC=0): TCG's TSC is then
#     host-time based, noisy, and only an extra column;
#  4. writes bench/results.md, bench/results.csv and the chart of the
#     Linux/exo ratios bench/ratios.svg (gnuplot), and prints the table.
#
# Smoke run (`make bench-smoke`, a suite of `make check`): the small image
# BUILD/exo-bench-smoke.elf32 and Linux with bench_smoke=1, a few samples
# each; checks that every primitive ran and printed a positive figure (no
# timing is asserted) and ends with "bench-smoke: N passed, N failed".
set -u
smoke=0
[ "${1:-}" = "--smoke" ] && { smoke=1; shift; }
B=${1:-build}; QEMU=${2:-qemu-system-x86_64}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
TIMEOUT=${BENCH_TIMEOUT:-400}
T0=$(date +%s)

# The primitives: exo line name, Linux line name, label, Linux operation,
# target ratio (- for none).
PRIMS=(
	"null_syscall|getppid|null system call (SYS_ENV_ID)|getppid|3"
	"exc|exc|exception to a user handler and back (store to a read-only page; the handler skips it)|SIGSEGV handler sets RIP past the store|20"
	"trap|trap|trap: write fault, the handler unprotects the page|SIGSEGV handler, mprotect|10"
	"prot1|prot1|prot1: one page read-only|mprotect 1 page|-"
	"unprot1|unprot1|unprot1: one page writable|mprotect 1 page|-"
	"prot100|prot100|prot100: 100 pages read-only|mprotect 100 pages|-"
	"unprot100|unprot100|unprot100: 100 pages writable|mprotect 100 pages|-"
	"dirty|dirty|dirty: is the page dirty? (PTE D bit through the read-only table view)|pread /proc/self/pagemap, soft-dirty bit|-"
	"appel1|appel1|appel1: fault on a protected page, the handler unprotects it and protects another|SIGSEGV handler, 2 mprotect|10"
	"appel2|appel2|appel2: protect 100 pages, fault on each, the handler unprotects it (per page)|1 mprotect, then SIGSEGV handler, mprotect|10"
	"ipc|pipe|IPC: synchronous call there and back|pipe ping-pong|20"
	"ipc|shm_yield|IPC: synchronous call there and back|shared memory + sched_yield|-"
	"yield|sched_yield|directed yield there and back|sched_yield ping-pong|20"
	"fork|fork|fork + exit + wait (libOS copy-on-write fork)|fork, _exit, waitpid|3"
	"page|page|page: take, map, write, unmap, free|mmap MAP_POPULATE, write, munmap|-"
	"page|page_touch|page: take, map, write, unmap, free|mmap, write (faults it in), munmap|-"
)

boot_exo() { # IMAGE LOG [icount]
	local ic=()
	[ "${3:-1}" = 1 ] && ic=(-icount shift=0)
	timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg "${ic[@]}" -m 128M \
		-display none -no-reboot -nic none -serial stdio -monitor none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$1" \
		</dev/null 2>&1 | tr -d '\r' >"$2"
}
med() { # FILE PREFIX NAME -> median
	sed -nE "s/^$2 $3 median=([0-9]+).*/\1/p" "$1" | head -1
}
mn() { # FILE PREFIX NAME -> min
	sed -nE "s/^$2 $3 median=[0-9]+ min=([0-9]+).*/\1/p" "$1" | head -1
}
elapsed() { echo "$(( $(date +%s) - T0 )) s"; }

# ---- smoke ----------------------------------------------------------------
if [ $smoke -eq 1 ]; then
	out=$B/bench-smoke; mkdir -p "$out"
	pass=0; fail=0
	img=$B/exo-bench-smoke.elf32
	[ -f "$img" ] || { echo "bench-smoke: $img missing (make $img)"; echo "bench-smoke: 0 passed, 1 failed"; exit 1; }
	echo "bench: smoke: the exokernel (few samples, -icount shift=0)"
	boot_exo "$img" "$out/exo.log"
	grep -a '^bench: ' "$out/exo.log" >"$out/exo.txt"
	echo "bench: smoke: Linux (bench_smoke=1)"
	bash ci/linux-bench.sh --smoke "$out/linux.txt" >"$out/linux-run.log" 2>&1 ||
		{ echo "bench: smoke: the Linux run failed:"; tail -n 15 "$out/linux-run.log"; }
	[ -f "$out/linux.txt" ] || : >"$out/linux.txt"
	check() { # SYSTEM FILE PREFIX NAME
		local m n
		m=$(med "$3" "$4" "$2"); n=$(mn "$3" "$4" "$2")
		if [ -n "$m" ] && [ -n "$n" ] && [ "$m" -gt 0 ] && [ "$n" -gt 0 ] && [ "$n" -le "$m" ]; then
			echo "  ok - $1 $2 (median $m, min $n)"; pass=$((pass + 1))
		else
			echo "  not ok - $1 $2: no sane figure (median '${m}', min '${n}')"; fail=$((fail + 1))
		fi
	}
	declare -A seen=()
	for p in "${PRIMS[@]}"; do
		IFS='|' read -r e l _ <<<"$p"
		[ -n "${seen[e:$e]:-}" ] || { check exo "$e" "$out/exo.txt" bench:; seen[e:$e]=1; }
		[ -n "${seen[l:$l]:-}" ] || { check linux "$l" "$out/linux.txt" linux-bench:; seen[l:$l]=1; }
	done
	check exo rev_coop "$out/exo.txt" bench:
	for f in "exo|$out/exo.txt|^bench: done \(0 failed" "linux|$out/linux.txt|^linux-bench: done \(0 failed"; do
		IFS='|' read -r s file re <<<"$f"
		if grep -qE "$re" "$file"; then
			echo "  ok - $s: every operation checked out"; pass=$((pass + 1))
		else
			echo "  not ok - $s: failed operations or no end line (log in $out)"; fail=$((fail + 1))
		fi
	done
	echo "bench: smoke took $(elapsed)"
	echo "bench-smoke: $pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi

# ---- full run ---------------------------------------------------------------
out=$B/bench; mkdir -p "$out"
res=$here/bench; mkdir -p "$res"
img=$B/exo-bench.elf32
qv=$("$QEMU" --version | head -1 | sed -E 's/QEMU emulator version ([^ ]+).*/\1/')

echo "bench: [1/4] the exokernel bench image under TCG, -icount shift=0 (about 1 min)"
boot_exo "$img" "$out/exo.log"
grep -a '^bench: ' "$out/exo.log" | tee "$out/exo.txt"
grep -q '^bench: done (0 failed' "$out/exo.txt" ||
	{ echo "bench: the exokernel bench did not finish cleanly (log: $out/exo.log)"; tail -20 "$out/exo.log"; exit 1; }
echo "bench: exokernel done ($(elapsed))"

echo "bench: [2/4] the Linux baseline, -icount shift=0 (ci/linux-bench.sh, about 30 s)"
bash ci/linux-bench.sh "$out/linux.txt" || { echo "bench: the Linux baseline failed"; exit 1; }
echo "bench: Linux done ($(elapsed))"

tsc=0; tsc_note=""
if [ "${BENCH_TSC:-1}" != 0 ]; then
	echo "bench: [3/4] both again without -icount: TSC cycles of TCG (host-time based, noisy)"
	# Only the table's figures are wanted here; the revocation part
	# depends on timer ticks, which now follow host time.
	boot_exo "$img" "$out/exo-tsc.log" 0
	grep -a '^bench: ' "$out/exo-tsc.log" >"$out/exo-tsc.txt"
	have_all=1
	for p in "${PRIMS[@]}"; do
		IFS='|' read -r e _ <<<"$p"
		grep -qE "^bench: $e median=[0-9]+ min=[0-9]+ n=[0-9]+\$" "$out/exo-tsc.txt" || have_all=0
	done
	if [ $have_all -eq 1 ] &&
		bash ci/linux-bench.sh --no-icount "$out/linux-tsc.txt" >"$out/linux-tsc-run.log" 2>&1; then
		tsc=1
		echo "bench: TSC runs done ($(elapsed))"
	else
		echo "bench: a run without -icount failed; no TSC columns (logs in $out)"
	fi
else
	echo "bench: [3/4] skipped (BENCH_TSC=0): no TSC columns"
fi

echo "bench: [4/4] tables and chart"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
fmt() { # thousands separators
	echo "$1" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'
}
# The kernel's revocation counters and the other single figures.
e_send=$(med "$out/exo.txt" bench: ipc_send); e_ud=$(med "$out/exo.txt" bench: exc_ud2)
e_rev=$(med "$out/exo.txt" bench: rev_coop)
e_protn=$(med "$out/exo.txt" bench: prot100_protN)
abort=$(grep -a '^\[kernel\] abort protocol:' "$out/exo.log" | head -1)
e_take=$(echo "$abort" | sed -nE 's/.* a take ([0-9]+) TSC on average, ([0-9]+) at most.*/\1/p')
e_takemax=$(echo "$abort" | sed -nE 's/.* a take ([0-9]+) TSC on average, ([0-9]+) at most.*/\2/p')
e_tick=$(echo "$abort" | sed -nE 's/.*longest timer-tick stretch ([0-9]+) TSC.*/\1/p')
e_big=$(sed -nE 's/^bench: rev_forced pages=([0-9]+) timer_ticks=([0-9]+).*/\1 pages in \2 timer ticks/p' "$out/exo.txt")
e_fp=$(med "$out/exo.txt" bench: fork_parent); e_fc=$(med "$out/exo.txt" bench: fork_child_run)
e_fr=$(med "$out/exo.txt" bench: fork_reap)
for v in e_send e_ud e_rev e_protn e_take e_takemax e_tick e_big e_fp e_fc e_fr; do
	[ -n "${!v}" ] || { echo "bench: figure $v missing"; exit 1; }
done

csv=$res/results.csv; md=$res/results.md; dat=$out/ratios.dat
echo "primitive,exo_operation,exo_median,exo_min,linux_operation,linux_median,linux_min,ratio_linux_over_exo,target,met,tsc_exo_median,tsc_exo_min,tsc_linux_median,tsc_linux_min,tsc_ratio" >"$csv"
: >"$dat"
rows=""
n=0; met_n=0; tgt_n=0
for p in "${PRIMS[@]}"; do
	IFS='|' read -r e l label lop tgt <<<"$p"
	em=$(med "$out/exo.txt" bench: "$e"); en=$(mn "$out/exo.txt" bench: "$e")
	lm=$(med "$out/linux.txt" linux-bench: "$l"); ln=$(mn "$out/linux.txt" linux-bench: "$l")
	for v in em en lm ln; do
		[ -n "${!v}" ] || { echo "bench: figure for $e / $l missing"; exit 1; }
	done
	r=$(ratio "$lm" "$em")
	met="-"
	if [ "$tgt" != "-" ]; then
		tgt_n=$((tgt_n + 1))
		met=$(awk -v r="$r" -v t="$tgt" 'BEGIN { print (r >= t) ? "yes" : "NO" }')
		[ "$met" = yes ] && met_n=$((met_n + 1))
	fi
	tem=""; ten=""; tlm=""; tln=""; tr=""; mark=""
	if [ $tsc -eq 1 ]; then
		tem=$(med "$out/exo-tsc.txt" bench: "$e"); ten=$(mn "$out/exo-tsc.txt" bench: "$e")
		tlm=$(med "$out/linux-tsc.txt" linux-bench: "$l"); tln=$(mn "$out/linux-tsc.txt" linux-bench: "$l")
		tr=$( [ -n "$tem" ] && [ -n "$tlm" ] && ratio "$tlm" "$tem")
		# A ping-pong that did not alternate did not measure a round trip.
		alt=$(sed -nE "s/^linux-bench: $l .* alternated=([0-9]+)\/([0-9]+).*/\1 \2/p" "$out/linux-tsc.txt")
		if [ -n "$alt" ] && [ "${alt% *}" != "${alt#* }" ]; then
			mark="†"
			tsc_note="† Without -icount the Linux sched_yield ping-pong alternated in only ${alt% *} of ${alt#* } samples (CFS then sees real time), so that figure is mostly a yield that came straight back, not a round trip."
		fi
	fi
	echo "\"$label\",$e,$em,$en,\"$lop\",$lm,$ln,$r,$tgt,$met,$tem,$ten,$tlm,$tln,$tr" >>"$csv"
	n=$((n + 1))
	short=$l; [ "$e" = "$l" ] || short="$e/$l"
	[ "$e" = null_syscall ] && short=null
	[ "$e" = yield ] && short=yield
	echo "$n \"$short\" $r $( [ "$tgt" = - ] && echo NaN || echo "$tgt")" >>"$dat"
	line="| $label | $(fmt "$em") | $(fmt "$en") | $lop | $(fmt "$lm") | $(fmt "$ln") | **${r}×** | $( [ "$tgt" = - ] && echo - || echo "≥ ${tgt}× ($met)") |"
	[ $tsc -eq 1 ] && line="$line $(fmt "$tem") | $(fmt "$tlm")$mark | ${tr}×$mark |"
	rows+="$line"$'\n'
done

chart=""
if ! command -v gnuplot >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "bench: installing gnuplot-nox (for the chart)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null 2>&1 ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null 2>&1; }
fi
if command -v gnuplot >/dev/null 2>&1; then
	gnuplot <<EOF && chart=yes
set terminal svg size 1000,580 dynamic font "sans,12" background rgb "white"
set output "$res/ratios.svg"
set title "Linux / exokernel: guest instructions per operation, same QEMU $qv (TCG, -icount shift=0)"
set style fill solid 0.8 border -1
set boxwidth 0.7
set logscale y
set yrange [0.1:300]
set xrange [0.3:$n.7]
set ytics ("0.1" 0.1, "0.3" 0.3, "1" 1, "3" 3, "10" 10, "30" 30, "100" 100, "300" 300)
set ylabel "Linux / exo (log scale)"
set xtics rotate by -40 left noenhanced
set bmargin 7
set rmargin 10
set grid ytics
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb "black" lw 1
plot "$dat" using 1:3:xtic(2) with boxes lc rgb "#3a78b5" title "Linux / exo (> 1: exo needs fewer instructions)", \
     "" using 1:3:(sprintf("%.1f", \$3)) with labels offset 0,0.7 notitle, \
     "" using 1:4 with points pt 9 ps 1.5 lc rgb "#d04020" title "target"
EOF
	[ -n "$chart" ] || echo "bench: gnuplot failed: no chart"
else
	echo "bench: gnuplot not available (apt-get install gnuplot-nox): no chart"
fi

kver=$(basename "$(ls build/linux/boot/vmlinuz-* 2>/dev/null | head -1)" | sed 's/^vmlinuz-//')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
	echo "# Benchmark results (\`make bench\`)"
	echo
	echo "Generated by \`ci/bench.sh\` on $(date -u +%Y-%m-%d) ($(uname -m), $(nproc) CPUs: $cpu)."
	echo "Both systems run in the same QEMU $qv under TCG, one vCPU: the exokernel"
	echo "bench image (\`libos/bench/bench.c\` as the root env) and Debian 12's own"
	echo "Linux $kver (\`ci/linux-bench/bench.c\` as \`/init\`'s child)."
	echo "**TCG is not hardware**: figures are guest instructions (with \`-icount"
	echo "shift=0\` the guest TSC advances by one per instruction, so they are exact"
	echo "and repeatable), not cycles, and say nothing of caches, TLB misses or"
	echo "the cost of a privilege switch on a real CPU."
	echo
	echo "Each figure: median and minimum of per-operation samples (2,001; 201 for"
	echo "prot100, unprot100, appel2 and fork), each timed by its own"
	echo "\`lfence; rdtsc\` pair, whose own 3-4 instructions are included on both sides."
	echo
	if [ $tsc -eq 1 ]; then
		echo "| primitive | exo median | exo min | Linux operation | Linux median | Linux min | Linux / exo | target | TSC exo | TSC Linux | TSC ratio |"
		echo "|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|"
	else
		echo "| primitive | exo median | exo min | Linux operation | Linux median | Linux min | Linux / exo | target |"
		echo "|---|---:|---:|---|---:|---:|---:|---|"
	fi
	printf '%s' "$rows"
	echo
	echo "Targets met: $met_n of $tgt_n."
	[ $tsc -eq 1 ] && {
		echo "The TSC columns (medians) come from a second boot of each guest without"
		echo "\`-icount\`: TCG's TSC then follows host time, so they are noisy"
		echo "host-time-based TCG cycles, not instructions and not hardware cycles."
		[ -z "$tsc_note" ] || { echo; echo "$tsc_note"; }
	}
	[ -n "$chart" ] && { echo; echo "![Linux / exo ratios](ratios.svg)"; }
	echo
	echo "Also measured (exokernel, guest instructions, medians):"
	echo "- an asynchronous call (the callee returns at once): $(fmt "$e_send");"
	echo "- a ring-3 \`ud2\` delivered to our own handler and back: $(fmt "$e_ud");"
	echo "- prot100 with \`avm_protN\` (a table lookup per page) instead of"
	echo "  \`avm_prot_range\` (one per 2 MiB): $(fmt "$e_protn");"
	echo "- fork + exit + wait by part: \`fork()\` in the parent $(fmt "$e_fp"), the"
	echo "  child's run to its exit and the kernel's teardown $(fmt "$e_fc"),"
	echo "  \`fork_reap()\` $(fmt "$e_fr")."
	echo
	echo "Visible revocation (guest instructions; no Linux counterpart):"
	echo "- a cooperative revocation of one named page (the request, the"
	echo "  T_REVOKE upcall, the victim unmapping and freeing it, the yield"
	echo "  back): median $(fmt "$e_rev"); the kernel notes the request met at its"
	echo "  next timer tick, which is not counted;"
	echo "- a forced repossession of one page (a rev_force call that took one:"
	echo "  the step that frees it, checks that no capability names it and"
	echo "  writes the ring entry, then the next page in hand unbound if it is"
	echo "  bound: capabilities killed with their mappings, mapping removed, TLB flush):"
	echo "  $(fmt "$e_take") on average, $(fmt "$e_takemax") at most: the longest non-preemptible step;"
	echo "- a victim ignoring a request for $e_big: the longest"
	echo "  timer tick with abort-protocol work (up to 64 steps) took $(fmt "$e_tick")."
	echo
	echo "Raw lines: \`$out/exo.txt\`, \`$out/linux.txt\`$( [ $tsc -eq 1 ] && echo ", \`$out/exo-tsc.txt\`, \`$out/linux-tsc.txt\`")."
} >"$md"
cat "$md"
echo "bench: results in bench/results.md, bench/results.csv$( [ -n "$chart" ] && echo ", bench/ratios.svg") ($met_n of $tgt_n targets met)"
echo "bench: make bench took $(elapsed)"
