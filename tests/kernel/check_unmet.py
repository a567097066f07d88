#!/usr/bin/python3
# check_unmet.py KDEP TOP TREE TMP [ARCH...] - unmet dependencies on the
# real tree: the sweep completes under both built-in profiles; the witness
# of each alarm (at most 20 per arch and profile) makes the tree's own conf,
# under the profile's real toolchain, print "unmet direct dependencies
# detected for X" for the same X; and violations injected into a hard-linked
# copy of the tree (bool and tristate selectors, conditional or not, through
# an if block and a menu) are each confirmed by conf and reported by kdep,
# while the harmless controls next to them (a choice member y over an m
# dependency among them) are not.
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kcheck import build_conf, check, conf_env, finish

kdep, top, tree, tmp = sys.argv[1:5]
arches = sys.argv[5:] or ["arm64"]
conf = build_conf(top, tree, tmp)
SAMPLE = 20
RAND_SEEDS = [1, 2, 3, 4]


def kdep_unmet(src, arch, profile):
    p = subprocess.run([kdep, "unmet", "--tree", src, "--arch", arch,
                        "--profile", profile, "--format", "json",
                        "--db", os.path.join(tmp, "unmet.db")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        raise SystemExit("FAIL kdep unmet %s %s: %s" % (arch, profile,
                                                        p.stderr[-2000:]))
    return json.loads(p.stdout)


def conf_warns(src, arch, profile, config, how="--olddefconfig", seed=None):
    """The symbols conf --olddefconfig of config (or another of conf's
    modes, with KCONFIG_SEED seed) warns of as "unmet direct dependencies
    detected for X", with the profile's real toolchain."""
    work = os.path.join(tmp, "unmet-conf")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, ".config")
    with open(path, "w") as f:
        f.write(config)
    env = conf_env(kdep, top, profile, arch, src)
    env["srctree"] = src
    env["KCONFIG_CONFIG"] = path
    if seed is not None:
        env["KCONFIG_SEED"] = str(seed)
    p = subprocess.run([conf, how, os.path.join(src, "Kconfig")],
                       cwd=work, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    lead = "WARNING: unmet direct dependencies detected for "
    return set(line.split(lead, 1)[1].strip()
               for line in (p.stdout + p.stderr).splitlines()
               if lead in line)


# -- the sweep, and conf on each witness ------------------------------------
for arch in arches:
    for profile in ("gcc-12", "llvm-19"):
        r = kdep_unmet(tree, arch, profile)
        c = r["counts"][0]
        print("info %s %s: %d selects examined, %d alarms, %d proofs, "
              "%d unknown, %d checks" % (arch, profile, c["selects"],
                                         c["alarms"], c["proofs"],
                                         c["unknowns"], c["checks"]))
        check(c["selects"] == c["alarms"] + c["proofs"] + c["unknowns"] and
              c["selects"] > 10000,
              "%s %s: the sweep completes, every select decided or unknown"
              % (arch, profile))
        alarms = [a for a in r["alarms"] if a["verdict"] == "alarm"]
        missed = []
        for a in alarms[:SAMPLE]:
            if a["target"] not in conf_warns(tree, arch, profile,
                                             a["witness"]):
                missed.append("%s -> %s" % (a["selector"], a["target"]))
        check(not missed, "%s %s: conf warns of the target of each of %d "
              "witnesses (%s)" % (arch, profile, min(len(alarms), SAMPLE),
                                  ", ".join(missed) or "all"))
        # random configurations: a weak oracle, but whatever conf warns
        # of must be among the alarms
        targets = set(a["target"] for a in alarms)
        warned = set()
        for seed in RAND_SEEDS:
            warned |= conf_warns(tree, arch, profile, "", "--randconfig",
                                 seed)
        print("info %s %s: randconfig with seeds %s: conf warned of %d "
              "symbols" % (arch, profile, RAND_SEEDS, len(warned)))
        check(warned <= targets, "%s %s: every unmet dependency randconfig "
              "hit is an alarm (%s)" % (arch, profile,
                                        ", ".join(sorted(warned - targets))
                                        or "none missed"))

# -- injected violations and controls --------------------------------------
INJECT = """
config KDEPT_DEP
	bool "kdep test: a dependency"

config KDEPT_TDEP
	tristate "kdep test: a tristate dependency"

config KDEPT_NEEDS
	bool
	depends on KDEPT_DEP

config KDEPT_TNEEDS
	tristate
	depends on KDEPT_TDEP

if KDEPT_DEP
config KDEPT_IN_IF
	bool
endif

menu "kdep test menu"
	depends on KDEPT_DEP
config KDEPT_IN_MENU
	bool
endmenu

config KDEPT_BOOL_SEL
	bool "kdep test: bool selector, plain"
	select KDEPT_NEEDS

config KDEPT_COND_SEL
	bool "kdep test: conditional selector"
	select KDEPT_NEEDS if KDEPT_TDEP

config KDEPT_TRI_SEL
	tristate "kdep test: tristate selector"
	select KDEPT_TNEEDS

config KDEPT_IF_SEL
	bool "kdep test: selects a symbol inside an if block"
	select KDEPT_IN_IF

config KDEPT_MENU_SEL
	bool "kdep test: selects a symbol inside a menu"
	select KDEPT_IN_MENU

choice
	prompt "kdep test: a choice on the tristate dependency"
	depends on KDEPT_TDEP

config KDEPT_CHOICE_SEL
	bool "kdep test: a member, y while the choice's dependency is m"
	select KDEPT_TNEEDS

config KDEPT_CHOICE_OTHER
	bool "kdep test: the other member"

endchoice

config KDEPT_CTRL_DEP
	bool "kdep test: control, depends on what its target needs"
	depends on KDEPT_DEP
	select KDEPT_NEEDS

config KDEPT_CTRL_COND
	bool "kdep test: control, selects only under the dependency"
	select KDEPT_IN_MENU if KDEPT_DEP

config KDEPT_CTRL_TRI
	tristate "kdep test: control, follows the tristate dependency"
	depends on KDEPT_TDEP
	select KDEPT_TNEEDS

config KDEPT_CTRL_IMPLY
	bool "kdep test: control, implies"
	imply KDEPT_NEEDS
"""
VIOLATIONS = {  # selector: (target, a .config conf must warn of it with)
    "KDEPT_BOOL_SEL": ("KDEPT_NEEDS", "CONFIG_KDEPT_BOOL_SEL=y\n"),
    "KDEPT_COND_SEL": ("KDEPT_NEEDS", "CONFIG_MODULES=y\n"
                       "CONFIG_KDEPT_TDEP=y\nCONFIG_KDEPT_COND_SEL=y\n"),
    "KDEPT_TRI_SEL": ("KDEPT_TNEEDS", "CONFIG_MODULES=y\n"
                      "CONFIG_KDEPT_TRI_SEL=m\n"),
    "KDEPT_IF_SEL": ("KDEPT_IN_IF", "CONFIG_KDEPT_IF_SEL=y\n"),
    "KDEPT_MENU_SEL": ("KDEPT_IN_MENU", "CONFIG_KDEPT_MENU_SEL=y\n"),
}
# A member y of a choice whose dependency is m: kconfiglib 14.1 warns,
# the 6.12 conf does not (it credits the select with the choice's m).
CONTROLS = ["KDEPT_CHOICE_SEL", "KDEPT_CTRL_DEP", "KDEPT_CTRL_COND", "KDEPT_CTRL_TRI",
            "KDEPT_CTRL_IMPLY"]

copy = os.path.join(tmp, "unmet-tree")
shutil.rmtree(copy, ignore_errors=True)
subprocess.run(["cp", "-al", tree, copy], check=True)
rel = "init/Kconfig"
path = os.path.join(copy, rel)
with open(path) as f:
    text = f.read()
os.unlink(path)  # a real copy: the hard link stays the pristine tree's
with open(path, "w") as f:
    f.write(text + INJECT)
arch, profile = arches[0], "gcc-12"
for sel, (target, cfg) in sorted(VIOLATIONS.items()):
    check(target in conf_warns(copy, arch, profile, cfg),
          "injected: conf warns of %s with %s=%s" %
          (target, sel, cfg.strip().split("=")[-1]))
r = kdep_unmet(copy, arch, profile)
found = set((a["selector"], a["target"]) for a in r["alarms"]
            if a["verdict"] == "alarm")
for sel, (target, _) in sorted(VIOLATIONS.items()):
    check((sel, target) in found, "injected: kdep reports %s -> %s" %
          (sel, target))
for ctl in CONTROLS:
    check(not any(s == ctl for s, _ in found),
          "injected control %s: no alarm" % ctl)
finish()
