"""Helpers of the flow stream's tests: a small world, and a stand-in scheduler used ONLY
while `twinning.scheduler` (branch s-sched) is not there; with it, the real one runs."""

import importlib.util
import sys
import types

import pytest

from tests.accounts.factories import UserFactory
from tests.delegations.factories import DelegationFactory, MemberFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    MatchmakingPolicyFactory,
)
from twinning.delegations.models import Member
from twinning.notifications.models import Notification

HAS_SCHEDULER = importlib.util.find_spec("twinning.scheduler") is not None


def _greedy(doc: dict, keep=()) -> dict:
    """Highest weight first, earliest feasible slot: enough to test the plumbing."""
    people = {p["id"]: p for p in doc["participants"]}
    tables = doc["tables"]
    slots = [s["id"] for s in doc["slots"]]
    busy, count, used, meetings = set(), {}, {}, []
    weights = {r["id"]: r for r in doc["requests"]}

    def place(request, slot, interpreter):
        a, b = request["participants"]
        used[slot] = used.get(slot, 0) + 1
        busy.update({(a, slot), (b, slot)} | ({(interpreter, slot)} if interpreter else set()))
        for p in (a, b):
            count[p] = count.get(p, 0) + 1
        meetings.append(
            {
                "request": request["id"],
                "slot": slot,
                "table": used[slot],
                "interpreter": interpreter,
            }
        )

    for item in [*doc.get("fixed", []), *keep]:
        place(weights[item["request"]], item["slot"], item.get("interpreter"))
    done = {m["request"] for m in meetings}
    for request in sorted(doc["requests"], key=lambda r: (-r["weight"], r["id"])):
        if request["id"] in done:
            continue
        a, b = (people[p] for p in request["participants"])
        for slot in slots:
            free = tables.get(slot, 0) if isinstance(tables, dict) else tables
            if used.get(slot, 0) >= free or (a["id"], slot) in busy or (b["id"], slot) in busy:
                continue
            if slot not in a["available"] or slot not in b["available"]:
                continue
            if any(count.get(p["id"], 0) >= p.get("max_meetings", 99) for p in (a, b)):
                break
            interpreter = None
            if not set(a["languages"]) & set(b["languages"]):
                interpreter = next(
                    (
                        i["id"]
                        for i in doc["interpreters"]
                        if slot in i["available"]
                        and (i["id"], slot) not in busy
                        and any(
                            (x in a["languages"] and y in b["languages"])
                            or (y in a["languages"] and x in b["languages"])
                            for x, y in i["pairs"]
                        )
                    ),
                    None,
                )
                if interpreter is None:
                    continue
            place(request, slot, interpreter)
            break
    scheduled = {m["request"] for m in meetings}
    value = sum(weights[k]["weight"] for k in scheduled)
    return {
        "format": "twinning.schedule/1",
        "meetings": meetings,
        "value": value,
        "upper_bound": float(sum(r["weight"] for r in doc["requests"])),
        "unscheduled": [
            {"request": r["id"], "reason": "no common available slot"}
            for r in doc["requests"]
            if r["id"] not in scheduled
        ],
        "stats": {"seconds": 0.0},
    }


class _Schedule:
    def __init__(self, data):
        self.data = data

    def to_json(self):
        return self.data


def _standin() -> dict[str, types.ModuleType]:
    package = types.ModuleType("twinning.scheduler")
    spec = types.ModuleType("twinning.scheduler.spec")
    repair = types.ModuleType("twinning.scheduler.repair")

    class InputError(ValueError):
        pass

    def parse(doc):
        if doc.get("format") != "twinning.meetings/1":
            raise InputError("format")
        return doc

    def solve(instance, *, time_limit, seed=0):
        return _Schedule(_greedy(instance))

    def do_repair(instance, previous, *, cancelled_participants, time_limit):
        gone = set(cancelled_participants)
        pairs = {r["id"]: r["participants"] for r in instance["requests"]}
        keep = [
            m
            for m in previous["meetings"]
            if not gone & set(pairs[m["request"]])
            and m["request"] not in {f["request"] for f in instance.get("fixed", [])}
        ]
        doc = {
            **instance,
            "requests": [r for r in instance["requests"] if not gone & set(r["participants"])],
        }
        return _Schedule(_greedy(doc, keep=keep))

    spec.parse, spec.InputError = parse, InputError
    package.solve, package.spec, package.repair = solve, spec, repair
    repair.repair = do_repair
    return {
        "twinning.scheduler": package,
        "twinning.scheduler.spec": spec,
        "twinning.scheduler.repair": repair,
    }


@pytest.fixture
def scheduler(monkeypatch):
    """The real scheduler when it is there, else the stand-in (tests only)."""
    if not HAS_SCHEDULER:
        for name, module in _standin().items():
            monkeypatch.setitem(sys.modules, name, module)
    import twinning.scheduler

    return twinning.scheduler


def coordinator_of(delegation):
    user = UserFactory()
    MemberFactory(delegation=delegation, user=user, role=Member.Role.COORDINATOR)
    return user


def small_world(**policy):
    """A delegation with a policy, two delegates (English), two counterparts (Chinese)."""
    delegation = DelegationFactory()
    MatchmakingPolicyFactory(delegation=delegation, **policy)
    delegates = [DelegateParticipantFactory(delegation=delegation) for _ in range(2)]
    for participant in delegates:
        participant.member.user.preferred_language = "en"
        participant.member.user.save()
    counterparts = [CounterpartParticipantFactory(delegation=delegation) for _ in range(2)]
    return delegation, delegates, counterparts


def mails(**filters):
    return list(Notification.objects.filter(**filters).order_by("pk"))
