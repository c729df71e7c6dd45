import zoneinfo
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from twinning.accounts.rules import may
from twinning.delegations.models import Delegation, Document, Member, Session
from twinning.delegations.timefmt import ZonedSpan, zoned_span


def delegation_list_public() -> QuerySet[Delegation]:
    return Delegation.objects.exclude(status=Delegation.Status.DRAFT).select_related(
        "relationship__city_a", "relationship__city_b"
    )


def delegation_get(*, slug: str, user) -> Delegation:
    """The delegation if this user may see it, else 404 (drafts exist only for coordinators)."""
    delegation = (
        Delegation.objects.select_related("relationship__city_a", "relationship__city_b")
        .prefetch_related("aims", "fees", "contacts", "outcomes__exchange")
        .filter(slug=slug)
        .first()
    )
    if delegation is None or not may(user, "delegations.see_delegation", delegation):
        raise Http404
    return delegation


def viewer_zone(zone_name: str, delegation: Delegation) -> zoneinfo.ZoneInfo:
    """The viewer's own time zone when known (profile, picker or browser), else a guess:
    the travellers' home city's."""
    return zoneinfo.ZoneInfo(zone_name or delegation.cities[0].time_zone)


@dataclass(frozen=True)
class ProgrammeEntry:
    session: Session
    time: ZonedSpan
    details_visible: bool


def programme(*, delegation: Delegation, user, zone_name: str = "") -> list[dict]:
    """The sessions this user may see at least the title of, by day in the venue's zone.

    Times are also given in ``zone_name`` (else the user's profile zone, else a guess).
    """
    sessions = (
        Session.objects.filter(delegation=delegation)
        .select_related("venue", "delegation")
        .order_by("starts_at", "pk")
    )
    zone = viewer_zone(zone_name or getattr(user, "time_zone", ""), delegation)
    entries = [
        ProgrammeEntry(
            session,
            zoned_span(session.starts_at, session.ends_at, session.venue.zone, zone),
            may(user, "delegations.see_session_details", session),
        )
        for session in sessions
        if may(user, "delegations.see_session_title", session)
    ]
    return [
        {"date": date, "entries": list(items)}
        for date, items in groupby(entries, key=lambda entry: entry.time.date)
    ]


def session_get(*, delegation: Delegation, session_id: int) -> Session:
    presenters = Prefetch("presenters", queryset=Member.objects.select_related("user"))
    documents = Prefetch("documents", queryset=Document.objects.select_related("session"))
    session = (
        Session.objects.filter(delegation=delegation, pk=session_id)
        .select_related("venue", "delegation")
        .prefetch_related(presenters, documents)
        .first()
    )
    if session is None:
        raise Http404
    return session


def documents_for(*, delegation: Delegation, user) -> list[Document]:
    documents = Document.objects.filter(delegation=delegation).select_related(
        "session", "delegation"
    )
    return [d for d in documents if may(user, "delegations.download_document", d)]


def attendees(*, delegation: Delegation) -> QuerySet[Member]:
    return (
        Member.objects.filter(delegation=delegation, confirmed=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def briefing_books_waiting_count() -> int:
    """Briefing books queued for the background worker and not yet built."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from twinning.delegations.tasks import build_briefing_book

    waiting = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    return DBTaskResult.objects.filter(
        task_path=build_briefing_book.module_path, status__in=waiting
    ).count()
