"""Passport data is encrypted at rest, per field, and survives a key rotation."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from tests.visas.factories import TODAY, RegistrationFactory, issue_for, passport_data
from twinning.accounts.rules import system_actor
from twinning.visas import services
from twinning.visas.checks import field_keys_check
from twinning.visas.fields import UndecryptableValue
from twinning.visas.models import PassportRecord

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM visas_passportrecord WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def record():
    registration = RegistrationFactory()
    return services.passport_save(
        registration=registration,
        actor=registration.user,
        data=passport_data(),
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("column", "plaintext"),
    [("number", "X12345678"), ("full_name", "DOE JANE MARIE"), ("date_of_birth", "1980-04-02")],
)
def test_the_raw_database_value_holds_no_plaintext(record, column, plaintext):
    value = raw(column, record.pk)

    assert plaintext not in value
    assert plaintext.lower() not in value.lower()
    assert PassportRecord.objects.get(pk=record.pk).number == "X12345678"


def test_the_same_number_is_stored_differently_each_time():
    first = services.passport_save(
        registration=(r := RegistrationFactory()), actor=r.user, data=passport_data(), today=TODAY
    )
    second = services.passport_save(
        registration=(r := RegistrationFactory()), actor=r.user, data=passport_data(), today=TODAY
    )

    assert raw("number", first.pk) != raw("number", second.pk)


def test_after_a_new_key_is_put_first_old_values_still_read(settings):
    settings.TWINNING_FIELD_KEYS = [OLD]
    registration = RegistrationFactory()
    record = services.passport_save(
        registration=registration, actor=registration.user, data=passport_data(), today=TODAY
    )

    settings.TWINNING_FIELD_KEYS = [NEW, OLD]

    assert PassportRecord.objects.get(pk=record.pk).number == "X12345678"


def test_rotating_re_encrypts_every_value_with_the_newest_key(settings):
    settings.TWINNING_FIELD_KEYS = [OLD]
    registration = RegistrationFactory()
    record = services.passport_save(
        registration=registration, actor=registration.user, data=passport_data(), today=TODAY
    )
    letter = issue_for(record.registration)
    settings.TWINNING_FIELD_KEYS = [NEW, OLD]

    out = io.StringIO()
    call_command("visas_rotate_keys", stdout=out)

    assert "1 passport record(s) and 1 letter(s)" in out.getvalue()

    token = raw("number", record.pk)
    assert Fernet(NEW.encode()).decrypt(token.encode()) == b"X12345678"
    with pytest.raises(InvalidToken):
        Fernet(OLD.encode()).decrypt(token.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT passport_number FROM visas_visaletter WHERE id = %s", [letter.pk])
        letter_token = cursor.fetchone()[0]
    assert Fernet(NEW.encode()).decrypt(letter_token.encode()) == b"X12345678"
    settings.TWINNING_FIELD_KEYS = [NEW]
    assert PassportRecord.objects.get(pk=record.pk).number == "X12345678"


def test_a_value_no_key_decrypts_is_an_error_not_ciphertext(settings, record):
    settings.TWINNING_FIELD_KEYS = [NEW]

    with pytest.raises(UndecryptableValue):
        PassportRecord.objects.get(pk=record.pk)


def test_encrypted_fields_cannot_be_searched(record):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        PassportRecord.objects.filter(number="X12345678").exists()


def test_without_keys_a_production_site_fails_its_system_check(settings):
    settings.DEBUG = False
    settings.TWINNING_FIELD_KEYS = []

    assert [message.id for message in field_keys_check()] == ["visas.E001"]


def test_without_keys_a_production_site_refuses_to_store_passport_data(settings):
    from twinning.visas.keys import NoFieldKeys

    settings.DEBUG = False
    settings.TWINNING_FIELD_KEYS = []
    registration = RegistrationFactory()

    with pytest.raises(NoFieldKeys):
        services.passport_save(
            registration=registration, actor=registration.user, data=passport_data(), today=TODAY
        )
    assert PassportRecord.objects.count() == 0


def test_a_development_site_without_keys_uses_a_derived_key_and_warns(settings, caplog):
    from twinning.visas import keys

    keys._development_key.cache_clear()
    settings.DEBUG = True
    settings.TWINNING_FIELD_KEYS = []
    registration = RegistrationFactory()

    record = services.passport_save(
        registration=registration, actor=registration.user, data=passport_data(), today=TODAY
    )

    assert [message.id for message in field_keys_check()] == ["visas.W001"]
    assert "development key" in caplog.text
    assert PassportRecord.objects.get(pk=record.pk).number == "X12345678"


def test_a_malformed_key_fails_the_system_check(settings):
    settings.TWINNING_FIELD_KEYS = [NEW, "not-a-key"]

    assert [message.id for message in field_keys_check()] == ["visas.E002"]


def test_the_system_actor_may_rotate_keys():
    from twinning.visas.rotation import rotate_keys

    assert rotate_keys(actor=system_actor()) == {"passports": 0, "letters": 0}


def test_a_dump_of_the_data_holds_no_plaintext_and_loads_back(record, tmp_path):
    dump = tmp_path / "visas.json"
    call_command("dumpdata", "visas.passportrecord", output=str(dump))

    text = dump.read_text()
    assert "X12345678" not in text
    assert "1980-04-02" not in text
    assert "DOE JANE" not in text
    PassportRecord.objects.all().delete()
    call_command("loaddata", str(dump), stdout=io.StringIO())
    restored = PassportRecord.objects.get()
    assert (restored.number, str(restored.date_of_birth)) == ("X12345678", "1980-04-02")
