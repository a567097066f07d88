# kcheck.py - what the real-tree test scripts share: one line per check,
# the exit status, and reading a recorded profile.
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
