#!/usr/bin/python3
# brute.py - an independent oracle for `kdep cosel`.
#
#   brute.py KDEP COUNT SEED WORKDIR [--only I] [--keep] [--self-test]
#
# Generates COUNT small random Kconfig trees in WORKDIR/tNNNN/ (a top
# Kconfig sourcing arch/$(SRCARCH)/Kconfig; tree I of seed SEED is the same
# on every run, whatever COUNT). Some blocks have a second prompt, before
# or after their own: the kernel keeps both, kconfiglib the last, so the
# oracle reads WORKDIR/tNNNN/oracle/, the same tree with each second
# prompt in a second definition of its symbol, with the same dependencies
# (where kconfiglib keeps every prompt, as the kernel does). Every input of
# a tree is enumerated with Debian's kconfiglib 14.1.0: each prompted symbol unset, n, (m,) y, a
# prompted int unset or next to each constant it is compared with, each
# choice with no selection or each member selected. That gives the value
# tuples the tree's bool/tristate symbols can reach together. Then 2-3
# targets are picked (often a pair that is not co-selectable, so that
# exclusions get tested) and every non-empty subset of them is decided:
# co-selectable when some input makes them all y (with --allow-m, for
# about a third of the trees: all at least m). The answers are compared
# with
#
#   KDEP cosel --matrix T1,T2[,T3] --tree DIR --arch x86 --profile brute
#        --db WORKDIR/k.db --format json [--allow-m]
#
# subset by subset, with the maximal co-selectable and the minimal excluded
# subsets, kdep's exit status (0: the full set is co-selectable, 1: not),
# and every witness .config kdep gives, loaded back into kconfiglib.
#
# About a third of the trees also ask one or two toolchain probes, y/n
# $(shell,...) commands that kdep's profile ("brute", in WORKDIR/profiles,
# with nothing recorded) cannot answer: free inputs of its analysis. The
# oracle enumerates the tree under every answer of them (a world each). A
# subset must be no when it is no in every world, yes only when its
# witness holds in every world, and null (a yes that assumes the probes'
# answers) only when it is yes in some world and its witness holds in one.
#
# Each tree without probes (its oracle knows one world) is also asked a
# valued matrix: 2-3 distinct symbols (the int V among them when the tree
# has it), each with a value, SYM=VALUE or SYM!=VALUE (y, m or n for a bool
# or tristate, a number near V's constants for V; now and then a bare
# SYM), picked from a reachable tuple half of the time so that yes and no
# both come up. A subset is co-selectable when some input gives every
# target of it its value (V compared as a number); the witnesses must give
# each target its value, and the JSON must echo each target's op and
# value.
#
#   --only I     run tree I alone (tNNNN in a failure's path)
#   --keep       keep every tree and the database (failing trees are always
#                kept; passing ones are otherwise removed)
#   --self-test  never run KDEP: print how many trees loaded and had to be
#                regenerated, the yes/no mix and the time, and check two
#                inputs a tree again through a .config loaded into a freshly
#                parsed tree
#
# Ends with "cosel brute force: N trees, M subsets, A agree, D disagree,
# U unknown, Y yes assuming unrecorded probes" and exits 0 only if nothing
# disagreed, nothing was unknown (a null that assumes probes is not) and
# nothing else failed (kdep error, exit status, maximal/excluded, witness,
# malformed output). Standard library only, run by any python3.

import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import time

try:
    import kconfiglib
except ImportError:
    # Debian's kconfiglib is only on Debian's interpreter's path; another
    # python3 first on PATH (pyenv) can still import it from there.
    sys.path.append("/usr/lib/python3/dist-packages")
    import kconfiglib

ARCH = "x86"
TOP = 'source "arch/$(SRCARCH)/Kconfig"\n'
# At most this many input combinations per tree (4^6: six tristates).
MAX_INPUTS = 4096
# Attempts at one tree number before giving up on it.
MAX_ATTEMPTS = 50
# Symbol names: letters that read as neither a value (y, m, n) nor a digit.
NAMES = "ABCDEFGHJKLPQRSTUWXZ"


# The variables the probes read, and the profile kdep replays: it records
# nothing, so every probe is unrecorded, a free input of the analysis.
PROBE_VARS = ("KDEP_BRUTE_P1", "KDEP_BRUTE_P2")
PROFILE = "brute"


def probe_text(var):
    """A probe of the toolchain: y when var is set. kdep replays no
    variable of the caller's, so for kdep it is unrecorded; the no-op ':'
    names var, so that two probes are two commands even when their
    variables expand to nothing."""
    return '$(shell,: {0}; test -n "$({0})" && echo y || echo n)'.format(var)


def probe_combos(probes):
    """Every answer of the probes: {var: True (y) or False}."""
    return [dict(zip(probes, bits))
            for bits in itertools.product((False, True), repeat=len(probes))]


def write_profile(workdir):
    """The profile with no answer recorded, WORKDIR/profiles/brute; returns
    the directory for KDEP_PROFILE_PATH."""
    d = os.path.join(workdir, "profiles")
    os.makedirs(os.path.join(d, PROFILE), exist_ok=True)
    with open(os.path.join(d, PROFILE, ARCH + ".probes"), "w") as f:
        f.write("profile {}\narch {}\nunknown failure\n".format(PROFILE,
                                                               ARCH))
    return d


# -- generator ---------------------------------------------------------------

class Sym:
    """One planned symbol: its name, type and whether it has a prompt."""

    def __init__(self, name, typ, prompt, choice=None):
        self.name = name
        self.type = typ          # "bool", "tristate" or "int"
        self.prompt = prompt
        self.choice = choice     # the Choice it belongs to, if any


class Choice:
    """One planned bool choice; members are filled in after."""

    def __init__(self):
        self.members = []


class Generator:
    """Writes one random tree. Every symbol, choice and block has a place
    in one global order: whatever an item's properties and enclosing blocks
    reference comes earlier, whatever it selects or implies comes later, so
    kconfiglib's dependency graph has no loop by construction."""

    def __init__(self, rng, extra=None):
        self.rng = rng
        # A second RNG for the second prompts: the trees the first one
        # makes stay what they were without them.
        self.extra = extra
        self.lines = []           # the tree kdep reads
        self.oracle = []          # the same tree as kconfiglib reads it
        self.int_sym = None       # the int symbol, if any
        self.int_ready = False    # whether it is defined yet (comparable)
        self.int_consts = set()   # constants it is compared with
        self.modules = False
        self.items = []           # Sym or Choice, in order
        # toolchain probes no recording has: a y/n $(shell,...) each,
        # answered by the variable it names (set: y) in the oracle
        self.probes = []

    # Expressions over the bool/tristate symbols in 'avail' and the int.

    def atom(self, avail):
        rng = self.rng
        if self.probes and rng.random() < 0.15:
            return probe_text(rng.choice(self.probes))
        if self.int_ready and rng.random() < 0.12:
            base = self.int_default
            c = base + rng.choice((-20, -10, 0, 10, 20)) \
                if len(self.int_consts) < 2 else rng.choice(
                    sorted(self.int_consts))
            self.int_consts.add(c)
            op = rng.choice(("<", "<=", ">", ">=", "=", "!="))
            return "{} {} {}".format(self.int_sym.name, op, c)
        s = rng.choice(avail)
        r = rng.random()
        if r < 0.45:
            return s
        if r < 0.72:
            return "!" + s
        others = [o for o in avail if o != s]
        if r < 0.9 or not others:
            return "{} {} {}".format(s, rng.choice(("=", "!=")),
                                     rng.choice("ymmn" if self.modules
                                                else "ymn"))
        return "{} {} {}".format(s, rng.choice(("=", "!=")),
                                 rng.choice(others))

    def expr(self, avail, depth=0):
        rng = self.rng
        if depth >= 2 or rng.random() < 0.55:
            return self.atom(avail)
        left, right = self.expr(avail, depth + 1), self.expr(avail, depth + 1)
        if left == right:
            return left
        e = "{} {} {}".format(left, rng.choice(("&&", "||")), right)
        if depth == 0 and rng.random() < 0.8:
            return e
        return ("!(" if rng.random() < 0.2 else "(") + e + ")"

    def value(self, avail):
        """A default's value: a constant, a symbol or a small expression."""
        rng = self.rng
        r = rng.random()
        if not avail or r < 0.45:
            return rng.choice(("y", "m", "m", "n") if self.modules
                              else ("y", "y", "m", "n"))
        if r < 0.8:
            return rng.choice(avail)
        return self.expr(avail, 1)

    def cond(self, avail, p):
        """' if EXPR' with probability p (when there is anything to use)."""
        if avail and self.rng.random() < p:
            return " if " + self.expr(avail)
        return ""

    # The plan: which symbols, in which order, with which types.

    def plan(self):
        rng = self.rng
        names = iter(NAMES)
        if rng.random() < 0.3:
            self.probes = list(PROBE_VARS[:rng.choice((1, 1, 2))])
        total = rng.randint(5, 10)
        inputs = 1
        if rng.random() < 0.45:
            self.modules = True
            self.items.append(Sym("MODULES", "bool", True))
            inputs *= 3
        if rng.random() < 0.3:
            prompt = rng.random() < 0.5
            self.int_sym = Sym("V", "int", prompt)
            self.int_default = rng.choice((100, 120, 128))
            self.items.append(self.int_sym)
            if prompt:
                inputs *= 7   # unset and c-1, c, c+1 for two constants
        # Where ordinary symbols start: blocks never hold MODULES or V.
        self.first_free = len(self.items)
        chosen_choice = rng.random() < 0.5
        count = len(self.items)
        while count < total:
            if chosen_choice and count + 2 <= total and rng.random() < 0.3:
                chosen_choice = False
                n = rng.choice((2, 3)) if count + 3 <= total else 2
                if inputs * (n + 1) <= MAX_INPUTS:
                    ch = Choice()
                    ch.members = [Sym(next(names), "bool", True, ch)
                                  for _ in range(n)]
                    self.items.append(ch)
                    inputs *= n + 1
                    count += n
                    continue
            # Mostly tristates when they can be m.
            typ = "tristate" if rng.random() < (0.7 if self.modules else 0.5) \
                else "bool"
            options = 3 if typ == "bool" else 4
            prompt = rng.random() < 0.6 and inputs * options <= MAX_INPUTS
            if prompt:
                inputs *= options
            self.items.append(Sym(next(names), typ, prompt))
            count += 1

    def blocks(self):
        """Up to two 'if' / 'menu' blocks as item ranges [lo, hi), nested
        or disjoint, each starting after some ordinary symbol."""
        rng = self.rng
        found = []
        n = len(self.items)
        for _ in range(2):
            if rng.random() >= 0.45 or n - self.first_free < 2:
                continue
            lo = rng.randint(self.first_free + 1, n - 1)
            hi = rng.randint(lo + 1, n)
            if all(hi <= a or lo >= b or (a <= lo and hi <= b) or
                   (lo <= a and b <= hi) for a, b, _ in found):
                found.append((lo, hi, rng.choice(("if", "menu"))))
        return found

    # Emission.

    def emit(self, s):
        self.lines.append(s)
        self.oracle.append(s)

    def second_prompt(self, avail):
        """A second prompt line for a block, or None. The kernel keeps both
        prompts of a block and a symbol is visible when either is;
        kconfiglib keeps the last prompt of a block but every prompt of a
        symbol defined twice: the oracle's tree has the second prompt in a
        second definition with the same dependencies."""
        if self.extra is None or self.extra.random() >= 0.3:
            return None
        rng, self.rng = self.rng, self.extra
        try:
            return '\tprompt "{}2"'.format(len(self.lines)) + \
                self.cond(avail, 0.8)
        finally:
            self.rng = rng

    def emit_sym(self, sym, avail, later):
        rng = self.rng
        self.emit("config " + sym.name)
        if sym.name == "MODULES":
            self.emit('\tbool "modules"')
            self.emit("\toption modules")
            return
        if sym.type == "int":
            self.emit('\tint "v"' + self.cond(avail, 0.3)
                      if sym.prompt else "\tint")
            self.emit("\tdefault {}".format(self.int_default))
            self.int_ready = True
            return
        second = None
        if sym.prompt:
            # never in a choice, where a second definition would be a
            # second member
            second = self.second_prompt(avail) if sym.choice is None \
                else None
            before = second is not None and self.extra.random() < 0.5
            if before:
                self.lines.append(second)
            self.emit('\t{} "{}"'.format(sym.type, sym.name.lower()) +
                      self.cond(avail, 0.25))
            if second is not None and not before:
                self.lines.append(second)
            defaults = rng.choice((0, 0, 1, 1, 2))
        elif rng.random() < 0.25:
            self.emit("\tdef_{} {}".format(sym.type, self.value(avail)) +
                      self.cond(avail, 0.3))
            defaults = rng.choice((0, 0, 1))
        else:
            self.emit("\t" + sym.type)
            defaults = rng.choice((0, 1, 1, 2))
        depends = []
        if avail and sym.choice is None:
            for _ in range(rng.choice((0, 1, 1, 2))):
                depends.append("\tdepends on " + self.expr(avail))
            # The plainest exclusion, common in real trees.
            if rng.random() < 0.3:
                depends.append("\tdepends on !" + rng.choice(avail))
            for line in depends:
                self.emit(line)
        elif avail and rng.random() < 0.2:
            self.emit("\tdepends on " + self.expr(avail))
        if sym.choice is None:
            for _ in range(defaults):
                self.emit("\tdefault " + self.value(avail) +
                          self.cond(avail, 0.5))
        if later:
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
                self.emit("\tselect {}".format(rng.choice(later)) +
                          self.cond(avail, 0.35))
            if rng.random() < 0.25:
                self.emit("\timply {}".format(rng.choice(later)) +
                          self.cond(avail, 0.3))
        if second is not None:
            self.oracle.extend(["", "config " + sym.name] + depends +
                               [second])

    def emit_choice(self, ch, avail, later):
        rng = self.rng
        self.emit("choice")
        self.emit('\tbool "pick"')
        if avail and rng.random() < 0.35:
            self.emit("\tdepends on " + self.expr(avail))
        if rng.random() < 0.4:
            self.emit("\tdefault {}".format(rng.choice(ch.members).name) +
                      self.cond(avail, 0.4))
        for m in ch.members:
            self.emit("")
            self.emit_sym(m, avail, later)
        self.emit("")
        self.emit("endchoice")

    def generate(self):
        rng = self.rng
        self.plan()
        blocks = self.blocks()
        avail = []     # bool/tristate symbols defined so far
        open_blocks = []
        for i, item in enumerate(self.items):
            for lo, hi, kind in sorted(blocks, key=lambda b: (b[0], -b[1])):
                if lo == i:
                    open_blocks.append((hi, kind))
                    if kind == "if":
                        self.emit("if " + self.expr(avail))
                    else:
                        self.emit('menu "m{}"'.format(lo))
                        self.emit("\t{} {}".format(
                            rng.choice(("depends on", "visible if")),
                            self.expr(avail)))
                    self.emit("")
            later = [s.name for s in self.items[i + 1:]
                     if isinstance(s, Sym) and s.type != "int"]
            if isinstance(item, Choice):
                self.emit_choice(item, avail, later)
                avail.extend(m.name for m in item.members)
            else:
                self.emit_sym(item, avail, later)
                if item.type != "int":
                    avail.append(item.name)
            self.emit("")
            while open_blocks and open_blocks[-1][0] == i + 1:
                kind = open_blocks.pop()[1]
                self.emit("endif" if kind == "if" else "endmenu")
                self.emit("")
        # --allow-m for about a third of the trees, mostly those where m
        # is possible at all.
        self.allow_m = rng.random() < (0.65 if self.modules else 0.07)
        self.candidates = [s for s in avail if s != "MODULES"]
        self.oracle_text = "\n".join(self.oracle)
        return "\n".join(self.lines)

    def pick_targets(self, reach):
        """2-3 targets among the candidates, given the tuples of their
        values that some input reaches. Random targets are mostly unrelated
        and so co-selectable; to test exclusions, often start from a pair
        that can be y alone but not together (with --allow-m preferably
        one that can be m together). Dead symbols (never y) are kept
        rare: they only make every subset holding them a plain no."""
        rng = self.rng
        names = self.candidates
        alive = [n for i, n in enumerate(names)
                 if any(t[i] == 2 for t in reach)]

        def together(pair, low):
            i, j = names.index(pair[0]), names.index(pair[1])
            return any(t[i] >= low and t[j] >= low for t in reach)

        conflicts = [p for p in itertools.combinations(alive, 2)
                     if not together(p, 2)]
        if self.allow_m:
            m_only = [p for p in conflicts if together(p, 1)]
            if m_only and rng.random() < 0.7:
                conflicts = m_only
        if conflicts and rng.random() < 0.7:
            picked = list(rng.choice(conflicts))
            rest = [n for n in alive if n not in picked]
            if rest and rng.random() < 0.5:
                picked.append(rng.choice(rest))
            rng.shuffle(picked)
            return picked
        pool = names
        if self.allow_m and rng.random() < 0.7:
            tristates = [s.name for s in self.items
                         if isinstance(s, Sym) and s.type == "tristate"]
            if len(tristates) >= 2:
                pool = tristates
        if rng.random() < 0.85 and len([n for n in pool if n in alive]) >= 2:
            pool = [n for n in pool if n in alive]
        return rng.sample(pool, min(len(pool), rng.choice((2, 3))))


# -- one tree --------------------------------------------------------------

def tree_rng(seed, index, attempt):
    """The RNG of tree 'index': from the run's seed and the tree number
    only, so one tree can be made again alone."""
    return random.Random("cosel/{}/{}/{}".format(seed, index, attempt))


def load(tree, answers=None):
    """The oracle's tree of 'tree' (its oracle/ folder), in kconfiglib, its
    probes answering as answers says ({var: bool}; none set when None)."""
    oracle = os.path.join(tree, "oracle")
    os.environ.update(srctree=oracle, ARCH=ARCH, SRCARCH=ARCH)
    for var in PROBE_VARS:
        os.environ.pop(var, None)
    for var, yes in (answers or {}).items():
        if yes:
            os.environ[var] = "1"
    return kconfiglib.Kconfig(os.path.join(oracle, "Kconfig"), warn=False)


def write_tree(tree, text):
    os.makedirs(os.path.join(tree, "arch", ARCH), exist_ok=True)
    with open(os.path.join(tree, "Kconfig"), "w") as f:
        f.write(TOP)
    with open(os.path.join(tree, "arch", ARCH, "Kconfig"), "w") as f:
        f.write(text + "\n")


def make_tree(seed, index, workdir):
    """Generates and loads tree 'index'; a tree kconfiglib refuses is made
    again from the next attempt's RNG. Returns (tree dir, Kconfig,
    generator, attempts that failed)."""
    tree = os.path.join(workdir, "t{:04d}".format(index))
    for attempt in range(MAX_ATTEMPTS):
        gen = Generator(tree_rng(seed, index, attempt),
                        tree_rng("prompts/{}".format(seed), index, attempt))
        text = gen.generate()
        shutil.rmtree(tree, ignore_errors=True)
        write_tree(tree, text)
        write_tree(os.path.join(tree, "oracle"), gen.oracle_text)
        try:
            return tree, load(tree), gen, attempt
        except kconfiglib.KconfigError:
            continue
    sys.exit("brute.py: tree {} did not load in {} attempts"
             .format(index, MAX_ATTEMPTS))


class Knob:
    """One user input: a prompted symbol's user value, or a choice's
    selection. A bool choice (never optional here) is always in y mode
    when visible, and then only its selection matters: the member the user
    set to y if that member is visible, else the default; a member's user
    n changes nothing. So the choice's inputs are 'no selection' and each
    member, and a member is set y only through its choice."""

    def __init__(self, item, options):
        self.item = item
        self.options = options

    def apply(self, value):
        item = self.item
        if isinstance(item, kconfiglib.Choice):
            item.unset_value()
            for m in item.syms:
                m.unset_value()
            if value is not None:
                value.set_value(2)
        elif value is None:
            item.unset_value()
        else:
            item.set_value(value)

    def config_line(self, value):
        """The .config line giving this input ('' for unset)."""
        if value is None:
            return ""
        if isinstance(self.item, kconfiglib.Choice):
            return "CONFIG_{}=y\n".format(value.name)
        if self.item.orig_type == kconfiglib.INT:
            return "CONFIG_{}={}\n".format(self.item.name, value)
        if value == 0:
            return "# CONFIG_{} is not set\n".format(self.item.name)
        return "CONFIG_{}={}\n".format(self.item.name, "nmy"[value])


def make_knobs(kconf, int_consts):
    """The inputs of a loaded tree: every prompted symbol outside choices,
    an int by the constants it is compared with, and every choice."""
    found = []
    for sym in kconf.unique_defined_syms:
        if sym.choice or not any(node.prompt for node in sym.nodes):
            continue
        if sym.orig_type == kconfiglib.BOOL:
            found.append(Knob(sym, [None, 0, 2]))
        elif sym.orig_type == kconfiglib.TRISTATE:
            found.append(Knob(sym, [None, 0, 1, 2]))
        elif sym.orig_type == kconfiglib.INT:
            near = sorted({c + d for c in int_consts for d in (-1, 0, 1)})
            found.append(Knob(sym, [None] + [str(v) for v in near]))
    for choice in kconf.unique_choices:
        found.append(Knob(choice, [None] + list(choice.syms)))
    return found


def enumerate_values(kconf, knobs, names):
    """The set of value tuples (each symbol's text value, "n"/"m"/"y" for
    a bool or tristate) of the symbols 'names' that some input reaches.
    Inputs go in product order and only the inputs that change are set
    again: kconfiglib recomputes what depends on them."""
    kconf.unset_values()
    syms = [kconf.syms[n] for n in names]
    current = [None] * len(knobs)
    reach = set()
    for combo in itertools.product(*(k.options for k in knobs)):
        for i, value in enumerate(combo):
            if value != current[i]:
                knobs[i].apply(value)
                current[i] = value
        reach.add(tuple(s.str_value for s in syms))
    return reach


def project(reach, names, targets):
    """The reachable tuples of all candidates cut down to the targets."""
    where = [names.index(t) for t in targets]
    return {tuple(t[i] for i in where) for t in reach}


def subsets(n):
    """Every non-empty subset of range(n), as sorted tuples."""
    return [c for k in range(1, n + 1)
            for c in itertools.combinations(range(n), k)]


def answers(reach, n, allow_m):
    """{subset: co-selectable} from the reachable tuples."""
    low = 1 if allow_m else 2
    return {s: any(all(t[i] >= low for i in s) for t in reach)
            for s in subsets(n)}


def maximal_excluded(answer):
    """The maximal co-selectable and the minimal non-co-selectable
    subsets, as sets of frozensets of indexes."""
    yes = [frozenset(s) for s, a in answer.items() if a]
    no = [frozenset(s) for s, a in answer.items() if not a]
    return ({s for s in yes if not any(s < t for t in yes)},
            {s for s in no if not any(t < s for t in no)})


def check_fresh(tree, kconf, knobs, names, rng, path):
    """Sets one random input incrementally, then writes it as a .config
    and loads that into a freshly parsed tree: the symbols 'names' must
    agree. Returns an error text or None."""
    combo = [rng.choice(k.options) for k in knobs]
    kconf.unset_values()
    for k, value in zip(knobs, combo):
        k.apply(value)
    want = [kconf.syms[n].tri_value for n in names]
    with open(path, "w") as f:
        f.write("".join(k.config_line(v) for k, v in zip(knobs, combo)))
    fresh = load(tree)
    fresh.load_config(path)
    got = [fresh.syms[n].tri_value for n in names]
    if got != want:
        return "{}: set_value gives {}, the .config {}".format(path, want, got)
    return None


# -- kdep --------------------------------------------------------------------

class Totals:
    def __init__(self):
        self.trees = self.subsets = self.agree = self.disagree = 0
        self.unknown = self.other = 0
        self.assumed = 0   # null subsets whose witness assumes probes
        self.valued = [0, 0]   # valued subsets: [yes, no] by brute force


def show(targets, subset):
    return "{" + ",".join(targets[i] for i in subset) + "}"


def run_kdep(kdep, tree, targets, allow_m, db):
    cmd = [kdep, "cosel", "--matrix", ",".join(targets), "--tree", tree,
           "--arch", ARCH, "--profile", PROFILE, "--db", db, "--format",
           "json"] + (["--allow-m"] if allow_m else [])
    env = dict(os.environ, KDEP_PROFILE_PATH=write_profile(
        os.path.dirname(db)))
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, env=env,
                              stderr=subprocess.PIPE, timeout=300)
    except subprocess.TimeoutExpired:
        return None, None, "timed out: " + " ".join(cmd)
    stderr = proc.stderr.decode(errors="replace")
    if proc.returncode not in (0, 1):
        return None, None, "exit status {}: {}\n{}".format(
            proc.returncode, " ".join(cmd), stderr)
    try:
        return proc.returncode, json.loads(proc.stdout), None
    except ValueError as e:
        return None, None, "bad JSON ({}): {}\n{}".format(
            e, " ".join(cmd), stderr)


def check_witness(kconf, tree, targets, subset, allow_m, text, name):
    """Loads kdep's witness; it must give every symbol of 'subset' its
    value. Returns an error text or None."""
    path = os.path.join(tree, name)
    with open(path, "w") as f:
        f.write(text)
    kconf.load_config(path)
    low = 1 if allow_m else 2
    bad = [targets[i] for i in subset
           if kconf.syms[targets[i]].tri_value < low]
    if bad:
        return "witness {} does not hold: {} not {}".format(
            path, ",".join(bad), "at least m" if allow_m else "y")
    return None


def compare(kdep, db, tree, worlds, targets, allow_m, totals):
    """Runs kdep on one tree in one mode and compares, worlds being
    (Kconfig, reach) under each answer of the tree's probes (one world
    when it has none). A subset is no when it is no in every world, yes
    when some witness holds in every world; yes in some world only is
    null (the witness assumes probes' answers) or yes. Returns False on
    any failure (after printing it)."""
    mode = " --allow-m" if allow_m else ""
    where = "{} [{}{}]".format(tree, ",".join(targets), mode)
    rc, out, err = run_kdep(kdep, tree, targets, allow_m, db)
    if err:
        print("FAIL {}: kdep: {}".format(where, err))
        totals.other += 1
        return False
    ok = True

    def fail(msg):
        nonlocal ok
        ok = False
        print("FAIL {}: {}".format(where, msg))

    try:
        if out["symbols"] != targets or out["allow_m"] != allow_m:
            raise ValueError("symbols/allow_m do not echo the question")
        (entry,) = out["matrix"]
        if entry["profile"] != PROFILE:
            raise ValueError("profile " + str(entry["profile"]))
        given = {}
        for s in entry["subsets"]:
            key = tuple(sorted(targets.index(n) for n in s["symbols"]))
            if key in given:
                raise ValueError("subset {} twice".format(s["symbols"]))
            given[key] = s
        each = [answers(reach, len(targets), allow_m)
                for _, reach in worlds]
        want = {k: any(w[k] for w in each) for k in each[0]}
        want_all = {k: all(w[k] for w in each) for k in each[0]}
        if set(given) != set(want):
            raise ValueError("subsets listed are not every non-empty subset")
        kdep_maximal = {frozenset(targets.index(n) for n in s)
                        for s in entry["maximal"]}
        kdep_excluded = {frozenset(targets.index(n) for n in s)
                         for s in entry["excluded"]}
    except (KeyError, TypeError, ValueError) as e:
        fail("malformed JSON: {}".format(e))
        totals.other += 1
        return False

    unknown = False
    for key in sorted(want, key=lambda s: (len(s), s)):
        s = given[key]
        got, brute = s["coselectable"], want[key]
        totals.subsets += 1
        holds = []
        if s.get("witness"):
            name = "witness{}-{}.config".format(
                "-m" if allow_m else "", "-".join(targets[i] for i in key))
            holds = [check_witness(kconf, tree, targets, key, allow_m,
                                   s["witness"], name)
                     for kconf, _ in worlds]
        if got is None and len(worlds) > 1 and brute and s.get("witness"):
            # a yes that assumes the probes' answers: its witness holds
            # in some world (a matrix's subset shares a larger one's)
            totals.assumed += 1
            if all(h is not None for h in holds):
                totals.other += 1
                fail("{} null, but its witness holds in no world"
                     .format(show(targets, key)))
            continue
        if got is None:
            totals.unknown += 1
            unknown = True
            fail("{} unknown, brute force says {}".format(
                show(targets, key), "yes" if brute else "no"))
        elif got == (want_all[key] if got else brute):
            totals.agree += 1
        else:
            totals.disagree += 1
            fail("{} kdep {}, brute force {}".format(
                show(targets, key), "yes" if got else "no",
                "yes" if brute else "no"))
            if got:
                print("  witness:\n" + "".join(
                    "    " + line + "\n"
                    for line in (s.get("witness") or "(none)").splitlines()))
            else:
                for e in s.get("explanation") or []:
                    print("  {}:{}: {}: {}".format(
                        e.get("file"), e.get("line"), e.get("symbol"),
                        e.get("text")))
        if got:
            # a plain yes: its witness holds whatever the probes answer
            for msg in holds:
                if msg:
                    totals.other += 1
                    fail(msg)

    full = tuple(range(len(targets)))
    if given[full]["coselectable"] is not None and \
       rc != (0 if given[full]["coselectable"] else 1):
        totals.other += 1
        fail("exit status {} with the full set {}".format(
            rc, "co-selectable" if given[full]["coselectable"] else "not"))

    if not unknown:
        maximal, excluded = maximal_excluded(want)
        for label, got, brute in (("maximal", kdep_maximal, maximal),
                                  ("excluded", kdep_excluded, excluded)):
            if got != brute:
                totals.other += 1
                fail("{} {}, brute force {}".format(
                    label,
                    sorted(show(targets, sorted(s)) for s in got),
                    sorted(show(targets, sorted(s)) for s in brute)))
    return ok


# -- valued targets ------------------------------------------------------------

class Target:
    """One valued target: symbol name, op ("=" or "!="), value; bare when
    given as SYM alone (which asks =y)."""

    def __init__(self, name, op, value, bare=False):
        self.name, self.op, self.value, self.bare = name, op, value, bare

    def arg(self):
        return self.name if self.bare else self.name + self.op + self.value

    def holds(self, got):
        """Whether value text 'got' meets the target, as Kconfig's = and !=
        compare: numbers as numbers, else the text."""
        try:
            eq = int(got) == int(self.value)
        except ValueError:
            eq = got == self.value
        return eq if self.op == "=" else not eq


def pick_valued(gen, kconf, reach, names, rng):
    """2-3 valued targets over names (index into the tuples of reach)."""
    k = min(len(names), rng.choice((2, 2, 3)))
    where = rng.sample(range(len(names)), k)
    base = rng.choice(sorted(reach)) if rng.random() < 0.5 else None
    targets = []
    for i in where:
        name = names[i]
        sym = kconf.syms[name]
        if sym.orig_type == kconfiglib.INT:
            # one off a constant or the default (main() enumerates V
            # next to each of these)
            values = sorted({str(c + d) for c in gen.int_consts |
                             {gen.int_default} for d in (-1, 0, 1)})
        elif sym.orig_type == kconfiglib.TRISTATE:
            values = ["y", "m", "n"]
        else:
            values = ["y", "n"]
        value = base[i] if base is not None and base[i] in values \
            else rng.choice(values)
        op = "=" if rng.random() < 0.75 else "!="
        bare = sym.orig_type != kconfiglib.INT and value == "y" and \
            op == "=" and rng.random() < 0.4
        targets.append((i, Target(name, op, value, bare)))
    return [i for i, _ in targets], [tg for _, tg in targets]


def valued_answers(reach, where, targets):
    """{subset: co-selectable} of valued targets over the text tuples."""
    return {s: any(all(targets[i].holds(t[where[i]]) for i in s)
                   for t in reach)
            for s in subsets(len(targets))}


def compare_valued(kdep, db, tree, kconf, gen, reach, names, rng, totals):
    """One valued matrix question on one tree. Returns False on any
    failure (after printing it)."""
    where, targets = pick_valued(gen, kconf, reach, names, rng)
    args = [tg.arg() for tg in targets]
    label = "{} [valued {}]".format(tree, ",".join(args))
    rc, out, err = run_kdep(kdep, tree, args, False, db)
    if err:
        print("FAIL {}: kdep: {}".format(label, err))
        totals.other += 1
        return False
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL {}: {}".format(label, msg))

    try:
        asked = [{"symbol": tg.name, "op": tg.op, "value": tg.value,
                  "bare": tg.bare} for tg in targets]
        if out["symbols"] != [tg.name for tg in targets] or \
           out["targets"] != asked:
            raise ValueError("targets do not echo the question: {}".format(
                out["targets"]))
        (entry,) = out["matrix"]
        given = {}
        for s in entry["subsets"]:
            key = tuple(sorted(args.index(
                t["symbol"] if t["bare"] else
                t["symbol"] + t["op"] + t["value"]) for t in s["targets"]))
            given[key] = s
    except (KeyError, TypeError, ValueError) as e:
        fail("malformed JSON: {}".format(e))
        totals.other += 1
        return False
    want = valued_answers(reach, where, targets)
    if set(given) != set(want):
        fail("subsets listed are not every non-empty subset")
        totals.other += 1
        return False
    for key in sorted(want, key=lambda s: (len(s), s)):
        s = given[key]
        got, brute = s["coselectable"], want[key]
        totals.subsets += 1
        totals.valued[0 if brute else 1] += 1
        if got is None:
            totals.unknown += 1
            fail("{} unknown, brute force says {}".format(
                show(args, key), "yes" if brute else "no"))
        elif got == brute:
            totals.agree += 1
        else:
            totals.disagree += 1
            fail("{} kdep {}, brute force {}".format(
                show(args, key), "yes" if got else "no",
                "yes" if brute else "no"))
        if got and s.get("witness"):
            path = os.path.join(tree, "witness-valued-{}.config".format(
                "-".join(str(i) for i in key)))
            with open(path, "w") as f:
                f.write(s["witness"])
            kconf.load_config(path)
            bad = [args[i] for i in key
                   if not targets[i].holds(kconf.syms[targets[i].name]
                                           .str_value)]
            if bad:
                totals.other += 1
                fail("witness {} does not hold: {}".format(
                    path, ",".join(bad)))
    full = tuple(range(len(targets)))
    if given[full]["coselectable"] is not None and \
       rc != (0 if given[full]["coselectable"] else 1):
        totals.other += 1
        fail("exit status {}".format(rc))
    return not failures


# -- main --------------------------------------------------------------------

def usage():
    print("usage: brute.py KDEP COUNT SEED WORKDIR [--only I] [--keep] "
          "[--self-test]", file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    pos, only, keep, self_test = [], None, False, False
    args = iter(argv)
    for a in args:
        if a == "--keep":
            keep = True
        elif a == "--self-test":
            self_test = True
        elif a == "--only":
            only = next(args, None)
            if only is None or not only.isdigit():
                usage()
            only = int(only)
        elif a.startswith("--"):
            usage()
        else:
            pos.append(a)
    if len(pos) != 4 or not pos[1].isdigit():
        usage()
    kdep, count, seed, workdir = pos
    return kdep, int(count), seed, os.path.abspath(workdir), only, keep, \
        self_test


def main():
    kdep, count, seed, workdir, only, keep, self_test = \
        parse_args(sys.argv[1:])
    os.makedirs(workdir, exist_ok=True)
    db = os.path.join(workdir, "k.db")
    indexes = [only] if only is not None else range(count)
    start = time.monotonic()
    totals = Totals()
    regenerated = inputs = max_inputs = 0
    mix = {False: [0, 0], True: [0, 0]}   # allow-m: [yes, no]
    brute_time = 0.0
    for index in indexes:
        t0 = time.monotonic()
        tree, kconf, gen, failed = make_tree(seed, index, workdir)
        regenerated += failed
        # V next to its constants, its default and the values a valued
        # question asks of it (each of those one off a constant or the
        # default): every region the comparisons cut is tried
        asked = {c + d for c in gen.int_consts | {gen.int_default}
                 for d in (-1, 0, 1)} if gen.int_sym else set()
        ks = make_knobs(kconf, gen.int_consts | asked)
        vnames = gen.candidates + (["V"] if gen.int_sym else [])
        reach_values = enumerate_values(kconf, ks, vnames)
        tri = {"n": 0, "m": 1, "y": 2}

        def tris(values):
            return {tuple(tri[v] for v in t[:len(gen.candidates)])
                    for t in values}
        reach_all = tris(reach_values)
        # the tree under every other answer of its probes
        worlds = [(kconf, reach_all)]
        for combo in probe_combos(gen.probes)[1:]:
            k = load(tree, combo)
            worlds.append((k, tris(enumerate_values(
                k, make_knobs(k, gen.int_consts | asked), vnames))))
        targets = gen.pick_targets(set().union(*(r for _, r in worlds)))
        allow_m = gen.allow_m
        reach = project(reach_all, gen.candidates, targets)
        worlds = [(k, project(r, gen.candidates, targets))
                  for k, r in worlds]
        tried = 1
        for k in ks:
            tried *= len(k.options)
        inputs += tried
        max_inputs = max(max_inputs, tried)
        modes = (False, True) if allow_m else (False,)
        for m in modes:
            for a in answers(reach, len(targets), m).values():
                mix[m][0 if a else 1] += 1
        totals.trees += 1
        ok = True
        if self_test:
            rng = random.Random("fresh/{}/{}".format(seed, index))
            for n in range(2):
                path = os.path.join(tree, "fresh{}.config".format(n))
                msg = check_fresh(tree, kconf, ks, gen.candidates, rng, path)
                if msg:
                    print("FAIL {}: {}".format(tree, msg))
                    totals.other += 1
                    ok = False
            brute_time += time.monotonic() - t0
        else:
            brute_time += time.monotonic() - t0
            for m in modes:
                ok &= compare(kdep, db, tree, worlds, targets, m, totals)
            # valued questions on the trees without probes: their oracle
            # knows one world
            rng = random.Random("valued/{}/{}".format(seed, index))
            if len(worlds) == 1:
                ok &= compare_valued(kdep, db, tree, kconf, gen,
                                     reach_values, vnames, rng, totals)
        if ok and not keep:
            shutil.rmtree(tree)
    if not keep and os.path.exists(db):
        os.remove(db)
    elapsed = time.monotonic() - start

    if self_test:
        print("self-test: {} trees loaded, {} regenerated".format(
            totals.trees, regenerated))
        print("inputs evaluated: {} ({:.0f} a tree on average, {} at most)"
              .format(inputs, inputs / max(totals.trees, 1), max_inputs))
        for m, label in ((False, "all y"), (True, "--allow-m")):
            yes, no = mix[m]
            if yes + no:
                print("{:>9}: {} subsets, {} yes ({:.0f}%), {} no ({:.0f}%)"
                      .format(label, yes + no, yes, 100 * yes / (yes + no),
                              no, 100 * no / (yes + no)))
        print("time: {:.1f} s".format(elapsed))
        if totals.other:
            print("self-test: {} .config reloads disagreed".format(
                totals.other))
        sys.exit(1 if totals.other else 0)

    print("brute force {:.1f} s, total {:.1f} s".format(brute_time, elapsed))
    if totals.other:
        print("other failures: {} (kdep errors, exit status, maximal/"
              "excluded, witnesses, malformed output)".format(totals.other))
    print("valued subsets: {} yes, {} no".format(*totals.valued))
    print("cosel brute force: {} trees, {} subsets, {} agree, {} disagree, "
          "{} unknown, {} yes assuming unrecorded probes".format(
              totals.trees, totals.subsets, totals.agree, totals.disagree,
              totals.unknown, totals.assumed))
    sys.exit(0 if totals.disagree == totals.unknown == totals.other == 0
             else 1)


if __name__ == "__main__":
    main()
