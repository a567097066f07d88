# check_series.py - the arm64 static-call trampoline series of
# `kdep fix --want CFI,DIRECT_CALLS,STATIC_CALL` on the pristine tree:
# written with -o, applied by git am to a git repository of the whole
# tree, and on the result no cycle (both profiles), the three targets
# co-selectable under llvm-19 with a witness the tree's own conf keeps
# (real clang-19, live probes), and asked again, the skipped reason.
#
#   check_series.py KDEP TOP TREE TMP
#
# The repository of the whole tree is built once into the cache
# ($KDEP_CACHE, else ~/.cache/kdep: git/linux-source-6.12-whole.git, a
# git directory whose work tree was the extracted tree, read only, with
# a fixed author and date; loose objects at zlib level 1, rebuilt when
# its kdep-built marker is not this script's); each run makes a
# hard-linked copy of the tree with a git directory of its own that
# borrows the cache's objects and index (stat data: sizes and mtimes,
# which a hard link keeps), so the cache repository is never written.
# The files the series touches are real copies before git am writes them.
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kcheck import build_conf, check, conf_keeps, finish  # noqa: E402

kdep, top, tree, tmp = sys.argv[1:5]
cache = os.environ.get("KDEP_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
    "kdep")
work = os.path.join(tmp, "series")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
db = os.path.join(tmp, "k.db")
wants = "CFI,DIRECT_CALLS,STATIC_CALL"
targets = ["CFI_CLANG", "DYNAMIC_FTRACE_WITH_DIRECT_CALLS", "HAVE_STATIC_CALL"]
env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1",
           GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"),
           GIT_AUTHOR_NAME="kdep", GIT_AUTHOR_EMAIL="kdep@localhost",
           GIT_COMMITTER_NAME="kdep", GIT_COMMITTER_EMAIL="kdep@localhost",
           GIT_AUTHOR_DATE="2024-11-17T00:00:00Z",
           GIT_COMMITTER_DATE="2024-11-17T00:00:00Z")


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, env=env, **kw)


def git(gitdir, *args, **kw):
    p = run(["git", "--git-dir", gitdir] + list(args), **kw)
    if p.returncode:
        raise SystemExit("FAIL git %s: %s" % (" ".join(args), p.stderr[-2000:]))
    return p.stdout


# ---- the repository of the whole tree, once ------------------------------
repo = os.path.join(cache, "git", "linux-source-6.12-whole.git")
t0 = time.time()


def built():
    try:
        with open(os.path.join(repo, "kdep-built")) as f:
            return f.read() == "2\n"
    except OSError:
        return False


if not built():
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    git(repo, "init", "-q", "--bare")
    git(repo, "config", "core.bare", "false")
    git(repo, "config", "gc.auto", "0")
    # zlib at level 1: the objects are written once and read by git am
    # only where the series touches the tree (BENCHMARKS.md has the
    # measured alternatives); loose, as a repack costs more than it saves
    git(repo, "config", "core.compression", "1")
    git(repo, "config", "core.looseCompression", "1")
    # git reads the tree and writes only below repo; write-tree and
    # commit-tree, as commit would walk the work tree once more for its
    # status (the same commit id: fixed author, date and message)
    git(repo, "--work-tree", tree, "add", "-A", "-f")
    head = git(repo, "commit-tree", "-m", "linux-source-6.12",
               git(repo, "write-tree").strip()).strip()
    git(repo, "update-ref", "HEAD", head)
    with open(os.path.join(repo, "kdep-built"), "w") as f:
        f.write("2\n")
    print("built %s in %.0f s" % (repo, time.time() - t0))
base = git(repo, "rev-parse", "HEAD").strip()

# ---- the series ----------------------------------------------------------
out = os.path.join(work, "out")
t1 = time.time()
p = run([kdep, "fix", "--want", wants, "--arch", "arm64", "--tree", tree,
         "--db", db, "-o", out])
print("kdep fix --want %s -o: %.1f s" % (wants, time.time() - t1))
check(p.returncode == 1 and not p.stderr,
      "kdep fix --want %s writes the series (exit %d: %s)" %
      (wants, p.returncode, p.stderr[-300:]))
if not os.path.isdir(out):
    finish()
mails = sorted(f for f in os.listdir(out) if f.endswith(".patch"))
check(mails[:1] == ["0000-cover-letter.patch"] and len(mails) >= 4,
      "a cover letter and the patches: %s" % ", ".join(mails))
with open(os.path.join(out, "0000-cover-letter.patch")) as f:
    cover = f.read()
check("'select HAVE_STATIC_CALL if !LTO_CLANG_THIN || CLANG_VERSION >= "
      "130000': rejected" in cover and
      "HAVE_STATIC_CALL is selected by LTO_CLANG_THIN" in cover,
      "the cover letter rejects the seed's condition with its cycle")
check("Chosen: 'select HAVE_STATIC_CALL if CFI_CLANG'" in cover,
      "the cover letter says the CFI condition was chosen")
check(re.search(r"llvm-19: no, forbidden together", cover) and
      re.search(r"llvm-19: yes, with a witness", cover) and
      "witness-llvm-19.config" in cover,
      "the cover letter: no before, yes after under llvm-19, the witness "
      "named")
select = [m for m in mails if "static-call" in m or "static_call" in m]
text = open(os.path.join(out, select[0])).read() if select else ""
check("rejected" in text and "LTO_CLANG_THIN" in text,
      "the Kconfig patch's message shows the rejected condition (%s)" %
      (select[0] if select else "no such patch"))

# ---- git am on a git repository of the tree ------------------------------
t2 = time.time()
w = os.path.join(work, "tree")
subprocess.run(["cp", "-al", tree, w], check=True)
gd = os.path.join(w, ".git")
git(gd, "init", "-q")
with open(os.path.join(gd, "objects", "info", "alternates"), "w") as f:
    f.write(os.path.join(repo, "objects") + "\n")
git(gd, "config", "core.checkStat", "minimal")
git(gd, "config", "core.trustctime", "false")
git(gd, "update-ref", "refs/heads/series", base)
git(gd, "symbolic-ref", "HEAD", "refs/heads/series")
shutil.copyfile(os.path.join(repo, "index"), os.path.join(gd, "index"))
# the files the series writes: real copies, never the tree's
for m in mails[1:]:
    with open(os.path.join(out, m)) as f:
        for path in re.findall(r"^diff --git a/(\S+) b/", f.read(), re.M):
            dst = os.path.join(w, path)
            if os.path.isfile(dst) and os.stat(dst).st_nlink > 1:
                shutil.copyfile(dst, dst + ".copy")
                os.replace(dst + ".copy", dst)
p = run(["git", "am", "-q"] + [os.path.join(out, m) for m in mails[1:]],
        cwd=w)
check(p.returncode == 0, "git am applies the %d patches (%s)" %
      (len(mails) - 1, p.stderr[-500:]))
log = git(gd, "log", "--format=%s", "%s..HEAD" % base).splitlines()
check(len(log) == len(mails) - 1, "%d commits on the base" % len(log))
print("repository and git am: %.1f s" % (time.time() - t2))

# ---- the result ----------------------------------------------------------
p = run([kdep, "cycles", "--arch", "arm64", "--tree", w, "--db", db])
check(p.returncode == 0, "kdep cycles on the result: clean (exit %d: %s)" %
      (p.returncode, (p.stdout + p.stderr)[-300:]))
wit = os.path.join(work, "witness.config")
p = run([kdep, "cosel", "CFI", "DIRECT_CALLS", "STATIC_CALL", "--arch",
         "arm64", "--profile", "llvm-19", "--tree", w, "--db", db,
         "--witness", wit])
check(p.returncode == 0 and "yes" in p.stdout and os.path.exists(wit),
      "kdep cosel CFI DIRECT_CALLS STATIC_CALL under llvm-19: yes (exit %d: "
      "%s)" % (p.returncode, p.stdout[-300:]))
if os.path.exists(wit):
    conf = build_conf(top, w, os.path.join(work, "conf"))
    with open(wit) as f:
        witness = f.read()
    lost = conf_keeps(kdep, top, conf, w, "arm64", "llvm-19", witness,
                      targets, os.path.join(work, "olddef"))
    check(not lost, "the tree's own conf (clang-19, live probes) keeps the "
          "three at y from the witness (lost: %s)" % ", ".join(lost))

# ---- asked again on the tree that has static calls -----------------------
p = run([kdep, "fix", "--want", wants, "--arch", "arm64", "--tree", w,
         "--db", db])
check(p.returncode == 0 and "no trampoline series: " in p.stdout and
      "already selects HAVE_STATIC_CALL" in p.stdout,
      "asked again on the result: no series, and why (exit %d: %s)" %
      (p.returncode, (p.stdout + p.stderr)[-300:]))

# ---- --git REPO@REV: base-commit ------------------------------------------
gout = os.path.join(work, "gout")
p = run([kdep, "fix", "--want", wants, "--arch", "arm64", "--git",
         "%s@%s" % (w, base), "--db", db, "-o", gout])
cover = ""
if p.returncode == 1:
    with open(os.path.join(gout, "0000-cover-letter.patch")) as f:
        cover = f.read()
check("\nbase-commit: %s\n" % base in cover,
      "--git REPO@REV: the cover letter names base-commit (exit %d: %s)" %
      (p.returncode, p.stderr[-300:]))
shutil.rmtree(work, ignore_errors=True)
finish()
