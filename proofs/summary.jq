# SPDX-License-Identifier: MIT
# proofs/summary.jq -- build results/summary.json from the per-file
# meta.json records written by wp-check.sh (read with jq -s).
#
# A meta record: {file, name, rc, ok, wall, report, times}; report is the
# WP JSON report (-wp-report-json) or null, times the per-goal times parsed
# from the frama-c log ({goal, t}, goal without its "typed_" prefix).
#
# In a WP report, ."wp:functions".F.P is one property P of function F and
# P."wp:main" its status over every prover: {total, valid, unknown,
# timeout, failed}.  A smoke test (property name containing "_wp_smoke_")
# counts as valid when the prover could NOT prove the code dead.

def props: to_entries | map(select(.key | startswith("wp:") | not));
def is_smoke: .key | test("_wp_smoke_");
def main: .value."wp:main";
def n_total: map(main.total // 0) | add // 0;
def n_valid: map(main.valid // 0) | add // 0;
def open: select((main.valid // 0) < (main.total // 0));
# "Z3:4.8.12" -> "z3", "CVC5:1.0.3" -> "cvc5", "qed" -> "qed"
def prover_name: split(":")[0] | ascii_downcase;
def status: main | to_entries
  | map(select((.key | IN("total", "valid", "rank") | not) and .value > 0) | .key)
  | if length == 0 then "unproved" else join(",") end;
def r3: . * 1000 | round / 1000;

# Sum of goal times per function: a goal belongs to the longest function
# name that prefixes it ("env_destroy_call_..." -> env_destroy).
def times_by_fct($names):
  reduce .[] as $g ({};
    ([$names[] | . as $n | select($g.goal | startswith($n + "_"))]
     | max_by(length)) as $f
    | if $f == null then . else .[$f] += $g.t end);

def rows_of($m; $group; $kind):
  ($group | keys) as $names
  | ($m.times | times_by_fct($names)) as $tm
  | $group | to_entries[]
  | .key as $fn
  | (.value | props) as $p
  | ($p | map(select(is_smoke | not))) as $goals
  | ($p | map(select(is_smoke))) as $smoke
  | {file: $m.file,
     function: (if $kind == "function" then $fn else (if $fn == "" then "lemmas" else "lemmas " + $fn end) end),
     total: ($goals | n_total),
     proved: ($goals | n_valid),
     smoke_total: ($smoke | n_total),
     smoke_passed: ($smoke | n_valid),
     time_s: (($tm[$fn] // 0) | r3),
     provers: (reduce ($goals[] | .value | to_entries[]
                       | select(.key != "wp:main" and (.value.valid // 0) > 0)) as $e
               ({}; .[$e.key | prover_name] += $e.value.valid)),
     unproved: [$goals[] | open | {goal: .key, status: status}],
     smoke_failed: [$smoke[] | open | .key as $k
                    | {test: $k,
                       at: ($m.smoke_at | to_entries
                            | map(select(.key == $k or (.key | endswith("_" + $k))))
                            | first.value // "?")}]}
  | .passed = (.proved == .total and (.smoke_failed | length) == 0);

. as $metas
| [$metas[] | select(.ok) | . as $m
   | (rows_of($m; $m.report."wp:functions" // {}; "function"),
      rows_of($m; $m.report."wp:axiomatics" // {}; "axiomatic"))]
  | sort_by(.file, .function) as $rows
| [$metas[] | select(.ok | not)
   | {file, error: "frama-c exit \(.rc), no usable WP report"}]
  | sort_by(.file) as $errors
| ($rows | map(select(.passed)) | length) as $passed
| (($rows | map(select(.passed | not)) | length) + ($errors | length)) as $failed
| ([$rows[] | .smoke_failed[]] | length) as $smoke_failed
| {
    generated_by: "proofs/wp-check.sh",
    tools: {"frama-c": $framac, why3: $why3, z3: $z3, cvc5: $cvc5},
    settings: {options: $opts, jobs: $jobs, wp_par: $par, timeout_s: $timeout,
               wp_cache: ($cache == "1"),
               functions: (if $fct == "" then "all" else $fct end)},
    wall_time_s: $wall,
    smoke_tests: {
      state: $smoke,
      result: (if $smoke != "run" then "skipped"
               elif $smoke_failed == 0 then "pass" else "fail" end),
      total: ($rows | map(.smoke_total) | add // 0),
      passed: ($rows | map(.smoke_passed) | add // 0),
      failed: [$rows[] | .function as $f | .file as $file | .smoke_failed[]
               | {file: $file, function: $f, test: .test, at: .at}]},
    totals: {
      gate: (if $failed == 0 and ($rows | length) > 0 then "pass" else "fail" end),
      functions: (($rows | length) + ($errors | length)),
      functions_passed: $passed,
      functions_failed: $failed,
      goals: ($rows | map(.total) | add // 0),
      goals_proved: ($rows | map(.proved) | add // 0),
      goal_time_s: ($rows | map(.time_s) | add // 0 | r3),
      slowest_goal: ([$metas[] | select(.ok) | .file as $f | .times[] | . + {file: $f}]
                     | max_by(.t) // null
                     | if . == null then null
                       else {file, goal, time_s: (.t | r3)} end),
      provers: (reduce ($rows[] | .provers | to_entries[]) as $e
                ({}; .[$e.key] += $e.value))},
    files: [$metas[] | . as $m
            | ([$rows[] | select(.file == $m.file)]) as $fr
            | {file, ok, frama_c_exit: .rc, wall_time_s: .wall,
               functions: ($fr | length),
               goals: ($fr | map(.total) | add // 0),
               goals_proved: ($fr | map(.proved) | add // 0),
               smoke_total: ($fr | map(.smoke_total) | add // 0),
               smoke_passed: ($fr | map(.smoke_passed) | add // 0)}]
           | sort_by(.file),
    errors: $errors,
    warnings: [$metas[] | .file as $f | .warnings[]? | {file: $f, warning: .}],
    functions: $rows
  }
