#!/usr/bin/python3
# kdep cosel on the real tree: the co-selectability facts of KCONFIG.md, and
# every witness kdep gives checked again by the tree's own conf with the real
# toolchain of its profile (olddefconfig on the witness must keep every
# target at y).
#
#   check_cosel.py KDEP TOP TREE TMPDIR
#
# Expected explanation lines are found in the tree's text, not written here
# as line numbers.
import json
import os
import shutil
import subprocess
import sys
import time

import kcheck
from kcheck import build_conf, check, conf_keeps, finish

kdep, top, tree, tmp = sys.argv[1:5]
db = os.path.join(tmp, "cosel.db")
conf = build_conf(top, tree, tmp)


def kdep_cosel(arch, profile, syms, matrix=False):
    status, out, err = kcheck.cosel(kdep, tree, db, arch, profile, syms,
                                    matrix)
    if out is None:
        raise SystemExit("FAIL kdep cosel " + err)
    return status, out


def line_of(rel, text):
    return kcheck.line_of(tree, rel, text)


def config_line(rel, sym):
    return line_of(rel, "config " + sym)


def conf_accepts(arch, profile, witness, targets):
    """olddefconfig of the witness by the tree's conf, live probes with the
    profile's real toolchain: the targets that are not y after it."""
    return conf_keeps(kdep, top, conf, tree, arch, profile, witness,
                      targets, os.path.join(tmp, "cosel-conf"))


def explanation_has(result, rel, line):
    return any(e["file"] == rel and e["line"] == line
               for e in result["explanation"])


# -- arm64 under clang: CFI and DIRECT_CALLS exclude each other ------------
status, out = kdep_cosel("arm64", "llvm-19", ["CFI", "DIRECT_CALLS"])
r = out["results"][0]
check(status == 1 and r["coselectable"] is False,
      "arm64 llvm-19: CFI + DIRECT_CALLS is no (exit %d)" % status)
check(r["symbols"] == ["CFI_CLANG", "DYNAMIC_FTRACE_WITH_DIRECT_CALLS"],
      "arm64: the aliases resolve to %s" % r["symbols"])
arm = "arch/arm64/Kconfig"
trace = "kernel/trace/Kconfig"
for rel, text in ((arm, "select HAVE_DYNAMIC_FTRACE_WITH_DIRECT_CALLS"),
                  (arm, "select HAVE_DYNAMIC_FTRACE_WITH_CALL_OPS"),
                  (trace, "depends on HAVE_DYNAMIC_FTRACE_WITH_DIRECT_CALLS"),
                  (trace, "depends on HAVE_DYNAMIC_FTRACE_WITH_CALL_OPS")):
    n = line_of(rel, text)
    check(explanation_has(r, rel, n),
          "arm64 llvm-19: the explanation names %s:%d (%s)" % (rel, n, text))
for e in r["explanation"]:
    with open(os.path.join(tree, e["file"])) as f:
        written = f.read().splitlines()[e["line"] - 1].strip()
    check(e["text"].startswith(written.rstrip("\\").strip()),
          "explanation text is the tree's line %s:%d" % (e["file"],
                                                         e["line"]))
check(r["witness"] is None, "a no has no witness")

# -- arm64: nothing selects HAVE_STATIC_CALL --------------------------------
for profile in ("gcc-12", "llvm-19"):
    status, out = kdep_cosel("arm64", profile, ["STATIC_CALL"])
    r = out["results"][0]
    n = config_line("arch/Kconfig", "HAVE_STATIC_CALL")
    check(r["coselectable"] is False and
          explanation_has(r, "arch/Kconfig", n),
          "arm64 %s: HAVE_STATIC_CALL is no, by arch/Kconfig:%d"
          % (profile, n))

# -- arm64 under gcc: CFI_CLANG folds away ----------------------------------
status, out = kdep_cosel("arm64", "gcc-12", ["CFI"])
r = out["results"][0]
n = line_of("arch/Kconfig", "depends on $(cc-option,-fsanitize=kcfi)")
check(r["coselectable"] is False and explanation_has(r, "arch/Kconfig", n),
      "arm64 gcc-12: CFI_CLANG is no, by arch/Kconfig:%d" % n)

# -- riscv and x86 under clang: yes, and conf agrees ------------------------
yes_cases = (
    ("riscv", ["CFI", "DIRECT_CALLS"]),
    ("x86", ["CFI", "DIRECT_CALLS", "STATIC_CALL",
             "HAVE_STATIC_CALL_INLINE"]),
)
for arch, syms in yes_cases:
    status, out = kdep_cosel(arch, "llvm-19", syms)
    r = out["results"][0]
    check(status == 0 and r["coselectable"] is True and r["witness"],
          "%s llvm-19: %s is yes (exit %d)" % (arch, " + ".join(r["symbols"]),
                                               status))
    if r["witness"]:
        bad = conf_accepts(arch, "llvm-19", r["witness"], r["symbols"])
        check(not bad, "%s llvm-19: conf --olddefconfig keeps the witness's "
              "targets at y %s" % (arch, bad or ""))

# -- the four features on three arches, two profiles ------------------------
features = ["CFI", "CALL_OPS", "DIRECT_CALLS", "STATIC_CALL"]
witnesses = 0
for arch in ("arm64", "x86", "riscv"):
    status, out = kdep_cosel(arch, "gcc-12,llvm-19", features, matrix=True)
    for m in out["matrix"]:
        subsets = {frozenset(s["symbols"]): s for s in m["subsets"]}
        check(len(subsets) == 15 and
              all(s["coselectable"] is not None for s in m["subsets"]),
              "%s %s: 15 subsets, none unknown" % (arch, m["profile"]))
        # Yes is closed under subsets, no under supersets.
        closed = all(
            subsets[a]["coselectable"] <= subsets[b]["coselectable"]
            for a in subsets for b in subsets if b < a)
        check(closed, "%s %s: answers are monotone" % (arch, m["profile"]))
        for names in m["maximal"]:
            s = subsets[frozenset(names)]
            bad = conf_accepts(arch, m["profile"], s["witness"], names)
            witnesses += 1
            check(not bad, "%s %s: conf keeps %s at y %s"
                  % (arch, m["profile"], " + ".join(names), bad or ""))
        for names in m["excluded"]:
            s = subsets[frozenset(names)]
            check(s["coselectable"] is False and s["explanation"],
                  "%s %s: %s excluded, with %d lines"
                  % (arch, m["profile"], " + ".join(names),
                     len(s["explanation"])))
        # The matrix agrees with the single question on the full set.
        if m["profile"] == "llvm-19":
            _, one = kdep_cosel(arch, "llvm-19", features)
            full = subsets[frozenset(one["results"][0]["symbols"])]
            check(full["coselectable"] == one["results"][0]["coselectable"],
                  "%s llvm-19: the matrix agrees with the single question"
                  % arch)
check(witnesses >= 6, "%d maximal-set witnesses checked by conf" % witnesses)


# Kept answers: asked again, a yes is the same answer with no kconfiglib
# parse and no solver run (KDEP_TIMING's phase marks); in a hard-linked
# copy of the tree with one file edited (a comment added, so the answer is
# the same; a comment of its own each run, as a database that kept the
# answer of the same text would answer from it) it is asked anew, then
# kept for the copy too.
def timed_cosel(at, syms):
    args = [kdep, "cosel", "--tree", at, "--arch", "arm64", "--profile",
            "llvm-19", "--db", db, "--format", "json"] + syms
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True,
                       env=dict(os.environ, KDEP_TIMING="1"))
    marks = [l.split()[2] for l in p.stderr.splitlines()
             if l.startswith("kdep: phase ")]
    answer = json.loads(p.stdout)["results"][0] if p.stdout else None
    return answer, ("witness-parse" in marks or "solve" in marks)


first, _ = timed_cosel(tree, ["CFI"])
again, asked = timed_cosel(tree, ["CFI"])
check(first and first["coselectable"] is True and again == first and
      not asked, "arm64 llvm-19: CFI asked again is answered from the "
      "database, the same witness, no parse")
copy = os.path.join(tmp, "tree-kept")
shutil.rmtree(copy, ignore_errors=True)
subprocess.run(["cp", "-al", tree, copy], check=True)
rel = os.path.join(copy, "arch/arm64/Kconfig")
text = open(rel).read()
os.unlink(rel)
open(rel, "w").write(text + "# edited by check_cosel.py, %d %f\n"
                    % (os.getpid(), time.time()))
edited, asked = timed_cosel(copy, ["CFI"])
check(edited == first and asked,
      "arm64 llvm-19: a file of the tree edited, CFI is asked anew")
edited, asked = timed_cosel(copy, ["CFI"])
check(edited == first and not asked,
      "arm64 llvm-19: the edited tree's answer is kept in its turn")
shutil.rmtree(copy, ignore_errors=True)
finish()
