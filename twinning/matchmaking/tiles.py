"""The delegation dashboard's matchmaking tiles (the back office's registry, core/backoffice.py):
meeting requests, the schedule's quality as value ÷ proven bound, and the day itself."""

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from twinning.core import backoffice
from twinning.matchmaking.models import Feedback, Meeting, MeetingRequest, ScheduleRun

Status = MeetingRequest.Status
NO_SHOWS = (
    Meeting.Attendance.NO_SHOW_A,
    Meeting.Attendance.NO_SHOW_B,
    Meeting.Attendance.NO_SHOW_BOTH,
)


def _share(part: int, whole: int) -> float:
    return min(part / whole, 1.0) if whole else 0.0


def request_figures(delegation) -> list[backoffice.Figure]:
    counts = MeetingRequest.objects.filter(delegation=delegation).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        declined=Count("pk", filter=Q(status__in=[Status.DECLINED, Status.EXPIRED])),
    )
    whole = counts["total"]
    return [
        backoffice.Figure(
            _("Waiting for an answer"), counts["pending"], _share(counts["pending"], whole)
        ),
        backoffice.Figure(_("Accepted"), counts["accepted"], _share(counts["accepted"], whole)),
        backoffice.Figure(
            _("Declined or expired"), counts["declined"], _share(counts["declined"], whole)
        ),
    ]


def schedule_figures(delegation) -> list[backoffice.Figure]:
    run = (
        ScheduleRun.objects.filter(delegation=delegation, status=ScheduleRun.Status.DONE)
        .defer("input", "output")
        .order_by("-finished_at", "-pk")
        .first()
    )
    meetings = Meeting.objects.filter(
        delegation=delegation, status=Meeting.Status.SCHEDULED
    ).count()
    if run is None:
        return [backoffice.Figure(_("Meetings scheduled"), meetings)]
    ratio = (run.value or 0) / run.upper_bound if run.upper_bound else 1.0
    return [
        backoffice.Figure(
            _("Value ÷ best possible"),
            f"{number_format(round(ratio * 100, 1), decimal_pos=1)} %",
            ratio,
        ),
        backoffice.Figure(_("Meetings scheduled"), meetings),
        backoffice.Figure(
            _("Participants without a meeting"),
            (run.stats or {}).get("participants_without_meeting", 0),
        ),
    ]


def day_figures(delegation) -> list[backoffice.Figure]:
    counts = Meeting.objects.filter(
        delegation=delegation, status=Meeting.Status.SCHEDULED
    ).aggregate(
        total=Count("pk"),
        held=Count("pk", filter=Q(attendance=Meeting.Attendance.HELD)),
        no_shows=Count("pk", filter=Q(attendance__in=NO_SHOWS)),
    )
    cooperation = Feedback.objects.filter(
        meeting__delegation=delegation, verdict=Feedback.Verdict.COOPERATION
    ).count()
    whole = counts["total"]
    return [
        backoffice.Figure(_("Took place"), counts["held"], _share(counts["held"], whole)),
        backoffice.Figure(_("No-shows"), counts["no_shows"], _share(counts["no_shows"], whole)),
        backoffice.Figure(_("Cooperation possible"), cooperation),
    ]


def register() -> None:
    for key, title, figures, url_name, order in (
        (
            "requests",
            _("Meeting requests"),
            request_figures,
            "matchmaking:requests_coordinator",
            50,
        ),
        ("schedule", _("Meeting schedule"), schedule_figures, "matchmaking:schedule", 51),
        ("day", _("Meetings on the day"), day_figures, "matchmaking:outcomes", 52),
    ):
        backoffice.register_tile(
            backoffice.Tile(
                key=f"matchmaking.{key}",
                title=title,
                permission="matchmaking.manage",
                figures=figures,
                url_name=url_name,
                order=order,
            )
        )
