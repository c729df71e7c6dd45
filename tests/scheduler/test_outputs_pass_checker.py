"""Every output of solve(), greedy() and repair() passes the independent checker."""

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings

from tests.scheduler.checker import violations
from tests.scheduler.instances import make_doc
from tests.scheduler.strategies import tiny_docs
from twinning.scheduler import parse, solve
from twinning.scheduler.greedy import greedy
from twinning.scheduler.repair import repair

CASES = [
    (n, days, regime, seed, fixed)
    for n, days in ((30, 1), (60, 1), (90, 2))
    for regime in ("ample", "tight", "scarce")
    for seed, fixed in ((1, 0), (2, 8))
]


def _roundtrip(doc: dict) -> dict:
    return json.loads(json.dumps(doc))  # what a file would hold


@pytest.mark.parametrize(("n", "days", "regime", "seed", "fixed"), CASES)
def test_solver_output_passes_the_checker(n, days, regime, seed, fixed):
    doc = make_doc(n, days, regime, seed, fixed=fixed, min_meetings=True)
    out = _roundtrip(solve(parse(doc), time_limit=1.0).to_json())
    assert violations(doc, out) == []


@pytest.mark.parametrize(("n", "days", "regime", "seed", "fixed"), CASES)
def test_greedy_output_passes_the_checker(n, days, regime, seed, fixed):
    doc = make_doc(n, days, regime, seed, fixed=fixed)
    out = _roundtrip(greedy(parse(doc)).to_json())
    assert violations(doc, out) == []


@pytest.mark.parametrize(("n", "days", "regime", "seed", "fixed"), CASES)
def test_solver_is_never_below_greedy(n, days, regime, seed, fixed):
    inst = parse(make_doc(n, days, regime, seed, fixed=fixed))
    assert solve(inst, time_limit=1.0).value >= greedy(inst).value


@pytest.mark.parametrize(("n", "days", "regime", "seed", "fixed"), CASES[::2])
def test_repair_output_passes_the_checker(n, days, regime, seed, fixed):
    doc = make_doc(n, days, regime, seed, fixed=fixed)
    inst = parse(doc)
    first = solve(inst, time_limit=0.5)
    gone = {p["id"] for p in doc["participants"][::7]}
    out = _roundtrip(repair(inst, first.to_json(), cancelled_participants=gone).to_json())
    assert violations(doc, out, cancelled=gone) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_docs())
def test_outputs_of_arbitrary_tiny_inputs_pass_the_checker(doc):
    inst = parse(doc)
    for out in (solve(inst, time_limit=0.3).to_json(), greedy(inst).to_json()):
        assert violations(doc, _roundtrip(out)) == []


@pytest.mark.parametrize("regime", ["tight", "scarce"])
def test_a_budget_already_spent_still_gives_a_checked_schedule_at_least_greedy(regime):
    """solve() counts its limit from `started`: with none left it still returns the greedy
    schedule, improved as far as the time allowed, with a proven bound."""
    doc = make_doc(90, 2, regime, 3, fixed=8)
    inst = parse(doc)
    schedule = solve(inst, time_limit=0.01, started=time.perf_counter() - 5)
    out = _roundtrip(schedule.to_json())
    assert violations(doc, out) == []
    assert out["value"] >= greedy(inst).value
    assert out["upper_bound"] >= out["value"]
