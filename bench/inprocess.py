"""The in-process part of one database's run: migrate, seed, then time the search.

Run by bench/run.py in a child process whose environment names the database
(DATABASE_URL) and the settings (bench.settings); writes its figures as JSON.

    python -m bench.inprocess --records 2000 --search-rounds 20 --out figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _analyse() -> None:
    """Fresh planner statistics, as autovacuum / a periodic ANALYZE would leave them."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _summary(samples: list[float]) -> dict[str, float]:
    from bench.load import percentile

    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
        "samples": len(samples),
    }


def measure_search(queries: list[str], *, rounds: int, cached: bool) -> dict:
    """Latency of ``search()`` per query and overall, after one warm-up round.

    The rounds go through the whole query set in turn (not one query twenty times in a
    row), so a disturbance spreads over every query. ``match_ms`` is the part spent in
    the full-text backend (count + ranked page of ids); the rest is loading the hits'
    objects and the typo correction.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from twinning.search import backends, selectors

    # Uncached, every search runs on the index, as the first one after any change does;
    # cached, repeated searches are answered from the cache until the index changes.
    cache.clear()
    overridden = override_settings(TWINNING_PUBLIC_CACHE=cached)
    overridden.enable()

    spent = {"match": 0.0}
    original_match = backends.match

    def timed_match(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original_match(*args, **kwargs)
        finally:
            spent["match"] += time.perf_counter() - started

    backends.match = timed_match
    try:
        per_query: dict[str, dict] = {}
        for query in queries:  # warm-up: caches, jieba, prepared plans
            with CaptureQueriesContext(connection) as captured:
                found = selectors.search(query=query)
            per_query[query] = {
                "terms": found.terms,
                "hits": found.total,
                "corrected_query": found.corrected_query,
                "results_on_page": len(found.results),
                "sql_queries": len(captured.captured_queries),
                "times": [],
                "match_times": [],
            }
        for _round in range(rounds):
            for query in queries:
                spent["match"] = 0.0
                started = time.perf_counter()
                selectors.search(query=query)
                elapsed = time.perf_counter() - started
                per_query[query]["times"].append(elapsed * 1000)
                per_query[query]["match_times"].append(spent["match"] * 1000)
    finally:
        backends.match = original_match
        overridden.disable()

    every = [t for figures in per_query.values() for t in figures["times"]]
    queries_out = {}
    for query, figures in per_query.items():
        times, match_times = figures.pop("times"), figures.pop("match_times")
        queries_out[query] = (
            figures | _summary(times) | {"match_p50_ms": round(statistics.median(match_times), 2)}
        )
    return {"rounds": rounds, "overall": _summary(every), "queries": queries_out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--search-rounds", type=int, default=20)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    _setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.queries import QUERIES
    from bench.seed import seed

    def say(message: str) -> None:
        print(message, flush=True)

    figures: dict = {"vendor": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    figures["migrate_seconds"] = round(time.perf_counter() - started, 1)
    say(f"  migrated in {figures['migrate_seconds']} s; seeding {args.records:,} records")
    counts = seed(records=args.records, progress=say)
    figures["seed"] = {k: round(v, 1) if isinstance(v, float) else v for k, v in counts.items()}
    started = time.perf_counter()
    _analyse()
    figures["analyse_seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        cursor.execute("SELECT version()" if postgresql else "SELECT sqlite_version()")
        figures["database_version"] = cursor.fetchone()[0]
    say(f"  searching: {len(QUERIES)} queries x {args.search_rounds} rounds")
    figures["search"] = measure_search(QUERIES, rounds=args.search_rounds, cached=False)
    figures["search_cached"] = measure_search(QUERIES, rounds=args.search_rounds, cached=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
