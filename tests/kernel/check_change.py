# check_change.py - kdep check on a git repository of the 6.12 tree's
# Kconfig files: one commit adds the seed's line under config ARM64, the
# next removes it, a third touches a C file only. `kdep check --range`
# flags the first under llvm-19, with the cycle and the line it added, and
# says why the cycle is absent under gcc-12; the other two are clean; the
# repository is byte-identical after the check.
#
#   check_change.py KDEP TOP TREE TMP
import hashlib
import json
import os
import subprocess
import sys

from kcheck import check, finish

kdep, top, tree, tmp = sys.argv[1:5]
SEED = "\tselect HAVE_STATIC_CALL if !LTO_CLANG_THIN || CLANG_VERSION >= 130000"
env = dict(os.environ, KDEP_DB=os.path.join(tmp, "change.db"),
           GIT_CONFIG_GLOBAL=os.path.join(tmp, "gitconfig"),
           GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="kdep",
           GIT_AUTHOR_EMAIL="kdep@example.org", GIT_COMMITTER_NAME="kdep",
           GIT_COMMITTER_EMAIL="kdep@example.org")


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), env=env,
                          check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout.strip()


def build(dest):
    """A clone of the repository of the tree's Kconfig files that
    tests/kernel/git-repo.sh builds once (shared objects: never written)."""
    script = os.path.join(top, "tests", "kernel", "git-repo.sh")
    shared = subprocess.run(["sh", script], env=env, check=True,
                            stdout=subprocess.PIPE,
                            universal_newlines=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--shared", shared, dest],
                   env=env, check=True)


def snap(repo):
    """A digest of the refs, the index and every file of the work tree."""
    h = hashlib.sha256()
    for d, dirs, names in sorted(os.walk(repo)):
        if d == os.path.join(repo, ".git", "objects"):
            dirs[:] = []
            continue
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            h.update(p.encode())
            if os.path.isfile(p) and not os.path.islink(p):
                h.update(open(p, "rb").read())
    return h.hexdigest()


repo = os.path.join(tmp, "change-repo")
build(repo)
base = git(repo, "rev-parse", "HEAD")
kc = os.path.join(repo, "arch", "arm64", "Kconfig")
lines = open(kc).read().split("\n")
at = lines.index("config ARM64") + 2  # after "def_bool y"
open(kc, "w").write("\n".join(lines[:at] + [SEED] + lines[at:]))
git(repo, "commit", "-qam", "arm64: select HAVE_STATIC_CALL")
seeded = git(repo, "rev-parse", "HEAD")
open(kc, "w").write("\n".join(lines))
git(repo, "commit", "-qam", "arm64: no HAVE_STATIC_CALL")
with open(os.path.join(repo, "init", "main.c"), "w") as f:
    f.write("int kdep_test;\n")
git(repo, "add", "init/main.c")
git(repo, "commit", "-qm", "init: a C file only")

before = snap(repo)
p = subprocess.run([kdep, "check", "--range", base + "..HEAD", "--arch",
                    "arm64", "--format", "json"], cwd=repo, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
check(p.returncode == 1, "check --range exits 1 on the seeded commit "
      "(exit %d: %s)" % (p.returncode, p.stderr[-500:]))
check(snap(repo) == before, "the repository is byte-identical after it")
doc = json.loads(p.stdout)
commits = doc["commits"]
check([c["commit"] for c in commits][:1] == [seeded] and len(commits) == 3,
      "three commits, oldest first")
first = commits[0]["arches"][0]["new"]["findings"]
cycles = [f for f in first if f["rule"] == "recursive-dependency"]
check(len(cycles) == 1, "the seeded commit brings one new component")
if cycles:
    f = cycles[0]
    check(f["profiles"] == ["llvm-19"], "it holds under llvm-19 only (%s)"
          % f["profiles"])
    check(set(f["symbols"]) >= {"HAVE_STATIC_CALL", "LTO_CLANG_THIN"},
          "HAVE_STATIC_CALL and LTO_CLANG_THIN are in it")
    added = [r for r in f["related"] if r["role"] == "line" and
             r["file"] == "arch/arm64/Kconfig" and r["line"] == at + 1]
    check(added and added[0]["message"] == SEED.strip(),
          "the line it added is named at arch/arm64/Kconfig:%d" % (at + 1))
    absent = [a for a in f["absent"] if a["profile"] == "gcc-12"]
    check(absent and "folded away" in (absent[0]["reason"] or ""),
          "absent under gcc-12, with the line that folds it away: %s"
          % (absent[0]["reason"] if absent else None))
check(commits[1]["arches"] and
      not commits[1]["arches"][0]["new"]["findings"],
      "the commit removing the line is clean")
check(commits[2]["fast"] and not commits[2]["arches"],
      "the commit touching a C file only is clean, from the diff alone")

# the text: the diagnostic, the line the change added, gcc-12's reason
p = subprocess.run([kdep, "check", "--range", base + ".." + seeded,
                    "--arch", "arm64"], cwd=repo, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
check(p.returncode == 1 and
      "arch/arm64/Kconfig:%d: error: recursive dependency "
      "[recursive-dependency] (llvm-19)" % (at + 1) in p.stdout and
      "arch/arm64/Kconfig:%d: note: the change added this line: %s"
      % (at + 1, SEED.strip()) in p.stdout and
      "not under gcc-12:" in p.stdout, "the text names all three")
finish()
