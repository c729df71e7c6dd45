"""Load the demo delegations that take registrations online (idempotent).

Runs after the cities demo (the relationship). Registrants are fictitious accounts whose
passwords are unusable, so nobody can sign in as them; a registration's total is worked
out by the same pricing as a real one, on the day it is loaded.

Every date in ``demo_data.yaml`` is a number of days after the anchor: the day the demo is
first loaded. A later load finds the anchor again from the trip's first day, so it
changes nothing, until the registration deadline has passed: then the anchor becomes the
new day and the demo is open for registration again, in any year.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction
from django.utils import formats, timezone, translation
from djmoney.money import Money

from twinning.accounts.demo import DEMO_ACCOUNTS
from twinning.accounts.models import User
from twinning.cities.models import Relationship
from twinning.core.translation_fields import localized_values
from twinning.delegations.models import Delegation, Member
from twinning.registrations import pricing
from twinning.registrations.models import (
    CancellationRule,
    DiscountCode,
    Registration,
    RegistrationPolicy,
    WaitingListEntry,
)
from twinning.registrations.terms import price_list, schedule

DATA_FILE = Path(__file__).with_name("demo_data.yaml")
# Deadlines fall at the end of a day where the Seattle office works.
OFFICE_ZONE = ZoneInfo("America/Los_Angeles")
DEMO_COORDINATOR = DEMO_ACCOUNTS[0]["email"]
RELATIONSHIP = "seattle-chongqing"


def _money(value) -> Money | None:
    return None if value is None else Money(value[0], value[1])


def _user(record: dict) -> User:
    user, created = User.objects.get_or_create(
        email=record["email"],
        defaults={
            "full_name": record["name"],
            "preferred_language": record.get("language", "en"),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Dates:
    """The demo's days, counted from its anchor."""

    def __init__(self, anchor: datetime.date):
        self.anchor = anchor

    def day(self, offset: int | None) -> datetime.date | None:
        return None if offset is None else self.anchor + datetime.timedelta(days=int(offset))

    def deadline(self, offset: int) -> datetime.datetime:
        return datetime.datetime.combine(self.day(offset), datetime.time(23, 59), OFFICE_ZONE)


def _anchor(record: dict, *, today: datetime.date) -> datetime.date:
    """The day this delegation's dates count from: its first load's, while still open."""
    existing = (
        Delegation.objects.filter(slug=record["slug"]).select_related("registration_policy").first()
    )
    if existing is None or existing.travel_start is None:
        return today
    anchor = existing.travel_start - datetime.timedelta(days=int(record["travel"]["start"]))
    if Dates(anchor).deadline(record["policy"]["deadline"]).date() < today:
        return today  # the demo's registration closed: it moves forward to today
    return anchor


def _translated_filled(record: dict, *fields: str, **replacements) -> dict[str, str]:
    """The fields' texts with ``{year}`` and the like filled in, dates in each language."""
    values: dict[str, str] = {}
    for field in fields:
        texts = {}
        for code, text in (record.get(field) or {}).items():
            with translation.override(code):
                words = {
                    key: formats.date_format(value, "DATE_FORMAT")
                    if isinstance(value, datetime.date)
                    else str(value)
                    for key, value in replacements.items()
                }
            texts[code] = text.format(**words) if text else text
        values |= localized_values(field, texts)
    return values


def _policy(delegation: Delegation, record: dict, dates: Dates) -> RegistrationPolicy:
    money_fields = (
        "price",
        "early_bird_price",
        "single_room_supplement",
        "accompanying_person_price",
        "deposit",
    )
    policy, _created = RegistrationPolicy.objects.update_or_create(
        delegation=delegation,
        defaults={
            "deadline": dates.deadline(record["deadline"]),
            "approval_required": record.get("approval_required", False),
            "payment_days": record.get("payment_days", 14),
            "offer_hours": record.get("offer_hours", 48),
            "early_bird_until": dates.day(record.get("early_bird_until")),
            "balance_due": dates.day(record.get("balance_due")),
            "terms_version": record.get("terms_version", 1),
            **{field: _money(record.get(field)) for field in money_fields},
            **_translated_filled(
                record,
                "fee_covers",
                "fee_excludes",
                "terms",
                balance_due=dates.day(record.get("balance_due")) or "",
            ),
        },
    )
    return policy


def _registration(delegation, policy, record, now) -> Registration:
    user = _user(record)
    status = record["status"]
    quote = pricing.quote(
        price_list(policy),
        today=now.date(),
        single_room=record.get("single_room", False),
        accompanying_person=bool(record.get("accompanying_person")),
    )
    stable = {
        "status": status,
        "seats": 2 if record.get("accompanying_person") else 1,
        "single_room": record.get("single_room", False),
        "accompanying_person": record.get("accompanying_person", ""),
        "company": record["company"],
        "job_title": record["job_title"],
        "sector": record.get("sector", ""),
        "emergency_contact": "Demo contact, +1 206 555 0142",
        "terms_version": policy.terms_version,
        "cancellation_schedule": pricing.schedule_as_data(schedule(policy)),
    }
    # What depends on the day of the first load is set once, so a second load changes nothing.
    first_load = {
        "terms_accepted_at": now,
        "total": quote.total,
        "payment_deadline": now + datetime.timedelta(days=policy.payment_days)
        if status == Registration.Status.AWAITING_PAYMENT
        else None,
        "confirmed_at": now if status == Registration.Status.CONFIRMED else None,
        "cancelled_at": now if status in {"cancelled", "expired", "refused"} else None,
    }
    registration, _created = Registration.objects.update_or_create(
        delegation=delegation,
        user=user,
        defaults=stable,
        create_defaults=stable | first_load,
    )
    return registration


@transaction.atomic
def load(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Load (or re-load) the demo; ``now`` is the day it counts from (tests move it)."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    relationship = Relationship.objects.get(slug=RELATIONSHIP)
    now = now or timezone.now()
    today = timezone.localdate(now)
    coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
    counts = {"delegations": 0, "registrations": 0, "waiting": 0}
    for record in data["delegations"]:
        dates = Dates(_anchor(record, today=today))
        travel_start = dates.day(record["travel"]["start"])
        delegation, _created = Delegation.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "relationship": relationship,
                "direction": record["direction"],
                "status": record["status"],
                "capacity": record["capacity"],
                "travel_start": travel_start,
                "travel_end": dates.day(record["travel"]["end"]),
                "programme_start": dates.day(record["programme"]["start"]),
                "programme_end": dates.day(record["programme"]["end"]),
                **_translated_filled(
                    record, "title", "description", "organiser", year=travel_start.year
                ),
            },
        )
        policy = _policy(delegation, record["policy"], dates)
        rules = record.get("cancellation") or []
        for rule in rules:
            CancellationRule.objects.update_or_create(
                policy=policy,
                until=dates.day(rule["until"]),
                defaults={"refund_percent": rule["refund_percent"], "fee": _money(rule.get("fee"))},
            )
        policy.cancellation_rules.exclude(until__in=[dates.day(r["until"]) for r in rules]).delete()
        for code in record.get("discount_codes") or []:
            DiscountCode.objects.update_or_create(
                policy=policy,
                code=code["code"],
                defaults={
                    "percent": code["percent"],
                    "valid_until": dates.day(code.get("valid_until")),
                },
            )
        for item in record.get("registrations") or []:
            _registration(delegation, policy, item, now)
            counts["registrations"] += 1
        for item in record.get("waiting_list") or []:
            WaitingListEntry.objects.get_or_create(
                delegation=delegation,
                user=_user(item),
                status=WaitingListEntry.Status.WAITING,
                defaults={"seats": item.get("seats", 1)},
            )
            counts["waiting"] += 1
        if coordinator is not None:
            # The demo coordinator (made by `demo --accounts`) runs these trips too.
            Member.objects.update_or_create(
                delegation=delegation,
                user=coordinator,
                defaults={"role": Member.Role.COORDINATOR, "confirmed": True},
            )
        counts["delegations"] += 1
    return counts
