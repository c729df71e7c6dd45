"""Local search on a State: insert unscheduled requests by moving or ejecting meetings.

Every accepted step raises the total weight, or keeps it and lowers the number of
participants left with no meeting; fixed (locked) meetings never move. Then a compaction pass
moves meetings to slots that leave fewer idle gaps in people's days, at equal weight.
"""

from __future__ import annotations

import random
import time

from .state import FREE, State


class Search:
    def __init__(
        self, state: State, deadline: float, seed: int = 0, *, eject: bool = True, stop=None
    ):
        self.eject = eject  # False: never drop a meeting (repair), only move or add
        self.stop = stop  # a callable: True when the caller wants the search to end early
        self.st = state
        self.deadline = deadline
        self.rng = random.Random(seed)
        inst = state.inst
        self.has_requests = [False] * len(inst.participants)
        self.requests_of: list[list[int]] = [[] for _ in inst.participants]
        for r, req in enumerate(inst.requests):
            if state.cand[r]:
                self.has_requests[req.a] = self.has_requests[req.b] = True
                self.requests_of[req.a].append(r)
                self.requests_of[req.b].append(r)

    def out_of_time(self) -> bool:
        return time.perf_counter() >= self.deadline or (self.stop is not None and self.stop())

    # ----- moves ---------------------------------------------------------------------------
    def relocate(self, q: int, avoid: int) -> bool:
        """Move scheduled meeting q to another slot where it fits (journaled by the caller)."""
        st = self.st
        s0 = st.slot_of[q]
        st.remove(q)
        return any(s != avoid and s != s0 and st.place(q, s) for s in st.cand[q])

    def reinsert(self, q: int) -> bool:
        st = self.st
        return any(st.place(q, s) for s in st.cand[q])

    def _move_blockers(self, r: int, s: int, blockers: set[int], room: bool) -> bool:
        st = self.st
        st.begin()
        ok = True
        for q in blockers:
            if not self.relocate(q, s):
                ok = False
                break
        if ok and not room:
            ok = self.spare_tables > 0 and self._make_room(s, r)
        if ok and st.place(r, s):
            st.commit()
            return True
        st.undo()
        return False

    def reinsert_ejecting(self, q: int, people: set[int]) -> bool:
        """Seat q where its two participants are free by ejecting the lightest lighter meeting
        of a full slot."""
        st = self.st
        a, b = st.pa[q], st.pb[q]
        if st.load[a] >= st.maxm[a] or st.load[b] >= st.maxm[b]:
            return False
        for s in st.cand[q]:
            if st.pbusy[a][s] != FREE or st.pbusy[b][s] != FREE:
                continue
            no_interpreter = st.needs[q] and st._augment(q, s, True) is None
            victim = self._lightest_in(s, st.w[q], st.comp[q] if no_interpreter else None)
            if victim is None:
                continue
            st.remove(victim)
            if st.place(q, s):
                people.update((st.pa[victim], st.pb[victim]))
                return True
            st.place(victim, s)
        return False

    def _zero(self, people) -> int:
        st = self.st
        return sum(1 for p in people if self.has_requests[p] and st.load[p] == 0)

    def try_insert(self, r: int, allow_equal: bool = False) -> bool:
        """Schedule request r, keeping every improvement; False (state unchanged) if none."""
        st = self.st
        a, b = st.pa[r], st.pb[r]
        for s in st.cand[r]:
            if st.place(r, s):
                return True
        w = st.w[r]
        at_max = [p for p in (a, b) if st.load[p] >= st.maxm[p]]
        if at_max and (
            not self.eject
            or any(self._lightest_of(p, w + (1 if allow_equal else 0)) is None for p in at_max)
        ):
            return False  # only dropping a lighter meeting of theirs could make room
        for s in st.cand[r]:
            if self.out_of_time():
                return False
            blockers = {st.pbusy[a][s], st.pbusy[b][s]} - {FREE}
            if blockers & st.locked:
                continue
            room = st.used[s] < st.tables[s]
            # 1. move the blockers elsewhere, weight unchanged + w (useless at max_meetings:
            # moving keeps the counts)
            if not at_max and self._move_blockers(r, s, blockers, room):
                return True
            if not self.eject:
                continue
            # 2. eject them (and the lightest meeting of a full slot), then re-seat the ejected
            # ones elsewhere, each possibly ejecting one lighter meeting in turn; keep if better
            before_value = st.value
            people = {a, b} | {st.pa[q] for q in blockers} | {st.pb[q] for q in blockers}
            before_zero = self._zero(people)
            st.begin()
            for q in blockers:
                st.remove(q)
            ejected = list(blockers)
            no_interpreter = st.needs[r] and st._augment(r, s, True) is None
            if st.used[s] >= st.tables[s] or no_interpreter:
                victim = self._lightest_in(s, w, st.comp[r] if no_interpreter else None)
                if victim is None:
                    st.undo()
                    continue
                ejected.append(victim)
                people |= {st.pa[victim], st.pb[victim]}
                st.remove(victim)
            for p in (a, b):  # at max_meetings: give up the lightest other meeting
                if st.load[p] >= st.maxm[p]:
                    victim = self._lightest_of(p, w)
                    if victim is None:
                        break
                    ejected.append(victim)
                    people |= {st.pa[victim], st.pb[victim]}
                    st.remove(victim)
            if not st.place(r, s):
                st.undo()
                continue
            for q in sorted(ejected, key=lambda q: -st.w[q]):
                if not self.reinsert(q):
                    self.reinsert_ejecting(q, people)
            gain = st.value - before_value
            if gain > 0 or (allow_equal and gain == 0 and self._zero(people) < before_zero):
                st.commit()
                return True
            st.undo()
        # 3. a participant at max_meetings: swap out one of its lighter meetings
        for p in (a, b) if self.eject else ():
            if st.load[p] < st.maxm[p]:
                continue
            mine = [
                q
                for q in self.requests_of[p]
                if st.slot_of[q] != FREE and q not in st.locked and st.w[q] < w
            ]
            for q in sorted(mine, key=lambda q: st.w[q])[:3]:
                before_value = st.value
                st.begin()
                st.remove(q)
                if any(st.place(r, s) for s in st.cand[r]):
                    self.reinsert(q)
                    if st.value > before_value:
                        st.commit()
                        return True
                st.undo()
        return False

    @property
    def spare_tables(self) -> int:
        st = self.st
        return sum(st.tables) - sum(st.used)

    def _make_room(self, s: int, r: int) -> bool:
        """Free a table in slot s by moving one of its meetings to another slot."""
        st = self.st
        others = [q for q in st.in_slot[s] if q not in st.locked]
        for q in self.rng.sample(others, min(4, len(others))):
            for s2 in st.cand[q]:
                if s2 != s and st.fits(q, s2):
                    st.remove(q)
                    if st.place(q, s2):
                        return True
                    st.place(q, s)  # its seat is free again
        return False

    def _lightest_of(self, p: int, limit) -> int | None:
        st = self.st
        best = None
        for q in self.requests_of[p]:
            if st.slot_of[q] == FREE or q in st.locked or st.w[q] >= limit:
                continue
            if best is None or st.w[q] < st.w[best]:
                best = q
        return best

    def _lightest_in(self, s: int, limit, interpreters=None) -> int | None:
        """The lightest movable meeting of slot s lighter than `limit` (served by one of
        `interpreters`, when given)."""
        st = self.st
        best = None
        for q in st.in_slot[s]:
            if q in st.locked or st.w[q] >= limit:
                continue
            if interpreters is not None and st.interp_of[q] not in interpreters:
                continue
            if best is None or st.w[q] < st.w[best]:
                best = q
        return best

    # ----- passes --------------------------------------------------------------------------
    def improve(self, max_passes: int = 50) -> int:
        st = self.st
        gained = 0
        for _ in range(max_passes):
            before = st.value
            todo = [r for r in range(len(st.slot_of)) if st.slot_of[r] == FREE and st.cand[r]]
            todo.sort(key=lambda r: -st.w[r])
            for r in todo:
                if self.out_of_time():
                    return gained + st.value - before
                if st.slot_of[r] == FREE:
                    self.try_insert(r)
            gained += st.value - before
            if st.value == before:
                break
        return gained

    def lonely(self) -> None:
        """Participants with requests and no meeting: try their requests at equal weight."""
        st = self.st
        for p, has in enumerate(self.has_requests):
            if self.out_of_time():
                return
            if not has or st.load[p] > 0:
                continue
            for r in sorted(self.requests_of[p], key=lambda r: -st.w[r]):
                if st.slot_of[r] == FREE and self.try_insert(r, allow_equal=True):
                    break

    def compact(self, max_passes: int = 10) -> None:
        """Move meetings within their day, at equal weight, to slots leaving fewer idle gaps."""
        st = self.st
        inst = st.inst
        day_of = [sl.day for sl in inst.slots]
        day_range: dict = {}
        for k, d in enumerate(day_of):
            lo, hi = day_range.get(d, (k, k))
            day_range[d] = (min(lo, k), max(hi, k))
        avail = [p.available for p in inst.participants]

        def gaps(p: int, lo: int, hi: int) -> int:
            row = st.pbusy[p]
            idx = [s for s in range(lo, hi + 1) if row[s] != FREE]
            if len(idx) < 2:
                return 0
            return sum(1 for s in range(idx[0] + 1, idx[-1]) if row[s] == FREE and s in avail[p])

        for _ in range(max_passes):  # each pass only moves a meeting to fewer gaps: it ends
            moved = 0
            order = [r for r, s in enumerate(st.slot_of) if s != FREE and r not in st.locked]
            self.rng.shuffle(order)
            for q in order:
                if self.out_of_time():
                    return
                a, b = st.pa[q], st.pb[q]
                s0 = st.slot_of[q]
                lo, hi = day_range[day_of[s0]]
                base = gaps(a, lo, hi) + gaps(b, lo, hi)
                if base == 0:
                    continue
                best = None
                st.remove(q)
                for s in st.cand[q]:
                    if s == s0 or s < lo or s > hi or not st.fits(q, s):
                        continue
                    if not st.place(q, s):
                        continue
                    after = gaps(a, lo, hi) + gaps(b, lo, hi)
                    st.remove(q)
                    if after < base and (best is None or after < best[0]):
                        best = (after, s)
                if best is not None and st.place(q, best[1]):
                    moved += 1
                elif not st.place(q, s0):  # its old seat is free again
                    raise AssertionError("compaction lost a meeting")
            if not moved:
                return
