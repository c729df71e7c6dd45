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
import threading
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
    n_s, n_p, n_r = len(inst.slots), len(inst.participants), len(inst.requests)
    n_i = len(inst.interpreters)
    tables_left = np.array(inst.tables, dtype=np.int64) - np.array(used, dtype=np.int64)
    big = 1 << 40
    max_left = np.array(
        [
            (p.max_meetings - load[k]) if p.max_meetings is not None else big
            for k, p in enumerate(inst.participants)
        ],
        dtype=np.int64,
    )
    avail = np.zeros((n_p, n_s), dtype=bool)
    for k, p in enumerate(inst.participants):
        avail[k, list(p.available)] = True
    for p, s in busy_p:
        avail[p, s] = False
    i_avail = np.zeros((n_i, n_s), dtype=bool)
    for k, it in enumerate(inst.interpreters):
        i_avail[k, list(it.available)] = True
    for i, s in busy_i:
        i_avail[i, s] = False

    # Interpreter classes: requests served by the same set of interpreters.
    classes: dict[frozenset[int], int] = {}
    cls = np.full(n_r, -1, dtype=np.int64)
    pa = np.array([r.a for r in inst.requests], dtype=np.int64)
    pb = np.array([r.b for r in inst.requests], dtype=np.int64)
    weight = np.array([float(r.weight) for r in inst.requests])
    active = np.ones(n_r, dtype=bool)
    for r in range(n_r):
        if r in fixed_r or r in exclude:
            active[r] = False
        elif inst.needs_interpreter[r]:
            cls[r] = classes.setdefault(inst.compatible[r], len(classes))
    class_members = [np.array(sorted(c), dtype=np.int64) for c in classes]
    class_avail = np.zeros((len(classes), n_s), dtype=bool)
    for c, members in enumerate(class_members):
        if members.size:
            class_avail[c] = i_avail[members].any(axis=0)
    active &= (max_left[pa] > 0) & (max_left[pb] > 0)

    mask = avail[pa] & avail[pb] & (tables_left > 0)[None, :] & active[:, None]
    needs = cls >= 0
    if needs.any():
        mask[needs] &= class_avail[cls[needs]]
    col_r, col_s = np.nonzero(mask)  # ordered by request, then slot
    n_x = col_r.size
    free_requests = sorted(set(np.nonzero(active)[0].tolist()))

    rows_lower: list[np.ndarray] = []
    rows_upper: list[np.ndarray] = []
    ent_col: list[np.ndarray] = []
    ent_row: list[np.ndarray] = []
    ent_val: list[np.ndarray] = []
    n_rows = 0

    def add_rows(
        keys_per_col: np.ndarray,
        cols: np.ndarray,
        upper: np.ndarray | float,
        lower: float = -math.inf,
        upper_of_key=None,
    ) -> None:
        nonlocal n_rows
        if cols.size == 0:
            return
        uniq, inverse = np.unique(keys_per_col, return_inverse=True)
        up = upper_of_key(uniq) if upper_of_key is not None else np.full(uniq.size, upper)
        rows_upper.append(up.astype(np.float64))
        rows_lower.append(np.full(uniq.size, lower))
        ent_col.append(cols)
        ent_row.append(inverse + n_rows)
        ent_val.append(np.ones(cols.size))
        n_rows += uniq.size

    all_cols = np.arange(n_x)
    # each request once
    add_rows(col_r, all_cols, 1.0)
    # a participant once per slot (only where two or more columns meet)
    key_a = pa[col_r] * n_s + col_s
    key_b = pb[col_r] * n_s + col_s
    keys = np.concatenate([key_a, key_b])
    cols2 = np.concatenate([all_cols, all_cols])
    counts = np.bincount(keys, minlength=n_p * n_s)
    sel = counts[keys] > 1
    add_rows(keys[sel], cols2[sel], 1.0)
    # tables, where they could be short
    s_count = np.bincount(col_s, minlength=n_s)
    sel = s_count[col_s] > tables_left[col_s]
    add_rows(col_s[sel], all_cols[sel], 0.0, upper_of_key=lambda u: tables_left[u])
    # max_meetings, where the requests exceed it
    reqs = np.unique(col_r)
    p_count = np.bincount(np.concatenate([pa[reqs], pb[reqs]]), minlength=n_p)
    people = np.concatenate([pa[col_r], pb[col_r]])
    sel = p_count[people] > max_left[people]
    add_rows(people[sel], cols2[sel], 0.0, upper_of_key=lambda u: max_left[u])
    # interpreted meetings of each class and slot are served (= rows), then the y columns
    xi = np.nonzero(cls[col_r] >= 0)[0]
    y_entries_col: list[int] = []
    y_entries_row: list[int] = []
    y_entries_val: list[float] = []
    n_cols = n_x
    if xi.size:
        fkeys = cls[col_r[xi]] * n_s + col_s[xi]
        uniq, inverse = np.unique(fkeys, return_inverse=True)
        flow0 = n_rows
        rows_upper.append(np.zeros(uniq.size))
        rows_lower.append(np.zeros(uniq.size))
        ent_col.append(xi)
        ent_row.append(inverse + flow0)
        ent_val.append(np.ones(xi.size))
        n_rows += uniq.size
        interp_row: dict[tuple[int, int], int] = {}
        for k, key in enumerate(uniq.tolist()):
            c, s = divmod(key, n_s)
            for i in class_members[c].tolist():
                if not i_avail[i, s]:
                    continue
                row = interp_row.get((i, s))
                if row is None:
                    row = interp_row[(i, s)] = n_rows
                    n_rows += 1
                y_entries_col += [n_cols, n_cols]
                y_entries_row += [flow0 + k, row]
                y_entries_val += [-1.0, 1.0]
                n_cols += 1
        if interp_row:
            rows_upper.append(np.ones(len(interp_row)))
            rows_lower.append(np.full(len(interp_row), -math.inf))
        ent_col.append(np.array(y_entries_col, dtype=np.int64))
        ent_row.append(np.array(y_entries_row, dtype=np.int64))
        ent_val.append(np.array(y_entries_val))

    col_all = np.concatenate(ent_col) if ent_col else np.zeros(0, dtype=np.int64)
    row_all = np.concatenate(ent_row) if ent_row else np.zeros(0, dtype=np.int64)
    val_all = np.concatenate(ent_val) if ent_val else np.zeros(0)
    order = np.lexsort((row_all, col_all))
    start = np.zeros(n_cols + 1, dtype=np.int32)
    start[1:] = np.cumsum(np.bincount(col_all, minlength=n_cols))
    cost = np.zeros(n_cols)
    cost[:n_x] = weight[col_r]
    return Model(
        cols_r=col_r.astype(np.int64),
        cols_s=col_s.astype(np.int64),
        n_x=n_x,
        n_cols=n_cols,
        n_rows=n_rows,
        cost=cost,
        upper=np.ones(n_cols, dtype=np.float64),
        row_upper=np.concatenate(rows_upper) if rows_upper else np.zeros(0),
        row_lower=np.concatenate(rows_lower) if rows_lower else np.zeros(0),
        start=start,
        index=row_all[order].astype(np.int32),
        value=val_all[order],
        fixed_value=fixed_value,
        free_requests=free_requests,
    )


def _column_of_entry(model: Model) -> np.ndarray:
    return np.repeat(np.arange(model.n_cols), np.diff(model.start))


def reduced_costs(model: Model, prices: np.ndarray, col_of_entry=None) -> tuple[float, np.ndarray]:
    """The Lagrangian bound sum b u + sum_j max(0, c_j - a_j.u) for prices u projected onto
    the valid sign set (without the fixed meetings' value), and the reduced costs c - A'u."""
    u = prices.copy()
    inequality = np.isinf(model.row_lower)  # the <= rows
    u[inequality] = np.maximum(u[inequality], 0.0)
    b = model.row_upper  # the = rows have lower == upper == 0
    if col_of_entry is None:
        col_of_entry = _column_of_entry(model)
    au = np.bincount(col_of_entry, weights=model.value * u[model.index], minlength=model.n_cols)
    reduced = model.cost - au
    terms = np.concatenate([b * u, np.maximum(reduced, 0.0) * model.upper])
    return math.fsum(terms.tolist()), reduced


def lagrangian_bound(model: Model, prices: np.ndarray) -> float:
    """sum b u + sum_j max(0, c_j - a_j.u) for prices u projected onto the valid sign set."""
    return reduced_costs(model, prices)[0]


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
    # highspy's Highs registers a Python callback, which HiGHS then calls (taking the GIL)
    # all through the solve: about 40% slower alone, far slower next to the local search.
    h.disableCallbacks()
    return h


def combinatorial_bound(inst: Instance, exclude: frozenset[int] = frozenset()) -> float:
    """A cheap proven bound, for when the LP is cut short: each meeting has two participants,
    each participant has at most k = min(max_meetings, available slots) meetings, so the
    value is at most half the sum over participants of their k heaviest requests; and at
    most the heaviest (total tables) requests."""
    fixed = {f.request for f in inst.fixed}
    usable = [
        r
        for r in range(len(inst.requests))
        if r not in exclude and (r in fixed or inst.candidate_slots(r))
    ]
    per: dict[int, list[float]] = {}
    for r in usable:
        req = inst.requests[r]
        per.setdefault(req.a, []).append(req.weight)
        per.setdefault(req.b, []).append(req.weight)
    half = 0.0
    for p, ws in per.items():
        part = inst.participants[p]
        k = len(part.available)
        if part.max_meetings is not None:
            k = min(k, part.max_meetings)
        half += math.fsum(sorted(ws, reverse=True)[:k])
    ws = sorted((inst.requests[r].weight for r in usable), reverse=True)
    return min(half / 2.0, math.fsum(ws[: sum(inst.tables)]))


COLUMNS_PER_REQUEST = 6  # of the first restricted LP (plus the hinted slot)
NEW_COLUMN_MIN_GAIN = 1e-4  # a column enters the next round if its reduced cost is above


class LpJob:
    """The LP solved by HiGHS in a background thread (HiGHS releases the GIL), so that the
    local search runs meanwhile on the second core.

    By column generation: HiGHS first solves the LP restricted to a few slots per request
    (evenly spread over its candidates, plus the hinted one); the prices it returns give a
    proven bound for the WHOLE model (`reduced_costs` over every column), and the columns
    whose reduced cost is positive join the next round. When none is left, the restricted
    LP's optimum is the full LP's. Each round's bound is kept, so a job cut short still
    reports the best bound proven so far. `restrict=False` solves the full LP at once."""

    def __init__(
        self,
        inst: Instance,
        *,
        time_limit: float,
        exclude=frozenset(),
        restrict: bool = True,
        hint: list[int] | None = None,
    ):
        import highspy  # noqa: F401  (fail here, in the caller's thread, if it is missing)

        self.t0 = time.perf_counter()
        self.deadline = self.t0 + max(0.05, float(time_limit))
        self.inst = inst
        self.model = model = build_model(inst, exclude)
        self.fallback = min(_trivial_bound(inst, model), combinatorial_bound(inst, exclude))
        self.bound = self.fallback
        self.x = np.zeros(0)
        self.status = "cut short"
        self.rounds: list[tuple[int, float]] = []  # (columns, bound) per round
        self.stopped = False
        self.thread = None
        if model.n_cols == 0:
            return
        keep = self._first_columns(hint) if restrict else np.ones(model.n_cols, dtype=bool)
        first = _quiet_highs()  # the banner is muted here, in the caller's thread
        # Not a daemon: Python waits for HiGHS at exit (killing it mid-solve aborts the process).
        self.thread = threading.Thread(
            target=self._rounds, args=(keep, first), name="twinning-scheduler-lp"
        )
        self.thread.start()

    def _first_columns(self, hint: list[int] | None) -> np.ndarray:
        model = self.model
        r = model.cols_r
        keep = np.zeros(model.n_cols, dtype=bool)
        keep[model.n_x :] = True  # the interpreters' columns
        if model.n_x == 0:
            return keep
        first = np.searchsorted(r, r, side="left")
        count = np.bincount(r)[r]
        stride = np.maximum(1, count // COLUMNS_PER_REQUEST)
        keep[: model.n_x] = (np.arange(model.n_x) - first) % stride == 0
        if hint is not None:
            n_s = len(self.inst.slots)
            slot = np.asarray(hint, dtype=np.int64)
            placed = np.nonzero(slot >= 0)[0]
            keys = model.cols_r * n_s + model.cols_s  # increasing
            wanted = placed * n_s + slot[placed]
            at = np.searchsorted(keys, wanted)
            ok = at < keys.size
            ok[ok] = keys[at[ok]] == wanted[ok]
            keep[at[ok]] = True
        return keep

    def _highs(self, h, cols: np.ndarray, seconds: float):

        model = self.model
        h.setOptionValue("time_limit", max(0.05, seconds))
        h.setOptionValue("threads", 1)
        h.setOptionValue("solver", "pdlp")
        h.setOptionValue("random_seed", 0)
        # Looser than the default 1e-7: faster, and the bound stays proven
        # (reduced_costs pays for any dual infeasibility).
        h.setOptionValue("primal_feasibility_tolerance", 1e-5)
        h.setOptionValue("dual_feasibility_tolerance", 1e-5)
        h.passModel(sub_lp(model, cols, model.row_lower, model.row_upper))
        return h

    def _rounds(self, keep: np.ndarray, h) -> None:
        import highspy

        model = self.model
        col_of_entry = _column_of_entry(model)
        integral = _integral_weights(self.inst)
        while not self.stopped:
            left = self.deadline - time.perf_counter()
            if left <= 0.02:
                break
            cols = np.nonzero(keep)[0]
            h = self._highs(h, cols, left)
            h.run()
            optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            status = h.modelStatusToString(h.getModelStatus())
            sol = h.getSolution()
            duals = np.asarray(sol.row_dual, dtype=np.float64)
            values = np.asarray(sol.col_value, dtype=np.float64)
            objective = h.getInfo().objective_function_value
            if sol.value_valid and values.shape == cols.shape:
                x = np.zeros(model.n_x)
                is_x = cols < model.n_x
                x[cols[is_x]] = np.clip(values[is_x], 0.0, 1.0)
                self.x = x
            if duals.shape != (model.n_rows,) or not np.isfinite(duals).all():
                self.status = status
                break
            # Any prices give a valid bound, so HiGHS's last ones are used even when it was
            # stopped by the time limit before proving them optimal.
            value, reduced = min(
                (reduced_costs(model, sign * duals, col_of_entry) for sign in (1.0, -1.0)),
                key=lambda vr: vr[0],
            )
            self.bound = min(self.bound, model.fixed_value + value)
            self.rounds.append((int(cols.size), round(model.fixed_value + value, 3)))
            new = (reduced > NEW_COLUMN_MIN_GAIN) & ~keep
            settled = (
                integral
                and optimal
                and math.floor(_finish(self.inst, self.bound))
                <= (math.floor(model.fixed_value + objective + 1e-6))
            )
            self.status = status
            if not optimal or settled or not new.any():
                break
            keep = keep | new

    def done(self) -> bool:
        return self.thread is None or not self.thread.is_alive()

    def result(self, timeout: float | None = None) -> LpResult:
        """The best bound proven so far and the last LP values; after `timeout` seconds of
        waiting, what the finished rounds gave (or the fallback bound), and no new round
        starts (HiGHS checks its time limit only now and then; it then finishes on its own)."""
        model = self.model
        if self.thread is None:
            return LpResult(
                _finish(self.inst, model.fixed_value),
                np.zeros(0),
                model,
                time.perf_counter() - self.t0,
                "empty",
            )
        self.thread.join(timeout)
        status = self.status
        if self.thread.is_alive():
            self.stopped = True
            status = f"cut short after {len(self.rounds)} rounds"
        return LpResult(
            _finish(self.inst, self.bound), self.x, model, time.perf_counter() - self.t0, status
        )


def column_entries(model: Model, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The column starts of `cols` alone and the positions of their entries in model.index."""
    lengths = model.start[cols + 1] - model.start[cols]
    start = np.zeros(cols.size + 1, dtype=np.int32)
    start[1:] = np.cumsum(lengths)
    entries = np.repeat(model.start[cols] - start[:-1], lengths) + np.arange(int(start[-1]))
    return start, entries


def sub_lp(model: Model, cols: np.ndarray, row_lower, row_upper):
    """The model restricted to `cols` as a HiGHS LP (maximise), rows bounded as given."""
    import highspy

    start, entries = column_entries(model, cols)
    lp = highspy.HighsLp()
    lp.num_col_ = cols.size
    lp.num_row_ = model.n_rows
    lp.col_cost_ = model.cost[cols]
    lp.col_lower_ = np.zeros(cols.size)
    lp.col_upper_ = model.upper[cols]
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = model.index[entries]
    lp.a_matrix_.value_ = model.value[entries]
    lp.a_matrix_.num_col_ = cols.size
    lp.a_matrix_.num_row_ = model.n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    return lp


def solve_lp(
    inst: Instance,
    *,
    time_limit: float,
    exclude: frozenset[int] = frozenset(),
    restrict: bool = False,
) -> LpResult:
    return LpJob(inst, time_limit=time_limit, exclude=exclude, restrict=restrict).result()


def lp_upper_bound(instance: Instance, *, time_limit: float = 30.0) -> float:
    """A proven upper bound on the best schedule's value: the full LP relaxation at once (the
    benchmark's reference), made safe."""
    return solve_lp(instance, time_limit=time_limit).bound
