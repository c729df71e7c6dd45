"""A passport number is written nowhere in the clear: not in a database dump, the logs,
the e-mail sent, the access log, nor any revision history."""

import logging
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from tests.visas.factories import issue_for, with_passport
from twinning.visas.models import PassportAccess

NUMBER = "Q7Z9X4K2M"  # distinctive: a hit can only be this number


@pytest.fixture
def letter(django_capture_on_commit_callbacks, mailoutbox, caplog):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        registration = with_passport(number=NUMBER)
        issue_for(registration)
    return registration


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_holds_no_plaintext_passport_number(letter):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump needs PostgreSQL")
    settings = connection.settings_dict
    dump = subprocess.run(
        [
            "pg_dump",
            "--host",
            settings["HOST"] or "127.0.0.1",
            "--port",
            str(settings["PORT"] or 5432),
            "--username",
            settings["USER"] or "postgres",
            "--data-only",
            settings["NAME"],
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    assert "registrations_registration" in dump  # the dump holds the data at all
    assert NUMBER not in dump


@pytest.mark.django_db
def test_no_log_line_e_mail_or_access_record_holds_the_number(letter, mailoutbox, caplog):
    records = list(PassportAccess.objects.values_list(flat=False))

    assert mailoutbox  # the "letter ready" e-mail went out
    assert [m for m in mailoutbox if NUMBER in m.subject or NUMBER in m.body] == []
    assert [r for r in caplog.records if NUMBER in r.getMessage()] == []
    assert records
    assert [r for r in records if NUMBER in repr(r)] == []


@pytest.mark.django_db
def test_no_revision_or_dumped_fixture_holds_the_number(letter):
    from io import StringIO

    from reversion.models import Version

    out = StringIO()
    call_command("dumpdata", "visas", "registrations", stdout=out)

    assert NUMBER not in out.getvalue()
    assert not Version.objects.filter(serialized_data__contains=NUMBER).exists()


@pytest.mark.django_db
def test_the_audit_log_mirrors_the_reads_without_the_number(letter):
    from twinning.audit.models import AuditEntry

    lines = list(AuditEntry.objects.filter(action__startswith="visas.").values_list())

    assert lines  # the entry and the letter were logged
    assert [line for line in lines if NUMBER in repr(line)] == []
