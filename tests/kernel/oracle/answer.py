# answer.py - answers kdump's $(shell,...) commands from a recorded
# profile, with the keys a replayed kdep scan looks them up by (the
# values of the toolchain variables and of srctree written back as
# $(NAME), each script of the tree a command runs named by its blob id).
#
#   answer.py RECORDING SRCTREE MISSES
#
# Reads "LENGTH\nCOMMAND" on standard input and writes "LENGTH\nANSWER"
# for each; a command the recording lacks is answered as kdep answers it
# (the answer the versions recorded agree on for another version of the
# script it runs, else the profile's unknown branch) and written to the
# file MISSES, one key a line.
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import kcheck  # noqa: E402

KEY_VARS = ("srctree", "CC", "LD", "AR", "NM", "OBJCOPY", "OBJDUMP",
            "READELF", "STRIP", "CLANG_FLAGS", "CROSS_COMPILE", "HOSTCC",
            "HOSTCXX", "RUSTC", "BINDGEN", "PAHOLE")
EDGE = r"""\s'"=;(){}|&<>,:"""
TREE_FILE = re.compile(r"\$\(srctree\)/([\w.+/-]+)")
WORD = r"""(?:"([^"]*)"|'([^']*)'|([^\s|&;]*))"""
BRANCHES = re.compile(r"&&\s*echo\s+%s\s*\|\|\s*echo\s+%s\s*$" % (WORD, WORD))


def main():
    recording, srctree, misses_path = sys.argv[1:4]
    variables, answers = kcheck.recording(recording)
    failure = "unknown success" not in open(recording).read()
    values = dict(v.split("=", 1) for v in variables)
    values["srctree"] = srctree
    names = {}
    for var in KEY_VARS:
        v = values.get(var, "")
        if len(v) >= 2 and v not in names:
            names[v] = "$(" + var + ")"
    alts = "|".join(re.escape(v) for v in sorted(names, key=len, reverse=True))
    name_re = re.compile("(?<![^%s])(%s)(?![^%s/])" % (EDGE, alts, EDGE))
    ids = {}

    def file_id(rel):
        if rel not in ids:
            try:
                data = open(os.path.join(srctree, rel), "rb").read()
                ids[rel] = hashlib.sha1(b"blob %d\0" % len(data) +
                                        data).hexdigest()[:12]
            except OSError:
                ids[rel] = ""
        return ids[rel]

    def key(text):
        text = name_re.sub(lambda m: names[m.group(1)], text)
        files = ["%s@%s" % (f, file_id(f))
                 for f in sorted(set(TREE_FILE.findall(text)))]
        files = [f for f in files if not f.endswith("@")]
        if files:
            text += " #" + " ".join(files)
        return text

    def like(stem):
        found = {v for (kind, k), v in answers.items()
                 if kind == "probe" and k.rsplit(" #", 1)[0] == stem}
        return found.pop() if len(found) == 1 else None

    def default(command):
        m = BRANCHES.search(command)
        if not m:
            return ""
        groups = m.groups()[3:] if failure else m.groups()[:3]
        return next(g for g in groups if g is not None)

    misses = open(misses_path, "w")
    inp = sys.stdin.buffer
    out = sys.stdout.buffer
    while True:
        line = inp.readline()
        if not line:
            break
        command = inp.read(int(line)).decode()
        k = key(command)
        ans = answers.get(("probe", k))
        if ans is None:
            if TREE_FILE.search(k):
                ans = like(k.rsplit(" #", 1)[0])
            if ans is None:
                ans = default(command)
            misses.write(k.replace("\n", "\\n") + "\n")
            misses.flush()
        data = ans.encode()
        out.write(b"%d\n" % len(data) + data)
        out.flush()


main()
