"""The figures of docs/security.md's table: kept by tests/figures.py and the static checks,
printed by scripts/security-figures.py. A renamed test module or counter would otherwise
leave the table's figure silently old."""

import importlib.util
import json
import re

import pytest

from tests import figures
from tests.figures import CHECKS, ROOT

SECURITY = ROOT / "docs" / "security.md"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), ROOT / "scripts" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


table = _script("security-figures.py")
static = _script("static-checks.py")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TWINNING_FIGURES_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("prefix", [p for c in CHECKS.values() for p in c.tests])
def test_every_check_names_tests_that_exist(prefix):
    path, _, function = prefix.partition("::")
    source = ROOT / path

    assert source.exists()
    if function:
        assert re.search(rf"^def {function}", source.read_text(), re.MULTILINE)


@pytest.mark.parametrize("spec", [c.counters for c in CHECKS.values() if c.counters])
def test_every_counter_a_check_reads_is_kept_by_its_module(spec):
    module, name = spec.split(":")
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text()

    assert re.search(rf"^{name}(: .*)? = ", source, re.MULTILINE)


@pytest.mark.parametrize("row", table.ROWS, ids=[row.label for row in table.ROWS])
def test_every_row_of_the_script_is_a_row_of_the_table(row):
    table_text = SECURITY.read_text().partition(table.START)[2].partition(table.END)[0]

    assert f"\n| {row.label} |" in table_text
    assert row.check in {*CHECKS, "load", "load-ci", "bandit", "pip-audit"}


def test_a_kept_run_is_printed_with_its_database_date_and_commit(folder):
    figures.write(
        "sessions",
        "postgresql",
        {"complete": True, "command": "pytest", "cases": {"passed": 9}, "tests": {}},
    )
    figures.write(
        "sessions",
        "sqlite",
        {"complete": False, "command": "pytest -k x", "cases": {"passed": 2}, "tests": {}},
    )

    text = table.figure(table.Row("Sessions", "sessions", table.tests))

    assert "PostgreSQL: 9 of 9 pass (" in text
    assert "SQLite: 2 of 2 pass (" in text
    assert "partial run: `pytest -k x`" in text
    assert json.loads((folder / "sessions.json").read_text())["runs"].keys() == {
        "postgresql",
        "sqlite",
    }


def test_a_partial_run_is_shown_only_where_no_complete_one_was_kept(folder):
    def keep(database, passed):
        figures.write("backups", database, {"cases": {"passed": passed}, "tests": {}})

    keep("sqlite", 6)
    keep("sqlite" + figures.PARTIAL, 2)
    keep("postgresql" + figures.PARTIAL, 3)

    text = table.figure(table.Row("Backups", "backups", table.tests))

    assert text.count("pass (") == 2
    assert "SQLite: 6 of 6 pass" in text
    assert "PostgreSQL: 3 of 3 pass" in text


def test_update_rewrites_the_figure_cells_it_has_figures_for_and_keeps_the_others(folder):
    figures.write("backups", "sqlite", {"cases": {"passed": 6}, "tests": {}})
    document = folder / "security.md"
    document.write_text(
        f"x\n{table.START}\n| check | command | figure |\n| --- | --- | --- |\n"
        "| Backups | `pytest tests/core/test_backup.py` | old |\n"
        f"| Load | `make loadtest` | from docs/performance.md |\n{table.END}\ny\n"
    )

    table.update(document)

    text = document.read_text()
    assert "| Backups | `pytest tests/core/test_backup.py` | SQLite: 6 of 6 pass (" in text
    assert "| Load | `make loadtest` | from docs/performance.md |" in text
    assert text.startswith("x\n")
    assert text.endswith(f"{table.END}\ny\n")


def _dependency(name, vulns=None, skipped=False):
    if skipped:
        return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}
    return {"name": name, "version": "1.0", "vulns": vulns or []}


VULN = {"id": "PYSEC-1", "fix_versions": ["1.1"]}


@pytest.mark.parametrize(
    ("dependencies", "status"),
    [
        ([_dependency("a"), _dependency("b")], "pass"),
        ([_dependency("a", [VULN]), _dependency("b")], "fail"),
        ([_dependency("a"), _dependency("b", skipped=True)], "fail"),  # --strict
        ([_dependency("a", skipped=True), _dependency("b", skipped=True)], "not run"),
    ],
    ids=["clean", "a vulnerability", "one package not audited", "no package audited"],
)
def test_pip_audit_passes_fails_or_says_not_run(dependencies, status):
    results = [static.classify("pypi", dependencies), {"service": "osv", "error": "no DNS"}]

    assert static.verdict(results)[0] == status


def test_pip_audit_uses_the_first_service_that_answers():
    results = [{"service": "pypi", "error": "404"}, static.classify("osv", [_dependency("a")])]

    assert static.verdict(results) == ("pass", results[1])


def test_pip_audit_not_run_exits_0_and_keeps_each_services_error(folder, capsys):
    assert static.pip_audit(str(folder / "no-such-program")) == 0

    kept = json.loads((folder / "pip-audit.json").read_text())["runs"]["-"]["figures"]
    assert kept["status"] == "not run"
    assert "NOT RUN" in capsys.readouterr().out


def test_a_load_run_is_kept_and_printed(folder):
    results = folder / "load-5s.json"
    scenario = {"scenario": "search (7 queries)", "requests": 1200, "failures": 0}
    scenario |= {"transport_errors": 0, "server_errors": 0, "p95_ms": 390.0, "seconds": 5}
    results.write_text(json.dumps([scenario]))

    table.record("load", results)

    text = table.figure(table.Row("Load", "load", table.load))
    assert text.startswith("stack: 5 s per scenario: search: 1,200 requests, 0 errors, 0 5xx")


def test_the_figures_are_kept_in_the_ignored_test_artifacts(monkeypatch):
    monkeypatch.delenv("TWINNING_FIGURES_DIR", raising=False)

    assert figures.figures_dir() == ROOT / "test-artifacts" / "figures"
    assert "/test-artifacts/" in (ROOT / ".gitignore").read_text().splitlines()
