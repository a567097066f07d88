# kconf_shim.py - the Python half of kdep's Kconfig loader.
#
# Compiled into the kdep binary and run in its embedded interpreter, once
# kconf.c has checked kconfiglib's version (it keeps the list of those
# supported: Debian's). It extends kconfiglib at load time, never by
# editing it:
#
#  - every Kconfig file is read through kdep's source layer (the C module
#    _kdep), never opened by kconfiglib itself;
#  - the dialect newer than kconfiglib: bare 'modules' (5.13),
#    'transitional' (6.18), 'depends on X if Y' (7.0);
#  - the line of every property, which kconfiglib does not keep;
#  - what the kernel keeps of a repeated property where kconfiglib keeps
#    something else: every prompt of a block, the first type (README.md
#    in this folder lists them all);
#  - no dependency-loop abort: kdep finds cycles itself;
#  - $(shell,...) goes through kdep's probe layer: run live, run live and
#    recorded, or answered from a recorded profile without running anything.
#
# export() then flattens the result into plain tuples that kconf.c turns
# into kdep's C model. Nothing here prints: errors leave as KdepError with a
# file and line, warnings as text.

import gc
import io
import os
import re
import sys
import threading
# hashlib would load OpenSSL and read its configuration: the built-in
# SHA-1 opens nothing
import _sha1

import kconfiglib as K
import _kdep

# kdep's numbers, from the C headers (kconf.h, model.h) through _kdep: none
# is written here.
from _kdep import (
    KCONF_LIVE as LIVE, KCONF_RECORD as RECORD, KCONF_REPLAY as REPLAY,
    SYM_UNKNOWN, SYM_BOOL, SYM_TRISTATE, SYM_STRING, SYM_INT, SYM_HEX,
    SYMF_CONST, SYMF_CHOICE, SYMF_PROMPT, SYMF_CHOICE_MEMBER,
    SYMF_TRANSITIONAL, SYMF_MODULES, SYMF_ALLNOCONFIG_Y, SYMF_OPTIONAL,
    SYMF_PROBE,
    E_NOT, E_AND, E_OR, E_EQ, E_NE, E_LT, E_LE, E_GT, E_GE,
    P_DEPENDS, P_SELECT, P_IMPLY, P_DEFAULT, P_RANGE, P_PROMPT, P_VISIBLE,
    NODE_SYM, NODE_CHOICE, NODE_MENU, NODE_COMMENT, NODE_IF,
    KCONF_DOT_MAINMENU as DOT_MAINMENU, KCONF_DOT_MENU as DOT_MENU,
    KCONF_DOT_END as DOT_END, KCONF_DOT_SYMBOL as DOT_SYMBOL)

# Tokens kdep adds to kconfiglib's tokenizer. Unique objects, compared with
# 'is' like kconfiglib's own.
_T_TRANSITIONAL = object()

_KEYWORDS = K._get_keyword.__self__
_KEYWORDS.setdefault("transitional", _T_TRANSITIONAL)

_T_DEPENDS = K._T_DEPENDS
_T_ON = K._T_ON
_T_IF = K._T_IF
_T_MODULES = K._T_MODULES
_T_SELECT = K._T_SELECT
_T_IMPLY = K._T_IMPLY
_T_RANGE = K._T_RANGE
_T_PROMPT = K._T_PROMPT
_T_OPTION = K._T_OPTION
_T_ENV = K._T_ENV
_T_ENDIF = K._T_ENDIF
_T_VISIBLE = K._T_VISIBLE
_SYMBOL_CHOICE = (K.Symbol, K.Choice)
_DEFAULT_TOKENS = frozenset((K._T_DEFAULT, K._T_DEF_BOOL, K._T_DEF_TRISTATE,
                             K._T_DEF_INT, K._T_DEF_HEX, K._T_DEF_STRING))
_TYPE_TOKENS = frozenset((K._T_BOOL, K._T_TRISTATE, K._T_INT, K._T_HEX,
                          K._T_STRING))
# First tokens of the property lines kdep records or handles itself.
_WATCHED = frozenset((_T_DEPENDS, _T_TRANSITIONAL, _T_MODULES, _T_SELECT,
                      _T_IMPLY, _T_RANGE, _T_PROMPT, _T_OPTION, _T_VISIBLE)) \
    | _DEFAULT_TOKENS | _TYPE_TOKENS

# The tuples handed to kconf.c, field by field. kconf.c reads them by
# position, names the same fields in the same order, and refuses at start-up
# a shim whose layouts differ from its own: every tuple below is built in
# the order its layout gives. An index field holds -1 for none.
LAYOUTS = {
    # export(): the whole parse
    "export": ("files", "symbols", "nodes", "warnings", "index",
               "operators"),
    # a constant, symbol or choice pseudo-symbol: its type and flags are
    # kdep's (SYM_*, SYMF_*), its choice the index of a member's choice
    "symbol": ("name", "type", "flags", "choice"),
    # a definition site: kind NODE_*; sym, parent and file are indices
    "node": ("kind", "sym", "menuconfig", "parent", "file", "line", "title",
             "help", "props"),
    # a property line: kind P_*; expressions or None, prompt text or None
    "property": ("kind", "file", "line", "expr", "expr2", "cond", "text"),
    # kconfiglib's own expression tuples, which the shim's follow
    "expression": ("op", "left", "right"),
    # one of kconfiglib's operators and the E_* it is
    "operator": ("kconfiglib", "kdep"),
    # probe_log(): one probe heard or assumed
    "probe": ("kind", "key", "output"),
    # evaluate(): one symbol's value
    "value": ("name", "value"),
    # unmet(): a select that gave its target more than its dependencies
    "unmet": ("target", "selector"),
    # dotconfig(): one entry of a .config, kind KCONF_DOT_*; type SYM_*
    "dot": ("kind", "name", "type", "text"),
}

# kconfiglib's symbol types and expression operators as kdep's.
SYM_TYPES = {K.UNKNOWN: SYM_UNKNOWN, K.BOOL: SYM_BOOL, K.TRISTATE: SYM_TRISTATE,
             K.STRING: SYM_STRING, K.INT: SYM_INT, K.HEX: SYM_HEX}
EXPR_OPS = {K.NOT: E_NOT, K.AND: E_AND, K.OR: E_OR, K.EQUAL: E_EQ,
            K.UNEQUAL: E_NE, K.LESS: E_LT, K.LESS_EQUAL: E_LE,
            K.GREATER: E_GT, K.GREATER_EQUAL: E_GE}


# What the tree's macros may cost (kconfiglib bounds neither): a macro's
# expansion, and a line or value after expanding one, at most 1 MiB (in
# characters; 31 lines that each double a variable would otherwise take
# 2 GiB and more); macro calls nested at most 100 deep (the kernel's own
# nest a handful; Python's recursion limit would stop a few more).
MACRO_SIZE = 1 << 20
MACRO_DEPTH = 100
# And the work of all of them in one parse: the characters the expansions
# produce, added up, at most 256 Mi (each call hands back its whole line,
# so a line of many calls costs its length for each, and without a bound
# an 800 kB line of empty calls took 11 s, quadratic in its length; a
# whole 6.12 tree produces 0.09 to 0.16 Mi of them, under 0.1% of this).
MACRO_TOTAL = 256 << 20

# How deep the tree may nest. The parse itself (blocks, sources,
# parentheses, '&&' and '||' chains) may take PARSE_DEPTH Python frames, as
# many as Python's default allows: past that the tree is refused at the line
# reached ("nesting too deep"). What kconfiglib does after the parse nests
# as deep as the tree's implicit menus (a symbol that depends on the one
# before it goes in its menu, as the kernel's conf has it, and is finalised
# inside the call for it, two frames a symbol): a chain of CHAIN_DEPTH
# symbols, each depending on the previous one, is accepted (the kernel's
# conf takes 50,000 and crashes, out of stack, before 100,000), a longer one
# is refused at the symbol reached. Every call into the shim runs in a
# thread of its own whose stack, DEEP_STACK, holds DEEP_LIMIT frames at
# over 2.5 KiB each (a frame entered through C, a property's, takes under
# 1 KiB), so the process's stack is never what runs out. The stack is
# address space more than memory (only what is used is ever touched), but
# counts against a 'ulimit -v'.
PARSE_DEPTH = 1000
CHAIN_DEPTH = 50000
DEEP_LIMIT = 2 * CHAIN_DEPTH + 2 * PARSE_DEPTH
DEEP_STACK = 256 << 20


def _deep(fn):
    # fn, run in a thread with a deep stack and a raised recursion limit;
    # the caller waits for it and gets its result or its exception.
    def run_deep(*args):
        out = []

        def body():
            sys.setrecursionlimit(DEEP_LIMIT)
            try:
                out.append((True, fn(*args)))
            except BaseException as e:
                out.append((False, e))
            finally:
                sys.setrecursionlimit(PARSE_DEPTH)

        old = threading.stack_size(DEEP_STACK)
        try:
            t = threading.Thread(target=body, name="kdep-shim")
            t.start()
        finally:
            threading.stack_size(old)
        t.join()
        ok, res = out[0]
        if not ok:
            raise res
        return res
    run_deep.__name__ = fn.__name__
    run_deep.__doc__ = fn.__doc__
    return run_deep


def _depth():
    # Python frames below the caller's, in this thread.
    n = 0
    f = sys._getframe(1)
    while f is not None:
        n += 1
        f = f.f_back
    return n


# What a diagnostic shows of tree text as escapes: control characters (a
# NUL would cut the message, an escape sequence drive the terminal) and the
# bytes the UTF-8 decoder rejected, which the source layer's text carries as
# lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\udc80-\udcff]")


def _printable(text):
    if text is None:
        return None
    return _UNPRINTABLE.sub(
        lambda m: "\\x%02x" % (ord(m.group()) & 0xff), text)


class KdepError(Exception):
    """A problem in the tree, at a place: (file, line, message)."""

    def __init__(self, filename, linenr, msg):
        Exception.__init__(self, msg)
        self.filename = _printable(filename)
        self.linenr = linenr
        self.msg = _printable(msg)


class _NodeLines(object):
    """The property lines of one menu node, recorded while it is parsed.

    One is kept for every node of the tree: a field with nothing in it is
    the shared empty tuple, never a list of its own (a tree of a million
    one-line symbols would hold six million empty lists)."""

    __slots__ = ("depends", "selects", "implies", "defaults", "ranges",
                 "prompt", "prompts", "visible", "transitional", "parent",
                 "raw")

    def __init__(self, parent):
        self.depends = ()    # (file, line, expr) of each 'depends on'
        self.selects = ()    # (file, line) of each 'select', in order
        self.implies = ()    # (file, line) of each 'imply'
        self.defaults = ()   # (file, line) of each default-adding line
        self.ranges = ()     # (file, line) of each 'range'
        self.prompt = None   # (file, line) of the last prompt line
        # ((file, line), (text, cond)) of every prompt, in order: the
        # kernel keeps them all (kconfiglib only the last)
        self.prompts = ()
        self.visible = ()    # (file, line, expr) of each 'visible if'
        self.transitional = False
        self.parent = parent  # enclosing if/menu/choice node at parse time
        # The node's properties as parsed, before kconfiglib folds the
        # inherited dependencies into their conditions:
        # (prompt, defaults, selects, implies, ranges), each a tuple
        self.raw = None

    def add(self, field, item):
        # Appends item to the field named field.
        have = getattr(self, field)
        if have:
            have.append(item)
        else:
            setattr(self, field, [item])


class Kconfig(K.Kconfig):
    """kconfiglib's Kconfig, reading through kdep and keeping lines."""

    def __init__(self, srctree, probes):
        # Everything kconfiglib reads from the environment is set here, so
        # the caller's environment cannot change what kdep computes.
        self._kdep_prefix = os.path.realpath(srctree) + os.sep
        self._kdep_probes = probes  # _Probes, or None: live, unrecorded
        self._kdep_config_text = ""  # the .config evaluate() loads
        self._kdep_trans = frozenset()  # its transitional symbols
        self._kdep_lines = {}       # MenuNode -> _NodeLines
        self._kdep_ifs = {}         # 'if' MenuNode -> (file, line)
        self._kdep_cur = None       # _NodeLines being filled, or None
        self._kdep_node = None      # the MenuNode it belongs to
        self._kdep_last = None      # (file, line) last recorded
        self._kdep_modules = None   # (symbol, file, line) of 'modules'
        self._kdep_depth = 0        # macro calls being expanded
        self._kdep_expanded = 0     # characters all expansions produced
        self._kdep_blocks = 0       # blocks and sources being parsed
        self._kdep_has_dep = set()  # symbols a definition with a dependency
        _PARSING[0] = self
        try:
            K.Kconfig.__init__(self, "Kconfig", warn=True,
                               warn_to_stderr=False)
        except RecursionError:
            # Blocks, sources, parentheses or an operator chain nested past
            # what the parse may nest: an error at the line reached, or at
            # the 'source' line of a file entered but not read yet.
            where = (self.filename, self.linenr)
            if not self.linenr and self._include_path:
                where = self._include_path[-1]
            raise KdepError(where[0], where[1], "nesting too deep")
        finally:
            _PARSING[0] = None

    # -- bounded macros ------------------------------------------------------

    def _expand_macro(self, s, i, args):
        # Every macro call, nested or not, in a line, a string or a value.
        # Returns s with the call expanded: bounded here (MACRO_SIZE,
        # MACRO_DEPTH).
        if self._kdep_depth >= MACRO_DEPTH:
            raise KdepError(self.filename, self.linenr,
                            "macro expansion of '{}' exceeds {} nested calls"
                            .format(_macro_name(s, i), MACRO_DEPTH))
        self._kdep_depth += 1
        try:
            res = K.Kconfig._expand_macro(self, s, i, args)
        finally:
            self._kdep_depth -= 1
        if len(res[0]) > MACRO_SIZE and len(res[0]) > len(s):
            raise KdepError(self.filename, self.linenr,
                            "macro expansion of '{}' exceeds 1 MiB"
                            .format(_macro_name(s, i)))
        self._kdep_expanded += len(res[0])
        if self._kdep_expanded > MACRO_TOTAL:
            raise KdepError(self.filename, self.linenr,
                            "macro expansion in the tree exceeds {} MiB in "
                            "all".format(MACRO_TOTAL >> 20))
        return res

    # -- probes --------------------------------------------------------------

    def _fn_val(self, args):
        # A call of a user-defined macro with arguments is a frame whose
        # result the probe layer may record or answer (_Probes.called).
        probes = self._kdep_probes
        if probes is None or len(args) < 2 or args[0] not in self.variables:
            return K.Kconfig._fn_val(self, args)
        frame = [len(probes.misses), False]
        probes.frames.append(frame)
        try:
            result = K.Kconfig._fn_val(self, args)
        finally:
            probes.frames.pop()
        return probes.called(self, args, result, frame)

    # -- reading through kdep ------------------------------------------------

    def _kdep_rel(self, path):
        if path.startswith(self._kdep_prefix):
            return path[len(self._kdep_prefix):]
        if not os.path.isabs(path):
            return path
        raise KdepError(self.filename, self.linenr,
                        "'{}' is outside the tree".format(path))

    def _open_config(self, filename):
        # kdep hands .config text over directly; the tree is not searched.
        return io.StringIO(self._kdep_config_text, None)

    def _open(self, filename, mode):
        if mode != "r":
            raise KdepError(self.filename, self.linenr,
                            "kdep never writes through kconfiglib")
        rel = self._kdep_rel(filename)
        try:
            text = _kdep.read(rel)  # bytes
        except OSError as e:
            # Still at the line that sources the file: the error is there.
            raise KdepError(self.filename, self.linenr, str(e))
        # Decoded as it is read, a few kilobytes at a time: no copy of the
        # whole text beside its bytes (io.StringIO would keep one of four
        # bytes a character, 64 MiB for a 16 MiB file).
        return io.TextIOWrapper(io.BytesIO(text), encoding="utf-8",
                                errors="surrogateescape", newline=None)

    # -- the dialect and the lines -------------------------------------------

    def _parse_props(self, node):
        saved = (self._kdep_cur, self._kdep_node)
        self._kdep_cur = self._kdep_lines[node] = _NodeLines(node.parent)
        self._kdep_node = node
        try:
            K.Kconfig._parse_props(self, node)
            rec = self._kdep_cur
            if node.item.__class__ in _SYMBOL_CHOICE:
                rec.raw = (node.prompt, tuple(node.defaults),
                           tuple(node.selects), tuple(node.implies),
                           tuple(node.ranges))
            else:
                rec.raw = (node.prompt, (), (), (), ())
            if len(rec.prompts) > 1:
                self._kdep_all_prompts(node, rec)
        finally:
            self._kdep_cur, self._kdep_node = saved

    def _parse_prompt(self, node):
        # Every prompt of the node, with its line and condition. A second
        # one is warned of as the kernel does, at its line (kconfiglib
        # would name the block's first line).
        again = node.prompt is not None
        node.prompt = None
        K.Kconfig._parse_prompt(self, node)
        rec = self._kdep_cur
        where = (self.filename, self.linenr)
        if rec is not None:
            where = rec.prompt or where
            rec.add("prompts", (where, node.prompt))
        if again:
            self._warn("prompt redefined", where[0], where[1])

    def _kdep_all_prompts(self, node, rec):
        # A block with two prompts: the kernel keeps both (menu_add_prompt
        # warns "prompt redefined" and appends a second P_PROMPT), its
        # sym_calc_visibility() takes the OR of their conditions and
        # sym_check_deps() walks each; kconfiglib keeps the last. The last
        # stays the node's prompt (its text, as the kernel's menu->prompt)
        # and the condition becomes the OR of all, so that kconfiglib's
        # own evaluation sees every way to make the symbol visible:
        # 'prompt "a" if A' then 'bool "b" if B' -> ("b", A || B).
        cond = self.n
        for _, (_, c) in rec.prompts:
            cond = self._make_or(cond, c)
        node.prompt = (node.prompt[0], cond)

    def _set_type(self, sc, new_type):
        # The kernel's menu_set_type(): the first type given stays, a
        # later one is ignored with a warning (kconfiglib keeps the last):
        # 'bool "x"' then 'def_tristate y' is a bool. Warned of at the
        # 'config' line, as the kernel does.
        if sc.orig_type and sc.orig_type is not new_type:
            node = self._kdep_node
            self._warn("ignoring type redefinition of '{}' from '{}' to "
                       "'{}'".format(sc.name or "<choice>",
                                     K.TYPE_TO_STR[sc.orig_type],
                                     K.TYPE_TO_STR[new_type]),
                       node.filename, node.linenr)
            return
        sc.orig_type = new_type

    def _parse_block(self, end_token, parent, prev):
        # An 'if' node's condition has just been parsed on this line.
        # Keep its place, its own condition and its parent now: kconfiglib
        # later folds the parent's dependencies in and flattens it away.
        if end_token is _T_ENDIF and parent not in self._kdep_ifs:
            self._kdep_ifs[parent] = (self.filename, self.linenr, parent.dep,
                                      parent.parent)
        # The whole parse, the outermost block, nests at most PARSE_DEPTH
        # frames deep; what comes after it, deeper.
        outermost = not self._kdep_blocks
        if outermost:
            sys.setrecursionlimit(_depth() + PARSE_DEPTH)
        self._kdep_blocks += 1
        try:
            return self._kdep_parse_block(end_token, parent, prev)
        finally:
            self._kdep_blocks -= 1
            if outermost:
                sys.setrecursionlimit(DEEP_LIMIT)

    def _kdep_parse_block(self, end_token, parent, prev):
        try:
            return K.Kconfig._parse_block(self, end_token, parent, prev)
        except K.KconfigError as e:
            # kconfiglib names no line for a block left open at the end;
            # the block's first line is the place.
            if end_token is None or not str(e).startswith("error: expected"):
                raise
            where = self._kdep_ifs.get(parent) or (parent.filename,
                                                   parent.linenr)
            opener = {_T_ENDIF: "if", K._T_ENDMENU: "menu",
                      K._T_ENDCHOICE: "choice"}[end_token]
            raise KdepError(where[0], where[1],
                            "'{}' without 'end{}'".format(opener, opener))

    def _add_props_to_sym(self, node):
        # The kernel's menu_finalize() ORs into a symbol's direct
        # dependencies only its definitions that have one (a 'depends on'
        # of their own or around them: expr_alloc_or() drops an empty one),
        # y when none has; kconfiglib ORs in every definition's, y for one
        # without. The same value for witness checks as for the model.
        sym = node.item
        before = sym.direct_dep
        K.Kconfig._add_props_to_sym(self, node)
        if not isinstance(sym, K.Symbol):
            return
        if node.dep is self.y:
            sym.direct_dep = before if sym in self._kdep_has_dep else self.y
        elif sym not in self._kdep_has_dep:
            self._kdep_has_dep.add(sym)
            sym.direct_dep = node.dep

    def _finalize_node(self, node, visible_if):
        # Each symbol of an implicit menu is finalised inside the call for
        # the symbol it depends on: a chain nests as deep as it is long.
        try:
            return K.Kconfig._finalize_node(self, node, visible_if)
        except RecursionError:
            raise KdepError(node.filename, node.linenr,
                            "nesting too deep (implicit menus)")

    def _next_line(self, _plain_next_line=K.Kconfig._next_line):
        while True:
            # A line continued with '\\' is placed at its first line, as
            # the kernel's conf does; kconfiglib keeps only its last.
            first = self.linenr + 1
            fresh = not self._reuse_tokens
            if not _plain_next_line(self):
                return False
            rec = self._kdep_cur
            if rec is None or self._tokens[0] not in _WATCHED:
                # Outside a definition, or a line kdep keeps nothing of
                # (blank, help, ...): the hot path, kept short.
                return True
            end = (self.filename, self.linenr)
            if end == self._kdep_last:
                # The same line handed out again (kconfiglib's unget)
                return True
            self._kdep_last = end
            where = (self.filename, first if fresh else self.linenr)
            t0 = self._tokens[0]
            if t0 is _T_DEPENDS:
                self._kdep_depends(rec, where)
                continue
            if t0 is _T_TRANSITIONAL:
                self._kdep_expect_eol(1)
                rec.transitional = True
                continue
            if t0 is _T_MODULES and self._tokens[1] is None:
                self._kdep_set_modules(where)
                continue
            if t0 is _T_SELECT:
                rec.add("selects", where)
            elif t0 is _T_IMPLY:
                rec.add("implies", where)
            elif t0 in _DEFAULT_TOKENS:
                rec.add("defaults", where)
            elif t0 is _T_RANGE:
                rec.add("ranges", where)
            elif t0 is _T_PROMPT or (t0 in _TYPE_TOKENS and
                                     self._tokens[1] is not None):
                rec.prompt = where
            elif t0 is _T_OPTION and self._tokens[1] is _T_ENV:
                rec.add("defaults", where)
            elif t0 is _T_VISIBLE:
                self._kdep_visible(rec, where)
                continue
            return True

    def _kdep_expect_eol(self, i):
        if self._tokens[i] is not None:
            self._tokens_i = i
            self._trailing_tokens_error()

    def _kdep_set_modules(self, where):
        sym = self._kdep_node.item
        if sym.__class__ is not K.Symbol:
            self._parse_error("'modules' is only valid for symbols")
        # The kernel's meaning: this symbol is the modules switch. A second
        # 'modules' line, even on the same symbol, is the kernel's parse
        # error (kconfiglib would let the last one win).
        if self._kdep_modules is not None:
            raise KdepError(where[0], where[1],
                            "symbol '{}' redefines option 'modules' already "
                            "defined by symbol '{}'"
                            .format(sym.name, self._kdep_modules[0].name))
        self.modules = sym
        self._kdep_modules = (sym,) + where

    def _kdep_visible(self, rec, where):
        if self._tokens[1] is not _T_IF:
            self._parse_error("expected 'if' after 'visible'")
        self._tokens_i = 2
        expr = self._expect_expr_and_eol()
        node = self._kdep_node
        node.visibility = self._make_and(node.visibility, expr)
        rec.add("visible", where + (expr,))

    def _kdep_depends(self, rec, where):
        # 'depends on X' and, since 7.0, 'depends on X if Y', which means
        # 'depends on X || (Y = n)': with Y = m the dependency still holds.
        if self._tokens[1] is not _T_ON:
            self._parse_error("expected 'on' after 'depends'")
        self._tokens_i = 2
        expr = self._parse_expr(True)
        if self._tokens[self._tokens_i] is _T_IF:
            self._tokens_i += 1
            cond = self._parse_expr(True)
            expr = (K.OR, expr, self._kdep_is_n(cond))
        if self._tokens[self._tokens_i] is not None:
            self._trailing_tokens_error()
        node = self._kdep_node
        node.dep = self._make_and(node.dep, expr)
        rec.add("depends", where + (expr,))

    def _kdep_is_n(self, e):
        # An expression that is y exactly when e evaluates to n (else n).
        n, y = self.n, self.y
        if e.__class__ is not tuple:
            return (K.EQUAL, e, n)
        op = e[0]
        if op is K.AND:
            return (K.OR, self._kdep_is_n(e[1]), self._kdep_is_n(e[2]))
        if op is K.OR:
            return (K.AND, self._kdep_is_n(e[1]), self._kdep_is_n(e[2]))
        if op is K.NOT:
            return self._kdep_is_y(e[1])
        # A relation is y or n: it is n exactly when its negation holds.
        return (K.NOT, e)

    def _kdep_is_y(self, e):
        # An expression that is y exactly when e evaluates to y (else n).
        if e.__class__ is not tuple:
            return (K.EQUAL, e, self.y)
        op = e[0]
        if op is K.AND:
            return (K.AND, self._kdep_is_y(e[1]), self._kdep_is_y(e[2]))
        if op is K.OR:
            return (K.OR, self._kdep_is_y(e[1]), self._kdep_is_y(e[2]))
        if op is K.NOT:
            return self._kdep_is_n(e[1])
        return e


def _macro_name(s, i):
    # The name of the macro called at s[i] ("$(name,..."), for a message.
    m = re.match(r"[^,()$\s]*", s[i + 2:i + 200])
    return m.group()


def _glob(pattern, prefix):
    # kconfiglib globs 'source' patterns on the filesystem; kdep asks its
    # source layer instead. Results are absolute, like glob's.
    if pattern.startswith(prefix):
        rel = pattern[len(prefix):]
    elif os.path.isabs(pattern):
        return []
    else:
        rel = pattern
    try:
        return [prefix + p for p in _kdep.glob(rel)]
    except OSError as e:
        # The source layer refused a match (a link out of the tree, a file
        # that is not one): an error at the 'source' line being parsed.
        kconf = _PARSING[0]
        raise KdepError(kconf.filename if kconf else None,
                        kconf.linenr if kconf else 0, str(e))


_PARSING = [None]  # the Kconfig being parsed, for _glob's errors


def _no_loop_check(sym, ignore_choice):
    # kdep reports recursive dependencies itself, with every location.
    return None


K._check_dep_loop_sym = _no_loop_check
_LIVE_SHELL = K._shell_fn


def _info(kconf, _, msg):
    # $(info,...) is the tree talking: a diagnostic on standard error with
    # its place, never on standard output, which is kdep's (its JSON).
    import sys
    sys.stderr.write("{}:{}: info: {}\n".format(kconf.filename, kconf.linenr,
                                                msg))
    sys.stderr.flush()
    return ""


K._info_fn = _info

# Variables whose values are written back as $(NAME) in probe keys, so that a
# recording made with one compiler path and tree location answers the same
# probe made with another. In order of precedence when two values are equal.
_KEY_VARS = ("srctree", "CC", "LD", "AR", "NM", "OBJCOPY", "OBJDUMP",
             "READELF", "STRIP", "CLANG_FLAGS", "CROSS_COMPILE", "HOSTCC",
             "HOSTCXX", "RUSTC", "BINDGEN", "PAHOLE")

# What separates a tool name from the rest of a command line.
_EDGE = r"""\s'"=;(){}|&<>,:"""

# A file of the tree a command names ($(srctree)/scripts/cc-version.sh).
_TREE_FILE = re.compile(r"\$\(srctree\)/([\w.+/-]+)")

# The variables a definition mentions: $(NAME or $(NAME,...
_MENTIONED = re.compile(r"\$\(([A-Za-z0-9_.-]+)")

# The two branches of an if-success probe: '... && echo "y" || echo "n"'.
_WORD = r"""(?:"([^"]*)"|'([^']*)'|([^\s|&;]*))"""
_BRANCHES = re.compile(r"&&\s*echo\s+%s\s*\|\|\s*echo\s+%s\s*$" % (_WORD, _WORD))


class _Probes(object):
    """The probes of one parse: keys, the recording, the misses.

    Every $(shell,...) command, and every call of a user-defined macro
    (cc-option, as-instr, success, ...) whose expansion ran one, gets a
    key: its text with the toolchain's values and the tree's location
    replaced by $(CC), $(srctree), ..., a command's blanks as the shell
    splits them and its temporary names masked (kconf_probe_key), a call's
    with the id of the macro definitions it runs. A replayed probe missing
    from the recording is answered by the default (for if-success commands,
    their failure branch; else ""), unless an enclosing macro call is
    recorded with the same definitions: two spellings of one command are
    one probe, two bodies of a macro two."""

    def __init__(self, mode, env, srctree, failure_default):
        self.mode = mode
        self.failure_default = failure_default
        self.frames = []   # [misses at entry, ran a probe] per macro call
        self.heard = []    # (kind, key, output) in RECORD mode
        self.misses = []   # (key, assumed output) in REPLAY mode
        # free inputs: symbol name -> (key, file, line, whether the
        # profile's default is success)
        self.free = {}
        names = {}
        values = dict(env)
        values["srctree"] = srctree
        for var in _KEY_VARS:
            v = values.get(var, "")
            if len(v) >= 2 and v not in names:
                names[v] = "$(" + var + ")"
        self._names = names
        self._ids = {}     # tree file -> its blob id, read once a parse
        self._re = None
        if names:
            alts = "|".join(re.escape(v) for v in
                            sorted(names, key=len, reverse=True))
            self._re = re.compile("(?<![^%s])(%s)(?![^%s/])" %
                                  (_EDGE, alts, _EDGE))

    def key(self, text, command=True):
        # command: a $(shell,...) command, else a macro call's text
        if self._re is not None:
            text = self._re.sub(lambda m: self._names[m.group(1)], text)
        # A command that runs a script of the tree answers what that
        # script says: another kernel's tools-support-relr.sh is another
        # probe. The key names each such file with its git blob id.
        ids = ["%s@%s" % (f, self.file_id(f))
               for f in sorted(set(_TREE_FILE.findall(text)))]
        ids = [i for i in ids if not i.endswith("@")]
        if ids:
            text += " #" + " ".join(ids)
        # what the shell runs: its words, temporary names masked; a
        # macro call's arguments are text, kept as written
        return _kdep.probe_key(text) if command else text

    def file_id(self, rel):
        """The abbreviated git blob id of a tree file; "" for none."""
        fid = self._ids.get(rel)
        if fid is None:
            try:
                data = _kdep.read(rel)  # bytes
                fid = _sha1.sha1(b"blob %d\0" % len(data) +
                                 data).hexdigest()[:12]
            except OSError:
                fid = ""  # a directory, or no file: nothing it says
            self._ids[rel] = fid
        return fid

    def default(self, command):
        m = _BRANCHES.search(command)
        if not m:
            return ""
        groups = m.groups()[3:] if self.failure_default else m.groups()[:3]
        return next(g for g in groups if g is not None)

    def shell(self, kconf, command):
        for frame in self.frames:
            frame[1] = True
        key = self.key(command)
        if self.mode == REPLAY:
            out = _kdep.probe("probe", key)
            if out is not None:
                return out
            # A y/n probe is a free input, whatever other versions of a
            # script it runs answered: another script is another probe.
            out = self.free_input(kconf, key, command)
            if out is None and _TREE_FILE.search(key):
                # Any other answer (a version, a path) of another version
                # of a script the command runs, or of a tree that lacks it
                # (a repository of the Kconfig files only): the answer
                # recorded with the versions known, when they agree, is a
                # better guess than the default, and as much a guess (a
                # miss, counted and named).
                out = _kdep.probe_like("probe", key.rsplit(" #", 1)[0])
            if out is None:
                out = self.default(command)
            self.misses.append((key, out))
            return out
        out = _LIVE_SHELL(kconf, "shell", command)
        if self.mode == RECORD:
            self.heard.append(("probe", key, out))
        return out

    def free_input(self, kconf, key, command):
        """The answer of an unrecorded y/n if-success command: a free
        input of the analysis (see _free_symbols), so that no proof rests
        on a guess. None for any other command."""
        m = _BRANCHES.search(command)
        if not m:
            return None
        yes = next(g for g in m.groups()[:3] if g is not None)
        no = next(g for g in m.groups()[3:] if g is not None)
        if {yes, no} != {"y", "n"}:
            return None
        guess = no if self.failure_default else yes
        name = "KDEP_PROBE_" + _sha1.sha1(key.encode(
            "utf-8", "surrogateescape")).hexdigest()[:8].upper()
        # its answer when it succeeds is y: the symbol is that success
        self.free.setdefault(name, (key, kconf.filename, kconf.linenr,
                                    guess == yes))
        return name if yes == "y" else "!" + name

    def definition_id(self, kconf, name):
        """What a macro call runs, as one id: the definitions of the
        macro and of every variable they mention, and the tree files those
        name. 6.12's as-instr adds -Wa,--fatal-warnings to 6.1's: another
        body, another probe."""
        seen, todo = {}, [name]
        while todo:
            n = todo.pop()
            var = kconf.variables.get(n)
            if n in seen or var is None:
                continue
            seen[n] = var.value
            todo.extend(_MENTIONED.findall(var.value))
        text = "".join("%s=%s\n" % (n, seen[n]) for n in sorted(seen))
        files = sorted(set(_TREE_FILE.findall(text)))
        text += "".join("%s@%s\n" % (f, self.file_id(f)) for f in files)
        return _sha1.sha1(text.encode("utf-8", "surrogateescape")
                          ).hexdigest()[:12]

    def called(self, kconf, args, result, frame):
        if not frame[1]:
            return result  # no probe inside: plain text processing
        if self.mode == REPLAY and len(self.misses) == frame[0]:
            return result  # every probe inside was recorded
        key = self.key("%s(%s)" % (args[0], ",".join(
            a.replace(",", "$(comma)") for a in args[1:])), False)
        key += " #def@" + self.definition_id(kconf, args[0])
        if self.mode == RECORD:
            self.heard.append(("call", key, result))
        elif self.mode == REPLAY:
            known = _kdep.probe("call", key)
            if known is not None:
                del self.misses[frame[0]:]
                return known
        return result


def _shell(kconf, name, command):
    probes = kconf._kdep_probes
    if probes is None:
        return _LIVE_SHELL(kconf, name, command)
    return probes.shell(kconf, command)


def _load(srctree, env, mode, failure_default):
    # The process's environment is the caller's: the parse sees the
    # profile's variables, and the caller gets its own back (a later
    # lookup of a profile on $KDEP_PROFILE_PATH or under $HOME needs them).
    saved = dict(os.environ)
    try:
        return _load_in(srctree, env, mode, failure_default)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _load_in(srctree, env, mode, failure_default):
    prefix = os.path.realpath(srctree) + os.sep
    K.iglob = lambda pattern: iter(_glob(pattern, prefix))
    K._shell_fn = _shell
    if mode == REPLAY:
        # Only what the profile defines: the caller's environment must not
        # change what a replayed scan computes.
        os.environ.clear()
    for var in ("KCONFIG_FUNCTIONS", "KCONFIG_WARN_UNDEF", "KCONFIG_STRICT",
                "KCONFIG_WARN_UNDEF_ASSIGN", "CONFIG_"):
        os.environ.pop(var, None)
    os.environ.update(env)
    os.environ["srctree"] = srctree
    # Without a loadable module of that name, kconfiglib adds no functions.
    os.environ["KCONFIG_FUNCTIONS"] = "kdep-no-such-module"
    probes = None
    if mode != LIVE:
        probes = _Probes(mode, env, srctree, failure_default)
    kconf = Kconfig(srctree, probes)
    _free_symbols(kconf)
    return kconf


def _free_symbols(kconf):
    # The symbols that stand for unrecorded probes (_Probes.free_input):
    # bool, without a prompt, their value the profile's default (what
    # kconfiglib computes unless a .config assumes another: see
    # _assume_probes).
    probes = kconf._kdep_probes
    kconf._kdep_free = {}
    for name, (key, fn, ln, success) in sorted(
            (probes.free if probes else {}).items()):
        sym = kconf.syms.get(name)
        if sym is None or sym.nodes:
            continue  # never reached an expression, or the tree's own
        sym.orig_type = K.BOOL
        sym.direct_dep = kconf.y
        kconf._kdep_free[sym] = (key, fn, ln, success)
        _assume(kconf, sym, success)


def _assume(kconf, sym, value):
    # kconfiglib invalidates only defined symbols when a .config loads
    sym.defaults = [(kconf.y if value else kconf.n, kconf.y)]
    sym._invalidate()


# A line of a candidate .config that fixes a free probe's answer.
_ASSUMES = re.compile(r"^# kdep assumes CONFIG_(\w+)=([yn])$", re.M)


def _assume_probes(kconf, config_text):
    # Each free probe answers as config_text assumes, else as the
    # profile's default.
    said = dict(_ASSUMES.findall(config_text))
    for sym, (key, fn, ln, success) in kconf._kdep_free.items():
        v = said.get(sym.name)
        _assume(kconf, sym, success if v is None else v == "y")


def probe_log(kconf):
    """What the parse heard (RECORD) or had to assume (REPLAY):
    [(kind, key, output)], kind "probe" or "call"."""
    p = kconf._kdep_probes
    if p is None:
        return []
    if p.mode == RECORD:
        return p.heard
    return [("free" if v.lstrip("!") in p.free else "probe", k, v)
            for (k, v) in p.misses]


_LOCATED = None
_PARSES = 0  # parses so far in this process


def _split_location(text):
    # kconfiglib puts "file:line: " (sometimes after a newline, sometimes
    # followed by "error: ") in front of its messages.
    global _LOCATED
    if _LOCATED is None:
        import re
        _LOCATED = re.compile(r"\s*([^\s:]+):(\d+):\s*(?:error:\s*)?(.*)",
                              re.S)
    m = _LOCATED.match(text)
    if not m:
        return None, 0, text.strip()
    return m.group(1), int(m.group(2)), m.group(3).strip()


def _tidy(msg):
    # One line, as a compiler would say it.
    msg = " ".join(msg.split())
    cut = msg.find(". Check that environment variables")
    if cut >= 0:
        msg = msg[:cut]
    return msg


@_deep
def load(srctree, env, mode, failure_default):
    """Parses srctree/Kconfig with the variables in env; returns the
    Kconfig object or raises KdepError."""
    # The parse builds some hundred thousand objects and frees few: the
    # cyclic collector would walk them again and again for nothing. It is
    # run once before a further parse in the same process (--arch a,b)
    # instead, to free the previous tree.
    global _PARSES
    if _PARSES:
        gc.collect()
    _PARSES += 1
    gc.disable()
    try:
        return _load(srctree, env, mode, failure_default)
    except KdepError:
        raise
    except K.KconfigError as e:
        f, line, msg = _split_location(str(e))
        raise KdepError(f, line, _tidy(msg))
    except UnicodeDecodeError as e:
        raise KdepError(None, 0, "cannot decode a Kconfig file: " + str(e))
    except RecursionError:
        # Past the parse (Kconfig() places its own): no line to name
        raise KdepError(None, 0, "Kconfig nesting too deep")
    except OSError as e:
        raise KdepError(None, 0, str(e))


# -- export -----------------------------------------------------------------

@_deep
def export(kconf):
    """Flattens a loaded Kconfig into the tuples of LAYOUTS for kconf.c:
    an "export" tuple of lists of "symbol" and "node" tuples (a node's
    props, of "property" tuples). Expressions are kconfiglib's tuples; the
    C side maps their leaves through index (Symbol or Choice -> symbol)
    and their operators through the "operator" pairs."""
    files = []
    fidx = {}

    def f(name):
        i = fidx.get(name)
        if i is None:
            i = fidx[name] = len(files)
            files.append(name)
        return i

    for name in kconf.kconfig_filenames:
        f(name)

    syms = []
    index = {}

    def add(sym, name, type_, flags, choice):
        index[sym] = len(syms)
        syms.append((name, type_, flags, choice))

    for nmy in ("n", "m", "y"):
        add(kconf.const_syms[nmy], nmy, SYM_TRISTATE, SYMF_CONST, -1)
    for name, sym in kconf.const_syms.items():
        if sym not in index:
            add(sym, name, SYM_UNKNOWN, SYMF_CONST, -1)

    # The choices come last: the index each will have, for its members.
    first_choice = len(syms) + len(kconf.syms)
    choice_index = {choice: first_choice + i
                    for i, choice in enumerate(kconf.unique_choices)}

    lines = kconf._kdep_lines
    modules = kconf._kdep_modules
    for name, sym in kconf.syms.items():
        flags = 0
        for node in sym.nodes:
            if node.prompt:
                flags |= SYMF_PROMPT
            rec = lines.get(node)
            if rec is not None and rec.transitional:
                flags |= SYMF_TRANSITIONAL
        if sym.is_allnoconfig_y:
            flags |= SYMF_ALLNOCONFIG_Y
        if modules is not None and modules[0] is sym:
            flags |= SYMF_MODULES
        elif modules is None and sym is kconf.modules and sym.nodes:
            flags |= SYMF_MODULES
        choice = -1
        if sym.choice is not None:
            flags |= SYMF_CHOICE_MEMBER
            choice = choice_index[sym.choice]
        if sym in kconf._kdep_free:
            flags |= SYMF_PROBE
        add(sym, name, SYM_TYPES[sym.orig_type], flags, choice)

    for choice in kconf.unique_choices:
        flags = SYMF_CHOICE
        if choice.is_optional:
            flags |= SYMF_OPTIONAL
        if any(node.prompt for node in choice.nodes):
            flags |= SYMF_PROMPT
        name = "<choice {}>".format(choice.name) if choice.name else \
            "<choice>"
        assert len(syms) == choice_index[choice]
        add(choice, name, SYM_TYPES[choice.orig_type], flags, -1)

    nodes = []
    nindex = {}
    ifs = kconf._kdep_ifs
    y = kconf.y

    def cond_of(c):
        return None if c is y else c

    def parent_of(pnode):
        # The enclosing if/menu/choice, registering 'if' nodes on demand.
        if pnode is None or pnode is kconf.top_node:
            return -1
        i = nindex.get(pnode)
        if i is not None:
            return i
        where = ifs.get(pnode)
        if where is None:
            return -1
        fn, ln, dep, pparent = where
        parent = parent_of(pparent)
        i = nindex[pnode] = len(nodes)
        nodes.append((NODE_IF, -1, 0, parent, f(fn), ln, None, None,
                      [(P_DEPENDS, f(fn), ln, dep, None, None, None)]))
        return i

    for node, rec in kconf._kdep_lines.items():
        # Parse order: every parent comes before its children.
        # A symbol or choice has a (pseudo-)symbol and a prompt property;
        # a menu or comment has a title instead.
        item = node.item
        defines = True
        if item.__class__ is K.Symbol:
            kind = NODE_SYM
        elif item.__class__ is K.Choice:
            kind = NODE_CHOICE
        else:
            kind = NODE_MENU if item is K.MENU else NODE_COMMENT
            defines = False
        prompt, defaults, selects, implies, ranges = rec.raw
        props = [(P_DEPENDS, f(fn), ln, e, None, None, None)
                 for (fn, ln, e) in rec.depends]
        if defines:
            for (fn, ln), (text, c) in rec.prompts:
                props.append((P_PROMPT, f(fn), ln, None, None, cond_of(c),
                              text))
        for (fn, ln, e) in rec.visible:
            props.append((P_VISIBLE, f(fn), ln, e, None, None, None))
        for (fn, ln), (v, c) in zip(rec.defaults, defaults):
            props.append((P_DEFAULT, f(fn), ln, v, None, cond_of(c), None))
        for (fn, ln), (t, c) in zip(rec.selects, selects):
            props.append((P_SELECT, f(fn), ln, t, None, cond_of(c), None))
        for (fn, ln), (t, c) in zip(rec.implies, implies):
            props.append((P_IMPLY, f(fn), ln, t, None, cond_of(c), None))
        for (fn, ln), (lo, hi, c) in zip(rec.ranges, ranges):
            props.append((P_RANGE, f(fn), ln, lo, hi, cond_of(c), None))
        title = prompt[0] if not defines and prompt else None
        parent = parent_of(rec.parent)
        nindex[node] = len(nodes)
        nodes.append((kind, index[item] if defines else -1,
                      1 if node.is_menuconfig else 0, parent,
                      f(node.filename), node.linenr, title,
                      getattr(node, "help", None), props))

    _free_nodes(kconf, index, f, nodes)
    return (files, syms, nodes, list(kconf.warnings), index,
            list(EXPR_OPS.items()))


def _free_nodes(kconf, index, f, nodes):
    # A free probe's symbol is defined where the probe is made, its help
    # the probe's key: what names it to a reader.
    for sym, (key, fn, ln, success) in kconf._kdep_free.items():
        nodes.append((NODE_SYM, index[sym], 0, -1, f(fn), ln, None, key,
                      []))



# -- evaluation ---------------------------------------------------------------

@_deep
def evaluate(kconf, config_text):
    """Loads config_text as 'make olddefconfig' would and returns
    [(name, value)] for every defined symbol, in definition order.

    A 'transitional' symbol takes its value from the .config (it has no
    prompt, so kconfiglib alone would ignore it) and feeds the defaults of
    other symbols; it is never written out, so it is left out here too."""
    trans = set()
    for node, rec in kconf._kdep_lines.items():
        if rec.transitional and node.item.__class__ is K.Symbol:
            trans.add(node.item)
            if node.prompt is None:
                node.prompt = ("", kconf.y)
    kconf._kdep_trans = trans
    kconf._kdep_config_text = config_text
    _assume_probes(kconf, config_text)
    # the warnings of this evaluation follow the parse's (kept), and the
    # previous evaluation's go
    if not hasattr(kconf, "_kdep_warn_mark"):
        kconf._kdep_warn_mark = len(kconf.warnings)
    del kconf.warnings[kconf._kdep_warn_mark:]
    out = []
    sym = None
    try:
        kconf.load_config("<kdep>", replace=True)
        # every value computed again, so that each warning of the
        # computation (a select above its target's dependencies) is given
        # for this .config: kconfiglib keeps the values no assignment
        # invalidated, and warns only as it computes one
        kconf._invalidate_all()
        for sym in kconf.unique_defined_syms:
            if sym not in trans:
                out.append((sym.name, sym.str_value))
    except RecursionError:
        # A value that depends on one that depends on another ... past
        # DEEP_LIMIT frames (a chain of symbols each depending on one
        # defined after it): an error at the symbol being evaluated.
        if sym is None:
            raise KdepError(None, 0, "dependencies nested too deep to "
                            "evaluate")
        node = sym.nodes[0]
        raise KdepError(node.filename, node.linenr,
                        "dependencies nested too deep to evaluate {}"
                        .format(sym.name))
    return out


def _conf_tri(sym, tri):
    # conf's sym_calc_visibility() takes a bool's dependencies and selects
    # at m as y; kconfiglib does not, and warns of a bool at m
    return 2 if tri == 1 and sym.orig_type == K.BOOL else tri


def unmet(kconf):
    """What kconfiglib warned of in the last evaluate(): each symbol
    selected above its direct dependencies ("X has direct dependencies ...
    but is currently being y-selected by the following symbols"), as
    [(target, selector)], one per select that exceeds them, in the order
    of kconfiglib's warning, kept only where conf warns too ("unmet direct
    dependencies detected for X"): for a bool, only when its dependencies
    are n."""
    out = []
    warned = kconf.warnings[kconf._kdep_warn_mark:]
    heads = set(w.split("\n", 1)[0] for w in warned)
    for sym in kconf.unique_defined_syms:
        if sym.orig_type not in (K.BOOL, K.TRISTATE):
            continue
        dep = _conf_tri(sym, K.expr_value(sym.direct_dep))
        if _conf_tri(sym, K.expr_value(sym.rev_dep)) <= dep:
            continue
        # kconfiglib's own message says it, or it is not reported
        lead = "warning: {} has direct dependencies ".format(
            sym.name_and_loc)
        if not any(h.startswith(lead) for h in heads):
            continue
        for sel in K.split_expr(sym.rev_dep, K.OR):
            if _conf_tri(sym, K.expr_value(sel)) <= dep:
                continue
            by = K.split_expr(sel, K.AND)[0]
            out.append((sym.name, by.name))
    return out


def _written(sym):
    # Whether the kernel's conf writes sym to a .config (SYMBOL_WRITE in
    # its sym_calc_value()). kconfiglib computes the same flag with the
    # value, but for one case: conf also writes a bool or tristate that is
    # implied at all, even when its own dependencies are not met.
    sym.str_value  # computes _write_to_conf
    if sym._write_to_conf:
        return True
    return (sym.orig_type in (K.BOOL, K.TRISTATE) and sym.choice is None
            and K.expr_value(sym.weak_rev_dep) != 0)


def _shown(node):
    # Whether conf writes the title of a menu or comment (menu_is_visible).
    if not K.expr_value(node.dep):
        return False
    return node.item is K.COMMENT or K.expr_value(node.visibility) != 0


@_deep
def dotconfig(kconf):
    """The .config the kernel's conf writes for the values evaluate() left,
    as [(kind, name, type, text)] in the order conf writes them (the menu
    tree's, as its conf_write() walks it): the main menu's title first;
    then the title of each menu and comment shown, the end of each menu
    shown, and each symbol written, once, at its first definition, with its
    type and value. A transitional symbol is never written."""
    trans = kconf._kdep_trans
    out = [(DOT_MAINMENU, None, SYM_UNKNOWN, kconf.mainmenu_text)]
    done = set()
    top = kconf.top_node
    node = top.list
    while node is not None:
        item = node.item
        if item.__class__ is K.Symbol:
            if item not in done:
                done.add(item)
                if item.orig_type != K.UNKNOWN and item not in trans and \
                        _written(item):
                    out.append((DOT_SYMBOL, item.name,
                                SYM_TYPES[item.orig_type], item.str_value))
        elif item.__class__ is not K.Choice and _shown(node):
            out.append((DOT_MENU, None, SYM_UNKNOWN, node.prompt[0]))
        if node.list is not None:
            node = node.list
            continue
        # Up to the next node, closing each menu left on the way.
        while node is not None:
            if node.item is K.MENU and node is not top and _shown(node):
                out.append((DOT_END, None, SYM_UNKNOWN, node.prompt[0]))
            if node.next is not None:
                node = node.next
                break
            node = node.parent
    return out
