"""Load the demo delegation "Seattle Week in Chongqing", March 2012 (idempotent).

Runs after ``twinning.cities.demo.load()`` (the relationship) and
``twinning.exchanges.demo.load()`` (outcomes link to their archive records when those
exist). The demo coordinator account joins the delegation only if it already exists
(``twinning.accounts.demo.demo_accounts_create()``); this loader never creates it.

Keys: the delegation by slug, venues by English name, sessions, documents and outcomes
by delegation and English title, contacts by name, members by e-mail address, aims and
fees by position. The file owns the demo delegation's programme: sessions, contacts,
outcomes, aims and fees it no longer names are removed; members and documents are not.
A document's file is written only when its content changed.
"""

import datetime
import zoneinfo
from functools import partial
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from djmoney.money import Money

from twinning.accounts.models import User
from twinning.cities.models import City, Relationship
from twinning.core.translation_fields import localized_values
from twinning.delegations.models import (
    Aim,
    Audience,
    Contact,
    Delegation,
    Document,
    Fee,
    Member,
    Outcome,
    Session,
    Venue,
)
from twinning.exchanges.models import Exchange

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


def _translated(record: dict, *fields: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in fields:
        values |= localized_values(field, record.get(field))
    return values


def _local(day: datetime.date, clock: str, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """A wall-clock time at the venue; Django stores it in UTC."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=zone)


def _delegation(record: dict, relationship: Relationship) -> Delegation:
    delegation, _created = Delegation.objects.update_or_create(
        slug=record["slug"],
        defaults={
            "relationship": relationship,
            "direction": record["direction"],
            "status": record["status"],
            "capacity": record["capacity"],
            "travel_start": record["travel"]["start"],
            "travel_end": record["travel"]["end"],
            "programme_start": record["programme"]["start"],
            "programme_end": record["programme"]["end"],
            "archive_record": Exchange.objects.filter(key=record.get("archive_record", "")).first(),
            **_translated(record, "title", "description", "organiser"),
        },
    )
    aims = record.get("aims") or []
    for position, aim in enumerate(aims):
        Aim.objects.update_or_create(
            delegation=delegation,
            position=position,
            defaults=_translated(aim, "title", "text"),
        )
    delegation.aims.filter(position__gte=len(aims)).delete()
    fees = record.get("fees") or []
    for position, fee in enumerate(fees):
        Fee.objects.update_or_create(
            delegation=delegation,
            position=position,
            defaults={
                "amount": Money(fee["amount"]["value"], fee["amount"]["currency"]),
                **_translated(fee, "label"),
            },
        )
    delegation.fees.filter(position__gte=len(fees)).delete()
    return delegation


def _venues(records: list[dict]) -> dict[str, Venue]:
    cities = {city.slug: city for city in City.objects.all()}
    venues = {}
    for record in records:
        venue, _created = Venue.objects.update_or_create(
            name_en=record["name"]["en"],
            defaults={
                "city": cities.get(record.get("city")),
                "time_zone": record["time_zone"],
                **_translated(record, "name", "address"),
            },
        )
        venues[record["key"]] = venue
    return venues


def _members(delegation: Delegation, records: list[dict], coordinator: dict) -> dict[str, Member]:
    members = {}
    for record in records:
        user, created = User.objects.update_or_create(
            email=record["email"],
            defaults={
                "full_name": record["full_name"],
                "role": record["role"],
                "time_zone": record.get("time_zone", ""),
                "preferred_language": record.get("language", "en"),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        member, _created = Member.objects.update_or_create(
            delegation=delegation,
            user=user,
            defaults={
                "role": record["role"],
                "confirmed": record["confirmed"],
                "organisation": record.get("organisation", ""),
                "job_title": record.get("job_title", ""),
                "phone": record.get("phone", ""),
            },
        )
        members[user.email] = member
    account = User.objects.filter(email=coordinator["email"]).first()
    if account is not None:
        member, _created = Member.objects.update_or_create(
            delegation=delegation,
            user=account,
            defaults={
                "role": Member.Role.COORDINATOR,
                "confirmed": True,
                "organisation": coordinator.get("organisation", ""),
                "job_title": coordinator.get("job_title", ""),
            },
        )
        members[account.email] = member
    return members


def _contacts(delegation: Delegation, records: list[dict]) -> None:
    for position, record in enumerate(records):
        Contact.objects.update_or_create(
            delegation=delegation,
            name=record["name"],
            defaults={
                "email": record.get("email", ""),
                "phone": record.get("phone", ""),
                "position": position,
                **_translated(record, "role"),
            },
        )
    delegation.contacts.exclude(name__in=[r["name"] for r in records]).delete()


def _sessions(
    delegation: Delegation,
    records: list[dict],
    venues: dict[str, Venue],
    members: dict[str, Member],
) -> dict[str, Session]:
    sessions = {}
    for record in records:
        venue = venues[record["venue"]]
        session, _created = Session.objects.update_or_create(
            delegation=delegation,
            title_en=record["title"]["en"],
            defaults={
                "kind": record["kind"],
                "venue": venue,
                "starts_at": _local(record["day"], record["start"], venue.zone),
                "ends_at": _local(record["day"], record["end"], venue.zone),
                "audience": record.get("audience", Audience.PUBLIC),
                "title_is_public": record.get("title_is_public", True),
                **_translated(record, "title", "description", "speakers"),
            },
        )
        session.presenters.set(
            [members[email] for email in record.get("presenters") or [] if email in members]
        )
        sessions[session.title_en] = session
    delegation.sessions.exclude(title_en__in=list(sessions)).delete()
    return sessions


def _programme_overview(delegation: Delegation) -> str:
    """The public programme as plain text in both languages, in each venue's local time."""
    lines = [
        delegation.title_en,
        delegation.title_zh_hans,
        "",
        "Programme overview (demo data) / 日程概览（演示数据）",
        "Times are local at each venue. / 时间均为活动地点的当地时间。",
        "",
    ]
    sessions = delegation.sessions.select_related("venue").order_by("starts_at", "pk")
    for session in sessions:
        if session.audience != Audience.PUBLIC and not session.title_is_public:
            continue
        zone = session.venue.zone
        starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        lines.append(
            f"{starts:%Y-%m-%d}  {starts:%H:%M}–{ends:%H:%M} ({session.venue.time_zone})  "
            f"{session.title_en} / {session.title_zh_hans}"
        )
        lines.append(f"    {session.venue.name_en} / {session.venue.name_zh_hans}")
        if session.audience != Audience.PUBLIC:
            lines.append("    Delegation members only / 仅限代表团成员")
    return "\n".join(lines) + "\n"


def _stored_content(document: Document) -> bytes | None:
    if not document.file:
        return None
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _documents(
    delegation: Delegation, records: list[dict], sessions: dict[str, Session]
) -> list[Document]:
    documents = []
    for record in records:
        if "content" in record:
            text = record["content"]["en"] + "\n\n" + record["content"]["zh-hans"] + "\n"
        else:
            text = _programme_overview(delegation)
        content = text.encode("utf-8")
        document = Document.objects.filter(
            delegation=delegation, title_en=record["title"]["en"]
        ).first() or Document(delegation=delegation)
        for field, value in _translated(record, "title").items():
            setattr(document, field, value)
        document.audience = record.get("audience", Audience.MEMBERS)
        document.session = sessions[record["session"]] if record.get("session") else None
        if _stored_content(document) != content:
            old = document.file.name if document.file else None
            document.file.save(record["filename"], ContentFile(content), save=False)
            if old:  # the superseded file goes once the new one is committed
                transaction.on_commit(partial(document.file.storage.delete, old))
        document.save()
        documents.append(document)
    return documents


def _outcomes(delegation: Delegation, records: list[dict]) -> None:
    # Stale outcomes go first, so that an archive record they held is free to link again.
    delegation.outcomes.exclude(title_en__in=[r["title"]["en"] for r in records]).delete()
    for record in records:
        title = record["title"]["en"]
        exchange = None
        if record.get("exchange"):
            exchange = Exchange.objects.filter(key=record["exchange"]).first()
            taken = (
                exchange is not None
                and Outcome.objects.filter(exchange=exchange)
                .exclude(delegation=delegation, title_en=title)
                .exists()
            )
            if taken:  # the archive record already belongs to another outcome
                exchange = None
        Outcome.objects.update_or_create(
            delegation=delegation,
            title_en=title,
            defaults={
                "kind": record["kind"],
                "date": record.get("date"),
                "exchange": exchange,
                **_translated(record, "title", "description"),
            },
        )


@transaction.atomic
def load() -> dict[str, int]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    relationship = Relationship.objects.get(slug=data["relationship"])
    delegation = _delegation(data["delegation"], relationship)
    venues = _venues(data["venues"])
    members = _members(delegation, data["members"], data["coordinator"])
    _contacts(delegation, data["contacts"])
    sessions = _sessions(delegation, data["sessions"], venues, members)
    documents = _documents(delegation, data["documents"], sessions)
    _outcomes(delegation, data["outcomes"])
    return {
        "delegations": 1,
        "venues": len({venue.pk for venue in venues.values()}),
        "sessions": len(sessions),
        "members": delegation.members.count(),
        "contacts": delegation.contacts.count(),
        "documents": len(documents),
        "outcomes": delegation.outcomes.count(),
        "linked": delegation.outcomes.filter(exchange__isnull=False).count(),
    }
