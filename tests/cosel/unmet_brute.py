#!/usr/bin/python3
# unmet_brute.py - an independent oracle for `kdep unmet`.
#
#   unmet_brute.py KDEP COUNT SEED WORKDIR [--only I] [--keep]
#
# Makes the random trees of brute.py (selects of later symbols with and
# without conditions, tristates, choices, if and menu blocks, an int
# compared with constants) and enumerates every input of each with
# Debian's kconfiglib, as brute.py does. A select 'S -> X' is violated
# when some input makes kconfiglib compute X's select above its direct
# dependencies with that select among those that exceed them, compared as
# conf compares them (a bool's m is y): the condition of conf's "unmet
# direct dependencies detected for X". Then
#
#   KDEP unmet --tree DIR --arch x86 --profile host --format json
#
# must report exactly those selects as alarms (a select of a choice member
# is not examined and not counted), with no unknown, and every witness it
# gives must make kconfiglib warn of its target.
#
# Ends with "unmet brute force: N trees, S selects, V violations, A agree,
# D disagree" and exits 0 only if nothing disagreed.

import itertools
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import brute  # noqa: E402  (the generator and the enumeration)
kconfiglib = brute.kconfiglib


def conf_tri(sym, tri):
    """A value as conf compares it: a bool's m is y (sym_calc_visibility)."""
    return 2 if tri == 1 and sym.orig_type == kconfiglib.BOOL else tri


def exceeding(kconf):
    """The (selector, target) pairs whose select now exceeds the target's
    direct dependencies, as kconfiglib computes them and conf compares them
    (a bool target's dependencies at m count as y)."""
    found = set()
    for sym in kconf.unique_defined_syms:
        if sym.orig_type not in (kconfiglib.BOOL, kconfiglib.TRISTATE) or \
                sym.choice:
            continue
        dep = conf_tri(sym, kconfiglib.expr_value(sym.direct_dep))
        if conf_tri(sym, kconfiglib.expr_value(sym.rev_dep)) <= dep:
            continue
        for sel in kconfiglib.split_expr(sym.rev_dep, kconfiglib.OR):
            if conf_tri(sym, kconfiglib.expr_value(sel)) > dep:
                by = kconfiglib.split_expr(sel, kconfiglib.AND)[0]
                found.add((by.name, sym.name))
    return found


def violations(kconf, knobs):
    kconf.unset_values()
    current = [None] * len(knobs)
    found = set()
    for combo in itertools.product(*(k.options for k in knobs)):
        for i, value in enumerate(combo):
            if value != current[i]:
                knobs[i].apply(value)
                current[i] = value
        found |= exceeding(kconf)
    return found


def main():
    args = sys.argv[1:]
    keep = "--keep" in args
    only = None
    if "--only" in args:
        only = int(args[args.index("--only") + 1])
    kdep, count, seed, workdir = args[0], int(args[1]), args[2], args[3]
    db = os.path.join(workdir, "k.db")
    totals = dict(trees=0, selects=0, violations=0, agree=0, disagree=0)
    indices = [only] if only is not None else range(count)
    for index in indices:
        tree, kconf, gen, _ = brute.make_tree(seed, index, workdir)
        knobs = brute.make_knobs(kconf, gen.int_consts)
        truth = violations(kconf, knobs)
        p = subprocess.run([kdep, "unmet", "--tree", tree, "--arch",
                            brute.ARCH, "--profile", "host", "--db", db,
                            "--format", "json"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        bad = []
        if p.returncode not in (0, 1):
            bad.append("kdep failed: " + p.stderr[-500:])
            got, unknown, r = set(), set(), None
        else:
            r = json.loads(p.stdout)
            got = set((a["selector"], a["target"]) for a in r["alarms"]
                      if a["verdict"] == "alarm")
            unknown = set((a["selector"], a["target"]) for a in r["alarms"]
                          if a["verdict"] != "alarm")
        members = set(s.name for s in kconf.unique_defined_syms if s.choice)
        truth = set(t for t in truth if t[1] not in members)
        if got != truth:
            bad.append("alarms %s, enumeration %s" % (sorted(got),
                                                      sorted(truth)))
        if unknown:
            bad.append("unknown %s" % sorted(unknown))
        for a in (r["alarms"] if r else []):
            if a["verdict"] != "alarm":
                continue
            path = os.path.join(workdir, "w.config")
            with open(path, "w") as f:
                f.write(a["witness"])
            kconf.unset_values()
            kconf.load_config(path)
            if (a["selector"], a["target"]) not in exceeding(kconf):
                bad.append("witness of %s -> %s does not reproduce" %
                           (a["selector"], a["target"]))
        totals["trees"] += 1
        totals["selects"] += r["counts"][0]["selects"] if r else 0
        totals["violations"] += len(truth)
        if bad:
            totals["disagree"] += 1
            print("FAIL %s: %s" % (tree, "; ".join(bad)))
        else:
            totals["agree"] += 1
            if not keep:
                shutil.rmtree(tree, ignore_errors=True)
    print("unmet brute force: %(trees)d trees, %(selects)d selects, "
          "%(violations)d violations, %(agree)d agree, %(disagree)d "
          "disagree" % totals)
    sys.exit(1 if totals["disagree"] else 0)


if __name__ == "__main__":
    main()
