"""Exhaustive search for the best schedule of a tiny input (independent of the solver)."""

from __future__ import annotations

from tests.scheduler.checker import interpreter_fits, table_count


def best_value(inp: dict) -> tuple[float, dict[str, tuple[str, str | None]]]:
    slots = [s["id"] for s in inp["slots"]]
    people = {p["id"]: p for p in inp["participants"]}
    interps = inp.get("interpreters", [])
    reqs = inp["requests"]
    fixed = {f["request"]: (f["slot"], f.get("interpreter")) for f in inp.get("fixed", [])}
    options = []
    for r in reqs:
        a, b = (people[x] for x in r["participants"])
        share = {x.lower() for x in a["languages"]} & {x.lower() for x in b["languages"]}
        opts = []
        for s in slots:
            if s not in a["available"] or s not in b["available"]:
                continue
            if share:
                opts.append((s, None))
            else:
                opts += [
                    (s, i["id"])
                    for i in interps
                    if s in i["available"] and interpreter_fits(i, a, b)
                ]
        if r["id"] in fixed:
            opts = [fixed[r["id"]]]
        else:
            opts.append(None)
        options.append(opts)

    best = [-1.0, {}]
    used: dict[str, int] = {}
    busy: set[tuple[str, str]] = set()
    load: dict[str, int] = {}
    chosen: dict[str, tuple[str, str | None]] = {}

    def go(k: int, value: float) -> None:
        if k == len(reqs):
            if value > best[0]:
                best[0], best[1] = value, dict(chosen)
            return
        r = reqs[k]
        pa, pb = r["participants"]
        for opt in options[k]:
            if opt is None:
                go(k + 1, value)
                continue
            s, i = opt
            if used.get(s, 0) >= table_count(inp, s):
                continue
            keys = [(pa, s), (pb, s)] + ([("i:" + i, s)] if i else [])
            if any(key in busy for key in keys):
                continue
            if any(
                people[p].get("max_meetings") is not None
                and load.get(p, 0) >= people[p]["max_meetings"]
                for p in (pa, pb)
            ):
                continue
            used[s] = used.get(s, 0) + 1
            busy.update(keys)
            for p in (pa, pb):
                load[p] = load.get(p, 0) + 1
            chosen[r["id"]] = opt
            go(k + 1, value + r["weight"])
            del chosen[r["id"]]
            for p in (pa, pb):
                load[p] -= 1
            busy.difference_update(keys)
            used[s] -= 1

    go(0, 0.0)
    return best[0], best[1]
