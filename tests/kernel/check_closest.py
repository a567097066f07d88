#!/usr/bin/python3
# kdep cosel --config on the real tree: from the arch's defconfig, made by
# the tree's own conf with the toolchain of the profile, the witness kdep
# gives for targets the defconfig lacks must change the fewest user
# choices kdep's solver allows (it says it proved that), and the tree's
# own conf, with the real toolchain, must keep every target at y and take
# each change kdep lists.
#
#   check_closest.py KDEP TOP TREE TMPDIR
import json
import os
import subprocess
import sys

from kcheck import build_conf, check, conf_write, finish, value_in

kdep, top, tree, tmp = sys.argv[1:5]
db = os.path.join(tmp, "closest.db")
conf = build_conf(top, tree, tmp)
PROFILE = "llvm-19"
TARGETS = ["CFI_CLANG", "DYNAMIC_FTRACE_WITH_DIRECT_CALLS"]
DEFCONFIGS = {"x86": "x86_64_defconfig", "riscv": "defconfig"}


def run_conf(arch, mode, config):
    return conf_write(kdep, top, conf, PROFILE, arch, tree, mode, config)


for arch, name in sorted(DEFCONFIGS.items()):
    work = os.path.join(tmp, "closest-" + arch)
    os.makedirs(work, exist_ok=True)
    mine = os.path.join(work, "my.config")
    start = run_conf(arch, "defconfig=" + os.path.join(
        tree, "arch", arch, "configs", name), mine)
    lacking = [t for t in TARGETS if value_in(start, t) != "y"]
    check(lacking, "%s %s: the defconfig lacks %s" % (arch, PROFILE,
                                                      ",".join(lacking)))
    args = [kdep, "cosel"] + TARGETS + [
        "--tree", tree, "--arch", arch, "--profile", PROFILE, "--db", db,
        "--config", mine, "--format", "json"]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdep cosel --config: exit %d\n%s" %
                         (p.returncode, p.stderr))
    r = json.loads(p.stdout)["results"][0]
    near = r.get("closest") or {}
    changes = near.get("changes", [])
    check(p.returncode == 0 and r["coselectable"] is True,
          "%s: %s co-selectable from the defconfig" % (arch,
                                                       " + ".join(TARGETS)))
    check(near.get("optimal") is True and
          near.get("count") == near.get("lower_bound") and
          near.get("count") == sum(c["counted"] for c in changes),
          "%s: %s changes of %s user choices, proven the fewest "
          "(lower bound %s): %s" % (
              arch, near.get("count"), near.get("user_choices"),
              near.get("lower_bound"),
              ", ".join("%s %s->%s" % (c["symbol"], c["from"], c["to"])
                        for c in changes)))
    check(all(value_in(start, c["symbol"]) == c["from"] for c in changes),
          "%s: each change starts from conf's defconfig value" % arch)
    witness = os.path.join(work, ".config")
    with open(witness, "w") as f:
        f.write(r["witness"] or "")
    after = run_conf(arch, "olddefconfig", witness)
    check(all(value_in(after, t) == "y" for t in TARGETS),
          "%s: conf --olddefconfig keeps %s at y" % (arch, ",".join(TARGETS)))
    bad = [c["symbol"] for c in changes if value_in(after, c["symbol"]) !=
           c["to"]]
    check(not bad, "%s: conf takes every change kdep lists%s" %
          (arch, (" (not: " + ",".join(bad) + ")") if bad else ""))
    # what conf changed of the defconfig's user choices is what kdep said
    moved = [c["symbol"] for c in changes if c["counted"]]
    check(len(moved) == near.get("count"),
          "%s: %d bool/tristate changes listed" % (arch, len(moved)))

finish()
