#!/usr/bin/python3
# Checks one `kdep scan` of a real kernel tree against kconfiglib, run here
# in the same environment, and against the tree's own text.
#
#   check_scan.py KDEP TREE ARCH DB ENVFILE
#
# Prints one line per check ("ok ..." / "FAIL ...") and exits 1 on a
# failure. Counts come from kconfiglib as computed now, never from a table.
import json
import os
import sqlite3
import subprocess
import sys

from kcheck import check, counts, finish

kdep, tree, arch, db, envfile = sys.argv[1:6]


def kdep_json(*args):
    out = subprocess.run([kdep] + list(args), check=True,
                         stdout=subprocess.PIPE).stdout
    return json.loads(out)


# -- kconfiglib, in the same environment ------------------------------------
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
from kconfiglib_raw import load  # noqa: E402

kconf = load(tree, envfile)

# -- counts ------------------------------------------------------------------
scan = kdep_json("scan", "--tree", tree, "--arch", arch, "--profile", "host",
                 "--db", db, "--format", "json")["scans"][0]
want = {
    "files": len(set(kconf.kconfig_filenames)),
    "symbols": len(kconf.unique_defined_syms),
    "undefined": len([s for s in kconf.syms.values() if not s.nodes]),
    "choices": len(kconf.unique_choices),
}
for key, value in want.items():
    check(scan[key] == value,
          "%s %s: kdep %d, kconfiglib %d" % (arch, key, scan[key], value))
selects = sum(len(s.selects) for s in kconf.unique_defined_syms)
implies = sum(len(s.implies) for s in kconf.unique_defined_syms)
check(scan["edges"]["select"] == selects,
      "%s select edges: kdep %d, kconfiglib selects %d"
      % (arch, scan["edges"]["select"], selects))
check(scan["edges"]["imply"] == implies,
      "%s imply edges: kdep %d, kconfiglib implies %d"
      % (arch, scan["edges"]["imply"], implies))

again = kdep_json("scan", "--tree", tree, "--arch", arch, "--profile",
                  "host", "--db", db, "--format", "json")["scans"][0]
check(again["cached"] and not scan["cached"],
      "%s re-scan comes from the cache" % arch)
check(all(again[k] == scan[k] for k in ("files", "symbols", "undefined",
                                        "choices", "edges")),
      "%s cached counts equal the parsed ones" % arch)

# -- the database against kconfiglib and the tree's text --------------------
con = sqlite3.connect(db)
sid = scan["scan_id"]
names = dict(con.execute("SELECT id, name FROM symbols WHERE scan = ?",
                         (sid,)))
files = dict(con.execute("SELECT id, path FROM files WHERE scan = ?",
                         (sid,)))

# every definition site, as kconfiglib has it
kdefs = set()
for sym in kconf.unique_defined_syms:
    for node in sym.nodes:
        kdefs.add((sym.name, node.filename, node.linenr))
ddefs = set()
for name, f, line in con.execute(
        "SELECT s.name, n.file, n.line FROM nodes n JOIN symbols s "
        "ON s.scan = n.scan AND s.id = n.sym WHERE n.scan = ? AND n.kind = 0",
        (sid,)):
    ddefs.add((name, files[f], line))
check(kdefs == ddefs, "%s definition sites equal kconfiglib's (%d)"
      % (arch, len(kdefs)))

# who selects whom, as kconfiglib has it
ksel = set()
for sym in kconf.unique_defined_syms:
    for target, _ in sym.selects:
        ksel.add((sym.name, target.name))
dsel = set()
for selector, target in con.execute(
        "SELECT s.name, p.expr FROM props p JOIN nodes n "
        "ON n.scan = p.scan AND n.id = p.node JOIN symbols s "
        "ON s.scan = n.scan AND s.id = n.sym "
        "WHERE p.scan = ? AND p.kind = 1", (sid,)):
    dsel.add((selector, target))
check(ksel == dsel, "%s selector/target pairs equal kconfiglib's (%d)"
      % (arch, len(ksel)))

# every located property stands on a line that says it
texts = {}


def line_of(fid, line):
    path = files[fid]
    if path not in texts:
        with open(os.path.join(tree, path), encoding="utf-8",
                  errors="replace") as f:
            texts[path] = f.read().split("\n")
    return texts[path][line - 1].strip()


KEYWORDS = {0: ("depends on",), 1: ("select",), 2: ("imply",),
            3: ("default", "def_bool", "def_tristate", "def_int", "def_hex",
                "def_string"),
            4: ("range",), 5: ("prompt", "bool", "tristate", "int", "hex",
                               "string", "boolean"),
            6: ("visible if",)}
bad = []
total = 0
for kind, fid, line, expr in con.execute(
        "SELECT p.kind, p.file, p.line, p.expr FROM props p JOIN nodes n "
        "ON n.scan = p.scan AND n.id = p.node "
        "WHERE p.scan = ? AND n.kind != 4", (sid,)):
    total += 1
    text = line_of(fid, line)
    if not text.startswith(KEYWORDS[kind]):
        bad.append("%s:%d %r" % (files[fid], line, text))
    elif kind in (1, 2) and expr.split()[0] not in text.split():
        bad.append("%s:%d %r lacks %s" % (files[fid], line, text, expr))
check(not bad, "%s every property (%d) is on its own line%s"
      % (arch, total, ": " + "; ".join(bad[:5]) if bad else ""))

bad = []
for fid, line in con.execute("SELECT file, line FROM nodes "
                             "WHERE scan = ? AND kind = 4", (sid,)):
    if not line_of(fid, line).startswith("if"):
        bad.append("%s:%d" % (files[fid], line))
check(not bad, "%s every 'if' block is where it says%s"
      % (arch, ": " + ", ".join(bad[:5]) if bad else ""))

print("%s: %d checks, %d failed" % ((arch,) + counts()))
finish()
