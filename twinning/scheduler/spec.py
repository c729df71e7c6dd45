"""The exchange format `twinning.meetings/1` read into frozen dataclasses, every rule checked.

`parse(doc)` returns an `Instance` or raises `InputError` whose message names the offending
item (``requests[3] (id "r4"): ...``). Fields the format does not know are ignored, so files
from newer tools still load. Language tags are compared case-insensitively and exactly
(``zh`` and ``zh-Hans`` are different languages here; say both when a person speaks both).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

INPUT_FORMAT = "twinning.meetings/1"
OUTPUT_FORMAT = "twinning.schedule/1"

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


class InputError(ValueError):
    """The input breaks a rule of the format; the message names the item."""


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    start: datetime
    end: datetime
    index: int  # position in time order, 0-based
    day: date  # the local date of its start


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    languages: frozenset[str]
    available: frozenset[int]  # slot indexes
    max_meetings: int | None = None
    min_meetings: int | None = None


@dataclass(frozen=True, slots=True)
class Interpreter:
    id: str
    pairs: tuple[tuple[str, str], ...]
    available: frozenset[int]

    def can_serve(self, languages_a: frozenset[str], languages_b: frozenset[str]) -> bool:
        return any(
            (x in languages_a and y in languages_b) or (y in languages_a and x in languages_b)
            for x, y in self.pairs
        )


@dataclass(frozen=True, slots=True)
class Request:
    id: str
    a: int  # participant indexes, a != b
    b: int
    weight: int | float


@dataclass(frozen=True, slots=True)
class Fixed:
    request: int  # request index
    slot: int  # slot index
    interpreter: int | None  # interpreter index


@dataclass(frozen=True)
class Instance:
    slots: tuple[Slot, ...]
    tables: tuple[int, ...]  # per slot index
    participants: tuple[Participant, ...]
    interpreters: tuple[Interpreter, ...]
    requests: tuple[Request, ...]
    fixed: tuple[Fixed, ...]
    # Derived, for the solvers: per request, does it need an interpreter, and which can serve it.
    needs_interpreter: tuple[bool, ...] = field(repr=False, default=())
    compatible: tuple[frozenset[int], ...] = field(repr=False, default=())

    @cached_property
    def _slots_with_tables(self) -> frozenset[int]:
        return frozenset(s for s, n in enumerate(self.tables) if n > 0)

    @cached_property
    def _class_slots(self) -> dict[frozenset[int], frozenset[int]]:
        out: dict[frozenset[int], frozenset[int]] = {}
        for comp in set(self.compatible):
            slots: set[int] = set()
            for i in comp:
                slots |= self.interpreters[i].available
            out[comp] = frozenset(slots)
        return out

    @cached_property
    def candidates(self) -> tuple[tuple[int, ...], ...]:
        """Per request, the slots where it could run on its own: both available, a table,
        an interpreter who can serve it when one is needed (in time order)."""
        out = []
        people = self.participants
        tables = self._slots_with_tables
        class_slots = self._class_slots
        for r, req in enumerate(self.requests):
            common = people[req.a].available & people[req.b].available & tables
            if self.needs_interpreter[r]:
                common &= class_slots[self.compatible[r]]
            out.append(tuple(sorted(common)))
        return tuple(out)

    def candidate_slots(self, r: int) -> list[int]:
        return list(self.candidates[r])


def _fail(where: str, message: str) -> InputError:
    return InputError(f"{where}: {message}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _id(obj, where: str) -> str:
    value = obj.get("id")
    if not isinstance(value, str) or not value:
        raise _fail(where, "needs an `id` that is a non-empty string")
    return value


def _time(obj, key: str, where: str) -> datetime:
    value = obj.get(key)
    if not isinstance(value, str):
        raise _fail(where, f"`{key}` must be an ISO 8601 date-time string with an offset")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"`{key}` {value!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _fail(where, f"`{key}` {value!r} has no UTC offset")
    return moment


def _list(doc, key: str, where: str, *, required: bool = True) -> list:
    if key not in doc:
        if required:
            raise _fail(where, f"`{key}` is missing")
        return []
    value = doc[key]
    if not isinstance(value, list):
        raise _fail(where, f"`{key}` must be a list")
    return value


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    return value


def _slot_ids(value, slot_index: dict[str, int], where: str) -> frozenset[int]:
    if not isinstance(value, list):
        raise _fail(where, "`available` must be a list of slot ids")
    out = set()
    for k, sid in enumerate(value):
        if not isinstance(sid, str) or sid not in slot_index:
            raise _fail(where, f"`available[{k}]` {sid!r} is not a known slot id")
        out.add(slot_index[sid])
    return frozenset(out)


def _languages(value, where: str, key: str = "languages") -> frozenset[str]:
    if not isinstance(value, list):
        raise _fail(where, f"`{key}` must be a list of language tags")
    out = set()
    for k, tag in enumerate(value):
        if not isinstance(tag, str) or not _LANGUAGE_TAG.match(tag):
            raise _fail(where, f"`{key}[{k}]` {tag!r} is not a BCP 47 language tag")
        out.add(tag.lower())
    return frozenset(out)


def _count(obj, key: str, where: str) -> int | None:
    if key not in obj or obj[key] is None:
        return None
    value = obj[key]
    if not _is_int(value) or value < 0:
        raise _fail(where, f"`{key}` must be a non-negative integer, not {value!r}")
    return value


def _label(kind: str, k: int, ident: str | None = None) -> str:
    return f'{kind}[{k}] (id "{ident}")' if ident is not None else f"{kind}[{k}]"


def parse(doc) -> Instance:
    if not isinstance(doc, dict):
        raise InputError("the document must be a JSON object")
    if doc.get("format") != INPUT_FORMAT:
        raise InputError(f"format: expected {INPUT_FORMAT!r}, got {doc.get('format')!r}")

    # Slots
    raw_slots = []
    seen: set[str] = set()
    for k, obj in enumerate(_list(doc, "slots", "slots")):
        where = _label("slots", k)
        _object(obj, where)
        sid = _id(obj, where)
        where = _label("slots", k, sid)
        if sid in seen:
            raise _fail(where, "duplicate slot id")
        seen.add(sid)
        start, end = _time(obj, "start", where), _time(obj, "end", where)
        if not start < end:
            raise _fail(where, "`start` must be before `end`")
        raw_slots.append((start, end, sid, k))
    ordered = sorted(raw_slots, key=lambda t: (t[0], t[1]))
    for (_s0, e0, id0, k0), (s1, _e1, id1, k1) in itertools.pairwise(ordered):
        if s1 < e0:
            raise _fail(_label("slots", k1, id1), f"overlaps slot {_label('slots', k0, id0)}")
    slots = tuple(
        Slot(id=sid, start=start, end=end, index=i, day=start.date())
        for i, (start, end, sid, _k) in enumerate(ordered)
    )
    slot_index = {s.id: s.index for s in slots}

    # Tables
    if "tables" not in doc:
        raise InputError("tables: `tables` is missing (an object slot id → count, or an integer)")
    raw_tables = doc["tables"]
    if _is_int(raw_tables):
        if raw_tables < 0:
            raise InputError(f"tables: must not be negative, got {raw_tables}")
        tables = [raw_tables] * len(slots)
    elif isinstance(raw_tables, dict):
        tables = [0] * len(slots)
        for sid, count in raw_tables.items():
            if sid not in slot_index:
                raise InputError(f'tables["{sid}"]: not a known slot id')
            if not _is_int(count) or count < 0:
                raise InputError(f'tables["{sid}"]: must be a non-negative integer, not {count!r}')
            tables[slot_index[sid]] = count
    else:
        raise InputError("tables: must be an object (slot id → count) or an integer")

    # Participants
    participants = []
    p_index: dict[str, int] = {}
    for k, obj in enumerate(_list(doc, "participants", "participants")):
        where = _label("participants", k)
        _object(obj, where)
        pid = _id(obj, where)
        where = _label("participants", k, pid)
        if pid in p_index:
            raise _fail(where, "duplicate participant id")
        languages = _languages(obj.get("languages"), where)
        available = _slot_ids(obj.get("available"), slot_index, where)
        max_m = _count(obj, "max_meetings", where)
        min_m = _count(obj, "min_meetings", where)
        p_index[pid] = len(participants)
        participants.append(Participant(pid, languages, available, max_m, min_m))

    # Interpreters
    interpreters = []
    i_index: dict[str, int] = {}
    for k, obj in enumerate(_list(doc, "interpreters", "interpreters", required=False)):
        where = _label("interpreters", k)
        _object(obj, where)
        iid = _id(obj, where)
        where = _label("interpreters", k, iid)
        if iid in i_index:
            raise _fail(where, "duplicate interpreter id")
        raw_pairs = obj.get("pairs")
        if not isinstance(raw_pairs, list):
            raise _fail(where, "`pairs` must be a list of [language, language]")
        pairs = []
        for j, pair in enumerate(raw_pairs):
            if not isinstance(pair, list) or len(pair) != 2:
                raise _fail(where, f"`pairs[{j}]` must be a list of two language tags")
            _languages(pair, where, f"pairs[{j}]")  # checks both tags
            pairs.append((pair[0].lower(), pair[1].lower()))
        available = _slot_ids(obj.get("available"), slot_index, where)
        i_index[iid] = len(interpreters)
        interpreters.append(Interpreter(iid, tuple(pairs), available))

    # Requests
    requests = []
    r_index: dict[str, int] = {}
    pair_seen: dict[frozenset[int], str] = {}
    for k, obj in enumerate(_list(doc, "requests", "requests")):
        where = _label("requests", k)
        _object(obj, where)
        rid = _id(obj, where)
        where = _label("requests", k, rid)
        if rid in r_index:
            raise _fail(where, "duplicate request id")
        who = obj.get("participants")
        if not isinstance(who, list) or len(who) != 2:
            raise _fail(where, "`participants` must list exactly two participant ids")
        for j, pid in enumerate(who):
            if not isinstance(pid, str) or pid not in p_index:
                raise _fail(where, f"`participants[{j}]` {pid!r} is not a known participant id")
        a, b = p_index[who[0]], p_index[who[1]]
        if a == b:
            raise _fail(where, f'both participants are "{who[0]}"; a meeting needs two')
        key = frozenset((a, b))
        if key in pair_seen:
            raise _fail(where, f'the pair is already requested by request "{pair_seen[key]}"')
        pair_seen[key] = rid
        weight = obj.get("weight")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            raise _fail(where, f"`weight` must be a positive number, not {weight!r}")
        r_index[rid] = len(requests)
        requests.append(Request(rid, a, b, weight))

    needs = []
    compatible = []
    for req in requests:
        la, lb = participants[req.a].languages, participants[req.b].languages
        need = not (la & lb)
        needs.append(need)
        compatible.append(
            frozenset(i for i, it in enumerate(interpreters) if need and it.can_serve(la, lb))
        )

    # Fixed meetings, and their feasibility together
    fixed = []
    fixed_requests: set[int] = set()
    per_slot: dict[int, int] = {}
    busy_p: dict[tuple[int, int], str] = {}
    busy_i: dict[tuple[int, int], str] = {}
    count_p: dict[int, int] = {}
    for k, obj in enumerate(_list(doc, "fixed", "fixed", required=False)):
        where = _label("fixed", k)
        _object(obj, where)
        rid = obj.get("request")
        if not isinstance(rid, str) or rid not in r_index:
            raise _fail(where, f"`request` {rid!r} is not a known request id")
        where = f'fixed[{k}] (request "{rid}")'
        r = r_index[rid]
        if r in fixed_requests:
            raise _fail(where, "the request is fixed twice")
        fixed_requests.add(r)
        sid = obj.get("slot")
        if not isinstance(sid, str) or sid not in slot_index:
            raise _fail(where, f"`slot` {sid!r} is not a known slot id")
        s = slot_index[sid]
        iid = obj.get("interpreter")
        if iid is not None and (not isinstance(iid, str) or iid not in i_index):
            raise _fail(where, f"`interpreter` {iid!r} is not a known interpreter id")
        i = i_index[iid] if iid is not None else None
        req = requests[r]
        for p in (req.a, req.b):
            part = participants[p]
            if s not in part.available:
                raise _fail(where, f'participant "{part.id}" is not available in slot "{sid}"')
            if (p, s) in busy_p:
                raise _fail(
                    where,
                    f'participant "{part.id}" already meets in slot "{sid}" '
                    f'(request "{busy_p[(p, s)]}")',
                )
            busy_p[(p, s)] = rid
            count_p[p] = count_p.get(p, 0) + 1
            if part.max_meetings is not None and count_p[p] > part.max_meetings:
                raise _fail(
                    where,
                    f'participant "{part.id}" would have more than max_meetings '
                    f"({part.max_meetings}) fixed meetings",
                )
        per_slot[s] = per_slot.get(s, 0) + 1
        if per_slot[s] > tables[s]:
            raise _fail(where, f'slot "{sid}" has only {tables[s]} table(s) for its fixed meetings')
        if needs[r]:
            if i is None:
                raise _fail(where, "the two participants share no language: name an interpreter")
            if i not in compatible[r]:
                raise _fail(where, f'interpreter "{iid}" has no pair for these two participants')
            if s not in interpreters[i].available:
                raise _fail(where, f'interpreter "{iid}" is not available in slot "{sid}"')
            if (i, s) in busy_i:
                raise _fail(
                    where,
                    f'interpreter "{iid}" already serves request "{busy_i[(i, s)]}" '
                    f'in slot "{sid}"',
                )
            busy_i[(i, s)] = rid
        elif i is not None:
            raise _fail(where, "the two participants share a language: `interpreter` must be null")
        fixed.append(Fixed(r, s, i))

    return Instance(
        slots=slots,
        tables=tuple(tables),
        participants=tuple(participants),
        interpreters=tuple(interpreters),
        requests=tuple(requests),
        fixed=tuple(fixed),
        needs_interpreter=tuple(needs),
        compatible=tuple(compatible),
    )
