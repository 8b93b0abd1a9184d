#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mutation testing of the proofs (`make mutants`, read by `make audit`).

Generates mutants of kernel/core/*.c mechanically (no hand-picked list),
runs Frama-C/WP on the mutated function of each, and reports which the
proofs kill.  The operators, applied to every line of C code inside a
function body (never to ACSL: `/*@ ... */`, `//@` and ghost code):

  guard    an `if (C)` whose body returns an error code: C becomes 0
  disj     one disjunct of such a guard's `A || B || ...` becomes 0
  relop    one `<`, `<=`, `>`, `>=` of a condition flipped (strict <-> not)
  eqop     one `==` / `!=` of a condition flipped
  ok       `return E_X;` (an error) becomes `return E_OK;`
  update   a statement that writes the kernel state (pages, envs, caps,
           sweep, sched, ipc, rev, ptmem, owner_g, vm_*_slot) is dropped
  hook     a call of a hardware hook (hw_*: the TLB flush) is dropped
  call     a call of another core function, as a statement of its own
           (its result, if any, unused), is dropped
  rights   rights or permissions widened to PERM_ALL where a capability
           or a page-table entry is built

A mutant is run with the quick proof settings (z3, WP_TIMEOUT s a goal, no
smoke tests) on its function alone (-wp-fct), against a baseline run of the
unmutated function with the same settings:
  killed     some goal the baseline proves is not proved on the mutant;
  survived   every goal of the mutant is proved (so the full gate, whose
             settings are a superset, would pass it too);
  unsure     only goals the baseline does not prove fail: re-run in one
             pass with z3 and cvc5 on each goal at 60 s and WP's split
             strategy (a superset of the gate's settings); killed if one
             stays open;
  invalid    Frama-C rejects the mutant (it does not type-check).
A mutant's postconditions are proved first (-wp-prop @ensures), the rest
only if none of them fails (MUT_STAGED=0: all at once), and WP is stopped
at the first goal that ends unproved in a property the baseline proves
(MUT_EARLY=0: let it finish): that goal kills the mutant by itself, and
mutants.tsv names it with WP's status, e.g. "f_ok_ensures (Timeout)".  A
kill by Timeout is a goal z3 no longer proves within WP_TIMEOUT s; run
mutants on an otherwise idle machine, or a loaded one may time out where
an idle one proves.  proofs/audit/recheck.py re-runs a sample of kills at
60 s a goal to check that they hold.

Results go to proofs/audit/mutants.tsv (one line per mutant, resumable:
mutants already there are skipped unless MUT_FRESH=1); survivors are
explained in proofs/audit/mutants-triage.tsv (id-independent key: file,
function, operator, the mutated line's text).

Usage: python3 proofs/audit/mutate.py [--list] [--only REGEX] [--max N] [--reverse]
       (REGEX filters on "file:function:operator")
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORE = os.path.join(ROOT, "kernel", "core")
OUT = os.path.join(ROOT, "proofs", "audit", "mutants.tsv")
TRIAGE = os.path.join(ROOT, "proofs", "audit", "mutants-triage.tsv")
WORK = os.environ.get("MUT_WORK", os.path.join(ROOT, "build", "mutants"))
WP_TIMEOUT = os.environ.get("MUT_TIMEOUT", "10")
# MUT_STAGED=0 runs every goal of a mutant at once (the old way); by
# default its postconditions run first, and the rest only if none fails.
STAGED = os.environ.get("MUT_STAGED", "1") != "0"
# MUT_EARLY=0 lets WP finish every goal of a mutant; by default it is
# stopped at the first goal, of a property the baseline proves, that ends
# unproved (that goal alone kills the mutant).
EARLY = os.environ.get("MUT_EARLY", "1") != "0"
STATE = ("pages", "envs", "caps", "sweep", "sched", "ipc", "rev", "ptmem", "owner_g",
         "vm_kernel_slot", "vm_info_slot")

FUNC_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ \t\*]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\([^;]*$")


def functions(lines):
    """(name, first body line, last line) of each top-level function."""
    out, i, n = [], 0, len(lines)
    in_acsl = False
    while i < n:
        l = lines[i]
        if in_acsl:
            if "*/" in l:
                in_acsl = False
            i += 1
            continue
        if l.lstrip().startswith("/*@") or l.lstrip().startswith("/*"):
            if "*/" not in l:
                in_acsl = True
            i += 1
            continue
        m = FUNC_RE.match(l)
        if m and not l.startswith((" ", "\t", "#", "}", "/")) and "=" not in l:
            # find the opening brace (same line or a following one)
            j = i
            while j < n and "{" not in lines[j] and ";" not in lines[j]:
                j += 1
            if j < n and "{" in lines[j] and ";" not in lines[j].split("{")[0]:
                k = j + 1
                while k < n and lines[k] != "}":
                    k += 1
                out.append((m.group(1), j + 1, k))
                i = k + 1
                continue
        i += 1
    return out


def code_lines(lines, lo, hi):
    """Indices in [lo, hi) that are C code (not ACSL, not comments)."""
    res, in_acsl, in_comment = [], False, False
    for i in range(lo, hi):
        s = lines[i].strip()
        if in_acsl or in_comment:
            if "*/" in s:
                in_acsl = in_comment = False
            continue
        if s.startswith("/*@"):
            in_acsl = "*/" not in s
            continue
        if s.startswith("/*"):
            in_comment = "*/" not in s
            continue
        if not s or s.startswith("//"):
            continue
        res.append(i)
    return res


def strip_comment(s):
    return re.sub(r"/\*.*?\*/", "", s.split("//")[0])


def cond_span(s):
    """(start, end) of the parenthesised condition of an if/while/for/return line."""
    m = re.match(r"\s*(?:\}\s*else\s+)?(if|while)\s*\(", s)
    if not m:
        return None
    start = m.end() - 1
    depth = 0
    for j in range(start, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return start + 1, j
    return None  # continues on the next line


def split_disjuncts(c):
    parts, depth, cur = [], 0, ""
    i = 0
    while i < len(c):
        ch = c[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth == 0 and c.startswith("||", i):
            parts.append(cur)
            cur = ""
            i += 2
            continue
        cur += ch
        i += 1
    parts.append(cur)
    return parts


def core_functions():
    """Names of the functions defined in kernel/core/*.c."""
    names = set()
    for f in sorted(os.listdir(CORE)):
        if f.endswith(".c"):
            names.update(fn for fn, _, _ in functions(open(os.path.join(CORE, f)).read().split("\n")))
    return names


def mutants_of(fname, core_fns=frozenset()):
    path = os.path.join(CORE, fname)
    lines = open(path).read().split("\n")
    out = []

    def add(fn, op, i, new, what):
        out.append({"file": fname, "fn": fn, "op": op, "line": i + 1,
                    "old": lines[i], "new": new, "what": what})

    for fn, lo, hi in functions(lines):
        for i in code_lines(lines, lo, hi):
            s = lines[i]
            code = strip_comment(s)
            nxt = strip_comment(lines[i + 1]).strip() if i + 1 < hi else ""
            span = cond_span(code)
            # guards: if (C) followed by (or containing) return E_...
            if span and re.match(r"\s*if\b", code):
                a, b = span
                rest = code[b + 1:].strip()
                body = rest if rest else nxt
                if re.match(r"return\s+E_[A-Z]+\s*;", body) and not body.startswith("return E_OK"):
                    cond = code[a:b]
                    add(fn, "guard", i, s[:a] + "0" + s[b:], "guard (%s) dropped" % cond.strip())
                    ds = split_disjuncts(cond)
                    if len(ds) > 1:
                        off = a
                        for d in ds:
                            ds_s = d
                            lead = len(ds_s) - len(ds_s.lstrip())
                            trail = len(ds_s) - len(ds_s.rstrip())
                            st, en = off + lead, off + len(ds_s) - trail
                            add(fn, "disj", i, s[:st] + "0" + s[en:],
                                "disjunct (%s) of a guard dropped" % ds_s.strip())
                            off += len(d) + 2
            # relational and equality operators in conditions
            if span:
                a, b = span
                for m in re.finditer(r"(?<![<>=!-])(<=|>=|<|>|==|!=)(?![<>=])", code[a:b]):
                    op = m.group(1)
                    st, en = a + m.start(), a + m.end()
                    if op in ("==", "!="):
                        new = "!=" if op == "==" else "=="
                        kind = "eqop"
                    else:
                        new = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}[op]
                        kind = "relop"
                    add(fn, kind, i, s[:st] + new + s[en:], "%s became %s in (%s)" % (op, new, code[a:b].strip()))
            # error results turned into success
            m = re.search(r"return\s+(E_[A-Z]+)\s*;", code)
            if m and m.group(1) != "E_OK":
                st = s.index(m.group(1))
                add(fn, "ok", i, s[:st] + "E_OK" + s[st + len(m.group(1)):],
                    "return %s became return E_OK" % m.group(1))
            # state updates dropped
            st = code.strip()
            if (re.match(r"(%s)\b[^=;]*?(?<![=!<>])=(?!=)[^;]*;$" % "|".join(STATE), st) or
                    re.match(r"(%s)\b[^;]*(\+\+|--);$" % "|".join(STATE), st)) and \
                    not st.startswith(("if", "for", "while", "return")):
                ind = s[:len(s) - len(s.lstrip())]
                add(fn, "update", i, ind + ";", "state update `%s` dropped" % st)
            # hardware hooks skipped
            if re.match(r"hw_[a-z_]+\(.*\);$", st):
                ind = s[:len(s) - len(s.lstrip())]
                add(fn, "hook", i, ind + ";", "hook `%s` skipped" % st)
            # calls of other core functions dropped
            m = re.match(r"(?:\(void\)\s*)?([a-z_][a-z0-9_]*)\(.*\);$", st)
            if m and m.group(1) in core_fns:
                ind = s[:len(s) - len(s.lstrip())]
                add(fn, "call", i, ind + ";", "call `%s` dropped" % st)
            # rights widened
            m = re.search(r"pte_leaf\(([^,]+),\s*([^,]+),", s)
            if m and m.group(2).strip() != "PERM_ALL":
                a2, b2 = m.start(2), m.end(2)
                add(fn, "rights", i, s[:a2] + "PERM_ALL" + s[b2:],
                    "entry built with PERM_ALL instead of %s" % m.group(2).strip())
            m = re.search(r"struct cap c = \{ CAP_LIVE, (\(uint32_t\)\w+)", s)
            if m:
                add(fn, "rights", i, s[:m.start(1)] + "PERM_ALL" + s[m.end(1):],
                    "capability made with rights PERM_ALL instead of %s" % m.group(1))
    return out


def key(m):
    """Stable across edits elsewhere: the mutated line's text, and which
    occurrence of that same edit in the function this is."""
    return "%s:%s:%s:%s" % (m["file"], m["fn"], m["op"],
                            hashlib.sha1((m["old"].strip() + "=>" + m["new"].strip() + "#%d" % m["occ"])
                                         .encode()).hexdigest()[:10])


def all_mutants():
    ms = []
    core_fns = core_functions()
    for f in sorted(os.listdir(CORE)):
        if f.endswith(".c"):
            ms.extend(mutants_of(f, core_fns))
    seen = {}
    for m in ms:
        t = (m["file"], m["fn"], m["op"], m["old"].strip(), m["new"].strip())
        m["occ"] = seen.get(t, 0)
        seen[t] = m["occ"] + 1
    return ms


def setup_tree(w):
    """A private copy of kernel/ and spec/ for worker w."""
    d = os.path.join(WORK, "tree%d" % w)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    shutil.copytree(os.path.join(ROOT, "kernel"), os.path.join(d, "kernel"))
    shutil.copytree(os.path.join(ROOT, "spec"), os.path.join(d, "spec"))
    return d


def why3_config():
    c = os.path.join(ROOT, "build", "proofs", "why3.conf")
    if not os.path.exists(c):
        sys.exit("mutate: %s missing: run `make proofs` (or bash proofs/wp-check.sh) once first" % c)
    return c


GOAL_RE = re.compile(r"^\[wp\] \[[^]]*\] Goal typed_(\S+) : (\w+)")


SUFFIX_RE = re.compile(r"^(_part\d+|_established|_preserved|_decrease|_positive|_exit|_normal)*$")
CALL_RE = re.compile(r"^[A-Za-z0-9_]+?_call_([A-Za-z0-9_]+_requires(?:_\d+)?)(?:_part\d+)?$")


def prop_of(goal, keys):
    """The property (a key of WP's JSON report) a goal belongs to, or None
    when that is not certain: the key followed by WP's goal suffixes
    (_partN, _preserved, _established, ...), or, for a call's
    precondition, the callee's requires clause (WP reports those under
    the callee's name)."""
    for k in keys:
        if goal.startswith(k) and SUFFIX_RE.match(goal[len(k):]):
            return k
    m = CALL_RE.match(goal)
    if m and m.group(1) in keys:
        return m.group(1)
    return None


def run_wp(tree, fname, fn, report, full=False, props=None, stop_on=None):
    """WP on one function.  Returns ({property: (valid, total)}, "") or
    (None, output tail).  With stop_on (a set of properties the baseline
    proves), WP is stopped at the first goal of one of them that ends
    unproved, and the result is ("stopped", "PROPERTY (STATUS)"): the
    property and WP's status of that goal, e.g. Timeout."""
    core = os.path.join(tree, "kernel", "core")
    cache = os.path.join(WORK, "cache")
    os.makedirs(cache, exist_ok=True)
    # full: one pass, z3 and cvc5 on each goal at 60 s, the split strategy:
    # a superset of the gate's settings in one generation of goals (the
    # gate's -then passes may regenerate a property's goals under new
    # names and leave the first generation's open goals in the report:
    # proofs/README.md, "Regeneration rescue").
    prover = "z3,cvc5" if full else "z3"
    timeout = "60" if full else WP_TIMEOUT
    cmd = ["frama-c", "-machdep", "x86_64", "-cpp-extra-args=-I" + core,
           "-kernel-warn-key", "typing:implicit-function-declaration=error",
           "-wp", "-wp-rte", "-wp-model", "Typed", "-wp-prover", prover, "-wp-split",
           "-wp-timeout", timeout, "-wp-par", os.environ.get("MUT_PAR", "2"),
           "-wp-warn-key", "pedantic-assigns=error", "-wp-fct", fn] + \
          (["-wp-prop", props] if props else []) + [
           "-wp-cache", "update", "-wp-cache-dir", cache, os.path.join(core, fname)]
    if full:
        cmd[cmd.index("-wp-split") + 1:cmd.index("-wp-split") + 1] = ["-wp-auto", "wp:split"]
    cmd += ["-wp-report-json", report]
    if os.path.exists(report):
        os.remove(report)
    env = dict(os.environ, WHY3CONFIG=why3_config())
    p = subprocess.Popen(cmd, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, start_new_session=True)
    tail = []
    for l in p.stdout:
        tail = (tail + [l])[-40:]
        m = GOAL_RE.match(l) if stop_on else None
        if m and m.group(2) != "Valid":
            pr = prop_of(m.group(1), stop_on)
            if pr:
                # A goal of a property the baseline proves failed: the
                # mutant is killed.  Stop WP and its provers.
                try:
                    os.killpg(p.pid, 15)
                except ProcessLookupError:
                    pass
                p.wait()
                return "stopped", "%s (%s)" % (pr, m.group(2))
    p.wait()
    if not os.path.exists(report):
        return None, "".join(tail)[-2000:]
    try:
        j = json.load(open(report))
    except ValueError:
        return None, p.stdout[-2000:]
    goals = {}
    for f, props in j.get("wp:functions", {}).items():
        for name, r in props.items():
            t = r.get("wp:main", {})
            goals[name] = (t.get("valid", 0), t.get("total", 0))
    return goals, ""


def failed(goals):
    return sorted(g for g, (v, t) in goals.items() if v < t)


def load_done():
    done = {}
    if os.path.exists(OUT) and os.environ.get("MUT_FRESH") != "1":
        for l in open(OUT):
            if l.startswith("#") or not l.strip():
                continue
            c = l.rstrip("\n").split("\t")
            if len(c) >= 2:
                done[c[0]] = l.rstrip("\n")
    return done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--max", type=int, default=0)
    ap.add_argument("--reverse", action="store_true",
                    help="run the mutants left in reverse order (a second runner, MUT_WORK set apart)")
    a = ap.parse_args()
    ms = all_mutants()
    if a.only:
        ms = [m for m in ms if re.search(a.only, key(m))]  # file:fn:op:hash
    if a.list:
        for m in ms:
            print("%s\t%s:%d\t%s" % (key(m), m["file"], m["line"], m["what"]))
        print("mutants: %d" % len(ms), file=sys.stderr)
        return 0
    done = load_done()
    todo = [m for m in ms if key(m) not in done]
    if a.reverse:
        todo.reverse()
    if a.max:
        todo = todo[:a.max]
    print("mutate: %d mutants generated, %d already in %s, %d to run now"
          % (len(ms), len(ms) - len([m for m in ms if key(m) not in done]),
             os.path.relpath(OUT, ROOT), len(todo)), flush=True)
    os.makedirs(WORK, exist_ok=True)
    tree = setup_tree(0)
    base = {}
    new_header = not os.path.exists(OUT) or os.environ.get("MUT_FRESH") == "1"
    out = open(OUT, "w" if new_header else "a")
    if new_header:
        out.write("# key\tverdict\tfile:line\toperator\tfunction\twhat\tfailed goals (first 3)\tseconds\n")
    t0 = time.time()
    for n, m in enumerate(todo, 1):
        if key(m) in load_done():
            # Another runner (MUT_WORK set apart) recorded it meanwhile.
            print("[mutate] %d/%d skipped %s: recorded by another runner" % (n, len(todo), key(m)),
                  flush=True)
            continue
        src = os.path.join(tree, "kernel", "core", m["file"])
        orig = open(os.path.join(CORE, m["file"])).read()
        bkey = (m["file"], m["fn"])
        if bkey not in base:
            open(src, "w").write(orig)
            g, err = run_wp(tree, m["file"], m["fn"], os.path.join(WORK, "base.json"))
            if g is None:
                sys.exit("mutate: the baseline of %s in %s did not run:\n%s" % (m["fn"], m["file"], err))
            base[bkey] = g
        lines = orig.split("\n")
        assert lines[m["line"] - 1] == m["old"]
        lines[m["line"] - 1] = m["new"]
        open(src, "w").write("\n".join(lines))
        s0 = time.time()
        bgood = {k for k, (v, t) in base[bkey].items() if v == t}
        stop = bgood if EARLY else None
        g, err = run_wp(tree, m["file"], m["fn"], os.path.join(WORK, "mut.json"),
                        props="@ensures" if STAGED else None, stop_on=stop)
        hit = []
        stopped = None
        if g == "stopped":
            stopped, g = err, {err.split(" ")[0]: (0, 1)}
        elif g is not None and STAGED:
            # Stage 1: postconditions only.  Most mutants break one, and
            # a failed one the baseline proves is a kill by itself.
            hit = [x for x in failed(g) if x in bgood]
            stage = "ensures"
            if not hit:
                g, err = run_wp(tree, m["file"], m["fn"], os.path.join(WORK, "mut.json"), stop_on=stop)
                stage = "all"
                if g == "stopped":
                    stopped, g = err, {err.split(" ")[0]: (0, 1)}
        if g is None:
            verdict, why = "invalid", "frama-c rejected it"
        else:
            bad = failed(g)
            hit = [x for x in bad if x in bgood]
            if hit:
                verdict, why = "killed", stopped or ",".join(hit[:3])
            elif not bad:
                verdict, why = "survived", ""
            else:
                g2, err = run_wp(tree, m["file"], m["fn"], os.path.join(WORK, "mut.json"), full=True)
                bad2 = failed(g2) if g2 else ["<no report>"]
                verdict, why = ("killed", ",".join(bad2[:3])) if bad2 else ("survived", "")
        open(src, "w").write(orig)
        secs = time.time() - s0
        line = "\t".join([key(m), verdict, "%s:%d" % (m["file"], m["line"]), m["op"], m["fn"],
                          m["what"].replace("\t", " "), why, "%.0f" % secs])
        out.write(line + "\n")
        out.flush()
        el = time.time() - t0
        print("[mutate] %d/%d %s %s %s:%d %s (%.0fs; %.0f min so far, about %.0f min left)"
              % (n, len(todo), verdict, m["fn"], m["file"], m["line"], m["op"], secs, el / 60,
                 el / n * (len(todo) - n) / 60), flush=True)
    out.close()
    return summary(ms)


def summary(ms):
    done = load_done()
    triage = {}
    if os.path.exists(TRIAGE):
        for l in open(TRIAGE):
            if l.startswith("#") or not l.strip():
                continue
            c = l.rstrip("\n").split("\t")
            triage[c[0]] = c[1] if len(c) > 1 else ""
    counts = {}
    surv = []
    for m in ms:
        l = done.get(key(m))
        if not l:
            continue
        v = l.split("\t")[1]
        counts[v] = counts.get(v, 0) + 1
        if v == "survived":
            surv.append((key(m), m))
    ran = sum(counts.values())
    valid = ran - counts.get("invalid", 0)
    k = counts.get("killed", 0)
    unexplained = [s for s in surv if not triage.get(s[0], "").startswith("equivalent")]
    print("mutate: %d mutants generated, %d run: %d killed, %d survived (%d equivalent per %s), "
          "%d invalid; kill rate %.1f%% of valid mutants"
          % (len(ms), ran, k, counts.get("survived", 0), len(surv) - len(unexplained),
             os.path.relpath(TRIAGE, ROOT), counts.get("invalid", 0), 100.0 * k / valid if valid else 0))
    for s, m in unexplained:
        print("  SURVIVED %s  %s:%d %s: %s%s" % (s, m["file"], m["line"], m["fn"], m["what"],
                                               " (" + triage[s][:60] + "...)" if s in triage else ""))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
