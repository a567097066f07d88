#!/usr/bin/python3
# Probes another kernel version asks, on the real 6.1 tree.
#
#   check_probes.py KDEP TOP OLD_TREE NEW_TREE TMPDIR
#
#  - under the built-in profiles (recorded from 6.12 and 6.1, merged),
#    6.1 has no unknown probe for arm64, x86 and riscv;
#  - the questions whose answer rested on a probe only 6.1 spells so
#    (UBSAN_TRAP's $(cc-option, -fsanitize-undefined-trap-on-error), x86's
#    -fsanitize=bounds, riscv's -march=..._zicbom) answer yes under both
#    profiles, with a witness the tree's own conf, probing the real
#    toolchain, keeps the targets at y with;
#  - under a recording of NEW_TREE alone, 6.1's trap-on-error probe is
#    unrecorded: the answer is no longer a no that rests on a guessed n,
#    but a null that names the probe and assumes it succeeds, and conf
#    with the real gcc-12 (which takes the flag) accepts its witness.
import json
import os
import subprocess
import sys

import kcheck
from kcheck import build_conf, check, finish, output

kdep, top, old, new, tmp = sys.argv[1:6]
db = os.path.join(tmp, "probes.db")
conf = build_conf(top, old, os.path.join(tmp, "probes-old"))
toolchain_env = os.path.join(top, "scripts", "toolchain-env")


def run(args, env_vars=()):
    """kdep (exit 0 or 1) in the environment profiles are recorded in;
    its JSON."""
    p = subprocess.run([toolchain_env, "env"] + list(env_vars) + [kdep] +
                       args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdep %s: exit %d\n%s" %
                         (" ".join(args), p.returncode, p.stderr[-2000:]))
    return json.loads(p.stdout)


def conf_keeps(arch, profile, witness, targets):
    """The targets not y after the tree's conf --olddefconfig of the
    witness, live probes with the profile's real toolchain."""
    return kcheck.conf_keeps(kdep, top, conf, old, arch, profile, witness,
                             targets, os.path.join(tmp, "probes-conf"))


# -- no unknown probe under the built-in profiles ---------------------------
for arch in ("arm64", "x86", "riscv"):
    for s in run(["scan", "--tree", old, "--arch", arch, "--db", db,
                  "--format", "json"])["scans"]:
        check(s["unknown_probes"] == 0,
              "linux %s %s %s: %d unknown probes" %
              (os.path.basename(old), arch, s["profile"],
               s["unknown_probes"]))

# -- the questions that rested on 6.1's own probes --------------------------
QUESTIONS = (("arm64", ["UBSAN_TRAP", "UBSAN"]),
             ("x86", ["UBSAN_BOUNDS", "UBSAN"]),
             ("riscv", ["RISCV_ISA_ZICBOM"]))
for arch, syms in QUESTIONS:
    for profile in ("gcc-12", "llvm-19"):
        r = run(["cosel"] + syms + ["--tree", old, "--arch", arch,
                                     "--profile", profile, "--db", db,
                                     "--format", "json"])["results"][0]
        missing = (conf_keeps(arch, profile, r["witness"], syms)
                   if r["witness"] else syms)
        check(r["coselectable"] is True and not r["assumes"] and
              not missing,
              "linux %s %s %s: %s is yes, and conf keeps the witness%s" %
              (os.path.basename(old), arch, profile, " + ".join(syms),
               "" if not missing else " (not y: %s; answer %s)" %
               (", ".join(missing), r["coselectable"])))

# -- a recording of the new tree alone --------------------------------------
output([toolchain_env, "env", kdep, "profile", "record", "new", "--tree",
        new, "--arch", "arm64", "--cc", "aarch64-linux-gnu-gcc-12",
        "--output", tmp])
path = ["KDEP_PROFILE_PATH=" + tmp]
scan = run(["scan", "--tree", old, "--arch", "arm64", "--profile", "new",
            "--db", db, "--format", "json"], path)["scans"][0]
free = [w for w in scan["warnings"] if "has no answer" in w and
        "a free input" in w]
check(any("-fsanitize-undefined-trap-on-error" in w for w in free),
      "linux %s arm64 under a recording of %s alone: the trap-on-error "
      "probe is a free input (%d unknown probes, %d free)" %
      (os.path.basename(old), os.path.basename(new), scan["unknown_probes"],
       len(free)))
r = run(["cosel", "UBSAN_TRAP", "UBSAN", "--tree", old, "--arch", "arm64",
         "--profile", "new", "--db", db, "--format", "json"],
        path)["results"][0]
named = [a for a in r["assumes"]
         if "-fsanitize-undefined-trap-on-error" in a["text"] and
         a["text"].endswith(" succeeds") and a["file"] == "lib/Kconfig.ubsan"]
missing = (conf_keeps("arm64", "gcc-12", r["witness"],
                      ["UBSAN_TRAP", "UBSAN"]) if r["witness"] else ["all"])
check(r["coselectable"] is None and named and not missing,
      "under it, UBSAN_TRAP + UBSAN is null assuming the trap-on-error "
      "probe succeeds (%s), and conf with the real gcc-12 keeps the "
      "witness%s" % (", ".join(a["symbol"] for a in r["assumes"]),
                     "" if not missing else " (not y: %s)" %
                     ", ".join(missing)))

finish()
