# answer.py - answers kdump's $(shell,...) commands from a recorded
# profile, with the keys a replayed kdep scan looks them up by (the
# values of the toolchain variables and of srctree written back as
# $(NAME), each script of the tree a command runs named by its blob id,
# then blanks and temporary file names as kdep's probe keys write them).
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

BLANKS = " \t\n\r"
TMP_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "0123456789_$.-")


def tmp_name(text, i):
    """The length of the temporary file name (.tmp_X, .tmp.X, /tmp/X) at
    text[i], at the start of a word or path component; 0 for none."""
    prev = text[i - 1] if i else " "
    if prev not in BLANKS + "/\"'=;":
        return 0
    if text.startswith((".tmp_", ".tmp."), i) or \
       (text.startswith("/tmp/", i) and prev != "/"):
        n = 5
    else:
        return 0
    if i + n >= len(text) or text[i + n] not in TMP_CHARS:
        return 0
    while i + n < len(text) and text[i + n] in TMP_CHARS:
        n += 1
    return n


def probe_key(cmd):
    """A command as the shell splits it, as kdep keys probes: each run of
    unquoted blanks one space, none at either end, quotes and backslashes
    as written, temporary file names masked as $(tmp)."""
    out = []
    quote = None
    gap = False
    i = 0
    while i < len(cmd):
        c = cmd[i]
        if not quote and c in BLANKS:
            gap = True
            i += 1
            continue
        if gap and out:
            out.append(" ")
        gap = False
        t = tmp_name(cmd, i)
        if t:
            out.append("$(tmp)")
            i += t
            continue
        if c == "\\" and quote != "'" and i + 1 < len(cmd):
            out.append(cmd[i:i + 2])
            i += 2
            continue
        if not quote and c in "'\"":
            quote = c
        elif quote == c:
            quote = None
        out.append(c)
        i += 1
    return "".join(out)


def main():
    recording, srctree, misses_path = sys.argv[1:4]
    variables, answers = kcheck.recording(recording)
    # the recording's keys as kdep reads them (profile_rec.c)
    answers = {(kind, probe_key(k) if kind == "probe" else k): v
               for (kind, k), v in answers.items()}
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
        return probe_key(text)

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
