#!/usr/bin/python3
# kdep values against the tree's own conf: the .config kdep writes is the
# one conf writes, line for line.
#
#   check_values.py KDEP TOP TREE TMPDIR
#
# conf is built from the tree (scripts/build-conf) and run with live probes
# by the toolchain the profile was recorded from; kdep replays the profile.
# Three checks per (arch, profile): conf --olddefconfig on kdep's
# alldefconfig leaves it as it is; conf --alldefconfig writes it too; and
# for the arch's defconfig, kdep values --config equals conf --olddefconfig
# of the same file. Only the heading comment block is left out.
import difflib
import os
import shutil
import sys

from kcheck import body, build_conf, check, conf_env, finish, output

kdep, top, tree, tmp = sys.argv[1:5]
conf = build_conf(top, tree, tmp)
CASES = (("arm64", "gcc-12"), ("arm64", "llvm-19"))


def kdep_values(arch, profile, config=None):
    args = [kdep, "values", "--tree", tree, "--arch", arch, "--profile",
            profile]
    if config:
        args += ["--config", config]
    return output(args)


def run_conf(arch, profile, mode, start=None):
    """The .config conf --MODE writes, from the file start (or none)."""
    work = os.path.join(tmp, "values-conf")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    path = os.path.join(work, ".config")
    if start is not None:
        shutil.copy(start, path)
    env = conf_env(kdep, top, profile, arch, tree)
    env["srctree"] = tree
    env["KCONFIG_CONFIG"] = path
    output([conf, "--" + mode, os.path.join(tree, "Kconfig")], cwd=work,
           env=env)
    with open(path) as f:
        return f.read()


def same(what, want, got):
    """Checks that conf's .config want and kdep's got have one body."""
    a, b = body(want), body(got)
    diff = list(difflib.unified_diff(a, b, "conf", "kdep", lineterm="",
                                     n=1))
    check(a == b and len(a) > 1000,
          "%s: %d lines, %s%s" % (what, len(b),
                                  "equal" if a == b else "differ",
                                  "\n" + "\n".join(diff[:40]) if diff
                                  else ""))


for arch, profile in CASES:
    ours = os.path.join(tmp, "values.%s.%s" % (arch, profile))
    with open(ours, "w") as f:
        f.write(kdep_values(arch, profile))
    with open(ours) as f:
        mine = f.read()
    check(mine.count("\nCONFIG_") > 500 and "is not set" in mine and
          "\n# end of " in mine,
          "%s %s: kdep values writes .config lines" % (arch, profile))
    same("%s %s: conf --olddefconfig keeps kdep's alldefconfig"
         % (arch, profile), run_conf(arch, profile, "olddefconfig", ours),
         mine)
    same("%s %s: conf --alldefconfig equals kdep's" % (arch, profile),
         run_conf(arch, profile, "alldefconfig"), mine)
    defconfig = os.path.join(tree, "arch", arch, "configs", "defconfig")
    same("%s %s: olddefconfig of arch/%s/configs/defconfig"
         % (arch, profile, arch),
         run_conf(arch, profile, "olddefconfig", defconfig),
         kdep_values(arch, profile, defconfig))
finish()
