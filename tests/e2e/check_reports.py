#!/usr/bin/python3
# The outputs people and tools read, checked by the tools that read them:
#
#   check_reports.py KDEP TOP [TREE]
#
# - SARIF of `cycles`, `cosel` and `check --all` (a result new, one
#   unchanged) validates against the SARIF 2.1.0 schema
#   (ajv 8, tests/e2e/npm-deps), with a related location per link of each
#   cycle, its primary location the line the text output heads it with (a
#   "no": its first forbidding line); ajv rejects a bad level;
# - Markdown renders with cmark-gfm (tables on), its tables with a row per
#   finding, and no tree text becomes HTML;
# - DOT is accepted by dot -Tsvg; show --format svg is an SVG document;
# - the HTML report of a hostile tree (tests/e2e/xss) opened in headless
#   chromium shows its prompt as text and runs no script: the dumped DOM has
#   no script element and its title is kdep's; the same page with the text
#   unescaped and no Content-Security-Policy does run it (so the check can
#   see a script that runs);
# - with TREE (the real 6.12 tree): the HTML report of the seed-edited tree
#   for arm64 under gcc-12 and llvm-19 renders (a screenshot that is not
#   blank), its DOM has every symbol of the cycles, an SVG per cycle and the
#   matrix table. The edited copy (hard links but for the edited file) and
#   its database live under ~/.cache/kdep/e2e, so that the scans are parsed
#   once, not on every run.
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

kdep, top = sys.argv[1:3]
tree = sys.argv[3] if len(sys.argv) > 3 else None
kdep = os.path.abspath(kdep)
top = os.path.abspath(top)
sys.path.insert(0, os.path.join(top, "tests", "kernel"))
from kcheck import check, finish  # noqa: E402

tmp = tempfile.mkdtemp(prefix="kdep-reports.")
db = os.path.join(tmp, "k.db")
fixtures = os.path.join(top, "tests", "fixtures")
xss = os.path.join(top, "tests", "e2e", "xss", "tree")
CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync"]


def run(args, ok=(0,), **kw):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, **kw)
    if p.returncode not in ok:
        raise SystemExit("FAIL %s: exit %d: %s" % (" ".join(args),
                                                   p.returncode,
                                                   p.stderr[-2000:]))
    return p


def kdep_out(args, ok=(0, 1)):
    return run([kdep] + args + ["--db", db], ok).stdout


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# ---- SARIF ------------------------------------------------------------------

npm = run([os.path.join(top, "tests", "e2e", "npm-deps")]).stdout.strip()
modules = os.path.join(npm, "node_modules")
schema = os.path.join(modules, "@microsoft", "sarif-multitool-linux",
                      "sarif-2.1.0.json")
validator = os.path.join(top, "tests", "e2e", "sarif-validate.js")


def validate(path):
    """(valid, what ajv said)"""
    env = dict(os.environ, NODE_PATH=modules)
    p = subprocess.run(["node", validator, schema, path], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    return p.returncode == 0, p.stdout.strip()


cyc_tree = os.path.join(fixtures, "cycles-text", "tree")
cyc_args = ["cycles", "--tree", cyc_tree, "--arch", "x86", "--profile",
            "gcc-12,llvm-19"]
cyc_sarif = kdep_out(cyc_args + ["--format", "sarif"])
cyc_json = json.loads(kdep_out(cyc_args + ["--format", "json"]))
cyc_text = kdep_out(cyc_args)
mat_tree = os.path.join(fixtures, "cosel-matrix", "tree")
mat_args = ["cosel", "--matrix", "A,X,HAVE_X,DEEP", "--tree", mat_tree,
            "--arch", "x86", "--profile", "host"]
mat_sarif = kdep_out(mat_args + ["--format", "sarif"])
no_tree = os.path.join(fixtures, "cosel-no", "tree")
no_cmd = open(os.path.join(fixtures, "cosel-no", "args")).read().split()
no_args = [a.replace("TREE", no_tree) for a in no_cmd[:no_cmd.index("--db")]]
no_sarif = kdep_out(no_args + ["--format", "sarif"])
no_json = json.loads(kdep_out(no_args + ["--format", "json"]))

# check on a repository whose one commit adds a cycle to a tree that has
# one: with --all, a result new and one unchanged
chk_repo = os.path.join(tmp, "check-repo")
os.makedirs(os.path.join(chk_repo, "arch", "x86"))
pair = 'config %s\n\tbool "x"\n\tdepends on %s\n'
with open(os.path.join(chk_repo, "arch", "x86", "Kconfig"), "w") as f:
    f.write("config X86\n\tdef_bool y\n")
git = ["git", "-C", chk_repo, "-c", "user.name=kdep",
       "-c", "user.email=kdep@example.org"]
run(["git", "init", "-q", chk_repo])
for text, what in ((pair % ("A", "B") + pair % ("B", "A"), "one cycle"),
                   (pair % ("A", "B") + pair % ("B", "A") + pair % ("C", "D")
                    + pair % ("D", "C"), "another")):
    with open(os.path.join(chk_repo, "Kconfig"), "w") as f:
        f.write(text + 'source "arch/$(SRCARCH)/Kconfig"\n')
    run(git + ["add", "-A"])
    run(git + ["commit", "-qm", what])
chk_sarif = run([kdep, "check", "--range", "HEAD~1..HEAD", "--all",
                 "--arch", "x86", "--profile", "gcc-12", "--format", "sarif",
                 "--db", db], ok=(1,), cwd=chk_repo).stdout
states = sorted(r.get("baselineState")
                for r in json.loads(chk_sarif)["runs"][0]["results"])
check(states == ["new", "unchanged"],
      "check --all: a result new and one unchanged (%s)" % states)

for name, text in (("cycles", cyc_sarif), ("cosel matrix", mat_sarif),
                   ("cosel no", no_sarif), ("check", chk_sarif)):
    ok, said = validate(write(name.replace(" ", "-") + ".sarif", text))
    check(ok, "sarif of %s validates against the SARIF 2.1.0 schema (%s)"
          % (name, said.replace("\n", "; ")))

log = json.loads(cyc_sarif)
run0 = log["runs"][0]
results = run0["results"]
rules = {r["id"]: r for r in run0["tool"]["driver"]["rules"]}
check(len(results) == 2, "cycles: a result per finding (%d)" % len(results))
check(all(r["ruleId"] == "recursive-dependency" and
          "recursive-dependency" in rules and
          rules[r["ruleId"]]["help"]["text"] for r in results),
      "cycles: ruleId from the registry, its rule with help text")
check(run0["originalUriBaseIds"]["SRCROOT"]["uri"] ==
      "file://" + os.path.realpath(cyc_tree) + "/",
      "cycles: SRCROOT is the tree's URI")
heads = [l.split(": error:")[0] for l in cyc_text.splitlines()
         if ": error: " in l]


def loc(l):
    p = l["physicalLocation"]
    return "%s:%d" % (p["artifactLocation"]["uri"], p["region"]["startLine"])


check([loc(r["locations"][0]) for r in results] == heads,
      "cycles: each primary location is the line the text heads it with "
      "(%s)" % ", ".join(heads))
for r in results:
    links = [x for x in r["relatedLocations"]
             if x["properties"]["role"] == "link"]
    names = set(r["properties"]["symbols"])
    want = set()
    for c in cyc_json["cycles"]:
        if set(c["symbols"]) <= names:
            for e in c["edges"]:
                want.add((e["file"], e["line"], e["from"], e["to"]))
    got = set()
    for x in links:
        m = x["message"]["text"]
        for w in want:
            if loc(x) == "%s:%d" % (w[0], w[1]) and m.startswith(w[2] + " ") \
                    and m.endswith(" " + w[3]):
                got.add(w)
    check(len(links) == len(want) and got == want,
          "cycles %s: one related location per link (%d links, %d "
          "locations: %s)" % (loc(r["locations"][0]), len(want), len(links),
                              "; ".join(x["message"]["text"] for x in links)))
    flows = [[(loc(f["location"]), f["location"]["message"]["text"])
              for f in t["locations"]]
             for t in r["codeFlows"][0]["threadFlows"]]
    chains = [[("%s:%d" % (e["file"], e["line"]), e["from"], e["to"])
               for e in c["edges"]]
              for c in cyc_json["cycles"] if set(c["symbols"]) <= names]
    check(len(flows) == len(chains) and
          all(len(f) == len(c) and
              all(p == q[0] and m.startswith(q[1] + " ") and
                  m.endswith(" " + q[2]) for (p, m), q in zip(f, c))
              for f, c in zip(flows, chains)),
          "cycles %s: each cycle as a thread flow, its links in order (%s)"
          % (loc(r["locations"][0]), flows))
    check(re.fullmatch(r"[0-9a-f]{16}",
                       r["partialFingerprints"].get("kdep/v1", "")) is not None,
          "cycles %s: the fingerprint as partialFingerprints"
          % loc(r["locations"][0]))
    check(r["properties"]["profiles"] == ["gcc-12", "llvm-19"] and
          "fixes" not in r, "cycles %s: its profiles as properties, no fixes "
          "when it carries none" % loc(r["locations"][0]))
first = no_json["results"][0]["explanation"][0]
nolog = json.loads(no_sarif)["runs"][0]["results"]
fails = [r for r in nolog if r["kind"] == "fail"]
check(len(fails) == 1 and loc(fails[0]["locations"][0]) ==
      "%s:%d" % (first["file"], first["line"]),
      "cosel no: the primary location is the first forbidding line (%s:%d)"
      % (first["file"], first["line"]))
check(len(fails) == 1 and len(fails[0]["relatedLocations"]) ==
      len(no_json["results"][0]["explanation"]),
      "cosel no: a related location per forbidding line")
bad = json.loads(cyc_sarif)
bad["runs"][0]["results"][0]["level"] = "fatal"
ok, said = validate(write("bad-level.sarif", json.dumps(bad)))
check(not ok and "level" in said,
      "the validator rejects a result whose level is 'fatal' (%s)"
      % said.replace("\n", "; ")[:200])

# ---- Markdown ---------------------------------------------------------------


class Tables(html.parser.HTMLParser):
    """The rows of each table of an HTML text, each row its cells' text."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.tags = [], None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def markdown(text):
    """cmark-gfm's HTML of text, raw HTML let through (so that tree text
    that became HTML would show)."""
    p = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table"],
                       input=text, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return p.returncode, p.stderr, p.stdout


def tables(htmltext):
    t = Tables()
    t.feed(htmltext)
    return t.tables


st, err, out = markdown(kdep_out(cyc_args + ["--format", "md"]))
t = tables(out)
check(st == 0 and not err, "cycles md renders with cmark-gfm")
check(len(t) == 1 and len(t[0]) == 1 + len(results) and
      [r[1] for r in t[0][1:]] == heads,
      "cycles md: a table row per finding, at its place (%s)" % t)
mat_json = json.loads(kdep_out(mat_args + ["--format", "json"]))
st, err, out = markdown(kdep_out(mat_args + ["--format", "md"]))
t = tables(out)
nfind = len(json.loads(mat_sarif)["runs"][0]["results"])
check(st == 0 and not err and len(t) == 1 and len(t[0]) == 1 + nfind,
      "cosel matrix md renders, a row per finding (%d)" % nfind)
rep_md = os.path.join(tmp, "xss.md")
run([kdep, "report", "--tree", xss, "--arch", "x86", "--profile", "gcc-12",
     "--format", "md", "-o", rep_md, "--db", db])
st, err, out = markdown(open(rep_md).read())
t = tables(out)
check(st == 0 and not err, "report md renders with cmark-gfm")
check(not re.search(r"<(script|img|iframe|b>)", out),
      "report md of the hostile tree: no tree text became HTML")
check("&lt;script&gt;alert(1)&lt;/script&gt;" in out,
      "report md of the hostile tree: its prompt shown as text")
check(any(r[0] == ["arch", "profile", "unknown probes",
                   "kconfiglib warnings"] and len(r) == 2 for r in t),
      "report md: the runs table, a row per arch and profile")

# ---- what was analysed: a commit -----------------------------------------

repo = os.path.join(tmp, "repo")
shutil.copytree(cyc_tree, repo)
git = ["git", "-C", repo, "-c", "user.name=kdep", "-c",
       "user.email=kdep@example.com"]
run(["git", "init", "-q", repo])
run(git + ["add", "-A"])
run(git + ["commit", "-q", "-m", "tree"])
head = run(git + ["rev-parse", "HEAD"]).stdout.strip()
for what, args, want in (("--git REPO@HEAD", ["--git", repo + "@HEAD"], head),
                         ("--tree", ["--tree", repo], None)):
    out = os.path.join(tmp, "commit.json")
    run([kdep, "report"] + args + ["--arch", "x86", "--profile", "gcc-12",
                                   "--format", "json", "-o", out, "--db",
                                   db])
    got = json.load(open(out))["commit"]
    check(got == want, "report of %s: the commit is %s (%s)"
          % (what, want or "none", got))

# ---- DOT and SVG ------------------------------------------------------------

rep_dot = os.path.join(tmp, "cycles.dot")
run([kdep, "report", "--tree", cyc_tree, "--arch", "x86", "--profile",
     "gcc-12,llvm-19", "--format", "dot", "-o", rep_dot, "--db", db])
for name, text in (("report --format dot", open(rep_dot).read()),
                   ("show --format dot --depth 2",
                    kdep_out(["show", "A", "--tree", cyc_tree, "--arch",
                              "x86", "--profile", "gcc-12", "--format", "dot",
                              "--depth", "2"])),
                   ("show --format dot of the hostile tree",
                    kdep_out(["show", "C", "--tree", xss, "--arch", "x86",
                              "--profile", "gcc-12", "--format", "dot"]))):
    p = subprocess.run(["dot", "-Tsvg"], input=text, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    check(p.returncode == 0 and not p.stderr and "<svg" in p.stdout,
          "%s: dot -Tsvg accepts it (%s)" % (name, p.stderr.strip()[:200]))
check(open(rep_dot).read().count("subgraph cluster_") ==
      len(cyc_json["cycles"]), "report --format dot: a cluster per cycle")
svg = kdep_out(["show", "D", "--tree", cyc_tree, "--arch", "x86",
                "--profile", "gcc-12", "--format", "svg"])
import xml.etree.ElementTree as ET  # noqa: E402
root = ET.fromstring(svg)
texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
check(root.tag == "{http://www.w3.org/2000/svg}svg" and "D" in texts and
      "M1" in texts and "M2" in texts,
      "show D --format svg: an SVG with D and its neighbours (%s)" % texts)

# ---- HTML in a browser ------------------------------------------------------


def chromium(what, url):
    """Runs headless chromium with a new profile directory; what is
    --dump-dom or --screenshot=FILE. Its standard output."""
    profile = tempfile.mkdtemp(prefix="chromium.", dir=tmp)
    p = subprocess.run(CHROMIUM + ["--user-data-dir=" + profile,
                                   "--window-size=1366,2000", what, url],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=180)
    if p.returncode:
        raise SystemExit("FAIL chromium %s: %s" % (what, p.stderr[-2000:]))
    return p.stdout


class Dom(html.parser.HTMLParser):
    """What the checks read of a dumped DOM."""

    def __init__(self):
        super().__init__()
        self.scripts, self.title, self.text, self.stack = 0, "", "", []
        self.attrs, self.svgs_in_cycles, self.matrix = [], 0, []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attrs.append(a)
        self.stack.append((tag, a.get("class", "")))
        if tag == "script":
            self.scripts += 1
        elif tag == "title" and not any(t == "svg" for t, _ in self.stack):
            self.in_title = True
        elif tag == "svg" and any(c == "cycle" for _, c in self.stack):
            self.svgs_in_cycles += 1
        elif tag == "tr" and any(c == "matrix" for _, c in self.stack):
            self.matrix.append([])
        elif tag in ("td", "th") and self.matrix and \
                any(c == "matrix" for _, c in self.stack):
            self.matrix[-1].append(a.get("class", tag))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        self.text += data
        if self.in_title:
            self.title += data


def dom(url):
    d = Dom()
    d.feed(chromium("--dump-dom", url))
    return d


page = os.path.join(tmp, "xss.html")
run([kdep, "report", "--tree", xss, "--arch", "x86", "--profile", "gcc-12",
     "-o", page, "--db", db])
d = dom("file://" + page)
check(d.scripts == 0, "hostile tree: the DOM has no script element (%d)"
      % d.scripts)
check(d.title.startswith("kdep report") and
      not any("data-pwned" in a for a in d.attrs),
      "hostile tree: no script ran (title %r)" % d.title)
check("<script>alert(1)</script>" in d.text,
      "hostile tree: its prompt <script>alert(1)</script> shown as text")
check("<b>bold</b>" in d.text and "<img src=x" in d.text,
      "hostile tree: its help and prompts shown as text")
# the control: the help text unescaped, no policy; a script does run
raw = open(page).read()
escaped = ("&lt;script&gt;document.title = &quot;pwned&quot;; "
           "document.body.setAttribute(&quot;data-pwned&quot;, "
           "&quot;1&quot;)&lt;/script&gt;")
control = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                 raw.replace(escaped, '<script>document.title = "pwned"; '
                             'document.body.setAttribute("data-pwned", "1")'
                             '</script>'))
check(escaped in raw and control != raw,
      "control: the page holds the help text escaped")
c = dom("file://" + write("control.html", control))
check(c.title == "pwned" and any("data-pwned" in a for a in c.attrs),
      "control: the same page unescaped runs its script (title %r), so the "
      "checks above would see one" % c.title)


def png_pixels(path):
    """(width, height, rows of bytes) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, w = 8, b"", 0
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6) and body[12] == 0
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
    stride = w * bpp
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


if tree:
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or
                         os.path.expanduser("~/.cache"), "kdep", "e2e")
    os.makedirs(cache, exist_ok=True)
    seed = "\tselect HAVE_STATIC_CALL if !LTO_CLANG_THIN || " \
           "CLANG_VERSION >= 130000\n"
    rel = os.path.join("arch", "arm64", "Kconfig")
    text = open(os.path.join(tree, rel)).read()
    edited = re.sub(r"^(config ARM64\n\tdef_bool y\n)",
                    lambda m: m.group(1) + seed, text, count=1, flags=re.M)
    check(edited != text, "seed: the edit applies to arch/arm64/Kconfig")
    src = os.path.join(cache, "seed-6.12")
    have = os.path.join(src, rel)
    if not os.path.exists(have) or open(have).read() != edited or \
            os.stat(os.path.join(src, "Makefile")).st_ino != \
            os.stat(os.path.join(tree, "Makefile")).st_ino:
        shutil.rmtree(src, ignore_errors=True)
        subprocess.run(["cp", "-al", tree, src], check=True)
        os.unlink(have)  # a copy of its own: never write the tree's file
        with open(have, "w") as f:
            f.write(edited)
    sdb = os.path.join(cache, "reports.db")
    page = os.path.join(tmp, "seed.html")
    args = [kdep, "report", "--tree", src, "--arch", "arm64", "--profile",
            "gcc-12,llvm-19", "-o", page, "--db", sdb]
    if "written by an older kdep" in run(args, ok=(0, 3)).stderr:
        # the cache is kdep's to make again: a newer schema starts it anew
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(sdb + suffix):
                os.unlink(sdb + suffix)
    run(args)
    cycles = json.loads(run([kdep, "cycles", "--tree", src, "--arch",
                             "arm64", "--profile", "gcc-12,llvm-19",
                             "--format", "json", "--db", sdb],
                            ok=(1,)).stdout)["cycles"]
    sarif = run([kdep, "cycles", "--tree", src, "--arch", "arm64",
                 "--profile", "gcc-12,llvm-19", "--format", "sarif", "--db",
                 sdb], ok=(1,)).stdout
    ok, said = validate(write("seed.sarif", sarif))
    check(ok, "seed: sarif of cycles validates (%s)" % said)
    r = json.loads(sarif)["runs"][0]["results"]
    links = {(e["file"], e["line"], e["from"], e["to"])
             for c in cycles for e in c["edges"]}
    rel = [x for x in r[0]["relatedLocations"]
           if x["properties"]["role"] == "link"] if len(r) == 1 else []
    check(len(r) == 1 and len(rel) == len(links) and
          len(r[0]["codeFlows"][0]["threadFlows"]) == len(cycles) and
          r[0]["properties"]["profiles"] == ["llvm-19"] and
          r[0]["properties"]["absent"][0]["profile"] == "gcc-12",
          "seed: one result, a related location per link (%d for %d), a "
          "thread flow per cycle, held under llvm-19, absent under gcc-12"
          % (len(rel), len(links)))
    shot = os.path.join(tmp, "seed.png")
    chromium("--screenshot=" + shot, "file://" + page)
    w, h, bpp, rows = png_pixels(shot)
    colours = set()
    for y in range(0, h, 7):
        r = rows[y]
        for x in range(0, w * bpp, bpp * 5):
            colours.add(r[x:x + 3])
    dark = sum(1 for y in range(0, h, 7) for x in range(0, w * bpp, bpp * 5)
               if sum(rows[y][x:x + 3]) < 300)
    check(len(colours) > 20 and dark > 200,
          "seed report: the screenshot is not blank (%dx%d, %d colours, %d "
          "dark samples)" % (w, h, len(colours), dark))
    d = dom("file://" + page)
    names = sorted({e["from"] for c in cycles for e in c["edges"]})
    missing = [n for n in names if n not in d.text]
    check(cycles and not missing,
          "seed report: the DOM has the %d symbols of the %d cycles%s"
          % (len(names), len(cycles),
             " (missing %s)" % missing if missing else ""))
    check(d.svgs_in_cycles == len(cycles),
          "seed report: an SVG per cycle (%d for %d)"
          % (d.svgs_in_cycles, len(cycles)))
    head = d.matrix[0] if d.matrix else []
    check(len(d.matrix) == 16 and len(head) == 3 and
          all(len(r) == 3 for r in d.matrix),
          "seed report: the matrix table, a row per subset of the 4 features "
          "and a column per profile (%d rows)" % len(d.matrix))
    cells = [r[1] for r in d.matrix[1:]]
    check(all(c in ("yes", "no", "unknown") for c in cells) and
          all(r[2] == "none" for r in d.matrix[1:]),
          "seed report: answered under gcc-12, not asked under llvm-19 "
          "(its cycle): %s" % cells)
    check("the tree has a recursive dependency under this profile" in d.text,
          "seed report: why llvm-19 has no matrix")
    check("absent under gcc-12" in d.text,
          "seed report: the link absent under gcc-12 explained")

shutil.rmtree(tmp)
finish()
