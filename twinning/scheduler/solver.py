"""solve(): the LP bound, an LP-guided schedule improved by local search and exact
sub-MIPs, never below greedy, all within one time limit.

1. Greedy (highest weight first, earliest feasible slot, interpreters re-matched per slot).
2. The LP relaxation with HiGHS (first-order PDLP) by column generation in a background
   thread (bound.LpJob): its duals are turned into a proven bound over every column by
   bound.reduced_costs, whatever its tolerances. Meanwhile, when a core is free, local search
   on the greedy schedule.
3. LP-guided construction: the (request, slot) pairs by decreasing LP value, then the rest by
   weight; two passes of local search (move blockers, eject lighter meetings, swap at
   max_meetings), after which it stalls.
4. Exact sub-problems with the HiGHS MIP solver (mip.improve): the whole problem when it is
   small (S), else windows of consecutive slots and groups of participants in turn; then
   random perturbations of the local search if time is left.
5. Secondary goals at equal weight: give participants with no meeting one, then compact days.

One deadline for everything: the limit counts from `started` (the command line passes the
moment it started), and time is kept for the secondary passes and the output in proportion to
the greedy pass (see _reserves).
"""

from __future__ import annotations

import os
import time

import numpy as np

from . import mip
from .bound import LpJob
from .greedy import greedy_order
from .schedule import Schedule
from .search import Search
from .spec import Instance
from .state import FREE, State, greedy_fill


def _lp_guided(inst: Instance, lp, exclude: frozenset[int]) -> State:
    """Requests by decreasing LP share sum_s x[r,s] (then weight), slots by decreasing x[r,s]."""
    st = State(inst, exclude)
    m = lp.model
    x = lp.x
    z = np.bincount(m.cols_r, weights=x, minlength=len(inst.requests))
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


FULL_MIP_COLUMNS = 8_000  # up to this many (request, slot) columns, one MIP of everything
GUIDED_SEARCH_PASSES = 2  # of the local search on the LP-guided schedule, before sub-MIPs
WINDOW_START = 3  # slots per window of the first sub-MIP
GROUP_START = 150  # requests of a participants' group in the first sub-MIP


def _group(st: State, requests_of: list[list[int]], rng, size: int) -> list[int]:
    """The requests of a few participants around an unscheduled request: its two people, then
    the people they meet, breadth first, until about `size` requests are involved."""
    waiting = [r for r, s in enumerate(st.slot_of) if s == FREE and st.cand[r]]
    if not waiting:
        return []
    seed = rng.choice(waiting)
    people = [st.pa[seed], st.pb[seed]]
    seen = set(people)
    chosen: set[int] = set()
    for p in people:  # grows while it is walked
        for q in requests_of[p]:
            chosen.add(q)
            if st.slot_of[q] != FREE:
                for other in (st.pa[q], st.pb[q]):
                    if other not in seen:
                        seen.add(other)
                        people.append(other)
        if len(chosen) >= size:
            break
    return sorted(chosen)


def _mip(st: State, lp, deadline: float, rng) -> dict:
    """Exact re-optimisation with HiGHS: the whole problem when it is small, else, in turn,
    windows of consecutive slots (every request may enter, move within or leave the window)
    and groups of participants (all their requests, every slot), at random; each kind grows
    while HiGHS proves its sub-problems optimal quickly and shrinks when it finds nothing
    within its limit."""
    model = lp.model
    everyone = range(len(st.inst.requests))
    n_s = st.n_s
    done = {"tries": 0, "gain": 0, "optimal": 0}
    if model.n_x <= FULL_MIP_COLUMNS:
        left = deadline - time.perf_counter()
        if left > 0.1:
            gain, status = mip.improve(st, model, everyone, range(n_s), time_limit=0.8 * left)
            done.update(tries=1, gain=gain, optimal=int(status == "Optimal"), width=n_s)
        return done
    requests_of: list[list[int]] = [[] for _ in st.inst.participants]
    for r in range(len(st.slot_of)):
        if st.cand[r]:
            requests_of[st.pa[r]].append(r)
            requests_of[st.pb[r]].append(r)
    size = {"window": min(WINDOW_START, n_s), "group": GROUP_START}
    top = {"window": n_s, "group": len(st.slot_of)}
    while st.value < lp.bound:
        left = deadline - time.perf_counter()
        if left < 0.3:
            break
        kind = ("window", "group")[done["tries"] % 2]
        if kind == "window":
            first = rng.randrange(n_s - size[kind] + 1)
            requests, slots = everyone, range(first, first + size[kind])
        else:
            requests, slots = _group(st, requests_of, rng, size[kind]), range(n_s)
        t = time.perf_counter()
        limit = min(0.5 * left, 1.0)  # HiGHS stops a little after its limit
        gain, status = mip.improve(st, model, requests, slots, time_limit=limit)
        spent = time.perf_counter() - t
        done["tries"] += 1
        done["gain"] += gain
        if status == "Optimal":
            done["optimal"] += 1
            if spent < 0.25 * limit and size[kind] < top[kind]:
                size[kind] += 1 if kind == "window" else max(1, size[kind] // 4)
        elif gain == 0 and size[kind] > 1:
            size[kind] -= 1 if kind == "window" else max(1, size[kind] // 4)
    done.update(width=size["window"], group=size["group"])
    return done


def run(
    inst: Instance,
    *,
    time_limit: float,
    seed: int = 0,
    exclude: frozenset[int] = frozenset(),
    started: float | None = None,
) -> tuple[State, object, dict]:
    """The state and figures behind solve(); everything ends `time_limit` seconds after
    `started` (default: now), leaving time for the output (see _reserves)."""
    t0 = time.perf_counter() if started is None else started
    end = t0 + time_limit

    g0 = time.perf_counter()
    base = State(inst, exclude)
    greedy_fill(base, [r for r in greedy_order(inst) if r not in exclude])
    output_reserve, passes_reserve = _reserves(time.perf_counter() - g0, time_limit)
    passes_deadline = end - output_reserve  # lonely and compact end here
    deadline = passes_deadline - passes_reserve  # the search ends here
    figures: dict = {"greedy_value": base.value}
    clock = figures["clock"] = {}  # seconds since the start at the end of each phase

    def lap(phase: str) -> None:
        clock[phase] = round(time.perf_counter() - t0, 3)

    lap("greedy")

    job = LpJob(
        inst,
        time_limit=max(0.05, deadline - time.perf_counter()),
        exclude=exclude,
        hint=base.slot_of,
    )
    # While HiGHS works (its own thread), improve the greedy schedule.
    search = Search(base, deadline, seed, stop=job.done)
    v0, t1 = base.value, time.perf_counter()
    if _spare_core():
        search.improve()
    figures["search_greedy"] = [v0, base.value, round(time.perf_counter() - t1, 3)]
    lp = job.result(timeout=max(0.0, deadline - time.perf_counter()))
    figures["lp_seconds"] = round(lp.seconds, 3)
    figures["lp_status"] = lp.status
    figures["lp_rounds"] = job.rounds
    lap("lp")

    best = base
    if lp.x.size and base.value < lp.bound and time.perf_counter() < deadline:
        guided = _lp_guided(inst, lp, exclude)
        v0, t1 = guided.value, time.perf_counter()
        # the local search stalls after two passes (measured at L); then the exact sub-problems
        Search(guided, deadline, seed + 1).improve(max_passes=GUIDED_SEARCH_PASSES)
        figures["search_lp"] = [v0, guided.value, round(time.perf_counter() - t1, 3)]
        if guided.value > best.value:
            best = guided
        lap("search_lp")
    search = Search(best, deadline, seed)
    if best.value < lp.bound and lp.x.size:
        figures["mip"] = _mip(best, lp, deadline, search.rng)
        lap("mip")
    elif best.value < lp.bound:
        search.improve()
    if best.value < lp.bound:
        figures["perturbations"] = _perturb(search, lp.bound)
        lap("perturbations")
    search.deadline = passes_deadline
    search.lonely()
    lap("lonely")
    search.compact()
    lap("compact")
    clock["deadlines"] = [round(deadline - t0, 3), round(passes_deadline - t0, 3)]
    figures["seconds_search"] = round(time.perf_counter() - t0, 3)
    return best, lp, figures


def _spare_core() -> bool:
    """Is a core free for the search while HiGHS works? On a loaded machine the two threads
    would share this process's part of the CPU, and the LP matters more."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this system
        return True
    return load <= (os.cpu_count() or 1) - 0.5


def _reserves(greedy_seconds: float, time_limit: float) -> tuple[float, float]:
    """Seconds kept for writing the output and for the secondary passes. Both scale with the
    greedy pass just timed, its State included (all three are linear in the size, and a
    loaded machine slows them alike): writing the output (JSON, file, sync) took up to
    three times as long at L and XL, a compaction pass about as long."""
    output = min(0.15 * time_limit, 0.25 + 3.0 * greedy_seconds)
    passes = min(0.1 * time_limit, 2.0 * greedy_seconds)
    return output, passes


def solve(
    instance: Instance, *, time_limit: float, seed: int = 0, started: float | None = None
) -> Schedule:
    """A schedule of maximal weight, with a proven upper bound, ready to be written out
    within `time_limit` seconds of `started` (default: now; the command line passes the
    moment it started, so that reading and parsing the input count too)."""
    t0 = time.perf_counter() if started is None else started
    state, lp, figures = run(instance, time_limit=time_limit, seed=seed, started=t0)
    schedule = Schedule.from_state(state, upper_bound=lp.bound, extra_stats=figures)
    schedule.seconds = time.perf_counter() - t0
    return schedule
