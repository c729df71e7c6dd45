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

from .bound import LpJob
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


def _perturb(search: Search, bound: float) -> int:
    """Iterated local search: drop a few random meetings, search again, keep if not worse."""
    st = search.st
    tries = 0
    while not search.out_of_time() and st.value < bound:
        tries += 1
        snap, value = st.snapshot(), st.value
        movable = [r for r, s in enumerate(st.slot_of) if s >= 0 and r not in st.locked]
        if not movable:
            break
        for r in search.rng.sample(movable, max(1, min(len(movable) // 20, 30))):
            st.remove(r)
        search.improve(max_passes=3)
        if st.value < value:
            st.restore(snap)
    return tries


def run(
    inst: Instance,
    *,
    time_limit: float,
    seed: int = 0,
    exclude: frozenset[int] = frozenset(),
    lp_share: float = 0.9,
) -> tuple[State, object, dict]:
    """The state and figures behind solve()."""
    t0 = time.perf_counter()
    reserve = min(1.0, 0.05 * time_limit)  # for writing the output
    deadline = t0 + time_limit - reserve

    base = State(inst, exclude)
    greedy_fill(base, [r for r in greedy_order(inst) if r not in exclude])
    figures: dict = {"greedy_value": base.value}

    job = LpJob(
        inst, time_limit=max(0.05, lp_share * (deadline - time.perf_counter())), exclude=exclude
    )
    # While HiGHS works (its own thread), improve the greedy schedule.
    search = Search(base, deadline, seed, stop=job.done)
    v0, t1 = base.value, time.perf_counter()
    search.improve()
    figures["search_greedy"] = [v0, base.value, round(time.perf_counter() - t1, 3)]
    lp = job.result(timeout=max(0.0, deadline - time.perf_counter()))
    figures["lp_seconds"] = round(lp.seconds, 3)
    figures["lp_status"] = lp.status

    best = base
    if lp.x.size and base.value < lp.bound and time.perf_counter() < deadline:
        guided = _lp_guided(inst, lp, exclude)
        v0, t1 = guided.value, time.perf_counter()
        Search(guided, deadline, seed + 1).improve()
        figures["search_lp"] = [v0, guided.value, round(time.perf_counter() - t1, 3)]
        if guided.value > best.value:
            best = guided
    search = Search(best, deadline, seed)
    if best.value < lp.bound:
        search.improve()
        figures["perturbations"] = _perturb(search, lp.bound)
    search.lonely()
    search.compact()
    figures["seconds_search"] = round(time.perf_counter() - t0, 3)
    return best, lp, figures


def solve(instance: Instance, *, time_limit: float, seed: int = 0) -> Schedule:
    """A schedule of maximal weight within `time_limit` seconds, with a proven upper bound."""
    t0 = time.perf_counter()
    state, lp, figures = run(instance, time_limit=time_limit, seed=seed)
    schedule = Schedule.from_state(state, upper_bound=lp.bound, extra_stats=figures)
    schedule.seconds = time.perf_counter() - t0
    return schedule
