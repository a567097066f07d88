#!/usr/bin/python3
# A chain of symbols, each depending on the one before it (implicit menus,
# one inside the other), against the tree's own conf: conf takes 5,000 of
# them and so must kdep, with the same alldefconfig (every one y), no
# cycle, and the first and the last co-selectable.
#
#   check_chain.py KDEP TOP TREE TMP
import os
import subprocess
import sys

from kcheck import check, finish, build_conf, output

kdep, top, tree, tmp = sys.argv[1:5]
N = 5000
src = os.path.join(tmp, "chain")
os.makedirs(os.path.join(src, "arch", "x86"), exist_ok=True)
with open(os.path.join(src, "arch", "x86", "Kconfig"), "w") as f:
    f.write("config X86\n\tdef_bool y\n")
lines = ['mainmenu "chain"', "config A0", '\tbool "a0"', "\tdefault y"]
for i in range(1, N):
    lines += ["config A%d" % i, '\tbool "a%d"' % i, "\tdefault y",
              "\tdepends on A%d" % (i - 1)]
with open(os.path.join(src, "Kconfig"), "w") as f:
    f.write("\n".join(lines) + "\n")

conf = build_conf(top, tree, tmp)
dot = os.path.join(tmp, "chain.config")
p = subprocess.run([conf, "--alldefconfig", "Kconfig"], cwd=src,
                   env={"PATH": "/usr/bin:/bin", "srctree": ".",
                        "KCONFIG_CONFIG": dot},
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   universal_newlines=True)
check(p.returncode == 0, "conf takes a chain of %d" % N)
theirs = sorted(l for l in open(dot) if l.startswith("CONFIG_")) \
    if p.returncode == 0 else []

db = os.path.join(tmp, "chain.db")
common = ["--tree", src, "--arch", "x86", "--profile", "host"]
ours = sorted(l + "\n" for l in output(
    [kdep, "values"] + common, env=dict(os.environ, KDEP_DB=db)).splitlines()
    if l.startswith("CONFIG_"))
check(ours == theirs and len(ours) == N,
      "kdep values of the chain is conf's alldefconfig (%d symbols y)"
      % len(ours))
out = output([kdep, "cycles"] + common + ["--db", db])
check(" 0 recursive dependencies" in out, "kdep cycles finds none")
out = output([kdep, "cosel", "A0", "A%d" % (N - 1)] + common + ["--db", db])
check(": yes, witness checked" in out, "A0 and A%d are co-selectable" % (N - 1))
finish()
