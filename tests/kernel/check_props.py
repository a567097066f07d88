#!/usr/bin/python3
# Repeated and late properties (analyzer/kconf/README.md) against each
# tree's own conf: what kdep computes is what the kernel keeps.
#
#   check_props.py KDEP TOP TMPDIR TREE...
#
# For each tree (6.12 and 6.1), conf is built from it (scripts/build-conf)
# and run on the small trees of the fixtures that hold one such property
# each: the values of prompts-values (conf --olddefconfig of its config
# against kdep values) and its warnings of repeated prompts and types (the
# lines conf prints against kdep scan --verbose), the cycle of prompts-cycle (conf's verdict and
# symbols against kdep cycles), the witness of prompts-cosel (conf
# --olddefconfig keeps both symbols y) and the parse error of
# error-modules-twice (the same message at the same line). Then on a copy
# of each real tree, the edit: a second prompt
# 'prompt "p" if X86_SPEEDSTEP_LIB' in X86_P4_CLOCKMOD's block, before its
# own prompt (the one kconfiglib drops) and, on the first tree, after it:
# kdep cycles --arch x86 reports the cycle conf reports, through that line
# (under both built-in profiles on the first tree, gcc-12 on the others).
import json
import os
import shutil
import subprocess
import sys

from kcheck import (body, build_conf, check, conf_cycle_symbols, conf_env,
                    finish, output)

kdep, top, tmp = sys.argv[1:4]
trees = sys.argv[4:]
fixtures = os.path.join(top, "tests", "fixtures")
db = os.path.join(tmp, "props.db")
PROMPT = '\tprompt "p" if X86_SPEEDSTEP_LIB\n'


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def run_conf(conf, src, mode, config=None, env=None):
    """conf --MODE on src's Kconfig, from the file config (or none):
    (process, the .config written or None)."""
    work = os.path.join(tmp, "props-conf")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    path = os.path.join(work, ".config")
    if config is not None:
        shutil.copy(config, path)
    e = dict(env) if env else {"PATH": "/usr/bin:/bin", "LC_ALL": "C",
                               "SRCARCH": "x86", "ARCH": "x86"}
    e["srctree"] = src
    e["KCONFIG_CONFIG"] = path
    p = run([conf, "--" + mode, os.path.join(src, "Kconfig")], cwd=work,
            env=e)
    text = None
    if os.path.exists(path) and p.returncode == 0:
        with open(path) as f:
            text = f.read()
    return p, text


def repeated(text):
    """The warnings of repeated prompts and types in text, in order."""
    return [l for l in text.splitlines()
            if l.endswith(":warning: prompt redefined") or
            ":warning: ignoring type redefinition" in l]


def kdep_cycles(src, profile):
    p = run([kdep, "cycles", "--tree", src, "--arch", "x86", "--profile",
             profile, "--db", db, "--format", "json"])
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdep cycles: %s" % p.stderr)
    return json.loads(p.stdout)["cycles"]


def same_cycles(what, want, got, line=None):
    """conf's cycles want and kdep's got: the same verdict, each of conf's
    in one of kdep's components, and (line: (file, n)) every one of kdep's
    through the prompt condition on that line."""
    check(bool(want) == bool(got), "%s: conf %s, kdep %s" %
          (what, "finds a cycle" if want else "finds none",
           "%d cycle(s)" % len(got) if got else "none"))
    for w in want:
        check(any(set(w) <= set(c["component"]) for c in got),
              "%s: conf's cycle (%s) lies in one kdep component" %
              (what, " ".join(w)))
    if line and got:
        check(all(any(e["file"] == line[0] and e["line"] == line[1] and
                      e["kind"] == "prompt-if" for e in c["edges"])
                  for c in got),
              "%s: every cycle goes through the prompt at %s:%d" %
              ((what,) + line))


def fixture(name):
    return os.path.join(fixtures, name, "tree")


def small_trees(conf, version):
    # values: a second prompt either side, on a symbol and on a choice;
    # the first type given, in one block and over two
    src = fixture("prompts-values")
    config = os.path.join(fixtures, "prompts-values", "config")
    p, want = run_conf(conf, src, "olddefconfig", config)
    got = output([kdep, "values", "--tree", src, "--arch", "x86",
                  "--profile", "host", "--config", config],
                 env=dict(os.environ, KDEP_DB=db))
    check(want is not None and body(want) == body(got),
          "%s prompts-values: kdep values is conf --olddefconfig (%s)" %
          (version, "; ".join(set(body(got)) ^ set(body(want or "")))))
    # the same warnings, at the same lines
    want = repeated(p.stderr.replace(src + "/", ""))
    k = run([kdep, "scan", "--tree", src, "--arch", "x86", "--profile",
             "host", "--db", db, "--verbose"])
    got = repeated(k.stdout.replace(": warning: ", ":warning: "))
    check(len(want) >= 6 and want == got,
          "%s prompts-values: kdep warns of the %d repeated prompts and "
          "types where conf does (%s)" %
          (version, len(want), "; ".join(sorted(set(want) ^ set(got)))))

    # a cycle through the prompt kconfiglib would drop
    src = fixture("prompts-cycle")
    p, _ = run_conf(conf, src, "alldefconfig")
    same_cycles("%s prompts-cycle" % version, conf_cycle_symbols(p.stderr),
                kdep_cycles(src, "host"), ("Kconfig", 5))

    # visible through the first prompt only: the witness holds for conf
    src = fixture("prompts-cosel")
    witness = os.path.join(tmp, "props-witness")
    p = run([kdep, "cosel", "A", "Z", "--tree", src, "--arch", "x86",
             "--profile", "host", "--db", db, "--witness", witness])
    check(p.returncode == 0, "%s prompts-cosel: A + Z co-selectable (%s)" %
          (version, p.stdout.strip()))
    if p.returncode == 0:
        _, text = run_conf(conf, src, "olddefconfig", witness)
        check(text is not None and "CONFIG_A=y" in body(text) and
              "CONFIG_Z=y" in body(text),
              "%s prompts-cosel: conf --olddefconfig of the witness keeps "
              "A=y and Z=y" % version)

    # a second 'modules': the kernel's parse error, and kdep's
    src = fixture("error-modules-twice")
    p, _ = run_conf(conf, src, "alldefconfig")
    k = run([kdep, "scan", "--tree", src, "--arch", "x86", "--profile",
             "host", "--db", db])
    said = "Kconfig:8: symbol 'MYMODS' redefines option 'modules' " \
        "already defined by symbol 'MODULES'"
    check(p.returncode != 0 and said in p.stderr,
          "%s error-modules-twice: conf refuses it (%s)" %
          (version, p.stderr.strip()[-200:]))
    check(k.returncode == 3 and k.stderr.strip() ==
          said.replace("Kconfig:8: ", "Kconfig:8: error: "),
          "%s error-modules-twice: kdep refuses it, at the same line (%s)" %
          (version, k.stderr.strip()))


def edited_tree(tree, name, place):
    """A hard-linked copy of tree with PROMPT written in X86_P4_CLOCKMOD's
    block, before its own prompt ('before') or after it; returns (path,
    the line of PROMPT)."""
    dst = os.path.join(tmp, "props-" + name)
    shutil.rmtree(dst, ignore_errors=True)
    subprocess.run(["cp", "-al", tree, dst], check=True)
    rel = "drivers/cpufreq/Kconfig.x86"
    path = os.path.join(dst, rel)
    text = open(path).read()
    head = "config X86_P4_CLOCKMOD\n"
    own = '\ttristate "Intel Pentium 4 clock modulation"\n'
    assert head + own in text
    new = text.replace(head + own, head + PROMPT + own if place == "before"
                       else head + own + PROMPT)
    os.unlink(path)
    with open(path, "w") as f:
        f.write(new)
    line = new.splitlines(True).index(PROMPT) + 1
    return dst, (rel, line)


def real_tree(conf, tree, version, place, profiles):
    src, line = edited_tree(tree, version, place)
    env = conf_env(kdep, top, "gcc-12", "x86", src)
    p, _ = run_conf(conf, src, "alldefconfig", env=env)
    want = conf_cycle_symbols(p.stderr)
    check(bool(want) and "prompt redefined" in p.stderr,
          "%s, second prompt %s the block's own: conf warns 'prompt "
          "redefined' and finds a cycle" % (version, place))
    got = kdep_cycles(src, ",".join(profiles))
    same_cycles("%s, second prompt %s the block's own" % (version, place),
                want, got, line)
    check(bool(got) and all(c["profiles"] == profiles for c in got) and
          all(set(c["component"]) == {"X86_P4_CLOCKMOD", "X86_SPEEDSTEP_LIB"}
              for c in got),
          "%s, second prompt %s: kdep's cycle is X86_P4_CLOCKMOD -> "
          "X86_SPEEDSTEP_LIB under %s" % (version, place, ", ".join(profiles)))
    shutil.rmtree(src)


for i, tree in enumerate(trees):
    # the first tree's conf is the one the other scripts build
    work = tmp if i == 0 else os.path.join(tmp, "props-%d" % i)
    os.makedirs(work, exist_ok=True)
    conf = build_conf(top, tree, work)
    version = os.path.basename(os.path.realpath(tree))
    small_trees(conf, version)
    if i == 0:
        real_tree(conf, tree, version, "before", ["gcc-12", "llvm-19"])
        real_tree(conf, tree, version, "after", ["gcc-12"])
    else:
        real_tree(conf, tree, version, "before", ["gcc-12"])

finish()
