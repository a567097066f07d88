#!/usr/bin/python3
# The baseline kdep is measured and checked against: Debian's kconfiglib,
# run in a plain Python process, parsing a kernel tree with live probes.
#
#   kconfiglib_raw.py TREE ENVFILE [--counts]
#
# ENVFILE holds NAME=VALUE lines (`kdep profile show host` prints them).
# kconfiglib 14.1.0 cannot parse a tree >= 5.13 as shipped; the one thing
# added here is the bare 'modules' keyword, as little as lets it run.
# With --counts it prints the counts `kdep scan` reports, as JSON.
# tests/kernel/check_scan.py imports load() from here.
import json
import os
import sys
import time


def load(tree, envfile):
    """Parses TREE with the variables of ENVFILE; returns the Kconfig."""
    with open(envfile) as f:
        for line in f:
            name, _, value = line.rstrip("\n").partition("=")
            if name:
                os.environ[name] = value
    os.environ["srctree"] = os.path.realpath(tree)
    import kconfiglib as K

    plain_next_line = K.Kconfig._next_line

    def next_line(self):
        while plain_next_line(self):
            if self._tokens[0] is K._T_MODULES and self._tokens[1] is None:
                continue  # 'modules': MODULES is kconfiglib's default anyway
            return True
        return False

    K.Kconfig._next_line = next_line
    K._check_dep_loop_sym = lambda sym, ignore_choice: None
    cwd = os.getcwd()
    os.chdir(tree)
    try:
        return K.Kconfig("Kconfig", warn=False)
    finally:
        os.chdir(cwd)


def main():
    t0 = time.monotonic()
    kconf = load(sys.argv[1], sys.argv[2])
    elapsed = time.monotonic() - t0
    if "--counts" in sys.argv:
        syms = kconf.unique_defined_syms
        print(json.dumps({
            "files": len(set(kconf.kconfig_filenames)),
            "symbols": len(syms),
            "undefined": len([s for s in kconf.syms.values()
                              if not s.nodes]),
            "choices": len(kconf.unique_choices),
            "selects": sum(len(s.selects) for s in syms),
            "implies": sum(len(s.implies) for s in syms),
            "seconds": elapsed,
        }))


if __name__ == "__main__":
    main()
