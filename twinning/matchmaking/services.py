"""Matchmaking writes: keyword-only, each names its actor and passes the permission gate.

Each stream of the matchmaking work keeps its functions in its own block.
"""

# Imports of every block (profiles, agenda); the blocks follow.
import datetime
import hashlib
from collections.abc import Iterable
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.accounts.models import Role, User
from twinning.accounts.rules import require
from twinning.core.templatetags.twinning import translated_value
from twinning.core.translation_fields import field_names, language_codes, texts_by_language
from twinning.delegations import services as delegation_services
from twinning.delegations.models import Delegation, Member, Outcome
from twinning.matchmaking import checks, imports, selectors
from twinning.matchmaking.feedback_links import FEEDBACK_LINK_DAYS, feedback_token
from twinning.matchmaking.models import (
    Feedback,
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    Participant,
    Sector,
    Slot,
    new_claim_token,
)
from twinning.matchmaking.selectors import participant_account
from twinning.notifications.models import Notification
from twinning.notifications.services import notification_queue

# -- profiles: profiles, counterparts, import, invitation, claim --
PROFILE_TEXTS = ("organisation", "description", "offers", "seeks", "brings")
PROFILE_FIELDS = ("contact_name", "contact_email", "languages", "min_meetings", "max_meetings")


def _editable() -> set[str]:
    return {name for text in PROFILE_TEXTS for name in field_names(text)} | set(PROFILE_FIELDS)


def _apply(participant: Participant, values: dict) -> None:
    unknown = set(values) - _editable() - {"kind"}
    if unknown:
        raise ValueError(f"Not a profile field: {sorted(unknown)}")
    for name, value in values.items():
        setattr(participant, name, value)
    least, most = participant.min_meetings, participant.max_meetings
    if least is not None and most is not None and least > most:
        raise ValidationError({"min_meetings": _("At least is more than at most.")})
    if not any(getattr(participant, name) for name in field_names("organisation")):
        raise ValidationError({"organisation": _("Give the organisation's name.")})


def profile_update(
    *,
    actor: User,
    participant: Participant,
    values: dict,
    sectors: Iterable[Sector] | None = None,
) -> Participant:
    """Change a profile: its own delegate or claimed counterpart, or a coordinator."""
    require(actor, "matchmaking.edit_profile", participant)
    values = dict(values)
    if participant.kind == Participant.Kind.DELEGATE:
        values.pop("kind", None)
    elif values.get("kind") not in (None, *imports.KINDS):
        raise ValidationError({"kind": _("Choose counterpart or government office.")})
    with transaction.atomic():
        _apply(participant, values)
        participant.save()
        if sectors is not None:
            participant.sectors.set(sectors)
    return participant


def delegate_profile_start(*, actor: User, member: Member) -> Participant:
    """The confirmed delegate's profile, made (empty but for the name) on first use."""
    require(actor, "matchmaking.start_delegate_profile", member)
    if not member.confirmed or member.role != Member.Role.DELEGATE:
        raise ValidationError(_("Only confirmed delegates have a meetings profile."))
    existing = Participant.objects.filter(member=member).first()
    if existing is not None:
        return existing
    name = member.organisation or member.user.full_name or member.user.email
    return Participant.objects.create(
        delegation=member.delegation,
        kind=Participant.Kind.DELEGATE,
        member=member,
        **dict.fromkeys(field_names("organisation"), name),
        contact_name=member.user.full_name,
        contact_email=member.user.email,
    )


def counterpart_create(
    *,
    actor: User,
    delegation: Delegation,
    values: dict,
    sectors: Iterable[Sector] = (),
) -> Participant:
    """A counterpart or government office profile, kept by a coordinator on its behalf."""
    require(actor, "matchmaking.manage_counterparts", delegation)
    values = dict(values)
    kind = values.pop("kind", Participant.Kind.COUNTERPART)
    if kind not in imports.KINDS:
        raise ValidationError({"kind": _("Choose counterpart or government office.")})
    participant = Participant(delegation=delegation, kind=kind)
    with transaction.atomic():
        _apply(participant, values)
        participant.save()
        participant.sectors.set(sectors)
    return participant


def counterparts_import(
    *, actor: User, delegation: Delegation, rows: list[dict[str, str]]
) -> imports.Report:
    """Write the valid rows of an import (checked again here), each creating or updating
    one profile; the report says what happened to each row."""
    require(actor, "matchmaking.manage_counterparts", delegation)
    with transaction.atomic():
        others = (
            Participant.objects.select_for_update()
            .filter(delegation=delegation)
            .exclude(kind=Participant.Kind.DELEGATE)
        )
        by_id = {p.pk: p for p in others}
        sectors = {s.slug: s for s in Sector.objects.all()}
        checks = imports.check_rows(
            rows,
            existing_by_id={pk: p.kind for pk, p in by_id.items()},
            existing_by_email={
                p.contact_email.lower(): pk for pk, p in by_id.items() if p.contact_email
            },
            sector_slugs=set(sectors),
        )
        report = imports.Report(rows=checks)
        for row in checks:
            if not row.valid:
                continue
            participant = by_id.get(row.participant_id) or Participant(delegation=delegation)
            created = participant.pk is None
            try:
                _apply(participant, row.values)
            except ValidationError as error:
                row.errors.extend(error.messages)
                continue
            participant.save()
            if row.sets_sectors:
                participant.sectors.set([sectors[slug] for slug in row.sectors])
            row.participant_id = participant.pk
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def _recipient(participant: Participant):
    """The account with the profile's address, or the address alone in the profile's
    language (Chinese for a host-city profile that speaks it)."""
    user = User.objects.filter(email__iexact=participant.contact_email).first()
    if user is not None:
        return user
    from django.conf import settings

    codes = [code for code, _name in settings.LANGUAGES]
    chinese = next((code for code in codes if code.startswith("zh")), codes[0])
    language = chinese if "zh" in (participant.languages or ["zh"]) else codes[0]
    return SimpleNamespace(email=participant.contact_email, preferred_language=language)


def counterpart_invite(*, actor: User, participant: Participant):
    """E-mail the profile's contact a secret link to claim it (each call a new e-mail)."""
    require(actor, "matchmaking.invite_counterpart", participant)
    if participant.kind == Participant.Kind.DELEGATE or participant.user_id is not None:
        raise ValidationError(_("This profile is claimed already."))
    if not participant.contact_email:
        raise ValidationError(_("The profile has no contact e-mail address."))
    from django.urls import reverse
    from django.utils import translation

    recipient = _recipient(participant)
    with translation.override(recipient.preferred_language):
        path = reverse(
            "matchmaking:claim",
            kwargs={"slug": participant.delegation.slug, "token": participant.claim_token},
        )
        context = {
            "path": path,
            "organisation": participant.organisation,
            "delegation": participant.delegation.title,
        }
    stamp = hashlib.sha256(f"{participant.claim_token}{timezone.now().isoformat()}".encode())
    return notification_queue(
        actor=actor,
        key=f"matchmaking-claim-{participant.pk}-{stamp.hexdigest()[:16]}",
        to=recipient,
        template="matchmaking/profiles/email/claim",
        context=context,
    )


def profile_claim(*, actor: User, participant: Participant, token: str) -> Participant:
    """Attach a counterpart profile to the signed-in account, once; the link then changes."""
    require(actor, "matchmaking.claim_profile", participant)
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if locked.user_id is not None or not token or locked.claim_token != token:
            raise ValidationError(_("This link has been used already or is not valid."))
        locked.user = actor
        locked.claimed_at = timezone.now()
        locked.claim_token = new_claim_token()
        locked.save(update_fields=["user", "claimed_at", "claim_token", "modified_at"])
        if actor.role == Role.VISITOR:
            actor.role = Role.COUNTERPART
            actor.save(update_fields=["role"])
    return locked


# -- agenda: publication, moves and locks, check-in, attendance, feedback, outcomes ----------
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
