"""repair(): re-plan after late cancellations, quickly and with few changes.

The meetings of the cancelled participants go (a confirmed one too: it cannot take place);
every other meeting keeps its slot unless moving it lets a new meeting in; confirmed
(`fixed`) meetings never move; nobody loses a meeting. The freed places are then offered to
the unscheduled requests, heaviest first. The result names the participants whose agenda
changed (a meeting added, moved, re-interpreted or cancelled), so only they are told.
"""

from __future__ import annotations

import time

from .bound import LpJob, combinatorial_bound
from .schedule import Schedule
from .search import Search
from .spec import InputError, Instance
from .state import FREE, State


def _meetings_of(instance: Instance, previous) -> dict[int, tuple[int, int | None]]:
    if isinstance(previous, Schedule):
        return dict(previous.meetings)
    r_index = {r.id: k for k, r in enumerate(instance.requests)}
    s_index = {s.id: s.index for s in instance.slots}
    i_index = {it.id: k for k, it in enumerate(instance.interpreters)}
    out = {}
    for k, m in enumerate(previous.get("meetings", [])):
        try:
            out[r_index[m["request"]]] = (
                s_index[m["slot"]],
                i_index[m["interpreter"]] if m.get("interpreter") is not None else None,
            )
        except (KeyError, TypeError):
            raise InputError(
                f"previous meetings[{k}]: unknown request, slot or interpreter"
            ) from None
    return out


def repair(
    instance: Instance,
    previous: Schedule | dict,
    *,
    cancelled_participants: set[str],
    time_limit: float = 1.0,
) -> Schedule:
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    p_index = {p.id: k for k, p in enumerate(instance.participants)}
    unknown = sorted(set(cancelled_participants) - p_index.keys())
    if unknown:
        raise InputError(f'cancelled participant "{unknown[0]}" is not a known participant id')
    gone = {p_index[p] for p in cancelled_participants}
    exclude = frozenset(
        r for r, req in enumerate(instance.requests) if req.a in gone or req.b in gone
    )
    old = _meetings_of(instance, previous)

    state = State(instance, exclude)
    for r, (s, i) in old.items():
        if r in exclude or r in state.locked:
            continue
        if state.slot_of[r] != FREE:
            continue
        req = instance.requests[r]
        same = (
            state.fits(r, s)
            and s in state.cand[r]
            and (
                (i is None and not state.needs[r])
                or (
                    i in instance.compatible[r]
                    and state.ibusy[i][s] == FREE
                    and s in state.iavail[i]
                )
            )
        )
        if same:
            state._put(r, s, i)
        elif not state.place(r, s):
            raise InputError(f'previous schedule: request "{req.id}" does not fit in its slot')
    search = Search(state, t0 + 0.6 * time_limit, eject=False)
    search.improve(max_passes=3)

    # A proven bound: the LP's when it is small enough to end in the time left (building it
    # alone takes about a second at 1,200 participants), else a combinatorial one.
    columns = sum(len(state.cand[r]) for r in range(len(instance.requests)))
    left = deadline - time.perf_counter()
    method = "combinatorial"
    if columns <= 40_000 and left > 0.2:
        lp = LpJob(instance, time_limit=left * 0.8, exclude=exclude).result(
            timeout=max(0.0, deadline - time.perf_counter() - 0.05)
        )
        bound = lp.bound
        if lp.status == "Optimal":
            method = "lp"
    else:
        bound = combinatorial_bound(instance, exclude)

    new = state.snapshot()
    changed: set[str] = set()
    for r in set(old) | set(new):
        if old.get(r) != new.get(r):
            req = instance.requests[r]
            for p in (req.a, req.b):
                if p not in gone:
                    changed.add(instance.participants[p].id)
    reasons = {r: "a participant cancelled" for r in exclude}
    return Schedule(
        instance,
        new,
        upper_bound=bound,
        seconds=time.perf_counter() - t0,
        extra_stats={
            "bound_method": method,
            "cancelled_participants": sorted(cancelled_participants),
            "changed_participants": sorted(changed),
        },
        reasons=reasons,
        changed_participants=frozenset(changed),
    )
