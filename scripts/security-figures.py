#!/usr/bin/env python3
"""The figure column of docs/security.md's table, from the figures the last runs kept.

    python scripts/security-figures.py                 # each check's latest figure
    python scripts/security-figures.py --update docs/security.md
    python scripts/security-figures.py record load RESULTS.json   # keep a load run's figures

The tests write test-artifacts/figures/<check>.json (tests/figures.py; bandit and pip-audit
by scripts/static-checks.py; the load by ``record``, called by make stack-test and make
loadtest). ``--update`` rewrites the figure cells of the table between the
``security-figures`` markers; a check with no figures file here keeps its cell as it is
(say the stack was not run on this machine). A figure from a run that left cases out
(``-k``, a node id, ``-x``) says "partial run".
"""

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.figures import PARTIAL, figures_dir, write  # noqa: E402

DATABASES = {"postgresql": "PostgreSQL", "sqlite": "SQLite", "stack": "stack", "-": ""}
START, END = "<!-- security-figures:start -->", "<!-- security-figures:end -->"


def _n(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _cases(run: dict, test: str | None = None) -> dict:
    return run["tests"].get(test, {}) if test else run["cases"]


def _failing(counts: dict) -> int:
    return counts.get("failed", 0) + counts.get("errors", 0)


def _tests(run: dict, test: str | None = None) -> str:
    counts = _cases(run, test)
    ran = sum(counts.values()) - counts.get("skipped", 0)
    text = f"{_n(counts.get('passed', 0))} of {_n(ran)} pass"
    if counts.get("skipped"):
        text += f", {counts['skipped']} skipped"
    return text


def access_matrix(run: dict) -> str:
    f, access = run["figures"], _cases(run, "test_access")
    idor = _cases(run, "test_the_ids_of_another_delegation_give_nothing")
    return (
        f"{f['patterns']} patterns ({f['API patterns']} API) × {f['roles']} roles: "
        f"**{_n(sum(access.values()))} access cases, {_n(sum(idor.values()))} IDOR cases** "
        f"({f['IDOR patterns']} object patterns), "
        f"**{_failing(access) + _failing(idor)} failing**"
    )


def forms(run: dict) -> str:
    f, cases = (
        run["figures"],
        _cases(run, "test_no_form_answers_generated_input_with_a_server_error"),
    )
    return (
        f"{_n(sum(cases.values()))} page × role cases, {_n(f['forms'])} forms, "
        f"{_n(f['posts'])} posts: **{f['forms failing']} forms with a 5xx**, "
        f"{_failing(cases)} cases failing"
    )


def services(run: dict) -> str:
    f = run["figures"]
    cases = _cases(run, "test_a_service_answers_generated_input_with_its_work_or_a_refusal")
    fuzzed = cases.get("passed", 0) + _failing(cases)
    return (
        f"{fuzzed} services fuzzed ({_n(f['calls'])} calls, {_n(f['refused'])} refused with a "
        f"message), {cases.get('skipped', 0)} take only objects the system made: "
        f"**{_failing(cases)} failing**"
    )


def schemathesis(run: dict) -> str:
    f = run["figures"]
    unauthenticated = _cases(run, "test_an_operation_that_needs_a_token_answers_401_without_one")
    return (
        f"**{f['operations']} operations, {_n(f['cases'])} cases, {f['5xx']} server errors**; "
        f"{_tests(run, 'test_the_api_keeps_to_its_schema')} (one test per operation); "
        f"{unauthenticated.get('passed', 0)} secured operations answer 401 without a token"
    )


def tests(run: dict) -> str:
    return f"{_tests(run)}"


def load(run: dict) -> str:
    parts = []
    for r in run["figures"]["scenarios"]:
        errors = r["failures"] + r["transport_errors"]
        parts.append(
            f"{r['scenario'].split(' (')[0].split(':')[0]}: {_n(r['requests'])} requests, "
            f"{errors} errors, {r['server_errors']} 5xx, p95 {r['p95_ms']:.0f} ms"
        )
    return f"{run['figures']['seconds']} s per scenario: " + "; ".join(parts)


def recorded(key: str, test: str) -> Callable[[dict], str]:
    def text(run: dict) -> str:
        figures = run["figures"].get(key)
        shown = ", ".join(
            f"{k} {json.dumps(v)}" for k, v in (figures or {}).items() if k != "errors"
        )
        return f"{_tests(run, test)}" + (f": {shown}" if shown else "")

    return text


def bandit(run: dict) -> str:
    f = run["figures"]
    return (
        f"**{f['findings']} findings** at medium or above in {f['files']} files "
        f"({_n(f['lines'])} lines); {f['reviewed (# nosec)']} reviewed `# nosec`"
    )


def pip_audit(run: dict) -> str:
    f = run["figures"]
    if f["status"] == "not run":
        errors = "; ".join(f"{service}: {error}" for service, error in f["errors"].items())
        return f"**not run** (no vulnerability database reachable: {errors})"
    return (
        f"**{f['status']}** ({f['service']}): {f['packages']} packages, "
        f"{f['vulnerabilities']} known vulnerabilities, {f['skipped']} not audited"
    )


@dataclass(frozen=True)
class Row:
    label: str  # the table's first cell, as written there
    check: str  # test-artifacts/figures/<check>.json
    figure: Callable[[dict], str]


FAULTS = "test_an_app_server_killed_during_a_burst_loses_nothing_half_written"
ROWS = [
    Row("Stack in CI", "stack", tests),
    Row("Load", "load", load),
    Row("Load, short (CI)", "load-ci", load),
    Row(
        "Burst",
        "stack",
        recorded("burst", "test_500_sign_ups_at_once_take_exactly_54_seats_without_a_server_error"),
    ),
    Row(
        "Fault: app server killed in a burst", "stack", recorded("fault_app_server_killed", FAULTS)
    ),
    Row(
        "Fault: app server killed under reads",
        "stack",
        recorded(
            "fault_app_server_killed_under_reads",
            "test_an_app_server_killed_under_page_load_costs_no_request",
        ),
    ),
    Row(
        "Fault: worker killed mid-task",
        "stack",
        recorded(
            "fault_worker_killed",
            "test_the_worker_killed_mid_task_sends_the_e_mail_once_after_restart",
        ),
    ),
    Row(
        "Fault: Redis stopped",
        "stack",
        recorded("fault_redis_stopped", "test_with_redis_stopped_pages_serve_and_forms_refuse"),
    ),
    Row(
        "Fault: PostgreSQL connections dropped",
        "stack",
        recorded(
            "fault_postgres_connections_dropped",
            "test_dropped_database_connections_are_replaced_without_an_error",
        ),
    ),
    Row(
        "Fault: PostgreSQL stopped",
        "stack",
        recorded(
            "fault_postgres_stopped",
            "test_with_postgresql_stopped_a_clear_503_page_then_recovery_without_restart",
        ),
    ),
    Row("Access matrix and IDOR", "access-matrix", access_matrix),
    Row("Bad input: forms", "bad-input-forms", forms),
    Row("Bad input: services", "bad-input-services", services),
    Row("Bad input: API (schemathesis)", "schemathesis", schemathesis),
    Row("Sessions", "sessions", tests),
    Row("Personal data: no plaintext", "no-plaintext", tests),
    Row("Personal data: key rotation", "key-rotation", tests),
    Row("Personal data: retention", "retention", tests),
    Row("Personal data: export and erasure", "export-erasure", tests),
    Row("Backups", "backups", tests),
    Row("bandit", "bandit", bandit),
    Row("pip-audit", "pip-audit", pip_audit),
]


def _runs(check: str) -> dict:
    path = figures_dir() / f"{check}.json"
    return json.loads(path.read_text())["runs"] if path.exists() else {}


def figure(row: Row) -> str | None:
    """The row's figure per database, newest first, each with its date and commit."""
    runs = _runs(row.check)
    # A partial run is shown only where no complete one was kept for that database.
    runs = {
        k: run
        for k, run in runs.items()
        if k.removesuffix(PARTIAL) == k or k.removesuffix(PARTIAL) not in runs
    }
    texts = []
    for database, run in sorted(runs.items(), key=lambda item: item[1]["date"], reverse=True):
        database = database.removesuffix(PARTIAL)
        try:
            text = row.figure(run)
        except KeyError:  # a run that did not reach this row's test (stack: not its fault)
            continue
        where = DATABASES.get(database, database)
        source = f"{run['date'][:16].replace('T', ' ')} UTC, {run['commit'] or 'no commit'}"
        if run.get("changed files"):
            source += "+changes"
        if run.get("complete") is False:
            source += f", partial run: `{run['command']}`"
        texts.append(f"{where + ': ' if where else ''}{text} ({source})")
    return "; ".join(texts) or None


def update(document: Path) -> int:
    text = document.read_text()
    head, found, rest = text.partition(START)
    table, ended, tail = rest.partition(END)
    if not (found and ended):
        print(f"{document}: no {START} … {END} table", file=sys.stderr)
        return 1
    lines = table.splitlines()
    figures = {row.label: figure(row) for row in ROWS}
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        new = figures.get(cells[0]) if len(cells) > 1 else None
        if new is not None:
            cells[-1] = new
            lines[i] = "| " + " | ".join(cells) + " |"
    missing = set(figures) - {
        line.strip().strip("|").split("|")[0].strip() for line in lines if line.startswith("|")
    }
    document.write_text(head + found + "\n".join(lines) + "\n" + ended + tail)
    for label in sorted(missing):
        print(f"{document}: no row '{label}' in the table", file=sys.stderr)
    return 1 if missing else 0


def record(check: str, results: Path) -> int:
    """Keep a load run's results (stack/load.py's JSON) as the figures of ``check``."""
    scenarios = json.loads(results.read_text())
    seconds = scenarios[0]["seconds"] if scenarios else 0
    entry = {"command": f"python -m stack.load --seconds {seconds}"}
    write(check, "stack", entry | {"figures": {"seconds": seconds, "scenarios": scenarios}})
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", type=Path, metavar="DOCUMENT")
    sub = parser.add_subparsers(dest="action")
    keep = sub.add_parser("record", help="keep a load run's figures")
    keep.add_argument("check")
    keep.add_argument("results", type=Path)
    args = parser.parse_args()
    if args.action == "record":
        return record(args.check, args.results)
    if args.update:
        return update(args.update)
    for row in ROWS:
        print(f"{row.label}: {figure(row) or 'no figures here'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
