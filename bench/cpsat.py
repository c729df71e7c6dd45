"""The CP-SAT baseline: the same scheduling problem as an OR-Tools CP-SAT model.

One Boolean per (request, slot) where both participants are available, the slot has
tables and, for a meeting that needs an interpreter, someone who can interpret is
available. Constraints: a request at most once; a participant in at most one meeting per
slot and at most ``max_meetings`` in all; per slot, meetings ≤ tables and, per set of
interpreters who could serve a meeting, meetings needing them ≤ their number (and all
interpreter meetings ≤ all free interpreters). The confirmed (``fixed``) meetings are
forced and take their table and interpreter. Objective: the total weight. Interpreters
are then assigned slot by slot with a bipartite matching (exact when, as in the
generated instances, the interpreters of a slot all cover the same language pair); a
meeting left without one would be dropped, so the output is always feasible.

No hint and no tuning beyond the presolve setting below: the baseline is what a team gets
from CP-SAT given the same time. Building the model (Python) is not counted in the limit.
"""

from __future__ import annotations

import collections
import time

from bench.schedule_check import interpreter_serves, shares_language, table_count


def solve(doc: dict, *, time_limit: float, workers: int = 2, seed: int = 0) -> dict:
    """A ``twinning.schedule/1`` document; ``stats`` has CP-SAT's own bound and status."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    participants = {p["id"]: p for p in doc["participants"]}
    available = {pid: set(p["available"]) for pid, p in participants.items()}
    interpreters = {i["id"]: i for i in doc.get("interpreters", [])}
    interpreter_slots = {iid: set(i["available"]) for iid, i in interpreters.items()}
    requests = {r["id"]: r for r in doc["requests"]}
    slot_ids = [s["id"] for s in doc["slots"]]
    fixed = {f["request"]: f for f in doc.get("fixed", [])}

    fixed_tables = collections.Counter(f["slot"] for f in fixed.values())
    fixed_interpreters = {(f["interpreter"], f["slot"]) for f in fixed.values() if f["interpreter"]}
    fixed_busy = {
        (pid, f["slot"]) for f in fixed.values() for pid in requests[f["request"]]["participants"]
    }

    model = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    # (slot, eligible interpreters) -> meetings needing one of them
    needs: dict[tuple[str, frozenset], list] = collections.defaultdict(list)
    eligible_of: dict[str, list[str]] = {}
    for rid, r in requests.items():
        if rid in fixed:
            continue
        a, b = (participants[pid] for pid in r["participants"])
        interpreted = not shares_language(a, b)
        if interpreted:
            eligible_of[rid] = [
                iid for iid, i in interpreters.items() if interpreter_serves(i, a, b)
            ]
        for slot in slot_ids:
            if slot not in available[a["id"]] or slot not in available[b["id"]]:
                continue
            if table_count(doc, slot) - fixed_tables[slot] <= 0:
                continue
            if (a["id"], slot) in fixed_busy or (b["id"], slot) in fixed_busy:
                continue
            if interpreted:
                free = frozenset(
                    iid
                    for iid in eligible_of[rid]
                    if slot in interpreter_slots[iid] and (iid, slot) not in fixed_interpreters
                )
                if not free:
                    continue
            var = model.new_bool_var(f"x_{rid}_{slot}")
            x[rid, slot] = var
            if interpreted:
                needs[slot, free].append(var)

    by_request = collections.defaultdict(list)
    by_participant_slot = collections.defaultdict(list)
    by_participant = collections.defaultdict(list)
    by_slot = collections.defaultdict(list)
    for (rid, slot), var in x.items():
        by_request[rid].append(var)
        by_slot[slot].append(var)
        for pid in requests[rid]["participants"]:
            by_participant_slot[pid, slot].append(var)
            by_participant[pid].append(var)
    for variables in by_request.values():
        model.add_at_most_one(variables)
    for variables in by_participant_slot.values():
        model.add_at_most_one(variables)
    fixed_count = collections.Counter(
        pid for f in fixed.values() for pid in requests[f["request"]]["participants"]
    )
    for pid, variables in by_participant.items():
        limit = participants[pid].get("max_meetings")
        if limit is not None and len(variables) + fixed_count[pid] > limit:
            model.add(cp_model.LinearExpr.sum(variables) <= max(0, limit - fixed_count[pid]))
    for slot, variables in by_slot.items():
        capacity = table_count(doc, slot) - fixed_tables[slot]
        if len(variables) > capacity:
            model.add(cp_model.LinearExpr.sum(variables) <= capacity)
    per_slot_interpreted = collections.defaultdict(list)
    free_in_slot = collections.defaultdict(set)
    for (slot, free), variables in needs.items():
        if len(variables) > len(free):
            model.add(cp_model.LinearExpr.sum(variables) <= len(free))
        per_slot_interpreted[slot].extend(variables)
        free_in_slot[slot] |= free
    for slot, variables in per_slot_interpreted.items():
        if len(variables) > len(free_in_slot[slot]):
            model.add(cp_model.LinearExpr.sum(variables) <= len(free_in_slot[slot]))
    keys = list(x)
    model.maximize(
        cp_model.LinearExpr.weighted_sum(
            [x[k] for k in keys], [requests[k[0]]["weight"] for k in keys]
        )
    )
    built = time.perf_counter() - started

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # With the defaults, presolve alone takes the whole budget from M on and the answer
    # is only the fixed meetings; one presolve pass without symmetry detection was the
    # best of the settings tried (defaults, 1 pass, presolve off, 1 pass without symmetry).
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    chosen = [key for key, var in x.items() if found and solver.boolean_value(var)]

    meetings = [dict(f) for f in fixed.values()]
    by_slot_chosen = collections.defaultdict(list)
    for rid, slot in chosen:
        by_slot_chosen[slot].append(rid)
    for slot, rids in by_slot_chosen.items():
        interpreted = [rid for rid in rids if rid in eligible_of]
        free = {
            iid
            for iid in interpreter_slots
            if slot in interpreter_slots[iid] and (iid, slot) not in fixed_interpreters
        }
        options = {rid: [i for i in eligible_of[rid] if i in free] for rid in interpreted}
        assignment = _match(interpreted, options)
        for rid in rids:
            if rid in eligible_of and rid not in assignment:
                continue  # no interpreter after all: dropped, never infeasible
            meetings.append({"request": rid, "slot": slot, "interpreter": assignment.get(rid)})
    _number_tables(doc, meetings)
    scheduled = {m["request"] for m in meetings}
    fixed_value = sum(requests[rid]["weight"] for rid in fixed)
    cpsat_bound = solver.best_objective_bound + fixed_value if found else None
    return {
        "format": "twinning.schedule/1",
        "meetings": meetings,
        "value": sum(requests[m["request"]]["weight"] for m in meetings),
        # CP-SAT's own proven bound; without a solution, the sum of all weights (always valid)
        "upper_bound": float(
            cpsat_bound if cpsat_bound is not None else sum(r["weight"] for r in requests.values())
        ),
        "unscheduled": [
            {"request": rid, "reason": "not chosen"} for rid in requests if rid not in scheduled
        ],
        "stats": {
            "seconds": time.perf_counter() - started,
            "model_seconds": built,
            "variables": len(x),
            "status": solver.status_name(status),
            "cpsat_bound": cpsat_bound,
        },
    }


def _match(items: list[str], options: dict[str, list[str]]) -> dict[str, str]:
    """A maximum bipartite matching of items to options (augmenting paths)."""
    owner: dict[str, str] = {}

    def place(item: str, seen: set[str]) -> bool:
        for option in options[item]:
            if option in seen:
                continue
            seen.add(option)
            if option not in owner or place(owner[option], seen):
                owner[option] = item
                return True
        return False

    for item in items:
        place(item, set())
    return {item: option for option, item in owner.items()}


def _number_tables(doc: dict, meetings: list[dict]) -> None:
    """Table numbers 1, 2, … per slot (in place), after the ones already numbered."""
    taken = collections.defaultdict(set)
    for m in meetings:
        if m.get("table"):
            taken[m["slot"]].add(m["table"])
    for m in meetings:
        if not m.get("table"):
            table = 1
            while table in taken[m["slot"]]:
                table += 1
            m["table"] = table
            taken[m["slot"]].add(table)
    overfull = [m for m in meetings if m["table"] > table_count(doc, m["slot"])]
    if overfull:  # the model's table constraint rules it out
        raise RuntimeError(f"more meetings than tables: {overfull[0]}")
