"""`twinning schedule`: the real command, run as a subprocess."""

import copy
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.scheduler.checker import violations
from tests.scheduler.instances import make_doc
from twinning.scheduler.cli import main, process_started

TWINNING = shutil.which("twinning", path=os.path.dirname(sys.executable)) or "twinning"

BASE = {
    "format": "twinning.meetings/1",
    "slots": [
        {"id": "s1", "start": "2027-05-10T09:00:00+08:00", "end": "2027-05-10T09:20:00+08:00"},
        {"id": "s2", "start": "2027-05-10T09:20:00+08:00", "end": "2027-05-10T09:40:00+08:00"},
    ],
    "tables": {"s1": 1, "s2": 2},
    "participants": [
        {"id": "p1", "languages": ["en"], "available": ["s1", "s2"], "max_meetings": 2},
        {"id": "p2", "languages": ["zh"], "available": ["s1", "s2"]},
        {"id": "p3", "languages": ["en", "zh"], "available": ["s1", "s2"]},
    ],
    "interpreters": [{"id": "i1", "pairs": [["en", "zh"]], "available": ["s1", "s2"]}],
    "requests": [
        {"id": "r1", "participants": ["p1", "p2"], "weight": 5},
        {"id": "r2", "participants": ["p1", "p3"], "weight": 3},
        {"id": "r3", "participants": ["p2", "p3"], "weight": 2},
    ],
    "fixed": [],
}


def run(args, **kw):
    return subprocess.run(
        [TWINNING, "schedule", *args], capture_output=True, text=True, timeout=60, **kw
    )


def _set(path, value):
    def change(doc):
        *head, last = path
        target = doc
        for k in head:
            target = target[k]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return change


DELETE = object()
FIX = "fixed"

BAD = {
    "wrong format": (_set(["format"], "twinning.meetings/2"), "format"),
    "not an object": (lambda d: d.clear() or d.update({"format": 1}), "format"),
    "duplicate slot": (_set(["slots", 1, "id"], "s1"), 'slots[1] (id "s1"): duplicate'),
    "slot ends before start": (
        _set(["slots", 0, "end"], "2027-05-10T08:00:00+08:00"),
        'slots[0] (id "s1")',
    ),
    "slot without offset": (_set(["slots", 0, "start"], "2027-05-10T09:00:00"), "offset"),
    "slot not a date": (_set(["slots", 0, "start"], "tomorrow"), 'slots[0] (id "s1")'),
    "overlapping slots": (
        _set(["slots", 1, "start"], "2027-05-10T09:10:00+08:00"),
        'slots[1] (id "s2"): overlaps',
    ),
    "tables unknown slot": (_set(["tables", "s9"], 1), 'tables["s9"]'),
    "tables negative": (_set(["tables", "s1"], -1), 'tables["s1"]'),
    "tables a string": (_set(["tables"], "many"), "tables"),
    "tables missing": (_set(["tables"], DELETE), "tables"),
    "duplicate participant": (
        _set(["participants", 1, "id"], "p1"),
        'participants[1] (id "p1"): duplicate',
    ),
    "participant unknown slot": (
        _set(["participants", 0, "available"], ["s1", "s7"]),
        'participants[0] (id "p1"): `available[1]`',
    ),
    "max_meetings negative": (_set(["participants", 0, "max_meetings"], -2), "max_meetings"),
    "min_meetings not a number": (_set(["participants", 0, "min_meetings"], "two"), "min_meetings"),
    "bad language tag": (_set(["participants", 2, "languages"], ["en", "中文"]), 'id "p3"'),
    "interpreter unknown slot": (
        _set(["interpreters", 0, "available"], ["s3"]),
        'interpreters[0] (id "i1")',
    ),
    "interpreter pair of one": (_set(["interpreters", 0, "pairs"], [["en"]]), "pairs[0]"),
    "duplicate interpreter": (
        lambda d: d["interpreters"].append(copy.deepcopy(d["interpreters"][0])),
        'interpreters[1] (id "i1"): duplicate',
    ),
    "request unknown participant": (
        _set(["requests", 0, "participants"], ["p1", "p9"]),
        'requests[0] (id "r1")',
    ),
    "request of one participant": (
        _set(["requests", 0, "participants"], ["p1", "p1"]),
        'requests[0] (id "r1")',
    ),
    "request of three": (
        _set(["requests", 0, "participants"], ["p1", "p2", "p3"]),
        'requests[0] (id "r1")',
    ),
    "pair requested twice": (
        _set(["requests", 2, "participants"], ["p2", "p1"]),
        'requests[2] (id "r3"): the pair is already requested by request "r1"',
    ),
    "duplicate request": (_set(["requests", 1, "id"], "r1"), 'requests[1] (id "r1"): duplicate'),
    "weight zero": (_set(["requests", 1, "weight"], 0), 'requests[1] (id "r2"): `weight`'),
    "weight negative": (_set(["requests", 1, "weight"], -1.5), 'requests[1] (id "r2")'),
    "weight a string": (_set(["requests", 1, "weight"], "5"), 'requests[1] (id "r2")'),
    "weight a boolean": (_set(["requests", 1, "weight"], True), 'requests[1] (id "r2")'),
    "fixed unknown request": (_set([FIX], [{"request": "r9", "slot": "s1"}]), "fixed[0]"),
    "fixed unknown slot": (
        _set([FIX], [{"request": "r2", "slot": "s9"}]),
        'fixed[0] (request "r2"): `slot`',
    ),
    "fixed unknown interpreter": (
        _set([FIX], [{"request": "r1", "slot": "s1", "interpreter": "i9"}]),
        'fixed[0] (request "r1"): `interpreter`',
    ),
    "fixed twice": (
        _set([FIX], [{"request": "r2", "slot": "s1"}, {"request": "r2", "slot": "s2"}]),
        'fixed[1] (request "r2")',
    ),
    "fixed participant unavailable": (
        lambda d: (
            d["participants"][2].update(available=["s2"]),
            d.update(fixed=[{"request": "r2", "slot": "s1"}]),
        ),
        'fixed[0] (request "r2"): participant "p3" is not available',
    ),
    "fixed beyond the tables": (
        _set(
            [FIX],
            [{"request": "r2", "slot": "s1"}, {"request": "r3", "slot": "s1", "interpreter": None}],
        ),
        'fixed[1] (request "r3")',
    ),
    "fixed participant twice in a slot": (
        lambda d: d.update(
            tables=3,
            fixed=[{"request": "r2", "slot": "s2"}, {"request": "r3", "slot": "s2"}],
        ),
        'fixed[1] (request "r3"): participant "p3" already meets',
    ),
    "fixed beyond max_meetings": (
        lambda d: (
            d["participants"][0].update(max_meetings=1),
            d.update(
                fixed=[
                    {"request": "r1", "slot": "s1", "interpreter": "i1"},
                    {"request": "r2", "slot": "s2"},
                ]
            ),
        ),
        'fixed[1] (request "r2"): participant "p1" would have more than max_meetings',
    ),
    "fixed without a needed interpreter": (
        _set([FIX], [{"request": "r1", "slot": "s1", "interpreter": None}]),
        'fixed[0] (request "r1"): the two participants share no language',
    ),
    "fixed interpreter unavailable": (
        lambda d: (
            d["interpreters"][0].update(available=["s2"]),
            d.update(fixed=[{"request": "r1", "slot": "s1", "interpreter": "i1"}]),
        ),
        'fixed[0] (request "r1"): interpreter "i1" is not available',
    ),
    "fixed interpreter without the pair": (
        lambda d: (
            d["interpreters"][0].update(pairs=[["en", "fr"]]),
            d.update(fixed=[{"request": "r1", "slot": "s1", "interpreter": "i1"}]),
        ),
        'fixed[0] (request "r1"): interpreter "i1" has no pair',
    ),
    "fixed interpreter twice in a slot": (
        lambda d: (
            d["participants"].append({"id": "p4", "languages": ["fr", "zh"], "available": ["s2"]}),
            d["requests"].append({"id": "r4", "participants": ["p4", "p1"], "weight": 1}),
            d.update(
                fixed=[
                    {"request": "r1", "slot": "s2", "interpreter": "i1"},
                    {"request": "r4", "slot": "s2", "interpreter": "i1"},
                ]
            ),
        ),
        'fixed[1] (request "r4")',
    ),
    "fixed interpreter for a shared language": (
        _set([FIX], [{"request": "r2", "slot": "s1", "interpreter": "i1"}]),
        'fixed[0] (request "r2"): the two participants share a language',
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_exits_2_names_the_item_and_writes_nothing(tmp_path, name):
    change, expected = BAD[name]
    doc = copy.deepcopy(BASE)
    change(doc)
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc))
    out = tmp_path / "out.json"
    result = run([str(src), "-o", str(out), "--time-limit", "1"])
    assert result.returncode == 2
    assert expected in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_bad_input_leaves_an_existing_output_file_untouched(tmp_path):
    doc = copy.deepcopy(BASE)
    doc["requests"][0]["weight"] = -1
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc))
    out = tmp_path / "out.json"
    out.write_text("previous schedule")
    assert run([str(src), "-o", str(out)]).returncode == 2
    assert out.read_text() == "previous schedule"


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not valid JSON"), (None, "cannot read"), ("[]", "must be a JSON object")],
)
def test_unreadable_input_exits_2(tmp_path, content, expected):
    src = tmp_path / "in.json"
    if content is not None:
        src.write_text(content)
    result = run([str(src), "-o", str(tmp_path / "out.json")])
    assert result.returncode == 2
    assert expected in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_good_input_writes_a_checked_schedule(tmp_path):
    doc = make_doc(60, 1, "tight", 4, fixed=5)
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc))
    out = tmp_path / "out.json"
    result = run([str(src), "-o", str(out), "--time-limit", "2"])
    assert result.returncode == 0, result.stderr
    assert violations(doc, json.loads(out.read_text())) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.json"]


def test_without_output_option_the_schedule_goes_to_standard_output(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(BASE))
    result = run([str(src), "--time-limit", "1"])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)  # nothing else on standard output (no solver banner)
    assert violations(BASE, out) == []
    assert out["value"] == 8  # r1 (5, interpreted) and r2 (3): p1 at its max of 2


def test_unknown_fields_are_ignored(tmp_path):
    doc = copy.deepcopy(BASE)
    doc["generator"] = {"name": "another tool"}
    doc["participants"][0]["company"] = "ACME"
    doc["requests"][0]["note"] = "mutual"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc))
    result = run([str(src), "--time-limit", "1"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["value"] == 8


def test_scheduling_runs_without_django(tmp_path):
    """The command must not start Django: no settings module is needed."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps(BASE))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env["DJANGO_SETTINGS_MODULE"] = "no.such.settings"
    result = run([str(src), "--time-limit", "1"], env=env, cwd=Path(tmp_path))
    assert result.returncode == 0, result.stderr


def test_the_time_limit_counts_from_the_process_start():
    """The command's clock starts with its process (Python's start and the imports count)."""
    started = process_started()
    assert started < time.perf_counter()


def test_a_limit_spent_before_the_solve_still_writes_a_checked_schedule(tmp_path):
    doc = make_doc(60, 1, "tight", 2, fixed=4)
    src, out = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(doc))
    assert (
        main([str(src), "-o", str(out), "--time-limit", "0.5"], started=time.perf_counter() - 9)
        == 0
    )
    assert violations(doc, json.loads(out.read_text())) == []


def test_main_as_a_function_returns_even_while_the_lp_still_runs(tmp_path, monkeypatch):
    """os._exit belongs to the command's own process: called from main() in a caller's process
    (this test run) it would end that process with status 0, halfway and unnoticed."""
    from twinning.scheduler.generate import instance

    def refuse(status):
        raise AssertionError(f"os._exit({status}) called from main()")

    monkeypatch.setattr(os, "_exit", refuse)
    doc = instance("M", "tight", 0)  # an LP that a 0.3 s limit cuts short
    src, out = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(doc))

    assert main([str(src), "-o", str(out), "--time-limit", "0.3"]) == 0
    assert violations(doc, json.loads(out.read_text())) == []
