"""An independent checker of `twinning.schedule/1` outputs against their input.

Written from ../shared/specs/meeting-scheduling.md alone: it reads the two JSON documents and
shares no code with twinning.scheduler. `violations(inp, out)` lists every broken rule
(an empty list means the output is valid).
"""

from __future__ import annotations

import math
from datetime import datetime


def _langs(p: dict) -> set[str]:
    return {x.lower() for x in p["languages"]}


def interpreter_fits(interp: dict, a: dict, b: dict) -> bool:
    la, lb = _langs(a), _langs(b)
    for x, y in interp["pairs"]:
        x, y = x.lower(), y.lower()
        if (x in la and y in lb) or (y in la and x in lb):
            return True
    return False


def table_count(inp: dict, slot_id: str) -> int:
    t = inp["tables"]
    return t if isinstance(t, int) else t.get(slot_id, 0)


def _day_order(inp: dict):
    slots = sorted(inp["slots"], key=lambda s: datetime.fromisoformat(s["start"]))
    return [(s["id"], datetime.fromisoformat(s["start"]).date()) for s in slots]


def idle_slots_of(inp: dict, person: dict, taken: set[str]) -> int:
    """Free available slots between the first and last meeting of each day."""
    order = _day_order(inp)
    total = 0
    for day in {d for _s, d in order}:
        ids = [s for s, d in order if d == day]
        marks = [k for k, s in enumerate(ids) if s in taken]
        if len(marks) < 2:
            continue
        for s in ids[marks[0] + 1 : marks[-1]]:
            if s in person["available"] and s not in taken:
                total += 1
    return total


def violations(inp: dict, out: dict, *, cancelled: set[str] = frozenset()) -> list[str]:
    bad: list[str] = []
    if out.get("format") != "twinning.schedule/1":
        bad.append(f"format is {out.get('format')!r}")
    slots = {s["id"]: s for s in inp["slots"]}
    people = {p["id"]: p for p in inp["participants"]}
    interps = {i["id"]: i for i in inp.get("interpreters", [])}
    requests = {r["id"]: r for r in inp["requests"]}

    meetings = out.get("meetings")
    if not isinstance(meetings, list):
        return [*bad, "meetings is not a list"]
    seen_requests: set[str] = set()
    seats: set[tuple[str, int]] = set()
    person_slot: dict[tuple[str, str], str] = {}
    interp_slot: dict[tuple[str, str], str] = {}
    count: dict[str, int] = {}
    taken: dict[str, set[str]] = {}
    value = 0
    for m in meetings:
        rid, sid, table, iid = m.get("request"), m.get("slot"), m.get("table"), m.get("interpreter")
        if rid not in requests:
            bad.append(f"meeting of unknown request {rid!r}")
            continue
        if rid in seen_requests:
            bad.append(f"request {rid} scheduled twice")
        seen_requests.add(rid)
        if sid not in slots:
            bad.append(f"{rid}: unknown slot {sid!r}")
            continue
        if not isinstance(table, int) or isinstance(table, bool):
            bad.append(f"{rid}: table {table!r} is not an integer")
        elif not 1 <= table <= table_count(inp, sid):
            bad.append(f"{rid}: table {table} outside 1..{table_count(inp, sid)} in {sid}")
        if (sid, table) in seats:
            bad.append(f"{rid}: table {table} of {sid} used twice")
        seats.add((sid, table))
        req = requests[rid]
        a, b = (people[x] for x in req["participants"])
        for p in (a, b):
            if p["id"] in cancelled:
                bad.append(f"{rid}: cancelled participant {p['id']} still meets")
            if sid not in p["available"]:
                bad.append(f"{rid}: {p['id']} not available in {sid}")
            if (p["id"], sid) in person_slot:
                bad.append(f"{rid}: {p['id']} also meets in {sid} ({person_slot[(p['id'], sid)]})")
            person_slot[(p["id"], sid)] = rid
            count[p["id"]] = count.get(p["id"], 0) + 1
            taken.setdefault(p["id"], set()).add(sid)
        share = bool(_langs(a) & _langs(b))
        if share and iid is not None:
            bad.append(f"{rid}: interpreter {iid} although the two share a language")
        if not share:
            if iid is None:
                bad.append(f"{rid}: no interpreter although the two share no language")
            elif iid not in interps:
                bad.append(f"{rid}: unknown interpreter {iid!r}")
            else:
                it = interps[iid]
                if not interpreter_fits(it, a, b):
                    bad.append(f"{rid}: interpreter {iid} has no pair for them")
                if sid not in it["available"]:
                    bad.append(f"{rid}: interpreter {iid} not available in {sid}")
                if (iid, sid) in interp_slot:
                    bad.append(f"{rid}: interpreter {iid} also serves {interp_slot[(iid, sid)]}")
                interp_slot[(iid, sid)] = rid
        value += req["weight"]
    for pid, n in count.items():
        limit = people[pid].get("max_meetings")
        if limit is not None and n > limit:
            bad.append(f"{pid} has {n} meetings, max_meetings {limit}")

    by_request = {m.get("request"): m for m in meetings}
    for f in inp.get("fixed", []):
        req = requests[f["request"]]
        if set(req["participants"]) & cancelled:
            continue
        m = by_request.get(f["request"])
        if m is None:
            bad.append(f"fixed {f['request']} missing")
        elif m["slot"] != f["slot"] or m.get("interpreter") != f.get("interpreter"):
            bad.append(f"fixed {f['request']} changed")

    if not (isinstance(out.get("value"), int | float) and math.isclose(out["value"], value)):
        bad.append(f"value {out.get('value')!r} is not the sum of weights {value}")
    ub = out.get("upper_bound")
    if not isinstance(ub, int | float) or isinstance(ub, bool) or ub < value - 1e-9:
        bad.append(f"upper_bound {ub!r} below value {value}")

    unscheduled = out.get("unscheduled")
    if not isinstance(unscheduled, list):
        bad.append("unscheduled is not a list")
        unscheduled = []
    listed = [u.get("request") for u in unscheduled]
    if len(listed) != len(set(listed)):
        bad.append("a request is listed twice in unscheduled")
    if set(listed) & seen_requests:
        bad.append(f"scheduled and unscheduled: {sorted(set(listed) & seen_requests)}")
    missing = set(requests) - seen_requests - set(listed)
    if missing:
        bad.append(f"requests neither scheduled nor unscheduled: {sorted(missing)}")
    for u in unscheduled:
        if not (isinstance(u.get("reason"), str) and u["reason"].strip()):
            bad.append(f"unscheduled {u.get('request')} without a reason")

    stats = out.get("stats")
    if not isinstance(stats, dict):
        return [*bad, "stats is not an object"]
    if not (isinstance(stats.get("seconds"), int | float) and stats["seconds"] >= 0):
        bad.append("stats.seconds missing or negative")
    with_requests = {
        p
        for r in inp["requests"]
        for p in r["participants"]
        if not set(r["participants"]) & cancelled
    }
    if "participants_without_meeting" in stats:
        expect = sum(1 for p in with_requests if count.get(p, 0) == 0)
        if stats["participants_without_meeting"] != expect:
            bad.append(
                f"participants_without_meeting {stats['participants_without_meeting']} != {expect}"
            )
    if "mean_idle_slots" in stats:
        idle = [idle_slots_of(inp, people[p], taken[p]) for p in taken if count[p] >= 2]
        expect = sum(idle) / len(idle) if idle else 0.0
        if not math.isclose(stats["mean_idle_slots"], expect, abs_tol=1e-3):
            bad.append(f"mean_idle_slots {stats['mean_idle_slots']} != {expect}")
    if "participants_below_min" in stats:
        expect = sorted(
            p for p in with_requests if (people[p].get("min_meetings") or 0) > count.get(p, 0)
        )
        if sorted(stats["participants_below_min"]) != expect:
            bad.append(f"participants_below_min {stats['participants_below_min']} != {expect}")
    return bad
