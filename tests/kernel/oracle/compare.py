# compare.py - kdep's model against the kernel's, property by property
# and by meaning: two dumps in the format of kdump.c (the tree's own
# parser after menu_finalize()) and `kdep props`, each expression pair
# proven equivalent in Kconfig's three-valued logic by the picosat
# program, or named as a difference.
#
# The meaning, as the kernel's expr_calc_value() has it: a bool symbol is
# n or y, a tristate (a choice too) n, m or y; any other symbol, defined
# or not, is n where a truth value is read. A comparison of two
# tristate-valued operands compares the values; any other comparison is
# a free atom, '!=' its negation, 'A > B' the atom 'B < A', 'A >= B' the
# negation of 'A < B'.
import re
import subprocess
import sys

# A symbol selected from a thousand places has a reverse dependency a
# thousand operators deep.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))

_TOKEN = re.compile(r'\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()]+)')


def _atom(tok):
    if tok.startswith('"'):
        s = re.sub(r"\\(.)", r"\1", tok[1:-1])
        return s if s in ("y", "m", "n") else ("const", s)
    return tok


def parse_exprs(line, n):
    """The n expressions of line: each a name, ("const", text) or a tuple
    (op, operands...)."""
    out, stack = [], []
    toks = _TOKEN.findall(line)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok == "(":
            stack.append([toks[i + 1]])
            i += 2
            continue
        i += 1
        if tok == ")":
            e = tuple(stack.pop())
        else:
            e = _atom(tok)
        if stack:
            stack[-1].append(e)
        else:
            out.append(e)
    if len(out) != n or stack:
        raise ValueError("not %d expressions: %r" % (n, line[:200]))
    return out


_ARGS = {"prompt": 1, "default": 2, "select": 2, "imply": 2, "range": 3,
         "dep": 1, "rev": 1, "implied": 1}


def read_dump(text):
    """{name: {"type", "prompt": [...], ..., "dep", "rev", "implied"}},
    [cycle symbols], how choices are written ("symbol", "inline" or
    None); blocks of several scans are not expected."""
    syms, cycles, cur, choices = {}, [], None, None
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "choices":
            choices = rest
        elif kind == "optional":
            cur["optional"] = True
        elif kind == "sym":
            name, typ = rest.rsplit(" ", 1)
            cur = syms.setdefault(name, {"type": typ})
        elif kind == "cycle":
            cycles.append(rest)
        elif kind in _ARGS:
            v = parse_exprs(rest, _ARGS[kind])
            if kind in ("dep", "rev", "implied"):
                cur[kind] = v[0]
            else:
                cur.setdefault(kind, []).append(v)
    return syms, cycles, choices


def inline_choices(syms):
    """syms with each choice in an expression replaced by the choice's
    own dependency: what a kernel from 6.12 on has where kdep (as
    kconfiglib and the kernel before) names the choice."""
    deps = {n: s.get("dep", "y") for n, s in syms.items()
            if n.startswith("<choice:")}

    def sub(e):
        if isinstance(e, str):
            return deps.get(e, e)
        if e[0] == "const":
            return e
        return (e[0],) + tuple(sub(a) for a in e[1:])

    out = {}
    for n, s in syms.items():
        t = {}
        for k, v in s.items():
            if k in ("dep", "rev", "implied"):
                t[k] = sub(v)
            elif k in ("type", "optional"):
                t[k] = v
            else:
                t[k] = [[sub(e) for e in p] for p in v]
        out[n] = t
    return out


def text(e):
    if isinstance(e, str):
        return e
    if e[0] == "const":
        return '"%s"' % e[1]
    return "(" + " ".join([e[0]] + [text(a) for a in e[1:]]) + ")"


def simplify(e, types):
    """e with and/or flattened, sorted, deduplicated and y/n folded, and
    a bool symbol's comparison with y or n written as the symbol (the
    kernel's expr_transform() does the same): what two spellings of one
    expression most often differ by."""
    if isinstance(e, str) or e[0] == "const":
        return e
    if e[0] in ("=", "!=") and e[2] in ("y", "n") and \
            types.get(e[1]) == "bool":
        positive = (e[0] == "=") == (e[2] == "y")
        return e[1] if positive else ("not", e[1])
    if e[0] == "not":
        a = simplify(e[1], types)
        if a == "y":
            return "n"
        if a == "n":
            return "y"
        if not isinstance(a, str) and a[0] == "not":
            return a[1]
        return ("not", a)
    if e[0] in ("and", "or"):
        unit, zero = ("y", "n") if e[0] == "and" else ("n", "y")
        parts = set()
        for a in e[1:]:
            a = simplify(a, types)
            if not isinstance(a, str) and a[0] == e[0]:
                parts.update(a[1:])
            else:
                parts.add(a)
        parts.discard(unit)
        if zero in parts:
            return zero
        if not parts:
            return unit
        if len(parts) == 1:
            return parts.pop()
        return (e[0],) + tuple(sorted(parts, key=repr))
    return e


class Meaning(object):
    """Tseitin clauses of three-valued expressions, for one question."""

    def __init__(self, types):
        self.types = types
        self.clauses = []
        self.nvars = 1
        self.clauses.append([1])  # variable 1 is true
        self.vars = {}

    def new(self):
        self.nvars += 1
        return self.nvars

    def and_(self, a, b):
        if a == -1 or b == -1:
            return -1
        if a == 1:
            return b
        if b == 1 or a == b:
            return a
        v = self.new()
        self.clauses += [[-v, a], [-v, b], [v, -a, -b]]
        return v

    def or_(self, a, b):
        return -self.and_(-a, -b)

    def sym(self, name):
        if name == "y":
            return (1, 1)
        if name == "m":
            return (1, -1)
        if name == "n" or isinstance(name, tuple):
            return (-1, -1)
        t = self.types.get(name)
        if t not in ("bool", "tristate"):
            return (-1, -1)
        if name not in self.vars:
            m = self.new()
            y = m if t == "bool" else self.new()
            if y != m:
                self.clauses.append([-y, m])
            self.vars[name] = (m, y)
        return self.vars[name]

    def tri_valued(self, e):
        return (e in ("y", "m", "n") or isinstance(e, str) and
                self.types.get(e) in ("bool", "tristate"))

    def atom(self, key):
        if key not in self.vars:
            self.vars[key] = self.new()
        return self.vars[key]

    def compare(self, op, a, b):
        if op in ("=", "!=") and self.tri_valued(a) and self.tri_valued(b):
            (am, ay), (bm, by) = self.sym(a), self.sym(b)
            same = self.and_(self.iff(am, bm), self.iff(ay, by))
            return same if op == "=" else -same
        ka, kb = text(a), text(b)
        if op in ("=", "!="):
            x = self.atom(("=",) + tuple(sorted((ka, kb))))
            return x if op == "=" else -x
        if op == "<":
            return self.atom(("<", ka, kb))
        if op == ">":
            return self.atom(("<", kb, ka))
        if op == ">=":
            return -self.atom(("<", ka, kb))
        return -self.atom(("<", kb, ka))  # <=

    def iff(self, a, b):
        return self.or_(self.and_(a, b), self.and_(-a, -b))

    def expr(self, e):
        """(>= m, = y) literals of e."""
        if isinstance(e, str) or e[0] == "const":
            return self.sym(e)
        op = e[0]
        if op == "not":
            m, y = self.expr(e[1])
            return (-y, -m)
        if op in ("and", "or"):
            f = self.and_ if op == "and" else self.or_
            m, y = self.expr(e[1])
            for a in e[2:]:
                am, ay = self.expr(a)
                m, y = f(m, am), f(y, ay)
            return (m, y)
        x = self.compare(op, e[1], e[2])
        return (x, x)


def picosat(clauses, nvars):
    """A model of the clauses (the set of true variables), or None."""
    cnf = ["p cnf %d %d" % (nvars, len(clauses))]
    cnf += [" ".join(map(str, c)) + " 0" for c in clauses]
    p = subprocess.run(["picosat"], input="\n".join(cnf) + "\n",
                       stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode == 20:
        return None
    if p.returncode != 10:
        raise SystemExit("picosat failed: exit %d" % p.returncode)
    true = set()
    for line in p.stdout.splitlines():
        if line.startswith("v "):
            true.update(int(x) for x in line[2:].split() if int(x) > 0)
    return true


def names(e, out):
    """Adds the symbols e names to the set out."""
    if isinstance(e, str):
        out.add(e)
    elif e[0] != "const":
        for a in e[1:]:
            names(a, out)
    return out


# What picosat said of each question asked already: the arches and
# profiles of one tree share most of their expressions.
_answers = {}


def differ(pairs, types):
    """The indices of the pairs (a, b) of pairs whose three-valued values
    differ somewhere: each pair that two spellings do not already make
    the same is a formula of its own, 'a and b differ', that picosat
    finds unsatisfiable or not."""
    found = set()
    for i, (a, b) in enumerate(pairs):
        if a == b:
            continue
        a, b = simplify(a, types), simplify(b, types)
        if a == b:
            continue
        syms = names(b, names(a, set()))
        key = (a, b,
               tuple(sorted((n, types.get(n)) for n in syms)))
        if key not in _answers:
            q = Meaning(types)
            (am, ay), (bm, by) = q.expr(a), q.expr(b)
            d = q.or_(-q.iff(am, bm), -q.iff(ay, by))
            _answers[key] = d != -1 and \
                picosat(q.clauses + [[d]], q.nvars) is not None
        if _answers[key]:
            found.add(i)
    return found


def same(a, b, types):
    """Whether a and b have the same three-valued value everywhere."""
    return not differ([(a, b)], types)


def choice_rev(syms):
    """syms with the reverse dependency a kernel before 6.12 gives each
    choice that is not optional: 'VISIBILITY && m' for each prompt, which
    keeps a visible choice from being n (kdep encodes that rule itself)."""
    out = dict(syms)
    for n, s in syms.items():
        if n.startswith("<choice:") and not s.get("optional"):
            rev = s["rev"]
            for (cond,) in s.get("prompt", []):
                part = ("and", cond, "m")
                rev = part if rev == "n" else ("or", rev, part)
            out[n] = dict(s, rev=rev)
    return out


def compare(kernel, kdep, choices="symbol"):
    """The differences between two dumps' symbols, each a line naming
    the symbol and the property; choices says how the kernel's dump
    writes a choice's members' dependencies (read_dump)."""
    if choices == "inline":
        kdep = inline_choices(kdep)
    else:
        kdep = choice_rev(kdep)
    types = {k: v["type"] for k, v in kernel.items()}
    diffs = []
    pairs = []  # (a, b, what differs when they do)
    for name in sorted(set(kernel) | set(kdep)):
        k, d = kernel.get(name), kdep.get(name)
        if k is None or d is None:
            diffs.append("%s: defined by %s only" %
                         (name, "kdep" if k is None else "the kernel"))
            continue
        if k["type"] != d["type"]:
            diffs.append("%s: type %s in the kernel, %s in kdep" %
                         (name, k["type"], d["type"]))
        if k.get("optional") != d.get("optional"):
            diffs.append("%s: optional in %s only" %
                         (name, "kdep" if d.get("optional") else
                          "the kernel"))
        for kind in ("prompt", "default", "select", "imply", "range"):
            kl, dl = k.get(kind, []), d.get(kind, [])
            if len(kl) != len(dl):
                diffs.append("%s: %d %s properties in the kernel, %d in "
                             "kdep" % (name, len(kl), kind, len(dl)))
                continue
            for i, (kv, dv) in enumerate(zip(kl, dl)):
                for j, (ke, de) in enumerate(zip(kv, dv)):
                    part = "condition" if j == len(kv) - 1 else \
                        "value" if kind == "default" else \
                        "target" if kind in ("select", "imply") else \
                        ("low", "high")[j]
                    pairs.append((ke, de, "%s: %s %d: %s differs" %
                                  (name, kind, i + 1, part)))
        for kind in ("dep", "rev", "implied"):
            if kind not in k:
                continue  # the kernel has none (a choice)
            pairs.append((k[kind], d[kind], "%s: %s differs" % (name, kind)))
    for i in sorted(differ([(a, b) for a, b, _ in pairs], types)):
        a, b, what = pairs[i]
        diffs.append("%s: kernel %s, kdep %s" % (what, text(a), text(b)))
    return sorted(diffs)
