"""A mutable schedule with O(1) feasibility checks, used by greedy, the solver and repair.

Interpreters are assigned per slot as a bipartite matching (interpreted meetings ↔ available
interpreters who have a pair for them): adding a meeting may move other meetings of the same
slot to another interpreter along an augmenting path (Kuhn), never a fixed one.
"""

from __future__ import annotations

from .spec import Instance

FREE = -1


class State:
    def __init__(self, inst: Instance, exclude: frozenset[int] = frozenset()):
        self.inst = inst
        n_s = len(inst.slots)
        self.n_s = n_s
        self.slot_of = [FREE] * len(inst.requests)
        self.interp_of: list[int | None] = [None] * len(inst.requests)
        self.pbusy = [[FREE] * n_s for _ in inst.participants]
        self.load = [0] * len(inst.participants)
        self.maxm = [
            p.max_meetings if p.max_meetings is not None else 1 << 30 for p in inst.participants
        ]
        self.used = [0] * n_s
        self.tables = list(inst.tables)
        self.ibusy = [[FREE] * n_s for _ in inst.interpreters]
        self.iavail = [it.available for it in inst.interpreters]
        # free interpreters per slot: no augmenting path can exist when there is none
        self.ifree = [sum(1 for it in inst.interpreters if s in it.available) for s in range(n_s)]
        self.comp = [sorted(c) for c in inst.compatible]
        self.needs = inst.needs_interpreter
        self.pa = [r.a for r in inst.requests]
        self.pb = [r.b for r in inst.requests]
        self.w = [r.weight for r in inst.requests]
        self.in_slot: list[set[int]] = [set() for _ in range(n_s)]
        self.locked: set[int] = set()
        self.exclude = exclude
        self.value = 0
        self.journal: list | None = None
        for f in inst.fixed:
            if f.request in exclude:
                continue
            self._put(f.request, f.slot, f.interpreter)
            self.locked.add(f.request)
        self.cand = [
            [] if r in exclude or r in self.locked else inst.candidate_slots(r)
            for r in range(len(inst.requests))
        ]

    # ----- primitive changes -------------------------------------------------------------
    def _put(self, r: int, s: int, i: int | None) -> None:
        a, b = self.pa[r], self.pb[r]
        self.slot_of[r] = s
        self.interp_of[r] = i
        self.pbusy[a][s] = r
        self.pbusy[b][s] = r
        self.load[a] += 1
        self.load[b] += 1
        self.used[s] += 1
        self.in_slot[s].add(r)
        if i is not None:
            self.ibusy[i][s] = r
            self.ifree[s] -= 1
        self.value += self.w[r]
        if self.journal is not None:
            self.journal.append((0, r, s, i))

    def remove(self, r: int) -> int:
        s = self.slot_of[r]
        a, b = self.pa[r], self.pb[r]
        self.pbusy[a][s] = FREE
        self.pbusy[b][s] = FREE
        self.load[a] -= 1
        self.load[b] -= 1
        self.used[s] -= 1
        self.in_slot[s].discard(r)
        i = self.interp_of[r]
        if i is not None:
            self.ibusy[i][s] = FREE
            self.ifree[s] += 1
        self.slot_of[r] = FREE
        self.interp_of[r] = None
        self.value -= self.w[r]
        if self.journal is not None:
            self.journal.append((1, r, s, i))
        return s

    def begin(self) -> None:
        """Start recording changes, so that undo() can take them back."""
        self.journal = []

    def commit(self) -> None:
        self.journal = None

    def undo(self) -> None:
        log, self.journal = self.journal, None
        for kind, r, s, i in reversed(log):
            if kind == 0:
                self.remove(r)
            elif kind == 1:
                self._put(r, s, i)
            else:  # interpreter reassigned from i
                cur = self.interp_of[r]
                if cur is not None and self.ibusy[cur][s] == r:
                    self.ibusy[cur][s] = FREE
                self.ibusy[i][s] = r
                self.interp_of[r] = i

    # ----- interpreters ------------------------------------------------------------------
    def free_interpreter(self, r: int, s: int) -> int | None:
        if self.ifree[s] == 0:
            return None
        for i in self.comp[r]:
            if self.ibusy[i][s] == FREE and s in self.iavail[i]:
                return i
        return None

    def _augment(self, r: int, s: int, reassign: bool) -> list[tuple[int, int]] | None:
        i = self.free_interpreter(r, s)
        if i is not None:
            return [(r, i)]
        if not reassign or self.ifree[s] == 0:
            return None
        visited: set[int] = set()
        path: list[tuple[int, int]] = []
        ibusy, iavail, comp, locked = self.ibusy, self.iavail, self.comp, self.locked

        def visit(q: int, depth: int) -> bool:
            for i in comp[q]:
                if i in visited or s not in iavail[i]:
                    continue
                visited.add(i)
                occ = ibusy[i][s]
                if occ == FREE or (occ not in locked and depth < 50 and visit(occ, depth + 1)):
                    path.append((q, i))
                    return True
            return False

        return path if visit(r, 0) else None

    # ----- feasibility and placement -----------------------------------------------------
    def fits(self, r: int, s: int) -> bool:
        """Participants free, a table, limits; interpreters are checked by place()."""
        a, b = self.pa[r], self.pb[r]
        return (
            self.pbusy[a][s] == FREE
            and self.pbusy[b][s] == FREE
            and self.used[s] < self.tables[s]
            and self.load[a] < self.maxm[a]
            and self.load[b] < self.maxm[b]
        )

    def place(self, r: int, s: int, *, reassign: bool = True) -> bool:
        """Put request r (not scheduled) in slot s if every rule allows; True when done."""
        if not self.fits(r, s):
            return False
        if not self.needs[r]:
            self._put(r, s, None)
            return True
        path = self._augment(r, s, reassign)
        if path is None:
            return False
        for q, i in path:
            if q != r:
                if self.journal is not None:
                    self.journal.append((2, q, s, self.interp_of[q]))
                self.interp_of[q] = i
        for q, i in path:
            self.ibusy[i][s] = q
        self._put(r, s, dict(path)[r])
        return True

    def snapshot(self) -> dict[int, tuple[int, int | None]]:
        return {r: (s, self.interp_of[r]) for r, s in enumerate(self.slot_of) if s != FREE}

    def restore(self, snap: dict[int, tuple[int, int | None]]) -> None:
        for r, s in enumerate(self.slot_of):
            if s != FREE and r not in self.locked:
                self.remove(r)
        for r, (s, i) in snap.items():
            if r not in self.locked:
                self._put(r, s, i)


def greedy_fill(state: State, order: list[int], *, reassign: bool = True) -> None:
    """Each request of `order` in turn, in the earliest slot where it fits."""
    for r in order:
        if state.slot_of[r] != FREE:
            continue
        for s in state.cand[r]:
            if state.place(r, s, reassign=reassign):
                break
