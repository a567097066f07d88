# kcheck.py - what the real-tree test scripts share: one line per check,
# the exit status, and reading a recorded profile.
import json
import os
import re
import subprocess
import sys

_checks = 0
_failures = 0


def check(ok, what):
    """Prints "ok   WHAT" or "FAIL WHAT" and counts it."""
    global _checks, _failures
    _checks += 1
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        _failures += 1


def counts():
    """(checks, failures) so far."""
    return _checks, _failures


def finish():
    """Exits 1 when a check failed, else 0."""
    sys.exit(1 if _failures else 0)


def output(cmd, **kw):
    """The standard output of cmd (subprocess.run's keywords in kw); a
    failure ends the script with its exit status and standard error."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, **kw)
    if p.returncode:
        raise SystemExit("FAIL %s: exit %d: %s" % (" ".join(cmd),
                                                   p.returncode,
                                                   p.stderr[-2000:]))
    return p.stdout


def cosel(kdep, tree, db, arch, profile, targets, matrix=False):
    """kdep cosel on targets (a --matrix list when matrix), JSON out:
    (exit status, the JSON or None when kdep did not answer, stderr)."""
    args = [kdep, "cosel", "--tree", tree, "--arch", arch, "--profile",
            profile, "--db", db, "--format", "json"]
    args += ["--matrix", ",".join(targets)] if matrix else targets
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode not in (0, 1):
        return p.returncode, None, "%s: exit %d\n%s" % (
            " ".join(args), p.returncode, p.stderr)
    return p.returncode, json.loads(p.stdout), p.stderr


def conf_olddefconfig(conf, kdep, top, tree, arch, profile, witness, work):
    """olddefconfig of the .config text witness by the tree's conf (conf
    its path) in directory work, live probes with the profile's real
    toolchain: (the lines of the .config it writes, None when conf
    failed; its standard error)."""
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
        return None, p.stderr
    with open(path) as f:
        return [line.strip() for line in f], p.stderr


def line_of(tree, rel, text, after=None):
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


def recording(path):
    """(variables, {(kind, key): answer}) of a .probes file."""
    variables, answers, pending = [], {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if pending:
            answers[pending] = line[4:]
            pending = None
        elif line.startswith("var "):
            variables.append(line[4:])
        elif line.startswith(("probe ", "call ")):
            kind, key = line.split(" ", 1)
            pending = (kind, key)
    return variables, answers


def conf_env(kdep, top, profile, arch, src):
    """The variables a live parse of src sees with the toolchain the
    built-in profile was recorded from, in the recording's environment:
    what the tree's own conf runs with to answer like that profile."""
    variables = recording(os.path.join(top, "profiles", profile,
                                       arch + ".probes"))[0]
    out = subprocess.run([os.path.join(top, "scripts", "toolchain-env"),
                          "env"] + variables +
                         [kdep, "profile", "show", "host", "--arch", arch,
                          "--tree", src],
                         check=True, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C",
           "HOME": os.environ.get("HOME", "/tmp")}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        env[k] = v
    return env


def conf_keeps(kdep, top, conf, tree, arch, profile, witness, targets,
               work):
    """The targets that are not y after the tree's own conf (the binary
    conf) runs olddefconfig on the witness, its probes live with the
    profile's real toolchain, in directory work; ["conf failed: ..."] when
    conf fails."""
    lines, err = conf_olddefconfig(conf, kdep, top, tree, arch, profile,
                                   witness, work)
    if lines is None:
        return ["conf failed: " + err[-500:]]
    got = set(lines)
    return [t for t in targets if "CONFIG_%s=y" % t not in got]


def conf_write(kdep, top, conf, profile, arch, tree, mode, config):
    """The .config (a set of lines) the tree's conf --MODE writes at
    config, live probes with the built-in profile's real toolchain."""
    env = conf_env(kdep, top, profile, arch, tree)
    env["srctree"] = tree
    env["KCONFIG_CONFIG"] = config
    p = subprocess.run([conf, "--" + mode, os.path.join(tree, "Kconfig")],
                       cwd=os.path.dirname(config), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode:
        raise SystemExit("FAIL conf --%s: %s" % (mode, p.stderr[-2000:]))
    with open(config) as f:
        return set(line.strip() for line in f)


def value_in(lines, sym):
    """sym's value in the lines of a .config conf wrote ("n" unset)."""
    if "# CONFIG_%s is not set" % sym in lines:
        return "n"
    for line in lines:
        if line.startswith("CONFIG_%s=" % sym):
            return line.split("=", 1)[1].strip('"')
    return "n"


def build_conf(top, tree, tmp):
    """The path of the tree's own scripts/kconfig/conf, built out of tree."""
    return subprocess.run([os.path.join(top, "scripts", "build-conf"), tree,
                           os.path.join(tmp, "conf-build")], check=True,
                          stdout=subprocess.PIPE,
                          universal_newlines=True).stdout.strip()


def body(text):
    """The lines of a .config after its heading comment block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    return lines[i:]


def conf_cycle_symbols(stderr):
    """The symbols of each cycle conf's standard error shows (it shows the
    first only). Before 6.11 each line starts with the place of its link
    ("Kconfig:9:\tsymbol S default value contains L")."""
    cycles, cur = [], None
    for line in stderr.splitlines():
        if "recursive dependency detected" in line:
            cur = []
            cycles.append(cur)
        elif cur is not None:
            m = re.match(r"(?:[^\s:]+:\d+:)?\s+symbol (\S+)", line)
            if m:
                cur.append(m.group(1))
            elif not line.startswith(("\t", " ")):
                cur = None
    return cycles


# Small cycles of each kind the kernel's check walks, to write at the end
# of init/Kconfig (x86); those named '(none)' have no cycle.
CYCLE_CASES = {
    "depends": """
config KDEP_T1
	bool "t1"
	depends on KDEP_T2
config KDEP_T2
	bool "t2"
	depends on KDEP_T1
""",
    "select condition": """
config KDEP_T1
	bool "t1"
	depends on KDEP_T2
config KDEP_T2
	bool
config KDEP_T3
	bool "t3"
	select KDEP_T2 if KDEP_T1
""",
    "prompt visibility": """
config KDEP_T1
	bool "t1" if KDEP_T2
config KDEP_T2
	bool "t2"
	depends on KDEP_T1
""",
    "default": """
config KDEP_T1
	bool
	default KDEP_T2
config KDEP_T2
	bool "t2"
	depends on KDEP_T1
""",
    "choice": """
choice
	prompt "kdep test choice"
config KDEP_T1
	bool "t1"
config KDEP_T2
	bool "t2"
	depends on KDEP_T3
endchoice
config KDEP_T3
	bool "t3"
	depends on KDEP_T1
""",
    # not walked by the kernel: no cycle
    "range bound (none)": """
config KDEP_T1
	int "t1"
	range 0 KDEP_T2
config KDEP_T2
	int "t2"
	default 1
	depends on KDEP_T1 != 0
""",
    "choice default (none)": """
choice
	prompt "kdep test choice"
	default KDEP_T2
config KDEP_T1
	bool "t1"
config KDEP_T2
	bool "t2"
endchoice
""",
}
