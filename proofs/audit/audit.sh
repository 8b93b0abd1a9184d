#!/bin/bash
# SPDX-License-Identifier: MIT
# proofs/audit/audit.sh -- `make audit`: the assurance report of the
# verified core, proofs/audit/report.md and report.html, from the committed
# proof results, the sources and the built kernel.  Runs no prover (a few
# seconds).  Exit status 0 when every property of proofs/audit/properties.tsv
# is proved and every smoke test passed, 1 otherwise, 2 on an error.
#
#   bash proofs/audit/audit.sh            # from the repository root
#   AUDIT_ELF=build/exo-test.elf bash proofs/audit/audit.sh   # another image
set -u
cd "$(dirname "$0")/../.." || exit 2
for t in python3 nm readelf git; do
	command -v "$t" >/dev/null 2>&1 || { echo "audit: $t missing (bash ci/install-deps.sh)" >&2; exit 2; }
done
# The binary figures need the kernel image; build it only when it is absent.
if [ ! -f "${AUDIT_ELF:-build/exo.elf}" ] && [ -z "${AUDIT_ELF:-}" ]; then
	echo "audit: build/exo.elf missing: make build/exo.elf32"
	make --no-print-directory build/exo.elf32 >&2 || echo "audit: build failed; the report omits the binary figures" >&2
fi
exec python3 proofs/audit/audit.py
