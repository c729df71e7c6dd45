"""Seeded generator of realistic meeting-scheduling inputs (``twinning.meetings/1``).

Plain Python, no Django: the benchmark (``bench/scheduler.py``) and the tests build their
instances with it.

    from twinning.scheduler.generate import instance
    doc = instance("M", "tight", seed=3)

A trade delegation meets its host city: **delegates** speak English (some also Chinese),
**counterparts** (companies, institutions, offices) speak Chinese (some also English). Days
have a morning and an afternoon block of 20-minute slots with a lunch break between, in
local time (+08:00). People are available for part of the programme, a few counterparts
are wanted by many delegates (Zipf-like popularity), a wish on both sides is mutual and
weighs more, and a few requests join two delegates or two counterparts. Most participants
have a ``max_meetings``, some a ``min_meetings`` target, and a few meetings are already
confirmed (``fixed``, always feasible).

The participants and requests depend only on ``(size, seed)``; the regime only sets the
tables and interpreters (and so the confirmed meetings), so the three regimes of one seed
are the same people with more or fewer resources.

Two fields outside the spec's required ones are added, which readers of version 1 ignore:
``participants[].role`` (``delegate`` / ``counterpart``) and ``requests[].mutual``.
"""

from __future__ import annotations

import datetime
import math
import random

FORMAT = "twinning.meetings/1"

# size: (participants, days)
SIZES: dict[str, tuple[int, int]] = {
    "S": (60, 1),
    "M": (300, 2),
    "L": (1200, 3),
    "XL": (2000, 3),
}
# regime: (tables, interpreters) as a share of the demand per slot
REGIMES: dict[str, tuple[float, float]] = {
    "ample": (1.5, 1.5),
    "tight": (0.8, 0.7),
    "scarce": (0.45, 0.35),
}

FIRST_DAY = datetime.date(2027, 5, 11)
ZONE = datetime.timezone(datetime.timedelta(hours=8))
SLOT_MINUTES = 20
# (start hour, start minute, slots): 09:00–12:20 and 14:00–17:20, lunch in between
BLOCKS = ((9, 0, 10), (14, 0, 10))
DELEGATE_SHARE = 0.45
POPULARITY_EXPONENT = 0.9  # Zipf exponent of the counterparts' popularity
MUTUAL_SHARE = 0.2  # of delegates' wishes that the counterpart returns
FIXED_SHARE = 0.01  # of requests already confirmed


def instance(size: str, regime: str, seed: int = 0) -> dict:
    """An input document of ``size`` (S, M, L, XL) in ``regime`` (ample, tight, scarce)."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}: choose from {', '.join(SIZES)}")
    if regime not in REGIMES:
        raise ValueError(f"Unknown regime {regime!r}: choose from {', '.join(REGIMES)}")
    count, days = SIZES[size]
    people = random.Random(f"twinning.generate/{size}/{seed}")
    resources = random.Random(f"twinning.generate/{size}/{seed}/{regime}")

    slots, blocks = _slots(days)
    participants = _participants(people, count, blocks)
    requests = _requests(people, participants, days)
    table_share, interpreter_share = REGIMES[regime]
    meetings_per_slot = _demand_per_slot(participants, requests, len(slots))
    need_interpreter = [r for r in requests if _needs_interpreter(participants, r)]
    interpreter_demand = meetings_per_slot * len(need_interpreter) / max(1, len(requests))
    tables_per_slot = max(1, math.ceil(table_share * meetings_per_slot))
    interpreters = _interpreters(
        resources,
        max(1, math.ceil(interpreter_share * interpreter_demand / 0.85)),
        blocks,
    )
    tables = {slot["id"]: tables_per_slot for slot in slots}
    fixed = _fixed(resources, slots, tables, participants, interpreters, requests)
    return {
        "format": FORMAT,
        "slots": slots,
        "tables": tables,
        "participants": [
            {key: value for key, value in p.items() if not key.startswith("_")}
            for p in participants.values()
        ],
        "interpreters": interpreters,
        "requests": requests,
        "fixed": fixed,
    }


# Slots ------------------------------------------------------------------------------


def _slots(days: int) -> tuple[list[dict], list[list[str]]]:
    """The slots of every day, and the slot ids grouped by (day, block) in time order."""
    slots: list[dict] = []
    blocks: list[list[str]] = []
    for day in range(days):
        date = FIRST_DAY + datetime.timedelta(days=day)
        for hour, minute, number in BLOCKS:
            block = []
            start = datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=ZONE)
            for _ in range(number):
                end = start + datetime.timedelta(minutes=SLOT_MINUTES)
                slot_id = f"s{len(slots) + 1}"
                slots.append({"id": slot_id, "start": start.isoformat(), "end": end.isoformat()})
                block.append(slot_id)
                start = end
            blocks.append(block)
    return slots, blocks


def _availability(rng: random.Random, blocks: list[list[str]], *, presence: float) -> list[str]:
    """Part of the programme: some days, some blocks, late arrivals, early departures."""
    per_day = len(BLOCKS)
    days = len(blocks) // per_day
    present = [day for day in range(days) if rng.random() < presence] or [rng.randrange(days)]
    available: list[str] = []
    for day in present:
        day_blocks = [b for b in range(per_day) if rng.random() < 0.85] or [rng.randrange(per_day)]
        for b in day_blocks:
            block = list(blocks[day * per_day + b])
            if rng.random() < 0.2:  # arrives late or leaves early
                cut = rng.randint(1, 4)
                block = block[cut:] if rng.random() < 0.5 else block[:-cut]
            available.extend(s for s in block if rng.random() >= 0.04)  # another appointment
    return available or [rng.choice(rng.choice(blocks))]


# Participants and requests ---------------------------------------------------------------


def _participants(rng: random.Random, count: int, blocks: list[list[str]]) -> dict[str, dict]:
    days = len(blocks) // len(BLOCKS)
    delegates = round(count * DELEGATE_SHARE)
    participants: dict[str, dict] = {}
    for number in range(count):
        delegate = number < delegates
        if delegate:
            pid = f"d{number + 1}"
            languages = ["en", "zh"] if rng.random() < 0.25 else ["en"]
        else:
            pid = f"c{number - delegates + 1}"
            languages = ["zh", "en"] if rng.random() < 0.2 else ["zh"]
        available = _availability(rng, blocks, presence=0.9 if days > 1 else 1.0)
        present_days = len({_day_of(blocks, s) for s in available})
        participant: dict = {
            "id": pid,
            "role": "delegate" if delegate else "counterpart",
            "languages": languages,
            "available": available,
        }
        if rng.random() < 0.85:
            per_day = rng.randint(4, 7) if delegate else rng.randint(4, 8)
            participant["max_meetings"] = min(len(available), per_day * present_days)
        if delegate and rng.random() < 0.2:
            target = rng.randint(2, 4)
            participant["min_meetings"] = min(target, participant.get("max_meetings", target))
        participant["_slots"] = set(available)
        participants[pid] = participant
    return participants


def _day_of(blocks: list[list[str]], slot_id: str) -> int:
    for index, block in enumerate(blocks):
        if slot_id in block:
            return index // len(BLOCKS)
    raise KeyError(slot_id)


def _requests(rng: random.Random, participants: dict[str, dict], days: int) -> list[dict]:
    delegates = [p for p in participants.values() if p["role"] == "delegate"]
    counterparts = [p for p in participants.values() if p["role"] == "counterpart"]
    # Popularity: a counterpart's rank in a shuffled order, Zipf-like weights.
    order = list(counterparts)
    rng.shuffle(order)
    popularity = {p["id"]: 1.0 / (rank + 1) ** POPULARITY_EXPONENT for rank, p in enumerate(order)}

    wishes: dict[frozenset, dict[str, int]] = {}  # pair -> {wisher id: priority}

    def wish(a: str, b: str, priority: int) -> None:
        wishes.setdefault(frozenset((a, b)), {})[a] = priority

    def priority() -> int:
        return 3 if rng.random() < 0.25 else rng.choice((1, 2))  # must / would like

    for delegate in delegates:
        wanted = rng.randint(3, 7) + 2 * (days - 1)
        # Weighted sampling without replacement (Efraimidis–Spirakis keys).
        keyed = sorted(
            counterparts,
            key=lambda p: rng.random() ** (1.0 / popularity[p["id"]]),
            reverse=True,
        )
        for counterpart in keyed[:wanted]:
            wish(delegate["id"], counterpart["id"], priority())
            if rng.random() < MUTUAL_SHARE:
                wish(counterpart["id"], delegate["id"], priority())
    for counterpart in counterparts:
        for delegate in rng.sample(delegates, k=min(len(delegates), rng.randint(0, 3))):
            wish(counterpart["id"], delegate["id"], priority())
    # Any-to-any: delegates who want to meet each other, counterparts likewise.
    for group in (delegates, counterparts):
        for _ in range(max(1, round(0.06 * len(group)))):
            a, b = rng.sample(group, k=2)
            wish(a["id"], b["id"], rng.choice((1, 2)))

    requests = []
    for pair, sides in wishes.items():
        a, b = sorted(pair, key=_participant_order)
        mutual = len(sides) == 2
        weight = sum(sides.values()) + (2 if mutual else 0)
        if rng.random() < 0.05:  # met before: worth less
            weight = max(1, weight // 2)
        requests.append(
            {
                "id": f"r{len(requests) + 1}",
                "participants": [a, b],
                "weight": weight,
                "mutual": mutual,
            }
        )
    return requests


def _participant_order(pid: str) -> tuple[str, int]:
    return pid[0], int(pid[1:])


def _needs_interpreter(participants: dict[str, dict], request: dict) -> bool:
    a, b = (participants[pid] for pid in request["participants"])
    return not set(a["languages"]) & set(b["languages"])


def _demand_per_slot(participants: dict[str, dict], requests: list[dict], slots: int) -> float:
    """Meetings per slot the requests could fill, given each side's max_meetings."""
    wanted: dict[str, int] = {}
    for request in requests:
        for pid in request["participants"]:
            wanted[pid] = wanted.get(pid, 0) + 1
    possible = sum(
        min(wanted.get(pid, 0), p.get("max_meetings", len(p["available"])))
        for pid, p in participants.items()
    )
    return possible / 2 / slots


# Resources -------------------------------------------------------------------------------


def _interpreters(rng: random.Random, count: int, blocks: list[list[str]]) -> list[dict]:
    interpreters = []
    for number in range(count):
        available: list[str] = []
        for block in blocks:
            if rng.random() < 0.85:
                available.extend(block)
        interpreters.append(
            {
                "id": f"i{number + 1}",
                "pairs": [["en", "zh"]],
                "available": available or list(rng.choice(blocks)),
            }
        )
    return interpreters


def _fixed(
    rng: random.Random,
    slots: list[dict],
    tables: dict[str, int],
    participants: dict[str, dict],
    interpreters: list[dict],
    requests: list[dict],
) -> list[dict]:
    """A few confirmed meetings, placed one by one so that together they are feasible."""
    wanted = max(2, round(FIXED_SHARE * len(requests)))
    order = {slot["id"]: index for index, slot in enumerate(slots)}
    used_tables: dict[str, int] = {}
    busy: set[tuple[str, str]] = set()  # (participant or interpreter id, slot id)
    meetings: dict[str, int] = {}
    interpreter_slots = {i["id"]: set(i["available"]) for i in interpreters}
    fixed: list[dict] = []
    for request in rng.sample(requests, k=len(requests)):
        if len(fixed) >= wanted:
            break
        a, b = request["participants"]
        if any(
            meetings.get(pid, 0) >= participants[pid].get("max_meetings", math.inf)
            for pid in (a, b)
        ):
            continue
        common = sorted(participants[a]["_slots"] & participants[b]["_slots"], key=order.get)
        rng.shuffle(common)
        for slot in common:
            if used_tables.get(slot, 0) >= tables[slot] or (a, slot) in busy or (b, slot) in busy:
                continue
            interpreter = None
            if _needs_interpreter(participants, request):
                free = [
                    i
                    for i in interpreter_slots
                    if slot in interpreter_slots[i] and (i, slot) not in busy
                ]
                if not free:
                    continue
                interpreter = rng.choice(free)
                busy.add((interpreter, slot))
            used_tables[slot] = used_tables.get(slot, 0) + 1
            busy.update({(a, slot), (b, slot)})
            for pid in (a, b):
                meetings[pid] = meetings.get(pid, 0) + 1
            fixed.append({"request": request["id"], "slot": slot, "interpreter": interpreter})
            break
    fixed.sort(key=lambda f: int(f["request"][1:]))
    return fixed
