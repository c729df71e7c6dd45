"""Load the matchmaking demo (idempotent): the sector list, the 2027 mission's delegates'
profiles and Chongqing counterparts, in both languages.

Runs after the registrations demo. A delegate's profile needs a confirmed membership:
the registrations demo writes its registrations directly, so this loader gives each
confirmed registrant of the mission the membership a confirmation brings (as the
registration services would) and then the profile. Keys: sectors by slug, delegates by
their account's e-mail address, counterparts by their contact e-mail address.
"""

from pathlib import Path

import yaml
from django.db import transaction

from twinning.core.translation_fields import localized_values
from twinning.delegations.models import Delegation, Member
from twinning.matchmaking.models import MatchmakingPolicy, Participant, Sector
from twinning.registrations.models import Registration

DATA_FILE = Path(__file__).with_name("demo_data.yaml")
TEXTS = ("organisation", "description", "offers", "seeks", "brings")


def _texts(record: dict, *fields: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in fields:
        values |= localized_values(name, record.get(name))
    return values


def _sectors(records: list[dict]) -> dict[str, Sector]:
    found = {}
    for position, record in enumerate(records, start=1):
        sector, _created = Sector.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "position": position,
                **localized_values("name", record["name"]),
                **localized_values("keywords", record.get("keywords")),
            },
        )
        found[sector.slug] = sector
    return found


def _profile(participant: Participant, record: dict, sectors: dict[str, Sector]) -> None:
    for name, value in _texts(record, *TEXTS).items():
        setattr(participant, name, value)
    participant.languages = record.get("languages", [])
    participant.min_meetings = record.get("min_meetings")
    participant.max_meetings = record.get("max_meetings")
    participant.save()
    participant.sectors.set([sectors[slug] for slug in record.get("sectors", [])])


def _delegate(delegation: Delegation, record: dict, sectors) -> bool:
    registration = Registration.objects.filter(
        delegation=delegation,
        user__email=record["email"],
        status=Registration.Status.CONFIRMED,
    ).first()
    if registration is None:
        return False
    member, _created = Member.objects.get_or_create(
        delegation=delegation,
        user=registration.user,
        defaults={
            "role": Member.Role.DELEGATE,
            "confirmed": True,
            "organisation": registration.company,
            "job_title": registration.job_title,
        },
    )
    if not member.confirmed or member.role != Member.Role.DELEGATE:
        return False
    participant = Participant.objects.filter(member=member).first() or Participant(
        delegation=delegation, kind=Participant.Kind.DELEGATE, member=member
    )
    participant.contact_name = registration.user.full_name
    participant.contact_email = registration.user.email
    _profile(participant, record, sectors)
    return True


def _counterpart(delegation: Delegation, record: dict, sectors) -> None:
    participant = Participant.objects.filter(
        delegation=delegation, contact_email=record["email"]
    ).first() or Participant(delegation=delegation, contact_email=record["email"])
    participant.kind = record.get("kind", Participant.Kind.COUNTERPART)
    participant.contact_name = record.get("contact", "")
    _profile(participant, record, sectors)


@transaction.atomic
def load() -> dict[str, int]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    sectors = _sectors(data["sectors"])
    counts = {"sectors": len(sectors), "delegates": 0, "counterparts": 0}
    delegation = Delegation.objects.filter(slug=data["delegation"]).first()
    if delegation is None:
        return counts
    MatchmakingPolicy.objects.update_or_create(delegation=delegation, defaults=data["policy"])
    for record in data["delegates"]:
        counts["delegates"] += _delegate(delegation, record, sectors)
    for record in data["counterparts"]:
        _counterpart(delegation, record, sectors)
        counts["counterparts"] += 1
    return counts
