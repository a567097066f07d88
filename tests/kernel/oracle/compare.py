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

_TOKEN = re.compile(r'\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()]+)')


def parse_expr(text, pos=0):
    """(expression, next position): a name, ("const", text) or a tuple
    (op, operands...)."""
    m = _TOKEN.match(text, pos)
    if not m:
        raise ValueError("no expression at %d: %r" % (pos, text))
    tok, pos = m.group(1), m.end()
    if tok == "(":
        op = _TOKEN.match(text, pos)
        pos = op.end()
        args = []
        while True:
            m = _TOKEN.match(text, pos)
            if m.group(1) == ")":
                return (op.group(1),) + tuple(args), m.end()
            e, pos = parse_expr(text, pos)
            args.append(e)
    if tok.startswith('"'):
        s = re.sub(r"\\(.)", r"\1", tok[1:-1])
        return (s if s in ("y", "m", "n") else ("const", s)), pos
    return tok, pos


def parse_exprs(text, n):
    out, pos = [], 0
    for _ in range(n):
        e, pos = parse_expr(text, pos)
        out.append(e)
    return out


_ARGS = {"prompt": 1, "default": 2, "select": 2, "imply": 2, "range": 3,
         "dep": 1, "rev": 1, "implied": 1}


def read_dump(text):
    """{name: {"type", "prompt": [...], ..., "dep", "rev", "implied"}},
    [cycle symbols]; blocks of several scans are not expected."""
    syms, cycles, cur = {}, [], None
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "sym":
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
    return syms, cycles


def text(e):
    if isinstance(e, str):
        return e
    if e[0] == "const":
        return '"%s"' % e[1]
    return "(" + " ".join([e[0]] + [text(a) for a in e[1:]]) + ")"


def simplify(e):
    """e with and/or flattened, sorted, deduplicated and y/n folded:
    what two spellings of one expression most often differ by."""
    if isinstance(e, str) or e[0] == "const":
        return e
    if e[0] == "not":
        a = simplify(e[1])
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
            a = simplify(a)
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
        return (e[0],) + tuple(sorted(parts, key=text))
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
    cnf = ["p cnf %d %d" % (nvars, len(clauses))]
    cnf += [" ".join(map(str, c)) + " 0" for c in clauses]
    p = subprocess.run(["picosat"], input="\n".join(cnf) + "\n",
                       stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode == 10:
        return True
    if p.returncode == 20:
        return False
    raise SystemExit("picosat failed: exit %d" % p.returncode)


def same(a, b, types):
    """Whether a and b have the same three-valued value everywhere."""
    a, b = simplify(a), simplify(b)
    if a == b:
        return True
    q = Meaning(types)
    (am, ay), (bm, by) = q.expr(a), q.expr(b)
    differ = q.or_(-q.iff(am, bm), -q.iff(ay, by))
    if differ == -1:
        return True
    q.clauses.append([differ])
    return not picosat(q.clauses, q.nvars)


def compare(kernel, kdep):
    """The differences between two dumps' symbols, each a line naming
    the symbol and the property."""
    types = {k: v["type"] for k, v in kernel.items()}
    diffs = []
    for name in sorted(set(kernel) | set(kdep)):
        k, d = kernel.get(name), kdep.get(name)
        if k is None or d is None:
            diffs.append("%s: defined by %s only" %
                         (name, "kdep" if k is None else "the kernel"))
            continue
        if k["type"] != d["type"]:
            diffs.append("%s: type %s in the kernel, %s in kdep" %
                         (name, k["type"], d["type"]))
        for kind in ("prompt", "default", "select", "imply", "range"):
            kl, dl = k.get(kind, []), d.get(kind, [])
            if len(kl) != len(dl):
                diffs.append("%s: %d %s properties in the kernel, %d in "
                             "kdep" % (name, len(kl), kind, len(dl)))
                continue
            for i, (kv, dv) in enumerate(zip(kl, dl)):
                for j, (ke, de) in enumerate(zip(kv, dv)):
                    if not same(ke, de, types):
                        part = "condition" if j == len(kv) - 1 else \
                            "value" if kind == "default" else \
                            "target" if kind in ("select", "imply") else \
                            ("low", "high")[j]
                        diffs.append("%s: %s %d: %s differs: kernel %s, "
                                     "kdep %s" % (name, kind, i + 1, part,
                                                  text(ke), text(de)))
        for kind in ("dep", "rev", "implied"):
            if kind not in k:
                continue  # the kernel has none (a choice)
            if not same(k[kind], d[kind], types):
                diffs.append("%s: %s differs: kernel %s, kdep %s" %
                             (name, kind, text(k[kind]), text(d[kind])))
    return diffs
