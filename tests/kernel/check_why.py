#!/usr/bin/python3
# kdep why on the real tree: x86's defconfig under llvm-19, made by the
# tree's own conf with the real toolchain. For every bool and tristate
# symbol, the value kdep's reading of the lines gives by the kernel's rules
# (sym_calc_value: the user's value within the visibility, else the default
# within its condition, implies within the direct dependency, then the
# selects) must be the Kconfig engine's, which must be conf's; a select
# named as the reason must give the value, a user value must be the
# .config's, and every line must be where kdep says it is.
#
#   check_why.py KDEP TOP TREE TMPDIR
import collections
import json
import os
import subprocess
import sys

from kcheck import build_conf, check, conf_write, finish, value_in

kdep, top, tree, tmp = sys.argv[1:5]
conf = build_conf(top, tree, tmp)
PROFILE, ARCH = "llvm-19", "x86"
work = os.path.join(tmp, "why")
os.makedirs(work, exist_ok=True)
mine = os.path.join(work, ".config")
lines = conf_write(kdep, top, conf, PROFILE, ARCH, tree, "defconfig=" +
                   os.path.join(tree, "arch/x86/configs/x86_64_defconfig"),
                   mine)
base = [kdep, "--tree", tree, "--arch", ARCH, "--profile", PROFILE,
        "--config", mine, "--format", "json"]
vals = json.loads(subprocess.run(
    [base[0], "values"] + base[1:], check=True, stdout=subprocess.PIPE,
    universal_newlines=True).stdout)["values"]
names = sorted(n for n, v in vals.items() if v in ("y", "m", "n"))
p = subprocess.run([base[0], "why"] + names + base[1:],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
if p.returncode:
    raise SystemExit("FAIL kdep why: exit %d\n%s" % (p.returncode,
                                                     p.stderr[-2000:]))
got = json.loads(p.stdout)
check(len(got) == len(names), "why answers each of %d bool/tristate "
      "symbols" % len(names))
off = [w["symbol"] for w in got if w["source"] != "choice" and
       w["computed"] != w["value"]]
check(not off, "the kernel's rules over kdep's lines give the engine's "
      "value for every one%s" % (" (not: %s)" % ",".join(off[:10])
                                 if off else ""))
# conf writes the symbols it shows: those must agree
written = [w for w in got if any(l.startswith(("CONFIG_%s=" % w["symbol"],
                                               "# CONFIG_%s " % w["symbol"]))
                                 for l in lines)]
unlike = [w["symbol"] for w in written if value_in(lines, w["symbol"]) !=
          w["value"]]
check(written and not unlike, "conf's .config has kdep's value for the %d "
      "symbols it writes%s" % (len(written), (" (not: %s)" %
                                              ",".join(unlike[:10]))
                               if unlike else ""))
# a select of a bool at m gives y, as the kernel promotes it
bad = [w["symbol"] for w in got if w["source"] == "select" and not any(
    l["role"] == "select" and (l["value"] == w["value"] or (
        l["value"] == "m" and w["type"] == "bool" and w["value"] == "y"))
    for l in w["lines"])]
check(not bad, "each value forced by a select names a select that gives "
      "it%s" % (" (not: %s)" % ",".join(bad[:10]) if bad else ""))
bad = [w["symbol"] for w in got if w["source"] == "user" and
       w["user"] != w["value"] and w["value"] != "y"]
check(not bad, "each user value is the .config's, or within the "
      "visibility%s" % (" (not: %s)" % ",".join(bad[:10]) if bad else ""))
misplaced = []
cache = {}
for w in got[:: max(1, len(got) // 400)]:
    for l in w["lines"]:
        if l["file"] not in cache:
            with open(os.path.join(tree, l["file"])) as f:
                cache[l["file"]] = f.read().splitlines()
        text = cache[l["file"]][l["line"] - 1].strip()
        if text != l["text"].strip():
            misplaced.append("%s:%d" % (l["file"], l["line"]))
check(not misplaced, "every line of a sample of %d symbols is at its "
      "file:line%s" % (len(got[:: max(1, len(got) // 400)]),
                      (" (not: %s)" % ",".join(misplaced[:5]))
                      if misplaced else ""))
sources = collections.Counter(w["source"] for w in got)
check(all(sources[s] for s in ("user", "default", "select", "none")),
      "reasons: %s" % ", ".join("%s %d" % kv for kv in sorted(
          sources.items())))
finish()
