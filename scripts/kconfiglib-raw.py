#!/usr/bin/python3
# The baseline kdep is measured and checked against: Debian's kconfiglib,
# run in a plain Python process, parsing a kernel tree with live probes.
#
#   kconfiglib-raw.py TREE ENVFILE [--counts] [--alldefconfig OUT]
#
# ENVFILE holds NAME=VALUE lines (`kdep profile show host` prints them).
# kconfiglib 14.1.0 cannot parse a tree >= 5.13 as shipped; the one thing
# added here is the bare 'modules' keyword, as little as lets it run.
# With --counts it prints the counts `kdep scan` reports, as JSON.
import json
import os
import sys
import time

t0 = time.monotonic()
import kconfiglib as K

tree, envfile = sys.argv[1], sys.argv[2]
with open(envfile) as f:
    for line in f:
        name, _, value = line.rstrip("\n").partition("=")
        if name:
            os.environ[name] = value
os.environ["srctree"] = os.path.realpath(tree)

_next_line = K.Kconfig._next_line


def next_line(self):
    while _next_line(self):
        if self._tokens[0] is K._T_MODULES and self._tokens[1] is None:
            continue  # 'modules': MODULES is kconfiglib's default anyway
        return True
    return False


K.Kconfig._next_line = next_line
K._check_dep_loop_sym = lambda sym, ignore_choice: None

os.chdir(tree)
kconf = K.Kconfig("Kconfig", warn=False)
elapsed = time.monotonic() - t0

if "--alldefconfig" in sys.argv:
    out = sys.argv[sys.argv.index("--alldefconfig") + 1]
    kconf.write_config(out, save_old=False)
if "--counts" in sys.argv:
    print(json.dumps({
        "files": len(set(kconf.kconfig_filenames)),
        "symbols": len(kconf.unique_defined_syms),
        "undefined": len([s for s in kconf.syms.values() if not s.nodes]),
        "choices": len(kconf.unique_choices),
        "selects": sum(len(s.selects) for s in kconf.unique_defined_syms),
        "implies": sum(len(s.implies) for s in kconf.unique_defined_syms),
        "seconds": elapsed,
    }))
