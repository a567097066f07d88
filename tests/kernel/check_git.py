#!/usr/bin/python3
# kdep on a git repository of the real tree's Kconfig files
# (tests/kernel/git-repo.sh): the same answers from a commit as from the
# extracted tree, pristine and with the seed's line committed; a scan of
# a revision again, of a commit that changed no Kconfig file, and of the
# extracted tree (the same blob ids) reuse the stored scan; nothing in the
# repository is written.
#
#   check_git.py KDEP TOP TREE TMPDIR
import hashlib
import os
import re
import shutil
import subprocess
import sys

from kcheck import check, finish, output

kdep, top, tree, tmp = sys.argv[1:5]
env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
           GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
for v in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
    env.pop(v, None)
repo = output([os.path.join(top, "tests", "kernel", "git-repo.sh")],
              env=env).strip()


def git(*args, cwd=repo):
    return output(["git"] + list(args), cwd=cwd, env=env)


def state(root):
    """Every path below root with its mode, size and contents' hash."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files) + dirs:
            p = os.path.join(d, name)
            st = os.lstat(p)
            h = ""
            if os.path.isfile(p) and not os.path.islink(p):
                h = hashlib.sha256(open(p, "rb").read()).hexdigest()
            out.append((os.path.relpath(p, root), st.st_mode, st.st_size, h))
    return out


def kdep_run(*args, db):
    p = subprocess.run([kdep] + list(args) + ["--db", db],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, env=env)
    return p.returncode, p.stdout, p.stderr


before = state(repo)
head = git("rev-parse", "HEAD").strip()
dbs = {n: os.path.join(tmp, "git-%s.db" % n) for n in ("git", "tree", "seed",
                                                      "seed-tree")}
for d in dbs.values():
    if os.path.exists(d):
        os.unlink(d)

# -- the pristine tree: a commit answers as the directory does ------------
for fmt in ("text", "json"):
    g = kdep_run("cycles", "--git", repo + "@HEAD", "--arch", "arm64",
                 "--format", fmt, db=dbs["git"])
    t = kdep_run("cycles", "--tree", tree, "--arch", "arm64",
                 "--format", fmt, db=dbs["tree"])
    check(g == t and g[0] in (0, 1),
          "pristine arm64, %s: cycles --git %s (exit %d) as --tree (exit %d)"
          % (fmt, head[:12], g[0], t[0]))

# -- cache by content ------------------------------------------------------
rc, out, err = kdep_run("scan", "--git", repo + "@main", "--arch", "arm64",
                        db=dbs["git"])
check(rc == 0 and out.count("cached") == 2,
      "scan --git @main again: both profiles cached")
rc, out, err = kdep_run("scan", "--tree", tree, "--arch", "arm64",
                        db=dbs["git"])
check(rc == 0 and out.count("cached") == 2,
      "scan --tree of the extracted tree after --git: cached (same blob ids)")
clone = os.path.join(tmp, "git-clone")
shutil.rmtree(clone, ignore_errors=True)
git("clone", "-q", "--shared", repo, clone, cwd=tmp)
with open(os.path.join(clone, "init", "main.c"), "w") as f:
    f.write("int main(void) { return 0; }\n")
git("add", "init/main.c", cwd=clone)
git("commit", "-q", "-m", "a C file only", cwd=clone)
rc, out, err = kdep_run("scan", "--git", clone, "--arch", "arm64",
                        "--format", "json", db=dbs["git"])
c_only = git("rev-parse", "HEAD", cwd=clone).strip()
check(rc == 0 and out.count('"cached": true') == 2 and
      out.count('"tree": "%s"' % c_only) == 2,
      "scan --git of a commit that touched a C file only: cached, named by "
      "its own id")

# -- the seed's line committed: the same cycles as the edited directory ----
seed = "\tselect HAVE_STATIC_CALL if !LTO_CLANG_THIN || CLANG_VERSION >= 130000\n"
kc = os.path.join(clone, "arch", "arm64", "Kconfig")
text = open(kc).read()
edited = re.sub(r"^(config ARM64\n\tdef_bool y\n)",
                lambda m: m.group(1) + seed, text, count=1, flags=re.M)
check(edited != text, "the seed's line goes under config ARM64")
open(kc, "w").write(edited)
git("commit", "-q", "-a", "-m", "the seed's line", cwd=clone)
edtree = os.path.join(tmp, "git-tree-seed")
shutil.rmtree(edtree, ignore_errors=True)
subprocess.run(["cp", "-al", tree, edtree], check=True)
os.unlink(os.path.join(edtree, "arch", "arm64", "Kconfig"))
open(os.path.join(edtree, "arch", "arm64", "Kconfig"), "w").write(edited)
g = kdep_run("cycles", "--git", clone + "@HEAD", "--arch", "arm64",
             db=dbs["seed"])
t = kdep_run("cycles", "--tree", edtree, "--arch", "arm64",
             db=dbs["seed-tree"])
check(g == t, "seed, arm64: cycles --git as --tree on the edited copy")
check(g[0] == 1 and "HAVE_STATIC_CALL" in g[1] and "(llvm-19)" in g[1],
      "seed, arm64: a cycle through HAVE_STATIC_CALL under llvm-19 (exit %d)"
      % g[0])
check(re.search(r"^arch/arm64/Kconfig:\d+: error: recursive dependency", g[1],
                re.M) is not None,
      "seed: the cycle is reported at a line of arch/arm64/Kconfig")
# the commit before it is clean (and stored: the C-file commit's scan)
rc, out, err = kdep_run("cycles", "--git", clone + "@HEAD~1", "--arch",
                        "arm64", db=dbs["git"])
check(rc == 0, "the commit before the seed's: no cycle (exit %d)" % rc)

# -- nothing written -------------------------------------------------------
check(state(repo) == before,
      "the repository (refs, index, objects, work tree) is byte-identical")
shutil.rmtree(edtree, ignore_errors=True)
shutil.rmtree(clone, ignore_errors=True)
finish()
