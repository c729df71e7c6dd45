#!/usr/bin/env python3
"""The static checks of docs/security.md, each with its figure kept for the table.

    python scripts/static-checks.py bandit      # make lint: fails on any finding
    python scripts/static-checks.py pip-audit   # make audit (part of make lint)

bandit runs at medium severity over ``twinning`` (migrations excluded) and fails on any
report. pip-audit audits the pinned versions of requirements/constraints.txt (``--no-deps``:
the file already pins every package) with ``--strict``'s meaning: it fails on a known
vulnerability, and on a package it could not audit while others were audited. When no
vulnerability service answers for any package (this machine reaches PyPI's index but not
its per-release JSON, which carries the vulnerabilities, nor OSV), it says NOT RUN with the
services' own error and exits 0: reported as not run, never as a pass. Each run writes
test-artifacts/figures/bandit.json or pip-audit.json (tests/figures.py).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.figures import write  # noqa: E402

CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
SERVICES = ("pypi", "osv")  # pip-audit's vulnerability services, tried in this order
TIMEOUT = 300


def bandit() -> int:
    tool = Path(sys.executable).with_name("bandit")
    command = [str(tool), "--quiet", "--recursive", "twinning", "--severity-level", "medium"]
    command += ["--exclude", "*/migrations/*", "--format", "json"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        print(run.stdout + run.stderr, file=sys.stderr)
        print("bandit: FAILED to run", file=sys.stderr)
        return 1
    totals = report["metrics"]["_totals"]
    findings = report["results"]
    for finding in findings:
        print(
            f"{finding['filename']}:{finding['line_number']}: {finding['test_id']} "
            f"({finding['issue_severity'].lower()}) {finding['issue_text']}"
        )
    figures = {
        "status": "fail" if findings or report["errors"] else "pass",
        "findings": len(findings),
        "errors": len(report["errors"]),
        "files": len(report["metrics"]) - 1,
        "lines": totals["loc"],
        "reviewed (# nosec)": totals["skipped_tests"] + totals["nosec"],
        "low severity (below the bar)": totals["SEVERITY.LOW"],
    }
    write("bandit", "-", {"command": " ".join(command[:-2]), "figures": figures})
    print(
        f"bandit: {figures['findings']} findings at medium severity or above in "
        f"{figures['files']} files ({figures['lines']:,} lines), "
        f"{figures['reviewed (# nosec)']} reviewed and marked # nosec"
    )
    return 1 if figures["status"] == "fail" else 0


def audit_once(tool: str, service: str) -> dict:
    """One pip-audit run: what it audited, skipped and found, or the error it stopped on."""
    command = [tool, "--requirement", str(CONSTRAINTS), "--no-deps", "--disable-pip"]
    command += ["--vulnerability-service", service, "--format", "json"]
    command += ["--progress-spinner", "off"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"service": service, "error": f"no answer within {TIMEOUT} s"}
    try:
        dependencies = json.loads(run.stdout)["dependencies"]
    except (ValueError, KeyError):
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        return {
            "service": service,
            "error": short(lines[-1] if lines else f"exit {run.returncode}"),
        }
    return classify(service, dependencies)


def short(error: str) -> str:
    """The cause of a connection error without urllib3's wrapping of it."""
    unresolved = re.search(r"Failed to resolve '([^']+)' \((.+?)\)", error)
    if unresolved:
        return f"NameResolutionError: Failed to resolve '{unresolved[1]}' ({unresolved[2]})"
    return error


def classify(service: str, dependencies: list[dict]) -> dict:
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    result = {
        "service": service,
        "packages": len(dependencies),
        "audited": len(dependencies) - len(skipped),
        "skipped": len(skipped),
        "vulnerabilities": sum(len(d["vulns"]) for d in vulnerable),
        "found": [
            f"{d['name']} {d['version']}: {v['id']} "
            f"(fixed in {', '.join(v['fix_versions']) or '-'})"
            for d in vulnerable
            for v in d["vulns"]
        ],
        "not audited": [d["skip_reason"] for d in skipped],
    }
    if dependencies and len(skipped) == len(dependencies):
        result["error"] = (
            f"{len(skipped)} of {len(skipped)} not audited: {skipped[0]['skip_reason']}"
        )
    return result


def verdict(results: list[dict]) -> tuple[str, dict]:
    """pass, fail or not run, and the run it rests on (the first service that audited)."""
    for result in results:
        if "error" not in result:
            strict_failure = result["vulnerabilities"] or result["skipped"]
            return ("fail" if strict_failure else "pass"), result
    return "not run", {"errors": {r["service"]: r["error"] for r in results}}


def pip_audit(tool: str | None) -> int:
    tool = tool or os.environ.get("PIP_AUDIT") or shutil.which("pip-audit")
    if not tool or not Path(tool).exists():
        status, result = "not run", {"errors": {"-": "pip-audit is not installed (make audit)"}}
    else:
        status, result = verdict([audit_once(tool, service) for service in SERVICES])
    command = f"pip-audit --strict -r {CONSTRAINTS.relative_to(ROOT)} --no-deps"
    write("pip-audit", "-", {"command": command, "figures": {"status": status} | result})
    if status == "not run":
        print("pip-audit: NOT RUN (no vulnerability database reachable; this is not a pass)")
        for service, error in result["errors"].items():
            print(f"  {service}: {error}")
        return 0
    for line in result["found"] + result["not audited"]:
        print(f"  {line}")
    print(
        f"pip-audit ({result['service']}): {status.upper()}: {result['packages']} packages, "
        f"{result['vulnerabilities']} known vulnerabilities, {result['skipped']} not audited"
    )
    return 1 if status == "fail" else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("check", choices=["bandit", "pip-audit"])
    parser.add_argument("--pip-audit", dest="tool", help="the pip-audit program to use")
    args = parser.parse_args()
    return bandit() if args.check == "bandit" else pip_audit(args.tool)


if __name__ == "__main__":
    sys.exit(main())
