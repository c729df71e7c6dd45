"""Reads of the matchmaking. Each stream adds its selectors below in its own block."""

# -- flow: requests and schedule runs ------------------------------------------------------
import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from twinning.matchmaking import scheduling
from twinning.matchmaking.models import MeetingRequest, Participant, ScheduleRun


def own_participants(*, user, delegation) -> QuerySet[Participant]:
    """The participants this user is in the delegation: their delegate profile, or claimed."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(user=user) | Q(member__user=user), delegation=delegation, withdrawn_at=None
    ).order_by("pk")


def _requests() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related("requester", "target").order_by(
        "-created_at", "pk"
    )


def requests_made(*, participants) -> QuerySet[MeetingRequest]:
    return _requests().filter(requester__in=participants)


def requests_received(*, participants) -> QuerySet[MeetingRequest]:
    return _requests().filter(target__in=participants).exclude(priority="no")


def requests_for_coordinator(*, delegation, status: str = "") -> QuerySet[MeetingRequest]:
    requests = _requests().filter(delegation=delegation)
    return requests.filter(status=status) if status else requests


def request_counts(*, delegation) -> dict[str, int]:
    counts = dict.fromkeys(MeetingRequest.Status.values, 0)
    for status in MeetingRequest.objects.filter(delegation=delegation).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    return counts


def schedule_runs(*, delegation) -> QuerySet[ScheduleRun]:
    return (
        ScheduleRun.objects.filter(delegation=delegation)
        .select_related("requested_by")
        .defer("input", "output")
        .order_by("-created_at", "-pk")
    )


@dataclass
class RunReport:
    """What a finished run tells the coordinator, names and reasons included."""

    ratio: float | None = None
    gap_percent: float | None = None
    without_meeting: list = field(default_factory=list)
    unscheduled: list = field(default_factory=list)  # (name, name, reason)
    mean_idle_slots: float | None = None
    below_min: object = None
    seconds: float | None = None


def run_report(*, run: ScheduleRun) -> RunReport:
    report = RunReport()
    if run.status != ScheduleRun.Status.DONE:
        return report
    if run.upper_bound:
        report.ratio = (run.value or 0) / run.upper_bound
        report.gap_percent = max(0.0, (1 - report.ratio) * 100)
    elif run.upper_bound == 0:
        report.ratio, report.gap_percent = 1.0, 0.0
    stats = run.stats or {}
    report.mean_idle_slots = stats.get("mean_idle_slots")
    report.below_min = stats.get("participants_below_min")
    report.seconds = stats.get("seconds")
    output, input_doc = run.output or {}, run.input or {}
    requested = {pk for r in input_doc.get("requests", []) for pk in r["participants"]}
    met = {f"p{pk}" for m in output.get("meetings", []) for pk in scheduling.pair_of(m["request"])}
    pks = {int(key[1:]) for key in requested}
    for item in output.get("unscheduled", []):
        pks.update(scheduling.pair_of(item["request"]))
        pks.update(int(pk) for pk in re.findall(r'"p(\d+)"', item.get("reason", "")))
    names = {p.pk: p for p in Participant.objects.filter(pk__in=pks)}
    report.without_meeting = [
        names[int(key[1:])] for key in sorted(requested - met) if int(key[1:]) in names
    ]
    for item in output.get("unscheduled", []):
        a, b = scheduling.pair_of(item["request"])
        if a in names and b in names:
            report.unscheduled.append(
                (names[a], names[b], scheduling.reason_display(item.get("reason", ""), names))
            )
    return report
