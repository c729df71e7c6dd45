"""The baseline most tools use: highest weight first, each in its earliest feasible slot."""

from __future__ import annotations

import time

from .schedule import Schedule
from .spec import Instance
from .state import State, greedy_fill


def greedy_order(inst: Instance) -> list[int]:
    return sorted(range(len(inst.requests)), key=lambda r: -inst.requests[r].weight)


def greedy(instance: Instance) -> Schedule:
    """Fixed meetings first; then by weight, the earliest slot with everyone free, a table and
    the first free interpreter who fits (no reassignment of interpreters, as such tools do)."""
    t0 = time.perf_counter()
    state = State(instance)
    greedy_fill(state, greedy_order(instance), reassign=False)
    return Schedule.from_state(
        state, seconds=time.perf_counter() - t0, extra_stats={"method": "greedy"}
    )
