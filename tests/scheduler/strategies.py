"""Hypothesis strategies: tiny, arbitrary (any-to-any) scheduling inputs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

LANGS = ["en", "zh", "fr"]


@st.composite
def tiny_docs(draw, max_requests: int = 6) -> dict:
    n_slots = draw(st.integers(1, 4))
    tz = timezone(timedelta(hours=draw(st.sampled_from([0, 8, -5]))))
    t = datetime(2027, 5, 10, 16, 0, tzinfo=tz)
    slots = []
    for k in range(n_slots):
        length = draw(st.sampled_from([15, 20, 30]))
        gap = draw(st.sampled_from([0, 10, 60 * 12]))  # a gap of 12 h may start a new day
        slots.append(
            {
                "id": f"s{k}",
                "start": t.isoformat(),
                "end": (t + timedelta(minutes=length)).isoformat(),
            }
        )
        t += timedelta(minutes=length + gap)
    ids = [s["id"] for s in slots]
    subset = st.lists(st.sampled_from(ids), unique=True)
    n_people = draw(st.integers(2, 5))
    people = []
    for k in range(n_people):
        p = {
            "id": f"p{k}",
            "languages": draw(
                st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True)
            ),
            "available": draw(subset),
        }
        if draw(st.booleans()):
            p["max_meetings"] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            p["min_meetings"] = draw(st.integers(0, 2))
        people.append(p)
    interps = []
    for k in range(draw(st.integers(0, 2))):
        pair = draw(st.lists(st.sampled_from(LANGS), min_size=2, max_size=2, unique=True))
        interps.append({"id": f"i{k}", "pairs": [pair], "available": draw(subset)})
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n_people - 1), st.integers(0, n_people - 1)).filter(
                lambda ab: ab[0] != ab[1]
            ),
            max_size=max_requests,
            unique_by=lambda ab: frozenset(ab),
        )
    )
    requests = [
        {
            "id": f"r{k}",
            "participants": [f"p{a}", f"p{b}"],
            "weight": draw(st.integers(1, 9)),
        }
        for k, (a, b) in enumerate(pairs)
    ]
    if draw(st.booleans()):
        tables = draw(st.integers(0, 2))
    else:
        tables = {s: draw(st.integers(0, 2)) for s in draw(subset)}
    return {
        "format": "twinning.meetings/1",
        "slots": slots,
        "tables": tables,
        "participants": people,
        "interpreters": interps,
        "requests": requests,
    }
