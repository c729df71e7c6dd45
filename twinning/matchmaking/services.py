"""Writes of the matchmaking app (each stream in its own block)."""

# -- agenda: publication, moves and locks, check-in, attendance, feedback, outcomes ----------
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.core.templatetags.twinning import translated_value
from twinning.core.translation_fields import language_codes, texts_by_language
from twinning.delegations import services as delegation_services
from twinning.delegations.models import Delegation, Outcome
from twinning.matchmaking import checks, selectors
from twinning.matchmaking.feedback_links import FEEDBACK_LINK_DAYS, feedback_token
from twinning.matchmaking.models import (
    Feedback,
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    Participant,
    Slot,
)
from twinning.matchmaking.selectors import participant_account
from twinning.notifications.models import Notification
from twinning.notifications.services import notification_queue

AgendaStatus = MatchmakingPolicy.AgendaStatus


def _url(name: str, **kwargs) -> str:
    return settings.TWINNING_BASE_URL + reverse(name, kwargs=kwargs)


def _agenda_mail(*, actor, key: str, to: User, delegation: Delegation, status: str, url: str):
    with translation.override(to.preferred_language):
        context = {
            "name": to.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "status": str(AgendaStatus(status).label),
            "preliminary": status == AgendaStatus.PRELIMINARY,
            "url": url,
        }
    notification_queue(
        actor=actor, key=key, to=to, template="matchmaking/agenda/email/published", context=context
    )


@transaction.atomic
def agenda_publish(*, actor: User, delegation: Delegation, status: str) -> MatchmakingPolicy:
    """Publish the delegation's agenda as preliminary or final; everyone with an account
    and a meeting (participants, interpreters) is told once per publication."""
    require(actor, "matchmaking.publish_agenda", delegation)
    if status not in (AgendaStatus.PRELIMINARY, AgendaStatus.FINAL):
        raise ValidationError(_("An agenda is published as preliminary or as final."))
    policy, _created = MatchmakingPolicy.objects.select_for_update().get_or_create(
        delegation=delegation
    )
    if policy.agenda_status == AgendaStatus.FINAL:
        raise ValidationError(_("The final agenda is published already."))
    if policy.agenda_status == status:
        raise ValidationError(_("The agenda is published as preliminary already."))
    policy.agenda_status = status
    policy.agenda_published_at = timezone.now()
    policy.save(update_fields=["agenda_status", "agenda_published_at"])

    meetings = Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
    sides = set(meetings.values_list("participant_a", flat=True)) | set(
        meetings.values_list("participant_b", flat=True)
    )
    agenda_url = _url("matchmaking:agenda", slug=delegation.slug)
    for participant in Participant.objects.select_related("member__user", "user").filter(
        pk__in=sides
    ):
        to = participant_account(participant)
        if to is not None:
            _agenda_mail(
                actor=actor,
                key=f"matchmaking-agenda-{status}-participant-{participant.pk}",
                to=to,
                delegation=delegation,
                status=status,
                url=agenda_url,
            )
    for interpreter in Interpreter.objects.select_related("user").filter(
        pk__in=meetings.values("interpreter"), user__isnull=False, user__is_active=True
    ):
        _agenda_mail(
            actor=actor,
            key=f"matchmaking-agenda-{status}-interpreter-{interpreter.pk}",
            to=interpreter.user,
            delegation=delegation,
            status=status,
            url=_url(
                "matchmaking:interpreter_agenda",
                slug=delegation.slug,
                token=interpreter.calendar_token,
            ),
        )
    return policy


def _same_delegation(meeting: Meeting, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.delegation_id != meeting.delegation_id:
            raise ValidationError(_("That is not part of this delegation's meetings."))


@transaction.atomic
def meeting_move(
    *,
    actor: User,
    meeting: Meeting,
    slot: Slot,
    table: int,
    interpreter: Interpreter | None,
) -> Meeting:
    """Place a meeting by hand at a free table of a slot (with an interpreter when needed).

    Every rule is checked against the meetings of the target slot, under a lock on that
    slot's row (two moves into one slot take turns); a broken rule refuses the move with
    its reasons. A meeting placed by hand is locked: the scheduler keeps it.
    """
    require(actor, "matchmaking.move_meeting", meeting)
    _same_delegation(meeting, slot, interpreter)
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("participant_a", "participant_b")
        .get(pk=meeting.pk)
    )
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("This meeting is cancelled."))
    others = list(Meeting.objects.filter(slot=slot, status=Meeting.Status.SCHEDULED))
    context = selectors.checks_context(meeting.delegation)
    problems = checks.place_problems(
        meeting, checks.Place(slot, table, interpreter), others, context
    )
    if problems:
        raise ValidationError(problems)
    meeting.slot, meeting.table, meeting.interpreter = slot, table, interpreter
    meeting.locked = True
    meeting.save(update_fields=["slot", "table", "interpreter", "locked", "modified_at"])
    return meeting


@transaction.atomic
def meeting_lock(*, actor: User, meeting: Meeting, locked: bool) -> Meeting:
    """Lock a meeting where it is (the scheduler keeps it), or let it move again."""
    require(actor, "matchmaking.lock_meeting", meeting)
    meeting.locked = locked
    meeting.save(update_fields=["locked", "modified_at"])
    return meeting


@transaction.atomic
def meeting_check_in(*, actor: User, meeting: Meeting, now: datetime.datetime | None = None):
    """The meeting has started at its table: it took place (once; a second check-in
    changes nothing)."""
    require(actor, "matchmaking.check_in", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("This meeting is cancelled."))
    if meeting.checked_in_at is None:
        meeting.checked_in_at = now or timezone.now()
        if meeting.attendance == Meeting.Attendance.UNKNOWN:
            meeting.attendance = Meeting.Attendance.HELD
        meeting.save(update_fields=["checked_in_at", "attendance", "modified_at"])
    return meeting


@transaction.atomic
def meeting_attendance_set(*, actor: User, meeting: Meeting, attendance: str) -> Meeting:
    """Record who came: held, or a no-show of one side or both."""
    require(actor, "matchmaking.record_attendance", meeting)
    if attendance not in Meeting.Attendance.values:
        raise ValidationError(_("Unknown attendance."))
    meeting.attendance = attendance
    meeting.save(update_fields=["attendance", "modified_at"])
    return meeting


@transaction.atomic
def meeting_feedback_give(
    *,
    actor: User,
    meeting: Meeting,
    participant: Participant,
    verdict: str,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Feedback:
    """One side's verdict on a meeting once it has started; giving it again changes it."""
    require(actor, "matchmaking.give_feedback", participant)
    if participant.pk not in (meeting.participant_a_id, meeting.participant_b_id):
        raise ValidationError(_("Only the two sides of a meeting give feedback on it."))
    if verdict not in Feedback.Verdict.values:
        raise ValidationError(_("Unknown answer."))
    if (now or timezone.now()) < meeting.slot.starts_at:
        raise ValidationError(_("Feedback can be given once the meeting has started."))
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={"verdict": verdict, "comment": comment.strip()},
    )
    return feedback


@transaction.atomic
def feedback_requests_send(
    *, actor: User, delegation: Delegation, now: datetime.datetime | None = None
) -> int:
    """After each meeting, ask both sides (those with an account) how it went: an e-mail
    with a signed link, once per meeting and side. Returns how many were queued now."""
    require(actor, "matchmaking.manage", delegation)
    now = now or timezone.now()
    queued = 0
    for meeting in selectors.feedback_due(delegation=delegation, now=now):
        if meeting.slot.ends_at < now - datetime.timedelta(days=FEEDBACK_LINK_DAYS):
            continue
        answered = {f.participant_id for f in meeting.feedback.all()}
        for participant, other in (
            (meeting.participant_a, meeting.participant_b),
            (meeting.participant_b, meeting.participant_a),
        ):
            to = participant_account(participant)
            key = f"matchmaking-feedback-{meeting.pk}-{participant.pk}"
            if to is None or participant.pk in answered:
                continue
            if Notification.objects.filter(key=key).exists():
                continue
            with translation.override(to.preferred_language):
                context = {
                    "name": to.get_short_name(),
                    "delegation": translated_value(delegation, "title")[0],
                    "counterpart": translated_value(other, "organisation")[0],
                    "url": _url(
                        "matchmaking:feedback_link",
                        slug=delegation.slug,
                        token=feedback_token(meeting, participant),
                    ),
                }
            notification_queue(
                actor=actor,
                key=key,
                to=to,
                template="matchmaking/agenda/email/feedback",
                context=context,
            )
            queued += 1
    return queued


@transaction.atomic
def meeting_outcome_record(*, actor: User, meeting: Meeting, kind: str = Outcome.Kind.OTHER):
    """Turn a meeting where cooperation looks possible into one of the delegation's
    outcomes (through the delegations' service), once."""
    require(actor, "matchmaking.see_outcomes", meeting.delegation)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.outcome_id:
        raise ValidationError(_("This meeting is among the outcomes already."))
    if not meeting.feedback.filter(verdict=Feedback.Verdict.COOPERATION).exists():
        raise ValidationError(_("Neither side said cooperation is possible."))
    a = texts_by_language(meeting.participant_a, "organisation")
    b = texts_by_language(meeting.participant_b, "organisation")
    fallback_a = next((text for text in a.values() if text), "")
    fallback_b = next((text for text in b.values() if text), "")
    titles, descriptions = {}, {}
    comments = [f.comment for f in meeting.feedback.order_by("pk") if f.comment]
    for code in language_codes():
        with translation.override(code):
            titles[code] = _("Cooperation possible: %(a)s and %(b)s") % {
                "a": a[code] or fallback_a,
                "b": b[code] or fallback_b,
            }
            descriptions[code] = "\n\n".join(comments)
    outcome = delegation_services.outcome_create(
        delegation=meeting.delegation,
        actor=actor,
        kind=kind,
        titles=titles,
        descriptions=descriptions,
        date=meeting.slot.starts_at.astimezone(
            selectors.slot_zone(meeting.slot, meeting.delegation)
        ).date(),
    )
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome", "modified_at"])
    return outcome
