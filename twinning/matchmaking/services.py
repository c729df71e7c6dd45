"""Matchmaking writes: keyword-only, each names its actor and passes the permission gate.

Each stream of the matchmaking work keeps its functions in its own block.
"""

# -- profiles: profiles, counterparts, import, invitation, claim --
import datetime
import hashlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from twinning.accounts.models import Role, User
from twinning.accounts.rules import may, require
from twinning.audit.services import audit_record
from twinning.core import events
from twinning.core.templatetags.twinning import translated_value
from twinning.core.translation_fields import field_names, language_codes, texts_by_language
from twinning.delegations import services as delegation_services
from twinning.delegations.models import Delegation, Member, Outcome
from twinning.matchmaking import checks, imports, scheduling, selectors
from twinning.matchmaking.feedback_links import FEEDBACK_LINK_DAYS, feedback_token
from twinning.matchmaking.models import (
    Feedback,
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Sector,
    Slot,
    new_claim_token,
)
from twinning.matchmaking.selectors import participant_account
from twinning.notifications.models import Notification
from twinning.notifications.services import notification_queue

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
        has_one = Participant.objects.filter(delegation_id=locked.delegation_id).filter(
            Q(user=actor) | Q(member__user=actor)
        )
        if has_one.exists():
            raise ValidationError(_("You have a profile in this delegation already."))
        locked.user = actor
        locked.claimed_at = timezone.now()
        locked.claim_token = new_claim_token()
        locked.save(update_fields=["user", "claimed_at", "claim_token", "modified_at"])
        role = actor.role
        if actor.role == Role.VISITOR:
            actor.role = Role.COUNTERPART
            actor.save(update_fields=["role"])
        # A claim joins the account to a delegation's matchmaking (and may change its role).
        audit_record(
            actor=actor,
            action="matchmaking.profile_claimed",
            target=locked,
            data={"role_from": role, "role_to": actor.role},
        )
    return locked


# -- flow: requests, schedule runs, repair after late cancellations ------------------------
logger = logging.getLogger(__name__)

Priority = MeetingRequest.Priority
RStatus = MeetingRequest.Status
RunStatus = ScheduleRun.Status
OPEN_STATUSES = (RStatus.PENDING, RStatus.ACCEPTED)


@dataclass(frozen=True)
class Recipient:
    """Whom an e-mail goes to: an account, or a counterpart's contact without one."""

    email: str
    preferred_language: str
    name: str = ""

    def get_short_name(self) -> str:
        return self.name


def recipients(participant: Participant) -> list:
    """Who reads e-mail for this participant: the delegate, the claimed account, or the
    contact address a coordinator keeps."""
    if participant.member_id is not None and participant.member.user_id:
        return [participant.member.user]
    if participant.user_id is not None:
        return [participant.user]
    to = agenda_link_recipient(participant)
    return [to] if to is not None else []


def _name(participant: Participant) -> str:
    return translated_value(participant, "organisation")[0]


def _notify(
    *, actor: User, participant: Participant, key: str, kind: str, link: str = "", **extra
) -> None:
    """Queue the e-mail ``kind`` for the participant's side, in each reader's language
    (a contact without an account gets ``link``, their agenda's secret address, if given)."""
    delegation = participant.delegation
    for to in recipients(participant):
        with translation.override(to.preferred_language):
            context = {
                "name": to.get_short_name() or _name(participant),
                "delegation": translated_value(delegation, "title")[0],
                "url": link
                if link and isinstance(to, Recipient)
                else settings.TWINNING_BASE_URL
                + reverse("matchmaking:requests", kwargs={"slug": delegation.slug}),
                **{
                    field: _name(value) if isinstance(value, Participant) else str(value)
                    for field, value in extra.items()
                },
            }
        notification_queue(
            actor=actor,
            key=f"{key}-{to.email}",
            to=to,
            template=f"matchmaking/flow/email/{kind}",
            context=context,
        )


def _policy(delegation: Delegation) -> MatchmakingPolicy:
    policy = MatchmakingPolicy.objects.filter(delegation=delegation).first()
    return policy or MatchmakingPolicy(delegation=delegation)


def _event(now: datetime.datetime) -> str:
    return str(int(now.timestamp()))


def requests_closed_reason(delegation: Delegation, *, now=None) -> str:
    """Why no request may be made now, or "" (shown on the pages too)."""
    now = now or timezone.now()
    closes = _policy(delegation).requests_close_at
    if closes is not None and now >= closes:
        return _("Requests for meetings closed on %(date)s.") % {
            "date": date_format(timezone.localtime(closes), "DATETIME_FORMAT")
        }
    return ""


def _expire_if_due(request: MeetingRequest, now) -> bool:
    if request.status == RStatus.PENDING and request.expires_at and request.expires_at <= now:
        request.status = RStatus.EXPIRED
        request.save(update_fields=["status", "modified_at"])
        return True
    return False


@transaction.atomic
def meeting_request_create(
    *,
    actor: User,
    requester: Participant,
    target: Participant,
    priority: str,
    message: str = "",
    met_before: bool = False,
    now=None,
) -> MeetingRequest:
    """Ask to meet ``target`` as ``requester`` (or say "no, thanks"), or say why not.

    The other side is e-mailed and answers, unless the delegation accepts requests
    automatically; a wish that meets the other side's own wish is accepted on both sides
    (mutual). Government offices are met only through a coordinator.
    """
    require(actor, "matchmaking.request_meeting", requester)
    now = now or timezone.now()
    delegation = requester.delegation
    if target.delegation_id != delegation.pk or target.pk == requester.pk:
        raise ValidationError(_("You cannot ask for this meeting."))
    if Participant.Kind.OFFICIAL in (requester.kind, target.kind) and not may(
        actor, "matchmaking.arrange_official_meeting", requester
    ):
        raise PermissionDenied(
            _(
                "Meetings with government offices are arranged by the delegation's "
                "coordinators: please ask them."
            )
        )
    if requester.withdrawn_at or target.withdrawn_at:
        raise ValidationError(_("This participant no longer takes part in the meetings."))
    reason = requests_closed_reason(delegation, now=now)
    if reason:
        raise ValidationError(reason)
    if priority not in Priority.values:
        raise ValidationError(_("Choose how much you want this meeting."))
    policy = _policy(delegation)
    request = (
        MeetingRequest.objects.select_for_update()
        .filter(requester=requester, target=target)
        .first()
    )
    if request is not None:
        _expire_if_due(request, now)
        if request.status in OPEN_STATUSES:
            raise ValidationError(_("You have asked for this meeting already."))
        if request.status == RStatus.DECLINED:
            raise ValidationError(
                _("%(name)s has declined this meeting.") % {"name": _name(target)}
            )
    else:
        request = MeetingRequest(delegation=delegation, requester=requester, target=target)
    request.priority = priority
    request.message = message
    request.met_before = met_before
    request.created_by = actor
    request.answered_at = request.answered_by = None
    request.expires_at = None
    reverse_wish = (
        MeetingRequest.objects.select_for_update()
        .filter(
            requester=target,
            target=requester,
            status__in=OPEN_STATUSES,
            priority__in=(Priority.MUST, Priority.WOULD),
        )
        .first()
    )
    if reverse_wish is not None and _expire_if_due(reverse_wish, now):
        reverse_wish = None
    if priority == Priority.NO:
        # Nobody is asked anything: the pair is simply never scheduled.
        request.status, request.answered_at, request.answered_by = RStatus.ACCEPTED, now, actor
        request.save()
        return request
    if reverse_wish is not None:
        request.status, request.answered_at, request.answered_by = RStatus.ACCEPTED, now, actor
        request.save()
        if reverse_wish.status == RStatus.PENDING:
            reverse_wish.status, reverse_wish.answered_at = RStatus.ACCEPTED, now
            reverse_wish.answered_by = actor
            reverse_wish.save(update_fields=["status", "answered_at", "answered_by", "modified_at"])
        for side, other in ((requester, target), (target, requester)):
            _notify(
                actor=actor,
                participant=side,
                key=f"meetingrequest-{request.pk}-mutual-{_event(now)}-{side.pk}",
                kind="mutual",
                other=other,
            )
        return request
    if policy.auto_accept:
        request.status, request.answered_at, request.answered_by = RStatus.ACCEPTED, now, actor
    else:
        request.status = RStatus.PENDING
        request.expires_at = now + datetime.timedelta(hours=policy.request_expiry_hours)
    request.save()
    _notify(
        actor=actor,
        participant=target,
        key=f"meetingrequest-{request.pk}-received-{_event(now)}",
        kind="accepted_automatically" if policy.auto_accept else "received",
        requester=requester,
        priority=request.get_priority_display(),
        message=message,
        expires=(
            date_format(timezone.localtime(request.expires_at), "DATETIME_FORMAT")
            if request.expires_at
            else ""
        ),
    )
    return request


def meeting_request_answer(
    *, actor: User, request: MeetingRequest, accept: bool, now=None
) -> MeetingRequest:
    """The asked side accepts or declines; an expired request can no longer be answered."""
    require(actor, "matchmaking.answer_request", request)
    now = now or timezone.now()
    with transaction.atomic():
        request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        # Recorded even though the answer is refused: the expiry is a fact of its own.
        expired = _expire_if_due(request, now)
        if not expired and request.status == RStatus.PENDING:
            request.status = RStatus.ACCEPTED if accept else RStatus.DECLINED
            request.answered_at, request.answered_by = now, actor
            request.save(update_fields=["status", "answered_at", "answered_by", "modified_at"])
            _notify(
                actor=actor,
                participant=request.requester,
                key=f"meetingrequest-{request.pk}-{request.status}-{_event(now)}",
                kind="accepted" if accept else "declined",
                target=request.target,
            )
            return request
    if expired:
        raise ValidationError(_("This request has expired: it can no longer be answered."))
    raise ValidationError(_("This request has been answered already."))


@transaction.atomic
def meeting_request_withdraw(*, actor: User, request: MeetingRequest) -> MeetingRequest:
    """The asking side takes its request back (a "no, thanks" too)."""
    require(actor, "matchmaking.withdraw_request", request)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("This request is no longer open."))
    request.status = RStatus.WITHDRAWN
    request.save(update_fields=["status", "modified_at"])
    return request


@transaction.atomic
def meeting_requests_expire(*, actor: User, delegation: Delegation, now=None) -> int:
    """Mark unanswered requests past their time expired and tell who asked; how many.

    The scheduled job runs this (``twinning matchmaking_expire``); the pages run it too
    before they show requests, so nobody waits on a job.
    """
    require(actor, "matchmaking.expire_requests", delegation)
    now = now or timezone.now()
    due = list(
        MeetingRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(delegation=delegation, status=RStatus.PENDING, expires_at__lte=now)
        .select_related("requester__member__user", "requester__user", "target", "delegation")
        .order_by("pk")
    )
    for request in due:
        request.status = RStatus.EXPIRED
        request.save(update_fields=["status", "modified_at"])
        _notify(
            actor=actor,
            participant=request.requester,
            key=f"meetingrequest-{request.pk}-expired-{int(request.expires_at.timestamp())}",
            kind="expired",
            target=request.target,
        )
    return len(due)


def _run_start(*, actor, delegation, kind, time_limit, stats=None) -> ScheduleRun:
    from twinning.matchmaking.tasks import schedule_run  # the task imports this module

    run = ScheduleRun.objects.create(
        delegation=delegation,
        kind=kind,
        requested_by=actor,
        time_limit=time_limit,
        stats=stats or {},
    )
    transaction.on_commit(lambda: schedule_run.enqueue(run.pk))
    return run


@transaction.atomic
def schedule_run_start(
    *,
    actor: User,
    delegation: Delegation,
    time_limit: float = 10.0,
) -> ScheduleRun:
    """Queue a full run of the scheduler for the delegation (it runs in the background)."""
    require(actor, "matchmaking.run_schedule", delegation)
    if not 0 < time_limit <= 600:
        raise ValidationError(_("The time limit must be between 1 and 600 seconds."))
    run = _run_start(
        actor=actor, delegation=delegation, kind=ScheduleRun.Kind.FULL, time_limit=time_limit
    )
    audit_record(
        actor=actor,
        action="matchmaking.schedule_requested",
        target=run,
        data={"time_limit": time_limit},
    )
    return run


def _progress(run: ScheduleRun, progress: int, **fields) -> None:
    run.progress = progress
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", *fields])


def _agenda_keys(meetings) -> dict[int, set]:
    """Per participant and interpreter ('i', pk), what their agenda shows of each meeting."""
    agendas: dict = {}
    for m in meetings:
        line = (m.slot, m.table, m.a, m.b, m.interpreter)
        for who in (m.a, m.b, *((("i", m.interpreter),) if m.interpreter else ())):
            agendas.setdefault(who, set()).add(line)
    return agendas


def _as_planned(meeting: Meeting) -> scheduling.Planned:
    return scheduling.Planned(
        meeting.slot_id,
        meeting.table,
        meeting.participant_a_id,
        meeting.participant_b_id,
        meeting.interpreter_id,
    )


def _schedule_apply(run: ScheduleRun, output: dict, *, exclude: set[int], actor: User) -> set:
    """Write the answer's meetings (in the caller's transaction, under the policy's lock):
    unchanged meetings stay as they are, locked ones are never touched; whose agenda changed."""
    delegation = run.delegation
    MatchmakingPolicy.objects.select_for_update().get_or_create(delegation=delegation)
    current = list(
        Meeting.objects.select_for_update()
        .filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
        .order_by("pk")
    )
    locked = [m for m in current if m.locked]
    wanted = [
        p
        for p in scheduling.planned_meetings(output, locked=locked)
        if not exclude.intersection(p.people)
    ]
    movable = {_as_planned(m): m for m in current if not m.locked}
    keep = set(wanted) & set(movable)
    gone = [m for p, m in movable.items() if p not in keep]
    Meeting.objects.filter(pk__in=[m.pk for m in gone]).delete()
    created = Meeting.objects.bulk_create(
        Meeting(
            delegation=delegation,
            run=run,
            participant_a_id=p.a,
            participant_b_id=p.b,
            slot_id=p.slot,
            table=p.table,
            interpreter_id=p.interpreter,
        )
        for p in wanted
        if p not in keep
    )
    for meeting in created:
        # Other systems hear of it through the API's webhooks (in this transaction).
        events.emit(
            events.MEETING_SCHEDULED,
            key=f"meeting-{meeting.pk}-scheduled",
            data={
                "meeting": meeting.pk,
                "delegation": delegation.slug,
                "participants": [meeting.participant_a_id, meeting.participant_b_id],
                "slot": meeting.slot_id,
                "table": meeting.table,
                "interpreter": meeting.interpreter_id,
            },
        )
    before = _agenda_keys(_as_planned(m) for m in gone)
    after = _agenda_keys(p for p in wanted if p not in keep)
    changed = set(before) | set(after)
    audit_record(
        actor=actor,
        action=(
            "matchmaking.repair_applied"
            if run.kind == ScheduleRun.Kind.REPAIR
            else "matchmaking.schedule_applied"
        ),
        target=run,
        data={
            "requested_by": run.requested_by_id,
            "created": len(created),
            "removed": len(gone),
            "kept": len(keep),
            "locked": len(locked),
            "value": output.get("value"),
            "upper_bound": output.get("upper_bound"),
            "agendas_changed": len(changed),
        },
    )
    return changed


def _stats(run: ScheduleRun, output: dict, input_doc: dict) -> dict:
    stats = dict(output.get("stats") or {})
    requested = {pk for r in input_doc["requests"] for pk in r["participants"]}
    met = {
        pk
        for m in output.get("meetings", [])
        for pk in (f"p{a}" for a in scheduling.pair_of(m["request"]))
    }
    stats.setdefault("participants_without_meeting", len(requested - met))
    stats["meetings"] = len(output.get("meetings", []))
    stats["requests"] = len(input_doc["requests"])
    return {**run.stats, **stats}


def _solve(run: ScheduleRun, input_doc: dict) -> dict:
    from twinning.scheduler import repair as scheduler_repair
    from twinning.scheduler import solve, spec

    instance = spec.parse(input_doc)
    if run.kind == ScheduleRun.Kind.REPAIR:
        previous = scheduling.previous_output(run.delegation, input_doc=input_doc)
        cancelled = [scheduling.participant_id(pk) for pk in run.stats.get("cancelled", [])]
        schedule = scheduler_repair.repair(
            instance, previous, cancelled_participants=cancelled, time_limit=run.time_limit
        )
    else:
        schedule = solve(instance, time_limit=run.time_limit)
    return schedule.to_json()


def _notify_changed(run: ScheduleRun, changed: set, *, actor: User) -> int:
    """Tell each participant and interpreter whose agenda changed; how many e-mails."""
    people = {pk for pk in changed if isinstance(pk, int)}
    people |= set(run.stats.get("partners", []))
    people -= set(run.stats.get("cancelled", []))
    interpreters = {pk for kind_pk in changed if isinstance(kind_pk, tuple) for pk in kind_pk[1:]}
    sent = 0
    for participant in Participant.objects.filter(pk__in=people).select_related(
        "member__user", "user", "delegation"
    ):
        _notify(
            actor=actor,
            participant=participant,
            key=f"schedulerun-{run.pk}-changed-{participant.pk}",
            kind="agenda_changed",
            link=agenda_link_url(participant),
        )
        sent += 1
    from twinning.matchmaking.models import Interpreter

    for interpreter in Interpreter.objects.filter(pk__in=interpreters).select_related("user"):
        to = interpreter.user or (
            Recipient(interpreter.email, settings.LANGUAGE_CODE, interpreter.name)
            if interpreter.email
            else None
        )
        if to is None:
            continue
        with translation.override(to.preferred_language):
            context = {
                "name": to.get_short_name() or interpreter.name,
                "delegation": translated_value(run.delegation, "title")[0],
                "url": settings.TWINNING_BASE_URL
                + reverse("matchmaking:requests", kwargs={"slug": run.delegation.slug}),
            }
        notification_queue(
            actor=actor,
            key=f"schedulerun-{run.pk}-changed-i{interpreter.pk}",
            to=to,
            template="matchmaking/flow/email/agenda_changed",
            context=context,
        )
        sent += 1
    return sent


def schedule_run_execute(*, actor: User, run: ScheduleRun) -> ScheduleRun:
    """Do a queued run: build the input, solve (or repair), write the meetings at once.

    Progress is saved as it goes (the coordinator's page reloads); a failure is recorded
    on the run and writes no meeting.
    """
    require(actor, "matchmaking.run_schedule", run.delegation)
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().select_related("delegation").get(pk=run.pk)
        if run.status != RunStatus.QUEUED:
            return run  # done (or being done) by another worker
        _progress(run, 5, status=RunStatus.RUNNING, started_at=timezone.now())
    started = time.monotonic()
    try:
        also = run.stats.get("cancelled", []) if run.kind == ScheduleRun.Kind.REPAIR else []
        input_doc = scheduling.schedule_input(run.delegation, also=also)
        _progress(run, 20, input=input_doc)
        output = _solve(run, input_doc)
        _progress(run, 90, output=output)
        with transaction.atomic():
            changed = _schedule_apply(run, output, exclude=set(also), actor=actor)
            stats = _stats(run, output, input_doc)
            stats["apply_seconds"] = round(time.monotonic() - started, 3)
            run.value = output.get("value")
            run.upper_bound = output.get("upper_bound")
            run.stats = stats
            if run.kind == ScheduleRun.Kind.REPAIR:
                run.stats["notified"] = _notify_changed(run, changed, actor=actor)
            _progress(
                run,
                100,
                status=RunStatus.DONE,
                finished_at=timezone.now(),
                value=run.value,
                upper_bound=run.upper_bound,
                stats=run.stats,
            )
    except Exception as error:  # recorded for the coordinator; nothing was written
        logger.exception("Schedule run %s failed", run.pk)
        _progress(
            run,
            run.progress,
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            message=str(error)[:2000],
        )
    return run


@transaction.atomic
def participant_withdraw(
    *, actor: User, participant: Participant, time_limit: float = 2.0, now=None
) -> ScheduleRun | None:
    """A late cancellation: the participant's meetings are cancelled (locked ones too: they
    cannot take place) and a repair re-plans the others without moving a locked meeting;
    only the people whose agenda changed are told. The repair run, if any meetings exist."""
    require(actor, "matchmaking.withdraw_participant", participant)
    now = now or timezone.now()
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.withdrawn_at is not None:
        return None
    participant.withdrawn_at = now
    participant.save(update_fields=["withdrawn_at", "modified_at"])
    MeetingRequest.objects.filter(
        Q(requester=participant) | Q(target=participant), status=RStatus.PENDING
    ).update(status=RStatus.WITHDRAWN, modified_at=now)
    delegation = participant.delegation
    if not Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED).exists():
        audit_record(
            actor=actor,
            action="matchmaking.participant_withdrawn",
            target=participant,
            data={"cancelled": [], "repair": None},
        )
        return None
    theirs = Meeting.objects.filter(
        Q(participant_a=participant) | Q(participant_b=participant),
        status=Meeting.Status.SCHEDULED,
        locked=True,
    )
    partners = sorted(
        ({m.participant_a_id for m in theirs} | {m.participant_b_id for m in theirs})
        - {participant.pk}
    )
    # Locked meetings are never moved: a cancelled one is cancelled here, its partner told.
    cancelled = sorted(theirs.values_list("pk", flat=True))
    theirs.update(status=Meeting.Status.CANCELLED, modified_at=now)
    run = _run_start(
        actor=actor,
        delegation=delegation,
        kind=ScheduleRun.Kind.REPAIR,
        time_limit=time_limit,
        stats={"cancelled": [participant.pk], "partners": partners},
    )
    audit_record(
        actor=actor,
        action="matchmaking.participant_withdrawn",
        target=participant,
        data={"cancelled": cancelled, "repair": run.pk},
    )
    return run


# -- agenda: publication, moves and locks, check-in, attendance, feedback, outcomes ----------
AgendaStatus = MatchmakingPolicy.AgendaStatus


def _url(name: str, **kwargs) -> str:
    return settings.TWINNING_BASE_URL + reverse(name, kwargs=kwargs)


def _agenda_mail(
    *, actor, key: str, to, delegation: Delegation, status: str, url: str, secret: bool = False
):
    with translation.override(to.preferred_language):
        context = {
            "name": to.get_short_name(),
            "delegation": translated_value(delegation, "title")[0],
            "status": str(AgendaStatus(status).label),
            "preliminary": status == AgendaStatus.PRELIMINARY,
            "url": url,
            "secret": secret,
        }
    notification_queue(
        actor=actor, key=key, to=to, template="matchmaking/agenda/email/published", context=context
    )


@transaction.atomic
def agenda_publish(*, actor: User, delegation: Delegation, status: str) -> MatchmakingPolicy:
    """Publish the delegation's agenda as preliminary or final; everyone with a meeting is
    told once per publication: accounts (participants, interpreters) with the agenda's page,
    participants without one at their contact address with their agenda's secret link."""
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
    was = policy.agenda_status
    policy.agenda_status = status
    policy.agenda_published_at = timezone.now()
    policy.save(update_fields=["agenda_status", "agenda_published_at"])
    audit_record(
        actor=actor,
        action="matchmaking.agenda_published",
        target=delegation,
        data={"status": status, "was": was},
    )

    meetings = Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
    sides = set(meetings.values_list("participant_a", flat=True)) | set(
        meetings.values_list("participant_b", flat=True)
    )
    agenda_url = _url("matchmaking:agenda", slug=delegation.slug)
    for participant in Participant.objects.select_related("member__user", "user").filter(
        pk__in=sides
    ):
        to = participant_account(participant)
        secret = to is None  # no account: the contact address and the secret link
        to = to or agenda_link_recipient(participant)
        if to is not None:
            _agenda_mail(
                actor=actor,
                key=f"matchmaking-agenda-{status}-participant-{participant.pk}",
                to=to,
                delegation=delegation,
                status=status,
                url=agenda_link_url(participant) if secret else agenda_url,
                secret=secret,
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


def _host_language(delegation: Delegation) -> str:
    """The site language of the city the meetings take place in."""
    city = delegation.cities[1]
    names = {text.casefold() for text in texts_by_language(city, "country").values()}
    chinese = next(code for code, _name in settings.LANGUAGES if code.startswith("zh"))
    return chinese if names & {"china", "中国"} else settings.LANGUAGE_CODE


def agenda_link_recipient(participant: Participant) -> Recipient | None:
    """A participant without an account, told at the profile's contact address in a site
    language the profile speaks (the host city's first), else the host city's language."""
    if not participant.contact_email:
        return None
    host = _host_language(participant.delegation)
    spoken = {tag.lower().split("-")[0] for tag in participant.languages or []}
    codes = [code for code, _name in settings.LANGUAGES]
    ranked = [host, *(code for code in codes if code != host)]
    language = next((code for code in ranked if code.split("-")[0] in spoken), host)
    with translation.override(language):
        name = participant.contact_name or _name(participant)
    return Recipient(participant.contact_email, language, name)


def agenda_link_url(participant: Participant) -> str:
    """The secret address of the participant's agenda, in the language they are told in."""
    to = agenda_link_recipient(participant)
    with translation.override(to.preferred_language if to else None):
        return _url(
            "matchmaking:participant_agenda",
            slug=participant.delegation.slug,
            token=participant.agenda_token,
        )


def agenda_link_renew(*, actor: User, participant: Participant) -> Participant:
    """A new secret address for the agenda of a participant without an account: the old
    one stops working at once (a link sent to the wrong person, or forwarded)."""
    require(actor, "matchmaking.renew_agenda_link", participant)
    participant.agenda_token = new_claim_token()
    participant.save(update_fields=["agenda_token", "modified_at"])
    return participant


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
    was = {"slot": meeting.slot_id, "table": meeting.table, "interpreter": meeting.interpreter_id}
    now_at = {"slot": slot.pk, "table": table, "interpreter": getattr(interpreter, "pk", None)}
    meeting.slot, meeting.table, meeting.interpreter = slot, table, interpreter
    meeting.locked = True
    meeting.save(update_fields=["slot", "table", "interpreter", "locked", "modified_at"])
    audit_record(
        actor=actor,
        action="matchmaking.meeting_moved",
        target=meeting,
        data={
            "from": was,
            "to": now_at,
        },
    )
    return meeting


@transaction.atomic
def meeting_lock(*, actor: User, meeting: Meeting, locked: bool) -> Meeting:
    """Lock a meeting where it is (the scheduler keeps it), or let it move again."""
    require(actor, "matchmaking.lock_meeting", meeting)
    meeting.locked = locked
    meeting.save(update_fields=["locked", "modified_at"])
    audit_record(
        actor=actor,
        action="matchmaking.meeting_locked" if locked else "matchmaking.meeting_unlocked",
        target=meeting,
    )
    return meeting


class _SlotTime:
    """A slot's start where the meetings are, formatted in the language active when read."""

    def __init__(self, slot: Slot, delegation: Delegation):
        self.moment = slot.starts_at.astimezone(selectors.slot_zone(slot, delegation))

    def __str__(self) -> str:
        return date_format(self.moment, "DATETIME_FORMAT")


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel one meeting (a side cannot come at that time): its table and slot are free
    for another meeting, and the pair's request stays open, so a later run or repair may
    schedule it again. A locked meeting can be cancelled too (locked means the scheduler
    keeps it, not that it cannot be called off); a cancelled one cannot be moved, checked
    in nor cancelled again. Once the agenda is published (preliminary or final) both
    sides are told once, in their language (without an account: their agenda's secret
    link)."""
    require(actor, "matchmaking.cancel_meeting", meeting)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("delegation", "slot__venue", "participant_a", "participant_b")
        .get(pk=meeting.pk)
    )
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("This meeting is cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "modified_at"])
    reason = reason.strip()[:500]
    audit_record(
        actor=actor,
        action="matchmaking.meeting_cancelled",
        target=meeting,
        data={
            "slot": meeting.slot_id,
            "table": meeting.table,
            "interpreter": meeting.interpreter_id,
            "locked": meeting.locked,
            "reason_given": bool(reason),
        },
    )
    if _policy(meeting.delegation).agenda_status == AgendaStatus.DRAFT:
        return meeting
    when = _SlotTime(meeting.slot, meeting.delegation)
    for participant, other in (
        (meeting.participant_a, meeting.participant_b),
        (meeting.participant_b, meeting.participant_a),
    ):
        _notify(
            actor=actor,
            participant=participant,
            key=f"meeting-{meeting.pk}-cancelled-{participant.pk}",
            kind="meeting_cancelled",
            link=agenda_link_url(participant),
            counterpart=other,
            when=when,
            reason=reason,
        )
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
        audit_record(
            actor=actor,
            action="matchmaking.meeting_checked_in",
            target=meeting,
            data={"attendance": meeting.attendance},
        )
    return meeting


@transaction.atomic
def meeting_attendance_set(*, actor: User, meeting: Meeting, attendance: str) -> Meeting:
    """Record who came: held, or a no-show of one side or both."""
    require(actor, "matchmaking.record_attendance", meeting)
    if attendance not in Meeting.Attendance.values:
        raise ValidationError(_("Unknown attendance."))
    was = meeting.attendance
    meeting.attendance = attendance
    meeting.save(update_fields=["attendance", "modified_at"])
    audit_record(
        actor=actor,
        action="matchmaking.meeting_attendance",
        target=meeting,
        data={"attendance": attendance, "was": was},
    )
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
