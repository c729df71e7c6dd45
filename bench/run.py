"""`make bench`: search latency, archive-list and sign-up throughput on SQLite and PostgreSQL.

For each database: create it empty, migrate, seed N synthetic records and index them,
time the fixed query set through ``search()`` in-process, then serve the site with
gunicorn and compare the archive list page's throughput with a minimal Django view
served the same way in the same run, and the throughput of signed-in delegates POSTing
the register form (bench/signup.py, --signups of them) against the same baseline.
Prints a table and writes every figure as JSON to bench/results/.

    python -m bench.run                                   # 100,000 records, both databases
    python -m bench.run --records 2000 --seconds 3        # a quick smoke run
    python -m bench.run --databases sqlite --out /tmp/bench.json

Performance is judged by ratios against the baseline of the same run, never by absolute
timings, which depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from bench.load import drive, get, post_each

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "twinning_bench"  # created and dropped by this script, nothing else
# The cache production runs with (public pages and search results); a database of its
# own, emptied before each run.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASES = ("sqlite", "postgresql")

SEARCH_P95_GOAL_MS = 50.0
LIST_RATIO_GOAL = 0.5
PAGES = {
    "minimal": "/bench/minimal/",
    "list": "/en/exchanges/",
    "list_filtered": "/en/exchanges/?category=education&year_from=2000&year_to=2010",
}


def _say(message: str = "") -> None:
    print(message, flush=True)


# Databases ---------------------------------------------------------------------------


def _postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


@contextlib.contextmanager
def _database(vendor: str, *, records: int, keep: bool) -> Iterator[str]:
    """An empty database for one run, as a DATABASE_URL; removed afterwards."""
    if vendor == "sqlite":
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"bench-{records}.sqlite3"
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        for file in files:
            file.unlink(missing_ok=True)
        try:
            yield f"sqlite:///{path}"
        finally:
            if not keep:
                for file in files:
                    file.unlink(missing_ok=True)
    elif vendor == "postgresql":
        _postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        _postgres_admin(f"CREATE DATABASE {POSTGRES_DATABASE}")
        try:
            yield f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
        finally:
            if not keep:
                _postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
    else:
        raise ValueError(f"Unknown database {vendor!r}: choose from {', '.join(DATABASES)}")


def _fresh_redis() -> str | None:
    """An emptied Redis database for the run's cache, as production has; None without one."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
    except Exception:  # no Redis: the run goes on without the shared cache
        return None
    return REDIS_URL


def _environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEBUG", None)
    redis_url = _fresh_redis()
    if redis_url:
        env["REDIS_URL"] = redis_url
    env |= {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }
    return env


def _in_process(env: dict[str, str], *, records: int, rounds: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        command = [sys.executable, "-m", "bench.inprocess", "--records", str(records)]
        command += ["--search-rounds", str(rounds), "--out", str(out)]
        subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=timeout)
        return json.loads(out.read_text(encoding="utf-8"))


# gunicorn ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], *, workers: int, log: Path) -> Iterator[int]:
    """gunicorn serving the site on a free local port; always stopped on the way out."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "twinning.wsgi:application"]
    command += ["--workers", str(workers), "--worker-class", "sync"]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "60"]
    command += ["--log-level", "warning", "--error-logfile", str(log)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
            with contextlib.suppress(OSError):
                if get(port, PAGES["minimal"], timeout=2)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 30 s; see {log}")
            time.sleep(0.2)
        yield port
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # our own session: gunicorn and its workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _check_pages(port: int) -> dict[str, int]:
    """Every page answers 200 with what it should show, before anything is timed."""
    rows = {}
    for name, path in PAGES.items():
        status, body = get(port, path, timeout=30)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        if name == "minimal" and body != b"ok":
            raise RuntimeError(f"{path} answered {body[:80]!r}")
        if name != "minimal":
            rows[name] = body.count(b'<li class="record">')
            if b'class="record-list"' not in body or rows[name] == 0:
                raise RuntimeError(f"{path} shows no record")
    return rows


def _throughput(port: int, *, seconds: float, rounds: int, concurrency: int) -> dict:
    """Requests/second of each page, the pages taking turns so noise hits them all."""
    for path in PAGES.values():  # warm-up: every worker loads templates and catalogues
        drive(port, path, seconds=min(2.0, seconds), concurrency=concurrency)
    runs: dict[str, list[dict]] = {name: [] for name in PAGES}
    for round_number in range(rounds):
        for name, path in PAGES.items():
            result = drive(port, path, seconds=seconds, concurrency=concurrency).as_dict()
            runs[name].append(result)
            _say(
                f"    round {round_number + 1} {name:<14} {result['requests_per_second']:>8.1f}"
                f" req/s  p50 {result['p50_ms']:.1f} ms  errors {result['errors']}"
            )
    pages = {}
    for name, results in runs.items():
        requests = sum(r["requests"] for r in results)
        elapsed = sum(r["seconds"] for r in results)
        pages[name] = {
            "path": PAGES[name],
            "requests": requests,
            "errors": sum(r["errors"] for r in results),
            "requests_per_second": round(requests / elapsed, 2),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
            "p95_ms": round(max(r["p95_ms"] for r in results), 2),
            "bytes_per_response": results[-1]["bytes_per_response"],
            "runs": results,
        }
    baseline = pages["minimal"]["requests_per_second"] or 1.0
    ratios = {
        name: round(pages[name]["requests_per_second"] / baseline, 3)
        for name in PAGES
        if name != "minimal"
    }
    return {"pages": pages, "ratio_to_minimal": ratios}


# Sign-up ----------------------------------------------------------------------------


def _signup_prepare(env: dict[str, str], *, users: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "signup.json"
        command = [sys.executable, "-m", "bench.signup", "--users", str(users), "--out", str(out)]
        subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=timeout)
        return json.loads(out.read_text(encoding="utf-8"))


def _signup(
    env: dict[str, str], port: int, prepared: dict, *, concurrency: int, minimal_rps: float
) -> dict:
    """Each prepared delegate POSTs the register form once; the ratio to the minimal view."""
    result = post_each(
        port,
        prepared["path"],
        prepared["requests"],
        concurrency=concurrency,
        success_location=prepared["success_location"],
    ).as_dict()
    count = [sys.executable, "-m", "bench.signup", "--count"]
    held = int(subprocess.run(count, env=env, cwd=ROOT, check=True, capture_output=True).stdout)
    if held != result["requests"]:
        raise RuntimeError(f"{result['requests']} sign-ups answered, {held} registrations held")
    _say(
        f"    sign-up {result['requests_per_second']:>8.1f} /s  p50 {result['p50_ms']:.1f} ms"
        f"  p95 {result['p95_ms']:.1f} ms  errors {result['errors']}"
    )
    return {
        **result,
        "users": prepared["users"],
        "ratio_to_minimal": round(result["requests_per_second"] / (minimal_rps or 1.0), 3),
    }


# Report ------------------------------------------------------------------------------


def _machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory_gb = round(int(first.split()[1]) / 1024 / 1024, 1)
    import django
    import gunicorn

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "system": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
    }


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (Chinese characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def _print_report(report: dict) -> None:
    args = report["arguments"]
    _say()
    _say(
        f"Search latency, {args['records']:,} records, {report['query_count']} queries x "
        f"{args['search_rounds']} rounds (ms)"
    )
    _say(f"  {'database':<22}{'p50':>8}{'p95':>8}{'max':>8}   goal p95 < {SEARCH_P95_GOAL_MS:g} ms")
    for vendor, figures in report["databases"].items():
        for label, key, goal in (
            ("uncached", "search", "search_p95"),
            ("cached", "search_cached", "search_p95_cached"),
        ):
            overall = figures[key]["overall"]
            met = "met" if figures["goals"][goal] else "NOT met"
            _say(
                f"  {vendor + ' ' + label:<22}{overall['p50_ms']:>8.1f}{overall['p95_ms']:>8.1f}"
                f"{overall['max_ms']:>8.1f}   {met}"
            )
    _say()
    _say("  per query (p50 / p95 ms, hits):")
    vendors = list(report["databases"])
    _say("  " + f"{'query':<30}" + "".join(f"{v:>26}" for v in vendors))
    first = report["databases"][vendors[0]]["search"]["queries"]
    for query in first:
        cells = []
        for vendor in vendors:
            q = report["databases"][vendor]["search"]["queries"][query]
            cells.append(f"{q['p50_ms']:>7.1f} /{q['p95_ms']:>7.1f}  {q['hits']:>8,}")
        _say("  " + _pad(query, 30) + "".join(f"{c:>26}" for c in cells))
    _say()
    _say(
        f"Throughput, gunicorn {args['workers']} sync workers, {args['concurrency']} concurrent"
        f" clients, {args['rounds']} x {args['seconds']:g} s per page (requests/s)"
    )
    _say(
        f"  {'database':<12}{'minimal':>10}{'list':>10}{'ratio':>8}{'filtered':>10}{'ratio':>8}"
        f"   goal list >= {LIST_RATIO_GOAL:g} x minimal"
    )
    for vendor, figures in report["databases"].items():
        pages, ratios = figures["throughput"]["pages"], figures["throughput"]["ratio_to_minimal"]
        met = "met" if figures["goals"]["list_ratio"] else "NOT met"
        _say(
            f"  {vendor:<12}{pages['minimal']['requests_per_second']:>10.1f}"
            f"{pages['list']['requests_per_second']:>10.1f}{ratios['list']:>8.3f}"
            f"{pages['list_filtered']['requests_per_second']:>10.1f}"
            f"{ratios['list_filtered']:>8.3f}   {met}"
        )
    if any("signup" in figures for figures in report["databases"].values()):
        _say()
        _say(
            f"Sign-up, {args['signups']} signed-in delegates POST the register form once each,"
            f" {args['concurrency']} concurrent clients (sign-ups/s)"
        )
        _say(f"  {'database':<12}{'sign-ups/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'ratio':>8}")
        for vendor, figures in report["databases"].items():
            if "signup" in figures:
                signup = figures["signup"]
                _say(
                    f"  {vendor:<12}{signup['requests_per_second']:>12.1f}{signup['p50_ms']:>10.1f}"
                    f"{signup['p95_ms']:>10.1f}{signup['ratio_to_minimal']:>8.3f}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--seconds", type=float, default=10.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=2, help="throughput rounds")
    parser.add_argument("--search-rounds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--signups", type=int, default=200, help="sign-up scenario: delegates (0: skip it)"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="persistent database connections for gunicorn (default: as configured)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=1800, help="per database, in-process")
    args = parser.parse_args(argv)
    vendors = [v.strip() for v in args.databases.split(",") if v.strip()]
    for vendor in vendors:
        if vendor not in DATABASES:
            parser.error(f"unknown database {vendor!r}: choose from {', '.join(DATABASES)}")

    from bench.queries import QUERIES

    RESULTS.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS / f"bench-{stamp}.json"
    report = {
        "date": started.isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench.run", *(argv or sys.argv[1:])]),
        "arguments": {k: v for k, v in vars(args).items() if k != "out"},
        "machine": _machine(),
        "query_count": len(QUERIES),
        "goals": {"search_p95_ms": SEARCH_P95_GOAL_MS, "list_ratio": LIST_RATIO_GOAL},
        "databases": {},
    }
    for vendor in vendors:
        _say(f"== {vendor}: {args.records:,} records")
        vendor_started = time.perf_counter()
        with _database(vendor, records=args.records, keep=args.keep) as database_url:
            env = _environment(database_url)
            figures = _in_process(
                env, records=args.records, rounds=args.search_rounds, timeout=args.timeout
            )
            if args.conn_max_age is not None:
                joiner = "&" if "?" in database_url else "?"
                env["DATABASE_URL"] = f"{database_url}{joiner}conn_max_age={args.conn_max_age}"
            prepared = None
            if args.signups:
                prepared = _signup_prepare(env, users=args.signups, timeout=args.timeout)
            _say(f"  gunicorn: {', '.join(PAGES.values())}")
            log = RESULTS / f"gunicorn-{vendor}-{stamp}.log"
            # Other work on the machine shows here (1-minute load average of all cores).
            figures["load_average_before_throughput"] = round(os.getloadavg()[0], 2)
            with _gunicorn(env, workers=args.workers, log=log) as port:
                figures["records_on_page"] = _check_pages(port)
                figures["throughput"] = _throughput(
                    port, seconds=args.seconds, rounds=args.rounds, concurrency=args.concurrency
                )
                if prepared is not None:
                    figures["signup"] = _signup(
                        env,
                        port,
                        prepared,
                        concurrency=args.concurrency,
                        minimal_rps=figures["throughput"]["pages"]["minimal"][
                            "requests_per_second"
                        ],
                    )
        figures["load_average_after_throughput"] = round(os.getloadavg()[0], 2)
        figures["goals"] = {
            "search_p95": figures["search"]["overall"]["p95_ms"] < SEARCH_P95_GOAL_MS,
            "search_p95_cached": figures["search_cached"]["overall"]["p95_ms"] < SEARCH_P95_GOAL_MS,
            "list_ratio": figures["throughput"]["ratio_to_minimal"]["list"] >= LIST_RATIO_GOAL,
        }
        figures["seconds"] = round(time.perf_counter() - vendor_started, 1)
        report["databases"][vendor] = figures
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    _print_report(report)
    _say()
    _say(f"Figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
