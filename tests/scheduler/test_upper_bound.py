"""The reported upper bound is proven: never below the exhaustive optimum of tiny inputs."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scheduler.brute import best_value
from tests.scheduler.instances import make_doc
from tests.scheduler.strategies import tiny_docs
from twinning.scheduler import parse, solve
from twinning.scheduler.bound import LpJob, build_model, lagrangian_bound, lp_upper_bound

SLOW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(tiny_docs())
def test_upper_bound_is_at_least_the_exhaustive_optimum(doc):
    optimum, _ = best_value(doc)
    out = solve(parse(doc), time_limit=0.3).to_json()
    assert out["upper_bound"] >= optimum - 1e-9
    assert out["value"] <= optimum + 1e-9


@SLOW
@given(tiny_docs(max_requests=5))
def test_tiny_inputs_are_solved_to_optimality(doc):
    optimum, _ = best_value(doc)
    assert solve(parse(doc), time_limit=0.3).value == optimum


@SLOW
@given(tiny_docs(), st.data())
def test_bound_with_a_fixed_meeting_is_at_least_the_optimum(doc, data):
    optimum, chosen = best_value(doc)
    if not chosen:
        return
    rid = data.draw(st.sampled_from(sorted(chosen)))
    slot, interpreter = chosen[rid]
    doc = {**doc, "fixed": [{"request": rid, "slot": slot, "interpreter": interpreter}]}
    optimum_fixed, _ = best_value(doc)
    assert optimum_fixed == optimum  # the fixed meeting is part of an optimum
    out = solve(parse(doc), time_limit=0.3).to_json()
    assert out["upper_bound"] >= optimum_fixed - 1e-9
    assert {"request": rid, "slot": slot} in [
        {"request": m["request"], "slot": m["slot"]} for m in out["meetings"]
    ]


@SLOW
@given(tiny_docs(), st.lists(st.floats(-3, 3), min_size=64, max_size=64))
def test_the_lagrangian_bound_holds_for_any_prices(doc, prices):
    """The proof does not rely on HiGHS: ANY row prices give a bound above the optimum."""
    optimum, _ = best_value(doc)
    inst = parse(doc)
    model = build_model(inst)
    if model.n_cols == 0:
        return
    u = np.resize(np.array(prices), model.n_rows)
    assert model.fixed_value + lagrangian_bound(model, u) >= optimum - 1e-9


@pytest.mark.parametrize("regime", ["ample", "tight", "scarce"])
def test_bound_is_at_least_the_value_on_generated_inputs(regime):
    inst = parse(make_doc(80, 2, regime, 5, fixed=6))
    schedule = solve(inst, time_limit=1.0)
    assert lp_upper_bound(inst, time_limit=10) >= schedule.value
    assert schedule.to_json()["upper_bound"] >= schedule.value


def test_integer_weights_round_the_bound_down_to_an_integer():
    inst = parse(make_doc(40, 1, "tight", 3))
    bound = lp_upper_bound(inst, time_limit=10)
    assert bound == int(bound)


@pytest.mark.parametrize("regime", ["ample", "tight", "scarce"])
def test_column_generation_proves_the_full_lp_bound(regime):
    """The LP over a few slots per request, priced over every column, ends at the full LP."""
    inst = parse(make_doc(120, 2, regime, 9, fixed=6))
    job = LpJob(inst, time_limit=20)
    restricted = job.result()
    assert restricted.status == "Optimal"
    assert restricted.bound == lp_upper_bound(inst, time_limit=20)
    assert job.rounds[0][0] < job.model.n_cols  # it did start from a part of the columns


@SLOW
@given(tiny_docs())
def test_the_restricted_lp_bound_is_at_least_the_exhaustive_optimum(doc):
    optimum, _ = best_value(doc)
    assert LpJob(parse(doc), time_limit=5).result().bound >= optimum - 1e-9
