"""Exact re-optimisation of part of a schedule with the HiGHS MIP solver.

A *neighbourhood* is a set of requests and a set of slots: those requests may be
(re)scheduled in those slots, everything else stays as it is. The sub-problem is the LP model
of bound.py restricted to the neighbourhood's columns, with integer meetings, the row
capacities reduced by what the rest of the schedule uses, and the current placement given
to HiGHS as its starting solution; so HiGHS returns a placement at least as heavy. It is
applied to the State (interpreters re-matched slot by slot) only if it is heavier and every
placement succeeds, else the State is left as it was. With every request and slot in the
neighbourhood this is the whole problem, solved exactly when HiGHS ends within its limit.
"""

from __future__ import annotations

import numpy as np

from .bound import Model, _quiet_highs, column_entries, sub_lp
from .state import FREE, State


def _columns_of(model: Model, n_s: int, requests: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """The x columns of `requests` (sorted) in `slots`."""
    in_requests = np.isin(model.cols_r, requests)
    if slots.size < n_s:
        in_requests &= np.isin(model.cols_s, slots)
    return np.nonzero(in_requests)[0]


def _placed_columns(model: Model, st: State, n_s: int) -> np.ndarray:
    """The x column of every scheduled, not fixed request (-1 where the model has none)."""
    placed = np.array(
        [r for r, s in enumerate(st.slot_of) if s != FREE and r not in st.locked], dtype=np.int64
    )
    if placed.size == 0:
        return placed
    keys = model.cols_r * n_s + model.cols_s
    wanted = placed * n_s + np.array([st.slot_of[r] for r in placed], dtype=np.int64)
    at = np.searchsorted(keys, wanted)
    at[at >= keys.size] = 0
    return np.where(keys[at] == wanted, at, -1)


def improve(
    st: State,
    model: Model,
    requests,
    slots,
    *,
    time_limit: float,
    seed: int = 0,
) -> tuple[int | float, str]:
    """Re-optimise `requests` × `slots` exactly (within `time_limit` s); the gain and status."""
    import highspy

    n_s = st.n_s
    requests = np.unique(np.asarray(list(requests), dtype=np.int64))
    slots = np.unique(np.asarray(list(slots), dtype=np.int64))
    free = _columns_of(model, n_s, requests, slots)
    if free.size == 0:
        return 0, "empty"
    placed = _placed_columns(model, st, n_s)
    if (placed < 0).any():
        return 0, "not in the model"
    placed_r = model.cols_r[placed]
    movable = np.isin(placed_r, requests) & np.isin(model.cols_s[placed], slots)
    fixed = placed[~movable]
    moving = placed_r[movable].tolist()
    # a request of the neighbourhood placed outside its slots stays there
    free = free[~np.isin(model.cols_r[free], model.cols_r[fixed])]
    if free.size == 0:
        return 0, "empty"

    # Rows: capacities less what the fixed part of the schedule uses.
    _start, f_entries = column_entries(model, fixed)
    used = np.bincount(
        model.index[f_entries], weights=model.value[f_entries], minlength=model.n_rows
    )
    row_upper = model.row_upper - used
    row_lower = np.where(np.isinf(model.row_lower), model.row_lower, model.row_lower - used)
    cols = np.concatenate([free, np.arange(model.n_x, model.n_cols)])
    h = _quiet_highs()
    h.setOptionValue("time_limit", max(0.05, float(time_limit)))
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", int(seed))
    h.setOptionValue("mip_rel_gap", 0.0)
    lp = sub_lp(model, cols, row_lower, row_upper)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * free.size + [
        highspy.HighsVarType.kContinuous
    ] * (cols.size - free.size)
    h.passModel(lp)
    # The current placement as HiGHS's starting solution (its interpreters' flow follows).
    start_x = np.zeros(cols.size)
    start_x[: free.size] = np.isin(free, placed)
    sol = highspy.HighsSolution()
    sol.col_value = start_x.tolist()
    sol.value_valid = True
    h.setSolution(sol)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    if values.shape != cols.shape:
        return 0, status
    chosen = free[values[: free.size] > 0.5]
    new_value = float(model.cost[chosen].sum())
    old_value = float(sum(st.w[r] for r in moving))
    if new_value <= old_value + 1e-9:
        return 0, status
    before = st.value
    st.begin()
    for r in moving:
        st.remove(r)
    for c in chosen[np.argsort(model.cols_s[chosen], kind="stable")].tolist():
        if not st.place(int(model.cols_r[c]), int(model.cols_s[c])):
            st.undo()
            return 0, status + " (placement failed)"
    if st.value <= before:
        st.undo()
        return 0, status
    st.commit()
    return st.value - before, status
