#!/usr/bin/python3
# kdep fix on the edited trees of check_cycles.py, with the tree's own conf
# as the judge of every fix it offers.
#
#   check_fix.py KDEP TOP TREE TMPDIR
#
# The seed's line (arm64): the top fix drops its condition, proven to
# change no configuration under every profile; the unified diff applies
# with git apply; conf, run with the toolchain of each profile, finds no
# cycle in the fixed tree; and under gcc-12, where the seed-edited tree
# has no cycle either, the defconfig .config of the fixed tree is the one
# of the seed-edited tree. Each small cycle of check_cycles.py gets a
# proven fix that conf confirms.
import json
import os
import re
import shutil
import subprocess
import sys

from kcheck import CYCLE_CASES, build_conf, check, conf_env, finish

kdep, top, tree, tmp = sys.argv[1:5]
db = os.path.join(tmp, "fix.db")
conf = build_conf(top, tree, tmp)
profiles = sorted(os.listdir(os.path.join(top, "profiles")))


def edited_tree(name, rel, edit):
    """A hard-linked copy of the tree with rel rewritten by edit(text)
    (a real copy, so the tree itself is never written)."""
    dst = os.path.join(tmp, "fix-" + name)
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run(["cp", "-al", tree, dst], check=True)
    path = os.path.join(dst, rel)
    text = open(path).read()
    os.unlink(path)
    open(path, "w").write(edit(text))
    return dst


def run_conf(src, profile, arch, mode, start=None):
    """(cycles conf reports, the .config it writes) for conf --MODE."""
    work = os.path.join(tmp, "fix-conf")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    path = os.path.join(work, ".config")
    env = conf_env(kdep, top, profile, arch, src)
    env["srctree"] = src
    env["KCONFIG_CONFIG"] = path
    args = [conf, "--" + mode + ("=" + start if start else ""),
            os.path.join(src, "Kconfig")]
    p = subprocess.run(args, cwd=work, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    cyclic = "recursive dependency detected" in p.stderr
    if not cyclic and p.returncode:
        raise SystemExit("FAIL conf failed: %s" % p.stderr[-2000:])
    body = None
    if os.path.exists(path):
        body = [l for l in open(path).read().splitlines()
                if not l.startswith("# ")]
    return cyclic, body


def kdep_fix(src, arch, profile, more=()):
    p = subprocess.run([kdep, "fix", "--tree", src, "--arch", arch,
                        "--profile", profile, "--db", db, "--format",
                        "json"] + list(more), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdep fix: %s" % p.stderr)
    return json.loads(p.stdout)


def apply(src, name, diff, repo=False):
    """The fixed tree: a copy of src with diff applied by git apply (in a
    git repository of the copy, with repo)."""
    dst = os.path.join(tmp, "fixed-" + name)
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run(["cp", "-al", src, dst], check=True)
    files = re.findall(r"^\+\+\+ b/(\S+)$", diff, flags=re.M)
    if repo:
        # a repository whose commit holds the files the patch touches
        # (hashing the whole tree would take minutes); git apply works
        # on the work tree. -f: Debian's .gitignore ignores the top level
        git = ["git", "-c", "user.name=kdep", "-c", "user.email=kdep@localhost"]
        for args in (["init", "-q"], ["add", "-f", "--"] + files,
                     ["commit", "-q", "-m", "the tree"]):
            subprocess.run(git + args, cwd=dst, check=True,
                           stdout=subprocess.DEVNULL)
    for f in files:
        path = os.path.join(dst, f)
        text = open(path, "rb").read()
        os.unlink(path)
        open(path, "wb").write(text)
    patch = os.path.join(tmp, name + ".diff")
    open(patch, "w").write(diff)
    p = subprocess.run(["git", "apply", patch], cwd=dst,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    check(p.returncode == 0, "%s: git apply of the fix (%s)" %
          (name, p.stderr.strip()))
    if repo:
        q = subprocess.run(["git", "diff", "--stat"], cwd=dst,
                           stdout=subprocess.PIPE, universal_newlines=True)
        check(all(f in q.stdout for f in files),
              "%s: the repository shows the fix as its change (%s)" %
              (name, q.stdout.strip().replace("\n", "; ")))
    return dst


# -- the seed's line -------------------------------------------------------
seed = "\tselect HAVE_STATIC_CALL if !LTO_CLANG_THIN || CLANG_VERSION >= 130000\n"
src = edited_tree("seed", "arch/arm64/Kconfig", lambda t: re.sub(
    r"^(config ARM64\n\tdef_bool y\n)", lambda m: m.group(1) + seed, t,
    count=1, flags=re.M))
lo = open(os.path.join(src, "arch/arm64/Kconfig")).read().split(
    "\n").index(seed.rstrip("\n")) + 1
mails = os.path.join(tmp, "mails")
shutil.rmtree(mails, ignore_errors=True)
r = kdep_fix(src, "arm64", ",".join(profiles), ["-o", mails])
comps = r["components"]
check(len(comps) == 1 and comps[0]["fixes"],
      "seed: one component, with proven fixes (%d)" %
      (len(comps[0]["fixes"]) if comps else 0))
top_fix = comps[0]["fixes"][0]
e = top_fix["edits"][0]
check(top_fix["kind"] == "drop the condition" and
      e["file"] == "arch/arm64/Kconfig" and e["first"] == lo and
      e["old"] == seed and e["new"] == "\tselect HAVE_STATIC_CALL\n",
      "seed: the top fix drops the condition of arch/arm64/Kconfig:%d (%s)"
      % (lo, top_fix["description"]))
check(top_fix["proof"]["acyclic"] and
      top_fix["proof"]["unchanged"] == profiles,
      "seed: proven to change no configuration under %s (%s)" %
      (", ".join(profiles), ", ".join(top_fix["proof"]["unchanged"])))
# the same fix as SARIF fixes[] of kdep cycles --fix (proofs kept by the
# run above): the edit replaces the seed's line at its place
p = subprocess.run([kdep, "cycles", "--fix", "--tree", src, "--arch", "arm64",
                    "--profile", ",".join(profiles), "--db", db, "--format",
                    "sarif"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
res = json.loads(p.stdout)["runs"][0]["results"] if p.returncode == 1 else []
fx = [c for r in res for f in r.get("fixes", [])
      for c in f["artifactChanges"]]
rep = fx[0]["replacements"][0] if fx else {}
check(len(res) == 1 and fx and
      fx[0]["artifactLocation"]["uri"] == "arch/arm64/Kconfig" and
      rep["deletedRegion"]["startLine"] == lo and
      rep["insertedContent"]["text"] == "\tselect HAVE_STATIC_CALL\n",
      "seed: cycles --fix as SARIF carries the top fix in fixes[] (%s)" %
      (rep or p.stderr.strip()))
npm = subprocess.run([os.path.join(top, "tests", "e2e", "npm-deps")],
                     stdout=subprocess.PIPE, universal_newlines=True,
                     check=True).stdout.strip()
modules = os.path.join(npm, "node_modules")
sarif = os.path.join(tmp, "seed-fix.sarif")
open(sarif, "w").write(p.stdout)
v = subprocess.run(["node", os.path.join(top, "tests", "e2e",
                                         "sarif-validate.js"),
                    os.path.join(modules, "@microsoft",
                                 "sarif-multitool-linux", "sarif-2.1.0.json"),
                    sarif], env=dict(os.environ, NODE_PATH=modules),
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   universal_newlines=True)
check(v.returncode == 0, "seed: that SARIF with fixes[] validates against "
      "the SARIF 2.1.0 schema (%s)" % v.stdout.strip().replace("\n", "; "))
check(all(f["proof"]["acyclic"] for f in comps[0]["fixes"]) and
      all(f["why"] for f in comps[0]["rejected"]),
      "seed: every fix offered is proven; every rejected one says why")
patches = sorted(os.listdir(mails)) if os.path.isdir(mails) else []
check(len(patches) == len(comps[0]["fixes"]) and
      patches[0].startswith("0001-") and patches[0].endswith(".patch"),
      "seed: -o writes one mail per proven fix (%s)" % ", ".join(patches))
mail = open(os.path.join(mails, patches[0])).read() if patches else ""
check(mail.startswith("From ") and "Subject: [PATCH] arm64: " in mail and
      "recursive dependency" in mail and
      "Under gcc-12 no configuration changes" in mail and
      "Under llvm-19 no configuration changes" in mail and
      top_fix["diff"].split("\n", 2)[2] in mail,
      "seed: the first mail states the cycle and the proof, with the diff")
fixed = apply(src, "seed", mail, repo=True)
for profile in profiles:
    cyclic, _ = run_conf(fixed, profile, "arm64", "alldefconfig")
    check(not cyclic, "seed, fixed: conf finds no cycle under %s" % profile)
defconfig = os.path.join(tree, "arch", "arm64", "configs", "defconfig")
_, before = run_conf(src, "gcc-12", "arm64", "defconfig", defconfig)
_, after = run_conf(fixed, "gcc-12", "arm64", "defconfig", defconfig)
check(before is not None and before == after,
      "seed, fixed: under gcc-12 the defconfig .config is the seed "
      "tree's (%d lines)" % len(before or []))
# the same fix, as text
p = subprocess.run([kdep, "fix", "--tree", src, "--arch", "arm64", "--db",
                    db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
out = p.stdout.splitlines()
check(p.returncode == 1 and out and
      out[0].startswith("arch/arm64/Kconfig:%d: note: proven fixes" % lo) and
      "-" + seed.rstrip("\n") in out and "+\tselect HAVE_STATIC_CALL" in out,
      "seed as text: the head at the seed's line, and the diff")
shutil.rmtree(fixed)
shutil.rmtree(src)

# -- pristine arm64, --want CFI,DIRECT_CALLS (seeds/003) --------------------
p = subprocess.run([kdep, "fix", "--want", "CFI,DIRECT_CALLS", "--tree", tree,
                    "--arch", "arm64", "--profile", "llvm-19", "--db", db,
                    "--format", "json"], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, universal_newlines=True)
if p.returncode not in (0, 1):
    raise SystemExit("FAIL kdep fix --want: %s" % p.stderr)
w = json.loads(p.stdout)["results"][0]
check(p.returncode == 1 and w["coselectable"] is False and w["fixes"],
      "want: CFI + DIRECT_CALLS not co-selectable under llvm-19, with "
      "proven relaxations (%d)" % len(w["fixes"]))
kc = open(os.path.join(tree, "arch/arm64/Kconfig")).read().split("\n")
sel = kc.index("\tselect HAVE_DYNAMIC_FTRACE_WITH_DIRECT_CALLS \\") + 1
top_fix = w["fixes"][0]
e = top_fix["edits"][0]
check(e["file"] == "arch/arm64/Kconfig" and e["first"] == sel and
      e["last"] == sel + 1 and
      e["new"] == "\tselect HAVE_DYNAMIC_FTRACE_WITH_DIRECT_CALLS \\\n"
                  "\t\tif DYNAMIC_FTRACE_WITH_ARGS\n",
      "want: the top relaxation drops DYNAMIC_FTRACE_WITH_CALL_OPS from "
      "arch/arm64/Kconfig:%d-%d (%s)" % (sel, sel + 1,
                                          top_fix["description"]))
check(all(f["kind"] != "drop the dependency" or "HAVE_" not in
          f["description"] for f in w["fixes"]) and
      any("architecture capability" in r["why"] for r in w["rejected"]),
      "want: no dependency on an arch capability is dropped")
im = top_fix["impact"]
guards = {(g["file"], g["line"]): g for g in im["guards"]}
fc = open(os.path.join(tree, "arch/arm64/kernel/ftrace.c")).read().split("\n")
mc = fc.index("int ftrace_modify_call(struct dyn_ftrace *rec, unsigned "
              "long old_addr,")
fh = open(os.path.join(tree, "include/linux/ftrace.h")).read().split("\n")
hg = fh.index("#if defined(CONFIG_DYNAMIC_FTRACE_WITH_REGS) || \\") + 1
g1 = guards.get(("arch/arm64/kernel/ftrace.c", mc))
g2 = guards.get(("include/linux/ftrace.h", hg))
check(im["label"] == "Kconfig part only: code changes needed" and
      g1 is not None and g1["mismatched"] and
      g1["text"] == "#ifdef CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS",
      "want: labelled as needing code changes; the impact names "
      "arch/arm64/kernel/ftrace.c:%d, the #ifdef around "
      "ftrace_modify_call(), testing CALL_OPS without DIRECT_CALLS" % mc)
check(g2 is not None and g2["last"] == hg + 2 and
      "WITH_DIRECT_CALLS" in g2["text"],
      "want: and include/linux/ftrace.h:%d-%d, the guard of its "
      "declaration" % (hg, hg + 2))
fixed = apply(tree, "want", top_fix["diff"])
p = subprocess.run([kdep, "cosel", "CFI", "DIRECT_CALLS", "--tree", fixed,
                    "--arch", "arm64", "--profile", "llvm-19", "--db", db,
                    "--format", "json"], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, universal_newlines=True)
r = json.loads(p.stdout)["results"][0] if p.returncode in (0, 1) else {}
check(p.returncode == 0 and r.get("coselectable") is True,
      "want, fixed: kdep cosel says yes under llvm-19")
if r.get("witness"):
    work = os.path.join(tmp, "want-conf")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, ".config")
    open(path, "w").write(r["witness"])
    env = conf_env(kdep, top, "llvm-19", "arm64", fixed)
    env["srctree"] = fixed
    env["KCONFIG_CONFIG"] = path
    q = subprocess.run([conf, "--olddefconfig",
                        os.path.join(fixed, "Kconfig")], cwd=work, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    got = set(l.strip() for l in open(path))
    check(q.returncode == 0 and "CONFIG_CFI_CLANG=y" in got and
          "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y" in got and
          "CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS=y" not in got,
          "want, fixed: the tree's conf with clang-19 keeps the witness "
          "(CFI_CLANG=y, DIRECT_CALLS=y, CALL_OPS not y)")
shutil.rmtree(fixed)

# -- the small cycles of check_cycles.py -----------------------------------
for name, text in CYCLE_CASES.items():
    if name.endswith("(none)"):
        continue
    slug = re.sub(r"\W+", "-", name)
    src = edited_tree(slug, "init/Kconfig", lambda t: t + text)
    r = kdep_fix(src, "x86", "gcc-12")
    fixes = [f for c in r["components"] for f in c["fixes"]]
    check(len(r["components"]) == 1 and fixes,
          "%s: a proven fix (%s)" %
          (name, fixes[0]["description"] if fixes else "none"))
    if fixes:
        fixed = apply(src, slug, fixes[0]["diff"])
        cyclic, _ = run_conf(fixed, "gcc-12", "x86", "alldefconfig")
        check(not cyclic, "%s, fixed: conf finds no cycle" % name)
        shutil.rmtree(fixed)
    shutil.rmtree(src)

# -- the other families, one edited tree: a condition narrowed (proven to
# change nothing) and a set of two edits where no single one breaks both
# cycles of a component; conf confirms both applied leave no cycle ---------
FAMILIES = """
config KDEP_NX
	bool "nx"
config KDEP_NA
	bool "na"
	depends on KDEP_NB && KDEP_NX
config KDEP_NB
	bool
config KDEP_NC
	bool "nc"
	default y
	select KDEP_NB if KDEP_NA || KDEP_NX
# (lines between the two components, so that the context lines of their
# fixes, two diffs of this one file applied one after the other, do not
# overlap)
#
#
config KDEP_S1
	bool "s1"
	depends on KDEP_S2
config KDEP_S2
	bool "s2"
	depends on KDEP_S1 && KDEP_S3
config KDEP_S3
	bool "s3"
	depends on KDEP_S2
"""
src = edited_tree("families", "init/Kconfig", lambda t: t + FAMILIES)
r = kdep_fix(src, "x86", "gcc-12")
comps = {c["component"][0]: c for c in r["components"]}
na, s1 = comps.get("KDEP_NA"), comps.get("KDEP_S1")
check(len(comps) == 2 and na and s1 and na["fixes"] and s1["fixes"],
      "families: two components, each with proven fixes")
if na and s1 and na["fixes"] and s1["fixes"]:
    nf, sf = na["fixes"][0], s1["fixes"][0]
    check(nf["kind"] == "narrow the condition" and
          nf["edits"][0]["new"] == "\tselect KDEP_NB if KDEP_NX\n" and
          nf["proof"]["unchanged"] == ["gcc-12"],
          "families: the top fix narrows KDEP_NA out of the select's "
          "condition, proven to change nothing (%s)" % nf["description"])
    check(sf["kind"] == "a set of edits" and len(sf["edits"]) == 2 and
          all("cycle remains" in x["why"] for x in s1["rejected"]
              if not x["description"].startswith("2 edits")),
          "families: no single edit breaks both cycles of KDEP_S1..3, the "
          "top fix is a set of two (%s)" % sf["description"])
    fixed = apply(src, "families", nf["diff"] + sf["diff"])
    cyclic, _ = run_conf(fixed, "gcc-12", "x86", "alldefconfig")
    check(not cyclic, "families, fixed: conf finds no cycle")
    shutil.rmtree(fixed)
shutil.rmtree(src)

finish()
