#!/usr/bin/python3
# kdep cycles against the tree's own conf, on the real tree and on edited
# copies of it.
#
#   check_cycles.py KDEP TOP TREE TMPDIR
#
# conf is built from the tree (scripts/build-conf) and run with live probes
# by the toolchain each built-in profile was recorded from; kdep replays the
# profile. For every case: the same verdict (a cycle or none); for each
# cycle conf prints, all its symbols lie in one component kdep reports; and
# every cycle kdep reports passes through the edited lines.
import json
import os
import re
import shutil
import subprocess
import sys

from kcheck import (CYCLE_CASES, build_conf, check, conf_cycle_symbols,
                    conf_env, finish)

kdep, top, tree, tmp = sys.argv[1:5]
db = os.path.join(tmp, "cycles.db")


conf = build_conf(top, tree, tmp)


def host_env(profile, arch, src):
    return conf_env(kdep, top, profile, arch, src)


def conf_cycles(src, profile, arch):
    """The symbols of each cycle conf prints (it prints the first only)."""
    work = os.path.join(tmp, "conf-run")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = host_env(profile, arch, src)
    env["srctree"] = src
    p = subprocess.run([conf, "--alldefconfig", os.path.join(src, "Kconfig")],
                       cwd=work, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    cycles = conf_cycle_symbols(p.stderr)
    if not cycles and p.returncode:
        raise SystemExit("FAIL conf failed: %s" % p.stderr[-2000:])
    return cycles


def kdep_cycles(src, profile, arch):
    p = subprocess.run([kdep, "cycles", "--tree", src, "--arch", arch,
                        "--profile", profile, "--db", db, "--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdep cycles: %s" % p.stderr)
    r = json.loads(p.stdout)
    check((p.returncode == 1) == bool(r["cycles"]),
          "exit status %d says whether there is a cycle" % p.returncode)
    return r


def compare(name, src, profile, arch, edited=None):
    """edited: (file, first line, last line) of the edit, or None."""
    want = conf_cycles(src, profile, arch)
    got = kdep_cycles(src, profile, arch)
    cycles = got["cycles"]
    check(bool(want) == bool(cycles),
          "%s, %s %s: conf %s, kdep %s" %
          (name, arch, profile,
           "finds a cycle" if want else "finds none",
           "%d cycle(s)" % len(cycles) if cycles else "none"))
    for w in want:
        ok = any(set(w) <= set(c["component"]) for c in cycles)
        check(ok, "%s: conf's cycle (%s) lies in one kdep component" %
              (name, " ".join(w)))
    if edited and cycles:
        f, lo, hi = edited
        through = all(any(e["file"] == f and lo <= e["line"] <= hi
                          for e in c["edges"]) for c in cycles)
        check(through, "%s: every cycle kdep reports passes through %s:%d-%d"
              % (name, f, lo, hi))
    return cycles


def edited_tree(name, rel, edit):
    """A hard-linked copy of the tree with rel rewritten by edit(text);
    returns (path, first edited line, last edited line)."""
    dst = os.path.join(tmp, "tree-" + name)
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run(["cp", "-al", tree, dst], check=True)
    path = os.path.join(dst, rel)
    text = open(path).read()
    new = edit(text)
    os.unlink(path)
    open(path, "w").write(new)
    old, lines = text.splitlines(), new.splitlines()
    lo = next(i for i in range(len(lines))
              if i >= len(old) or lines[i] != old[i]) + 1
    hi = len(lines) - next(i for i in range(len(lines))
                           if i >= len(old) or lines[-1 - i] != old[-1 - i])
    return dst, lo, hi


profiles = sorted(os.listdir(os.path.join(top, "profiles")))

# -- the pristine tree: no cycle anywhere ---------------------------------
for arch in ("arm64", "x86", "riscv"):
    for profile in profiles:
        compare("pristine", tree, profile, arch)

# -- every profiled arch at once: exit 0, each under each of its profiles ---
recorded = {}
for profile in profiles:
    for name in os.listdir(os.path.join(top, "profiles", profile)):
        if name.endswith(".probes"):
            recorded.setdefault(name[:-len(".probes")], []).append(profile)
p = subprocess.run([kdep, "cycles", "--tree", tree, "--arch", "all", "--db", db,
                    "--format", "json"], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, universal_newlines=True)
check(p.returncode == 0, "pristine, --arch all: exit 0 (%d: %s)" %
      (p.returncode, p.stderr.strip().splitlines()[-1:] if p.returncode else ""))
every = json.loads(p.stdout) if p.returncode in (0, 1) else []
got = {r["arch"]: sorted(r["profiles"]) for r in every}
check(got == {a: sorted(v) for a, v in recorded.items()},
      "pristine, --arch all: every arch a built-in profile records, under "
      "each of its profiles (%d arches, %d scans)" %
      (len(got), sum(len(v) for v in got.values())))
check(every and not any(r["cycles"] for r in every),
      "pristine, --arch all: no cycle anywhere")
skipped = sorted(re.findall(r"no built-in profile has a recording for (\S+);",
                            p.stderr))
arches = sorted(d for d in os.listdir(os.path.join(tree, "arch"))
                if os.path.isfile(os.path.join(tree, "arch", d, "Kconfig")))
check(skipped and sorted(list(got) + skipped) == arches,
      "pristine, --arch all: the other arches named and skipped (%s)" %
      " ".join(skipped))

# -- the seed's line: a cycle with LLVM binutils only -----------------------
seed = "\tselect HAVE_STATIC_CALL if !LTO_CLANG_THIN || CLANG_VERSION >= 130000\n"
src, lo, hi = edited_tree("seed", "arch/arm64/Kconfig", lambda t: re.sub(
    r"^(config ARM64\n\tdef_bool y\n)", lambda m: m.group(1) + seed, t,
    count=1, flags=re.M))
for profile in profiles:
    cycles = compare("seed", src, profile, "arm64",
                     ("arch/arm64/Kconfig", lo, hi))
    if profile == "gcc-12":
        check(not cycles, "seed under gcc-12: no cycle")
    else:
        check(bool(cycles), "seed under %s: a cycle" % profile)
# Under both at once: one finding per cycle, naming where it exists, and
# for gcc-12 the link that folds away there and the line that folds it.
both = kdep_cycles(src, ",".join(profiles), "arm64")
check(bool(both["cycles"]) and
      all(c["profiles"] == ["llvm-19"] for c in both["cycles"]),
      "seed under %s: each cycle names llvm-19 only" % ",".join(profiles))
folded = [b for c in both["cycles"] for b in c["absent"]]
check(len(folded) == len(both["cycles"]) and
      all(b["profile"] == "gcc-12" and b["folded_by"] and
          b["missing"]["from"] == "HAS_LTO_CLANG" and
          re.search(r"\$\((NM|AR)\)", b["folded_by"]["text"])
          for b in folded),
      "seed: absent under gcc-12 because HAS_LTO_CLANG's "
      "$(success,$(NM)/$(AR) ...) dependency folds to n (%s)" %
      "; ".join("%s:%d %s" % (b["folded_by"]["file"], b["folded_by"]["line"],
                              b["folded_by"]["text"])
                for b in folded[:1] if b["folded_by"]))
# The same as text: the cycles of the component close at the seed's line,
# so it is named once, as the head, with its line quoted under it; every
# other line a link or a fold names is shown as the tree has it.
p = subprocess.run([kdep, "cycles", "--tree", src, "--arch", "arm64",
                    "--profile", ",".join(profiles), "--db", db],
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
out = p.stdout.splitlines()
at = "arch/arm64/Kconfig:%d" % lo
heads = [l for l in out if " error: recursive dependency " in l]
check(p.returncode == 1 and heads == [
    at + ": error: recursive dependency [recursive-dependency] (llvm-19)"],
      "seed as text: one head, at the seed's line (%s)" % "; ".join(heads))
check(len(out) > 1 and out[1] == " %4d | %s" % (lo, seed.strip()),
      "seed as text: the seed's line quoted under the head (%s)"
      % (out[1] if len(out) > 1 else ""))
check(sum(seed.strip() in l for l in out) == 1 and
      sum(at + ")" in l or at + ":" in l for l in out) == 2,
      "seed as text: the seed's line said once, named by the head and "
      "its link")
check("\t%d cycles close at this line; the links they all have:"
      % len(both["cycles"]) in out and len(both["cycles"]) > 1,
      "seed as text: the %d cycles told together" % len(both["cycles"]))
check(out[-1] == "arm64: %d recursive dependencies in 1 component (%s)"
      % (len(both["cycles"]), ", ".join(profiles)),
      "seed as text: the count (%s)" % out[-1])


def tree_line(f, n):
    """Line n of f in the edited tree as kdep quotes it: trimmed, its
    continuation lines joined."""
    lines = open(os.path.join(src, f), errors="replace").read().split("\n")
    parts = []
    for line in lines[n - 1:]:
        line = line.strip(" \t")
        more = line.endswith("\\")
        parts.append(line[:-1].rstrip(" \t") if more else line)
        if not more:
            break
    return " ".join(parts)


quoted = [m.groups() for m in (re.match(r"\t.*?  \((\S+):(\d+): (.*)\)$", l)
                               for l in out) if m]
wrong = [(f, n, t) for f, n, t in quoted
         if not (tree_line(f, int(n)) == t or
                 (t.endswith("...") and tree_line(f, int(n)).startswith(t[:-3])))]
check(len(quoted) > 10 and not wrong,
      "seed as text: the %d lines quoted with the links are the tree's (%s)"
      % (len(quoted), "; ".join("%s:%s: %s" % w for w in wrong[:3])))
shutil.rmtree(src)

# -- small cycles of each kind, written at the end of init/Kconfig ----------
for name, text in CYCLE_CASES.items():
    src, lo, hi = edited_tree(re.sub(r"\W+", "-", name), "init/Kconfig",
                              lambda t: t + text)
    cycles = compare(name, src, "gcc-12", "x86", ("init/Kconfig", lo, hi))
    if name.endswith("(none)"):
        check(not cycles, "%s: no cycle" % name)
    else:
        check(bool(cycles), "%s: a cycle" % name)
    shutil.rmtree(src)

finish()
