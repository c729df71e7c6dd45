"""Passport data is deleted a configurable time after the trip, and the purge is logged."""

import datetime
import io

import pytest
from django.core.management import call_command

from tests.visas.factories import TRIP_END, issue_for, with_passport
from twinning.accounts.rules import system_actor
from twinning.visas.models import PassportAccess, PassportRecord, VisaLetter
from twinning.visas.services import passport_purge

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(3, 0), tzinfo=datetime.UTC)


@pytest.fixture
def letter(settings):
    settings.VISAS_PASSPORT_RETENTION_DAYS = 30
    return issue_for(with_passport())


def test_nothing_is_deleted_before_the_retention_has_run_out(letter):
    counts = passport_purge(actor=system_actor(), now=at(TRIP_END + datetime.timedelta(days=30)))

    assert counts == {"passports": 0, "letters": 0}
    assert PassportRecord.objects.count() == 1
    assert VisaLetter.objects.get(pk=letter.pk).passport_number == "X12345678"


def test_after_the_retention_the_passport_data_and_the_letters_copy_are_gone(letter, client):
    counts = passport_purge(actor=system_actor(), now=at(TRIP_END + datetime.timedelta(days=31)))

    assert counts == {"passports": 1, "letters": 1}
    assert PassportRecord.objects.count() == 0
    purged = VisaLetter.objects.get(pk=letter.pk)
    assert (purged.delegate_name, purged.nationality, purged.passport_number) == (None,) * 3
    assert purged.purged_at is not None
    log = PassportAccess.objects.get(action=PassportAccess.Action.PURGE)
    assert (log.registration_id, log.actor) == (letter.registration_id, system_actor())
    page = client.get(f"/en/visas/verify/{letter.token}/").content.decode()
    assert letter.number in page
    assert "removed after the trip" in page


def test_the_retention_is_configurable(letter, settings):
    settings.VISAS_PASSPORT_RETENTION_DAYS = 5

    counts = passport_purge(actor=system_actor(), now=at(TRIP_END + datetime.timedelta(days=6)))

    assert counts["passports"] == 1


def test_a_purged_letter_is_no_longer_downloadable(letter, client):
    passport_purge(actor=system_actor(), now=at(TRIP_END + datetime.timedelta(days=31)))
    client.force_login(letter.registration.user)
    slug = letter.registration.delegation.slug

    response = client.get(f"/en/delegations/{slug}/visa-letters/{letter.pk}/letter.pdf")

    assert response.status_code == 404


def test_the_command_and_the_scheduled_task_purge(settings):
    from twinning.visas.tasks import visas_purge

    settings.VISAS_PASSPORT_RETENTION_DAYS = 30
    registration = with_passport()
    delegation = registration.delegation
    delegation.travel_start, delegation.travel_end = (
        datetime.date(2019, 12, 20),
        datetime.date(2020, 1, 1),
    )
    delegation.programme_start = delegation.programme_end = datetime.date(2019, 12, 21)
    delegation.save()
    out = io.StringIO()

    call_command("visas_purge", stdout=out)

    assert "Deleted 1 passport record(s)" in out.getvalue()
    with_passport(registration_for_old_trip(registration))
    assert visas_purge.enqueue().return_value == {"passports": 1, "letters": 0}


def registration_for_old_trip(registration):
    from tests.visas.factories import RegistrationFactory

    return RegistrationFactory(delegation=registration.delegation)
