#!/usr/bin/python3
# kdep cosel with valued targets (SYM=VALUE, SYM!=VALUE) on the real 6.12
# tree: each yes has a witness the tree's own conf, with the real toolchain
# of its profile, keeps every target at its value through olddefconfig;
# each no names the lines that forbid it; a value the kernel refuses is a
# usage error.
#
#   check_cosel_valued.py KDEP TOP TREE TMPDIR
#
# Expected explanation lines are found in the tree's text, not written here
# as line numbers.
import os
import sys

import kcheck
from kcheck import build_conf, check, finish

kdep, top, tree, tmp = sys.argv[1:5]
# the database check_cosel.py fills before (tests/kernel/run): cached scans
db = os.path.join(tmp, "cosel.db")
conf = build_conf(top, tree, tmp)


def kdep_cosel(arch, profile, targets, matrix=False):
    return kcheck.cosel(kdep, tree, db, arch, profile, targets, matrix)


def line_of(rel, text, after=None):
    return kcheck.line_of(tree, rel, text, after)


def explanation_has(result, rel, line):
    return any(e["file"] == rel and e["line"] == line
               for e in result["explanation"])


def conf_values(arch, profile, witness):
    """olddefconfig of the witness by the tree's conf, live probes with the
    profile's real toolchain: {symbol: value} of the .config it writes
    (n for '# CONFIG_X is not set'), or None when conf failed."""
    lines, err = kcheck.conf_olddefconfig(conf, kdep, top, tree, arch,
                                          profile, witness,
                                          os.path.join(tmp,
                                                       "cosel-valued-conf"))
    if lines is None:
        print("conf failed: " + err[-500:])
        return None
    values = {}
    for line in lines:
        if line.startswith("# CONFIG_") and line.endswith(" is not set"):
            values[line[9:-11]] = "n"
        elif line.startswith("CONFIG_") and "=" in line:
            name, value = line[7:].split("=", 1)
            if value.startswith('"') and value.endswith('"'):
                value = value[1:-1]
            values[name] = value
    return values


def target_holds(t, values):
    """Whether conf's values meet target t ({symbol, op, value}): a symbol
    conf does not write is n."""
    got = values.get(t["symbol"], "n")
    try:
        eq = int(got, 0) == int(t["value"], 0)
    except ValueError:
        eq = got == t["value"]
    return eq if t["op"] == "=" else not eq


def ask(arch, profile, targets):
    """The single result of a question, with its description; None when
    kdep did not answer (a failed check)."""
    status, out, err = kdep_cosel(arch, profile, targets)
    what = "%s %s: %s" % (arch, profile, " ".join(targets))
    check(out is not None, "%s: kdep answers %s" % (what, err.strip()))
    return (status, out["results"][0], what) if out else None


def yes_case(arch, profile, targets):
    """A question whose answer is yes, with its witness checked by conf for
    every target's value."""
    asked = ask(arch, profile, targets)
    if not asked:
        return
    status, r, what = asked
    check(status == 0 and r["coselectable"] is True and r["witness"],
          "%s is yes (exit %d)" % (what, status))
    values = ["%s%s%s" % (t["symbol"], t["op"], t["value"])
              for t in r["targets"]]
    check(len(r["targets"]) == len(targets) and
          all(t["op"] in ("=", "!=") for t in r["targets"]),
          "%s: the JSON carries each target's value %s" % (what, values))
    if r["witness"]:
        got = conf_values(arch, profile, r["witness"])
        bad = [t["symbol"] for t in r["targets"]
               if got is None or not target_holds(t, got)]
        check(not bad, "%s: conf --olddefconfig keeps every target at its "
              "value %s" % (what, bad or values))


def no_case(arch, profile, targets, lines):
    """A question whose answer is no, explained by lines [(file, line)]."""
    asked = ask(arch, profile, targets)
    if not asked:
        return
    status, r, what = asked
    check(status == 1 and r["coselectable"] is False and
          r["witness"] is None, "%s is no (exit %d)" % (what, status))
    for rel, n in lines:
        check(explanation_has(r, rel, n),
              "%s: the explanation names %s:%d" % (what, rel, n))


arm = "arch/arm64/Kconfig"
# CFI without CALL_OPS on arm64 under clang: yes, where CFI + CALL_OPS is no
yes_case("arm64", "llvm-19",
         ["CFI_CLANG=y", "DYNAMIC_FTRACE_WITH_CALL_OPS=n"])
no_case("arm64", "llvm-19", ["CFI_CLANG=y", "DYNAMIC_FTRACE_WITH_CALL_OPS!=n"],
        [(arm, line_of(arm, "select HAVE_DYNAMIC_FTRACE_WITH_CALL_OPS")),
         ("kernel/trace/Kconfig",
          line_of("kernel/trace/Kconfig",
                  "depends on HAVE_DYNAMIC_FTRACE_WITH_CALL_OPS"))])
# the feature alias with a value
yes_case("arm64", "llvm-19", ["CFI=y", "CALL_OPS=n"])

# a tristate that may be m but not y: 'depends on m'
debug = "arch/arm64/Kconfig.debug"
yes_case("arm64", "gcc-12", ["ARM64_RELOC_TEST=m"])
no_case("arm64", "gcc-12", ["ARM64_RELOC_TEST=y"],
        [(debug, line_of(debug, "depends on m", after="ARM64_RELOC_TEST"))])

# a symbol that must be on: ARM64=n is no, by its own def_bool
no_case("arm64", "gcc-12", ["ARM64=n"], [(arm, line_of(arm, "config ARM64"))])

# an int equal to a value: ARM64_PA_BITS is 48 or 52 by its defaults
yes_case("arm64", "gcc-12", ["ARM64_PA_BITS=52"])
no_case("arm64", "gcc-12", ["ARM64_PA_BITS=40"],
        [(arm, line_of(arm, "default 48 if ARM64_PA_BITS_48")),
         (arm, line_of(arm, "default 52 if ARM64_PA_BITS_52"))])
yes_case("arm64", "gcc-12", ["NR_CPUS=64", "HOTPLUG_CPU=n"])

# a string's value
yes_case("arm64", "gcc-12", ["CMDLINE=console=ttyAMA0", "CMDLINE_FORCE=y"])

# a matrix of valued targets: the minimal exclusion is CFI + CALL_OPS
status, out, err = kdep_cosel("arm64", "llvm-19",
                              ["CFI_CLANG=y", "DYNAMIC_FTRACE_WITH_CALL_OPS=y",
                               "ARM64_PA_BITS=52"], matrix=True)
check(out is not None, "arm64 llvm-19: the valued matrix answers %s"
      % err.strip())
if out is not None:
    m = out["matrix"][0]
    check(m["excluded"] == [["CFI_CLANG", "DYNAMIC_FTRACE_WITH_CALL_OPS"]],
          "arm64 llvm-19: the valued matrix excludes CFI_CLANG=y + "
          "DYNAMIC_FTRACE_WITH_CALL_OPS=y only (%s)" % m["excluded"])
    check(all(s["coselectable"] is not None for s in m["subsets"]),
          "arm64 llvm-19: no subset of the valued matrix is unknown")

# values the kernel refuses: usage errors (exit 2)
for targets, want in ((["NR_CPUS=5000"], "outside every range"),
                      (["CFI_CLANG=m"], "never m"),
                      (["NR_CPUS=lots"], "not a decimal number")):
    status, out, err = kdep_cosel("arm64", "gcc-12", targets)
    check(status == 2 and want in err,
          "arm64: %s is a usage error (exit %d: %s)"
          % (" ".join(targets), status, err.strip()))
finish()
