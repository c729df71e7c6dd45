"""Matchmaking writes: keyword-only, each names its actor and passes the permission gate.

Each stream of the matchmaking work keeps its functions in its own block.
"""

# -- profiles: profiles, counterparts, import, invitation, claim --
import hashlib
from collections.abc import Iterable
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import Role, User
from twinning.accounts.rules import require
from twinning.core.translation_fields import field_names
from twinning.delegations.models import Delegation, Member
from twinning.matchmaking import imports
from twinning.matchmaking.models import Participant, Sector, new_claim_token
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
        if actor.role == Role.VISITOR:
            actor.role = Role.COUNTERPART
            actor.save(update_fields=["role"])
    return locked
