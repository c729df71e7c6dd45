"""A computed schedule and its output document `twinning.schedule/1`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .spec import OUTPUT_FORMAT, Instance
from .state import FREE, State


@dataclass
class Schedule:
    instance: Instance
    meetings: dict[int, tuple[int, int | None]]  # request index -> (slot index, interpreter)
    upper_bound: float | None = None
    seconds: float = 0.0
    extra_stats: dict = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)  # overrides, e.g. "cancelled"
    changed_participants: frozenset[str] = frozenset()  # filled by repair()

    @property
    def value(self) -> int | float:
        return sum(self.instance.requests[r].weight for r in self.meetings)

    @classmethod
    def from_state(cls, state: State, **kw) -> Schedule:
        return cls(state.inst, state.snapshot(), **kw)

    # ----- figures -------------------------------------------------------------------------
    def _per_participant(self) -> list[list[int]]:
        inst = self.instance
        out: list[list[int]] = [[] for _ in inst.participants]
        for r, (s, _i) in self.meetings.items():
            req = inst.requests[r]
            out[req.a].append(s)
            out[req.b].append(s)
        return out

    def stats(self) -> dict:
        inst = self.instance
        slots_of = self._per_participant()
        with_requests = set()
        skip = self.reasons.keys()
        for r, req in enumerate(inst.requests):
            if r in skip and r not in self.meetings:
                continue
            with_requests.add(req.a)
            with_requests.add(req.b)
        without = sum(1 for p in with_requests if not slots_of[p])
        idle = [idle_slots(inst, p, slots_of[p]) for p in range(len(inst.participants))]
        busy = [idle[p] for p in range(len(inst.participants)) if len(slots_of[p]) >= 2]
        below = sorted(
            inst.participants[p].id
            for p in with_requests
            if (inst.participants[p].min_meetings or 0) > len(slots_of[p])
        )
        out = {
            "seconds": round(self.seconds, 3),
            "participants_without_meeting": without,
            "mean_idle_slots": round(sum(busy) / len(busy), 4) if busy else 0.0,
            "participants_below_min": below,
            "requests": len(inst.requests),
            "scheduled": len(self.meetings),
        }
        out.update(self.extra_stats)
        return out

    def reason(self, r: int, state: State) -> str:
        if r in self.reasons:
            return self.reasons[r]
        return unscheduled_reason(self.instance, r, state)

    def to_state(self) -> State:
        state = State(self.instance)
        for r, (s, i) in self.meetings.items():
            if r not in state.locked:
                state._put(r, s, i)
        return state

    def to_json(self) -> dict:
        inst = self.instance
        state = self.to_state()
        order = sorted(self.meetings.items(), key=lambda kv: (kv[1][0], inst.requests[kv[0]].id))
        table_no: dict[int, int] = {}
        meetings = []
        for r, (s, i) in order:
            table_no[s] = table_no.get(s, 0) + 1
            meetings.append(
                {
                    "request": inst.requests[r].id,
                    "slot": inst.slots[s].id,
                    "table": table_no[s],
                    "interpreter": inst.interpreters[i].id if i is not None else None,
                }
            )
        unscheduled = [
            {"request": req.id, "reason": self.reason(r, state)}
            for r, req in enumerate(inst.requests)
            if r not in self.meetings
        ]
        value = self.value
        bound = self.upper_bound
        if bound is None or bound < value:  # never report a bound below what we hold
            bound = float(value) if bound is None else max(bound, float(value))
        return {
            "format": OUTPUT_FORMAT,
            "meetings": meetings,
            "value": value,
            "upper_bound": float(bound),
            "unscheduled": unscheduled,
            "stats": self.stats(),
        }


def idle_slots(inst: Instance, p: int, slots: list[int]) -> int:
    """Free available slots between a participant's first and last meeting of each day."""
    if len(slots) < 2:
        return 0
    taken = set(slots)
    by_day: dict = {}
    for s in slots:
        by_day.setdefault(inst.slots[s].day, []).append(s)
    avail = inst.participants[p].available
    total = 0
    for day_slots in by_day.values():
        lo, hi = min(day_slots), max(day_slots)
        total += sum(1 for s in range(lo + 1, hi) if s in avail and s not in taken)
    return total


def unscheduled_reason(inst: Instance, r: int, state: State) -> str:
    req = inst.requests[r]
    pa, pb = inst.participants[req.a], inst.participants[req.b]
    common = pa.available & pb.available
    if not common:
        return "no common available slot"
    with_tables = [s for s in common if inst.tables[s] > 0]
    if not with_tables:
        return "no table in any common available slot"
    for p in (pa, pb):
        if p.max_meetings == 0:
            return f'participant "{p.id}" takes no meetings (max_meetings 0)'
    if inst.needs_interpreter[r]:
        if not inst.compatible[r]:
            return "no common language and no interpreter for this language pair"
        if not any(s in inst.interpreters[i].available for i in inst.compatible[r] for s in common):
            return "no common language and no suitable interpreter in a common available slot"
    for p_index, p in ((req.a, pa), (req.b, pb)):
        if p.max_meetings is not None and state.load[p_index] >= p.max_meetings:
            return f'participant "{p.id}" has reached max_meetings ({p.max_meetings})'
    busy = tables_full = interp = 0
    for s in state.cand[r] or inst.candidate_slots(r):
        if state.pbusy[req.a][s] != FREE or state.pbusy[req.b][s] != FREE:
            busy += 1
        elif state.used[s] >= state.tables[s]:
            tables_full += 1
        else:
            interp += 1
    parts = []
    if busy:
        parts.append("a participant already meets someone else")
    if tables_full:
        parts.append("every table is taken")
    if interp:
        parts.append("every suitable interpreter is taken")
    if not parts:
        return "no common slot with a table and a suitable interpreter"
    return "in every common slot " + " or ".join(parts)
