"""Demo passport data and one issued visa letter (idempotent; runs after the registrations).

Everything in demo_data.yaml is fictitious and marked as demo.
"""

import datetime
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from twinning.accounts.rules import system_actor
from twinning.core.translation_fields import localized_values
from twinning.registrations.models import Registration
from twinning.visas import services
from twinning.visas.models import HostOrganisation, PassportRecord, VisaLetter

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


@cache
def data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load() -> dict[str, int]:
    demo = data()
    registration = (
        Registration.objects.filter(
            delegation__slug=demo["delegation"],
            user__email=demo["registrant"],
            status=Registration.Status.CONFIRMED,
        )
        .select_related("delegation")
        .first()
    )
    if registration is None:
        return {"passports": 0, "letters": 0}
    actor = system_actor()
    if not HostOrganisation.objects.filter(delegation=registration.delegation).exists():
        # Set directly: the host form is the coordinators', and the demo trip has none.
        HostOrganisation.objects.create(
            delegation=registration.delegation,
            signatory=demo["host"]["signatory"],
            **localized_values("name", demo["host"]["name"]),
            **localized_values("address", demo["host"]["address"]),
        )
    if not PassportRecord.objects.filter(registration=registration).exists():
        passport = dict(demo["passport"])
        valid_days = passport.pop("expiry_days_after_load")
        passport["expiry_date"] = timezone.localdate() + datetime.timedelta(days=valid_days)
        services.passport_save(
            registration=registration,
            actor=actor,
            data=services.PassportData(**passport),
        )
    if not VisaLetter.objects.filter(registration=registration, revoked_at=None).exists():
        services.visa_letter_issue(registration=registration, actor=actor)
    return {"passports": 1, "letters": 1}
