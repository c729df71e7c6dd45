"""Load on the stack with locust: public pages, search, the public API, sign-up; one
scenario at a time.

    python -m stack.load --seconds 60        # make loadtest
    python -m stack.load --seconds 5         # the short run of CI

Loopback only (the stack's nginx), bounded by duration and by a request count. Prints a
Markdown table for docs/performance.md and writes the figures to
$TWINNING_STACK_DIR/results/load-<seconds>s.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = {
    # class: (label, concurrent users)
    "PublicPages": ("public pages", 16),
    "Search": ("search", 8),
    "Api": ("API (public reads, next pages by cursor)", 8),
    "SignUp": ("sign-up (new account + registration)", 4),
}
MAX_REQUESTS = 100_000


def _stack_env() -> dict[str, str]:
    folder = Path(os.environ.get("TWINNING_STACK_DIR", "/tmp/twinning-stack"))
    lines = (folder / "env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _signup_delegation(env: dict[str, str]) -> str:
    """A delegation with seats for every sign-up of the run."""
    out = subprocess.run(
        [sys.executable, "-m", "stack.prepare", "burst", "--seats", "100000", "--visitors", "0"],
        env={**os.environ, **env},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return json.loads(out)["slug"]


def run_scenario(name: str, *, users: int, seconds: int, env: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        prefix, statuses = Path(scratch) / "stats", Path(scratch) / "statuses.json"
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "stack" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            env["TWINNING_STACK_URL"],
            "--csv",
            str(prefix),
            "--exit-code-on-error",
            "0",
            name,
        ]
        subprocess.run(
            command,
            env={
                **os.environ,
                "LOAD_SIGNUP_SLUG": env.get("LOAD_SIGNUP_SLUG", ""),
                "LOAD_STATUS_FILE": str(statuses),
                "LOAD_MAX_REQUESTS": str(MAX_REQUESTS),
            },
            cwd=ROOT,
            check=True,
            timeout=seconds + 120,
            capture_output=True,
        )
        with open(f"{prefix}_stats.csv") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
        counted = json.loads(statuses.read_text()) if statuses.exists() else {}
    total = rows["Aggregated"]
    return {
        "scenario": SCENARIOS[name][0],
        "users": users,
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "server_errors": counted.get("5xx", 0),
        "transport_errors": counted.get("error", 0),
        "statuses": counted,
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": _ms(total["50%"]),
        "p95_ms": _ms(total["95%"]),
        "p99_ms": _ms(total["99%"]),
        "per_name": {
            key: {"requests": int(row["Request Count"]), "p95_ms": _ms(row["95%"])}
            for key, row in rows.items()
            if key != "Aggregated"
        },
    }


def _ms(value: str) -> float:
    """Locust writes "N/A" for a percentile of no requests: counted as no figure."""
    return float(value) if value not in ("", "N/A") else float("nan")


def warm_up(env: dict[str, str], rounds: int = 6) -> None:
    """Load each app worker's search dictionaries once, so a short run measures the site
    rather than the first search after a worker started (CC-CEDICT takes about a second)."""
    import urllib.request

    ports = [p for p in env.get("TWINNING_STACK_APP_PORTS", "").split(",") if p]
    for port in ports:
        for _round in range(rounds):
            url = f"http://127.0.0.1:{port}/en/search/?q=tunnel+boring+machine"
            request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def table(results: list[dict]) -> str:
    lines = [
        "| scenario | users | requests | errors | 5xx | req/s | p50 / p95 / p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        errors = r["failures"] + r["transport_errors"]
        lines.append(
            f"| {r['scenario']} | {r['users']} | {r['requests']:,} | {errors} | "
            f"{r['server_errors']} | {r['requests_per_second']} | "
            f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f} / {r['p99_ms']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scenarios", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--allow-errors", action="store_true", help="exit 0 even with errors")
    args = parser.parse_args()
    env = _stack_env()
    env["LOAD_SIGNUP_SLUG"] = _signup_delegation(env)
    warm_up(env)
    results = []
    for name in args.scenarios:
        print(f"load: {name} for {args.seconds} s", flush=True)
        results.append(run_scenario(name, users=SCENARIOS[name][1], seconds=args.seconds, env=env))
    out = Path(env["TWINNING_STACK_DIR"]) / "results" / f"load-{args.seconds}s.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    bad = [
        r["scenario"]
        for r in results
        if r["failures"] or r["server_errors"] or r["transport_errors"] or not r["requests"]
    ]
    if bad and not args.allow_errors:
        sys.exit(f"load: errors in {', '.join(bad)} (figures in {out})")


if __name__ == "__main__":
    main()
