"""A small seeded generator of meeting-scheduling inputs for the scheduler's own tests.

(The benchmark has its own, richer generator in twinning/scheduler/generate.py; this one keeps
the tests independent of it.) Delegates speak English (some Chinese too), counterparts Chinese
(some English); a few counterparts are wanted by many; some wishes are mutual; some requests
join any two people; tables and interpreters are ample, tight or scarce.
"""

import random
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))


def make_doc(
    n: int = 40,
    days: int = 1,
    regime: str = "tight",
    seed: int = 0,
    *,
    slots_per_half_day: int = 9,
    fixed: int = 0,
    min_meetings: bool = False,
) -> dict:
    rng = random.Random(seed)
    slots = []
    for d in range(days):
        for start_hour in (9, 14):
            t = datetime(2027, 5, 10 + d, start_hour, 0, tzinfo=TZ)
            for _ in range(slots_per_half_day):
                slots.append(
                    {
                        "id": f"s{len(slots) + 1}",
                        "start": t.isoformat(),
                        "end": (t + timedelta(minutes=20)).isoformat(),
                    }
                )
                t += timedelta(minutes=20)
    slot_ids = [s["id"] for s in slots]
    per_day = 2 * slots_per_half_day

    n_del = max(2, int(n * 0.4))
    participants = []
    for k in range(n):
        delegate = k < n_del
        if delegate:
            langs = ["en", "zh"] if rng.random() < 0.2 else ["en"]
        else:
            langs = ["zh", "en"] if rng.random() < 0.3 else ["zh"]
        avail = list(slot_ids)
        if delegate and rng.random() < 0.5:  # a site visit takes half a day
            h = rng.randrange(2 * days)
            gone = set(slot_ids[h * slots_per_half_day : (h + 1) * slots_per_half_day])
            avail = [s for s in avail if s not in gone]
        if not delegate and days > 1:  # counterparts come on some days only
            keep = set(rng.sample(range(days), rng.randint(1, days)))
            avail = [s for i, s in enumerate(slot_ids) if i // per_day in keep]
        if rng.random() < 0.1:
            avail = [s for s in avail if rng.random() < 0.7]
        p = {"id": f"p{k + 1}", "languages": langs, "available": avail}
        if rng.random() < 0.8:
            p["max_meetings"] = rng.randint(4, 6 * days + 4)
        if min_meetings and rng.random() < 0.5:
            p["min_meetings"] = rng.randint(1, 3)
        participants.append(p)

    counterparts = list(range(n_del, n))
    popularity = [1.0 / (1 + i) ** 0.8 for i in range(len(counterparts))]
    rng.shuffle(popularity)
    pairs: dict[frozenset, float] = {}
    for d in range(n_del):
        wishes = rng.randint(3, 4 + 4 * days)
        chosen = set()
        for _ in range(wishes * 3):
            if len(chosen) >= wishes:
                break
            chosen.add(rng.choices(counterparts, popularity)[0])
        for c in chosen:
            w = rng.choice((1, 2, 3))
            if rng.random() < 0.3:  # mutual: both sides asked
                w += rng.choice((1, 2, 3)) + 2
            pairs[frozenset((d, c))] = w
    for _ in range(n // 5):  # any-to-any
        a, b = rng.sample(range(n), 2)
        pairs.setdefault(frozenset((a, b)), rng.choice((1, 2)))
    requests = []
    for key, w in pairs.items():
        a, b = sorted(key)
        requests.append(
            {"id": f"r{len(requests) + 1}", "participants": [f"p{a + 1}", f"p{b + 1}"], "weight": w}
        )
    rng.shuffle(requests)

    demand = len(requests) / max(1, len(slots))
    factor = {"ample": 2.0, "tight": 0.9, "scarce": 0.5}[regime]
    tables = max(1, round(demand * factor))
    n_int = max(1, round(demand * factor * 0.5))
    interpreters = []
    for k in range(n_int):
        avail = [s for s in slot_ids if rng.random() < 0.85]
        pairs_ = [["en", "zh"]] if rng.random() < 0.9 else [["zh", "fr"], ["en", "zh"]]
        interpreters.append({"id": f"i{k + 1}", "pairs": pairs_, "available": avail})
    if rng.random() < 0.5:
        table_doc = tables
    else:
        table_doc = {s: max(0, tables + rng.randint(-1, 1)) for s in slot_ids}

    doc = {
        "format": "twinning.meetings/1",
        "slots": slots,
        "tables": table_doc,
        "participants": participants,
        "interpreters": interpreters,
        "requests": requests,
        "fixed": [],
    }
    if fixed:
        doc["fixed"] = _some_fixed(doc, fixed, rng)
    return doc


def _some_fixed(doc: dict, count: int, rng: random.Random) -> list:
    """A feasible set of fixed meetings, chosen by a simple first-fit pass."""
    slot_ids = [s["id"] for s in doc["slots"]]
    tables = doc["tables"]
    cap = {s: (tables if isinstance(tables, int) else tables.get(s, 0)) for s in slot_ids}
    people = {p["id"]: p for p in doc["participants"]}
    busy = set()
    load: dict[str, int] = {}
    ibusy = set()
    out = []
    reqs = list(doc["requests"])
    rng.shuffle(reqs)
    for r in reqs:
        if len(out) >= count:
            break
        a, b = (people[x] for x in r["participants"])
        if any(load.get(p["id"], 0) >= p.get("max_meetings", 10**9) for p in (a, b)):
            continue
        share = set(a["languages"]) & set(b["languages"])
        for s in slot_ids:
            if cap[s] <= 0 or s not in a["available"] or s not in b["available"]:
                continue
            if (a["id"], s) in busy or (b["id"], s) in busy:
                continue
            interp = None
            if not share:
                for it in doc["interpreters"]:
                    ok = any(
                        (x in a["languages"] and y in b["languages"])
                        or (y in a["languages"] and x in b["languages"])
                        for x, y in it["pairs"]
                    )
                    if ok and s in it["available"] and (it["id"], s) not in ibusy:
                        interp = it["id"]
                        break
                if interp is None:
                    continue
                ibusy.add((interp, s))
            cap[s] -= 1
            busy.add((a["id"], s))
            busy.add((b["id"], s))
            for p in (a, b):
                load[p["id"]] = load.get(p["id"], 0) + 1
            out.append({"request": r["id"], "slot": s, "interpreter": interp})
            break
    return out
