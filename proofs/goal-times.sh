#!/bin/bash
# SPDX-License-Identifier: MIT
# proofs/goal-times.sh -- the proof time of each WP goal, from Frama-C logs.
#
#   bash proofs/goal-times.sh REPORT.json LOG [LOG...] >TIMES.tsv
#
# Writes one line per goal, "<goal>\t<seconds>", sorted by goal, after a
# header line naming the SHA-256 of REPORT.json (the committed report these
# times belong to; proofs/audit/audit.py uses a times file only when the
# hash matches).  <goal> is WP's name without "typed_" and without the
# "_partN" suffixes of -wp-split, so the parts of one goal are summed.  The
# seconds are Qed's time plus the prover's, summed over every pass of the
# gate that tried the goal (a goal z3 gave up on and cvc5 proved counts
# both).  A result read from the WP cache counts the prover time recorded
# when it was proved, so the figure does not depend on the cache's state:
# it is the proof's cost, not this run's wall time (that is
# proofs/results/summary.json's time_s per function).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 REPORT.json LOG [LOG...]" >&2; exit 2; }
report=$1; shift
[ -f "$report" ] || { echo "goal-times: $report: no such file" >&2; exit 2; }
for l in "$@"; do
	[ -f "$l" ] || { echo "goal-times: $l: no such file" >&2; exit 2; }
done
printf '# sha256 %s %s: per-goal proof time in seconds (Qed + prover, all passes, cached results at their recorded time)\n' \
	"$(sha256sum <"$report" | cut -d' ' -f1)" "$(basename "$report")"
# The report's goal names: a log name (an assigns goal's "_exit" and
# "_normal", a loop variant's "_decrease" and "_positive") is counted under
# the longest report name it extends; a call's precondition under the
# caller's one "<callee>_requires[_N]".
jq -r '[."wp:functions", ."wp:axiomatics"] | .[] // {} | to_entries[]
	| .key as $f | .value | keys[] | "\($f)\t\(.)"' "$report" |
perl -e '
	my (%key, %fn, %call);
	while (defined(my $l = <STDIN>)) {
		chomp $l; my ($f, $k) = split /\t/, $l;
		$key{$k} = 1; $fn{$f} = 1;
		# A precondition of a call: the report says "<callee>_requires[_N]"
		# under the caller, the log "<caller>_call_<callee>_requires".
		push @{$call{"$f\t$1"}}, $k if $k =~ /^(.+_requires)(_\d+)?$/;
	}
	for my $log (@ARGV) {
		open(my $fh, "<", $log) or die "goal-times: $log: $!\n";
		while (<$fh>) {
			next unless /^\[wp\] \[[^\]]+\] Goal typed_(\S+) : \w+(.*)$/;
			my ($g, $rest, $t) = ($1, $2, 0);
			$g =~ s/(_part\d+)+$//;
			my $k = $g;
			while ($g =~ /_call_/g) {
				my ($f, $c) = (substr($g, 0, $-[0]), substr($g, $+[0]));
				my $ks = $call{"$f\t$c"};
				$k = $ks->[0] if $fn{$f} && $ks && @$ks == 1;
			}
			$k =~ s/_[^_]+$// while !$key{$k} && $k =~ /_/;
			$g = $k if $key{$k};
			while ($rest =~ /\((Qed:)?(?:(\d+)\x27)?(\d+(?:\.\d+)?)(ms|s)?\)/g) {
				next unless defined $4;          # a step count, not a time
				$t += ($2 // 0) * 60 + ($4 eq "ms" ? $3 / 1000 : $3);
			}
			$sum{$g} += $t;
		}
	}
	printf "%s\t%.3f\n", $_, $sum{$_} for sort keys %sum;' "$@"
