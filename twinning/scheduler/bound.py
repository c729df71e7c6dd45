"""The LP relaxation of the scheduling problem, solved with HiGHS, and a PROVEN upper bound.

Model (maximise total weight), with the fixed meetings taken out first (their weight is a
constant; the participants, tables and interpreters they use are gone):

    x[r,s] in [0,1]  request r meets in slot s (only slots where it could: both available, a
                     table, an interpreter when one is needed)
    y[c,i,s] in [0,1] interpreter i serves one meeting of class c in slot s (class = the set of
                     interpreters that can serve a request; requests of one class are alike)
    sum_s x[r,s] <= 1                       each request once
    sum_{r of p} x[r,s] <= 1                a participant meets once per slot
    sum_r x[r,s] <= tables[s] - fixed       tables
    sum_{r of p, s} x[r,s] <= max - fixed   max_meetings
    sum_{r of c} x[r,s] - sum_i y[c,i,s] = 0  interpreted meetings are served ...
    sum_c y[c,i,s] <= 1                     ... by an interpreter, one meeting per slot each

With integer x, an integer y exists whenever a fractional one does (a transportation problem
per slot), so the model is exact; its LP relaxation is an upper bound.

The bound is not HiGHS's objective value taken on trust. From any row prices u (>= 0 on the
<= rows, free on the = rows) Lagrangian duality gives, for the box 0 <= x,y <= 1,

    best value <= sum_i b_i u_i + sum_j max(0, c_j - a_j . u)

which holds whatever HiGHS's tolerances did. We evaluate it with HiGHS's duals (both sign
conventions, clipped; the smaller is kept), add a relative 1e-9 margin for the float
arithmetic, and, when all weights are integers, round down to the integer below (the optimum
is an integer then).
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

from .spec import Instance


@dataclass
class Model:
    """The LP in column form, plus the maps back to requests and slots."""

    cols_r: np.ndarray  # per x column: request index
    cols_s: np.ndarray  # per x column: slot index
    n_x: int
    n_cols: int
    n_rows: int
    cost: np.ndarray
    upper: np.ndarray
    row_upper: np.ndarray
    row_lower: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    fixed_value: float
    free_requests: list[int]


def _fixed_usage(inst: Instance):
    busy_p = set()
    busy_i = set()
    used = [0] * len(inst.slots)
    load = [0] * len(inst.participants)
    fixed_r = set()
    value = 0.0
    for f in inst.fixed:
        req = inst.requests[f.request]
        fixed_r.add(f.request)
        busy_p.add((req.a, f.slot))
        busy_p.add((req.b, f.slot))
        if f.interpreter is not None:
            busy_i.add((f.interpreter, f.slot))
        used[f.slot] += 1
        load[req.a] += 1
        load[req.b] += 1
        value += req.weight
    return busy_p, busy_i, used, load, fixed_r, value


def build_model(inst: Instance, exclude: frozenset[int] = frozenset()) -> Model:
    """The LP above; requests in `exclude` (e.g. of cancelled participants) are left out."""
    busy_p, busy_i, used, load, fixed_r, fixed_value = _fixed_usage(inst)
    n_s = len(inst.slots)
    tables_left = [inst.tables[s] - used[s] for s in range(n_s)]
    max_left = [
        (p.max_meetings - load[k]) if p.max_meetings is not None else None
        for k, p in enumerate(inst.participants)
    ]
    i_avail = [
        frozenset(s for s in it.available if (i, s) not in busy_i)
        for i, it in enumerate(inst.interpreters)
    ]

    # Columns x[r,s]
    col_r: list[int] = []
    col_s: list[int] = []
    free_requests = []
    for r, req in enumerate(inst.requests):
        if r in fixed_r or r in exclude:
            continue
        if max_left[req.a] == 0 or max_left[req.b] == 0:
            continue
        free_requests.append(r)
        common = inst.participants[req.a].available & inst.participants[req.b].available
        comp = inst.compatible[r]
        for s in sorted(common):
            if tables_left[s] <= 0 or (req.a, s) in busy_p or (req.b, s) in busy_p:
                continue
            if inst.needs_interpreter[r] and not any(s in i_avail[i] for i in comp):
                continue
            col_r.append(r)
            col_s.append(s)

    # Rows: assign indexes lazily; rows with a single entry that is implied are dropped later
    # by HiGHS's presolve, but we skip the obvious ones (participant-slot with one column).
    rows_upper: list[float] = []
    rows_lower: list[float] = []

    def new_row(lo: float, up: float) -> int:
        rows_lower.append(lo)
        rows_upper.append(up)
        return len(rows_upper) - 1

    ps_count: dict[tuple[int, int], int] = {}
    for r, s in zip(col_r, col_s, strict=True):
        req = inst.requests[r]
        ps_count[(req.a, s)] = ps_count.get((req.a, s), 0) + 1
        ps_count[(req.b, s)] = ps_count.get((req.b, s), 0) + 1
    s_count = [0] * n_s
    for s in col_s:
        s_count[s] += 1
    p_count: dict[int, int] = {}
    for r in set(col_r):
        req = inst.requests[r]
        p_count[req.a] = p_count.get(req.a, 0) + 1
        p_count[req.b] = p_count.get(req.b, 0) + 1

    req_row: dict[int, int] = {}
    ps_row: dict[tuple[int, int], int] = {}
    table_row: dict[int, int] = {}
    max_row: dict[int, int] = {}
    flow_row: dict[tuple[int, int], int] = {}
    classes: dict[frozenset[int], int] = {}
    class_of: dict[int, int] = {}
    for r in free_requests:
        if inst.needs_interpreter[r]:
            class_of[r] = classes.setdefault(inst.compatible[r], len(classes))

    entries: list[list[tuple[int, float]]] = []
    cost: list[float] = []
    for r, s in zip(col_r, col_s, strict=True):
        req = inst.requests[r]
        e = []
        if r not in req_row:
            req_row[r] = new_row(-math.inf, 1.0)
        e.append(req_row[r])
        for p in (req.a, req.b):
            if ps_count[(p, s)] > 1:
                if (p, s) not in ps_row:
                    ps_row[(p, s)] = new_row(-math.inf, 1.0)
                e.append(ps_row[(p, s)])
            m = max_left[p]
            if m is not None and p_count[p] > m:
                if p not in max_row:
                    max_row[p] = new_row(-math.inf, float(m))
                e.append(max_row[p])
        if s_count[s] > tables_left[s]:
            if s not in table_row:
                table_row[s] = new_row(-math.inf, float(tables_left[s]))
            e.append(table_row[s])
        if r in class_of:
            key = (class_of[r], s)
            if key not in flow_row:
                flow_row[key] = new_row(0.0, 0.0)
            e.append(flow_row[key])
        entries.append([(k, 1.0) for k in e])
        cost.append(float(req.weight))
    n_x = len(entries)

    # Columns y[c,i,s] and interpreter rows
    interp_row: dict[tuple[int, int], int] = {}
    class_list = sorted(classes.items(), key=lambda kv: kv[1])
    for (c, s), frow in sorted(flow_row.items()):
        members = class_list[c][0]
        for i in sorted(members):
            if s not in i_avail[i]:
                continue
            if (i, s) not in interp_row:
                interp_row[(i, s)] = new_row(-math.inf, 1.0)
            entries.append([(frow, -1.0), (interp_row[(i, s)], 1.0)])
            cost.append(0.0)

    n_cols = len(entries)
    start = np.zeros(n_cols + 1, dtype=np.int32)
    nnz = sum(len(e) for e in entries)
    index = np.empty(nnz, dtype=np.int32)
    value = np.empty(nnz, dtype=np.float64)
    k = 0
    for j, e in enumerate(entries):
        for row, v in e:
            index[k] = row
            value[k] = v
            k += 1
        start[j + 1] = k
    return Model(
        cols_r=np.array(col_r, dtype=np.int64),
        cols_s=np.array(col_s, dtype=np.int64),
        n_x=n_x,
        n_cols=n_cols,
        n_rows=len(rows_upper),
        cost=np.array(cost, dtype=np.float64),
        upper=np.ones(n_cols, dtype=np.float64),
        row_upper=np.array(rows_upper, dtype=np.float64),
        row_lower=np.array(rows_lower, dtype=np.float64),
        start=start,
        index=index,
        value=value,
        fixed_value=fixed_value,
        free_requests=free_requests,
    )


def lagrangian_bound(model: Model, prices: np.ndarray) -> float:
    """sum b u + sum_j max(0, c_j - a_j.u) for prices u projected onto the valid sign set."""
    u = prices.copy()
    inequality = np.isinf(model.row_lower)  # the <= rows
    u[inequality] = np.maximum(u[inequality], 0.0)
    b = model.row_upper  # the = rows have lower == upper == 0
    col_of_entry = np.repeat(np.arange(model.n_cols), np.diff(model.start))
    au = np.zeros(model.n_cols)
    np.add.at(au, col_of_entry, model.value * u[model.index])
    reduced = np.maximum(model.cost - au, 0.0) * model.upper
    terms = np.concatenate([b * u, reduced])
    return math.fsum(terms.tolist())


@dataclass
class LpResult:
    bound: float  # proven upper bound on the best value (fixed meetings included)
    x: np.ndarray  # LP values of the x columns (may be empty if HiGHS gave nothing)
    model: Model
    seconds: float
    status: str


def _integral_weights(inst: Instance) -> bool:
    return all(isinstance(r.weight, int) for r in inst.requests)


def _trivial_bound(inst: Instance, model: Model) -> float:
    """Every free request that has a column, at full weight: weak, but always valid."""
    rs = set(model.cols_r.tolist())
    return model.fixed_value + math.fsum(inst.requests[r].weight for r in rs)


def _finish(inst: Instance, raw: float) -> float:
    safe = raw + 1e-9 * abs(raw) + 1e-9
    if _integral_weights(inst):
        return float(math.floor(safe))
    return safe


def _quiet_highs():
    """A Highs object; its first construction prints a banner on file descriptor 1, which
    would spoil a schedule written to standard output, so that descriptor is muted then."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


def solve_lp(
    inst: Instance, *, time_limit: float, exclude: frozenset[int] = frozenset()
) -> LpResult:
    import highspy

    t0 = time.perf_counter()
    model = build_model(inst, exclude)
    trivial = _trivial_bound(inst, model)
    if model.n_cols == 0:
        return LpResult(
            _finish(inst, model.fixed_value), np.zeros(0), model, time.perf_counter() - t0, "empty"
        )
    h = _quiet_highs()
    h.setOptionValue("time_limit", max(0.05, float(time_limit)))
    h.setOptionValue("threads", 1)
    h.setOptionValue("solver", "pdlp")
    h.setOptionValue("random_seed", 0)
    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = model.n_rows
    lp.col_cost_ = model.cost
    lp.col_lower_ = np.zeros(model.n_cols)
    lp.col_upper_ = model.upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.start
    lp.a_matrix_.index_ = model.index
    lp.a_matrix_.value_ = model.value
    lp.a_matrix_.num_col_ = model.n_cols
    lp.a_matrix_.num_row_ = model.n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    sol = h.getSolution()
    x = np.zeros(model.n_x)
    bound = trivial
    if sol.dual_valid:
        duals = np.asarray(sol.row_dual, dtype=np.float64)
        for sign in (1.0, -1.0):
            bound = min(bound, model.fixed_value + lagrangian_bound(model, sign * duals))
    if sol.value_valid:
        x = np.clip(np.asarray(sol.col_value, dtype=np.float64)[: model.n_x], 0.0, 1.0)
    return LpResult(_finish(inst, bound), x, model, time.perf_counter() - t0, status)


def lp_upper_bound(instance: Instance, *, time_limit: float = 30.0) -> float:
    """A proven upper bound on the best schedule's value (the LP relaxation, made safe)."""
    return solve_lp(instance, time_limit=time_limit).bound
