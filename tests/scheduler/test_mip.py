"""The exact sub-problems (twinning.scheduler.mip): feasible, never worse, fixed meetings kept."""

import json

import pytest
from hypothesis import HealthCheck, given, settings

from tests.scheduler.brute import best_value
from tests.scheduler.checker import violations
from tests.scheduler.instances import make_doc
from tests.scheduler.strategies import tiny_docs
from twinning.scheduler import mip, parse
from twinning.scheduler.bound import build_model
from twinning.scheduler.greedy import greedy_order
from twinning.scheduler.schedule import Schedule
from twinning.scheduler.state import State, greedy_fill

WINDOWS = [(0, 3), (5, 9), (0, 36)]


def _greedy_state(inst) -> State:
    state = State(inst)
    greedy_fill(state, greedy_order(inst))
    return state


def _output(state: State) -> dict:
    out = Schedule.from_state(state, upper_bound=1e12).to_json()
    return json.loads(json.dumps(out))


@pytest.mark.parametrize("regime", ["ample", "tight", "scarce"])
@pytest.mark.parametrize(("first", "last"), WINDOWS)
def test_a_window_sub_mip_keeps_the_schedule_feasible_and_never_lowers_it(regime, first, last):
    doc = make_doc(70, 2, regime, 4, fixed=6)
    inst = parse(doc)
    state = _greedy_state(inst)
    before = state.value
    gain, _status = mip.improve(
        state, build_model(inst), range(len(inst.requests)), range(first, last), time_limit=5
    )
    assert state.value == before + gain
    assert gain >= 0
    assert violations(doc, _output(state)) == []


@pytest.mark.parametrize("regime", ["tight", "scarce"])
def test_requests_outside_the_window_keep_their_slot(regime):
    inst = parse(make_doc(70, 2, regime, 6, fixed=6))
    state = _greedy_state(inst)
    outside = {r: s for r, s in enumerate(state.slot_of) if s >= 0 and not 4 <= s < 8}
    mip.improve(state, build_model(inst), range(len(inst.requests)), range(4, 8), time_limit=5)
    assert {r: state.slot_of[r] for r in outside} == outside


def test_the_fixed_meetings_stay_where_they_are():
    inst = parse(make_doc(70, 2, "scarce", 7, fixed=10))
    state = _greedy_state(inst)
    mip.improve(
        state, build_model(inst), range(len(inst.requests)), range(len(inst.slots)), time_limit=5
    )
    assert [(state.slot_of[f.request], state.interp_of[f.request]) for f in inst.fixed] == [
        (f.slot, f.interpreter) for f in inst.fixed
    ]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_docs())
def test_the_whole_problem_as_one_mip_reaches_the_exhaustive_optimum(doc):
    optimum, _ = best_value(doc)
    inst = parse(doc)
    state = State(inst)
    model = build_model(inst)
    if model.n_x:
        mip.improve(state, model, range(len(inst.requests)), range(len(inst.slots)), time_limit=5)
    assert state.value == pytest.approx(optimum)
    assert violations(doc, _output(state)) == []
