# SPDX-License-Identifier: MIT
# exo: a formally verified x86-64 exokernel.
#
#   make run       build and boot the system in QEMU (installs what is missing)
#   make check     the whole test suite: host unit tests, in-QEMU tests, proofs
#   make proofs    Frama-C WP proof check of kernel/core
#   make cache-prune  run the gate once, keep only the WP cache entries it used
#   make audit     assurance report from the committed proof results (proofs/audit/report.md)
#   make mutants   mutation testing of the proofs (resumable; ONLY=regex, MAX=n)
#   make bench     primitive costs (guest instructions) next to Linux in the same QEMU
#   make bench-smoke  a few samples of each, both systems: every primitive runs
#   make fuzz      libFuzzer on kernel/core against the model (FUZZ_SECONDS=600)
#   make fuzz-smoke   the same for FUZZ_SMOKE_SECONDS=60, from the seeds only
#   make qemu-gdb  boot and wait for GDB on localhost:1234
#   make clean
#
# ACCEL=kvm opts in to KVM on hosts whose CPU has vmx/svm (default: tcg).

B        := build
ACCEL    ?= tcg
QEMU     ?= qemu-system-x86_64
QEMUARGS := -accel $(ACCEL) -m 128M -display none -serial mon:stdio -no-reboot \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04

ifeq ($(ACCEL),kvm)
ifneq ($(shell grep -qwE 'vmx|svm' /proc/cpuinfo && echo yes),yes)
$(error ACCEL=kvm needs a CPU whose flags show vmx or svm; this host has neither (its /dev/kvm, if any, is not VT-x/AMD-V). Use the default, ACCEL=tcg)
endif
endif

CC       := gcc
KCFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
            -fno-stack-protector -fno-asynchronous-unwind-tables -mno-red-zone \
            -mgeneral-regs-only -mcmodel=small -fno-common -Wa,--noexecstack
UCFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
            -fno-stack-protector -fno-asynchronous-unwind-tables \
            -mgeneral-regs-only -mcmodel=large -fno-builtin -Wa,--noexecstack
KLDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -Wl,--build-id=none
ULDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -Wl,--build-id=none

CORE_SRC := $(wildcard kernel/core/*.c)
ARCH_SRC := $(wildcard kernel/arch/x86_64/*.c) $(wildcard kernel/drivers/*.c)
ARCH_ASM := kernel/arch/x86_64/boot.S kernel/arch/x86_64/entry.S
KOBJS    := $(patsubst %.c,$(B)/%.o,$(CORE_SRC) $(ARCH_SRC)) $(patsubst %.S,$(B)/%.o,$(ARCH_ASM))
KHDRS    := $(wildcard kernel/core/*.h kernel/arch/x86_64/*.h kernel/drivers/*.h kernel/include/uapi/*.h spec/*.acsl)

ULIB     := $(patsubst %.c,$(B)/%.o,$(wildcard libos/lib/*.c)) $(patsubst %.S,$(B)/%.o,$(wildcard libos/lib/*.S))
# Programs link the library as an archive: each carries only the objects it
# uses (fork() shares a program's pages through capabilities, CAP_PER_ENV
# of them per env, so a page of dead code costs every forking program).
ULIBA    := $(B)/libos/lib/libos.a
UHDRS    := $(wildcard libos/lib/*.h) $(wildcard kernel/include/uapi/*.h)
# The run image's file system: the shell first (module 0, the root env),
# then the programs it can start, by name.
PROGS    := sh hello primes forktree pingpong appel revdemo dbdemo spin wc
TESTS    := $(sort $(basename $(notdir $(wildcard libos/tests/t_*.c libos/tests/k_*.c))))

.PHONY: cache-prune mutants mutants-recheck all run check proofs audit unit qemu-test deps clean qemu-gdb bench bench-smoke fuzz fuzz-smoke
.SECONDARY:
all: $(B)/exo.elf32 $(B)/exo-demo.elf32 $(B)/exo-test.elf32 $(B)/exo-bench.elf32

deps:
	@bash ci/install-deps.sh
	@bash ci/fuzz/install-deps.sh

$(B)/%.o: %.c $(KHDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@
$(B)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(B)/libos/%.o: libos/%.c $(UHDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(UCFLAGS) -c $< -o $@
$(B)/libos/%.o: libos/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(UCFLAGS) -c $< -o $@
$(ULIBA): $(filter-out %crt0.o,$(ULIB))
	@echo "  AR      $@"
	@rm -f $@
	@ar rcs $@ $^
$(B)/libos/bin/%.elf: $(B)/libos/prog/%.o $(ULIBA) $(B)/libos/lib/crt0.o libos/lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ULDFLAGS) -T libos/lib/user.ld -o $@ $(B)/libos/lib/crt0.o $< $(ULIBA)
$(B)/libos/bin/%.elf: $(B)/libos/bench/%.o $(ULIBA) $(B)/libos/lib/crt0.o libos/lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ULDFLAGS) -T libos/lib/user.ld -o $@ $(B)/libos/lib/crt0.o $< $(ULIBA)
$(B)/libos/bin/%.elf: $(B)/libos/tests/%.o $(ULIBA) $(B)/libos/lib/crt0.o libos/lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ULDFLAGS) -T libos/lib/user.ld -o $@ $(B)/libos/lib/crt0.o $< $(ULIBA)

# Boot image for `make run`: module 0 (the root env) is the shell.  The
# demo image (make run DEMO=1) adds the file "tour", which the shell runs.
# The shell's `bench` is the benchmark program built with few samples.
RUNMODS  := $(foreach p,$(PROGS),$(p)=$(B)/libos/bin/$(p).elf) bench=$(B)/libos/bin/bench-smoke.elf
RUNDEPS  := $(foreach p,$(PROGS),$(B)/libos/bin/$(p).elf) $(B)/libos/bin/bench-smoke.elf
$(B)/modules-run.S: $(RUNDEPS) kernel/arch/x86_64/mkmodules.sh
	@echo "  GEN     $@"
	@sh kernel/arch/x86_64/mkmodules.sh $@ $(RUNMODS)
$(B)/modules-demo.S: $(RUNDEPS) libos/prog/tour kernel/arch/x86_64/mkmodules.sh
	@echo "  GEN     $@"
	@sh kernel/arch/x86_64/mkmodules.sh $@ $(RUNMODS) tour=libos/prog/tour
# Test image: module 0 is the test runner, then every test program.
$(B)/modules-test.S: $(foreach p,runner $(TESTS),$(B)/libos/bin/$(p).elf) kernel/arch/x86_64/mkmodules.sh
	@echo "  GEN     $@"
	@sh kernel/arch/x86_64/mkmodules.sh $@ $(foreach p,runner $(TESTS),$(p)=$(B)/libos/bin/$(p).elf)
# Bench image: module 0 is the benchmark program.  The smoke image (for
# `make check`) is the same program built with -DBENCH_SMOKE: few samples.
$(B)/modules-bench.S: $(B)/libos/bin/bench.elf kernel/arch/x86_64/mkmodules.sh
	@echo "  GEN     $@"
	@sh kernel/arch/x86_64/mkmodules.sh $@ bench=$(B)/libos/bin/bench.elf
$(B)/libos/bench/bench-smoke.o: libos/bench/bench.c $(UHDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (-DBENCH_SMOKE)"
	@$(CC) $(UCFLAGS) -DBENCH_SMOKE -c $< -o $@
$(B)/modules-bench-smoke.S: $(B)/libos/bin/bench-smoke.elf kernel/arch/x86_64/mkmodules.sh
	@echo "  GEN     $@"
	@sh kernel/arch/x86_64/mkmodules.sh $@ bench=$(B)/libos/bin/bench-smoke.elf
$(B)/modules-%.o: $(B)/modules-%.S
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(B)/exo.elf: $(KOBJS) $(B)/modules-run.o kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -T kernel/arch/x86_64/kernel.ld -o $@ $(KOBJS) $(B)/modules-run.o
$(B)/exo-demo.elf: $(KOBJS) $(B)/modules-demo.o kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -T kernel/arch/x86_64/kernel.ld -o $@ $(KOBJS) $(B)/modules-demo.o
$(B)/exo-bench.elf: $(KOBJS) $(B)/modules-bench.o kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -T kernel/arch/x86_64/kernel.ld -o $@ $(KOBJS) $(B)/modules-bench.o
$(B)/exo-bench-smoke.elf: $(KOBJS) $(B)/modules-bench-smoke.o kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -T kernel/arch/x86_64/kernel.ld -o $@ $(KOBJS) $(B)/modules-bench-smoke.o
$(B)/exo-test.elf: $(KOBJS) $(B)/modules-test.o kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -T kernel/arch/x86_64/kernel.ld -o $@ $(KOBJS) $(B)/modules-test.o
# QEMU's multiboot loader takes ELF32 only: same bytes, 32-bit container.
$(B)/%.elf32: $(B)/%.elf
	@echo "  OBJCOPY $@ (elf32 for QEMU's multiboot loader)"
	@objcopy -O elf32-i386 $< $@

# Dependencies first, then the build, then QEMU (order matters under -j).
RUNIMG   := $(if $(filter 1,$(DEMO)),exo-demo,exo)
run:
	@bash ci/install-deps.sh
	@$(MAKE) --no-print-directory $(B)/$(RUNIMG).elf32
	@bash ci/qemu-run.sh $(B)/$(RUNIMG).elf32 $(QEMU) $(QEMUARGS)

qemu-gdb:
	@bash ci/install-deps.sh
	@$(MAKE) --no-print-directory $(B)/exo.elf32
	@echo "QEMU waits for GDB on localhost:1234: gdb -ex 'target remote localhost:1234' $(B)/exo.elf"
	$(QEMU) $(QEMUARGS) -kernel $(B)/exo.elf32 -s -S

unit:
	@bash ci/unit/run.sh

# libFuzzer (clang-14) drives kernel/core with byte-driven random call
# sequences, checked after every call against the model (ci/fuzz/README.md).
# Corpus in build/fuzz/corpus, crash inputs in build/fuzz/.  The smoke run
# starts from ci/fuzz/seeds in a fresh corpus.  Both end with "fuzz: N passed, N failed".
FUZZ_SECONDS       ?= 600
FUZZ_SMOKE_SECONDS ?= 60
fuzz:
	@bash ci/fuzz/install-deps.sh
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash ci/fuzz/run.sh
fuzz-smoke:
	@bash ci/fuzz/install-deps.sh
	@FUZZ_SMOKE=1 FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) bash ci/fuzz/run.sh

qemu-test: $(B)/exo-test.elf32 $(B)/exo.elf32 $(B)/exo-demo.elf32
	@bash ci/qemu-test.sh $(B) $(QEMU) $(QEMUARGS)

proofs:
	@bash proofs/wp-check.sh

# One full gate run under strace; then delete the WP cache entries it did
# not open (proofs/cache-prune.sh; nothing is deleted if the gate fails).
cache-prune:
	@bash proofs/cache-prune.sh

# proofs/audit/report.{md,html} from proofs/results/*.json, the sources and
# build/exo.elf (built if absent); runs no prover.  Fails unless every
# property of proofs/audit/properties.tsv is proved.
audit:
	@bash proofs/audit/audit.sh

# Mutation testing of the proofs (proofs/audit/mutate.py): resumable, hours
# for all mutants; ONLY=regex on the key file:function:operator:hash, MAX=n mutants.
mutants:
	@python3 proofs/audit/mutate.py $(if $(ONLY),--only '$(ONLY)') $(if $(MAX),--max $(MAX))
# Re-check N more kills (default 10) with z3 at 60 s a goal (recheck.py).
mutants-recheck:
	@python3 proofs/audit/recheck.py $(if $(ONLY),--only '$(ONLY)') $(if $(N),--sample $(N))

bench:
	@bash ci/install-deps.sh
	@$(MAKE) --no-print-directory $(B)/exo-bench.elf32
	@bash ci/bench.sh $(B) $(QEMU)

# A few samples of every primitive on both systems; checks that each ran
# and printed a positive figure, asserts no timing (a suite of make check).
bench-smoke:
	@$(MAKE) --no-print-directory $(B)/exo-bench-smoke.elf32
	@bash ci/bench.sh --smoke $(B) $(QEMU)

check:
	@bash ci/install-deps.sh
	@bash ci/check.sh

clean:
	rm -rf $(B)
