"""The demo: one confirmed Seattle registrant with fictitious passport data and a letter."""

import io

import pytest
from django.core.management import call_command

from twinning.visas import demo
from twinning.visas.models import PassportRecord, VisaLetter

pytestmark = pytest.mark.django_db


def test_the_demo_has_marked_passport_data_and_one_issued_letter_and_loads_twice():
    call_command("demo", verbosity=0, stdout=io.StringIO())

    demo.load()

    record = PassportRecord.objects.get()
    assert record.number.startswith("DEMO")
    assert "(DEMO)" in record.full_name
    assert record.registration.delegation.slug == demo.data()["delegation"]
    letter = VisaLetter.objects.defer(*VisaLetter.ENCRYPTED).get()
    assert letter.registration == record.registration
