"""solve(): the LP bound, an LP-guided schedule improved by local search, never below greedy.

1. Greedy (highest weight first, earliest feasible slot, interpreters re-matched per slot).
2. The LP relaxation with HiGHS (first-order PDLP: fast on these large sparse LPs; its duals
   are turned into a proven bound by bound.lagrangian_bound, whatever its tolerances).
3. LP-guided construction: the (request, slot) pairs by decreasing LP value, then the rest by
   weight; local search (move blockers, eject lighter meetings, swap at max_meetings) on both
   the greedy and the LP-guided schedule while time remains; the better one is kept.
4. Secondary goals at equal weight: give participants with no meeting one, then compact days.
"""

from __future__ import annotations

import time

import numpy as np

from .bound import solve_lp
from .greedy import greedy_order
from .schedule import Schedule
from .search import Search
from .spec import Instance
from .state import State, greedy_fill


def _lp_guided(inst: Instance, lp, exclude: frozenset[int]) -> State:
    """Requests by decreasing LP share sum_s x[r,s] (then weight), slots by decreasing x[r,s]."""
    st = State(inst, exclude)
    m = lp.model
    x = lp.x
    z = np.zeros(len(inst.requests))
    np.add.at(z, m.cols_r, x)
    pref: dict[int, list[tuple[float, int]]] = {}
    for j in np.nonzero(x > 1e-4)[0]:
        pref.setdefault(int(m.cols_r[j]), []).append((-float(x[j]), int(m.cols_s[j])))
    saved = {}
    for r, opts in pref.items():
        ranked = [s for _v, s in sorted(opts)]
        saved[r] = st.cand[r]
        st.cand[r] = ranked + [s for s in st.cand[r] if s not in set(ranked)]
    order = sorted(
        (r for r in range(len(inst.requests)) if r not in exclude),
        key=lambda r: (-round(z[r], 2), -inst.requests[r].weight),
    )
    greedy_fill(st, order)
    for r, cand in saved.items():  # later moves try slots in time order again
        st.cand[r] = cand
    return st


def run(
    inst: Instance,
    *,
    time_limit: float,
    seed: int = 0,
    exclude: frozenset[int] = frozenset(),
    start: State | None = None,
    lp_share: float = 0.7,
) -> tuple[State, object, dict]:
    """The states and figures behind solve() and repair()."""
    t0 = time.perf_counter()
    deadline = t0 + time_limit

    base = State(inst, exclude) if start is None else start
    if start is None:
        greedy_fill(base, [r for r in greedy_order(inst) if r not in exclude])
    greedy_value = base.value

    lp = solve_lp(
        inst, time_limit=max(0.05, lp_share * (deadline - time.perf_counter())), exclude=exclude
    )
    figures = {
        "greedy_value": greedy_value,
        "lp_seconds": round(lp.seconds, 3),
        "lp_status": lp.status,
    }

    states = [base]
    if lp.x.size:
        states.insert(0, _lp_guided(inst, lp, exclude))
    best = None
    for k, st in enumerate(states):
        if best is not None and best.value >= lp.bound:
            break
        remaining = deadline - time.perf_counter()
        share = remaining / (len(states) - k)
        search = Search(st, time.perf_counter() + share * 0.8, seed + k)
        v0, t1 = st.value, time.perf_counter()
        search.improve()
        figures[f"search{k}"] = [v0, st.value, round(time.perf_counter() - t1, 3)]
        if best is None or st.value > best.value:
            best = st
    search = Search(best, deadline, seed)
    search.lonely()
    search.compact()
    figures["seconds_total"] = round(time.perf_counter() - t0, 3)
    return best, lp, figures


def solve(instance: Instance, *, time_limit: float, seed: int = 0) -> Schedule:
    """A schedule of maximal weight within `time_limit` seconds, with a proven upper bound."""
    t0 = time.perf_counter()
    state, lp, figures = run(instance, time_limit=time_limit, seed=seed)
    schedule = Schedule.from_state(state, upper_bound=lp.bound, extra_stats=figures)
    schedule.seconds = time.perf_counter() - t0
    return schedule
