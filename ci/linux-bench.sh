#!/bin/bash
# SPDX-License-Identifier: MIT
# linux-bench.sh [--smoke] [--no-icount] [OUTFILE] -- the Linux baseline
# for our primitive costs.
#
# Boots Debian 12's own Linux kernel in the same QEMU we run our kernel in
# (TCG, -icount shift=0: the guest TSC counts guest instructions, one per
# instruction, deterministically) with ci/linux-bench/bench.c as /init,
# and writes its `linux-bench:` lines (the null system call, exception
# dispatch, the Appel-Li primitives, yield, pipe and shared-memory IPC,
# fork, page map/unmap; in guest instructions) to OUTFILE (default
# build/bench/linux.txt).  See ci/linux-bench/README.md.
#
#   --smoke      a few samples of each (the kernel command line gets
#                bench_smoke=1); for `make check`, no figure is meaningful
#   --no-icount  boot without -icount: the figures are TCG's host-time-based
#                TSC, noisy
#
# The kernel package is fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` under build/linux/ (kept there as a cache), never
# installed.  Exit 0 only if every figure was found.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
smoke=0; icount=(-icount shift=0); mode="-icount shift=0"
while [ $# -gt 0 ]; do
	case $1 in
		--smoke) smoke=1; shift ;;
		--no-icount) icount=(); mode="no -icount"; shift ;;
		*) break ;;
	esac
done
out=${1:-build/bench/linux.txt}
case $out in /*) ;; *) out=$PWD/$out ;; esac
[ $# -ge 1 ] || out=$here/build/bench/linux.txt
dir=$here/build/linux
tmo=${LINUX_BENCH_TIMEOUT:-600}
mkdir -p "$dir" "$(dirname "$out")" || exit 1

die() { echo "linux-bench: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
root() { [ "$(id -u)" -eq 0 ]; }
first() { for f in "$@"; do [ -e "$f" ] && { echo "$f"; return; }; done; }
export DEBIAN_FRONTEND=noninteractive

# Install a Debian package when root, else fail with what to install.
need() { # COMMAND PACKAGE
	have "$1" && return 0
	root || die "$1 is missing: install the Debian package $2 (apt-get install $2)"
	have apt-get || die "$1 is missing and apt-get is not available"
	echo "linux-bench: installing $2"
	apt-get install -y -qq --no-install-recommends "$2" >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "$2" >/dev/null; } ||
		die "apt-get install $2 failed"
	have "$1" || die "$1 still missing after installing $2"
}

need qemu-system-x86_64 qemu-system-x86
need gcc gcc
need cpio cpio
need timeout coreutils

# ---- the kernel ---------------------------------------------------------
# linux-image-amd64 is a metapackage; its dependency is the real image,
# e.g. linux-image-6.1.0-56-amd64 (signed; -unsigned is the same kernel).
image_pkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: *\(linux-image-[0-9][^ ]*-amd64\)\(-unsigned\)\{0,1\}$/\1/p' | head -n1
}
download() { # PACKAGE
	cd "$dir" || return 1
	apt-get download "$1" >/dev/null 2>&1 ||
		apt-get download "$1-unsigned" >/dev/null 2>&1
	local rc=$?
	cd "$here" || return 1
	return $rc
}
vmlinuz=$(first "$dir"/boot/vmlinuz-*)
if [ -z "$vmlinuz" ]; then
	for t in apt-get apt-cache dpkg-deb; do
		have $t || die "$t not available: cannot fetch a Debian kernel"
	done
	deb=$(first "$dir"/linux-image-*.deb)
	if [ -z "$deb" ]; then
		pkg=$(image_pkg)
		if [ -z "$pkg" ] || ! download "$pkg"; then
			echo "linux-bench: apt-get download failed; running apt-get update"
			root || die "cannot run apt-get update as non-root; run it (or this script) as root"
			apt-get update -qq || die "apt-get update failed"
			pkg=$(image_pkg)
			[ -n "$pkg" ] || die "cannot resolve linux-image-amd64 to a kernel package"
			download "$pkg" || die "apt-get download $pkg (and $pkg-unsigned) failed"
		fi
		deb=$(first "$dir"/linux-image-*.deb)
		[ -n "$deb" ] || die "apt-get download produced no linux-image .deb"
		echo "linux-bench: downloaded $(basename "$deb")"
	fi
	dpkg-deb -x "$deb" "$dir/pkg" || die "dpkg-deb -x $deb failed"
	mkdir -p "$dir/boot"
	cp "$dir"/pkg/boot/vmlinuz-* "$dir/boot/" || die "no boot/vmlinuz-* in $deb"
	rm -rf "$dir/pkg"
	vmlinuz=$(first "$dir"/boot/vmlinuz-*)
fi
kver=${vmlinuz##*/vmlinuz-}

# ---- /init and the initramfs ---------------------------------------------
gcc -static -O2 -Wall -Wextra -o "$dir/init" "$here/ci/linux-bench/bench.c" ||
	die "building bench.c failed (gcc -static needs libc6-dev)"
rm -rf "$dir/root"
mkdir -p "$dir/root"
cp "$dir/init" "$dir/root/init"
(cd "$dir/root" && echo init | cpio -o -H newc -R 0:0 --quiet) >"$dir/initramfs.cpio" ||
	die "cpio failed"

# ---- boot ----------------------------------------------------------------
log=$dir/serial.log
[ $smoke -eq 1 ] && log=$dir/serial-smoke.log
[ ${#icount[@]} -eq 0 ] && log=${log%.log}-noicount.log
rm -f "$log"
append="console=ttyS0 quiet panic=-1 nokaslr norandmaps ${LINUX_BENCH_APPEND:-}"
[ $smoke -eq 1 ] && append="$append bench_smoke=1"
echo "linux-bench: booting Linux $kver under TCG, $mode$([ $smoke -eq 1 ] && echo ', smoke run') (timeout ${tmo} s)"
t0=$(date +%s)
timeout "$tmo" qemu-system-x86_64 -accel tcg "${icount[@]}" -smp 1 -m 256M \
	-display none -no-reboot -nic none -serial "file:$log" -monitor none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$vmlinuz" -initrd "$dir/initramfs.cpio" \
	-append "$append" </dev/null
rc=$?
t1=$(date +%s)
case $rc in
	1) st="powered off through isa-debug-exit" ;;	# outb(0, 0xf4)
	0) st="powered off (reboot(RB_POWER_OFF) fallback)" ;;
	124) st="timed out" ;;
	*) st="QEMU exited with status $rc" ;;
esac
echo "linux-bench: guest $st after $((t1 - t0)) s"

tr -d '\r' <"$log" 2>/dev/null | grep '^linux-bench: ' >"$out"
cat "$out"
ok=1
for p in getppid exc trap prot1 unprot1 prot100 unprot100 dirty appel1 appel2 \
	page page_touch sched_yield pipe shm_yield fork; do
	grep -q "^linux-bench: $p median=[0-9]" "$out" || { echo "linux-bench: no $p figure" >&2; ok=0; }
done
grep -q '^linux-bench: done (0 failed' "$out" || ok=0
if [ $ok -eq 1 ] && [ $rc -le 1 ]; then
	echo "linux-bench: figures written to $out"
	exit 0
fi
rm -f "$out"	# no partial figures for anyone to pick up
echo "linux-bench: FAILED; last lines of $log:" >&2
if [ -s "$log" ]; then tail -n 40 "$log" >&2; else echo "(empty)" >&2; fi
exit 1
