"""repair(): after late cancellations, confirmed meetings stay, the rest re-plans fast."""

import json
import time

import pytest

from tests.scheduler.checker import violations
from tests.scheduler.instances import make_doc
from twinning.scheduler import InputError, parse, solve
from twinning.scheduler.repair import repair


def _setup(n=120, days=2, regime="tight", seed=3, fixed=15):
    doc = make_doc(n, days, regime, seed, fixed=fixed)
    inst = parse(doc)
    first = solve(inst, time_limit=1.0)
    return doc, inst, first


def _by_request(out):
    return {m["request"]: (m["slot"], m["interpreter"]) for m in out["meetings"]}


@pytest.mark.parametrize("regime", ["ample", "tight", "scarce"])
def test_repair_moves_no_confirmed_meeting(regime):
    doc, inst, first = _setup(regime=regime)
    gone = {p["id"] for p in doc["participants"][1::10]}
    out = repair(inst, first, cancelled_participants=gone).to_json()
    after = _by_request(out)
    for f in doc["fixed"]:
        req = next(r for r in doc["requests"] if r["id"] == f["request"])
        if set(req["participants"]) & gone:
            assert f["request"] not in after
        else:
            assert after[f["request"]] == (f["slot"], f["interpreter"])
    assert violations(doc, out, cancelled=gone) == []


def test_repair_drops_the_cancelled_and_tells_only_those_whose_agenda_changed():
    doc, inst, first = _setup()
    before = _by_request(first.to_json())
    gone = {p["id"] for p in doc["participants"][::20]}
    result = repair(inst, first.to_json(), cancelled_participants=gone)
    after = _by_request(result.to_json())
    people = {r["id"]: r["participants"] for r in doc["requests"]}
    expected = {
        p
        for rid in set(before) | set(after)
        if before.get(rid) != after.get(rid)
        for p in people[rid]
        if p not in gone
    }
    assert result.changed_participants == expected
    assert expected  # somebody lost a counterpart
    assert [rid for rid in after if set(people[rid]) & gone] == []
    reasons = {u["request"]: u["reason"] for u in result.to_json()["unscheduled"]}
    lost = [rid for rid in before if set(people[rid]) & gone]
    assert {rid: reasons[rid] for rid in lost} == dict.fromkeys(lost, "a participant cancelled")


def test_repair_never_drops_a_remaining_meeting():
    doc, inst, first = _setup(regime="scarce")
    before = _by_request(first.to_json())
    gone = {doc["participants"][0]["id"]}
    after = _by_request(repair(inst, first, cancelled_participants=gone).to_json())
    people = {r["id"]: r["participants"] for r in doc["requests"]}
    kept = {rid for rid in before if not set(people[rid]) & gone}
    assert kept <= set(after)


def test_repair_fills_freed_places_so_value_does_not_fall_below_the_survivors():
    doc, inst, first = _setup()
    gone = {p["id"] for p in doc["participants"][::10]}
    people = {r["id"]: r["participants"] for r in doc["requests"]}
    weight = {r["id"]: r["weight"] for r in doc["requests"]}
    survivors = sum(
        weight[rid] for rid in _by_request(first.to_json()) if not set(people[rid]) & gone
    )
    assert repair(inst, first, cancelled_participants=gone).value >= survivors


def test_repair_refuses_an_unknown_participant():
    _doc, inst, first = _setup(n=40, days=1)
    with pytest.raises(InputError, match='"nobody"'):
        repair(inst, first, cancelled_participants={"nobody"})


def test_repair_after_five_percent_cancel_is_quick_at_a_larger_size():
    doc = make_doc(600, 3, "tight", 9, fixed=100)
    inst = parse(doc)
    first = solve(inst, time_limit=5.0)
    gone = {p["id"] for p in doc["participants"][::20]}
    t0 = time.perf_counter()
    out = repair(inst, json.loads(json.dumps(first.to_json())), cancelled_participants=gone)
    assert time.perf_counter() - t0 < 1.5  # 1 s on an idle machine; the CI box is shared
    assert violations(doc, out.to_json(), cancelled=gone) == []
