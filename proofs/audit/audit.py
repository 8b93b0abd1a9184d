#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""proofs/audit/audit.py -- the assurance report of the verified core.

Reads the committed proof results (proofs/results/*.json), the sources
(kernel/, spec/), proofs/README.md, proofs/audit/properties.tsv and the
built kernel (build/exo.elf), and writes proofs/audit/report.md and
proofs/audit/report.html.  It runs no prover.  Run it from the repository
root (proofs/audit/audit.sh does).  Exit status: 0 when every property is
proved and every smoke test passed, 1 otherwise, 2 on an internal error.
"""
import glob
import html
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import OrderedDict, defaultdict

ROOT = os.getcwd()
OUT = "proofs/audit"
ELF = os.environ.get("AUDIT_ELF", "build/exo.elf")
REL = "../../"  # from proofs/audit/report.md to the repository root


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def link(path, line=None):
    """Markdown link to path[:line], relative to the report."""
    text = f"{path}:{line}" if line else path
    anchor = f"#L{line}" if line else ""
    return f"[{text}]({REL}{path}{anchor})"


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (p.stdout + p.stderr).strip() if p.returncode == 0 or p.stdout else None
    except (OSError, subprocess.SubprocessError):
        return None


def fmt(n):
    return f"{n:,}"


def md_escape(s):
    return s.replace("|", "\\|")


# --------------------------------------------------------------------------
# C / ACSL lexing: split a file into code, comment and annotation text.
# --------------------------------------------------------------------------
def lex_c(text, asm=False):
    """Return (code, annot) strings of the same length as text: code keeps
    characters outside comments (string literals blanked), annot keeps the
    contents of ACSL annotations (/*@ ... */, //@ ...); everything else is
    replaced by spaces, newlines kept."""
    n = len(text)
    code = [" "] * n
    annot = [" "] * n
    i = 0
    line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            code[i] = annot[i] = "\n"
            i += 1
            line_start = True
            continue
        if asm and line_start and c == "#":
            # cpp directive (code) or a GAS comment line
            m = re.match(r"#\s*(include|define|undef|if|ifdef|ifndef|elif|else|endif|error|pragma)\b", text[i:i + 20])
            j = text.find("\n", i)
            j = n if j < 0 else j
            if m:
                for k in range(i, j):
                    code[k] = text[k]
            i = j
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            is_annot = text.startswith("/*@", i)
            for k in range(i, j):
                if text[k] == "\n":
                    code[k] = annot[k] = "\n"
                elif is_annot and i + 3 <= k < j - 2:
                    annot[k] = text[k]
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            if text.startswith("//@", i):
                for k in range(i + 3, j):
                    annot[k] = text[k]
            i = j
            continue
        if c in "\"'" and not asm:
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            code[i] = c
            if j < n and text[j] == c:
                code[j] = c
            i = j + 1
            continue
        code[i] = c
        i += 1
    return "".join(code), "".join(annot)


def strip_acsl_comments(annot):
    """Blank // comments inside annotation text (ACSL allows them)."""
    return re.sub(r"//[^\n]*", lambda m: " " * len(m.group(0)), annot)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


# --------------------------------------------------------------------------
# Proof results
# --------------------------------------------------------------------------
class Results:
    def __init__(self):
        self.files = OrderedDict()   # name -> parsed json
        self.goals = {}              # key -> info (file, fn, total, valid, provers)
        self.smoke = []              # (file, fn, key, total, valid)
        self.functions = set()
        self.lemmas = {}             # lemma key -> info
        self.unreadable = []         # results files that do not parse
        for path in sorted(glob.glob("proofs/results/*.json")):
            name = os.path.basename(path)[:-5]
            if name == "summary":
                continue
            try:
                data = json.loads(read(path))
            except (OSError, ValueError) as exc:
                self.unreadable.append(f"{path}: {exc}")
                continue
            self.files[name] = data
            for kind in ("wp:functions", "wp:axiomatics"):
                for fn, props in (data.get(kind) or {}).items():
                    if kind == "wp:functions":
                        self.functions.add(fn)
                    for key, val in props.items():
                        if key.startswith("wp:"):
                            continue
                        main = val.get("wp:main", {})
                        total, valid = main.get("total", 0), main.get("valid", 0)
                        if "_wp_smoke_" in key:
                            self.smoke.append((name, fn, key, total, valid))
                            continue
                        provers = {}
                        for p, v in val.items():
                            if p != "wp:main" and v.get("valid", 0) > 0:
                                pn = p.split(":")[0].lower()
                                provers[pn] = provers.get(pn, 0) + v["valid"]
                        info = {"file": name, "fn": fn if kind == "wp:functions" else "lemmas",
                                "total": total, "valid": valid, "provers": provers,
                                "status": ",".join(k for k, v in main.items()
                                                   if k not in ("total", "valid", "rank") and v) or "unproved"}
                        self.goals[(name, fn, key)] = info
                        if kind == "wp:axiomatics":
                            self.lemmas[key] = info
        try:
            self.summary = json.loads(read("proofs/results/summary.json"))
        except (OSError, ValueError):
            self.summary = {}
        self.times = self.load_times()

    def load_times(self):
        """Per-goal proof times, from proofs/results/times/NAME.tsv (written
        by the gate with the report; see proofs/goal-times.sh), used for a
        file only when its header names the SHA-256 of the committed
        report (a file without one gets no time)."""
        times = {}
        self.timed_files = []
        for name in self.files:
            try:
                lines = read(f"proofs/results/times/{name}.tsv").splitlines()
                digest = hashlib.sha256(open(f"proofs/results/{name}.json", "rb").read()).hexdigest()
            except OSError:
                continue
            head = lines[0].split() if lines else []
            if len(head) < 3 or head[:2] != ["#", "sha256"] or head[2] != digest:
                continue
            self.timed_files.append(name)
            for line in lines[1:]:
                parts = line.split("\t")
                if len(parts) == 2:
                    try:
                        times[(name, parts[0])] = float(parts[1])
                    except ValueError:
                        pass
        return times

    def keys_of_fn(self, fn):
        return [(f, k) for (f, g, k) in self.goals if g == fn]


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------
CORE_FILES = sorted(glob.glob("kernel/core/*.h") + glob.glob("kernel/core/*.c"))
SPEC_FILES = sorted(glob.glob("spec/*.acsl"))
KEYWORDS = {"for", "while", "if", "switch", "return", "sizeof", "do"}


def contracts():
    """Function contracts of kernel/core: list of dicts {fn, file, line, text}."""
    out = []
    for path in CORE_FILES:
        text = read(path)
        for m in re.finditer(r"/\*@(.*?)\*/", text, re.S):
            body = m.group(1)
            if body.lstrip().startswith("ghost"):
                for g in re.finditer(r"/@(.*?)@/\s*[\w\s\*]*?\b(\w+)\s*\(", body, re.S):
                    out.append({"fn": g.group(2), "file": path,
                                "line": line_of(text, m.start() + 3 + g.start()), "text": g.group(1)})
                continue
            if not re.search(r"\b(requires|assigns|ensures|behavior)\b", body):
                continue
            if re.match(r"\s*(loop|assert|ghost|predicate|logic|lemma)\b", body):
                continue
            after = text[m.end():m.end() + 400]
            f = re.match(r"\s*(?:(?:static|inline|const|extern)\s+)*[\w\s\*]*?\b(\w+)\s*\(", after)
            if not f or f.group(1) in KEYWORDS:
                continue
            out.append({"fn": f.group(1), "file": path, "line": line_of(text, m.start()),
                        "text": body})
    return out


def nothing_behaviors(cons):
    """(fn, behavior) pairs whose behavior says assigns \\nothing."""
    out = []
    for c in cons:
        text = re.split(r"\b(?:complete|disjoint)\s+behaviors\b", c["text"])[0]
        parts = re.split(r"\bbehavior\s+(\w+)\s*:", text)
        for i in range(1, len(parts), 2):
            if re.search(r"\bassigns\s+\\nothing\s*;", parts[i + 1]):
                out.append((c["fn"], parts[i]))
    return out


def count_loops():
    """(loops, loop variants) in kernel/core/*.c, ghost code included."""
    loops = variants = 0
    for path in sorted(glob.glob("kernel/core/*.c")):
        code, ann = lex_c(read(path))
        ann = strip_acsl_comments(ann)
        ghost = " ".join(re.findall(r"\bghost\b(.*?)(?=\bghost\b|$)", ann, re.S))
        for text in (code, ghost):
            loops += len(re.findall(r"\b(?:for|while)\s*\(", text))
            loops -= len(re.findall(r"\}\s*while\s*\(", text))  # do ... while: one loop
        variants += len(re.findall(r"\bloop\s+variant\b", ann))
    return loops, variants


def ensures_inv_labels():
    text = read("spec/inv.acsl")
    m = re.search(r"#define ENSURES_INV(.*?)(?:\n\s*\n|\n/\*)", text, re.S)
    return re.findall(r"ensures\s+(\w+)\s*:", m.group(1)) if m else []


def find_definitions(name):
    """file:line of the definition(s) of an ACSL name."""
    pats = [rf"\b(?:predicate|lemma)\s+{name}\b",
            rf"\blogic\s+\w+\s+{name}\b",
            rf"^\s*#define\s+{name}\b",
            rf"\bghost\s+(?:extern\s+)?\w+\s+{name}\b",
            rf"^\s*void\s+{name}\s*\("]
    hits = []
    for path in SPEC_FILES + sorted(glob.glob("kernel/core/*.h")) + sorted(glob.glob("kernel/core/*.c")):
        text = read(path)
        for p in pats:
            for m in re.finditer(p, text, re.M):
                hits.append((path, line_of(text, m.start())))
    # a ghost function is declared in a header and defined in a .c: keep both
    return sorted(set(hits))


# --------------------------------------------------------------------------
# Section 1: properties
# --------------------------------------------------------------------------
def load_properties():
    rows = []
    lines = [l for l in read(f"{OUT}/properties.tsv").split("\n") if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    for l in lines[1:]:
        cols = l.split("\t")
        if len(cols) != len(header):
            raise SystemExit(f"audit: properties.tsv: {len(cols)} columns, want {len(header)}: {l[:60]}")
        rows.append({h: ("" if v == "-" else v) for h, v in zip(header, cols)})
    return rows


def evaluate(prop, res, cons, inv_fns, nothing):
    selected = set()   # (file, fn, key)
    expected = []      # (description, found?)
    labels = prop["inv_labels"].split()
    for lab in labels:
        for (f, fn, k) in res.goals:
            if k == f"{fn}_ensures_{lab}":
                selected.add((f, fn, k))
        for fn in sorted(inv_fns):
            want = f"{fn}_ensures_{lab}"
            expected.append((want, any(k == want for (_, g, k) in res.goals)))
    loops = None
    for pat in prop["goals"].split():
        if pat == "@loops":
            loops = count_loops()
            if loops[1] < loops[0]:
                expected.append((f"{loops[0] - loops[1]} loop(s) of kernel/core/*.c without a loop variant", False))
            continue
        if pat == "@nothing-assigns":
            for fn, b in nothing:
                want = f"{fn}_{b}_assigns"
                hits = [(f, g, k) for (f, g, k) in res.goals if k == want and g == fn]
                selected.update(hits)
                expected.append((want, bool(hits)))
            continue
        rx = re.compile(pat)
        for (f, fn, k) in res.goals:
            if rx.search(k):
                selected.add((f, fn, k))
    for want in prop["required"].split():
        expected.append((want, any(k == want for (_, _, k) in res.goals)))
    total = sum(res.goals[s]["total"] for s in selected)
    valid = sum(res.goals[s]["valid"] for s in selected)
    provers = defaultdict(int)
    for s in selected:
        for p, v in res.goals[s]["provers"].items():
            provers[p] += v
    open_goals = sorted(f"{fn}: {k} [{res.goals[(f, fn, k)]['status']}]"
                        for (f, fn, k) in selected if res.goals[(f, fn, k)]["valid"] < res.goals[(f, fn, k)]["total"])
    missing = sorted({w for (w, ok) in expected if not ok})
    timed = [s for s in selected if s[0] in res.timed_files]
    t = sum(res.times.get((s[0], s[2]), 0.0) for s in timed)
    untimed_files = sorted({s[0] for s in selected} - set(res.timed_files))
    if total == 0:
        status = "not covered"
    elif valid == total and not missing:
        status = "proved"
    else:
        status = "partly proved"
    fns = sorted({fn for (_, fn, _) in selected})
    return {"status": status, "total": total, "valid": valid, "provers": dict(provers),
            "open": open_goals, "missing": missing, "functions": fns,
            "time": t if timed else None, "untimed": untimed_files,
            "nkeys": len(selected), "labels": labels, "loops": loops, "selected": sorted(selected)}


def prover_str(p):
    return ", ".join(f"{k} {fmt(v)}" for k, v in sorted(p.items())) or "none"


def group_missing(missing):
    """inv_rev missing for 40 functions -> one line per suffix."""
    by = defaultdict(list)
    rest = []
    for m in missing:
        mm = re.match(r"(\w+?)_ensures_(inv_\w+)$", m)
        if mm:
            by[mm.group(2)].append(mm.group(1))
        else:
            rest.append(m)
    out = [f"`ensures {lab}` goal absent for {len(fs)} function(s): {', '.join('`'+f+'`' for f in fs)}"
           for lab, fs in sorted(by.items())]
    if rest:
        out.append("goal(s) absent: " + ", ".join(f"`{m}`" for m in rest))
    return out


# --------------------------------------------------------------------------
# Section 2: assumptions
# --------------------------------------------------------------------------
def trust_scan():
    """ACSL trust points in kernel/core and spec: axiom, axiomatic, admit,
    check clauses.  Also counts behavior assumes and lemmas (not trust)."""
    hits, assumes, lemmas = [], 0, []
    for path in CORE_FILES + SPEC_FILES:
        text = read(path)
        if path.endswith(".acsl"):
            # an .acsl file is included inside or as annotations: take the
            # /*@ */ blocks, and blank plain comments
            _, ann = lex_c(text)
        else:
            _, ann = lex_c(text)
        ann = strip_acsl_comments(ann)
        def clause(at):
            # the rest of the line from the keyword: names the trust point
            end = ann.find("\n", at)
            t = " ".join(ann[at:end if end >= 0 else len(ann)].split())
            return t if len(t) <= 160 else t[:157] + "..."
        for m in re.finditer(r"\b(axiomatic|axiom)\b", ann):
            hits.append((path, line_of(ann, m.start()), m.group(1), clause(m.start())))
        for m in re.finditer(r"\b(admit|check)\s+(requires|ensures|lemma|invariant|loop|assert|exits|breaks|continues|returns|assigns)\b", ann):
            hits.append((path, line_of(ann, m.start()), f"{m.group(1)} {m.group(2)}", clause(m.start())))
        assumes += len(re.findall(r"\bassumes\b", ann))
        for m in re.finditer(r"\blemma\s+(\w+)", ann):
            lemmas.append((m.group(1), path, line_of(ann, m.start())))
    return hits, assumes, lemmas


def hw_hooks():
    text = read("kernel/core/hw.h")
    out = []
    for m in re.finditer(r"/\*@((?:(?!\*/).)*)\*/\s*([^;{]*?\b(hw_\w+)\s*\([^;]*\))\s*;", text, re.S):
        impl = []
        for path in sorted(glob.glob("kernel/arch/x86_64/*.[chS]") + glob.glob("kernel/drivers/*.[chS]")):
            src = read(path)
            for d in re.finditer(rf"^[^\s#/*][^;\n]*\b{m.group(3)}\s*\([^;]*$", src, re.M):
                start = d.start()
                end = src.find("\n}", start)
                body = src[start:end + 2] if end > 0 else src[start:start + 200]
                impl.append((path, line_of(src, start), body))
            if path.endswith(".S"):
                for d in re.finditer(rf"^{m.group(3)}:", src, re.M):
                    impl.append((path, line_of(src, d.start()), ""))
        out.append({"fn": m.group(3), "decl": " ".join(m.group(2).split()),
                    "contract": " ".join(m.group(1).split()), "line": line_of(text, m.start()),
                    "impl": impl})
    return out


def readme_assumptions():
    lines = read("proofs/README.md").split("\n")
    out, start = [], None
    for i, l in enumerate(lines):
        if re.match(r"^## Assumptions", l):
            start = i
            continue
        if start is not None and l.startswith("## "):
            break
        if start is not None:
            m = re.match(r"^(\d+)\.\s+(.*)", l)
            if m:
                out.append([int(m.group(1)), i + 1, m.group(2)])
            elif out and l.startswith("   ") and l.strip():
                out[-1][2] += " " + l.strip()
            elif out and not l.strip():
                out[-1].append(None)  # item ended
    res = []
    for item in out:
        n, ln, text = item[0], item[1], item[2]
        # the first sentence: up to a period followed by a space and a
        # capital letter (or the end); bold markers kept
        sent = re.compile(r"(.+?\.)(\*{0,2})(?=\s+\*{0,2}[A-Z`(]|\s*$)")
        m = sent.match(text)
        first = (m.group(1) + m.group(2)) if m else text
        if re.fullmatch(r"\*\*[^*]+\*\*", first.strip()):
            # a bold title only: add the sentence that follows it
            m2 = sent.match(text[len(first):].strip())
            if m2:
                first += " " + m2.group(1) + m2.group(2)
        if first.count("**") % 2:
            first += "**"
        res.append((n, ln, first))
    return res


def tool_versions():
    out = OrderedDict()
    cmds = OrderedDict([("frama-c", ["frama-c", "-version"]), ("why3", ["why3", "--version"]),
                        ("z3", ["z3", "--version"]), ("cvc5", ["cvc5", "--version"]),
                        ("cvc4", ["cvc4", "--version"])])
    for name, cmd in cmds.items():
        v = run(cmd)
        if v is None:
            out[name] = "not installed"
            continue
        first = v.split("\n")[0]
        m = re.search(r"(\d+\.\d+(?:\.\d+)?(?:[-~][\w.]+)?(?: \(\w+\))?)", first)
        out[name] = m.group(1) if m else first
    return out


# --------------------------------------------------------------------------
# Section 3: trusted computing base
# --------------------------------------------------------------------------
def count_lines(path):
    text = read(path)
    asm = path.endswith(".S")
    if path.endswith(".ld"):
        # linker script: C comments only
        code, annot = lex_c(text, asm=True)
    else:
        code, annot = lex_c(text, asm=asm)
    if path.endswith(".acsl"):
        # the whole file is specification: annotations and the ENSURES_INV macro
        annot = strip_acsl_comments(annot)
        annot = "\n".join(x + " " + y for x, y in zip(code.split("\n"), annot.split("\n")))
        code = re.sub(r"[^\n]", " ", code)
    c = a = 0
    for cl, al in zip(code.split("\n"), annot.split("\n")):
        if cl.strip():
            c += 1
        elif al.strip():
            a += 1
    return c, a


def loc_table():
    groups = OrderedDict([
        ("verified C (kernel/core)", sorted(glob.glob("kernel/core/*.c") + glob.glob("kernel/core/*.h"))),
        ("ACSL specification (spec)", SPEC_FILES),
        ("unverified C (kernel/arch/x86_64, kernel/drivers)",
         sorted(glob.glob("kernel/arch/x86_64/*.c") + glob.glob("kernel/arch/x86_64/*.h") +
                glob.glob("kernel/drivers/*.c") + glob.glob("kernel/drivers/*.h"))),
        ("assembly (*.S)", sorted(glob.glob("kernel/arch/x86_64/*.S"))),
        ("linker script", sorted(glob.glob("kernel/arch/x86_64/*.ld"))),
        ("ABI headers shared with user space (kernel/include/uapi)", sorted(glob.glob("kernel/include/uapi/*.h"))),
    ])
    out = OrderedDict()
    for g, files in groups.items():
        out[g] = [(f,) + count_lines(f) for f in files]
    return out


def elf_functions():
    """[(name, addr, size, file, type)] for the code symbols of .text."""
    if not os.path.exists(ELF):
        return None, None
    sec = run(["readelf", "-SW", ELF]) or ""
    text_lo = text_hi = None
    for l in sec.split("\n"):
        m = re.search(r"\]\s+\.text\s+\w+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", l)
        if m:
            text_lo = int(m.group(1), 16)
            text_hi = text_lo + int(m.group(2), 16)
    nm = run(["nm", "-S", "-l", "--defined-only", ELF]) or ""
    syms = []
    for l in nm.split("\n"):
        parts = l.split("\t")
        f = parts[1] if len(parts) > 1 else ""
        w = parts[0].split()
        if len(w) == 4:
            addr, size, typ, name = int(w[0], 16), int(w[1], 16), w[2], w[3]
        elif len(w) == 3:
            addr, size, typ, name = int(w[0], 16), None, w[1], w[2]
        else:
            continue
        if typ not in "tTwW" or text_lo is None or not (text_lo <= addr < text_hi):
            continue
        f = re.sub(r":\d+$", "", f)
        f = os.path.relpath(f, ROOT) if f.startswith("/") else f
        syms.append([name, addr, size, f, typ])
    syms.sort(key=lambda s: (s[1], s[2] is None))
    # symbols without a size (asm labels): up to the next symbol
    for i, s in enumerate(syms):
        if s[2] is None:
            nxt = next((t[1] for t in syms[i + 1:] if t[1] > s[1]), text_hi)
            s[2] = nxt - s[1]
    return syms, (text_lo, text_hi)


def classify(f):
    if f.startswith("kernel/core/"):
        return "verified (kernel/core)"
    if f.endswith(".S"):
        return "assembly"
    if f.startswith("kernel/arch/") or f.startswith("kernel/drivers/"):
        return "unverified C"
    return "other (no source line: linker-script symbol)"


def c_functions(path):
    """{name: (line, body)} of the function definitions of a C file."""
    text = read(path)
    code, _ = lex_c(text)
    out = {}
    for m in re.finditer(r"^[A-Za-z_][\w \t\*]*?\b(\w+)\s*\([^;{]*\)\s*\{", code, re.M):
        name = m.group(1)
        if name in KEYWORDS:
            continue
        depth, i = 0, m.end() - 1
        while i < len(code):
            if code[i] == "{":
                depth += 1
            elif code[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        out[name] = (line_of(code, m.start()), code[m.start():i + 1],
                     bool(re.match(r"\s*static\b", code[m.start():m.end()])))
    return out


# --------------------------------------------------------------------------
# Markdown -> HTML (only what this report uses)
# --------------------------------------------------------------------------
def inline_html(s):
    s = html.escape(s, quote=False)
    s = re.sub(r"`([^`]+)`", lambda m: "<code>" + m.group(1) + "</code>", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', s)
    return s


def md_to_html(md, title):
    out = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.4}"
           "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 6px;vertical-align:top;text-align:left}"
           "th{background:#eee}code{background:#f4f4f4;padding:0 2px}pre{background:#f4f4f4;padding:8px;overflow-x:auto}"
           ".proved{color:#060;font-weight:bold}.partly{color:#a60;font-weight:bold}.not{color:#a00;font-weight:bold}</style>",
           "</head><body>"]
    lines = md.split("\n")
    i = 0
    while i < len(lines):
        l = lines[i]
        if l.startswith("```"):
            j = i + 1
            buf = []
            while j < len(lines) and not lines[j].startswith("```"):
                buf.append(html.escape(lines[j]))
                j += 1
            out.append("<pre>" + "\n".join(buf) + "</pre>")
            i = j + 1
            continue
        m = re.match(r"^(#{1,6})\s+(.*)", l)
        if m:
            n = len(m.group(1))
            ident = re.sub(r"[^a-z0-9]+", "-", m.group(2).lower()).strip("-")
            out.append(f'<h{n} id="{ident}">{inline_html(m.group(2))}</h{n}>')
            i += 1
            continue
        if l.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            def cells(r):
                r = r.strip()[1:-1]
                return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", r)]
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{inline_html(c)}</th>" for c in cells(rows[0])) + "</tr>")
            for r in rows[2:]:
                tds = []
                for c in cells(r):
                    h = inline_html(c)
                    h = h.replace("<strong>proved</strong>", '<span class="proved">proved</span>')
                    h = h.replace("<strong>partly proved</strong>", '<span class="partly">partly proved</span>')
                    h = h.replace("<strong>not covered</strong>", '<span class="not">not covered</span>')
                    tds.append(f"<td>{h}</td>")
                out.append("<tr>" + "".join(tds) + "</tr>")
            out.append("</table>")
            continue
        if re.match(r"^\s*[-*] ", l):
            out.append("<ul>")
            while i < len(lines) and (re.match(r"^\s*[-*] ", lines[i]) or
                                      (lines[i].startswith("  ") and lines[i].strip())):
                if re.match(r"^\s*[-*] ", lines[i]):
                    if out[-1] != "<ul>":
                        out.append("</li>")
                    out.append("<li>" + inline_html(re.sub(r"^\s*[-*] ", "", lines[i])))
                else:
                    out.append(inline_html(lines[i].strip()))
                i += 1
            out.append("</li></ul>")
            continue
        if not l.strip():
            i += 1
            continue
        buf = []
        while i < len(lines) and lines[i].strip() and not re.match(r"^(#|\||```|\s*[-*] )", lines[i]):
            buf.append(lines[i])
            i += 1
        out.append("<p>" + inline_html(" ".join(buf)) + "</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
def git(*args):
    return run(["git", "--no-optional-locks", *args])


def mutation_section(w):
    """Section 4, from proofs/audit/mutants.tsv (make mutants) and the
    generator itself (how many mutants exist now)."""
    sys.path.insert(0, os.path.join(ROOT, "proofs", "audit"))
    import mutate
    ms = mutate.all_mutants()
    done = mutate.load_done()
    triage = {}
    if os.path.exists(mutate.TRIAGE):
        for l in open(mutate.TRIAGE, encoding="utf-8"):
            if l.startswith("#") or not l.strip():
                continue
            c = l.rstrip("\n").split("\t")
            triage[c[0]] = c[1] if len(c) > 1 else ""
    ops, fns = {}, {}
    surv, fixed, runs = [], [], 0
    for m in ms:
        o = ops.setdefault(m["op"], {"gen": 0, "killed": 0, "survived": 0, "invalid": 0})
        o["gen"] += 1
        f = fns.setdefault((m["file"], m["fn"]), [0, 0])
        f[0] += 1
        l = done.get(mutate.key(m))
        if not l:
            continue
        f[1] += 1
        v = l.split("\t")[1]
        o[v] = o.get(v, 0) + 1
        runs += 1
        if v == "survived":
            surv.append((mutate.key(m), m))
        elif v == "killed" and triage.get(mutate.key(m), "").startswith("fixed"):
            fixed.append((mutate.key(m), m, l.split("\t")[6] if len(l.split("\t")) > 6 else ""))
    killed = sum(o["killed"] for o in ops.values())
    invalid = sum(o["invalid"] for o in ops.values())
    valid = runs - invalid
    w("## 4. Mutation testing of the proofs")
    w("")
    w("`make mutants` (`proofs/audit/mutate.py`) generates mutants of `kernel/core/*.c` mechanically "
      "(operators below; ACSL and ghost code are never mutated) and runs WP on the mutated function "
      "(`-wp-fct`, z3, the WP cache) against a baseline run of the original with the same settings. "
      "A mutant is **killed** when a goal the baseline proves fails; it **survives** when every goal "
      "is still proved. Results accumulate in `proofs/audit/mutants.tsv` (resumable); survivors are "
      "explained in `proofs/audit/mutants-triage.tsv`.")
    w("")
    w(f"Generated now: {fmt(len(ms))} mutants; run: {fmt(runs)}; killed {fmt(killed)}, survived "
      f"{fmt(len(surv))}, invalid (rejected by Frama-C) {fmt(invalid)}; **kill rate "
      + (f"{100.0 * killed / valid:.1f} %" if valid else "n/a") + "** of the valid mutants run.")
    if runs < len(ms):
        w("")
        w(f"**Partial:** {fmt(len(ms) - runs)} mutants have not been run yet (a full run takes hours on "
          "two cores; `make mutants` resumes where it stopped). No claim is made about them.")
        full = sorted(f"`{fn}`" for (fl, fn), (g, r) in fns.items() if r == g)
        part = sorted(f"`{fn}` ({r} of {g})" for (fl, fn), (g, r) in fns.items() if 0 < r < g)
        none = sorted(f"`{fn}` ({g})" for (fl, fn), (g, r) in fns.items() if r == 0)
        w("")
        w(f"Functions whose mutants have all run ({len(full)}): " + (", ".join(full) or "none") + ".")
        if part:
            w("")
            w(f"Partly run ({len(part)}): " + ", ".join(part) + ".")
        if none:
            w("")
            w(f"Not run yet ({len(none)}, mutants in brackets): " + ", ".join(none) + ".")
    w("")
    w("| operator | what it does | generated | run | killed | survived | invalid |")
    w("|---|---|---:|---:|---:|---:|---:|")
    what = {"guard": "an error guard `if (C) return E_X;` never fires",
            "disj": "one disjunct of an error guard dropped",
            "relop": "`<`/`<=`/`>`/`>=` flipped in a condition",
            "eqop": "`==`/`!=` flipped in a condition",
            "ok": "an error return becomes `return E_OK`",
            "update": "a write to kernel state dropped",
            "hook": "a hardware hook call (TLB flush) skipped",
            "call": "a call of another core function dropped",
            "rights": "rights/permissions widened to `PERM_ALL`"}
    for op in sorted(ops):
        o = ops[op]
        r = o["killed"] + o["survived"] + o["invalid"]
        w(f"| {op} | {what.get(op, '')} | {o['gen']} | {r} | {o['killed']} | {o['survived']} | {o['invalid']} |")
    w("")
    # Kill robustness (proofs/audit/recheck.py): kills re-run at 60 s.
    rpath = os.path.join(ROOT, "proofs", "audit", "mutants-recheck.tsv")
    rows = []
    if os.path.exists(rpath):
        for l in open(rpath, encoding="utf-8"):
            if not l.startswith("#") and l.strip():
                rows.append(l.rstrip("\n").split("\t"))
    conf = sum(1 for r in rows if r[1] == "confirmed")
    w("**Are the kills real?** Nearly every kill is a goal z3 no longer proves within 10 s (a "
      "Timeout), and a loaded machine can time out where an idle one proves. "
      "`make mutants-recheck` (`proofs/audit/recheck.py`) re-runs a fixed sample of killed mutants "
      "with z3 at 60 s a goal, six times the first pass's limit, up to the killing goal: "
      + (f"{conf} of {len(rows)} kills re-checked are confirmed (the goal stays unproved)"
         + ("." if conf == len(rows) else
            "; not confirmed: " + ", ".join(f"`{r[0]}`" for r in rows if r[1] != "confirmed") +
            " (to be re-run on an idle machine).")
         if rows else "none re-checked yet."))
    w("")
    # a survivor passes only as an equivalent mutant; a "gap" is a known
    # missing specification and still fails the audit until it is fixed
    unexplained = [s for s in surv if not triage.get(s[0], "").startswith("equivalent")]
    if surv:
        w("Survivors:")
        w("")
        for k, m in surv:
            why = triage.get(k, "**unexplained**")
            if why.startswith("gap"):
                why = "**" + why[:4] + "**" + why[4:]
            elif why.startswith("fixed"):
                why = "**survives again** (its gap was fixed: " + why[len("fixed: "):] + ")"
            w(f"- `{m['fn']}` ({link('kernel/core/' + m['file'], m['line'])}, {m['op']}, `{k}`): "
              f"{md_escape(m['what'])} -- {why}")
        w("")
    if fixed:
        w("Specification gaps that surviving mutants showed, since fixed (each mutant is killed now, "
          "by the goal named; `proofs/audit/mutants-triage.tsv`):")
        w("")
        for k, m, by in fixed:
            w(f"- `{m['fn']}` ({link('kernel/core/' + m['file'], m['line'])}, {m['op']}): "
              f"{md_escape(m['what'])} -- {triage[k][len('fixed: '):]} (killed by {md_escape(by)})")
        w("")
    return {"generated": len(ms), "run": runs, "killed": killed, "survived": len(surv),
            "unexplained": len(unexplained), "invalid": invalid, "valid": valid,
            "fixed": len(fixed)}


def main():
    res = Results()
    if not res.files:
        print("audit: no proofs/results/*.json: nothing to audit", file=sys.stderr)
        return 2
    cons = contracts()
    inv_fns = sorted({c["fn"] for c in cons if "ENSURES_INV" in c["text"]})
    nothing = nothing_behaviors(cons)
    props = load_properties()
    evals = [(p, evaluate(p, res, cons, inv_fns, nothing)) for p in props]
    md = []
    w = md.append

    # ---- header and provenance -------------------------------------------
    s = res.summary
    tot = s.get("totals", {})
    all_total = sum(g["total"] for g in res.goals.values())
    all_valid = sum(g["valid"] for g in res.goals.values())
    all_provers = defaultdict(int)
    for g in res.goals.values():
        for p, v in g["provers"].items():
            all_provers[p] += v
    smoke_total = sum(x[3] for x in res.smoke)
    smoke_passed = sum(x[4] for x in res.smoke)
    smoke_failed = [x for x in res.smoke if x[4] < x[3]]
    head = git("log", "-1", "--format=%h %cI") or "?"
    res_commit = git("log", "-1", "--format=%h %cI", "--", "proofs/results") or "not committed"
    src_commit = git("log", "-1", "--format=%h %cI", "--", "kernel/core", "spec") or "?"
    dirty = git("status", "--porcelain", "--", "kernel/core", "spec", "proofs/results") or ""
    newest_src = max(os.path.getmtime(f) for f in CORE_FILES + SPEC_FILES)
    newest_res = max(os.path.getmtime(f) for f in glob.glob("proofs/results/*.json"))

    w("# Assurance report of the verified core")
    w("")
    w("Generated by `make audit` (`proofs/audit/audit.sh`) from the committed proof results "
      "(`proofs/results/*.json`), the sources, `proofs/README.md` and `proofs/audit/properties.tsv`. "
      "No prover was run: this report says what the last run of the proof gate (`make proofs`) recorded.")
    w("")
    w("## Provenance")
    w("")
    w(f"- Repository HEAD: `{head}`.")
    w(f"- Last commit touching `proofs/results/`: `{res_commit}`; last commit touching `kernel/core/` or `spec/`: `{src_commit}`.")
    if s:
        w(f"- Gate run recorded in `summary.json`: gate **{tot.get('gate', '?')}**, "
          f"{fmt(tot.get('goals_proved', 0))}/{fmt(tot.get('goals', 0))} goals, "
          f"{fmt(tot.get('functions_passed', 0))}/{fmt(tot.get('functions', 0))} report rows passed, "
          f"smoke tests {s.get('smoke_tests', {}).get('passed', '?')}/{s.get('smoke_tests', {}).get('total', '?')} "
          f"({s.get('smoke_tests', {}).get('result', '?')}), wall time {s.get('wall_time_s', '?')} s.")
    w(f"- Goals read from the per-file reports: {fmt(all_valid)}/{fmt(all_total)} proved "
      f"({prover_str(all_provers)}); smoke tests {fmt(smoke_passed)}/{fmt(smoke_total)} passed.")
    warn = []
    if dirty.strip():
        warn.append("uncommitted changes under `kernel/core/`, `spec/` or `proofs/results/`: "
                    + ", ".join(f"`{l[3:]}`" for l in dirty.strip().split("\n")))
    if newest_src > newest_res:
        warn.append("a file of `kernel/core/` or `spec/` is newer than the results: the results may not "
                    "describe the current sources (absent goals are listed under each property)")
    for x in res.unreadable:
        warn.append(f"unreadable result file (a gate run writing it?): `{x}`")
    for x in warn:
        w(f"- **Warning**: {x}.")
    w("")

    # ---- 1. properties ---------------------------------------------------
    n_by = defaultdict(int)
    for _, e in evals:
        n_by[e["status"]] += 1
    w("## 1. Security properties")
    w("")
    w(f"{len(evals)} properties: {n_by['proved']} proved, {n_by['partly proved']} partly proved, "
      f"{n_by['not covered']} not covered.  The mapping property → predicates → goals is "
      f"[proofs/audit/properties.tsv]({REL}proofs/audit/properties.tsv).  A goal is a WP property of the "
      "JSON reports; its count is WP's (a property split by `-wp-split` counts each part).  "
      f"A property that is an `ENSURES_INV` conjunct expects the goal `<fn>_ensures_<label>` for each of the "
      f"{len(inv_fns)} functions whose contract says `ENSURES_INV` (found in `kernel/core`); "
      "a goal may count towards several properties.  Status: **proved** (every goal proved and none absent), "
      "**partly proved** (open or absent goals, listed), **not covered** (no goal).")
    w("")
    untimed = sorted(set(res.files) - set(res.timed_files))
    if res.timed_files:
        w("Times: per-goal proof time (Qed plus prover, summed over the parts of a goal and the gate's passes; "
          "a result from the WP cache counts the time recorded when it was proved) from "
          "`proofs/results/times/<file>.tsv`, which the gate writes with each report and which is used only "
          "when its header names the report's SHA-256"
          + (f"; no matching times for {', '.join(untimed)}." if untimed else "; every file timed."))
    else:
        w("Times: no `proofs/results/times/<file>.tsv` matches the committed reports, so the time column "
          "is empty (n/a). Per-function times are in `proofs/results/summary.json` (`time_s`).")
    w("")
    w("| property | status | goals proved | provers | time | predicates |")
    w("|---|---|---|---|---|---|")
    for p, e in evals:
        t = "n/a" if e["time"] is None else f"{e['time']:.1f} s" + (" (partial)" if e["untimed"] else "")
        preds = ", ".join(f"`{x}`" for x in p["predicates"].split()) or "-"
        w(f"| [{p['name']}](#{re.sub(r'[^a-z0-9]+', '-', p['name'].lower()).strip('-')}) | **{e['status']}** | "
          f"{fmt(e['valid'])}/{fmt(e['total'])} | {prover_str(e['provers'])} | {t} | {preds} |")
    w("")
    for p, e in evals:
        w(f"### {p['name']}")
        w("")
        w(f"**Status: {e['status']}** — {fmt(e['valid'])} of {fmt(e['total'])} goals proved "
          f"({e['nkeys']} WP properties; provers: {prover_str(e['provers'])}).")
        w("")
        w(md_escape(p["statement"]))
        w("")
        if p["predicates"]:
            defs = []
            for name in p["predicates"].split():
                d = find_definitions(name)
                defs.append(f"`{name}` " + (", ".join(link(f, l) for f, l in d) if d else "(definition not found)"))
            w("- ACSL: " + "; ".join(defs) + ".")
        sel = []
        if e["labels"]:
            sel.append("the `ENSURES_INV` clauses " + ", ".join(f"`ensures {l}`" for l in e["labels"])
                       + " (" + ", ".join(link(f, l) for f, l in find_definitions("ENSURES_INV")) + ")")
        if p["goals"]:
            sel.append("goals matching " + ", ".join(f"`{g}`" for g in p["goals"].split()))
        if p["required"]:
            sel.append("required goals " + ", ".join(f"`{g}`" for g in p["required"].split()))
        w("- Goals: " + "; ".join(sel) + ".")
        if e["loops"]:
            w(f"- Loops in `kernel/core/*.c` (ghost loops included): {e['loops'][0]}; `loop variant` clauses: {e['loops'][1]}.")
        if p["goals"] == "@nothing-assigns":
            w(f"- Error behaviors with `assigns \\nothing` found in the contracts: {len(nothing)} "
              f"in {len({f for f, _ in nothing})} functions.")
        w(f"- Established or preserved by ({len(e['functions'])}): "
          + (", ".join(f"`{f}`" for f in e["functions"]) or "none") + ".")
        timed = [(res.times[(f, k)], k) for (f, fn, k) in e["selected"] if (f, k) in res.times]
        if timed:
            top = sorted(timed, reverse=True)[:3]
            w(f"- Each of its {fmt(e['nkeys'])} WP properties, with parts, provers and time, is a row of "
              f"[goals.tsv](goals.tsv) (column `property` = `{p['id']}`); the slowest: "
              + ", ".join(f"`{k}` {t:.1f} s" for t, k in top) + ".")
        else:
            w(f"- Each of its {fmt(e['nkeys'])} WP properties, with parts and provers, is a row of "
              f"[goals.tsv](goals.tsv) (column `property` = `{p['id']}`).")
        if e["open"]:
            w(f"- **Open goals** ({len(e['open'])}):")
            for o in e["open"][:50]:
                w(f"  - `{o}`")
            if len(e["open"]) > 50:
                w(f"  - … and {len(e['open']) - 50} more")
        if e["missing"]:
            w(f"- **Absent goals** (expected from the contracts, not in the reports):")
            for m in group_missing(e["missing"]):
                w(f"  - {m}")
        w("")

    # ---- 2. assumptions --------------------------------------------------
    hits, n_assumes, lemmas = trust_scan()
    w("## 2. Assumptions")
    w("")
    w("### ACSL trust points")
    w("")
    w(f"Scanned: the ACSL annotations of {len(CORE_FILES)} files of `kernel/core/` and {len(SPEC_FILES)} files of "
      "`spec/` (comments excluded), for `axiom`, `axiomatic`, and `admit`/`check` clauses (`admit` is assumed "
      "without proof; `check` is proved but not used as a hypothesis afterwards).")
    w("")
    if hits:
        w(f"**{len(hits)} trust point(s) found:**")
        w("")
        for f, l, what, text in hits:
            w(f"- `{what}` at {link(f, l)}: `{text.replace('`', chr(39))}`")
    else:
        w("**0 trust points: no `axiom`, `axiomatic` block, `admit` or `check` clause.**")
    w("")
    lemma_rows = []
    for name, f, l in lemmas:
        info = res.lemmas.get(f"lemma_{name}")
        st = "absent from the reports" if info is None else (
            "proved" if info["valid"] == info["total"] else f"NOT proved ({info['status']})")
        lemma_rows.append(f"`{name}` ({link(f, l)}): {st}" + (f", {prover_str(info['provers'])}" if info else ""))
    w(f"Not trust points: {n_assumes} `assumes` clauses (each selects a behavior; WP proves the behaviors "
      f"complete and disjoint), and {len(lemmas)} ACSL `lemma`s, each a WP goal:")
    w("")
    for r in lemma_rows:
        w(f"- {r}")
    w("")
    w("### Hardware hooks (`kernel/core/hw.h`)")
    w("")
    w("WP takes the contract of each function the core declares but does not define as given.")
    w("")
    hw = hw_hooks()
    for h in hw:
        w(f"- `{h['decl']}` ({link('kernel/core/hw.h', h['line'])}), contract `{h['contract']}`; implemented by "
          + (", ".join(link(f, l) for f, l, _ in h["impl"]) or "**no implementation found**") + ":")
        for f, l, body in h["impl"]:
            if body:
                w("")
                w("  ```c")
                for bl in body.split("\n"):
                    w("  " + bl)
                w("  ```")
    w("")
    declared = sorted({c["fn"] for c in cons if c["file"].endswith(".h")})
    unproved = [f for f in declared if f not in res.functions]
    w(f"Functions with a contract in `kernel/core/*.h` that no report proves: "
      + (", ".join(f"`{f}`" for f in unproved) if unproved else "none") + ".")
    w("")
    w("### Assumptions listed in proofs/README.md")
    w("")
    for n, ln, first in readme_assumptions():
        w(f"{n}. {first} ({link('proofs/README.md', ln)})")
    w("")
    w("### Tools")
    w("")
    w("| tool | installed here | used by the recorded run (`summary.json`) |")
    w("|---|---|---|")
    rec = s.get("tools", {})
    for name, v in tool_versions().items():
        w(f"| {name} | {v} | {rec.get(name, '-')} |")
    w("")
    w("### WP smoke tests")
    w("")
    w("A smoke test (a WP property named `*_wp_smoke_*`) asks the prover to prove `false` under a precondition, "
      "a behavior's `assumes` or at a block of code; it **passes when the prover does not prove it**, and WP then "
      "reports it valid (the logic of `proofs/summary.jq`).")
    w("")
    w(f"**{fmt(smoke_passed)} of {fmt(smoke_total)} smoke tests passed** "
      f"(`summary.json`: {s.get('smoke_tests', {}).get('result', 'n/a')}).")
    if smoke_failed:
        w("")
        w("Failed smoke tests (contradictory precondition or dead code):")
        for f, fn, key, t, v in smoke_failed:
            w(f"- `{f}`: `{fn}`: `{key}`")
    w("")

    # ---- 3. TCB ----------------------------------------------------------
    w("## 3. Trusted computing base")
    w("")
    w("### Source lines")
    w("")
    w("Counted: a *code* line has something outside comments; an *ACSL* line has only annotation text "
      "(`/*@ … */`, `//@`, ACSL `//` comments excluded); blank and comment-only lines are not counted. "
      "In `.S` files `#` lines other than preprocessor directives are comments.")
    w("")
    locs = loc_table()
    w("| group | files | code lines | ACSL lines |")
    w("|---|---|---|---|")
    group_code = {}
    for g, rows in locs.items():
        c = sum(r[1] for r in rows)
        a = sum(r[2] for r in rows)
        group_code[g] = c
        w(f"| {g} | {len(rows)} | {fmt(c)} | {fmt(a)} |")
    w("")
    w("| file | code lines | ACSL lines |")
    w("|---|---|---|")
    for g, rows in locs.items():
        for f, c, a in rows:
            w(f"| {link(f)} | {fmt(c)} | {fmt(a)} |")
    w("")
    w("### Executable code in the built kernel")
    w("")
    syms, text = elf_functions()
    tcb = {}
    if syms is None:
        w(f"`{ELF}` is missing (build it with `make build/exo.elf32`); not measured.")
    else:
        newest_k = max(os.path.getmtime(f) for f in glob.glob("kernel/**/*.[chS]", recursive=True))
        by_class = defaultdict(int)
        by_file = defaultdict(lambda: [0, 0])
        for name, addr, size, f, typ in syms:
            by_class[classify(f)] += size
            by_file[f or "(none)"][0] += size
            by_file[f or "(none)"][1] += 1
        text_size = text[1] - text[0]
        covered = sum(by_class.values())
        ver = by_class.get("verified (kernel/core)", 0)
        tcb = {"verified": ver, "text": text_size}
        w(f"From `nm -S -l {ELF}` (DWARF line information maps each function symbol of `.text` to its "
          "source file; an assembly label without a size runs to the next symbol).  "
          f"`.text` is {fmt(text_size)} bytes.")
        if os.path.getmtime(ELF) < newest_k:
            w("")
            w(f"**Warning**: `{ELF}` is older than a file of `kernel/`: the figures describe that build.")
        w("")
        w("| code | bytes | share of .text |")
        w("|---|---|---|")
        for k, v in sorted(by_class.items(), key=lambda kv: -kv[1]):
            w(f"| {k} | {fmt(v)} | {100.0 * v / text_size:.1f} % |")
        if text_size - covered:
            w(f"| padding and code before the first symbol | {fmt(text_size - covered)} | "
              f"{100.0 * (text_size - covered) / text_size:.1f} % |")
        w("")
        w(f"**{100.0 * ver / text_size:.1f} % of the kernel's executable code is in verified functions** "
          f"({fmt(ver)} of {fmt(text_size)} bytes).")
        w("")
        w("| source file | functions | bytes |")
        w("|---|---|---|")
        for f, (b, n) in sorted(by_file.items(), key=lambda kv: -kv[1][0]):
            w(f"| {link(f) if f != '(none)' else f} | {n} | {fmt(b)} |")
        w("")
        core_syms = sorted({s[0] for s in syms if s[3].startswith("kernel/core/")})
        not_proved = [x for x in core_syms if x not in res.functions]
        w(f"Functions of `kernel/core` in the binary: {len(core_syms)}; of these not in any proof report: "
          + (", ".join(f"`{x}`" for x in not_proved) if not_proved else "none") + ".")
        w("")
    # entry points
    w("### Unverified kernel entry points")
    w("")
    w("Every way into the kernel runs unverified code first; it reaches the verified core only through calls "
      "whose preconditions (most say `requires Inv`) the unverified caller is trusted to meet.")
    w("")
    asm_entries = []
    for path in sorted(glob.glob("kernel/arch/x86_64/*.S")):
        src = read(path)
        glob_names = set(re.findall(r"^\s*\.globl\s+(\w+)", src, re.M))
        for m in re.finditer(r"^([A-Za-z_]\w*):", src, re.M):
            name = m.group(1)
            if syms is not None and not any(sy[0] == name for sy in syms):
                continue  # data, not code
            calls = []
            nxt = re.search(r"^[A-Za-z_]\w*:", src[m.end():], re.M)
            body = src[m.end():m.end() + (nxt.start() if nxt else len(src))]
            calls = re.findall(r"\bcall\s+(\w+)", body)
            asm_entries.append((name, path, line_of(src, m.start()), name in glob_names, calls))
    w("| symbol | source | global | calls |")
    w("|---|---|---|---|")
    for name, path, l, g, calls in asm_entries:
        w(f"| `{name}` | {link(path, l)} | {'yes' if g else 'no'} | {', '.join('`'+c+'`' for c in calls) or '-'} |")
    w("")
    c_entries = []
    asm_called = {c for e in asm_entries for c in e[4]}
    for path in sorted(glob.glob("kernel/arch/x86_64/*.c")):
        fns = c_functions(path)
        for name, (l, body, static) in fns.items():
            if name in asm_called or (name == "do_syscall") or (path.endswith("trap.c") and not static):
                c_entries.append((name, path, l))
    w("C entry points (called from the assembly, the system-call dispatcher, and the trap handlers): "
      + ", ".join(f"`{n}` ({link(p, l)})" for n, p, l in c_entries) + ".")
    w("")
    # verified functions called from unverified code
    callers = defaultdict(set)
    for path in sorted(glob.glob("kernel/arch/x86_64/*.c") + glob.glob("kernel/drivers/*.c")):
        code, _ = lex_c(read(path))
        for fn in res.functions:
            if re.search(rf"\b{fn}\s*\(", code):
                callers[fn].add(os.path.basename(path))
    w(f"Verified functions called from unverified code ({len(callers)}): their preconditions are the "
      "obligations the unverified callers are trusted to meet: "
      + ", ".join(f"`{fn}` ({', '.join(sorted(v))})" for fn, v in sorted(callers.items())) + ".")
    w("")

    # ---- 4. mutation testing ----------------------------------------------
    mut = mutation_section(w)
    w("## 5. Fuzzing")
    w("")
    w("- **Host** (`ci/fuzz/`, `make fuzz`; 60 s of it in `make check` as `make fuzz-smoke`): libFuzzer "
      "(clang-14) turns each input into the random choices of one batch of `ci/unit`, chosen by its first "
      "byte: the memory core (boot, 250 calls with hostile arguments, teardown: `page.c`, `env.c`, `vm.c`, "
      "`cap.c`, `pte.c`, `syscall.c`), the time-slice vector and IPC (`sched.c`, 1,500 steps against its "
      "model and `SchedInv`), or revocation and the abort protocol (`revoke.c`, `cap_kill_page`, 1,500 "
      "calls). Every call is compared with the reference model (result and whole state), `Inv` is checked "
      "clause by clause, the frame and the TLB flushes are checked, under ASan and UBSan. The generators' "
      "gaps (only envs 0 to 6 live in a revocation batch, `rev_abort` called by the test rather than "
      "through `repo.c`, no behavior counters for `sched.c` and `revoke.c`) are listed in "
      "`ci/fuzz/README.md`, \"Limits\".")
    rec = os.path.join(ROOT, "proofs", "audit", "fuzz-host.txt")
    if os.path.exists(rec) and read(rec).strip():
        w(f"  Last long run recorded in the repository (`proofs/audit/fuzz-host.txt`, written by "
          f"`make fuzz`): `{read(rec).strip()}`.")
    else:
        w("  No long run recorded in the repository (`make fuzz` writes `proofs/audit/fuzz-host.txt`).")
    last = os.path.join(ROOT, "build", "fuzz", "last-summary.txt")
    if os.path.exists(last):
        def figures(path):
            t = read(path) if os.path.exists(path) else ""
            return t[t.find("fuzz-summary:"):].strip() if "fuzz-summary:" in t else t.strip()
        if figures(last) != figures(rec):   # the same run is quoted once
            w(f"  Last run on this machine (smoke or long): `{read(last).strip()}`.")
    w("- **Guest** (`libos/tests/t_fuzz.c`, in `make check`): sacrificial children issue random system "
      "calls with hostile arguments; the kernel must survive, every child must end, and page accounting "
      "must be exact afterwards. Each child's IPC server calls it back, into its own entry or a hostile "
      "one it registered, so the child also replies from wherever its fuzzing was interrupted. "
      "Every other child holds the revocation capability and asks for "
      "revocations within its own subtree, so the trap side of the abort protocol (`repo.c`: `tell`, "
      "`rev_abort`, `repo_tick`'s forced steps) runs under random calls too.")
    glog = os.path.join(ROOT, "build", "logs", "qemu-test.log.txt")
    gl = [l.strip() for l in (read(glog).splitlines() if os.path.exists(glog) else [])
          if l.startswith("t_fuzz: ") and ("calls in" in l or "requests seen" in l)]
    grec = os.path.join(ROOT, "proofs", "audit", "fuzz-guest.txt")
    gr = [l.strip() for l in (read(grec).splitlines() if os.path.exists(grec) else []) if l.strip()]
    if len(gr) > 1:
        w(f"  Last run recorded in the repository (`proofs/audit/fuzz-guest.txt`, written by "
          f"`make qemu-test RECORD=1` when `t_fuzz` passes; {gr[0]}): "
          + "; ".join(f"`{l[:800]}`" for l in gr[1:]) + ".")
    else:
        w("  No run recorded in the repository (`make qemu-test RECORD=1` writes `proofs/audit/fuzz-guest.txt`).")
    if gl and [l for l in gl] != gr[1:]:
        w("  Last run on this machine (`build/logs/qemu-test.log`): "
          + "; ".join(f"`{l[:800]}`" for l in gl) + ".")
    w("")

    # ---- every goal of every property, machine-readable ------------------
    with open(f"{OUT}/goals.tsv", "w", encoding="utf-8") as f:
        f.write("property\tfile\tfunction\tgoal\tparts_proved\tparts\tprovers\ttime_s\n")
        for p, e in evals:
            for (fl, fn, k) in e["selected"]:
                g = res.goals[(fl, fn, k)]
                t = res.times.get((fl, k))
                f.write(f"{p['id']}\t{fl}\t{fn}\t{k}\t{g['valid']}\t{g['total']}\t"
                        + (",".join(f"{x}:{v}" for x, v in sorted(g["provers"].items())) or "-")
                        + "\t" + ("-" if t is None else f"{t:.3f}") + "\n")

    text_md = "\n".join(md) + "\n"
    with open(f"{OUT}/report.md", "w", encoding="utf-8") as f:
        f.write(text_md)
    with open(f"{OUT}/report.html", "w", encoding="utf-8") as f:
        f.write(md_to_html(text_md, "Assurance report of the verified core"))

    # ---- summary ---------------------------------------------------------
    bad = [p["id"] for p, e in evals if e["status"] != "proved"]
    print(f"audit: {len(evals)} properties: {n_by['proved']} proved, {n_by['partly proved']} partly proved, "
          f"{n_by['not covered']} not covered" + (f" ({', '.join(bad)})" if bad else ""))
    print(f"audit: goals {fmt(all_valid)}/{fmt(all_total)} proved ({prover_str(all_provers)}); "
          f"smoke tests {fmt(smoke_passed)}/{fmt(smoke_total)} passed")
    print(f"audit: trust points: {len(hits)} axiom/admit/check, {len(hw)} hardware hook(s) "
          f"({', '.join(h['fn'] for h in hw)}), {len(readme_assumptions())} assumptions in proofs/README.md")
    vc = group_code.get("verified C (kernel/core)", 0)
    uc = group_code.get("unverified C (kernel/arch/x86_64, kernel/drivers)", 0)
    ac = group_code.get("assembly (*.S)", 0)
    line = f"audit: TCB: {fmt(vc)} lines verified C, {fmt(uc)} lines unverified C, {fmt(ac)} lines asm"
    if tcb:
        line += (f"; {100.0 * tcb['verified'] / tcb['text']:.1f} % of .text in verified functions "
                 f"({fmt(tcb['verified'])} of {fmt(tcb['text'])} bytes)")
    print(line)
    for x in warn:
        print("audit: warning: " + re.sub(r"`", "", x.split(":")[0] if x.startswith("uncommitted") else x))
    print(f"audit: mutants: {mut['generated']} generated, {mut['run']} run: {mut['killed']} killed, "
          f"{mut['survived']} survived ({mut['unexplained']} not equivalent: unexplained or a specification gap), "
          f"{mut['invalid']} invalid; kill rate "
          + (f"{100.0 * mut['killed'] / mut['valid']:.1f} %" if mut['valid'] else "n/a")
          + (f"; {mut['fixed']} of the killed once survived and showed a gap, fixed since"
             if mut["fixed"] else ""))
    print(f"audit: wrote {OUT}/report.md, {OUT}/report.html and {OUT}/goals.tsv")
    ok = not bad and not smoke_failed and not res.unreadable and not mut["unexplained"]
    print("audit: " + ("PASS" if ok else "FAIL: " + "; ".join(
        ([f"not fully proved: {', '.join(bad)}"] if bad else []) +
        ([f"{len(smoke_failed)} smoke test(s) failed"] if smoke_failed else []) +
        ([f"{mut['unexplained']} surviving mutant(s) not equivalent (a specification gap or unexplained; "
          "see the report's section 4)"] if mut["unexplained"] else []))))
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as exc:  # an internal error is not a verdict
        import traceback
        traceback.print_exc()
        print(f"audit: internal error: {exc}", file=sys.stderr)
        sys.exit(2)
