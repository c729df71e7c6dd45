"""The scheduler benchmark's own parts: feasibility check, figures, CP-SAT baseline, report.

No timing is asserted; the solver itself is tested in tests/scheduler/.
"""

from __future__ import annotations

import math

import pytest

from bench import cpsat
from bench.schedule_check import figures, mean_idle_slots, problems
from bench.scheduler import LIMITS, goals, markdown, run
from twinning.scheduler.generate import instance


def _tiny() -> dict:
    slot = lambda n, h: {  # noqa: E731
        "id": f"s{n}",
        "start": f"2027-05-11T{h}:00:00+08:00",
        "end": f"2027-05-11T{h}:20:00+08:00",
    }
    return {
        "format": "twinning.meetings/1",
        "slots": [slot(1, "09"), slot(2, "10"), slot(3, "11")],
        "tables": {"s1": 1, "s2": 1, "s3": 1},
        "participants": [
            {"id": "d1", "languages": ["en"], "available": ["s1", "s2"], "max_meetings": 2},
            {"id": "c1", "languages": ["zh"], "available": ["s1", "s2", "s3"]},
            {"id": "c2", "languages": ["zh", "en"], "available": ["s2", "s3"]},
        ],
        "interpreters": [{"id": "i1", "pairs": [["en", "zh"]], "available": ["s1", "s2"]}],
        "requests": [
            {"id": "r1", "participants": ["d1", "c1"], "weight": 3, "mutual": True},
            {"id": "r2", "participants": ["d1", "c2"], "weight": 2, "mutual": False},
            {"id": "r3", "participants": ["c1", "c2"], "weight": 1, "mutual": False},
        ],
        "fixed": [{"request": "r2", "slot": "s2", "interpreter": None}],
    }


def _valid() -> dict:
    return {
        "format": "twinning.schedule/1",
        "meetings": [
            {"request": "r1", "slot": "s1", "table": 1, "interpreter": "i1"},
            {"request": "r2", "slot": "s2", "table": 1, "interpreter": None},
            {"request": "r3", "slot": "s3", "table": 1, "interpreter": None},
        ],
        "value": 6,
        "upper_bound": 6.0,
        "unscheduled": [],
    }


def test_a_valid_schedule_has_no_problems():
    assert problems(_tiny(), _valid()) == []


def _set(index, **changes):
    def change(doc, out):
        out["meetings"][index].update(changes)

    return change


def _drop_r3_unlisted(doc, out):
    del out["meetings"][2]
    out["value"] = 5


def _twice(doc, out):
    out["meetings"].append(dict(out["meetings"][2], slot="s2", table=1))
    out["value"] = 7


def _tighter_max(doc, out):
    doc["participants"][0]["max_meetings"] = 1


def _wrong_value(doc, out):
    out["value"] = 5


BROKEN = {
    "table beyond the slot's count": (_set(0, table=2), "outside 1..1"),
    "meeting without the interpreter it needs": (_set(0, interpreter=None), "needs an interpreter"),
    "interpreter for a shared language": (_set(1, interpreter="i1"), "shared language"),
    "interpreter not available": (_set(0, slot="s3"), "i1 not available"),
    "participant not available": (_set(2, slot="s1"), "c2 not available"),
    "participant twice in a slot": (_set(2, slot="s1", table=1), "c1 in 2 meetings in s1"),
    "fixed meeting moved": (_set(1, slot="s3"), "fixed r2@s2"),
    "max_meetings exceeded": (_tighter_max, "d1 has 2 meetings"),
    "request scheduled twice": (_twice, "scheduled twice"),
    "unscheduled request not listed": (_drop_r3_unlisted, "not listed"),
    "value not the weights' sum": (_wrong_value, "weights sum to 6"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_the_check_names_each_broken_rule(name):
    doc, out = _tiny(), _valid()
    mutate, expected = BROKEN[name]
    mutate(doc, out)
    assert [p for p in problems(doc, out) if expected in p] != []


def test_figures_of_a_schedule():
    doc, out = _tiny(), _valid()
    del out["meetings"][0]  # r1, the mutual one, not scheduled
    out["value"] = 3
    out["unscheduled"] = [{"request": "r1", "reason": "test"}]
    assert figures(doc, out, bound=6.0) == {
        "value": 3,
        "ratio": 0.5,
        "requests_scheduled": 2 / 3,
        "mutual_scheduled": 0.0,
        "participants_without_meeting": 0,  # d1 and c1 still meet c2
        "participants_below_min": 0,
        "mean_idle_slots": 0.0,
    }


def test_idle_slots_count_free_available_slots_between_first_and_last_meeting():
    # c1 meets in s1 and s3 and is free in s2: 1; d1 (s1, s2) and c2 (s2, s3): 0
    assert mean_idle_slots(_tiny(), _valid()) == pytest.approx(1 / 3)


def test_idle_slots_are_undefined_without_anyone_meeting_twice():
    out = _valid()
    out["meetings"] = out["meetings"][:1]
    assert math.isnan(mean_idle_slots(_tiny(), out))


def test_cpsat_finds_the_optimum_of_a_tiny_instance():
    out = cpsat.solve(_tiny(), time_limit=5)
    assert (problems(_tiny(), out), out["value"], out["stats"]["status"]) == ([], 6, "OPTIMAL")


@pytest.mark.parametrize("regime", ["ample", "scarce"])
def test_cpsat_schedules_of_a_generated_instance_are_feasible(regime):
    doc = instance("S", regime, seed=1)
    out = cpsat.solve(doc, time_limit=2)
    assert problems(doc, out) == []
    assert out["value"] > sum(
        r["weight"] for r in doc["requests"] if r["id"] in {f["request"] for f in doc["fixed"]}
    )


def test_a_run_checks_every_schedule_and_writes_a_table():
    report = run(
        sizes=["S"], regimes=["tight"], seeds=1, limits={"S": 1.0}, methods=("cpsat",), repair=False
    )
    cpsat_rows = [r for r in report["rows"] if r["method"] == "cpsat"]
    assert [(r["problems"], r["failed"]) for r in cpsat_rows] == [([], False)]
    assert "| S | tight | cpsat |" in markdown(report)


def _row(size, regime, seed, method, **figures_):
    """A result row as the bench writes it (each carries its size's time limit)."""
    return {
        "size": size,
        "regime": regime,
        "seed": seed,
        "method": method,
        "limit": LIMITS[size],
        **figures_,
    }


def test_goals_say_by_how_much_they_are_missed():
    report = {
        "rows": [
            _row("M", "tight", 0, "project", ratio=0.99, value=99, seconds=1.0),
            _row("M", "tight", 0, "greedy", ratio=0.995, value=100, seconds=0.1),
            _row("M", "tight", 0, "cpsat", value=99, cpsat_status="FEASIBLE"),
            _row("L", "tight", 0, "project", ratio=0.999, value=999, seconds=12.5, own_ratio=1.0),
            _row("L", "tight", 0, "cpsat", value=999, cpsat_status="OPTIMAL"),
        ],
        "repairs": [],
    }
    found = {g["goal"]: (g["met"], g["short_by"]) for g in goals(report)}
    assert found["median value/bound >= 0.998 on M tight"] == (False, "0.0080")
    assert found["median value/bound >= 0.998 on L tight"] == (True, None)
    assert found["never below greedy (every instance)"] == (False, "1 instances")
    assert found["L in 10 s including the bound"] == (False, "2.5 s over")
    # M: a tie below the project's own bound; L: a tie at a proven optimum
    assert found["better than CP-SAT given the same time (every instance)"] == (
        False,
        "1 instances",
    )
    assert found["every project run within its limit (+0.1 s), parse and output included"] == (
        False,
        "1 runs, up to 2.50 s over",
    )
