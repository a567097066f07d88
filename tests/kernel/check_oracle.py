# check_oracle.py - kdep's model against a second front end: the analysed
# tree's own scripts/kconfig parser (tests/kernel/oracle/kdump.c), its
# $(shell,...) answered from the same recorded profile. Every property of
# every symbol (type, prompts, defaults, selects, implies, ranges, direct
# and reverse dependencies, after the kernel's menu_finalize()) is compared
# by meaning; any difference not listed in oracle/known.txt fails and
# names the symbol and the property. Pristine 6.12 and 6.1, arm64, x86 and
# riscv under gcc-12 and llvm-19, and the 6.12 tree with a second prompt
# in front of a config block's own (X86_P4_CLOCKMOD). A self-check
# drops the conditions of kdep's implies and expects differences.
#
#   check_oracle.py KDEP TOP TREE OLDTREE TMP
import json
import os
import re
import shutil
import subprocess
import sys
import time

import kcheck

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "oracle"))
import compare  # noqa: E402

kdep, top, tree, old, tmp = sys.argv[1:6]
oracle = os.path.join(top, "tests", "kernel", "oracle")
db = os.path.join(tmp, "oracle.db")
ARCHES = ("arm64", "x86", "riscv")
PROFILES = ("gcc-12", "llvm-19")

# Differences known, each a pattern and why it is not (yet) fixed.
known = []
for line in open(os.path.join(oracle, "known.txt")):
    if line.strip() and not line.startswith("#"):
        pattern, _, why = line.rstrip("\n").partition("\t")
        known.append((re.compile(pattern), why))


def kernel_version(src):
    out = kcheck.output([kdep, "profile", "show", "host", "--arch", "x86",
                         "--tree", src])
    return re.search(r"^KERNELVERSION=(.*)$", out, re.M).group(1)


def kdump_env(src, arch, profile, version):
    """kdump's environment: the recording's variables, its $(shell,...)
    answered from the recording by answer.py."""
    rec = os.path.join(top, "profiles", profile, arch + ".probes")
    misses = os.path.join(tmp, "misses")
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C",
           "HOME": os.environ.get("HOME", "/tmp"), "srctree": src,
           "ARCH": arch, "SRCARCH": arch, "KERNELVERSION": version,
           "KDUMP_ANSWER": "/usr/bin/python3 %s %s %s %s" % (
               os.path.join(oracle, "answer.py"), rec, src, misses)}
    for v in kcheck.recording(rec)[0]:
        k, _, x = v.partition("=")
        env[k] = x
    return env


def kernel_dump(kd, src, arch, profile, version):
    """The kernel's dump, its probe misses."""
    env = kdump_env(src, arch, profile, version)
    out = kcheck.output([kd, "dump", "Kconfig"], env=env, cwd=tmp)
    return out, open(os.path.join(tmp, "misses")).read().splitlines()


def kernel_check(kd, src, arch, profile, version, config, targets):
    """kdump check: the tree's own confdata.c reads config, symbol.c
    computes the values; (whether every target holds, what it says)."""
    p = subprocess.run([kd, "check", "Kconfig", config] + targets,
                       env=kdump_env(src, arch, profile, version), cwd=tmp,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdump check: exit %d: %s" %
                         (p.returncode, p.stderr[-2000:]))
    return p.returncode == 0, p.stdout.strip().replace("\n", "; ")


def kdep_dump(src, arch, profile):
    out = kcheck.output([kdep, "props", "--tree", src, "--arch", arch,
                         "--profile", profile, "--db", db])
    return out.split("\n", 1)[1]  # past the "scan ARCH PROFILE" line


def kdep_cycles(src, arch, profile):
    p = subprocess.run([kdep, "cycles", "--tree", src, "--arch", arch,
                        "--profile", profile, "--db", db],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode == 1


def run(what, kd, src, arch, profile, version):
    """Compares one scan; returns the kernel's dump and kdep's, parsed,
    how the kernel writes choices, and the cycles it found."""
    ktext, misses = kernel_dump(kd, src, arch, profile, version)
    ksyms, kcycles, choices = compare.read_dump(ktext)
    dsyms = compare.read_dump(kdep_dump(src, arch, profile))[0]
    diffs = compare.compare(ksyms, dsyms, choices)
    if bool(kcycles) != kdep_cycles(src, arch, profile):
        diffs.append("recursive dependency: the kernel's check %s one "
                     "(%s), kdep cycles %s" %
                     ("finds" if kcycles else "finds none",
                      " ".join(kcycles) or "-",
                      "does not" if kcycles else "does"))
    unknown = []
    for d in diffs:
        why = next((w for p, w in known if p.search(d)), None)
        if why:
            print("     known: %s (%s)" % (d[:300], why))
        else:
            unknown.append(d)
            print("     %s" % d[:600])
    kcheck.check(not unknown and not misses,
                 "%s: %d symbols compared by meaning, %d known "
                 "differences, %d other, %d probes unrecorded" %
                 (what, len(ksyms), len(diffs) - len(unknown), len(unknown),
                  len(misses)))
    return ksyms, dsyms, choices, kcycles


start = time.time()
last = None
for src, name in ((tree, "6.12"), (old, "6.1")):
    kd = subprocess.run([os.path.join(oracle, "build.sh"), top, src,
                         os.path.join(tmp, "conf-build-" + name)],
                        check=True, stdout=subprocess.PIPE,
                        universal_newlines=True).stdout.strip()
    version = kernel_version(src)
    for arch in ARCHES:
        for profile in PROFILES:
            last = run("linux %s %s %s" % (version, arch, profile), kd, src,
                       arch, profile, version)
    if name == "6.12":
        kd612, v612 = kd, version

# Witnesses: kdep's yes answers, read by the tree's own .config reader
# under the same recorded profile, reach their targets.
WITNESSES = (("arm64", "gcc-12", ["CALL_OPS", "DIRECT_CALLS"]),
             ("riscv", "llvm-19", ["CFI", "DIRECT_CALLS"]),
             ("x86", "llvm-19", ["CFI", "DIRECT_CALLS", "STATIC_CALL",
                                 "HAVE_STATIC_CALL_INLINE"]))
for arch, profile, syms in WITNESSES:
    p = subprocess.run([kdep, "cosel", "--tree", tree, "--arch", arch,
                        "--profile", profile, "--db", db, "--format",
                        "json"] + syms, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    r = json.loads(p.stdout)["results"][0] if p.returncode in (0, 1) else {}
    if not r.get("witness"):
        kcheck.check(False, "%s %s: %s: kdep gives no witness (exit %d)" %
                     (arch, profile, " + ".join(syms), p.returncode))
        continue
    config = os.path.join(tmp, "witness.config")
    open(config, "w").write(r["witness"])
    ok, said = kernel_check(kd612, tree, arch, profile, v612, config,
                            ["%s=y" % t for t in r["symbols"]])
    kcheck.check(ok, "%s %s: the kernel's symbol.c reaches %s from kdep's "
                 "witness: %s" % (arch, profile, " + ".join(r["symbols"]),
                                  said))
    # and says so when a target is not reached
    ok, said = kernel_check(kd612, tree, arch, profile, v612, config,
                            ["%s=n" % r["symbols"][0]])
    kcheck.check(not ok, "%s %s: a target the witness does not give "
                 "fails: %s" % (arch, profile, said))

# Self-check: kdep's implies without their conditions must differ.
ksyms, dsyms, choices, _ = last
broken = 0
for s in dsyms.values():
    if s.get("imply"):
        s["imply"] = [[t, "y"] for t, _ in s["imply"]]
        broken += 1
diffs = compare.compare(ksyms, dsyms, choices)
kcheck.check(any(": imply " in d and "condition differs" in d
                 for d in diffs),
             "self-check: kdep's imply conditions dropped (%d symbols): "
             "%d differences found" % (broken, len(diffs)))

# An edited tree: a second prompt in front of X86_P4_CLOCKMOD's own. The
# kernel keeps both and finds the cycle through X86_SPEEDSTEP_LIB.
edited = os.path.join(tmp, "oracle-edited")
if os.path.exists(edited):
    shutil.rmtree(edited)
subprocess.run(["cp", "-al", tree, edited], check=True)
path = os.path.join(edited, "drivers", "cpufreq", "Kconfig.x86")
text = open(path).read()
os.unlink(path)  # a real copy, not the pristine tree's link
open(path, "w").write(text.replace(
    "config X86_P4_CLOCKMOD\n",
    "config X86_P4_CLOCKMOD\n\tprompt \"p\" if X86_SPEEDSTEP_LIB\n", 1))
ksyms, _, _, kcycles = run("the edited tree x86 gcc-12", kd612, edited, "x86",
                           "gcc-12", v612)
kcheck.check(len(ksyms["X86_P4_CLOCKMOD"].get("prompt", [])) == 2 and
             kcycles, "the edited tree: the kernel keeps both prompts of "
             "X86_P4_CLOCKMOD and finds the cycle (%s)" %
             " ".join(kcycles))
shutil.rmtree(edited)

print("     %.0f s" % (time.time() - start))
kcheck.finish()
