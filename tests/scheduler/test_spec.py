"""parse(): the reading of the exchange format beyond the refusals (see test_cli.py)."""

import copy

from tests.scheduler.test_cli import BASE
from twinning.scheduler import parse, solve


def test_a_plain_integer_means_that_many_tables_in_every_slot():
    as_int = copy.deepcopy(BASE)
    as_int["tables"] = 2
    as_obj = copy.deepcopy(BASE)
    as_obj["tables"] = {"s1": 2, "s2": 2}
    assert parse(as_int).tables == parse(as_obj).tables == (2, 2)


def test_a_slot_missing_from_tables_has_none():
    doc = copy.deepcopy(BASE)
    doc["tables"] = {"s2": 3}
    out = solve(parse(doc), time_limit=0.5).to_json()
    assert {m["slot"] for m in out["meetings"]} == {"s2"}


def test_slots_are_ordered_by_time_whatever_the_file_order():
    doc = copy.deepcopy(BASE)
    doc["slots"].reverse()
    assert [s.id for s in parse(doc).slots] == ["s1", "s2"]


def test_language_tags_compare_case_insensitively():
    doc = copy.deepcopy(BASE)
    doc["participants"][1]["languages"] = ["ZH"]
    doc["interpreters"][0]["pairs"] = [["EN", "zh"]]
    inst = parse(doc)
    assert inst.needs_interpreter[0]
    assert inst.compatible[0] == frozenset({0})


def test_min_meetings_is_a_target_reported_when_missed():
    doc = copy.deepcopy(BASE)
    doc["participants"][1]["min_meetings"] = 3  # p2 has two requests only
    doc["participants"][2]["min_meetings"] = 1
    out = solve(parse(doc), time_limit=0.5).to_json()
    assert out["stats"]["participants_below_min"] == ["p2"]


def test_missing_optional_sections_are_empty():
    doc = copy.deepcopy(BASE)
    del doc["interpreters"], doc["fixed"]
    inst = parse(doc)
    assert inst.interpreters == () and inst.fixed == ()
