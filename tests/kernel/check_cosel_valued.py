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
import json
import os
import subprocess
import sys

from kcheck import build_conf, check, conf_env, finish

kdep, top, tree, tmp = sys.argv[1:5]
# the database check_cosel.py fills before (tests/kernel/run): cached scans
db = os.path.join(tmp, "cosel.db")
conf = build_conf(top, tree, tmp)


def kdep_cosel(arch, profile, targets, matrix=False):
    args = [kdep, "cosel", "--tree", tree, "--arch", arch, "--profile",
            profile, "--db", db, "--format", "json"]
    args += ["--matrix", ",".join(targets)] if matrix else targets
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        return p.returncode, None, p.stderr
    return p.returncode, json.loads(p.stdout), p.stderr


def line_of(rel, text, after=None):
    """The first line of tree file rel that starts with text (stripped),
    past the line 'config AFTER' when after is given."""
    seen = after is None
    with open(os.path.join(tree, rel)) as f:
        for n, line in enumerate(f, 1):
            if not seen:
                seen = line.strip() == "config " + after
            elif line.strip().startswith(text):
                return n
    raise SystemExit("FAIL %s has no line %r" % (rel, text))


def explanation_has(result, rel, line):
    return any(e["file"] == rel and e["line"] == line
               for e in result["explanation"])


def conf_values(arch, profile, witness):
    """olddefconfig of the witness by the tree's conf, live probes with the
    profile's real toolchain: {symbol: value} of the .config it writes
    (n for '# CONFIG_X is not set'), or None when conf failed."""
    work = os.path.join(tmp, "cosel-valued-conf")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, ".config")
    with open(path, "w") as f:
        f.write(witness)
    env = conf_env(kdep, top, profile, arch, tree)
    env["srctree"] = tree
    env["KCONFIG_CONFIG"] = path
    p = subprocess.run([conf, "--olddefconfig", os.path.join(tree, "Kconfig")],
                       cwd=work, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode:
        print("conf failed: " + p.stderr[-500:])
        return None
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
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


def yes_case(arch, profile, targets):
    """A question whose answer is yes, with its witness checked by conf for
    every target's value."""
    status, out, err = kdep_cosel(arch, profile, targets)
    what = "%s %s: %s" % (arch, profile, " ".join(targets))
    check(out is not None, "%s: kdep answers %s" % (what, err.strip()))
    if out is None:
        return
    r = out["results"][0]
    check(status == 0 and r["coselectable"] is True and r["witness"],
          "%s is yes (exit %d)" % (what, status))
    asked = ["%s%s%s" % (t["symbol"], t["op"], t["value"])
             for t in r["targets"]]
    check(len(r["targets"]) == len(targets) and
          all(t["op"] in ("=", "!=") for t in r["targets"]),
          "%s: the JSON carries each target's value %s" % (what, asked))
    if r["witness"]:
        values = conf_values(arch, profile, r["witness"])
        bad = [t["symbol"] for t in r["targets"]
               if values is None or not target_holds(t, values)]
        check(not bad, "%s: conf --olddefconfig keeps every target at its "
              "value %s" % (what, bad or asked))


def no_case(arch, profile, targets, lines):
    """A question whose answer is no, explained by lines [(file, line)]."""
    status, out, err = kdep_cosel(arch, profile, targets)
    what = "%s %s: %s" % (arch, profile, " ".join(targets))
    check(out is not None, "%s: kdep answers %s" % (what, err.strip()))
    if out is None:
        return
    r = out["results"][0]
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
