# SPDX-License-Identifier: MIT
# proofs/table.jq -- print the per-function table of summary.json (jq -r).

def pad($n): tostring | if length < $n then . + (" " * ($n - length)) else . end;
def lpad($n): tostring | if length < $n then (" " * ($n - length)) + . else . end;
def secs: (. * 10 | round / 10 | tostring) + "s";
def split_str: to_entries | sort_by(.key) | map("\(.key) \(.value)")
  | if length == 0 then "none" else join(", ") end;

. as $s
| ([$s.functions[].function | length] + [8] | max) as $w
| ([$s.functions[].file, $s.errors[].file | length] + [4] | max) as $fw
| "",
  "\("function" | pad($w))  \("file" | pad($fw))  \("goals" | lpad(9))  \("smoke" | lpad(7))  \("time" | lpad(7))  provers",
  ($s.functions[]
   | "\(.function | pad($w))  \(.file | pad($fw))  \("\(.proved)/\(.total)" | lpad(9))  \(if .smoke_total > 0 then "\(.smoke_passed)/\(.smoke_total)" else "-" end | lpad(7))  \(.time_s | secs | lpad(7))  \(.provers | split_str)\(if .passed then "" else "  FAILED" end)"),
  ($s.errors[] | "\("-" | pad($w))  \(.file | pad($fw))  FAILED: \(.error)"),
  "",
  ($s.files[] | "file \(.file): \(.goals_proved)/\(.goals) goals, \(.smoke_passed)/\(.smoke_total) smoke, \(.wall_time_s | secs) wall\(if .ok then "" else ", FAILED (frama-c exit \(.frama_c_exit))" end)"),
  ( [$s.functions[] | select(.unproved | length > 0)] as $u
    | if ($u | length) > 0 then
        "", "unproved goals:",
        ($u[] | .function as $f | .file as $file | .unproved[]
         | "  \($file): \($f): \(.goal) [\(.status)]")
      else empty end ),
  ( if ($s.warnings | length) > 0 then
      "", "frama-c warnings (not fatal; read them):",
      ($s.warnings[] | "  \(.file): \(.warning)")
    else empty end ),
  ( if ($s.smoke_tests.failed | length) > 0 then
      "", "failed smoke tests (code or contract the prover shows unreachable / inconsistent):",
      ($s.smoke_tests.failed[] | "  \(.at): \(.function): \(.test)")
    else empty end ),
  "",
  ( $s.totals.slowest_goal // empty
    | "slowest goal: \(.goal) (\(.file)), \(.time_s | secs) (all passes; the first z3 pass stops at \($s.settings.timeout_s) s)" ),
  "total: \($s.totals.goals_proved)/\($s.totals.goals) goals proved (\($s.totals.provers | split_str)), smoke tests \(if $s.smoke_tests.state == "run" then "\($s.smoke_tests.passed)/\($s.smoke_tests.total) passed" else "skipped" end), \($s.totals.functions) functions, goal time \($s.totals.goal_time_s | secs), wall \($s.wall_time_s | secs)"
