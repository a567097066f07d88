#!/usr/bin/python3
# The built-in toolchain profiles on the real trees.
#
#   check_profiles.py KDEP TOOLCHAIN_ENV TREE OLD_TREE TMPDIR [all]
#
#  - fidelity: for every built-in profile and arch checked, the
#    alldefconfig value of every symbol under replay equals the value
#    computed with live probes by the real toolchain the profile names (its
#    recorded variables, in the environment the profiles are recorded in),
#    and neither tree (TREE, OLD_TREE: the recordings merge both) has an
#    unknown probe. Without 'all', the pairs whose toolchains make check
#    installs (SUBSET below); with it, every recording (make
#    check-profiles, after scripts/install-deps profiles);
#  - the seed's edit under config ARM64: HAS_LTO_CLANG keeps its dependency
#    edges under llvm-19 and they fold away under gcc-12;
#  - another kernel version: under a profile recorded from TREE alone,
#    OLD_TREE's scan succeeds, and every probe it reports unknown is one
#    that version really makes (a recording of OLD_TREE has it) and that
#    the profile lacks.
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys

from kcheck import check, finish, output, recording

kdep, toolchain_env, tree, old_tree, tmp = sys.argv[1:6]
every = sys.argv[6:7] == ["all"]
db = os.path.join(tmp, "profiles.db")

# What make check runs: every llvm-19 recording (clang-19 targets them
# all) and gcc-12 where scripts/install-deps installs the compiler (the
# host gcc-12 for x86 and um, the arm64 and riscv cross gcc).
SUBSET_GCC = ("arm64", "riscv", "um", "x86")


def run(args, env_vars=()):
    """kdep in the environment profiles are recorded in, plus env_vars."""
    return output([toolchain_env, "env"] + list(env_vars) + [kdep] +
                  list(args))


profiles_dir = os.path.join(os.path.dirname(kdep), "profiles")
builtin = sorted(os.listdir(profiles_dir))
check(builtin == ["gcc-12", "llvm-19"], "built-in profiles: %s" % builtin)
pairs = sorted((name, f[:-len(".probes")]) for name in builtin
               for f in os.listdir(os.path.join(profiles_dir, name))
               if f.endswith(".probes"))
checked = [(n, a) for n, a in pairs
           if every or n == "llvm-19" or a in SUBSET_GCC]


# -- fidelity ---------------------------------------------------------------
def fidelity(pair):
    """(ok, message) of one profile x arch."""
    name, arch = pair
    variables, _ = recording(os.path.join(profiles_dir, name,
                                          arch + ".probes"))
    replay = json.loads(run(["values", "--tree", tree, "--arch", arch,
                             "--profile", name, "--format", "json"]))
    live = json.loads(run(["values", "--tree", tree, "--arch", arch,
                           "--profile", "host", "--format", "json"],
                          variables))
    old = json.loads(run(["values", "--tree", old_tree, "--arch", arch,
                          "--profile", name, "--format", "json"]))
    r, lv = replay["values"], live["values"]
    diff = sorted(k for k in set(r) | set(lv) if r.get(k) != lv.get(k))
    ok = (replay["unknown_probes"] == 0 and old["unknown_probes"] == 0 and
          len(r) > 5000 and not diff)
    return ok, ("%s %s: %d symbols, replay == live, unknown probes: %d "
                "(%s), %d (%s)%s" %
                (name, arch, len(r), replay["unknown_probes"],
                 os.path.basename(tree), old["unknown_probes"],
                 os.path.basename(old_tree), "" if not diff else
                 "; differ: " + ", ".join("%s=%s/%s" % (k, r.get(k),
                                                       lv.get(k))
                                          for k in diff[:8]) +
                 " (a stale recording? run make profiles)"))


# two at once: each pair is three processes in a row, one core each
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    for ok, message in pool.map(fidelity, checked):
        check(ok, message)
check(every or len(checked) >= 15, "%s: %d of the %d recordings" %
      ("all" if every else "make check's subset", len(checked), len(pairs)))

# -- the seed's edit --------------------------------------------------------
edited = os.path.join(tmp, "seed-tree")
subprocess.run(["cp", "-al", tree, edited], check=True)
kconfig = os.path.join(edited, "arch", "arm64", "Kconfig")
text = open(kconfig).read()
os.unlink(kconfig)  # a hard link to the pristine tree: write a new file
seed = "\tselect HAVE_STATIC_CALL if !LTO_CLANG_THIN || CLANG_VERSION >= 130000\n"
text, n = re.subn(r"^(config ARM64\n\tdef_bool y\n)", r"\1" + seed, text,
                  count=1, flags=re.M)
check(n == 1, "the seed's line goes under config ARM64")
open(kconfig, "w").write(text)
seed_line = text[:text.index(seed)].count("\n") + 1

for name in builtin:
    show = json.loads(run(["show", "HAS_LTO_CLANG", "--tree", edited,
                           "--arch", "arm64", "--profile", name,
                           "--db", db, "--format", "json"]))
    deps = sorted({e["to"] for e in show["edges"] if e["kind"] == "depends"})
    if name.startswith("llvm"):
        check({"CC_IS_CLANG", "LD_IS_LLD", "AS_IS_LLVM"} <= set(deps),
              "%s: HAS_LTO_CLANG keeps its dependency edges (%s)" %
              (name, ", ".join(deps)))
    else:
        check(not deps, "%s: HAS_LTO_CLANG's dependency edges fold away%s" %
              (name, "" if not deps else " (left: %s)" % ", ".join(deps)))
    static = json.loads(run(["show", "HAVE_STATIC_CALL", "--tree", edited,
                             "--arch", "arm64", "--profile", name,
                             "--db", db, "--format", "json"]))
    links = {(e["kind"], e["to"]) for e in static["edges"]
             if e["file"] == "arch/arm64/Kconfig" and e["line"] == seed_line}
    check({("select", "ARM64"), ("select-if", "LTO_CLANG_THIN"),
           ("select-if", "CLANG_VERSION")} <= links,
          "%s: the seed's select is in the graph at arch/arm64/Kconfig:%d"
          % (name, seed_line))
shutil.rmtree(edited)

# -- another kernel version -------------------------------------------------
# A recording of TREE alone: what OLD_TREE then lacks is named.
run(["profile", "record", "new", "--tree", tree, "--arch", "arm64",
     "--cc", "aarch64-linux-gnu-gcc-12", "--output", tmp])
_, recorded = recording(os.path.join(tmp, "new", "arm64.probes"))
scan = json.loads(run(["scan", "--tree", old_tree, "--arch", "arm64",
                       "--profile", "new", "--db", db,
                       "--format", "json"],
                      ["KDEP_PROFILE_PATH=" + tmp]))["scans"][0]
named = [re.match(r"profile new has no answer for probe '(.*)'; "
                  r"(?:assumed '.*'|a free input \(KDEP_PROBE_\w+\))$", w)
         for w in scan["warnings"]]
named = [m.group(1) for m in named if m]
# What that version really probes: a recording of it, same toolchain.
run(["profile", "record", "old", "--tree", old_tree, "--arch", "arm64",
     "--cc", "aarch64-linux-gnu-gcc-12", "--output", tmp])
_, old_probes = recording(os.path.join(tmp, "old", "arm64.probes"))
real = all(("probe", k) in old_probes for k in named)
lacking = all(("probe", k) not in recorded for k in named)
check(scan["unknown_probes"] == len(named) > 0 and real and lacking,
      "linux %s under gcc-12 recorded from %s alone: %d of its %d probes "
      "had no answer of their own, each named, each a real probe the "
      "recording lacks" % (os.path.basename(old_tree),
                           os.path.basename(tree), scan["unknown_probes"],
                           sum(1 for k in old_probes if k[0] == "probe")))

finish()
