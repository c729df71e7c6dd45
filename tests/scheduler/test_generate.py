"""The seeded instance generator: valid inputs of the exchange format, deterministic, sized."""

from __future__ import annotations

import collections
import datetime
import hashlib
import itertools
import json
import statistics
import subprocess
import sys

import pytest

from twinning.scheduler.generate import REGIMES, SIZES, instance

SMALL = [(size, regime) for size in ("S", "M") for regime in REGIMES]


def _document_digest(doc: dict) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def _shares_language(a: dict, b: dict) -> bool:
    return bool(set(a["languages"]) & set(b["languages"]))


@pytest.fixture(scope="module", params=SMALL, ids=[f"{s}-{r}" for s, r in SMALL])
def doc(request):
    size, regime = request.param
    return instance(size, regime, seed=1)


# Structure of the input format ---------------------------------------------------------


def test_the_document_names_the_input_format(doc):
    assert doc["format"] == "twinning.meetings/1"


def test_ids_are_unique_in_each_list(doc):
    for key in ("slots", "participants", "interpreters", "requests"):
        ids = [item["id"] for item in doc[key]]
        assert len(ids) == len(set(ids)), key


def test_slots_end_after_they_start_do_not_overlap_and_are_in_local_time(doc):
    spans = [
        (datetime.datetime.fromisoformat(s["start"]), datetime.datetime.fromisoformat(s["end"]))
        for s in doc["slots"]
    ]
    assert all(start < end for start, end in spans)
    assert {start.utcoffset() for start, _ in spans} == {datetime.timedelta(hours=8)}
    ordered = sorted(spans)
    assert all(ordered[i][1] <= ordered[i + 1][0] for i in range(len(ordered) - 1))


def test_slots_are_twenty_minutes_in_two_blocks_a_day_with_a_lunch_break(doc):
    spans = sorted(
        (datetime.datetime.fromisoformat(s["start"]), datetime.datetime.fromisoformat(s["end"]))
        for s in doc["slots"]
    )
    assert {end - start for start, end in spans} == {datetime.timedelta(minutes=20)}
    breaks = collections.Counter(
        (this[0].date(), next_[0] - this[1])
        for this, next_ in itertools.pairwise(spans)
        if this[0].date() == next_[0].date() and next_[0] != this[1]
    )
    dates = {start.date() for start, _ in spans}
    assert breaks == {(date, datetime.timedelta(minutes=100)): 1 for date in dates}


def test_tables_name_known_slots_with_counts(doc):
    slot_ids = {s["id"] for s in doc["slots"]}
    assert set(doc["tables"]) <= slot_ids
    assert all(isinstance(n, int) and n >= 1 for n in doc["tables"].values())


def test_participants_are_available_in_known_slots_with_sane_limits(doc):
    slot_ids = {s["id"] for s in doc["slots"]}
    for p in doc["participants"]:
        assert p["available"], p["id"]
        assert set(p["available"]) <= slot_ids, p["id"]
        assert p["languages"], p["id"]
        if "max_meetings" in p:
            assert isinstance(p["max_meetings"], int) and p["max_meetings"] >= 0, p["id"]
        if "min_meetings" in p:
            assert 0 < p["min_meetings"] <= p.get("max_meetings", p["min_meetings"]), p["id"]


def test_interpreters_have_language_pairs_and_known_slots(doc):
    slot_ids = {s["id"] for s in doc["slots"]}
    assert doc["interpreters"]
    for i in doc["interpreters"]:
        assert i["pairs"] and all(len(pair) == 2 for pair in i["pairs"]), i["id"]
        assert i["available"] and set(i["available"]) <= slot_ids, i["id"]


def test_requests_join_two_different_known_participants_once_with_positive_weight(doc):
    known = {p["id"] for p in doc["participants"]}
    pairs = [frozenset(r["participants"]) for r in doc["requests"]]
    assert all(len(pair) == 2 and pair <= known for pair in pairs)
    assert len(pairs) == len(set(pairs))
    assert all(isinstance(r["weight"], int) and r["weight"] > 0 for r in doc["requests"])


def test_fixed_meetings_are_feasible_together(doc):
    slots = {s["id"] for s in doc["slots"]}
    participants = {p["id"]: p for p in doc["participants"]}
    interpreters = {i["id"]: i for i in doc["interpreters"]}
    requests = {r["id"]: r for r in doc["requests"]}
    assert doc["fixed"]
    per_slot = collections.Counter()
    busy = collections.Counter()
    meetings = collections.Counter()
    for f in doc["fixed"]:
        a, b = (participants[pid] for pid in requests[f["request"]]["participants"])
        assert f["slot"] in slots
        assert f["slot"] in a["available"] and f["slot"] in b["available"], f
        per_slot[f["slot"]] += 1
        for pid in (a["id"], b["id"]):
            busy[pid, f["slot"]] += 1
            meetings[pid] += 1
        if _shares_language(a, b):
            assert f["interpreter"] is None, f
        else:
            interpreter = interpreters[f["interpreter"]]
            assert f["slot"] in interpreter["available"], f
            assert any(
                (x in a["languages"] and y in b["languages"])
                or (y in a["languages"] and x in b["languages"])
                for x, y in interpreter["pairs"]
            ), f
            busy[f["interpreter"], f["slot"]] += 1
    assert len({f["request"] for f in doc["fixed"]}) == len(doc["fixed"])
    assert all(per_slot[s] <= doc["tables"].get(s, 0) for s in per_slot)
    assert max(busy.values()) == 1
    assert all(meetings[pid] <= participants[pid].get("max_meetings", 10**9) for pid in meetings)


# Sizes and regimes ---------------------------------------------------------------------


@pytest.mark.parametrize("size", list(SIZES))
def test_each_size_has_its_participants_and_days(size):
    count, days = SIZES[size]
    doc = instance(size, "tight")
    dates = {datetime.datetime.fromisoformat(s["start"]).date() for s in doc["slots"]}
    assert (len(doc["participants"]), len(dates)) == (count, days)


def test_the_regimes_share_the_people_and_requests_and_differ_in_resources():
    docs = {regime: instance("M", regime, seed=2) for regime in ("ample", "tight", "scarce")}
    assert docs["ample"]["participants"] == docs["scarce"]["participants"]
    assert docs["ample"]["requests"] == docs["scarce"]["requests"]
    tables = [sum(docs[r]["tables"].values()) for r in ("ample", "tight", "scarce")]
    interpreters = [len(docs[r]["interpreters"]) for r in ("ample", "tight", "scarce")]
    assert tables == sorted(tables, reverse=True) and len(set(tables)) == 3
    assert interpreters == sorted(interpreters, reverse=True) and len(set(interpreters)) == 3


@pytest.mark.parametrize("bad", [("XXL", "tight"), ("M", "generous")])
def test_an_unknown_size_or_regime_is_refused(bad):
    with pytest.raises(ValueError, match="Unknown"):
        instance(*bad)


# Determinism ---------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_document():
    assert instance("M", "tight", seed=5) == instance("M", "tight", seed=5)


def test_another_seed_gives_another_document():
    assert instance("M", "tight", seed=5) != instance("M", "tight", seed=6)


def test_the_document_does_not_depend_on_the_interpreters_hash_seed():
    code = (
        "import hashlib, json; from twinning.scheduler.generate import instance; "
        "print(hashlib.sha256(json.dumps(instance('S', 'scarce', 3), sort_keys=True)"
        ".encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
            cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
        ).stdout.strip()
        for hash_seed in ("1", "2")
    }
    assert digests == {_document_digest(instance("S", "scarce", 3))}


# Realism -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big():
    return instance("L", "tight", seed=0)


def test_delegates_speak_english_counterparts_chinese_and_some_both(big):
    roles = collections.defaultdict(collections.Counter)
    for p in big["participants"]:
        roles[p["role"]][tuple(sorted(p["languages"]))] += 1
    assert set(roles["delegate"]) == {("en",), ("en", "zh")}
    assert set(roles["counterpart"]) == {("zh",), ("en", "zh")}


def test_a_few_counterparts_are_wanted_by_many(big):
    counterparts = {p["id"] for p in big["participants"] if p["role"] == "counterpart"}
    wanted = collections.Counter(
        pid for r in big["requests"] for pid in r["participants"] if pid in counterparts
    )
    counts = sorted((wanted[c] for c in counterparts), reverse=True)
    assert counts[0] >= 10 * statistics.median(counts)


def test_mutual_wishes_weigh_more(big):
    mutual = [r["weight"] for r in big["requests"] if r["mutual"]]
    one_sided = [r["weight"] for r in big["requests"] if not r["mutual"]]
    assert len(mutual) >= 0.1 * len(big["requests"])
    assert statistics.mean(mutual) > 2 * statistics.mean(one_sided)


def test_some_requests_join_two_delegates_or_two_counterparts(big):
    roles = {p["id"]: p["role"] for p in big["participants"]}
    kinds = collections.Counter(
        tuple(sorted(roles[pid] for pid in r["participants"])) for r in big["requests"]
    )
    assert kinds["delegate", "delegate"] > 0
    assert kinds["counterpart", "counterpart"] > 0


def test_availability_is_partial_and_some_have_min_meetings(big):
    slots = len(big["slots"])
    assert statistics.mean(len(p["available"]) for p in big["participants"]) < 0.9 * slots
    assert sum("min_meetings" in p for p in big["participants"]) > 0
    assert sum("max_meetings" not in p for p in big["participants"]) > 0


def test_the_schedulers_reader_accepts_the_document(doc):
    spec = pytest.importorskip("twinning.scheduler.spec")
    assert spec.parse(doc) is not None
