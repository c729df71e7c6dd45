"""Feasibility check and figures of a schedule (``twinning.schedule/1``) for its input.

Written for the benchmark, independently of the solver: every schedule the benchmark
produces (the project's, the greedy baseline's, CP-SAT's, a repair's) goes through
``problems``, which lists every broken rule of ``shared/specs/meeting-scheduling.md``
(an empty list means feasible). ``figures`` computes what the benchmark reports.
"""

from __future__ import annotations

import collections
import datetime
import math


def shares_language(a: dict, b: dict) -> bool:
    return bool(set(a["languages"]) & set(b["languages"]))


def interpreter_serves(interpreter: dict, a: dict, b: dict) -> bool:
    return any(
        (x in a["languages"] and y in b["languages"])
        or (y in a["languages"] and x in b["languages"])
        for x, y in interpreter["pairs"]
    )


def table_count(doc: dict, slot_id: str) -> int:
    tables = doc.get("tables", {})
    if isinstance(tables, int):
        return tables
    return int(tables.get(slot_id, 0))


def problems(doc: dict, output: dict, *, check_unscheduled: bool = True) -> list[str]:
    """Every rule of the output format that ``output`` breaks for the input ``doc``."""
    found: list[str] = []
    slots = {s["id"] for s in doc["slots"]}
    participants = {p["id"]: p for p in doc["participants"]}
    available = {pid: set(p["available"]) for pid, p in participants.items()}
    interpreters = {i["id"]: i for i in doc.get("interpreters", [])}
    interpreter_slots = {iid: set(i["available"]) for iid, i in interpreters.items()}
    requests = {r["id"]: r for r in doc["requests"]}

    if output.get("format") != "twinning.schedule/1":
        found.append(f"format is {output.get('format')!r}")
    meetings = output.get("meetings", [])
    seen_requests: set[str] = set()
    tables_used: set[tuple[str, int]] = set()
    busy: collections.Counter = collections.Counter()
    count: collections.Counter = collections.Counter()
    value = 0
    for m in meetings:
        rid, slot, table = m.get("request"), m.get("slot"), m.get("table")
        iid = m.get("interpreter")
        where = f"meeting {rid}@{slot}"
        if rid not in requests:
            found.append(f"{where}: unknown request")
            continue
        if rid in seen_requests:
            found.append(f"{where}: request scheduled twice")
        seen_requests.add(rid)
        value += requests[rid]["weight"]
        if slot not in slots:
            found.append(f"{where}: unknown slot")
            continue
        if not isinstance(table, int) or not 1 <= table <= table_count(doc, slot):
            found.append(f"{where}: table {table!r} outside 1..{table_count(doc, slot)}")
        elif (slot, table) in tables_used:
            found.append(f"{where}: table {table} already taken")
        tables_used.add((slot, table))
        a, b = (participants[pid] for pid in requests[rid]["participants"])
        for p in (a, b):
            if slot not in available[p["id"]]:
                found.append(f"{where}: {p['id']} not available")
            busy[p["id"], slot] += 1
            count[p["id"]] += 1
        if shares_language(a, b):
            if iid is not None:
                found.append(f"{where}: interpreter {iid} for a shared language")
        elif iid not in interpreters:
            found.append(f"{where}: needs an interpreter, has {iid!r}")
        else:
            if slot not in interpreter_slots[iid]:
                found.append(f"{where}: interpreter {iid} not available")
            if not interpreter_serves(interpreters[iid], a, b):
                found.append(f"{where}: interpreter {iid} lacks the language pair")
            busy[iid, slot] += 1
    found.extend(f"{who} in {n} meetings in {slot}" for (who, slot), n in busy.items() if n > 1)
    for pid, n in count.items():
        limit = participants[pid].get("max_meetings")
        if limit is not None and n > limit:
            found.append(f"{pid} has {n} meetings, max_meetings {limit}")
    placed = {(m.get("request"), m.get("slot"), m.get("interpreter")) for m in meetings}
    for f in doc.get("fixed", []):
        if (f["request"], f["slot"], f.get("interpreter")) not in placed:
            found.append(f"fixed {f['request']}@{f['slot']} missing or changed")
    if output.get("value") != value:
        found.append(f"value {output.get('value')!r}, the weights sum to {value}")
    if check_unscheduled:
        listed = [u.get("request") for u in output.get("unscheduled", [])]
        missing = set(requests) - seen_requests - set(listed)
        if missing:
            found.append(f"{len(missing)} unscheduled requests not listed, e.g. {min(missing)}")
        if set(listed) & seen_requests:
            found.append("a scheduled request is listed as unscheduled")
        if any(not u.get("reason") for u in output.get("unscheduled", [])):
            found.append("an unscheduled request without a reason")
    return found


def figures(doc: dict, output: dict, *, bound: float | None) -> dict:
    """What the benchmark reports of one schedule."""
    participants = {p["id"]: p for p in doc["participants"]}
    requests = {r["id"]: r for r in doc["requests"]}
    scheduled = {m["request"] for m in output["meetings"]}
    mutual = [rid for rid, r in requests.items() if r.get("mutual")]
    value = sum(requests[rid]["weight"] for rid in scheduled)
    wanted = {pid for r in requests.values() for pid in r["participants"]}
    meeting = {pid for rid in scheduled for pid in requests[rid]["participants"]}
    below_min = sum(
        1
        for pid, p in participants.items()
        if p.get("min_meetings")
        and sum(pid in requests[rid]["participants"] for rid in scheduled) < p["min_meetings"]
    )
    return {
        "value": value,
        "ratio": (value / bound) if bound else None,
        "requests_scheduled": len(scheduled) / len(requests) if requests else 1.0,
        "mutual_scheduled": (
            sum(rid in scheduled for rid in mutual) / len(mutual) if mutual else None
        ),
        "participants_without_meeting": len(wanted - meeting),
        "participants_below_min": below_min,
        "mean_idle_slots": mean_idle_slots(doc, output),
    }


def mean_idle_slots(doc: dict, output: dict) -> float:
    """The spec's ``mean_idle_slots``: over participants with two or more meetings, the mean
    of the free available slots between their first and last meeting of each day (summed
    over the days)."""
    starts = {s["id"]: datetime.datetime.fromisoformat(s["start"]) for s in doc["slots"]}
    order = {sid: index for index, sid in enumerate(sorted(starts, key=starts.get))}
    day = {sid: start.date() for sid, start in starts.items()}
    requests = {r["id"]: r for r in doc["requests"]}
    meeting_slots: dict[str, set[str]] = collections.defaultdict(set)
    for m in output["meetings"]:
        for pid in requests[m["request"]]["participants"]:
            meeting_slots[pid].add(m["slot"])
    idle = []
    for p in doc["participants"]:
        mine = meeting_slots.get(p["id"], set())
        if len(mine) < 2:
            continue
        free = 0
        by_day: dict[datetime.date, list[int]] = collections.defaultdict(list)
        for sid in mine:
            by_day[day[sid]].append(order[sid])
        for date, indices in by_day.items():
            first, last = min(indices), max(indices)
            free += sum(
                1
                for sid in p["available"]
                if day[sid] == date and first < order[sid] < last and sid not in mine
            )
        idle.append(free)
    return sum(idle) / len(idle) if idle else math.nan
