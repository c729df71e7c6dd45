"""`make bench` (scheduler part): the meeting scheduler against its baselines and its bound.

For sizes × regimes × seeds of the seeded generator (``twinning.scheduler.generate``), each
in a subprocess of its own (so that peak memory is the method's: ``ru_maxrss``):

- ``project``: ``twinning.scheduler.solve`` with the size's time limit (its output carries
  its own upper bound, so the time includes the bound);
- ``greedy``: ``twinning.scheduler.greedy.greedy``, the baseline of most tools;
- ``cpsat``: OR-Tools CP-SAT on the same problem (``bench/cpsat.py``), same limit, 2 workers;
- ``bound``: ``twinning.scheduler.bound.lp_upper_bound`` (LP relaxation, HiGHS).

Every schedule goes through the bench's own feasibility check (``bench/schedule_check.py``);
one that fails makes the run fail (exit status 1). At L, a **repair** after 5% of the
participants cancel is timed and its moves counted. Prints a table, writes the figures
as JSON to bench/results/ and the table as Markdown for docs/performance.md.

    python -m bench.scheduler                 # S, M, L, XL × 3 regimes × 3 seeds (~25 min)
    python -m bench.scheduler --quick         # S and M, one seed, short limits (CI, ~2 min)
    python -m bench.scheduler --sizes M --regimes tight --seeds 1
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"

LIMITS = {"S": 2.0, "M": 5.0, "L": 10.0, "XL": 30.0}  # seconds, project solver and CP-SAT
QUICK_LIMITS = {"S": 1.0, "M": 3.0}
METHODS = ("project", "greedy", "cpsat")
REGIME_NAMES = ("ample", "tight", "scarce")
RATIO_GOAL = 0.998
REPAIR_SECONDS_GOAL = 1.0
REPAIR_CANCEL_SHARE = 0.05
TIME_GOALS = {"L": 10.0, "XL": 30.0}
LIMIT_MARGIN = 0.1  # seconds: what a project run may exceed its limit by (timer granularity)
BOUND_MIN_SECONDS = 30.0


def _say(message: str = "") -> None:
    print(message, flush=True)


# The worker: one method on one input, in its own process ---------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _as_document(schedule) -> dict:
    out = schedule.to_json()
    return json.loads(out) if isinstance(out, str) else out


def _worker(method: str, doc: dict, time_limit: float, seed: int) -> dict:
    """Run ``method``; the result has ``seconds`` and the method's output."""
    if method == "cpsat":
        from bench import cpsat

        start_mb = _rss_mb()
        started = time.perf_counter()
        output = cpsat.solve(doc, time_limit=time_limit, workers=2, seed=seed)
        return {"output": output, "seconds": time.perf_counter() - started, "start_mb": start_mb}
    try:
        from twinning.scheduler import spec

        if method == "project":
            from twinning.scheduler import solve
        elif method == "greedy":
            from twinning.scheduler.greedy import greedy
        elif method == "bound":
            from twinning.scheduler.bound import lp_upper_bound
        elif method == "repair":
            from twinning.scheduler import solve
            from twinning.scheduler.repair import repair
        else:
            raise ValueError(method)
    except ImportError as error:
        return {"unavailable": f"{type(error).__name__}: {error}"}
    start_mb = _rss_mb()
    started = time.perf_counter()
    instance = spec.parse(doc)
    if method == "project":
        # the limit counts from before the parse, as on the command line
        output = _as_document(solve(instance, time_limit=time_limit, seed=seed, started=started))
    elif method == "greedy":
        output = _as_document(greedy(instance))
    elif method == "bound":
        bound = float(lp_upper_bound(instance, time_limit=time_limit))
        return {"bound": bound, "seconds": time.perf_counter() - started, "start_mb": start_mb}
    else:
        previous = solve(instance, time_limit=time_limit, seed=seed)
        people = sorted(p["id"] for p in doc["participants"])
        rng = random.Random(f"bench.repair/{seed}")
        cancelled = set(rng.sample(people, k=round(REPAIR_CANCEL_SHARE * len(people))))
        start_mb = _rss_mb()
        started = time.perf_counter()
        repaired = repair(
            instance, previous, cancelled_participants=cancelled, time_limit=REPAIR_SECONDS_GOAL
        )
        seconds = time.perf_counter() - started
        return {
            "previous": _as_document(previous),
            "output": _as_document(repaired),
            "cancelled": sorted(cancelled),
            "seconds": seconds,
            "start_mb": start_mb,
        }
    return {"output": output, "seconds": time.perf_counter() - started, "start_mb": start_mb}


def _run_worker(method: str, input_path: Path, *, time_limit: float, seed: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    command = [
        sys.executable,
        "-m",
        "bench.scheduler",
        "--worker",
        method,
        "--input",
        str(input_path),
        "--result",
        str(result_path),
        "--time-limit",
        str(time_limit),
        "--seed",
        str(seed),
    ]
    try:
        completed = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5 * time_limit + 120,
            check=False,
        )
        if completed.returncode != 0:
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-5:]
            return {"error": f"exit {completed.returncode}: " + " | ".join(tail)}
        return json.loads(result_path.read_text())
    except subprocess.TimeoutExpired:
        return {"error": f"no answer within {5 * time_limit + 120:g} s"}
    finally:
        result_path.unlink(missing_ok=True)


# The benchmark ---------------------------------------------------------------------------


def _cancelled_document(doc: dict, cancelled: set[str]) -> dict:
    """``doc`` after the cancellations: the cancelled are never available, and their
    confirmed meetings are gone."""
    requests = {r["id"]: r for r in doc["requests"]}
    return {
        **doc,
        "participants": [
            {**p, "available": []} if p["id"] in cancelled else p for p in doc["participants"]
        ],
        "fixed": [
            f
            for f in doc.get("fixed", [])
            if not cancelled & set(requests[f["request"]]["participants"])
        ],
    }


def _problems(doc: dict, output: dict, *, cancelled: set[str] | None = None) -> list[str]:
    """The bench's own check, and the scheduler tests' independent checker
    (tests/scheduler/checker.py) where it is there: a schedule must pass both."""
    from bench.schedule_check import problems

    found = problems(_cancelled_document(doc, cancelled) if cancelled else doc, output)
    try:
        from tests.scheduler.checker import violations
    except ImportError:
        return found
    return found + [f"checker: {v}" for v in violations(doc, output, cancelled=cancelled or set())]


def _repair_figures(doc: dict, result: dict) -> dict:
    cancelled = set(result["cancelled"])
    after = _cancelled_document(doc, cancelled)
    requests = {r["id"]: r for r in doc["requests"]}
    key = lambda m: (m["slot"], m.get("interpreter"))  # noqa: E731
    before = {m["request"]: key(m) for m in result["previous"]["meetings"]}
    now = {m["request"]: key(m) for m in result["output"]["meetings"]}
    confirmed = {f["request"] for f in after["fixed"]}
    kept_people = {
        rid: before[rid] for rid in before if not cancelled & set(requests[rid]["participants"])
    }
    moved = [rid for rid, where in kept_people.items() if now.get(rid) != where]
    changed_people = {
        pid
        for rid in set(before) | set(now)
        if before.get(rid) != now.get(rid)
        for pid in requests[rid]["participants"]
        if pid not in cancelled
    }
    return {
        "seconds": result["seconds"],
        "peak_mb": result.get("peak_mb"),
        "cancelled": len(cancelled),
        "confirmed_moved": sum(rid in confirmed for rid in moved),
        "previous_moved_or_dropped": len(moved),
        "added": len(set(now) - set(before)),
        "participants_told": len(changed_people),
        "problems": _problems(doc, result["output"], cancelled=cancelled),
    }


def run(
    *,
    sizes: list[str],
    regimes: list[str],
    seeds: int,
    limits: dict[str, float],
    methods: tuple[str, ...] = METHODS,
    repair: bool = True,
    size_seeds: dict[str, int] | None = None,
    partial: Path | None = None,
) -> dict:
    from bench.schedule_check import figures
    from twinning.scheduler.generate import instance

    rows: list[dict] = []
    repairs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-scheduler-") as tmp:
        for size in sizes:
            for regime in regimes:
                for seed in range((size_seeds or {}).get(size, seeds)):
                    doc = instance(size, regime, seed)
                    path = Path(tmp) / f"{size}-{regime}-{seed}.json"
                    path.write_text(json.dumps(doc))
                    limit = limits[size]
                    label = f"{size} {regime} seed {seed}"
                    _say(
                        f"  {label}: {len(doc['participants'])} participants, "
                        f"{len(doc['requests'])} requests, limit {limit:g} s"
                    )
                    bound_result = _run_worker(
                        "bound", path, time_limit=_bound_limit(limit), seed=seed
                    )
                    results = {
                        m: _run_worker(m, path, time_limit=limit, seed=seed) for m in methods
                    }
                    project_bound = (results.get("project", {}).get("output") or {}).get(
                        "upper_bound"
                    )
                    bound = bound_result.get("bound", project_bound)
                    for method, result in [("bound", bound_result), *results.items()]:
                        row = {
                            "size": size,
                            "regime": regime,
                            "seed": seed,
                            "method": method,
                            "limit": limit,
                            "requests": len(doc["requests"]),
                            "seconds": result.get("seconds"),
                            "peak_mb": result.get("peak_mb"),
                            "start_mb": result.get("start_mb"),
                        }
                        if "unavailable" in result or "error" in result:
                            row["status"] = result.get("unavailable") or result["error"]
                            row["failed"] = "error" in result
                        elif method == "bound":
                            row["bound"] = result["bound"]
                        else:
                            output = result["output"]
                            found = _problems(doc, output)
                            if (
                                output.get("upper_bound") is not None
                                and output["upper_bound"] < output["value"] - 1e-6
                            ):
                                found.append("upper_bound below the value")
                            if bound is not None and output["value"] > bound + 1e-6:
                                found.append(f"value above the LP bound {bound}")
                            row.update(figures(doc, output, bound=bound))
                            row["upper_bound"] = output.get("upper_bound")
                            if output.get("upper_bound"):
                                row["own_ratio"] = output["value"] / output["upper_bound"]
                            row["problems"] = found
                            row["failed"] = bool(found)
                            row["cpsat_status"] = output.get("stats", {}).get("status")
                            row["stats"] = output.get("stats")
                        rows.append(row)
                        if row.get("failed"):
                            _say(f"    {method}: FAILED {row.get('status') or row['problems'][:3]}")
                    _say(
                        "    "
                        + ", ".join(
                            f"{r['method']} {_short(r)}"
                            for r in rows
                            if (r["size"], r["regime"], r["seed"]) == (size, regime, seed)
                        )
                    )
                    if repair and size == "L" and seed == 0:
                        result = _run_worker("repair", path, time_limit=limit, seed=seed)
                        if "output" in result:
                            figures_ = _repair_figures(doc, result)
                            figures_["failed"] = bool(figures_["problems"]) or bool(
                                figures_["confirmed_moved"]
                            )
                        else:
                            figures_ = {
                                "status": result.get("unavailable") or result.get("error"),
                                "failed": "error" in result,
                            }
                        figures_.update(size=size, regime=regime, seed=seed)
                        repairs.append(figures_)
                        _say(f"    repair: {figures_}")
                    if partial:  # what is done so far, should the run be cut short
                        partial.write_text(json.dumps({"rows": rows, "repairs": repairs}))
    return {"rows": rows, "repairs": repairs}


def _bound_limit(limit: float) -> float:
    """The reference LP bound gets ample time: the ratio is to the LP's value, not to
    whatever a time-limited run of it proves."""
    return max(BOUND_MIN_SECONDS, 3 * limit)


def _short(row: dict) -> str:
    if row.get("status"):
        return "n/a"
    if row["method"] == "bound":
        return f"{row['bound']:.1f} ({row['seconds']:.1f} s)"
    ratio = f"{row['ratio']:.4f}" if row.get("ratio") is not None else "-"
    return f"{row['value']} = {ratio} ({row['seconds']:.1f} s)"


# Goals and report ------------------------------------------------------------------------


def goals(report: dict) -> list[dict]:
    """Each goal of issue #11 with what was measured and whether it is met."""
    rows = [r for r in report["rows"] if not r.get("status")]
    by = {(r["size"], r["regime"], r["seed"], r["method"]): r for r in rows}
    instances = sorted({(r["size"], r["regime"], r["seed"]) for r in rows})
    found: list[dict] = []
    for size in ("M", "L"):
        for regime in REGIME_NAMES:
            ratios = [
                by[(*i, "project")]["ratio"]
                for i in instances
                if i[:2] == (size, regime) and (*i, "project") in by
                if by[(*i, "project")]["ratio"] is not None
            ]
            if ratios:
                median = statistics.median(ratios)
                found.append(
                    {
                        "goal": f"median value/bound >= {RATIO_GOAL} on {size} {regime}",
                        "measured": f"{median:.4f} ({len(ratios)} seeds)",
                        "met": median >= RATIO_GOAL,
                        "short_by": None if median >= RATIO_GOAL else f"{RATIO_GOAL - median:.4f}",
                    }
                )
    greedy_pairs = [
        (by[(*i, "project")]["value"], by[(*i, "greedy")]["value"])
        for i in instances
        if (*i, "project") in by and (*i, "greedy") in by
    ]
    if greedy_pairs:
        below = [(p, g) for p, g in greedy_pairs if p < g]
        worst = min(p / g for p, g in greedy_pairs if g) if any(g for _, g in greedy_pairs) else 1
        found.append(
            {
                "goal": "never below greedy (every instance)",
                "measured": f"{len(greedy_pairs) - len(below)} of {len(greedy_pairs)} instances; "
                f"worst project/greedy {worst:.4f}",
                "met": not below,
                "short_by": None if not below else f"{len(below)} instances",
            }
        )
    cpsat_rows = [
        (by[(*i, "project")], by[(*i, "cpsat")])
        for i in instances
        if (*i, "project") in by and (*i, "cpsat") in by
    ]
    if cpsat_rows:
        # Better, or equal where the project's schedule is proven optimal (value = own bound).
        better = [p["value"] > c["value"] for p, c in cpsat_rows]
        optimal_tie = [
            p["value"] == c["value"] and p.get("own_ratio") == 1.0 for p, c in cpsat_rows
        ]
        short = sum(not (b or t) for b, t in zip(better, optimal_tie, strict=True))
        empty = sum(c.get("cpsat_status") not in ("OPTIMAL", "FEASIBLE") for _, c in cpsat_rows)
        found.append(
            {
                "goal": "better than CP-SAT given the same time (every instance)",
                "measured": f"better on {sum(better)} of {len(cpsat_rows)}, equal at a proven "
                f"optimum on {sum(optimal_tie)}; CP-SAT found no solution in time on {empty}",
                "met": not short,
                "short_by": None if not short else f"{short} instances",
            }
        )
    for size, limit in TIME_GOALS.items():
        seconds = [
            by[(*i, "project")]["seconds"]
            for i in instances
            if i[0] == size and (*i, "project") in by
        ]
        if seconds:
            worst = max(seconds)
            found.append(
                {
                    "goal": f"{size} in {limit:g} s including the bound",
                    "measured": f"max {worst:.1f} s, median {statistics.median(seconds):.1f} s",
                    "met": worst <= limit,
                    "short_by": None if worst <= limit else f"{worst - limit:.1f} s over",
                }
            )
    within = [
        (r["seconds"], r["limit"]) for r in rows if r["method"] == "project" and r.get("seconds")
    ]
    if within:
        over = [(sec, lim) for sec, lim in within if sec > lim + LIMIT_MARGIN]
        worst = max(sec - lim for sec, lim in within)
        found.append(
            {
                "goal": f"every project run within its limit (+{LIMIT_MARGIN:g} s), "
                "parse and output included",
                "measured": f"{len(within) - len(over)} of {len(within)}; at worst "
                f"{worst:+.2f} s against the limit",
                "met": not over,
                "short_by": None if not over else f"{len(over)} runs, up to {worst:.2f} s over",
            }
        )
    done = [r for r in report["repairs"] if not r.get("status")]
    if done:
        worst = max(r["seconds"] for r in done)
        moved = sum(r["confirmed_moved"] for r in done)
        found.append(
            {
                "goal": f"repair at L after {REPAIR_CANCEL_SHARE:.0%} cancel: < "
                f"{REPAIR_SECONDS_GOAL:g} s, no confirmed meeting moved",
                "measured": f"max {worst:.2f} s, {moved} confirmed moved",
                "met": worst < REPAIR_SECONDS_GOAL and moved == 0,
                "short_by": None
                if worst < REPAIR_SECONDS_GOAL and moved == 0
                else f"{max(0.0, worst - REPAIR_SECONDS_GOAL):.2f} s over, {moved} moved",
            }
        )
    return found


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _number(value: float | None, spec: str) -> str:
    return "-" if value is None or value != value else format(value, spec)  # None or NaN


def markdown(report: dict) -> str:
    """The tables for docs/performance.md (medians over the seeds)."""
    lines = [
        "| size | regime | method | value ÷ LP bound | ÷ own bound | requests | mutual | "
        "no meeting | idle slots | seconds | peak MB |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = report["rows"]
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["size"], r["regime"], r["method"]), []).append(r)

    def med(items: list[dict], key: str) -> float | None:
        values = [i[key] for i in items if i.get(key) is not None]
        return statistics.median(values) if values else None

    for (size, regime, method), items in groups.items():
        if all(i.get("status") for i in items):
            lines.append(f"| {size} | {regime} | {method} | not available | | | | | | | |")
            continue
        items = [i for i in items if not i.get("status")]
        if method == "bound":
            lines.append(
                f"| {size} | {regime} | LP bound | {_number(med(items, 'bound'), ',.1f')} | | | | "
                f"| | {_number(med(items, 'seconds'), '.1f')} | "
                f"{_number(med(items, 'peak_mb'), '.0f')} |"
            )
            continue
        lines.append(
            f"| {size} | {regime} | {method} | {_number(med(items, 'ratio'), '.4f')} | "
            f"{_number(med(items, 'own_ratio'), '.4f')} | "
            f"{_percent(med(items, 'requests_scheduled'))} | "
            f"{_percent(med(items, 'mutual_scheduled'))} | "
            f"{_number(med(items, 'participants_without_meeting'), '.0f')} | "
            f"{_number(med(items, 'mean_idle_slots'), '.2f')} | "
            f"{_number(med(items, 'seconds'), '.1f')} | {_number(med(items, 'peak_mb'), '.0f')} |"
        )
    lines += ["", "| goal | measured | met | short by |", "| --- | --- | --- | --- |"]
    for g in goals(report):
        lines.append(
            f"| {g['goal']} | {g['measured']} | {'yes' if g['met'] else 'NO'} | "
            f"{g['short_by'] or ''} |"
        )
    if report["repairs"]:
        lines += [
            "",
            "| repair (L, seed 0) | cancelled | seconds | confirmed moved | other previous "
            "meetings moved or dropped | added | participants told | feasible |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in report["repairs"]:
            if r.get("status"):
                lines.append(f"| {r['regime']} | not available | | | | | | |")
                continue
            lines.append(
                f"| {r['regime']} | {r['cancelled']} | {r['seconds']:.2f} | "
                f"{r['confirmed_moved']} | "
                f"{r['previous_moved_or_dropped']} | {r['added']} | {r['participants_told']} | "
                f"{'yes' if not r['problems'] else 'NO'} |"
            )
    return "\n".join(lines) + "\n"


def _machine() -> dict:
    load = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "python": sys.version.split()[0],
        "niceness": os.nice(0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="S and M, one seed, short limits")
    parser.add_argument("--sizes", default=None, help="comma-separated: S,M,L,XL")
    parser.add_argument("--regimes", default=",".join(REGIME_NAMES))
    parser.add_argument("--seeds", type=int, default=None, help="seeds 0..N-1 (default 3)")
    parser.add_argument(
        "--size-seeds", default="", help="fewer seeds for some sizes, e.g. L=2,XL=1"
    )
    parser.add_argument("--no-cpsat", action="store_true")
    parser.add_argument("--no-repair", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    # the worker (internal)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--time-limit", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        doc = json.loads(args.input.read_text())
        result = _worker(args.worker, doc, args.time_limit, args.seed)
        result["peak_mb"] = _peak_mb()
        args.result.write_text(json.dumps(result))
        return 0

    limits = dict(LIMITS, **QUICK_LIMITS) if args.quick else LIMITS
    sizes = (args.sizes or ("S,M" if args.quick else ",".join(LIMITS))).split(",")
    seeds = args.seeds or (1 if args.quick else 3)
    regimes = args.regimes.split(",")
    for size in sizes:
        if size not in LIMITS:
            parser.error(f"unknown size {size!r}: choose from {', '.join(LIMITS)}")
    for regime in regimes:
        if regime not in REGIME_NAMES:
            parser.error(f"unknown regime {regime!r}: choose from {', '.join(REGIME_NAMES)}")
    methods = tuple(m for m in METHODS if not (m == "cpsat" and args.no_cpsat))
    try:
        size_seeds = {
            size.strip(): int(count)
            for size, count in (item.split("=") for item in args.size_seeds.split(",") if item)
        }
    except ValueError:
        parser.error("--size-seeds: SIZE=N[,SIZE=N…]")

    started = datetime.datetime.now(datetime.UTC)
    machine = _machine()
    _say(
        f"Scheduler benchmark, {started:%Y-%m-%d %H:%M} UTC, {machine['cores']} cores, load "
        f"{machine['load_average']}: sizes {','.join(sizes)}, regimes {','.join(regimes)}, "
        f"{seeds} seed(s)"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS / f"scheduler-{stamp}.json"
    report = run(
        partial=out.with_suffix(".partial.json"),
        sizes=sizes,
        regimes=regimes,
        seeds=seeds,
        limits=limits,
        methods=methods,
        repair=not args.no_repair,
        size_seeds=size_seeds,
    )
    report.update(
        started=started.isoformat(),
        finished=datetime.datetime.now(datetime.UTC).isoformat(),
        machine=machine,
        machine_after=_machine(),
        arguments={
            "sizes": sizes,
            "regimes": regimes,
            "seeds": seeds,
            "size_seeds": size_seeds,
            "limits": limits,
        },
    )
    table = markdown(report)
    out.with_suffix(".partial.json").unlink(missing_ok=True)
    out.write_text(json.dumps(report, indent=2))
    out.with_suffix(".md").write_text(table)
    _say()
    _say(table)
    _say(f"Figures: {out} (table: {out.with_suffix('.md')})")
    failed = [r for r in report["rows"] + report["repairs"] if r.get("failed")]
    unavailable = {r["method"] for r in report["rows"] if r.get("status") and not r.get("failed")}
    if unavailable:
        _say(f"Not available (the solver's code is missing): {', '.join(sorted(unavailable))}")
    if failed:
        _say(f"FAILED: {len(failed)} runs were infeasible or crashed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
