#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Re-check kills of the mutation run with six times the time (`make
mutants-recheck`, read by `make audit`).

mutate.py kills a mutant at the first goal, of a property the baseline
proves, that z3 does not prove within 10 s: nearly always a Timeout.  On a
loaded machine a goal that z3 proves in 8 s when idle can time out, so a
kill may be a goal made slower rather than a goal made false.  This script
takes N killed mutants not re-checked yet (--sample N, default 10, in an
order fixed by a hash of their keys and --seed; --only REGEX narrows them
by key first), rebuilds each, and runs WP on its function with z3 at 60 s
a goal (the gate's first pass uses 10 s), stopping at the first goal of
the killing property that ends unproved:

  confirmed      that goal is still not proved at 60 s;
  not confirmed  every goal of the killing property is proved at 60 s:
                 the kill is doubtful; re-run the mutant on an idle machine
                 (delete its line from mutants.tsv, then `make mutants`).

Results go to proofs/audit/mutants-recheck.tsv (resumable).

Usage: python3 proofs/audit/recheck.py [--only REGEX] [--sample N] [--seed S]
"""
import argparse
import hashlib
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutate  # noqa: E402

OUT = os.path.join(mutate.ROOT, "proofs", "audit", "mutants-recheck.tsv")
TIMEOUT = os.environ.get("RECHECK_TIMEOUT", "60")


def killing_prop(why):
    """The property named first in a kill's reason: "p (Timeout)" or "p,q"."""
    return why.split(" ")[0].split(",")[0]


def load(path):
    rows = {}
    if os.path.exists(path):
        for l in open(path):
            if l.startswith("#") or not l.strip():
                continue
            c = l.rstrip("\n").split("\t")
            rows[c[0]] = c
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--sample", type=int, default=10)
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    ms = {mutate.key(m): m for m in mutate.all_mutants()}
    done = load(mutate.OUT)
    old = load(OUT)
    cand = []
    for k, c in done.items():
        if len(c) < 7 or c[1] != "killed" or k not in ms:
            continue
        if a.only and not re.search(a.only, k):
            continue
        cand.append(k)
    # A deterministic sample: order by a hash of the key and the seed.
    cand.sort(key=lambda k: hashlib.sha1((a.seed + k).encode()).hexdigest())
    todo = [k for k in cand if k not in old][:a.sample]
    print("recheck: %d kills in %s, %d re-checked before, %d to re-check now (z3, %s s a goal)"
          % (len(cand), os.path.relpath(mutate.OUT, mutate.ROOT), len([k for k in cand if k in old]),
             len(todo), TIMEOUT), flush=True)
    if not todo:
        return report()
    mutate.WP_TIMEOUT = TIMEOUT
    tree = os.path.join(mutate.WORK, "tree-recheck")
    if os.path.isdir(tree):
        mutate.shutil.rmtree(tree)
    os.makedirs(tree)
    for d in ("kernel", "spec"):
        mutate.shutil.copytree(os.path.join(mutate.ROOT, d), os.path.join(tree, d))
    new = not os.path.exists(OUT)
    out = open(OUT, "a")
    if new:
        out.write("# key\tresult\tproperty\tmutate.py's reason\tz3 timeout (s)\tseconds\n")
    for n, k in enumerate(todo, 1):
        m = ms[k]
        why = done[k][6]
        prop = killing_prop(why)
        src = os.path.join(tree, "kernel", "core", m["file"])
        orig = open(os.path.join(mutate.CORE, m["file"])).read()
        lines = orig.split("\n")
        assert lines[m["line"] - 1] == m["old"], k
        lines[m["line"] - 1] = m["new"]
        open(src, "w").write("\n".join(lines))
        t0 = time.time()
        props = "@ensures" if prop.endswith("_ensures") or "_ensures_" in prop else None
        g, err = mutate.run_wp(tree, m["file"], m["fn"], os.path.join(mutate.WORK, "recheck.json"),
                               props=props, stop_on={prop})
        if g == "stopped":
            res = "confirmed"
        elif g is None:
            res = "error"
        elif prop not in g:
            res = "error"   # the property was not among the goals WP ran
        else:
            res = "confirmed" if prop in mutate.failed(g) else "not confirmed"
        open(src, "w").write(orig)
        secs = time.time() - t0
        out.write("\t".join([k, res, prop, why, TIMEOUT, "%.0f" % secs]) + "\n")
        out.flush()
        print("[recheck] %d/%d %s %s %s:%d %s (%.0fs)" % (n, len(todo), res, m["fn"], m["file"],
                                                         m["line"], prop, secs), flush=True)
    out.close()
    return report()


def report():
    rows = load(OUT)
    counts = {}
    for c in rows.values():
        counts[c[1]] = counts.get(c[1], 0) + 1
    print("recheck: %d kills re-checked with z3 at %s s: %d confirmed, %d not confirmed, %d errors"
          % (len(rows), TIMEOUT, counts.get("confirmed", 0), counts.get("not confirmed", 0),
             counts.get("error", 0)))
    for k, c in sorted(rows.items()):
        if c[1] != "confirmed":
            print("  %s %s (%s)" % (c[1].upper(), k, c[2]))
    return 1 if counts.get("not confirmed") or counts.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
