"""The figures of the security checks, kept where docs/security.md's table reads them.

A pytest plugin (loaded by tests/conftest.py). Each check of the table that pytest runs is
named in ``CHECKS`` with the tests that make it (node id prefixes). After a run, every
check of which at least one test ran (not only skipped) gets
``test-artifacts/figures/<name>.json``: its cases per test function with their outcomes,
the failing node ids, the counts its test modules keep themselves (forms found, posts sent,
server errors: a module-level dict named in ``counters``), the date, the commit, the
database and the command. One entry per database, so ``make test`` (SQLite) and
``make test-services`` (PostgreSQL) keep theirs side by side; a run that left cases out
(``-k``, a node id, ``-x`` stopping early) is marked incomplete.

``scripts/security-figures.py`` prints the table's figure column from these files. The
cost is one counter per test report and one small file per check at the end of the run.
"""

import datetime
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def figures_dir() -> Path:
    return Path(os.environ.get("TWINNING_FIGURES_DIR") or ROOT / "test-artifacts" / "figures")


@dataclass(frozen=True)
class Check:
    tests: tuple[str, ...]  # node id prefixes: a file, or a file and a test's name
    counters: str = ""  # "module:NAME" of a dict the tests count into
    describe: Callable[[], dict] | None = None  # figures of the definitions, not the run
    database: str = ""  # fixed label where the tests use another database than Django's


def _access_matrix() -> dict:
    from tests.infra import test_access_matrix as matrix

    rows = matrix.ROWS.values()
    return {
        "patterns": len(matrix.ROWS),
        "roles": len(matrix.ROLES),
        "API patterns": sum(row.api for row in rows),
        "IDOR patterns": sum(row.idor is not None for row in rows),
    }


CHECKS = {
    "stack": Check(("tests/stack/",), counters="tests.stack.conftest:RECORDED", database="stack"),
    "access-matrix": Check(("tests/infra/test_access_matrix.py",), describe=_access_matrix),
    "bad-input-forms": Check(
        ("tests/infra/test_bad_input_forms.py",),
        counters="tests.infra.test_bad_input_forms:FIGURES",
    ),
    "bad-input-services": Check(
        ("tests/infra/test_bad_input_services.py",),
        counters="tests.infra.test_bad_input_services:FIGURES",
    ),
    "schemathesis": Check(
        ("tests/api/test_schemathesis.py",), counters="tests.api.test_schemathesis:TALLY"
    ),
    "sessions": Check(("tests/accounts/test_sessions.py",)),
    "no-plaintext": Check(("tests/visas/test_no_plaintext_anywhere.py",)),
    "key-rotation": Check(("tests/visas/test_encryption.py",)),
    "retention": Check(
        ("tests/visas/test_purge.py", "tests/participation/test_answers.py::test_purge")
    ),
    "export-erasure": Check(("tests/accounts/test_personal_data.py",)),
    "backups": Check(("tests/core/test_backup.py",)),
}


def check_of(nodeid: str) -> str | None:
    for name, check in CHECKS.items():
        if nodeid.startswith(check.tests):
            return name
    return None


def _function(nodeid: str) -> str:
    return nodeid.split("::")[-1].split("[")[0]


def _git(*args: str) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip()


def provenance() -> dict:
    """When and from which code: the date (UTC), the commit, whether files were changed."""
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short=7", "HEAD") or None,
        "changed files": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def write(name: str, database: str, entry: dict, source: dict | None = None) -> Path:
    """Keep ``entry`` as ``name``'s latest figures on ``database``, with the provenance of
    the code that made them (``source``: taken when the run started; now by default)."""
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    try:
        runs = json.loads(path.read_text())["runs"]
    except (OSError, ValueError, KeyError):
        runs = {}
    runs[database] = (source or provenance()) | entry
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps({"check": name, "runs": runs}, indent=2, default=_plain) + "\n")
    scratch.replace(path)
    return path


def _plain(value):
    if isinstance(value, set | frozenset):
        return len(value)  # a set of operations, of forms: their number
    return str(value)


def _counters(spec: str) -> dict:
    if not spec:
        return {}
    module, name = spec.split(":")
    found = getattr(sys.modules.get(module), name, None)
    return json.loads(json.dumps(found, default=_plain)) if isinstance(found, dict) else {}


@dataclass
class _Run:
    collected: Counter = field(default_factory=Counter)
    prefixes: dict = field(default_factory=lambda: defaultdict(set))  # of the check, collected
    deselected: Counter = field(default_factory=Counter)
    outcomes: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    failed: dict = field(default_factory=lambda: defaultdict(list))
    seconds: Counter = field(default_factory=Counter)


RUN = _Run()
PARTIAL = " (partial)"  # the key of a run that left cases out, beside the database's
STARTED: dict = {}  # the provenance of the code under test, taken before it runs
MAX_FAILED_LISTED = 20


def pytest_sessionstart(session):
    STARTED.update(provenance())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if name := check_of(item.nodeid):
            RUN.collected[name] += 1
            RUN.prefixes[name].update(p for p in CHECKS[name].tests if item.nodeid.startswith(p))


def pytest_deselected(items):
    for item in items:
        if name := check_of(item.nodeid):
            RUN.deselected[name] += 1


def pytest_runtest_logreport(report):
    name = check_of(report.nodeid)
    if name is None:
        return
    RUN.seconds[name] += report.duration
    tally = RUN.outcomes[name][_function(report.nodeid)]
    if hasattr(report, "wasxfail"):
        tally["xfailed"] += 1
    elif report.skipped:  # at set-up (a mark, a missing service) or inside the test
        tally["skipped"] += 1
    elif report.failed:
        tally["failed" if report.when == "call" else "errors"] += 1
        if len(RUN.failed[name]) < MAX_FAILED_LISTED:
            RUN.failed[name].append(report.nodeid)
    elif report.when == "call":
        tally["passed"] += 1


def _database() -> str:
    try:
        from django.db import connection

        return connection.vendor
    except Exception:  # no Django configured: still keep the figures
        return "unknown"


def _complete(session, name: str, ran: int) -> bool:
    """Every case of the check ran: each of its files collected, none deselected, none left
    out by a node id, no early stop."""
    stopped = bool(session.shouldstop or session.shouldfail)
    every_file = RUN.prefixes[name] == set(CHECKS[name].tests)
    return (
        every_file
        and not (RUN.deselected[name] or _narrowed(session, name) or stopped)
        and ran >= RUN.collected[name]
    )


def _narrowed(session, name: str) -> bool:
    """A node id on the command line picked some of the check's tests."""
    files = tuple(prefix.split("::")[0] for prefix in CHECKS[name].tests)
    here = session.config.invocation_params.dir
    for arg in session.config.invocation_params.args:
        if "::" in arg:
            path = (here / arg.split("::")[0]).resolve()
            if path.is_relative_to(ROOT) and path.relative_to(ROOT).as_posix().startswith(files):
                return True
    return False


def pytest_sessionfinish(session):
    for name, functions in RUN.outcomes.items():
        totals = sum((Counter(t) for t in functions.values()), Counter())
        if not totals["passed"] + totals["failed"] + totals["errors"]:
            continue  # only skipped here (no stack, no PostgreSQL): keep the last real run
        check = CHECKS[name]
        complete = _complete(session, name, sum(totals.values()))
        write(
            name,
            # A partial run is kept beside the last complete one, not in its place.
            (check.database or _database()) + ("" if complete else PARTIAL),
            {
                "complete": complete,
                "command": " ".join(["pytest", *session.config.invocation_params.args]),
                "seconds": round(RUN.seconds[name], 1),
                "cases": dict(totals),
                "tests": {f: dict(t) for f, t in sorted(functions.items())},
                "failed": RUN.failed[name],
                "figures": (check.describe() if check.describe else {}) | _counters(check.counters),
            },
        )
