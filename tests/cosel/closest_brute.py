#!/usr/bin/python3
# closest_brute.py - an independent oracle for `kdep cosel --config`.
#
#   closest_brute.py KDEP COUNT SEED WORKDIR [--only I] [--keep]
#
# Makes the random trees of brute.py and enumerates every input of each
# with Debian's kconfiglib, as brute.py does: the value tuples of every
# bool/tristate symbol that some .config reaches. A random input is the
# user's .config; its user choices are the bool/tristate symbols with a
# prompt kconfiglib shows there (visibility above n). For 1-2 targets the
# fewest changes are the least Hamming distance over those choices from
# the user's values to a reachable tuple with every target y (at least m
# with --allow-m, for the trees brute.py asks so). Then
#
#   KDEP cosel T... --config USER --tree DIR --arch x86 --profile host
#        --format json [--allow-m]
#
# must say no exactly when no tuple has the targets, and otherwise give a
# witness, proven optimal, whose count is that least distance; the witness
# loaded back into kconfiglib must hold the targets and be that far from
# the user's values.
#
# Ends with "closest brute force: N trees, Y yes, X no, A agree, D
# disagree" and exits 0 only if nothing disagreed.

import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import brute  # noqa: E402  (the generator and the enumeration)
kconfiglib = brute.kconfiglib
TRI = (kconfiglib.BOOL, kconfiglib.TRISTATE)


def user_config(kconf, knobs, rng, path):
    """Applies a random input and writes it to path: the user's values by
    name, and the names of the user choices."""
    kconf.unset_values()
    for k in knobs:
        # modules on, mostly: m values for the tristates
        on = getattr(k.item, "name", None) == "MODULES" and rng.random() < 0.8
        k.apply(2 if on else rng.choice(k.options))
    kconf.write_config(path, header="")
    values = {s.name: s.tri_value for s in kconf.unique_defined_syms
              if s.orig_type in TRI}
    choices = [s.name for s in kconf.unique_defined_syms
               if s.orig_type in TRI and any(n.prompt for n in s.nodes) and
               s.visibility > 0]
    return values, choices


def distance(values, other, choices):
    return sum(values[c] != other[c] for c in choices)


def main():
    args = sys.argv[1:]
    keep = "--keep" in args
    only = None
    if "--only" in args:
        only = int(args[args.index("--only") + 1])
    kdep, count, seed, workdir = args[0], int(args[1]), args[2], args[3]
    db = os.path.join(workdir, "k.db")
    totals = dict(trees=0, yes=0, no=0, agree=0, disagree=0)
    indices = [only] if only is not None else range(count)
    for index in indices:
        tree, kconf, gen, _ = brute.make_tree(seed, index, workdir)
        knobs = brute.make_knobs(kconf, gen.int_consts)
        names = [s.name for s in kconf.unique_defined_syms
                 if s.orig_type in TRI]
        tri = {"n": 0, "m": 1, "y": 2}
        reach = [dict(zip(names, (tri[v] for v in t)))
                 for t in brute.enumerate_values(kconf, knobs, names)]
        rng = random.Random("closest/{}/{}".format(seed, index))
        mine = os.path.join(tree, "user.config")
        values, choices = user_config(kconf, knobs, rng, mine)
        # m counts for half the trees that would ask it: the others ask
        # y, often of symbols the user has at m
        allow_m = gen.allow_m and rng.random() < 0.5
        need = 1 if allow_m else 2
        # mostly symbols some configuration has and the user's lacks (a
        # dead one only makes a plain no)
        alive = [n for n in gen.candidates if values[n] < need and
                 any(t[n] >= need for t in reach)]
        pool = alive if alive and rng.random() < 0.85 else gen.candidates
        targets = rng.sample(pool, min(len(pool), rng.choice((1, 2, 2, 3))))
        # a symbol the user has at m, asked at y: m -> y is a change
        at_m = [n for n in alive if values[n] == 1 and n not in targets]
        if at_m and rng.random() < 0.5:
            targets[0] = rng.choice(at_m)
        best = min((distance(values, t, choices) for t in reach
                    if all(t[x] >= need for x in targets)), default=None)
        cmd = [kdep, "cosel"] + targets + [
            "--config", mine, "--tree", tree, "--arch", brute.ARCH,
            "--profile", "host", "--db", db, "--format", "json"]
        if allow_m:
            cmd.append("--allow-m")
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        bad = []
        if p.returncode not in (0, 1):
            bad.append("kdep failed: " + p.stderr[-500:])
        else:
            r = json.loads(p.stdout)["results"][0]
            near = r.get("closest")
            if best is None:
                totals["no"] += 1
                if r["coselectable"] is not False or p.returncode != 1:
                    bad.append("kdep says %s, no configuration has %s" %
                               (r["coselectable"], targets))
            else:
                totals["yes"] += 1
                if r["coselectable"] is not True or not near:
                    bad.append("kdep says %s, brute force %d changes" %
                               (r["coselectable"], best))
                elif near["count"] != best or not near["optimal"] or \
                        near["lower_bound"] != best:
                    bad.append("kdep %d changes (bound %d, optimal %s), "
                               "brute force %d" % (
                                   near["count"], near["lower_bound"],
                                   near["optimal"], best))
                else:
                    path = os.path.join(tree, "witness.config")
                    with open(path, "w") as f:
                        f.write(r["witness"])
                    kconf.unset_values()
                    kconf.load_config(path)
                    got = {s.name: s.tri_value
                           for s in kconf.unique_defined_syms
                           if s.orig_type in TRI}
                    if any(got[x] < need for x in targets):
                        bad.append("the witness does not hold %s" % targets)
                    elif distance(values, got, choices) != best:
                        bad.append("the witness is %d changes away, not %d"
                                   % (distance(values, got, choices), best))
                    elif len(choices) != near["user_choices"]:
                        bad.append("%d user choices, kdep says %d" %
                                   (len(choices), near["user_choices"]))
        totals["trees"] += 1
        if bad:
            totals["disagree"] += 1
            print("FAIL %s [%s%s]: %s" % (tree, ",".join(targets),
                                          " --allow-m" if allow_m else "",
                                          "; ".join(bad)))
        else:
            totals["agree"] += 1
            if not keep:
                shutil.rmtree(tree, ignore_errors=True)
    print("closest brute force: %(trees)d trees, %(yes)d yes, %(no)d no, "
          "%(agree)d agree, %(disagree)d disagree" % totals)
    sys.exit(1 if totals["disagree"] else 0)


if __name__ == "__main__":
    main()
