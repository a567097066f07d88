#!/usr/bin/python3
# kdep fix --build-check on the pristine 6.12 tree (arm64, llvm-19): the
# top relaxation for CFI + DIRECT_CALLS is the one of seeds/003 (drop
# DYNAMIC_FTRACE_WITH_CALL_OPS from the condition of select
# HAVE_DYNAMIC_FTRACE_WITH_DIRECT_CALLS), labelled as needing code
# changes, and the small clang-19 kernel its witness configures (CFI,
# FTRACE, DIRECT_CALLS) does not link: kernel/trace/ftrace.o needs
# ftrace_modify_call, which arm64 defines only with CALL_OPS. The proof
# that the label is right.
#
#   check_buildcheck.py KDEP TOP TREE TMPDIR
#
# The build is kept where kdep keeps it by default ($KDEP_CACHE/build/,
# ~/.cache/kdep/build/), so that a second run only links again; kdep runs
# under nice. The analysed tree is never written: its Kconfig is the
# pristine one after the build, the scratch copy's an edited real copy,
# every other file a hard link.
import json
import os
import subprocess
import sys
import time

from kcheck import check, finish

kdep, top, tree, tmp = sys.argv[1:5]
db = os.path.join(tmp, "buildcheck.db")
KCONFIG = "arch/arm64/Kconfig"
before = open(os.path.join(tree, KCONFIG)).read()


def fix(fmt):
    """kdep fix --want CFI,DIRECT_CALLS --build-check: (status, stdout,
    seconds)."""
    args = ["nice", kdep, "fix", "--want", "CFI,DIRECT_CALLS", "--tree",
            tree, "--arch", "arm64", "--profile", "llvm-19", "--db", db,
            "--build-check", "--format", fmt]
    t = time.time()
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL %s: exit %d\n%s" % (" ".join(args),
                                                   p.returncode, p.stderr))
    return p.returncode, p.stdout, time.time() - t


st, out, secs = fix("json")
print("kdep fix --build-check (json): %.0f s" % secs)
res = json.loads(out)["results"][0]
check(st == 1, "exit status 1: not co-selectable, and the build failed")
top_fix = res["fixes"][0] if res["fixes"] else {}
edit = (top_fix.get("edits") or [{}])[0]
check(edit.get("file") == KCONFIG and edit.get("first") == 207 and
      "DYNAMIC_FTRACE_WITH_CALL_OPS" in edit.get("old", "") and
      "DYNAMIC_FTRACE_WITH_CALL_OPS" not in edit.get("new", "x"),
      "the seed-003 relaxation ranks first: %s" %
      top_fix.get("description"))
check((top_fix.get("impact") or {}).get("label") ==
      "Kconfig part only: code changes needed",
      "it is labelled as needing code changes")
bc = res.get("build_check") or {}
print("build_check: %s" % json.dumps(bc))
check(bc.get("toolchain") == "LLVM=-19" and bc.get("witness") is True,
      "built with clang-19 and lld-19 from allnoconfig and the witness")
check("arch/arm64/kernel/ftrace.o" in bc.get("objects", []) and
      "kernel/trace/ftrace.o" in bc.get("objects", []),
      "the impact list's objects are built first: %s" % bc.get("objects"))
check(bc.get("outcome") == "link" and bc.get("step") == "vmlinux" and
      bc.get("symbol") == "ftrace_modify_call" and
      bc.get("file") == "kernel/trace/ftrace.o" and
      bc.get("message") == "undefined reference to `ftrace_modify_call'",
      "vmlinux does not link: kernel/trace/ftrace.o: undefined reference "
      "to `ftrace_modify_call'")

# What the witness configured is the kernel the issue names.
d = bc.get("dir") or ""
config = open(os.path.join(d, "obj", ".config")).read().splitlines()
for sym in ("CFI_CLANG", "FTRACE", "DYNAMIC_FTRACE_WITH_DIRECT_CALLS"):
    check("CONFIG_%s=y" % sym in config, "the build's .config has %s=y" % sym)
check("CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS=y" not in config,
      "and no CALL_OPS")

# The tree is as it was; the scratch copy holds the edit and links the rest.
check(open(os.path.join(tree, KCONFIG)).read() == before,
      "the analysed tree's %s is unchanged" % KCONFIG)
scratch = os.path.join(d, "src")
sk = os.stat(os.path.join(scratch, KCONFIG))
check(sk.st_ino != os.stat(os.path.join(tree, KCONFIG)).st_ino and
      sk.st_nlink == 1 and
      open(os.path.join(scratch, KCONFIG)).read() != before,
      "the scratch copy's %s is an edited real copy" % KCONFIG)
check(os.stat(os.path.join(scratch, "kernel/trace/ftrace.c")).st_ino ==
      os.stat(os.path.join(tree, "kernel/trace/ftrace.c")).st_ino,
      "the scratch copy's other files are hard links to the tree")

# Again, as text: only the link is done again (the objects are kept).
log = os.path.join(d, "obj", "kernel", "trace", "ftrace.o")
mtime = os.stat(log).st_mtime
st, out, secs = fix("text")
print("kdep fix --build-check (text, again): %.0f s" % secs)
check(st == 1 and "build-check: kernel/trace/ftrace.o: undefined reference "
      "to `ftrace_modify_call' (building vmlinux; " in out,
      "the text report names the object and the symbol")
check(os.stat(log).st_mtime == mtime,
      "the second run compiled kernel/trace/ftrace.o not again")
finish()
